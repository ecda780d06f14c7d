"""permutation_importance_by_group, partial_dependence_by_group, explanation_disparity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression

from fairkit.explain import (
    explanation_disparity,
    partial_dependence_by_group,
    permutation_importance_by_group,
)


class Fixed(RegressorMixin, BaseEstimator):
    """A regressor given as a function: scikit-learn's checks see a fitted estimator."""

    def __init__(self, function=None):
        self.function = function

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.asarray(self.function(X), dtype=float)

    def __sklearn_is_fitted__(self):
        return True


def Additive():
    """f(x, z, g) = x**2 + 3 z + 10 [g == "b"]: its partial dependence is known exactly."""
    return Fixed(lambda X: X["x"] ** 2 + 3 * X["z"] + 10.0 * (X["g"] == "b"))


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    n = 1500
    g = rng.choice(["a", "b"], n, p=[0.6, 0.4])
    x = rng.normal(size=n)
    z = rng.normal(size=n) + (g == "b")  # z's mean differs by group
    noise = rng.normal(size=n)
    return pd.DataFrame({"g": g, "x": x, "z": z, "unused": noise})


def test_unused_feature_has_zero_importance_in_every_group(data):
    y = 2 * data["x"] + (data["g"] == "b") * data["z"]  # z matters only in group b
    model = Fixed(lambda X: 2 * X["x"] + (X["g"] == "b") * X["z"])  # the true function
    means, stds = permutation_importance_by_group(
        model,
        data,
        y,
        sensitive_features="g",
        scoring="neg_mean_squared_error",
        n_repeats=10,
        random_state=0,
        return_std=True,
    )
    assert list(means.columns) == ["a", "b"] and list(means.index) == list(data.columns)
    assert (means.loc["unused"].abs() < 0.01).all()
    assert (means.loc["g"] == 0).all()  # constant within a group
    assert means.loc["x", "a"] > 5 and means.loc["x", "b"] > 5  # 2 Var(2x) = 8 expected
    assert means.loc["z", "b"] > 1 and abs(means.loc["z", "a"]) < 0.05
    assert stds.shape == means.shape and (stds >= 0).all().all()


def test_each_column_equals_scikit_learn_on_that_groups_rows(data):
    y = (data["x"] + data["z"] > 0.5).astype(int)
    X = data.drop(columns="g")
    model = LogisticRegression().fit(X, y)
    table = permutation_importance_by_group(
        model, X, y, sensitive_features=data["g"], n_repeats=4, random_state=7
    )
    for group in ("a", "b"):
        rows = (data["g"] == group).to_numpy()
        peer = permutation_importance(model, X[rows], y[rows], n_repeats=4, random_state=7)
        np.testing.assert_allclose(table[group].to_numpy(), peer.importances_mean)


def test_partial_dependence_of_an_additive_model_is_its_shape_shifted(data):
    grid = np.linspace(-2, 2, 9)
    curves = partial_dependence_by_group(Additive(), data, "x", sensitive_features="g", grid=grid)
    assert list(curves.columns) == ["a", "b"] and curves.index.name == "x"
    for group, shift in (("a", 0.0), ("b", 10.0)):
        rows = data["g"] == group
        expected = grid**2 + 3 * data.loc[rows, "z"].mean() + shift
        np.testing.assert_allclose(curves[group].to_numpy(), expected, atol=1e-9)


def test_partial_dependence_default_grid_is_shared_and_categorical_works(data):
    curves = partial_dependence_by_group(
        Additive(), data, "z", sensitive_features="g", grid_resolution=7
    )
    low, high = np.quantile(data["z"], [0.05, 0.95])
    np.testing.assert_allclose(curves.index.to_numpy(dtype=float), np.linspace(low, high, 7))
    slope = (
        np.diff(curves.to_numpy(), axis=0) / np.diff(curves.index.to_numpy(dtype=float))[:, None]
    )
    np.testing.assert_allclose(slope, 3.0)  # the additive z term, in both groups
    # Varying g itself within each group: the +10 of "b" whatever the row's own group.
    by_g = partial_dependence_by_group(Additive(), data, "g", sensitive_features="g")
    assert list(by_g.index) == ["a", "b"]
    np.testing.assert_allclose(by_g.loc["b"] - by_g.loc["a"], 10.0)


def test_partial_dependence_of_an_integer_feature_keeps_grid_values(data):
    counts = data.assign(z=np.arange(len(data)) % 5)  # an integer column
    curves = partial_dependence_by_group(
        Additive(), counts, "z", sensitive_features="g", grid=[0.5, 2.0]
    )
    np.testing.assert_allclose(np.diff(curves.to_numpy(), axis=0), [[4.5, 4.5]])


def test_partial_dependence_of_a_classifier_is_a_probability(data):
    y = (data["x"] > 0).astype(int)
    X = data[["x", "z"]]
    model = LogisticRegression().fit(X, y)
    curves = partial_dependence_by_group(model, X, "x", sensitive_features=data["g"], grid=[0.0])
    manual = {
        g: model.predict_proba(X[data["g"] == g].assign(x=0.0))[:, 1].mean() for g in ("a", "b")
    }
    np.testing.assert_allclose(curves.loc[0.0].to_numpy(), [manual["a"], manual["b"]])


def test_explanation_disparity_by_hand():
    table = pd.DataFrame(
        {"a": [0.30, 0.10, 0.0], "b": [0.05, 0.20, 0.0], "c": [0.10, 0.10, 0.1]},
        index=["zip", "income", "age"],
    )
    out = explanation_disparity(table)
    assert list(out.index) == ["zip", "income", "age"]
    np.testing.assert_allclose(out["difference"], [0.25, 0.10, 0.10])
    assert out.loc["zip", "max_group"] == "a" and out.loc["zip", "min_group"] == "b"
    # ranks: a: zip 1, income 2, age 3; b: income 1, zip 2, age 3; c: all 1 (ties at 0.1)
    assert out["rank_difference"].to_dict() == {"zip": 1, "income": 1, "age": 2}
    shares = explanation_disparity(table, normalize=True)
    assert shares.loc["zip", "difference"] == pytest.approx(0.30 / 0.40 - 0.05 / 0.25)


def test_explanation_disparity_rejects_other_input():
    with pytest.raises(TypeError, match="one numeric column per group"):
        explanation_disparity(pd.DataFrame({"a": ["x"]}))


def test_sample_weight_is_passed_to_each_group(data):
    y = (data["x"] + data["z"] > 0.5).astype(int)
    X = data.drop(columns="g")
    model = LogisticRegression().fit(X, y)
    weight = np.random.default_rng(1).uniform(0.2, 3.0, len(X))
    table = permutation_importance_by_group(
        model, X, y, sensitive_features=data["g"], sample_weight=weight, random_state=3
    )
    rows = (data["g"] == "b").to_numpy()
    peer = permutation_importance(
        model, X[rows], y[rows], sample_weight=weight[rows], random_state=3
    )
    np.testing.assert_allclose(table["b"].to_numpy(), peer.importances_mean)
    unweighted = permutation_importance_by_group(
        model, X, y, sensitive_features=data["g"], random_state=3
    )
    assert not np.allclose(table.to_numpy(), unweighted.to_numpy())
