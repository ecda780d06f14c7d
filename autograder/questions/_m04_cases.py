"""Public and hidden cases of m04 q1-q5 (grading host only; q6-q8 in _m04_cases_proxy).

Public cases are small enough to check by hand, plus one drawn from the notebook's data.
Hidden cases change sizes, dimensions, the number and labels of groups, the index, and
regenerate the applicants from other seeds, so no number can be shared or read off.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from autograder.questions._m04_data import (
    BANK_COEF,
    BANK_INTERCEPT,
    applicant_frame,
    bank_matrix,
    random_labels,
    shifted_index,
)

__all__ = [
    "NOTEBOOK",
    "association_hidden",
    "association_public",
    "auc_hidden",
    "auc_public",
    "consistency_hidden",
    "consistency_public",
    "flip_hidden",
    "flip_public",
    "notebook_matrix",
]

NOTEBOOK = applicant_frame(2000, 4)


def notebook_matrix(rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    frame, race, approved = NOTEBOOK
    return bank_matrix(frame)[:rows], (race[:rows] == "minority").astype(np.int64), approved[:rows]


def _bank_decisions(X: np.ndarray) -> np.ndarray:
    return (X @ BANK_COEF + BANK_INTERCEPT > 0).astype(np.int64)


# -- q1 consistency ---------------------------------------------------------------------------
def consistency_public() -> list[Case]:
    line = np.array([[0.0], [0.1], [0.25], [5.0], [5.1], [5.3]])
    plane = np.array([[0, 0], [1, 0.2], [0.1, 1.1], [4, 4], [4.2, 3.1], [3.3, 4.4], [9, 0]])
    X, _, _ = notebook_matrix(200)
    return [
        Case(
            "six points on a line, k=2",
            {"X": line, "y_pred": np.array([1, 1, 0, 0, 0, 0])},
            params={"k": 2},
        ),
        Case(
            "seven points in a plane, k=3",
            {"X": plane.astype(float), "y_pred": np.array([1, 0, 1, 1, 1, 0, 0])},
            params={"k": 3},
        ),
        Case(
            "the first 200 applicants and the bank's decisions, k=5",
            {"X": X, "y_pred": _bank_decisions(X)},
            params={"k": 5},
        ),
    ]


def consistency_hidden(rng: np.random.Generator) -> list[Case]:
    cases = []
    for label in ("random points, clustered decisions", "random points, noisy decisions"):
        n, d, k = int(rng.integers(20, 90)), int(rng.integers(1, 5)), int(rng.integers(1, 8))
        X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, d)
        noise = 0.1 if "clustered" in label else 0.45
        y = ((X[:, 0] > 0) ^ (rng.random(n) < noise)).astype(np.int64)
        cases.append(
            Case(f"{label} ({n} rows, {d} features, k={k})", {"X": X, "y_pred": y}, params={"k": k})
        )
    n = int(rng.integers(10, 30))
    cases.append(
        Case(
            f"everyone approved ({n} rows, k=3)",
            {"X": rng.normal(size=(n, 2)), "y_pred": np.ones(n, dtype=np.int64)},
            params={"k": 3},
        )
    )
    frame, _, _ = applicant_frame(int(rng.integers(150, 400)), int(rng.integers(10, 10**6)))
    X = bank_matrix(frame)
    cases.append(
        Case(
            f"other applicants ({len(X)} rows, k=7)",
            {"X": X, "y_pred": _bank_decisions(X)},
            params={"k": 7},
        )
    )
    return cases


# -- q2 counterfactual flip rate --------------------------------------------------------------
def _flip(label, X, s, coef, coef_s, intercept) -> Case:
    inputs = {
        "X": np.asarray(X, dtype=float),
        "sensitive": np.asarray(s, dtype=np.int64),
        "coef": np.asarray(coef, dtype=float),
    }
    return Case(
        label, inputs, params={"coef_sensitive": float(coef_s), "intercept": float(intercept)}
    )


def flip_public() -> list[Case]:
    X = np.array([[0.5], [-0.3], [1.2], [-2.0], [0.8], [-0.7], [-0.5], [-0.2], [-0.9], [1.5]])
    s = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    Xn, sn, _ = notebook_matrix(400)
    return [
        _flip("ten rows, one feature, coef_sensitive=+1", X, s, [1.0], 1.0, 0.0),
        _flip(
            "the first 400 applicants, a model with race (coef_sensitive=-0.8)",
            Xn,
            sn,
            BANK_COEF,
            -0.8,
            BANK_INTERCEPT,
        ),
    ]


def flip_hidden(rng: np.random.Generator) -> list[Case]:
    cases = []
    for coef_s in (float(rng.uniform(-2, -0.3)), float(rng.uniform(0.1, 1.0)), 0.0):
        n, d = int(rng.integers(30, 250)), int(rng.integers(1, 5))
        X = rng.normal(size=(n, d))
        s = (rng.random(n) < rng.uniform(0.2, 0.6)).astype(np.int64)
        s[:2] = (0, 1)
        cases.append(
            _flip(
                f"{n} rows, {d} features, coef_sensitive={coef_s:.2f}",
                X,
                s,
                rng.normal(size=d),
                coef_s,
                rng.normal(0, 0.5),
            )
        )
    frame, race, _ = applicant_frame(int(rng.integers(300, 900)), int(rng.integers(10, 10**6)))
    cases.append(
        _flip(
            f"other applicants ({len(frame)} rows)",
            bank_matrix(frame),
            race == "minority",
            BANK_COEF,
            float(rng.uniform(-1.5, -0.3)),
            BANK_INTERCEPT,
        )
    )
    return cases


# -- q3 single-feature AUC --------------------------------------------------------------------
def auc_public() -> list[Case]:
    frame, race, _ = NOTEBOOK
    return [
        Case(
            "five rows with one tie",
            {
                "scores": np.array([0.9, 0.4, 0.4, 0.7, 0.1]),
                "groups": np.array(["b", "a", "b", "a", "a"]),
            },
            params={"positive": "b"},
        ),
        Case(
            "a feature that is lower in the positive group",
            {"scores": np.array([3.0, 1, 2, 5, 4, 6]), "groups": np.array([1, 1, 1, 0, 0, 0])},
            params={"positive": 1},
        ),
        Case(
            "credit_score of the first 500 applicants, positive='minority'",
            {"scores": frame["credit_score"].to_numpy()[:500], "groups": race[:500]},
            params={"positive": "minority"},
        ),
    ]


def auc_hidden(rng: np.random.Generator) -> list[Case]:
    cases = []
    n = int(rng.integers(40, 300))
    g = random_labels(rng, n, ["p", "q"], p=[0.3, 0.7])
    x = rng.normal(size=n) + rng.uniform(-1, 1) * (g == "p")
    cases.append(
        Case(f"a continuous score ({n} rows)", {"scores": x, "groups": g}, params={"positive": "p"})
    )
    n = int(rng.integers(40, 300))
    g = random_labels(rng, n, [0, 1])
    x = rng.integers(0, 4, n) + (g == 1) * rng.integers(0, 2, n)
    cases.append(
        Case(
            f"integer scores with many ties ({n} rows)",
            {"scores": x.astype(np.int64), "groups": g},
            params={"positive": 1},
        )
    )
    n = int(rng.integers(40, 300))
    g = random_labels(rng, n, ["north", "south", "east"])
    x = rng.normal(size=n) - 0.7 * (g == "east")
    cases.append(
        Case(
            f"three groups, one against the rest ({n} rows, as Series)",
            {"scores": x, "groups": g},
            index=shifted_index(rng, n),
            params={"positive": "east"},
        )
    )
    frame, race, _ = applicant_frame(int(rng.integers(300, 900)), int(rng.integers(10, 10**6)))
    cases.append(
        Case(
            f"east_side of other applicants ({len(frame)} rows)",
            {"scores": frame["east_side"].to_numpy(), "groups": race},
            params={"positive": "minority"},
        )
    )
    return cases


# -- q4, q5 Cramér's V and mutual information -------------------------------------------------
def association_public() -> list[Case]:
    frame, race, _ = NOTEBOOK
    return [
        Case(
            "eight rows, 2 x 2",
            {
                "feature": np.array(["x", "x", "y", "y", "x", "y", "y", "y"]),
                "groups": np.array(["a", "a", "a", "b", "b", "b", "b", "b"]),
            },
        ),
        Case(
            "three categories, three groups",
            {
                "feature": np.array([1, 1, 2, 2, 3, 3, 3, 1, 2, 3]),
                "groups": np.array(["u", "u", "v", "v", "w", "w", "v", "w", "u", "w"]),
            },
        ),
        Case(
            "zip_code and race of the first 500 applicants",
            {"feature": frame["zip_code"].to_numpy()[:500], "groups": race[:500]},
        ),
    ]


def association_hidden(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k, m, series in (
        (2, 2, False),
        (int(rng.integers(3, 8)), 2, False),
        (int(rng.integers(3, 6)), int(rng.integers(3, 5)), True),
    ):
        n = int(rng.integers(60, 400))
        groups = random_labels(rng, n, [f"g{j}" for j in range(m)])
        codes = pd.factorize(groups)[0]
        strength = rng.uniform(0, 0.8)
        feature = np.where(rng.random(n) < strength, codes % k, rng.integers(0, k, n))
        feature[rng.choice(n, k, replace=False)] = np.arange(k)
        values = feature.astype(np.int64) if k > 2 else np.array(["yes", "no"])[feature]
        cases.append(
            Case(
                f"{k} categories, {m} groups ({n} rows)",
                {"feature": values, "groups": groups},
                index=shifted_index(rng, n) if series else None,
            )
        )
    frame, race, _ = applicant_frame(int(rng.integers(300, 900)), int(rng.integers(10, 10**6)))
    cases.append(
        Case(
            f"zip_code of other applicants ({len(frame)} rows)",
            {"feature": frame["zip_code"].to_numpy(), "groups": race},
        )
    )
    return cases
