"""counterfactual_flip_rate on models whose flip rate is known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from fairkit.datasets import make_hiring
from fairkit.explain import _errors as E
from fairkit.explain import counterfactual_flip_rate


class Rule:
    """predict = rule(X): a model whose decisions are known exactly."""

    def __init__(self, rule):
        self.rule = rule

    def predict(self, X):
        return np.asarray(self.rule(X)).astype(int)


@pytest.fixture
def hiring():
    return make_hiring(3000, random_state=1).X


def test_a_model_that_ignores_the_attribute_never_flips(hiring):
    model = Rule(lambda X: X["test_score"] + X["club_member"] * 5 > 52)
    assert counterfactual_flip_rate(model, hiring, sensitive_feature="gender") == 0.0


def test_a_model_that_uses_only_the_attribute_always_flips(hiring):
    model = Rule(lambda X: X["gender"] == "woman")
    details = counterfactual_flip_rate(
        model, hiring, sensitive_feature="gender", return_details=True
    )
    assert details.flip_rate == 1.0
    assert details.by_value.to_dict() == {"man": 1.0, "woman": 1.0}
    assert details.by_group.to_dict() == {"man": 1.0, "woman": 1.0}
    assert details.flipped.all()


def test_flip_rate_of_a_threshold_rule_matches_a_hand_count(hiring):
    # Women get 4 points off: exactly the rows within 4 points of the bar flip.
    penalty = np.where(hiring["gender"] == "woman", 4.0, 0.0)
    model = Rule(lambda X: X["test_score"] - np.where(X["gender"] == "woman", 4.0, 0.0) > 50)
    score = hiring["test_score"].to_numpy()
    expected = np.mean((score > 50) & (score <= 54))
    assert penalty.any()
    details = counterfactual_flip_rate(
        model, hiring, sensitive_feature="gender", return_details=True
    )
    assert details.flip_rate == pytest.approx(expected)
    women = (hiring["gender"] == "woman").to_numpy()
    band = (score > 50) & (score <= 54)
    assert details.by_group["woman"] == pytest.approx(band[women].mean())
    assert details.by_value["man"] == pytest.approx(band[women].mean())  # women set to man


def test_a_fitted_model_keeps_the_categorical_dtype_when_swapped(hiring):
    # A model fitted on one-hot gender changes the share it predicts when gender is swapped.
    X = pd.get_dummies(hiring, columns=["gender"], dtype=float)

    class OneHot:
        def __init__(self):
            self.lr = LogisticRegression(max_iter=1000).fit(X, (hiring["test_score"] > 50))

        def predict(self, frame):
            assert isinstance(frame["gender"].dtype, pd.CategoricalDtype)
            return self.lr.predict(pd.get_dummies(frame, columns=["gender"], dtype=float))

    rate = counterfactual_flip_rate(OneHot(), hiring, sensitive_feature="gender")
    assert 0.0 <= rate <= 1.0


def test_three_values_count_a_row_once():
    X = pd.DataFrame({"g": ["a", "b", "c", "a"], "x": [0.0, 1.0, 2.0, 3.0]})
    model = Rule(lambda X: X["g"] == "c")  # only a switch to or from "c" changes a decision
    details = counterfactual_flip_rate(model, X, sensitive_feature="g", return_details=True)
    assert details.flip_rate == 1.0  # every row flips for one value at least
    assert details.by_value.to_dict() == {"a": 1 / 2, "b": 1 / 3, "c": 1.0}
    only_ab = counterfactual_flip_rate(model, X, sensitive_feature="g", values=["a", "b"])
    assert only_ab == 0.25  # the "c" row flips when set to a or b; a and b never become c
    one = counterfactual_flip_rate(model, X.iloc[[2]], sensitive_feature="g", values=["a", "b"])
    assert one == 1.0  # a value outside `values` is swapped to every value in it


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sensitive_feature": "nope"}, ValueError, "is not a column of X"),
        ({"sensitive_feature": "g", "values": ["a"]}, ValueError, "at least two distinct"),
        ({"sensitive_feature": "g", "values": ["a", "z"]}, ValueError, "is not a category"),
    ],
)
def test_bad_input_gets_one_clear_line(kwargs, error, message):
    X = pd.DataFrame({"g": pd.Categorical(["a", "b"]), "x": [0.0, 1.0]})
    with pytest.raises(error, match=message):
        counterfactual_flip_rate(Rule(lambda X: X["x"] > 0), X, **kwargs)


def test_not_a_frame():
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        counterfactual_flip_rate(Rule(lambda X: X), np.zeros((2, 2)), sensitive_feature=0)
    assert "DataFrame" in E.NOT_A_FRAME
