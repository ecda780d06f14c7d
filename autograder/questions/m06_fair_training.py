"""m06-fair-training: fairness in training, by hand (penalties, reductions, adversaries).

Questions (14 autograded points, plus 3 written points graded by hand):

- q1 ``dp_penalised_loss(X, y, z, w, *, lam)`` -> float (1 point)
- q2 ``dp_penalised_gradient(X, y, z, w, *, lam)`` -> Series by position (2 points)
- q3 ``randomized_violation(decisions, weights, groups)`` -> float (2 points)
- q4 ``pareto_front(errors, violations)`` -> Series of 1/0 flags (2 points)
- q5 ``dp_lagrangian(y_true, y_prob, groups, lam_plus, lam_minus, *, eps)`` -> float (2 points)
- q6 ``adversary_gradient(X, y, z, w, *, a, a0, c)`` -> Series by position (2 points)
- q7 ``adversarial_step(X, y, z, w, *, a, a0, c, alpha, lr)`` -> Series (3 points), judged
  against :func:`fairkit.mitigation.adversarial_debiasing_step`

``X`` always ends with a column of ones (the intercept), so ``w`` is one weight per column.
Everything is written with NumPy and pandas: ``fairkit.mitigation`` and ``fairlearn`` build
these estimators, so they are absent while it is graded.

Examples
--------
>>> from autograder.questions.m06_fair_training import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[1, 2, 2, 2, 2, 2, 3]
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m06_answers as A
from autograder.questions import _m06_answers_adv as B
from autograder.questions import _m06_data as D
from autograder.questions import _m06_refs as R
from autograder.questions._base import Mistake, Question

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m06-fair-training"
setup_code = D.SETUP_CODE

# The implementations of what this exercise asks learners to build.
FORBIDDEN = ("fairkit.mitigation", "fairlearn")
_X = (
    " `X` is a 2-D array whose last column is ones (the intercept), `y` the 0/1 labels, `z` the "
    "0/1 sensitive attribute (both groups present), `w` one weight per column of `X`."
)
_SERIES = " Return a pandas Series indexed by position 0, 1, ... (e.g. `pd.Series(vector)`)."


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


_model_loss = D.model_cases(("lam",))
_model_adv = D.model_cases(("a", "a0", "c"))
_model_step = D.model_cases(("a", "a0", "c", "alpha", "lr"))
_violation = D.violation_cases()
_pareto = D.pareto_cases()
_lagrangian = D.lagrangian_cases()


def _question(
    qid, title, points, name, quantity, output, reference, cases, prompt, texts, *pairs, uses=()
) -> Question:
    hints, solution, wrong = texts
    return Question(
        id=qid,
        title=title,
        points=points,
        answer_name=name,
        quantity=quantity,
        output=output,
        forbidden=FORBIDDEN,
        reference=reference,
        make_public=cases[0],
        make_hidden=cases[1],
        prompt=prompt,
        hints=hints,
        solution=solution,
        wrong_answers=wrong,
        mistakes=_mistakes(reference, *pairs),
        uses=uses,
    )


_Q1 = _question(
    "q1",
    "A demographic-parity-penalised logistic loss",
    1,
    "dp_penalised_loss",
    "the mean log loss of p = sigmoid(X @ w) plus lam times the squared gap "
    "(mean p of z == 1) - (mean p of z == 0)",
    "number",
    R.dp_penalised_loss,
    _model_loss,
    "Write `dp_penalised_loss(X, y, z, w, *, lam)`: the mean log loss of the logistic model "
    "p = sigmoid(X @ w) plus `lam` times the squared difference between the mean p of the "
    "rows with z == 1 and of those with z == 0 (the penalty that pulls the groups' average "
    "scores together)." + _X,
    (A.Q1_HINTS, A.Q1_SOLUTION, A.Q1_WRONG),
    ("none", "you left out the fairness penalty: add lam * gap ** 2."),
    ("abs", "you used the absolute gap: the penalty is lam times the squared gap."),
    (
        "hard",
        "you compared hard decisions (p > 0.5): the penalty uses the mean predicted "
        "probabilities p, which are differentiable.",
    ),
    ("sum", "you summed the log loss over rows: use the mean log loss (divide by n)."),
)

_Q2 = _question(
    "q2",
    "Its gradient",
    2,
    "dp_penalised_gradient",
    "the gradient of q1's loss with respect to w, one entry per column of X",
    "by_group",
    R.dp_penalised_gradient,
    _model_loss,
    "Write `dp_penalised_gradient(X, y, z, w, *, lam)`: the gradient of the q1 loss with "
    "respect to `w`, by hand (no automatic differentiation)." + _X + _SERIES,
    (A.Q2_HINTS, A.Q2_SOLUTION, A.Q2_WRONG),
    (
        "none",
        "that is the gradient of the log loss only: add the penalty's gradient "
        "2 * lam * gap * (gradient of the gap).",
    ),
    ("no_two", "the penalty's gradient is missing its factor 2: d(gap**2) = 2 gap d(gap)."),
    ("no_sigmoid_slope", "the gap's gradient needs dp/dw = p (1 - p) x for each row."),
    ("sign", "your gradient has the opposite sign: it points uphill, towards a larger loss."),
)

_Q3 = _question(
    "q3",
    "The violation of a randomised classifier",
    2,
    "randomized_violation",
    "max over groups of |mean q in the group - mean q overall|, with q = decisions @ weights",
    "number",
    R.randomized_violation,
    _violation,
    "Write `randomized_violation(decisions, weights, groups)`: `decisions` is an (n, k) array "
    "of the 0/1 decisions of k classifiers, `weights` the probabilities (summing to 1) with "
    "which a randomised classifier uses each one. Return its demographic parity violation as "
    "the reductions approach defines it: the largest absolute difference between a group's "
    "expected selection rate and everyone's.",
    (A.Q3_HINTS, A.Q3_SOLUTION, A.Q3_WRONG),
    (
        "unweighted",
        "you averaged the classifiers equally: a row's selection probability "
        "weights each classifier by its weights[j].",
    ),
    (
        "max_min",
        "that is max - min over groups: the reductions approach compares each group "
        "with the overall rate.",
    ),
    ("signed", "you took the largest signed difference: take the largest absolute one."),
    (
        "heaviest",
        "you used only the heaviest classifier: the randomised classifier mixes all of "
        "them with their weights.",
    ),
)

_Q4 = _question(
    "q4",
    "Pareto-efficient models",
    2,
    "pareto_front",
    "a 1/0 flag per model: 1 if no other model has error <= and violation <= with one of them "
    "strictly smaller",
    "by_group",
    R.pareto_front,
    _pareto,
    "Write `pareto_front(errors, violations)`: for each model i (one entry of each array), "
    "1 if it is Pareto-efficient (no other model is at least as good on both and strictly "
    "better on one), else 0." + _SERIES,
    (A.Q4_HINTS, A.Q4_SOLUTION, A.Q4_WRONG),
    (
        "weak",
        "two identical models do not dominate each other: the dominating model must be "
        "strictly better on one of the two.",
    ),
    (
        "both_strict",
        "a model is dominated when another is no worse on both and strictly better "
        "on one (not necessarily strictly better on both).",
    ),
    ("inverted", "your flags are inverted: 1 marks the efficient models."),
    (
        "lowest_error",
        "you kept only the models with the lowest error: a model with a higher "
        "error but a lower violation can be efficient too.",
    ),
)

_Q5 = _question(
    "q5",
    "The Lagrangian of the reduction",
    2,
    "dp_lagrangian",
    "error + sum_g lam_plus[g] (gamma_g - eps) + lam_minus[g] (-gamma_g - eps), gamma_g = mean "
    "y_prob in g - mean y_prob",
    "number",
    R.dp_lagrangian,
    _lagrangian,
    "Write `dp_lagrangian(y_true, y_prob, groups, lam_plus, lam_minus, *, eps)`: `y_prob` is "
    "each row's probability of a positive decision under a randomised classifier; "
    "`lam_plus[j]` and `lam_minus[j]` are the multipliers of the j-th group in sorted order "
    "(`np.unique(groups)`). Return the expected error plus, for every group g with "
    "gamma_g = (its mean y_prob) - (everyone's mean y_prob), "
    "lam_plus[g] * (gamma_g - eps) + lam_minus[g] * (-gamma_g - eps).",
    (B.Q5_HINTS, B.Q5_SOLUTION, B.Q5_WRONG),
    ("no_eps", "you left out the bound: subtract eps in both constraints."),
    (
        "same_sign",
        "the second constraint of each group is -gamma - eps <= 0: lam_minus "
        "multiplies -gamma - eps.",
    ),
    (
        "hard",
        "you thresholded y_prob: the expected error of a randomised classifier uses the "
        "probabilities (a y = 1 row is wrong with probability 1 - y_prob).",
    ),
)

_Q6 = _question(
    "q6",
    "The adversary's gradient",
    2,
    "adversary_gradient",
    "dL_A/dw, the gradient of the adversary's mean log loss with respect to the predictor's "
    "weights",
    "by_group",
    R.adversary_gradient,
    _model_adv,
    "Write `adversary_gradient(X, y, z, w, *, a, a0, c)`. The adversary sees "
    "s = sigmoid((1 + |c|) * X @ w) and predicts zhat = sigmoid(a * s + a0); its loss L_A is "
    "the mean log loss of zhat against `z`. Return dL_A/dw." + _X + _SERIES,
    (B.Q6_HINTS, B.Q6_SOLUTION, B.Q6_WRONG),
    ("no_scale", "ds/d(logit) carries the factor 1 + |c| of s = sigmoid((1 + |c|) logit)."),
    ("no_slope", "you left out ds/d(logit)'s s (1 - s)."),
    ("sum", "you summed over rows: L_A is a mean, divide by n."),
    ("sign", "your gradient has the opposite sign."),
)

_Q7 = _question(
    "q7",
    "One step of adversarial debiasing",
    3,
    "adversarial_step",
    "w - lr * (g_P - (g_P . h) h - alpha * g_A), with g_P the predictor's log-loss gradient, "
    "g_A the adversary's (q6) and h = g_A / ||g_A||",
    "by_group",
    R.adversarial_step,
    _model_step,
    "Write `adversarial_step(X, y, z, w, *, a, a0, c, alpha, lr)`: one update of the predictor "
    "in Zhang, Lemoine & Mitchell (2018), with the projection term. g_P is the gradient of the "
    "predictor's mean log loss (p = sigmoid(X @ w) against `y`), g_A your q6 gradient; return "
    "the new weights w - lr * (g_P - proj(g_P on g_A) - alpha * g_A). The grader compares them "
    "with fairkit's `adversarial_debiasing_step`." + _X + _SERIES,
    (B.Q7_HINTS, B.Q7_SOLUTION, B.Q7_WRONG),
    (
        "no_projection",
        "you left out the projection term: remove (g_P . h) h, the part of the "
        "predictor's step that would help the adversary.",
    ),
    (
        "plus_alpha",
        "you added alpha * g_A: the step subtracts it so that the predictor hurts "
        "the adversary (moves up the adversary's loss).",
    ),
    ("unnormalised", "project on the unit vector h = g_A / ||g_A||, not on g_A itself."),
    (
        "plain",
        "that is a step on the predictor's own gradient only: add the projection and "
        "adversary terms.",
    ),
    ("add_projection", "you added the projection: subtract (g_P . h) h."),
    uses=("q6",),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6, _Q7)}

WRITTEN = [{"id": "w1", "points": 3, "prompt": B.W1_PROMPT, "rubric": B.W1_RUBRIC}]
