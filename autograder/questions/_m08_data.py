"""Cases of m08-image-bias: digit labels, predictions and capture groups.

Public examples: a ten-image hand example and a 200-image sample shaped like the notebook's
(errors of about 5 % in group A and 40 % in group B, pandas Series with index 100..299).
Hidden cases are drawn on the host: 30-600 images, two to four groups with string labels in
unsorted order, each group's error rate between 0 and 0.6, sometimes a group of one image,
sometimes Series with a shifted index; the groups-only questions get training-like
compositions (one group from 2 % to 50 % of the rows).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.questions._base import Case

__all__ = ["SETUP", "group_cases", "prediction_cases", "weight_cases"]

# The exercise notebook's data: make_group_images(SETUP["pipeline"], share_b=..., seed).
SETUP = {"pipeline": "mirror", "share_b": 0.05, "seed": 8}
_LABELS = ("A", "B", "front", "rear", "phone", "webcam", "north", "south", "C")

_HAND = {
    "y_true": np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3], dtype=np.int64),
    "y_pred": np.array([3, 1, 4, 7, 5, 9, 2, 0, 6, 3], dtype=np.int64),
    "groups": np.array(["A", "A", "A", "A", "A", "A", "B", "B", "B", "B"]),
}


def _predictions(rng: np.random.Generator, sizes: dict[str, int], errors: dict[str, float]):
    """Digits, predictions wrong with each group's probability, groups in random order."""
    groups = np.concatenate([[g] * n for g, n in sizes.items()])
    groups = groups[rng.permutation(len(groups))]
    y_true = rng.integers(0, 10, size=len(groups))
    wrong = rng.random(len(groups)) < np.array([errors[g] for g in groups])
    y_pred = np.where(wrong, (y_true + rng.integers(1, 10, size=len(groups))) % 10, y_true)
    return {
        "y_true": y_true.astype(np.int64),
        "y_pred": y_pred.astype(np.int64),
        "groups": groups.astype(str),
    }


def _notebook_like() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20180201)
    return _predictions(rng, {"A": 100, "B": 100}, {"A": 0.05, "B": 0.4})


def _hidden_predictions(rng: np.random.Generator) -> tuple[dict, np.ndarray | None]:
    k = int(rng.integers(2, 5))
    labels = [str(x) for x in rng.choice(_LABELS, size=k, replace=False)]
    sizes = {g: int(rng.integers(10, 150)) for g in labels}
    if rng.random() < 0.3:
        sizes[labels[-1]] = 1
    errors = {g: float(rng.uniform(0, 0.6)) for g in labels}
    data = _predictions(rng, sizes, errors)
    index = None
    if rng.random() < 0.5:
        index = np.arange(len(data["groups"])) + int(rng.integers(1, 1000))
    return data, index


def _boot_params(rng: np.random.Generator | None, *, first: bool = False) -> dict:
    if rng is None:
        return {"n_boot": 400, "confidence": 0.95, "seed": 0}
    # The first hidden case never asks for 95 % (the public one does), so an answer that
    # ignores the confidence always loses marks, whatever the other draws.
    return {
        "n_boot": int(rng.choice([200, 300, 500])),
        "confidence": float(rng.choice([0.8, 0.9] if first else [0.8, 0.9, 0.95])),
        "seed": int(rng.integers(0, 2**31)),
    }


def prediction_cases(
    bootstrap: bool,
) -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """(make_public, make_hidden) for questions taking ``y_true, y_pred, groups``."""

    def params(rng, first=False):
        return _boot_params(rng, first=first) if bootstrap else {}

    def public() -> list[Case]:
        return [
            Case("ten images, groups A and B", _HAND, params=params(None)),
            Case(
                "200 images like the notebook's, Series with index 100..299",
                _notebook_like(),
                index=np.arange(100, 300),
                params=params(None),
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        made = []
        for i in range(3):
            data, index = _hidden_predictions(rng)
            made.append(
                Case(f"random sample {i + 1}", data, index=index, params=params(rng, i == 0))
            )
        return made

    return public, hidden


def _composition(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    labels = [str(x) for x in rng.choice(_LABELS, size=k, replace=False)]
    small = rng.uniform(0.02, 0.5, size=k - 1)
    shares = np.r_[small, max(1.0 - small.sum(), 0.2)]
    counts = np.maximum(1, np.round(n * shares / shares.sum()).astype(int))
    groups = np.concatenate([[g] * c for g, c in zip(labels, counts, strict=True)])
    return groups[rng.permutation(len(groups))].astype(str)


def _training_like() -> np.ndarray:
    rng = np.random.default_rng(5)
    groups = np.array(["A"] * 380 + ["B"] * 20)
    return groups[rng.permutation(400)]


def group_cases(
    seeded: bool,
) -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """(make_public, make_hidden) for questions taking ``groups`` (and ``seed`` if seeded)."""

    def params(rng):
        if not seeded:
            return {}
        return {"seed": 0 if rng is None else int(rng.integers(0, 2**31))}

    def public() -> list[Case]:
        hand = np.array(["A", "B", "A", "A", "C", "A", "B", "A"])
        return [
            Case("eight images, groups A, B, C", {"groups": hand}, params=params(None)),
            Case(
                "400 training images, 5 % in group B",
                {"groups": _training_like()},
                params=params(None),
            ),
            # Two groups to top up, each with several images: only here does drawing with one
            # generator differ from restarting it per group (a 1-image group has one outcome).
            Case(
                "sixteen images, two small groups of three",
                {"groups": np.array(list("BCAABACBAAAACAAA"))},
                params=params(None),
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        made = []
        for i in range(3):
            groups = _composition(rng, int(rng.integers(30, 800)), int(rng.integers(2, 5)))
            index = np.arange(len(groups)) + 7 if rng.random() < 0.5 else None
            made.append(
                Case(f"random groups {i + 1}", {"groups": groups}, index=index, params=params(rng))
            )
        return made

    return public, hidden


def _balanced(groups: np.ndarray) -> np.ndarray:
    labels, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    return (len(groups) / (len(labels) * counts))[inverse]


def weight_cases() -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """(make_public, make_hidden) for the effective sample size: ``weights`` only."""

    def public() -> list[Case]:
        return [
            Case("four weights", {"weights": np.array([1.0, 1.0, 1.0, 3.0])}),
            Case(
                "group weights of 400 images, 5 % in group B",
                {"weights": _balanced(_training_like())},
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        groups = _composition(rng, int(rng.integers(30, 800)), int(rng.integers(2, 5)))
        raw = rng.exponential(1.0, size=int(rng.integers(5, 300)))
        index = np.arange(len(groups)) + 11 if rng.random() < 0.5 else None
        return [
            Case("random group weights", {"weights": _balanced(groups)}, index=index),
            Case("random positive weights", {"weights": raw}),
            Case("one weight for every row", {"weights": np.full(int(rng.integers(3, 50)), 2.5)}),
        ]

    return public, hidden
