"""``faircourse grade``: grade a folder of submissions in parallel, resumably, safely.

This module prepares the course folder and the instructor's secret, decides which
submissions need grading (a rerun keeps unchanged results, except grading errors), and runs
:func:`autograder.grading_job.grade_one` for each learner in a process of its own
(:mod:`autograder.pool`), or as one Dask task each (:mod:`autograder.dask_executor`): a
learner whose grading fails, even by the death of that process, gets ``grading_error`` with
the reason; the others go on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.grading_job import Job, error_result, grade_one, hidden_modules, write_result
from autograder.pool import died_reason, run_isolated
from autograder.sandbox import SandboxPolicy
from autograder.submissions import RESERVED, RESERVED_ID, find_students

__all__ = [
    "CSV_COLUMNS",
    "GradeOptions",
    "grade_submissions",
    "read_extra_tests",
    "write_grades_csv",
]

GRADER_VERSION = "4"  # bump when a grade could change: cached results are redone
STATUSES = ("graded", "needs_manual", "grading_error", "tampered")
CSV_COLUMNS = ("student_id", "assignment", "score", "max_score", "status", "detail")
SECRET_NAME = "grading_secret.key"
NO_SOURCE = "no source notebook for {assignment} in {path}: run `faircourse build`"
UNKNOWN_EXTRA = "extra tests for {assignment}: unknown question(s) {ids}; known: {known}"
BAD_EXTRA = "extra tests file {path}: expected {{question id: {{'hidden_seeds': [int, ...]}}}}"
NO_EXTRA = "extra tests: no {name} in {path} (expected {{question id: {{'hidden_seeds': [...]}}}})"


@dataclass(frozen=True)
class GradeOptions:
    assignment: str
    workers: int = 2
    timeout: float = 300.0  # whole notebook, seconds
    cell_timeout: float = 30.0
    memory_bytes: int = 2 * 1024**3
    extra_tests: Path | None = None
    secret: Path | None = None  # default: RESULTS/course/grading_secret.key
    executor: str = "local"  # "local": a process per learner here; "dask": one task each
    scheduler: str | None = None  # a Dask scheduler's address; None: a cluster on this host
    db_url: str | None = None  # the gradebook's database (default: RESULTS/course SQLite)

    def policy(self) -> SandboxPolicy:
        return SandboxPolicy(
            cell_timeout=min(self.cell_timeout, self.timeout),
            total_timeout=self.timeout,
            memory_bytes=self.memory_bytes,
        )


def job_deadline(options: GradeOptions) -> float:
    """Seconds one submission may take in all: its notebook's limit twice, plus start-up,
    nbgrader and judging; past it the grading process is killed (``pool.OVERTIME``).

    Examples
    --------
    >>> job_deadline(GradeOptions("m00-orientation", timeout=60))
    240.0
    """
    return 2 * options.timeout + 120.0


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


def _fingerprint(submission: Path, source_text: str, options: GradeOptions, key_id: str, extra):
    h = hashlib.sha256()
    h.update(GRADER_VERSION.encode())
    h.update(submission.read_bytes() if submission.is_file() else b"<missing>")
    h.update(source_text.encode())
    h.update(json.dumps(asdict(options.policy()), sort_keys=True).encode())
    h.update(key_id.encode())
    h.update(json.dumps(extra, sort_keys=True).encode())
    return h.hexdigest()


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
    from autograder.formgrader import write_server_config
    from autograder.nbgrader_run import Course, generate

    assignment = options.assignment
    src = repo / "solutions" / assignment
    if not (src / f"{assignment}.ipynb").exists():
        raise FileNotFoundError(NO_SOURCE.format(assignment=assignment, path=src))
    course = Course(out_dir / "course")
    if options.db_url:  # remembered in the course folder: export and the formgrader use it too
        from autograder.nbgrader_run import DB_URL_FILE

        course.root.mkdir(parents=True, exist_ok=True)
        (course.root / DB_URL_FILE).write_text(options.db_url + "\n", encoding="utf-8")
    target = course.source(assignment).parent
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(src, target)
    generate(course, assignment)
    # The instructor grades written answers on this folder: their server's safe settings.
    write_server_config(course.root)
    return course


def _preload(module) -> None:
    """Import and look up once, before forking, what every child needs (they start at once)."""
    import nbconvert  # noqa: F401
    import nbgrader.api  # noqa: F401

    import autograder.feedback
    import autograder.nbgrader_run
    import autograder.sanitize
    import autograder.tamper  # noqa: F401
    from autograder.sandbox import ALWAYS_HIDDEN, locate_module

    for name in (*ALWAYS_HIDDEN, *hidden_modules(module)):
        locate_module(name)


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
        if student in RESERVED:  # its results would overwrite the results folder's own files
            results.append(
                error_result(student, options.assignment, RESERVED_ID.format(name=student))
            )
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
        job = Job(
            str(course.root), student, str(submissions), options, str(out_dir), fp, key, extra
        )
        jobs.append(job)
    print(
        f"grading {len(jobs)} of {len(students)} submission(s) of {module.ASSIGNMENT} with "
        f"{options.workers} worker(s); {len(students) - len(jobs)} unchanged",
        file=sys.stderr,
    )

    def finished(job: Job, exitcode: int | None) -> None:
        path = out_dir / job.student / "result.json"
        if exitcode == 0 and path.is_file():
            result = json.loads(path.read_text())
        else:  # the child died before writing its result: this student alone fails
            result = error_result(job.student, options.assignment, died_reason(exitcode))
            result["fingerprint"] = job.fingerprint
            write_result(out_dir, result, None)
        results.append(result)
        _progress(len(results) - (len(students) - len(jobs)), len(jobs), result)

    if jobs:
        from autograder.sandbox import cgroup_notice

        if notice := cgroup_notice():
            print(notice, file=sys.stderr)
        if options.executor == "dask":
            from autograder.dask_executor import run_on_dask

            run_on_dask(jobs, course, finished, options)
        else:
            _preload(module)
            run_isolated(
                jobs, grade_one, finished, workers=options.workers, deadline=job_deadline(options)
            )
    # grades.csv comes from the gradebook, with the manual grades: a rerun never regresses one.
    from autograder.gradebook import refresh

    graded = {r["student_id"] for r in results}
    return [r for r in refresh(out_dir, results) if r["student_id"] in graded]
