"""The gradebook is the record: results, ``grades.csv`` and feedback are derived from it.

nbgrader's gradebook (``RESULTS/course/gradebook.db``) holds every grade: the autograder's
scores and the manual scores and comments an instructor gives in the formgrader. Everything a
learner or a spreadsheet sees is recomputed from it by :func:`refresh` (``faircourse grade``
and ``faircourse export`` both call it), so a rerun can never bring back an older score, and a
learner's ``feedback.html`` is rewritten as soon as a manual grade changes.

A regrade runs nbgrader's autograder again, which marks every manually graded cell as needing
review. :func:`keep_manual_grades` undoes that where the learner's answer is the one that was
graded (same text), and drops the manual score and comment where the answer changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat

__all__ = [
    "BAD_RESULT",
    "WAITING",
    "answer_digests",
    "keep_manual_grades",
    "refresh",
    "refresh_result",
    "ungraded_answers",
]

#: The detail of a submission with answers still to grade by hand (see grading_job._status).
WAITING = "written answers await grading in the formgrader"
BAD_RESULT = "{path} is not a result of `faircourse grade`: remove it, or grade again"
_KEPT_STATUSES = ("grading_error", "tampered")  # flags no manual grade can lift


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answer_digests(notebook: Path) -> dict[str, str]:
    """What each grade cell of an autograded notebook grades, as a digest, by grade id.

    A written answer (a markdown grade cell) is its own text; an autograded test cell grades
    the notebook's code, so its digest is that of every solution cell. A missing notebook has
    none.

    Examples
    --------
    >>> answer_digests(Path("/nonexistent.ipynb"))
    {}
    """
    if not Path(notebook).is_file():
        return {}
    nb = nbformat.read(notebook, as_version=4)
    meta = [(c, c.metadata.get("nbgrader", {})) for c in nb.cells]
    code = _digest("\n\0".join(c.source for c, m in meta if m.get("solution")))
    return {
        m["grade_id"]: _digest(c.source) if c.cell_type == "markdown" else code
        for c, m in meta
        if m.get("grade") and m.get("grade_id")
    }


def keep_manual_grades(
    db_url: str, assignment: str, student: str, before: dict[str, str], after: dict[str, str]
) -> list[str]:
    """After a regrade, keep every manual grade whose answer is unchanged; drop the others.

    ``before`` and ``after`` are :func:`answer_digests` of the autograded notebook before and
    after the regrade. Returns the grade ids whose manual score was dropped (the answer the
    instructor graded is gone; the answer now there waits for grading, or keeps its automatic
    score).
    """
    from nbgrader.api import Gradebook, MissingEntry

    dropped = []
    with Gradebook(db_url) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return []
        for notebook in submission.notebooks:
            comments = {c.name: c for c in notebook.comments}
            for grade in notebook.grades:
                if grade.manual_score is None:
                    continue
                name = grade.name
                if name in after and before.get(name) == after[name]:
                    grade.needs_manual_grade = False
                    continue
                grade.manual_score = None
                grade.needs_manual_grade = grade.auto_score is None
                comment = comments.get(name) or comments.get(_answer_cell(name))
                if comment is not None:
                    comment.manual_comment = None
                dropped.append(name)
        gb.db.commit()
    return dropped


def _answer_cell(grade_id: str) -> str:
    """The solution cell that a test cell grades (``q1_tests`` -> ``q1_answer``)."""
    return grade_id.rsplit("_", 1)[0] + "_answer"


def refresh_result(result: dict, gb) -> dict:
    """``result`` with its scores, status and comments as the gradebook ``gb`` holds them."""
    from nbgrader.api import MissingEntry

    if not result.get("questions"):  # never reached nbgrader: nothing to refresh
        return result
    try:
        submission = gb.find_submission(result["assignment"], result["student_id"])
    except MissingEntry:
        return result
    grades = {g.name: g for nb in submission.notebooks for g in nb.grades}
    comments = {c.name: c.manual_comment for nb in submission.notebooks for c in nb.comments}
    questions, waiting = [], []
    for q in result["questions"]:
        grade = grades.get(q["grade_id"])
        if grade is None:
            questions.append(q)
            continue
        comment = comments.get(q["grade_id"]) or comments.get(_answer_cell(q["grade_id"]))
        new = dict(q, max_points=float(grade.max_score))
        new["needs_manual"] = bool(grade.needs_manual_grade)
        new["points"] = float(grade.score)
        # Only when there is one, as in a fresh result.json (grading_job writes neither).
        new.pop("graded_by_hand", None), new.pop("comment", None)
        if grade.manual_score is not None:
            new["graded_by_hand"] = True
        if comment:
            new["comment"] = comment
        if new["needs_manual"]:
            waiting.append(q["id"])
        questions.append(new)
    new = dict(result, questions=questions)
    new["score"], new["max_score"] = float(submission.score), float(submission.max_score)
    if result["status"] not in _KEPT_STATUSES:
        new["status"] = "needs_manual" if waiting else "graded"
    parts = [p for p in result.get("detail", "").split("; ") if p]
    if waiting and WAITING not in parts:
        parts.insert(0, WAITING)
    elif not waiting and WAITING in parts:
        parts.remove(WAITING)
    new["detail"] = "; ".join(parts)
    return new


_COMPARED = ("score", "max_score", "status", "detail")
_NEW_KEYS = ("comment", "graded_by_hand")  # absent from a fresh result when empty


def _changed(new: dict, old: dict) -> bool:
    def normal(questions):
        return [{k: v for k, v in q.items() if v or k not in _NEW_KEYS} for q in questions]

    if any(new.get(k) != old.get(k) for k in _COMPARED):
        return True
    return normal(new.get("questions", [])) != normal(old.get("questions", []))


def refresh(results_dir: Path, results: list[dict] | None = None) -> list[dict]:
    """Refresh every result in ``results_dir`` from the gradebook and write ``grades.csv``.

    A result whose scores, status or comments changed gets its ``result.json`` and
    ``feedback.html`` rewritten. ``results`` adds results that have no ``result.json`` (a
    refused student folder); returns every result, sorted by student.
    """
    from nbgrader.api import Gradebook

    from autograder.grader import write_grades_csv
    from autograder.grading_job import write_result
    from autograder.nbgrader_run import Course

    results_dir = Path(results_dir)
    on_disk = {}
    for path in sorted(results_dir.glob("*/result.json")):
        if path.is_symlink():
            continue
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
            on_disk[result["student_id"]] = result
        except (ValueError, TypeError, KeyError):
            raise ValueError(BAD_RESULT.format(path=path)) from None
    course = Course(results_dir / "course")
    refreshed = dict(on_disk)
    if course.has_gradebook():
        with Gradebook(course.db_url) as gb:
            for student, result in on_disk.items():
                refreshed[student] = refresh_result(result, gb)
    for student, new in refreshed.items():
        old = on_disk[student]
        if _changed(new, old):
            graded = course.autograded(student, new["assignment"])
            write_result(results_dir, new, graded if graded.is_file() else None)
    for r in results or ():
        refreshed.setdefault(r["student_id"], r)
    every = [refreshed[s] for s in sorted(refreshed)]
    write_grades_csv(every, results_dir / "grades.csv")
    return every


def ungraded_answers(results: list[dict]) -> list[tuple[str, str]]:
    """(student, question id) of every answer that still waits for grading by hand.

    Examples
    --------
    >>> ungraded_answers([{"student_id": "ana", "questions": [
    ...     {"id": "w1", "needs_manual": True}, {"id": "q1", "needs_manual": False}]}])
    [('ana', 'w1')]
    """
    return [
        (r["student_id"], q["id"])
        for r in sorted(results, key=lambda r: r["student_id"])
        for q in r.get("questions", [])
        if q.get("needs_manual")
    ]
