"""Grading under attack: one learner starves the CPU, another floods output, in one batch.

Issue 6: with two workers, a submission whose busy processes each leave the process group
(``setsid``) used to push a classmate's cells past their time limit, and a flood of output
killed the grader's worker and failed the whole batch. Every honest classmate must keep full
marks with status ``graded``, and the culprits are graded on their own.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograder.grader import GradeOptions, grade_submissions
from autograder.questions import get_assignment
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
M00 = "m00-orientation"
SOLUTION = "import numpy as np\n\n" + get_assignment(M00).QUESTIONS["q1"].solution
STARVE = """\
import os
import time

BUSY = []
for _ in range(30):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        while True:
            pass
    BUSY.append(pid)
"""
# How many cores the busy processes got while this cell slept (utime + stime from /proc).
MEASURE_SHARE = """\
def _cpu(pids):
    ticks = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


before, start = _cpu(BUSY), time.monotonic()
time.sleep(3)
print(f"SHARE {(_cpu(BUSY) - before) / (time.monotonic() - start)}")
"""
pytestmark = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")


def test_attackers_cannot_change_a_classmate_s_grade(tmp_path):
    starver = submission(ROOT, M00, answers={"q1": STARVE + SOLUTION})
    for i in range(8):  # keep the busy processes alive while the classmates are graded
        starver.cells.append(nbformat.v4.new_code_cell(MEASURE_SHARE, id=f"busy{i}"))
    flooder = submission(ROOT, M00, answers={"q1": SOLUTION})
    for i in range(300):
        flooder.cells.append(nbformat.v4.new_code_cell(f"print('x' * 100_000)  # {i}"))
    notebooks = {"a_starver": starver, "z_flooder": flooder}
    notebooks |= {f"honest{i}": submission(ROOT, M00) for i in range(5)}
    for student, nb in notebooks.items():
        path = tmp_path / "subs" / student / M00 / f"{M00}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    options = GradeOptions(M00, workers=2, timeout=60, cell_timeout=10)
    results = {
        r["student_id"]: r
        for r in grade_submissions(tmp_path / "subs", tmp_path / "out", options, repo=ROOT)
    }
    for i in range(5):
        r = results[f"honest{i}"]
        assert (r["status"], r["score"]) == ("graded", 1.0), r
    assert results["a_starver"]["score"] == 1.0, results["a_starver"]
    assert results["z_flooder"]["status"] == "graded", results["z_flooder"]
    assert results["z_flooder"]["score"] == 1.0
    # The busy processes, each in a session of its own, got at most the sandbox's CPU quota.
    starved = nbformat.read(
        tmp_path / "out" / "course" / "autograded" / "a_starver" / M00 / f"{M00}.ipynb",
        as_version=4,
    )
    # A loaded kernel may send one print as several stream messages: join them first.
    stdout = [
        "".join(o.text for o in c.outputs if o.get("name") == "stdout")
        for c in starved.cells
        if c.get("id", "").startswith("busy")
    ]
    shares = [float(text.split()[1]) for text in stdout if text.startswith("SHARE ")]
    assert len(shares) == 8 and max(shares) < 1.0 + 0.15, stdout
    size = tmp_path / "out" / "course" / "autograded" / "z_flooder" / M00 / f"{M00}.ipynb"
    assert size.stat().st_size < 8 * 1024**2
