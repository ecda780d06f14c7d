"""Case makers of m12-capstone (grading host only): ``maker(None)`` gives the public cases.

Public cases are a small hand-checkable example and the notebook's first 800 applicants;
hidden cases are regenerated lending samples (other seeds, sizes and biases, relabelled
groups in unsorted order, sometimes a third group), shifted row indexes and random tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from autograder.questions._m12_data import lending_sample, notebook_data

__all__ = [
    "HAND_GROUPS",
    "HAND_PRED",
    "HAND_SCORE",
    "HAND_TRUE",
    "audit_cases",
    "comparison_cases",
    "frame_inputs",
    "interval_cases",
    "proxy_cases",
    "samples",
    "shifted",
    "threshold_cases",
]

_N = 800  # rows of the notebook's data in its public cases
HAND_GROUPS = np.array(["a"] * 6 + ["b"] * 6)
HAND_TRUE = np.array([1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0])
HAND_PRED = np.array([1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1])
HAND_SCORE = np.array([0.9, 0.8, 0.35, 0.6, 0.1, 0.7, 0.45, 0.2, 0.65, 0.3, 0.55, 0.52])


def _nb() -> dict[str, object]:
    data = notebook_data()
    return {k: (v.iloc[:_N] if isinstance(v, pd.DataFrame) else v[:_N]) for k, v in data.items()}


def shifted(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.arange(n) + int(rng.integers(10, 1000))


def _frame_of(table: pd.DataFrame) -> dict[str, np.ndarray]:
    out = {}
    for name in table.columns:
        values = table[name].to_numpy()
        out[str(name)] = values.astype(str) if values.dtype.kind in "OUT" else values
    return out


def frame_inputs(table: pd.DataFrame) -> dict[str, np.ndarray]:
    return {c: np.asarray(v) for c, v in _frame_of(table).items()}


def samples(rng: np.random.Generator, count: int = 3) -> list[tuple[str, dict]]:
    out = []
    for k in range(count):
        n = int(rng.integers(300, 1501))
        out.append((f"lending sample {k + 1} ({n} rows)", lending_sample(rng, n, third=k == 2)))
    return out


# -- q1 --------------------------------------------------------------------------------------------
def audit_cases(rng: np.random.Generator | None) -> list[Case]:
    """q1: y_true, y_pred, groups."""
    if rng is None:
        nb = _nb()
        return [
            Case(
                "two groups of six",
                {"y_true": HAND_TRUE, "y_pred": HAND_PRED, "groups": HAND_GROUPS},
            ),
            Case(
                "the notebook's first 800 applicants (repaid, decision, race)",
                {"y_true": nb["repaid"], "y_pred": nb["decision"], "groups": nb["race"]},
            ),
        ]
    cases = []
    for k, (label, d) in enumerate(samples(rng)):
        index = shifted(rng, len(d["race"])) if k == 1 else None
        inputs = {"y_true": d["repaid"], "y_pred": d["decision"], "groups": d["race"]}
        cases.append(Case(label, inputs, index=index))
    return cases


# -- q2 --------------------------------------------------------------------------------------------
def _pair(groups: np.ndarray, rng: np.random.Generator) -> tuple[str, str]:
    labels = sorted(set(groups.tolist()))
    a, b = rng.choice(len(labels), 2, replace=False)
    return str(labels[a]), str(labels[b])


def interval_cases(rng: np.random.Generator | None) -> list[Case]:
    """q2: y_pred, groups; group, reference, n_boot, seed, confidence."""
    if rng is None:
        nb = _nb()
        return [
            Case(
                "two groups of six, 200 replicates",
                {"y_pred": HAND_PRED, "groups": HAND_GROUPS},
                params={
                    "group": "b",
                    "reference": "a",
                    "n_boot": 200,
                    "seed": 0,
                    "confidence": 0.9,
                },
            ),
            Case(
                "the notebook's first 800 decisions, minority vs majority",
                {"y_pred": nb["decision"], "groups": nb["race"]},
                params={
                    "group": "minority",
                    "reference": "majority",
                    "n_boot": 400,
                    "seed": 0,
                    "confidence": 0.95,
                },
            ),
        ]
    cases = []
    for k, (label, d) in enumerate(samples(rng)):
        group, reference = _pair(d["race"], rng)
        params = {
            "group": group,
            "reference": reference,
            "n_boot": int(rng.integers(150, 401)),
            "seed": int(rng.integers(0, 2**31)),
            # The first hidden case never asks for 95 %, so an answer that ignores the
            # confidence always loses marks, whatever the other draws.
            "confidence": float(rng.choice([0.8, 0.9, 0.99] if k == 0 else [0.8, 0.9, 0.95, 0.99])),
        }
        index = shifted(rng, len(d["race"])) if k == 0 else None
        cases.append(
            Case(label, {"y_pred": d["decision"], "groups": d["race"]}, index=index, params=params)
        )
    return cases


# -- q3 --------------------------------------------------------------------------------------------
def proxy_cases(rng: np.random.Generator | None) -> list[Case]:
    """q3: one DataFrame of features and the group column; sensitive (its name)."""
    if rng is None:
        hand = pd.DataFrame(
            {
                "zip": ["Z1", "Z1", "Z2", "Z1", "Z2", "Z2", "Z2", "Z1"],
                "score": [700, 640, 610, 690, 600, 655, 620, 705],
                "years": [3, 8, 5, 2, 6, 4, 9, 7],
                "group": ["x", "x", "y", "x", "y", "y", "x", "y"],
            }
        )
        return [
            Case("eight applicants", frame_inputs(hand), frame=True, params={"sensitive": "group"}),
            Case(
                "the notebook's first 800 applicants",
                frame_inputs(_nb()["applicants"]),
                frame=True,
                params={"sensitive": "race"},
            ),
        ]
    cases = []
    for k, (label, d) in enumerate(samples(rng, 2)):
        table = d["applicants"]
        table = table[[table.columns[j] for j in rng.permutation(table.shape[1])]]
        name = str(rng.choice(["race", "group", "ethnicity"]))
        table = table.rename(columns={"race": name})
        index = shifted(rng, len(table)) if k == 0 else None
        cases.append(
            Case(label, frame_inputs(table), index=index, frame=True, params={"sensitive": name})
        )
    return cases


# -- q4, q5 ---------------------------------------------------------------------------------------
def _target(rng: np.random.Generator, groups: np.ndarray) -> float:
    """A rate whose product with every group's size is clearly not a whole number."""
    sizes = [int(np.sum(groups == g)) for g in set(groups.tolist())]
    while True:
        rate = round(float(rng.uniform(0.2, 0.8)), 4)
        if all(abs(rate * n - round(rate * n)) > 1e-3 for n in sizes):
            return rate


def threshold_cases(rng: np.random.Generator | None) -> list[Case]:
    """q4: y_score, groups; target_rate."""
    if rng is None:
        nb = _nb()
        return [
            Case(
                "two groups of six",
                {"y_score": HAND_SCORE, "groups": HAND_GROUPS},
                params={"target_rate": 0.4},
            ),
            Case(
                "the notebook's first 800 scores, 70 % approved in each group",
                {"y_score": nb["y_score"], "groups": nb["race"]},
                params={"target_rate": 0.7},
            ),
        ]
    cases = []
    for k, (label, d) in enumerate(samples(rng)):
        index = shifted(rng, len(d["race"])) if k == 1 else None
        cases.append(
            Case(
                label,
                {"y_score": d["y_score"], "groups": d["race"]},
                index=index,
                params={"target_rate": _target(rng, d["race"])},
            )
        )
    return cases


def comparison_cases(rng: np.random.Generator | None) -> list[Case]:
    """q5: y_true, y_score, groups; threshold, target_rate."""
    if rng is None:
        nb = _nb()
        return [
            Case(
                "two groups of six",
                {"y_true": HAND_TRUE, "y_score": HAND_SCORE, "groups": HAND_GROUPS},
                params={"threshold": 0.5, "target_rate": 0.4},
            ),
            Case(
                "the notebook's first 800 applicants against repaid",
                {"y_true": nb["repaid"], "y_score": nb["y_score"], "groups": nb["race"]},
                params={"threshold": 0.5, "target_rate": 0.7},
            ),
        ]
    cases = []
    for k, (label, d) in enumerate(samples(rng)):
        params = {
            "threshold": round(float(rng.uniform(0.4, 0.6)), 3),
            "target_rate": _target(rng, d["race"]),
        }
        inputs = {"y_true": d["repaid"], "y_score": d["y_score"], "groups": d["race"]}
        index = shifted(rng, len(d["race"])) if k == 2 else None
        cases.append(Case(label, inputs, index=index, params=params))
    return cases
