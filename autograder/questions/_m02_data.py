"""Data of m02-group-metrics: the notebook's Adult predictions and the test-case tables.

Public tables are small and hand-checkable; hidden tables are drawn from a seeded generator
and cover the edge cases (a group of one or two rows, three to five groups, string labels in
unsorted order, a group where nobody is selected, pandas Series with a non-default index).
With ``both_labels=True`` every group has at least one actual positive and one actual negative,
so no true or false positive rate is 0/0.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from faircheck.datasets import FILES, adult_predictions

__all__ = ["adult_frames", "case_makers", "fit_adult_predictions", "write_adult_predictions"]

SHIPPED = FILES / "m02_adult_predictions.csv.gz"

_FEATURES = ("age", "education_num", "hours_per_week", "capital_gain", "capital_loss")


def fit_adult_predictions() -> pd.DataFrame:
    """Fit the exercise's model afresh: what ``faircheck.datasets.adult_predictions`` ships.

    A logistic regression on age, years of education, hours per week and capital gain/loss
    (not sex or race), fitted on 70 % of UCI Adult; the 30 % test split (9,769 rows) is
    returned with columns ``sex``, ``race``, ``y_true`` and ``y_pred``. The exercise uses the
    shipped file, so that the learner's kernel needs no model (and no ``sklearn.metrics``).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from fairkit.datasets import load_adult

    data = load_adult()
    X = data.frame[list(_FEATURES)].to_numpy(dtype=float)
    y = data.y.to_numpy()
    train, test = train_test_split(np.arange(len(y)), test_size=0.3, random_state=0, stratify=y)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(X[train], y[train])
    return pd.DataFrame(
        {
            "sex": np.asarray(data.frame["sex"].astype(str), dtype=str)[test],
            "race": np.asarray(data.frame["race"].astype(str), dtype=str)[test],
            "y_true": y[test].astype(np.int64),
            "y_pred": model.predict(X[test]).astype(np.int64),
        }
    )


def write_adult_predictions(path: Path = SHIPPED) -> None:
    """Write the shipped file from a fresh fit (byte-stable: gzip without a time stamp)."""
    frame = fit_adult_predictions()
    frame.to_csv(path, index=False, compression={"method": "gzip", "mtime": 0})


# -- test-case tables ----------------------------------------------------------------------------
def _assemble(order: list, rows: dict) -> dict[str, np.ndarray]:
    """Spread per-group columns over rows in ``order`` (the group label of each row)."""
    queues = {g: list(zip(*cols, strict=True)) for g, cols in rows.items()}
    taken = [queues[g].pop(0) for g in order]
    y_true, y_pred, weight = (np.array(col) for col in zip(*taken, strict=True))
    return {
        "y_true": y_true.astype(np.int64),
        "y_pred": y_pred.astype(np.int64),
        "groups": np.array(order),
        "sample_weight": weight.astype(float),
    }


# Per group: y_true, y_pred, sample_weight (hand-checkable; see the notebook's worked example).
_PUBLIC = (
    (
        "two groups 'a' and 'b' (8 rows)",
        _assemble(
            ["a"] * 4 + ["b"] * 4,
            {
                "a": ([1, 1, 0, 0], [1, 1, 1, 0], [2, 1, 1, 1]),
                "b": ([1, 1, 0, 0], [1, 0, 0, 0], [1, 3, 1, 1]),
            },
        ),
    ),
    (
        "three groups, labels not in sorted order (12 rows)",
        _assemble(
            ["y", "x", "z", "x", "y", "z", "y", "x", "x", "y", "z", "x"],
            {
                "x": ([1, 1, 0, 0, 1], [1, 0, 1, 0, 1], [1.5, 1, 1, 0.5, 2]),
                "y": ([1, 0, 1, 0], [1, 1, 1, 0], [0.5, 2.5, 1, 1]),
                "z": ([1, 0, 0], [0, 0, 0], [1, 2, 1]),
            },
        ),
    ),
    (
        "integer groups 0 and 1 (10 rows)",
        _assemble(
            [0, 1] * 5,
            {
                0: ([1, 1, 0, 0, 0], [1, 0, 1, 1, 0], [1, 1, 3, 1, 1]),
                1: ([1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [2, 1, 1, 2, 1]),
            },
        ),
    ),
)


def _random_table(
    rng: np.random.Generator, labels, sizes, *, both_labels: bool, none_selected: bool = False
) -> dict[str, np.ndarray]:
    labels = np.asarray(labels)
    codes = rng.permutation(np.repeat(np.arange(len(labels)), sizes))
    n, k = len(codes), len(labels)
    y_true = rng.random(n) < rng.uniform(0.2, 0.8, k)[codes]
    p_pred = np.where(y_true, rng.uniform(0.3, 0.95, k)[codes], rng.uniform(0.02, 0.5, k)[codes])
    y_pred = rng.random(n) < p_pred
    if both_labels:  # rows of a group come in random order, so its first two are random rows
        for j in range(k):
            rows = np.flatnonzero(codes == j)
            y_true[rows[:2]] = (True, False)
    if none_selected:
        y_pred[codes == k - 1] = False
    return {
        "y_true": y_true.astype(np.int64),
        "y_pred": y_pred.astype(np.int64),
        "groups": labels[codes],
        "sample_weight": rng.uniform(0.2, 5.0, n).round(2),
    }


def _hidden_tables(rng: np.random.Generator, *, both_labels: bool) -> list[tuple]:
    """(label, table, index or None) for every hidden scenario."""
    small = 2 if both_labels else 1
    small_label = "a group with only two rows" if both_labels else "a group with a single row"

    def sizes(count: int, lo: int = 5, hi: int = 40) -> np.ndarray:
        return rng.integers(lo, hi, count)

    def table(labels, size, **kw) -> dict[str, np.ndarray]:
        return _random_table(rng, labels, size, both_labels=both_labels, **kw)

    five = rng.multinomial(400, np.full(5, 0.2)) + 20
    tables = [
        ("two integer groups 0 and 1", table([0, 1], sizes(2)), False),
        ("three groups with string labels", table(["south", "north", "east"], sizes(3)), False),
        (small_label, table(["a", "b", "c"], [*sizes(2), small]), False),
        ("five integer groups", table([5, 3, 1, 4, 2], five), False),
        (
            "a group where nobody is selected",
            table(["p", "q", "r"], sizes(3), none_selected=True),
            False,
        ),
        ("pandas Series with a non-default index", table(["F", "M"], sizes(2)), True),
        (
            "one large group and two small ones, as pandas Series",
            table(["L", "S", "T"], [200, 6, 9]),
            True,
        ),
    ]
    out = []
    for label, data, series in tables:
        n = len(data["groups"])
        index = rng.permutation(n) + 1000 if series else None
        out.append((f"{label} ({n} rows)", data, index))
    return out


def case_makers(
    names: tuple[str, ...], *, both_labels: bool
) -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """Public and hidden case makers that pass the inputs ``names`` from each table.

    Examples
    --------
    >>> public, hidden = case_makers(("y_pred", "groups"), both_labels=False)
    >>> list(public()[0].inputs)
    ['y_pred', 'groups']
    """

    def pick(label, data, index=None) -> Case:
        return Case(label, {name: data[name] for name in names}, index=index)

    def public() -> list[Case]:
        return [pick(label, data) for label, data in _PUBLIC]

    def hidden(rng: np.random.Generator) -> list[Case]:
        return [pick(*row) for row in _hidden_tables(rng, both_labels=both_labels)]

    return public, hidden


_COLUMNS = ("sex", "race", "y_true", "y_pred")


def _frame_case(label: str, frame: pd.DataFrame, index=None) -> Case:
    inputs = {c: np.asarray(frame[c].to_numpy()) for c in _COLUMNS}
    inputs["sex"] = inputs["sex"].astype(str)
    inputs["race"] = inputs["race"].astype(str)
    return Case(f"{label} ({len(frame)} rows)", inputs, index=index, frame=True)


def _synthetic_frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Decisions whose sex gap differs from their race gap and from the base-rate gap."""
    sex = rng.choice(["Female", "Male"], n, p=[0.4, 0.6])
    race = rng.choice(["White", "Black", "Asian-Pac-Islander", "Other"], n, p=[0.6, 0.2, 0.1, 0.1])
    p_true = np.where(sex == "Male", rng.uniform(0.3, 0.5), rng.uniform(0.1, 0.3))
    y_true = (rng.random(n) < p_true).astype(np.int64)
    p_pred = np.where(sex == "Male", rng.uniform(0.2, 0.7), rng.uniform(0.05, 0.6))
    p_pred = p_pred + np.where(race == "Other", 0.25, 0.0)
    y_pred = (rng.random(n) < np.clip(p_pred, 0, 1)).astype(np.int64)
    return pd.DataFrame({"sex": sex, "race": race, "y_true": y_true, "y_pred": y_pred})


def adult_frames() -> tuple[Callable[[], list[Case]], Callable[[np.random.Generator], list[Case]]]:
    """Case makers for a question whose input is one table like the notebook's ``adult``.

    Public: a hand-checkable table of 8 rows and the first 400 rows of the notebook's data.
    Hidden: bootstrap samples of the Adult predictions with decisions redrawn for part of
    the rows, synthetic tables where women are selected more often than men, and a non-default
    index, so that no number can be shared between learners or read off the notebook.

    Examples
    --------
    >>> public, hidden = adult_frames()
    >>> [case.frame for case in public()]
    [True, True]
    """

    def public() -> list[Case]:
        small = pd.DataFrame(
            {
                "sex": ["Female", "Male", "Male", "Female", "Male", "Female", "Male", "Male"],
                "race": ["White", "Black", "White", "White", "Black", "Black", "White", "White"],
                "y_true": [1, 0, 1, 0, 1, 0, 0, 1],
                "y_pred": [0, 1, 1, 0, 1, 1, 0, 1],
            }
        )
        return [
            _frame_case("a small table", small),
            _frame_case("the first rows of `adult`", adult_predictions().head(400)),
        ]

    def hidden(rng: np.random.Generator) -> list[Case]:
        adult = adult_predictions()
        cases = []
        for k in range(2):
            n = int(rng.integers(800, 3000))
            sample = adult.iloc[rng.integers(0, len(adult), n)].reset_index(drop=True)
            redraw = rng.random(n) < rng.uniform(0.05, 0.3)
            sample.loc[redraw, "y_pred"] = (rng.random(int(redraw.sum())) < 0.5).astype(int)
            index = rng.permutation(n) + 10_000 if k else None
            cases.append(_frame_case("a resample of the Adult decisions", sample, index))
        for n in (int(rng.integers(50, 400)), 5):
            frame = _synthetic_frame(rng, n)
            frame.loc[frame.index[:2], "sex"] = ["Female", "Male"]  # both sexes present
            cases.append(_frame_case("a synthetic decision table", frame))
        return cases

    return public, hidden
