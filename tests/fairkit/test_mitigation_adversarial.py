"""AdversarialDebiasing and its one-step function: gradients vs finite differences, the
projection term, the published Adult result (AIF360's demo), planted bias, errors, sklearn API.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks

from fairkit.datasets import load_adult, make_hiring, make_lending
from fairkit.metrics import (
    average_odds_difference,
    demographic_parity_difference,
    equalized_odds_difference,
)
from fairkit.mitigation import AdversarialDebiasing, adversarial_debiasing_step
from fairkit.mitigation import _errors as E
from fairkit.mitigation._adversarial_step import gradients, losses

CONSTRAINTS = ("demographic_parity", "equalized_odds")


def _batch(seed: int, n: int = 40, d: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 0.5).astype(float)
    z = (rng.random(n) < 0.4).astype(float)
    return X, y, z, rng


def _params(rng, d: int, hidden: int | None, constraint: str):
    if hidden is None:
        predictor = {"w": rng.normal(size=d), "b": 0.3}
    else:
        predictor = {
            "W1": rng.normal(size=(d, hidden)),
            "b1": rng.normal(size=hidden),
            "w": rng.normal(size=hidden),
            "b": -0.2,
        }
    n_u = 3 if constraint == "equalized_odds" else 1
    return predictor, {"u": rng.normal(size=n_u), "b": 0.1, "c": 0.7}


def _numeric_grad(fn, params: dict, key: str, h: float = 1e-6):
    """Central differences of fn(params) with respect to params[key]."""
    value = np.asarray(params[key], dtype=float)
    out = np.zeros(value.shape)
    for idx in np.ndindex(value.shape):
        for sign in (1, -1):
            bumped = value.copy()
            bumped[idx] += sign * h
            new = {**params, key: bumped if value.ndim else float(bumped)}
            out[idx] += sign * fn(new) / (2 * h)
    return out


@pytest.mark.parametrize("hidden", [None, 4])
@pytest.mark.parametrize("constraint", CONSTRAINTS)
def test_gradients_match_finite_differences(hidden, constraint):
    X, y, z, rng = _batch(1)
    pred, adv = _params(rng, X.shape[1], hidden, constraint)
    g_p, g_a, g_adv = gradients(pred, adv, X, y, z, constraint=constraint)
    for key in pred:
        for which, grad in ((0, g_p), (1, g_a)):

            def loss(p, which=which):
                return losses(p, adv, X, y, z, constraint=constraint)[which]

            np.testing.assert_allclose(grad[key], _numeric_grad(loss, pred, key), atol=1e-7)
    for key in adv:

        def adv_loss(a):
            return losses(pred, a, X, y, z, constraint=constraint)[1]

        np.testing.assert_allclose(g_adv[key], _numeric_grad(adv_loss, adv, key), atol=1e-7)


@pytest.mark.parametrize("constraint", CONSTRAINTS)
def test_step_is_the_papers_update_with_numerical_gradients(constraint):
    # Independent reference: numerical gradients and the projection formula written out.
    X, y, z, rng = _batch(2)
    pred, adv = _params(rng, X.shape[1], None, constraint)
    alpha, lr = 0.7, 0.05

    def loss(which):
        return lambda p: losses(p, adv, X, y, z, constraint=constraint)[which]

    g_p = np.append(_numeric_grad(loss(0), pred, "w"), _numeric_grad(loss(0), pred, "b"))
    g_a = np.append(_numeric_grad(loss(1), pred, "w"), _numeric_grad(loss(1), pred, "b"))
    h = g_a / np.linalg.norm(g_a)
    expected = np.append(pred["w"], pred["b"]) - lr * (g_p - (g_p @ h) * h - alpha * g_a)
    step = adversarial_debiasing_step(
        pred, adv, X, y, z, adversary_weight=alpha, learning_rate=lr, constraint=constraint
    )
    got = np.append(step.predictor["w"], step.predictor["b"])
    np.testing.assert_allclose(got, expected, atol=1e-8)
    assert step.predictor_loss == pytest.approx(loss(0)(pred))
    for key in adv:
        numeric = _numeric_grad(
            lambda a: losses(pred, a, X, y, z, constraint=constraint)[1], adv, key
        )
        np.testing.assert_allclose(
            step.adversary[key], np.asarray(adv[key]) - lr * numeric, atol=1e-8
        )
    assert pred["b"] == 0.3  # the inputs are left as they were


def test_intercept_as_a_column_of_X_matches_a_separate_intercept_without_projection():
    # {"w"} alone (intercept in X, the exercise's form): the same losses, and with no adversary
    # term the same predictor step as {"w", "b"}.
    X, y, z, rng = _batch(6)
    pred, adv = _params(rng, X.shape[1], None, "demographic_parity")
    X1 = np.column_stack([X, np.ones(len(X))])
    folded = {"w": np.append(pred["w"], pred["b"])}
    assert losses(folded, adv, X1, y, z) == pytest.approx(losses(pred, adv, X, y, z))
    g_fold = gradients(folded, adv, X1, y, z)
    g_sep = gradients(pred, adv, X, y, z)
    for i in (0, 1):
        np.testing.assert_allclose(g_fold[i]["w"], np.append(g_sep[i]["w"], g_sep[i]["b"]))
    step = adversarial_debiasing_step(folded, adv, X1, y, z, learning_rate=0.1)
    assert set(step.predictor) == {"w"}


def test_projection_removes_the_part_that_helps_the_adversary():
    X, y, z, rng = _batch(3)
    pred, adv = _params(rng, X.shape[1], 3, "demographic_parity")
    step = adversarial_debiasing_step(pred, adv, X, y, z, adversary_weight=0.0, learning_rate=1.0)
    _, g_a, _ = gradients(pred, adv, X, y, z)
    moved = np.concatenate([np.ravel(pred[k] - np.asarray(step.predictor[k])) for k in pred])
    flat_a = np.concatenate([np.ravel(g_a[k]) for k in pred])
    assert abs(moved @ flat_a) < 1e-8 * np.linalg.norm(moved) * np.linalg.norm(flat_a)
    assert np.linalg.norm(moved) > 0


def _adult_aif360_features():
    # AIF360's demo data: age decade, years of education (<6 and >12 merged), race (white),
    # sex (male), one-hot; a 70/30 split.
    data = load_adult()
    f = data.frame
    age = pd.cut(f["age"], [0, 20, 30, 40, 50, 60, 70, 200], right=False).astype(str)
    edu = np.clip(f["education_num"], 5, 13).astype(str)
    X = pd.get_dummies(pd.DataFrame({"age": age, "edu": edu}), dtype=float)
    X["white"] = (f["race"].astype(str) == "White").astype(float)
    X["male"] = (f["sex"].astype(str) == "Male").astype(float)
    sex = f["sex"].astype(str).to_numpy()
    train, test = train_test_split(np.arange(len(f)), test_size=0.3, random_state=0)
    return X.to_numpy(), data.y.to_numpy(), sex, train, test


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_adult_reproduces_aif360_demo_direction_and_size(seed):
    # Published (AIF360 demo): plain 0.805 / AOD -0.291, debiased 0.792 / -0.054. Measured
    # here over seeds 0-5: plain 0.804-0.805 / -0.287 to -0.298; debiased (equalized odds,
    # alpha 0.5, 10 epochs) 0.792-0.794 / -0.012 to -0.042. With alpha 0.1 the AOD stays at
    # -0.11 to -0.14: the features are all categorical, so the decisions jump between a few
    # configurations and a weak adversary does not move them far enough.
    X, y, sex, train, test = _adult_aif360_features()
    options = dict(n_epochs=10, learning_rate=0.05, random_state=seed)
    plain = AdversarialDebiasing(**options).fit(X[train], y[train])
    debiased = AdversarialDebiasing(
        constraint="equalized_odds", adversary_weight=0.5, **options
    ).fit(X[train], y[train], sensitive_features=sex[train])
    results = {}
    for name, model in (("plain", plain), ("debiased", debiased)):
        pred = model.predict(X[test])
        aod = average_odds_difference(
            y[test], pred, sensitive_features=sex[test], privileged_group="Male"
        )
        results[name] = (np.mean(pred == y[test]), aod)
    assert results["plain"][0] == pytest.approx(0.805, abs=0.01)
    assert results["plain"][1] == pytest.approx(-0.29, abs=0.05)
    assert results["debiased"][0] >= results["plain"][0] - 0.03
    assert abs(results["debiased"][1]) < 0.10


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_bias_hiring_demographic_parity_gap_shrinks_by_two_thirds(seed):
    # make_hiring, gender not a feature: plain DP gap 0.05-0.09, debiased 0.001-0.013, i.e.
    # 0.01-0.27 times the plain gap over seeds 0-4.
    data = make_hiring(4000, random_state=seed).frame
    X = data[["test_score", "years_experience", "interview_score", "club_member"]]
    y, g = data["hired"].to_numpy(), data["gender"].astype(str).to_numpy()
    options = dict(n_epochs=10, learning_rate=0.05, random_state=seed)
    plain = AdversarialDebiasing(**options).fit(X, y).predict(X)
    fair = AdversarialDebiasing(**options).fit(X, y, sensitive_features=g).predict(X)
    before = demographic_parity_difference(y, plain, sensitive_features=g)
    after = demographic_parity_difference(y, fair, sensitive_features=g)
    assert before > 0.04
    assert after < 0.35 * before
    assert np.mean(fair == y) > np.mean(plain == y) - 0.02


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_bias_lending_equalized_odds_gap_shrinks_by_a_third(seed):
    # make_lending, race a feature: plain EO gap 0.18-0.24 (TPR), debiased 0.06-0.13, i.e.
    # 0.36-0.56 times the plain gap over seeds 0-4.
    data = make_lending(4000, random_state=seed).frame
    X = data[["income", "debt_to_income", "credit_history_years", "credit_score"]].to_numpy()
    X = np.column_stack([X, (data["race"] == "minority").to_numpy(float)])
    y, g = data["approved"].to_numpy(), data["race"].astype(str).to_numpy()
    options = dict(n_epochs=40, learning_rate=0.05, random_state=seed)
    plain = AdversarialDebiasing(**options).fit(X, y).predict(X)
    fair = AdversarialDebiasing(constraint="equalized_odds", **options)
    fair = fair.fit(X, y, sensitive_features=g).predict(X)
    before = equalized_odds_difference(y, plain, sensitive_features=g)
    after = equalized_odds_difference(y, fair, sensitive_features=g)
    assert before > 0.15
    assert after < 0.65 * before
    assert np.mean(fair == y) > np.mean(plain == y) - 0.02


def test_seeded_fit_is_reproducible_and_predict_deterministic():
    X, y, z, _ = _batch(4, n=300)
    a = AdversarialDebiasing(hidden_units=5, n_epochs=3, random_state=7).fit(
        X, y, sensitive_features=z
    )
    b = AdversarialDebiasing(hidden_units=5, n_epochs=3, random_state=7).fit(
        X, y, sensitive_features=z
    )
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    np.testing.assert_array_equal(a.predict(X), a.predict(X))
    np.testing.assert_allclose(a.predict_proba(X).sum(axis=1), 1.0)
    assert a.predictor_loss_.shape == (3,)


def test_errors_are_specific():
    X, y, z, rng = _batch(5, n=60)
    three = np.array(["a", "b", "c"] * 20)
    with pytest.raises(ValueError, match="exactly two groups"):
        AdversarialDebiasing(n_epochs=1).fit(X, y, sensitive_features=three)
    with pytest.raises(ValueError, match="only one group"):
        AdversarialDebiasing(n_epochs=1).fit(X, y, sensitive_features=np.zeros(60))
    with pytest.raises(ValueError, match="has 59 rows but X has 60"):
        AdversarialDebiasing(n_epochs=1).fit(X, y, sensitive_features=z[:59])
    with pytest.raises(ValueError, match="constraint must be one of"):
        AdversarialDebiasing(constraint="parity").fit(X, y, sensitive_features=z)
    with pytest.raises(ValueError, match=E.ADV_NOT_TWO_CLASSES.split("{")[0]):
        AdversarialDebiasing(n_epochs=1).fit(X, np.arange(60) % 3)
    no_pos = np.where(z == 1, 0.0, y)
    with pytest.raises(ValueError, match="has no positives"):
        AdversarialDebiasing(constraint="equalized_odds", n_epochs=1).fit(
            X, no_pos, sensitive_features=z
        )
    bad = (("learning_rate", 0), ("n_epochs", 2.5), ("adversary_weight", -1))
    for name, value in (*bad, ("adversary_learning_rate", -0.1), ("hidden_units", 0)):
        with pytest.raises(ValueError, match=f"{name} must be a positive"):
            AdversarialDebiasing(**{name: value}).fit(X, y, sensitive_features=z)
    pred, adv = _params(rng, 3, None, "demographic_parity")
    with pytest.raises(ValueError, match="adversary\\['u'\\] must hold 3"):
        adversarial_debiasing_step(pred, adv, X, y, z, constraint="equalized_odds")
    with pytest.raises(ValueError, match="predictor must be a dict"):
        adversarial_debiasing_step({"w": pred["w"], "W1": pred["w"]}, adv, X, y, z)


_SKIPPED: dict[str, str] = {}  # none: multi_class=False makes the checks use binary y


@parametrize_with_checks(
    [AdversarialDebiasing(n_epochs=20, learning_rate=0.1, random_state=0)],
    expected_failed_checks=lambda est: _SKIPPED,
)
def test_sklearn_contract(estimator, check):
    check(estimator)
