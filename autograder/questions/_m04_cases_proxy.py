"""Public and hidden cases of m04 q6-q8: permutation importance and proxies (host only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from autograder.questions._m04_cases import NOTEBOOK, notebook_matrix
from autograder.questions._m04_data import (
    BANK_COEF,
    BANK_INTERCEPT,
    applicant_frame,
    bank_matrix,
    frame_case,
    hiring_frame,
    random_labels,
    shifted_index,
)

__all__ = [
    "importance_hidden",
    "importance_public",
    "proxy_hidden",
    "proxy_public",
    "used_hidden",
    "used_public",
]


# -- q6 permutation importance ----------------------------------------------------------------
def _importance(label, X, y, coef, intercept, n_repeats, seed) -> Case:
    return Case(
        label,
        {
            "X": np.asarray(X, dtype=float),
            "y": np.asarray(y, dtype=np.int64),
            "coef": np.asarray(coef, dtype=float),
        },
        params={"intercept": float(intercept), "n_repeats": int(n_repeats), "seed": int(seed)},
    )


def importance_public() -> list[Case]:
    X = np.array([[1.0, 0.3], [-1, 0.1], [2, -0.4], [-0.5, 0.2], [0.7, -0.1], [-2, 0.5]])
    y = np.array([1, 0, 1, 0, 1, 1])
    Xn, _, approved = notebook_matrix(300)
    return [
        _importance("six rows, two features, 3 repeats, seed 0", X, y, [1.0, 0.5], 0.0, 3, 0),
        _importance(
            "the first 300 applicants, the bank's model, 5 repeats, seed 42",
            Xn,
            approved,
            BANK_COEF,
            BANK_INTERCEPT,
            5,
            42,
        ),
    ]


def importance_hidden(rng: np.random.Generator) -> list[Case]:
    cases = []
    for _ in range(2):
        n, d = int(rng.integers(40, 300)), int(rng.integers(2, 6))
        X = rng.normal(size=(n, d))
        coef = rng.normal(size=d) * (rng.random(d) < 0.7)
        y = (X @ coef + rng.normal(0, 0.7, n) > 0).astype(np.int64)
        reps, seed = int(rng.integers(2, 8)), int(rng.integers(0, 10**6))
        cases.append(
            _importance(
                f"{n} rows, {d} features, {reps} repeats",
                X,
                y,
                coef,
                rng.normal(0, 0.3),
                reps,
                seed,
            )
        )
    frame, _, approved = applicant_frame(int(rng.integers(300, 900)), int(rng.integers(10, 10**6)))
    cases.append(
        _importance(
            f"other applicants ({len(frame)} rows), the bank's model",
            bank_matrix(frame),
            approved,
            BANK_COEF,
            BANK_INTERCEPT,
            3,
            int(rng.integers(0, 10**6)),
        )
    )
    return cases


# -- q7 proxy scores --------------------------------------------------------------------------
def proxy_public() -> list[Case]:
    small = pd.DataFrame(
        {
            "group": ["a", "a", "a", "b", "b", "b"],
            "zip": ["Z2", "Z2", "Z1", "Z1", "Z3", "Z3"],
            "score": [3.0, 1.0, 2.0, 0.5, 1.5, 0.0],
        }
    )
    frame, race, _ = NOTEBOOK
    notebook = frame.head(200).assign(race=race[:200])
    return [
        frame_case("a small table", small, {"sensitive": "group"}),
        frame_case("the first 200 applicants with race", notebook, {"sensitive": "race"}),
    ]


def proxy_hidden(rng: np.random.Generator) -> list[Case]:
    frame, race, _ = applicant_frame(int(rng.integers(300, 900)), int(rng.integers(10, 10**6)))
    lending = frame.assign(race=race)
    n = len(lending)
    hiring = hiring_frame(int(rng.integers(200, 600)), int(rng.integers(10, 10**6)))
    m = int(rng.integers(60, 200))
    region = random_labels(rng, m, ["n", "s", "w"])
    synthetic = pd.DataFrame(
        {
            "region": region,
            "district": np.where(
                rng.random(m) < 0.6, region, random_labels(rng, m, ["n", "s", "w", "c"])
            ),
            "x": rng.normal(size=m) - (region == "s"),
            "tenure": rng.integers(0, 5, m),
        }
    )
    synthetic["region"] = np.where(synthetic["region"] == "s", "s", "other")
    return [
        frame_case(
            "other applicants with race",
            lending,
            {"sensitive": "race"},
            index=shifted_index(rng, n),
        ),
        frame_case("job applicants with gender", hiring, {"sensitive": "gender"}),
        frame_case("a synthetic table", synthetic, {"sensitive": "region"}),
    ]


# -- q8 the proxies the model uses ------------------------------------------------------------
def _used(label, names, a, i, auc_min, imp_min) -> Case:
    return Case(
        label,
        {
            "names": np.asarray(names),
            "proxy_auc": np.asarray(a, dtype=float),
            "importance": np.asarray(i, dtype=float),
        },
        params={"auc_min": auc_min, "importance_min": imp_min},
    )


def used_public() -> list[Case]:
    return [
        _used(
            "four features",
            ["zip", "income", "score", "age"],
            [0.85, 0.51, 0.64, 0.7],
            [0.02, 0.08, 0.2, 0.0],
            0.6,
            0.01,
        ),
        _used(
            "a value exactly at each threshold",
            ["a", "b", "c"],
            [0.6, 0.7, 0.59],
            [0.05, 0.01, 0.3],
            0.6,
            0.01,
        ),
    ]


def used_hidden(rng: np.random.Generator) -> list[Case]:
    cases = []
    for _ in range(3):
        d = int(rng.integers(3, 12))
        auc_min, imp_min = (
            round(float(rng.uniform(0.55, 0.7)), 2),
            round(float(rng.uniform(0, 0.05)), 3),
        )
        a = rng.uniform(0.5, 0.95, d).round(3)
        i = rng.uniform(-0.01, 0.1, d).round(3)
        a[0], i[1] = auc_min, imp_min
        names = [f"f{j}" for j in rng.permutation(d)]
        cases.append(_used(f"{d} features", names, a, i, auc_min, imp_min))
    return cases
