"""m07-post-processing: group thresholds that equalise true positive rates, and reject-option
classification, computed by hand on a model's scores.

Questions (13 autograded points, plus 3 written points graded by hand):

- q1 ``tpr_fpr_at_threshold(scores, y_true, groups, *, threshold)`` -> table tpr, fpr (2 points)
- q2 ``threshold_for_tpr(scores, y_true, groups, *, target_tpr)`` -> Series by group (3 points)
- q3 ``fpr_at_equal_tpr(scores, y_true, groups, *, target_tpr)`` -> Series by group (2 points)
- q4 ``reject_option_rates(scores, groups, *, deprived, margin)`` -> Series by group (2 points)
- q5 ``smallest_fair_margin(scores, groups, *, deprived, max_gap)`` -> float (2 points)
- q6 ``mixing_weight(scores, y_true, groups, *, target_tpr)`` -> Series by group: the coin
  between ``score >= t`` and ``score > t`` that reaches the target TPR exactly (2 points)

Decisions are ``score >= threshold`` throughout. ``fairkit.metrics``, ``fairkit.mitigation``,
``fairlearn`` and ``sklearn.metrics`` compute these quantities (ROC points, per-group rates,
post-processors), so they are absent while it is graded; the notebook's data come from
``fairkit.datasets.make_risk_scores``, which needs none of them. The q4 and q5 references are
fairkit's own RejectOptionClassifier, run on the host.

Examples
--------
>>> from autograder.questions.m07_post_processing import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 3, 2, 2, 2, 2]
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from autograder.questions import _m07_answers as A
from autograder.questions._base import Question
from autograder.questions._m07_data import SETUP_DATA, cases
from autograder.questions._m07_mistakes import (
    Q1_MISTAKES,
    Q2_MISTAKES,
    Q3_MISTAKES,
    Q4_MISTAKES,
    Q5_MISTAKES,
    ref_fpr_at_equal_tpr,
    ref_threshold_for_tpr,
    ref_tpr_fpr,
)
from autograder.questions._m07_mix import (
    Q6_HINTS,
    Q6_MISTAKES,
    Q6_SOLUTION,
    Q6_WRONG,
    ref_mixing_weight,
)
from fairkit.mitigation import RejectOptionClassifier

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m07-post-processing"

setup_code = f"""\
import numpy as np
import pandas as pd
from fairkit.datasets import make_risk_scores

# A lender's risk scores (probability of repaying) for applicants of two groups, A and B.
data = make_risk_scores({SETUP_DATA["n"]}, base_rates={SETUP_DATA["base_rates"]!r},
                        random_state={SETUP_DATA["seed"]}).frame
scores = data["score"].to_numpy()
y_true = data["y"].to_numpy()
groups = data["group"].to_numpy()
"""

FORBIDDEN = ("fairkit.metrics", "fairkit.mitigation", "fairlearn", "sklearn.metrics")
_ASSUME = " You may assume that every group has at least two actual positives and two negatives."


class _Scores(ClassifierMixin, BaseEstimator):
    """A fitted 'classifier' whose positive-class probability is the score of row X[:, 0]."""

    def __init__(self, scores=None):
        self.scores = scores

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        s = np.asarray(self.scores, dtype=float)[np.asarray(X, dtype=np.intp)[:, 0]]
        return np.column_stack([1 - s, s])

    def __sklearn_is_fitted__(self):
        return True


def _reject_option(scores, groups, **options) -> RejectOptionClassifier:
    rows = np.arange(len(scores))[:, None]
    roc = RejectOptionClassifier(_Scores(scores), prefit=True, **options)
    return roc.fit(rows, np.zeros(len(scores), dtype=int), sensitive_features=np.asarray(groups))


def _ref_reject_rates(scores, groups, deprived, margin) -> dict[str, float]:
    roc = _reject_option(scores, groups, margin=margin, deprived=deprived)
    decided = roc.predict(np.arange(len(scores))[:, None], sensitive_features=np.asarray(groups))
    groups = np.asarray(groups)
    return {str(g): float(decided[groups == g].mean()) for g in np.unique(groups)}


def _ref_smallest_margin(scores, groups, deprived, max_gap) -> float:
    return _reject_option(scores, groups, max_violation=max_gap, deprived=deprived).margin_


_P1, _H1 = cases(("scores", "y_true", "groups"), "threshold")
_P2, _H2 = cases(("scores", "y_true", "groups"), "target")
_P4, _H4 = cases(("scores", "groups"), "reject")
_P5, _H5 = cases(("scores", "groups"), "margin")

_Q1 = Question(
    id="q1",
    title="One group's ROC point at a threshold",
    points=2,
    answer_name="tpr_fpr_at_threshold",
    quantity=(
        "a DataFrame with one row per group and columns tpr and fpr of the decisions "
        "score >= threshold"
    ),
    output="table",
    columns=("tpr", "fpr"),
    forbidden=FORBIDDEN,
    reference=ref_tpr_fpr,
    make_public=_P1,
    make_hidden=_H1,
    prompt=(
        "Write `tpr_fpr_at_threshold(scores, y_true, groups, *, threshold)`: decide 1 where "
        "`score >= threshold` and return a DataFrame indexed by group with columns `tpr` and "
        "`fpr`: one point of each group's ROC curve." + _ASSUME
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=Q1_MISTAKES,
)

_Q2 = Question(
    id="q2",
    title="A threshold per group for a target true positive rate",
    points=3,
    answer_name="threshold_for_tpr",
    quantity=(
        "for each group, the largest threshold t (one of the group's scores) whose decisions "
        "score >= t reach a true positive rate of at least target_tpr in that group"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=ref_threshold_for_tpr,
    make_public=_P2,
    make_hidden=_H2,
    prompt=(
        "Write `threshold_for_tpr(scores, y_true, groups, *, target_tpr)`: for each group, "
        "return the largest threshold `t` such that deciding `score >= t` gives the group a "
        "true positive rate of at least `target_tpr` (so `t` is one of the group's scores). "
        "Return a Series indexed by group." + _ASSUME
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=Q2_MISTAKES,
)

_Q3 = Question(
    id="q3",
    title="The false positive rate each group pays for equal opportunity",
    points=2,
    answer_name="fpr_at_equal_tpr",
    quantity=(
        "for each group, the false positive rate of score >= t at the group's threshold t "
        "from threshold_for_tpr"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=ref_fpr_at_equal_tpr,
    make_public=_P2,
    make_hidden=_H2,
    uses=("q1", "q2"),
    prompt=(
        "Write `fpr_at_equal_tpr(scores, y_true, groups, *, target_tpr)`: with each group's "
        "threshold from your `threshold_for_tpr`, return each group's false positive rate "
        "(a Series indexed by group)." + _ASSUME
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=Q3_MISTAKES,
)

_Q4 = Question(
    id="q4",
    title="Reject-option classification",
    points=2,
    answer_name="reject_option_rates",
    quantity=(
        "the selection rate of each group when decisions are score >= 0.5, except in the "
        "critical region |score - 0.5| <= margin, where the deprived group gets 1 and every "
        "other group 0"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=_ref_reject_rates,
    make_public=_P4,
    make_hidden=_H4,
    prompt=(
        "Write `reject_option_rates(scores, groups, *, deprived, margin)`: decide "
        "`score >= 0.5`, except where `abs(score - 0.5) <= margin`: there, rows of the group "
        "`deprived` get 1 and all other rows 0 (Kamiran, Karim & Zhang 2012). Return the "
        "selection rate of each group (a Series indexed by group)."
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=Q4_MISTAKES,
)

_Q5 = Question(
    id="q5",
    title="The narrowest critical region that closes the gap",
    points=2,
    answer_name="smallest_fair_margin",
    quantity=(
        "the smallest margin, among 0 and the distances |score - 0.5|, whose reject-option "
        "decisions have a demographic parity difference (max - min selection rate) of at "
        "most max_gap"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=_ref_smallest_margin,
    make_public=_P5,
    make_hidden=_H5,
    uses=("q4",),
    prompt=(
        "Write `smallest_fair_margin(scores, groups, *, deprived, max_gap)`: try the margins "
        "0 and every `abs(score - 0.5)`, from the smallest up, and return the first whose "
        "`reject_option_rates` differ by at most `max_gap` (max - min over the groups). The "
        "grader only asks where such a margin exists."
    ),
    hints=A.Q5_HINTS,
    solution=A.Q5_SOLUTION,
    wrong_answers=A.Q5_WRONG,
    mistakes=Q5_MISTAKES,
)

_Q6 = Question(
    id="q6",
    title="A coin between two thresholds: the exact target TPR",
    points=2,
    answer_name="mixing_weight",
    quantity=(
        "for each group, the probability w of deciding with score >= t (else score > t), t the "
        "group's threshold from threshold_for_tpr, that makes the expected TPR equal target_tpr"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=ref_mixing_weight,
    make_public=_P2,
    make_hidden=_H2,
    uses=("q2",),
    prompt=(
        "Write `mixing_weight(scores, y_true, groups, *, target_tpr)`: with each group's "
        "threshold `t` from your `threshold_for_tpr`, `score >= t` reaches at least the target "
        "TPR and `score > t` less. Deciding with `score >= t` with probability `w` and with "
        "`score > t` otherwise gives the expected TPR `w * TPR(>= t) + (1 - w) * TPR(> t)`. "
        "Return, per group, the `w` that makes it exactly `target_tpr` (a Series indexed by "
        "group)." + _ASSUME
    ),
    hints=Q6_HINTS,
    solution=Q6_SOLUTION,
    wrong_answers=Q6_WRONG,
    mistakes=Q6_MISTAKES,
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6)}

WRITTEN = [{"id": "w1", "points": 3, "prompt": A.W1_PROMPT, "rubric": A.W1_RUBRIC}]
