"""m01-bias-lifecycle: audit a dataset before any model exists, then monitor a deployed one.

Questions (14 autograded points, plus 3 written points graded by hand):

- q1 ``representation_ratio(groups, population_groups, population_shares)`` -> Series (2)
- q2 ``base_rate_by_group(data, sensitive, label)`` -> Series (1)
- q3 ``missing_rate_by_group(data, sensitive, column)`` -> Series (2)
- q4 ``label_flip_rate_by_group(data, sensitive, true_label, recorded_label)`` -> Series (2)
- q5 ``measurement_shift(data, sensitive, reference, feature, true_label)`` -> Series (3)
- q6 ``gap_by_batch(data, group, reference)`` -> Series by batch (2)
- q7 ``batch_alerts(data, group, reference, low, high)`` -> DataFrame gap, alert (2)

Every answer is a function of a table the grader chooses: ``fairkit.datasets`` generators
drawn again on the host (hiring and lending, other seeds, sizes, bias sizes, labels and column
names), so no number can be shared. ``fairkit.metrics`` and ``fairlearn`` compute group rates
and are absent while it is graded; pandas and NumPy are all that is needed.

Decisions: the standard deviation of q5 is the sample SD (ddof=1, pandas' default); an
answer with NumPy's default ddof=0 is recognised and told so, but not accepted, because a
comparison at 1e-9 cannot accept both. Gaps are signed (group minus reference).

Examples
--------
>>> from autograder.questions.m01_bias_lifecycle import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 1, 2, 2, 3, 2, 2]
"""

from __future__ import annotations

from autograder.questions import _m01_answers as A
from autograder.questions import _m01_checks as C
from autograder.questions._base import Mistake, Question
from autograder.questions._m01_data import audit_tables, representation_cases, stream_tables

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m01-bias-lifecycle"

setup_code = """\
import numpy as np
import pandas as pd
from fairkit.datasets import make_hiring, make_hiring_stream

# Past applicants of the company (synthetic, with injected biases whose sizes are known).
hiring = make_hiring(4000, historical_bias=0.3, measurement_bias=0.5, missing_rate=0.05,
                     missing_bias=0.2, random_state=11).frame
hiring["gender"] = hiring["gender"].astype(str)
# The working-age population of the region the company recruits from (census shares).
census = pd.Series({"man": 0.5, "woman": 0.5})
# The decisions of the deployed screening model, week by week (30 batches of 200).
stream = make_hiring_stream(30, 200, random_state=11).frame
stream["gender"] = stream["gender"].astype(str)
"""

FORBIDDEN = ("fairkit.metrics", "fairlearn")
_ARGS = (
    " The grader calls it on other tables (hiring or lending data, other group labels and "
    "column names): use the arguments, not fixed names."
)


def _m(message, how, variant):
    return Mistake(message, lambda **kw: variant(**kw, how=how))


def _col(message, column, variant):
    return Mistake(message, variant, column=column)


_Q1_PUBLIC, _Q1_HIDDEN = representation_cases()
_Q1 = Question(
    id="q1",
    title="Representation against the population",
    points=2,
    answer_name="representation_ratio",
    quantity=(
        "for each group of the population: its share of the rows of the data divided by its "
        "share of the population (1 = represented as in the population)"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=C.representation,
    make_public=_Q1_PUBLIC,
    make_hidden=_Q1_HIDDEN,
    prompt=(
        "Write `representation_ratio(groups, population_groups, population_shares)`: `groups` "
        "holds the group of every row of a data set; the reference population has the share "
        "`population_shares[i]` of group `population_groups[i]`. Return a Series indexed by "
        "the population's groups: share of the group among the rows / its population share. "
        "A group of the population that is absent from the data has ratio 0. Then look at "
        '`representation_ratio(hiring["gender"], census.index, census.to_numpy())`.'
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        _m(
            "this is the population share over the share in the data: divide the other way "
            "round (data / population).",
            "inverse",
            C.representation,
        ),
        _m(
            "that is a difference (share in the data - population share): the question asks "
            "for the ratio.",
            "difference",
            C.representation,
        ),
        _m(
            "you divided numbers of rows by population shares: first turn the counts into "
            "shares of all rows.",
            "count",
            C.representation,
        ),
        _m(
            "you compared with equal shares (1 / number of groups): use the stated population "
            "shares.",
            "uniform",
            C.representation,
        ),
        _m(
            "a group absent from the data has share 0 there, so its ratio is 0, not NaN: fill "
            "its share with 0 before dividing.",
            "absent_nan",
            C.representation,
        ),
    ),
)

_Q2_PUBLIC, _Q2_HIDDEN = audit_tables(
    lambda t: [
        {"sensitive": t.sensitive, "label": t.recorded_label},
        {"sensitive": t.sensitive, "label": t.true_label},
    ]
)
_Q2 = Question(
    id="q2",
    title="Base rate by group",
    points=1,
    answer_name="base_rate_by_group",
    quantity="the base rate of each group: the share of its rows whose `label` column is 1",
    output="by_group",
    forbidden=FORBIDDEN,
    reference=C.base_rate,
    make_public=_Q2_PUBLIC,
    make_hidden=_Q2_HIDDEN,
    prompt=(
        "Write `base_rate_by_group(data, sensitive, label)`: return a Series indexed by the "
        "groups of column `sensitive`, with the share of rows whose (0/1) column `label` is 1 "
        "in each group." + _ARGS
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=(
        _m(
            "that is P(label = 1 and group): you divided by all rows; divide by the rows of "
            "the group (share of the group, not share of the dataset).",
            "dataset",
            C.base_rate_variant,
        ),
        _m(
            "this is P(group | label = 1), the share of the positives who belong to the group: "
            "the base rate is P(label = 1 | group).",
            "given_label",
            C.base_rate_variant,
        ),
        _m(
            "these are numbers of rows: divide by the size of the group.",
            "count",
            C.base_rate_variant,
        ),
        _m(
            "you returned the overall rate for every group: compute it within each group.",
            "overall",
            C.base_rate_variant,
        ),
        _m(
            "you used another label column: use the column named by the `label` argument.",
            "other",
            C.base_rate_variant,
        ),
    ),
)

_Q3_PUBLIC, _Q3_HIDDEN = audit_tables(lambda t: {"sensitive": t.sensitive, "column": t.missing})
_Q3 = Question(
    id="q3",
    title="Missing values by group",
    points=2,
    answer_name="missing_rate_by_group",
    quantity="the share of the rows of each group where `column` is missing (NaN)",
    output="by_group",
    forbidden=FORBIDDEN,
    reference=C.missing_rate,
    make_public=_Q3_PUBLIC,
    make_hidden=_Q3_HIDDEN,
    prompt=(
        "Write `missing_rate_by_group(data, sensitive, column)`: return a Series indexed by "
        "the groups of column `sensitive`, with the share of rows of each group where `column` "
        "is missing (NaN)." + _ARGS
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        _m(
            "every rate is 0: NaN was not counted as missing. `x == np.nan` is never true and "
            "fillna(0) hides the gaps: use `.isna()`.",
            "zero",
            C.missing_rate,
        ),
        _m(
            "you divided by all rows: divide the missing values of a group by the size of that "
            "group.",
            "dataset",
            C.missing_rate,
        ),
        _m(
            "that is the share of values present (`count()` skips NaN): the question asks for "
            "the share missing.",
            "present",
            C.missing_rate,
        ),
        _m(
            "this is P(group | missing), the share of the missing values that fall in the "
            "group: the question asks for P(missing | group).",
            "given_missing",
            C.missing_rate,
        ),
        _m(
            "these are numbers of missing values: divide by the size of the group.",
            "count",
            C.missing_rate,
        ),
    ),
)

_Q4_PUBLIC, _Q4_HIDDEN = audit_tables(
    lambda t: {
        "sensitive": t.sensitive,
        "true_label": t.true_label,
        "recorded_label": t.recorded_label,
    }
)
_Q4 = Question(
    id="q4",
    title="Historical label bias",
    points=2,
    answer_name="label_flip_rate_by_group",
    quantity=(
        "for each group: among its rows whose true label is 1, the share whose recorded label is 0"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=C.flip_rate,
    make_public=_Q4_PUBLIC,
    make_hidden=_Q4_HIDDEN,
    prompt=(
        "Write `label_flip_rate_by_group(data, sensitive, true_label, recorded_label)`: for "
        "each group of column `sensitive`, the share of its true positives (`true_label` == 1) "
        "that were recorded as negative (`recorded_label` == 0). You may assume that every "
        "group has at least one true positive." + _ARGS
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=(
        _m(
            "you divided by the group's recorded negatives (that is P(true = 1 | recorded = 0)): "
            "divide by its true positives.",
            "recorded_negatives",
            C.flip_rate,
        ),
        _m(
            "you divided by the size of the group (with flips from 1 to 0 only, that is also "
            "the gap between the true and the recorded base rate): divide by its true "
            "positives.",
            "group_size",
            C.flip_rate,
        ),
        _m(
            "that is the share of true positives kept positive (1 - the answer): count those "
            "recorded as 0.",
            "kept",
            C.flip_rate,
        ),
        _m(
            "you returned the overall flip rate for every group: compute it within each group.",
            "overall",
            C.flip_rate,
        ),
        _m(
            "did you swap the true and the recorded label? Start from the true positives.",
            "swapped",
            C.flip_rate,
        ),
    ),
)

_Q5_PUBLIC, _Q5_HIDDEN = audit_tables(
    lambda t: {
        "sensitive": t.sensitive,
        "reference": t.reference,
        "feature": t.feature,
        "true_label": t.true_label,
    }
)
_Q5 = Question(
    id="q5",
    title="Measurement shift among equals",
    points=3,
    answer_name="measurement_shift",
    quantity=(
        "for each group: the mean over the true labels 0 and 1 of (mean of `feature` in the "
        "group - mean in the reference group, among rows with that true label), divided by "
        "the sample standard deviation (ddof=1) of `feature` over the reference group's rows"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=C.shift,
    make_public=_Q5_PUBLIC,
    make_hidden=_Q5_HIDDEN,
    prompt=(
        "Write `measurement_shift(data, sensitive, reference, feature, true_label)`: for each "
        "group g of column `sensitive` and each true label y in {0, 1}, take d(g, y) = mean of "
        "`feature` among rows of g with `true_label` == y minus the same mean for the group "
        "`reference`. Return a Series indexed by group: (d(g, 0) + d(g, 1)) / 2 divided by "
        "the standard deviation of `feature` over all rows of the reference group. Use the "
        "sample standard deviation (ddof=1, pandas' `.std()`); NumPy's `np.std` (ddof=0) is "
        "not accepted. Signed: negative when g is measured lower; 0 for the reference. You "
        "may assume every group has rows with both true labels." + _ARGS
    ),
    hints=A.Q5_HINTS,
    solution=A.Q5_SOLUTION,
    wrong_answers=A.Q5_WRONG,
    mistakes=(
        _m(
            "you compared all rows of the groups: compare people with the same true outcome "
            "(a gap in base rates would otherwise pass for measurement bias).",
            "raw",
            C.shift_variant,
        ),
        _m(
            "you used the population SD (ddof=0, NumPy's default): this question uses the "
            "sample SD (ddof=1, pandas' `.std()`).",
            "ddof0",
            C.shift_variant,
        ),
        _m(
            "signed vs absolute: the shift is negative when the group is measured lower; do "
            "not take the absolute value.",
            "absolute",
            C.shift_variant,
        ),
        _m(
            "the sign is reversed: take the group's mean minus the reference's.",
            "reversed",
            C.shift_variant,
        ),
        _m(
            "this is in the feature's own units: divide by the reference group's SD.",
            "units",
            C.shift_variant,
        ),
        _m(
            "you divided by the SD of all rows: use the SD of the reference group's rows.",
            "all",
            C.shift_variant,
        ),
        _m(
            "you divided by each group's own SD: use the reference group's SD for every group.",
            "own",
            C.shift_variant,
        ),
        _m(
            "you only compared the true positives: average the differences for true label 0 and 1.",
            "positives",
            C.shift_variant,
        ),
    ),
)

_Q6_PUBLIC, _Q6_HIDDEN = stream_tables(lambda rng: {})
_Q6 = Question(
    id="q6",
    title="The monitored gap, batch by batch",
    points=2,
    answer_name="gap_by_batch",
    quantity=(
        "for each batch: the selection rate of `group` minus that of `reference` (share of "
        "rows with selected == 1 within the batch)"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=C.batch_gaps,
    make_public=_Q6_PUBLIC,
    make_hidden=_Q6_HIDDEN,
    prompt=(
        "Write `gap_by_batch(data, group, reference)`: `data` is a table like `stream` "
        "(columns `batch`, `gender`, `selected`, ...; rows in any order). Return a Series "
        "indexed by batch: the selection rate of the gender `group` minus that of the gender "
        "`reference` within the batch (signed). Every batch has rows of both."
    ),
    hints=A.Q6_HINTS,
    solution=A.Q6_SOLUTION,
    wrong_answers=A.Q6_WRONG,
    mistakes=(
        _m("the sign is reversed: take `group` minus `reference`.", "reversed", C.batch_gaps),
        _m(
            "signed vs absolute: keep the sign, so that a drift against `group` shows as a "
            "negative gap.",
            "absolute",
            C.batch_gaps,
        ),
        _m(
            "this looks like a ratio: the question asks for a difference of selection rates.",
            "ratio",
            C.batch_gaps,
        ),
        _m(
            "that is the cumulative gap over all batches so far: compute each batch on its own "
            "rows.",
            "cumulative",
            C.batch_gaps,
        ),
        _m(
            "you returned the gap over all the data for every batch: compute it per batch.",
            "overall",
            C.batch_gaps,
        ),
        _m(
            "you compared numbers of selected people: compare selection rates.",
            "count",
            C.batch_gaps,
        ),
        _m(
            "that is max - min over all genders: compare `group` with `reference` only.",
            "max_min",
            C.batch_gaps,
        ),
    ),
)


def _band(rng):
    """Band limits whose last digit makes them impossible to hit exactly with these batches."""
    if rng is None:
        return {"low": -0.0801, "high": 0.0999}
    digit = rng.choice([1, 3, 7, 9])
    return {
        "low": -float(rng.integers(60, 160) * 10 + digit) / 10_000,
        "high": float(rng.integers(30, 120) * 10 + digit) / 10_000,
    }


_Q7_PUBLIC, _Q7_HIDDEN = stream_tables(_band)
_Q7 = Question(
    id="q7",
    title="Alerts outside the band",
    points=2,
    answer_name="batch_alerts",
    quantity=(
        "a DataFrame indexed by batch with columns gap (as in q6) and alert (1/True when the "
        "gap is below `low` or above `high`, else 0/False)"
    ),
    output="table",
    columns=("gap", "alert"),
    forbidden=FORBIDDEN,
    reference=lambda data, group, reference, low, high: {
        "gap": C.batch_gaps(data, group, reference),
        "alert": C.alerts(data, group, reference, low, high),
    },
    make_public=_Q7_PUBLIC,
    make_hidden=_Q7_HIDDEN,
    uses=("q6",),
    prompt=(
        "Write `batch_alerts(data, group, reference, low, high)`: return a DataFrame indexed "
        "by batch with the columns `gap` (your `gap_by_batch`) and `alert`: True for a batch "
        "whose gap lies outside the band [`low`, `high`], False inside."
    ),
    hints=A.Q7_HINTS,
    solution=A.Q7_SOLUTION,
    wrong_answers=A.Q7_WRONG,
    mistakes=(
        _col(
            "you only flag one side of the band: a gap above `high` is an alert too (a "
            "change either way needs a look).",
            "alert",
            lambda **kw: C.alerts(**kw, how="lower"),
        ),
        _col(
            "you flagged the batches inside the band: the alert is for gaps outside it.",
            "alert",
            lambda **kw: C.alerts(**kw, how="inside"),
        ),
        _col(
            "you compared the absolute gap with `high`: the band is [low, high], with its "
            "own lower limit.",
            "alert",
            lambda **kw: C.alerts(**kw, how="absolute"),
        ),
        _col(
            "the sign of the gap is reversed: take `group` minus `reference`.",
            "gap",
            lambda data, group, reference, low, high: C.batch_gaps(
                data, group, reference, how="reversed"
            ),
        ),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6, _Q7)}

WRITTEN = [{"id": "w1", "points": 3, "prompt": A.W1_PROMPT, "rubric": A.W1_RUBRIC}]
