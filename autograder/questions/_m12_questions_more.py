"""Questions q5-q8 of m12-capstone: compare a mitigation, release privately, decide, monitor.

Split from :mod:`autograder.questions.m12_capstone` (which assembles the exercise) to keep
files short; the forbidden list is the exercise's.
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m12_answers_monitor as W
from autograder.questions import _m12_answers_more as B
from autograder.questions import _m12_cases as C
from autograder.questions import _m12_cases_more as D
from autograder.questions import _m12_refs as R
from autograder.questions._base import Mistake, Question

__all__ = ["more_questions"]


def _public(maker):
    return lambda: maker(None)


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


def more_questions(forbidden: tuple[str, ...]) -> tuple[Question, ...]:
    """q5-q8, each forbidding ``forbidden``."""
    q5 = Question(
        id="q5",
        title="Before and after the mitigation",
        points=2,
        answer_name="mitigation_comparison",
        quantity=(
            "rows before (score >= threshold) and after (score >= the group's q4 threshold): "
            "selection_rate_gap and true_positive_rate_gap (max - min over groups) and accuracy"
        ),
        output="table",
        columns=("selection_rate_gap", "true_positive_rate_gap", "accuracy"),
        forbidden=forbidden,
        reference=R.comparison,
        make_public=_public(C.comparison_cases),
        make_hidden=C.comparison_cases,
        uses=("q4",),
        prompt=B.Q5_PROMPT,
        hints=B.Q5_HINTS,
        solution=B.Q5_SOLUTION,
        wrong_answers=B.Q5_WRONG,
        mistakes=(
            Mistake(
                "after the mitigation, approve score >= threshold (the threshold is the "
                "k-th highest score, itself approved), not score > threshold.",
                partial(R.comparison_variant, how="strict"),
                column="selection_rate_gap",
            ),
            Mistake(
                "that is a ratio (min / max): the gap is a difference, max - min.",
                partial(R.comparison_variant, how="ratio"),
                column="selection_rate_gap",
            ),
            Mistake(
                "that is the false positive rate gap: the true positive rate divides by the "
                "rows with y_true == 1.",
                partial(R.comparison_variant, how="fpr"),
                column="true_positive_rate_gap",
            ),
        ),
    )
    q6 = Question(
        id="q6",
        title="A privacy-protected release of the counts",
        points=3,
        answer_name="private_release",
        quantity=(
            "per group: applicants and approved, each count + (2 / epsilon) * its unit noise "
            "(L1 sensitivity 2), and approval_rate = noisy approved / noisy applicants"
        ),
        output="table",
        columns=("applicants", "approved", "approval_rate"),
        forbidden=forbidden,
        reference=R.release,
        make_public=_public(D.release_cases),
        make_hidden=D.release_cases,
        prompt=B.Q6_PROMPT,
        hints=B.Q6_HINTS,
        solution=B.Q6_SOLUTION,
        wrong_answers=B.Q6_WRONG,
        mistakes=(
            *(
                Mistake(
                    message, partial(R.release_column, how=how, column="applicants"), "applicants"
                )
                for how, message in (
                    (
                        "one",
                        "your noise has scale 1 / epsilon (sensitivity 1): one applicant "
                        "changes two counts, so the table's L1 sensitivity is 2 and the "
                        "scale 2 / epsilon.",
                    ),
                    (
                        "times",
                        "you multiplied the noise by epsilon times the sensitivity: the "
                        "Laplace scale is sensitivity / epsilon (less privacy budget, more "
                        "noise).",
                    ),
                    (
                        "swapped",
                        "the noise columns are swapped: column 0 of `unit_noise` goes with "
                        "`applicants`, column 1 with `approved`.",
                    ),
                )
            ),
            Mistake(
                "that rate comes from the exact counts: publishing it would leak them; "
                "compute it from the noisy counts (post-processing is free).",
                partial(R.release_column, how="exact_rate", column="approval_rate"),
                column="approval_rate",
            ),
        ),
    )
    q7 = Question(
        id="q7",
        title="The verdict on each candidate",
        points=2,
        answer_name="audit_verdicts",
        quantity=(
            "1.0 if -tolerance <= low and high <= tolerance, -1.0 if low > tolerance or "
            "high < -tolerance, else 0.0 (inconclusive), per candidate"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.verdicts,
        make_public=_public(D.verdict_cases),
        make_hidden=D.verdict_cases,
        prompt=B.Q7_PROMPT,
        hints=B.Q7_HINTS,
        solution=B.Q7_SOLUTION,
        wrong_answers=B.Q7_WRONG,
        mistakes=_mistakes(
            R.verdicts_variant,
            (
                "point",
                "you judged the midpoint of each interval: an interval that crosses the edge "
                "of the band is inconclusive (0.0), whatever its midpoint.",
            ),
            (
                "benefit",
                "an interval that crosses the edge of the band is inconclusive (0.0), not a "
                "pass: not showing a breach does not show the gap is small.",
            ),
            (
                "upper",
                "you compared only the upper end with the band: check both ends against both "
                "edges (a gap far below -tolerance is too large as well).",
            ),
        ),
    )
    q8 = Question(
        id="q8",
        title="Monitoring: the gap week by week",
        points=2,
        answer_name="weekly_gaps",
        quantity=(
            "for each week, the true positive rate gap (largest minus smallest TPR across "
            "the groups) of that week's rows"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.weekly_gaps,
        make_public=_public(D.weekly_cases),
        make_hidden=D.weekly_cases,
        prompt=W.Q8_PROMPT,
        hints=W.Q8_HINTS,
        solution=W.Q8_SOLUTION,
        wrong_answers=W.Q8_WRONG,
        mistakes=_mistakes(
            R.weekly_variant,
            ("pooled", "every week got the gap of all weeks together: use each week's rows."),
            (
                "selection",
                "that is the selection-rate gap: the monitor watches the true positive rate "
                "(approvals among the rows with y_true == 1).",
            ),
            (
                "signed",
                "that is a signed difference between two groups: the gap is the largest "
                "minus the smallest TPR, never negative.",
            ),
        ),
    )
    return q5, q6, q7, q8
