"""Cases of m09-differential-privacy q6-q8: audit counts, losses, predictions by group.

Public examples are small and hand-made; hidden ones are simulated on the grading host:
binomial event counts with a planted ε (and, sometimes, the float-grid event of a naive
mechanism), exponential losses with members fitted better, and predictions whose private
version flips more rows of the small groups (see ``_m09_data`` for the other questions).
"""

from __future__ import annotations

import numpy as np

from autograder.questions._base import Case

__all__ = ["ATTACK_CASES"]

_GROUPS = ("north", "south", "east", "west", "urban", "rural")


# -- q6 -------------------------------------------------------------------------------------------
def _q6_public() -> list[Case]:
    n = 100_000
    return [
        Case(
            "three events of a naive float Laplace",
            {"count_a": np.array([50_210, 49_870, 0]), "count_b": np.array([18_400, 50_050, n])},
            params={"n_draws": n, "confidence": 0.95},
        ),
        Case(
            "two events, 90 % confidence",
            {"count_a": np.array([4_000, 81_000]), "count_b": np.array([2_000, 88_000])},
            params={"n_draws": 20_000 * 5, "confidence": 0.9},
        ),
        Case(
            "one event, frequent on both sides",
            {"count_a": np.array([95_000]), "count_b": np.array([85_000])},
            params={"n_draws": n, "confidence": 0.95},
        ),
    ]


def _q6_hidden(rng: np.random.Generator) -> list[Case]:
    out = []
    for i in range(3):
        m, n = int(rng.integers(1, 8)), int(rng.choice([10_000, 50_000, 200_000]))
        p_a = rng.uniform(0.02, 0.98, size=m)
        p_b = np.clip(p_a * np.exp(rng.uniform(-1.5, 1.5, size=m)), 0.001, 0.999)
        count_a, count_b = rng.binomial(n, p_a), rng.binomial(n, p_b)
        if i == 2:
            count_a[0], count_b[0] = 0, n  # the float-grid event of a naive mechanism
        conf = float(rng.choice([0.9, 0.95, 0.99]))
        out.append(
            Case(
                f"{m} events",
                {"count_a": count_a, "count_b": count_b},
                params={"n_draws": n, "confidence": conf},
            )
        )
    return out


# -- q7 -------------------------------------------------------------------------------------------
def _q7_public() -> list[Case]:
    return [
        Case(
            "6 rows with a tie",
            {
                "losses": np.array([0.1, 0.4, 0.4, 0.9, 1.5, 0.2]),
                "is_member": np.array([1, 1, 0, 0, 0, 1]),
            },
        ),
        Case(
            "an outlier among the non-members",
            {
                "losses": np.array([0.1, 0.2, 0.3, 0.25, 0.5, 9.0]),
                "is_member": np.array([1, 1, 1, 0, 0, 0]),
            },
        ),
        Case(
            "10 rows, members fit better",
            {
                "losses": np.array([0.05, 0.3, 0.7, 0.2, 1.1, 0.6, 2.3, 0.15, 0.9, 0.45]),
                "is_member": np.array([1, 1, 0, 1, 0, 1, 0, 0, 0, 1]),
            },
        ),
    ]


def _q7_hidden(rng: np.random.Generator) -> list[Case]:
    out = []
    for i in range(3):
        n_in, n_out = int(rng.integers(20, 500)), int(rng.integers(20, 500))
        gap = float(rng.uniform(0.0, 1.5))
        losses = np.r_[rng.exponential(1.0, n_in) * np.exp(-gap), rng.exponential(1.0, n_out)]
        member = np.r_[np.ones(n_in, np.int64), np.zeros(n_out, np.int64)]
        order = rng.permutation(len(member))
        data = {"losses": losses[order].round(3), "is_member": member[order]}
        index = np.arange(len(member)) + 500 if i == 1 else None
        out.append(Case(f"{n_in} members, {n_out} non-members", data, index=index))
    return out


# -- q8 -------------------------------------------------------------------------------------------
def _q8_public() -> list[Case]:
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 0])
    return [
        Case(
            "8 rows of a large group, 2 of a small one",
            {
                "y_true": y,
                "pred_nonprivate": np.array([1, 0, 1, 0, 0, 0, 1, 0, 1, 0]),
                "pred_private": np.array([1, 0, 1, 0, 1, 0, 1, 0, 0, 1]),
                "groups": np.array(["large"] * 8 + ["small"] * 2),
            },
        )
    ]


def _q8_hidden(rng: np.random.Generator) -> list[Case]:
    out = []
    for i in range(2):
        k = int(rng.integers(2, 5))
        labels = [str(g) for g in rng.choice(_GROUPS, size=k, replace=False)]
        sizes = rng.integers(5, 60, size=k)
        sizes[0] *= 20  # one large group
        groups = np.repeat(labels, sizes)
        y = (rng.random(len(groups)) < 0.4).astype(np.int64)
        plain = np.where(rng.random(len(y)) < 0.85, y, 1 - y)
        flip = rng.random(len(y)) < np.where(groups == labels[0], 0.03, 0.15)
        private = np.where(flip, 1 - plain, plain)
        order = rng.permutation(len(y))
        data = {
            "y_true": y[order],
            "pred_nonprivate": plain[order],
            "pred_private": private[order],
            "groups": groups[order],
        }
        index = np.arange(len(y)) + 10 if i == 1 else None
        out.append(Case(f"{k} groups", data, index=index))
    return out


ATTACK_CASES = {
    "q6": (_q6_public, _q6_hidden),
    "q7": (_q7_public, _q7_hidden),
    "q8": (_q8_public, _q8_hidden),
}
