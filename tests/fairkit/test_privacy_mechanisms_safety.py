"""Float safety, randomized response and the random source of fairkit.privacy's mechanisms.

Float safety (Mironov 2012): the set of outputs, and their low bits, must not depend on the
input. Every Laplace/Gaussian output must lie exactly on the documented power-of-two grid,
and low-bit / parity events must have the same frequency for neighbouring inputs.
"""

import math

import numpy as np
import pytest
from scipy import stats

from fairkit.privacy import (
    gaussian_mechanism,
    laplace_mechanism,
    noise_grid,
    randomized_response,
    randomized_response_estimate,
)

N = 10**6
ALPHA = 1e-4


def _low_bits(x: np.ndarray, bits: int = 8) -> np.ndarray:
    return x.view(np.uint64) & np.uint64((1 << bits) - 1)


def test_noise_grid_is_a_power_of_two_below_sensitivity():
    for s in [1e-6, 0.3, 1.0, 1.5, 2.0, 1e9]:
        g = noise_grid(s)
        assert math.frexp(g)[0] == 0.5  # a power of two
        assert 2**10 <= s / g < 2**11


@pytest.mark.parametrize("mechanism", ["laplace", "gaussian"])
@pytest.mark.parametrize("value", [0.0, 0.1, 1 / 3, -2.718281828, 1e6 + 0.3, 123456.789])
def test_outputs_lie_exactly_on_the_grid(mechanism, value):
    sensitivity = 0.7
    grid = noise_grid(sensitivity)
    kwargs = {"sensitivity": sensitivity, "epsilon": 0.5, "random_state": 1}
    if mechanism == "laplace":
        out = laplace_mechanism(np.full(10**5, value), **kwargs)
    else:
        out = gaussian_mechanism(np.full(10**5, value), delta=1e-6, **kwargs)
    steps = out / grid
    assert np.array_equal(steps, np.rint(steps))
    assert np.all(np.abs(steps) < 2.0**53)  # so every step count is a distinct double


def test_grid_check_flags_naive_numpy_laplace():
    # the same check fails the textbook mechanism, so it is not vacuous
    naive = 0.1 + np.random.default_rng(0).laplace(0.0, 1.0, 10**5)
    steps = naive / noise_grid(1.0)
    assert np.mean(steps == np.rint(steps)) < 0.01


@pytest.mark.parametrize(("a", "b"), [(0.0, 1.0), (0.1, 0.6), (1e6, 1e6 + 1)])
def test_low_bit_and_parity_events_do_not_depend_on_the_input(a, b):
    kwargs = {"sensitivity": 1.0, "epsilon": 1.0}
    out_a = laplace_mechanism(np.full(N, a), random_state=2, **kwargs)
    out_b = laplace_mechanism(np.full(N, b), random_state=3, **kwargs)
    # the low 8 bits of every double output are zero for either input: the same (single) pattern
    assert np.unique(_low_bits(out_a)).tolist() == [0] == np.unique(_low_bits(out_b)).tolist()
    grid = noise_grid(1.0)
    for modulus in [2, 16]:  # parity and the low 4 bits of the grid index
        cell_a = np.rint(out_a / grid).astype(np.int64) % modulus
        cell_b = np.rint(out_b / grid).astype(np.int64) % modulus
        table = np.stack(
            [np.bincount(cell_a, minlength=modulus), np.bincount(cell_b, minlength=modulus)]
        )
        assert stats.chi2_contingency(table).pvalue > ALPHA


def test_low_bit_check_flags_naive_numpy_laplace():
    noise = np.random.default_rng(4).laplace(0.0, 1.0, N)
    naive_a, naive_b = 0.0 + noise, 1.0 + noise
    # outputs of 0 + X use every low bit; 1 + X rounds to coarser doubles when |1 + X| >= 1
    frac_a = np.mean(_low_bits(naive_a, 2) == 0)
    frac_b = np.mean(_low_bits(naive_b, 2) == 0)
    assert abs(frac_a - frac_b) > 0.05


def test_scalar_in_scalar_out_and_shape_kept():
    assert isinstance(laplace_mechanism(3.0, sensitivity=1.0, epsilon=1.0, random_state=0), float)
    out = laplace_mechanism(np.zeros((3, 4)), sensitivity=1.0, epsilon=1.0, random_state=0)
    assert out.shape == (3, 4)
    assert np.unique(out).size > 1  # independent noise per element


def test_seeds_reproduce_and_secure_mode_does_not():
    def f(rs):
        return laplace_mechanism(
            np.zeros(50),
            sensitivity=1.0,
            epsilon=1.0,
            random_state=rs,
        )

    assert np.array_equal(f(7), f(7))
    assert np.array_equal(f(np.random.default_rng(7)), f(7))
    assert not np.array_equal(f(7), f(8))
    assert not np.array_equal(f("secure"), f("secure"))
    assert not np.array_equal(f(None), f(None))


@pytest.mark.parametrize(
    ("epsilon", "categories"), [(1.0, None), (0.5, ["a", "b", "c"]), (2.0, [10, 20, 30, 40, 50])]
)
def test_randomized_response_transition_probabilities(epsilon, categories):
    cats = [0, 1] if categories is None else categories
    k = len(cats)
    truth = np.repeat(np.array(cats), N // k)
    reports = randomized_response(truth, epsilon=epsilon, categories=categories, random_state=0)
    p = math.exp(epsilon) / (math.exp(epsilon) + k - 1)
    for c in cats[:2]:
        got = reports[truth == c]
        observed = [np.sum(got == d) for d in cats]
        expected = [p if d == c else (1 - p) / (k - 1) for d in cats]
        assert stats.chisquare(observed, np.array(expected) * got.size).pvalue > ALPHA


@pytest.mark.parametrize(
    ("epsilon", "categories", "shares"),
    [
        (0.5, None, [0.7, 0.3]),
        (1.0, ["x", "y", "z"], [0.2, 0.5, 0.3]),
    ],
)
def test_randomized_response_estimator_is_unbiased(epsilon, categories, shares):
    cats = np.array([0, 1] if categories is None else categories)
    rng = np.random.default_rng(11)
    n, reps = 400, 2500
    estimates = np.empty((reps, cats.size))
    for r in range(reps):
        truth = rng.choice(cats, size=n, p=shares)
        true_share = np.array([np.mean(truth == c) for c in cats])
        reports = randomized_response(
            truth, epsilon=epsilon, categories=categories, random_state=rng
        )
        estimates[r] = (
            randomized_response_estimate(reports, epsilon=epsilon, categories=categories)
            - true_share
        )
    # mean error is zero within 4 standard errors, for every category
    se = estimates.std(axis=0, ddof=1) / math.sqrt(reps)
    assert np.all(np.abs(estimates.mean(axis=0)) < 4 * se)
    assert np.allclose(estimates.sum(axis=1), 0.0, atol=1e-9)  # shares sum to 1


def test_raw_report_shares_are_biased_so_the_unbiasedness_test_can_fail():
    # the same check as above rejects the naive estimator (report shares as they are)
    rng = np.random.default_rng(12)
    errors = np.empty(2000)
    for r in range(errors.size):
        truth = rng.random(400) < 0.7
        reports = randomized_response(truth, epsilon=0.5, random_state=rng)
        errors[r] = np.mean(reports == 1) - np.mean(truth)
    assert abs(errors.mean()) > 4 * errors.std(ddof=1) / math.sqrt(errors.size)


def test_estimator_hand_worked():
    # eps = ln 3, k = 2: p = 3/4, q = 1/4; 3 of 4 reports are 1: (3/4 - 1/4) / (1/2) = 1
    assert randomized_response_estimate([1, 1, 0, 1], epsilon=math.log(3)).tolist() == [0.0, 1.0]


def test_randomized_response_keeps_shape_type_and_booleans():
    out = randomized_response(np.array([[True, False], [False, True]]), epsilon=1.0, random_state=0)
    assert out.shape == (2, 2) and set(np.unique(out)) <= {0, 1}
    labels = randomized_response(
        ["a", "b"], epsilon=1.0, categories=["a", "b", "c"], random_state=0
    )
    assert set(labels) <= {"a", "b", "c"}
