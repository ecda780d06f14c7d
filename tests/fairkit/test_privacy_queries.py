"""DP queries: clamping, noise scales, the accountant, error messages, DP-mean accuracy."""

import math

import numpy as np
import pytest

from fairkit.privacy import _errors as err
from fairkit.privacy._accounting_budget import BudgetExceededError, PrivacyAccountant
from fairkit.privacy._queries import dp_count, dp_histogram, dp_mean, dp_quantile, dp_sum

OUTLIERS = np.array([-100.0, 2.0, 5.0, 7.0, 1e6])  # clamped to (0, 10): 0, 2, 5, 7, 10
HUGE_EPS = 1e6  # noise far below the tolerances: the tests see the clamped exact answers


def test_clamping_to_the_given_bounds():
    assert dp_sum(OUTLIERS, epsilon=HUGE_EPS, bounds=(0, 10), random_state=0) == pytest.approx(
        24.0, abs=1e-3
    )
    assert dp_mean(OUTLIERS, epsilon=HUGE_EPS, bounds=(0, 10), random_state=0) == pytest.approx(
        4.8, abs=1e-3
    )
    counts, edges = dp_histogram(OUTLIERS, epsilon=HUGE_EPS, bounds=(0, 10), bins=2, random_state=0)
    np.testing.assert_array_equal(counts, [2, 3])
    np.testing.assert_array_equal(edges, [0, 5, 10])
    top = dp_quantile(OUTLIERS, epsilon=HUGE_EPS, bounds=(0, 10), quantile=1.0, random_state=0)
    assert 7.0 <= top <= 10.0
    assert dp_count(OUTLIERS, epsilon=HUGE_EPS, random_state=0) == 5
    assert dp_count([np.nan, "a", None], epsilon=HUGE_EPS, random_state=0) == 3


def test_outputs_stay_in_bounds_at_small_epsilon():
    rng = np.random.default_rng(1)
    for _ in range(200):
        assert 0 <= dp_mean([9.0] * 3, epsilon=0.01, bounds=(0, 10), random_state=rng) <= 10
        assert 0 <= dp_quantile([9.0] * 3, epsilon=0.01, bounds=(0, 10), random_state=rng) <= 10


def test_sum_noise_scale_is_max_abs_bound_over_epsilon():
    rng = np.random.default_rng(2)
    draws = np.array(
        [dp_sum([1.0, 2.0], epsilon=0.5, bounds=(-5, 10), random_state=rng) for _ in range(6000)]
    )
    # Laplace of scale 10 / 0.5 = 20: mean 3, standard deviation 20·sqrt(2).
    assert abs(draws.mean() - 3.0) < 4 * 20 * math.sqrt(2) / math.sqrt(6000)
    assert draws.std() == pytest.approx(20 * math.sqrt(2), rel=0.06)


def test_count_and_histogram_noise_is_geometric_of_scale_one_over_epsilon():
    rng = np.random.default_rng(3)
    data = np.repeat([0.5, 1.5, 2.5, 3.5], [10, 20, 30, 40])
    noisy = np.array(
        [
            dp_histogram(data, epsilon=1.0, bounds=(0, 4), bins=4, random_state=rng)[0]
            for _ in range(3000)
        ]
    )
    a = math.exp(-1.0)
    variance = 2 * a / (1 - a) ** 2  # two-sided geometric with P(z) ∝ e^{-|z|}
    np.testing.assert_allclose(
        noisy.mean(axis=0), [10, 20, 30, 40], atol=4 * math.sqrt(variance / 3000)
    )
    np.testing.assert_allclose(noisy.var(axis=0), variance, rtol=0.1)
    counts = [dp_count(data, epsilon=1.0, random_state=rng) for _ in range(3000)]
    assert all(isinstance(c, int) for c in counts[:5])
    assert abs(np.mean(counts) - 100) < 4 * math.sqrt(variance / 3000)


def test_quantile_interval_probabilities_by_hand():
    # Data 1, 2, 3 in (0, 4): four unit intervals with 0..3 values below; for the median
    # (q·n = 1.5) their scores are -1.5, -0.5, -0.5, -1.5, so at ε = 1 the intervals are
    # drawn w.p. ∝ e^{-0.75}, e^{-0.25}, e^{-0.25}, e^{-0.75}.
    rng = np.random.default_rng(4)
    n = 20000
    draws = np.array(
        [dp_quantile([1, 2, 3], epsilon=1.0, bounds=(0, 4), random_state=rng) for _ in range(n)]
    )
    freq = np.bincount(np.floor(draws).astype(int), minlength=4) / n
    w = np.exp([-0.75, -0.25, -0.25, -0.75])
    p = w / w.sum()
    assert np.all(np.abs(freq - p) < 4 * np.sqrt(p * (1 - p) / n)), (freq, p)
    inner = draws[(draws > 1) & (draws < 2)] - 1  # uniform within its interval
    assert abs(inner.mean() - 0.5) < 4 * math.sqrt(1 / 12 / inner.size)


def test_quantile_is_accurate_for_large_n():
    values = np.random.default_rng(5).normal(50, 10, 5001)
    rng = np.random.default_rng(6)
    for q in (0.1, 0.5, 0.9):
        got = [
            dp_quantile(values, epsilon=1.0, bounds=(0, 100), quantile=q, random_state=rng)
            for _ in range(50)
        ]
        assert np.median(np.abs(np.array(got) - np.quantile(values, q))) < 0.5


def test_dp_mean_error_shrinks_as_stated_with_epsilon():
    n, reps = 2000, 3000
    values = np.random.default_rng(7).uniform(0.4, 1.0, n)
    true, mid, width = values.mean(), 0.5, 1.0
    rng = np.random.default_rng(8)
    rmse = {}
    for eps in (0.05, 0.1, 0.2, 0.4):
        errors = (
            np.array(
                [dp_mean(values, epsilon=eps, bounds=(0, 1), random_state=rng) for _ in range(reps)]
            )
            - true
        )
        rmse[eps] = math.sqrt(np.mean(errors**2))
        stated = math.sqrt(2 * width**2 + 8 * (true - mid) ** 2) / (n * eps)
        assert rmse[eps] == pytest.approx(stated, rel=0.1)
        assert abs(errors.mean()) < 4 * rmse[eps] / math.sqrt(reps)  # no visible bias
    for eps in (0.05, 0.1, 0.2):
        assert rmse[eps] / rmse[2 * eps] == pytest.approx(2.0, rel=0.15)


def test_accountant_is_charged_and_a_refused_query_draws_nothing():
    acc = PrivacyAccountant(epsilon=1.0)
    dp_mean(OUTLIERS, epsilon=0.5, bounds=(0, 10), accountant=acc, random_state=0)
    dp_count(OUTLIERS, epsilon=0.25, accountant=acc, random_state=0)
    assert acc.history == [("dp_mean", 0.5, 0.0), ("dp_count", 0.25, 0.0)]
    rng = np.random.default_rng(9)
    state = rng.bit_generator.state
    with pytest.raises(BudgetExceededError):
        dp_quantile(OUTLIERS, epsilon=0.5, bounds=(0, 10), accountant=acc, random_state=rng)
    assert rng.bit_generator.state == state and acc.spent == (0.75, 0.0)
    # Invalid input is rejected before the accountant is charged.
    with pytest.raises(ValueError, match="bounds"):
        dp_sum(OUTLIERS, epsilon=0.1, accountant=acc)
    with pytest.raises(ValueError, match="random_state"):
        dp_sum(OUTLIERS, epsilon=0.1, bounds=(0, 1), accountant=acc, random_state=-1)
    assert len(acc.history) == 2


def test_default_random_state_is_the_secure_source():
    assert 0 <= dp_mean(OUTLIERS, epsilon=1.0, bounds=(0, 10)) <= 10
    assert 0 <= dp_quantile(OUTLIERS, epsilon=1.0, bounds=(0, 10), random_state="secure") <= 10


QUERIES = {
    "dp_sum": dp_sum,
    "dp_mean": dp_mean,
    "dp_histogram": dp_histogram,
    "dp_quantile": dp_quantile,
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_bounds_is_a_clear_error(name):
    with pytest.raises(ValueError) as info:
        QUERIES[name]([1.0, 2.0], epsilon=1.0)
    assert str(info.value) == err.BOUNDS_REQUIRED.format(query=name)


@pytest.mark.parametrize("bounds", [(5, 5), (10, 0), (0, np.inf), (1,), "ab", 3.0])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_bad_bounds(name, bounds):
    with pytest.raises(ValueError) as info:
        QUERIES[name]([1.0, 2.0], epsilon=1.0, bounds=bounds)
    assert str(info.value) == err.BOUNDS_INVALID.format(query=name, bounds=bounds)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dp_mean([1.0, np.nan], epsilon=1.0, bounds=(0, 1)), err.QUERY_VALUES_NOT_FINITE),
        (lambda: dp_sum([np.inf], epsilon=1.0, bounds=(0, 1)), err.QUERY_VALUES_NOT_FINITE),
        (
            lambda: dp_histogram([1.0], epsilon=1.0, bounds=(0, 1), bins=0),
            err.BINS_INVALID.format(bins=0),
        ),
        (
            lambda: dp_histogram([1.0], epsilon=1.0, bounds=(0, 1), bins=2.5),
            err.BINS_INVALID.format(bins=2.5),
        ),
        (
            lambda: dp_quantile([1.0], epsilon=1.0, bounds=(0, 1), quantile=1.5),
            err.QUANTILE_INVALID.format(quantile=1.5),
        ),
        (lambda: dp_sum([1.0], epsilon=0.0, bounds=(0, 1)), err.EPSILON_INVALID.format(value=0.0)),
    ],
)
def test_errors_by_constant(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message and "\n" not in message
