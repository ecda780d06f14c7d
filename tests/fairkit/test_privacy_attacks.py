"""Membership inference (Yeom et al. 2018) and the differencing attack."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ks_2samp
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

from fairkit.privacy import _audit_errors as err
from fairkit.privacy._attacks import _log_loss, differencing_attack, membership_inference
from fairkit.privacy._models_sgd import DPSGDClassifier
from fairkit.privacy._queries import dp_count


@pytest.fixture(scope="module")
def halves():
    X, y = make_classification(2000, 20, n_informative=5, flip_y=0.2, random_state=0)
    return X[:1000], y[:1000], X[1000:], y[1000:]


def test_overfitted_forest_leaks_membership(halves):
    Xi, yi, Xo, yo = halves
    forest = RandomForestClassifier(random_state=0).fit(Xi, yi)
    res = membership_inference(forest, Xi, yi, Xo, yo)
    assert res.advantage > 0.4 and res.auc > 0.75
    # The advantage is the one-sided two-sample KS statistic of the losses (peer: SciPy).
    ks = ks_2samp(_log_loss(forest, Xi, yi), _log_loss(forest, Xo, yo), alternative="greater")
    assert res.advantage == pytest.approx(ks.statistic)


def test_dp_sgd_at_small_epsilon_leaks_nothing_detectable(halves):
    Xi, yi, Xo, yo = halves
    model = DPSGDClassifier(noise_multiplier=5.0, sample_rate=0.05, epochs=5, random_state=0).fit(
        Xi / 5, yi
    )
    assert model.epsilon_ < 0.5
    res = membership_inference(model, Xi / 5, yi, Xo / 5, yo)
    # exp(eps) - 1 bounds the true advantage; the measured one adds KS sampling noise.
    ks = ks_2samp(_log_loss(model, Xi / 5, yi), _log_loss(model, Xo / 5, yo), alternative="greater")
    assert res.advantage < min(np.expm1(model.epsilon_), 0.08)
    assert ks.pvalue > 0.01 and abs(res.auc - 0.5) < 0.05


def test_differencing_attack_is_exact_on_exact_counts():
    rng = np.random.default_rng(0)
    has_condition = rng.integers(0, 2, 500)
    for target in (0, 17, 499):
        got = differencing_attack(lambda d: float(np.sum(d == 1)), has_condition, target)
        assert got == has_condition[target]


def test_differencing_attack_fails_against_dp_counts_by_the_noise():
    epsilon = 0.5
    rng = np.random.default_rng(1)
    has_condition = rng.integers(0, 2, 200)

    def count(d):
        return dp_count(np.flatnonzero(d), epsilon=epsilon, random_state=rng)

    errors = np.array(
        [differencing_attack(count, has_condition, 3) - has_condition[3] for _ in range(3000)]
    )
    # Error = difference of two discrete Laplace noises: variance 2 * 2a / (1 - a)^2.
    a = np.exp(-epsilon)
    assert errors.std() == pytest.approx(np.sqrt(4 * a / (1 - a) ** 2), rel=0.08)
    assert abs(errors.mean()) < 0.3
    assert np.mean(errors == 0) < 0.2


def test_attack_errors_are_specific():
    with pytest.raises(ValueError) as info:
        differencing_attack(np.sum, np.arange(3), 3)
    assert str(info.value) == err.ATTACK_TARGET.format(n=3, value=3)
    with pytest.raises(ValueError, match="calling it failed"):
        differencing_attack(lambda d: d.nope, np.arange(3), 0)

    class NoProba:
        classes_ = np.array([0, 1])

    with pytest.raises(TypeError) as info:
        membership_inference(NoProba(), np.zeros((2, 1)), [0, 1], np.zeros((2, 1)), [0, 1])
    assert str(info.value) == err.ATTACK_NO_PROBA.format(type="NoProba")
