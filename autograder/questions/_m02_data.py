"""Data of m02-group-metrics: the notebook's Adult predictions and the test-case tables.

Public tables are small and hand-checkable; hidden tables are drawn from a seeded generator
and cover the edge cases (a group of one or two rows, three to five groups, string labels in
unsorted order, a group where nobody is selected, pandas Series with a non-default index).
With ``both_labels=True`` every group has at least one actual positive and one actual negative,
so no true or false positive rate is 0/0.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd

from autograder.questions._base import Case

__all__ = ["adult_predictions", "case_makers", "notebook_data"]

_FEATURES = ("age", "education_num", "hours_per_week", "capital_gain", "capital_loss")


@functools.lru_cache(maxsize=1)
def _adult_test_split() -> pd.DataFrame:
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


def adult_predictions() -> pd.DataFrame:
    """The notebook's data: the Adult test split and a logistic regression's decisions.

    The model sees only age, years of education, hours per week and capital gain/loss (not
    sex or race), fitted on 70 % of UCI Adult; the 30 % test split (9,769 rows) is returned.
    The fit is cached; every call returns a fresh copy.

    Returns
    -------
    pandas.DataFrame
        Columns ``sex``, ``race`` (text), ``y_true`` (income > $50K) and ``y_pred`` (0/1).

    Examples
    --------
    >>> adult_predictions().shape
    (9769, 4)
    """
    return _adult_test_split().copy()


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


def notebook_data() -> list[Case]:
    """The single case of a value question: the notebook's own data (no inputs)."""
    return [Case("the notebook's Adult predictions", {})]
