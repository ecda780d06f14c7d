"""``faircourse grade``: grade a folder of submissions in parallel, resumably, safely.

For each student: the submission is rebuilt on the release notebook (tampering recorded, test
cells restored, :mod:`autograder.tamper`), nbgrader autogrades it with the notebook executed
in a sandbox and the test cells judged outside the kernel (:mod:`autograder.nbgrader_run`),
and the result, feedback and gradebook rows are written. A student whose grading fails gets
``grading_error`` with the reason; the others go on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from autograder.sandbox import SandboxPolicy

__all__ = ["GradeOptions", "grade_submissions", "merge_extra_tests", "write_grades_csv"]

GRADER_VERSION = "2"  # bump when a grade could change: cached results are redone
STATUSES = ("graded", "needs_manual", "grading_error", "tampered")
CSV_COLUMNS = ("student_id", "assignment", "score", "max_score", "status", "detail")
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")
BAD_STUDENT_ID = "student folder name {name!r} is not a valid id (letters, digits, _ . @ + -)"
# Names that the results folder itself uses: a student folder with one of them is refused.
RESERVED = ("course", "grades.csv", "canvas.csv")
RESERVED_ID = "student folder name {name!r} is reserved by the results folder; rename it"
NO_NOTEBOOK = "no {name} in the submission folder"
UNREADABLE = "the notebook could not be read: {error}"
NO_SOURCE = "no source notebook for {assignment} in {path}: run `faircourse build`"
UNKNOWN_EXTRA = "extra tests for {assignment}: unknown question(s) {ids}; known: {known}"
BAD_EXTRA = "extra tests file {path}: expected {{question id: {{'hidden_seeds': [int, ...]}}}}"
SANDBOX_STATUS_ERRORS = {
    "kernel_died",
    "total_timeout",
    "memory_exceeded",
    "sandbox_error",
    "system_exit",  # set by autograder.nbgrader_run: a cell raised SystemExit
}
SILENCED = "tests of {gid} were silenced (results missing, or failing with no error shown)"


@dataclass(frozen=True)
class GradeOptions:
    assignment: str
    workers: int = 2
    timeout: float = 300.0  # whole notebook, seconds
    cell_timeout: float = 30.0
    memory_bytes: int = 2 * 1024**3
    extra_tests: Path | None = None

    def policy(self) -> SandboxPolicy:
        return SandboxPolicy(
            cell_timeout=min(self.cell_timeout, self.timeout),
            total_timeout=self.timeout,
            memory_bytes=self.memory_bytes,
        )


def merge_extra_tests(source: nbformat.NotebookNode, assignment: str, extra_dir: Path | None):
    """Add an instructor's private hidden seeds (``extra_dir/<assignment>.json``) to the tests.

    The file maps question ids to ``{"hidden_seeds": [int, ...]}``; each seed adds one more
    ``grade(..., hidden_seed=...)`` call inside the hidden block of that question's tests.
    """
    if extra_dir is None:
        return source
    path = Path(extra_dir) / f"{assignment}.json"
    if not path.exists():
        return source
    spec = json.loads(path.read_text())
    ok = isinstance(spec, dict) and all(
        isinstance(v, dict)
        and isinstance(v.get("hidden_seeds"), list)
        and all(isinstance(s, int) and s >= 0 for s in v["hidden_seeds"])
        for v in spec.values()
    )
    if not ok:
        raise ValueError(BAD_EXTRA.format(path=path))
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source.cells}
    unknown = sorted(q for q in spec if f"{q}_tests" not in cells)
    if unknown:
        known = sorted(g[: -len("_tests")] for g in cells if g and g.endswith("_tests"))
        raise ValueError(UNKNOWN_EXTRA.format(assignment=assignment, ids=unknown, known=known))
    for qid, entry in spec.items():
        cell = cells[f"{qid}_tests"]
        calls = "".join(
            f'grade("{assignment}", "{qid}", globals(), hidden_seed={seed})\n'
            for seed in entry["hidden_seeds"]
        )
        cell.source = cell.source.replace("### END HIDDEN TESTS", calls + "### END HIDDEN TESTS")
    return source


def _fingerprint(submission: Path, source_text: str, options: GradeOptions) -> str:
    h = hashlib.sha256()
    h.update(GRADER_VERSION.encode())
    h.update(submission.read_bytes() if submission.exists() else b"<missing>")
    h.update(source_text.encode())
    h.update(json.dumps(asdict(options.policy()), sort_keys=True).encode())
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
            out[gid] = f"{errors[0].ename}: {errors[0].evalue}"[:2000]
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
    suspicious = [v.grade_id for v in run.verdicts if v.suspicious]
    if findings or suspicious:
        status = "tampered"
        details = findings + [SILENCED.format(gid=g) for g in suspicious] + details
    if run.status in SANDBOX_STATUS_ERRORS:
        status = "grading_error"
        details.insert(0, f"{run.status}: {run.reason}")
    elif run.status == "cell_timeout":
        details.append(run.reason)
    return status, "; ".join(details)


class _NotGradable(Exception):
    """The submission cannot be graded at all; the message says why (for the learner too)."""


def _grade_one(job: tuple) -> dict:
    """Grade one student (runs in a worker process). Never raises."""
    from autograder.feedback import write_feedback
    from autograder.nbgrader_run import Course, autograde_student
    from autograder.tamper import reassemble

    course_root, student, submission, options, out_dir, fingerprint = job
    course = Course(Path(course_root))
    assignment = options.assignment
    start = time.monotonic()
    graded = None  # the autograded notebook, once this run makes one (feedback shows it)
    try:
        if not STUDENT_ID.match(student):
            return _error_result(student, assignment, BAD_STUDENT_ID.format(name=student))
        # The errors below are reported like a grade: result.json and feedback are written.
        if not submission.exists():
            raise _NotGradable(NO_NOTEBOOK.format(name=submission.name))
        try:
            submitted = nbformat.read(submission, as_version=4)
        except Exception as exc:  # any malformed file: the learner's problem, reported
            raise _NotGradable(UNREADABLE.format(error=exc)) from None
        release = nbformat.read(course.release(assignment), as_version=4)
        rebuilt = reassemble(submitted, release)
        target = course.submitted(student, assignment)
        if target.parent.exists():
            shutil.rmtree(target.parent)
        target.parent.mkdir(parents=True)
        nbformat.write(rebuilt.notebook, target)
        graded = course.autograded(student, assignment)
        run = autograde_student(course, assignment, student, options.policy())
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
        result = {
            "student_id": student,
            "assignment": assignment,
            "score": score,
            "max_score": max_score,
            "status": status,
            "detail": detail,
            "questions": questions,
            "sandbox": {"status": run.status, "reason": run.reason},
        }
    except _NotGradable as exc:
        result = _error_result(student, assignment, str(exc))
    except Exception as exc:  # never lose the batch: report this student and go on
        tail = traceback.format_exc(limit=3)[-1500:]
        result = _error_result(student, assignment, f"{type(exc).__name__}: {exc} | {tail}")
    result["fingerprint"] = fingerprint
    result["seconds"] = round(time.monotonic() - start, 2)
    student_dir = Path(out_dir) / student
    student_dir.mkdir(parents=True, exist_ok=True)
    try:
        write_feedback(graded, result, student_dir / "feedback.html")
        result["feedback"] = str(student_dir / "feedback.html")
    except Exception as exc:  # feedback is a courtesy; the grade stands without it
        result["feedback_error"] = f"{type(exc).__name__}: {exc}"
    (student_dir / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


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
        f"{result['student_id']}: {result['status']} {result['score']:g}/{result['max_score']:g}"
    )
    print(line, file=sys.stderr, flush=True)


def prepare_course(repo: Path, options: GradeOptions, out_dir: Path):
    """Create/refresh ``out_dir/course``: the source notebook (with extra tests) and gradebook."""
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
    nb = nbformat.read(course.source(assignment), as_version=4)
    nb = merge_extra_tests(nb, assignment, options.extra_tests)
    nbformat.write(nb, course.source(assignment))
    generate(course, assignment)
    return course


def grade_submissions(
    submissions: Path, out_dir: Path, options: GradeOptions, *, repo: Path
) -> list[dict]:
    """Grade ``submissions/<student>/<assignment>/<assignment>.ipynb`` for every student.

    Results already in ``out_dir`` for an unchanged submission (same fingerprint) are kept,
    so a rerun grades only what is new or changed. Returns every student's result.
    """
    out_dir = Path(out_dir).resolve()
    course = prepare_course(Path(repo), options, out_dir)
    source_text = course.source(options.assignment).read_text()
    name = f"{options.assignment}.ipynb"
    # Hidden folders (.ipynb_checkpoints, .git) are not students.
    students = sorted(
        p.name for p in Path(submissions).iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    results, jobs = [], []
    for student in students:
        if student in RESERVED:
            results.append(
                _error_result(student, options.assignment, RESERVED_ID.format(name=student))
            )
            continue
        submission = Path(submissions).resolve() / student / options.assignment / name
        fp = _fingerprint(submission, source_text, options)
        previous = out_dir / student / "result.json"
        if previous.exists():
            old = json.loads(previous.read_text())
            if old.get("fingerprint") == fp:
                results.append(old)
                continue
        jobs.append((str(course.root), student, submission, options, str(out_dir), fp))
    print(
        f"grading {len(jobs)} of {len(students)} submission(s) with {options.workers} "
        f"worker(s); {len(students) - len(jobs)} unchanged",
        file=sys.stderr,
    )
    if jobs:
        with ProcessPoolExecutor(max_workers=max(1, options.workers)) as pool:
            futures = {pool.submit(_grade_one, job): job for job in jobs}
            for done, future in enumerate(as_completed(futures), start=1):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker process died: report, keep going
                    result = _error_result(job[1], options.assignment, f"worker died: {exc}")
                results.append(result)
                _progress(done, len(jobs), result)
    write_grades_csv(results, out_dir / "grades.csv")
    return results
