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

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from fairkit.datasets import make_hiring, make_hiring_stream, make_lending

__all__ = [
    "Table",
    "audit_tables",
    "generate",
    "notebook_hiring",
    "notebook_stream",
    "plain_frame",
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


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as text, as in the notebook and in a case."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(str)
    return out


def notebook_hiring() -> pd.DataFrame:
    """The notebook's ``hiring`` table (the same call as its setup code)."""
    data = make_hiring(4000, random_state=NOTEBOOK_SEED, **NOTEBOOK_HIRING)
    return plain_frame(data.frame)


def notebook_stream() -> pd.DataFrame:
    """The notebook's ``stream`` table (the same call as its setup code)."""
    return plain_frame(make_hiring_stream(30, 200, random_state=NOTEBOOK_SEED).frame)


def frame_case(table: Table, params: dict, note: str = "") -> Case:
    """One frame case from a table: every column, as arrays of numbers or text."""
    inputs = {}
    for name in table.frame.columns:
        values = table.frame[name].to_numpy()
        inputs[name] = values.astype(str) if values.dtype == object else values
    label = f"{table.label} ({len(table.frame)} rows{', ' + note if note else ''})"
    return Case(label, inputs, index=table.index, frame=True, params=params)


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


def generate(rng: np.random.Generator, make, n: int) -> pd.DataFrame:
    data = make(
        n,
        group_proportion=float(rng.uniform(0.15, 0.5)),
        historical_bias=float(rng.uniform(0.1, 0.6)),
        measurement_bias=float(rng.uniform(0.2, 1.5)),
        missing_rate=float(rng.uniform(0.0, 0.1)),
        missing_bias=float(rng.uniform(0.05, 0.3)),
        random_state=int(rng.integers(2**31)),
    )
    return plain_frame(data.frame)


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
    hiring = generate(rng, make_hiring, int(rng.integers(800, 2500)))
    lending = generate(rng, make_lending, int(rng.integers(800, 2500)))
    tables = [
        _table("regenerated hiring data", hiring, _HIRING_ROLES, "man"),
        _table("regenerated lending data", lending, _LENDING_ROLES, "majority"),
    ]
    # Other labels and another name for the group column.
    relabelled = generate(rng, make_hiring, int(rng.integers(300, 900)))
    relabelled["gender"] = relabelled["gender"].map({"man": "M", "woman": "F"})
    tables.append(
        _table("hiring data, groups 'F' and 'M'", relabelled, _HIRING_ROLES, "M", rename="sex")
    )
    # A third group (part of the majority relabelled), shuffled rows and a shifted index.
    three = generate(rng, make_lending, int(rng.integers(900, 2000)))
    moved = (three["race"] == "majority") & (rng.random(len(three)) < 0.3)
    three.loc[moved, "race"] = "other"
    three = three.iloc[rng.permutation(len(three))].reset_index(drop=True)
    index = rng.permutation(len(three)) + 5000
    tables.append(
        _table("lending data with three groups", three, _LENDING_ROLES, "majority", index=index)
    )
    # True base rates that differ: part of the disadvantaged group's true negatives dropped.
    skewed = generate(rng, make_hiring, int(rng.integers(1500, 3000)))
    drop = (skewed["gender"] == "woman") & (skewed["qualified"] == 0)
    drop &= rng.random(len(skewed)) < rng.uniform(0.3, 0.7)
    skewed = skewed[~drop].reset_index(drop=True)
    tables.append(_table("hiring data whose true base rates differ", skewed, _HIRING_ROLES, "man"))
    # A small sample.
    small = generate(rng, make_lending, 60)
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
