"""Signed comparisons of the unprivileged rows against a privileged group (AIF360 convention).

Unlike the unsigned gaps in ``_gaps``, these keep a direction: a negative
``statistical_parity_difference`` means the unprivileged rows are selected less often.
"Unprivileged" is every row outside ``privileged_group``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.metrics import _counts as C
from fairkit.metrics import _errors as E
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._validation import binarize_labels, check_weights, warn_unaligned

__all__ = [
    "average_abs_odds_difference",
    "average_odds_difference",
    "disparate_impact_ratio",
    "statistical_parity_difference",
]


def _unprivileged_privileged_table(
    y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight
):
    """Count table with row 0 = unprivileged rows, row 1 = the privileged group."""
    warn_unaligned(
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=sensitive_features,
        sample_weight=sample_weight,
    )
    yt, yp = binarize_labels(y_true, y_pred, pos_label=pos_label)
    w = check_weights(sample_weight, len(yt))
    groups = factorize_groups(sensitive_features, len(yt))
    privileged_group, position = _position(groups.index, privileged_group)
    if position < 0:
        raise ValueError(
            E.PRIVILEGED_ABSENT.format(group=privileged_group, groups=list(groups.index))
        )
    if groups.n_groups == 1:
        raise ValueError(E.PRIVILEGED_ONLY.format(group=privileged_group))
    privileged = (groups.codes == position).astype(np.intp)
    return C.count_table(privileged, 2, yt, yp, w)


def _position(index, privileged_group):
    """``privileged_group`` (a list read as a tuple) and its row in the group index (-1 if
    absent), after checking that it has one value per sensitive feature."""
    names = list(index.names)
    several = isinstance(privileged_group, (list, tuple, np.ndarray))
    if several:
        privileged_group = tuple(
            v.item() if isinstance(v, np.generic) else v for v in privileged_group
        )
    k = len(privileged_group) if several else 1
    if k != len(names):
        raise ValueError(
            E.PRIVILEGED_ARITY.format(
                group=privileged_group, k=k, n_features=len(names), names=names
            )
        )
    if several and len(names) == 1:
        privileged_group = privileged_group[0]
    if not isinstance(index, pd.MultiIndex):
        return privileged_group, int(index.get_indexer([privileged_group])[0])
    try:
        return privileged_group, int(index.get_loc(privileged_group))
    except (KeyError, TypeError):
        return privileged_group, -1


def _rates(rate, table):
    return C.rate_from_table(rate, table, labels=["unprivileged", "privileged"])


def statistical_parity_difference(
    y_true, y_pred, *, sensitive_features, privileged_group, pos_label=None, sample_weight=None
) -> float:
    """Selection rate of the unprivileged rows minus that of the privileged group.

    ``P(y_pred = 1 | unprivileged) - P(y_pred = 1 | privileged)``; 0 is parity, negative
    values disadvantage the unprivileged rows.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    sensitive_features : array-like, Series, DataFrame or dict of columns
    privileged_group : scalar or tuple
        The privileged group's label (a tuple for several sensitive features).
    pos_label : scalar, optional
    sample_weight : array-like of shape (n_samples,), optional

    Examples
    --------
    >>> from fairkit.metrics import statistical_parity_difference
    >>> statistical_parity_difference([1, 0, 1, 0], [1, 1, 1, 0],
    ...     sensitive_features=["m", "m", "f", "f"], privileged_group="m")
    -0.5
    """
    table = _unprivileged_privileged_table(
        y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight
    )
    unpriv, priv = _rates(C.SELECTION_RATE, table)
    return float(unpriv - priv)


def disparate_impact_ratio(
    y_true, y_pred, *, sensitive_features, privileged_group, pos_label=None, sample_weight=None
) -> float:
    """Selection rate of the unprivileged rows divided by that of the privileged group.

    1 is parity; the 'four-fifths rule' flags values below 0.8. A privileged selection rate
    of 0 makes the ratio undefined: NaN with an ``UndefinedMetricWarning``.
    Parameters as in :func:`statistical_parity_difference`.

    Examples
    --------
    >>> from fairkit.metrics import disparate_impact_ratio
    >>> disparate_impact_ratio([1, 0, 1, 0], [1, 1, 1, 0],
    ...     sensitive_features=["m", "m", "f", "f"], privileged_group="m")
    0.5
    """
    table = _unprivileged_privileged_table(
        y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight
    )
    unpriv, priv = _rates(C.SELECTION_RATE, table)
    return float(
        C.divide(
            unpriv,
            priv,
            zero_division="warn",
            metric="disparate impact ratio",
            reason="the privileged group's selection rate is 0",
        )
    )


def _odds_gaps(y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight):
    table = _unprivileged_privileged_table(
        y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight
    )
    fpr_u, fpr_p = _rates(C.FALSE_POSITIVE_RATE, table)
    tpr_u, tpr_p = _rates(C.TRUE_POSITIVE_RATE, table)
    return fpr_u - fpr_p, tpr_u - tpr_p


def average_odds_difference(
    y_true, y_pred, *, sensitive_features, privileged_group, pos_label=None, sample_weight=None
) -> float:
    """Mean of the signed FPR and TPR differences, unprivileged minus privileged.

    ``((FPR_u - FPR_p) + (TPR_u - TPR_p)) / 2``. Opposite gaps can cancel: see
    :func:`average_abs_odds_difference`. Parameters as in
    :func:`statistical_parity_difference`.

    Examples
    --------
    >>> from fairkit.metrics import average_odds_difference
    >>> average_odds_difference([1, 0, 1, 0], [1, 1, 0, 0],
    ...     sensitive_features=["m", "m", "f", "f"], privileged_group="m")
    -1.0
    """
    dfpr, dtpr = _odds_gaps(
        y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight
    )
    return float((dfpr + dtpr) / 2)


def average_abs_odds_difference(
    y_true, y_pred, *, sensitive_features, privileged_group, pos_label=None, sample_weight=None
) -> float:
    """Mean of the absolute FPR and TPR differences between unprivileged and privileged.

    ``(|FPR_u - FPR_p| + |TPR_u - TPR_p|) / 2``. Parameters as in
    :func:`statistical_parity_difference`.

    Examples
    --------
    >>> from fairkit.metrics import average_abs_odds_difference
    >>> average_abs_odds_difference([1, 0, 1, 0], [1, 0, 0, 1],
    ...     sensitive_features=["m", "m", "f", "f"], privileged_group="m")
    1.0
    """
    dfpr, dtpr = _odds_gaps(
        y_true, y_pred, sensitive_features, privileged_group, pos_label, sample_weight
    )
    return float((abs(dfpr) + abs(dtpr)) / 2)
