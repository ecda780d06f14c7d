"""Unsigned gaps over all groups, Fairlearn-style: ``max - min`` and ``min / max``."""

from __future__ import annotations

import numpy as np

from fairkit.metrics import _errors as E
from fairkit.metrics._frame import MetricFrame
from fairkit.metrics._rates import (
    accuracy,
    false_negative_rate,
    false_positive_rate,
    positive_predictive_value,
    selection_rate,
    true_positive_rate,
)

__all__ = [
    "accuracy_difference",
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "false_negative_rate_difference",
    "false_positive_rate_difference",
    "predictive_parity_difference",
]

_DOC = """{summary}

Parameters
----------
y_true, y_pred : array-like of shape (n_samples,)
sensitive_features : array-like, Series, DataFrame or dict of columns
    Several columns define intersectional groups.
pos_label : scalar, optional
    The positive label, required for labels other than 0/1 or booleans.
sample_weight : array-like of shape (n_samples,), optional
method : {{"between_groups", "to_overall"}}, default "between_groups"
    Compare groups with each other, or each group with the overall value.
nan_policy : {{"omit", "raise", "propagate"}}, default "omit"
    Groups where the rate is undefined (NaN): left out with a warning, an error, or NaN.
missing_group : scalar, optional
    Label for rows with a missing sensitive feature (by default they raise).

Returns
-------
float
    {returns}

Examples
--------
>>> from fairkit.metrics import {name}
>>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
>>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
>>> group  = ["a", "a", "a", "a", "b", "b", "b", "b"]
>>> round({name}(y_true, y_pred, sensitive_features=group), 4)
{example}
"""


def _frame(metrics, y_true, y_pred, sensitive_features, pos_label, sample_weight, missing_group):
    return MetricFrame(
        metrics=metrics,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=sensitive_features,
        pos_label=pos_label,
        sample_weight=sample_weight,
        missing_group=missing_group,
    )


def _check_method(method) -> None:
    # Checked before any work, so a typo is not preceded by warnings about the data.
    if method not in ("between_groups", "to_overall"):
        raise ValueError(E.BAD_METHOD.format(method=method))


def _gap_function(name: str, rate, kind: str, summary: str, example: str):
    def gap(
        y_true,
        y_pred,
        *,
        sensitive_features,
        pos_label=None,
        sample_weight=None,
        method="between_groups",
        nan_policy="omit",
        missing_group=None,
    ) -> float:
        _check_method(method)
        mf = _frame(
            rate, y_true, y_pred, sensitive_features, pos_label, sample_weight, missing_group
        )
        return getattr(mf, kind)(method, nan_policy=nan_policy)

    returns = (
        "0 means equal rates; larger is a bigger gap."
        if kind == "difference"
        else ("1 means equal rates; smaller is a bigger gap.")
    )
    gap.__name__ = gap.__qualname__ = name
    gap.__doc__ = _DOC.format(summary=summary, returns=returns, name=name, example=example)
    return gap


# Example groups: a has TPR 1, FPR 0.5, selection 0.75, accuracy 0.75, PPV 2/3, FNR 0;
#                 b has TPR 0.5, FPR 0, selection 0.25, accuracy 0.75, PPV 1, FNR 0.5.
demographic_parity_difference = _gap_function(
    "demographic_parity_difference",
    selection_rate,
    "difference",
    "Largest gap in selection rate P(y_pred = 1) between groups.",
    "0.5",
)
demographic_parity_ratio = _gap_function(
    "demographic_parity_ratio",
    selection_rate,
    "ratio",
    "Smallest ratio of selection rates between groups (the 'four-fifths rule' compares it "
    "with 0.8).",
    "0.3333",
)
equal_opportunity_difference = _gap_function(
    "equal_opportunity_difference",
    true_positive_rate,
    "difference",
    "Largest gap in true positive rate between groups (Hardt et al. 2016).",
    "0.5",
)
equal_opportunity_ratio = _gap_function(
    "equal_opportunity_ratio",
    true_positive_rate,
    "ratio",
    "Smallest ratio of true positive rates between groups.",
    "0.5",
)
predictive_parity_difference = _gap_function(
    "predictive_parity_difference",
    positive_predictive_value,
    "difference",
    "Largest gap in positive predictive value (precision) between groups.",
    "0.3333",
)
false_positive_rate_difference = _gap_function(
    "false_positive_rate_difference",
    false_positive_rate,
    "difference",
    "Largest gap in false positive rate between groups.",
    "0.5",
)
false_negative_rate_difference = _gap_function(
    "false_negative_rate_difference",
    false_negative_rate,
    "difference",
    "Largest gap in false negative rate between groups.",
    "0.5",
)
accuracy_difference = _gap_function(
    "accuracy_difference",
    accuracy,
    "difference",
    "Largest gap in accuracy between groups.",
    "0.0",
)

_AGGS = ("worst_case", "mean")


def _odds(
    kind,
    y_true,
    y_pred,
    sensitive_features,
    pos_label,
    sample_weight,
    method,
    nan_policy,
    missing_group,
    agg,
):
    if agg not in _AGGS:
        raise ValueError(E.BAD_AGG.format(agg=agg))
    _check_method(method)
    mf = _frame(
        {"tpr": true_positive_rate, "fpr": false_positive_rate},
        y_true,
        y_pred,
        sensitive_features,
        pos_label,
        sample_weight,
        missing_group,
    )
    both = getattr(mf, kind)(method, nan_policy=nan_policy).to_numpy()
    if agg == "mean":
        return float(np.mean(both))
    # NaN (nan_policy="propagate") must win over a defined value, hence not np.nanmax.
    return float(np.max(both) if kind == "difference" else np.min(both))


def equalized_odds_difference(
    y_true,
    y_pred,
    *,
    sensitive_features,
    pos_label=None,
    sample_weight=None,
    method="between_groups",
    nan_policy="omit",
    missing_group=None,
    agg="worst_case",
) -> float:
    """Equalized odds gap (Hardt et al. 2016): the TPR gap and the FPR gap, combined.

    ``agg="worst_case"`` takes the larger of the two gaps, ``agg="mean"`` their mean.
    Other parameters as in :func:`demographic_parity_difference`.

    Examples
    --------
    >>> from fairkit.metrics import equalized_odds_difference
    >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    >>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    >>> group  = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> equalized_odds_difference(y_true, y_pred, sensitive_features=group)
    0.5
    """
    return _odds(
        "difference",
        y_true,
        y_pred,
        sensitive_features,
        pos_label,
        sample_weight,
        method,
        nan_policy,
        missing_group,
        agg,
    )


def equalized_odds_ratio(
    y_true,
    y_pred,
    *,
    sensitive_features,
    pos_label=None,
    sample_weight=None,
    method="between_groups",
    nan_policy="omit",
    missing_group=None,
    agg="worst_case",
) -> float:
    """Equalized odds ratio: the smaller (``agg="worst_case"``) or mean of the TPR and FPR ratios.

    Other parameters as in :func:`demographic_parity_ratio`.

    Examples
    --------
    >>> from fairkit.metrics import equalized_odds_ratio
    >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    >>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    >>> group  = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> equalized_odds_ratio(y_true, y_pred, sensitive_features=group)
    0.0
    """
    return _odds(
        "ratio",
        y_true,
        y_pred,
        sensitive_features,
        pos_label,
        sample_weight,
        method,
        nan_policy,
        missing_group,
        agg,
    )
