"""shapley_values and shapley_importance_by_group: hand-worked values, the Shapley axioms, and
agreement with an independent brute force over the orders in which features join."""

from __future__ import annotations

from itertools import permutations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

from fairkit.datasets import make_hiring
from fairkit.explain import _errors as E
from fairkit.explain import (
    explanation_disparity,
    shapley_importance_by_group,
    shapley_values,
)
from fairkit.explain._shapley import MAX_FEATURES


def _brute_force(f, x: pd.Series, background: pd.DataFrame) -> np.ndarray:
    """Average marginal contribution over all d! join orders, one coalition at a time."""
    names = list(background.columns)

    def value(coalition):
        frame = background.copy()
        for name in coalition:
            frame[name] = x[name]
        return float(np.mean(f(frame)))

    phi = np.zeros(len(names))
    orders = list(permutations(range(len(names))))
    for order in orders:
        joined = []
        for i in order:
            before = value([names[k] for k in joined])
            joined.append(i)
            phi[i] += value([names[k] for k in joined]) - before
    return phi / len(orders)


def test_linear_model_gets_weight_times_distance_to_background_mean():
    rng = np.random.default_rng(0)
    background = pd.DataFrame(rng.normal(size=(40, 3)), columns=["a", "b", "c"])
    X = pd.DataFrame(rng.normal(size=(6, 3)), columns=["a", "b", "c"])
    w = np.array([2.0, -1.0, 0.5])
    result = shapley_values(lambda frame: frame.to_numpy() @ w + 7.0, X, background=background)
    expected = w * (X.to_numpy() - background.to_numpy().mean(axis=0))
    np.testing.assert_allclose(result.values.to_numpy(), expected, atol=1e-12)
    assert result.base_value == pytest.approx(background.to_numpy().mean(axis=0) @ w + 7.0)
    assert list(result.values.columns) == ["a", "b", "c"]


def test_fitted_linear_regression_is_explained_through_predict():
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.normal(size=(200, 2)), columns=["u", "v"])
    model = LinearRegression().fit(X, 3 * X["u"] - 2 * X["v"] + rng.normal(size=200))
    result = shapley_values(model, X.head(5), background=X.tail(50))
    expected = model.coef_ * (X.head(5).to_numpy() - X.tail(50).to_numpy().mean(axis=0))
    np.testing.assert_allclose(result.values.to_numpy(), expected, atol=1e-10)


def test_interaction_worked_by_hand():
    # f = a * b, background rows (0, 1) and (2, 3); x = (3, 4):
    # v() = mean(0, 6) = 3, v(a) = 3 * mean(b) = 6, v(b) = 4 * mean(a) = 4, v(a, b) = 12.
    # phi_a = (6 - 3) / 2 + (12 - 4) / 2 = 5.5, phi_b = (4 - 3) / 2 + (12 - 6) / 2 = 3.5.
    background = pd.DataFrame({"a": [0.0, 2.0], "b": [1.0, 3.0]})
    X = pd.DataFrame({"a": [3.0], "b": [4.0]})
    result = shapley_values(lambda frame: frame["a"] * frame["b"], X, background=background)
    np.testing.assert_allclose(result.values.to_numpy(), [[5.5, 3.5]])
    assert result.base_value == 3.0 and result.prediction.tolist() == [12.0]


def test_three_feature_threshold_rule_by_hand():
    # f = 1[a + b + c >= 2] (a majority vote), background = the single row (0, 0, 0), x = 1s:
    # a feature's marginal contribution is 1 exactly when it joins second: each gets 1/3.
    X = pd.DataFrame({"a": [1], "b": [1], "c": [1]})
    background = pd.DataFrame({"a": [0], "b": [0], "c": [0]})
    result = shapley_values(lambda F: (F.sum(axis=1) >= 2).astype(float), X, background=background)
    np.testing.assert_allclose(result.values.to_numpy(), [[1 / 3, 1 / 3, 1 / 3]])


@pytest.mark.parametrize("d", [2, 3, 4])
def test_agrees_with_brute_force_over_join_orders_on_random_models(d):
    rng = np.random.default_rng(10 + d)
    names = [f"x{i}" for i in range(d)]
    pairs = rng.normal(size=(d, d))
    linear, cut = rng.normal(size=d), rng.normal(size=d)

    def f(frame):
        z = frame[names].to_numpy()
        # Pairwise interactions, a threshold and a sine: nothing additive to lean on.
        return np.einsum("ni,ij,nj->n", z, pairs, z) + (z @ linear > 0) + np.sin(z - cut).sum(1)

    background = pd.DataFrame(rng.normal(size=(5, d)), columns=names)
    X = pd.DataFrame(rng.normal(size=(4, d)), columns=names)
    result = shapley_values(f, X, background=background, batch_size=7)
    for r in range(len(X)):
        np.testing.assert_allclose(
            result.values.iloc[r].to_numpy(), _brute_force(f, X.iloc[r], background), atol=1e-10
        )


def test_efficiency_for_a_boosted_classifier_probability():
    data = make_hiring(600, random_state=3)
    X = data.X.drop(columns="gender").astype(float)
    model = GradientBoostingClassifier(n_estimators=30, random_state=0).fit(X, data.y)
    result = shapley_values(model, X.head(20), background=X.sample(30, random_state=0))
    np.testing.assert_allclose(result.prediction, model.predict_proba(X.head(20))[:, 1])
    mean_background = model.predict_proba(X.sample(30, random_state=0))[:, 1].mean()
    assert result.base_value == pytest.approx(mean_background)
    np.testing.assert_allclose(
        result.values.sum(axis=1) + result.base_value, result.prediction, atol=1e-12
    )


def test_symmetry_and_dummy():
    # f is symmetric in a and b and ignores c; x and the background have a == b row by row.
    background = pd.DataFrame({"a": [0.0, 1.0, 3.0], "b": [0.0, 1.0, 3.0], "c": [5.0, -2, 0]})
    X = pd.DataFrame({"a": [2.0, -1.0], "b": [2.0, -1.0], "c": [9.0, 1.0]})
    f = lambda F: np.maximum(F["a"], F["b"]) + F["a"] * F["b"]  # noqa: E731
    values = shapley_values(f, X, background=background).values
    np.testing.assert_allclose(values["a"], values["b"])
    assert (values["c"] == 0).all()
    assert (values["a"].abs() > 0.1).all()


def test_response_methods_of_a_classifier():
    rng = np.random.default_rng(2)
    X = pd.DataFrame(rng.normal(size=(300, 2)), columns=["p", "q"])
    model = LogisticRegression().fit(X, (X["p"] - X["q"] > 0).astype(int))
    rows, background = X.head(3), X.tail(40)
    auto = shapley_values(model, rows, background=background)
    np.testing.assert_allclose(auto.prediction, model.predict_proba(rows)[:, 1])
    score = shapley_values(model, rows, background=background, response_method="decision_function")
    expected = model.coef_[0] * (rows.to_numpy() - background.to_numpy().mean(axis=0))
    np.testing.assert_allclose(score.values.to_numpy(), expected, atol=1e-10)  # linear score
    hard = shapley_values(model, rows, background=background, response_method="predict")
    np.testing.assert_allclose(hard.prediction, model.predict(rows))


def test_categorical_column_and_chunking_give_the_same_values():
    data = make_hiring(400, random_state=5)
    X = data.X[["gender", "test_score", "club_member"]]
    model = DecisionTreeClassifier(max_depth=4, random_state=0).fit(
        X.assign(gender=(X["gender"] == "woman").astype(int)), data.y
    )

    def f(frame):  # the tree reads gender as 0/1: the frame keeps the categorical column
        assert isinstance(frame["gender"].dtype, pd.CategoricalDtype)
        return model.predict_proba(frame.assign(gender=(frame["gender"] == "woman").astype(int)))

    class Wrapped:
        def predict(self, frame):  # pragma: no cover - predict_proba is chosen
            raise AssertionError

        predict_proba = staticmethod(f)

    one = shapley_values(Wrapped(), X.head(8), background=X.tail(25))
    many = shapley_values(Wrapped(), X.head(8), background=X.tail(25), batch_size=1)
    np.testing.assert_allclose(one.values.to_numpy(), many.values.to_numpy(), atol=1e-12)
    np.testing.assert_allclose(one.values.sum(axis=1) + one.base_value, one.prediction, atol=1e-12)


def test_text_column_through_a_one_hot_pipeline():
    rng = np.random.default_rng(6)
    X = pd.DataFrame({"zip": rng.choice(["Z1", "Z2", "Z3"], 200), "x": rng.normal(size=200)})
    y = ((X["zip"] == "Z1") + X["x"] > 0.5).astype(int)
    encode = make_column_transformer((OneHotEncoder(), ["zip"]), remainder="passthrough")
    model = make_pipeline(encode, LogisticRegression()).fit(X, y)
    result = shapley_values(model, X.head(5), background=X.tail(30))
    np.testing.assert_allclose(result.prediction, model.predict_proba(X.head(5))[:, 1])
    np.testing.assert_allclose(
        result.values.sum(axis=1) + result.base_value, result.prediction, atol=1e-12
    )
    for r in range(3):  # against the brute force, with text values swapped in
        phi = _brute_force(lambda F: model.predict_proba(F)[:, 1], X.iloc[r], X.tail(30))
        np.testing.assert_allclose(result.values.iloc[r].to_numpy(), phi, atol=1e-12)


def test_background_category_outside_the_columns_categories():
    X = pd.DataFrame({"g": pd.Categorical(["a", "b"]), "x": [0.0, 1.0]})
    background = pd.DataFrame({"g": pd.Categorical(["a", "c"]), "x": [0.0, 1.0]})
    with pytest.raises(ValueError, match="holds 'c', not a category"):
        shapley_values(lambda F: F["x"], X, background=background)


def test_calls_are_batched():
    calls = []

    def f(frame):
        calls.append(len(frame))
        return frame.sum(axis=1).to_numpy()

    X = pd.DataFrame(np.ones((10, 3)), columns=list("abc"))
    background = pd.DataFrame(np.zeros((4, 3)), columns=list("abc"))
    shapley_values(f, X, background=background, batch_size=100)
    assert sum(calls) == 10 * 2**3 * 4 and max(calls) <= 100 and len(calls) == 4  # 25 pairs each


def test_by_group_table_is_the_mean_absolute_value_and_feeds_explanation_disparity():
    rng = np.random.default_rng(4)
    X = pd.DataFrame(
        {"x": rng.normal(size=60), "z": rng.normal(size=60), "g": rng.choice(["a", "b"], 60)}
    )
    f = lambda F: F["x"] + 3 * F["z"] * (F["g"] == "b")  # noqa: E731
    table = shapley_importance_by_group(f, X, background=X.head(20), sensitive_features="g")
    values = shapley_values(f, X, background=X.head(20)).values.abs()
    manual = values.groupby(X["g"].to_numpy()).mean().T
    np.testing.assert_allclose(table.to_numpy(), manual[["a", "b"]].to_numpy())
    assert list(table.columns) == ["a", "b"] and table.index.name == "feature"
    gaps = explanation_disparity(table)
    assert gaps.index[0] == "z" and gaps.loc["z", "max_group"] == "b"


def test_too_many_features_says_what_to_do():
    X = pd.DataFrame(np.zeros((1, MAX_FEATURES + 1)), columns=[f"f{i}" for i in range(13)])
    with pytest.raises(ValueError) as info:
        shapley_values(lambda F: F.sum(axis=1), X, background=X)
    assert str(info.value) == E.TOO_MANY_FEATURES.format(count=13, limit=MAX_FEATURES)
    assert "explain fewer columns" in str(info.value)
    small = shapley_values(lambda F: F.sum(axis=1), X.iloc[:, :3], background=X, max_features=3)
    assert small.values.shape == (1, 3)


@pytest.mark.parametrize(
    ("kwargs", "error", "phrase"),
    [
        ({"background": pd.DataFrame({"a": [1.0]})}, ValueError, "missing: b"),
        ({"background": pd.DataFrame({"a": [], "b": []})}, ValueError, "background has no rows"),
        ({"background": np.zeros((2, 2))}, TypeError, "must be a pandas DataFrame"),
        ({"response_method": "proba"}, ValueError, "got 'proba'"),
        ({"max_features": 0}, ValueError, "max_features must be an integer >= 1"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
    ],
)
def test_bad_arguments(kwargs, error, phrase):
    X = pd.DataFrame({"a": [1.0, 2.0], "b": [0.0, 1.0]})
    arguments = {"background": X, **kwargs}
    with pytest.raises(error, match=phrase):
        shapley_values(lambda F: F["a"], X, **arguments)


def test_bad_models():
    X = pd.DataFrame({"a": [1.0, 2.0, 0.0], "b": [0.0, 1.0, 2.0]})
    with pytest.raises(TypeError, match="got int"):
        shapley_values(3, X, background=X)
    multi = LogisticRegression().fit(X, [0, 1, 2])
    with pytest.raises(ValueError, match=r"output of shape \(\d+, 3\)"):
        shapley_values(multi, X, background=X)
    with pytest.raises(ValueError, match="LinearRegression has no predict_proba"):
        shapley_values(
            LinearRegression().fit(X, [0, 1, 2]), X, background=X, response_method="predict_proba"
        )
    with pytest.raises(ValueError, match="one number per row"):
        shapley_values(lambda F: np.zeros((len(F), 2)), X, background=X)


def test_no_rows_to_explain_still_gives_the_base_value():
    background = pd.DataFrame({"a": [1.0, 3.0]})
    result = shapley_values(lambda F: 2 * F["a"], background.head(0), background=background)
    assert result.values.shape == (0, 1) and result.base_value == 4.0
