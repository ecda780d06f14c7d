"""Accounting functions against Google's dp-accounting and hand-worked figures."""

import itertools
import math

import numpy as np
import pytest

from fairkit.privacy import _errors as err
from fairkit.privacy._accounting import (
    DEFAULT_ORDERS,
    advanced_composition,
    basic_composition,
    dp_sgd_epsilon,
    rdp_gaussian,
    rdp_subsampled_gaussian,
    rdp_to_dp,
)

dp_accounting = pytest.importorskip("dp_accounting")
from dp_accounting import dp_event  # noqa: E402
from dp_accounting.pld import accountant as pld_acc  # noqa: E402
from dp_accounting.pld import common as pld_common  # noqa: E402
from dp_accounting.pld import pld_privacy_accountant  # noqa: E402
from dp_accounting.rdp import rdp_privacy_accountant as rdp_ref  # noqa: E402

MNIST_Q, MNIST_SIGMA, MNIST_DELTA = 256 / 60000, 1.1, 1e-5
MNIST_STEPS = math.ceil(60 * 60000 / 256)  # 60 epochs, as dp-accounting's DP-SGD helper


def _ref_epsilon(event, count, delta, orders=DEFAULT_ORDERS):
    acc = rdp_ref.RdpAccountant(orders=list(orders))
    acc.compose(event, count)
    return acc.get_epsilon(delta)


@pytest.mark.parametrize("sigma", [0.5, 1.1, 3.0, 20.0])
def test_rdp_gaussian_matches_dp_accounting(sigma):
    orders = np.concatenate([[1.5, 1.75], DEFAULT_ORDERS])
    ref = rdp_ref._compute_rdp_poisson_subsampled_gaussian(1.0, sigma, orders)
    np.testing.assert_allclose(rdp_gaussian(sigma, orders), ref, rtol=1e-6, atol=0)
    for delta in (1e-3, 1e-5, 1e-9):
        ours = rdp_to_dp(orders, 10 * rdp_gaussian(sigma, orders), delta)[0]
        ref_eps = _ref_epsilon(dp_event.GaussianDpEvent(sigma), 10, delta, orders)
        assert abs(ours - ref_eps) < 1e-6


@pytest.mark.parametrize("q", [MNIST_Q, 0.01, 0.1, 0.5, 0.99])
@pytest.mark.parametrize("sigma", [0.6, 1.1, 2.0, 8.0])
def test_rdp_subsampled_gaussian_matches_dp_accounting(q, sigma):
    ref = rdp_ref._compute_rdp_poisson_subsampled_gaussian(q, sigma, DEFAULT_ORDERS)
    ours = rdp_subsampled_gaussian(q, sigma, DEFAULT_ORDERS)
    finite = np.isfinite(ref)
    np.testing.assert_allclose(ours[finite], ref[finite], rtol=1e-6, atol=1e-12)
    event = dp_event.PoissonSampledDpEvent(q, dp_event.GaussianDpEvent(sigma))
    ref_eps = _ref_epsilon(event, 1000, 1e-5)
    assert abs(dp_sgd_epsilon(q, sigma, 1000, 1e-5) - ref_eps) < 1e-6


def test_dp_sgd_mnist_epsilon():
    eps = dp_sgd_epsilon(MNIST_Q, MNIST_SIGMA, MNIST_STEPS, MNIST_DELTA)
    event = dp_event.PoissonSampledDpEvent(MNIST_Q, dp_event.GaussianDpEvent(MNIST_SIGMA))
    assert abs(eps - _ref_epsilon(event, MNIST_STEPS, MNIST_DELTA)) < 1e-6
    assert round(eps, 2) == 2.60
    # dp-accounting's default orders add fractional ones; integer orders lose < 0.001.
    acc = rdp_ref.RdpAccountant()
    acc.compose(event, MNIST_STEPS)
    assert 0 <= eps - acc.get_epsilon(MNIST_DELTA) < 1e-3


def test_rdp_to_dp_matches_dp_accounting_on_random_curves():
    rng = np.random.default_rng(0)
    orders = np.concatenate([[1.1, 1.5, 2.5], DEFAULT_ORDERS])
    for _ in range(50):
        rdp = rng.exponential(rng.choice([1e-6, 1e-2, 1.0]), size=orders.size) * orders
        delta = 10.0 ** rng.uniform(-12, -1)
        ours, order = rdp_to_dp(orders, rdp, delta)
        ref, ref_order = rdp_ref.compute_epsilon(orders, rdp, delta)
        assert abs(ours - ref) < 1e-9 and order == ref_order


def test_subsampling_amplifies_and_q_one_is_the_gaussian():
    full = rdp_gaussian(1.1)
    np.testing.assert_allclose(rdp_subsampled_gaussian(1.0, 1.1), full)
    np.testing.assert_array_equal(rdp_subsampled_gaussian(0.0, 1.1), 0.0)
    curves = [rdp_subsampled_gaussian(q, 1.1) for q in (0.001, 0.01, 0.1, 0.5)]
    for small, large in itertools.pairwise(curves):
        assert np.all(small <= large)
    assert np.all(curves[-1] <= full + 1e-12)


def test_laplace_composition_figures_and_dp_accounting_bounds():
    # 100 Laplace releases at ε = 0.1 (pure DP), δ' = 1e-6.
    assert basic_composition([0.1] * 100) == pytest.approx((10.0, 0.0), abs=1e-12)
    eps, delta = advanced_composition(0.1, 0.0, 100, delta_prime=1e-6)
    # By hand: 0.1·sqrt(200·ln 10^6) = 5.256522, 100·0.1·(e^0.1 − 1) = 1.051709.
    assert abs(eps - 6.308231) < 1e-6 and delta == 1e-6
    # dp-accounting's optimal composition (Kairouz, Oh & Viswanath) and its exact Laplace
    # privacy-loss distribution are tighter; ours must be valid upper bounds of both.
    optimal = pld_acc.advanced_composition(
        pld_common.DifferentialPrivacyParameters(0.1, 0.0), 100, 1e-6
    )
    pld = pld_privacy_accountant.PLDAccountant()
    pld.compose(dp_event.LaplaceDpEvent(1 / 0.1), 100)
    assert pld.get_epsilon(1e-6) <= optimal + 1e-3 <= eps <= 10.0


def test_basic_composition_with_deltas():
    assert basic_composition([0.5, 0.25], [1e-6, 2e-6]) == (0.75, 3e-6)


def test_advanced_composition_beats_basic_only_for_many_small_releases():
    assert advanced_composition(1.0, 0.0, 3, delta_prime=1e-6)[0] > 3.0
    assert advanced_composition(0.01, 1e-8, 10_000, delta_prime=1e-6)[0] < 100 * 0.5
    assert advanced_composition(0.01, 1e-8, 10_000, delta_prime=1e-6)[1] == pytest.approx(
        1e-4 + 1e-6
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rdp_gaussian(0.0), err.NOT_POSITIVE.format(name="sigma", value=0.0)),
        (lambda: rdp_gaussian(1.0, [1.0, 2.0]), err.BAD_ORDERS.format(orders=[1.0, 2.0])),
        (
            lambda: rdp_subsampled_gaussian(1.5, 1.0),
            err.NOT_PROBABILITY.format(name="q", value=1.5),
        ),
        (
            lambda: rdp_subsampled_gaussian(0.1, 1.0, [2.5, 3]),
            err.FRACTIONAL_ORDERS.format(orders=np.array([2.5])),
        ),
        (lambda: rdp_to_dp([2, 3], [0.1], 1e-5), err.RDP_LENGTHS.format(n_orders=2, n_rdp=1)),
        (lambda: rdp_to_dp([2], [-0.1], 1e-5), err.NEGATIVE_RDP),
        (lambda: rdp_to_dp([2], [0.1], 0.0), err.NOT_PROBABILITY.format(name="delta", value=0.0)),
        (
            lambda: basic_composition([1, 2], [0]),
            err.COMPOSITION_LENGTHS.format(n_eps=2, n_delta=1),
        ),
        (lambda: basic_composition([-1]), err.NEGATIVE_EPSILONS),
        (lambda: basic_composition([1], [2]), err.BAD_DELTAS),
        (lambda: advanced_composition(0.1, 0, 0, delta_prime=1e-6), err.BAD_K.format(k=0)),
        (
            lambda: advanced_composition(0.1, 0, 5, delta_prime=0.0),
            err.NOT_PROBABILITY.format(name="delta_prime", value=0.0),
        ),
        (lambda: dp_sgd_epsilon(0.01, 1.0, 2.5, 1e-5), err.BAD_STEPS.format(steps=2.5)),
    ],
)
def test_errors_by_constant(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message
    assert "\n" not in message
