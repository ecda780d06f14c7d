"""Counterfactual flip test: change the sensitive attribute, count the changed decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E
from fairkit.explain._validation import check_column, check_frame, distinct

__all__ = ["CounterfactualResult", "counterfactual_flip_rate"]


@dataclass(frozen=True)
class CounterfactualResult:
    """Details of a counterfactual flip test (``return_details=True``).

    Attributes
    ----------
    flip_rate : float
        Share of rows whose decision changes for at least one other value.
    by_value : pandas.Series
        For each value ``v``: among rows whose attribute is not ``v``, the share whose
        decision changes when it is set to ``v``.
    by_group : pandas.Series
        For each original value: the share of its rows whose decision changes for at least
        one other value (rows whose value is outside ``values`` form their own groups).
    flipped : numpy.ndarray of bool
        Per row: does some other value change its decision?
    """

    flip_rate: float
    by_value: pd.Series
    by_group: pd.Series
    flipped: np.ndarray


def _set_column(X: pd.DataFrame, name: Any, value: Any) -> pd.DataFrame:
    changed = X.copy()
    column = X[name]
    if isinstance(column.dtype, pd.CategoricalDtype):
        if value not in column.cat.categories:
            cats = ", ".join(map(repr, column.cat.categories))
            raise ValueError(E.VALUE_NOT_A_CATEGORY.format(value=value, name=name, categories=cats))
        changed[name] = pd.Categorical(np.full(len(X), value, dtype=object), dtype=column.dtype)
    else:
        values = pd.Series(np.full(len(X), value, dtype=object), index=X.index)
        changed[name] = values.astype(column.dtype)
    return changed


def counterfactual_flip_rate(
    model: Any,
    X: pd.DataFrame,
    *,
    sensitive_feature: Any,
    values: Sequence[Any] | None = None,
    return_details: bool = False,
) -> float | CounterfactualResult:
    """Share of rows whose decision changes when only the sensitive attribute changes.

    Each row is copied with column ``sensitive_feature`` set to every value of ``values``
    other than its own, everything else unchanged, and ``model.predict`` is asked again.
    A row counts as flipped if any of these copies gets another decision. This is the
    observational "flip test" (change the attribute, keep the other features): it does not
    propagate the change to features the attribute causes, as a causal counterfactual
    (Kusner et al. 2017) would, so a model that uses only a proxy has flip rate 0 here.

    Parameters
    ----------
    model : object with ``predict(X)``
        Fitted model (or pipeline) taking a DataFrame with the columns of ``X``.
    X : pandas.DataFrame
        Rows to test, including the column ``sensitive_feature``.
    sensitive_feature : column label
        The column to change.
    values : sequence, optional
        The values to swap between; default: the distinct values in the column.
        At least two.
    return_details : bool, default False
        Return a :class:`CounterfactualResult` (breakdown by value and by group) instead of
        the overall share.

    Returns
    -------
    float or CounterfactualResult

    Examples
    --------
    >>> import pandas as pd
    >>> class ThresholdOnGroup:
    ...     def predict(self, X):
    ...         return ((X["score"] > 0.5) | (X["group"] == "b")).astype(int).to_numpy()
    >>> X = pd.DataFrame({"group": ["a", "a", "b", "b"], "score": [0.2, 0.9, 0.1, 0.7]})
    >>> counterfactual_flip_rate(ThresholdOnGroup(), X, sensitive_feature="group")
    0.5
    """
    X = check_frame(X)
    check_column(X, sensitive_feature, E.SENSITIVE_NOT_IN_X)
    original = X[sensitive_feature].to_numpy()
    swap = distinct(original) if values is None else list(dict.fromkeys(values))
    if len(swap) < 2:
        raise ValueError(E.TOO_FEW_VALUES.format(name=sensitive_feature, values=swap))
    base = np.asarray(model.predict(X))
    flipped = np.zeros(len(X), dtype=bool)
    by_value = {}
    for value in swap:
        other = original != value
        changed = np.asarray(model.predict(_set_column(X, sensitive_feature, value))) != base
        changed &= other
        flipped |= changed
        by_value[value] = float(changed[other].mean()) if other.any() else np.nan
    rate = float(flipped.mean()) if len(X) else np.nan
    if not return_details:
        return rate
    by_group = pd.Series(flipped).groupby(original, sort=True).mean().astype(float)
    return CounterfactualResult(
        flip_rate=rate,
        by_value=pd.Series(by_value, name="flip_rate", dtype=float),
        by_group=by_group.rename("flip_rate"),
        flipped=flipped,
    )
