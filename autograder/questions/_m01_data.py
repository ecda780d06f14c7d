"""Data of m01-bias-lifecycle: the tables the questions are asked on, public and hidden.

Public cases are small hand-checkable tables and the first rows of the notebook's data.
Hidden cases are drawn on the grading host: ``fairkit.datasets`` generators run again with
other seeds, sizes and bias sizes (hiring and lending), other group labels and column names,
a third group, true base rates that differ between groups (part of one group's true
negatives dropped), shuffled rows and non-default indexes. Every table keeps the promises the
prompts make: every group has true positives and true negatives, the reference group at least
two distinct values of the measured feature, every batch of a stream both compared groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from fairkit.datasets import make_hiring, make_hiring_stream, make_lending

__all__ = [
    "Table",
    "audit_tables",
    "notebook_hiring",
    "notebook_stream",
    "representation_cases",
    "stream_tables",
]

NOTEBOOK_SEED = 11
NOTEBOOK_HIRING = dict(
    historical_bias=0.3, measurement_bias=0.5, missing_rate=0.05, missing_bias=0.2
)


@dataclass(frozen=True)
class Table:
    """A table with the roles of its columns (the params a question passes by keyword)."""

    label: str
    frame: pd.DataFrame
    sensitive: str
    reference: str  # the advantaged group
    true_label: str
    recorded_label: str
    missing: str  # a column with missing values
    feature: str  # the measured feature
    index: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class GappyCase(Case):
    """A case whose float inputs may hold NaN (missing values).

    JSON has no NaN, so a NaN travels as ``null``; ``faircheck`` builds a float array from
    the values, which turns ``None`` back into NaN. Other inputs travel as in :class:`Case`.
    """

    def to_dict(self) -> dict[str, Any]:
        spec = super().to_dict()
        for name, values in self.inputs.items():
            if values.dtype.kind == "f" and np.isnan(values).any():
                spec["inputs"][name]["values"] = [
                    None if np.isnan(v) else v for v in values.tolist()
                ]
        return spec


def _plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as text, as in the notebook and in a case."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(str)
    return out


def notebook_hiring() -> pd.DataFrame:
    """The notebook's ``hiring`` table (the same call as its setup code)."""
    data = make_hiring(4000, random_state=NOTEBOOK_SEED, **NOTEBOOK_HIRING)
    return _plain_frame(data.frame)


def notebook_stream() -> pd.DataFrame:
    """The notebook's ``stream`` table (the same call as its setup code)."""
    return _plain_frame(make_hiring_stream(30, 200, random_state=NOTEBOOK_SEED).frame)


def frame_case(table: Table, params: dict, note: str = "") -> Case:
    """One frame case from a table: every column, as arrays of numbers or text."""
    inputs = {}
    for name in table.frame.columns:
        values = table.frame[name].to_numpy()
        inputs[name] = values.astype(str) if values.dtype == object else values
    label = f"{table.label} ({len(table.frame)} rows{', ' + note if note else ''})"
    return GappyCase(label, inputs, index=table.index, frame=True, params=params)


# -- public tables ---------------------------------------------------------------------------
_SMALL = pd.DataFrame(
    {
        "gender": [
            *("man", "woman", "man", "woman", "man", "man", "woman", "man", "woman"),
            *("man", "nonbinary", "nonbinary", "nonbinary"),
        ],
        "test_score": [
            55.0,
            np.nan,
            61.5,
            48.0,
            np.nan,
            50.5,
            np.nan,
            44.0,
            58.5,
            63.0,
            np.nan,
            52.0,
            47.0,
        ],
        "interview_score": [
            58.0,
            41.0,
            66.0,
            47.0,
            52.0,
            45.0,
            50.0,
            40.0,
            43.0,
            60.0,
            70.0,
            55.0,
            62.0,
        ],
        "qualified": [1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1],
        "hired": [1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0],
    }
)


def public_audit_tables() -> list[Table]:
    """A hand-checkable table of 13 applicants and the first rows of the notebook's data."""
    roles = dict(
        sensitive="gender",
        reference="man",
        true_label="qualified",
        recorded_label="hired",
        missing="test_score",
        feature="interview_score",
    )
    head = notebook_hiring().head(300)
    return [
        Table("a small table of 13 applicants", _SMALL, **roles),
        Table("the first rows of `hiring`", head, **roles),
    ]


# -- hidden tables ---------------------------------------------------------------------------
_HIRING_ROLES = ("gender", "qualified", "hired", "test_score", "interview_score")
_LENDING_ROLES = ("race", "repaid", "approved", "debt_to_income", "credit_score")


def _generate(rng: np.random.Generator, make, n: int) -> pd.DataFrame:
    data = make(
        n,
        group_proportion=float(rng.uniform(0.15, 0.5)),
        historical_bias=float(rng.uniform(0.1, 0.6)),
        measurement_bias=float(rng.uniform(0.2, 1.5)),
        missing_rate=float(rng.uniform(0.0, 0.1)),
        missing_bias=float(rng.uniform(0.05, 0.3)),
        random_state=int(rng.integers(2**31)),
    )
    return _plain_frame(data.frame)


def _keep_promises(frame: pd.DataFrame, roles: tuple[str, ...]) -> pd.DataFrame:
    """Every group: a true positive and a true negative (recorded as such, so no flip is
    added), and two distinct values of the feature."""
    sensitive, true, recorded, _, feature = roles
    frame = frame.copy()
    for group in frame[sensitive].unique():
        rows = frame.index[frame[sensitive] == group][:2]
        frame.loc[rows, [true, recorded]] = [[1, 1], [0, 0]][: len(rows)]
        if len(rows) > 1:
            frame.loc[rows[1], feature] = frame.loc[rows[0], feature] + 1
    return frame


def _table(label, frame, roles, reference, *, rename=None, index=None) -> Table:
    sensitive, true, recorded, missing, feature = roles
    frame = _keep_promises(frame, roles)
    if rename:
        frame = frame.rename(columns={sensitive: rename})
        sensitive = rename
    return Table(label, frame, sensitive, reference, true, recorded, missing, feature, index)


def hidden_audit_tables(rng: np.random.Generator) -> list[Table]:
    """Regenerated hiring and lending tables, with the twists the module docstring lists."""
    hiring = _generate(rng, make_hiring, int(rng.integers(800, 2500)))
    lending = _generate(rng, make_lending, int(rng.integers(800, 2500)))
    tables = [
        _table("regenerated hiring data", hiring, _HIRING_ROLES, "man"),
        _table("regenerated lending data", lending, _LENDING_ROLES, "majority"),
    ]
    # Other labels and another name for the group column.
    relabelled = _generate(rng, make_hiring, int(rng.integers(300, 900)))
    relabelled["gender"] = relabelled["gender"].map({"man": "M", "woman": "F"})
    tables.append(
        _table("hiring data, groups 'F' and 'M'", relabelled, _HIRING_ROLES, "M", rename="sex")
    )
    # A third group (part of the majority relabelled), shuffled rows and a shifted index.
    three = _generate(rng, make_lending, int(rng.integers(900, 2000)))
    moved = (three["race"] == "majority") & (rng.random(len(three)) < 0.3)
    three.loc[moved, "race"] = "other"
    three = three.iloc[rng.permutation(len(three))].reset_index(drop=True)
    index = rng.permutation(len(three)) + 5000
    tables.append(
        _table("lending data with three groups", three, _LENDING_ROLES, "majority", index=index)
    )
    # True base rates that differ: part of the disadvantaged group's true negatives dropped.
    skewed = _generate(rng, make_hiring, int(rng.integers(1500, 3000)))
    drop = (skewed["gender"] == "woman") & (skewed["qualified"] == 0)
    drop &= rng.random(len(skewed)) < rng.uniform(0.3, 0.7)
    skewed = skewed[~drop].reset_index(drop=True)
    tables.append(_table("hiring data whose true base rates differ", skewed, _HIRING_ROLES, "man"))
    # A small sample.
    small = _generate(rng, make_lending, 60)
    tables.append(_table("a small lending sample", small, _LENDING_ROLES, "majority"))
    return tables


def audit_tables(
    params: Callable[[Table], dict | list[dict]],
) -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """Public and hidden case makers for a question on one audit table.

    ``params(table)`` gives the case's keyword arguments, or a list of them for one case each
    (the label of the case then names the parameter that changes, e.g. ``label='qualified'``).
    """

    def cases(tables: list[Table]) -> list[Case]:
        out = []
        for table in tables:
            choices = params(table)
            if isinstance(choices, dict):
                out.append(frame_case(table, choices))
                continue
            for kw in choices:
                changed = [k for k in kw if any(c[k] != kw[k] for c in choices)]
                note = ", ".join(f"{k}={kw[k]!r}" for k in changed)
                out.append(frame_case(table, kw, note=note))
        return out

    def public() -> list[Case]:
        return cases(public_audit_tables())

    def hidden(rng: np.random.Generator) -> list[Case]:
        return cases(hidden_audit_tables(rng))

    return public, hidden


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
    return _plain_frame(stream.frame)


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
    uneven = _both_groups(uneven[rng.random(len(uneven)) < rng.uniform(0.3, 0.9)], ("woman", "man"))
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
    groups, labels in any order, and a population group that is absent from the sample.
    """

    def public() -> list[Case]:
        return [
            _representation_case(
                "four rows, two groups", ["a", "a", "b", "a"], {"a": 0.5, "b": 0.5}
            ),
            _representation_case(
                "a group of the population absent from the data",
                ["x", "y", "x", "x", "y", "x", "x", "y", "x", "x"],
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
        hiring = _generate(rng, make_hiring, int(rng.integers(500, 3000)))
        share = float(rng.uniform(0.4, 0.6))
        cases.append(
            _representation_case(
                "regenerated hiring data", hiring["gender"], {"woman": share, "man": 1 - share}
            )
        )
        for k, absent in ((3, False), (5, False), (4, True)):
            labels = rng.permutation(["north", "south", "east", "west", "centre"])[:k]
            population = rng.dirichlet(np.full(k, 3.0))
            sample_p = rng.dirichlet(np.full(k, 2.0))
            if absent:
                sample_p[-1] = 0.0
                sample_p /= sample_p.sum()
            n = int(rng.integers(40, 900))
            groups = labels[rng.choice(k, size=n, p=sample_p)]
            if not absent:  # every group present at least once
                groups[:k] = labels
            order = rng.permutation(k)
            pop = {str(labels[i]): float(population[i]) for i in order}
            what = "a region absent from the data" if absent else f"{k} regions"
            cases.append(_representation_case(f"a sample of {what}", groups, pop))
        return cases

    return public, hidden
