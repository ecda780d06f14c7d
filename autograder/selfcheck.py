"""Check your answers while you work, offline: correct or not, why, and hints on request.

In a notebook::

    from autograder.selfcheck import Exercise
    ex = Exercise("m02-group-metrics")
    ex.check("q3")      # runs your demographic_parity_difference on the examples
    ex.hint("q3")       # the next hint, from a nudge to nearly the code
    ex.progress()       # which questions pass the examples

Only the public examples run here, in your kernel; grading later adds hidden cases. Nothing
is written to stderr (nbgrader would score the cell 0). Progress lives in the ``Exercise``
object, so it starts afresh when the kernel restarts, unless ``progress_file`` names a JSON
file to keep it in (for example ``"m02-progress.json"`` next to the notebook).
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from autograder.questions import get_assignment
from autograder.questions._base import AnswerError, CheckResult, Question

__all__ = ["Exercise"]

PASS = "✓ {qid} {title}: correct on all {n} examples. Grading adds hidden tests."
PASS_VALUE = "✓ {qid} {title}: correct."
FAIL = "✗ {qid} {title}\n{message}\n    Stuck? Ask for a hint: .hint({qid!r})"
NOT_DEFINED = "✗ {qid} {title}: {message}"
HINT = "Hint {k} of {n} for {qid}: {text}"
NO_MORE_HINTS = "No more hints for {qid}: you have seen all {n}. Re-read them above."
NO_HINTS = "There are no hints for {qid}."
UNKNOWN_QUESTION = "There is no question {qid!r} in {assignment}; its questions are {known}."
PROGRESS_HEAD = "{assignment}: {done} of {total} autograded points pass the examples"
PROGRESS_ROW = "  {qid:<4} {title:<44} {points} pt{s:<1}  {status}"
STATUS = {"passed": "✓", "failed": "✗", None: "not tried"}
WRITTEN_STATUS = "graded by hand"
WRITTEN_TITLE = "Written answer"


def _caller_namespace(frame: Any) -> Mapping[str, Any]:
    """The notebook's namespace in IPython, else the globals of the calling frame."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        return shell.user_ns
    return frame.f_globals if frame is not None else {}


class Exercise:
    """Self-check, hints and progress for one assignment, in the learner's kernel.

    Parameters
    ----------
    assignment : str
        For example ``"m02-group-metrics"``.
    progress_file : str or path, optional
        JSON file to keep progress and hints seen across kernel restarts; by default they
        are kept in memory only.

    Examples
    --------
    >>> ex = Exercise("m00-orientation")
    >>> ex.check("q1", namespace={"positive_share": lambda y: sum(y) / len(y)})
    ✓ q1 Share of positives: correct on all 3 examples. Grading adds hidden tests.
    """

    def __init__(self, assignment: str, *, progress_file: str | os.PathLike | None = None):
        self._set = get_assignment(assignment)
        self.assignment = assignment
        self._file = None if progress_file is None else Path(progress_file)
        self._status: dict[str, str] = {}
        self._hints_seen: dict[str, int] = {}
        self._load()

    def __repr__(self) -> str:
        return f"Exercise({self.assignment!r})"

    # -- persistence ------------------------------------------------------------------------------
    def _load(self) -> None:
        if self._file is None or not self._file.exists():
            return
        try:
            state = json.loads(self._file.read_text(encoding="utf-8"))
            self._status = {str(k): str(v) for k, v in state.get("status", {}).items()}
            self._hints_seen = {str(k): int(v) for k, v in state.get("hints_seen", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            self._status, self._hints_seen = {}, {}  # an unreadable file: start afresh

    def _save(self) -> None:
        if self._file is None:
            return
        state = {"assignment": self.assignment, "status": self._status}
        state["hints_seen"] = self._hints_seen
        try:
            self._file.write_text(json.dumps(state, indent=1), encoding="utf-8")
        except OSError:
            pass  # progress is a convenience; never disturb the notebook

    # -- public -----------------------------------------------------------------------------------
    def _question(self, question_id: str) -> Question | None:
        questions = self._set.QUESTIONS
        if question_id in questions:
            return questions[question_id]
        known = ", ".join(questions)
        print(UNKNOWN_QUESTION.format(qid=question_id, assignment=self.assignment, known=known))
        return None

    def check(self, question_id: str, *, namespace: Mapping[str, Any] | None = None) -> None:
        """Run your answer to ``question_id`` on the public examples and print the verdict.

        Parameters
        ----------
        question_id : str
            ``"q1"``, ``"q2"``...
        namespace : mapping, optional
            Where to find your answer; by default the notebook's namespace.
        """
        if namespace is None:
            frame = inspect.currentframe()
            namespace = _caller_namespace(frame.f_back if frame is not None else None)
        question = self._question(question_id)
        if question is None:
            return
        fields = {"qid": question.id, "title": question.title}
        try:
            answer = question.lookup(namespace)
        except AnswerError as exc:
            print(NOT_DEFINED.format(message=exc, **fields))
            return
        result: CheckResult = question.check(answer)
        self._status[question.id] = "passed" if result.passed else "failed"
        self._save()
        if result.passed:
            line = PASS_VALUE if question.kind == "value" else PASS
            print(line.format(n=len(question.cases()), **fields))
        else:
            message = "\n".join("    " + line for line in result.message.splitlines())
            print(FAIL.format(message=message, **fields))

    def hint(self, question_id: str) -> None:
        """Print the next hint for ``question_id`` (a nudge first, nearly the code last)."""
        question = self._question(question_id)
        if question is None:
            return
        hints, seen = question.hints, self._hints_seen.get(question.id, 0)
        if not hints:
            print(NO_HINTS.format(qid=question.id))
        elif seen >= len(hints):
            print(NO_MORE_HINTS.format(qid=question.id, n=len(hints)))
        else:
            print(HINT.format(k=seen + 1, n=len(hints), qid=question.id, text=hints[seen]))
            self._hints_seen[question.id] = seen + 1
            self._save()

    def progress(self) -> None:
        """Print every question with its points and ✓ (passes), ✗ (fails) or not tried."""
        questions = self._set.QUESTIONS.values()
        total = sum(q.points for q in questions)
        done = sum(q.points for q in questions if self._status.get(q.id) == "passed")
        lines = [PROGRESS_HEAD.format(assignment=self.assignment, done=done, total=total)]
        for q in questions:
            status = STATUS.get(self._status.get(q.id), STATUS[None])
            s = "" if q.points == 1 else "s"
            lines.append(
                PROGRESS_ROW.format(qid=q.id, title=q.title, points=q.points, s=s, status=status)
            )
        for w in getattr(self._set, "WRITTEN", []):
            points = int(w["points"])
            s = "" if points == 1 else "s"
            row = {"qid": w["id"], "title": WRITTEN_TITLE, "points": points, "s": s}
            lines.append(PROGRESS_ROW.format(status=WRITTEN_STATUS, **row))
        print("\n".join(lines))
