"""A real PostgreSQL gradebook: grade, grade by hand, export; the same results as SQLite.

A throw-away PostgreSQL server (Debian's ``postgresql`` package: ``make postgresql``)
is started on 127.0.0.1 at a free port, with its data and unix socket in a temporary
folder, as an unprivileged user when this runs as root (PostgreSQL refuses root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder.export import export
from autograder.grader import GradeOptions, grade_submissions
from autograder.nbgrader_run import Course
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

psycopg = pytest.importorskip("psycopg")

ROOT = Path(__file__).resolve().parents[2]
M02 = "m02-group-metrics"
NO_POSTGRES = "PostgreSQL's initdb/pg_ctl not found: install Debian's postgresql (make postgresql)"


def _binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *argv] if os.geteuid() == 0 else argv


@pytest.fixture(scope="module")
def postgres_url():
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip(NO_POSTGRES)
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: PostgreSQL cannot be started")
    folder = Path(tempfile.mkdtemp(prefix="faircourse-pg-"))
    if os.geteuid() == 0:
        os.chown(folder, 65534, 65534)  # nobody
    os.chmod(folder, 0o700)
    data = folder / "data"
    subprocess.run(
        _as_owner([initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = f"-h 127.0.0.1 -p {port} -k {folder} -F"
    start = [pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start"]
    subprocess.run(_as_owner(start), check=True, capture_output=True)
    try:
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE gradebook")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/gradebook"
    finally:
        stop = [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_owner(stop), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _manual_grade(results: Path, score: float, comment: str) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(Course(results / "course").db_url) as gb:  # what the formgrader does
        grade = gb.find_grade("w1_answer", M02, M02, "alice")
        grade.manual_score, grade.needs_manual_grade = score, False
        gb.find_comment("w1_answer", M02, M02, "alice").manual_comment = comment
        gb.db.commit()


@pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")
def test_grade_manual_grade_export_round_trip_equals_sqlite(tmp_path, postgres_url):
    for student, nb in {
        "alice": submission(ROOT, M02, written={"w1": "Equal opportunity, because ..."}),
        "bob": submission(ROOT, M02, solved=False),
    }.items():
        path = tmp_path / "subs" / student / M02 / f"{M02}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    options = GradeOptions(M02, workers=2, timeout=60, cell_timeout=20)
    secret = tmp_path / "secret.key"  # one secret: both runs draw the same hidden cases
    exported = {}
    for name, url in (("sqlite", None), ("postgres", postgres_url)):
        out = tmp_path / name
        run = replace(options, db_url=url, secret=secret)
        first = grade_submissions(tmp_path / "subs", out, run, repo=ROOT)
        assert {r["student_id"]: r["status"] for r in first}["alice"] == "needs_manual"
        _manual_grade(out, 1.5, "Clear, and the trade-off is named.")
        exported[name] = export(out, format="csv").read_bytes()
        again = grade_submissions(tmp_path / "subs", out, run, repo=ROOT)  # a rerun keeps it
        assert {r["student_id"]: r["status"] for r in again}["alice"] == "graded"
    assert exported["postgres"] == exported["sqlite"]
    assert b"alice" in exported["sqlite"] and b"graded" in exported["sqlite"]
    assert not (tmp_path / "postgres" / "course" / "gradebook.db").exists()
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as c:
        rows = c.execute(
            "SELECT g.manual_score FROM grade g JOIN base_cell c ON g.cell_id = c.id "
            "WHERE c.name = 'w1_answer'"
        ).fetchall()
    assert sorted(r[0] for r in rows if r[0] is not None) == [1.5]
