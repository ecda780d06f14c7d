"""Texts of m04 q1-q4: hints, solutions, typical wrong answers (individual fairness, AUC, V).

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd`` and the
lending data are defined). Each wrong answer is one typical mistake; the tests check that
every one fails and that its message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q1_HINTS",
    "Q1_SOLUTION",
    "Q1_WRONG",
    "Q2_HINTS",
    "Q2_SOLUTION",
    "Q2_WRONG",
    "Q3_HINTS",
    "Q3_SOLUTION",
    "Q3_WRONG",
    "Q4_HINTS",
    "Q4_SOLUTION",
    "Q4_WRONG",
]


_wrong = WrongAnswer.function


# -- q1 consistency -------------------------------------------------------------------------------
Q1_HINTS = (
    "For each row, find the k other rows closest to it (Euclidean distance on X), and compare "
    "its decision with the average decision of those neighbours.",
    "All pairwise squared distances at once: `((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)`."
    " A row is not its own neighbour: set the diagonal to infinity before sorting each row.",
    "`np.argsort(dist, axis=1)[:, :k]` gives the neighbours' positions; the answer is "
    "`1 - mean(|y - y[neighbours].mean(axis=1)|)`.",
)
_Q1 = "consistency(X, y_pred, *, k)"
_Q1_BODY = (
    "    X, y = np.asarray(X, dtype=float), np.asarray(y_pred, dtype=float)\n"
    "    dist = {distance}\n"
    "{diagonal}"
    "    nearest = np.argsort(dist, axis=1)[:, :k]\n"
    "    return float({result})\n"
)
_EUCLID = "((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)"
_DIAG = "    np.fill_diagonal(dist, np.inf)\n"
_RESULT = "1 - np.abs(y - y[nearest].mean(axis=1)).mean()"
Q1_SOLUTION = f"def {_Q1}:\n" + _Q1_BODY.format(distance=_EUCLID, diagonal=_DIAG, result=_RESULT)
Q1_WRONG = (
    _wrong(
        "each row is its own neighbour",
        "its own neighbour",
        _Q1,
        _Q1_BODY.format(distance=_EUCLID, diagonal="", result=_RESULT),
    ),
    _wrong(
        "average disagreement instead of consistency",
        "average disagreement",
        _Q1,
        _Q1_BODY.format(
            distance=_EUCLID, diagonal=_DIAG, result="np.abs(y - y[nearest].mean(axis=1)).mean()"
        ),
    ),
    _wrong(
        "Manhattan distance",
        "Manhattan",
        _Q1,
        _Q1_BODY.format(
            distance="np.abs(X[:, None, :] - X[None, :, :]).sum(axis=2)",
            diagonal=_DIAG,
            result=_RESULT,
        ),
    ),
    _wrong(
        "differences not taken in absolute value",
        "absolute",
        _Q1,
        _Q1_BODY.format(
            distance=_EUCLID, diagonal=_DIAG, result="1 - (y - y[nearest].mean(axis=1)).mean()"
        ),
    ),
)

# -- q2 counterfactual flip rate ------------------------------------------------------------------
Q2_HINTS = (
    "Decide every row twice: once as it is, once with its sensitive value switched (0 <-> 1) and "
    "every other feature unchanged. Count the rows whose two decisions differ.",
    "A decision is `X @ coef + coef_sensitive * s + intercept > 0`; the counterfactual uses "
    "`1 - s` in place of `s`. The answer is a share of all rows.",
    "Write a small `decide(s)` returning the boolean decisions, then "
    "`np.mean(decide(s) != decide(1 - s))`.",
)
_Q2 = "flip_rate(X, sensitive, coef, *, coef_sensitive, intercept)"
_Q2_HEAD = (
    "    X, s = np.asarray(X, dtype=float), np.asarray(sensitive)\n"
    "    def decide(group):\n"
    "        return X @ np.asarray(coef) + coef_sensitive * group + intercept > 0\n"
)
Q2_SOLUTION = f"def {_Q2}:\n" + _Q2_HEAD + "    return float(np.mean(decide(s) != decide(1 - s)))\n"
Q2_WRONG = (
    _wrong(
        "a count, not a share",
        "number of rows",
        _Q2,
        _Q2_HEAD + "    return float(np.sum(decide(s) != decide(1 - s)))\n",
    ),
    _wrong(
        "only the rows of group 1",
        "only the rows with sensitive == 1",
        _Q2,
        _Q2_HEAD
        + "    changed = decide(s) != decide(1 - s)\n    return float(changed[s == 1].mean())\n",
    ),
    _wrong(
        "only lost approvals",
        "only the approvals that were lost",
        _Q2,
        _Q2_HEAD + "    return float(np.mean(decide(s) & ~decide(1 - s)))\n",
    ),
    _wrong(
        "everyone set to 1 instead of swapping",
        "set everyone to 1",
        _Q2,
        _Q2_HEAD + "    return float(np.mean(decide(s) != decide(np.ones_like(s))))\n",
    ),
    _wrong(
        "gap in approval rates",
        "approval rates",
        _Q2,
        _Q2_HEAD + "    return float(abs(decide(s).mean() - decide(1 - s).mean()))\n",
    ),
)

# -- q3 single-feature AUC ------------------------------------------------------------------------
Q3_HINTS = (
    "The AUC is the probability that a random row of the positive group has a higher score than "
    "a random row of the other groups, a tie counting one half.",
    "Either compare all pairs (`a[:, None] > b[None, :]`, plus half of `==`), or use ranks: "
    "with average ranks r of all scores, AUC = (sum of r over positives - n1 (n1 + 1) / 2) / "
    "(n1 n0) (the Mann-Whitney U statistic divided by n1 n0).",
    "`ranks = pd.Series(scores).rank().to_numpy()` gives average ranks (ties share them); "
    "a boolean mask of the positive rows (compare `groups` with `positive`); then the formula "
    "above.",
)
_Q3 = "auc(scores, groups, *, positive)"
_Q3_HEAD = (
    "    x = np.asarray(scores, dtype=float)\n"
    "    pos = np.asarray(groups) == positive\n"
    "    a, b = x[pos][:, None], x[~pos][None, :]\n"
)
Q3_SOLUTION = (
    f"def {_Q3}:\n"
    "    x = pd.Series(np.asarray(scores, dtype=float))\n"
    "    pos = np.asarray(groups) == positive\n"
    "    ranks = x.rank().to_numpy()  # average ranks: tied scores share them\n"
    "    n1, n0 = pos.sum(), (~pos).sum()\n"
    "    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))\n"
)
Q3_WRONG = (
    _wrong(
        "ties count nothing",
        "tied pairs as 0",
        _Q3,
        _Q3_HEAD + "    return float((a > b).mean())\n",
    ),
    _wrong(
        "ties count fully",
        "tied pairs as 1",
        _Q3,
        _Q3_HEAD + "    return float((a >= b).mean())\n",
    ),
    _wrong(
        "groups swapped",
        "other way round",
        _Q3,
        _Q3_HEAD + "    return float((a < b).mean() + 0.5 * (a == b).mean())\n",
    ),
    _wrong(
        "always at least 0.5",
        "other way round",
        _Q3,
        _Q3_HEAD + "    value = (a > b).mean() + 0.5 * (a == b).mean()\n"
        "    return float(max(value, 1 - value))\n",
    ),
)

# -- q4 Cramér's V --------------------------------------------------------------------------------
Q4_HINTS = (
    "Cramér's V rescales the chi-squared statistic of the contingency table (feature x group) "
    "to [0, 1]: 0 = independent, 1 = the feature determines the group.",
    "Table O = `pd.crosstab(feature, groups)`; expected E = row total x column total / n; "
    "chi2 = sum((O - E)^2 / E); V = sqrt(chi2 / (n (min(rows, columns) - 1))). No continuity "
    "correction, no bias correction.",
    "Build the table with `pd.crosstab(...).to_numpy(dtype=float)`; the expected counts are the "
    "outer product of its row and column totals divided by n (`np.outer`); then the formula "
    "with `min(table.shape)`.",
)
_Q4 = "cramers_v(feature, groups)"
_Q4_HEAD = (
    "    table = pd.crosstab(np.asarray(feature), np.asarray(groups)).to_numpy(dtype=float)\n"
    "    n = table.sum()\n"
    "    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / n\n"
    "    chi2 = ((table - expected) ** 2 / expected).sum()\n"
)
Q4_SOLUTION = (
    f"def {_Q4}:\n" + _Q4_HEAD + "    return float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))\n"
)
Q4_WRONG = (
    _wrong(
        "no square root",
        "square root",
        _Q4,
        _Q4_HEAD + "    return float(chi2 / (n * (min(table.shape) - 1)))\n",
    ),
    _wrong(
        "the larger dimension",
        "smaller of the numbers",
        _Q4,
        _Q4_HEAD + "    return float(np.sqrt(chi2 / (n * (max(table.shape) - 1))))\n",
    ),
    _wrong(
        "phi, not V",
        "phi coefficient",
        _Q4,
        _Q4_HEAD + "    return float(np.sqrt(chi2 / n))\n",
    ),
    _wrong(
        "the chi-squared statistic",
        "chi-squared statistic itself",
        _Q4,
        _Q4_HEAD + "    return float(chi2)\n",
    ),
)
