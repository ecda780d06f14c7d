"""recourse and recourse_by_group: hand-worked linear cases, agreement with linprog and a
brute-force grid, the search on models with a known answer, infeasibility, group gaps.

The hand-worked applicant: income 32,000, debt 10,000, age 40, tenure 3; the model's score is
0.001 income - 0.002 debt + 0.01 age + 0 tenure - 18.8375 = -6.4375 (denied; approved when
the score is > 0). Per unit of score, income costs 1 / 0.001 = 1000 and debt 1 / 0.002 = 500.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _simulated import exact
from scipy.optimize import linprog
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from fairkit.accountability import _errors as E
from fairkit.accountability import recourse, recourse_by_group

NAMES = ["income", "debt", "age", "tenure"]
USD = {"income": "USD", "debt": "USD"}


def linear(w, b, names=NAMES):
    """A fitted LogisticRegression with the given weights (fitted on named columns)."""
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(20, len(names))), columns=names)
    model = LogisticRegression().fit(X, np.arange(20) % 2)
    model.coef_, model.intercept_ = np.array([w], dtype=float), np.array([b], dtype=float)
    return model


MODEL = linear([0.001, -0.002, 0.01, 0.0], -18.8375)
PERSON = pd.Series({"income": 32_000.0, "debt": 10_000.0, "age": 40.0, "tenure": 3.0})


def approves(model, row) -> bool:
    return bool(model.predict(pd.DataFrame([row]))[0] == 1)


def test_one_actionable_feature():
    r = recourse(MODEL, PERSON, actionable=["income"], units=USD)
    assert r.feasible and r.optimal and r.method == "linear"
    assert r.cost == pytest.approx(6437.5, rel=1e-8)
    assert list(r.changes) == ["income"]
    assert r.changes["income"][1] == pytest.approx(38_437.5, rel=1e-8)
    assert r.explanation == "Increase income from 32,000 to 38,438 USD; no other change needed."
    assert r.flipped and approves(MODEL, r.counterfactual)
    assert r.counterfactual[["debt", "age", "tenure"]].tolist() == [10_000.0, 40.0, 3.0]


def test_two_features_cheapest_per_score_unit_first():
    # Debt buys score at 500 per unit, income at 1000: debt alone, 6.4375 / 0.002 = 3218.75.
    r = recourse(MODEL, PERSON, actionable=["income", "debt"], units=USD)
    assert r.cost == pytest.approx(3218.75, rel=1e-8)
    assert list(r.changes) == ["debt"]
    assert r.explanation == "Decrease debt from 10,000 to 6,781 USD; no other change needed."
    # Debt three times dearer: income is now cheaper per unit of score (1000 < 1500).
    r = recourse(MODEL, PERSON, actionable=["income", "debt"], costs={"debt": 3.0})
    assert list(r.changes) == ["income"] and r.cost == pytest.approx(6437.5, rel=1e-8)


def test_bound_binding_moves_the_next_feature():
    # Debt may fall to 8,000 only: 2,000 buys 4 of the 6.4375; income buys 2.4375 more.
    bounds = {"debt": (8_000, None)}
    r = recourse(MODEL, PERSON, actionable=["income", "debt"], bounds=bounds, units=USD)
    assert r.changes["debt"][1] == pytest.approx(8_000.0)
    assert r.changes["income"][1] == pytest.approx(34_437.5, rel=1e-8)
    assert r.cost == pytest.approx(2_000 + 2_437.5, rel=1e-8)
    assert r.explanation == (
        "Increase income from 32,000 to 34,438 USD and decrease debt from 10,000 to 8,000 USD; "
        "no other change needed."
    )
    assert r.flipped and approves(MODEL, r.counterfactual)


def test_infeasible_names_the_features_and_what_they_would_need():
    # At most 34,000 income (+2) and at least 8,000 debt (+4): 6 < 6.4375, short by 0.4375.
    bounds = {"income": (None, 34_000), "debt": (8_000, 20_000)}
    r = recourse(MODEL, PERSON, actionable=["income", "debt"], bounds=bounds, units=USD)
    assert not r.feasible and not r.flipped and np.isnan(r.cost)
    assert r.blocking == ("income", "debt")
    assert r.needed == pytest.approx({"income": 34_437.5, "debt": 7_781.25})
    assert "even with income at 34,000 USD and debt at 8,000 USD it stays the same" in (
        r.explanation
    )
    assert (
        "It would take income at 34,438 USD (at most 34,000 USD allowed) or debt at 7,781 USD "
        "(at least 8,000 USD allowed)" in r.explanation
    )
    # Brute force: no corner of the box (where the linear score is largest) is approved.
    corners = [PERSON.copy() for _ in range(4)]
    for row, (i, d) in zip(
        corners, [(32e3, 8e3), (34e3, 8e3), (32e3, 1e4), (34e3, 2e4)], strict=True
    ):
        row["income"], row["debt"] = i, d
    assert not any(approves(MODEL, row) for row in corners)


def test_actionable_features_the_model_ignores():
    r = recourse(MODEL, PERSON, actionable=["tenure"])
    assert not r.feasible and r.blocking == ()
    assert "the model does not use them" in r.explanation


def test_already_approved_and_desired_class_zero():
    rich = PERSON.copy()
    rich["income"] = 50_000.0
    r = recourse(MODEL, rich, actionable=["income"])
    assert r.method == "none" and r.cost == 0 and r.changes == {}
    # Asking for the other class reverses the direction: income must fall below 38,437.5.
    r = recourse(MODEL, rich, actionable=["income"], desired=0)
    assert r.changes["income"][1] == pytest.approx(38_437.5, rel=1e-8)
    assert MODEL.predict(pd.DataFrame([r.counterfactual]))[0] == 0


def _lp_cost(w, score, xa, costs, low, high):
    """min sum c |d| s.t. w . d >= -score, low <= x + d <= high, as an LP in (d+, d-)."""

    up = np.clip(high - xa, 0, None)
    down = np.clip(xa - low, 0, None)
    res = linprog(
        np.r_[costs, costs], A_ub=-np.r_[w, -w][None], b_ub=[score],
        bounds=[(0, u if np.isfinite(u) else None) for u in up]
        + [(0, d if np.isfinite(d) else None) for d in down],
        method="highs",
    )  # fmt: skip
    return res.fun if res.status == 0 else np.nan


def test_closed_form_agrees_with_linprog_on_random_cases():
    rng = np.random.default_rng(1)
    names = ["a", "b", "c", "d", "e"]
    checked = infeasible = 0
    for case in range(6):
        model = linear(rng.normal(size=5), -2.0, names)
        X = pd.DataFrame(rng.normal(size=(40, 5)), columns=names)
        actionable = list(rng.choice(names, size=3, replace=False))
        costs = {n: float(rng.uniform(0.2, 3)) for n in actionable}
        # Odd cases: values in [-0.5, 0.5], bounds +-0.6, often too little room; even: none.
        edge = 0.5 if case % 2 else 2.0
        width = 0.6 if case % 2 else np.inf
        bounds = {n: (-width, width) for n in actionable}
        X[actionable] = X[actionable].clip(-edge, edge)
        r = recourse_by_group(model, X, sensitive_features=np.zeros(40), actionable=actionable,
                              costs=costs, bounds=bounds)  # fmt: skip
        assert r.flipped.all()
        pos = [names.index(n) for n in actionable]
        w = model.coef_[0][pos]
        c = np.array([costs[n] for n in actionable])
        low, high = np.array([bounds[n] for n in actionable]).T
        scores = model.decision_function(X)
        for row, cost in r.costs.items():
            xa = X.loc[row, actionable].to_numpy(float)
            expected = _lp_cost(w, scores[row], xa, c, low, high)
            if np.isnan(expected):
                assert np.isnan(cost)
                infeasible += 1
            else:
                assert cost == pytest.approx(expected, rel=1e-6, abs=1e-8)
            checked += 1
    assert checked > 60 and infeasible > 0


def test_closed_form_agrees_with_a_brute_force_grid():
    # Two actionable features on a 601 x 601 grid: the cheapest approved grid point costs at
    # least the closed form, and at most one grid step more.
    rng = np.random.default_rng(2)
    for _ in range(5):
        w = rng.normal(size=4)
        model = linear(w, -2.0)
        row = pd.Series(rng.normal(size=4), index=NAMES)
        costs = {"income": float(rng.uniform(0.5, 2)), "debt": float(rng.uniform(0.5, 2))}
        bounds = {"income": (row["income"] - 3, row["income"] + 3),
                  "debt": (row["debt"] - 3, row["debt"] + 3)}  # fmt: skip
        r = recourse(model, row, actionable=["income", "debt"], costs=costs, bounds=bounds)
        gi, gd = np.meshgrid(np.linspace(*bounds["income"], 601), np.linspace(*bounds["debt"], 601))
        grid = pd.DataFrame({"income": gi.ravel(), "debt": gd.ravel(), "age": row["age"],
                             "tenure": row["tenure"]})  # fmt: skip
        ok = model.predict(grid) == 1
        cost = costs["income"] * np.abs(gi.ravel() - row["income"]) + costs["debt"] * np.abs(
            gd.ravel() - row["debt"]
        )
        if approves(model, row):
            continue
        if not ok.any():
            assert not r.feasible
            continue
        best = cost[ok].min()
        step = 6 / 600 * (costs["income"] + costs["debt"])
        assert r.cost <= best + 1e-9 and best <= r.cost + step


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"actionable": []}, ValueError, E.RECOURSE_NO_ACTIONABLE),
        (
            {"actionable": ["salary"]},
            ValueError,
            E.RECOURSE_UNKNOWN_FEATURE.format(
                what="actionable", name="salary", features="'income', 'debt', 'age', 'tenure'"
            ),
        ),
        (
            {"actionable": ["income"], "costs": {"income": -1}},
            ValueError,
            E.RECOURSE_BAD_COST.format(name="income", value=-1),
        ),
        (
            {"actionable": ["income"], "bounds": {"income": (5, 1)}},
            ValueError,
            E.RECOURSE_BAD_BOUNDS.format(name="income", value=(5, 1)),
        ),
        (
            {"actionable": ["income"], "bounds": {"income": (0, 1000)}},
            ValueError,
            E.RECOURSE_OUTSIDE_BOUNDS.format(name="income", value=32_000.0, bounds=(0.0, 1000.0)),
        ),
        (
            {"actionable": ["income"], "method": "search"},
            ValueError,
            E.RECOURSE_NEEDS_BOUNDS.format(name="income", bounds=(-np.inf, np.inf)),
        ),
        ({"actionable": ["income"], "method": "lp"}, ValueError,
         E.RECOURSE_BAD_METHOD.format(method="lp")),
        ({"actionable": ["income"], "desired": 2}, ValueError,
         E.RECOURSE_BAD_DESIRED.format(desired=2, classes=[0, 1])),
        ({"actionable": ["income"], "n_grid": 1}, ValueError,
         E.RECOURSE_BAD_N_GRID.format(value=1)),
    ],
)  # fmt: skip
def test_bad_input(options, error, message):
    with pytest.raises(error, match=exact(message)):
        recourse(MODEL, PERSON, **options)


def test_bad_input_of_models_and_rows():
    tree = DecisionTreeClassifier().fit(pd.DataFrame([PERSON, PERSON * 2]), [0, 1])
    with pytest.raises(ValueError, match=exact(E.RECOURSE_NOT_LINEAR.format(
            kind="DecisionTreeClassifier"))):  # fmt: skip
        recourse(tree, PERSON, actionable=["income"], method="linear")
    with pytest.raises(TypeError, match=exact(E.RECOURSE_NO_SCORE.format(kind="object"))):
        recourse(object(), PERSON, actionable=["income"])
    with pytest.raises(ValueError, match=exact(E.RECOURSE_ONE_ROW.format(n=2))):
        recourse(MODEL, pd.DataFrame([PERSON, PERSON]), actionable=["income"])
    text = PERSON.astype(object)
    text["income"] = "a lot"
    with pytest.raises(ValueError, match=exact(E.RECOURSE_NOT_NUMERIC.format(
            name="income", value="a lot"))):  # fmt: skip
        recourse(MODEL, text, actionable=["income"])
    X = pd.DataFrame([PERSON] * 3)
    with pytest.raises(ValueError, match=exact(E.RECOURSE_LENGTH.format(got=2, expected=3))):
        recourse_by_group(MODEL, X, sensitive_features=["a", "b"], actionable=["income"])


def test_columns_in_another_order_than_the_model_was_fitted_on():
    shuffled = PERSON[["tenure", "age", "debt", "income"]]
    r = recourse(MODEL, shuffled, actionable=["income"], units=USD)
    assert r.explanation == "Increase income from 32,000 to 38,438 USD; no other change needed."
    assert list(r.counterfactual.index) == ["tenure", "age", "debt", "income"]
