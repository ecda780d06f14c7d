"""Calibration by group: does a score of 0.7 mean a 70 % positive rate in every group?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.metrics import _errors as E
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._validation import (
    _as_1d,
    _check_length,
    binarize_one,
    check_weights,
    warn_unaligned,
)

__all__ = ["calibration_by_group"]


def _bin_edges(scores: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    if strategy == "quantile":
        # Shared edges for all groups, so bins mean the same score range in every group.
        return np.quantile(scores, np.linspace(0.0, 1.0, n_bins + 1))
    raise ValueError(E.BAD_STRATEGY.format(strategy=strategy))


def calibration_by_group(
    y_true,
    y_score,
    *,
    sensitive_features,
    n_bins: int = 10,
    strategy: str = "uniform",
    pos_label=None,
    sample_weight=None,
    missing_group=None,
) -> pd.DataFrame:
    """Reliability table per group: mean score and observed positive rate in each score bin.

    Scores are binned as scikit-learn's ``calibration_curve`` does (a score on an inner edge
    goes to the lower bin). Empty (group, bin) cells are not rows.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_score : array-like of shape (n_samples,)
        Predicted probability of the positive label, in [0, 1].
    sensitive_features : array-like, Series, DataFrame or dict of columns
    n_bins : int, default 10
    strategy : {"uniform", "quantile"}, default "uniform"
        Equal-width bins on [0, 1], or bins with equal numbers of rows (edges from all rows).
    pos_label, sample_weight, missing_group
        As in :class:`MetricFrame`.

    Returns
    -------
    DataFrame
        One row per non-empty (group, bin): the group column(s), ``bin``, ``bin_lower``,
        ``bin_upper``, ``n`` (rows), ``weight``, ``mean_score`` and ``fraction_positive``
        (both weighted). A calibrated model has ``mean_score ≈ fraction_positive``.

    Examples
    --------
    >>> from fairkit.metrics import calibration_by_group
    >>> t = calibration_by_group([0, 1, 1, 1], [0.2, 0.8, 0.3, 0.9],
    ...                          sensitive_features=["a", "a", "b", "b"], n_bins=2)
    >>> t[["group", "bin", "fraction_positive"]].values.tolist()
    [['a', 0, 0.0], ['a', 1, 1.0], ['b', 0, 1.0], ['b', 1, 1.0]]
    """
    if not isinstance(n_bins, (int, np.integer)) or isinstance(n_bins, bool) or n_bins < 1:
        raise ValueError(E.BAD_N_BINS.format(n_bins=n_bins))
    warn_unaligned(
        y_true=y_true,
        y_score=y_score,
        sensitive_features=sensitive_features,
        sample_weight=sample_weight,
    )
    yt = binarize_one(y_true, "y_true", pos_label=pos_label)
    scores = _as_1d(y_score, "y_score").astype(float)
    _check_length(len(yt), scores, "y_score")
    if np.isnan(scores).any() or scores.min() < 0 or scores.max() > 1:
        raise ValueError(E.SCORES_OUT_OF_RANGE.format(lo=np.min(scores), hi=np.max(scores)))
    w = check_weights(sample_weight, len(yt))
    w = np.ones(len(yt)) if w is None else w
    groups = factorize_groups(sensitive_features, len(yt), missing_group=missing_group)
    edges = _bin_edges(scores, n_bins, strategy)
    bins = np.searchsorted(edges[1:-1], scores)
    cell = groups.codes * n_bins + bins
    size = groups.n_groups * n_bins
    n = np.bincount(cell, minlength=size)
    weight = np.bincount(cell, w, minlength=size)
    score_sum = np.bincount(cell, w * scores, minlength=size)
    pos_sum = np.bincount(cell, w * yt, minlength=size)
    keep = np.flatnonzero(n > 0)
    g, b = np.divmod(keep, n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):  # zero-weight cells -> NaN
        mean_score = score_sum[keep] / weight[keep]
        fraction = pos_sum[keep] / weight[keep]
    out = groups.index[g].to_frame(index=False)
    if out.columns.tolist() == [None]:
        out.columns = ["group"]
    elif len(out.columns) == 1 and out.columns[0] == "sensitive_feature_0":
        out.columns = ["group"]
    return out.assign(
        bin=b,
        bin_lower=edges[b],
        bin_upper=edges[b + 1],
        n=n[keep],
        weight=weight[keep],
        mean_score=mean_score,
        fraction_positive=fraction,
    )
