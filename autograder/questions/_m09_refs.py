"""References of m09-differential-privacy q1-q5 and their known-wrong variants.

The references call ``fairkit.privacy`` where it implements the quantity (randomized-response
estimate, the accountant); the others are a few lines of NumPy checked against fairkit and
against simulation in ``tests/autograder/test_m09_differential_privacy.py``. A variant is one
typical mistake, recognised in the teaching message when an answer equals it.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.questions._base import Mistake
from fairkit.privacy import BudgetExceededError, PrivacyAccountant, randomized_response_estimate

__all__ = [
    "Q1_MISTAKES",
    "Q2_MISTAKES",
    "Q3_MISTAKES",
    "Q4_MISTAKES",
    "Q5_MISTAKES",
    "laplace_inverse_cdf",
    "ref_answered",
    "ref_differencing",
    "ref_laplace_sum",
    "ref_rr_estimate",
    "ref_spent",
]


# -- q1: the differencing attack -----------------------------------------------------------------
def _match(age, sex, target_age, target_sex) -> np.ndarray:
    return (np.asarray(age) == target_age) & (np.asarray(sex) == target_sex)


def ref_differencing(over_50k, age, sex, target_age, target_sex) -> float:
    over = np.asarray(over_50k)
    rest = ~_match(age, sex, target_age, target_sex)
    return float(over.sum() - over[rest].sum())


def _diff_or(over_50k, age, sex, target_age, target_sex) -> float:
    over = np.asarray(over_50k)
    rest = ~((np.asarray(age) == target_age) | (np.asarray(sex) == target_sex))
    return float(over.sum() - over[rest].sum())


def _diff_shares(over_50k, age, sex, target_age, target_sex) -> float:
    over = np.asarray(over_50k)
    return float(over.mean() - over[~_match(age, sex, target_age, target_sex)].mean())


Q1_MISTAKES = (
    Mistake(
        "this is the second count alone (people outside the target's age and sex): the attack "
        "is the difference of the two counts",
        lambda over_50k, age, sex, target_age, target_sex: float(
            np.asarray(over_50k)[~_match(age, sex, target_age, target_sex)].sum()
        ),
    ),
    Mistake(
        "this is the first count alone (everyone): subtract the count that leaves out the "
        "people of the target's age and sex",
        lambda over_50k, **_: float(np.sum(over_50k)),
    ),
    Mistake(
        "your second query left out everyone of the target's age OR sex: leave out only the "
        "rows with both (age == target_age) & (sex == target_sex)",
        _diff_or,
    ),
    Mistake(
        "you subtracted two shares (means); the release publishes counts, and their difference "
        "is the matched people's number of incomes over $50K",
        _diff_shares,
    ),
    Mistake(
        "this is the number of people of the target's age and sex, not how many of them earn "
        "over $50K",
        lambda over_50k, age, sex, target_age, target_sex: float(
            _match(age, sex, target_age, target_sex).sum()
        ),
    ),
)


# -- q2: randomized response ----------------------------------------------------------------------
def _p_truth(epsilon: float) -> float:
    return math.exp(epsilon) / (1 + math.exp(epsilon))


def ref_rr_estimate(reports, epsilon) -> float:
    return float(randomized_response_estimate(np.asarray(reports), epsilon=epsilon)[1])


Q2_MISTAKES = (
    Mistake(
        "this is the share of 'yes' reports itself: it is biased towards 1/2, because a share "
        "1 - p of the answers were flipped; undo the flipping",
        lambda reports, epsilon: float(np.mean(reports)),
    ),
    Mistake(
        "you clipped the estimate to [0, 1]: the unbiased estimator may leave that range, and "
        "clipping biases it",
        lambda reports, epsilon: float(np.clip(ref_rr_estimate(reports, epsilon), 0, 1)),
    ),
    Mistake(
        "you swapped p and 1 - p: this estimates the share of 'no' (1 minus the share of yes); "
        "the truth is reported with probability p = e^ε / (1 + e^ε) > 1/2",
        lambda reports, epsilon: 1.0 - ref_rr_estimate(reports, epsilon),
    ),
    Mistake(
        "you divided by p instead of by 2p - 1: P(report yes) = p·π + (1 - p)(1 - π) = "
        "(1 - p) + (2p - 1)·π",
        lambda reports, epsilon: (
            (float(np.mean(reports)) - (1 - _p_truth(epsilon))) / _p_truth(epsilon)
        ),
    ),
)


# -- q3: the Laplace mechanism for a bounded sum --------------------------------------------------
def laplace_inverse_cdf(u: float, scale: float) -> float:
    """The value of Laplace(0, scale) whose CDF is ``u`` (increasing in ``u``)."""
    if u < 0.5:
        return scale * math.log(2 * u)
    return -scale * math.log(2 * (1 - u))


def _noisy_sum(values, lower, upper, u, scale, clamp=True) -> float:
    x = np.asarray(values, dtype=float)
    if clamp:
        x = np.clip(x, lower, upper)
    return float(math.fsum(x) + laplace_inverse_cdf(u, scale))


def ref_laplace_sum(values, lower, upper, epsilon, u) -> float:
    sensitivity = max(abs(lower), abs(upper))
    return _noisy_sum(values, lower, upper, u, sensitivity / epsilon)


def _flipped(values, lower, upper, epsilon, u) -> float:
    return ref_laplace_sum(values, lower, upper, epsilon, 1 - u)


Q3_MISTAKES = (
    Mistake(
        "you did not clamp the values to [lower, upper]: without clamping one person can move "
        "the sum by any amount, and no finite noise covers that",
        lambda values, lower, upper, epsilon, u: _noisy_sum(
            values, lower, upper, u, max(abs(lower), abs(upper)) / epsilon, clamp=False
        ),
    ),
    Mistake(
        "your sensitivity is upper - lower, the change when one value is *replaced*; here "
        "neighbouring data sets differ by adding or removing one row, which moves a clamped sum "
        "by at most max(|lower|, |upper|)",
        lambda values, lower, upper, epsilon, u: _noisy_sum(
            values, lower, upper, u, (upper - lower) / epsilon
        ),
    ),
    Mistake(
        "your sensitivity is upper: a value clamped to [lower, upper] can be as large as "
        "|lower| when lower < 0; the sensitivity is max(|lower|, |upper|)",
        lambda values, lower, upper, epsilon, u: _noisy_sum(
            values, lower, upper, u, abs(upper) / epsilon
        ),
    ),
    Mistake(
        "your noise scale is ε / sensitivity; the Laplace scale is b = sensitivity / ε (smaller "
        "ε, more noise)",
        lambda values, lower, upper, epsilon, u: _noisy_sum(
            values, lower, upper, u, epsilon / max(abs(lower), abs(upper))
        ),
    ),
    Mistake(
        "your noise scale is 1 / ε, which assumes sensitivity 1: scale it by the sensitivity",
        lambda values, lower, upper, epsilon, u: _noisy_sum(values, lower, upper, u, 1 / epsilon),
    ),
    Mistake(
        "your noise has the wrong sign: the inverse CDF is increasing in u (negative for "
        "u < 1/2, b·ln(2u); positive above, -b·ln(2(1 - u)))",
        _flipped,
    ),
)


# -- q4, q5: composition and the budget ----------------------------------------------------
def _accountant(budget: float, composition: str, delta_prime: float) -> PrivacyAccountant:
    if composition == "basic":
        return PrivacyAccountant(epsilon=budget)
    return PrivacyAccountant(
        epsilon=budget, delta=2 * delta_prime, composition="advanced", delta_prime=delta_prime
    )


def ref_spent(epsilons, composition, delta_prime) -> float:
    acc = _accountant(1e12, composition, delta_prime)
    for eps in np.asarray(epsilons, dtype=float):
        acc.spend(float(eps))
    return float(acc.spent[0])


def ref_answered(epsilons, budget, composition, delta_prime) -> float:
    acc, answered = _accountant(budget, composition, delta_prime), 0
    for eps in np.asarray(epsilons, dtype=float):
        try:
            acc.spend(float(eps))
        except BudgetExceededError:
            continue
        answered += 1
    return float(answered)


def _advanced(eps: np.ndarray, delta_prime: float, two=2.0, log=math.log) -> float:
    return math.sqrt(two * log(1 / delta_prime) * math.fsum(eps**2)) + math.fsum(
        eps * np.expm1(eps)
    )


def _variant_spent(how: str):
    def variant(epsilons, composition, delta_prime) -> float:
        eps = np.asarray(epsilons, dtype=float)
        basic = math.fsum(eps)
        if composition == "basic" or how == "basic":
            return basic
        if how == "no_min":
            return _advanced(eps, delta_prime)
        if how == "ok":
            return min(basic, _advanced(eps, delta_prime))
        if how == "no_two":
            return min(basic, _advanced(eps, delta_prime, two=1.0))
        return min(basic, _advanced(eps, delta_prime, log=math.log10))

    return variant


Q4_MISTAKES = (
    Mistake(
        "you summed the ε's (basic composition) although composition='advanced'",
        _variant_spent("basic"),
    ),
    Mistake(
        "this is the advanced bound alone: for few or large releases it is worse than the "
        "basic sum, and the accountant spends the smaller of the two",
        _variant_spent("no_min"),
    ),
    Mistake(
        "the square root is of 2·ln(1/δ')·Σε²: you left out the factor 2",
        _variant_spent("no_two"),
    ),
    Mistake(
        "ln(1/δ') is the natural logarithm: you used log10",
        _variant_spent("log10"),
    ),
)


def _variant_answered(how: str):
    def variant(epsilons, budget, composition, delta_prime) -> float:
        spent: list[float] = []
        for eps in np.asarray(epsilons, dtype=float):
            total = _variant_spent("basic" if how == "basic" else "ok")(
                [*spent, eps], composition, delta_prime
            )
            fits = total < budget if how == "strict" else total <= budget + 1e-12
            if fits:
                spent.append(float(eps))
            elif how == "stop":
                break
        return float(len(spent))

    return variant


Q5_MISTAKES = (
    Mistake(
        "you stopped at the first refused query (or charged it): a refused query spends "
        "nothing, and a later, smaller one may still fit in what is left",
        _variant_answered("stop"),
    ),
    Mistake(
        "you refused a query that uses the budget exactly: a total equal to the budget is "
        "allowed (refuse only when it would exceed it)",
        _variant_answered("strict"),
    ),
    Mistake(
        "you composed with the basic sum although composition='advanced': under advanced "
        "composition many small queries cost less, so more of them fit",
        _variant_answered("basic"),
    ),
)
