"""Which known mistake a failing case's teaching message names (for ``faircourse insights``).

The host judges every reply (:func:`autograder.answers.judge`); when the output equals a known
mistake's variant, :func:`faircheck._plain.explain` starts the message with that mistake's
teaching message. Reading the identity back from the host's own message keeps one rule for
"recognised": what the learner is told is what the class report counts. Nothing here reads
what the learner's notebook printed.
"""

from __future__ import annotations

from faircheck._plain import COLUMN_PREFIX

__all__ = ["mistake_hit", "mistake_records"]


def mistake_hit(question, case, message: str) -> int | None:
    """Index in ``question.mistakes`` of the mistake that ``message`` (from compare) names.

    Examples
    --------
    >>> import numpy as np
    >>> from autograder.questions._base import Case, Mistake, Question
    >>> q = Question("q1", "Share", 1, "share", "the share of 1s", "number",
    ...              lambda y: float(np.mean(y)), lambda: [Case("ex", {"y": np.array([1, 0])})],
    ...              lambda rng: [], mistakes=(Mistake("you counted", lambda y: float(sum(y))),))
    >>> case = q.cases()[0]
    >>> mistake_hit(q, case, q.compare(case, 1.0).message), mistake_hit(q, case, "other")
    (0, None)
    """
    head = f"{question.where(case)}: "
    if not message.startswith(head):
        return None
    text = message[len(head) :]
    for i, mistake in enumerate(question.mistakes):
        prefix = "" if mistake.column is None else COLUMN_PREFIX.format(column=mistake.column)
        if text.startswith(f"{prefix}{mistake.message}\n"):
            return i
    return None


def mistake_records(question, hits) -> list[dict]:
    """``result.json``'s record of one question's hits: per mistake, public and hidden cases.

    ``hits`` holds ``(mistake index, hidden)`` for every case whose reply hit a known mistake.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> q = SimpleNamespace(mistakes=[SimpleNamespace(message="you counted")])
    >>> mistake_records(q, [(0, False), (0, True), (0, True)])
    [{'index': 0, 'message': 'you counted', 'public': 1, 'hidden': 2}]
    """
    records: dict[int, dict] = {}
    for index, hidden in hits:
        record = records.setdefault(
            index,
            {"index": index, "message": question.mistakes[index].message, "public": 0, "hidden": 0},
        )
        record["hidden" if hidden else "public"] += 1
    return [records[i] for i in sorted(records)]
