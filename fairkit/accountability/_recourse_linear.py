"""Minimal-cost recourse for a linear score, in closed form, for many rows at once.

For ``s(x) = w . x + b`` (signed so that a larger score means the desired decision), bounds
``low <= x' <= high`` on the actionable features, the others fixed, and cost
``sum_j c_j |x'_j - x_j|``, the cheapest ``x'`` with ``s(x') > 0`` is a fractional knapsack
(the linear relaxation of Ustun, Spangher & Liu 2019): moving feature j by one unit in the
direction of ``w_j`` buys ``|w_j|`` of score for ``c_j``, so features are used in increasing
order of ``c_j / |w_j|``, each up to its bound, until the score deficit is covered. Moving a
feature against ``w_j`` never helps, so this greedy order is optimal.
"""

from __future__ import annotations

import numpy as np

# The score is brought to just above 0: predict() approves only strictly positive scores.
_MARGIN = 1e-12


def linear_weights(model, names: list):
    """The weights of a binary linear model, aligned with ``names``; None if not linear."""
    coef, intercept = getattr(model, "coef_", None), getattr(model, "intercept_", None)
    if coef is None or intercept is None or not hasattr(model, "decision_function"):
        return None
    coef = np.asarray(coef, dtype=float)
    if coef.ndim == 2 and coef.shape[0] == 1:
        coef = coef[0]
    if coef.ndim != 1 or np.size(intercept) != 1 or len(coef) != len(names):
        return None
    fitted_names = getattr(model, "feature_names_in_", None)
    if fitted_names is None:
        return coef
    by_name = dict(zip(map(str, fitted_names), coef, strict=True))
    if set(by_name) != set(map(str, names)):
        return None
    return np.array([by_name[str(n)] for n in names])


def solve(score, xa, w, costs, low, high):
    """Closed-form changes of the actionable features, for every row.

    Parameters
    ----------
    score : ndarray (n,)
        Signed score of each row (> 0: already the desired decision).
    xa : ndarray (n, k)
        Actionable values; ``w`` (k,) their signed weights; ``costs``, ``low``, ``high`` (k,).

    Returns
    -------
    delta : ndarray (n, k)
        The change of each actionable feature (all of its room for infeasible rows).
    feasible : ndarray (n,) of bool
    shortfall : ndarray (n,)
        Score still missing at the bounds (0 where feasible).
    """
    n, k = xa.shape
    margin = _MARGIN * (1.0 + np.abs(score) + np.abs(xa * w).sum(axis=1))
    need = margin - score
    aw = np.abs(w)
    helpful = aw > 0
    with np.errstate(invalid="ignore"):
        room = np.where(w > 0, high - xa, xa - low)
        gain = np.where(helpful, aw * room, 0.0)
    ratio = np.where(helpful, costs / np.where(helpful, aw, 1.0), np.inf)
    order = np.argsort(ratio, kind="stable")
    order = order[helpful[order]]
    g = gain[:, order]
    before = np.concatenate([np.zeros((n, 1)), np.cumsum(g, axis=1)[:, :-1]], axis=1)
    used = np.clip(need[:, None] - before, 0.0, g)  # score bought from each feature
    delta = np.zeros((n, k))
    delta[:, order] = np.sign(w[order]) * used / aw[order]
    total = g.sum(axis=1)
    feasible = (need <= 0) | (need <= total)
    delta[need <= 0] = 0.0
    shortfall = np.where(feasible, 0.0, need - total)
    return delta, feasible, shortfall
