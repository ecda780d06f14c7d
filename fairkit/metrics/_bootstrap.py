"""Bootstrap confidence intervals for any metric, resampling within groups."""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairkit.metrics import _errors as E
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._validation import _as_1d, _check_length, check_weights

__all__ = ["BootstrapResult", "bootstrap_ci"]


@dataclass(frozen=True)
class BootstrapResult:
    """A point estimate with a percentile bootstrap interval.

    ``estimate``, ``low`` and ``high`` are floats for a scalar metric and arrays (same shape
    as the metric's value) otherwise; ``samples`` holds every replicate, one per row.
    """

    estimate: float | np.ndarray
    low: float | np.ndarray
    high: float | np.ndarray
    confidence: float
    n_boot: int
    samples: np.ndarray


def _resample_indices(rng, codes: np.ndarray | None, n: int, n_boot: int) -> np.ndarray:
    """``(n_boot, n)`` row indices; with groups, each group is resampled within itself."""
    if codes is None:
        return rng.integers(0, n, size=(n_boot, n))
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes)
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)  # group start, per sorted position
    lengths = np.repeat(sizes, sizes)
    offsets = np.floor(rng.random((n_boot, n)) * lengths).astype(np.intp)
    return order[starts + offsets]


def _accepts(fn, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return True
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def bootstrap_ci(
    metric,
    y_true,
    y_pred,
    *,
    sensitive_features=None,
    sample_weight=None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    stratify: bool = True,
    random_state=None,
    **metric_kwargs,
) -> BootstrapResult:
    """Percentile bootstrap interval for ``metric(y_true, y_pred, ...)``.

    Parameters
    ----------
    metric : callable
        Any fairkit metric or gap, or ``f(y_true, y_pred, **kw)`` returning a number or an
        array/Series (for example ``lambda t, p, **kw: MetricFrame(...).by_group``).
        ``sensitive_features=`` and ``sample_weight=`` are passed on when given and accepted.
    y_true, y_pred : array-like of shape (n_samples,)
    sensitive_features : optional
        Groups; with ``stratify=True`` each group is resampled within itself, so every
        replicate keeps every group at its observed size (small groups never vanish).
    sample_weight : array-like, optional
    n_boot : int, default 1000
    confidence : float, default 0.95
    stratify : bool, default True
    random_state : int, Generator or None
    **metric_kwargs
        Passed to ``metric`` (e.g. ``pos_label``, ``privileged_group``).

    Returns
    -------
    BootstrapResult

    Examples
    --------
    >>> from fairkit.metrics import bootstrap_ci, selection_rate
    >>> r = bootstrap_ci(selection_rate, [0, 1] * 50, [1, 0] * 50, random_state=0)
    >>> r.estimate, bool(r.low < 0.5 < r.high)
    (0.5, True)
    """
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 2:
        raise ValueError(E.BAD_N_BOOT.format(n_boot=n_boot))
    if not 0 < confidence < 1:
        raise ValueError(E.BAD_CONFIDENCE.format(confidence=confidence))
    yt, yp = _as_1d(y_true, "y_true"), _as_1d(y_pred, "y_pred")
    n = len(yt)
    _check_length(n, yp, "y_pred")
    w = check_weights(sample_weight, n)
    sf = None
    codes = None
    if sensitive_features is not None:
        sf = _rows(sensitive_features)
        _check_length(n, sf, "sensitive_features")
        if stratify:
            codes = factorize_groups(sensitive_features, n).codes

    def call(rows):
        kw = dict(metric_kwargs)
        if sf is not None and _accepts(metric, "sensitive_features"):
            kw["sensitive_features"] = sf if rows is None else _take(sf, rows)
        if w is not None and _accepts(metric, "sample_weight"):
            kw["sample_weight"] = w if rows is None else w[rows]
        if rows is None:
            return np.asarray(metric(yt, yp, **kw), dtype=float)
        return np.asarray(metric(yt[rows], yp[rows], **kw), dtype=float)

    estimate = call(None)
    rng = np.random.default_rng(random_state)
    indices = _resample_indices(rng, codes, n, n_boot)
    # Replicates may hit undefined metrics (a resample without positives): those are
    # reported once below instead of once per replicate.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", E.FairkitWarning)
        samples = np.stack([call(rows) for rows in indices])
    nan_rows = np.isnan(samples.reshape(n_boot, -1)).any(axis=1)
    if nan_rows.any():
        E.warn(
            E.NAN_BOOTSTRAP.format(count=int(nan_rows.sum()), n_boot=n_boot),
            E.UndefinedMetricWarning,
        )
    tail = (1 - confidence) / 2 * 100
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices stay NaN
        low, high = np.nanpercentile(samples, [tail, 100 - tail], axis=0)
    if estimate.ndim == 0:
        estimate, low, high = float(estimate), float(low), float(high)
    return BootstrapResult(estimate, low, high, confidence, n_boot, samples)


def _rows(sensitive_features):
    """Sensitive features as an object that supports ``_take(obj, rows)``, names kept."""
    if isinstance(sensitive_features, (pd.Series, pd.DataFrame)):
        return sensitive_features.reset_index(drop=True)
    if isinstance(sensitive_features, dict):
        return pd.DataFrame(sensitive_features)
    return np.asarray(sensitive_features)


def _take(values, rows):
    return values.iloc[rows] if hasattr(values, "iloc") else values[rows]
