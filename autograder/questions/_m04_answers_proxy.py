"""Texts of m04 q5-q8 (mutual information, permutation importance, proxies) and the written part.

Code strings run in the notebook's namespace after ``setup_code``; q7 uses the learner's q3
``auc``. Each wrong answer is one typical mistake, named by its message (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q5_HINTS",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "Q7_HINTS",
    "Q7_SOLUTION",
    "Q7_WRONG",
    "Q8_HINTS",
    "Q8_SOLUTION",
    "Q8_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
]


_wrong = WrongAnswer.function


# -- q5 mutual information ------------------------------------------------------------------------
Q5_HINTS = (
    "Mutual information measures how much knowing the feature reduces uncertainty about the "
    "group: I = sum over cells of p(a, b) log(p(a, b) / (p(a) p(b))), natural log.",
    "Joint shares p(a, b) from `pd.crosstab(feature, groups)` divided by n; the marginals are "
    "its row and column sums. Cells with p(a, b) = 0 add nothing (leave them out of the log).",
    "Divide the crosstab by its total to get p; `np.outer` of its row sums and column sums is "
    "p(a) p(b); sum `p * np.log(p / (p(a) p(b)))` over the cells where `p > 0`.",
)
_Q5 = "mutual_information(feature, groups)"
_Q5_HEAD = (
    "    table = pd.crosstab(np.asarray(feature), np.asarray(groups)).to_numpy(dtype=float)\n"
    "    p = table / table.sum()\n"
    "    outer = p.sum(axis=1, keepdims=True) * p.sum(axis=0, keepdims=True)\n"
    "    nz = p > 0\n"
)
Q5_SOLUTION = (
    f"def {_Q5}:\n" + _Q5_HEAD + "    return float((p[nz] * np.log(p[nz] / outer[nz])).sum())\n"
)
Q5_WRONG = (
    _wrong(
        "bits instead of nats",
        "base 2",
        _Q5,
        _Q5_HEAD + "    return float((p[nz] * np.log2(p[nz] / outer[nz])).sum())\n",
    ),
    _wrong(
        "log base 10",
        "base 10",
        _Q5,
        _Q5_HEAD + "    return float((p[nz] * np.log10(p[nz] / outer[nz])).sum())\n",
    ),
    _wrong(
        "entropy of the groups",
        "entropy of the groups",
        _Q5,
        "    p = pd.Series(np.asarray(groups)).value_counts(normalize=True).to_numpy()\n"
        "    return float(-(p * np.log(p)).sum())\n",
    ),
    _wrong(
        "normalised mutual information",
        "normalised",
        _Q5,
        _Q5_HEAD + "    mi = (p[nz] * np.log(p[nz] / outer[nz])).sum()\n"
        "    ha = -(p.sum(axis=1) * np.log(p.sum(axis=1))).sum()\n"
        "    hb = -(p.sum(axis=0) * np.log(p.sum(axis=0))).sum()\n"
        "    return float(mi / np.sqrt(ha * hb))\n",
    ),
)

# -- q6 permutation importance --------------------------------------------------------------------
Q6_HINTS = (
    "Importance of column j = how much accuracy the model loses when column j is shuffled "
    "(breaking its link with y) and everything else is kept. Follow the stated order of draws "
    "exactly, so that your shuffles are the grader's.",
    "One generator from `np.random.default_rng(seed)`, created once. For j = 0, 1, ...: "
    "repeat n_repeats times: copy X, replace column j by `X[rng.permutation(n), j]`, and record "
    "base accuracy - shuffled accuracy. The importance is the mean of the repeats.",
    "Accuracy: `np.mean((data @ coef + intercept > 0).astype(int) == y)`. Return "
    "`pd.Series({j: mean drop of column j})`.",
)
_Q6 = "permutation_importance(X, y, coef, *, intercept, n_repeats, seed)"
_Q6_HEAD = (
    "    X, y, coef = np.asarray(X, dtype=float), np.asarray(y), np.asarray(coef, dtype=float)\n"
    "    def accuracy(data):\n"
    "        return np.mean((data @ coef + intercept > 0).astype(int) == y)\n"
    "    base = accuracy(X)\n"
)


def _q6(rng_outside: bool, shuffle: str, drop: str) -> str:
    make = "    rng = np.random.default_rng(seed)\n"
    return (
        _Q6_HEAD + (make if rng_outside else "") + "    result = {}\n"
        "    for j in range(X.shape[1]):\n"
        + ("" if rng_outside else "    " + make)
        + "        drops = []\n"
        "        for _ in range(n_repeats):\n"
        "            permuted = X.copy()\n"
        f"            {shuffle}\n"
        f"            drops.append({drop})\n"
        "        result[j] = np.mean(drops)\n"
        "    return pd.Series(result)\n"
    )


_SHUFFLE = "permuted[:, j] = X[rng.permutation(len(X)), j]"
_DROP = "base - accuracy(permuted)"
Q6_SOLUTION = f"def {_Q6}:\n" + _q6(True, _SHUFFLE, _DROP)
Q6_WRONG = (
    _wrong(
        "accuracy gain, not loss", "sign", _Q6, _q6(True, _SHUFFLE, "accuracy(permuted) - base")
    ),
    _wrong(
        "a new generator for every column",
        "once, before the loop",
        _Q6,
        _q6(False, _SHUFFLE, _DROP),
    ),
    _wrong(
        "the shuffled accuracy itself",
        "accuracy after shuffling",
        _Q6,
        _q6(True, _SHUFFLE, "accuracy(permuted)"),
    ),
    _wrong(
        "whole rows shuffled",
        "every column at once",
        _Q6,
        _q6(True, "permuted = X[rng.permutation(len(X))]", _DROP),
    ),
)

# -- q7 proxy scores ------------------------------------------------------------------------------
Q7_HINTS = (
    "A proxy is a feature that reveals the group. Score each feature by how well it alone "
    "separates the two groups: its AUC (your q3 `auc`), turned so that 0.5 = no information "
    "and 1 = perfect, whichever group scores higher.",
    "A number column is its own score. A text column has no order: score each row by the share "
    "of the positive group among the rows with the same category, then take the AUC of that. "
    "Orientation: `max(a, 1 - a)`.",
    "`pd.Series(positive).groupby(column.to_numpy()).transform('mean')` gives each row its "
    "category's share; `pd.api.types.is_numeric_dtype(column)` tells numbers from text.",
)
_Q7 = "proxy_scores(data, *, sensitive)"
_Q7_BODY = (
    "    values = data[sensitive].to_numpy()\n"
    "    positive = values == sorted(set(values))[-1]\n"
    "    out = {{}}\n"
    "    for name in data.columns.drop(sensitive):\n"
    "        column = data[name]\n"
    "        if {numeric}:\n"
    "            score = column.to_numpy(dtype=float)\n"
    "        else:\n"
    "            score = {categorical}\n"
    "        a = auc(score, positive, positive=True)\n"
    "        out[name] = {orient}\n"
    "    return pd.Series(out)\n"
)
_NUMERIC = "pd.api.types.is_numeric_dtype(column)"
_SHARE = "pd.Series(positive).groupby(column.to_numpy()).transform('mean').to_numpy()"
_ORIENT = "max(a, 1 - a)"
Q7_SOLUTION = f"def {_Q7}:\n" + _Q7_BODY.format(
    numeric=_NUMERIC, categorical=_SHARE, orient=_ORIENT
)
Q7_WRONG = (
    _wrong(
        "not oriented",
        "orientation",
        _Q7,
        _Q7_BODY.format(numeric=_NUMERIC, categorical=_SHARE, orient="a"),
    ),
    _wrong(
        "categories scored by alphabetical codes",
        "alphabetical",
        _Q7,
        _Q7_BODY.format(
            numeric=_NUMERIC,
            categorical="pd.factorize(column, sort=True)[0].astype(float)",
            orient=_ORIENT,
        ),
    ),
    _wrong(
        "numbers scored like categories",
        "number columns",
        _Q7,
        _Q7_BODY.format(numeric="False", categorical=_SHARE, orient=_ORIENT),
    ),
)

# -- q8 the proxies the model uses ----------------------------------------------------------------
Q8_HINTS = (
    "A feature is a concern when both are true: it reveals the group (high proxy AUC) and the "
    "decision model relies on it (high permutation importance).",
    "Flag = (proxy_auc >= auc_min) and (importance >= importance_min), element by element; "
    "both thresholds count as reached when equal.",
    "`pd.Series(flag.astype(float), index=np.asarray(names))` with `&` between the two "
    "comparisons.",
)
_Q8 = "proxies_used(names, proxy_auc, importance, *, auc_min, importance_min)"


def _q8(rule: str) -> str:
    return (
        "    a, i = np.asarray(proxy_auc), np.asarray(importance)\n"
        f"    return pd.Series(({rule}).astype(float), index=np.asarray(names))\n"
    )


Q8_SOLUTION = f"def {_Q8}:\n" + _q8("(a >= auc_min) & (i >= importance_min)")
Q8_WRONG = (
    _wrong("or instead of and", "either", _Q8, _q8("(a >= auc_min) | (i >= importance_min)")),
    _wrong("importance ignored", "only the proxy AUC", _Q8, _q8("a >= auc_min")),
    _wrong(
        "strict thresholds",
        "equal to a threshold",
        _Q8,
        _q8("(a > auc_min) & (i > importance_min)"),
    ),
)

# -- written --------------------------------------------------------------------------------------
W1_PROMPT = """\
**Written question (3 points, graded by hand).** The bank says its model is fair because it
"never sees race". Use your own numbers from this notebook: the counterfactual flip rate of
the bank's race-blind model (`coef_sensitive=0`), the approval rates of the two groups under
`decision`, your `proxy_scores` of `applicants` with `race`, the `permutation_importance` of
the bank's model scored against `approved` *and* against its own `decision` (the share of
decisions that change), and `proxies_used`. In 6-10 sentences:

1. explain why dropping the race column did not make the decisions race-neutral here, naming
   the feature(s) that carry race back and how you know;
2. say what the flip test does and does not show for a model that never sees race;
3. recommend what the bank should do next (at least two concrete steps) and one limit of
   your recommendation.
"""
W1_RUBRIC = """\
1 point: the mechanism, with numbers: the race-blind model's flip rate is 0 by construction, yet
approval rates differ (about 0.73 majority vs 0.59 minority); east_side / zip_code separates
the groups (AUC ~0.85, the top proxy) and the model relies on east_side (it changes ~3 % of the
decisions although it barely moves the accuracy, ~0.002); credit_score also differs by group
(AUC ~0.63, measurement bias) and carries most of the weight. Both paths, or one path argued
with its numbers, earn the point.
1 point: the flip test changes only the race column, so a model without race always scores 0:
it cannot detect proxy discrimination (and an observational flip is not a causal
counterfactual).
1 point: sound next steps, e.g. measure group outcomes (approval and error rates) directly and
keep race for auditing, drop or justify the zip feature by a business need and check whether the
gap remains, fix the credit score's measurement bias, apply a mitigation with monitoring; plus
one honest limit (dropping zip does not remove credit_score's bias, other proxies remain, the
labels themselves are biased, a trade-off with accuracy).
"""
