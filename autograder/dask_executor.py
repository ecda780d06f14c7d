"""``faircourse grade --executor dask``: one Dask task per learner, on any number of machines.

Each task carries what grading one learner needs: the submission's bytes, the assignment's
source folder, the options and the instructor's secret (a Dask worker is a
grading host, like this one). The worker grades in a private course folder of its own, with
a private SQLite gradebook made from the source (:func:`autograder.nbgrader_run.generate`,
once per worker and assignment), exactly as :func:`autograder.grading_job.grade_one` does
here, and sends back the result, the submitted and autograded notebooks, the instructor's
log and the gradebook rows nbgrader wrote. Only this process, the client, writes the real
gradebook (SQLite or PostgreSQL) and the results folder: :func:`import_graded` stores the
scores as nbgrader's autograder would have, then keeps or drops the manual grades as a local
regrade does (:func:`autograder.gradebook.keep_manual_grades`).

A learner's notebook runs in bubblewrap with its limits, so a bad notebook fails its own
sandbox, not the worker; the grading itself runs in a child process of the worker, killed at
the local pool's deadline (:func:`autograder.grader.job_deadline`), so a grader that hangs
or crashes fails that learner alone and frees the worker. A worker that dies anyway (its
machine lost, a kill) has its task moved to another worker once; a second death makes that
learner ``grading_error`` with the reason, and the others go on.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import traceback
import uuid
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SAWarning

__all__ = ["ALLOWED_FAILURES", "KILLED", "REMOTE_FAILED", "import_graded", "run_on_dask"]

ALLOWED_FAILURES = 1  # a task whose worker dies is moved once to another worker
KILLED = (
    "the Dask workers grading this submission died {n} times ({error}); the other submissions "
    "were not affected"
)
REMOTE_FAILED = "the Dask task grading this submission failed on its worker: {error}"
NO_DISTRIBUTED = (
    "--executor dask needs Dask's distributed scheduler: pip install 'fair-ml-certificate[dask]'"
)
_TEMPLATES: dict[str, Path] = {}  # on a worker: a generated course folder per source digest


def _source_files(course, assignment: str) -> dict[str, bytes]:
    folder = course.source(assignment).parent
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def _template(assignment: str, files: dict[str, bytes]) -> Path:
    """A course folder with the assignment generated, made once per worker and source."""
    from autograder.nbgrader_run import Course, generate

    digest = _digest(files)
    if digest in _TEMPLATES and _TEMPLATES[digest].is_dir():
        return _TEMPLATES[digest]
    root = Path(tempfile.mkdtemp(prefix="faircourse-dask-course-"))
    course = Course(root)
    for name, data in files.items():
        path = course.source(assignment).parent / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    generate(course, assignment)
    _TEMPLATES[digest] = root
    return root


def _gradebook_rows(course, assignment: str, student: str) -> dict[str, Any]:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return {"grades": [], "comments": []}
        grades = [
            (nb.name, g.name, g.auto_score, bool(g.needs_manual_grade))
            for nb in submission.notebooks
            for g in nb.grades
        ]
        comments = [
            (nb.name, c.name, c.auto_comment) for nb in submission.notebooks for c in nb.comments
        ]
    return {"grades": grades, "comments": comments}


def grade_remote(job, submission: bytes | None, files: dict[str, bytes]) -> dict[str, Any]:
    """On a Dask worker: grade one learner in a private course folder; return what it made."""
    from autograder.grader import job_deadline
    from autograder.grading_job import error_result, grade_one
    from autograder.nbgrader_run import Course
    from autograder.pool import died_reason, run_forked

    assignment, student = job.options.assignment, job.student
    work = Path(tempfile.mkdtemp(prefix="faircourse-dask-task-"))
    try:
        course = Course(work / "course")
        shutil.copytree(_template(assignment, files), course.root)
        subs, out = work / "submissions", work / "out"
        if submission is not None:
            path = subs / student / assignment / f"{assignment}.ipynb"
            path.parent.mkdir(parents=True)
            path.write_bytes(submission)
        private = replace(job, course_root=str(course.root), submissions=str(subs))
        private = replace(private, out_dir=str(out))
        # In a child process, as on the local pool: a grader that hangs is killed at the
        # deadline and a crash is this learner's alone; the worker lives on either way.
        exit_code = run_forked(grade_one, private, deadline=job_deadline(job.options))
        result_file = out / student / "result.json"
        if exit_code != 0 or not result_file.is_file():
            result = error_result(student, assignment, died_reason(exit_code))
            result["fingerprint"] = job.fingerprint
            return _nothing_graded(result)
        autograded = course.autograded(student, assignment)
        submitted = course.submitted(student, assignment)
        log = out / "logs" / f"{student}.log"
        feedback = out / student / "feedback.html"
        rows = _gradebook_rows(course, assignment, student) if autograded.is_file() else {}
        return {
            "result": result_file.read_text(encoding="utf-8"),
            "feedback": feedback.read_text(encoding="utf-8") if feedback.is_file() else None,
            "autograded": autograded.read_bytes() if autograded.is_file() else None,
            "submitted": submitted.read_bytes() if submitted.is_file() else None,
            "log": log.read_text(encoding="utf-8") if log.is_file() else "",
            **rows,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _nothing_graded(result: dict) -> dict[str, Any]:
    import json

    return {"result": json.dumps(result), "autograded": None, "submitted": None, "log": ""}


def _write(path: Path, data: bytes) -> None:
    if path.parent.exists():
        shutil.rmtree(path.parent)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)


def import_graded(course, out_dir: Path, job, graded: dict[str, Any]) -> None:
    """Store a worker's grading of one learner in the gradebook and the results folder."""
    import json

    from nbgrader.api import Gradebook

    from autograder.gradebook import answer_digests, keep_manual_grades
    from autograder.grading_job import write_result

    assignment, student = job.options.assignment, job.student
    result = json.loads(graded["result"])
    if graded["log"]:
        _append(Path(out_dir) / "logs" / f"{student}.log", graded["log"])
    target = course.autograded(student, assignment)
    if graded["submitted"] is not None:
        _write(course.submitted(student, assignment), graded["submitted"])
    feedback = graded.get("feedback")  # rendered by the worker: not rendered twice
    if graded["autograded"] is None:
        write_result(Path(out_dir), result, None, feedback=feedback)
        return
    before = answer_digests(target)
    _write(target, graded["autograded"])
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student)
        for notebook, name, auto_score, needs_manual in graded["grades"]:
            grade = gb.find_grade(name, notebook, assignment, student)
            grade.auto_score = auto_score
            # As nbgrader's SaveAutoGrades: a regrade puts a manual grade up for review.
            grade.needs_manual_grade = needs_manual or grade.manual_score is not None
        for notebook, name, auto_comment in graded["comments"]:
            gb.find_comment(name, notebook, assignment, student).auto_comment = auto_comment
        gb.db.commit()
    keep_manual_grades(course.db_url, assignment, student, before, answer_digests(target))
    write_result(Path(out_dir), result, target, feedback=feedback)


def _allow_failures(dask_scheduler, n: int = ALLOWED_FAILURES) -> None:
    dask_scheduler.allowed_failures = n


def _client(options):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError(NO_DISTRIBUTED) from None
    if options.scheduler:
        return Client(options.scheduler), None
    import dask

    # This machine's own cluster: its workers are forked from this process, which has
    # imported nbgrader and the grader already, rather than spawned as new interpreters
    # (measured on 2 cores: ready in 0.1 s instead of 2 s, the first results 1.5 s sooner).
    # A worker the nanny restarts later is spawned, as Dask does by default.
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
        cluster = LocalCluster(
            n_workers=max(1, options.workers), threads_per_worker=1, processes=True
        )
    return Client(cluster), cluster


def run_on_dask(jobs: list, course, finished, options) -> None:
    """Grade every job as one Dask task; ``finished(job, 0)`` once its result is written.

    ``options.scheduler`` is a scheduler's address (``tcp://HOST:8786``); without one, a
    cluster of ``options.workers`` worker processes is started on this machine. At most one
    task per worker thread is out at a time: Dask counts a worker's death against every task
    assigned to it, so a queued classmate must not be waiting on a worker that dies.
    """
    from distributed import as_completed

    from autograder.grading_job import error_result, write_result
    from autograder.submissions import NotGradable, submission_path

    client, cluster = _client(options)
    try:
        client.run_on_scheduler(_allow_failures)
        # Sent with every task (tens of kB), not scattered: scattered data dies with the
        # worker that holds it, and every task that needed it would fail with it.
        files = _source_files(course, options.assignment)
        waiting, futures = list(jobs), {}
        # with_results: each result is fetched as soon as it exists, not left on a worker
        # that may die before this loop reads it.
        # loop: this client's. Without it, as_completed takes the *current* client's loop,
        # which inside a caller's `with Client(...)` is another client's: its futures then
        # complete on one event loop while waited for on another, and the run can hang.
        running = as_completed(with_results=True, raise_errors=False, loop=client.loop)

        def submit() -> None:
            while waiting and len(futures) < max(1, sum(client.nthreads().values())):
                job = waiting.pop(0)
                try:  # checked here, as grade_one would: a worker sees only the bytes
                    path = submission_path(
                        Path(job.submissions), job.student, job.options.assignment
                    )
                except NotGradable as exc:
                    _failed(job, str(exc), error_result, write_result)
                    finished(job, 0)
                    continue
                key = f"grade-{job.student}-{uuid.uuid4().hex}"
                future = client.submit(
                    grade_remote, job, path.read_bytes(), files, pure=False, key=key
                )
                futures[future] = job
                running.add(future)

        submit()
        for future, outcome in running:
            job = futures.pop(future)
            submit()  # first: the freed worker starts its next learner while this one is stored
            _collect(course, job, future, outcome)
            finished(job, 0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(course, job, future, outcome) -> None:
    """Import a finished task's grading, or make its failure this learner's grading error."""
    from distributed.scheduler import KilledWorker

    from autograder.grading_job import INTERNAL_ERROR, error_result, write_result

    log = Path(job.out_dir) / "logs" / f"{job.student}.log"
    if future.status == "error":  # outcome: (type, exception, traceback)
        exc = outcome[1]
        if isinstance(exc, KilledWorker):
            detail = KILLED.format(n=ALLOWED_FAILURES + 1, error=type(exc).__name__)
        else:  # a failure of this learner's task: the others go on
            detail = REMOTE_FAILED.format(error=f"{type(exc).__name__}: {exc}"[:500])
            _append(log, "".join(traceback.format_exception(exc)))
        return _failed(job, detail, error_result, write_result)
    graded = outcome
    try:
        with warnings.catch_warnings():  # nbgrader's harmless SQLAlchemy 2 autoflush warnings
            warnings.filterwarnings("ignore", category=SAWarning)
            import_graded(course, Path(job.out_dir), job, graded)
    except Exception:  # the gradebook refused it: the grader's fault, logged as grade_one's
        _append(log, traceback.format_exc())
        detail = INTERNAL_ERROR.format(log=Path("logs") / log.name)
        _failed(job, detail, error_result, write_result)


def _append(log: Path, text: str) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as f:
        f.write(text)


def _failed(job, detail: str, error_result, write_result) -> None:
    result = error_result(job.student, job.options.assignment, detail)
    result["fingerprint"] = job.fingerprint
    write_result(Path(job.out_dir), result, None)
