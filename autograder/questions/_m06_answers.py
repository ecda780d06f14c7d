"""Texts of m06 q1-q4: hints, solutions, typical wrong answers (penalised loss, reductions).

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd`` and the
hiring data are defined). Each wrong answer is one typical mistake; the tests check that
every one fails and that its message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q1_HINTS",
    "Q1_SOLUTION",
    "Q1_WRONG",
    "Q2_HINTS",
    "Q2_SOLUTION",
    "Q2_WRONG",
    "Q3_HINTS",
    "Q3_SOLUTION",
    "Q3_WRONG",
    "Q4_HINTS",
    "Q4_SOLUTION",
    "Q4_WRONG",
]


_wrong = WrongAnswer.function


# -- q1 the DP-penalised logistic loss -----------------------------------------------------------
Q1_HINTS = (
    "Two parts: the mean log loss of p = sigmoid(X @ w), plus lam times the squared gap between "
    "the groups' mean p.",
    "Log loss per row: log(1 + exp(x.w)) - y * (x.w) (`np.logaddexp(0, logit)` is a safe "
    "log(1 + exp)). The gap: `p[z == 1].mean() - p[z == 0].mean()`.",
    "With `t = X @ w` and `p = sigmoid(t)`, the answer is `mean(logaddexp(0, t) - y * t)` plus "
    "`lam * (mean of p over z == 1 - mean of p over z == 0) ** 2`.",
)
_Q1 = "dp_penalised_loss(X, y, z, w, *, lam)"
_Q1_BODY = (
    "    X, y, z, w = (np.asarray(a, dtype=float) for a in (X, y, z, w))\n"
    "    logit = X @ w\n"
    "    p = {p}\n"
    "    gap = p[z == 1].mean() - p[z == 0].mean()\n"
    "    return float({loss}(np.logaddexp(0, logit) - y * logit) + lam * {penalty})\n"
)
_SIG = "1 / (1 + np.exp(-logit))"
Q1_SOLUTION = f"def {_Q1}:\n" + _Q1_BODY.format(p=_SIG, loss="np.mean", penalty="gap ** 2")
Q1_WRONG = (
    _wrong(
        "no penalty",
        "left out the fairness penalty",
        _Q1,
        _Q1_BODY.format(p=_SIG, loss="np.mean", penalty="0.0"),
    ),
    _wrong(
        "absolute gap",
        "squared gap",
        _Q1,
        _Q1_BODY.format(p=_SIG, loss="np.mean", penalty="abs(gap)"),
    ),
    _wrong(
        "hard decisions in the gap",
        "probabilities",
        _Q1,
        _Q1_BODY.format(p="(logit > 0).astype(float)", loss="np.mean", penalty="gap ** 2"),
    ),
    _wrong(
        "summed log loss",
        "mean log loss",
        _Q1,
        _Q1_BODY.format(p=_SIG, loss="np.sum", penalty="gap ** 2"),
    ),
)

# -- q2 its gradient ----------------------------------------------------------------------------
Q2_HINTS = (
    "The gradient of a sum is the sum of the gradients: the log loss gives X.T @ (p - y) / n; "
    "the penalty lam * gap**2 gives 2 * lam * gap * (gradient of the gap).",
    "dp/dw = p (1 - p) x for each row, so the gradient of a group's mean p is the mean of "
    "p (1 - p) x over that group; the gap's gradient is the difference of the two.",
    "`s = p * (1 - p); d_gap = X.T @ (s * (z / z.sum() - (1 - z) / (1 - z).sum()))`; return "
    "`pd.Series(X.T @ (p - y) / len(y) + 2 * lam * gap * d_gap)`.",
)
_Q2 = "dp_penalised_gradient(X, y, z, w, *, lam)"
_Q2_BODY = (
    "    X, y, z, w = (np.asarray(a, dtype=float) for a in (X, y, z, w))\n"
    "    p = 1 / (1 + np.exp(-(X @ w)))\n"
    "    gap = p[z == 1].mean() - p[z == 0].mean()\n"
    "    d_gap = X.T @ ({slope} * (z / z.sum() - (1 - z) / (1 - z).sum()))\n"
    "    return pd.Series({sign}(X.T @ (p - y) / len(y) + {factor} * lam * gap * d_gap))\n"
)
Q2_SOLUTION = f"def {_Q2}:\n" + _Q2_BODY.format(slope="p * (1 - p)", sign="", factor="2")
Q2_WRONG = (
    _wrong(
        "log loss only",
        "gradient of the log loss only",
        _Q2,
        _Q2_BODY.format(slope="p * (1 - p)", sign="", factor="0"),
    ),
    _wrong(
        "no factor 2", "factor 2", _Q2, _Q2_BODY.format(slope="p * (1 - p)", sign="", factor="1")
    ),
    _wrong("no sigmoid slope", "p (1 - p)", _Q2, _Q2_BODY.format(slope="1", sign="", factor="2")),
    _wrong(
        "opposite sign",
        "opposite sign",
        _Q2,
        _Q2_BODY.format(slope="p * (1 - p)", sign="-", factor="2"),
    ),
)

# -- q3 the violation of a randomised classifier -------------------------------------------------
Q3_HINTS = (
    "A randomised classifier picks classifier j with probability weights[j]: row i is selected "
    "with probability q_i = sum_j weights[j] * decisions[i, j].",
    "Demographic parity in the reductions approach compares each group's mean q with the mean "
    "q of everyone; the violation is the largest absolute difference.",
    "`q = decisions @ weights`; group the q values by `groups` and take their means; the "
    "answer is the largest absolute value of (group mean - q.mean()).",
)
_Q3 = "randomized_violation(decisions, weights, groups)"
_Q3_BODY = (
    "    d, wt = np.asarray(decisions, dtype=float), np.asarray(weights, dtype=float)\n"
    "    q = {q}\n"
    "    rates = pd.Series(q).groupby(np.asarray(groups)).mean()\n"
    "    return float({result})\n"
)
Q3_SOLUTION = f"def {_Q3}:\n" + _Q3_BODY.format(q="d @ wt", result="(rates - q.mean()).abs().max()")
Q3_WRONG = (
    _wrong(
        "weights ignored",
        "weights",
        _Q3,
        _Q3_BODY.format(q="d.mean(axis=1)", result="(rates - q.mean()).abs().max()"),
    ),
    _wrong(
        "max minus min",
        "overall",
        _Q3,
        _Q3_BODY.format(q="d @ wt", result="rates.max() - rates.min()"),
    ),
    _wrong(
        "signed", "absolute", _Q3, _Q3_BODY.format(q="d @ wt", result="(rates - q.mean()).max()")
    ),
    _wrong(
        "heaviest classifier only",
        "mixes",
        _Q3,
        _Q3_BODY.format(q="d[:, np.argmax(wt)]", result="(rates - q.mean()).abs().max()"),
    ),
)

# -- q4 Pareto-efficient points ------------------------------------------------------------------
Q4_HINTS = (
    "A model is Pareto-efficient when no other model is at least as good on both error and "
    "violation and strictly better on one of them.",
    "For each i: dominated = any(j with errors[j] <= errors[i] and violations[j] <= "
    "violations[i] and (errors[j] < errors[i] or violations[j] < violations[i])). Two "
    "identical models do not dominate each other.",
    "Loop over i, compute that `dominated` with NumPy comparisons on the whole arrays, and "
    "return `pd.Series([0 if dominated else 1 for ...])`.",
)
_Q4 = "pareto_front(errors, violations)"
_Q4_BODY = (
    "    e, v = np.asarray(errors, dtype=float), np.asarray(violations, dtype=float)\n"
    "    flags = []\n"
    "    for i in range(len(e)):\n"
    "        dominated = np.any({test})\n"
    "        flags.append({flag})\n"
    "    return pd.Series(flags)\n"
)
_DOM = "(e <= e[i]) & (v <= v[i]) & ((e < e[i]) | (v < v[i]))"
Q4_SOLUTION = f"def {_Q4}:\n" + _Q4_BODY.format(test=_DOM, flag="0 if dominated else 1")
Q4_WRONG = (
    _wrong(
        "identical points dominate",
        "identical",
        _Q4,
        _Q4_BODY.format(
            test="(e <= e[i]) & (v <= v[i]) & (np.arange(len(e)) != i)",
            flag="0 if dominated else 1",
        ),
    ),
    _wrong(
        "strictly better on both",
        "strictly better on one",
        _Q4,
        _Q4_BODY.format(test="(e < e[i]) & (v < v[i])", flag="0 if dominated else 1"),
    ),
    _wrong(
        "flags inverted", "1 marks", _Q4, _Q4_BODY.format(test=_DOM, flag="1 if dominated else 0")
    ),
    _wrong(
        "lowest error only",
        "lowest error",
        _Q4,
        _Q4_BODY.format(test="e < e[i]", flag="0 if dominated else 1"),
    ),
)
