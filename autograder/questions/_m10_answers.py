"""Texts of m10-explainability q1-q3: hints, solutions and typical wrong answers.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``,
``X_model``, ``gender``, ``hired``, ``decision``, ``background``, ``SCREEN_COEF`` and
``SCREEN_INTERCEPT`` are defined). Each wrong answer is one typical mistake; the tests check
that it fails and that its message names the mistake (``detects``).
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
]


_wrong = WrongAnswer.function


# -- q1 -------------------------------------------------------------------------------------------
Q1_HINTS = (
    "Work one group at a time. A random shuffle of the group's column sends the value of "
    "row k to row i with probability 1/n, whatever i and k (k = i included): so the average "
    "accuracy over all shuffles is the average over all n * n pairs (i, k).",
    "For the rows of group g: score = Xg @ coef + intercept. Replacing row i's value of the "
    "feature by row k's changes its score by coef[feature] * (Xg[k, feature] - Xg[i, "
    "feature]). Build that n x n matrix of scores with broadcasting, compare (> 0) with y "
    "of row i, and average; the importance is base accuracy minus that average.",
    "`swapped = score[:, None] + coef[feature] * (Xg[None, :, feature] - Xg[:, feature, "
    "None])`, then `np.mean((swapped > 0) == yg[:, None])`; collect one value per group in a "
    "dict and return `pd.Series(out)`.",
)
Q1_SOLUTION = (
    "def permutation_importance_by_group(X, y, groups, coef, *, intercept, feature):\n"
    "    X, y, groups = np.asarray(X, dtype=float), np.asarray(y), np.asarray(groups)\n"
    "    coef = np.asarray(coef, dtype=float)\n"
    "    out = {}\n"
    "    for g in np.unique(groups):\n"
    "        Xg, yg = X[groups == g], y[groups == g]\n"
    "        z = Xg @ coef + intercept\n"
    "        base = np.mean((z > 0) == yg)\n"
    "        # Row i (rows of the matrix) with the feature value of row k (columns).\n"
    "        column = Xg[:, feature]\n"
    "        swapped = z[:, None] + coef[feature] * (column[None, :] - column[:, None])\n"
    "        out[g] = base - np.mean((swapped > 0) == yg[:, None])\n"
    "    return pd.Series(out)\n"
)
_Q1 = "permutation_importance_by_group(X, y, groups, coef, *, intercept, feature)"
_Q1_START = (
    "    X, y, groups = np.asarray(X, dtype=float), np.asarray(y), np.asarray(groups)\n"
    "    coef, out = np.asarray(coef, dtype=float), {}\n"
)


def _q1_body(pool: str, result: str, mean: str = "np.mean(hit)") -> str:
    return _Q1_START + (
        "    for g in np.unique(groups):\n"
        "        Xg, yg = X[groups == g], y[groups == g]\n"
        "        score = Xg @ coef + intercept\n"
        "        base = np.mean((score > 0) == yg)\n"
        f"        pool = {pool}\n"
        "        change = pool[None, :] - Xg[:, feature, None]\n"
        "        swapped = score[:, None] + coef[feature] * change\n"
        "        hit = (swapped > 0) == yg[:, None]\n"
        f"        shuffled = {mean}\n"
        f"        out[g] = {result}\n"
        "    return pd.Series(out)\n"
    )


Q1_WRONG = (
    _wrong(
        "signed the other way", "wrong sign", _Q1, _q1_body("Xg[:, feature]", "shuffled - base")
    ),
    _wrong(
        "values drawn from every group",
        "shuffle within the group",
        _Q1,
        _q1_body("X[:, feature]", "base - shuffled"),
    ),
    _wrong(
        "a shuffle never leaves a row in place",
        "k = i included",
        _Q1,
        _q1_body(
            "Xg[:, feature]",
            "base - shuffled",
            "(hit.sum() - np.trace(hit)) / (len(yg) * (len(yg) - 1))",
        ),
    ),
    _wrong(
        "the shuffled accuracy itself",
        "subtract it from the base accuracy",
        _Q1,
        _q1_body("Xg[:, feature]", "shuffled"),
    ),
)

# -- q2 -------------------------------------------------------------------------------------------
Q2_HINTS = (
    "Partial dependence at `value` asks: if everyone in the group had `value` for this "
    "feature, and kept everything else, what would the model's average probability be?",
    "Copy X, set column `feature` to `value` in every row, compute every row's probability "
    "1 / (1 + exp(-(X @ coef + intercept))), then average the probabilities within each group "
    "(probabilities, not decisions, and the average of f, not f of the average row).",
    "`changed = np.asarray(X, dtype=float).copy(); changed[:, feature] = value`, then "
    "`pd.Series(p).groupby(np.asarray(groups)).mean()`.",
)
Q2_SOLUTION = (
    "def partial_dependence_by_group(X, groups, coef, *, intercept, feature, value):\n"
    "    new = np.array(X, dtype=float)\n"
    "    new[:, feature] = value\n"
    "    p = 1 / (1 + np.exp(-(new @ np.asarray(coef, dtype=float) + intercept)))\n"
    "    return pd.Series(p).groupby(np.asarray(groups)).mean()\n"
)
_Q2 = "partial_dependence_by_group(X, groups, coef, *, intercept, feature, value)"
_P = "1 / (1 + np.exp(-({rows} @ np.asarray(coef, dtype=float) + intercept)))"
_Q2_SET = (
    "    X, groups = np.asarray(X, dtype=float), np.asarray(groups)\n"
    "    changed = X.copy()\n"
    "    changed[:, feature] = value\n"
)
Q2_WRONG = (
    _wrong(
        "averages decisions",
        "decisions instead of probabilities",
        _Q2,
        _Q2_SET
        + f"    p = {_P.format(rows='changed')}\n"
        + "    return pd.Series((p > 0.5).astype(float)).groupby(groups).mean()\n",
    ),
    _wrong(
        "feature not set",
        "set the feature to `value`",
        _Q2,
        "    X, groups = np.asarray(X, dtype=float), np.asarray(groups)\n"
        + f"    p = {_P.format(rows='X')}\n"
        + "    return pd.Series(p).groupby(groups).mean()\n",
    ),
    _wrong(
        "model of the average row",
        "the average row",
        _Q2,
        _Q2_SET
        + "    out = {}\n"
        + "    for g in np.unique(groups):\n"
        + "        row = changed[groups == g].mean(axis=0)\n"
        + f"        out[g] = {_P.format(rows='row')}\n"
        + "    return pd.Series(out)\n",
    ),
    _wrong(
        "everyone's average for every group",
        "every group got the average of all rows",
        _Q2,
        _Q2_SET
        + f"    p = {_P.format(rows='changed')}\n"
        + "    return pd.Series(p.mean(), index=np.unique(groups))\n",
    ),
)

# -- q3 -------------------------------------------------------------------------------------------
Q3_HINTS = (
    "A coalition S is a set of features. Its value v(S) is the model's average probability "
    "when the features in S take the applicant's values and the others take the values of "
    "each background row in turn. The Shapley value of feature i averages v(S + i) - v(S) "
    "over the coalitions S without i, with the weight |S|! (d - |S| - 1)! / d!.",
    "Write `value(S)`: copy the background, overwrite its columns S with x[S], and average "
    "the probabilities of the rows (the average of f, not f of the average row). Then loop "
    "over i, and over `itertools.combinations(others, size)` for size = 0 ... d - 1.",
    "`rows = background.copy(); rows[:, list(S)] = x[list(S)]`; `weight = factorial(size) * "
    "factorial(d - size - 1) / factorial(d)`; add `weight * (value(S + (i,)) - value(S))` "
    "to phi[i]; return `pd.Series(phi)` (indexed 0 ... d - 1).",
)
_SHAPLEY_VALUE = (
    "    x, background = np.asarray(x, dtype=float), np.asarray(background, dtype=float)\n"
    "    coef, d = np.asarray(coef, dtype=float), len(x)\n"
    "\n"
    "    def value(S):\n"
    "        filled = background.copy()\n"
    "        filled[:, list(S)] = x[list(S)]\n"
    "        return np.mean(1 / (1 + np.exp(-(filled @ coef + intercept))))\n"
    "\n"
)
Q3_SOLUTION = (
    "from itertools import combinations\n"
    "from math import factorial\n"
    "\n"
    "\n"
    "def shapley_values(x, background, coef, *, intercept):\n"
    + _SHAPLEY_VALUE
    + "    phi = np.zeros(d)\n"
    "    for i in range(d):\n"
    "        others = [j for j in range(d) if j != i]\n"
    "        for size in range(d):\n"
    "            w = factorial(size) * factorial(d - 1 - size) / factorial(d)\n"
    "            for S in combinations(others, size):\n"
    "                phi[i] += w * (value(S + (i,)) - value(S))\n"
    "    return pd.Series(phi)\n"
)
_Q3 = "shapley_values(x, background, coef, *, intercept)"
_IMPORTS = "from itertools import combinations\nfrom math import factorial\n\n\n"


def _q3_loop(weight: str) -> str:
    return (
        "    phi = np.zeros(d)\n"
        "    for i in range(d):\n"
        "        others = [j for j in range(d) if j != i]\n"
        "        for size in range(d):\n"
        f"            weight = {weight}\n"
        "            for S in combinations(others, size):\n"
        "                phi[i] += weight * (value(S + (i,)) - value(S))\n"
        "    return pd.Series(phi)\n"
    )


Q3_WRONG = (
    WrongAnswer(
        "equal weight for every coalition (the Banzhaf value)",
        _IMPORTS + f"def {_Q3}:\n" + _SHAPLEY_VALUE + _q3_loop("1 / 2 ** (d - 1)"),
        "Banzhaf",
    ),
    _wrong(
        "log-odds instead of probability",
        "log-odds",
        _Q3,
        "    x, background = np.asarray(x, dtype=float), np.asarray(background, dtype=float)\n"
        "    return pd.Series(np.asarray(coef) * (x - background.mean(axis=0)))\n",
    ),
    WrongAnswer(
        "the background replaced by its average row",
        _IMPORTS
        + f"def {_Q3}:\n"
        + "    background = np.asarray(background, dtype=float).mean(axis=0, keepdims=True)\n"
        + _SHAPLEY_VALUE
        + _q3_loop("factorial(size) * factorial(d - size - 1) / factorial(d)"),
        "average background row",
    ),
    _wrong(
        "leave one out",
        "leave-one-out",
        _Q3,
        _SHAPLEY_VALUE
        + "    everyone = list(range(d))\n"
        + "    return pd.Series([value(everyone) - value([j for j in everyone if j != i])\n"
        + "                      for i in range(d)])\n",
    ),
)
