"""``faircourse grade``: grade a folder of submissions in parallel, resumably, safely.

For each student, in a process of its own: the submission is checked (a regular file in the
submissions folder, :mod:`autograder.submissions`) and rebuilt on the release notebook
(tampering recorded, test cells restored, :mod:`autograder.tamper`); the host draws the
learner's hidden cases from the instructor's secret (:mod:`autograder.seeds`); nbgrader
autogrades it with the notebook executed in a sandbox that answers the host's requests
(:mod:`autograder.nbgrader_run`, :mod:`autograder.answers`); the result, feedback and
gradebook rows are written. A student whose grading fails gets ``grading_error`` with the
reason; the others go on, and the details for the instructor go to ``RESULTS/logs/``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from autograder.pool import died_reason, run_isolated
from autograder.sandbox import SandboxPolicy
from autograder.submissions import (
    RESERVED,
    UNREADABLE,
    NotGradable,
    check_student_id,
    find_students,
    submission_path,
)

__all__ = [
    "CSV_COLUMNS",
    "GradeOptions",
    "grade_submissions",
    "read_extra_tests",
    "write_grades_csv",
]

GRADER_VERSION = "3"  # bump when a grade could change: cached results are redone
STATUSES = ("graded", "needs_manual", "grading_error", "tampered")
CSV_COLUMNS = ("student_id", "assignment", "score", "max_score", "status", "detail")
SECRET_NAME = "grading_secret.key"
HIDDEN_SETS = 1  # hidden case sets drawn per learner and question from the secret
MAX_ADDED_CELLS = 300
TOO_MANY_CELLS = (
    "the notebook has {n} cells that you added; at most {limit} are graded: merge or delete "
    "cells and hand it in again"
)
NO_SOURCE = "no source notebook for {assignment} in {path}: run `faircourse build`"
UNKNOWN_EXTRA = "extra tests for {assignment}: unknown question(s) {ids}; known: {known}"
BAD_EXTRA = "extra tests file {path}: expected {{question id: {{'hidden_seeds': [int, ...]}}}}"
NO_EXTRA = "extra tests: no {name} in {path} (expected {{question id: {{'hidden_seeds': [...]}}}})"
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
class GradeOptions:
    assignment: str
    workers: int = 2
    timeout: float = 300.0  # whole notebook, seconds
    cell_timeout: float = 30.0
    memory_bytes: int = 2 * 1024**3
    extra_tests: Path | None = None
    secret: Path | None = None  # default: RESULTS/course/grading_secret.key

    def policy(self) -> SandboxPolicy:
        return SandboxPolicy(
            cell_timeout=min(self.cell_timeout, self.timeout),
            total_timeout=self.timeout,
            memory_bytes=self.memory_bytes,
        )


def read_extra_tests(assignment: str, extra_dir: Path | None) -> dict[str, list[int]]:
    """An instructor's additional hidden seeds, ``extra_dir/<assignment>.json``, by question.

    The file maps question ids to ``{"hidden_seeds": [int, ...]}``; each seed adds one more
    set of hidden cases for every learner. A folder or file that is missing is an error (a
    typo must not silently grade with fewer tests than the instructor meant).
    """
    from autograder.questions import get_assignment

    if extra_dir is None:
        return {}
    path = Path(extra_dir) / f"{assignment}.json"
    if not path.is_file():
        raise ValueError(NO_EXTRA.format(name=path.name, path=Path(extra_dir)))
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        spec = None
    ok = isinstance(spec, dict) and all(
        isinstance(v, dict)
        and isinstance(v.get("hidden_seeds"), list)
        and all(type(s) is int and s >= 0 for s in v["hidden_seeds"])
        for v in spec.values()
    )
    if not ok:
        raise ValueError(BAD_EXTRA.format(path=path))
    known = list(get_assignment(assignment).QUESTIONS)
    unknown = sorted(q for q in spec if q not in known)
    if unknown:
        raise ValueError(UNKNOWN_EXTRA.format(assignment=assignment, ids=unknown, known=known))
    return {q: list(v["hidden_seeds"]) for q, v in spec.items()}


@dataclass(frozen=True)
class _Job:
    course_root: str
    student: str
    submissions: str
    options: GradeOptions
    out_dir: str
    fingerprint: str
    key: bytes
    extra: dict[str, list[int]]


def _fingerprint(submission: Path, source_text: str, options: GradeOptions, key_id: str, extra):
    h = hashlib.sha256()
    h.update(GRADER_VERSION.encode())
    h.update(submission.read_bytes() if submission.is_file() else b"<missing>")
    h.update(source_text.encode())
    h.update(json.dumps(asdict(options.policy()), sort_keys=True).encode())
    h.update(key_id.encode())
    h.update(json.dumps(extra, sort_keys=True).encode())
    return h.hexdigest()


def _error_result(student: str, assignment: str, detail: str) -> dict:
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


def _requests(job: _Job, module) -> dict:
    from autograder.answers import make_request
    from autograder.seeds import hidden_seeds

    assignment = job.options.assignment
    requests = {}
    for qid, question in module.QUESTIONS.items():
        seeds = hidden_seeds(job.key, assignment, qid, job.student, count=HIDDEN_SETS)
        request = make_request(question, seeds + job.extra.get(qid, []))
        requests[request.grade_id] = request
    return requests


def _grade(job: _Job, course, graded_path: list) -> dict:
    from autograder.nbgrader_run import autograde_student
    from autograder.questions import get_assignment
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
    hidden = tuple(dict.fromkeys(m for q in module.QUESTIONS.values() for m in q.forbidden))
    run = autograde_student(
        course, assignment, student, job.options.policy(), _requests(job, module), hidden
    )
    if run.log.strip():
        _log(Path(job.out_dir), student, f"sandbox ({run.status}): {run.reason}\n{run.log}")
    if inert or run.findings:
        removed = "\n".join(["sanitised, as submitted:", *inert, "as run:", *run.findings])
        _log(Path(job.out_dir), student, removed)
    score, max_score, needs_manual, grades = _read_grades(course, assignment, student)
    messages = _messages(course.autograded(student, assignment))
    status, detail = _status(run, list(rebuilt.findings), needs_manual)
    questions = [
        {
            "id": name.rsplit("_", 1)[0],
            "grade_id": name,
            "points": s,
            "max_points": m,
            "needs_manual": manual,
            "kind": "written" if cell_type == "markdown" else "autograded",
            "message": messages.get(name, ""),
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


def _grade_one(job: _Job) -> None:
    """Grade one student and write their result.json and feedback (in a child process)."""
    from autograder.feedback import write_feedback
    from autograder.nbgrader_run import Course

    course = Course(Path(job.course_root))
    start = time.monotonic()
    graded: list[Path] = []  # the autograded notebook, once this run makes one
    try:
        result = _grade(job, course, graded)
    except NotGradable as exc:
        result = _error_result(job.student, job.options.assignment, str(exc))
    except Exception:  # never lose the batch: report this student and go on
        log = _log(Path(job.out_dir), job.student, traceback.format_exc())
        detail = INTERNAL_ERROR.format(log=Path("logs") / log.name)
        result = _error_result(job.student, job.options.assignment, detail)
    result["fingerprint"] = job.fingerprint
    result["seconds"] = round(time.monotonic() - start, 2)
    _write_result(Path(job.out_dir), result, graded[0] if graded else None, write_feedback)


def _write_result(out_dir: Path, result: dict, graded: Path | None, write_feedback) -> None:
    student_dir = out_dir / result["student_id"]
    student_dir.mkdir(parents=True, exist_ok=True)
    try:
        write_feedback(graded, result, student_dir / "feedback.html")
        result["feedback"] = str(student_dir / "feedback.html")
    except Exception:  # feedback is a courtesy; the grade stands without it
        _log(out_dir, result["student_id"], "feedback failed:\n" + traceback.format_exc())
        result["feedback_error"] = "the feedback page could not be written (see the log)"
    (student_dir / "result.json").write_text(json.dumps(result, indent=2) + "\n")


def write_grades_csv(results: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for r in sorted(results, key=lambda r: r["student_id"]):
            writer.writerow(r)


def _progress(done: int, total: int, result: dict) -> None:
    width = 24
    filled = int(width * done / max(total, 1))
    line = (
        f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
        f"{result['student_id']!r}: {result['status']} "
        f"{result['score']:g}/{result['max_score']:g}"
    )
    print(line, file=sys.stderr, flush=True)


def prepare_course(repo: Path, options: GradeOptions, out_dir: Path):
    """Create/refresh ``out_dir/course``: the source notebook and the gradebook."""
    from autograder.nbgrader_run import Course, generate

    assignment = options.assignment
    src = repo / "solutions" / assignment
    if not (src / f"{assignment}.ipynb").exists():
        raise FileNotFoundError(NO_SOURCE.format(assignment=assignment, path=src))
    course = Course(out_dir / "course")
    target = course.source(assignment).parent
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(src, target)
    generate(course, assignment)
    return course


def _preload() -> None:
    """Import what every child needs once, before forking (children then start at once)."""
    import nbconvert  # noqa: F401
    import nbgrader.api  # noqa: F401

    import autograder.feedback
    import autograder.nbgrader_run
    import autograder.tamper  # noqa: F401


def grade_submissions(
    submissions: Path, out_dir: Path, options: GradeOptions, *, repo: Path
) -> list[dict]:
    """Grade ``submissions/<student>/<assignment>/<assignment>.ipynb`` for every student.

    Results already in ``out_dir`` for an unchanged submission (same fingerprint) are kept,
    except grading errors, so a rerun grades only what is new, changed or failed. Returns
    every student's result.
    """
    from autograder.questions import get_assignment
    from autograder.seeds import NEW_SECRET, load_or_create_secret, secret_id

    module = get_assignment(options.assignment)  # an unknown assignment fails here
    extra = read_extra_tests(options.assignment, options.extra_tests)
    out_dir = Path(out_dir).resolve()
    course = prepare_course(Path(repo), options, out_dir)
    secret_path = Path(options.secret or course.root / SECRET_NAME)
    key, created = load_or_create_secret(secret_path)
    if created:
        print(NEW_SECRET.format(path=secret_path), file=sys.stderr)
    source_text = course.source(options.assignment).read_text()
    submissions = Path(submissions).resolve()
    students = find_students(submissions)
    name = f"{options.assignment}.ipynb"
    results, jobs = [], []
    for student in students:
        if student in RESERVED:
            try:
                check_student_id(student)
            except NotGradable as exc:
                results.append(_error_result(student, options.assignment, str(exc)))
            continue
        path = submissions / student / options.assignment / name
        fp = _fingerprint(path, source_text, options, secret_id(key), extra)
        previous = out_dir / student / "result.json"
        if previous.is_file() and not previous.is_symlink():
            old = json.loads(previous.read_text())
            if old.get("fingerprint") == fp and old.get("status") != "grading_error":
                results.append(old)
                continue
            previous.unlink()
        job = _Job(
            str(course.root), student, str(submissions), options, str(out_dir), fp, key, extra
        )
        jobs.append(job)
    print(
        f"grading {len(jobs)} of {len(students)} submission(s) of {module.ASSIGNMENT} with "
        f"{options.workers} worker(s); {len(students) - len(jobs)} unchanged",
        file=sys.stderr,
    )

    def finished(job: _Job, exitcode: int | None) -> None:
        path = out_dir / job.student / "result.json"
        if exitcode == 0 and path.is_file():
            result = json.loads(path.read_text())
        else:  # the child died before writing its result: this student alone fails
            result = _error_result(job.student, options.assignment, died_reason(exitcode))
            result["fingerprint"] = job.fingerprint
            _write_result(out_dir, result, None, _feedback_writer())
        results.append(result)
        _progress(len(results) - (len(students) - len(jobs)), len(jobs), result)

    if jobs:
        from autograder.sandbox import cgroup_notice

        if notice := cgroup_notice():
            print(notice, file=sys.stderr)
        _preload()
        run_isolated(jobs, _grade_one, finished, workers=options.workers)
    write_grades_csv(results, out_dir / "grades.csv")
    return results


def _feedback_writer():
    from autograder.feedback import write_feedback

    return write_feedback
