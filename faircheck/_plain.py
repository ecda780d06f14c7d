"""Answers as plain data, and the teaching comparison of two plain outputs.

Both sides use this module: the learner's kernel converts an answer to plain data (a float,
a dict of group -> float, or a dict of column -> such a dict) before anything is compared or
sent, and the grading host parses what arrives with :func:`conforms` and compares it with its
own expected value. Nothing here knows a reference, a solution or a hidden input: expected
values and the outputs of known mistakes always come from the caller.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "TOLERANCE",
    "AnswerError",
    "Plain",
    "conforms",
    "explain",
    "fmt",
    "from_json",
    "same",
    "to_by_group",
    "to_json",
    "to_number",
    "to_plain",
    "to_table",
]

TOLERANCE = 1e-9
Plain = float | dict[str, float] | dict[str, dict[str, float]]

NOT_A_NUMBER = "expected one number (an int or a float), got {kind}"
BOOL_NOT_NUMBER = "expected a number, got the boolean {value}: return the number itself"
ONE_NUMBER_FOR_ALL = (
    "you returned one number ({value}) for everyone: compute it per group and return a "
    "pandas Series indexed by group"
)
NOT_A_SERIES = "expected a pandas Series indexed by group, got {kind}"
ARRAY_WITHOUT_LABELS = (
    "you returned {kind} without group labels: return a pandas Series indexed by group "
    "(for example the result of `pd.Series(values).groupby(groups).mean()`)"
)
FRAME_NOT_SERIES = "expected a pandas Series, got a DataFrame: select the column you need"
NOT_A_FRAME = "expected a pandas DataFrame with columns {columns} and one row per group, got {kind}"
MISSING_COLUMNS = "your DataFrame needs the column(s) {missing}; it has {have}"
DUPLICATE_LABELS = "{labels} appear(s) more than once in your result's index: one entry per group"
NOT_NUMERIC = "the values of your result must be numbers: {detail}"
EXPECTED_LINE = "Expected {quantity}."
SHOW_VALUES = "expected {quantity}.\n    expected: {expected}\n    got:      {got}"
HIDDEN_NUMBER = "expected {quantity}; your answer ({got}) is not it."
HIDDEN_GROUPS = "expected {quantity}; your values differ for group(s) {groups}."
MISSING_GROUPS = (
    "your result has no value for group(s) {groups}: every group in `groups` needs one, "
    "even a group whose value is 0."
)
EXTRA_GROUPS = "your result has group(s) {groups} that are not in `groups`."
COLUMN_PREFIX = "column {column!r}: "


class AnswerError(Exception):
    """The answer could not be run or converted; the message is meant for the learner."""


# -- strict conversion (in the learner's kernel) ----------------------------------------------
def _describe(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, pd.Series):
        return f"a pandas Series with {len(value)} value(s)"
    if isinstance(value, pd.DataFrame):
        return f"a pandas DataFrame of shape {value.shape}"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _is_scalar_number(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def to_number(value: Any) -> float:
    """A real number (Python or NumPy, not bool) as a plain float, or AnswerError.

    Examples
    --------
    >>> to_number(np.int64(3))
    3.0
    """
    if isinstance(value, bool | np.bool_):
        raise AnswerError(BOOL_NOT_NUMBER.format(value=bool(value)))
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    try:
        if isinstance(value, numbers.Integral):
            return float(operator.index(value))
        if isinstance(value, numbers.Real):
            return float(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise AnswerError(NOT_A_NUMBER.format(kind=_describe(value))) from exc
    raise AnswerError(NOT_A_NUMBER.format(kind=_describe(value)))


def _series_to_dict(series: pd.Series) -> dict[str, float]:
    labels = [str(label) for label in series.index]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise AnswerError(DUPLICATE_LABELS.format(labels=", ".join(map(repr, repeated))))
    try:
        values = np.asarray(series.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    except (TypeError, ValueError) as exc:
        raise AnswerError(NOT_NUMERIC.format(detail=exc)) from exc
    return {label: float(v) for label, v in zip(labels, values.tolist(), strict=True)}


def to_by_group(value: Any) -> dict[str, float]:
    """A Series indexed by group as a dict of str(label) -> float, or AnswerError.

    Examples
    --------
    >>> to_by_group(pd.Series([0.5, 1], index=["a", "b"]))
    {'a': 0.5, 'b': 1.0}
    """
    if isinstance(value, pd.DataFrame):
        raise AnswerError(FRAME_NOT_SERIES)
    if _is_scalar_number(value):
        raise AnswerError(ONE_NUMBER_FOR_ALL.format(value=fmt(to_number(value))))
    if isinstance(value, np.ndarray | list | tuple):
        raise AnswerError(ARRAY_WITHOUT_LABELS.format(kind=_describe(value)))
    if not isinstance(value, pd.Series):
        raise AnswerError(NOT_A_SERIES.format(kind=_describe(value)))
    return _series_to_dict(value)


def to_table(value: Any, columns: Sequence[str]) -> dict[str, dict[str, float]]:
    """A DataFrame (one row per group) as column -> by-group dict, or AnswerError."""
    if not isinstance(value, pd.DataFrame):
        raise AnswerError(NOT_A_FRAME.format(columns=list(columns), kind=_describe(value)))
    have = [str(c) for c in value.columns]
    missing = [c for c in columns if have.count(c) != 1]
    if missing:
        raise AnswerError(MISSING_COLUMNS.format(missing=missing, have=have))
    return {c: _series_to_dict(value.iloc[:, have.index(c)]) for c in columns}


def to_plain(value: Any, output: str, columns: Sequence[str] = ()) -> Plain:
    """Convert an answer's result by the question's ``output`` kind: number, by_group, table."""
    if output == "number":
        return to_number(value)
    if output == "by_group":
        return to_by_group(value)
    return to_table(value, columns)


_INFINITIES = {"inf": math.inf, "-inf": -math.inf}


def to_json(value: Plain | None) -> Any:
    """The JSON form of plain data: NaN becomes null and an infinity the string "inf" or
    "-inf" (JSON has neither, and a kernel's display message would mangle them).

    Examples
    --------
    >>> to_json({"a": float("nan"), "b": float("-inf"), "c": 0.5})
    {'a': None, 'b': '-inf', 'c': 0.5}
    """
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def from_json(value: Any) -> Any:
    """Undo :func:`to_json` (null back to NaN, "inf" and "-inf" back to infinities).

    Any other value is returned as it is, for :func:`conforms` to judge.

    Examples
    --------
    >>> from_json({"a": None, "b": 0.5, "c": "-inf"})
    {'a': nan, 'b': 0.5, 'c': -inf}
    """
    if isinstance(value, dict):
        return {k: from_json(v) for k, v in value.items()}
    if value is None:
        return math.nan
    if isinstance(value, str) and value in _INFINITIES:
        return _INFINITIES[value]
    return value


# -- parsing and comparison (on the grading host, and in the self-check) -----------------------
def _by_group(value: Any) -> bool:
    return isinstance(value, dict) and all(
        type(k) is str and type(v) is float for k, v in value.items()
    )


def conforms(value: Any, output: str, columns: Sequence[str] = ()) -> bool:
    """Whether ``value`` (after :func:`from_json`) has exactly the form of an answer.

    Examples
    --------
    >>> conforms(0.5, "number"), conforms(True, "number"), conforms({"a": 1.0}, "by_group")
    (True, False, True)
    """
    if output == "number":
        return type(value) is float
    if output == "by_group":
        return _by_group(value)
    return (
        isinstance(value, dict)
        and list(value) == list(columns)
        and all(_by_group(v) for v in value.values())
    )


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def same(a: Any, b: Any) -> bool:
    """Equal plain data: same keys, numbers within :data:`TOLERANCE` (NaN equals NaN).

    Examples
    --------
    >>> same({"a": 0.5}, {"a": 0.5 + 1e-12}), same(0.5, {"a": 0.5})
    (True, False)
    """
    if isinstance(a, dict) or isinstance(b, dict):
        if not (isinstance(a, dict) and isinstance(b, dict)) or a.keys() != b.keys():
            return False
        return all(same(a[k], b[k]) for k in a)
    return type(a) is float and type(b) is float and _close(a, b)


def fmt(value: Any) -> str:
    """Short text of plain data for messages."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {fmt(v)}" for k, v in value.items()) + "}"
    return f"{value:.10g}"


def _explain_values(got: Any, want: Any, quantity: str, hidden: bool) -> str:
    if isinstance(want, dict):
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        if missing:
            return MISSING_GROUPS.format(groups=", ".join(map(repr, missing)))
        if extra:
            return EXTRA_GROUPS.format(groups=", ".join(map(repr, extra)))
    if not hidden:
        return SHOW_VALUES.format(quantity=quantity, expected=fmt(want), got=fmt(got))
    if isinstance(want, dict):
        differ = [k for k in want if not same(got[k], want[k])]
        return HIDDEN_GROUPS.format(quantity=quantity, groups=", ".join(map(repr, differ)))
    return HIDDEN_NUMBER.format(quantity=quantity, got=fmt(got))


def explain(
    got: Plain,
    want: Plain,
    *,
    quantity: str,
    hidden: bool,
    columns: Sequence[str] = (),
    mistakes: Sequence[tuple[str, str | None, Any]] = (),
) -> str:
    """Why ``got`` is not ``want``: a known mistake's message, else what differs.

    ``mistakes`` are ``(message, column or None, output of the mistaken variant)``, tried in
    order; a hidden case never shows its values, only which groups differ.

    Examples
    --------
    >>> print(explain(2.0, 0.5, quantity="a share", hidden=False,
    ...               mistakes=[("you counted", None, 2.0)]))
    you counted
    Expected a share.
    """
    for message, column, variant in mistakes:
        if variant is None:
            continue
        if column is None:
            hit = same(got, variant)
        else:
            hit = not same(got[column], want[column]) and same(got[column], variant)
        if hit:
            prefix = "" if column is None else COLUMN_PREFIX.format(column=column)
            return f"{prefix}{message}\n{EXPECTED_LINE.format(quantity=quantity)}"
    if columns:
        for column in columns:
            if not same(got[column], want[column]):
                detail = _explain_values(got[column], want[column], quantity, hidden)
                return COLUMN_PREFIX.format(column=column) + detail
    return _explain_values(got, want, quantity, hidden)
