"""Texts of m03-metric-tradeoffs: hints, solutions, typical wrong answers, the written prompt.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``, ``math``,
``norm`` and the data are defined). Each wrong answer is one typical mistake; the tests check
that every one fails and that its message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

_A3 = "    y_true, y_score, groups = np.asarray(y_true), np.asarray(y_score), np.asarray(groups)\n"
_A2 = "    y_pred, groups = np.asarray(y_pred), np.asarray(groups)\n"


_wrong = WrongAnswer.function


# -- q1 --------------------------------------------------------------------------------------------
Q1_HINTS = (
    "Calibration is checked inside each group: a score of 0.7 should mean 70 % positives among "
    "the group's rows that got about 0.7. Bin the scores, then compare per group and bin.",
    "Bin b holds the scores in [b / n_bins, (b + 1) / n_bins); for each group and non-empty bin "
    "take |mean score - share of y_true == 1| and weight it by the bin's share of the group's "
    "rows; sum over the bins.",
    "A bin index is `(y_score * n_bins).astype(int)`, capped at `n_bins - 1` with `np.minimum`; "
    "loop over the groups and over `np.unique(bins[m])` for the group's mask `m`, adding "
    "`cell.sum() / m.sum() * abs(...)` for each bin's rows `cell`.",
)
_Q1_BODY = (
    _A3 + "    bins = np.minimum((y_score * n_bins).astype(int), n_bins - 1)\n"
    "    out = {{}}\n"
    "    for g in np.unique(groups):\n"
    "        m = groups == g\n"
    "        ece = 0.0\n"
    "        for b in np.unique(bins[m]):\n"
    "            cell = m & (bins == b)\n"
    "            ece += {weight} * abs({score} - y_true[cell].mean())\n"
    "        out[g] = ece\n"
    "    return pd.Series(out)\n"
)
_Q1 = "ece_by_group(y_true, y_score, groups, n_bins)"
_MEAN, _SHARE = "y_score[cell].mean()", "cell.sum() / m.sum()"
Q1_SOLUTION = f"def {_Q1}:\n" + _Q1_BODY.format(weight=_SHARE, score=_MEAN)
Q1_WRONG = (
    _wrong(
        "one calibration error for everyone",
        "unconditional",
        _Q1,
        _A3 + "    bins = np.minimum((y_score * n_bins).astype(int), n_bins - 1)\n"
        "    ece = sum(np.mean(bins == b) * abs(y_score[bins == b].mean()\n"
        "              - y_true[bins == b].mean()) for b in np.unique(bins))\n"
        "    return pd.Series(ece, index=np.unique(groups))\n",
    ),
    _wrong(
        "bins weighted equally",
        "weight each bin",
        _Q1,
        _Q1_BODY.format(weight="1 / len(np.unique(bins[m]))", score=_MEAN),
    ),
    _wrong(
        "bin midpoint instead of the mean score",
        "midpoint",
        _Q1,
        _Q1_BODY.format(weight=_SHARE, score="(b + 0.5) / n_bins"),
    ),
    _wrong(
        "mean score minus base rate (calibration in the large)",
        "in the large",
        _Q1,
        _A3 + "    frame = pd.DataFrame({'s': y_score, 'y': y_true})\n"
        "    by = frame.groupby(groups)\n"
        "    return (by['s'].mean() - by['y'].mean()).abs()\n",
    ),
)

# -- q2 --------------------------------------------------------------------------------------------
Q2_HINTS = (
    "First turn scores into decisions with the threshold (a score equal to the threshold is a "
    "positive decision), then compute two conditional rates per group.",
    "FPR = share of decisions 1 among the group's actual negatives (y_true == 0); FNR = share "
    "of decisions 0 among its actual positives (y_true == 1).",
    "`y_pred = np.asarray(y_score) >= threshold`; per group `t, p = y_true[m], y_pred[m]`, then "
    "`{'fpr': p[t == 0].mean(), 'fnr': (~p[t == 1]).mean()}`; build the DataFrame with "
    "`pd.DataFrame.from_dict(rows, orient='index')`.",
)
_Q2 = "error_rates_at(y_true, y_score, groups, threshold)"


def _q2(decide: str, fpr: str, fnr: str) -> str:
    return (
        _A3 + f"    y_pred = {decide}\n"
        "    rows = {}\n"
        "    for g in np.unique(groups):\n"
        "        t, p = y_true[groups == g], y_pred[groups == g]\n"
        f"        rows[g] = {{'fpr': {fpr}, 'fnr': {fnr}}}\n"
        "    return pd.DataFrame.from_dict(rows, orient='index')\n"
    )


_GE, _FPR, _FNR = "y_score >= threshold", "p[t == 0].mean()", "(~p[t == 1]).mean()"
Q2_SOLUTION = f"def {_Q2}:\n" + _q2(_GE, _FPR, _FNR)
Q2_WRONG = (
    _wrong("FPR and FNR swapped", "false negative rate", _Q2, _q2(_GE, _FNR, _FPR)),
    _wrong(
        "strict > at the threshold",
        "equal to the threshold",
        _Q2,
        _q2("y_score > threshold", _FPR, _FNR),
    ),
    _wrong("TPR instead of FNR", "true positive rate", _Q2, _q2(_GE, _FPR, "p[t == 1].mean()")),
    _wrong(
        "FPR over the whole group",
        "all of the group's rows",
        _Q2,
        _q2(_GE, "np.mean((t == 0) & p)", _FNR),
    ),
)

# -- q3 --------------------------------------------------------------------------------------------
Q3_HINTS = (
    "Write the confusion counts of a group of one person on average: the positives are a share "
    "`base_rate` of the group; FNR and PPV then fix TP and FP.",
    "TP = base_rate * (1 - fnr); PPV = TP / (TP + FP) gives FP = TP * (1 - ppv) / ppv; FPR "
    "divides FP by the share of negatives, 1 - base_rate.",
    "The answer is a product of three factors: the base-rate odds p / (1 - p), the precision "
    "factor (1 - ppv) / ppv, and the share of positives found, 1 - fnr.",
)
_Q3 = "implied_fpr(base_rate, ppv, fnr)"
Q3_SOLUTION = f"def {_Q3}:\n    return base_rate / (1 - base_rate) * (1 - ppv) / ppv * (1 - fnr)\n"
Q3_WRONG = (
    _wrong(
        "base-rate odds upside down",
        "odds of the base rate",
        _Q3,
        "    return (1 - base_rate) / base_rate * (1 - ppv) / ppv * (1 - fnr)\n",
    ),
    _wrong(
        "FNR instead of 1 - FNR",
        "1 - fnr",
        _Q3,
        "    return base_rate / (1 - base_rate) * (1 - ppv) / ppv * fnr\n",
    ),
    _wrong(
        "PPV odds upside down",
        "(1 - ppv) / ppv",
        _Q3,
        "    return base_rate / (1 - base_rate) * ppv / (1 - ppv) * (1 - fnr)\n",
    ),
)

# -- q4 --------------------------------------------------------------------------------------------
Q4_HINTS = (
    "An intersectional group is a pair (sex, race); compute its size and its selection rate, "
    "then leave out every pair with fewer than min_size rows.",
    "Group a DataFrame of the three columns by ['sex', 'race'] and aggregate y_pred with "
    "'size' and 'mean'; keep the rows with size >= min_size.",
    "Build the labels with `[f'{s}/{r}' for s, r in cells.index]` and return "
    "`pd.Series(cells['mean'].to_numpy(), index=labels)`.",
)
_Q4 = "intersectional_selection_rates(y_pred, sex, race, min_size)"


def _q4(keep: str, label: str = "f'{s}/{r}'") -> str:
    return (
        "    table = pd.DataFrame({'y': np.asarray(y_pred), 'sex': np.asarray(sex),\n"
        "                          'race': np.asarray(race)})\n"
        "    cells = table.groupby(['sex', 'race'])['y'].agg(['size', 'sum', 'mean'])\n"
        f"    cells = cells[{keep}]\n"
        f"    return pd.Series(cells['mean'].to_numpy(), index=[{label} for s, r in cells.index])\n"
    )


Q4_SOLUTION = f"def {_Q4}:\n" + _q4("cells['size'] >= min_size")
Q4_WRONG = (
    _wrong("small cells kept", "fewer than min_size", _Q4, _q4("cells['size'] > 0")),
    _wrong(
        "cells of exactly min_size dropped",
        "exactly min_size",
        _Q4,
        _q4("cells['size'] > min_size"),
    ),
    _wrong("labels race/sex", "sex first", _Q4, _q4("cells['size'] >= min_size", "f'{r}/{s}'")),
    _wrong("size = number selected", "number of selected", _Q4, _q4("cells['sum'] >= min_size")),
)
