"""Cases of m07-post-processing: scores, labels and groups.

The public hand example uses binary fractions (exact in floating point, so a score equal to the
threshold really is equal, and distances to 0.5 compare exactly); it has a score exactly at 0.5
so that ``>`` instead of ``>=`` shows. Hidden cases are drawn with
``fairkit.datasets.make_risk_scores`` (calibrated scores, base rates that differ by group):
60-600 rows, two to four groups with string labels in unsorted order, sometimes pandas Series
with a shifted index; every group has at least two actual positives and two actual negatives.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.questions._base import Case
from autograder.questions._by_group import spread
from fairkit.datasets import make_risk_scores

__all__ = ["SETUP_DATA", "cases", "plain_rates", "reject_rates"]

# The exercise notebook's data (also used for the public "notebook sample" case).
SETUP_DATA = {"n": 4000, "base_rates": {"A": 0.3, "B": 0.5}, "seed": 7}

_A = ([0.875, 0.8125, 0.75, 0.625, 0.5, 0.375, 0.25, 0.125], [1, 1, 1, 0, 1, 0, 0, 0])
_B = ([0.9375, 0.5625, 0.4375, 0.3125, 0.1875, 0.0625], [1, 0, 1, 1, 0, 0])
_LABELS = ("north", "south", "east", "west", "urban", "rural", "A", "B", "C")


def _hand() -> dict[str, np.ndarray]:
    return {
        "scores": np.array(_A[0] + _B[0]),
        "y_true": np.array(_A[1] + _B[1], dtype=np.int64),
        "groups": np.array(["a"] * 8 + ["b"] * 6),
    }


def _sample(n: int, rates: dict[str, float], seed) -> dict[str, np.ndarray]:
    frame = make_risk_scores(n, base_rates=rates, random_state=seed).frame
    return {
        "scores": frame["score"].to_numpy(dtype=float),
        "y_true": frame["y"].to_numpy(dtype=np.int64),
        "groups": frame["group"].astype(str).to_numpy(dtype=str),
    }


def _ok(data: dict[str, np.ndarray]) -> bool:
    for g in np.unique(data["groups"]):
        y = data["y_true"][data["groups"] == g]
        if y.sum() < 2 or (1 - y).sum() < 2:
            return False
    return True


def _hidden_sample(rng: np.random.Generator) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    while True:
        k = int(rng.integers(2, 5))
        labels = [str(x) for x in rng.choice(_LABELS, size=k, replace=False)]
        rates = {g: float(rng.uniform(0.2, 0.7)) for g in labels}
        data = _sample(int(rng.integers(60, 601)), rates, rng)
        if _ok(data):
            break
    index = None
    if rng.random() < 0.5:
        index = np.arange(len(data["scores"])) + int(rng.integers(1, 1000))
    return data, index


def plain_rates(scores, groups, threshold=0.5) -> dict[str, float]:
    """Selection rate by group of ``score >= threshold``."""
    scores, groups = np.asarray(scores), np.asarray(groups)
    return {str(g): float(np.mean(scores[groups == g] >= threshold)) for g in np.unique(groups)}


def reject_rates(scores, groups, deprived, margin) -> dict[str, float]:
    """Selection rate by group after reject-option classification around 0.5."""
    scores, groups = np.asarray(scores, dtype=float), np.asarray(groups)
    decision = scores >= 0.5
    region = np.abs(scores - 0.5) <= margin
    decision = np.where(region, groups == deprived, decision)
    return {str(g): float(np.mean(decision[groups == g])) for g in np.unique(groups)}


def _lowest(data) -> str:
    rates = plain_rates(data["scores"], data["groups"])
    return min(rates, key=rates.get)


def _params(kind: str, data, rng: np.random.Generator | None) -> dict:
    """The scalar arguments of a case of question kind ``kind``."""
    if kind == "threshold":
        return {"threshold": 0.5 if rng is None else float(rng.choice([0.3, 0.4, 0.5, 0.6]))}
    if kind == "target":
        return {"target_tpr": 0.75 if rng is None else float(rng.choice([0.5, 0.6, 0.7, 0.9]))}
    if kind == "reject":
        deprived = _lowest(data) if rng is None else str(rng.choice(np.unique(data["groups"])))
        return {
            "deprived": deprived,
            "margin": 0.125 if rng is None else float(rng.uniform(0, 0.3)),
        }
    # "margin": a bound the search can meet, a little above the smallest gap reachable
    deprived = _lowest(data)
    candidates = np.r_[0.0, np.abs(data["scores"] - 0.5)]
    gaps = np.array(
        [spread(reject_rates(data["scores"], data["groups"], deprived, m)) for m in candidates]
    )
    slack = 0.01 if rng is None else float(rng.choice([0.01, 0.03, 0.05]))
    max_gap = round(gaps.min() + slack, 2)
    while np.any(np.abs(gaps - max_gap) < 1e-6):  # no gap on the bound: rounding cannot flip it
        max_gap = round(max_gap + 0.005, 3)
    return {"deprived": deprived, "max_gap": max_gap}


def cases(
    names: tuple[str, ...], kind: str
) -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """(make_public, make_hidden) for questions taking the inputs ``names`` and ``kind`` params."""

    def pick(data):
        return {k: data[k] for k in names}

    def public() -> list[Case]:
        hand = _hand()
        s = SETUP_DATA
        sample = _sample(300, s["base_rates"], s["seed"])
        shifted = np.arange(300) + 100
        return [
            Case(
                "fourteen rows, a score exactly at 0.5",
                pick(hand),
                params=_params(kind, hand, None),
            ),
            Case(
                "300 rows like the notebook's, Series with index 100..399",
                pick(sample),
                index=shifted,
                params=_params(kind, sample, None),
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        made = []
        for i in range(4):
            data, index = _hidden_sample(rng)
            made.append(
                Case(
                    f"random sample {i + 1}",
                    pick(data),
                    index=index,
                    params=_params(kind, data, rng),
                )
            )
        return made

    return public, hidden
