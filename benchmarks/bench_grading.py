"""Benchmark ``faircourse grade`` against sequential nbgrader and a bare nbconvert run.

N students (default 40) all hand in the solved m02-group-metrics notebook
(:func:`autograder.simulate.submission`). The same N notebooks are then

1. graded by ``faircourse grade --workers 2`` into a fresh results folder, then again by
   ``faircourse grade --executor dask --workers 2`` (a 2-worker ``LocalCluster`` of processes
   on this machine, started by the command: its start-up is in the time);
2. with ``--baseline CHECKOUT``: graded by the ``faircourse grade`` of another checkout of
   this repository (e.g. ``git worktree add /tmp/before <commit>``), on N copies of *its*
   solved notebook, so a change of the grader's design is measured against what it replaces;
3. autograded by plain ``nbgrader autograde`` (sequential) in a throw-away course directory;
4. executed by one ``jupyter nbconvert --to notebook --execute`` command (sequential).

Every run doubles as a correctness check: all faircourse results and all nbgrader gradebook
rows must have full autograded marks (the written answer leaves ``needs_manual``: fine).

    python benchmarks/bench_grading.py             # 40 students: about 6 min on 2 cores
    python benchmarks/bench_grading.py --quick     # 4 students: smoke test
    python benchmarks/bench_grading.py --students 10
    python benchmarks/bench_grading.py --baseline /tmp/before   # + the ratio to an old grader

The exit code is 0 whether the targets are met or not. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import nbformat

from autograder.simulate import submission

try:
    import distributed  # noqa: F401

    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False
REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "m02-group-metrics"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
WORKERS = 2
FULL_CLASS = 40  # the targets are for a class of this size
SPEEDUP_TARGET = 1.8  # nbgrader sequential / faircourse, on 2 cores
OVERHEAD_TARGET = 1.3  # faircourse / bare nbconvert
BASELINE_TARGET = 1.15  # faircourse / the baseline checkout's faircourse (issue 6)
DASK_TARGET = 1.10  # Dask executor / local pool, on one machine (issue 13)
MAKE_SUBMISSIONS = """\
import sys
from pathlib import Path

import nbformat

from autograder.simulate import submission

nb = submission(Path.cwd(), sys.argv[1])
for path in sys.argv[2:]:
    Path(path).parent.mkdir(parents=True)
    nbformat.write(nb, path)
"""
NBGRADER_CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db!r}
c.Exchange.root = {exchange!r}
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\n..."}}
c.GenerateAssignment.create_assignment = True
"""


def environment(checkout: Path = REPO) -> dict[str, str]:
    """This venv's scripts on PATH (nbgrader runs alembic) and the checkout on PYTHONPATH."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH")]))
    return env


def run(argv: list[str], cwd: Path, checkout: Path = REPO) -> float:
    """Run a command; return its wall-clock seconds, or NaN (and its output tail) if it fails."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=environment(checkout), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"FAILED ({done.returncode}): {' '.join(argv[:5])} ...\n{done.stderr[-3000:]}")
        return math.nan
    return seconds


def make_submissions(folder: Path, students: list[str], checkout: Path = REPO) -> list[Path]:
    """The checkout's solved notebook, once per student (made by that checkout's code)."""
    paths = [folder / student / ASSIGNMENT / NOTEBOOK for student in students]
    if checkout == REPO:
        nb = submission(REPO, ASSIGNMENT)
        for path in paths:
            path.parent.mkdir(parents=True)
            nbformat.write(nb, path)
    else:
        argv = [sys.executable, "-c", MAKE_SUBMISSIONS, ASSIGNMENT, *map(str, paths)]
        subprocess.run(argv, cwd=checkout, env=environment(checkout), check=True)
    return paths


def bench_faircourse(
    subs: Path, out: Path, students: list[str], checkout: Path = REPO, extra: tuple = ()
) -> tuple[float, list[str]]:
    """Time ``faircourse grade``; list the students without full autograded marks."""
    argv = [sys.executable, "-m", "autograder.cli", "grade", str(subs)]
    argv += ["--assignment", ASSIGNMENT, "--out", str(out), "--workers", str(WORKERS)]
    argv += ["--root", str(checkout), *extra]
    seconds = run(argv, checkout, checkout)
    bad = []
    for student in students:
        path = out / student / "result.json"
        r = json.loads(path.read_text()) if path.exists() else {"status": "missing"}
        auto = [q for q in r.get("questions", []) if q["kind"] == "autograded"]
        full = sum(q["max_points"] for q in auto)
        ok = r["status"] in ("graded", "needs_manual") and full > 0 and r["score"] == full
        if not ok:
            bad.append(f"{student}: {r['status']} {r.get('score')}/{full} {r.get('detail', '')}")
    return seconds, bad


def bench_nbgrader(course: Path, subs: Path, students: list[str]) -> tuple[float, list[str]]:
    """Time plain sequential ``nbgrader autograde``; list the students without full marks."""
    from nbgrader.api import Gradebook

    db = f"sqlite:///{course / 'gradebook.db'}"
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copytree(subs, course / "submitted")
    (course / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(root=str(course), db=db, exchange=str(course / "exchange"))
    )
    nbgrader = [sys.executable, "-m", "nbgrader"]
    run([*nbgrader, "generate_assignment", ASSIGNMENT, "--force"], course)  # untimed
    seconds = run([*nbgrader, "autograde", ASSIGNMENT, "--create", "--force"], course)
    bad = []
    with Gradebook(db) as gb:
        for student in students:
            try:
                s = gb.find_submission(ASSIGNMENT, student)
                score, full = float(s.code_score), float(s.max_code_score)
            except Exception as exc:  # MissingEntry: not graded at all
                score, full = float("nan"), float("nan")
                print(f"nbgrader: {student}: {type(exc).__name__}: {exc}")
            if not (full > 0 and score == full):
                bad.append(f"{student}: {score:g}/{full:g}")
    return seconds, bad


def bench_nbconvert(notebooks: list[Path], work: Path) -> tuple[float, int]:
    """Time one nbconvert command executing all notebooks; count the error outputs."""
    inputs = []
    for path in notebooks:  # all share one file name: copy them flat as <student>.ipynb
        inputs.append(work / "in" / f"{path.parents[1].name}.ipynb")
        inputs[-1].parent.mkdir(exist_ok=True)
        shutil.copy(path, inputs[-1])
    argv = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute"]
    argv += ["--ExecutePreprocessor.allow_errors=True", "--output-dir", str(work / "out")]
    seconds = run(argv + [str(p) for p in inputs], work)
    executed = [nbformat.read(p, as_version=4) for p in (work / "out").glob("*.ipynb")]
    outputs = [o for nb in executed for c in nb.cells for o in c.get("outputs", [])]
    errors = sum(o["output_type"] == "error" for o in outputs) + len(inputs) - len(executed)
    return seconds, errors


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=FULL_CLASS, help="submissions (default 40)")
    parser.add_argument("--quick", action="store_true", help="4 students: a smoke run")
    parser.add_argument("--baseline", type=Path, help="another checkout's grader to compare")
    args = parser.parse_args(argv)
    n = 4 if args.quick else args.students
    students = [f"student{i:03d}" for i in range(n)]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{n} copies of the solved {ASSIGNMENT}; {cores} cores; load {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        work = Path(tmp)
        notebooks = make_submissions(work / "subs", students)
        for name in ("warm", "nbconvert", "course"):
            (work / name).mkdir()
        bench_nbconvert(notebooks[:1], work / "warm")  # untimed: warm the file caches
        fair, fair_bad = bench_faircourse(work / "subs", work / "fair", students)
        base, base_bad = math.nan, []
        if args.baseline:
            checkout = args.baseline.resolve()
            make_submissions(work / "base-subs", students, checkout)
            base, base_bad = bench_faircourse(work / "base-subs", work / "base", students, checkout)
        dask, dask_bad = math.nan, []
        if HAVE_DASK:
            dask_argv = ("--executor", "dask")
            dask, dask_bad = bench_faircourse(
                work / "subs", work / "dask", students, extra=dask_argv
            )
            same = (work / "dask" / "grades.csv").read_bytes() == (
                work / "fair/grades.csv"
            ).read_bytes()
            dask_bad += [] if same else ["dask: grades.csv differs from the local pool's"]
        nbg, nbg_bad = bench_nbgrader(work / "course", work / "subs", students)
        bare, bare_errors = bench_nbconvert(notebooks, work / "nbconvert")

    print(f"load average at the end: {os.getloadavg()[0]:.2f} (other work skews the times)")
    rows = [
        (f"faircourse grade --workers {WORKERS}", fair),
        *([(f"faircourse --executor dask ({WORKERS} w.)", dask)] if HAVE_DASK else []),
        *([(f"baseline faircourse ({args.baseline.name})", base)] if args.baseline else []),
        ("nbgrader autograde (sequential)", nbg),
        ("nbconvert --execute (1 command, seq.)", bare),
    ]
    print(f"\n{'contender':<40}{'seconds':>10}{'s/notebook':>12}")
    for name, seconds in rows:
        print(f"{name:<40}{seconds:>10.1f}{seconds / n:>12.2f}")
    speedup, overhead = nbg / fair, fair / bare
    print(f"\nspeed-up nbgrader / faircourse:   {speedup:5.2f}x")
    print(f"overhead faircourse / nbconvert:  {overhead:5.2f}x")
    if args.baseline:
        print(f"faircourse / baseline faircourse: {fair / base:5.2f}x")
    if HAVE_DASK:
        print(f"Dask executor / local pool:       {dask / fair:5.2f}x")
        print(f"speed-up nbgrader / Dask:         {nbg / dask:5.2f}x")
    per = (dask if HAVE_DASK else fair) * WORKERS / n  # one worker's seconds per notebook
    print(f"one worker's time per notebook:   {per:5.2f} s; a class of 300 x 13 modules:")
    for workers in (2, 8, 32):
        print(f"  on {workers:>2} workers: {per * 300 * 13 / workers / 3600:6.2f} h")
    print()
    note = "" if cores == 2 else f" (on {cores} cores; the target is for 2)"
    if n < FULL_CLASS:
        note += f" ({n} students: fixed start-up costs weigh more than with {FULL_CLASS})"
    print(f"{verdict(speedup >= SPEEDUP_TARGET)}  speed-up >= {SPEEDUP_TARGET}x{note}")
    print(f"{verdict(overhead <= OVERHEAD_TARGET)}  faircourse <= {OVERHEAD_TARGET}x nbconvert")
    if args.baseline:
        ok = fair <= BASELINE_TARGET * base
        print(f"{verdict(ok)}  faircourse <= {BASELINE_TARGET}x the baseline's faircourse")
        print(f"{verdict(not base_bad)}  baseline: {n - len(base_bad)}/{n} full autograded marks")
    if HAVE_DASK:
        print(f"{verdict(dask <= DASK_TARGET * fair)}  Dask <= {DASK_TARGET}x the local pool")
        print(f"{verdict(not dask_bad)}  Dask: {n - len(dask_bad)}/{n} full marks, same grades.csv")
    else:
        print("SKIP  Dask executor: distributed is not installed (pip install '.[dask]')")
    print(f"{verdict(not fair_bad)}  faircourse: {n - len(fair_bad)}/{n} full autograded marks")
    print(f"{verdict(not nbg_bad)}  nbgrader: {n - len(nbg_bad)}/{n} full autograded marks")
    print(f"{verdict(not bare_errors)}  nbconvert: {bare_errors} error outputs")
    for line in fair_bad + dask_bad + base_bad + nbg_bad:
        print(f"      {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
