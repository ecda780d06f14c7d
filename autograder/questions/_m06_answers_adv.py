"""Texts of m06 q5-q7 and the written question: the Lagrangian, adversarial debiasing.

Code strings run in the notebook's namespace after ``setup_code``.
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q5_HINTS",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "Q7_HINTS",
    "Q7_SOLUTION",
    "Q7_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
]


_wrong = WrongAnswer.function


# -- q5 the Lagrangian -------------------------------------------------------------------------
Q5_HINTS = (
    "L = error + sum over groups of lam_plus * (gamma - eps) + lam_minus * (-gamma - eps), "
    "where gamma of a group is its mean y_prob minus everyone's mean y_prob.",
    "The expected error of a randomised classifier: a row with y = 1 is wrong with probability "
    "1 - y_prob, a row with y = 0 with probability y_prob; average over rows.",
    "`gamma = pd.Series(p).groupby(groups).mean().to_numpy() - p.mean()` (groups come out in "
    "sorted order, like lam_plus); then `error + lam_plus @ (gamma - eps) + lam_minus @ "
    "(-gamma - eps)`.",
)
_Q5 = "dp_lagrangian(y_true, y_prob, groups, lam_plus, lam_minus, *, eps)"
_Q5_BODY = (
    "    y, p = np.asarray(y_true, dtype=float), np.asarray(y_prob, dtype=float)\n"
    "    p = {p}\n"
    "    error = np.mean(p * (1 - y) + (1 - p) * y)\n"
    "    gamma = pd.Series(p).groupby(np.asarray(groups)).mean().to_numpy() - p.mean()\n"
    "    plus, minus = np.asarray(lam_plus, dtype=float), np.asarray(lam_minus, dtype=float)\n"
    "    return float(error + plus @ (gamma - {eps}) + minus @ ({sign}gamma - {eps}))\n"
)
Q5_SOLUTION = f"def {_Q5}:\n" + _Q5_BODY.format(p="p", eps="eps", sign="-")
Q5_WRONG = (
    _wrong("eps forgotten", "subtract eps", _Q5, _Q5_BODY.format(p="p", eps="0", sign="-")),
    _wrong(
        "same sign for both multipliers",
        "-gamma - eps",
        _Q5,
        _Q5_BODY.format(p="p", eps="eps", sign=""),
    ),
    _wrong(
        "thresholded probabilities",
        "expected error",
        _Q5,
        _Q5_BODY.format(p="(p > 0.5).astype(float)", eps="eps", sign="-"),
    ),
)

# -- q6 the adversary's gradient with respect to the predictor ----------------------------------
Q6_HINTS = (
    "Chain rule from the adversary's loss back to w: L_A -> adversary logit a*s + a0 -> "
    "s = sigmoid((1 + |c|) X @ w) -> w.",
    "dL_A/d(adversary logit) = (zhat - z) / n with zhat = sigmoid(a*s + a0); d(adv logit)/ds = a; "
    "ds/d(logit) = s (1 - s) (1 + |c|); d(logit)/dw = x.",
    "With s = sigmoid((1 + |c|) * (X @ w)) and zhat = sigmoid(a * s + a0), the gradient is "
    "X.T @ ((zhat - z) * a * s * (1 - s) * (1 + |c|)) / n, returned as a Series.",
)
_Q6 = "adversary_gradient(X, y, z, w, *, a, a0, c)"
_Q6_BODY = (
    "    X, z, w = (np.asarray(v, dtype=float) for v in (X, z, w))\n"
    "    scale = {scale}\n"
    "    s = 1 / (1 + np.exp(-scale * (X @ w)))\n"
    "    zhat = 1 / (1 + np.exp(-(a * s + a0)))\n"
    "    return pd.Series(X.T @ ((zhat - z) * a * {slope} * scale) / {n})\n"
)
_FULL = {"scale": "1 + abs(c)", "slope": "s * (1 - s)", "n": "len(z)"}
Q6_SOLUTION = f"def {_Q6}:\n" + _Q6_BODY.format(**_FULL)
Q6_WRONG = (
    _wrong("scale 1 + |c| forgotten", "1 + |c|", _Q6, _Q6_BODY.format(**{**_FULL, "scale": "1.0"})),
    _wrong("sigmoid slope forgotten", "s (1 - s)", _Q6, _Q6_BODY.format(**{**_FULL, "slope": "1"})),
    _wrong("summed, not averaged", "divide by n", _Q6, _Q6_BODY.format(**{**_FULL, "n": "1"})),
)

# -- q7 one step with the projection term -------------------------------------------------------
Q7_HINTS = (
    "The predictor moves against g_P - proj(g_P on g_A) - alpha * g_A: its own gradient, "
    "minus the part of it that would help the adversary, minus alpha times the adversary's "
    "gradient (so that it hurts the adversary).",
    "g_P = X.T @ (sigmoid(X @ w) - y) / n; g_A is your q6 answer; with the unit vector "
    "h = g_A / ||g_A||, proj(g_P on g_A) = (g_P . h) h.",
    "Take g_A from your q6 function (`.to_numpy()`), u = g_A / its norm; the new weights are "
    "w - lr * (g_P - (g_P @ u) * u - alpha * g_A), returned as a Series.",
)
_Q7 = "adversarial_step(X, y, z, w, *, a, a0, c, alpha, lr)"
_Q7_BODY = (
    "    X, y, w = (np.asarray(v, dtype=float) for v in (X, y, w))\n"
    "    g_p = X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(y)\n"
    "    g_a = adversary_gradient(X, y, z, w, a=a, a0=a0, c=c).to_numpy()\n"
    "    h = g_a / np.linalg.norm(g_a)\n"
    "    return pd.Series(w - lr * ({direction}))\n"
)
Q7_SOLUTION = f"def {_Q7}:\n" + _Q7_BODY.format(direction="g_p - (g_p @ h) * h - alpha * g_a")
Q7_WRONG = (
    _wrong("no projection", "projection term", _Q7, _Q7_BODY.format(direction="g_p - alpha * g_a")),
    _wrong(
        "helps the adversary",
        "hurts the adversary",
        _Q7,
        _Q7_BODY.format(direction="g_p - (g_p @ h) * h + alpha * g_a"),
    ),
    _wrong(
        "projection on an unnormalised vector",
        "unit vector",
        _Q7,
        _Q7_BODY.format(direction="g_p - (g_p @ g_a) * g_a - alpha * g_a"),
    ),
    _wrong(
        "plain gradient step", "predictor's own gradient", _Q7, _Q7_BODY.format(direction="g_p")
    ),
)

# -- written, graded by hand --------------------------------------------------------------------
W1_PROMPT = """\
**Written question (3 points, graded by hand).** In the lesson you traced the accuracy and
the fairness violation of models trained on the hiring data under tighter and tighter
constraints (reductions with demographic parity and with equalized odds, adversarial
debiasing, the unprocessing baseline). Suppose the company asks you which model to put into
its screening step. In 5-10 sentences:

1. name the operating point you would ship (method, constraint, bound) and read its accuracy
   and violation off your Pareto plot;
2. say for whom it is better and for whom it is worse than the unconstrained model (the
   applicants of each group who are qualified, those who are not, and the company), given what
   the hiring data's labels `hired` record;
3. say why you chose a point on (or near) the Pareto front rather than one inside it, and what
   you would monitor after deployment.
"""
W1_RUBRIC = """\
1 point: a concrete operating point with its accuracy and violation (numbers consistent with
a Pareto plot of this data: the unconstrained model is the most accurate and the least fair;
tightening the bound lowers the violation at a cost of a few points of accuracy), and the
constraint is justified for screening (demographic parity if the labels are distrusted,
equalized odds if they are trusted).
1 point: winners and losers named: e.g. qualified women gain interviews; some men and some
unqualified applicants lose or gain them; the company trades measured accuracy, and notes that
accuracy is measured against `hired`, labels that carry the historical bias against women, so
the "cost" is partly an artefact of biased labels.
1 point: points inside the front are dominated (another model is both more accurate and
fairer), so only front points are candidates, with the unprocessing baseline as the bar to
beat; a monitoring plan (selection rates and TPR/FPR by group over time, the constraint's
violation on new data, a randomised classifier's decisions being reproducible/auditable).
"""
