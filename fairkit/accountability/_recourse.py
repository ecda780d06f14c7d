"""Recourse: the cheapest change of the actionable features that turns a denial around."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fairkit.accountability import _errors as E
from fairkit.accountability import _recourse_inputs as I
from fairkit.accountability._recourse_linear import linear_weights, solve
from fairkit.accountability._recourse_search import search
from fairkit.accountability._recourse_text import ALREADY, explain, infeasible_text

__all__ = ["Recourse", "recourse"]


@dataclass(frozen=True)
class Recourse:
    """The change recommended to one person, or why there is none.

    Attributes
    ----------
    feasible : bool
        A change within the bounds flips the decision (found, for the search).
    cost : float
        ``sum_j costs[j] * |new_j - old_j|`` over the actionable features (NaN if infeasible).
    changes : dict
        Feature -> (old value, new value), only the features that change.
    counterfactual : pandas.Series
        The person's features after the change (the original row if infeasible).
    flipped : bool
        ``model.predict`` of the counterfactual gives the desired class (checked, not assumed).
    method : {"linear", "search", "none"}
        "none": already the desired decision.
    optimal : bool
        True for the linear closed form (and "none"); the search is a heuristic.
    explanation : str
        The advice in words, with units; the values shown are rounded and still flip.
    blocking : tuple
        If infeasible: the actionable features that would have to move beyond their bounds.
    needed : dict
        If infeasible (linear): the value each blocking feature would need, alone, with every
        other actionable feature at its bound.
    """

    feasible: bool
    cost: float
    changes: dict
    counterfactual: pd.Series
    flipped: bool
    method: str
    optimal: bool
    explanation: str
    blocking: tuple = ()
    needed: dict = field(default_factory=dict)


def recourse(
    model,
    x,
    *,
    actionable,
    costs=None,
    bounds=None,
    units=None,
    desired=None,
    method: str = "auto",
    n_grid: int = 50,
) -> Recourse:
    """The cheapest change of the actionable features that gives ``x`` the desired decision.

    Minimises the weighted L1 cost ``sum_j costs[j] * |x'_j - x_j|`` over the actionable
    features, within ``bounds``, every other feature unchanged, subject to
    ``model.predict(x') == desired``. For a binary linear model (``coef_``, ``intercept_``,
    ``decision_function``: e.g. ``LogisticRegression``, ``LinearSVC``) the minimum is
    exact, in closed form (the continuous relaxation of Ustun, Spangher & Liu 2019): the
    features with the lowest cost per unit of score ``costs[j] / |w_j|`` are used first,
    each up to its bound. For any other model (pipelines included) a search over the
    actionable features within the bounds finds a change (see ``_recourse_search``): it is
    not guaranteed to be the cheapest, and may miss one.

    Parameters
    ----------
    model : fitted classifier with ``predict``
    x : pandas.Series, dict, 1-row DataFrame or 1-D array
        The person's features (named; an array's are x0, x1, ...).
    actionable : list of feature names
        The features the person can change; all others are immutable.
    costs : float or dict, optional
        Cost per unit of each actionable feature (default 1; e.g. 1 / MAD of the feature for
        changes comparable across units, Wachter et al. 2017).
    bounds : dict, optional
        Feature -> ``(low, high)`` allowed values (None: no bound on that side). The search
        needs finite bounds for every actionable feature.
    units : dict, optional
        Feature -> unit shown in the explanation, e.g. ``{"income": "USD"}``.
    desired : optional
        The class to reach (default: the last of ``model.classes_``, the positive class).
    method : {"auto", "linear", "search"}, default "auto"
    n_grid : int, default 50
        Grid points per feature and direction for the search.

    Returns
    -------
    Recourse

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> from fairkit.accountability import recourse
    >>> X = pd.DataFrame({"income": [20e3, 30e3, 50e3, 60e3], "age": [30, 40, 30, 40]})
    >>> model = LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> model.coef_, model.intercept_ = np.array([[1e-3, 0.0]]), np.array([-38.5])
    >>> r = recourse(model, X.iloc[1], actionable=["income"], units={"income": "USD"})
    >>> r.explanation
    'Increase income from 30,000 to 38,501 USD; no other change needed.'
    >>> round(r.cost, 3), r.flipped, r.optimal
    (8500.0, True, True)
    """
    if method not in I.METHODS:
        raise ValueError(E.RECOURSE_BAD_METHOD.format(method=method))
    if not I.is_int(n_grid, 2):
        raise ValueError(E.RECOURSE_BAD_N_GRID.format(value=n_grid))
    row = I.as_row(x)
    p = I.problem(
        model,
        row.index,
        actionable=actionable,
        costs=costs,
        bounds=bounds,
        units=units,
        desired=desired,
    )
    frame = row.to_frame().T.infer_objects()
    xa = I.actionable_values(frame, p)[0]
    w = None if method == "search" else linear_weights(model, p.names)
    if method == "linear" and w is None:
        raise ValueError(E.RECOURSE_NOT_LINEAR.format(kind=type(model).__name__))
    if I.predict(model, frame)[0] == p.desired:
        return Recourse(True, 0.0, {}, row, True, "none", True, ALREADY)
    if w is not None:
        score = p.sign * np.ravel(model.decision_function(I.model_input(model, frame)))
        wa = p.sign * w[p.actionable]
        delta, feasible, shortfall = solve(score, xa[None], wa, p.costs, p.low, p.high)
        if not feasible[0]:
            return _infeasible(row, xa, p, wa, float(shortfall[0]), "linear")
        return _result(model, row, xa, xa + delta[0], p, "linear")
    for j, pos in enumerate(p.actionable):
        if not (np.isfinite(p.low[j]) and np.isfinite(p.high[j])):
            bounds_j = (float(p.low[j]), float(p.high[j]))
            raise ValueError(E.RECOURSE_NEEDS_BOUNDS.format(name=p.names[pos], bounds=bounds_j))
    new = search(model, row, xa, p, n_grid)
    if new is None:
        return _infeasible(row, xa, p, None, None, "search")
    return _result(model, row, xa, new, p, "search")


def _with(row: pd.Series, p, values) -> pd.Series:
    out = row.copy().astype(object)
    for j, pos in enumerate(p.actionable):
        out.iloc[pos] = float(values[j])
    return out


def _result(model, row, xa, new, p, method) -> Recourse:
    counterfactual = _with(row, p, new)
    frame = counterfactual.to_frame().T.infer_objects()
    flipped = bool(I.predict(model, frame)[0] == p.desired)
    moved = np.flatnonzero(new != xa)
    changes = {p.names[p.actionable[j]]: (float(xa[j]), float(new[j])) for j in moved}
    cost = float(np.sum(p.costs * np.abs(new - xa)))
    text = explain(model, row, changes, p)
    return Recourse(True, cost, changes, counterfactual, flipped, method, method == "linear", text)


def _infeasible(row, xa, p, wa, shortfall, method) -> Recourse:
    if wa is None:
        blocking = tuple(p.names[pos] for pos in p.actionable)
        needed = {}
    else:
        helpful = np.flatnonzero(wa != 0)
        blocking = tuple(p.names[p.actionable[j]] for j in helpful)
        edge = np.where(wa > 0, p.high, p.low)
        needed = {
            p.names[p.actionable[j]]: float(edge[j] + np.sign(wa[j]) * shortfall / abs(wa[j]))
            for j in helpful
        }
    edges = {p.names[p.actionable[j]]: (p.low[j], p.high[j]) for j in range(len(xa))}
    text = infeasible_text(blocking, needed, edges, p, method)
    return Recourse(
        False, float("nan"), {}, row, False, method, method == "linear", text, blocking, needed
    )
