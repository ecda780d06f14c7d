"""Case makers of m12-capstone q6-q7 (see :mod:`._m12_cases`): ``maker(None)`` is public."""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from autograder.questions._m12_cases import HAND_GROUPS, HAND_PRED, frame_inputs, samples, shifted
from autograder.questions._m12_data import LABELS, lending_sample, notebook_data, stream_data

__all__ = ["release_cases", "verdict_cases", "weekly_cases"]


# -- q6 --------------------------------------------------------------------------------------------
def release_cases(rng: np.random.Generator | None) -> list[Case]:
    """q6: groups, approved, unit_noise (one row per sorted group); epsilon."""
    if rng is None:
        nb = notebook_data()
        nb = {k: nb[k][:800] for k in ("race", "approved")}
        return [
            Case(
                "two groups of six",
                {
                    "groups": HAND_GROUPS,
                    "approved": HAND_PRED,
                    "unit_noise": np.array([[0.5, -1.0], [2.0, 0.25]]),
                },
                params={"epsilon": 0.5},
            ),
            Case(
                "the notebook's first 800 past decisions, epsilon 0.5",
                {
                    "groups": nb["race"],
                    "approved": nb["approved"],
                    "unit_noise": np.random.default_rng(2024).laplace(size=(2, 2)),
                },
                params={"epsilon": 0.5},
            ),
        ]
    cases = []
    for label, d in samples(rng):
        k = len(set(d["race"].tolist()))
        eps = round(float(rng.uniform(0.2, 2.0)), 2)
        inputs = {
            "groups": d["race"],
            "approved": d["approved"],
            "unit_noise": rng.laplace(size=(k, 2)),
        }
        cases.append(Case(f"{label}, epsilon {eps}", inputs, params={"epsilon": eps}))
    return cases


# -- q7 --------------------------------------------------------------------------------------------
def verdict_cases(rng: np.random.Generator | None) -> list[Case]:
    """q7: one DataFrame (candidate, low, high); tolerance."""
    if rng is None:
        table = pd.DataFrame(
            {
                "candidate": ["current", "thresholds", "reweighed", "no zip code"],
                "low": [-0.18, -0.03, -0.09, 0.06],
                "high": [-0.09, 0.04, 0.02, 0.14],
            }
        )
        return [
            Case("four candidates", frame_inputs(table), frame=True, params={"tolerance": 0.05})
        ]
    cases = []
    for k in range(3):
        m = int(rng.integers(3, 8))
        tol = round(float(rng.uniform(0.02, 0.1)), 3)
        # Centres and half-widths that put intervals inside, across and outside the band.
        centre = rng.uniform(-3 * tol, 3 * tol, m)
        half = rng.uniform(0.2 * tol, 1.5 * tol, m)
        names = [str(x) for x in rng.choice(LABELS, m, replace=False)]
        table = pd.DataFrame(
            {"candidate": names, "low": (centre - half).round(4), "high": (centre + half).round(4)}
        )
        index = shifted(rng, m) if k == 1 else None
        cases.append(
            Case(
                f"{m} candidates",
                frame_inputs(table),
                index=index,
                frame=True,
                params={"tolerance": tol},
            )
        )
    return cases


# -- q8 --------------------------------------------------------------------------------------------
def weekly_cases(rng: np.random.Generator | None) -> list[Case]:
    """q8: y_true, y_pred, groups, week (rows of all weeks mixed in hidden cases)."""
    if rng is None:
        week = np.array([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2])
        hand = {
            "y_true": np.array([1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0]),
            "y_pred": np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1]),
            "groups": np.array(["a", "a", "a", "b", "b", "b"] * 2),
            "week": week,
        }
        d = stream_data()
        notebook = {
            "y_true": d["stream_repaid"],
            "y_pred": d["stream_decision"],
            "groups": d["stream_race"],
            "week": d["week"],
        }
        return [
            Case("two weeks of six applicants", hand),
            Case("the notebook's six weekly batches", notebook),
        ]
    cases = []
    for k in range(3):
        n_weeks = int(rng.integers(3, 7))
        names = [str(x) for x in rng.choice(LABELS, 3, replace=False)]  # the same every week
        parts = [
            lending_sample(rng, int(rng.integers(200, 401)), third=k == 0, names=names)
            for _ in range(n_weeks)
        ]
        labels = [f"2027-W{w:02d}" for w in rng.permutation(52)[:n_weeks] + 1]
        inputs = {
            "y_true": np.concatenate([p["repaid"] for p in parts]),
            "y_pred": np.concatenate([p["decision"] for p in parts]),
            "groups": np.concatenate([p["race"] for p in parts]),
            "week": np.repeat(
                np.array(labels if k != 1 else np.arange(1, n_weeks + 1)),
                [len(p["repaid"]) for p in parts],
            ),
        }
        order = rng.permutation(len(inputs["week"]))
        inputs = {key: value[order] for key, value in inputs.items()}
        index = shifted(rng, len(order)) if k == 2 else None
        cases.append(Case(f"{n_weeks} weeks", inputs, index=index))
    return cases
