"""Every lesson notebook in course/ is committed clean, follows the module standard and runs.

For each ``course/*.ipynb`` (one test per notebook and check):

- committed clean: no outputs, no execution counts, nbformat 4.5 with cell ids, python3 kernel;
- structure: a "Learning goals" heading in the first markdown cell, "Summary" and "Further
  reading" sections;
- executes headless with nbclient (kernel python3, cwd course/, 120 s per cell) without error,
  writes nothing to stderr, shows no "Warning" text in any output, and finishes in under 60 s.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
NOTEBOOKS = sorted(COURSE.glob("*.ipynb"))
MAX_SECONDS = 60.0
CELL_TIMEOUT = 120
TEXT_MIME = ("text/plain", "text/html", "text/markdown", "text/latex")

# Kernels are started from this (pytest) process, where pyproject's filterwarnings=error makes
# any warning a failure. With the Jupyter stack installed for this release (jupyter_client 8.10,
# jupyter_core 5.9, pyzmq 27) starting and stopping a kernel warns about nothing, so no filter is
# needed. If an upgrade brings one back (older jupyter_core warned "Jupyter is migrating its
# paths to use standard platformdirs"), filter exactly that message with pytestmark, and say why.


def _ids(paths):
    return [p.stem for p in paths]


def _execute(path: Path) -> tuple[nbformat.NotebookNode, float]:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # The kernel imports fairkit from this checkout even when the package is not installed
    # (the course itself assumes `pip install -e .`, which `make` does).
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath}
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(COURSE)}},
    )
    start = time.perf_counter()
    client.execute(env=env)
    return nb, time.perf_counter() - start


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def _has_heading(sources, title: str) -> bool:
    pattern = re.compile(rf"^#+\s+{re.escape(title)}\b", re.IGNORECASE | re.MULTILINE)
    return any(pattern.search(s) for s in sources)


def test_there_are_lessons():
    assert NOTEBOOKS, f"no notebooks in {COURSE}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), "use nbformat 4.5 (cell ids)"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    ids = [c.get("id") for c in nb.cells]
    assert all(ids), "every cell needs an id"
    assert len(set(ids)) == len(ids), "cell ids must be unique"
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.outputs or c.execution_count is not None)
    ]
    assert not dirty, f"clear the outputs of cells {dirty} before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_module_structure(path):
    nb = nbformat.read(path, as_version=4)
    sources = _markdown(nb)
    assert sources, "a lesson needs markdown"
    assert _has_heading(sources[:1], "Learning goals"), "first markdown cell: ## Learning goals"
    assert _has_heading(sources, "Summary"), "missing a Summary section"
    assert _has_heading(sources, "Further reading"), "missing a Further reading section"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_runs_cleanly_and_fast(path, record_property):
    nb, seconds = _execute(path)
    record_property("wall_time_s", round(seconds, 2))
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: writes to stderr: {out.text[:300]!r}")
            for text in _texts(out):
                if "Warning" in text:
                    problems.append(f"cell {i}: output mentions a warning: {text[:300]!r}")
    assert not problems, "\n".join(problems)
    print(f"{path.name}: executed in {seconds:.1f} s")
    assert seconds < MAX_SECONDS, f"{path.name} took {seconds:.1f} s (limit {MAX_SECONDS:.0f} s)"


def _texts(out) -> list[str]:
    if out.output_type == "stream":
        return [out.text]
    if out.output_type == "error":
        return [out.ename, out.evalue, *out.traceback]
    data = out.get("data", {})
    return [_joined(data[m]) for m in TEXT_MIME if m in data]


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
