"""Questions q4-q6 of m10-explainability: from Shapley values to the features carrying a gap.

Split from :mod:`autograder.questions.m10_explainability` (which assembles the exercise) to
keep files short; the forbidden list is the exercise's.
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m10_answers_gap as B
from autograder.questions import _m10_cases as C
from autograder.questions import _m10_refs as R
from autograder.questions._base import Mistake, Question

__all__ = ["gap_questions"]


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


def _public(maker):
    return lambda: maker(None)


def gap_questions(forbidden: tuple[str, ...]) -> tuple[Question, ...]:
    """q4-q6, each forbidding ``forbidden``."""
    q4 = Question(
        id="q4",
        title="Which features carry the gap: the contribution gap",
        points=2,
        answer_name="contribution_gap",
        quantity=(
            "for each feature, the average Shapley value over the rows of `group` minus the "
            "average over the rows of `reference` (signed, same background for every row)"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.contribution_gap,
        make_public=_public(C.gap_cases),
        make_hidden=C.gap_cases,
        uses=("q3",),
        prompt=(
            "Write `contribution_gap(X, background, groups, coef, *, intercept, group, "
            "reference)`: explain every row of `X` with your `shapley_values` (against "
            "`background`), and return, per feature, the mean Shapley value over the rows "
            "of `group` minus the mean over the rows of `reference`, as a Series indexed by "
            "feature number. Keep the signs. Because every row has the same base value, these "
            "numbers add up to the gap in mean probability between the two groups. Then apply "
            "it to `X_model` with `background`, `gender`, `group='woman'`, `reference='man'`."
        ),
        hints=B.Q4_HINTS,
        solution=B.Q4_SOLUTION,
        wrong_answers=B.Q4_WRONG,
        mistakes=_mistakes(
            R.contribution_gap_variant,
            (
                "absolute",
                "you compared mean absolute values (importances): keep the signs, which say "
                "whether a feature raises or lowers a group's probabilities.",
            ),
            ("reversed", "that is the gap the other way round: `group` minus `reference`."),
            (
                "log_odds",
                "that is coef * (difference in mean x), the gap in log-odds contributions: "
                "use the Shapley values of the probability.",
            ),
        ),
    )
    q5 = Question(
        id="q5",
        title="Explanation disparity",
        points=2,
        answer_name="explanation_disparity",
        quantity=(
            "for each feature, the largest minus the smallest value across the groups, each "
            "group's column first divided by the sum of its absolute values if normalize"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.disparity,
        make_public=_public(C.disparity_cases),
        make_hidden=C.disparity_cases,
        prompt=(
            "Write `explanation_disparity(data, *, normalize)`: `data` is a DataFrame with a "
            "text column `feature` and one numeric column per group (a feature's importance "
            "for that group: permutation importance or mean |Shapley value|). Return, as a "
            "Series indexed by feature, how far apart the groups are: the largest value minus "
            "the smallest across the group columns. With `normalize=True`, first divide each "
            "group's column by the sum of its absolute values (its shares of importance). "
            "Then apply it to the table of your q1 importances (one row per feature, "
            "columns `man` and `woman`)."
        ),
        hints=B.Q5_HINTS,
        solution=B.Q5_SOLUTION,
        wrong_answers=B.Q5_WRONG,
        mistakes=_mistakes(
            R.disparity_variant,
            (
                "raw",
                "with normalize=True each group's column must first become shares: divide it "
                "by the sum of its absolute values.",
            ),
            (
                "by_max",
                "you divided by each group's largest value: shares divide by the sum of the "
                "absolute values.",
            ),
            ("ratio", "that is a ratio max / min: the disparity is a difference, max - min."),
            (
                "first_last",
                "that is the first group minus the last: take the largest minus the smallest "
                "across all groups.",
            ),
        ),
    )
    q6 = Question(
        id="q6",
        title="Flagging the features that carry the gap",
        points=2,
        answer_name="gap_carriers",
        quantity=(
            "1.0 for each feature whose contribution gap divided by the gap in mean "
            "probability (group minus reference) is at least min_share, else 0.0"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.gap_carriers,
        make_public=_public(C.carrier_cases),
        make_hidden=C.carrier_cases,
        uses=("q3", "q4"),
        prompt=(
            "Write `gap_carriers(X, background, groups, coef, *, intercept, group, reference, "
            "min_share)`: a feature's *share* of the gap is its contribution gap (your q4) "
            "divided by the gap in mean probability between `group` and `reference` (signed: "
            "a feature working against the gap has a negative share). Return a Series indexed "
            "by feature number: 1.0 where the share is at least `min_share`, else 0.0. Then "
            "flag the features carrying at least 20 % of the gap between women and men. One "
            "of them is not about the applicant's work at all: which?"
        ),
        hints=B.Q6_HINTS,
        solution=B.Q6_SOLUTION,
        wrong_answers=B.Q6_WRONG,
        mistakes=_mistakes(
            R.gap_carriers_variant,
            (
                "absolute_share",
                "you used shares of the absolute gaps: a feature working against the gap "
                "(negative share) must not count; divide the signed gap by the total gap.",
            ),
            (
                "magnitude",
                "you ignored the direction: a feature pushing the other way has a negative "
                "share and is not a carrier.",
            ),
            (
                "importance",
                "you flagged important features (shares of mean |Shapley value|): a carrier "
                "of the gap is a feature whose contributions differ between the groups.",
            ),
        ),
    )
    return q4, q5, q6
