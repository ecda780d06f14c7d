"""Check your answers while you work, offline: correct or not, why, and hints on request.

In an exercise notebook::

    from faircheck import Exercise
    ex = Exercise("m02-group-metrics")
    ex.check("q3")      # runs your demographic_parity_difference on the public examples
    ex.check()          # every question answered so far
    ex.hint("q3")       # the next hint, from a nudge to nearly the code
    ex.progress()       # which questions pass the examples

Only the public examples run here, with their expected values shipped beside this module
(``faircheck/exercises/<assignment>.json``, written by ``faircourse build``). Grading adds
hidden tests drawn on the grading machine. Nothing is written to stderr (nbgrader would
score the cell 0).
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from faircheck import _progress
from faircheck._forbidden import forbidden_uses
from faircheck._plain import AnswerError, explain, from_json, same
from faircheck._run import call, lookup

__all__ = ["Exercise", "TestFailed", "exercise_data"]

EXERCISES = Path(__file__).parent / "exercises"
UNKNOWN_ASSIGNMENT = "unknown exercise {name!r}; the exercises are: {known}"
PASS = "✓ {qid} {title}: correct on all {n} examples. Grading adds hidden tests."
FAIL = "✗ {qid} {title}\n{message}\n    Stuck? Ask for a hint: ex.hint({qid!r})"
NOT_DEFINED = "✗ {qid} {title}: {message}"
FORBIDDEN = (
    "✗ {qid} {title}: your answer uses {used}, which this question asks you to build "
    "yourself. The grader runs your notebook without {modules}: write it with NumPy/pandas."
)
WHERE = 'example "{label}": '
HINT = "Hint {k} of {n} for {qid}: {text}"
NO_MORE_HINTS = "No more hints for {qid}: you have seen all {n}. Re-read them above."
NO_HINTS = "There are no hints for {qid}."
UNKNOWN_QUESTION = "There is no question {qid!r} in {assignment}; its questions are {known}."
WRITTEN_ONLY = (
    "{qid} is a written answer, graded by hand: it has no self-check and no hints. Answer in "
    "your own words in the cell under its prompt; a grader reads it."
)
NOTHING_ANSWERED = (
    "Nothing to check yet: write an answer in a cell marked `# YOUR CODE HERE` (replace the "
    "`...`), run that cell, then ex.check() again."
)
CHECKED_ALL = "Checked {done} answered question(s) of {total}; not answered yet: {missing}."
PROGRESS_HEAD = "{assignment}: {done} of {total} autograded points pass the examples"
PROGRESS_ROW = "  {qid:<4} {title:<44} {points} pt{s:<1}  {status}"
STATUS = {"passed": "✓", "failed": "✗", None: "not tried"}
WRITTEN_STATUS = "graded by hand"
WRITTEN_TITLE = "Written answer"


@cache
def exercise_data(assignment: str) -> dict[str, Any]:
    """The public part of an exercise: questions, hints and examples with expected values.

    Examples
    --------
    >>> exercise_data("m00-orientation")["questions"][0]["answer_name"]
    'positive_share'
    """
    path = EXERCISES / f"{assignment}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in EXERCISES.glob("*.json")))
        raise ValueError(UNKNOWN_ASSIGNMENT.format(name=assignment, known=known))
    return json.loads(path.read_text(encoding="utf-8"))


def _caller_namespace(frame: Any) -> Mapping[str, Any]:
    """The notebook's namespace in IPython, else the globals of the calling frame."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        return shell.user_ns
    return frame.f_globals if frame is not None else {}


def _verdict(question: dict[str, Any], namespace: Mapping[str, Any]) -> tuple[bool, str]:
    """(passed, message) of one question on its public examples."""
    fields = {"qid": question["id"], "title": question["title"]}
    try:
        answer = lookup(namespace, question["answer_name"])
    except AnswerError as exc:
        return False, NOT_DEFINED.format(message=exc, **fields)
    used = forbidden_uses(answer, question["forbidden"])
    if used:
        modules = ", ".join(question["forbidden"])
        return False, FORBIDDEN.format(used=", ".join(used), modules=modules, **fields)
    output, columns = question["output"], question["columns"]
    for case in question["cases"]:
        where = WHERE.format(label=case["label"])
        try:
            got = call(answer, case, output, columns)
        except AnswerError as exc:
            message = where + str(exc)
        else:
            want = from_json(case["expected"])
            if same(got, want):
                continue
            mistakes = [(m, c, from_json(v)) for m, c, v in case["mistakes"]]
            message = where + explain(
                got,
                want,
                quantity=question["quantity"],
                hidden=False,
                columns=columns,
                mistakes=mistakes,
            )
        indented = "\n".join("    " + line for line in message.splitlines())
        return False, FAIL.format(message=indented, **fields)
    return True, PASS.format(n=len(question["cases"]), **fields)


def _stub():  # what the student version's answer cells define: `...` as the whole body
    ...


def _answered(namespace: Mapping[str, Any], name: str) -> bool:
    """Whether the learner has written something for ``name`` (defined, and not the stub)."""
    answer = namespace.get(name)
    if not callable(answer):
        return False
    code = getattr(answer, "__code__", None)
    return code is None or code.co_code != _stub.__code__.co_code


class TestFailed(AssertionError):
    """A test cell's failure. Jupyter shows it as its message alone, in red, with no
    traceback into faircheck: the message says what is wrong, the traceback would not."""

    __test__ = False  # not a pytest test class, despite the name

    def _render_traceback_(self) -> list[str]:  # IPython's hook for how an error is shown
        return str(self).split("\n")


class Exercise:
    """Self-check, hints and progress for one exercise, in the learner's kernel.

    Parameters
    ----------
    assignment : str
        For example ``"m02-group-metrics"``.
    progress_file : str or path, None or "auto", optional
        JSON file to keep progress and hints seen across kernel restarts. ``"auto"`` (the
        default): in a Jupyter kernel, a file for this exercise and the notebook's folder in
        the learner's data folder (see :mod:`faircheck._progress`); elsewhere, and with
        ``None``, they are kept in memory only.

    Examples
    --------
    >>> ex = Exercise("m00-orientation")
    >>> ex.check("q1", namespace={"positive_share": lambda y: sum(y) / len(y)})
    ✓ q1 Share of positives: correct on all 3 examples. Grading adds hidden tests.
    """

    def __init__(
        self, assignment: str, *, progress_file: str | os.PathLike | None = "auto"
    ) -> None:
        self._data = exercise_data(assignment)
        self.assignment = assignment
        if isinstance(progress_file, str) and progress_file == "auto":
            self._file = _progress.default_progress_file(assignment)
        else:
            self._file = None if progress_file is None else Path(progress_file)
        self._status, self._hints_seen = _progress.load(self._file)

    def __repr__(self) -> str:
        return f"Exercise({self.assignment!r})"

    def _save(self) -> None:
        _progress.save(self._file, self.assignment, self._status, self._hints_seen)

    # -- public -----------------------------------------------------------------------------------
    def _question(self, question_id: str) -> dict[str, Any] | None:
        for question in self._data["questions"]:
            if question["id"] == question_id:
                return question
        if any(w["id"] == question_id for w in self._data["written"]):
            print(WRITTEN_ONLY.format(qid=question_id))
            return None
        ids = [q["id"] for q in self._data["questions"]] + [w["id"] for w in self._data["written"]]
        known = ", ".join(ids)
        print(UNKNOWN_QUESTION.format(qid=question_id, assignment=self.assignment, known=known))
        return None

    def _run(self, question_id: str, namespace: Mapping[str, Any] | None, frame: Any):
        if namespace is None:
            namespace = _caller_namespace(frame.f_back if frame is not None else None)
        question = self._question(question_id)
        if question is None:
            return None
        passed, message = _verdict(question, namespace)
        self._status[question["id"]] = "passed" if passed else "failed"
        self._save()
        return passed, message

    def check(
        self, question_id: str | None = None, *, namespace: Mapping[str, Any] | None = None
    ) -> None:
        """Run your answer to ``question_id`` on the public examples and print the verdict.

        Parameters
        ----------
        question_id : str, optional
            ``"q1"``, ``"q2"``... Without it, every question you have answered so far (its
            function is defined and is more than the ``...`` stub) is checked.
        namespace : mapping, optional
            Where to find your answer; by default the notebook's namespace.
        """
        frame = inspect.currentframe()
        if question_id is not None:
            outcome = self._run(question_id, namespace, frame)
            if outcome is not None:
                print(outcome[1])
            return
        if namespace is None:
            namespace = _caller_namespace(frame.f_back if frame is not None else None)
        questions = self._data["questions"]
        answered = [q for q in questions if _answered(namespace, q["answer_name"])]
        if not answered:
            print(NOTHING_ANSWERED)
            return
        for q in answered:
            print(self._run(q["id"], namespace, frame)[1])
        if missing := [q["id"] for q in questions if q not in answered]:
            fields = {"done": len(answered), "total": len(questions)}
            print(CHECKED_ALL.format(missing=", ".join(missing), **fields))

    def test(self, question_id: str, *, namespace: Mapping[str, Any] | None = None) -> None:
        """Like :meth:`check`, but a failure raises :class:`TestFailed` (the test cells use this).

        nbgrader's *Validate* reports a test cell as failing when it raises; when the notebook
        is graded, the grading machine runs its own tests in place of this call.
        """
        outcome = self._run(question_id, namespace, inspect.currentframe())
        if outcome is None:  # the reason was printed just now
            raise TestFailed(f"no question {question_id!r} in {self.assignment}")
        if not outcome[0]:
            raise TestFailed(outcome[1])
        print(outcome[1])

    def hint(self, question_id: str) -> None:
        """Print the next hint for ``question_id`` (a nudge first, nearly the code last)."""
        question = self._question(question_id)
        if question is None:
            return
        hints, seen = question["hints"], self._hints_seen.get(question_id, 0)
        if not hints:
            print(NO_HINTS.format(qid=question_id))
        elif seen >= len(hints):
            print(NO_MORE_HINTS.format(qid=question_id, n=len(hints)))
        else:
            print(HINT.format(k=seen + 1, n=len(hints), qid=question_id, text=hints[seen]))
            self._hints_seen[question_id] = seen + 1
            self._save()

    def progress(self) -> None:
        """Print every question with its points and ✓ (passes), ✗ (fails) or not tried."""
        questions = self._data["questions"]
        total = sum(q["points"] for q in questions)
        done = sum(q["points"] for q in questions if self._status.get(q["id"]) == "passed")
        lines = [PROGRESS_HEAD.format(assignment=self.assignment, done=done, total=total)]
        for q in questions:
            status = STATUS.get(self._status.get(q["id"]), STATUS[None])
            s = "" if q["points"] == 1 else "s"
            row = {"qid": q["id"], "title": q["title"], "points": q["points"], "s": s}
            lines.append(PROGRESS_ROW.format(status=status, **row))
        for w in self._data["written"]:
            s = "" if w["points"] == 1 else "s"
            row = {"qid": w["id"], "title": WRITTEN_TITLE, "points": w["points"], "s": s}
            lines.append(PROGRESS_ROW.format(status=WRITTEN_STATUS, **row))
        print("\n".join(lines))
