"""Rates of a binary classifier: ``metric(y_true, y_pred, *, pos_label, sample_weight)``.

Each public function carries its :class:`~fairkit.metrics._counts.Rate` as ``_rate`` so that
:class:`MetricFrame` computes it for all groups from one count table.
"""

from __future__ import annotations

import numpy as np

from fairkit.metrics import _counts as C
from fairkit.metrics import _errors as E
from fairkit.metrics._validation import (
    _as_1d,
    binarize_labels,
    check_weights,
    warn_unaligned,
)

__all__ = [
    "accuracy",
    "count",
    "false_negative_rate",
    "false_positive_rate",
    "mean_prediction",
    "negative_predictive_value",
    "positive_predictive_value",
    "selection_rate",
    "true_negative_rate",
    "true_positive_rate",
]

_DOC = """{title}: {formula}.

Parameters
----------
y_true, y_pred : array-like of shape (n_samples,)
    True labels and decisions. Labels must be {{0, 1}} or {{False, True}} unless
    ``pos_label`` names the positive (favourable) label.
pos_label : scalar, optional
    The positive label; required when labels are not 0/1 or booleans.
sample_weight : array-like of shape (n_samples,), optional
    Non-negative weight of each row.
zero_division : "warn" or float, default "warn"
    Value when the rate is 0/0 ({reason}). "warn" gives NaN and an
    :class:`UndefinedMetricWarning`.

Returns
-------
float

Examples
--------
>>> from fairkit.metrics import {name}
>>> {name}([0, 1, 1, 0, 1], [0, 1, 0, 1, 1])
{example}
"""


def _rate_function(name: str, rate: C.Rate, title: str, formula: str, example: str):
    def metric(y_true, y_pred, *, pos_label=None, sample_weight=None, zero_division="warn"):
        C.check_zero_division(zero_division)
        warn_unaligned(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight)
        yt, yp = binarize_labels(y_true, y_pred, pos_label=pos_label)
        w = check_weights(sample_weight, len(yt))
        table = C.count_table(np.zeros(len(yt), dtype=np.intp), 1, yt, yp, w)[0]
        return float(C.rate_from_table(rate, table, zero_division=zero_division))

    metric.__name__ = metric.__qualname__ = name
    metric.__doc__ = _DOC.format(
        title=title, formula=formula, reason=rate.undefined_reason, name=name, example=example
    )
    metric._rate = rate
    return metric


# Examples: y_true = [0, 1, 1, 0, 1], y_pred = [0, 1, 0, 1, 1] -> TP=2, FN=1, FP=1, TN=1.
selection_rate = _rate_function(
    "selection_rate", C.SELECTION_RATE, "Selection rate", "P(y_pred = 1) = (TP + FP) / n", "0.6"
)
true_positive_rate = _rate_function(
    "true_positive_rate",
    C.TRUE_POSITIVE_RATE,
    "True positive rate (recall, sensitivity)",
    "P(y_pred = 1 | y_true = 1) = TP / (TP + FN)",
    "0.6666666666666666",
)
false_positive_rate = _rate_function(
    "false_positive_rate",
    C.FALSE_POSITIVE_RATE,
    "False positive rate",
    "P(y_pred = 1 | y_true = 0) = FP / (FP + TN)",
    "0.5",
)
true_negative_rate = _rate_function(
    "true_negative_rate",
    C.TRUE_NEGATIVE_RATE,
    "True negative rate (specificity)",
    "P(y_pred = 0 | y_true = 0) = TN / (TN + FP)",
    "0.5",
)
false_negative_rate = _rate_function(
    "false_negative_rate",
    C.FALSE_NEGATIVE_RATE,
    "False negative rate",
    "P(y_pred = 0 | y_true = 1) = FN / (FN + TP)",
    "0.3333333333333333",
)
positive_predictive_value = _rate_function(
    "positive_predictive_value",
    C.POSITIVE_PREDICTIVE_VALUE,
    "Positive predictive value (precision)",
    "P(y_true = 1 | y_pred = 1) = TP / (TP + FP)",
    "0.6666666666666666",
)
negative_predictive_value = _rate_function(
    "negative_predictive_value",
    C.NEGATIVE_PREDICTIVE_VALUE,
    "Negative predictive value",
    "P(y_true = 0 | y_pred = 0) = TN / (TN + FN)",
    "0.5",
)
accuracy = _rate_function(
    "accuracy", C.ACCURACY, "Accuracy", "P(y_pred = y_true) = (TP + TN) / n", "0.6"
)


def count(y_true, y_pred, *, pos_label=None, sample_weight=None) -> int:
    """Number of rows (unweighted), as Fairlearn's ``count``.

    ``pos_label`` and ``sample_weight`` are accepted so the signature matches the other
    metrics; weights do not change the count.

    Examples
    --------
    >>> from fairkit.metrics import count
    >>> count([0, 1, 1], [1, 1, 0])
    3
    """
    yt, _ = binarize_labels(y_true, y_pred, pos_label=pos_label)
    check_weights(sample_weight, len(yt))
    return len(yt)


_NO_WEIGHT = "the total weight is 0"


def _predictions(y_pred) -> np.ndarray:
    yp = _as_1d(y_pred, "y_pred")
    if len(yp) == 0:
        raise ValueError(E.EMPTY_INPUT_PREDICTIONS)
    if yp.dtype.kind not in "biuf":
        try:
            yp = yp.astype(float)
        except (TypeError, ValueError):
            raise ValueError(E.PREDICTIONS_NOT_NUMERIC.format(dtype=yp.dtype)) from None
    yp = yp.astype(float, copy=False)
    if np.isnan(yp).any():
        raise ValueError(E.MISSING_LABELS.format(name="y_pred", count=int(np.isnan(yp).sum())))
    return yp


def _mean_parts(y_true, y_pred, codes, n_groups, sample_weight):
    """Weighted sum of predictions and total weight per group (for MetricFrame)."""
    yp = _predictions(y_pred)
    w = np.ones(len(yp)) if sample_weight is None else sample_weight
    return np.bincount(codes, w * yp, minlength=n_groups), np.bincount(codes, w, n_groups)


def mean_prediction(y_true, y_pred, *, sample_weight=None, zero_division="warn") -> float:
    """Weighted mean of ``y_pred`` (scores or 0/1 decisions), as Fairlearn's.

    ``y_true`` is ignored (it may be None): the signature matches the other metrics so that
    :class:`MetricFrame` can compute it for every group, from one weighted ``bincount``.
    With 0/1 decisions it equals :func:`selection_rate`.

    Parameters
    ----------
    y_true : ignored
    y_pred : array-like of shape (n_samples,) of numbers
    sample_weight : array-like of shape (n_samples,), optional
    zero_division : "warn" or float, default "warn"
        Value when the total weight is 0 ("warn": NaN and an ``UndefinedMetricWarning``).

    Examples
    --------
    >>> from fairkit.metrics import mean_prediction
    >>> mean_prediction(None, [0.2, 0.4, 0.9])
    0.5
    >>> mean_prediction(None, [0, 1, 2, 3, 4], sample_weight=[8, 2, 1, 2, 1])
    1.0
    """
    C.check_zero_division(zero_division)
    warn_unaligned(y_pred=y_pred, sample_weight=sample_weight)
    yp = _predictions(y_pred)
    w = check_weights(sample_weight, len(yp))
    num, den = _mean_parts(None, yp, np.zeros(len(yp), dtype=np.intp), 1, w)
    return float(
        C.divide(
            num, den, zero_division=zero_division, metric="mean prediction", reason=_NO_WEIGHT
        )[0]
    )


mean_prediction._grouped = _mean_parts
mean_prediction._undefined_reason = _NO_WEIGHT
