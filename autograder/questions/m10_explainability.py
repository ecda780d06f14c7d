"""m10-explainability: explanations that find bias, built by hand.

Permutation importance, partial dependence and exact Shapley values of a gender-blind
screening model, by group; explanation disparity; the features that carry a gap.

Questions (14 autograded points, plus 3 written points graded by hand):

- q1 ``permutation_importance_by_group(X, y, groups, coef, *, intercept, feature)`` -> Series
  by group: the exact drop in accuracy, averaged over every shuffle within the group (3 points)
- q2 ``partial_dependence_by_group(X, groups, coef, *, intercept, feature, value)`` -> Series
  by group (2 points)
- q3 ``shapley_values(x, background, coef, *, intercept)`` -> Series by feature: exact
  interventional Shapley values of one row's probability (3 points)
- q4 ``contribution_gap(X, background, groups, coef, *, intercept, group, reference)`` ->
  Series by feature: mean Shapley value in ``group`` minus in ``reference`` (2 points)
- q5 ``explanation_disparity(data, *, normalize)`` -> Series by feature: max - min across the
  groups' importances (2 points)
- q6 ``gap_carriers(X, background, groups, coef, *, intercept, group, reference, min_share)``
  -> Series of 1.0/0.0 flags: features carrying at least ``min_share`` of the gap (2 points)

The model is the notebook's logistic screening model given by its coefficients, so nothing
needs scikit-learn. ``fairkit.explain`` (which computes all of this), ``sklearn.inspection``
and ``shap`` are absent while the exercise is graded; the notebook's data come from
``fairkit.datasets``.

Examples
--------
>>> from autograder.questions.m10_explainability import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[3, 2, 3, 2, 2, 2]
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m10_answers as A
from autograder.questions import _m10_answers_gap as B
from autograder.questions import _m10_cases as C
from autograder.questions import _m10_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m10_data import SETUP_CODE, importance_cases, pd_cases
from autograder.questions._m10_questions_gap import gap_questions

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m10-explainability"
setup_code = SETUP_CODE

# fairkit.explain computes every answer; scikit-learn's inspection module computes permutation
# importance and partial dependence; shap computes Shapley values.
FORBIDDEN = ("fairkit.explain", "shap", "sklearn.inspection")


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


def _public(maker):
    return lambda: maker(None)


_Q1 = Question(
    id="q1",
    title="Permutation importance within each group, exactly",
    points=3,
    answer_name="permutation_importance_by_group",
    quantity=(
        "for each group, its base accuracy minus its accuracy averaged over every shuffle of "
        "column `feature` among the group's rows (the mean over all pairs (i, k) of the group, "
        "k = i included, of row i scored with row k's value)"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.importance,
    make_public=_public(importance_cases),
    make_hidden=importance_cases,
    prompt=(
        "Write `permutation_importance_by_group(X, y, groups, coef, *, intercept, feature)`. "
        "The model decides `X @ coef + intercept > 0`, and its score is the accuracy against "
        "the 0/1 labels `y`. Within each group, permutation importance shuffles column "
        "`feature` among the group's rows and records base accuracy - shuffled accuracy. "
        "Instead of drawing shuffles, compute its **average over every possible shuffle** "
        "exactly: a shuffle gives row i the value of row k with probability 1/n for every k "
        "(k = i included), so the average shuffled accuracy is the mean, over all n * n pairs "
        "(i, k) of the group, of whether row i is still classified correctly with row k's "
        "value. Return a Series indexed by group. Then apply it to each of the four features "
        "(`FEATURES`) of `X_model` with `y=decision`: the share of the model's own decisions "
        "that a shuffle changes, for women and for men."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=_mistakes(
        R.importance_variant,
        ("signed", "wrong sign: importance is base accuracy minus shuffled accuracy."),
        (
            "overall",
            "you drew the replacement values from every group: shuffle within the group, so "
            "each row gets a value of its own group's rows.",
        ),
        (
            "derangement",
            "you left out the pairs k = i: a shuffle can leave a row's value in place, so "
            "average over all n * n pairs (k = i included).",
        ),
        ("shuffled", "that is the shuffled accuracy: subtract it from the base accuracy."),
    ),
)

_Q2 = Question(
    id="q2",
    title="Partial dependence by group at one value",
    points=2,
    answer_name="partial_dependence_by_group",
    quantity=(
        "for each group, the average over its rows of the model's probability with column "
        "`feature` set to `value` (every other feature kept)"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.partial_dependence,
    make_public=_public(pd_cases),
    make_hidden=pd_cases,
    prompt=(
        "Write `partial_dependence_by_group(X, groups, coef, *, intercept, feature, value)`: "
        "the model's probability is p = 1 / (1 + exp(-(X @ coef + intercept))). For each "
        "group, set column `feature` to `value` in every one of its rows, keep the other "
        "columns, and return the average probability, as a Series indexed by group. Then "
        "compare women and men on `X_model` at the two values of `club_member` (column 3: "
        "`X_model[:, 3].min()` and `.max()`) and along a grid of `interview_score` (column 2)."
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=_mistakes(
        R.partial_dependence_variant,
        ("decisions", "you averaged decisions instead of probabilities: average p itself."),
        ("not_set", "that is the plain average probability: set the feature to `value` first."),
        (
            "mean_row",
            "that is the model at the average row of the group: average the probabilities of "
            "the rows instead (the model is not linear in probability).",
        ),
        ("overall", "every group got the average of all rows: average within each group."),
    ),
)

_Q3 = Question(
    id="q3",
    title="Exact Shapley values of one applicant",
    points=3,
    answer_name="shapley_values",
    quantity=(
        "the Shapley value of each feature for the probability of row x, the value of a "
        "coalition S being the average probability over the background rows with the "
        "features in S set to x's values"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.shapley,
    make_public=_public(C.shapley_cases),
    make_hidden=C.shapley_cases,
    prompt=(
        "Write `shapley_values(x, background, coef, *, intercept)`: `x` is one applicant "
        "(d features), `background` a 2-D array of applicants, and the model's output is "
        "the probability p = 1 / (1 + exp(-(x @ coef + intercept))). The value v(S) of a "
        "set S of features is the average of p over the background rows with the features "
        "in S replaced by x's values. Return the exact Shapley values, phi_i = sum over the "
        "sets S without i of |S|! (d - |S| - 1)! / d! (v(S + {i}) - v(S)), as a Series "
        "indexed by feature number 0 ... d - 1. Enumerate every set (d is at most 5 here). "
        "Then check efficiency: for an applicant of `X_model` with `background`, the values "
        "add up to p(x) minus the background's average p."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=_mistakes(
        R.shapley_variant,
        (
            "banzhaf",
            "every coalition got the same weight 1 / 2**(d - 1): that is the Banzhaf value; "
            "Shapley's weight is |S|! (d - |S| - 1)! / d!.",
        ),
        (
            "log_odds",
            "that is coef * (x - background mean), the Shapley value of the log-odds score: "
            "explain the probability, which is not linear.",
        ),
        (
            "mean_baseline",
            "you filled the missing features with the average background row: average the "
            "probabilities over the background rows instead.",
        ),
        (
            "leave_one_out",
            "that is the leave-one-out effect v(all) - v(all but i): average over every "
            "coalition, with Shapley's weights.",
        ),
        (
            "first_order",
            "that is v({i}) - v({}), the feature's effect alone: average over every coalition.",
        ),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, *gap_questions(FORBIDDEN))}

WRITTEN = [{"id": "w1", "points": 3, "prompt": B.W1_PROMPT, "rubric": B.W1_RUBRIC}]
