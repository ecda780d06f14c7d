"""m02-group-metrics: group fairness metrics, computed by hand with NumPy and pandas.

Questions (12 autograded points, plus 2 written points graded by hand):

- q1 ``selection_rate_by_group(y_pred, groups)`` -> Series (2 points)
- q2 ``tpr_fpr_by_group(y_true, y_pred, groups)`` -> DataFrame with columns tpr, fpr (3 points)
- q3 ``demographic_parity_difference(y_pred, groups)`` -> float (2 points)
- q4 ``equalized_odds_difference(y_true, y_pred, groups)`` -> float (2 points)
- q5 ``weighted_selection_rate_by_group(y_pred, groups, sample_weight)`` -> Series (2 points)
- q6 ``dp_gap_by_sex(data)``: the demographic parity difference by sex of a table like the
  notebook's Adult predictions, which the grader resamples (1 point)

Every answer is written with NumPy and pandas: ``fairkit.metrics``, ``fairlearn`` and
``sklearn.metrics`` compute exactly these quantities, so they are absent while it is graded.

Inputs are NumPy arrays, or pandas Series that share one (possibly non-default) index.
Undefined rates: the q2 and q4 prompts promise that every group has at least one actual
positive and one actual negative, and all cases, hidden ones included, keep that promise, so
no rate is 0/0 (fairkit would give NaN with a warning). Sample weights are strictly positive.

Examples
--------
>>> from autograder.questions.m02_group_metrics import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 3, 2, 2, 2, 1]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions import _m02_answers as A
from autograder.questions._base import Mistake, Question
from autograder.questions._by_group import per_group, spread
from autograder.questions._m02_data import adult_frames, case_makers
from fairkit import metrics as fm

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m02-group-metrics"

setup_code = """\
import numpy as np
import pandas as pd
from faircheck.datasets import adult_predictions

# The UCI Adult test split with the decisions of a logistic regression (income > $50K).
adult = adult_predictions()
y_true = adult["y_true"].to_numpy()
y_pred = adult["y_pred"].to_numpy()
sex = adult["sex"].to_numpy()
race = adult["race"].to_numpy()
"""

# The reference implementations of what this exercise asks learners to build.
FORBIDDEN = ("fairkit.metrics", "fairlearn", "sklearn.metrics")
_NO_EMPTY_RATES = (
    " You may assume that every group has at least one actual positive and one actual negative."
)


# -- references (fairkit) ---------------------------------------------------------------------
def _labelled(series: pd.Series) -> dict[str, float]:
    return {str(k): float(v) for k, v in series.items()}


def _ref_selection(y_pred, groups, sample_weight=None) -> dict[str, float]:
    mf = fm.MetricFrame(
        metrics=fm.selection_rate,
        y_true=y_pred,
        y_pred=y_pred,
        sensitive_features=groups,
        sample_weight=sample_weight,
    )
    return _labelled(mf.by_group)


def _ref_tpr_fpr(y_true, y_pred, groups) -> dict[str, dict[str, float]]:
    metrics = {"tpr": fm.true_positive_rate, "fpr": fm.false_positive_rate}
    mf = fm.MetricFrame(metrics=metrics, y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    return {name: _labelled(mf.by_group[name]) for name in metrics}


def _ref_dp(y_pred, groups) -> float:
    return fm.demographic_parity_difference(y_pred, y_pred, sensitive_features=groups)


def _ref_eo(y_true, y_pred, groups) -> float:
    return fm.equalized_odds_difference(y_true, y_pred, sensitive_features=groups)


def _ref_dp_by_sex(data) -> float:
    return fm.demographic_parity_difference(
        data["y_pred"], data["y_pred"], sensitive_features=data["sex"]
    )


# -- known-wrong variants (NumPy by hand) -------------------------------------------------------


def _everyone(groups, value: float) -> dict[str, float]:
    return per_group(groups, lambda _: value)


def _rates(groups, num, den) -> dict[str, float]:
    return per_group(groups, lambda m: np.sum(num[m]) / np.sum(den[m]))


def _tp(y_true, y_pred):
    return (y_true == 1) & (y_pred == 1)


def _fp(y_true, y_pred):
    return (y_true == 0) & (y_pred == 1)


def _first_two(values: dict[str, float]) -> float:
    first, second = sorted(values)[:2]
    return values[first] - values[second]


def _odds_gaps(y_true, y_pred, groups) -> tuple[float, float]:
    table = _ref_tpr_fpr(y_true, y_pred, groups)
    return spread(table["tpr"]), spread(table["fpr"])


def _frame_rates(data, outcome: str, by: str) -> dict[str, float]:
    values = data[outcome].to_numpy()
    return per_group(data[by].to_numpy(), lambda m: values[m].mean())


def _frame_gap(data, outcome: str, by: str) -> float:
    return spread(_frame_rates(data, outcome, by))


def _frame_ratio(data, outcome: str, by: str) -> float:
    rates = _frame_rates(data, outcome, by)
    return min(rates.values()) / max(rates.values())


_SELECTION = ("y_pred", "groups")
_LABELLED = ("y_true", "y_pred", "groups")
_WEIGHTED = ("y_pred", "groups", "sample_weight")
_sel_public, _sel_hidden = case_makers(_SELECTION, both_labels=False)
_lab_public, _lab_hidden = case_makers(_LABELLED, both_labels=True)
_w_public, _w_hidden = case_makers(_WEIGHTED, both_labels=False)

# -- questions ------------------------------------------------------------------------------------
_Q1 = Question(
    id="q1",
    title="Selection rate by group",
    points=2,
    answer_name="selection_rate_by_group",
    quantity="the selection rate of each group: the share of rows with y_pred == 1 in the group",
    output="by_group",
    forbidden=FORBIDDEN,
    reference=_ref_selection,
    make_public=_sel_public,
    make_hidden=_sel_hidden,
    prompt=(
        "Write `selection_rate_by_group(y_pred, groups)`: return a pandas Series indexed by "
        "group with the share of `y_pred == 1` in each group."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        Mistake(
            "you returned the overall selection rate for every group: compute it within each "
            "group.",
            lambda y_pred, groups: _everyone(groups, np.mean(y_pred)),
        ),
        Mistake(
            "these are the numbers of selected rows: divide by the size of the group.",
            lambda y_pred, groups: per_group(groups, lambda m: np.sum(y_pred[m])),
        ),
        Mistake(
            "this is the share of the selected who belong to each group, P(group | selected): "
            "the selection rate is P(selected | group), the selected share of the group.",
            lambda y_pred, groups: per_group(groups, lambda m: y_pred[m].sum() / y_pred.sum()),
        ),
        Mistake(
            "you divided by the number of all rows: divide by the size of the group.",
            lambda y_pred, groups: per_group(groups, lambda m: y_pred[m].sum() / len(y_pred)),
        ),
        Mistake(
            "that is the share of y_pred == 0: the selection rate counts the 1s.",
            lambda y_pred, groups: per_group(groups, lambda m: np.mean(y_pred[m] == 0)),
        ),
    ),
)

_Q2 = Question(
    id="q2",
    title="True and false positive rates by group",
    points=3,
    answer_name="tpr_fpr_by_group",
    quantity=(
        "a DataFrame with one row per group and columns tpr = TP / actual positives and "
        "fpr = FP / actual negatives of the group"
    ),
    output="table",
    forbidden=FORBIDDEN,
    columns=("tpr", "fpr"),
    reference=_ref_tpr_fpr,
    make_public=_lab_public,
    make_hidden=_lab_hidden,
    prompt=(
        "Write `tpr_fpr_by_group(y_true, y_pred, groups)`: return a DataFrame indexed by group "
        "with columns `tpr` (true positive rate) and `fpr` (false positive rate)." + _NO_EMPTY_RATES
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=(
        Mistake(
            "you returned the overall rates for every group: compute TPR and FPR within each "
            "group.",
            lambda y_true, y_pred, groups: {
                "tpr": _everyone(groups, y_pred[y_true == 1].mean()),
                "fpr": _everyone(groups, y_pred[y_true == 0].mean()),
            },
        ),
        Mistake(
            "your values look like the false positive rate: TPR divides the true positives by "
            "the number of actual positives (y_true == 1) in the group.",
            lambda y_true, y_pred, groups: _rates(groups, _fp(y_true, y_pred), y_true == 0),
            column="tpr",
        ),
        Mistake(
            "you divided by the size of the group: TPR divides the true positives by the "
            "number of actual positives (y_true == 1) in the group.",
            lambda y_true, y_pred, groups: _rates(
                groups, _tp(y_true, y_pred), np.ones_like(y_true)
            ),
            column="tpr",
        ),
        Mistake(
            "that is the precision, TP / predicted positives (did you swap y_true and y_pred?): "
            "TPR divides by the actual positives (y_true == 1).",
            lambda y_true, y_pred, groups: _rates(groups, _tp(y_true, y_pred), y_pred == 1),
            column="tpr",
        ),
        Mistake(
            "that is the false negative rate (1 - TPR): TPR counts the actual positives that "
            "were predicted 1.",
            lambda y_true, y_pred, groups: _rates(groups, y_true > y_pred, y_true == 1),
            column="tpr",
        ),
        Mistake(
            "your values look like the true positive rate: FPR is the share of actual negatives "
            "(y_true == 0) that were predicted 1.",
            lambda y_true, y_pred, groups: _rates(groups, _tp(y_true, y_pred), y_true == 1),
            column="fpr",
        ),
        Mistake(
            "you divided by the size of the group: FPR divides the false positives by the "
            "number of actual negatives (y_true == 0) in the group.",
            lambda y_true, y_pred, groups: _rates(
                groups, _fp(y_true, y_pred), np.ones_like(y_true)
            ),
            column="fpr",
        ),
        Mistake(
            "you divided by the predicted positives (that is the false discovery rate): FPR "
            "divides the false positives by the actual negatives (y_true == 0).",
            lambda y_true, y_pred, groups: _rates(groups, _fp(y_true, y_pred), y_pred == 1),
            column="fpr",
        ),
        Mistake(
            "that is the true negative rate (1 - FPR): FPR counts the actual negatives that "
            "were predicted 1.",
            lambda y_true, y_pred, groups: _rates(groups, y_true + y_pred == 0, y_true == 0),
            column="fpr",
        ),
    ),
)

_Q3 = Question(
    id="q3",
    title="Demographic parity difference",
    points=2,
    answer_name="demographic_parity_difference",
    quantity=(
        "the demographic parity difference: the largest minus the smallest selection rate "
        "over all groups"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=_ref_dp,
    make_public=_sel_public,
    make_hidden=_sel_hidden,
    prompt=(
        "Write `demographic_parity_difference(y_pred, groups)`: return the largest minus the "
        "smallest selection rate over all groups, as a number."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        Mistake(
            "this looks like a ratio (min / max): the question asks for a difference (max - min).",
            lambda y_pred, groups: fm.demographic_parity_ratio(
                y_pred, y_pred, sensitive_features=groups
            ),
        ),
        Mistake(
            "signed vs absolute: your value is negative, but the gap is max - min, never below 0.",
            lambda y_pred, groups: -_ref_dp(y_pred, groups),
        ),
        Mistake(
            "a difference of two groups in a fixed order can be negative or miss the extremes: "
            "the gap is max - min over all groups.",
            lambda y_pred, groups: _first_two(_ref_selection(y_pred, groups)),
        ),
        Mistake(
            "you compared only two groups: with more groups, take max - min over all of them.",
            lambda y_pred, groups: abs(_first_two(_ref_selection(y_pred, groups))),
        ),
        Mistake(
            "you compared numbers of selected rows: compare selection rates (the selected share "
            "of each group).",
            lambda y_pred, groups: spread(per_group(groups, lambda m: np.sum(y_pred[m]))),
        ),
        Mistake(
            "that is the overall selection rate, not a gap between groups.",
            lambda y_pred, groups: np.mean(y_pred),
        ),
    ),
)

_Q4 = Question(
    id="q4",
    title="Equalized odds difference",
    points=2,
    answer_name="equalized_odds_difference",
    quantity=(
        "the equalized odds difference: the larger of the TPR gap and the FPR gap, each gap "
        "being max - min over the groups"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=_ref_eo,
    make_public=_lab_public,
    make_hidden=_lab_hidden,
    prompt=(
        "Write `equalized_odds_difference(y_true, y_pred, groups)`: the larger of the TPR gap "
        "and the FPR gap between groups (each gap: max - min over groups)." + _NO_EMPTY_RATES
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=(
        Mistake(
            "that is only the TPR gap (equal opportunity): equalized odds also looks at the FPR "
            "gap and takes the larger of the two.",
            lambda y_true, y_pred, groups: _odds_gaps(y_true, y_pred, groups)[0],
        ),
        Mistake(
            "that is only the FPR gap: equalized odds also looks at the TPR gap and takes the "
            "larger of the two.",
            lambda y_true, y_pred, groups: _odds_gaps(y_true, y_pred, groups)[1],
        ),
        Mistake(
            "that is the mean of the TPR gap and the FPR gap: take the larger one (worst case).",
            lambda y_true, y_pred, groups: np.mean(_odds_gaps(y_true, y_pred, groups)),
        ),
        Mistake(
            "that is the sum of the TPR gap and the FPR gap: take the larger one.",
            lambda y_true, y_pred, groups: sum(_odds_gaps(y_true, y_pred, groups)),
        ),
        Mistake(
            "that is the smaller of the two gaps: take the larger one.",
            lambda y_true, y_pred, groups: min(_odds_gaps(y_true, y_pred, groups)),
        ),
        Mistake(
            "did you swap y_true and y_pred? TPR and FPR condition on the actual label y_true.",
            lambda y_true, y_pred, groups: max(_odds_gaps(y_pred, y_true, groups)),
        ),
    ),
)

_Q5 = Question(
    id="q5",
    title="Weighted selection rate by group",
    points=2,
    answer_name="weighted_selection_rate_by_group",
    quantity=(
        "the weighted selection rate of each group: the total weight of its rows with "
        "y_pred == 1 divided by the total weight of the group"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=_ref_selection,
    make_public=_w_public,
    make_hidden=_w_hidden,
    prompt=(
        "Write `weighted_selection_rate_by_group(y_pred, groups, sample_weight)`: like q1, but "
        "each row counts with its (positive) weight."
    ),
    hints=A.Q5_HINTS,
    solution=A.Q5_SOLUTION,
    wrong_answers=A.Q5_WRONG,
    mistakes=(
        Mistake(
            "you ignored sample_weight: each row counts with its weight.",
            lambda y_pred, groups, sample_weight: _ref_selection(y_pred, groups),
        ),
        Mistake(
            "you divided by the number of rows in the group: divide by its total weight.",
            lambda y_pred, groups, sample_weight: _rates(
                groups, y_pred * sample_weight, np.ones_like(sample_weight)
            ),
        ),
        Mistake(
            "you divided by the total weight of everyone: divide by the total weight of the group.",
            lambda y_pred, groups, sample_weight: per_group(
                groups, lambda m: np.sum((y_pred * sample_weight)[m]) / np.sum(sample_weight)
            ),
        ),
        Mistake(
            "that is the total weight of the selected rows: divide it by the group's total weight.",
            lambda y_pred, groups, sample_weight: per_group(
                groups, lambda m: np.sum((y_pred * sample_weight)[m])
            ),
        ),
        Mistake(
            "you returned the overall weighted selection rate for every group: compute it per "
            "group.",
            lambda y_pred, groups, sample_weight: _everyone(
                groups, np.average(y_pred, weights=sample_weight)
            ),
        ),
    ),
)

_FRAME_PUBLIC, _FRAME_HIDDEN = adult_frames()

_Q6 = Question(
    id="q6",
    title="Demographic parity gap by sex",
    points=1,
    answer_name="dp_gap_by_sex",
    quantity=(
        "the demographic parity difference by `sex` of the decisions `y_pred` in `data` "
        "(max - min of the selection rates of the sexes)"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=_ref_dp_by_sex,
    make_public=_FRAME_PUBLIC,
    make_hidden=_FRAME_HIDDEN,
    uses=("q1", "q3"),
    prompt=(
        "Write `dp_gap_by_sex(data)`: `data` is a DataFrame like `adult` (columns `sex`, "
        "`race`, `y_true`, `y_pred`; any index); return the demographic parity difference of "
        "the decisions `y_pred` between the groups of `sex`, using your "
        "`demographic_parity_difference`. Then look at `dp_gap_by_sex(adult)`. The grader "
        "calls your function on other samples of decisions."
    ),
    hints=A.Q6_HINTS,
    solution=A.Q6_SOLUTION,
    wrong_answers=A.Q6_WRONG,
    mistakes=(
        Mistake(
            "this looks like a ratio (min / max): the question asks for the difference "
            "(max - min).",
            lambda data: _frame_ratio(data, "y_pred", "sex"),
        ),
        Mistake(
            "signed vs absolute: your value is negative, but the gap is max - min, never below 0.",
            lambda data: -_ref_dp_by_sex(data),
        ),
        Mistake(
            "that is the gap in the actual outcomes y_true (the base rates): the question is "
            "about the model's decisions y_pred.",
            lambda data: _frame_gap(data, "y_true", "sex"),
        ),
        Mistake(
            "that is the gap between the groups of `race`: the question asks about `sex`.",
            lambda data: _frame_gap(data, "y_pred", "race"),
        ),
        Mistake(
            "this looks like a percentage: give the gap as a share between 0 and 1.",
            lambda data: 100 * _ref_dp_by_sex(data),
        ),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6)}

WRITTEN = [
    {
        "id": "w1",
        "points": 2,
        "prompt": A.W1_PROMPT,
        "rubric": A.W1_RUBRIC,
    }
]
