"""Partial dependence computed separately within each group, on one shared grid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E
from fairkit.explain._validation import (
    check_column,
    check_frame,
    distinct,
    groups_of,
    is_categorical,
)

__all__ = ["partial_dependence_by_group"]


def _grid(column: pd.Series, resolution: int, percentiles: tuple[float, float]) -> np.ndarray:
    """Categories, all values if few, else evenly spaced between two percentiles."""
    if is_categorical(column):
        return np.asarray(distinct(column.to_numpy()), dtype=object)
    values = np.unique(column.to_numpy(dtype=float))
    if len(values) <= resolution:
        return values
    low, high = np.quantile(column.to_numpy(dtype=float), percentiles)
    return np.linspace(low, high, resolution)


def partial_dependence_by_group(
    model: Any,
    X: pd.DataFrame,
    feature: Any,
    *,
    sensitive_features: Any,
    grid: Sequence[Any] | None = None,
    grid_resolution: int = 20,
    percentiles: tuple[float, float] = (0.05, 0.95),
    response_method: str = "auto",
) -> pd.DataFrame:
    """The model's average prediction as ``feature`` varies, within each group.

    For each group and grid value ``v``: set ``feature`` to ``v`` in every row of the group,
    keep the rest of the rows as they are, and average the model's output
    (:func:`sklearn.inspection.partial_dependence`, ``method="brute"``, on the group's rows
    with the shared grid as ``custom_values``). The grid is computed once from all rows, so
    the groups' curves are comparable point by point. A gap between the curves at the same
    ``v`` comes from the other features (or the sensitive attribute) the model combines with
    ``feature``: for an additive model the curves are parallel, shifted by the groups'
    average contribution of the rest.

    Parameters
    ----------
    model : fitted regressor or binary classifier taking a DataFrame
    X : pandas.DataFrame
    feature : column label of X
        An integer column is evaluated as float (so grid values between integers stay
        exact; scikit-learn refuses integer columns).
    sensitive_features : column label of X, or array-like of shape (n_samples,)
    grid : sequence, optional
        The values of ``feature`` to evaluate. Default: its categories; for a numeric
        feature its distinct values if at most ``grid_resolution``, otherwise
        ``grid_resolution`` evenly spaced values between the two ``percentiles``.
    grid_resolution : int, default 20
    percentiles : (float, float), default (0.05, 0.95)
    response_method : {"auto", "predict_proba", "decision_function"}
        For classifiers, as in scikit-learn ("auto": probability of the positive class).

    Returns
    -------
    pandas.DataFrame
        Indexed by grid value (index named after ``feature``), one column per group.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> X = pd.DataFrame({"x": [0.0, 1, 2, 3], "g": [0.0, 0, 1, 1]})
    >>> model = LinearRegression().fit(X, 2 * X["x"] + 5 * X["g"])
    >>> pd_table = partial_dependence_by_group(model, X, "x", sensitive_features="g",
    ...                                         grid=[0.0, 1.0])
    >>> pd_table.round(6).to_numpy().tolist()
    [[0.0, 5.0], [2.0, 7.0]]
    """
    from sklearn.inspection import partial_dependence

    X = check_frame(X)
    check_column(X, feature, E.FEATURE_NOT_IN_X)
    groups = groups_of(sensitive_features, X)
    if pd.api.types.is_integer_dtype(X[feature]) and not pd.api.types.is_bool_dtype(X[feature]):
        # scikit-learn refuses integer columns (grid values between integers would be
        # rounded): evaluate on a float copy of the column.
        X = X.assign(**{feature: X[feature].astype(float)})
    values = (
        _grid(X[feature], grid_resolution, percentiles)
        if grid is None
        else np.asarray(list(grid), dtype=None if not is_categorical(X[feature]) else object)
    )
    if len(values) == 0:
        raise ValueError(E.GRID_EMPTY.format(name=feature))
    categorical = [feature] if is_categorical(X[feature]) else None
    curves = {}
    for group in distinct(groups):
        rows = groups == group
        result = partial_dependence(
            model,
            X[rows],
            [feature],
            categorical_features=categorical,
            custom_values={feature: values},
            method="brute",
            kind="average",
            response_method=response_method,
        )
        average = np.asarray(result["average"])
        if average.shape[0] != 1:
            raise ValueError(E.MULTI_OUTPUT.format(count=average.shape[0]))
        curves[group] = average[0]
    return pd.DataFrame(curves, index=pd.Index(values, name=feature))
