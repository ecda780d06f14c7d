"""Texts of m05-data-debiasing: hints, solutions, typical wrong answers, the written prompt.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``,
``LogisticRegression``, ``make_pipeline``, ``StandardScaler``, ``fm`` (fairkit.metrics),
``FEATURES`` and ``hiring`` are defined). Each wrong answer is one typical mistake; the tests
check that each fails and that its message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

_Q1 = "reweighing_weights(y, groups)"
_Q2 = "target_counts(y, groups)"
_Q3 = "preferential_copies(scores, y, groups)"
_Q4 = "decorrelate(x, s, alpha)"
_Q5 = "repair_feature(x, groups, repair_level)"
_Q6 = "mitigation_report(data)"


_wrong = WrongAnswer.function


# -- q1 ------------------------------------------------------------------------------------------
Q1_HINTS = (
    "A weight compares how often a (group, label) cell *should* occur if label and group were "
    "independent with how often it *does* occur.",
    "w(g, y) = P(g) P(y) / P(g, y) = (n_g / n) (n_y / n) / (n_gy / n) = n_g n_y / (n n_gy).",
    "`pd.crosstab(groups, y)` gives n_gy; its row sums are n_g, its column sums n_y. Build the "
    "two columns `w0` and `w1` from them and return a DataFrame indexed by group.",
)
_COUNTS = (
    "    table = pd.crosstab(np.asarray(groups), np.asarray(y))\n"
    "    n, n_g, n_y = table.to_numpy().sum(), table.sum(axis=1), table.sum(axis=0)\n"
)
Q1_SOLUTION = (
    f"def {_Q1}:\n" + _COUNTS + "    weights = {f'w{label}': n_g * n_y[label] / (n * table[label])"
    " for label in (0, 1)}\n"
    "    return pd.DataFrame(weights)\n"
)


def _q1(expr: str) -> str:
    return (
        _COUNTS + "    return pd.DataFrame(\n"
        f"        {{f'w{{label}}': {expr} for label in (0, 1)}}\n"
        "    )\n"
    )


Q1_WRONG = (
    _wrong("inverse weights", "upside down", _Q1, _q1("n * table[label] / (n_g * n_y[label])")),
    _wrong("labels swapped", "swapped", _Q1, _q1("n_g * n_y[1 - label] / (n * table[1 - label])")),
    _wrong("no P(g)", "P(g)", _Q1, _q1("n_y[label] / table[label]")),
    _wrong("counts, not shares", "counts", _Q1, _q1("n_g * n_y[label] / table[label]")),
)

# -- q2 ------------------------------------------------------------------------------------------
Q2_HINTS = (
    "Uniform and preferential sampling both start from the size each (group, label) cell would "
    "have if the label did not depend on the group.",
    "That expected size is n_g * n_y / n (the reweighing weight times the current size), "
    "rounded to the nearest whole number of rows.",
    "From `pd.crosstab(groups, y)`: `np.outer(row sums, column sums) / n`, then `np.rint`; "
    "return a DataFrame with columns `n0`, `n1` indexed by group.",
)
_EXPECTED = (
    "    table = pd.crosstab(np.asarray(groups), np.asarray(y))\n"
    "    n_g, n_y = table.sum(axis=1).to_numpy(), table.sum(axis=0).to_numpy()\n"
    "    expected = np.outer(n_g, n_y) / table.to_numpy().sum()\n"
)
Q2_SOLUTION = (
    f"def {_Q2}:\n" + _EXPECTED + "    return pd.DataFrame(np.rint(expected), "
    "index=table.index, columns=['n0', 'n1'])\n"
)


def _q2(expr: str) -> str:
    return _EXPECTED + f"    return pd.DataFrame({expr}, index=table.index, columns=['n0', 'n1'])\n"


Q2_WRONG = (
    _wrong("not rounded", "round", _Q2, _q2("expected")),
    _wrong("rounded down", "rounded down", _Q2, _q2("np.floor(expected)")),
    _wrong("the current counts", "current", _Q2, _q2("table.to_numpy()")),
    _wrong("labels swapped", "swapped", _Q2, _q2("np.rint(expected)[:, ::-1]")),
)

# -- q3 ------------------------------------------------------------------------------------------
Q3_HINTS = (
    "Start from q2's target size of every cell. A cell with too many rows loses some, a cell "
    "with too few gets copies: preferential sampling picks the rows nearest the boundary.",
    "Nearest the boundary: for positives the lowest scores, for negatives the highest. Sort "
    "each cell that way; drop its first k rows, or add one copy of each of its first k rows, "
    "starting again from the top when k exceeds the cell's size.",
    "Loop over groups and labels; `cell = rows[np.argsort(key[rows])]` with "
    "`key = np.where(y == 1, scores, -scores)`; `np.resize(cell, k)` repeats the order "
    "cyclically; accumulate with `np.add.at(copies, ..., 1)`.",
)
Q3_SOLUTION = f"""def {_Q3}:
    scores, y, groups = np.asarray(scores, dtype=float), np.asarray(y), np.asarray(groups)
    targets = target_counts(y, groups)
    key = np.where(y == 1, scores, -scores)  # small = close to the boundary
    copies = np.ones(len(y), dtype=int)
    for g in targets.index:
        for label in (0, 1):
            cell = np.flatnonzero((groups == g) & (y == label))
            cell = cell[np.argsort(key[cell], kind="stable")]
            k = int(targets.loc[g, f"n{{label}}"]) - len(cell)
            if k < 0:
                copies[cell[:-k]] = 0
            else:
                np.add.at(copies, np.resize(cell, k), 1)
    return pd.Series(copies)
"""


def _q3(key: str, add: str = "np.add.at(copies, np.resize(cell, k), 1)") -> str:
    return Q3_SOLUTION.replace("np.where(y == 1, scores, -scores)", key).replace(
        "np.add.at(copies, np.resize(cell, k), 1)", add
    )


Q3_WRONG = tuple(
    WrongAnswer(label, code, detects)
    for label, code, detects in (
        ("the most confident rows", _q3("np.where(y == 1, -scores, scores)"), "farthest"),
        ("lowest scores for both labels", _q3("scores"), "negatives"),
        ("no cycling", _q3("np.where(y == 1, scores, -scores)", "copies[cell[:k]] += 1"), "again"),
    )
)

# -- q4 ------------------------------------------------------------------------------------------
Q4_HINTS = (
    "Remove from x the part that a straight line in s explains, and keep everything else.",
    "slope = cov(x, s) / var(s); the filtered feature is x - slope * (s - mean(s)); blend: "
    "alpha * filtered + (1 - alpha) * x.",
    "`sc = s - s.mean()`; `slope = sc @ (x - x.mean()) / (sc @ sc)`; return "
    "`pd.Series(x - alpha * slope * sc)`.",
)
Q4_SOLUTION = f"""def {_Q4}:
    x, s = np.asarray(x, dtype=float), np.asarray(s, dtype=float)
    centred = s - s.mean()
    beta = centred @ (x - x.mean()) / (centred @ centred)
    return pd.Series(x - alpha * beta * centred)
"""
Q4_WRONG = (
    _wrong(
        "alpha ignored",
        "alpha",
        _Q4,
        "    x, s = np.asarray(x, dtype=float), np.asarray(s, dtype=float)\n"
        "    sc = s - s.mean()\n"
        "    return pd.Series(x - (sc @ x / (sc @ sc)) * sc)\n",
    ),
    _wrong(
        "s not centred",
        "centre",
        _Q4,
        "    x, s = np.asarray(x, dtype=float), np.asarray(s, dtype=float)\n"
        "    sc = s - s.mean()\n"
        "    return pd.Series(x - alpha * (sc @ x / (sc @ sc)) * s)\n",
    ),
    _wrong(
        "correlation instead of slope",
        "slope",
        _Q4,
        "    x, s = np.asarray(x, dtype=float), np.asarray(s, dtype=float)\n"
        "    return pd.Series(x - alpha * np.corrcoef(x, s)[0, 1] * (s - s.mean()))\n",
    ),
)

# -- q5 ------------------------------------------------------------------------------------------
Q5_HINTS = (
    "Each value keeps its rank within its own group; at full repair it moves to the value "
    "that rank has in the 'median distribution' of the groups.",
    "Rank u = (rank in group - 0.5) / n_g. For every group h, Q_h(u) = np.interp(u, "
    "(np.arange(n_h) + 0.5) / n_h, np.sort(x_h)); the target is the median over h of Q_h(u); "
    "the answer is (1 - repair_level) * x + repair_level * target.",
    "`u = (pd.Series(x).groupby(groups).rank().to_numpy() - 0.5) / sizes`, then "
    "`np.median([np.interp(u, pos_h, sorted_h) for each group h], axis=0)`.",
)
Q5_SOLUTION = f"""def {_Q5}:
    x, groups = np.asarray(x, dtype=float), np.asarray(groups)
    sizes = pd.Series(groups).map(pd.Series(groups).value_counts()).to_numpy()
    rank_in_group = pd.Series(x).groupby(groups).rank().to_numpy()
    u = (rank_in_group - 0.5) / sizes
    quantiles = []
    for h in np.unique(groups):
        xh = np.sort(x[groups == h])
        quantiles.append(np.interp(u, (np.arange(len(xh)) + 0.5) / len(xh), xh))
    target = np.median(quantiles, axis=0)
    return pd.Series((1 - repair_level) * x + repair_level * target)
"""
Q5_WRONG = tuple(
    WrongAnswer(label, code, detects)
    for label, code, detects in (
        (
            "repair level ignored",
            Q5_SOLUTION.replace("(1 - repair_level) * x + repair_level * target", "target"),
            "repair_level",
        ),
        (
            "level reversed",
            Q5_SOLUTION.replace(
                "(1 - repair_level) * x + repair_level * target",
                "repair_level * x + (1 - repair_level) * target",
            ),
            "reversed",
        ),
        (
            "group means moved together",
            f"def {_Q5}:\n"
            "    x = pd.Series(np.asarray(x, dtype=float))\n"
            "    shift = x.groupby(np.asarray(groups)).transform('mean') - x.mean()\n"
            "    return x - repair_level * shift\n",
            "means",
        ),
    )
)
