"""References and known-mistake variants of m10-explainability (grading host only).

The model of every question is the screening model of the notebook, given by its
coefficients: it invites applicant x with probability p(x) = 1 / (1 + exp(-(x @ coef +
intercept))) and decides ``x @ coef + intercept > 0``. Shapley values, partial dependence and
explanation disparity come from :mod:`fairkit.explain`; the exact permutation importance (the
average over every shuffle, which fairkit estimates by sampling) is computed here in NumPy.

>>> import numpy as np
>>> x, background = np.array([1.0, 0.0]), np.array([[0.0, 0.0], [0.0, 2.0]])
>>> shapley(x, background, np.array([1.0, 1.0]), intercept=0.0)["0"] > 0
True
"""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin

from fairkit.explain import explanation_disparity, partial_dependence_by_group, shapley_values

__all__ = [
    "contribution_gap",
    "contribution_gap_variant",
    "disparity",
    "disparity_variant",
    "gap_carriers",
    "gap_carriers_variant",
    "importance",
    "importance_variant",
    "partial_dependence",
    "partial_dependence_variant",
    "proba",
    "shapley",
    "shapley_variant",
]


def proba(X, coef, intercept) -> np.ndarray:
    """The screening model's probability of each row of ``X``."""
    z = np.asarray(X, dtype=float) @ np.asarray(coef, dtype=float) + float(intercept)
    return 1.0 / (1.0 + np.exp(-z))


def _names(d: int) -> list[str]:
    return [str(j) for j in range(d)]


def _frame(X) -> pd.DataFrame:
    X = np.atleast_2d(np.asarray(X, dtype=float))
    return pd.DataFrame(X, columns=_names(X.shape[1]))


def _sorted_groups(groups) -> list:
    return sorted(pd.unique(pd.Series(np.asarray(groups))).tolist())


# -- q1: exact permutation importance within each group -----------------------------------------
def importance_variant(X, y, groups, coef, intercept, feature, how="exact") -> dict[str, float]:
    X, y, groups = np.asarray(X, dtype=float), np.asarray(y), np.asarray(groups)
    coef, out = np.asarray(coef, dtype=float), {}
    for g in _sorted_groups(groups):
        rows = groups == g
        Xg, yg = X[rows], y[rows].astype(int)
        score = Xg @ coef + intercept
        base = np.mean((score > 0).astype(int) == yg)
        pool = X[:, feature] if how == "overall" else Xg[:, feature]
        # Row i with its feature value replaced by the value of row k, for every (i, k).
        swapped = score[:, None] + coef[feature] * (pool[None, :] - Xg[:, feature][:, None])
        hit = (swapped > 0).astype(int) == yg[:, None]
        if how == "derangement":
            n = len(yg)
            shuffled = (hit.sum() - np.trace(hit)) / (n * (n - 1)) if n > 1 else np.nan
        else:
            shuffled = hit.mean()
        out[str(g)] = {"signed": shuffled - base, "shuffled": shuffled}.get(how, base - shuffled)
    return out


def importance(X, y, groups, coef, intercept, feature) -> dict[str, float]:
    return importance_variant(X, y, groups, coef, intercept, feature)


# -- q2: partial dependence at one value, by group ----------------------------------------------
class _Screen(RegressorMixin, BaseEstimator):
    """The screening model as a fitted regressor of its probability (for scikit-learn)."""

    def __init__(self, coef=None, intercept=0.0):
        self.coef = coef
        self.intercept = intercept

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        return proba(np.asarray(X, dtype=float), self.coef, self.intercept)

    def __sklearn_is_fitted__(self):
        return True


def partial_dependence(X, groups, coef, intercept, feature, value) -> dict[str, float]:
    frame = _frame(X)
    curves = partial_dependence_by_group(
        _Screen(np.asarray(coef, dtype=float), intercept),
        frame,
        str(feature),
        sensitive_features=np.asarray(groups),
        grid=[float(value)],
    )
    return {str(g): float(curves[g].iloc[0]) for g in curves.columns}


def partial_dependence_variant(X, groups, coef, intercept, feature, value, how) -> dict:
    X, groups = np.asarray(X, dtype=float), np.asarray(groups)
    out = {}
    for g in _sorted_groups(groups):
        rows = X[groups == g].copy()
        if how == "mean_row":
            rows = rows.mean(axis=0, keepdims=True)
        if how != "not_set":
            rows[:, feature] = value
        if how == "overall":
            rows = X.copy()
            rows[:, feature] = value
        p = proba(rows, coef, intercept)
        out[str(g)] = float(np.mean(p > 0.5) if how == "decisions" else np.mean(p))
    return out


# -- q3: exact Shapley values of one row ----------------------------------------------------------
def _screen_function(coef, intercept):
    coef = np.asarray(coef, dtype=float)
    return lambda frame: proba(frame.to_numpy(dtype=float), coef, intercept)


def shapley(x, background, coef, intercept) -> dict[str, float]:
    result = shapley_values(
        _screen_function(coef, intercept), _frame(x), background=_frame(background)
    )
    return {k: float(v) for k, v in result.values.iloc[0].items()}


def _value(x, background, coef, intercept, coalition) -> float:
    rows = np.array(background, dtype=float)
    rows[:, list(coalition)] = np.asarray(x, dtype=float)[list(coalition)]
    return float(proba(rows, coef, intercept).mean())


def shapley_variant(x, background, coef, intercept, how) -> dict[str, float]:
    x, background = np.asarray(x, dtype=float), np.asarray(background, dtype=float)
    d = len(x)
    if how == "log_odds":
        phi = np.asarray(coef) * (x - background.mean(axis=0))
        return dict(zip(_names(d), phi.tolist(), strict=True))
    if how == "mean_baseline":
        background = background.mean(axis=0, keepdims=True)
    everyone = tuple(range(d))
    out = {}
    for i in range(d):
        others = [j for j in everyone if j != i]
        if how == "leave_one_out":
            phi = _value(x, background, coef, intercept, everyone)
            phi -= _value(x, background, coef, intercept, others)
        elif how == "first_order":
            phi = _value(x, background, coef, intercept, (i,))
            phi -= _value(x, background, coef, intercept, ())
        else:
            phi = 0.0
            for size in range(d):
                if how == "banzhaf":
                    weight = 1.0 / 2 ** (d - 1)
                else:
                    weight = factorial(size) * factorial(d - size - 1) / factorial(d)
                for S in combinations(others, size):
                    gain = _value(x, background, coef, intercept, (*S, i))
                    phi += weight * (gain - _value(x, background, coef, intercept, S))
        out[str(i)] = float(phi)
    return out


# -- q4 and q6: the gap in mean contribution between two groups ---------------------------------
def _all_shapley(X, background, coef, intercept) -> pd.DataFrame:
    return shapley_values(
        _screen_function(coef, intercept), _frame(X), background=_frame(background)
    ).values


def contribution_gap_variant(
    X, background, groups, coef, intercept, group, reference, how="signed"
) -> dict[str, float]:
    groups = np.asarray(groups)
    if how == "log_odds":
        X = np.asarray(X, dtype=float)
        diff = X[groups == group].mean(axis=0) - X[groups == reference].mean(axis=0)
        return dict(zip(_names(X.shape[1]), (np.asarray(coef) * diff).tolist(), strict=True))
    values = _all_shapley(X, background, coef, intercept)
    if how == "absolute":
        values = values.abs()
    gap = values[groups == group].mean(axis=0) - values[groups == reference].mean(axis=0)
    if how == "reversed":
        gap = -gap
    return {k: float(v) for k, v in gap.items()}


def contribution_gap(X, background, groups, coef, intercept, group, reference) -> dict:
    return contribution_gap_variant(X, background, groups, coef, intercept, group, reference)


def gap_carriers_variant(
    X, background, groups, coef, intercept, group, reference, min_share, how="signed"
) -> dict[str, float]:
    groups = np.asarray(groups)
    values = _all_shapley(X, background, coef, intercept)
    gap = values[groups == group].mean(axis=0) - values[groups == reference].mean(axis=0)
    p = proba(X, coef, intercept)
    total = p[groups == group].mean() - p[groups == reference].mean()
    if how == "absolute_share":
        share = gap.abs() / gap.abs().sum()
    elif how == "magnitude":
        share = gap.abs() / abs(total)
    elif how == "importance":
        share = values.abs().mean(axis=0) / values.abs().mean(axis=0).sum()
    else:
        share = gap / total
    return {k: float(v >= min_share) for k, v in share.items()}


def gap_carriers(X, background, groups, coef, intercept, group, reference, min_share) -> dict:
    return gap_carriers_variant(X, background, groups, coef, intercept, group, reference, min_share)


# -- q5: explanation disparity --------------------------------------------------------------------
def disparity(data: pd.DataFrame, normalize: bool) -> dict[str, float]:
    table = data.set_index("feature").astype(float)
    return {
        str(k): float(v)
        for k, v in explanation_disparity(table, normalize=normalize)["difference"].items()
    }


def disparity_variant(data: pd.DataFrame, normalize: bool, how: str) -> dict[str, float]:
    table = data.set_index("feature").astype(float)
    if how == "by_max" and normalize:
        table = table / table.abs().max(axis=0)
    elif how == "by_sum_signed" and normalize:
        table = table / table.sum(axis=0)
    if how == "ratio":
        out = table.max(axis=1) / table.min(axis=1)
    elif how == "first_last":
        out = table.iloc[:, 0] - table.iloc[:, -1]
    else:
        out = table.max(axis=1) - table.min(axis=1)
    return {str(k): float(v) for k, v in out.items()}
