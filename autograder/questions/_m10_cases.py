"""Case makers of m10-explainability q3-q6: Shapley values, gaps, disparity (grading host only).

Each maker takes ``None`` (the fixed public examples) or the hidden cases' generator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from autograder.questions._m10_data import (
    SCREEN_COEF,
    SCREEN_INTERCEPT,
    frame_of,
    model_sample,
    notebook_data,
)

__all__ = ["carrier_cases", "disparity_cases", "gap_cases", "shapley_cases"]


def _opposed(seed: int = 5, n: int = 80) -> dict[str, np.ndarray | float]:
    """Two groups where x0 and x3 lower group b's chances and x1 raises them; x2 matters
    a lot to the model but is distributed alike in both groups."""
    rng = np.random.default_rng(seed)
    groups = np.array(["a", "b"] * (n // 2))
    b = groups == "b"
    X = rng.normal(size=(n, 4))
    X[:, 0] -= 0.8 * b
    X[:, 1] += 0.5 * b
    X[:, 3] -= 0.4 * b
    X[b, 2] = X[~b, 2]  # the same values of x2 in both groups
    return {"X": X, "groups": groups, "coef": np.array([1.0, 0.6, 1.5, 0.5]), "intercept": -0.2}


def shapley_cases(rng: np.random.Generator | None) -> list[Case]:
    """q3: x, background, coef; intercept."""
    if rng is None:
        two = Case(
            "two features, two background rows",
            {
                "x": np.array([1.0, 2.0]),
                "background": np.array([[0.0, 0.0], [2.0, -1.0]]),
                "coef": np.array([1.0, -0.5]),
            },
            params={"intercept": 0.0},
        )
        three = Case(
            "three features, four background rows",
            {
                "x": np.array([0.5, -1.0, 2.0]),
                "background": np.array(
                    [[0.0, 0.0, 0.0], [1.0, 1.0, -1.0], [-1.0, 0.5, 0.5], [2.0, -2.0, 1.0]]
                ),
                "coef": np.array([1.2, 0.8, -0.6]),
            },
            params={"intercept": 0.3},
        )
        X, gender, _ = notebook_data()
        row = int(np.flatnonzero((gender == "woman") & (X[:, 3] > 0))[0])
        applicant = Case(
            f"the notebook's applicant {row}, against the notebook's background",
            {"x": X[row], "background": X[:100], "coef": SCREEN_COEF},
            params={"intercept": SCREEN_INTERCEPT},
        )
        return [two, three, applicant]
    cases = []
    for k in range(4):
        m = model_sample(rng, 60)
        size = int(rng.integers(3, 41))
        cases.append(
            Case(
                f"model {k + 1}: {m['X'].shape[1]} features, {size} background rows",
                {"x": m["X"][-1], "background": m["X"][:size], "coef": m["coef"]},
                params={"intercept": m["intercept"]},
            )
        )
    return cases


def _two_groups(rng: np.random.Generator, groups: np.ndarray) -> tuple[str, str]:
    labels = sorted(np.unique(groups).tolist())
    group, reference = rng.choice(len(labels), 2, replace=False)
    return str(labels[group]), str(labels[reference])


def gap_cases(rng: np.random.Generator | None) -> list[Case]:
    """q4: X, background, groups, coef; intercept, group, reference."""
    if rng is None:
        m = _opposed()
        hand = Case(
            "two groups, four features",
            {"X": m["X"], "background": m["X"][:10], "groups": m["groups"], "coef": m["coef"]},
            params={"intercept": m["intercept"], "group": "b", "reference": "a"},
        )
        X, gender, _ = notebook_data()
        X, gender = X[:400], gender[:400]
        sample = Case(
            "the notebook's first 400 applicants: women against men",
            {"X": X, "background": X[:100], "groups": gender, "coef": SCREEN_COEF},
            params={"intercept": SCREEN_INTERCEPT, "group": "woman", "reference": "man"},
        )
        return [hand, sample]
    cases = []
    for k in range(3):
        m = model_sample(rng, int(rng.integers(40, 201)))
        group, reference = _two_groups(rng, m["groups"])
        size = int(rng.integers(5, 31))
        cases.append(
            Case(
                f"model {k + 1} ({len(m['groups'])} rows, {size} background rows)",
                {
                    "X": m["X"],
                    "background": m["X"][rng.permutation(len(m["X"]))[:size]],
                    "groups": m["groups"],
                    "coef": m["coef"],
                },
                params={"intercept": m["intercept"], "group": group, "reference": reference},
            )
        )
    return cases


def carrier_cases(rng: np.random.Generator | None) -> list[Case]:
    """q6: as q4, plus min_share; the two groups' mean probabilities differ clearly."""
    if rng is None:
        cases = gap_cases(None)
        shares = (0.2, 0.2)
        return [
            Case(c.label, c.inputs, params={**c.params, "min_share": s})
            for c, s in zip(cases, shares, strict=True)
        ]
    cases: list[Case] = []
    while len(cases) < 3:
        (case,) = gap_cases(rng)[:1]
        inputs, params = case.inputs, case.params
        X, groups = inputs["X"], inputs["groups"]
        z = X @ inputs["coef"] + params["intercept"]
        p = 1 / (1 + np.exp(-z))
        total = p[groups == params["group"]].mean() - p[groups == params["reference"]].mean()
        if abs(total) < 0.03:  # a share of a near-zero gap means little
            continue
        share = float(np.round(rng.uniform(0.1, 0.4), 2))
        cases.append(Case(case.label, inputs, params={**params, "min_share": share}))
    return cases


def disparity_cases(rng: np.random.Generator | None) -> list[Case]:
    """q5: one DataFrame (feature, then a column per group; any row index); normalize."""
    if rng is None:
        table = pd.DataFrame(
            {"man": [0.30, 0.05, 0.10, 0.02], "woman": [0.20, 0.12, 0.10, 0.00]},
            index=["test_score", "club_member", "interview_score", "years_experience"],
        )
        three = pd.DataFrame(
            {"A": [0.4, 0.1, -0.02], "B": [0.1, 0.1, 0.05], "C": [0.2, 0.3, 0.0]},
            index=["x", "y", "z"],
        )
        return [
            Case("two groups, raw", frame_of(table), frame=True, params={"normalize": False}),
            Case("two groups, shares", frame_of(table), frame=True, params={"normalize": True}),
            Case("three groups, shares", frame_of(three), frame=True, params={"normalize": True}),
        ]
    cases = []
    for k, normalize in enumerate((True, bool(rng.random() < 0.5), True)):
        d, g = int(rng.integers(2, 7)), int(rng.integers(2, 5))
        values = rng.uniform(0.0, 0.3, size=(d, g))
        values[rng.random((d, g)) < 0.15] *= -0.1  # importances can dip below 0
        names = [f"f{j}" for j in rng.permutation(d)]
        groups = [str(x) for x in rng.choice(["north", "south", "east", "west"], g, False)]
        table = pd.DataFrame(values, index=names, columns=groups)
        index = None if k == 1 else rng.permutation(d) + int(rng.integers(10, 500))
        cases.append(
            Case(
                f"table {k + 1}",
                frame_of(table),
                index=index,  # a shifted, unsorted row index: `feature` names the rows
                frame=True,
                params={"normalize": normalize},
            )
        )
    return cases
