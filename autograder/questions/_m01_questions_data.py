"""m01 q1-q3: representation, base rates and missing values by group (before any model)."""

from __future__ import annotations

from autograder.questions import _m01_answers as A
from autograder.questions import _m01_checks as C
from autograder.questions._base import Question
from autograder.questions._m01_cases import representation_cases
from autograder.questions._m01_checks import mistake
from autograder.questions._m01_data import audit_tables

__all__ = ["QUESTIONS"]

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
    forbidden=C.FORBIDDEN,
    reference=C.representation,
    make_public=_Q1_PUBLIC,
    make_hidden=_Q1_HIDDEN,
    prompt=(
        "Write `representation_ratio(groups, population_groups, population_shares)`: `groups` "
        "holds the group of every row of a data set; the reference population has the share "
        "`population_shares[i]` of group `population_groups[i]`. Return a Series indexed by "
        "the population's groups: share of the group among the rows / its population share. "
        "Every group of the population appears in the data. Then look at "
        '`representation_ratio(hiring["gender"], census.index, census.to_numpy())`.'
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        mistake(
            "this is the population share over the share in the data: divide the other way "
            "round (data / population).",
            "inverse",
            C.representation,
        ),
        mistake(
            "that is a difference (share in the data - population share): the question asks "
            "for the ratio.",
            "difference",
            C.representation,
        ),
        mistake(
            "you divided numbers of rows by population shares: first turn the counts into "
            "shares of all rows.",
            "count",
            C.representation,
        ),
        mistake(
            "you compared with equal shares (1 / number of groups): use the stated population "
            "shares.",
            "uniform",
            C.representation,
        ),
        mistake(
            "the ratios are paired with the wrong groups: align the shares in the data with the "
            "population by group label, not by position.",
            "positional",
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
    forbidden=C.FORBIDDEN,
    reference=C.base_rate,
    make_public=_Q2_PUBLIC,
    make_hidden=_Q2_HIDDEN,
    prompt=(
        "Write `base_rate_by_group(data, sensitive, label)`: return a Series indexed by the "
        "groups of column `sensitive`, with the share of rows whose (0/1) column `label` is 1 "
        "in each group." + C.ARGS_NOTE + " Then compare the recorded (`hired`) and the true "
        "(`qualified`) base rates of `hiring`: the truth is 0.4 in both groups, and 0.28 "
        "for women's recorded rate."
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=(
        mistake(
            "that is P(label = 1 and group): you divided by all rows; divide by the rows of "
            "the group (share of the group, not share of the dataset).",
            "dataset",
            C.base_rate_variant,
        ),
        mistake(
            "this is P(group | label = 1), the share of the positives who belong to the group: "
            "the base rate is P(label = 1 | group).",
            "given_label",
            C.base_rate_variant,
        ),
        mistake(
            "these are numbers of rows: divide by the size of the group.",
            "count",
            C.base_rate_variant,
        ),
        mistake(
            "you returned the overall rate for every group: compute it within each group.",
            "overall",
            C.base_rate_variant,
        ),
        mistake(
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
    forbidden=C.FORBIDDEN,
    reference=C.missing_rate,
    make_public=_Q3_PUBLIC,
    make_hidden=_Q3_HIDDEN,
    prompt=(
        "Write `missing_rate_by_group(data, sensitive, column)`: return a Series indexed by "
        "the groups of column `sensitive`, with the share of rows of each group where `column` "
        "is missing (NaN)." + C.ARGS_NOTE + " Then look at `test_score` in `hiring`: the "
        "generator made it missing with probability 0.05 for men and 0.25 for women."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        mistake(
            "every rate is 0: NaN was not counted as missing. `x == np.nan` is never true and "
            "fillna(0) hides the gaps: use `.isna()`.",
            "zero",
            C.missing_rate,
        ),
        mistake(
            "you divided by all rows: divide the missing values of a group by the size of that "
            "group.",
            "dataset",
            C.missing_rate,
        ),
        mistake(
            "that is the share of values present (`count()` skips NaN): the question asks for "
            "the share missing.",
            "present",
            C.missing_rate,
        ),
        mistake(
            "this is P(group | missing), the share of the missing values that fall in the "
            "group: the question asks for P(missing | group).",
            "given_missing",
            C.missing_rate,
        ),
        mistake(
            "these are numbers of missing values: divide by the size of the group.",
            "count",
            C.missing_rate,
        ),
    ),
)


QUESTIONS = (_Q1, _Q2, _Q3)
