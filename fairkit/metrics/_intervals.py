"""Bootstrap intervals from replicates: percentile, basic, BCa, and simultaneous (max-|t|).

Replicates that are NaN (undefined) are left out, component by component.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.special import ndtr, ndtri


def percentile(samples: np.ndarray, confidence: float):
    """The ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of the replicates."""
    tail = (100 - 100 * confidence) / 2  # exactly 2.5 for 0.95
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices stay NaN
        low, high = np.nanpercentile(samples, [tail, 100 - tail], axis=0)
    return low, high


def basic(samples: np.ndarray, estimate, confidence: float):
    """Basic (reverse percentile) interval: ``[2 t - q_high, 2 t - q_low]``."""
    low, high = percentile(samples, confidence)
    return 2 * estimate - high, 2 * estimate - low


def acceleration(jack: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """BCa acceleration from jackknife values ``(J, ...)`` each standing for ``weights`` rows."""
    jack = np.asarray(jack, dtype=float)
    w = np.asarray(weights, dtype=float).reshape(-1, *([1] * (jack.ndim - 1)))
    w = np.where(np.isnan(jack), 0.0, w)
    x = np.where(np.isnan(jack), 0.0, jack)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = (w * x).sum(axis=0) / total - x
        num = (w * d**3).sum(axis=0)
        den = 6 * (w * d**2).sum(axis=0) ** 1.5
        a = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    return np.nan_to_num(a)


def bca(samples: np.ndarray, estimate, confidence: float, accel) -> tuple:
    """Bias-corrected and accelerated interval (Efron & Tibshirani 1993, ch. 14;
    DiCiccio & Efron 1996). Ties with the estimate count half (discrete statistics)."""
    s = np.asarray(samples, dtype=float).reshape(len(samples), -1)
    est = np.broadcast_to(np.asarray(estimate, dtype=float), np.shape(samples)[1:]).ravel()
    a = np.broadcast_to(np.asarray(accel, dtype=float), np.shape(samples)[1:]).ravel()
    z = ndtri(np.array([(1 - confidence) / 2, (1 + confidence) / 2]))
    low, high = np.full(s.shape[1], np.nan), np.full(s.shape[1], np.nan)
    for j in range(s.shape[1]):
        col = s[:, j][~np.isnan(s[:, j])]
        if col.size == 0 or np.isnan(est[j]):
            continue
        b = col.size
        p0 = (np.sum(col < est[j]) + 0.5 * np.sum(col == est[j])) / b
        z0 = ndtri(np.clip(p0, 0.5 / b, 1 - 0.5 / b))
        with np.errstate(divide="ignore", invalid="ignore"):
            levels = ndtr(z0 + (z0 + z) / (1 - a[j] * (z0 + z)))
        levels = np.clip(np.nan_to_num(levels, nan=0.5), 0, 1)
        low[j], high[j] = np.quantile(col, levels)
    shape = np.shape(samples)[1:]
    return low.reshape(shape), high.reshape(shape)


def studentized(boot, boot_se, estimate, estimate_se, confidence: float):
    """Simultaneous bootstrap-t intervals for K contrasts: ``estimate +- c * se`` hold
    *together* with probability ``confidence``, where ``c`` is the ``confidence`` quantile
    of the replicates' largest ``|(contrast* - estimate) / se*|`` (each replicate
    studentised by its own standard error; Efron & Tibshirani 1993, ch. 12).

    Infinite replicates (a log of 0) exceed any ``c``; NaN ones (an undefined group) are
    left out of that replicate's maximum; contrasts whose estimate is not finite get NaN
    bounds (unknown).
    """
    d = np.asarray(boot, dtype=float)
    est = np.asarray(estimate, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.abs(d - est) / np.asarray(boot_se, dtype=float)
    t = np.where(d == est, 0.0, t)  # also where both are infinite, or se is 0
    t = np.where(np.isnan(d), np.nan, np.where(np.isnan(t), np.inf, t))
    worst = np.fmax.reduce(t, axis=1) if t.shape[1] else np.zeros(len(t))
    worst = worst[~np.isnan(worst)]
    c = np.quantile(worst, confidence, method="higher") if worst.size else np.inf
    se = np.asarray(estimate_se, dtype=float)
    with np.errstate(invalid="ignore"):
        half = np.where(c == 0, 0.0, c * se)
    ok = np.isfinite(est) & ~np.isnan(half)
    return np.where(ok, est - half, np.nan), np.where(ok, est + half, np.nan), c
