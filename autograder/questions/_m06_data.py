"""Data and case makers of m06-fair-training (grading host only).

The exercise's data (``SETUP_CODE``): 3,000 applicants of ``make_hiring`` (seed 6), their
standardised features with a last column of ones, the past decisions ``hired`` and the 0/1
attribute ``woman``. Public cases are small hand-checkable ones plus the first rows of that
data; hidden cases are drawn from the host's seeds: other sizes and dimensions, other weights
and step sizes, more groups with string labels, and regenerated hiring data.
"""

from __future__ import annotations

import numpy as np

from autograder.questions._base import Case
from fairkit.datasets import make_hiring

__all__ = [
    "SETUP_CODE",
    "lagrangian_cases",
    "model_cases",
    "pareto_cases",
    "violation_cases",
]

FEATURES = ("test_score", "years_experience", "interview_score", "club_member")

SETUP_CODE = """\
import numpy as np
import pandas as pd
from fairkit.datasets import make_hiring

# 3,000 job applicants (synthetic; fairkit documents the bias planted in them).
hiring = make_hiring(3000, random_state=6).frame
features = ["test_score", "years_experience", "interview_score", "club_member"]
raw = hiring[features].to_numpy(dtype=float)
# Standardised features and a last column of ones: w[-1] is the intercept.
X = np.column_stack([(raw - raw.mean(axis=0)) / raw.std(axis=0), np.ones(len(raw))])
hired = hiring["hired"].to_numpy()                                # past decisions, 0/1
woman = (hiring["gender"].astype(str) == "woman").astype(int).to_numpy()
w_start = np.array([0.5, 0.2, 0.4, -0.1, -0.5])                   # a starting predictor
"""


def hiring_matrix(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X with a ones column, hired, woman) as SETUP_CODE builds them, for n applicants."""
    frame = make_hiring(n, random_state=seed).frame
    raw = frame[list(FEATURES)].to_numpy(dtype=float)
    X = np.column_stack([(raw - raw.mean(axis=0)) / raw.std(axis=0), np.ones(n)])
    woman = (frame["gender"].astype(str) == "woman").astype(np.int64).to_numpy()
    return X, frame["hired"].to_numpy().astype(np.int64), woman


def _random_model_data(rng: np.random.Generator, n: int, d: int):
    X = np.column_stack([rng.normal(size=(n, d - 1)) * rng.uniform(0.5, 2, d - 1), np.ones(n)])
    z = (rng.random(n) < rng.uniform(0.2, 0.6)).astype(np.int64)
    z[:2] = (0, 1)  # both groups present
    w = rng.normal(0, 0.8, d).round(3)
    logit = X @ rng.normal(0, 1, d) - 0.8 * z
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    return X, y, z, w


def model_cases(keys: tuple[str, ...]):
    """Public and hidden cases with inputs X, y, z, w and the scalar params in ``keys``.

    Params: ``lam`` (penalty weight), ``a, a0, c`` (adversary), ``alpha, lr`` (step).
    """

    def params(rng: np.random.Generator | None) -> dict[str, float]:
        fixed = {"lam": 2.0, "a": 1.5, "a0": -0.3, "c": 1.0, "alpha": 1.0, "lr": 0.1}
        if rng is not None:
            fixed = {
                "lam": float(rng.choice([0.5, 1.0, 5.0, 20.0])),
                "a": float(rng.choice([-1, 1]) * rng.uniform(0.3, 3)),
                "a0": float(rng.uniform(-1, 1)),
                "c": float(rng.choice([-1, 1]) * rng.uniform(0.1, 2)),
                "alpha": float(rng.choice([0.0, 0.3, 1.0, 3.0])),
                "lr": float(rng.choice([0.01, 0.1, 0.5])),
            }
        return {k: fixed[k] for k in keys}

    def case(label: str, X, y, z, w, rng=None) -> Case:
        inputs = {"X": np.asarray(X, float), "y": y, "z": z, "w": np.asarray(w, float)}
        return Case(label, inputs, params=params(rng))

    def public() -> list[Case]:
        X4 = np.array([[1.0, 1.0], [-1.0, 1.0], [0.5, 1.0], [-0.5, 1.0]])
        X6 = np.array(
            [
                [0.2, 1.0, 1],
                [-1.0, 0.5, 1],
                [1.5, -0.3, 1],
                [0.0, 0.0, 1],
                [-0.7, 2.0, 1],
                [1, -1, 1],
            ]
        )
        Xn, yn, zn = hiring_matrix(3000, 6)
        return [
            case(
                "four rows, one feature and the intercept",
                X4,
                np.array([1, 0, 1, 0]),
                np.array([0, 0, 1, 1]),
                [0.5, 0.0],
            ),
            case(
                "six rows, two features and the intercept",
                X6,
                np.array([1, 0, 1, 1, 0, 0]),
                np.array([1, 0, 0, 1, 1, 0]),
                [0.3, -0.2, 0.1],
            ),
            case(
                "the first 300 applicants, w = w_start",
                Xn[:300],
                yn[:300],
                zn[:300],
                [0.5, 0.2, 0.4, -0.1, -0.5],
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        for _ in range(3):
            n, d = int(rng.integers(8, 300)), int(rng.integers(2, 7))
            X, y, z, w = _random_model_data(rng, n, d)
            cases.append(case(f"random data ({n} rows, {d} columns)", X, y, z, w, rng))
        n = int(rng.integers(200, 800))
        X, y, z = hiring_matrix(n, int(rng.integers(10, 10**6)))
        w = rng.normal(0, 0.5, X.shape[1]).round(3)
        cases.append(case(f"other applicants ({n} rows)", X, y, z, w, rng))
        return cases

    return public, hidden


# -- q3 -------------------------------------------------------------------------------------------
def violation_cases():
    def public() -> list[Case]:
        d = np.array([[1, 0], [1, 1], [0, 0], [1, 0], [0, 1], [0, 0]])
        d3 = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 1], [0, 0, 0], [1, 0, 0], [0, 1, 1], [1, 1, 0]])
        small = np.array([[1, 1], [1, 0], [1, 1], [0, 1], [0, 0]])
        return [
            Case(
                "five rows, a small group selected least",
                {
                    "decisions": small,
                    "weights": np.array([0.5, 0.5]),
                    "groups": np.array(["a", "a", "a", "a", "b"]),
                },
            ),
            Case(
                "six rows, two classifiers mixed 3:1",
                {
                    "decisions": d,
                    "weights": np.array([0.75, 0.25]),
                    "groups": np.array(["a", "a", "a", "b", "b", "b"]),
                },
            ),
            Case(
                "seven rows, three classifiers, three groups",
                {
                    "decisions": d3,
                    "weights": np.array([0.2, 0.5, 0.3]),
                    "groups": np.array(["y", "x", "z", "x", "y", "z", "x"]),
                },
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        for labels in (["a", "b"], ["north", "south", "east"], [3, 1, 2, 0]):
            n, k = int(rng.integers(20, 400)), int(rng.integers(2, 7))
            groups = np.array(labels)[rng.integers(0, len(labels), n)]
            groups[: len(labels)] = labels
            bias = rng.uniform(0.1, 0.7, (len(labels), k))[np.searchsorted(sorted(labels), groups)]
            decisions = (rng.random((n, k)) < bias).astype(np.int64)
            weights = rng.dirichlet(np.ones(k))
            cases.append(
                Case(
                    f"{k} classifiers, {len(labels)} groups ({n} rows)",
                    {"decisions": decisions, "weights": weights, "groups": groups},
                )
            )
        return cases

    return public, hidden


# -- q4 -------------------------------------------------------------------------------------------
def pareto_cases():
    def public() -> list[Case]:
        return [
            Case(
                "five models",
                {
                    "errors": np.array([0.20, 0.18, 0.25, 0.18, 0.30]),
                    "violations": np.array([0.02, 0.10, 0.01, 0.08, 0.01]),
                },
            ),
            Case(
                "two identical models and a tie in error",
                {
                    "errors": np.array([0.15, 0.15, 0.22, 0.22, 0.12]),
                    "violations": np.array([0.05, 0.05, 0.00, 0.03, 0.20]),
                },
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        for decimals in (3, 2, 1):
            m = int(rng.integers(4, 40))
            errors = rng.uniform(0.1, 0.4, m).round(decimals)
            violations = np.clip(0.3 - errors + rng.normal(0, 0.05, m), 0, None).round(decimals)
            cases.append(
                Case(
                    f"{m} models, rounded to {decimals} decimals",
                    {"errors": errors, "violations": violations},
                )
            )
        return cases

    return public, hidden


# -- q5 -------------------------------------------------------------------------------------------
def lagrangian_cases():
    def make(label, y, p, groups, plus, minus, eps) -> Case:
        inputs = {
            "y_true": np.asarray(y),
            "y_prob": np.asarray(p, float),
            "groups": groups,
            "lam_plus": np.asarray(plus, float),
            "lam_minus": np.asarray(minus, float),
        }
        return Case(label, inputs, params={"eps": eps})

    def public() -> list[Case]:
        g = np.array(["a", "a", "b", "b", "b", "a"])
        return [
            make(
                "six rows, deterministic decisions",
                [1, 0, 1, 0, 1, 1],
                [1, 0, 1, 1, 0, 1],
                g,
                [0.5, 0.0],
                [0.0, 0.2],
                0.05,
            ),
            make(
                "six rows, randomised decisions",
                [1, 0, 1, 0, 1, 1],
                [0.9, 0.2, 0.6, 0.4, 0.3, 0.7],
                g,
                [1.0, 2.0],
                [0.5, 0.0],
                0.01,
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        for labels in (["f", "m"], ["p", "r", "q"], [2, 0, 1, 3]):
            n, k = int(rng.integers(10, 300)), len(labels)
            groups = np.array(labels)[rng.integers(0, k, n)]
            groups[:k] = labels
            y = (rng.random(n) < 0.4).astype(np.int64)
            p = rng.random(n).round(2)
            plus, minus = rng.exponential(1.0, k).round(2), rng.exponential(1.0, k).round(2)
            eps = float(rng.choice([0.0, 0.01, 0.05]))
            cases.append(make(f"{k} groups ({n} rows), eps={eps}", y, p, groups, plus, minus, eps))
        return cases

    return public, hidden
