"""Cases of m01-bias-lifecycle on streams of batches (q6, q7) and on representation (q1).

Public: a hand-checkable stream of 3 batches and the first 5 batches of the notebook's
``stream``; hand-checkable groups against a population, and ``hiring`` against the census.
Hidden, drawn on the grading host: streams regenerated with other drifts, group shares and
selection rates, labels 'F'/'M', week numbers from 201, shuffled rows, a third group, batches
of uneven size, shifted indexes; samples of three to five regions against populations drawn
from a Dirichlet, every region present, listed in another order. Every batch has rows of both
compared groups, and no group of a batch has 625 rows or more, so that no gap can equal a
band limit with four decimals ending in 1, 3, 7 or 9 (see q7).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from autograder.questions._m01_data import generate, notebook_hiring, notebook_stream, plain_frame
from fairkit.datasets import make_hiring, make_hiring_stream

__all__ = ["representation_cases", "stream_tables"]


# -- streams ---------------------------------------------------------------------------------
_SMALL_STREAM = pd.DataFrame(
    {
        "batch": [1] * 6 + [2] * 6 + [3] * 6,
        "gender": ["man", "woman", "man", "woman", "man", "man"] * 3,
        "selected": [*(1, 1, 0, 0, 1, 0), *(1, 0, 1, 0, 0, 1), *(0, 1, 1, 1, 0, 0)],
    }
)


def _stream_frame(rng: np.random.Generator, n_batches: int, batch_size: int) -> pd.DataFrame:
    stream = make_hiring_stream(
        n_batches,
        batch_size,
        group_proportion=float(rng.uniform(0.25, 0.5)),
        selection_rate=float(rng.uniform(0.2, 0.5)),
        drift_start=int(rng.integers(2, n_batches + 1)),
        drift=float(rng.uniform(0.3, 1.2)),
        drift_duration=int(rng.integers(1, 4)),
        random_state=int(rng.integers(2**31)),
    )
    return plain_frame(stream.frame)


def _both_groups(frame: pd.DataFrame, groups: tuple[str, str]) -> pd.DataFrame:
    """The first two rows of every batch belong to the two compared groups."""
    frame = frame.copy()
    for batch in frame["batch"].unique():
        rows = frame.index[frame["batch"] == batch][:2]
        frame.loc[rows, "gender"] = list(groups)
    return frame


def hidden_streams(rng: np.random.Generator) -> list[tuple[str, pd.DataFrame, str, str, bool]]:
    """(label, frame, group, reference, shifted index?) of every hidden stream."""
    plain = _both_groups(_stream_frame(rng, int(rng.integers(6, 15)), 120), ("woman", "man"))
    relabelled = _stream_frame(rng, int(rng.integers(5, 10)), 80)
    relabelled["gender"] = relabelled["gender"].map({"man": "M", "woman": "F"})
    relabelled["batch"] += 200  # week numbers that do not start at 1
    relabelled = _both_groups(relabelled, ("F", "M"))
    relabelled = relabelled.iloc[rng.permutation(len(relabelled))]  # rows in any order
    three = _stream_frame(rng, int(rng.integers(5, 10)), 150)
    other = (three["gender"] == "man") & (rng.random(len(three)) < 0.35)
    three.loc[other, "gender"] = "nonbinary"
    three = _both_groups(three, ("woman", "man"))
    uneven = _stream_frame(rng, int(rng.integers(6, 12)), 160)
    uneven = _both_groups(uneven[rng.random(len(uneven)) < rng.uniform(0.5, 0.9)], ("woman", "man"))
    return [
        ("a regenerated stream", plain, "woman", "man", False),
        (
            "a stream with groups 'F' and 'M', weeks 201 on, rows shuffled",
            relabelled,
            "F",
            "M",
            True,
        ),
        ("a stream with a third group", three, "woman", "man", False),
        ("a stream whose batches differ in size", uneven, "woman", "man", True),
    ]


def stream_tables(
    params: Callable[[np.random.Generator | None], dict],
) -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """Case makers for a question on a stream of batches; ``params(rng)`` adds scalars."""

    def case(label, frame, group, reference, index, rng) -> Case:
        frame = frame.reset_index(drop=True)
        inputs = {c: frame[c].to_numpy() for c in ("batch", "gender", "selected")}
        inputs["gender"] = inputs["gender"].astype(str)
        kw = {"group": group, "reference": reference, **params(rng)}
        return Case(f"{label} ({len(frame)} rows)", inputs, index=index, frame=True, params=kw)

    def public() -> list[Case]:
        head = notebook_stream()
        head = head[head["batch"] <= 5]
        return [
            case("a small stream of 3 batches", _SMALL_STREAM, "woman", "man", None, None),
            case("the first 5 batches of `stream`", head, "woman", "man", None, None),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        for label, frame, group, reference, shifted in hidden_streams(rng):
            index = rng.permutation(len(frame)) + 700 if shifted else None
            cases.append(case(label, frame, group, reference, index, rng))
        return cases

    return public, hidden


# -- representation --------------------------------------------------------------------------
def _representation_case(label, groups, population: dict) -> Case:
    inputs = {
        "groups": np.asarray(groups).astype(str),
        "population_groups": np.array(list(population), dtype=str),
        "population_shares": np.array(list(population.values()), dtype=float),
    }
    return Case(f"{label} ({len(inputs['groups'])} rows)", inputs)


def representation_cases() -> tuple[
    Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]
]:
    """Public and hidden cases of the representation question (groups + a population).

    Hidden: regenerated samples against populations drawn from a Dirichlet, with three to five
    groups, labels in any order. Every group of the population appears in the sample: a
    learner's honest wrong answer (population / data) would otherwise divide by zero, and an
    infinite value cannot travel in a reply (it arrives as text and is taken for tampering).
    """

    def public() -> list[Case]:
        return [
            _representation_case(
                "four rows, two groups", ["a", "a", "b", "a"], {"a": 0.5, "b": 0.5}
            ),
            _representation_case(
                "three groups, the population listed in another order",
                ["x", "y", "x", "x", "y", "x", "x", "y", "x", "z"],
                {"z": 0.2, "x": 0.5, "y": 0.3},
            ),
            _representation_case(
                "`hiring` against the census",
                notebook_hiring()["gender"],
                {"man": 0.5, "woman": 0.5},
            ),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        cases = []
        hiring = generate(rng, make_hiring, int(rng.integers(500, 3000)))
        share = float(rng.uniform(0.4, 0.6))
        cases.append(
            _representation_case(
                "regenerated hiring data", hiring["gender"], {"woman": share, "man": 1 - share}
            )
        )
        for k in (3, 4, 5):
            labels = rng.permutation(["north", "south", "east", "west", "centre"])[:k]
            population = rng.dirichlet(np.full(k, 3.0))
            n = int(rng.integers(40, 900))
            groups = labels[rng.choice(k, size=n, p=rng.dirichlet(np.full(k, 2.0)))]
            groups[:k] = labels  # every group present at least once
            order = rng.permutation(k)
            pop = {str(labels[i]): float(population[i]) for i in order}
            cases.append(_representation_case(f"a sample of {k} regions", groups, pop))
        return cases

    return public, hidden
