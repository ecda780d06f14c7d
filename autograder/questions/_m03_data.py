"""Case makers of m03-metric-tradeoffs, q1-q4: public examples and hidden cases, on the host.

Scores come from :func:`fairkit.datasets.make_risk_scores` (calibrated within each group), some
of them distorted for one group so that calibration errors differ; no score lies within 1e-6
of a bin edge (q1), so every binning convention agrees. Thresholds (q2) are hit exactly by some
scores, so ``>=`` and ``>`` give different answers. Intersectional tables (q4) always hold a
cell of exactly ``min_size`` rows.
The resampling and power questions (q5-q7) have theirs in :mod:`._m03_data_stats`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from faircheck.datasets import adult_predictions
from fairkit.datasets import make_risk_scores

__all__ = [
    "Makers",
    "calibration_cases",
    "identity_cases",
    "intersection_cases",
    "series_index",
    "threshold_cases",
]

Makers = tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]
_EDGE_GAP = 1e-6


def _scores(rng, n, labels, *, distort: bool) -> dict[str, np.ndarray]:
    """Calibrated scores for ``labels``; with ``distort``, the last group's are overconfident."""
    rates = {
        str(g): float(r) for g, r in zip(labels, rng.uniform(0.15, 0.6, len(labels)), strict=True)
    }
    data = make_risk_scores(n, base_rates=rates, concentration=rng.uniform(2, 6), random_state=rng)
    frame = data.frame
    score = frame["score"].to_numpy()
    if distort:  # push the last group's scores away from 0.5: it stops being calibrated
        last = frame["group"].to_numpy() == str(labels[-1])
        score = np.where(last, np.clip(0.5 + 1.6 * (score - 0.5), 0.01, 0.99), score)
    groups = np.array(labels, dtype=object)
    codes = {str(g): i for i, g in enumerate(labels)}
    group_values = groups[[codes[g] for g in frame["group"]]]
    if isinstance(labels[0], str):
        group_values = group_values.astype(str)
    else:
        group_values = group_values.astype(np.int64)
    return {"y_true": frame["y"].to_numpy(), "y_score": score, "groups": group_values}


def _off_edges(score: np.ndarray, n_bins: int) -> np.ndarray:
    """Move scores that lie within 1e-6 of an inner bin edge 2e-6 above it."""
    edges = np.arange(1, n_bins) / n_bins
    near = np.abs(score[:, None] - edges[None, :]) < _EDGE_GAP
    return score + 2 * _EDGE_GAP * near.any(axis=1)


def _both_labels(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Give every group one actual positive and one actual negative (its first two rows)."""
    y = data["y_true"].copy()
    for g in np.unique(data["groups"]):
        rows = np.flatnonzero(data["groups"] == g)
        y[rows[:2]] = (1, 0)
    return {**data, "y_true": y}


def series_index(rng, n) -> np.ndarray:
    return rng.permutation(n) + 500


# -- q1: calibration error by group -------------------------------------------------------------
_CAL_PUBLIC = {
    "y_true": np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 1]),
    "y_score": np.array([0.9, 0.2, 0.7, 0.3, 0.1, 0.8, 0.6, 0.4, 0.35, 0.15]),
    "groups": np.array(["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"]),
}


def calibration_cases() -> Makers:
    """q1: ``(y_true, y_score, groups)`` with the parameter ``n_bins``."""

    def public() -> list[Case]:
        loans = make_risk_scores(6000, base_rates={"A": 0.2, "B": 0.4}, random_state=3).frame.head(
            500
        )
        inputs = {
            "y_true": loans["y"].to_numpy(),
            "y_score": _off_edges(loans["score"].round(4).to_numpy(), 10),
            "groups": loans["group"].to_numpy(),
        }
        return [
            Case("two groups of 5 rows, 2 bins", _CAL_PUBLIC, params={"n_bins": 2}),
            Case("the same rows, 4 bins", _CAL_PUBLIC, params={"n_bins": 4}),
            Case("the first 500 rows of `loans`, 10 bins", inputs, params={"n_bins": 10}),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        specs = [
            ("two groups, one miscalibrated", ["A", "B"], 600, True, False),
            ("three string groups", ["south", "north", "east"], 900, True, False),
            ("integer groups, all calibrated", [2, 0, 1], 400, False, False),
            ("a small sample, as pandas Series", ["F", "M"], 60, True, True),
        ]
        for label, labels, n, distort, series in specs:
            n_bins = int(rng.choice([3, 5, 8, 10]))
            data = _scores(rng, n, labels, distort=distort)
            data["y_score"] = _off_edges(data["y_score"], n_bins)
            index = series_index(rng, n) if series else None
            cases.append(Case(f"{label} ({n} rows)", data, index=index, params={"n_bins": n_bins}))
        return cases

    return public, hidden


# -- q2: error rates at a threshold -------------------------------------------------------------
_THR_PUBLIC = {
    "y_true": np.array([1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0]),
    "y_score": np.array([0.8, 0.4, 0.5, 0.2, 0.6, 0.9, 0.5, 0.3, 0.1, 0.7, 0.2, 0.5]),
    "groups": np.array(["a"] * 5 + ["b"] * 7),
}


def threshold_cases() -> Makers:
    """q2: ``(y_true, y_score, groups)`` with ``threshold``; scores rounded to 2 decimals."""

    def public() -> list[Case]:
        loans = make_risk_scores(6000, base_rates={"A": 0.2, "B": 0.4}, random_state=3).frame.head(
            500
        )
        inputs = {
            "y_true": loans["y"].to_numpy(),
            "y_score": loans["score"].round(2).to_numpy(),
            "groups": loans["group"].to_numpy(),
        }
        return [
            Case("two groups, threshold 0.5", _THR_PUBLIC, params={"threshold": 0.5}),
            Case("the first 500 rows of `loans`, threshold 0.3", inputs, params={"threshold": 0.3}),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        specs = [
            ("two groups", ["A", "B"], 500, False),
            ("four string groups", ["w", "x", "y", "z"], 800, False),
            ("integer groups", [1, 0], 120, False),
            ("pandas Series with a shifted index", ["F", "M", "X"], 300, True),
        ]
        for label, labels, n, series in specs:
            data = _scores(rng, n, labels, distort=False)
            data["y_score"] = np.round(data["y_score"], 2)
            data = _both_labels(data)
            threshold = float(rng.choice([0.25, 0.4, 0.5, 0.6]))
            index = series_index(rng, n) if series else None
            params = {"threshold": threshold}
            cases.append(Case(f"{label} ({n} rows)", data, index=index, params=params))
        return cases

    return public, hidden


# -- q3: the Chouldechova identity ----------------------------------------------------------------
def identity_cases() -> Makers:
    """q3: no arrays, the parameters ``base_rate``, ``ppv`` and ``fnr``."""

    def case(label, p, ppv, fnr) -> Case:
        return Case(label, {}, params={"base_rate": p, "ppv": ppv, "fnr": fnr})

    def public() -> list[Case]:
        return [
            case("base rate 0.3, PPV 0.6, FNR 0.4", 0.3, 0.6, 0.4),
            case("base rate 0.5, PPV 0.6, FNR 0.4", 0.5, 0.6, 0.4),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        while len(cases) < 4:
            p, ppv, fnr = rng.uniform(0.05, 0.7), rng.uniform(0.3, 0.95), rng.uniform(0.05, 0.7)
            fpr = p / (1 - p) * (1 - ppv) / ppv * (1 - fnr)
            if fpr < 0.9:  # a population that can exist
                cases.append(
                    case(f"group {len(cases) + 1}", round(p, 4), round(ppv, 4), round(fnr, 4))
                )
        return cases

    return public, hidden


# -- q4: intersectional selection rates ---------------------------------------------------------
_INTER_PUBLIC = {
    "y_pred": np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0]),
    "sex": np.array(["F", "F", "F", "F", "F", "M", "M", "M", "M", "M", "M", "M"]),
    "race": np.array(["x", "x", "x", "y", "y", "x", "x", "x", "y", "y", "y", "y"]),
}


def _inter(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        "y_pred": frame["y_pred"].to_numpy().astype(np.int64),
        "sex": frame["sex"].to_numpy().astype(str),
        "race": frame["race"].to_numpy().astype(str),
    }


def _with_exact_cell(rng, data: dict[str, np.ndarray], min_size: int, race: str):
    """Relabel ``min_size`` random rows into a new race ``race``: one cell of exactly that size."""
    rows = rng.choice(len(data["sex"]), min_size, replace=False)
    sex, races = data["sex"].copy(), data["race"].copy()
    sex[rows], races[rows] = sex[rows[0]], race
    return {**data, "sex": sex, "race": races}


def intersection_cases() -> Makers:
    """q4: ``(y_pred, sex, race)`` with ``min_size``."""

    def public() -> list[Case]:
        adult = adult_predictions()
        return [
            Case("a small table, min_size 3", _INTER_PUBLIC, params={"min_size": 3}),
            Case("the first 600 rows of `adult`", _inter(adult.head(600)), params={"min_size": 15}),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        adult = adult_predictions()
        cases = []
        for k in range(2):
            n = int(rng.integers(1500, 4000))
            sample = adult.iloc[rng.integers(0, len(adult), n)]
            min_size = int(rng.integers(10, 40))
            data = _with_exact_cell(rng, _inter(sample), min_size, "Multiple")
            index = series_index(rng, n) if k else None
            label = f"a resample of the Adult decisions ({n} rows)"
            cases.append(Case(label, data, index=index, params={"min_size": min_size}))
        n = int(rng.integers(200, 400))
        data = {
            "y_pred": (rng.random(n) < 0.4).astype(np.int64),
            "sex": rng.choice(["woman", "man", "nonbinary"], n, p=[0.45, 0.45, 0.1]),
            "race": rng.choice(["p", "q", "r", "s"], n, p=[0.4, 0.3, 0.2, 0.1]),
        }
        min_size = int(rng.integers(5, 12))
        data = _with_exact_cell(rng, data, min_size, "t")
        cases.append(Case(f"synthetic labels ({n} rows)", data, params={"min_size": min_size}))
        return cases

    return public, hidden
