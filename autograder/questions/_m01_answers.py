"""Texts of m01-bias-lifecycle: hints, solutions, typical wrong answers, the written prompt.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``, ``hiring``,
``census`` and ``stream`` are defined). Each wrong answer is one typical mistake; the tests
check that every one fails and that its message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [f"Q{i}_{part}" for i in range(1, 8) for part in ("HINTS", "SOLUTION", "WRONG")] + [
    "W1_PROMPT",
    "W1_RUBRIC",
]


def _wrong(label: str, detects: str, signature: str, body: str) -> WrongAnswer:
    return WrongAnswer(label, f"def {signature}:\n{body}", detects)


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
    _wrong(
        "population over data",
        "population share over",
        _Q1,
        _Q1_POP + _Q1_SHARES + _Q1_ALIGNED + "    return population / shares\n",
    ),
    _wrong(
        "difference instead of ratio",
        "difference",
        _Q1,
        _Q1_POP + _Q1_SHARES + _Q1_ALIGNED + "    return shares - population\n",
    ),
    _wrong(
        "counts, not shares",
        "numbers of rows",
        _Q1,
        _Q1_POP + "    counts = pd.Series(np.asarray(groups)).value_counts()\n"
        "    return counts.reindex(population.index, fill_value=0) / population\n",
    ),
    _wrong(
        "absent group left NaN",
        "absent from the data",
        _Q1,
        _Q1_POP + _Q1_SHARES + "    return shares.reindex(population.index) / population\n",
    ),
    _wrong(
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
    _wrong(
        "share of the dataset",
        "all rows",
        _Q2,
        "    return data.groupby(sensitive)[label].sum() / len(data)\n",
    ),
    _wrong(
        "P(group | label = 1)",
        "P(group | label = 1)",
        _Q2,
        "    return data.groupby(sensitive)[label].sum() / data[label].sum()\n",
    ),
    _wrong("counts", "numbers of rows", _Q2, "    return data.groupby(sensitive)[label].sum()\n"),
    _wrong(
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
    _wrong(
        "compared with np.nan",
        "never true",
        _Q3,
        "    return (data[column] == np.nan).groupby(data[sensitive]).mean()\n",
    ),
    _wrong(
        "share of the dataset",
        "all rows",
        _Q3,
        "    return data[column].isna().groupby(data[sensitive]).sum() / len(data)\n",
    ),
    _wrong(
        "share present (count / size)",
        "present",
        _Q3,
        "    g = data.groupby(sensitive)[column]\n    return g.count() / g.size()\n",
    ),
    _wrong(
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
    _wrong(
        "divided by the recorded negatives",
        "recorded negatives",
        _Q4,
        _Q4_FLIP + "    negatives = data[recorded_label] == 0\n"
        "    g = data[sensitive]\n"
        "    return flipped.groupby(g).sum() / negatives.groupby(g).sum()\n",
    ),
    _wrong(
        "divided by the group size",
        "size of the group",
        _Q4,
        _Q4_FLIP + "    return flipped.groupby(data[sensitive]).mean()\n",
    ),
    _wrong(
        "share kept positive",
        "kept",
        _Q4,
        "    positives = data[data[true_label] == 1]\n"
        "    return (positives[recorded_label] == 1).groupby(positives[sensitive]).mean()\n",
    ),
    _wrong(
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
    _wrong(
        "true outcome ignored",
        "same true outcome",
        _Q5,
        "    means = data.groupby(sensitive)[feature].mean()\n"
        "    ref = data.loc[data[sensitive] == reference, feature]\n"
        "    return (means - means[reference]) / ref.std()\n",
    ),
    _wrong(
        "population SD (ddof=0)",
        "ddof=0",
        _Q5,
        _Q5_MEANS + "    return (means - means.loc[reference]).mean(axis=1) / np.std(ref)\n",
    ),
    _wrong(
        "absolute value",
        "absolute",
        _Q5,
        _Q5_MEANS + "    return ((means - means.loc[reference]).mean(axis=1) / ref.std()).abs()\n",
    ),
    _wrong(
        "in the feature's units",
        "units",
        _Q5,
        _Q5_MEANS + "    return (means - means.loc[reference]).mean(axis=1)\n",
    ),
    _wrong(
        "reference minus group",
        "sign",
        _Q5,
        _Q5_MEANS + "    return (means.loc[reference] - means).mean(axis=1) / ref.std()\n",
    ),
)

# -- q6 --------------------------------------------------------------------------------------
Q6_HINTS = (
    "Monitoring computes the same number on every batch: here the selection rate of `group` "
    "minus that of `reference`, within each batch separately.",
    "Group by batch and gender, average `selected`, and lay the result out as a table batch x "
    "gender; the gap is one column minus the other (signed: negative when `group` is selected "
    "less often).",
    "`data.groupby(['batch', 'gender'])['selected'].mean().unstack()` then `rates[group] - "
    "rates[reference]`.",
)
_Q6 = "gap_by_batch(data, group, reference)"
_Q6_RATES = "    rates = data.groupby(['batch', 'gender'])['selected'].mean().unstack()\n"
Q6_SOLUTION = f"def {_Q6}:\n" + _Q6_RATES + "    return rates[group] - rates[reference]\n"
Q6_WRONG = (
    _wrong(
        "reference minus group",
        "sign",
        _Q6,
        _Q6_RATES + "    return rates[reference] - rates[group]\n",
    ),
    _wrong(
        "absolute gap",
        "absolute",
        _Q6,
        _Q6_RATES + "    return (rates[group] - rates[reference]).abs()\n",
    ),
    _wrong("ratio", "ratio", _Q6, _Q6_RATES + "    return rates[group] / rates[reference]\n"),
    _wrong(
        "cumulative gap",
        "cumulative",
        _Q6,
        "    data = data.sort_values('batch')\n"
        "    out = {}\n"
        "    for b in data['batch'].unique():\n"
        "        seen = data[data['batch'] <= b]\n"
        "        r = seen.groupby('gender')['selected'].mean()\n"
        "        out[b] = r[group] - r[reference]\n"
        "    return pd.Series(out)\n",
    ),
)

# -- q7 --------------------------------------------------------------------------------------
Q7_HINTS = (
    "An alert is raised for a batch whose gap leaves the band [low, high], on either side.",
    "Compute the gap of every batch with your `gap_by_batch`; a batch is flagged when its gap "
    "is below `low` or above `high` (a gap exactly on the edge stays inside).",
    "Return `pd.DataFrame({'gap': gap, 'alert': (gap < low) | (gap > high)})`-style columns.",
)
_Q7 = "batch_alerts(data, group, reference, low, high)"
_Q7_GAP = "    gap = gap_by_batch(data, group, reference)\n"
Q7_SOLUTION = (
    f"def {_Q7}:\n" + _Q7_GAP + "    outside = (gap < low) | (gap > high)\n"
    "    return pd.DataFrame({'gap': gap, 'alert': outside})\n"
)


def _q7(alert: str) -> str:
    return _Q7_GAP + f"    return pd.DataFrame({{'gap': gap, 'alert': {alert}}})\n"


Q7_WRONG = (
    _wrong("lower side only", "one side", _Q7, _q7("gap < low")),
    _wrong("inside flagged", "inside the band", _Q7, _q7("(gap >= low) & (gap <= high)")),
    _wrong("absolute gap against high", "absolute gap", _Q7, _q7("gap.abs() > high")),
)

# -- written, graded by hand -------------------------------------------------------------------
W1_PROMPT = """\
**Written question (3 points, graded by hand): a monitoring plan.** The company now deploys the
screening model of this notebook: every week about 200 applicants are scored, and the top
30 % are invited to an interview by a recruiter. Applicants state their gender on a voluntary
form (about 80 % do). Whether an invited applicant was really qualified is only known months
later, after the interviews and a probation period; the uninvited are never assessed.

Write a monitoring plan for the first year (8-15 sentences or a short table). Say:

1. **what** you compute on every batch (at least one metric, with its exact definition, and
   why it fits this deployment), and with which data, including what to do about the
   applicants who did not state their gender and about the outcome that arrives late;
2. **how often** and **with which band**: how you set its limits (from what baseline, how
   wide given about 60 women per week), and how you trade false alarms against late
   detection;
3. **who is alerted** and **what happens then**: who looks at an alert, within what time,
   what they check first, and when the model is paused or decisions are reviewed by people.
"""
W1_RUBRIC = """\
1 point, what: at least one metric defined exactly (e.g. the gap in invitation rate women -
men per week; later, once outcomes arrive, the gap in the share of qualified applicants who
were invited, i.e. TPR), linked to a harm in this deployment; it addresses the missing gender
(report the unknown share, no imputation presented as fact, or a sensitivity analysis) and
the delayed, selective labels (only invited applicants get an outcome).
1 point, how often and band: a cadence (weekly batches, or a rolling window) and a band with a
stated basis (a baseline period of the pre-deployment audit or of the first weeks; limits of
about 2-3 standard errors of a gap between proportions, roughly +-0.15-0.2 with 60 and 140
people, or a wider window / CUSUM to detect smaller drifts), naming the trade-off between false
alarms and delay.
1 point, who and what then: a named owner (role) and an escalation path with a time limit;
the first checks (data pipeline, input drift, the feature that moved, e.g. a vendor update of
the interview score); a decision rule (e.g. two alerts in a row or one far outside: pause the
automated screen, route applicants to human review, re-audit); and a record of each alert and
its outcome. Accept any coherent plan with sound reasons; a vague "we will monitor fairness"
earns nothing for that part.
"""
