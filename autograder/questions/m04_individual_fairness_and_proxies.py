"""m04-individual-fairness-and-proxies: consistency, flip tests and proxies, by hand.

Questions (16 autograded points, plus 3 written points graded by hand):

- q1 ``consistency(X, y_pred, *, k)`` -> float: k-nearest-neighbour consistency (2 points)
- q2 ``flip_rate(X, sensitive, coef, *, coef_sensitive, intercept)`` -> float (2 points)
- q3 ``auc(scores, groups, *, positive)`` -> float: AUC by ranks, ties one half (2 points)
- q4 ``cramers_v(feature, groups)`` -> float, without bias correction (2 points)
- q5 ``mutual_information(feature, groups)`` -> float, in nats (2 points)
- q6 ``permutation_importance(X, y, coef, *, intercept, n_repeats, seed)`` -> Series (3 points)
- q7 ``proxy_scores(data, *, sensitive)`` -> Series: orientation-free AUC per feature (2 points)
- q8 ``proxies_used(names, proxy_auc, importance, *, auc_min, importance_min)`` -> Series
  of 1.0/0.0 flags (1 point)

Everything is written with NumPy and pandas: the modules that compute these quantities
(``FORBIDDEN``) are absent while the exercise is graded. No question needs scikit-learn.

Examples
--------
>>> from autograder.questions.m04_individual_fairness_and_proxies import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 2, 2, 2, 2, 3, 2, 1]
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m04_answers as A
from autograder.questions import _m04_answers_proxy as B
from autograder.questions import _m04_cases as C
from autograder.questions import _m04_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m04_data import SETUP_CODE
from autograder.questions._m04_questions_proxy import proxy_questions

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m04-individual-fairness-and-proxies"
setup_code = SETUP_CODE

# What computes these quantities: fairkit's own explain and metrics, scikit-learn's metrics
# (AUC, mutual information), inspection (permutation importance), feature selection (mutual
# information) and neighbours (k-NN), and scipy.stats (chi-squared, Cramér's V).
FORBIDDEN = (
    "fairkit.explain",
    "fairkit.metrics",
    "scipy.stats",
    "sklearn.feature_selection",
    "sklearn.inspection",
    "sklearn.metrics",
    "sklearn.neighbors",
)


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


_Q1 = Question(
    id="q1",
    title="Consistency with k nearest neighbours",
    points=2,
    answer_name="consistency",
    quantity=(
        "the consistency 1 - mean_i |y_i - mean of y over the k nearest other rows of i| "
        "(Euclidean distance on X)"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.consistency,
    make_public=C.consistency_public,
    make_hidden=C.consistency_hidden,
    prompt=(
        "Write `consistency(X, y_pred, *, k)`: `X` is a 2-D array (rows = people), `y_pred` "
        "their 0/1 decisions. For each row find its `k` nearest *other* rows (Euclidean "
        "distance on `X`), and return 1 minus the average, over rows, of |own decision - mean "
        "decision of the neighbours| (Zemel et al. 2013). No two distances from a row tie. "
        "Then look at `consistency(X_model, decision, k=5)`."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=_mistakes(
        R.consistency_variant,
        ("with_self", "each row was counted as its own neighbour: leave the row itself out."),
        ("no_one_minus", "that is the average disagreement: consistency is 1 minus it."),
        ("manhattan", "that uses the Manhattan distance: use the Euclidean distance."),
        ("signed", "take the absolute value of each row's difference before averaging."),
        ("all_rows", "you compared each decision with everyone's average, not its neighbours'."),
    ),
)

_Q2 = Question(
    id="q2",
    title="Counterfactual flip rate of a linear model",
    points=2,
    answer_name="flip_rate",
    quantity=(
        "the share of all rows whose decision changes when the sensitive value s is replaced "
        "by 1 - s, every other feature unchanged"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.flip_rate,
    make_public=C.flip_public,
    make_hidden=C.flip_hidden,
    prompt=(
        "Write `flip_rate(X, sensitive, coef, *, coef_sensitive, intercept)`: a model approves "
        "row i when `X[i] @ coef + coef_sensitive * sensitive[i] + intercept > 0` "
        "(`sensitive` is 0/1). Return the share of rows whose decision changes when their "
        "`sensitive` value is switched (0 <-> 1) and nothing else. Then compare the bank's "
        "race-blind model (`coef_sensitive=0.0`) with one that also used race "
        "(`coef_sensitive=-0.8`), both with `BANK_COEF` and `BANK_INTERCEPT` on `X_model` and "
        "`minority`."
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=_mistakes(
        R.flip_variant,
        ("count", "that is the number of rows that flip: divide by the number of rows."),
        (
            "group1",
            "you looked at only the rows with sensitive == 1: every row is switched, so "
            "count the flips of both groups.",
        ),
        ("lost", "you counted only the approvals that were lost: a flip either way counts."),
        (
            "all_to_1",
            "you set everyone to 1: switch each row's own value (0 <-> 1) instead.",
        ),
        (
            "approval_gap",
            "that compares approval rates, not individual decisions: count the rows whose own "
            "decision changes.",
        ),
    ),
)

_Q3 = Question(
    id="q3",
    title="Single-feature AUC by ranks",
    points=2,
    answer_name="auc",
    quantity=(
        "the AUC: P(score of a random positive-group row > score of a random other row), "
        "a tie counting one half"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.auc,
    make_public=C.auc_public,
    make_hidden=C.auc_hidden,
    prompt=(
        "Write `auc(scores, groups, *, positive)`: how well `scores` alone separates the rows "
        "with `groups == positive` from all the others, as the area under the ROC curve: the "
        "share of (positive, other) pairs where the positive row scores higher, a tie counting "
        "one half (the Mann-Whitney statistic). Below 0.5 means the positive group scores "
        "*lower*: keep it (do not flip it here). Then look at "
        "`auc(applicants['credit_score'], race, positive='minority')`."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        Mistake(
            "you counted tied pairs as 0: a tie counts one half.",
            partial(R.auc_ties, tie=0.0),
        ),
        Mistake(
            "you counted tied pairs as 1: a tie counts one half.",
            partial(R.auc_ties, tie=1.0),
        ),
        Mistake(
            "this is the AUC the other way round (1 - AUC): the positive group should be the "
            "one scoring higher, and a value below 0.5 must stay below 0.5.",
            lambda scores, groups, positive: 1 - R.auc(scores, groups, positive),
        ),
    ),
)

_Q4 = Question(
    id="q4",
    title="Cramér's V of a categorical feature",
    points=2,
    answer_name="cramers_v",
    quantity=(
        "Cramér's V = sqrt(chi2 / (n (min(rows, columns) - 1))) of the table feature x group, "
        "without continuity or bias correction"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.cramers_v,
    make_public=C.association_public,
    make_hidden=C.association_hidden,
    prompt=(
        "Write `cramers_v(feature, groups)`: both are categorical (text or integer labels). "
        "Return Cramér's V of their contingency table, sqrt(chi2 / (n (min(r, c) - 1))), with "
        "the plain Pearson chi-squared (no Yates continuity correction, no bias correction). "
        "Then compare `applicants['zip_code']` and `applicants['east_side']` with `race`."
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=_mistakes(
        R.cramers_v_variant,
        ("squared", "that is V squared: take the square root."),
        (
            "max",
            "you divided by the larger dimension: use the smaller of the numbers of rows and "
            "columns, minus 1.",
        ),
        ("phi", "that is the phi coefficient sqrt(chi2 / n): divide by n (min(r, c) - 1)."),
        ("chi2", "that is the chi-squared statistic itself: rescale it to V."),
        ("corrected", "that is the bias-corrected V (Bergsma): the question asks for plain V."),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, *proxy_questions(FORBIDDEN))}

WRITTEN = [{"id": "w1", "points": 3, "prompt": B.W1_PROMPT, "rubric": B.W1_RUBRIC}]
