"""The aggregates Fairlearn generates for its base metrics, for fairkit's rates.

Fairlearn makes ``<rate>_difference`` and ``<rate>_ratio`` for its five rates, and
``_group_min`` / ``_group_max`` only for scikit-learn scores (``accuracy_score_group_min``,
``precision_score_group_min``, ``recall_score_group_min``, ...). fairkit provides each of
them that maps onto one of its rates, named after the rate (``accuracy`` for
``accuracy_score``, ``positive_predictive_value`` for ``precision_score``,
``true_positive_rate`` for ``recall_score``); ones fairkit already had
(``false_positive_rate_difference``, ``accuracy_difference``...) stay in ``_gaps``.
"""

from __future__ import annotations

from fairkit.metrics._frame import MetricFrame
from fairkit.metrics._gaps import _gap_function
from fairkit.metrics._rates import (
    accuracy,
    false_negative_rate,
    false_positive_rate,
    positive_predictive_value,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)

__all__ = [
    "accuracy_group_min",
    "accuracy_ratio",
    "false_negative_rate_ratio",
    "false_positive_rate_ratio",
    "positive_predictive_value_group_min",
    "selection_rate_difference",
    "selection_rate_ratio",
    "true_negative_rate_difference",
    "true_negative_rate_ratio",
    "true_positive_rate_difference",
    "true_positive_rate_group_min",
    "true_positive_rate_ratio",
]

_GROUP_DOC = """{title} over groups of the {rate} (Fairlearn's ``{peer}``).

Parameters
----------
y_true, y_pred : array-like of shape (n_samples,)
sensitive_features : array-like, Series, DataFrame, dict of columns or list of arrays
pos_label : scalar, optional
sample_weight : array-like of shape (n_samples,), optional
nan_policy : {{"omit", "raise", "propagate"}}, default "omit"
missing_group : scalar, optional
    As in :func:`demographic_parity_difference`.

Returns
-------
float

Examples
--------
>>> from fairkit.metrics import {name}
>>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
>>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
>>> group  = ["a", "a", "a", "a", "b", "b", "b", "b"]
>>> round({name}(y_true, y_pred, sensitive_features=group), 4)
{example}
"""


def _extreme_function(name: str, rate, how: str, peer: str, example: str):
    def extreme(
        y_true,
        y_pred,
        *,
        sensitive_features,
        pos_label=None,
        sample_weight=None,
        nan_policy="omit",
        missing_group=None,
    ) -> float:
        mf = MetricFrame(
            metrics=rate,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=sensitive_features,
            pos_label=pos_label,
            sample_weight=sample_weight,
            missing_group=missing_group,
        )
        return getattr(mf, f"group_{how}")(nan_policy=nan_policy)

    extreme.__name__ = extreme.__qualname__ = name
    extreme.__doc__ = _GROUP_DOC.format(
        title="Smallest value" if how == "min" else "Largest value",
        rate=rate.__name__.replace("_", " "),
        peer=peer,
        name=name,
        example=example,
    )
    return extreme


def _rate_gap(rate, kind: str, example: str):
    readable = rate.__name__.replace("_", " ")
    if kind == "difference":
        summary = f"Largest gap in {readable} between groups."
    else:
        summary = f"Smallest ratio of {readable} between groups."
    return _gap_function(f"{rate.__name__}_{kind}", rate, kind, summary, example)


# Example groups (see _gaps): a has selection 0.75, TPR 1, TNR 0.5, FPR 0.5, FNR 0,
# accuracy 0.75, PPV 2/3; b has selection 0.25, TPR 0.5, TNR 1, FPR 0, FNR 0.5,
# accuracy 0.75, PPV 1.
selection_rate_difference = _rate_gap(selection_rate, "difference", "0.5")
selection_rate_ratio = _rate_gap(selection_rate, "ratio", "0.3333")
true_positive_rate_difference = _rate_gap(true_positive_rate, "difference", "0.5")
true_positive_rate_ratio = _rate_gap(true_positive_rate, "ratio", "0.5")
true_negative_rate_difference = _rate_gap(true_negative_rate, "difference", "0.5")
true_negative_rate_ratio = _rate_gap(true_negative_rate, "ratio", "0.5")
false_positive_rate_ratio = _rate_gap(false_positive_rate, "ratio", "0.0")
false_negative_rate_ratio = _rate_gap(false_negative_rate, "ratio", "0.0")
accuracy_ratio = _rate_gap(accuracy, "ratio", "1.0")
accuracy_group_min = _extreme_function(
    "accuracy_group_min", accuracy, "min", "accuracy_score_group_min", "0.75"
)
positive_predictive_value_group_min = _extreme_function(
    "positive_predictive_value_group_min",
    positive_predictive_value,
    "min",
    "precision_score_group_min",
    "0.6667",
)
true_positive_rate_group_min = _extreme_function(
    "true_positive_rate_group_min",
    true_positive_rate,
    "min",
    "recall_score_group_min",
    "0.5",
)
