"""The entry point that nbgrader test cells call: ``grade(assignment, question_id, globals())``.

A test cell of question q3 reads::

    from autograder.grading import grade
    grade("m02-group-metrics", "q3", globals())
    ### BEGIN HIDDEN TESTS
    grade("m02-group-metrics", "q3", globals(), hidden_seed=20240917)
    ### END HIDDEN TESTS

A failing case raises AssertionError with the teaching message (nbgrader then gives the cell
0 points); a pass prints one line. Warnings raised by the learner's code are swallowed, so a
correct answer that warns keeps its points (nbgrader fails a cell that writes to stderr).

If the environment variable ``FAIRCOURSE_RECORD`` is set, every case's plain output is
recorded: inside a Jupyter kernel as a display output of MIME type ``RECORD_MIME`` (the
grader reads it from the executed notebook), elsewhere appended to
``<FAIRCOURSE_RECORD>/<assignment>.jsonl``; each record is a JSON object with keys
``assignment``, ``question``, ``hidden``, ``seed``, ``case``, ``output`` (NaN as null) and
``error`` (the message if the answer could not be run or converted, else null), so that a
trusted process can re-compare the outputs outside the learner's kernel, with
``question.compare(case, from_record(row["output"]))`` on the case it generated itself.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from autograder._sandbox_runner import RECORD_MIME
from autograder.questions import get_question
from autograder.questions._base import AnswerError, CheckResult, Plain

__all__ = ["RECORD_ENV", "RECORD_MIME", "from_record", "grade"]

RECORD_ENV = "FAIRCOURSE_RECORD"
PASSED_LINE = "{qid} ({title}): passed ({n} {kind} case{s})."
FAILED = "{qid} ({title}): {message}"


def _json_ready(output: Plain | None) -> Any:
    if isinstance(output, dict):
        return {k: _json_ready(v) for k, v in output.items()}
    if output is None or math.isnan(output):
        return None
    return output


def from_record(output: Any) -> Any:
    """Undo the JSON form of a recorded output (null back to NaN), ready for ``compare``.

    Examples
    --------
    >>> from_record({"a": None, "b": 0.5})
    {'a': nan, 'b': 0.5}
    """
    if isinstance(output, dict):
        return {k: from_record(v) for k, v in output.items()}
    return math.nan if output is None else output


def _record(rows: list[dict[str, Any]], assignment: str) -> None:
    directory = os.environ.get(RECORD_ENV)
    if not directory:
        return
    from IPython.core.interactiveshell import InteractiveShell

    if InteractiveShell.initialized():
        # In the graded kernel the records travel with the cell's outputs, which the grader
        # reads back outside the sandbox (the kernel's files are not visible to it).
        from IPython.display import publish_display_data

        publish_display_data({RECORD_MIME: {"rows": rows}})
        return
    path = Path(directory) / f"{assignment}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(row, allow_nan=False) + "\n" for row in rows)


def grade(
    assignment: str,
    question_id: str,
    namespace: Mapping[str, Any],
    *,
    hidden_seed: int | None = None,
) -> None:
    """Grade the learner's answer to one question; AssertionError on the first failing case.

    Parameters
    ----------
    assignment, question_id : str
        For example ``"m02-group-metrics"`` and ``"q3"``.
    namespace : mapping
        Where the learner's answer is defined: ``globals()`` of the notebook.
    hidden_seed : int, optional
        None runs the public cases; an int runs the hidden cases generated from it.

    Raises
    ------
    AssertionError
        If the answer is missing or fails a case; the message explains why.
    ValueError
        If the assignment or question does not exist.

    Examples
    --------
    >>> def positive_share(y):
    ...     return sum(y) / len(y)
    >>> grade("m00-orientation", "q1", {"positive_share": positive_share})
    q1 (Share of positives): passed (3 public cases).
    """
    question = get_question(assignment, question_id)
    hidden = hidden_seed is not None
    try:
        answer = question.lookup(namespace)
        question.validate(answer)
    except AnswerError as exc:
        raise AssertionError(
            FAILED.format(qid=question.id, title=question.title, message=exc)
        ) from None
    cases = question.cases(hidden=hidden, seed=hidden_seed)
    rows, first_failure = [], None
    for index, case in enumerate(cases):
        output, error = None, None
        try:
            output = question.run(answer, case)
            result = question.compare(case, output)
        except AnswerError as exc:
            error = str(exc)
            result = CheckResult(False, f"{question.where(case)}: {exc}")
        rows.append(
            {
                "assignment": assignment,
                "question": question.id,
                "hidden": hidden,
                "seed": hidden_seed,
                "case": index,
                "output": _json_ready(output),
                "error": error,
            }
        )
        if first_failure is None and not result.passed:
            first_failure = result
    _record(rows, assignment)
    if first_failure is not None:
        message = FAILED.format(
            qid=question.id, title=question.title, message=first_failure.message
        )
        raise AssertionError(message) from None
    kind = "hidden" if hidden else "public"
    n, s = len(cases), "" if len(cases) == 1 else "s"
    print(PASSED_LINE.format(qid=question.id, title=question.title, n=n, kind=kind, s=s))
