"""A class graded as on many machines: ``dask scheduler`` and ``dask worker`` processes.

What the README tells an instructor to run: a scheduler started by Dask's own command, a
worker command with two worker processes under their nannies (daemonic processes, which the
grading's child process must still be allowed under), and ``faircourse grade --executor dask
--scheduler ADDRESS`` as a command of its own. The grades must be right, and the same as the
local pool's.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.sandbox import sandbox_available
from autograder.simulate import submission

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
M00 = "m00-orientation"
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")


def _wait_for(path: Path, seconds: float) -> None:
    ends = time.monotonic() + seconds
    while not path.is_file() or not path.read_text().strip():
        assert time.monotonic() < ends, f"no {path.name} after {seconds} s"
        time.sleep(0.2)


@pytest.fixture
def scheduler_address(tmp_path):
    file = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout's grader
    logs = (tmp_path / "scheduler.log").open("w"), (tmp_path / "worker.log").open("w")
    common = ["--scheduler-file", str(file), "--no-dashboard"]
    scheduler = subprocess.Popen(
        [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0", *common],
        env=env, cwd=tmp_path, stdout=logs[0], stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [BIN / "dask", "worker", "--nworkers", "2", "--nthreads", "1", *common],
        env=env, cwd=tmp_path, stdout=logs[1], stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(file, 60)
        address = json.loads(file.read_text())["address"]
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=60)
        for log in logs:
            log.close()


def _grade(subs: Path, out: Path, *extra: str) -> dict[str, tuple[str, str]]:
    command = [sys.executable, "-m", "autograder.cli", "grade", str(subs), "--assignment", M00]
    command += ["--out", str(out), "--root", str(ROOT), "--timeout", "60", *extra]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    with (out / "grades.csv").open(newline="") as f:
        return {r["student_id"]: (r["status"], r["score"]) for r in csv.DictReader(f)}


def test_a_separate_scheduler_and_worker_command_grade_the_class(tmp_path, scheduler_address):
    notebooks = {
        "ana": submission(ROOT, M00),
        "ben": submission(ROOT, M00, solved=False),
        "cy": submission(ROOT, M00, answers={"q1": "def broken(:\n    pass"}),
    }
    for student, nb in notebooks.items():
        path = tmp_path / "subs" / student / M00 / f"{M00}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    dask = ["--executor", "dask", "--scheduler", scheduler_address]
    by_dask = _grade(tmp_path / "subs", tmp_path / "dask", *dask)
    assert by_dask["ana"] == ("graded", "1.0") and by_dask["ben"][1] == "0.0"
    assert by_dask == _grade(tmp_path / "subs", tmp_path / "local", "--workers", "2")
