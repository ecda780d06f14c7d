"""The question framework: cases, strict conversion of answers, and comparisons that teach.

A :class:`Question` checks an answer in three separable steps, so that the same object serves
the learner's self-check (all steps in the kernel) and sandboxed grading (steps 1 and 3 on the
trusted host, only step 2 in the learner's kernel):

1. :meth:`Question.cases` builds the inputs, plain data only (NumPy arrays of numbers or str);
2. :meth:`Question.run` calls the learner's answer and converts the result to plain data
   (``float``, ``dict`` of str -> float, or ``dict`` of column -> that dict); the conversion
   accepts only real numbers, so an object whose ``__eq__`` always says True gets nowhere;
3. :meth:`Question.compare` compares plain data with the reference and names the mistake.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import operator
import warnings
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "TOLERANCE",
    "AnswerError",
    "Case",
    "CheckResult",
    "Mistake",
    "Plain",
    "Question",
    "WrongAnswer",
    "case_rng",
    "same",
]

TOLERANCE = 1e-9
Plain = float | dict[str, float] | dict[str, dict[str, float]]

MISSING_ANSWER = "define `{name}` first (run the cell where you define it, then check again)"
VALUE_IS_NONE = "`{name}` is still None: assign your answer to it"
NOT_CALLABLE = "`{name}` should be a function, but it is {kind}"
NOT_IMPLEMENTED = (
    "your function still raises NotImplementedError: replace `raise NotImplementedError()` "
    "with your code"
)
RAISED = "your function raised {error}: {detail}"
SERIES_INDEX_NOTE = (
    " (the inputs here are pandas Series whose index does not start at 0: `x[i]` looks up the "
    "label i; use `np.asarray(x)` or `x.iloc[i]` for positions)"
)
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
HIDDEN_NEEDS_SEED = "hidden cases are generated from a seed: pass seed=<int>"
PASSED = "correct"
MALFORMED = "the recorded output does not have the form of an answer to this question"
WHERE_PUBLIC = 'example "{label}"'
WHERE_HIDDEN = 'hidden test "{label}"'
EXPECTED_LINE = "Expected {quantity}."
SHOW_VALUES = "expected {quantity}.\n    expected: {expected}\n    got:      {got}"
WRONG_VALUE = "`{name}` = {got} is not {quantity}."
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


@dataclass(frozen=True)
class CheckResult:
    """Outcome of checking one case (or a whole question).

    Examples
    --------
    >>> CheckResult(False, "expected a number").passed
    False
    """

    passed: bool
    message: str


@dataclass(frozen=True)
class WrongAnswer:
    """A typical wrong solution, used by the tests: every one must fail some case.

    ``detects`` is a phrase the teaching message of its first failing case must contain.

    Examples
    --------
    >>> WrongAnswer("count instead of share", "def f(y):\\n    return sum(y)\\n").label
    'count instead of share'
    """

    label: str
    code: str
    detects: str = ""


@dataclass(frozen=True)
class Mistake:
    """A known-wrong variant: if the answer equals ``variant(**inputs)``, say ``message``.

    ``column`` restricts the comparison to one column of a table answer; ``variant`` then
    returns that column (a dict of group -> value).

    Examples
    --------
    >>> m = Mistake("this is a percentage", lambda y: 100 * sum(y) / len(y))
    >>> m.message
    'this is a percentage'
    """

    message: str
    variant: Callable[..., Plain]
    column: str | None = None


@dataclass(frozen=True, eq=False)
class Case:
    """Inputs of one test case, as plain arrays in the order they are passed.

    Parameters
    ----------
    label : str
        Short description shown in messages (never the data of a hidden case).
    inputs : mapping of str -> ndarray
        Argument name -> 1-D array of numbers or str, in call order.
    index : ndarray, optional
        If given, every input is passed as a pandas Series with this index.
    hidden : bool
        Whether the case is a hidden one.

    Examples
    --------
    >>> case = Case("four rows", {"y": np.array([1, 0, 1, 1])})
    >>> case.arguments()
    [array([1, 0, 1, 1])]
    """

    label: str
    inputs: Mapping[str, np.ndarray]
    index: np.ndarray | None = None
    hidden: bool = False

    def arguments(self) -> list[Any]:
        """Fresh copies of the inputs, so that an answer that changes them changes nothing."""
        if self.index is None:
            return [np.array(v, copy=True) for v in self.inputs.values()]
        return [
            pd.Series(np.array(v, copy=True), index=self.index.copy(), name=name)
            for name, v in self.inputs.items()
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (lists and dtype names)."""
        arrays = {k: {"dtype": v.dtype.str, "values": v.tolist()} for k, v in self.inputs.items()}
        index = None if self.index is None else self.index.tolist()
        return {"label": self.label, "inputs": arrays, "index": index, "hidden": self.hidden}


def case_rng(question_id: str, seed: int) -> np.random.Generator:
    """Random generator for the hidden cases of one question and one seed.

    Examples
    --------
    >>> float(case_rng("q1", 0).random()) == float(case_rng("q1", 0).random())
    True
    """
    return np.random.default_rng([int(seed), zlib.crc32(question_id.encode())])


# -- strict conversion --------------------------------------------------------------------------
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
    """Convert a real number (Python or NumPy, not bool) to a plain float, or raise."""
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
    """Convert a Series indexed by group to a dict of str(label) -> float, or raise."""
    if isinstance(value, pd.DataFrame):
        raise AnswerError(FRAME_NOT_SERIES)
    if _is_scalar_number(value):
        raise AnswerError(ONE_NUMBER_FOR_ALL.format(value=_fmt(to_number(value))))
    if isinstance(value, np.ndarray | list | tuple):
        raise AnswerError(ARRAY_WITHOUT_LABELS.format(kind=_describe(value)))
    if not isinstance(value, pd.Series):
        raise AnswerError(NOT_A_SERIES.format(kind=_describe(value)))
    return _series_to_dict(value)


def to_table(value: Any, columns: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Convert a DataFrame (one row per group) to a dict of column -> by-group dict, or raise."""
    if not isinstance(value, pd.DataFrame):
        raise AnswerError(NOT_A_FRAME.format(columns=list(columns), kind=_describe(value)))
    have = [str(c) for c in value.columns]
    missing = [c for c in columns if have.count(c) != 1]
    if missing:
        raise AnswerError(MISSING_COLUMNS.format(missing=missing, have=have))
    return {c: _series_to_dict(value.iloc[:, have.index(c)]) for c in columns}


# -- comparison ---------------------------------------------------------------------------------
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


def _fmt(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_fmt(v)}" for k, v in value.items()) + "}"
    return f"{value:.10g}"


def _plain(value: Any) -> Plain:
    """Normalise trusted output (reference, variants): NumPy scalars become float."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return float(value)


def _quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _variant(mistake: Mistake, case: Case) -> Plain | None:
    try:
        return _plain(_quiet(mistake.variant, **case.inputs))
    except Exception:  # a variant that cannot be computed on this case does not match
        return None


@dataclass(frozen=True, eq=False)
class Question:
    """One autograded question: its cases, how to run an answer, and how to judge it.

    Parameters
    ----------
    id, title : str
        ``"q1"``... and a short title.
    points : int
    answer_name : str
        Name the learner defines in the notebook.
    kind : {"function", "value"}
        A function called on each case, or a value compared as it is.
    quantity : str
        What the answer should be, in words; every failure message names it.
    output : {"number", "by_group", "table"}
        Plain form of the answer: float, Series by group, or DataFrame with ``columns``.
    reference : callable
        ``reference(**case.inputs)`` -> the expected plain output (fairkit or NumPy).
    make_public : callable
        ``() -> list[Case]``: fixed, small teaching examples.
    make_hidden : callable, optional
        ``(rng) -> list[Case]``; by default the public cases (value questions).
    hints : tuple of str
        Tiered: nudge, method, nearly the code.
    solution : str
        Code defining ``answer_name`` correctly.
    wrong_answers : tuple of WrongAnswer
    mistakes : tuple of Mistake
        Known-wrong variants recognised in messages, tried in order.
    columns : tuple of str
        Required columns of a table answer.
    uses : tuple of str
        Ids of earlier questions whose answers ``solution`` and ``wrong_answers`` call.
    prompt : str
        The task as the notebook states it (markdown), including what may be assumed.

    Examples
    --------
    >>> q = Question("q1", "Share", 1, "share", "function", "the share of 1s", "number",
    ...              lambda y: float(np.mean(y)),
    ...              lambda: [Case("ex", {"y": np.array([1, 0])})])
    >>> q.check(lambda y: 0.5).passed, q.check(lambda y: 1).message
    (True, 'example "ex": expected the share of 1s.\\n    expected: 0.5\\n    got:      1')
    """

    id: str
    title: str
    points: int
    answer_name: str
    kind: Literal["function", "value"]
    quantity: str
    output: Literal["number", "by_group", "table"]
    reference: Callable[..., Plain]
    make_public: Callable[[], list[Case]]
    make_hidden: Callable[[np.random.Generator], list[Case]] | None = None
    hints: tuple[str, ...] = ()
    solution: str = ""
    wrong_answers: tuple[WrongAnswer, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    columns: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    prompt: str = ""

    # -- step 1 ---------------------------------------------------------------------------------
    def cases(self, *, hidden: bool = False, seed: int | None = None) -> list[Case]:
        """Public cases, or the hidden cases generated from ``seed`` (deterministic)."""
        if not hidden:
            return self.make_public()
        if seed is None:
            raise ValueError(HIDDEN_NEEDS_SEED)
        made = (
            self.make_public()
            if self.make_hidden is None
            else self.make_hidden(case_rng(self.id, seed))
        )
        return [dataclasses.replace(case, hidden=True) for case in made]

    def lookup(self, namespace: Mapping[str, Any]) -> Any:
        """The learner's answer in ``namespace``; AnswerError if it is not defined."""
        if self.answer_name not in namespace:
            raise AnswerError(MISSING_ANSWER.format(name=self.answer_name))
        return namespace[self.answer_name]

    def validate(self, answer: Any) -> None:
        """AnswerError if ``answer`` cannot be an answer at all (None, or not a function)."""
        if self.kind == "value" and answer is None:
            raise AnswerError(VALUE_IS_NONE.format(name=self.answer_name))
        if self.kind == "function" and not callable(answer):
            raise AnswerError(NOT_CALLABLE.format(name=self.answer_name, kind=_describe(answer)))

    def where(self, case: Case) -> str:
        """How messages name ``case``: an example, or a hidden test (by its label only)."""
        return (WHERE_HIDDEN if case.hidden else WHERE_PUBLIC).format(label=case.label)

    # -- step 2 ---------------------------------------------------------------------------------
    def run(self, answer: Any, case: Case) -> Plain:
        """Run ``answer`` on ``case`` (warnings silenced) and convert the result strictly."""
        self.validate(answer)
        if self.kind == "value":
            return _quiet(self._convert, answer)
        try:
            return _quiet(lambda: self._convert(answer(*case.arguments())))
        except AnswerError:
            raise
        except NotImplementedError:
            raise AnswerError(NOT_IMPLEMENTED) from None
        except Exception as exc:
            detail = RAISED.format(error=type(exc).__name__, detail=exc)
            if case.index is not None and isinstance(exc, LookupError):
                detail += SERIES_INDEX_NOTE
            raise AnswerError(detail) from exc

    def _convert(self, raw: Any) -> Plain:
        if self.output == "number":
            return to_number(raw)
        if self.output == "by_group":
            return to_by_group(raw)
        return to_table(raw, self.columns)

    # -- step 3 ---------------------------------------------------------------------------------
    def expected(self, case: Case) -> Plain:
        """The reference output on ``case``."""
        return _plain(_quiet(self.reference, **case.inputs))

    def _conforms(self, output: Any) -> bool:
        def by_group(value: Any) -> bool:
            return isinstance(value, dict) and all(
                type(k) is str and type(v) is float for k, v in value.items()
            )

        if self.output == "number":
            return type(output) is float
        if self.output == "by_group":
            return by_group(output)
        return (
            isinstance(output, dict)
            and list(output) == list(self.columns)
            and all(by_group(v) for v in output.values())
        )

    def compare(self, case: Case, output: Plain) -> CheckResult:
        """Compare a plain output with the reference and explain a difference."""
        if not self._conforms(output):  # only a forged record can get here
            return CheckResult(False, f"{self.where(case)}: {MALFORMED}")
        expected = self.expected(case)
        if same(output, expected):
            return CheckResult(True, PASSED)
        return CheckResult(False, f"{self.where(case)}: {self._explain(case, output, expected)}")

    def _explain(self, case: Case, output: Plain, expected: Plain) -> str:
        for mistake in self.mistakes:
            variant = _variant(mistake, case)
            if mistake.column is None:
                hit = same(output, variant)
            else:
                got, want = output[mistake.column], expected[mistake.column]
                hit = not same(got, want) and same(got, variant)
            if hit:
                prefix = (
                    "" if mistake.column is None else COLUMN_PREFIX.format(column=mistake.column)
                )
                return f"{prefix}{mistake.message}\n{EXPECTED_LINE.format(quantity=self.quantity)}"
        if self.output == "table":
            for column in self.columns:
                if not same(output[column], expected[column]):
                    detail = self._explain_values(case, output[column], expected[column])
                    return COLUMN_PREFIX.format(column=column) + detail
        return self._explain_values(case, output, expected)

    def _explain_values(self, case: Case, got: Any, want: Any) -> str:
        if isinstance(want, dict):
            missing = [k for k in want if k not in got]
            extra = [k for k in got if k not in want]
            if missing:
                return MISSING_GROUPS.format(groups=", ".join(map(repr, missing)))
            if extra:
                return EXTRA_GROUPS.format(groups=", ".join(map(repr, extra)))
        if self.kind == "value":
            return WRONG_VALUE.format(name=self.answer_name, got=_fmt(got), quantity=self.quantity)
        if not case.hidden:
            return SHOW_VALUES.format(quantity=self.quantity, expected=_fmt(want), got=_fmt(got))
        if isinstance(want, dict):
            differ = [k for k in want if not same(got[k], want[k])]
            return HIDDEN_GROUPS.format(quantity=self.quantity, groups=", ".join(map(repr, differ)))
        return HIDDEN_NUMBER.format(quantity=self.quantity, got=_fmt(got))

    # -- all steps ------------------------------------------------------------------------------
    def check(self, answer: Any, *, hidden: bool = False, seed: int | None = None) -> CheckResult:
        """Run every case in this process; the first failure, or a pass."""
        try:
            self.validate(answer)
        except AnswerError as exc:
            return CheckResult(False, str(exc))
        for case in self.cases(hidden=hidden, seed=seed):
            try:
                result = self.compare(case, self.run(answer, case))
            except AnswerError as exc:
                result = CheckResult(False, f"{self.where(case)}: {exc}")
            if not result.passed:
                return result
        return CheckResult(True, PASSED)
