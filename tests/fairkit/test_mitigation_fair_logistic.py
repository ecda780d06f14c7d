"""FairLogisticRegression (Zafar et al. 2017): the covariance constraint holds, the optimum
matches an independent solver, no constraint gives scikit-learn's LogisticRegression."""

import re

import numpy as np
import pandas as pd
import pytest
from scipy.linalg import null_space
from scipy.optimize import minimize
from scipy.special import log_expit
from sklearn.linear_model import LogisticRegression

from fairkit.datasets import make_lending
from fairkit.mitigation import FairLogisticRegression
from fairkit.mitigation import _errors as E


@pytest.fixture(scope="module")
def lending():
    data = make_lending(3000, random_state=3)
    X = data.X.drop(columns=["race", "zip_code"]).astype(float)
    return X, data.y.to_numpy(), data.sensitive.iloc[:, 0].to_numpy()


def _cov(model, X, s, group):
    z = (s == group).astype(float)
    return float(np.mean((z - z.mean()) * model.decision_function(X)))


def test_unconstrained_is_logistic_regression(lending):
    """With a bound no model reaches, the fit is scikit-learn's LogisticRegression on the
    standardised features (the same L2 term), reported on the original scale."""
    X, y, s = lending
    ours = FairLogisticRegression(C=0.5, covariance_bound=1e6).fit(X, y, sensitive_features=s)
    mean, std = X.mean(), X.std(ddof=0)
    ref = LogisticRegression(C=0.5, tol=1e-10, max_iter=1000).fit((X - mean) / std, y)
    np.testing.assert_allclose(ours.coef_[0], ref.coef_[0] / std, rtol=1e-4)
    ref_intercept = ref.intercept_[0] - float(ref.coef_[0] @ (mean / std))
    assert ours.intercept_[0] == pytest.approx(ref_intercept, rel=1e-4)


@pytest.mark.parametrize("bound", [0.0, 0.05])
def test_covariance_within_bound(lending, bound):
    X, y, s = lending
    loose = FairLogisticRegression(covariance_bound=1e6).fit(X, y, sensitive_features=s)
    assert abs(_cov(loose, X, s, "minority")) > 0.1, "unconstrained, the boundary tracks race"
    model = FairLogisticRegression(covariance_bound=bound).fit(X, y, sensitive_features=s)
    for group in ("minority", "majority"):
        assert abs(_cov(model, X, s, group)) <= bound + 1e-7
    # covariance_ follows the groups in sorted order, as fairkit.metrics lists them
    expected = [_cov(model, X, s, "majority"), _cov(model, X, s, "minority")]
    np.testing.assert_allclose(model.covariance_, expected, atol=1e-9)
    assert abs(_cov(model, X, s, "minority")) == pytest.approx(bound, abs=1e-6)  # active


def test_zero_covariance_optimum_matches_null_space_solver(lending):
    """cov = 0 is a linear equality a . w = 0: minimising over the null space of ``a`` with
    L-BFGS (no constraint at all) must give the same model as SLSQP with the constraint."""
    X, y, s = lending
    model = FairLogisticRegression(C=1.0).fit(X, y, sensitive_features=s)
    Xs = ((X - X.mean()) / X.std(ddof=0)).to_numpy()
    n = len(y)
    z = (s == np.unique(s)[0]).astype(float)
    basis = null_space(((z - z.mean()) @ Xs / n)[None, :])

    def loss(u):
        w, b = basis @ u[:-1], u[-1]
        d = Xs @ w + b
        return -np.mean(y * log_expit(d) + (1 - y) * log_expit(-d)) + 0.5 * (w @ w) / n

    u = minimize(loss, np.zeros(basis.shape[1] + 1), method="BFGS", options={"gtol": 1e-10}).x
    w_ref = basis @ u[:-1] / X.std(ddof=0).to_numpy()
    np.testing.assert_allclose(model.coef_[0], w_ref, rtol=1e-3, atol=1e-8)


def test_penalty_trades_covariance_for_fit(lending):
    X, y, s = lending
    covs = [
        abs(
            FairLogisticRegression(fairness="penalty", fairness_weight=w)
            .fit(X, y, sensitive_features=s)
            .covariance_[0]
        )
        for w in (0.0, 1.0, 100.0, 10000.0)
    ]
    assert covs == sorted(covs, reverse=True) and covs[-1] < 0.01 * covs[0]


def test_three_groups_each_bounded():
    rng = np.random.default_rng(2)
    g = rng.integers(0, 3, 3000)
    X = np.column_stack([rng.normal(size=3000) + g, rng.normal(size=3000)])
    y = (X[:, 0] + rng.normal(size=3000) > 1).astype(int)
    model = FairLogisticRegression(covariance_bound=0.01).fit(X, y, sensitive_features=g)
    assert model.covariance_.shape == (3,) and np.all(np.abs(model.covariance_) <= 0.01 + 1e-7)
    d = model.decision_function(X)
    for k in range(3):
        z = (g == k).astype(float)
        assert model.covariance_[k] == pytest.approx(np.mean((z - z.mean()) * d), abs=1e-9)


def _raises(message):
    return pytest.raises(ValueError, match=f"^{re.escape(message)}$")


def test_errors(lending):
    X, y, s = lending
    with _raises(E.UNKNOWN_OPTION.format(name="fairness", allowed=["constraint", "penalty"],
                                         value="dp")):  # fmt: skip
        FairLogisticRegression(fairness="dp").fit(X, y, sensitive_features=s)
    with _raises(E.RED_BAD_COVARIANCE_BOUND.format(value=-0.1)):
        FairLogisticRegression(covariance_bound=-0.1).fit(X, y, sensitive_features=s)
    frame = X.assign(zip_code=pd.Categorical(["Z01"] * len(X)))
    with _raises(E.RED_FEATURES_NOT_NUMERIC.format(column="zip_code", dtype="category")):
        FairLogisticRegression().fit(frame, y, sensitive_features=s)
    with _raises(E.SINGLE_GROUP.format(group="'x'")):
        FairLogisticRegression().fit(X, y, sensitive_features=["x"] * len(X))
    with _raises(E.SENSITIVE_LENGTH.format(got=len(X) - 1, n=len(X))):
        FairLogisticRegression().fit(X, y, sensitive_features=s[:-1])
    three = np.arange(len(y)) % 3
    with _raises(E.RED_ONE_CLASS.format(count=3, classes="0, 1, 2", who="FairLogisticRegression")):
        FairLogisticRegression().fit(X, three, sensitive_features=s)
