"""m12-capstone: an end-to-end audit of a lender's model, every checkable number graded.

The learner audits the race-blind lending model of the notebook (``make_lending``, with its
planted historical bias, measurement bias and zip-code proxy): measure, find the proxy,
mitigate and compare, release a privacy-protected table, decide, monitor.

Questions (18 autograded points, plus 9 written points graded by hand):

- q1 ``audit_table(y_true, y_pred, groups)`` -> table by group: selection, true and false
  positive rates (2 points)
- q2 ``gap_interval(y_pred, groups, *, group, reference, n_boot, seed, confidence)`` ->
  Series gap, low, high: the signed headline gap with a seeded, stratified percentile
  bootstrap interval (3 points)
- q3 ``proxy_scores(data, *, sensitive)`` -> Series by feature: orientation-free
  single-feature AUC for the group (2 points)
- q4 ``equalising_thresholds(y_score, groups, *, target_rate)`` -> Series by group: the
  per-group thresholds approving the same share of each group (2 points)
- q5 ``mitigation_comparison(y_true, y_score, groups, *, threshold, target_rate)`` -> table
  before/after: selection-rate gap, true-positive-rate gap, accuracy (2 points)
- q6 ``private_release(groups, approved, unit_noise, *, epsilon)`` -> table by group: a
  Laplace release of the per-group counts, the noise given, its scale checked (3 points)
- q7 ``audit_verdicts(data, *, tolerance)`` -> Series by candidate: 1 / 0 / -1 (2 points)
- q8 ``weekly_gaps(y_true, y_pred, groups, week)`` -> Series by week: the monitored true
  positive rate gap of each weekly batch (2 points)
- w1 the audit report (6 points), w2 a model card section (3 points)

It is the capstone: all of fairkit is allowed (``FORBIDDEN`` is empty). Where a fairkit
function draws its own random numbers (``bootstrap_ci``, ``laplace_mechanism``), the prompt
fixes the draws (a seed, or the noise itself) so that the grader can check the numbers exactly.

Examples
--------
>>> from autograder.questions.m12_capstone import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 3, 2, 2, 2, 3, 2, 2]
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m12_answers as A
from autograder.questions import _m12_answers_more as B
from autograder.questions import _m12_cases as C
from autograder.questions import _m12_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m12_data import SETUP_CODE
from autograder.questions._m12_questions_more import more_questions

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m12-capstone"
setup_code = SETUP_CODE
FORBIDDEN: tuple[str, ...] = ()  # the capstone uses every part of fairkit


def _public(maker):
    return lambda: maker(None)


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


_Q1 = Question(
    id="q1",
    title="The audit table: rates by group",
    points=2,
    answer_name="audit_table",
    quantity=(
        "per group: selection_rate (share of y_pred == 1), true_positive_rate (share of "
        "y_pred == 1 among y_true == 1), false_positive_rate (among y_true == 0)"
    ),
    output="table",
    columns=("selection_rate", "true_positive_rate", "false_positive_rate"),
    forbidden=FORBIDDEN,
    reference=R.audit_table,
    make_public=_public(C.audit_cases),
    make_hidden=C.audit_cases,
    prompt=A.Q1_PROMPT,
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        Mistake(
            "these look like false positive rates: the true positive rate divides by the "
            "rows with y_true == 1.",
            partial(R.audit_variant, how="swapped"),
            column="true_positive_rate",
        ),
        Mistake(
            "that is the share of 1s of `y_true` (the base rate): the selection rate counts "
            "the decisions `y_pred`.",
            partial(R.audit_variant, how="labels"),
            column="selection_rate",
        ),
        Mistake(
            "every group got the overall selection rate: compute it within each group.",
            partial(R.audit_variant, how="overall"),
            column="selection_rate",
        ),
    ),
)

_Q2 = Question(
    id="q2",
    title="The headline gap with a bootstrap interval",
    points=3,
    answer_name="gap_interval",
    quantity=(
        "gap = rate(group) - rate(reference) and the percentile interval (low, high) of "
        "n_boot replicates resampled within each group, ia then ib per replicate, one "
        "generator seeded once"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.gap_interval,
    make_public=_public(C.interval_cases),
    make_hidden=C.interval_cases,
    prompt=A.Q2_PROMPT,
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=_mistakes(
        R.interval_variant,
        ("reversed", "that is the gap the other way round: rate(group) - rate(reference)."),
        ("always95", "you used 95 % whatever `confidence` says."),
        ("reseeded", "every replicate drew the same rows: create the generator once."),
        (
            "pooled",
            "you resampled rows from all groups together: resample within each group "
            "(`ia` from group's rows, then `ib` from reference's), so their sizes stay fixed.",
        ),
    ),
)

_Q3 = Question(
    id="q3",
    title="Finding the proxy",
    points=2,
    answer_name="proxy_scores",
    quantity=(
        "for each feature, its orientation-free single-feature AUC for the group "
        "(max(AUC, 1 - AUC); text columns: each category scored by the positive group's share)"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.proxy_scores,
    make_public=_public(C.proxy_cases),
    make_hidden=C.proxy_cases,
    prompt=A.Q3_PROMPT,
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        Mistake(
            "that is the mutual information: the question asks for the single-feature AUC.",
            lambda data, sensitive: R._labelled(
                R.feature_association(data, sensitive)["mutual_info"]
            ),
        ),
        *_mistakes(
            R.proxy_variant,
            (
                "signed",
                "a feature lower in the positive group gives an AUC below 0.5: it separates "
                "the groups just as well; report max(AUC, 1 - AUC).",
            ),
            (
                "codes",
                "you scored text categories by their category codes (Z01 < Z02 < ...): "
                "score each category by the share of the positive group in it.",
            ),
        ),
    ),
)

_Q4 = Question(
    id="q4",
    title="Thresholds that equalise selection rates",
    points=2,
    answer_name="equalising_thresholds",
    quantity="for each group, its k-th highest score, k = ceil(target_rate * group size)",
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.thresholds,
    make_public=_public(C.threshold_cases),
    make_hidden=C.threshold_cases,
    prompt=A.Q4_PROMPT,
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=_mistakes(
        R.thresholds_variant,
        ("floor", "you rounded k down: k = ceil(target_rate * n), at least the target share."),
        (
            "overall",
            "you sorted all groups together: each group gets its own threshold, from its own "
            "scores.",
        ),
        ("next", "that is the (k + 1)-th highest score: the threshold is the k-th highest."),
        (
            "quantile",
            "that is an interpolated quantile: the threshold is one of the group's own "
            "scores, the k-th highest.",
        ),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, *more_questions(FORBIDDEN))}

WRITTEN = [
    {"id": "w1", "points": 6, "prompt": B.W1_PROMPT, "rubric": B.W1_RUBRIC},
    {"id": "w2", "points": 3, "prompt": B.W2_PROMPT, "rubric": B.W2_RUBRIC},
]
