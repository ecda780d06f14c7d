"""One learner's grading, in a process of its own: check, rebuild, sandbox, judge, write.

:func:`grade_one` runs in a child forked by :func:`autograder.grader.grade_submissions`. It
checks the submission (:mod:`autograder.submissions`), rebuilds it on the release
(:mod:`autograder.tamper`), makes it inert for the instructor's browser
(:mod:`autograder.sanitize`), draws the learner's hidden cases from the instructor's secret
(:mod:`autograder.seeds`), has nbgrader autograde it in the sandbox with the grader's
requests in place of the test cells (:mod:`autograder.nbgrader_run`), and writes
``result.json`` and ``feedback.html``. It never raises: a failure is this learner's
``grading_error``, with the details in the instructor's log ``RESULTS/logs/<student>.log``.
"""

from __future__ import annotations

import json
import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from autograder.submissions import UNREADABLE, NotGradable, check_student_id, submission_path

__all__ = ["Job", "error_result", "grade_one", "hidden_modules", "write_result"]

HIDDEN_SETS = 1  # hidden case sets drawn per learner and question from the secret
MAX_ADDED_CELLS = 300
TOO_MANY_CELLS = (
    "the notebook has {n} cells that you added; at most {limit} are graded: merge or delete "
    "cells and hand it in again"
)
INTERNAL_ERROR = (
    "the grader failed on this submission (an internal error, not the learner's): the "
    "instructor finds the details in {log}"
)
SANDBOX_STATUS_ERRORS = {
    "kernel_died",
    "kernel_unresponsive",
    "total_timeout",
    "memory_exceeded",
    "sandbox_error",
    "system_exit",  # set by autograder.nbgrader_run: a cell raised SystemExit
}
FLAGGED = (
    "the grader's requests in {gid} were interfered with (a missing, extra or malformed reply)"
)


@dataclass(frozen=True)
class Job:
    """Everything a child needs to grade one learner (the secret key stays on the host)."""

    course_root: str
    student: str
    submissions: str
    options: Any  # autograder.grader.GradeOptions
    out_dir: str
    fingerprint: str
    key: bytes
    extra: dict[str, list[int]]


def error_result(student: str, assignment: str, detail: str) -> dict:
    """The result of a submission that could not be graded; ``detail`` says why.

    Examples
    --------
    >>> error_result("ana", "m00-orientation", "no notebook")["status"]
    'grading_error'
    """
    return {
        "student_id": student,
        "assignment": assignment,
        "score": 0.0,
        "max_score": 0.0,
        "status": "grading_error",
        "detail": detail,
        "questions": [],
    }


def _messages(autograded: Path) -> dict[str, str]:
    if not autograded.exists():
        return {}
    nb = nbformat.read(autograded, as_version=4)
    out = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:
            out[gid] = str(errors[0].evalue)[:2000]
    return out


def _read_grades(course, assignment: str, student: str) -> tuple[float, float, bool, list]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission(assignment, student)
        grades = [
            (g.name, float(g.score), float(g.max_score), bool(g.needs_manual_grade), g.cell_type)
            for nb in submission.notebooks
            for g in nb.grades
        ]
        return (
            float(submission.score),
            float(submission.max_score),
            bool(submission.needs_manual_grade),
            grades,
        )


def _status(run, findings: list[str], needs_manual: bool) -> tuple[str, str]:
    details = []
    status = "graded"
    if needs_manual:
        status = "needs_manual"
        details.append("written answers await grading in the formgrader")
    flagged = [v.grade_id for v in run.verdicts if v.suspicious]
    if findings or flagged:
        status = "tampered"
        details = findings + [FLAGGED.format(gid=g) for g in flagged] + details
    if run.status in SANDBOX_STATUS_ERRORS:
        status = "grading_error"
        details.insert(0, f"{run.status}: {run.reason}")
    elif run.status == "cell_timeout":
        details.append(run.reason)
    return status, "; ".join(details)


def _log(out_dir: Path, student: str, text: str) -> Path:
    """Append to the instructor's log of one student (never shown to the learner)."""
    path = Path(out_dir) / "logs" / f"{student}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text.rstrip()}\n")
    return path


def hidden_modules(module) -> tuple[str, ...]:
    """What the sandbox of an assignment hides: every module one of its questions forbids."""
    return tuple(dict.fromkeys(m for q in module.QUESTIONS.values() for m in q.forbidden))


def _requests(job: Job, module) -> dict:
    from autograder.answers import make_request
    from autograder.seeds import hidden_seeds

    assignment = job.options.assignment
    requests = {}
    for qid, question in module.QUESTIONS.items():
        seeds = hidden_seeds(job.key, assignment, qid, job.student, count=HIDDEN_SETS)
        request = make_request(question, seeds + job.extra.get(qid, []))
        requests[request.grade_id] = request
    return requests


def _grade(job: Job, course, graded_path: list) -> dict:
    from autograder._insights_hits import mistake_records
    from autograder.gradebook import answer_digests, keep_manual_grades
    from autograder.nbgrader_run import autograde_student
    from autograder.questions import get_assignment
    from autograder.rubric import add_rubrics
    from autograder.sanitize import sanitize_notebook
    from autograder.tamper import reassemble

    assignment, student = job.options.assignment, job.student
    check_student_id(student)
    submission = submission_path(Path(job.submissions), student, assignment)
    try:
        submitted = nbformat.read(submission, as_version=4)
    except Exception:  # any malformed file: the learner's problem, reported, never quoted
        raise NotGradable(UNREADABLE) from None
    release = nbformat.read(course.release(assignment), as_version=4)
    rebuilt = reassemble(submitted, release)
    if rebuilt.added > MAX_ADDED_CELLS:
        raise NotGradable(TOO_MANY_CELLS.format(n=rebuilt.added, limit=MAX_ADDED_CELLS))
    target = course.submitted(student, assignment)
    if target.parent.exists():
        shutil.rmtree(target.parent)
    target.parent.mkdir(parents=True)
    # The formgrader renders this folder in the instructor's browser: only inert content goes
    # in (the learner's file stays untouched in SUBMISSIONS, for the record).
    inert = sanitize_notebook(rebuilt.notebook)
    nbformat.write(rebuilt.notebook, target)
    graded_path.append(course.autograded(student, assignment))
    module = get_assignment(assignment)
    # What the instructor graded by hand, to keep those grades if the answers are unchanged.
    before = answer_digests(course.autograded(student, assignment))
    run = autograde_student(
        course,
        assignment,
        student,
        job.options.policy(),
        _requests(job, module),
        hidden_modules(module),
    )
    after = answer_digests(course.autograded(student, assignment))
    keep_manual_grades(course.db_url, assignment, student, before, after)
    add_rubrics(course.autograded(student, assignment), list(module.WRITTEN))
    if run.log.strip():
        _log(Path(job.out_dir), student, f"sandbox ({run.status}): {run.reason}\n{run.log}")
    if inert or run.findings:
        removed = "\n".join(["sanitised, as submitted:", *inert, "as run:", *run.findings])
        _log(Path(job.out_dir), student, removed)
    score, max_score, needs_manual, grades = _read_grades(course, assignment, student)
    messages = _messages(course.autograded(student, assignment))
    status, detail = _status(run, list(rebuilt.findings), needs_manual)
    # The known mistakes each reply hit, by test cell: what `faircourse insights` counts.
    hits = {
        v.grade_id: mistake_records(module.QUESTIONS[v.grade_id.rsplit("_", 1)[0]], v.hits)
        for v in run.verdicts
    }
    questions = [
        {
            "id": name.rsplit("_", 1)[0],
            "grade_id": name,
            "points": s,
            "max_points": m,
            "needs_manual": manual,
            "kind": "written" if cell_type == "markdown" else "autograded",
            "message": messages.get(name, ""),
            **({"mistakes": hits[name]} if name in hits else {}),
        }
        for name, s, m, manual, cell_type in grades
    ]
    return {
        "student_id": student,
        "assignment": assignment,
        "score": score,
        "max_score": max_score,
        "status": status,
        "detail": detail,
        "questions": questions,
        "sandbox": {"status": run.status, "reason": run.reason},
        "sanitised": len(inert) + len(run.findings),
    }


def grade_one(job: Job) -> None:
    """Grade one student and write their result.json and feedback (in a child process)."""
    from autograder.nbgrader_run import Course

    course = Course(Path(job.course_root))
    start = time.monotonic()
    graded: list[Path] = []  # the autograded notebook, once this run makes one
    try:
        result = _grade(job, course, graded)
    except NotGradable as exc:
        result = error_result(job.student, job.options.assignment, str(exc))
    except Exception:  # never lose the batch: report this student and go on
        log = _log(Path(job.out_dir), job.student, traceback.format_exc())
        detail = INTERNAL_ERROR.format(log=Path("logs") / log.name)
        result = error_result(job.student, job.options.assignment, detail)
    result["fingerprint"] = job.fingerprint
    result["seconds"] = round(time.monotonic() - start, 2)
    write_result(Path(job.out_dir), result, graded[0] if graded else None)


def write_result(
    out_dir: Path, result: dict, graded: Path | None, *, feedback: str | None = None
) -> None:
    """Write ``result.json`` and ``feedback.html`` of one learner (feedback is a courtesy).

    ``feedback``: the page already rendered from the same notebook and result (by a Dask
    worker), written as it is rather than rendered a second time.
    """
    from autograder.feedback import write_feedback

    student_dir = out_dir / result["student_id"]
    student_dir.mkdir(parents=True, exist_ok=True)
    try:
        if feedback is None:
            write_feedback(graded, result, student_dir / "feedback.html")
        else:
            (student_dir / "feedback.html").write_text(feedback, encoding="utf-8")
        result["feedback"] = str(student_dir / "feedback.html")
        result.pop("feedback_error", None)
    except Exception:  # feedback is a courtesy; the grade stands without it
        _log(out_dir, result["student_id"], "feedback failed:\n" + traceback.format_exc())
        result["feedback_error"] = "the feedback page could not be written (see the log)"
    (student_dir / "result.json").write_text(json.dumps(result, indent=2) + "\n")
