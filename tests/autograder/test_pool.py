"""One process per learner: a child that dies fails its own job only; errors stay readable."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from autograder.grader import GradeOptions
from autograder.grading_job import INTERNAL_ERROR, Job, grade_one
from autograder.pool import died_reason, run_isolated


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
