"""The audit run on every fairkit.privacy mechanism: each passes at its claimed epsilon.

The broken references (naive float Laplace, mis-scaled Laplace) are flagged by the same audit
in test_privacy_audit.py, so a pass here is not vacuous. Mechanisms that have not landed yet
are skipped by name.
"""

from __future__ import annotations

import functools
import time

import numpy as np
import pytest

from fairkit.privacy import _mechanisms
from fairkit.privacy.audit import audit_mechanism

N_DRAWS = 200_000


def _mechanism(name):
    if not hasattr(_mechanisms, name):
        pytest.skip(f"fairkit.privacy._mechanisms.{name} has not landed")
    return getattr(_mechanisms, name)


@pytest.mark.parametrize(("a", "b"), [(0.0, 1.0), (10.0, 11.0), (0.1, 1.1)])
@pytest.mark.parametrize("epsilon", [0.5, 1.0])
def test_laplace_mechanism_passes(a, b, epsilon):
    mech = functools.partial(_mechanism("laplace_mechanism"), sensitivity=1.0, epsilon=epsilon)
    start = time.perf_counter()
    res = audit_mechanism(mech, a, b, epsilon=epsilon, n_draws=N_DRAWS, random_state=11)
    assert res.passed, res.per_event
    # The thresholds see most of the budget: the audit had the power to object.
    assert res.epsilon_lower_bound > 0.75 * epsilon
    assert time.perf_counter() - start < 10  # generous: a guard against a hang, not a benchmark


def test_geometric_mechanism_passes():
    mech = functools.partial(_mechanism("geometric_mechanism"), sensitivity=1, epsilon=1.0)
    res = audit_mechanism(mech, 5, 6, epsilon=1.0, n_draws=N_DRAWS, random_state=12)
    assert res.passed and res.epsilon_lower_bound > 0.75
    assert "y odd" in res.per_event


@pytest.mark.parametrize(("analytic", "epsilon"), [(True, 1.0), (False, 0.5)])
def test_gaussian_mechanism_passes_with_its_delta(analytic, epsilon):
    mech = functools.partial(
        _mechanism("gaussian_mechanism"),
        sensitivity=1.0,
        epsilon=epsilon,
        delta=1e-5,
        analytic=analytic,
    )
    res = audit_mechanism(
        mech, 0.0, 1.0, epsilon=epsilon, delta=1e-5, n_draws=N_DRAWS, random_state=13
    )
    assert res.passed, res.per_event
    assert res.epsilon_lower_bound > 0.2 * epsilon


@pytest.mark.parametrize("epsilon", [0.5, 2.0])
def test_randomized_response_passes(epsilon):
    mech = functools.partial(_mechanism("randomized_response"), epsilon=epsilon)
    res = audit_mechanism(
        mech, np.int64(0), np.int64(1), epsilon=epsilon, n_draws=N_DRAWS, random_state=14
    )
    assert res.passed and res.epsilon_lower_bound > 0.85 * epsilon


@pytest.mark.parametrize("name", ["exponential_mechanism", "report_noisy_max"])
def test_selection_mechanisms_pass(name):
    # Each score moves by at most the sensitivity; leading axes are separate releases.
    mech = functools.partial(_mechanism(name), sensitivity=1.0, epsilon=1.0)
    # Candidate 0 gains, the 19 others lose: the normaliser moves against candidate 0 too.
    a = np.r_[1.0, np.zeros(19)]
    b = 1.0 - a
    res = audit_mechanism(mech, a, b, epsilon=1.0, n_draws=N_DRAWS, random_state=15)
    assert res.passed, res.per_event
    if name == "exponential_mechanism":
        # P_a(0) / P_b(0) = e^(1/2) (1 + 19 e^(1/2)) / (e^(1/2) + 19): log 0.95, near epsilon.
        assert res.epsilon_lower_bound > 0.85


def test_opendp_laplace_passes_the_same_audit():
    # A peer's float-safe Laplace (test-only dependency): the audit does not flag it either.
    dp = pytest.importorskip("opendp.prelude")
    dp.enable_features("contrib")
    space = dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float)
    laplace = dp.m.make_laplace(*space, scale=1.0)
    assert laplace.map(1.0) == 1.0  # OpenDP's own accounting: epsilon 1 at sensitivity 1

    def mech(x, random_state):  # OpenDP draws from its own CSPRNG
        return np.asarray(laplace(x.tolist()))

    res = audit_mechanism(mech, 0.0, 1.0, epsilon=1.0, n_draws=50_000, random_state=0)
    assert res.passed and res.epsilon_lower_bound > 0.7


def test_secure_mode_is_forwarded_to_the_mechanism():
    # None and "secure" reach the mechanism as "secure": it draws from the OS CSPRNG.
    seen = []
    laplace = _mechanism("laplace_mechanism")

    def mech(x, random_state):
        seen.append(random_state)
        return laplace(x, sensitivity=1.0, epsilon=1.0, random_state=random_state)

    for random_state in (None, "secure"):
        res = audit_mechanism(
            mech, 0.0, 1.0, epsilon=1.0, n_draws=20_000, random_state=random_state
        )
        assert res.passed
    assert set(seen) == {"secure"}
