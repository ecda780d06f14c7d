"""ExponentiatedGradient against Fairlearn's on the same seeded data, and its moments by hand.

Fairlearn's ExponentiatedGradient (Agarwal et al.'s reference implementation, by two of the
authors) is run on the same data with the same bound and ``eps``. Both are measured with
Fairlearn's own moment objects, on the mixture's expected decisions (``predict_proba`` for
fairkit, ``_pmf_predict`` for Fairlearn), which is what the guarantee is about.
"""

import numpy as np
import pandas as pd
import pytest
from fairlearn import reductions as fl
from sklearn.linear_model import LogisticRegression

from fairkit.datasets import make_hiring, make_lending
from fairkit.mitigation import (
    DemographicParity,
    EqualizedOdds,
    ErrorRateParity,
    ExponentiatedGradient,
    TruePositiveRateParity,
)
from fairkit.mitigation._validation import check_groups

BOUND, EPS = 0.01, 0.01
_PAIRS = {
    "demographic_parity": (DemographicParity, fl.DemographicParity),
    "equalized_odds": (EqualizedOdds, fl.EqualizedOdds),
    "true_positive_rate_parity": (TruePositiveRateParity, fl.TruePositiveRateParity),
    "error_rate_parity": (ErrorRateParity, fl.ErrorRateParity),
}


def standardised(data):
    X = pd.get_dummies(data.X.drop(columns=list(data.sensitive_names)), dtype=float)
    return (X - X.mean()) / X.std()


@pytest.fixture(scope="module", params=[make_hiring, make_lending], ids=["hiring", "lending"])
def seeded(request):
    data = request.param(3000, random_state=5)
    return standardised(data), data.y.to_numpy(), data.sensitive.iloc[:, 0].to_numpy()


def fairlearn_violation(constraint, X, y, s, proba):
    """Largest |gamma| as Fairlearn's moment object computes it."""
    moment = constraint
    moment.load_data(X, pd.Series(y), sensitive_features=pd.Series(s))
    return float(moment.gamma(lambda _: proba).abs().max())


# Fairlearn 0.15 sets Series values with .at on new keys, which pandas deprecates.
@pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")
@pytest.mark.parametrize("name", list(_PAIRS))
def test_reaches_constraint_and_fairlearns_accuracy(seeded, name):
    X, y, s = seeded
    ours, theirs = _PAIRS[name]
    eg = ExponentiatedGradient(
        LogisticRegression(), constraints=ours(difference_bound=BOUND), eps=EPS, random_state=0
    ).fit(X, y, sensitive_features=s)
    ref = fl.ExponentiatedGradient(
        LogisticRegression(), constraints=theirs(difference_bound=BOUND), eps=EPS
    ).fit(X, y, sensitive_features=s)
    p_ours = eg.predict_proba(X)[:, 1]
    p_ref = ref._pmf_predict(X)[:, 1]
    viol_ours = fairlearn_violation(theirs(difference_bound=BOUND), X, y, s, p_ours)
    viol_ref = fairlearn_violation(theirs(difference_bound=BOUND), X, y, s, p_ref)
    # Both claim the bound up to eps on the training data.
    assert viol_ref <= BOUND + EPS
    assert viol_ours <= BOUND + EPS
    acc_ours = 1 - np.mean(np.abs(p_ours - y))
    acc_ref = 1 - np.mean(np.abs(p_ref - y))
    assert acc_ours >= acc_ref - 0.01


def test_state_after_fit(seeded):
    X, y, s = seeded
    eg = ExponentiatedGradient(LogisticRegression(), eps=0.02, max_iter=30, random_state=0)
    eg.fit(X, y, sensitive_features=s)
    assert len(eg.weights_) == len(eg.predictors_)
    assert np.all(eg.weights_ >= 0) and eg.weights_.sum() == pytest.approx(1.0)
    assert np.all(eg.lambda_ >= 0) and eg.lambda_.sum() <= 1 / 0.02 + 1e-6
    assert 1 <= eg.n_iter_ <= 30
    proba = eg.predict_proba(X)
    assert proba.shape == (len(y), 2) and np.allclose(proba.sum(axis=1), 1.0)


def test_predict_deterministic_and_unbiased(seeded):
    X, y, s = seeded
    make = lambda seed: ExponentiatedGradient(  # noqa: E731
        LogisticRegression(), constraints="equalized_odds", random_state=seed
    ).fit(X, y, sensitive_features=s)
    eg = make(3)
    pred = eg.predict(X)
    assert np.array_equal(pred, make(3).predict(X))  # same seed, same decisions
    order = np.random.default_rng(0).permutation(len(y))
    assert np.array_equal(eg.predict(X.iloc[order]), pred[order])  # row order is irrelevant
    assert np.array_equal(eg.predict(X.iloc[:100]), pred[:100])  # so is the batch
    p = eg.predict_proba(X)[:, 1]
    assert ((p > 0) & (p < 1)).any(), "the mixture randomises some rows"
    assert not np.array_equal(make(4).predict(X), pred)  # another seed, other coins
    # The coins are unbiased: per group, the decisions' rate matches the mixture's probability
    # to within 4 standard errors of a Bernoulli draw.
    for g in np.unique(s):
        rows = s == g
        se = np.sqrt(np.sum(p[rows] * (1 - p[rows]))) / rows.sum()
        assert abs(pred[rows].mean() - p[rows].mean()) <= 4 * se + 1e-12


def test_string_labels():
    data = make_hiring(600, random_state=1)
    X = standardised(data)
    y = np.where(data.y == 1, "hire", "reject")
    eg = ExponentiatedGradient(LogisticRegression(), random_state=0)
    pred = eg.fit(X, y, sensitive_features=data.sensitive).predict(X)
    assert set(pred) <= {"hire", "reject"} and list(eg.classes_) == ["hire", "reject"]


# Hand-worked moments on the toy data of conftest.py (its table of rates):
#   selection a 3/6, b 1/4, c 4/5, all 8/15;  TPR a 2/3, b 1/2, c 3/4, all 6/9;
#   FPR a 1/3, b 0, c 1, all 2/6;  error a 2/6, b 1/4, c 2/5, all 5/15.
_HAND = {
    DemographicParity: [3 / 6 - 8 / 15, 1 / 4 - 8 / 15, 4 / 5 - 8 / 15],
    TruePositiveRateParity: [2 / 3 - 6 / 9, 1 / 2 - 6 / 9, 3 / 4 - 6 / 9],
    # y=0 cells (FPR) first, then y=1 (TPR)
    EqualizedOdds: [
        1 / 3 - 1 / 3,
        0 - 1 / 3,
        1 - 1 / 3,
        2 / 3 - 2 / 3,
        1 / 2 - 2 / 3,
        3 / 4 - 2 / 3,
    ],
    ErrorRateParity: [2 / 6 - 5 / 15, 1 / 4 - 5 / 15, 2 / 5 - 5 / 15],
}


@pytest.mark.parametrize("constraint", list(_HAND), ids=lambda c: c.__name__)
def test_moments_by_hand(toy, constraint):
    moments = constraint()._load(toy.y_true, check_groups(toy.y_true, toy.group))
    gamma = moments.gamma(toy.y_pred[:, None].astype(float))[:, 0]
    k = len(_HAND[constraint])
    np.testing.assert_allclose(gamma[:k], _HAND[constraint], atol=1e-12)
    np.testing.assert_allclose(gamma[k:], -gamma[:k], atol=1e-12)
    assert moments.violation(toy.y_pred) == pytest.approx(np.max(np.abs(_HAND[constraint])))


@pytest.mark.parametrize("constraint", list(_HAND), ids=lambda c: c.__name__)
def test_signed_weights_are_the_moments_derivative(toy, constraint):
    """lambda . gamma is linear in the predictions: switching row i from 0 to 1 changes it by
    exactly the row's signed weight."""
    moments = constraint()._load(toy.y_true, check_groups(toy.y_true, toy.group))
    lam = np.random.default_rng(1).uniform(0, 5, size=2 * moments.n_moments)
    n = len(toy.y_true)
    ones = np.tile(toy.y_pred.astype(float), (n, 1)).T
    zeros = ones.copy()
    ones[np.arange(n), np.arange(n)] = 1.0
    zeros[np.arange(n), np.arange(n)] = 0.0
    change = lam @ (moments.gamma(ones) - moments.gamma(zeros))
    np.testing.assert_allclose(moments.signed_weights(lam), change, atol=1e-12)


def test_row_coins_are_uniform_and_keyed():
    """The per-row coins behind predict: uniform (Kolmogorov-Smirnov), unrelated across keys,
    the same for a row in any container, and defined for text columns too."""
    from scipy.stats import kstest

    from fairkit.mitigation._reductions import _row_uniforms

    X = np.random.default_rng(2).integers(0, 50, size=(20000, 3))
    u = _row_uniforms(X, 7)
    assert kstest(u, "uniform").pvalue > 0.001
    assert abs(np.corrcoef(u, _row_uniforms(X, 8))[0, 1]) < 0.05  # 7 SE of a null correlation
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    np.testing.assert_array_equal(_row_uniforms(frame, 7), u)
    np.testing.assert_array_equal(_row_uniforms(X.astype(float), 7), u)
    duplicated = np.vstack([X[:5], X[:5]])
    np.testing.assert_array_equal(_row_uniforms(duplicated, 7), np.tile(u[:5], 2))
    text = frame.assign(c=frame["c"].astype(str))
    v = _row_uniforms(text, 7)
    assert kstest(v, "uniform").pvalue > 0.001
    np.testing.assert_array_equal(_row_uniforms(text.iloc[::-1], 7), v[::-1])
