"""fairkit.privacy.audit: broken mechanisms flagged, exact ones pass, the bound keeps its level."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import beta

from fairkit.privacy import _audit_errors as err
from fairkit.privacy.audit import audit_mechanism, clopper_pearson


def naive_laplace(x, random_state):
    # The textbook float implementation Mironov (2012) attacks.
    return x + random_state.laplace(0.0, 1.0, size=x.shape)


def misscaled_laplace(x, random_state):
    # Scale 1/2 for sensitivity 1: true epsilon 2, claimed 1.
    return x + random_state.laplace(0.0, 0.5, size=x.shape)


def _two_sided_geometric(x, random_state, epsilon, grid=2.0**-10):
    # Exactly epsilon-DP for inputs on the grid that are 1 apart: discrete Laplace on the grid.
    p = 1 - np.exp(-epsilon * grid)
    k = random_state.geometric(p, x.shape) - random_state.geometric(p, x.shape)
    return x + k * grid


def randomized_response(x, random_state, epsilon=1.0):
    keep = random_state.random(x.shape) < np.exp(epsilon) / (1 + np.exp(epsilon))
    return np.where(keep, x, 1 - x)


def test_clopper_pearson_matches_beta_quantiles_and_edges():
    lo, hi = clopper_pearson(np.array([0, 3, 10]), 10, 0.05)
    assert lo[0] == 0.0 and hi[2] == 1.0
    assert lo[1] == pytest.approx(beta.ppf(0.05, 3, 8))
    assert hi[1] == pytest.approx(beta.ppf(0.95, 4, 7))
    # k = 0: the upper bound solves (1 - p)^n = alpha.
    assert hi[0] == pytest.approx(1 - 0.05 ** (1 / 10))


def test_naive_float_laplace_is_flagged_by_the_grid_event():
    res = audit_mechanism(naive_laplace, 0.0, 1.0, epsilon=1.0, n_draws=200_000, random_state=0)
    assert not res.passed
    assert res.epsilon_lower_bound > 5
    grid = [name for name in res.per_event if name.startswith("y multiple of")]
    assert res.per_event[grid[0]].epsilon_lower_bound == res.epsilon_lower_bound
    # Threshold events alone see a correct scale: the failure is the float artefact.
    thresholds = [b.epsilon_lower_bound for n, b in res.per_event.items() if n.startswith("y >=")]
    assert max(thresholds) <= 1.0


def test_misscaled_laplace_is_flagged_by_thresholds_alone():
    # On the grid there are no float artefacts; only the scale is wrong (true epsilon 2).
    def mech(x, random_state):
        return _two_sided_geometric(x, random_state, epsilon=2.0)

    res = audit_mechanism(mech, 0.0, 1.0, epsilon=1.0, n_draws=100_000, random_state=1)
    assert not res.passed
    assert 1.6 < res.epsilon_lower_bound <= 2.0
    res = audit_mechanism(misscaled_laplace, 0.0, 1.0, epsilon=1.0, n_draws=100_000, random_state=1)
    assert not res.passed


def test_true_epsilon_1_3_claimed_1_is_flagged_at_1e5_draws():
    def mech(x, random_state):
        return _two_sided_geometric(x, random_state, epsilon=1.3)

    res = audit_mechanism(mech, 0.0, 1.0, epsilon=1.0, n_draws=100_000, random_state=2)
    assert not res.passed
    assert res.epsilon_lower_bound <= 1.3


@pytest.mark.parametrize("epsilon", [0.5, 1.0, 2.0])
def test_exact_randomized_response_passes_with_a_tight_bound(epsilon):
    def mech(x, random_state):
        return randomized_response(x, random_state, epsilon)

    res = audit_mechanism(mech, 0, 1, epsilon=epsilon, n_draws=100_000, random_state=3)
    assert res.passed
    # Not vacuous: the bound reaches most of the true epsilon.
    assert res.epsilon_lower_bound > 0.85 * epsilon


def test_exact_discrete_laplace_passes_every_default_event():
    def mech(x, random_state):
        return _two_sided_geometric(x, random_state, epsilon=1.0)

    res = audit_mechanism(mech, 0.0, 1.0, epsilon=1.0, n_draws=200_000, random_state=4)
    assert res.passed and res.epsilon_lower_bound > 0.8
    assert len(res.per_event) >= 9


def test_bound_exceeds_the_true_epsilon_at_most_1_minus_confidence_of_the_time():
    # Binary randomized response at epsilon 1, one pre-chosen event: no Bonferroni slack
    # beyond the 4 tests, so the level is checked close to its promise.
    def mech(x, random_state):
        return randomized_response(x, random_state, 1.0)

    rng = np.random.default_rng(5)
    over = [
        audit_mechanism(
            mech,
            0,
            1,
            epsilon=1.0,
            events={"one": lambda y: y == 1},
            n_draws=2_000,
            confidence=0.5,
            random_state=rng,
        ).epsilon_lower_bound
        > 1.0
        for _ in range(400)
    ]
    assert np.mean(over) <= 0.5 / 2 + 0.05  # the two directions cannot both fail


def test_categorical_outputs_get_equality_events():
    def mech(x, random_state):
        flip = randomized_response(x, random_state, 1.0)
        return np.where(flip == 1, "yes", "no")

    res = audit_mechanism(mech, 0, 1, epsilon=1.0, n_draws=50_000, random_state=6)
    assert set(res.per_event) == {"y == 'no'", "y == 'yes'"} and res.passed


def test_boolean_outputs_are_audited_as_0_1():
    def mech(x, random_state):
        return randomized_response(x, random_state, 3.0) == 1

    res = audit_mechanism(mech, 0, 1, epsilon=1.0, n_draws=20_000, random_state=9)
    assert not res.passed and 2.5 < res.epsilon_lower_bound <= 3.0


def test_delta_lowers_the_bound():
    res0 = audit_mechanism(
        misscaled_laplace,
        0.0,
        1.0,
        epsilon=1.0,
        n_draws=50_000,
        events=[lambda y: y >= 1.0],
        random_state=7,
    )
    res1 = audit_mechanism(
        misscaled_laplace,
        0.0,
        1.0,
        epsilon=1.0,
        n_draws=50_000,
        events=[lambda y: y >= 1.0],
        delta=0.05,
        random_state=7,
    )
    assert res1.epsilon_lower_bound < res0.epsilon_lower_bound


def test_complement_intervals_mirror_the_events():
    # Why a complement costs no Bonferroni share: its interval is the event's, mirrored.
    k = np.array([0, 7, 93, 100])
    lo, hi = clopper_pearson(k, 100, 0.01)
    lo_c, hi_c = clopper_pearson(100 - k, 100, 0.01)
    np.testing.assert_allclose(lo_c, 1 - hi, atol=1e-12)
    np.testing.assert_allclose(hi_c, 1 - lo, atol=1e-12)


def test_unnamed_events_keep_one_entry_each():
    res = audit_mechanism(
        naive_laplace,
        0.0,
        1.0,
        epsilon=1.0,
        n_draws=1_000,
        random_state=0,
        events=[lambda y: y > 0, lambda y: y > 1],
    )
    assert list(res.per_event) == ["event 0", "event 1"]


def test_same_seed_same_result():
    a = audit_mechanism(naive_laplace, 0.0, 1.0, epsilon=1.0, n_draws=1_000, random_state=8)
    b = audit_mechanism(naive_laplace, 0.0, 1.0, epsilon=1.0, n_draws=1_000, random_state=8)
    assert a == b


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epsilon": 0.0}, err.AUDIT_BAD_EPSILON.format(value=0.0)),
        ({"epsilon": 1.0, "n_draws": 10}, err.AUDIT_BAD_N_DRAWS.format(value=10)),
        ({"epsilon": 1.0, "confidence": 1.0}, err.AUDIT_BAD_CONFIDENCE.format(value=1.0)),
        ({"epsilon": 1.0, "delta": 1.0}, err.AUDIT_BAD_DELTA.format(value=1.0)),
        ({"epsilon": 1.0, "random_state": "x"}, err.RANDOM_STATE.format(value="x")),
    ],
)
def test_bad_arguments_have_specific_messages(kwargs, message):
    with pytest.raises(ValueError) as info:
        audit_mechanism(naive_laplace, 0.0, 1.0, **kwargs)
    assert str(info.value) == message


def test_mechanism_with_wrong_output_count_and_bad_event():
    with pytest.raises(ValueError) as info:
        audit_mechanism(
            lambda x, random_state: x[:5], 0.0, 1.0, epsilon=1.0, n_draws=100, random_state=0
        )
    assert str(info.value) == err.AUDIT_BAD_OUTPUT.format(got=(5,), n=1000, side="a")
    with pytest.raises(ValueError, match="event 'e'"):
        audit_mechanism(
            naive_laplace,
            0.0,
            1.0,
            epsilon=1.0,
            n_draws=100,
            events={"e": lambda y: y[:3] > 0},
            random_state=0,
        )
    with pytest.raises(TypeError) as info:
        audit_mechanism(3, 0.0, 1.0, epsilon=1.0)
    assert str(info.value) == err.AUDIT_NOT_CALLABLE.format(type="int")
