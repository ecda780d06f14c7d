"""Texts of m02-group-metrics: hints, solutions, typical wrong answers, the written prompt.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``, ``adult``,
``y_true``, ``y_pred``, ``sex``, ``race`` are defined). The wrong answers are each one typical
mistake; the tests check that every one fails and that its message names the mistake (``detects``).
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
    "Q5_HINTS",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
]

_ARRAYS = "    y_pred, groups = np.asarray(y_pred), np.asarray(groups)\n"
_ARRAYS3 = (
    "    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)\n"
)


_wrong = WrongAnswer.function


# -- q1 -------------------------------------------------------------------------------------------
Q1_HINTS = (
    "The selection rate of a group is the share of its rows with y_pred == 1: compute one "
    "number per group, not one for everyone.",
    "Group y_pred by `groups` and take each group's mean: for 0/1 values the mean is the share "
    "of 1s. pandas' groupby does this in one line.",
    "Put y_pred in a Series and use `.groupby(np.asarray(groups))` followed by an aggregation; "
    "the result is already a Series indexed by group.",
)
Q1_SOLUTION = (
    "def selection_rate_by_group(y_pred, groups):\n"
    "    y_pred = pd.Series(np.asarray(y_pred))\n"
    "    return y_pred.groupby(np.asarray(groups)).mean()\n"
)
_Q1 = "selection_rate_by_group(y_pred, groups)"
Q1_WRONG = (
    _wrong(
        "overall rate for every group",
        "overall selection rate",
        _Q1,
        _ARRAYS + "    return pd.Series(y_pred.mean(), index=np.unique(groups))\n",
    ),
    _wrong(
        "count instead of share",
        "numbers of selected rows",
        _Q1,
        _ARRAYS + "    return pd.Series(y_pred).groupby(groups).sum()\n",
    ),
    _wrong(
        "P(group | selected) instead of P(selected | group)",
        "P(group | selected)",
        _Q1,
        _ARRAYS + "    return pd.Series(y_pred).groupby(groups).sum() / y_pred.sum()\n",
    ),
    _wrong(
        "drops groups where nobody is selected",
        "no value for group",
        _Q1,
        _ARRAYS
        + "    rates = {g: y_pred[groups == g].mean() for g in np.unique(groups[y_pred == 1])}\n"
        + "    return pd.Series(rates)\n",
    ),
    _wrong(
        "positional indexing breaks on a Series index",
        "KeyError",
        _Q1,
        "    labels = np.unique(groups)\n"
        "    rates = {g: np.mean([y_pred[i] for i in range(len(y_pred)) if groups[i] == g])\n"
        "             for g in labels}\n"
        "    return pd.Series(rates)\n",
    ),
)

# -- q2 -------------------------------------------------------------------------------------------
Q2_HINTS = (
    "Both rates are conditional: TPR looks only at the actual positives of a group, FPR only "
    "at its actual negatives.",
    "For each group g, take the rows of g; TPR = share of y_pred == 1 among rows with "
    "y_true == 1, FPR = share of y_pred == 1 among rows with y_true == 0.",
    "Loop over `np.unique(groups)`, build a dict {g: {'tpr': ..., 'fpr': ...}} and turn it "
    "into a DataFrame with `pd.DataFrame.from_dict(rows, orient='index')`.",
)
Q2_SOLUTION = (
    "def tpr_fpr_by_group(y_true, y_pred, groups):\n" + _ARRAYS3 + "    rows = {}\n"
    "    for g in np.unique(groups):\n"
    "        t, p = y_true[groups == g], y_pred[groups == g]\n"
    "        rows[g] = {'tpr': np.mean(p[t == 1] == 1), 'fpr': np.mean(p[t == 0] == 1)}\n"
    "    return pd.DataFrame.from_dict(rows, orient='index')\n"
)
_Q2 = "tpr_fpr_by_group(y_true, y_pred, groups)"


def _q2(tpr: str, fpr: str) -> str:
    return (
        _ARRAYS3 + "    rows = {}\n"
        "    for g in np.unique(groups):\n"
        "        t, p = y_true[groups == g], y_pred[groups == g]\n"
        f"        rows[g] = {{'tpr': {tpr}, 'fpr': {fpr}}}\n"
        "    return pd.DataFrame.from_dict(rows, orient='index')\n"
    )


_TPR, _FPR = "np.mean(p[t == 1] == 1)", "np.mean(p[t == 0] == 1)"
Q2_WRONG = (
    _wrong("TPR and FPR swapped", "false positive rate", _Q2, _q2(_FPR, _TPR)),
    _wrong(
        "TPR divided by the group size",
        "size of the group",
        _Q2,
        _q2("np.sum((t == 1) & (p == 1)) / len(t)", _FPR),
    ),
    _wrong(
        "FPR divided by the predicted positives",
        "false discovery rate",
        _Q2,
        _q2(_TPR, "np.sum((t == 0) & (p == 1)) / np.sum(p == 1)"),
    ),
    _wrong(
        "y_true and y_pred swapped",
        "swap y_true and y_pred",
        _Q2,
        _q2("np.mean(t[p == 1] == 1)", "np.mean(t[p == 0] == 1)"),
    ),
    _wrong(
        "overall rates for every group",
        "overall rates",
        _Q2,
        _q2("np.mean(y_pred[y_true == 1])", "np.mean(y_pred[y_true == 0])"),
    ),
)

# -- q3 -------------------------------------------------------------------------------------------
Q3_HINTS = (
    "Start from the selection rate of every group (q1), then summarise how far apart they are.",
    "The gap is unsigned and covers all groups: the largest selection rate minus the smallest.",
    "With a Series `rates` of selection rates by group, the answer is a one-liner built from "
    "`rates.max()` and `rates.min()`.",
)
Q3_SOLUTION = (
    "def demographic_parity_difference(y_pred, groups):\n"
    "    rates = pd.Series(np.asarray(y_pred)).groupby(np.asarray(groups)).mean()\n"
    "    return float(rates.max() - rates.min())\n"
)
_Q3 = "demographic_parity_difference(y_pred, groups)"
_Q3_RATES = "    rates = pd.Series(np.asarray(y_pred)).groupby(np.asarray(groups)).mean()\n"
Q3_WRONG = (
    _wrong(
        "ratio instead of difference",
        "ratio",
        _Q3,
        _Q3_RATES + "    return rates.min() / rates.max()\n",
    ),
    _wrong(
        "signed difference of the first two groups",
        "can be negative",
        _Q3,
        _Q3_RATES + "    return rates.iloc[0] - rates.iloc[1]\n",
    ),
    _wrong(
        "only the first two groups",
        "only two groups",
        _Q3,
        _Q3_RATES + "    return abs(rates.iloc[0] - rates.iloc[1])\n",
    ),
    _wrong(
        "gap in counts, not rates",
        "numbers of selected rows",
        _Q3,
        "    counts = pd.Series(np.asarray(y_pred)).groupby(np.asarray(groups)).sum()\n"
        "    return counts.max() - counts.min()\n",
    ),
)

# -- q4 -------------------------------------------------------------------------------------------
Q4_HINTS = (
    "Equalized odds asks for equal TPR and equal FPR across groups; measure how far each is "
    "from equal, then combine the two.",
    "Compute TPR and FPR per group (q2), take the gap max - min of each, and keep the worse "
    "(larger) of the two gaps.",
    "With a DataFrame `rates` from q2: compute `rates['tpr'].max() - rates['tpr'].min()`, the "
    "same for 'fpr', and return the larger.",
)
Q4_SOLUTION = (
    "def equalized_odds_difference(y_true, y_pred, groups):\n"
    + _ARRAYS3
    + "    tpr, fpr = [], []\n"
    "    for g in np.unique(groups):\n"
    "        t, p = y_true[groups == g], y_pred[groups == g]\n"
    "        tpr.append(np.mean(p[t == 1]))\n"
    "        fpr.append(np.mean(p[t == 0]))\n"
    "    return max(max(tpr) - min(tpr), max(fpr) - min(fpr))\n"
)
_Q4 = "equalized_odds_difference(y_true, y_pred, groups)"


def _q4(combine: str, swap: bool = False) -> str:
    t, p = ("y_pred", "y_true") if swap else ("y_true", "y_pred")
    return (
        _ARRAYS3 + "    tpr, fpr = [], []\n"
        "    for g in np.unique(groups):\n"
        f"        t, p = {t}[groups == g], {p}[groups == g]\n"
        "        tpr.append(np.mean(p[t == 1]))\n"
        "        fpr.append(np.mean(p[t == 0]))\n"
        "    tpr_gap, fpr_gap = max(tpr) - min(tpr), max(fpr) - min(fpr)\n"
        f"    return {combine}\n"
    )


Q4_WRONG = (
    _wrong("TPR gap only (equal opportunity)", "only the TPR gap", _Q4, _q4("tpr_gap")),
    _wrong("mean of the two gaps", "mean of the TPR gap", _Q4, _q4("(tpr_gap + fpr_gap) / 2")),
    _wrong("sum of the two gaps", "sum of the TPR gap", _Q4, _q4("tpr_gap + fpr_gap")),
    _wrong(
        "y_true and y_pred swapped",
        "swap y_true and y_pred",
        _Q4,
        _q4("max(tpr_gap, fpr_gap)", swap=True),
    ),
)

# -- q5 -------------------------------------------------------------------------------------------
Q5_HINTS = (
    "With weights, a row counts as much as its weight: a share becomes 'weight of the selected "
    "rows' over 'weight of all rows' - within each group.",
    "For group g: sum of sample_weight over the rows of g with y_pred == 1, divided by the sum "
    "of sample_weight over all rows of g.",
    "`np.average(values, weights=...)` computes exactly such a weighted share; apply it to "
    "the rows of each group and collect the results in a Series.",
)
Q5_SOLUTION = (
    "def weighted_selection_rate_by_group(y_pred, groups, sample_weight):\n"
    + _ARRAYS
    + "    w = np.asarray(sample_weight, dtype=float)\n"
    "    rates = {g: np.sum((w * y_pred)[groups == g]) / np.sum(w[groups == g])\n"
    "             for g in np.unique(groups)}\n"
    "    return pd.Series(rates)\n"
)
_Q5 = "weighted_selection_rate_by_group(y_pred, groups, sample_weight)"


def _q5(rate: str) -> str:
    return (
        _ARRAYS + "    w = np.asarray(sample_weight, dtype=float)\n"
        f"    return pd.Series({{g: {rate} for g in np.unique(groups)}})\n"
    )


Q5_WRONG = (
    _wrong("weights ignored", "ignored sample_weight", _Q5, _q5("y_pred[groups == g].mean()")),
    _wrong(
        "divided by the group size",
        "number of rows in the group",
        _Q5,
        _q5("np.sum((w * y_pred)[groups == g]) / np.sum(groups == g)"),
    ),
    _wrong(
        "divided by everyone's weight",
        "total weight of everyone",
        _Q5,
        _q5("np.sum((w * y_pred)[groups == g]) / np.sum(w)"),
    ),
    _wrong(
        "overall weighted rate for every group",
        "overall weighted selection rate",
        _Q5,
        _q5("np.average(y_pred, weights=w)"),
    ),
)

# -- q6 -------------------------------------------------------------------------------------------
Q6_HINTS = (
    "You already wrote the function that computes this gap: call it on the columns of `data`.",
    "The decisions are `data['y_pred']` and the groups are `data['sex']`; `y_true` and `race` "
    "are not needed here.",
    "One line: `return <your q3 function>(data[<the decisions>], data[<the groups>])`.",
)
Q6_SOLUTION = (
    "def dp_gap_by_sex(data):\n"
    "    return demographic_parity_difference(data['y_pred'], data['sex'])\n"
)
_Q6 = "dp_gap_by_sex(data)"
Q6_WRONG = (
    _wrong(
        "ratio instead of difference",
        "ratio",
        _Q6,
        "    rates = selection_rate_by_group(data['y_pred'], data['sex'])\n"
        "    return rates.min() / rates.max()\n",
    ),
    _wrong(
        "signed Female - Male",
        "negative",
        _Q6,
        "    rates = selection_rate_by_group(data['y_pred'], data['sex'])\n"
        "    return rates['Female'] - rates['Male']\n",
    ),
    _wrong(
        "y_true instead of y_pred",
        "actual outcomes",
        _Q6,
        "    return demographic_parity_difference(data['y_true'], data['sex'])\n",
    ),
    _wrong(
        "race instead of sex",
        "race",
        _Q6,
        "    return demographic_parity_difference(data['y_pred'], data['race'])\n",
    ),
    _wrong(
        "percentage",
        "percentage",
        _Q6,
        "    return 100 * demographic_parity_difference(data['y_pred'], data['sex'])\n",
    ),
    _wrong(
        "the notebook's number, whatever the data",
        "expected the demographic parity difference",
        _Q6,
        "    return demographic_parity_difference(y_pred, sex)\n",
    ),
)

# -- written, graded by hand --------------------------------------------------------------------
W1_PROMPT = """\
**Written question (2 points, graded by hand).** A company uses a model like the one in this
notebook to decide which applicants are invited to a job interview. Its historical data say
whether past applicants were hired (`y_true`), and hiring in the past was done by people.

Which would you report as the main fairness measure of this screening step: the demographic
parity difference or the equalized odds difference? In 4-8 sentences:

1. say what each of the two compares, in the words of this hiring context;
2. choose one and justify your choice, including what it assumes about the historical labels
   `y_true`;
3. name one cost or risk of your choice.
"""
W1_RUBRIC = """\
1 point: both metrics explained correctly in context (demographic parity: the share of
applicants invited in each group; equalized odds: among applicants who were / were not hired,
the share invited in each group).
1 point: a justified choice that addresses the labels: equalized odds takes past hiring as the
truth, so it can entrench historical bias; demographic parity ignores qualification and can be
met by inviting the wrong people. Either choice earns the point if the argument and its cost
are sound.
"""
