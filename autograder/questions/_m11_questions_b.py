"""Questions q4-q6 of m11-accountability: recourse, and the completeness of a document."""

from __future__ import annotations

from functools import partial

from autograder.questions import _m11_answers_b as B
from autograder.questions import _m11_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m11_data import group_cases, recourse_cases
from autograder.questions._m11_docs import doc_cases, document_gaps, gaps_variant

__all__ = ["questions_b"]


def questions_b(forbidden: tuple[str, ...], public) -> tuple[Question, Question, Question]:
    """q4, q5 and q6, with the assignment's forbidden modules and its public-case maker."""
    return _q4(forbidden, public), _q5(forbidden, public), _q6(forbidden, public)


def _q4(forbidden, public) -> Question:
    return Question(
        id="q4",
        title="Recourse for a denied applicant, in closed form",
        points=3,
        answer_name="linear_recourse",
        quantity=(
            "the new feature values of the cheapest change (cost sum_j costs[j] |new_j - x_j|, "
            "actionable features within [low, high], the others fixed) that brings the score "
            "x @ coef + intercept up to 0"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.linear_recourse,
        make_public=public(recourse_cases),
        make_hidden=recourse_cases,
        prompt=(
            "A linear model approves when `x @ coef + intercept > 0`; applicant `x` is denied. "
            "Write `linear_recourse(x, coef, actionable, costs, low, high, *, intercept)`: the "
            "features with `actionable == 1` may change, each within `[low[j], high[j]]` (`x` is "
            "inside), the others stay; a change costs `sum_j costs[j] * |new_j - x_j|`. Return the "
            "new values of the cheapest change that brings the score up to exactly 0 (the "
            "boundary; a tiny step more approves), as a Series indexed by feature position "
            "0, 1, ... (`pd.Series(new)`). If no change within the bounds is enough, return NaN "
            "for every feature (the grader's cases for this question always have a change; q5 "
            "needs the NaN). Try it on a denied applicant of `X_std` with `COEF` and `INTERCEPT`."
        ),
        hints=B.Q4_HINTS,
        solution=B.Q4_SOLUTION,
        wrong_answers=B.Q4_WRONG,
        mistakes=(
            Mistake(
                "you ignored the costs: features must be used in order of cost per unit of score, "
                "costs[j] / |coef[j]|, not of |coef[j]| alone.",
                partial(R.recourse_variant, how="no_costs"),
            ),
            Mistake(
                "a feature went past its bound: move each feature at most to high[j] (or low[j]) "
                "and take the rest of the need from the next cheapest feature.",
                partial(R.recourse_variant, how="no_bounds"),
            ),
            Mistake(
                "these are the changes: return the new values x + change.",
                partial(R.recourse_variant, how="delta"),
            ),
            Mistake(
                "that is the closest point in Euclidean distance (a step along coef): the cost is "
                "weighted L1, so the cheapest features per unit of score move first, one by one.",
                partial(R.recourse_variant, how="euclidean"),
            ),
            Mistake(
                "you ordered the features by costs[j] * |coef[j]|: the cost of one unit of score "
                "from feature j is costs[j] / |coef[j]|.",
                partial(R.recourse_variant, how="cost_times_weight"),
            ),
        ),
    )


def _q5(forbidden, public) -> Question:
    return Question(
        id="q5",
        title="Is recourse harder for one group?",
        points=2,
        answer_name="recourse_cost_by_group",
        quantity=(
            "per group, over its denied applicants (score <= 0): mean_cost = the mean cost of the "
            "cheapest change among those who have one; share_infeasible = the share who have none"
        ),
        output="table",
        columns=("mean_cost", "share_infeasible"),
        forbidden=forbidden,
        reference=R.cost_by_group,
        make_public=public(group_cases),
        make_hidden=group_cases,
        uses=("q4",),
        prompt=(
            "Write `recourse_cost_by_group(X, groups, coef, actionable, costs, low, high, *, "
            "intercept)`: for every denied row of `X` (score `<= 0`), the cheapest change of "
            "q4 and its cost. Return a DataFrame indexed by group with columns `mean_cost` "
            "(mean cost over the group's denied who have a change within the bounds) and "
            "`share_infeasible` (the share of the group's denied who have none). Every group "
            "has at least one denied row with a change. Then compare the groups of `race` in "
            "the notebook's data: whose recourse is dearer, and is it only because more of "
            "them are denied?"
        ),
        hints=B.Q5_HINTS,
        solution=B.Q5_SOLUTION,
        wrong_answers=B.Q5_WRONG,
        mistakes=(
            Mistake(
                "the applicants without a change were counted as 0 in the mean: leave them out of "
                "mean_cost (they are counted in share_infeasible).",
                partial(R.cost_variant, how="infeasible_as_zero"),
                column="mean_cost",
            ),
            Mistake(
                "that is the median: the question asks for the mean cost.",
                partial(R.cost_variant, how="median"),
                column="mean_cost",
            ),
            Mistake(
                "you divided by the whole group: share_infeasible is the share of the group's "
                "denied applicants, not of the whole group.",
                partial(R.cost_variant, how="share_of_group"),
                column="share_infeasible",
            ),
            Mistake(
                "you spread the cost over everyone, the approved counted with 0: average over the "
                "denied who have a change.",
                partial(R.cost_variant, how="everyone"),
                column="mean_cost",
            ),
        ),
    )


def _q6(forbidden, public) -> Question:
    return Question(
        id="q6",
        title="Is the model card complete?",
        points=2,
        answer_name="document_gaps",
        quantity=(
            "for each section of the document's schema, the number of its fields with no text "
            "(no row, or only blank rows: text that is empty or whitespace)"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=document_gaps,
        make_public=public(doc_cases),
        make_hidden=doc_cases,
        prompt=(
            "A model card or a datasheet arrives as a table `document` with one row per text: "
            "columns `section`, `field` and `text` (a list field such as `out_of_scope` may have "
            "several rows, one per item; a field may have no row at all). `kind` is "
            "`'model card'` or `'datasheet'`; the fields each section must have are in "
            "`CARD_FIELDS` and `DATASHEET_FIELDS`. Write `document_gaps(document, *, kind)`: "
            "return a Series indexed by section (every section of the schema) with the number of "
            "fields that are not filled: a field is filled when at least one of its rows has text "
            "that is not only whitespace. Shared as text, this is what `ModelCard.validate` checks."
        ),
        hints=B.Q6_HINTS,
        solution=B.Q6_SOLUTION,
        wrong_answers=B.Q6_WRONG,
        mistakes=(
            Mistake(
                "a text of spaces or a line break counted as filled: a field whose text is only "
                "whitespace is empty (`text.strip() == ''`).",
                partial(gaps_variant, how="whitespace"),
            ),
            Mistake(
                "fields with no row at all were not counted: start from the schema, a field with "
                "no row is as empty as a blank one.",
                partial(gaps_variant, how="absent_ignored"),
            ),
            Mistake(
                "you counted the filled fields: count the fields that are still empty.",
                partial(gaps_variant, how="filled"),
            ),
            Mistake(
                "one blank item emptied a whole list: a list field is filled when at least one of "
                "its items has text.",
                partial(gaps_variant, how="any_blank"),
            ),
            Mistake(
                "you counted every blank row: a list field is one field, empty only if all its "
                "items are blank.",
                partial(gaps_variant, how="per_row"),
            ),
        ),
    )
