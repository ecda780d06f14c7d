"""Cases of m05-data-debiasing: small hand-checkable public tables, hidden ones drawn on the host.

Every case keeps the prompts' promises: every group has at least one row of each label
(reweighing and resampling are undefined otherwise), the expected cell sizes
``n_g * n_y / n`` never end in exactly .5 (so rounding is unambiguous), scores are distinct,
and within a group the values of a feature to repair are distinct.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from fairkit.datasets import make_hiring

__all__ = [
    "HIRING_COLUMNS",
    "decorrelate_cases",
    "hiring_frame",
    "label_cases",
    "repair_cases",
    "report_cases",
    "score_cases",
]

HIRING_COLUMNS = ("test_score", "years_experience", "interview_score", "club_member")


def _no_half(y: np.ndarray, groups: np.ndarray) -> bool:
    _, codes = np.unique(groups, return_inverse=True)
    n_g, n_y = np.bincount(codes), np.bincount(y, minlength=2)
    expected = np.outer(n_g, n_y) / len(y)
    return bool(np.all(np.abs(expected - np.floor(expected) - 0.5) > 1e-9))


def _labels(rng, names, sizes, rates) -> tuple[np.ndarray, np.ndarray]:
    """Labels and shuffled group names; every group gets both labels; no expected .5 cell."""
    while True:
        codes = rng.permutation(np.repeat(np.arange(len(names)), sizes))
        y = (rng.random(len(codes)) < np.asarray(rates)[codes]).astype(np.int64)
        for j in range(len(names)):
            rows = np.flatnonzero(codes == j)
            y[rows[:2]] = (1, 0)
        groups = np.asarray(names)[codes]
        if _no_half(y, groups):
            return y, groups


# -- q1, q2: labels and groups -------------------------------------------------------------------
_PUBLIC_LABELS = (
    # a: 3 of 4 hired, b: 1 of 4, c: 1 of 2 (the lesson's worked example).
    ("three groups, 10 rows", [1, 1, 1, 0, 1, 0, 0, 0, 1, 0], ["a"] * 4 + ["b"] * 4 + ["c"] * 2),
    (
        "men and women, 11 rows in mixed order",
        [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0],
        ["man", "woman", "man", "man", "woman", "woman", "man", "woman", "man", "woman", "man"],
    ),
)


def label_cases(hidden_rng: np.random.Generator | None = None) -> list[Case]:
    """Public cases (no rng) or hidden ones: (y, groups)."""
    if hidden_rng is None:
        return [
            Case(label, {"y": np.array(y, dtype=np.int64), "groups": np.array(g)})
            for label, y, g in _PUBLIC_LABELS
        ]
    rng = hidden_rng
    made = []
    for label, names, sizes, rates in (
        ("two groups of unequal size", ["man", "woman"], rng.integers([60, 15], [120, 40]), None),
        ("four groups", ["north", "south", "east", "west"], rng.integers(10, 50, 4), None),
        ("integer groups 0, 1, 2", [0, 1, 2], rng.integers(8, 30, 3), None),
        ("a group of two rows", ["x", "y", "z"], [*rng.integers(20, 40, 2), 2], None),
        ("rare positives", ["p", "q"], rng.integers(40, 80, 2), [0.1, 0.04]),
    ):
        rates = rng.uniform(0.15, 0.85, len(names)) if rates is None else rates
        y, groups = _labels(rng, names, sizes, rates)
        made.append(Case(f"drawn: {label}", {"y": y, "groups": groups}))
    return made


# -- q3: scores, labels, groups ------------------------------------------------------------------
def score_cases(hidden_rng: np.random.Generator | None = None) -> list[Case]:
    """(scores, y, groups): a ranker's distinct scores in (0, 1)."""
    if hidden_rng is None:
        y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
        groups = np.array(["a"] * 4 + ["b"] * 4)
        scores = np.array([0.9, 0.4, 0.7, 0.6, 0.55, 0.2, 0.8, 0.3])
        # a and b each need two rows per label: one row dropped and one doubled in each group.
        y2 = np.array([1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0])
        g2 = np.array(["m", "w", "w", "w", "w", "w", "w", "m", "m", "m", "m", "m"])
        s2 = np.array([0.95, 0.6, 0.3, 0.45, 0.1, 0.35, 0.7, 0.5, 0.65, 0.8, 0.25, 0.4])
        return [
            Case("two groups of four rows", {"scores": scores, "y": y, "groups": groups}),
            Case("men and women, 12 rows", {"scores": s2, "y": y2, "groups": g2}),
        ]
    rng = hidden_rng
    made = []
    for label, names, sizes in (
        ("two groups, one cell more than doubled", ["man", "woman"], [40, 12]),
        ("three groups", ["a", "b", "c"], rng.integers(15, 45, 3)),
        ("integer groups", [0, 1], rng.integers(30, 70, 2)),
        ("four groups", ["n", "s", "e", "w"], rng.integers(10, 30, 4)),
    ):
        rates = rng.uniform(0.2, 0.8, len(names))
        if label.startswith("two groups"):
            rates = np.array([0.8, 0.1])
        y, groups = _labels(rng, names, sizes, rates)
        scores = np.clip(0.5 + 0.25 * (y - 0.5) + rng.normal(0, 0.2, len(y)), 0.001, 0.999)
        scores = scores + rng.uniform(0, 1e-6, len(y))  # distinct
        made.append(Case(f"drawn: {label}", {"scores": scores, "y": y, "groups": groups}))
    return made


# -- q4: one feature and a numeric sensitive column ------------------------------------------
def decorrelate_cases(hidden_rng: np.random.Generator | None = None) -> list[Case]:
    """(x, s) with params alpha."""
    if hidden_rng is None:
        x = np.array([1.0, 2.0, 3.0, 6.0])
        s = np.array([0.0, 0.0, 1.0, 1.0])
        x2 = np.array([52.0, 61.5, 47.0, 55.5, 40.0, 44.5, 58.0])
        s2 = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
        return [
            Case("four rows, alpha 1", {"x": x, "s": s}, params={"alpha": 1.0}),
            Case("seven rows, alpha 0.5", {"x": x2, "s": s2}, params={"alpha": 0.5}),
        ]
    rng = hidden_rng
    made = []
    for label, n, alpha, kind in (
        ("binary s, alpha 1", rng.integers(30, 80), 1.0, "binary"),
        ("binary s, alpha 0.3", rng.integers(30, 80), 0.3, "binary"),
        ("numeric s (e.g. age), alpha 0.8", rng.integers(30, 80), 0.8, "numeric"),
        ("alpha 0: nothing removed", rng.integers(10, 20), 0.0, "binary"),
    ):
        if kind == "binary":
            s = (rng.random(n) < 0.35).astype(float)
            s[:2] = (0.0, 1.0)
        else:
            s = rng.uniform(20, 65, n).round()
        x = (50 + 8 * rng.standard_normal(n) - 6 * (s - s.mean()) / s.std()).round(1)
        made.append(Case(f"drawn: {label}", {"x": x, "s": s}, params={"alpha": float(alpha)}))
    return made


def _level(level: float) -> dict[str, float]:
    return {"repair_level": float(level)}


# -- q5: one feature and groups ------------------------------------------------------------------
def repair_cases(hidden_rng: np.random.Generator | None = None) -> list[Case]:
    """(x, groups) with params repair_level; distinct values within each group."""
    if hidden_rng is None:
        x = np.array([1.0, 2.0, 3.0, 11.0, 12.0, 13.0])
        g = np.array(["a", "a", "a", "b", "b", "b"])
        x2 = np.array([10.0, 4.0, 30.0, 6.0, 20.0, 2.0, 40.0])
        g2 = np.array(["m", "w", "m", "w", "m", "w", "m"])
        return [
            Case(
                "two groups of three, full repair",
                {"x": x, "groups": g},
                params={"repair_level": 1.0},
            ),
            Case(
                "unequal groups, full repair", {"x": x2, "groups": g2}, params={"repair_level": 1.0}
            ),
            Case(
                "unequal groups, half repair", {"x": x2, "groups": g2}, params={"repair_level": 0.5}
            ),
        ]
    rng = hidden_rng
    made = []
    for label, names, level in (
        ("two unequal groups, full repair", ["man", "woman"], 1.0),
        ("two groups, repair 0.4", ["majority", "minority"], 0.4),
        ("three groups, full repair", ["a", "b", "c"], 1.0),
        ("four groups, repair 0.75", [3, 1, 2, 0], 0.75),
    ):
        sizes = rng.integers(5, 40, len(names))
        codes = rng.permutation(np.repeat(np.arange(len(names)), sizes))
        shift = rng.normal(0, 2, len(names))[codes]
        x = 50 + 10 * (rng.standard_normal(len(codes)) + shift) + rng.uniform(0, 1e-6, len(codes))
        made.append(
            Case(
                label, {"x": x, "groups": np.asarray(names)[codes]}, params={"repair_level": level}
            )
        )
    return made


# -- q6: tables like the notebook's hiring data ------------------------------------------------
def hiring_frame(n: int, seed: int, **knobs) -> pd.DataFrame:
    """The exercise's table: four features, gender (str), hired, qualified."""
    f = make_hiring(n, random_state=seed, **knobs).frame
    out = f[list(HIRING_COLUMNS)].astype(float)
    out["gender"] = f["gender"].astype(str).to_numpy()
    out["hired"] = f["hired"].to_numpy()
    out["qualified"] = f["qualified"].to_numpy()
    return out


def _frame_case(label: str, frame: pd.DataFrame, index=None) -> Case:
    inputs = {c: frame[c].to_numpy() for c in frame.columns}
    return Case(label, inputs, index=index, frame=True)


def report_cases(hidden_rng: np.random.Generator | None = None) -> list[Case]:
    """Hiring tables: public from fixed seeds, hidden regenerated with other sizes and knobs."""
    if hidden_rng is None:
        return [_frame_case("600 applicants (seed 5)", hiring_frame(600, 5))]
    rng = hidden_rng
    seeds = rng.integers(0, 2**31, 3)
    n = int(rng.integers(500, 900))
    shifted = np.arange(n) + int(rng.integers(1000, 9000))
    return [
        _frame_case("drawn: regenerated applicants", hiring_frame(n, int(seeds[0]))),
        _frame_case(
            "drawn: stronger label bias, shifted index",
            hiring_frame(n, int(seeds[1]), historical_bias=0.5),
            index=shifted,
        ),
        _frame_case("drawn: more women", hiring_frame(n, int(seeds[2]), group_proportion=0.5)),
    ]
