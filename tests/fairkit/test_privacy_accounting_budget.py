"""PrivacyAccountant: composition rules, refusal, history."""

import numpy as np
import pytest

from fairkit.privacy import _errors as err
from fairkit.privacy._accounting import (
    advanced_composition,
    dp_sgd_epsilon,
    rdp_gaussian,
    rdp_subsampled_gaussian,
    rdp_to_dp,
)
from fairkit.privacy._accounting_budget import BudgetExceededError, PrivacyAccountant


def test_basic_sums_and_ten_tenths_fit_a_budget_of_one():
    acc = PrivacyAccountant(epsilon=1.0, delta=1e-5)
    for i in range(10):
        acc.spend(0.1, 1e-6, label=f"q{i}")
    assert acc.spent == pytest.approx((1.0, 1e-5))
    assert acc.remaining == pytest.approx((0.0, 0.0), abs=1e-12)
    assert acc.history[3] == ("q3", 0.1, 1e-6)


def test_refusal_names_spent_and_requested_and_charges_nothing():
    acc = PrivacyAccountant(epsilon=1.0, delta=1e-6)
    acc.spend(0.75, label="sum")
    with pytest.raises(BudgetExceededError) as info:
        acc.spend(0.5, 1e-7, label="mean")
    expected = err.BUDGET_EXCEEDED.format(
        label="'mean' ",
        req_eps=0.5,
        req_delta=1e-7,
        spent_eps=0.75,
        spent_delta=0.0,
        eps=1.0,
        delta=1e-6,
        new_eps=1.25,
        new_delta=1e-7,
    )
    assert str(info.value) == expected and "\n" not in expected
    assert "ε=0.75" in expected and "ε=0.5" in expected and "δ=1e-07" in expected
    assert isinstance(info.value, ValueError)
    assert acc.spent == (0.75, 0.0) and len(acc.history) == 1
    acc.spend(0.25)  # what is left can still be spent
    with pytest.raises(BudgetExceededError):
        acc.spend(0.0, 1e-5)  # δ alone can exceed the budget too


def test_advanced_accountant_matches_the_theorem_and_falls_back_to_basic():
    acc = PrivacyAccountant(epsilon=7.0, delta=2e-6, composition="advanced", delta_prime=1e-6)
    for _ in range(100):
        acc.spend(0.1)
    assert acc.spent == pytest.approx(advanced_composition(0.1, 0.0, 100, delta_prime=1e-6))
    with pytest.raises(BudgetExceededError):
        acc.spend(0.7)
    few = PrivacyAccountant(epsilon=3.0, delta=1e-5, composition="advanced")
    few.spend(1.0)
    few.spend(1.0)
    assert few.spent == (2.0, 0.0)  # basic is smaller for two large releases: δ' unused


def test_advanced_accountant_with_unequal_charges_bounds_the_exact_laplace_loss():
    dp_event = pytest.importorskip("dp_accounting").dp_event
    from dp_accounting.pld import pld_privacy_accountant

    charges = [0.05] * 100 + [0.2] * 20
    acc = PrivacyAccountant(epsilon=100.0, delta=2e-6, composition="advanced", delta_prime=1e-6)
    exact = pld_privacy_accountant.PLDAccountant()
    for eps in charges:
        acc.spend(eps)
    exact.compose(dp_event.LaplaceDpEvent(1 / 0.05), 100)
    exact.compose(dp_event.LaplaceDpEvent(1 / 0.2), 20)
    spent_eps, spent_delta = acc.spent
    assert spent_delta == 1e-6
    # A valid bound, below basic composition (9.0), above the exact privacy-loss ε.
    assert exact.get_epsilon(1e-6) < spent_eps < 9.0


def test_advanced_budget_admits_more_small_queries_than_basic():
    def count_until_refused(acc):
        n = 0
        while True:
            try:
                acc.spend(0.05)
            except BudgetExceededError:
                return n
            n += 1

    basic = count_until_refused(PrivacyAccountant(epsilon=5.0, delta=1e-6))
    advanced = count_until_refused(
        PrivacyAccountant(epsilon=5.0, delta=1e-6, composition="advanced")
    )
    assert basic == 100 and advanced > basic


def test_rdp_accountant_reproduces_dp_sgd_epsilon():
    acc = PrivacyAccountant(epsilon=3.0, delta=1e-5, composition="rdp")
    curve = rdp_subsampled_gaussian(256 / 60000, 1.1, acc.orders)
    for _ in range(3):
        acc.spend(0.0, label="epoch", rdp=4688 * curve)
    assert acc.spent[0] == pytest.approx(dp_sgd_epsilon(256 / 60000, 1.1, 3 * 4688, 1e-5))
    assert acc.spent[1] == 1e-5
    with pytest.raises(BudgetExceededError):
        acc.spend(0.0, rdp=4688 * curve)


def test_rdp_accountant_pure_charges_take_the_better_of_basic_and_rdp():
    one = PrivacyAccountant(epsilon=10.0, delta=1e-6, composition="rdp")
    one.spend(1.0)
    assert one.spent == (1.0, 0.0)
    many = PrivacyAccountant(epsilon=10.0, delta=1e-6, composition="rdp")
    for _ in range(100):
        many.spend(0.1)
    bound = np.minimum(0.1, many.orders * 0.1**2 / 2) * 100
    assert many.spent == pytest.approx((rdp_to_dp(many.orders, bound, 1e-6)[0], 1e-6))
    assert many.spent[0] < 10.0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: PrivacyAccountant(epsilon=0), err.NOT_POSITIVE.format(name="epsilon", value=0.0)),
        (
            lambda: PrivacyAccountant(epsilon=1, composition="zcdp"),
            err.BAD_COMPOSITION.format(composition="zcdp"),
        ),
        (
            lambda: PrivacyAccountant(epsilon=1, composition="rdp"),
            err.RDP_NEEDS_DELTA.format(delta=0.0),
        ),
        (
            lambda: PrivacyAccountant(
                epsilon=1, delta=1e-6, composition="advanced", delta_prime=1e-5
            ),
            err.DELTA_PRIME_TOO_LARGE.format(delta_prime=1e-5, delta=1e-6),
        ),
        (
            lambda: PrivacyAccountant(epsilon=1, delta=1e-5, composition="rdp").spend(0.1, 1e-6),
            err.RDP_QUERY_NEEDS_CURVE,
        ),
        (
            lambda: PrivacyAccountant(epsilon=1).spend(0.1, rdp=rdp_gaussian(5.0)),
            err.RDP_CURVE_NOT_RDP.format(composition="basic"),
        ),
        (
            lambda: PrivacyAccountant(epsilon=1, delta=1e-5, composition="rdp").spend(
                0.0, rdp=[0.1, 0.2]
            ),
            err.RDP_LENGTHS.format(n_orders=255, n_rdp=2),
        ),
        (lambda: PrivacyAccountant(epsilon=1).spend(-0.1), err.NEGATIVE_EPSILONS),
    ],
)
def test_errors_by_constant(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert str(info.value) == message
    assert not isinstance(info.value, BudgetExceededError)
