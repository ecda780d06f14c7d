"""``--executor dask``: the same grades as the local pool, and a dead worker loses no learner.

A real ``distributed.LocalCluster`` of two worker processes grades a small class; the
grades.csv must equal the local executor's byte for byte. Then workers are SIGKILLed while
they grade: a learner whose worker died once is graded on another one; a learner whose
workers died twice is ``grading_error`` with the reason, and no other learner is affected.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder import grader, grading_job
from autograder.dask_executor import KILLED
from autograder.grader import GradeOptions, grade_submissions
from autograder.pool import OVERTIME, died_reason
from autograder.questions import get_assignment
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
M00 = "m00-orientation"
SOLUTION = "import numpy as np\n\n" + get_assignment(M00).QUESTIONS["q1"].solution
SLOW = "import time\n\ntime.sleep({seconds})\n" + SOLUTION
pytestmark = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")


def _class(folder: Path, notebooks: dict) -> Path:
    for student, nb in notebooks.items():
        path = folder / student / M00 / f"{M00}.ipynb"
        path.parent.mkdir(parents=True)
        if isinstance(nb, bytes):
            path.write_bytes(nb)
        else:
            nbformat.write(nb, path)
    return folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as c:
        yield c


def test_same_grades_csv_as_the_local_pool(tmp_path, cluster):
    subs = _class(
        tmp_path / "subs",
        {
            "ana": submission(ROOT, M00),
            "ben": submission(ROOT, M00, solved=False),
            "cy": submission(ROOT, M00, answers={"q1": "def broken(:\n    pass"}),
            "dee": b"not a notebook",
        },
    )
    local = GradeOptions(M00, workers=2, timeout=60, cell_timeout=10)
    dask = replace(local, executor="dask", scheduler=cluster.scheduler_address)
    by_local = grade_submissions(subs, tmp_path / "local", local, repo=ROOT)
    by_dask = grade_submissions(subs, tmp_path / "dask", dask, repo=ROOT)
    csv = (tmp_path / "dask" / "grades.csv").read_bytes()
    assert csv == (tmp_path / "local" / "grades.csv").read_bytes()
    statuses = {r["student_id"]: (r["status"], r["score"]) for r in by_dask}
    assert statuses["ana"] == ("graded", 1.0) and statuses["dee"][0] == "grading_error"
    assert statuses == {r["student_id"]: (r["status"], r["score"]) for r in by_local}
    # Only the client wrote the results: the autograded notebook is in the client's course.
    assert (tmp_path / "dask" / "course" / "autograded" / "ana" / M00 / f"{M00}.ipynb").is_file()
    for student in ("ana", "ben", "cy", "dee"):  # rendered by the worker, the same page
        dask_page, local_page = (
            re.sub(
                r"cell-id=[0-9a-f]+", "", (tmp_path / run / student / "feedback.html").read_text()
            )
            for run in ("dask", "local")
        )  # the summary cell gets a new random id each time it is made
        assert dask_page == local_page, student


def _executing(dask_worker) -> tuple[int, list[str]]:
    """On a worker: its process id and the keys of the tasks it is running now."""
    return os.getpid(), [str(ts.key) for ts in dask_worker.state.executing]


def _killer(client, student: str, times: int, stop: threading.Event) -> list[int]:
    """SIGKILL the worker process running ``student``'s task, ``times`` times.

    Only a worker *executing* the task is killed: a task still queued on a worker may be
    stolen by an idle one in the meantime, and the kill would then miss it.
    """
    killed: list[int] = []

    def run() -> None:
        while len(killed) < times and not stop.is_set():
            for state in client.run(_executing, on_error="ignore").values():
                pid, keys = state
                if any(k.startswith(f"grade-{student}-") for k in keys):
                    time.sleep(1.0)  # let the task get under way in its sandbox
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    time.sleep(1.0)  # the scheduler notices, and moves the task
                    break
            time.sleep(0.2)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return killed, thread


@pytest.mark.parametrize("deaths", [1, 2])
def test_a_killed_worker_loses_no_learner(tmp_path, cluster, deaths):
    notebooks = {"slow": submission(ROOT, M00, answers={"q1": SLOW.format(seconds=6)})}
    notebooks |= {f"s{i}": submission(ROOT, M00) for i in range(3)}
    subs = _class(tmp_path / "subs", notebooks)
    options = GradeOptions(M00, workers=2, timeout=60, cell_timeout=20, executor="dask")
    options = replace(options, scheduler=cluster.scheduler_address)
    with distributed.Client(cluster.scheduler_address) as client:
        stop = threading.Event()
        killed, thread = _killer(client, "slow", deaths, stop)
        results = grade_submissions(subs, tmp_path / "out", options, repo=ROOT)
        stop.set()
        thread.join()
        client.wait_for_workers(2, timeout=60)  # the nanny restarted the killed workers
    assert len(killed) == deaths
    by_student = {r["student_id"]: r for r in results}
    assert sorted(by_student) == ["s0", "s1", "s2", "slow"]
    for i in range(3):
        r = by_student[f"s{i}"]
        assert (r["status"], r["score"]) == ("graded", 1.0), r
    slow = by_student["slow"]
    if deaths == 1:  # moved to another worker, and graded there
        assert (slow["status"], slow["score"]) == ("graded", 1.0), slow
    else:
        assert slow["status"] == "grading_error"
        assert slow["detail"] == KILLED.format(n=2, error="KilledWorker")


def _hang(job) -> None:
    time.sleep(120)


def test_a_grader_that_hangs_is_stopped_at_the_deadline(tmp_path, monkeypatch):
    # A cluster in this process, so that the worker sees the patched deadline and grader.
    monkeypatch.setattr(grader, "job_deadline", lambda options: 3.0)
    monkeypatch.setattr(grading_job, "grade_one", _hang)
    subs = _class(tmp_path / "subs", {"ana": submission(ROOT, M00)})
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as c:
        options = GradeOptions(M00, workers=1, executor="dask", scheduler=c.scheduler_address)
        start = time.monotonic()
        (result,) = grade_submissions(subs, tmp_path / "out", options, repo=ROOT)
        took = time.monotonic() - start
    assert (result["status"], result["detail"]) == ("grading_error", died_reason(OVERTIME))
    assert took < 60  # stopped at the deadline, not when the grader woke up


def test_without_a_scheduler_a_cluster_of_this_machine_grades(tmp_path):
    # The cluster `grade --executor dask` starts itself: workers forked from this process.
    subs = _class(tmp_path / "subs", {"ana": submission(ROOT, M00), "ben": b"not a notebook"})
    options = GradeOptions(M00, workers=2, timeout=60, cell_timeout=10, executor="dask")
    by_student = {
        r["student_id"]: r for r in grade_submissions(subs, tmp_path / "out", options, repo=ROOT)
    }
    assert (by_student["ana"]["status"], by_student["ana"]["score"]) == ("graded", 1.0)
    assert by_student["ben"]["status"] == "grading_error"
