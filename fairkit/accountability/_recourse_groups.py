"""Is recourse harder for one group? The cost of recourse of the denied, compared by group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from fairkit.accountability import _errors as E
from fairkit.accountability import _recourse_inputs as I
from fairkit.accountability._recourse import recourse
from fairkit.accountability._recourse_linear import linear_weights, solve

__all__ = ["GroupRecourse", "recourse_by_group"]


@dataclass(frozen=True)
class GroupRecourse:
    """Recourse of every denied row, summarised by group.

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per group: ``n``, ``denied``, ``infeasible``, ``share_infeasible`` (of the
        denied), ``mean_cost`` and ``median_cost`` (over the denied with a feasible change).
    costs : pandas.Series
        Cost of each denied row's recourse (index of ``X``; NaN where infeasible).
    groups : pandas.Series
        Group of each denied row.
    flipped : pandas.Series of bool
        Per denied row with a feasible change: the model approves the changed row.
    method : str
        "linear" (exact) or "search" (heuristic).
    """

    summary: pd.DataFrame
    costs: pd.Series
    groups: pd.Series
    flipped: pd.Series
    method: str

    @property
    def median_cost_ratio(self) -> float:
        """Largest over smallest median cost across groups (1: recourse equally hard)."""
        medians = self.summary["median_cost"].dropna()
        return float(medians.max() / medians.min()) if medians.min() > 0 else float("nan")

    @property
    def hardest_group(self):
        """The group whose denied face the highest median cost."""
        return self.summary["median_cost"].idxmax()

    def rank_test(self) -> float:
        """p-value of a Kruskal-Wallis test that the denied groups' costs differ.

        Infeasible rows rank as the costliest (tied). NaN with fewer than two groups with
        denied rows, or when every cost is tied.
        """
        cost = self.costs.fillna(np.inf).to_numpy()
        ranks = stats.rankdata(cost)
        parts = [ranks[(self.groups == g).to_numpy()] for g in pd.unique(self.groups)]
        if len(parts) < 2 or np.ptp(ranks) == 0:
            return float("nan")
        return float(stats.kruskal(*parts).pvalue)


def _groups(X: pd.DataFrame, sensitive_features) -> pd.Series:
    try:
        in_x = sensitive_features in X.columns
    except TypeError:  # an unhashable array
        in_x = False
    if in_x:
        return X[sensitive_features].reset_index(drop=True)
    values = pd.Series(np.asarray(sensitive_features, dtype=object).ravel())
    if len(values) != len(X):
        raise ValueError(E.RECOURSE_LENGTH.format(got=len(values), expected=len(X)))
    return values


def recourse_by_group(
    model,
    X,
    *,
    sensitive_features,
    actionable,
    costs=None,
    bounds=None,
    desired=None,
    method: str = "auto",
    n_grid: int = 50,
) -> GroupRecourse:
    """Cost of recourse of the rows ``model`` denies, compared across groups.

    Each denied row gets the cheapest change of :func:`recourse` (same ``actionable``,
    ``costs``, ``bounds``, ``desired`` and ``method``). If one group's denied applicants sit
    further from the decision boundary, or more often against bounds, recourse is harder
    for that group even at equal denial rates (Ustun, Spangher & Liu 2019, section 5);
    ``result.rank_test()`` asks whether the difference is more than chance.
    Linear models are solved for all rows at once; the search runs row by row.

    Parameters
    ----------
    model, actionable, costs, bounds, desired, method, n_grid
        As in :func:`recourse`.
    X : pandas.DataFrame
    sensitive_features : column label of X, or array-like of shape (n_samples,)
        A column of ``X`` stays in ``X`` (the model may read it); it is immutable unless
        named in ``actionable``.

    Returns
    -------
    GroupRecourse

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> from fairkit.accountability import recourse_by_group
    >>> X = pd.DataFrame({"income": [30.0, 34.0, 20.0, 26.0, 50.0, 60.0]})
    >>> model = LogisticRegression().fit(X, [0, 0, 0, 0, 1, 1])
    >>> model.coef_, model.intercept_ = np.array([[1.0]]), np.array([-40.0])
    >>> r = recourse_by_group(model, X, sensitive_features=list("aabbab"), actionable=["income"])
    >>> r.summary["median_cost"].round(3).to_dict(), r.hardest_group
    ({'a': 8.0, 'b': 17.0}, 'b')
    """
    if not isinstance(X, pd.DataFrame):
        X = pd.DataFrame(np.asarray(X), columns=[f"x{j}" for j in range(np.shape(X)[1])])
    groups = _groups(X, sensitive_features)
    if method not in I.METHODS:
        raise ValueError(E.RECOURSE_BAD_METHOD.format(method=method))
    p = I.problem(
        model,
        X.columns,
        actionable=actionable,
        costs=costs,
        bounds=bounds,
        units=None,
        desired=desired,
    )
    xa = I.actionable_values(X, p)
    denied = np.flatnonzero(I.predict(model, X) != p.desired)
    w = None if method == "search" else linear_weights(model, p.names)
    if method == "linear" and w is None:
        raise ValueError(E.RECOURSE_NOT_LINEAR.format(kind=type(model).__name__))
    names = [p.names[pos] for pos in p.actionable]
    if w is not None:
        cost, flipped = _linear(model, X, xa, p, w, denied)
    else:
        cost, flipped = np.full(len(denied), np.nan), np.zeros(len(denied), dtype=bool)
        for i, row in enumerate(denied):
            r = recourse(
                model,
                X.iloc[row],
                actionable=names,
                costs=costs,
                bounds=bounds,
                desired=desired,
                method="search",
                n_grid=n_grid,
            )
            cost[i], flipped[i] = r.cost, r.flipped
        flipped = flipped[~np.isnan(cost)]
    index = X.index[denied]
    costs_s = pd.Series(cost, index=index, name="cost")
    group_s = pd.Series(groups.to_numpy()[denied], index=index, name="group")
    feasible = ~np.isnan(cost)
    return GroupRecourse(
        _summary(groups, group_s, costs_s),
        costs_s,
        group_s,
        pd.Series(flipped, index=index[feasible], name="flipped"),
        "linear" if w is not None else "search",
    )


def _linear(model, X, xa, p, w, denied):
    sub = X.iloc[denied]
    if not len(denied):
        return np.zeros(0), np.zeros(0, dtype=bool)
    score = p.sign * np.ravel(model.decision_function(I.model_input(model, sub)))
    wa = p.sign * w[p.actionable]
    delta, feasible, _ = solve(score, xa[denied], wa, p.costs, p.low, p.high)
    cost = np.where(feasible, (p.costs * np.abs(delta)).sum(axis=1), np.nan)
    changed = sub.copy().astype({p.names[pos]: float for pos in p.actionable})
    for j, pos in enumerate(p.actionable):
        changed.isetitem(pos, xa[denied, j] + delta[:, j])
    ok = np.zeros(0, dtype=bool)
    if feasible.any():
        ok = I.predict(model, changed[feasible]) == p.desired
    return cost, ok


def _summary(groups: pd.Series, group_s: pd.Series, costs_s: pd.Series) -> pd.DataFrame:
    n = groups.value_counts(sort=False)
    frame = pd.DataFrame({"group": group_s.to_numpy(), "cost": costs_s.to_numpy()})
    by = frame.groupby("group", sort=True)["cost"]
    out = pd.DataFrame({"n": n}).sort_index()
    out["denied"] = by.size().reindex(out.index, fill_value=0)
    out["infeasible"] = by.apply(lambda c: int(c.isna().sum())).reindex(out.index, fill_value=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_infeasible"] = out["infeasible"] / out["denied"].where(out["denied"] > 0)
    out["mean_cost"] = by.mean().reindex(out.index)
    out["median_cost"] = by.median().reindex(out.index)
    out.index.name = "group"
    return out
