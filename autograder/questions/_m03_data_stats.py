"""Case makers of m03-metric-tradeoffs, q5-q7: bootstrap, permutation test and power.

Bootstrap and permutation cases keep the two compared groups large enough (a fifth of the rows
or more, at least 100 rows) that no replicate loses one of them; a third group is sometimes
present and must be ignored. Power cases never have the unrounded sample size within 1e-6 of an
integer, so rounding up is unambiguous.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.questions._base import Case
from autograder.questions._m03_data import Makers, series_index
from faircheck.datasets import adult_predictions

__all__ = ["bootstrap_cases", "permutation_cases", "power_cases"]


def _two_groups(rng, n, labels, shares, rates) -> dict[str, np.ndarray]:
    codes = rng.choice(len(labels), n, p=shares)
    y_pred = (rng.random(n) < np.asarray(rates)[codes]).astype(np.int64)
    return {"y_pred": y_pred, "groups": np.asarray(labels)[codes]}


# a: 6 of 10 selected, b: 3 of 10, c (not compared): 3 of 4.
_GAP_PUBLIC = {
    "y_pred": np.array([1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1]),
    "groups": np.array(["a", "b", "c"] * 4 + ["a", "b"] * 6),
}


def _gap_hidden(rng, extra: dict) -> list[tuple[str, dict, np.ndarray | None, dict]]:
    specs = [
        ("two groups, a clear gap", ["A", "B"], [0.5, 0.5], [0.5, 0.3], 300, False),
        (
            "three groups, no real gap",
            ["x", "y", "z"],
            [0.4, 0.4, 0.2],
            [0.3, 0.3, 0.6],
            250,
            False,
        ),
        ("integer groups, as pandas Series", [1, 2], [0.3, 0.7], [0.2, 0.3], 200, True),
    ]
    out = []
    for label, labels, shares, rates, n, series in specs:
        data = _two_groups(rng, n, labels, shares, rates)
        a, b = (str(g) for g in labels[:2]) if isinstance(labels[0], str) else labels[:2]
        params = {"a": a, "b": b, **{k: v(rng) for k, v in extra.items()}}
        index = series_index(rng, n) if series else None
        out.append((f"{label} ({n} rows)", data, index, params))
    return out


def bootstrap_cases() -> Makers:
    """q5: ``(y_pred, groups)``; ``a``, ``b``, ``n_boot``, ``seed``, ``confidence``, ``method``."""

    def public() -> list[Case]:
        base = {"a": "a", "b": "b", "n_boot": 200, "seed": 0}
        return [
            Case(
                "24 rows, percentile, 95 %",
                _GAP_PUBLIC,
                params={**base, "confidence": 0.95, "method": "percentile"},
            ),
            Case(
                "24 rows, basic, 90 %",
                _GAP_PUBLIC,
                params={**base, "confidence": 0.9, "method": "basic"},
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        extra = {
            "n_boot": lambda r: int(r.integers(150, 400)),
            "seed": lambda r: int(r.integers(0, 2**31)),
            "confidence": lambda r: float(r.choice([0.8, 0.9, 0.95])),
        }
        cases = []
        for i, (label, data, index, params) in enumerate(_gap_hidden(rng, extra)):
            for method in ("percentile", "basic"):
                if i == 2 and method == "percentile":
                    continue
                cases.append(
                    Case(
                        f"{label}, {method}", data, index=index, params={**params, "method": method}
                    )
                )
        return cases

    return public, hidden


def permutation_cases() -> Makers:
    """q6: ``(y_pred, groups)`` with ``a``, ``b``, ``n_permutations``, ``seed``."""

    def public() -> list[Case]:
        params = {"a": "a", "b": "b", "n_permutations": 200, "seed": 0}
        adult = adult_predictions().head(400)
        adult_in = {
            "y_pred": adult["y_pred"].to_numpy(),
            "groups": adult["race"].to_numpy().astype(str),
        }
        adult_params = {"a": "White", "b": "Black", "n_permutations": 300, "seed": 0}
        return [
            Case("24 rows in three groups", _GAP_PUBLIC, params=params),
            Case("the first 400 rows of `adult`, by race", adult_in, params=adult_params),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        extra = {
            "n_permutations": lambda r: int(r.integers(150, 400)),
            "seed": lambda r: int(r.integers(0, 2**31)),
        }
        return [Case(label, d, index=ix, params=p) for label, d, ix, p in _gap_hidden(rng, extra)]

    return public, hidden


# -- q7: rows needed for a given power ------------------------------------------------------------
def power_cases(unrounded: Callable[..., float]) -> Makers:
    """q7: no arrays, the parameters ``p1``, ``p2``, ``alpha`` and ``power``."""

    def case(label, p1, p2, alpha, power) -> Case:
        return Case(label, {}, params={"p1": p1, "p2": p2, "alpha": alpha, "power": power})

    def public() -> list[Case]:
        return [
            case("rates 0.30 vs 0.20, alpha 0.05, power 0.8", 0.3, 0.2, 0.05, 0.8),
            case("rates 0.10 vs 0.12, alpha 0.05, power 0.9", 0.1, 0.12, 0.05, 0.9),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        while len(cases) < 4:
            p1 = round(float(rng.uniform(0.05, 0.6)), 3)
            p2 = round(p1 + float(rng.choice([-1, 1]) * rng.uniform(0.02, 0.2)), 3)
            alpha, power = float(rng.choice([0.01, 0.05, 0.1])), float(rng.choice([0.8, 0.9]))
            if not 0 < p2 < 1 or p1 == p2:
                continue
            n = unrounded(p1=p1, p2=p2, alpha=alpha, power=power)
            if abs(n - round(n)) < 1e-6:
                continue
            cases.append(case(f"rates {p1} vs {p2}", p1, p2, alpha, power))
        return cases

    return public, hidden
