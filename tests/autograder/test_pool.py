"""One process per learner: a child that dies fails its own job only; errors stay readable."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np

from autograder.grader import GradeOptions
from autograder.grading_job import INTERNAL_ERROR, Job, grade_one
from autograder.pool import OVERTIME, died_reason, run_isolated


def _work(job: tuple[int, Path]) -> None:
    number, folder = job
    if number == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    if number == 3:
        os._exit(7)
    (folder / f"{number}.done").write_text(str(os.getpid()))


def test_a_child_that_dies_fails_only_its_own_job(tmp_path):
    finished = {}
    jobs = [(i, tmp_path) for i in range(6)]
    run_isolated(jobs, _work, lambda job, code: finished.__setitem__(job[0], code), workers=2)
    assert finished == {0: 0, 1: 0, 2: -signal.SIGKILL, 3: 7, 4: 0, 5: 0}
    assert sorted(p.name for p in tmp_path.glob("*.done")) == [f"{i}.done" for i in (0, 1, 4, 5)]
    pids = {p.read_text() for p in tmp_path.glob("*.done")}
    assert len(pids) == 4 and str(os.getpid()) not in pids  # each job in a process of its own
    assert "SIGKILL (out of memory?)" in died_reason(-9) and "status 7" in died_reason(7)


def test_an_internal_error_is_logged_for_the_instructor_not_shown(tmp_path):
    subs = tmp_path / "subs" / "ana" / "m00-orientation"
    subs.mkdir(parents=True)
    (subs / "m00-orientation.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    job = Job(
        str(tmp_path / "no-course"),
        "ana",
        str(tmp_path / "subs"),
        GradeOptions("m00-orientation"),
        str(tmp_path / "out"),
        "fp",
        bytes(32),
        {},
    )
    grade_one(job)  # the course folder is missing: the grader's fault, not the learner's
    import json

    result = json.loads((tmp_path / "out" / "ana" / "result.json").read_text())
    assert result["status"] == "grading_error"
    assert result["detail"] == INTERNAL_ERROR.format(log=Path("logs") / "ana.log")
    assert "Traceback" in (tmp_path / "out" / "logs" / "ana.log").read_text()
    assert str(tmp_path) not in (tmp_path / "out" / "ana" / "feedback.html").read_text()


def _hang_or_work(job: tuple[int, Path]) -> None:
    number, folder = job
    if number == 1:
        time.sleep(60)  # a job that never finishes in time
    (folder / f"{number}.done").write_text("ok")


def test_a_child_past_its_deadline_is_killed_and_fails_alone(tmp_path):
    finished = {}
    start = time.monotonic()
    jobs = [(i, tmp_path) for i in range(4)]
    run_isolated(
        jobs, _hang_or_work, lambda j, code: finished.__setitem__(j[0], code), workers=2, deadline=2
    )
    assert time.monotonic() - start < 30
    assert finished == {0: 0, 1: OVERTIME, 2: 0, 3: 0}
    assert "time limit" in died_reason(OVERTIME)


def _parallel_after_fork(job: tuple[int, Path]) -> None:
    number, folder = job
    from sklearn.neighbors import NearestNeighbors

    X = np.random.default_rng(number).random((3000, 4))
    NearestNeighbors(n_neighbors=5, algorithm="brute").fit(X).kneighbors(X)
    (folder / f"{number}.done").write_text("ok")


def test_native_thread_pools_started_before_the_fork_do_not_hang_the_children(tmp_path):
    # OpenMP's pool, started here, has no threads in a forked child: unlimited, the child's
    # first parallel call waited for them forever (the m04 references did).
    from sklearn.neighbors import NearestNeighbors

    X = np.random.default_rng(0).random((3000, 4))
    NearestNeighbors(n_neighbors=5, algorithm="brute").fit(X).kneighbors(X)
    finished = {}
    jobs = [(i, tmp_path) for i in range(2)]
    run_isolated(
        jobs,
        _parallel_after_fork,
        lambda j, c: finished.__setitem__(j[0], c),
        workers=2,
        deadline=60,
    )
    assert finished == {0: 0, 1: 0}
