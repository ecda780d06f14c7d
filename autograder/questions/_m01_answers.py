"""Texts of m01-bias-lifecycle: hints, solutions, typical wrong answers, the written prompt.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``, ``hiring``,
``census`` and ``stream`` are defined). Each wrong answer is one typical mistake; the tests
check that every one fails and that its message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [f"Q{i}_{part}" for i in range(1, 6) for part in ("HINTS", "SOLUTION", "WRONG")]
__all__ += ["wrong"]


wrong = WrongAnswer.function


# -- q1 --------------------------------------------------------------------------------------
Q1_HINTS = (
    "Compare like with like: the share of each group among the rows of the data, and its share "
    "of the population. A ratio of 1 means the group is represented as in the population.",
    "Share in the data = rows of the group / all rows. Put the population in a Series indexed "
    "by group; a group of the population that never appears in the data has share 0 there.",
    "`pd.Series(groups).value_counts(normalize=True)` gives the shares in the data; `.reindex("
    "<population index>, fill_value=0.0)` aligns them with the population before you divide.",
)
_Q1 = "representation_ratio(groups, population_groups, population_shares)"
_Q1_POP = (
    "    population = pd.Series(np.asarray(population_shares, dtype=float),\n"
    "                           index=np.asarray(population_groups))\n"
)
Q1_SOLUTION = (
    f"def {_Q1}:\n"
    + _Q1_POP
    + "    in_data = pd.Series(np.asarray(groups)).value_counts(normalize=True)\n"
    "    return in_data.reindex(population.index, fill_value=0.0) / population\n"
)
_Q1_SHARES = "    shares = pd.Series(np.asarray(groups)).value_counts(normalize=True)\n"
_Q1_ALIGNED = "    shares = shares.reindex(population.index, fill_value=0.0)\n"
Q1_WRONG = (
    wrong(
        "population over data",
        "population share over",
        _Q1,
        _Q1_POP + _Q1_SHARES + _Q1_ALIGNED + "    return population / shares\n",
    ),
    wrong(
        "difference instead of ratio",
        "difference",
        _Q1,
        _Q1_POP + _Q1_SHARES + _Q1_ALIGNED + "    return shares - population\n",
    ),
    wrong(
        "counts, not shares",
        "numbers of rows",
        _Q1,
        _Q1_POP + "    counts = pd.Series(np.asarray(groups)).value_counts()\n"
        "    return counts.reindex(population.index, fill_value=0) / population\n",
    ),
    wrong(
        "paired by position",
        "wrong groups",
        _Q1,
        _Q1_POP + _Q1_SHARES + "    ratio = shares.to_numpy() / population.to_numpy()\n"
        "    return pd.Series(ratio, index=population.index)\n",
    ),
    wrong(
        "equal shares as the reference",
        "equal shares",
        _Q1,
        _Q1_POP + _Q1_SHARES + _Q1_ALIGNED + "    return shares * len(population)\n",
    ),
)

# -- q2 --------------------------------------------------------------------------------------
Q2_HINTS = (
    "The base rate of a group is the share of its own rows whose label is 1: one number per "
    "group, whose denominator is the size of that group.",
    "Group the rows by the column named `sensitive` and average the 0/1 column named `label` "
    "(use the arguments, not fixed column names: the grader passes other tables).",
    "`data.groupby(<the group column>)[<the label column>]` followed by an aggregation gives a "
    "Series indexed by group.",
)
_Q2 = "base_rate_by_group(data, sensitive, label)"
Q2_SOLUTION = f"def {_Q2}:\n    return data.groupby(sensitive)[label].mean()\n"
Q2_WRONG = (
    wrong(
        "share of the dataset",
        "all rows",
        _Q2,
        "    return data.groupby(sensitive)[label].sum() / len(data)\n",
    ),
    wrong(
        "P(group | label = 1)",
        "P(group | label = 1)",
        _Q2,
        "    return data.groupby(sensitive)[label].sum() / data[label].sum()\n",
    ),
    wrong("counts", "numbers of rows", _Q2, "    return data.groupby(sensitive)[label].sum()\n"),
    wrong(
        "hard-coded column names",
        "`label` argument",
        _Q2,
        "    return data.groupby(sensitive)['hired'].mean()\n",
    ),
)

# -- q3 --------------------------------------------------------------------------------------
Q3_HINTS = (
    "A missing value is NaN. The missingness rate of a group is the share of its rows where "
    "the column is NaN: the denominator is the size of the group.",
    "`data[column].isna()` is True where a value is missing; average it within each group. "
    "Careful: `x == np.nan` is always False, and filling NaN with 0 hides what is missing.",
    "Group the boolean Series `data[column].isna()` by `data[sensitive]` and take its mean.",
)
_Q3 = "missing_rate_by_group(data, sensitive, column)"
Q3_SOLUTION = f"def {_Q3}:\n    return data[column].isna().groupby(data[sensitive]).mean()\n"
Q3_WRONG = (
    wrong(
        "compared with np.nan",
        "never true",
        _Q3,
        "    return (data[column] == np.nan).groupby(data[sensitive]).mean()\n",
    ),
    wrong(
        "share of the dataset",
        "all rows",
        _Q3,
        "    return data[column].isna().groupby(data[sensitive]).sum() / len(data)\n",
    ),
    wrong(
        "share present (count / size)",
        "present",
        _Q3,
        "    g = data.groupby(sensitive)[column]\n    return g.count() / g.size()\n",
    ),
    wrong(
        "P(group | missing)",
        "P(group | missing)",
        _Q3,
        "    m = data[column].isna()\n    return m.groupby(data[sensitive]).sum() / m.sum()\n",
    ),
)

# -- q4 --------------------------------------------------------------------------------------
Q4_HINTS = (
    "Historical bias here means: people who truly deserved the positive outcome were recorded "
    "as negative. Look only at the true positives of each group.",
    "For each group: among its rows with true label 1, the share whose recorded label is 0. "
    "The denominator is the group's true positives, not its recorded negatives.",
    "Keep the rows with `data[true_label] == 1`, then group `(rows[recorded_label] == 0)` by "
    "the group column and average.",
)
_Q4 = "label_flip_rate_by_group(data, sensitive, true_label, recorded_label)"
Q4_SOLUTION = (
    f"def {_Q4}:\n"
    "    positives = data[data[true_label] == 1]\n"
    "    return (positives[recorded_label] == 0).groupby(positives[sensitive]).mean()\n"
)
_Q4_FLIP = "    flipped = (data[true_label] == 1) & (data[recorded_label] == 0)\n"
Q4_WRONG = (
    wrong(
        "divided by the recorded negatives",
        "recorded negatives",
        _Q4,
        _Q4_FLIP + "    negatives = data[recorded_label] == 0\n"
        "    g = data[sensitive]\n"
        "    return flipped.groupby(g).sum() / negatives.groupby(g).sum()\n",
    ),
    wrong(
        "divided by the group size",
        "size of the group",
        _Q4,
        _Q4_FLIP + "    return flipped.groupby(data[sensitive]).mean()\n",
    ),
    wrong(
        "share kept positive",
        "kept",
        _Q4,
        "    positives = data[data[true_label] == 1]\n"
        "    return (positives[recorded_label] == 1).groupby(positives[sensitive]).mean()\n",
    ),
    wrong(
        "true and recorded labels swapped",
        "swap the true and the recorded",
        _Q4,
        "    positives = data[data[recorded_label] == 1]\n"
        "    return (positives[true_label] == 0).groupby(positives[sensitive]).mean()\n",
    ),
)

# -- q5 --------------------------------------------------------------------------------------
Q5_HINTS = (
    "Compare like with like: people with the same true outcome. If the groups differ in how "
    "many are truly qualified, a plain difference of means mixes that in.",
    "For each true label (0 and 1): mean of the feature in the group minus its mean in the "
    "reference group. Average the two differences, then divide by the standard deviation of "
    "the feature over all rows of the reference group (pandas' `.std()`, ddof=1).",
    "`data.groupby([sensitive, true_label])[feature].mean().unstack()` is a table group x true "
    "label; subtract its `reference` row, average across the columns, divide by the SD.",
)
_Q5 = "measurement_shift(data, sensitive, reference, feature, true_label)"
_Q5_MEANS = (
    "    means = data.groupby([sensitive, true_label])[feature].mean().unstack()\n"
    "    ref = data.loc[data[sensitive] == reference, feature]\n"
)
Q5_SOLUTION = (
    f"def {_Q5}:\n"
    + _Q5_MEANS
    + "    return (means - means.loc[reference]).mean(axis=1) / ref.std()\n"
)
Q5_WRONG = (
    wrong(
        "true outcome ignored",
        "same true outcome",
        _Q5,
        "    means = data.groupby(sensitive)[feature].mean()\n"
        "    ref = data.loc[data[sensitive] == reference, feature]\n"
        "    return (means - means[reference]) / ref.std()\n",
    ),
    wrong(
        "population SD (ddof=0)",
        "ddof=0",
        _Q5,
        _Q5_MEANS + "    return (means - means.loc[reference]).mean(axis=1) / np.std(ref)\n",
    ),
    wrong(
        "absolute value",
        "absolute",
        _Q5,
        _Q5_MEANS + "    return ((means - means.loc[reference]).mean(axis=1) / ref.std()).abs()\n",
    ),
    wrong(
        "in the feature's units",
        "units",
        _Q5,
        _Q5_MEANS + "    return (means - means.loc[reference]).mean(axis=1)\n",
    ),
    wrong(
        "reference minus group",
        "sign",
        _Q5,
        _Q5_MEANS + "    return (means.loc[reference] - means).mean(axis=1) / ref.std()\n",
    ),
)
