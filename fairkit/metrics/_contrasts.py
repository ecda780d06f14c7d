"""Signed pairwise contrasts of group rates, and the unsigned gap's interval built from them.

An unsigned gap is ``max |d|`` over contrasts ``d``: differences of two groups' rates (of their
logs for a ratio), or of a group's rate and the overall rate (``method="to_overall"``). If
intervals for all contrasts hold together, the gap lies between the largest distance of an
interval to 0 and the largest absolute bound: an interval that reaches 0 at parity.
"""

from __future__ import annotations

import numpy as np


def _smoothed_variance(num, den, den_sq, log: bool):
    """Variance of a rate (or its log) from its (effective) count, with half a success added
    so that rates of 0 or 1 keep a positive variance."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
        m = np.where(den_sq > 0, den**2 / np.where(den_sq > 0, den_sq, 1.0), np.nan)
        smooth = (rate * m + 0.5) / (m + 1)
        var = smooth * (1 - smooth) / m
    return rate, var, smooth


def contrasts(plan, tables, squares=None):
    """Contrasts ``(..., K)``, their standard errors ``(..., K)`` and owning rate ``(K,)``.

    ``squares`` are the tables of squared weights (None: unweighted), which give each
    group's effective count ``(sum w)^2 / sum w^2`` for the binomial standard error.
    """
    t = np.asarray(tables, dtype=float)
    sq = t if squares is None else np.asarray(squares, dtype=float)
    log = plan.spec.ratio
    ds, ses, owner = [], [], []
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, rate in enumerate(plan.spec.rates):
            num, den = rate.parts(t)
            den_sq = rate.parts(sq)[1]
            r, var, smooth = _smoothed_variance(num, den, den_sq, log)
            act = plan.active[k]
            if plan.between:
                f = np.log(r[..., act]) if log else r[..., act]
                v = var[..., act] / smooth[..., act] ** 2 if log else var[..., act]
                i, j = np.triu_indices(f.shape[-1], 1)
                d, v = f[..., i] - f[..., j], v[..., i] + v[..., j]
            else:
                d, v = _to_overall(num, den, den_sq, r, var, smooth, act, log)
            ds.append(d)
            ses.append(np.sqrt(v))
            owner.append(np.full(d.shape[-1], k))
    return np.concatenate(ds, axis=-1), np.concatenate(ses, axis=-1), np.concatenate(owner)


def _to_overall(num, den, den_sq, r, var, smooth, act, log):
    """``rate_g - overall``: the overall rate is the groups' rates weighted by their shares of
    the denominator, so it is correlated with each group's rate."""
    total = den.sum(axis=-1, keepdims=True)
    share = den / total
    o, _, smooth_o = _smoothed_variance(
        num.sum(axis=-1, keepdims=True), total, den_sq.sum(axis=-1, keepdims=True), log
    )
    # var(overall) from the groups (exact for a weighted mean), the same smoothing per group
    var_o = np.nansum(share**2 * var, axis=-1, keepdims=True)
    cov = share * var
    if log:
        v = var / smooth**2 + var_o / smooth_o**2 - 2 * cov / (smooth * smooth_o)
        d = np.log(r) - np.log(o)
    else:
        v = var + var_o - 2 * cov
        d = r - o
    return d[..., act], np.maximum(v, 0)[..., act]


def gap_interval(plan, lo: np.ndarray, hi: np.ndarray, owner: np.ndarray):
    """From simultaneous intervals ``[lo, hi]`` of the contrasts to one for the gap.

    If every contrast lies in its interval, each ``|contrast|`` lies between its interval's
    distance to 0 and its largest absolute value, and so does their maximum. A contrast with
    unknown bounds (NaN) counts as ``[0, inf]``.
    """
    unknown = np.isnan(lo) | np.isnan(hi)
    near = np.where((lo <= 0) & (hi >= 0), 0.0, np.fmin(np.abs(lo), np.abs(hi)))
    near = np.where(unknown, 0.0, near)
    far = np.where(unknown, np.inf, np.fmax(np.abs(lo), np.abs(hi)))
    ratio = plan.spec.ratio
    lows, highs = [], []
    for k in range(len(plan.spec.rates)):
        mine = owner == k
        a = float(near[mine].max()) if mine.any() else 0.0
        b = float(far[mine].max()) if mine.any() else 0.0
        # A difference of rates is at most 1, a ratio of rates in [0, 1].
        lows.append(np.exp(-b) if ratio else min(a, 1.0))
        highs.append(np.exp(-a) if ratio else min(b, 1.0))
    if plan.agg == "mean":
        return float(np.mean(lows)), float(np.mean(highs))
    pick = min if ratio else max
    return float(pick(lows)), float(pick(highs))
