"""Texts of m09-differential-privacy q1-q4: hints, solutions, known wrong answers.

Code strings run in the notebook's namespace after ``setup_code`` (``math``, ``np``, ``pd`` and
``beta`` from scipy.stats are defined). Each wrong answer is one typical mistake; the tests
check that it fails and that its message names the mistake (``detects``).
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


wrong = WrongAnswer.detecting


# -- q1 -------------------------------------------------------------------------------------------
Q1_HINTS = (
    "Two exact counts a statistics office might publish: how many people earn over $50K, and "
    "how many do among everyone *except* the people of the target's age and sex.",
    "Build a boolean mask `match = (age == target_age) & (sex == target_sex)`; the second "
    "count sums `over_50k` over `~match`. Subtract it from the first.",
    "With `x = np.asarray(over_50k)` and `m` the boolean mask of the target's age and sex "
    "(both conditions, joined by `&`), the answer is `x.sum() - x[~m].sum()`.",
)
_Q1 = "def differencing_attack(over_50k, age, sex, *, target_age, target_sex):\n"
_Q1_MASK = (
    "    over = np.asarray(over_50k)\n"
    "    match = (np.asarray(age) == target_age) & (np.asarray(sex) == target_sex)\n"
)
Q1_SOLUTION = _Q1 + _Q1_MASK + "    return float(over.sum() - over[~match].sum())\n"
Q1_WRONG = (
    wrong(
        "second count only",
        "second count alone",
        _Q1 + _Q1_MASK + "    return over[~match].sum()\n",
    ),
    wrong(
        "or instead of and",
        "age OR sex",
        _Q1
        + "    over = np.asarray(over_50k)\n"
        + "    drop = (np.asarray(age) == target_age) | (np.asarray(sex) == target_sex)\n"
        + "    return over.sum() - over[~drop].sum()\n",
    ),
    wrong(
        "shares instead of counts",
        "two shares",
        _Q1 + _Q1_MASK + "    return over.mean() - over[~match].mean()\n",
    ),
    wrong(
        "size of the match",
        "number of people of the target",
        _Q1 + _Q1_MASK + "    return match.sum()\n",
    ),
)

# -- q2 -------------------------------------------------------------------------------------------
Q2_HINTS = (
    "A report is the truth with probability p = e^ε / (1 + e^ε), else flipped. Write the "
    "probability that a report is 'yes' in terms of the true share π, then solve for π.",
    "P(yes) = p·π + (1 - p)(1 - π) = (1 - p) + (2p - 1)·π. Replace P(yes) by the observed "
    "share of yes reports; do not clip the result.",
    "With `p` = e^ε / (1 + e^ε) (`math.exp`), return `(np.mean(reports) - (1 - p)) / (2 * p - 1)`.",
)
_Q2 = "def rr_estimate(reports, *, epsilon):\n"
_P = "    p = math.exp(epsilon) / (1 + math.exp(epsilon))\n"
Q2_SOLUTION = _Q2 + _P + "    return float((np.mean(reports) - (1 - p)) / (2 * p - 1))\n"
Q2_WRONG = (
    wrong("raw share", "share of 'yes' reports itself", _Q2 + "    return np.mean(reports)\n"),
    wrong(
        "clipped",
        "clipped the estimate",
        _Q2 + _P + "    return float(np.clip((np.mean(reports) - (1 - p)) / (2 * p - 1), 0, 1))\n",
    ),
    wrong(
        "p and 1 - p swapped",
        "swapped p and 1 - p",
        _Q2 + "    p = 1 / (1 + math.exp(epsilon))\n"
        "    return (np.mean(reports) - (1 - p)) / (2 * p - 1)\n",
    ),
    wrong(
        "divided by p",
        "divided by p instead of by 2p - 1",
        _Q2 + _P + "    return (np.mean(reports) - (1 - p)) / p\n",
    ),
)

# -- q3 -------------------------------------------------------------------------------------------
Q3_HINTS = (
    "Three steps: clamp every value into [lower, upper]; find how much adding or removing one "
    "clamped row can move the sum (the sensitivity Δ); add Laplace noise of scale Δ / ε drawn "
    "from the uniform u you are given.",
    "Δ = max(|lower|, |upper|) (one row adds at most that much, in either direction). The "
    "Laplace(0, b) inverse CDF at u is b·ln(2u) for u < 1/2 and -b·ln(2(1 - u)) otherwise.",
    "`np.clip(values, lower, upper).sum()` is the clamped sum; the scale is "
    "`max(abs(lower), abs(upper)) / epsilon`; the noise is `scale * math.log(2 * u)` when "
    "`u < 0.5`, else `-scale * math.log(2 * (1 - u))`; return their sum.",
)
_Q3 = "def laplace_sum(values, *, lower, upper, epsilon, u):\n"
_Q3_BODY = (
    "    total = np.clip(np.asarray(values, dtype=float), lower, upper).sum()\n"
    "    b = {scale}\n"
    "    noise = b * math.log(2 * u) if u < 0.5 else -b * math.log(2 * (1 - u))\n"
    "    return float(total + noise)\n"
)
_DELTA = "max(abs(lower), abs(upper)) / epsilon"
Q3_SOLUTION = _Q3 + _Q3_BODY.format(scale=_DELTA)
Q3_WRONG = (
    wrong(
        "no clamping",
        "did not clamp",
        _Q3
        + _Q3_BODY.format(scale=_DELTA).replace(
            "np.clip(np.asarray(values, dtype=float), lower, upper)",
            "np.asarray(values, dtype=float)",
        ),
    ),
    wrong(
        "replace-one sensitivity",
        "upper - lower",
        _Q3 + _Q3_BODY.format(scale="(upper - lower) / epsilon"),
    ),
    wrong(
        "scale ε / Δ",
        "ε / sensitivity",
        _Q3 + _Q3_BODY.format(scale="epsilon / max(abs(lower), abs(upper))"),
    ),
    wrong("sensitivity 1", "assumes sensitivity 1", _Q3 + _Q3_BODY.format(scale="1 / epsilon")),
    wrong(
        "sign of the inverse CDF flipped",
        "wrong sign",
        _Q3
        + "    total = np.clip(np.asarray(values, dtype=float), lower, upper).sum()\n"
        + f"    b = {_DELTA}\n"
        + "    return float(total + b * np.sign(u - 0.5) * math.log(1 - 2 * abs(u - 0.5)))\n",
    ),
)

# -- q4 -------------------------------------------------------------------------------------------
Q4_HINTS = (
    "Basic composition adds the ε's. Advanced composition (Dwork, Rothblum & Vadhan) gives "
    "sqrt(2·ln(1/δ')·Σεᵢ²) + Σεᵢ(e^εᵢ - 1), at the price of δ'; the accountant takes whichever "
    "of the two is smaller.",
    "Use `math.fsum` for the sums, `np.expm1(eps)` for e^ε - 1 (accurate for small ε), and "
    "return `min(basic, advanced)` when composition == 'advanced'.",
    "With `e = np.asarray(epsilons, float)`: the basic total is `math.fsum(e)`, the advanced "
    "one `math.sqrt(2 * math.log(1 / delta_prime) * math.fsum(e**2)) + "
    "math.fsum(e * np.expm1(e))`.",
)
_Q4 = "def epsilon_spent(epsilons, *, composition, delta_prime):\n"
_Q4_BODY = (
    "    eps = np.asarray(epsilons, dtype=float)\n"
    "    basic = math.fsum(eps)\n"
    "    if composition == 'basic':\n"
    "        return basic\n"
    "    advanced = math.sqrt({two} * math.log(1 / delta_prime) * math.fsum(eps**2))\n"
    "    advanced += math.fsum(eps * {bonus})\n"
    "    return {ret}\n"
)
Q4_SOLUTION = _Q4 + _Q4_BODY.format(two="2", bonus="np.expm1(eps)", ret="min(basic, advanced)")
Q4_WRONG = (
    wrong("always basic", "summed the ε's", _Q4 + "    return float(np.sum(epsilons))\n"),
    wrong(
        "no minimum",
        "advanced bound alone",
        _Q4 + _Q4_BODY.format(two="2", bonus="np.expm1(eps)", ret="advanced"),
    ),
    wrong(
        "factor 2 missing",
        "factor 2",
        _Q4 + _Q4_BODY.format(two="1", bonus="np.expm1(eps)", ret="min(basic, advanced)"),
    ),
    wrong(
        "log10 instead of ln",
        "you used log10",
        _Q4
        + _Q4_BODY.format(two="2", bonus="np.expm1(eps)", ret="min(basic, advanced)").replace(
            "math.log(", "math.log10("
        ),
    ),
)
