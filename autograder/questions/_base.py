"""The question framework, on the grading host: cases, references, and judging outputs.

A :class:`Question` is judged in three separable steps:

1. :meth:`Question.cases` builds the inputs, plain data only (NumPy arrays of numbers or
   str): a few fixed public examples, or hidden cases drawn from a seed on the host;
2. the learner's function runs on them *in the learner's kernel* and its result is converted
   strictly to plain data there (:mod:`faircheck._run`); only that plain data comes back;
3. :meth:`Question.judge` parses it strictly and compares it with the reference computed
   here, naming the learner's mistake where it recognises it.

The kernel gets only the inputs. The public examples, with their expected values and the
messages of known mistakes, are shipped to learners as data (:meth:`Question.public_data`).
"""

from __future__ import annotations

import dataclasses
import warnings
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from faircheck._plain import AnswerError, Plain, conforms, explain, from_json, same, to_json
from faircheck._run import arguments, call, keyword_arguments

__all__ = [
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

HIDDEN_NEEDS_SEED = "hidden cases are generated from a seed: pass seed=<int>"
PASSED = "correct"
MALFORMED = "the reply does not have the form of an answer to this question"
WHERE_PUBLIC = 'example "{label}"'
WHERE_HIDDEN = 'hidden test "{label}"'


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

    @classmethod
    def detecting(cls, label: str, detects: str, code: str) -> WrongAnswer:
        """The wrong answer ``code``, whose first failing message must contain ``detects``."""
        return cls(label, code, detects)

    @classmethod
    def function(cls, label: str, detects: str, head: str, body: str) -> WrongAnswer:
        """A wrong answer whose code is ``def head:`` and ``body`` (indented already).

        Examples
        --------
        >>> WrongAnswer.function("sum", "share", "f(y)", "    return sum(y)\\n").code
        'def f(y):\\n    return sum(y)\\n'
        """
        return cls.detecting(label, detects, f"def {head}:\n{body}")


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
        Argument name -> array of numbers or str, in call order: 1-D, or 2-D (a feature
        matrix; only without ``index`` and ``frame``).
    index : ndarray, optional
        If given, every input is passed as a pandas Series with this index.
    hidden : bool
        Whether the case is a hidden one.
    frame : bool
        Pass the inputs as one pandas DataFrame (columns in order) instead.
    params : mapping of str -> int, float, str or bool
        Scalar arguments passed by keyword after the arrays (a threshold, a column name, a
        number of neighbours, a seed).

    Examples
    --------
    >>> case = Case("four rows", {"y": np.array([1, 0, 1, 1])})
    >>> case.to_dict()["inputs"]
    {'y': {'dtype': '<i8', 'values': [1, 0, 1, 1]}}
    """

    label: str
    inputs: Mapping[str, np.ndarray]
    index: np.ndarray | None = None
    hidden: bool = False
    frame: bool = False
    params: Mapping[str, bool | int | float | str] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: what the learner's kernel receives (no expected value)."""
        arrays = {k: {"dtype": v.dtype.str, "values": _values(v)} for k, v in self.inputs.items()}
        index = None if self.index is None else self.index.tolist()
        spec = {"label": self.label, "inputs": arrays, "index": index, "frame": self.frame}
        if self.params:
            spec["params"] = {k: _param(v) for k, v in self.params.items()}
        return spec

    def call_inputs(self) -> dict[str, Any]:
        """The inputs as the host's references and variants take them (a frame, if any)."""
        params = keyword_arguments(self.to_dict())
        if not self.frame:
            return {**self.inputs, **params}
        return {"data": arguments(self.to_dict())[0], **params}


def _values(array: np.ndarray) -> list:
    """An input array as JSON lists; a missing value (NaN) travels as null.

    JSON has no NaN; the kernel builds a float array from the lists, which reads null back as
    NaN, so a column with missing values arrives as it left.
    """
    if array.dtype.kind == "f" and np.isnan(array).any():
        return np.where(np.isnan(array), None, array).tolist()
    return array.tolist()


def _param(value: Any) -> bool | int | float | str:
    """A scalar parameter as JSON keeps it (NumPy scalars become Python ones)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"case parameter of type {type(value).__name__}: use a number, str or bool")


def case_rng(question_id: str, seed: int) -> np.random.Generator:
    """Random generator for the hidden cases of one question and one seed.

    Examples
    --------
    >>> float(case_rng("q1", 0).random()) == float(case_rng("q1", 0).random())
    True
    """
    return np.random.default_rng([int(seed), zlib.crc32(question_id.encode())])


def _plain(value: Any) -> Plain:
    """Normalise trusted output (reference, variants): NumPy scalars become float."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return float(value)


def _quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@dataclass(frozen=True, eq=False)
class Question:
    """One autograded question: its cases, its reference, and how to judge an answer.

    Parameters
    ----------
    id, title : str
        ``"q1"``... and a short title.
    points : int
    answer_name : str
        Name of the function the learner defines in the notebook.
    quantity : str
        What the answer should be, in words; every failure message names it.
    output : {"number", "by_group", "table"}
        Plain form of the answer: float, Series by group, or DataFrame with ``columns``.
    reference : callable
        ``reference(**case inputs)`` -> the expected plain output (fairkit or NumPy).
    make_public : callable
        ``() -> list[Case]``: fixed, small teaching examples.
    make_hidden : callable
        ``(rng) -> list[Case]``: hidden cases, drawn on the grading host.
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
    forbidden : tuple of str
        Modules the answer may not use (the reference implementation of what it asks to
        build): absent from the grading sandbox, announced in the prompt and the self-check.
    prompt : str
        The task as the notebook states it (markdown), including what may be assumed.

    Examples
    --------
    >>> q = Question("q1", "Share", 1, "share", "the share of 1s", "number",
    ...              lambda y: float(np.mean(y)),
    ...              lambda: [Case("ex", {"y": np.array([1, 0])})], lambda rng: [])
    >>> q.check(lambda y: 0.5).passed, q.check(lambda y: 1).message
    (True, 'example "ex": expected the share of 1s.\\n    expected: 0.5\\n    got:      1')
    """

    id: str
    title: str
    points: int
    answer_name: str
    quantity: str
    output: Literal["number", "by_group", "table"]
    reference: Callable[..., Plain]
    make_public: Callable[[], list[Case]]
    make_hidden: Callable[[np.random.Generator], list[Case]]
    hints: tuple[str, ...] = ()
    solution: str = ""
    wrong_answers: tuple[WrongAnswer, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    columns: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    prompt: str = ""

    # -- step 1 ---------------------------------------------------------------------------------
    def cases(self, *, hidden: bool = False, seed: int | None = None) -> list[Case]:
        """Public cases, or the hidden cases generated from ``seed`` (deterministic)."""
        if not hidden:
            return self.make_public()
        if seed is None:
            raise ValueError(HIDDEN_NEEDS_SEED)
        made = self.make_hidden(case_rng(self.id, seed))
        return [dataclasses.replace(case, hidden=True) for case in made]

    def where(self, case: Case) -> str:
        """How messages name ``case``: an example, or a hidden test (by its label only)."""
        return (WHERE_HIDDEN if case.hidden else WHERE_PUBLIC).format(label=case.label)

    # -- step 2 (in this process: the tests and the build) --------------------------------------
    def run(self, answer: Any, case: Case) -> Plain:
        """Run ``answer`` on ``case`` here, as the learner's kernel would; AnswerError if bad."""
        return call(answer, case.to_dict(), self.output, self.columns)

    # -- step 3 ---------------------------------------------------------------------------------
    def expected(self, case: Case) -> Plain:
        """The reference output on ``case``."""
        return _plain(_quiet(self.reference, **case.call_inputs()))

    def _variants(self, case: Case) -> list[tuple[str, str | None, Plain | None]]:
        found = []
        for mistake in self.mistakes:
            try:
                value = _plain(_quiet(mistake.variant, **case.call_inputs()))
            except Exception:  # a variant that cannot be computed on this case does not match
                value = None
            found.append((mistake.message, mistake.column, value))
        return found

    def compare(self, case: Case, output: Any) -> CheckResult:
        """Judge a plain output (parsed from a reply) against the reference on ``case``."""
        if not conforms(output, self.output, self.columns):
            return CheckResult(False, f"{self.where(case)}: {MALFORMED}")
        expected = self.expected(case)
        if same(output, expected):
            return CheckResult(True, PASSED)
        message = explain(
            output,
            expected,
            quantity=self.quantity,
            hidden=case.hidden,
            columns=self.columns,
            mistakes=self._variants(case),
        )
        return CheckResult(False, f"{self.where(case)}: {message}")

    def public_data(self) -> dict[str, Any]:
        """What the learner's self-check gets: the public examples with expected values."""
        cases = []
        for case in self.cases():
            variants = [(m, c, to_json(v)) for m, c, v in self._variants(case)]
            cases.append(
                {
                    **case.to_dict(),
                    "expected": to_json(self.expected(case)),
                    "mistakes": [list(v) for v in variants if v[2] is not None],
                }
            )
        return {
            "id": self.id,
            "title": self.title,
            "points": self.points,
            "answer_name": self.answer_name,
            "quantity": self.quantity,
            "output": self.output,
            "columns": list(self.columns),
            "forbidden": list(self.forbidden),
            "hints": list(self.hints),
            "cases": cases,
        }

    # -- all steps, in this process -------------------------------------------------------------
    def check(self, answer: Any, *, hidden: bool = False, seed: int | None = None) -> CheckResult:
        """Run every case in this process; the first failure, or a pass."""
        for case in self.cases(hidden=hidden, seed=seed):
            try:
                result = self.compare(case, from_json(to_json(self.run(answer, case))))
            except AnswerError as exc:
                result = CheckResult(False, f"{self.where(case)}: {exc}")
            if not result.passed:
                return result
        return CheckResult(True, PASSED)
