"""Per-group ROC convex hulls and the linear programme over them that every threshold
post-processor here solves.

A group's decision rule "predict 1 when score >= t" is one point of its ROC curve, counted
as (false positives, true positives). Mixing rules at random reaches every point of the
convex hull of those points (Hardt, Price & Srebro 2016, section 3), and since accuracy and
every rate the constraints compare are linear in the counts, an optimum always sits at a
mixture of the vertices of the *upper* hull (the part above the chance diagonal). So each
group keeps only its hull vertices, and a single LP picks one mixture per group: minimise
the error subject to the groups' rates lying within ``tolerance`` of each other.
``tolerance=0`` is Hardt et al.'s exact post-processing; ``tolerance > 0`` is the relaxed
problem Cruz & Hardt (2024) solve to "unprocess" a model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from fairkit.metrics._groups import Groups

__all__ = ["CONSTRAINTS", "OBJECTIVES", "GroupPolicy", "solve_thresholds", "upper_hull"]

# The rates each constraint asks to be equal across groups.
CONSTRAINTS = {
    "demographic_parity": ("selection_rate",),
    "equal_opportunity": ("tpr",),
    "true_positive_rate_parity": ("tpr",),
    "equalized_odds": ("tpr", "fpr"),
}
OBJECTIVES = ("accuracy", "balanced_accuracy")


@dataclass(frozen=True)
class GroupPolicy:
    """A randomised threshold rule: predict 1 with probability ``sum(weights[thresholds <= s])``.

    ``thresholds`` are decreasing; ``+inf`` selects nobody, ``-inf`` everybody.
    """

    thresholds: np.ndarray
    weights: np.ndarray
    fpr: float
    tpr: float
    selection_rate: float

    def probability(self, scores: np.ndarray) -> np.ndarray:
        """Probability of a positive decision for each score."""
        # thresholds decrease, so the rules that select s are a prefix of the reversed list
        asc_t = self.thresholds[::-1]
        cum = np.concatenate([[0.0], np.cumsum(self.weights[::-1])])
        k = np.searchsorted(asc_t, scores, side="right")
        return np.clip(cum[k], 0.0, 1.0)


def _roc_counts(scores: np.ndarray, y: np.ndarray):
    """Thresholds (decreasing, from +inf) and the (fp, tp) counts of "score >= t"."""
    order = np.argsort(-scores, kind="stable")
    s, yy = scores[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]  # last row of each tie block
    tp = np.cumsum(yy)[last]
    fp = (last + 1) - tp
    thresholds = np.r_[np.inf, s[last]]
    if len(s):
        thresholds[-1] = -np.inf  # the lowest score selects everybody, also unseen lower ones
    return thresholds, np.r_[0, fp].astype(float), np.r_[0, tp].astype(float)


def upper_hull(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Indices of the upper convex hull of points sorted by ``x`` (then ``y``), ends included.

    Collinear middle points are dropped, so every kept vertex is a corner.

    Examples
    --------
    >>> upper_hull(np.array([0.0, 1, 2]), np.array([0.0, 2, 2])).tolist()
    [0, 1, 2]
    >>> upper_hull(np.array([0.0, 1, 2]), np.array([0.0, 1, 2])).tolist()
    [0, 2]
    """
    hull: list[int] = []
    for i in range(len(x)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            cross = (x[b] - x[a]) * (y[i] - y[a]) - (y[b] - y[a]) * (x[i] - x[a])
            if cross >= 0:  # b lies on or below the chord a-i
                hull.pop()
            else:
                break
        hull.append(i)
    return np.asarray(hull, dtype=np.intp)


def _rate_rows(fp, tp, n0, n1, metric):
    n = n0 + n1
    if metric == "selection_rate":
        return (fp + tp) / n
    if metric == "tpr":
        return tp / n1
    return fp / n0


def solve_thresholds(
    scores: np.ndarray,
    y: np.ndarray,
    groups: Groups,
    *,
    constraint: str,
    tolerance: float = 0.0,
    objective: str = "accuracy",
) -> list[GroupPolicy]:
    """One randomised threshold rule per group: the most accurate whose rates are within
    ``tolerance`` of each other (max minus min across groups, per rate the constraint names).

    Labels must already be checked (0/1, and both present in a group where a rate needs them).

    Examples
    --------
    >>> from fairkit.mitigation._validation import check_groups
    >>> g = check_groups(np.zeros(4), ["a", "a", "b", "b"])
    >>> p = solve_thresholds(np.array([.9, .1, .8, .2]), np.array([1, 0, 1, 0]), g,
    ...                      constraint="equalized_odds")
    >>> [(q.fpr, q.tpr) for q in p]
    [(0.0, 1.0), (0.0, 1.0)]
    """
    metrics = CONSTRAINTS[constraint]
    n = len(y)
    vertices, blocks = [], []
    for code in range(groups.n_groups):
        mask = groups.codes == code
        t, fp, tp = _roc_counts(scores[mask], y[mask])
        keep = upper_hull(fp, tp)
        n1 = float(y[mask].sum())
        vertices.append((t[keep], fp[keep], tp[keep], float(mask.sum()) - n1, n1))
    n_lam = sum(len(v[0]) for v in vertices)
    n_var = n_lam + 2 * len(metrics)  # lambdas, then (low, high) per constrained rate
    cost = np.zeros(n_var)
    a_eq = np.zeros((groups.n_groups, n_var))
    a_ub, b_ub = [], []
    start = 0
    n1_all = float(y.sum())
    n0_all = n - n1_all
    for code, (t, fp, tp, n0, n1) in enumerate(vertices):
        sl = slice(start, start + len(t))
        blocks.append(sl)
        a_eq[code, sl] = 1.0
        if objective == "accuracy":
            cost[sl] = (fp - tp) / n  # errors = fp + (n1 - tp); the constant n1 drops out
        else:
            cost[sl] = 0.5 * (fp / max(n0_all, 1.0) - tp / max(n1_all, 1.0))
        for m, metric in enumerate(metrics):
            rate = _rate_rows(fp, tp, n0, n1, metric)
            low, high = n_lam + 2 * m, n_lam + 2 * m + 1
            row = np.zeros(n_var)
            row[sl], row[high] = rate, -1.0  # rate_g <= high
            a_ub.append(row)
            b_ub.append(0.0)
            row = np.zeros(n_var)
            row[sl], row[low] = -rate, 1.0  # low <= rate_g
            a_ub.append(row)
            b_ub.append(0.0)
        start = sl.stop
    for m in range(len(metrics)):
        row = np.zeros(n_var)
        row[n_lam + 2 * m + 1], row[n_lam + 2 * m] = 1.0, -1.0
        a_ub.append(row)
        b_ub.append(tolerance)
    res = linprog(
        cost,
        A_ub=np.array(a_ub),
        b_ub=np.array(b_ub),
        A_eq=a_eq,
        b_eq=np.ones(groups.n_groups),
        bounds=(0.0, 1.0),
        method="highs",
    )
    if res.status != 0:  # the diagonal is always feasible, so this is a solver failure
        raise RuntimeError(f"the threshold linear programme failed: {res.message}")
    policies = []
    for (t, fp, tp, n0, n1), sl in zip(vertices, blocks, strict=True):
        lam = np.clip(res.x[sl], 0.0, None)
        lam[lam < 1e-12] = 0.0
        lam /= lam.sum()
        fpv, tpv = float(lam @ fp), float(lam @ tp)
        policies.append(
            GroupPolicy(
                thresholds=t,
                weights=lam,
                fpr=fpv / n0 if n0 else 0.0,
                tpr=tpv / n1 if n1 else 0.0,
                selection_rate=(fpv + tpv) / (n0 + n1),
            )
        )
    return policies
