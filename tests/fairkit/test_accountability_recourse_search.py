"""recourse by search, for models that are not linear: models with a known recourse, and
the linear closed form as the bound the search can never beat."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from test_accountability_recourse import NAMES, PERSON, USD, approves, linear

from fairkit.accountability import recourse, recourse_by_group


class TwoConditions:
    """Approves if income >= 40,000 and debt <= 15,000; its probability is smooth in the
    binding condition (a model with a known recourse, and no coef_)."""

    classes_ = np.array([0, 1])

    def predict_proba(self, X):
        X = pd.DataFrame(X, columns=["income", "debt", "age", "tenure"])
        margin = np.minimum((X["income"] - 40_000) / 1000, (15_000 - X["debt"]) / 1000)
        p = 1 / (1 + np.exp(-margin.to_numpy()))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        X = pd.DataFrame(X, columns=["income", "debt", "age", "tenure"])
        return ((X["income"] >= 40_000) & (X["debt"] <= 15_000)).to_numpy().astype(int)


def test_search_finds_the_known_recourse_of_a_nonlinear_model():
    person = PERSON.copy()
    person["debt"] = 20_000.0
    bounds = {"income": (0, 100_000), "debt": (0, 50_000)}
    r = recourse(TwoConditions(), person, actionable=["income", "debt"], bounds=bounds,
                 units=USD)  # fmt: skip
    assert r.method == "search" and not r.optimal and r.flipped
    assert r.cost == pytest.approx(8_000 + 5_000, rel=0.01)  # the exact optimum
    assert r.explanation == (
        "Increase income from 32,000 to 40,000 USD and decrease debt from 20,000 to 15,000 "
        "USD; no other change needed."
    )


def test_search_on_a_tree_finds_its_threshold():
    X = pd.DataFrame({"income": [20e3, 30e3, 40e3, 50e3], "age": [30.0, 50, 30, 50]})
    tree = DecisionTreeClassifier(random_state=0).fit(X, [0, 0, 1, 1])  # split at 35,000
    r = recourse(tree, X.iloc[1], actionable=["income"], bounds={"income": (0, 1e5)})
    assert r.flipped and r.cost == pytest.approx(5_000, abs=1.0)


def test_search_is_never_cheaper_than_the_closed_form():
    rng = np.random.default_rng(3)
    for _ in range(3):
        model = linear(rng.normal(size=4), -1.0)
        row = pd.Series(rng.normal(size=4) - 1, index=NAMES)
        if approves(model, row):
            continue
        bounds = {n: (row[n] - 3, row[n] + 3) for n in ("income", "debt", "age")}
        options = {"actionable": ["income", "debt", "age"], "bounds": bounds}
        exact_ = recourse(model, row, **options)
        found = recourse(model, row, method="search", **options)
        if exact_.feasible:
            assert found.cost >= exact_.cost * (1 - 1e-6)
            assert found.cost <= exact_.cost * 1.01  # measured on 22 cases: within 1e-6
        else:
            assert not found.feasible


def test_search_reports_infeasible():
    class Never:
        classes_ = np.array([0, 1])

        def predict(self, X):
            return np.zeros(len(X), dtype=int)

    r = recourse(Never(), PERSON, actionable=["income"], bounds={"income": (0, 1e5)})
    assert not r.feasible and r.blocking == ("income",)
    assert "not exhaustive" in r.explanation


def test_recourse_by_group_with_the_search():
    X = pd.DataFrame([PERSON] * 4)
    X["income"] = [30_000.0, 38_000.0, 45_000.0, 20_000.0]
    X["debt"] = [16_000.0, 15_000.0, 10_000.0, 15_000.0]
    bounds = {"income": (0, 100_000), "debt": (0, 50_000)}
    r = recourse_by_group(TwoConditions(), X, sensitive_features=["a", "a", "b", "b"],
                          actionable=["income", "debt"], bounds=bounds)  # fmt: skip
    assert r.method == "search" and r.flipped.all()
    # Known optimum: reach income 40,000 and debt 15,000.
    assert r.costs.to_numpy() == pytest.approx([11_000, 2_000, 20_000], rel=0.01)
    assert r.summary["denied"].tolist() == [2, 1]
    assert r.summary.loc["a", "median_cost"] == pytest.approx(6_500, rel=0.01)


def test_search_reaches_a_chosen_class_of_a_multiclass_model():
    rng = np.random.default_rng(5)
    X = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300)})
    model = LogisticRegression().fit(X, np.digitize(X["a"] + 0.5 * X["b"], [-0.5, 0.5]))
    person = pd.Series({"a": -1.0, "b": 0.0})
    r = recourse(model, person, actionable=["a", "b"], bounds={"a": (-3, 3), "b": (-3, 3)},
                 desired=2)  # fmt: skip
    assert r.method == "search" and r.flipped
    assert model.predict(pd.DataFrame([r.counterfactual]))[0] == 2
    # Brute force along the cheapest direction: no cheaper change of a alone flips it.
    a = np.linspace(-1, 3, 4001)
    grid = pd.DataFrame({"a": a, "b": 0.0})
    cheapest_a = a[model.predict(grid) == 2].min() + 1
    assert r.cost <= cheapest_a + 1e-3
