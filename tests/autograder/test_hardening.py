"""Hardening of ``faircourse grade``: what learners' notebooks may do, and what the grade says.

Every case is a generated submission (:func:`autograder.simulate.submission` with one answer
cell replaced) graded by :func:`autograder.grader.grade_submissions`, together with the other
cases of its assignment in one batch: m00-orientation (1 point, fast) for nearly everything,
m02-group-metrics for a hidden-only mistake and a monkeypatched fairkit. Each batch is graded
once per session, also under pytest-xdist (the first worker that needs it grades it, the
others wait for it and read its results).
"""

from __future__ import annotations

import csv
import dataclasses
import fcntl
import json
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from autograder.grader import CSV_COLUMNS, GradeOptions, grade_submissions
from autograder.questions import get_assignment
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
M00 = "m00-orientation"
M02 = "m02-group-metrics"
pytestmark = pytest.mark.skipif(
    not sandbox_available(),
    reason="bubblewrap sandbox unavailable: install the Debian package `bubblewrap`",
)

# cell_timeout: long enough for a loaded CI machine to start the kernel and run set-up,
# short enough that the infinite-loop learners are interrupted well within `timeout`.
M00_OPTIONS = GradeOptions(M00, workers=2, timeout=60, cell_timeout=10)
M02_OPTIONS = GradeOptions(M02, workers=2, timeout=240, cell_timeout=60)
MAX_FEEDBACK_BYTES = 2 * 1024**2
INTERFERED = "the grader's requests in q1_tests were interfered with"
PRIVATE_SEEDS = (918273645, 192837465)

SOLUTION = "import numpy as np\n\n" + get_assignment(M00).QUESTIONS["q1"].solution
WRONG = "def positive_share(y):\n    return 0.5\n"
# Right on NumPy arrays (the public cases), KeyError on a Series indexed from 100 (hidden).
HIDDEN_ONLY = "def positive_share(y):\n    return sum(y[i] for i in range(len(y))) / len(y)\n"
LOOP = "while True:\n    pass\n"
LOOPING_FUNCTION = "def positive_share(y):\n    while True:\n        pass\n"
# Right on the public examples; on hidden inputs it ignores the interrupt and never returns.
LOOPS_ON_HIDDEN_CASES = """\
import signal


def positive_share(y):
    if len(y) > 10:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        while True:
            pass
    return sum(y) / len(y)
"""
ALWAYS_EQUAL = """\
class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


def positive_share(y):
    return AlwaysEqual()
"""
FLOAT_ALWAYS_EQUAL = """\
class SlyFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


def positive_share(y):
    return SlyFloat(0.0)
"""
INPUT_TRANSFORMER = """\
def _nothing(lines):
    return ["pass\\n"]


get_ipython().input_transformers_cleanup.append(_nothing)
"""
AST_TRANSFORMER = """\
import ast


class _Nothing(ast.NodeTransformer):
    def visit_Module(self, node):
        return ast.Module(body=[ast.Pass()], type_ignores=[])


get_ipython().ast_transformers.append(_Nothing())
"""
NO_TRACEBACKS = "get_ipython().showtraceback = lambda *args, **kwargs: None\n"
PATCHES = {
    "numpy_isclose_builtins_abs": (
        "import builtins\nimport numpy\n\n"
        "numpy.isclose = lambda *args, **kwargs: True\nbuiltins.abs = lambda x: 0\n"
    ),
    "math_isclose": "import math\nmath.isclose = lambda *args, **kwargs: True\n",
    # The kernel's side of the protocol silenced: no reply comes back.
    "protocol": (
        "import faircheck._protocol\nfaircheck._protocol.answer = lambda *args, **kwargs: None\n"
    ),
}
FAKE_GRADE = "def grade(*args, **kwargs):\n    print('passed')\n"
# Issue 6, attack 1: a hook that reads the grader's call before it runs and publishes replies
# first (with the private inputs in hand, but no expected value to give).
FORGE_HOOK = """\
import json
import re

from IPython.display import publish_display_data

SEEN = []


def _forge(info):
    found = re.search(r"answer\\((.*)\\)\\s*$", info.raw_cell or "", re.S)
    if found and "faircheck._protocol" in info.raw_cell:
        SEEN.append(info.raw_cell)
        for case in json.loads(eval(found.group(1)))["cases"]:
            reply = {"nonce": case["nonce"], "output": 0.25, "error": None}
            publish_display_data({"application/vnd.faircourse.reply+json": reply})


get_ipython().events.register("pre_run_cell", _forge)
"""
# A hook that keeps every grader's call it sees, printed by a cell the learner added last.
DUMP_HOOK = """\
SEEN = []
get_ipython().events.register(
    "pre_run_cell",
    lambda info: SEEN.append(info.raw_cell) if "faircheck" in (info.raw_cell or "") else None,
)
"""
# The same, and the real replies silenced: exactly one (wrong) reply per request.
FORGE_ONLY = FORGE_HOOK + PATCHES["protocol"]
# Issue 6, attack 2: walk up the stack and take whatever looks like an expected value.
STACK_WALK = """\
import linecache
import sys


def positive_share(y):
    found = []
    frame = sys._getframe(1)
    while frame is not None:
        for value in [*frame.f_locals.values(), *frame.f_globals.values()]:
            if type(value) is float and 0 <= value <= 1:
                found.append(value)
        linecache.getlines(frame.f_code.co_filename)
        frame = frame.f_back
    return found[0] if found else 0.5
"""
# Issue 6, attack 3: patch the grader's own objects in the kernel.
PATCH_GRADER = """\
try:
    import autograder.questions._base as base

    base.Question.run = lambda self, answer, case: self.expected(case)
    print("PATCHED the grader")
except ImportError as exc:
    print("NO GRADER", type(exc).__name__)
import faircheck._run

faircheck._run.call = lambda *args, **kwargs: 0.5
"""
# What a kernel can read of its sandbox: the runner's input, memory and environment.
READ_RUNNER = """\
import os

found = {}
for pid in os.listdir("/proc"):
    try:
        if b"runner.py" in open(f"/proc/{pid}/cmdline", "rb").read():
            for name in ("fd/0", "mem", "environ", "maps"):
                try:
                    with open(f"/proc/{pid}/{name}", "rb") as f:
                        f.read(1)
                    found[name] = "read"
                except OSError as exc:
                    found[name] = type(exc).__name__
    except OSError:
        pass
print("RUNNER", sorted(found.items()))
print("RUN_DIR", sorted(os.listdir("/run/grader")))
"""
XSS = """\
from IPython.display import HTML, Javascript, display

display(HTML("<script>document.title='pwned'</script><img src=x onerror=alert(1)>"))
display(Javascript("document.title = 'pwned'"))
"""
WARNS = """\
import sys
import warnings

import numpy as np


def positive_share(y):
    warnings.warn("about to divide", RuntimeWarning)
    warnings.warn("this API is old", DeprecationWarning)
    sys.stderr.write("debug: computing the share\\n")
    y = np.asarray(y)
    return float(np.sum(y == 1) / len(y))
"""
PRINT_MILLION = SOLUTION + "\nfor i in range(10**6):\n    print(i)\n"
# A correct answer that prints a lot while the tests run it (about 300,000 characters, far
# over the sandbox's output limit per cell): the grading records must survive the truncation.
PRINTS_IN_FUNCTION = """\
import numpy as np


def positive_share(y):
    for value in np.asarray(y):
        print("debugging the share, value", value, "-" * 80)
    y = np.asarray(y)
    return float(np.sum(y == 1) / len(y))
"""
HUGE_ALLOCATION = SOLUTION + "\nbig = np.ones(50 * 1024**3 // 8)\n"
READ_ATTEMPTS = """\
import json
import os

import faircheck

attempts = {{}}
for path in [faircheck.__file__, *{paths!r}]:
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            with open(path, "rb") as f:
                f.read(1)
        attempts[path] = "read"
    except OSError as exc:
        attempts[path] = type(exc).__name__
print("ATTEMPTS " + json.dumps(attempts))
"""
NETWORK = """\
import socket

try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    network = "connected"
except OSError as exc:
    network = type(exc).__name__
print("NETWORK " + network)
"""


# -- building submissions ------------------------------------------------------------------------
def _cell(nb, gid: str):
    return next(c for c in nb.cells if c.get("id") == gid)


def m00(answer: str | None = None, *, solved: bool = True):
    return submission(ROOT, M00, answers=None if answer is None else {"q1": answer}, solved=solved)


def _flood(cells: int, chars: int):
    nb = m00(SOLUTION)
    for i in range(cells):
        nb.cells.append(nbformat.v4.new_code_cell(f"print('{i}' * {chars})"))
    return nb


def _edit_tests(change: Callable) -> Callable:
    def make(answer: str):
        nb = m00(answer)
        change(nb, _cell(nb, "q1_tests"))
        return nb

    return make


def _set_meta(key: str, value) -> Callable:
    return lambda nb, cell: cell.metadata.nbgrader.__setitem__(key, value)


TAMPERING = {  # kind -> (change to the test cell, what the detail must say)
    "edited": (lambda nb, c: setattr(c, "source", "pass"), "locked cell q1_tests was edited"),
    "unlocked": (_set_meta("locked", False), "cell q1_tests was changed (locked)"),
    "regraded": (_set_meta("grade_id", "q1_mine"), "cell q1_tests was changed (grade_id)"),
    "repointed": (_set_meta("points", 100), "cell q1_tests was changed (points)"),
    "deleted": (lambda nb, c: nb.cells.remove(c), "cell q1_tests was deleted"),
    "stripped": (
        lambda nb, c: c.metadata.pop("nbgrader"),
        "the grading metadata of cell q1_tests was removed",
    ),
}

# Which answers go with each kind of tampering: a wrong one (the tampering must not earn the
# point) and/or a correct one (the restored tests still give it).
TAMPERED_WITH = {
    "edited": ("correct", "wrong"),
    "unlocked": ("wrong",),
    "regraded": ("correct", "wrong"),
    "repointed": ("correct",),
    "deleted": ("wrong",),
    "stripped": ("correct",),
}
TAMPERED_STUDENTS = [f"tests_{k}_{a}" for k, answers in TAMPERED_WITH.items() for a in answers]


@dataclass(frozen=True)
class Case:
    """One learner of a batch and what grading them must give."""

    status: str
    score: float
    detail: str = ""  # a phrase the result's detail must contain
    notebook: Callable | None = None  # () -> NotebookNode; None: see RAW


# Students whose submission folder holds something else than a notebook: name -> bytes or None.
RAW = {"malformed": b"this is not JSON {", "no_notebook": None}

M00_CASES: dict[str, Case] = {
    "correct": Case("graded", 1, notebook=lambda: m00(SOLUTION)),
    "untouched": Case("graded", 0, notebook=lambda: m00(solved=False)),
    "hidden_only": Case("graded", 0, notebook=lambda: m00(HIDDEN_ONLY)),
    **{
        f"tests_{kind}_{label}": Case(
            "tampered", points, detail, lambda c=change, a=answer: _edit_tests(c)(a)
        )
        for kind, (change, detail) in TAMPERING.items()
        for label, answer, points in (("correct", SOLUTION, 1), ("wrong", WRONG, 0))
        if label in TAMPERED_WITH[kind]
    },
    "loop_top_level": Case("graded", 0, "timed out", lambda: m00(LOOP + SOLUTION)),
    "loop_in_function": Case("graded", 0, "timed out", lambda: m00(LOOPING_FUNCTION)),
    # A kernel that ignores the interrupt at a test cell's time limit: a grading error (the
    # instructor must look), never "tampered", and never kept from the cache.
    "ignores_interrupt": Case(
        "grading_error",
        0,
        "kernel_unresponsive",
        lambda: m00(LOOPS_ON_HIDDEN_CASES),
    ),
    "sys_exit": Case(
        "grading_error", 1, "SystemExit", lambda: m00(SOLUTION + "import sys\nsys.exit(1)\n")
    ),
    "os_exit": Case(
        "grading_error", 0, "kernel_died", lambda: m00(SOLUTION + "import os\nos._exit(1)\n")
    ),
    "kernel_killed": Case(
        "grading_error",
        0,
        "SIGKILL",
        lambda: m00(SOLUTION + "import os\nos.kill(os.getpid(), 9)\n"),
    ),
    "reset_then_answer": Case("graded", 1, notebook=lambda: m00("%reset -f\n" + SOLUTION)),
    "answer_then_reset": Case("graded", 0, notebook=lambda: m00(SOLUTION + "%reset -f\n")),
    "del_ex": Case("graded", 1, notebook=lambda: m00(SOLUTION + "del ex\n")),
    "own_grade_function": Case("graded", 0, notebook=lambda: m00(WRONG + FAKE_GRADE)),
    "always_equal": Case("graded", 0, notebook=lambda: m00(ALWAYS_EQUAL)),
    "float_always_equal": Case("graded", 0, notebook=lambda: m00(FLOAT_ALWAYS_EQUAL)),
    # Transformers turn the grader's call into `pass`: no reply comes back, which is flagged.
    "input_transformer": Case("tampered", 0, INTERFERED, lambda: m00(WRONG + INPUT_TRANSFORMER)),
    "ast_transformer": Case("tampered", 0, INTERFERED, lambda: m00(WRONG + AST_TRANSFORMER)),
    # Nothing in the kernel decides a grade, so silencing its tracebacks changes nothing.
    "no_tracebacks_wrong": Case("graded", 0, notebook=lambda: m00(WRONG + NO_TRACEBACKS)),
    "no_tracebacks_missing": Case("graded", 0, notebook=lambda: m00(NO_TRACEBACKS)),
    "patch_numpy_isclose_builtins_abs": Case(
        "graded", 0, notebook=lambda: m00(WRONG + PATCHES["numpy_isclose_builtins_abs"])
    ),
    "patch_math_isclose": Case("graded", 0, notebook=lambda: m00(WRONG + PATCHES["math_isclose"])),
    "patch_protocol": Case("tampered", 0, INTERFERED, lambda: m00(SOLUTION + PATCHES["protocol"])),
    # Issue 6, attacks 1-3: hooks, the stack, patches of the grader: nothing to compute with.
    "forge_hook": Case("tampered", 0, INTERFERED, lambda: m00(WRONG + FORGE_HOOK)),
    "forge_hook_correct": Case("tampered", 0, INTERFERED, lambda: m00(SOLUTION + FORGE_HOOK)),
    "forge_only": Case("graded", 0, notebook=lambda: m00(WRONG + FORGE_ONLY)),
    "stack_walk": Case("graded", 0, notebook=lambda: m00(STACK_WALK)),
    "patch_grader": Case("graded", 0, notebook=lambda: m00(SOLUTION + PATCH_GRADER)),
    "reads_runner": Case("graded", 1, notebook=lambda: m00(SOLUTION + READ_RUNNER)),
    "xss": Case("graded", 1, notebook=lambda: m00(SOLUTION + XSS)),
    "warns_and_stderr": Case("graded", 1, notebook=lambda: m00(WARNS)),
    "prints_million_lines": Case("graded", 1, notebook=lambda: m00(PRINT_MILLION)),
    "prints_in_function": Case("graded", 1, notebook=lambda: m00(PRINTS_IN_FUNCTION)),
    "huge_allocation": Case("grading_error", 1, "memory_exceeded", lambda: m00(HUGE_ALLOCATION)),
    # Built by _grade_m00 (they need the batch's paths and a listening port).
    "reads_files": Case("graded", 1),
    "network": Case("graded", 1),
    "dumps_requests": Case("graded", 1),
    # Issue 6, inputs that are not what they claim: links, an id with a newline.
    "link_solution": Case("grading_error", 0, "is a symbolic link"),
    "link_classmate": Case("grading_error", 0, "is a symbolic link"),
    "link_host": Case("grading_error", 0, "is a symbolic link"),
    "link_folder": Case("grading_error", 0, "the student folder link_folder is a symbolic link"),
    "correct\n": Case("grading_error", 0, "is not a valid id"),
    # Issue 6, attack 6: floods of cells and output stay within their budgets.
    "too_many_cells": Case(
        "grading_error", 0, "cells that you added; at most 300", lambda: _flood(400, 100)
    ),
    "floods_output": Case("graded", 1, notebook=lambda: _flood(250, 100_000)),
    "malformed": Case("grading_error", 0, "not a readable Jupyter notebook"),
    "no_notebook": Case("grading_error", 0, f"{M00}/{M00}.ipynb in the submission folder"),
}


def _wrong_m02(qid: str, label_part: str) -> str:
    q = get_assignment(M02).QUESTIONS[qid]
    return next(w.code for w in q.wrong_answers if label_part in w.label)


# Issue 6, attack 4: answers that call the reference implementation of what they should build,
# directly, through a string the self-check cannot see, and through fairlearn.
DELEGATES = {
    "q1": (
        "import fairkit.metrics as fm\n\n\n"
        "def selection_rate_by_group(y_pred, groups):\n"
        "    mf = fm.MetricFrame(metrics=fm.selection_rate, y_true=y_pred, y_pred=y_pred,\n"
        "                        sensitive_features=groups)\n"
        "    return mf.by_group\n"
    ),
    "q3": (
        "import importlib\n\n\n"
        "def demographic_parity_difference(y_pred, groups):\n"
        "    fm = importlib.import_module('fair' + 'kit.met' + 'rics')\n"
        "    return fm.demographic_parity_difference(y_pred, y_pred, sensitive_features=groups)\n"
    ),
    "q4": (
        "def equalized_odds_difference(y_true, y_pred, groups):\n"
        "    from fairlearn.metrics import equalized_odds_difference as eod\n"
        "    return eod(y_true, y_pred, sensitive_features=groups)\n"
    ),
}
# Issue 6, leaks: everything a kernel could read of the grader's code, data and solutions.
M02_LEAKS = """\
import importlib

for name in ("autograder.questions._m02_answers", "autograder.questions.m02_group_metrics",
             "autograder.questions._m02_data", "autograder", "fairkit.metrics"):
    try:
        importlib.import_module(name)
        print("IMPORTED", name)
    except ImportError as exc:
        print("REFUSED", name, str(exc)[:60])
"""
M02_CASES: dict[str, Case] = {
    # Passes q1's public examples, fails its hidden ones (a Series with another index).
    "hidden_only_q1": Case(
        "graded",
        10,
        notebook=lambda: submission(
            ROOT, M02, answers={"q1": _wrong_m02("q1", "positional indexing")}
        ),
    ),
    # q6 calls the learner's q3, which delegates: it fails with it.
    "delegates": Case("graded", 5, notebook=lambda: submission(ROOT, M02, answers=DELEGATES)),
    "leaks": Case(
        "graded",
        12,
        notebook=lambda: submission(
            ROOT, M02, answers={"q1": M02_LEAKS + get_assignment(M02).QUESTIONS["q1"].solution}
        ),
    ),
}


# -- grading a batch once per session -----------------------------------------------------------
@dataclass
class Batch:
    """A graded batch: the submissions, the grader's output and each student's result."""

    root: Path
    assignment: str
    results: dict[str, dict]
    extra: dict

    @property
    def subs(self) -> Path:
        return self.root / "subs"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def autograded_path(self, student: str) -> Path:
        a = self.assignment
        return self.out / "course" / "autograded" / student / a / f"{a}.ipynb"

    def autograded(self, student: str):
        return nbformat.read(self.autograded_path(student), as_version=4)

    def text(self, student: str, cell_id: str) -> str:
        """Stream text and plain-text results of one cell of the autograded notebook."""
        cell = _cell(self.autograded(student), cell_id)
        parts = []
        for o in cell.outputs:
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type in ("display_data", "execute_result"):
                parts.append(str(o.get("data", {}).get("text/plain", "")))
            elif o.output_type == "error":
                parts.append(f"{o.ename}: {o.evalue}")
        return "".join(parts)

    def question(self, student: str, qid: str) -> dict:
        return next(q for q in self.results[student]["questions"] if q["id"] == qid)


def _graded_once(tmp_path_factory, name: str, grade: Callable[[Path], dict]) -> Batch:
    """Grade a batch once per session, shared by pytest-xdist workers through a file lock."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this session
    root = base / f"hardening-{name}"
    with (base / f"hardening-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        saved = root / "batch.json"
        if not saved.exists():
            if root.exists():  # left half-done by a worker that failed
                shutil.rmtree(root)
            root.mkdir()
            saved.write_text(json.dumps(grade(root)))
    data = json.loads(saved.read_text())
    return Batch(root, data["assignment"], data["results"], data["extra"])


def _write_subs(subs: Path, assignment: str, notebooks: dict) -> None:
    for student, nb in notebooks.items():
        folder = subs / student / assignment
        folder.mkdir(parents=True)
        path = folder / f"{assignment}.ipynb"
        if isinstance(nb, bytes):
            path.write_bytes(nb)
        elif nb is not None:
            nbformat.write(nb, path)


def _private_paths(root: Path) -> list[str]:
    """What no learner's code may read: sources, solutions, gradebook, other learners."""
    course = root / "out" / "course"
    nb = f"{M00}/{M00}.ipynb"
    return [
        "../source",
        "../../source",
        f"../../../source/{nb}",
        f"../../../../source/{nb}",
        str(course / "source"),
        str(course / "source" / nb),
        str(course / "gradebook.db"),
        str(course / "submitted" / "correct" / nb),
        str(course / "autograded" / "correct" / nb),
        str(root / "subs" / "correct" / nb),
        str(root / "out" / "correct" / "result.json"),
        str(ROOT / "solutions"),
        str(ROOT / "solutions" / nb),
        str(ROOT / "autograder" / "questions"),
        str(course / "grading_secret.key"),
        "/run/grader/input.ipynb",
    ]


def _grade_m00(root: Path) -> dict:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    with listener:
        port = listener.getsockname()[1]
        notebooks = {name: case.notebook() for name, case in M00_CASES.items() if case.notebook}
        notebooks["reads_files"] = m00(SOLUTION + READ_ATTEMPTS.format(paths=_private_paths(root)))
        notebooks["network"] = m00(SOLUTION + NETWORK.format(port=port))
        dump = m00(SOLUTION + DUMP_HOOK)
        dump.cells.append(nbformat.v4.new_code_cell("print('SEEN', SEEN)", id="dump"))
        notebooks["dumps_requests"] = dump
        notebooks.update(RAW)
        notebooks["correct\n"] = m00(SOLUTION)
        links = {
            "link_solution": ROOT / "solutions" / M00 / f"{M00}.ipynb",
            "link_classmate": root / "subs" / "correct" / M00 / f"{M00}.ipynb",
            "link_host": Path("/etc/passwd"),
        }
        assert set(notebooks) | set(links) | {"link_folder"} == set(M00_CASES)
        _write_subs(root / "subs", M00, notebooks)
        for student, target in links.items():
            (root / "subs" / student / M00).mkdir(parents=True)
            (root / "subs" / student / M00 / f"{M00}.ipynb").symlink_to(target)
        (root / "subs" / "link_folder").symlink_to(root / "subs" / "correct")
        private = root / "private"
        private.mkdir()
        spec = {"q1": {"hidden_seeds": list(PRIVATE_SEEDS)}}
        (private / f"{M00}.json").write_text(json.dumps(spec))
        options = dataclasses.replace(M00_OPTIONS, extra_tests=private)
        results = grade_submissions(root / "subs", root / "out", options, repo=ROOT)
        try:
            listener.accept()[0].close()
            connections = 1
        except BlockingIOError:
            connections = 0
    extra = {"port": port, "connections": connections, "extra_tests": str(private)}
    by_student = {r["student_id"]: r for r in results}
    return {"assignment": M00, "results": by_student, "extra": extra}


def _grade_m02(root: Path) -> dict:
    _write_subs(root / "subs", M02, {name: case.notebook() for name, case in M02_CASES.items()})
    results = grade_submissions(root / "subs", root / "out", M02_OPTIONS, repo=ROOT)
    return {"assignment": M02, "results": {r["student_id"]: r for r in results}, "extra": {}}


@pytest.fixture(scope="module")
def m00_batch(tmp_path_factory) -> Batch:
    return _graded_once(tmp_path_factory, "m00", _grade_m00)


@pytest.fixture(scope="module")
def m02_batch(tmp_path_factory) -> Batch:
    return _graded_once(tmp_path_factory, "m02", _grade_m02)


def _check(batch: Batch, student: str, case: Case) -> None:
    result = batch.results[student]
    summary = {k: result[k] for k in ("status", "score", "max_score", "detail")}
    assert result["status"] == case.status, summary
    assert result["score"] == case.score, summary
    assert case.detail in result["detail"], summary
    if result["status"] != "grading_error" or result["questions"]:
        expected_max = 1 if batch.assignment == M00 else 14
        assert result["max_score"] == expected_max, summary


# -- the cases ----------------------------------------------------------------------------------
# The first two tests use different batches, so that two xdist workers grade them at once.
def test_correct_submission_gets_full_marks(m00_batch):
    _check(m00_batch, "correct", M00_CASES["correct"])


@pytest.mark.parametrize("student", sorted(M02_CASES))
def test_m02_case_status_and_score(m02_batch, student):
    _check(m02_batch, student, M02_CASES[student])


@pytest.mark.parametrize("student", sorted(set(M00_CASES) - {"correct"}))
def test_m00_case_status_and_score(m00_batch, student):
    _check(m00_batch, student, M00_CASES[student])


def test_hidden_only_mistake_loses_the_question_with_a_message(m00_batch, m02_batch):
    q1 = m02_batch.question("hidden_only_q1", "q1")
    assert (q1["points"], q1["max_points"]) == (0, 2), q1
    assert "hidden test" in q1["message"], q1
    others = [q for q in m02_batch.results["hidden_only_q1"]["questions"] if q["id"] != "q1"]
    assert all(q["points"] == q["max_points"] for q in others if q["kind"] == "autograded"), others
    # The same kind of mistake in m00: the test cell shows the host's verdict.
    assert "hidden test" in m00_batch.text("hidden_only", "q1_tests")
    assert "hidden test" in m00_batch.question("hidden_only", "q1")["message"]


def test_restored_tests_are_the_original_ones(m00_batch):
    source = nbformat.read(ROOT / "solutions" / M00 / f"{M00}.ipynb", as_version=4)
    original = _cell(source, "q1_tests").source
    assert 'ex.test("q1")' in original
    for student in TAMPERED_STUDENTS:
        cell = _cell(m00_batch.autograded(student), "q1_tests")
        assert cell.source == original, student
        assert cell.metadata.nbgrader["grade_id"] == "q1_tests", student
        assert cell.metadata.nbgrader["points"] == 1, student
        assert m00_batch.results[student]["max_score"] == 1, student


@pytest.mark.parametrize("student", ["loop_top_level", "loop_in_function"])
def test_infinite_loop_is_interrupted_per_cell(m00_batch, student):
    result = m00_batch.results[student]
    assert result["sandbox"]["status"] == "cell_timeout", result["sandbox"]
    stuck = "q1_answer" if student == "loop_top_level" else "q1_tests"
    assert f"({stuck})" in result["detail"], result["detail"]
    assert result["seconds"] < M00_OPTIONS.timeout, result["seconds"]


@pytest.mark.parametrize(
    ("student", "reason"),
    [
        ("sys_exit", "q1_answer) raised SystemExit"),
        ("os_exit", "exit code 1"),
        ("kernel_killed", "killed by SIGKILL"),
    ],
)
def test_exits_are_reported_not_graded_silently(m00_batch, student, reason):
    result = m00_batch.results[student]
    assert result["status"] == "grading_error"
    assert reason in result["detail"], result["detail"]
    # Tests the dead kernel never reached are not called interfered with, nor altered.
    assert "interfered" not in result["detail"], result["detail"]
    assert "altered" not in m00_batch.question(student, "q1")["message"]


def test_reset_and_del_ex_leave_what_ran(m00_batch):
    assert "NameError" in m00_batch.text("reset_then_answer", "q1_check")  # `ex` is gone
    assert (
        "define `positive_share` first" in m00_batch.question("answer_then_reset", "q1")["message"]
    )
    assert "passed" in m00_batch.text("del_ex", "q1_tests")


def test_hooks_and_patches_cannot_give_a_point(m00_batch):
    # The hook saw the grader's call (inputs and nonces only) and replied first: flagged.
    message = m00_batch.question("forge_hook_correct", "q1")["message"]
    assert "answers came back for one test" in message, message
    assert "Expected the share of 1s" in m00_batch.question("forge_only", "q1")["message"]
    assert "NO GRADER ModuleNotFoundError" in m00_batch.text("patch_grader", "q1_answer")
    assert "no answer came back" in m00_batch.question("patch_protocol", "q1")["message"]


def test_private_seeds_and_the_secret_never_reach_the_kernel(m00_batch):
    seen = m00_batch.text("dumps_requests", "dump")
    assert "faircheck._protocol" in seen  # the hook did see the grader's call
    key = (m00_batch.out / "course" / "grading_secret.key").read_text().strip()
    for seed in PRIVATE_SEEDS:
        assert str(seed) not in seen
    assert key not in seen and "hidden_seed" not in seen
    # ... while the private seeds were used: more hidden cases than the secret's set alone.
    passed = m00_batch.text("correct", "q1_tests")
    assert f"and {7 * (1 + len(PRIVATE_SEEDS))} hidden cases" in passed, passed


def test_kernel_cannot_read_the_runner(m00_batch):
    text = m00_batch.text("reads_runner", "q1_answer")
    runner = next(line for line in text.splitlines() if line.startswith("RUNNER "))
    assert "fd/0" in runner and "'read'" not in runner, runner
    assert "RUN_DIR ['runner.py']" in text, text


def test_delegating_to_the_reference_earns_nothing(m02_batch):
    for qid in ("q1", "q3", "q4", "q6"):
        q = m02_batch.question("delegates", qid)
        assert q["points"] == 0, q
    assert "is not available here" in m02_batch.question("delegates", "q3")["message"]
    assert "is not available here" in m02_batch.question("delegates", "q4")["message"]
    for qid in ("q2", "q5"):
        q = m02_batch.question("delegates", qid)
        assert q["points"] == q["max_points"], q


def test_grader_code_and_solutions_are_not_in_the_sandbox(m02_batch):
    text = m02_batch.text("leaks", "q1_answer")
    assert "IMPORTED" not in text and text.count("REFUSED") == 5, text


def test_learner_visible_details_hold_no_host_paths_or_tracebacks(m00_batch):
    for student, result in m00_batch.results.items():
        texts = [result["detail"], *(q["message"] for q in result["questions"])]
        for text in texts:
            assert str(ROOT) not in text and "Traceback" not in text, (student, text)
            assert str(m00_batch.root) not in text, (student, text)


def test_learner_code_cannot_read_private_files(m00_batch):
    text = m00_batch.text("reads_files", "q1_answer")
    line = next(x for x in text.splitlines() if x.startswith("ATTEMPTS "))
    attempts = json.loads(line.removeprefix("ATTEMPTS "))
    own, *private = attempts
    assert attempts[own] == "read", attempts  # the check itself can read what it may
    assert len(private) == len(_private_paths(m00_batch.root)), attempts
    for path in private:
        assert attempts[path] in ("FileNotFoundError", "PermissionError"), (path, attempts)
    # The paths exist on the host: the sandbox hides them.
    for path in _private_paths(m00_batch.root):
        if Path(path).is_absolute() and not path.startswith("/run/"):
            assert Path(path).exists(), path


def test_no_network_from_the_sandbox(m00_batch):
    text = m00_batch.text("network", "q1_answer")
    line = next(x for x in text.splitlines() if x.startswith("NETWORK "))
    assert line != "NETWORK connected"
    assert line.removeprefix("NETWORK ") in ("ConnectionRefusedError", "OSError", "TimeoutError")
    assert m00_batch.extra["connections"] == 0


def test_warnings_and_stderr_keep_the_points(m00_batch):
    nb = m00_batch.autograded("warns_and_stderr")
    outputs = _cell(nb, "q1_tests").outputs
    assert not [o for o in outputs if o.output_type == "error"], outputs
    assert not [o for o in outputs if o.get("name") == "stderr"], outputs


@pytest.mark.parametrize("student", ["prints_million_lines", "prints_in_function"])
def test_huge_output_is_truncated(m00_batch, student):
    assert m00_batch.autograded_path(student).stat().st_size < MAX_FEEDBACK_BYTES
    feedback = m00_batch.out / student / "feedback.html"
    assert feedback.stat().st_size < MAX_FEEDBACK_BYTES
    if student == "prints_million_lines":
        # Cut by the sandbox, then to 1000 lines by nbgrader (which drops the sandbox's note).
        assert "Output truncated" in m00_batch.text(student, "q1_answer")
    # prints_in_function: the replies that came after the cut were kept (full marks).


def test_huge_allocation_is_bounded(m00_batch):
    result = m00_batch.results["huge_allocation"]
    assert result["sandbox"]["status"] == "memory_exceeded", result["sandbox"]
    assert "MemoryError" in m00_batch.text("huge_allocation", "q1_answer")


def test_links_are_refused_and_never_quoted(m00_batch):
    for student in ("link_solution", "link_classmate", "link_host", "link_folder"):
        html = (m00_batch.out / student / "feedback.html").read_text()
        assert "root:" not in html and "BEGIN SOLUTION" not in html, student
        assert not m00_batch.results[student]["questions"], student
    # The classmate whose notebook was linked to is graded once, on their own.
    assert m00_batch.results["correct"]["score"] == 1


def test_output_floods_stay_within_the_notebook_budget(m00_batch):
    assert m00_batch.autograded_path("floods_output").stat().st_size < 8 * 1024**2
    assert (m00_batch.out / "floods_output" / "feedback.html").stat().st_size < 8 * 1024**2


def test_grades_csv(m00_batch):
    with (m00_batch.out / "grades.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS == ("student_id", "assignment", "score", "max_score", "status", "detail")
    by_student = {r["student_id"]: r for r in rows}
    assert set(by_student) == set(M00_CASES)
    for student, row in by_student.items():
        assert row["assignment"] == M00
        assert row["status"] == M00_CASES[student].status, row
        assert float(row["score"]) == M00_CASES[student].score, row
        assert row["detail"] == m00_batch.results[student]["detail"]


def test_every_student_has_result_and_feedback(m00_batch):
    for student in M00_CASES:
        saved = json.loads((m00_batch.out / student / "result.json").read_text())
        assert saved["status"] == M00_CASES[student].status
        assert (m00_batch.out / student / "feedback.html").exists(), student
    # Those whose notebook could not be graded read why.
    assert "not a readable" in (m00_batch.out / "malformed" / "feedback.html").read_text()
    assert f"{M00}.ipynb in the" in (m00_batch.out / "no_notebook" / "feedback.html").read_text()


def test_feedback_keeps_the_message_but_not_the_grader_s_call(m00_batch):
    for student in ("hidden_only", "tests_edited_wrong", "correct"):
        html = (m00_batch.out / student / "feedback.html").read_text()
        assert "faircheck._protocol" not in html and "nonce" not in html, student
    html = (m00_batch.out / "hidden_only" / "feedback.html").read_text()
    assert "a pandas Series with a non-default index" in html
    assert "KeyError" in html
    html = (m00_batch.out / "tests_edited_wrong" / "feedback.html").read_text()
    assert "expected the share of 1s in y" in html


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def test_feedback_and_the_formgrader_s_notebooks_are_inert(m00_batch):
    page = _Elements()
    page.feed((m00_batch.out / "xss" / "feedback.html").read_text())
    assert [t for t, a in page.tags if any(k.startswith("on") for k in a)] == []
    assert not [s for s in page.scripts if "pwned" in s]
    assert not [a for t, a in page.tags if "javascript:" in " ".join(map(str, a.values()))]
    head = [t for t, _ in page.tags].index("head")
    assert page.tags[head + 1] == (
        "meta",
        {"http-equiv": "Content-Security-Policy", "content": page.tags[head + 1][1]["content"]},
    )
    assert "script-src 'none'" in page.tags[head + 1][1]["content"] or (
        "default-src 'none'" in page.tags[head + 1][1]["content"]
    )
    # What nbgrader's formgrader renders: the submitted and the autograded notebooks.
    course = m00_batch.out / "course"
    for folder in ("submitted", "autograded"):
        nb = nbformat.read(course / folder / "xss" / M00 / f"{M00}.ipynb", as_version=4)
        datas = [o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])]
        assert not [d for d in datas if "application/javascript" in d], folder
        html = " ".join(str(d.get("text/html", "")) for d in datas)
        assert "<script" not in html and "onerror" not in html, folder
    assert "removed" in (m00_batch.out / "logs" / "xss.log").read_text()


def test_rerun_grades_only_changed_submissions(m00_batch, tmp_path, capsys):
    students = ("correct", "untouched", "os_exit")
    (tmp_path / "out" / "course").mkdir(parents=True)
    key = "grading_secret.key"
    shutil.copy(m00_batch.out / "course" / key, tmp_path / "out" / "course" / key)
    for student in students:
        shutil.copytree(m00_batch.subs / student, tmp_path / "subs" / student)
        (tmp_path / "out" / student).mkdir(parents=True)
        shutil.copy(m00_batch.out / student / "result.json", tmp_path / "out" / student)
    saved = {s: (tmp_path / "out" / s / "result.json").stat().st_mtime_ns for s in students}
    capsys.readouterr()

    options = dataclasses.replace(M00_OPTIONS, extra_tests=Path(m00_batch.extra["extra_tests"]))
    results = grade_submissions(tmp_path / "subs", tmp_path / "out", options, repo=ROOT)
    assert "grading 1 of 3" in capsys.readouterr().err  # a grading error is graded again
    by_student = {r["student_id"]: r for r in results}
    assert by_student["os_exit"]["status"] == "grading_error"
    kept = ("correct", "untouched")
    assert {s: by_student[s] for s in kept} == {s: m00_batch.results[s] for s in kept}
    for student in kept:
        path = tmp_path / "out" / student / "result.json"
        assert path.stat().st_mtime_ns == saved[student], student

    path = tmp_path / "subs" / "untouched" / M00 / f"{M00}.ipynb"
    nbformat.write(m00(SOLUTION), path)
    results = grade_submissions(tmp_path / "subs", tmp_path / "out", options, repo=ROOT)
    assert "grading 2 of 3" in capsys.readouterr().err
    by_student = {r["student_id"]: r for r in results}
    assert by_student["untouched"]["score"] == 1 and by_student["untouched"]["status"] == "graded"
    assert (tmp_path / "out" / "correct" / "result.json").stat().st_mtime_ns == saved["correct"]
    assert (tmp_path / "out" / "untouched" / "result.json").stat().st_mtime_ns != saved["untouched"]
    with (tmp_path / "out" / "grades.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    scores = {r["student_id"]: float(r["score"]) for r in rows}
    assert scores == {"correct": 1, "untouched": 1, "os_exit": 0}
