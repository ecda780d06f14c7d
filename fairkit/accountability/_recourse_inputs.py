"""Checked inputs of :func:`recourse`: the person's row, what may change, at what cost."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairkit.accountability import _errors as E

METHODS = ("auto", "linear", "search")


@dataclass(frozen=True)
class Problem:
    """One recourse problem: features ``names``, the ``actionable`` positions among them, and
    per actionable feature its unit cost, its bounds and its unit label."""

    names: list
    actionable: np.ndarray
    costs: np.ndarray
    low: np.ndarray
    high: np.ndarray
    units: dict
    desired: object
    sign: float  # +1 if the desired class is the one a positive decision_function means


def as_row(x) -> pd.Series:
    """The person's features as a Series (names kept; an array's features are x0, x1, ...)."""
    if isinstance(x, pd.DataFrame):
        if len(x) != 1:
            raise ValueError(E.RECOURSE_ONE_ROW.format(n=len(x)))
        return x.iloc[0]
    if isinstance(x, pd.Series):
        return x
    if isinstance(x, dict):
        return pd.Series(x, dtype=object)
    values = np.asarray(x)
    if values.ndim != 1:
        raise ValueError(E.RECOURSE_ONE_ROW.format(n=values.shape[0] if values.ndim else 0))
    return pd.Series(values, index=[f"x{j}" for j in range(len(values))])


def is_int(value, minimum: int) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= minimum


def _number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def desired_class(model, desired):
    """The desired class and the sign that makes a larger linear score mean it."""
    classes = getattr(model, "classes_", None)
    if classes is None:
        return (1 if desired is None else desired), 1.0
    classes = np.asarray(classes).tolist()
    desired = classes[-1] if desired is None else desired
    if desired not in classes:
        raise ValueError(E.RECOURSE_BAD_DESIRED.format(desired=desired, classes=classes))
    return desired, (1.0 if desired == classes[-1] else -1.0)


def problem(model, names, *, actionable, costs, bounds, units, desired) -> Problem:
    """Check the options against the feature ``names``; unlisted costs are 1 per unit,
    unlisted bounds are unbounded."""
    if not hasattr(model, "predict"):
        raise TypeError(E.RECOURSE_NO_SCORE.format(kind=type(model).__name__))
    names = list(names)
    features = ", ".join(map(repr, names))
    actionable = [actionable] if isinstance(actionable, str) else list(actionable)
    if not actionable:
        raise ValueError(E.RECOURSE_NO_ACTIONABLE)
    for what, keys in (
        ("actionable", actionable),
        ("costs", _keys(costs)),
        ("bounds", _keys(bounds)),
        ("units", _keys(units)),
    ):
        for name in keys:
            if name not in names:
                raise ValueError(
                    E.RECOURSE_UNKNOWN_FEATURE.format(what=what, name=name, features=features)
                )
    cost = np.array([_cost(costs, name) for name in actionable], dtype=float)
    low, high = np.full(len(actionable), -np.inf), np.full(len(actionable), np.inf)
    for j, name in enumerate(actionable):
        low[j], high[j] = _bounds((bounds or {}).get(name), name)
    desired, sign = desired_class(model, desired)
    positions = np.array([names.index(name) for name in actionable], dtype=np.intp)
    return Problem(names, positions, cost, low, high, dict(units or {}), desired, sign)


def _keys(option) -> list:
    return list(option) if isinstance(option, dict) else []


def _cost(costs, name) -> float:
    value = costs.get(name, 1.0) if isinstance(costs, dict) else (1.0 if costs is None else costs)
    if not _number(value) or not np.isfinite(value) or value < 0:
        raise ValueError(E.RECOURSE_BAD_COST.format(name=name, value=value))
    return float(value)


def _bounds(value, name) -> tuple[float, float]:
    if value is None:
        return -np.inf, np.inf
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(E.RECOURSE_BAD_BOUNDS.format(name=name, value=value)) from None
    low = -np.inf if low is None else low
    high = np.inf if high is None else high
    if not (_number(low) and _number(high)) or np.isnan(low) or np.isnan(high) or low > high:
        raise ValueError(E.RECOURSE_BAD_BOUNDS.format(name=name, value=value))
    return float(low), float(high)


def actionable_values(X: pd.DataFrame, p: Problem) -> np.ndarray:
    """``(n, k)`` float values of the actionable features, checked numeric and in bounds."""
    out = np.empty((len(X), len(p.actionable)))
    for j, pos in enumerate(p.actionable):
        column = X.iloc[:, pos]
        values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(np.isnan(values))
        if bad.size:
            raise ValueError(
                E.RECOURSE_NOT_NUMERIC.format(name=p.names[pos], value=column.iloc[bad[0]])
            )
        outside = np.flatnonzero((values < p.low[j]) | (values > p.high[j]))
        if outside.size:
            raise ValueError(
                E.RECOURSE_OUTSIDE_BOUNDS.format(
                    name=p.names[pos],
                    value=float(values[outside[0]]),
                    bounds=(float(p.low[j]), float(p.high[j])),
                )
            )
        out[:, j] = values
    return out


def model_input(model, X: pd.DataFrame):
    """What the model was fitted on: a DataFrame (its columns in the fitted order) if it knows
    feature names, else an array."""
    fitted = getattr(model, "feature_names_in_", None)
    if fitted is not None:
        fitted = list(fitted)
        return X[fitted] if set(fitted) <= set(X.columns) else X
    return X.to_numpy()


def predict(model, X: pd.DataFrame) -> np.ndarray:
    return np.asarray(model.predict(model_input(model, X)))
