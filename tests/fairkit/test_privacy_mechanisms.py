"""Distribution tests: each mechanism's noise matches its intended law (10**6 draws, fixed seeds).

The references are exact probability mass functions computed here from their formulas, binned
into cells of roughly equal mass, and compared with a chi-square test at level 1e-4 (a correct
sampler fails one such test once in 10 000 runs; a wrong scale by 1 % fails it for sure).
"""

import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from fairkit.privacy import (
    analytic_gaussian_sigma,
    exponential_mechanism,
    gaussian_mechanism,
    geometric_mechanism,
    laplace_mechanism,
    noise_grid,
    report_noisy_max,
)
from fairkit.privacy._mechanisms import _DISCRETE_DELTA_MARGIN
from fairkit.privacy._random import check_random_state

N = 10**6
ALPHA = 1e-4


def _chi2_pvalue(samples: np.ndarray, support: np.ndarray, pmf: np.ndarray) -> float:
    """Chi-square p-value of integer ``samples`` against ``pmf`` on ``support``."""
    pmf = pmf / pmf.sum()
    cdf = np.cumsum(pmf)
    n_cells = min(60, support.size)
    cuts = np.searchsorted(cdf, np.linspace(0, 1, n_cells + 1)[1:-1])
    edges = np.unique(np.concatenate([[0], cuts + 1, [support.size]]))
    expected = np.add.reduceat(pmf, edges[:-1]) * samples.size
    cell = np.searchsorted(support[edges[1:-1]], samples, side="right")
    observed = np.bincount(cell, minlength=expected.size)
    assert observed.sum() == samples.size, "a sample fell outside the reference support"
    return stats.chisquare(observed, expected).pvalue


def _discrete_laplace_pmf(t: float) -> tuple[np.ndarray, np.ndarray]:
    z = np.arange(-math.ceil(60 * t), math.ceil(60 * t) + 1)
    return z, np.exp(-np.abs(z) / t)


def _discrete_gaussian_pmf(sigma: float) -> tuple[np.ndarray, np.ndarray]:
    z = np.arange(-math.ceil(12 * sigma) - 2, math.ceil(12 * sigma) + 3)
    return z, np.exp(-(z.astype(float) ** 2) / (2 * sigma**2))


@pytest.mark.parametrize(("epsilon", "sensitivity"), [(1.0, 1.0), (0.1, 3.0), (5.0, 0.25)])
def test_laplace_noise_is_discrete_laplace_with_calibrated_scale(epsilon, sensitivity):
    grid = noise_grid(sensitivity)
    out = laplace_mechanism(
        np.full(N, 7.0), sensitivity=sensitivity, epsilon=epsilon, random_state=12
    )
    steps = np.rint((out - 7.0) / grid).astype(np.int64)
    t = (math.floor(sensitivity / grid) + 1) / epsilon
    assert _chi2_pvalue(steps, *_discrete_laplace_pmf(t)) > ALPHA
    # and close to the continuous Laplace of that scale (the grid step is < 1/1000 of it)
    assert stats.kstest((out - 7.0) / (t * grid), stats.laplace.cdf).statistic < 2e-3


def test_laplace_chi_square_detects_a_one_percent_wrong_scale():
    # the test above can fail: the same reference rejects noise 1 % too wide
    t = (math.floor(1.0 / noise_grid(1.0)) + 1) / 1.0
    steps = check_random_state(3).discrete_laplace(N, 1.01 * t)
    assert _chi2_pvalue(steps, *_discrete_laplace_pmf(t)) < ALPHA


@pytest.mark.parametrize(("epsilon", "sensitivity"), [(1.0, 1), (0.5, 2), (3.0, 1)])
def test_geometric_mechanism_is_two_sided_geometric(epsilon, sensitivity):
    out = geometric_mechanism(
        np.full(N, 40), sensitivity=sensitivity, epsilon=epsilon, random_state=5
    )
    assert out.dtype == np.int64
    z, pmf = _discrete_laplace_pmf(sensitivity / epsilon)
    assert _chi2_pvalue(out - 40, z, pmf) > ALPHA
    # exact mass at 0 of a two-sided geometric: (1 - p) / (1 + p)
    p = math.exp(-epsilon / sensitivity)
    assert abs(np.mean(out == 40) - (1 - p) / (1 + p)) < 5 * math.sqrt(0.25 / N)


@pytest.mark.parametrize("sigma", [0.4, 1.0, 3.7, 250.0])
def test_discrete_gaussian_sampler(sigma):
    z = check_random_state(21).discrete_gaussian(N, sigma)
    assert _chi2_pvalue(z, *_discrete_gaussian_pmf(sigma)) > ALPHA


@pytest.mark.parametrize("analytic", [True, False])
def test_gaussian_mechanism_noise_is_discrete_gaussian_with_the_right_sigma(analytic):
    epsilon, delta, sensitivity = 0.5, 1e-6, 2.0
    grid = noise_grid(sensitivity)
    out = gaussian_mechanism(
        np.zeros(N),
        sensitivity=sensitivity,
        epsilon=epsilon,
        delta=delta,
        analytic=analytic,
        random_state=8,
    )
    grid_sensitivity = (math.floor(sensitivity / grid) + 1) * grid
    solved = delta * (1 - _DISCRETE_DELTA_MARGIN)
    if analytic:
        sigma = analytic_gaussian_sigma(epsilon, solved, grid_sensitivity)
    else:
        sigma = grid_sensitivity * math.sqrt(2 * math.log(1.25 / solved)) / epsilon
    steps = np.rint(out / grid).astype(np.int64)
    assert _chi2_pvalue(steps, *_discrete_gaussian_pmf(sigma / grid)) > ALPHA
    assert stats.kstest(out / sigma, stats.norm.cdf).statistic < 2e-3


def test_gaussian_chi_square_detects_a_one_percent_wrong_sigma():
    z = check_random_state(22).discrete_gaussian(N, 1.01 * 250.0)
    assert _chi2_pvalue(z, *_discrete_gaussian_pmf(250.0)) < ALPHA


def test_exponential_mechanism_rows_are_separate_releases():
    scores = np.array([[5.0, 0.0, 0.0], [0.0, 0.0, 5.0]])
    drawn = exponential_mechanism(
        np.tile(scores, (N // 20, 1)), sensitivity=1.0, epsilon=1.0, random_state=13
    ).reshape(-1, 2)
    expected = special.softmax(scores / 2, axis=1)
    for row in range(2):
        observed = np.bincount(drawn[:, row], minlength=3)
        assert stats.chisquare(observed, expected[row] * observed.sum()).pvalue > ALPHA


def _discrete_gaussian_delta(sigma: float, epsilon: float, shift: int) -> float:
    """Exact delta of the discrete Gaussian between neighbours ``shift`` steps apart."""
    z, weight = _discrete_gaussian_pmf(sigma)
    p0 = weight / weight.sum()
    p1 = np.exp(-((z - shift).astype(float) ** 2) / (2 * sigma**2)) / weight.sum()
    return float(np.maximum(0.0, p0 - math.exp(epsilon) * p1).sum())


@pytest.mark.parametrize(
    ("epsilon", "delta", "sensitivity", "analytic"),
    [
        (1.0, 1e-5, 1.0, True),
        (0.1, 1e-6, 3.0, True),
        (5.0, 1e-6, 0.3, True),
        (10.0, 1e-3, 1.0, True),
        (20.0, 1e-2, 1.0, True),
        (0.5, 1e-5, 1.0, False),
    ],
)
def test_discrete_gaussian_release_meets_its_delta_exactly(epsilon, delta, sensitivity, analytic):
    # the grid, the grid sensitivity and sigma gaussian_mechanism uses, then the exact delta
    # of the discrete Gaussian on that grid, by summation over its support
    grid = noise_grid(sensitivity)
    shift = math.floor(sensitivity / grid) + 1
    solved = delta * (1 - _DISCRETE_DELTA_MARGIN)
    if analytic:
        sigma = analytic_gaussian_sigma(epsilon, solved, shift * grid) / grid
    else:
        sigma = shift * math.sqrt(2 * math.log(1.25 / solved)) / epsilon
    achieved = _discrete_gaussian_delta(sigma, epsilon, shift)
    assert achieved <= delta
    if analytic:  # and the margin is not wasteful
        assert achieved > delta * (1 - 2 * _DISCRETE_DELTA_MARGIN)


def test_analytic_sigma_meets_delta_exactly_and_beats_classic():
    for epsilon, delta in [(0.1, 1e-5), (0.5, 1e-6), (0.9, 1e-3)]:
        sigma = analytic_gaussian_sigma(epsilon, delta, 1.0)
        a, b = 1 / (2 * sigma), epsilon * sigma
        achieved = special.ndtr(a - b) - math.exp(epsilon) * special.ndtr(-a - b)
        assert achieved == pytest.approx(delta, rel=1e-8)
        assert sigma < math.sqrt(2 * math.log(1.25 / delta)) / epsilon


def test_analytic_sigma_agrees_with_dp_accounting_privacy_loss_distribution():
    pld = pytest.importorskip("dp_accounting.pld.privacy_loss_distribution")
    for epsilon, delta, sensitivity in [(1.0, 1e-5, 1.0), (3.0, 1e-6, 2.5), (0.3, 1e-4, 1.0)]:
        sigma = analytic_gaussian_sigma(epsilon, delta, sensitivity)
        dist = pld.from_gaussian_mechanism(
            sigma, sensitivity=sensitivity, value_discretization_interval=1e-4
        )
        assert dist.get_delta_for_epsilon(epsilon) == pytest.approx(delta, rel=2e-2)


def test_analytic_sigma_scales_with_sensitivity():
    assert analytic_gaussian_sigma(2.0, 1e-7, 3.0) == pytest.approx(
        3.0 * analytic_gaussian_sigma(2.0, 1e-7, 1.0), rel=1e-10
    )


def test_exponential_mechanism_probabilities():
    scores = np.array([0.0, 1.0, 2.5, 2.5, -3.0])
    epsilon, sensitivity = 1.2, 0.5
    drawn = exponential_mechanism(
        np.broadcast_to(scores, (N, scores.size)),
        sensitivity=sensitivity,
        epsilon=epsilon,
        random_state=4,
    )
    expected = special.softmax(epsilon * scores / (2 * sensitivity)) * N
    observed = np.bincount(drawn, minlength=scores.size)
    assert stats.chisquare(observed, expected).pvalue > ALPHA


def test_report_noisy_max_matches_numerical_integration():
    scores = np.array([0.0, 0.7, 1.5])
    epsilon, sensitivity = 1.0, 1.0
    b = 2 * sensitivity / epsilon
    drawn = report_noisy_max(
        np.broadcast_to(scores, (N, 3)), sensitivity=sensitivity, epsilon=epsilon, random_state=6
    )

    def p_wins(i):
        others = [j for j in range(3) if j != i]

        def f(x):
            wins = [stats.laplace.cdf(x, scores[j], b) for j in others]
            return stats.laplace.pdf(x, scores[i], b) * np.prod(wins)

        return integrate.quad(f, -60, 60, points=list(scores), limit=200)[0]

    expected = np.array([p_wins(i) for i in range(3)])
    assert expected.sum() == pytest.approx(1.0, abs=1e-8)
    observed = np.bincount(drawn, minlength=3)
    assert stats.chisquare(observed, expected * N).pvalue > ALPHA


def test_secure_mode_has_the_same_law():
    grid = noise_grid(1.0)
    out = laplace_mechanism(np.zeros(N), sensitivity=1.0, epsilon=1.0, random_state="secure")
    t = (math.floor(1.0 / grid) + 1) / 1.0
    assert _chi2_pvalue(np.rint(out / grid).astype(np.int64), *_discrete_laplace_pmf(t)) > ALPHA
    z = check_random_state(None).discrete_gaussian(N, 2.0)
    assert _chi2_pvalue(z, *_discrete_gaussian_pmf(2.0)) > ALPHA


def test_uniform_is_uniform_and_reaches_below_two_to_minus_53():
    u = check_random_state(9).uniform(N)
    assert u.min() > 0 and u.max() <= 1
    assert stats.kstest(u, "uniform").pvalue > ALPHA

    class _Zeros:
        """A source whose first word is 0: the second word must refine the small uniform."""

        def __init__(self):
            self.source = check_random_state(0)

        def words(self, n):
            w = self.source.words(n)
            w[: n // 2] = 0
            return w

    fake = check_random_state(0)
    fake.words = _Zeros().words
    small = fake.uniform(1000)
    assert np.all(small <= 2.0**-53) and np.unique(small).size > 990
