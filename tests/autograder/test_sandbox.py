"""Tests of autograder.sandbox: isolation, limits and statuses of sandboxed notebook runs."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import sandbox
from autograder.sandbox import SandboxPolicy, execute_notebook, sandbox_available

requires_sandbox = pytest.mark.skipif(
    not sandbox_available(),
    reason="bubblewrap sandbox unavailable: install the Debian package `bubblewrap` "
    "(and run as root or with unprivileged user namespaces)",
)
FAST = SandboxPolicy(cell_timeout=20, total_timeout=60)


def run(*sources: str, policy: SandboxPolicy = FAST, **kw) -> sandbox.ExecutionResult:
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    return execute_notebook(nb, policy=policy, **kw)


def text(cell) -> str:
    """All stream text of a cell."""
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")


def errors(cell) -> list[str]:
    return [o.ename for o in cell.outputs if o.output_type == "error"]


@requires_sandbox
def test_normal_notebook_with_scientific_stack_runs():
    package = "fairkit"
    try:
        import fairkit  # noqa: F401
    except Exception:  # fairkit may be mid-construction; the sandbox plumbing is the same
        package = "autograder"
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A learner's notebook"),
            new_code_cell(
                f"import numpy as np, pandas as pd, {package}\n"
                "from sklearn.linear_model import LogisticRegression\n"
                "X = np.arange(20.0).reshape(-1, 1)\n"
                "model = LogisticRegression().fit(X, X[:, 0] > 9)\n"
                "print(pd.Series(model.predict(X)).sum())"
            ),
            new_code_cell("model.score(X, X[:, 0] > 9)"),
        ]
    )
    result = execute_notebook(nb, policy=FAST)
    assert result.status == "ok", result.reason
    assert text(result.notebook.cells[1]) == "10\n"
    assert result.notebook.cells[2].outputs[0].data["text/plain"] == "1.0"
    assert result.notebook.metadata.language_info.name == "python"
    assert nb.cells[1].outputs == []  # the caller's notebook is not modified


@requires_sandbox
def test_failing_cell_does_not_stop_later_cells(tmp_path):
    nb = new_notebook(
        cells=[new_code_cell(s) for s in ("x = 1", "raise ValueError('boom')", "print(x + 1)")]
    )
    nbformat.write(nb, tmp_path / "learner.ipynb")
    result = execute_notebook(tmp_path / "learner.ipynb", policy=FAST)
    assert result.status == "cell_error"
    assert "cell 1" in result.reason
    assert errors(result.notebook.cells[1]) == ["ValueError"]
    assert text(result.notebook.cells[2]) == "2\n"


@requires_sandbox
def test_sandbox_sees_only_allow_listed_paths_and_no_network(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden")
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inner.txt").write_text("inner")
    repo = Path(__file__).resolve().parents[2]
    probes = [str(secret), str(tmp_path), str(repo / "README.md"), str(repo / "autograder")]
    probes += [str(repo / "solutions"), "/etc/shadow"]
    probes += [str(Path(__file__).resolve()), "/opt/course-pkgs/solutions"]
    with contextlib.suppress(OSError):  # whatever the host keeps in /root, but Python
        probes += [str(p) for p in Path("/root").iterdir() if p.name != ".pyenv"]
    # A port listening on the host's loopback: the sandbox has a loopback of its own.
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    with server:
        result = run(
            f"import os, json\nprint(json.dumps({{p: os.path.exists(p) for p in {probes!r}}}))",
            "print(json.dumps([os.listdir(d) if os.path.isdir(d) else [] for d in "
            "('/root', '/opt/course-pkgs')]))",
            "print(open('data.csv').read(), open('folder/inner.txt').read())\n"
            "open('data.csv', 'a').write('3,4\\n')",
            "open('/usr/evil', 'w')",
            "import socket\nprint(socket.if_nameindex())",
            f"socket.create_connection(('127.0.0.1', {port}), timeout=2)",
            files={"data.csv": data, "folder": folder},
        )
    cells = result.notebook.cells
    assert json.loads(text(cells[0])) == dict.fromkeys(probes, False)
    root, packages = json.loads(text(cells[1]))
    assert set(root) <= {".pyenv"}  # only the path down to a Python installation
    assert set(packages) <= {"faircheck", "fairkit"}  # never the repository root
    assert text(cells[2]) == "a,b\n1,2\n inner\n"
    assert errors(cells[2]) == []
    assert errors(cells[3]) == ["OSError"]  # read-only file system
    assert data.read_text() == "a,b\n1,2\n"  # the host's copy is untouched
    assert text(cells[4]) == "[(1, 'lo')]\n"
    assert errors(cells[5]) == ["ConnectionRefusedError"]


@requires_sandbox
def test_hidden_modules_cannot_be_imported_by_any_name():
    from autograder.sandbox import execute_notebook

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import importlib, json, os\n"
                "out = {}\n"
                "for name in ('fair' + 'kit.metrics', 'fairlearn', 'sklearn.metrics',\n"
                "             'autograder', 'fairkit.datasets', 'faircheck', 'numpy'):\n"
                "    try:\n"
                "        importlib.import_module(name)\n"
                "        out[name] = 'ok'\n"
                "    except ImportError as exc:\n"
                "        out[name] = str(exc)\n"
                "import fairkit\n"
                "out['files'] = sorted(os.listdir(os.path.join(fairkit.__path__[0], 'metrics')))\n"
                "print(json.dumps(out))"
            )
        ]
    )
    hidden = ("fairkit.metrics", "fairlearn", "sklearn.metrics")
    result = execute_notebook(nb, hidden_modules=hidden)
    out = json.loads(text(result.notebook.cells[0]))
    for name in hidden:
        assert out[name].startswith(f"{name} is not available here"), out
    assert out["autograder"] == "No module named 'autograder'"
    assert out["fairkit.datasets"] == out["faircheck"] == out["numpy"] == "ok"
    assert out["files"] == ["__init__.py"]  # the real files are nowhere in the sandbox


@requires_sandbox
def test_bad_file_name_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="relative path"):
        run("1", files={"../escape": tmp_path})


@requires_sandbox
def test_cell_timeout_interrupts_only_that_cell():
    result = run("while True: pass", "print('after')", policy=SandboxPolicy(cell_timeout=1))
    cells = result.notebook.cells
    assert result.status == "cell_timeout"
    assert "cell 0" in result.reason
    assert "CellTimeoutError" in errors(cells[0])
    assert text(cells[1]) == "after\n"


@requires_sandbox
def test_kernel_ignoring_the_interrupt_stops_the_run():
    result = run(
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass",
        "print('never')",
        policy=SandboxPolicy(cell_timeout=1),
    )
    assert result.status == "kernel_unresponsive"
    assert "did not respond" in result.reason
    assert result.notebook.cells[1].outputs == []


@requires_sandbox
def test_kernel_death_is_reported_with_its_cell():
    result = run("print('before')", "import os\nos._exit(3)", "print('never')")
    assert result.status == "kernel_died"
    assert "cell 1" in result.reason
    assert "exit code 3" in result.reason
    assert text(result.notebook.cells[0]) == "before\n"
    assert result.notebook.cells[2].outputs == []


@requires_sandbox
def test_huge_allocation_fails_inside_the_sandbox():
    result = run("import numpy\na = numpy.ones(20 * 1024**3 // 8)", "print('kernel alive')")
    assert result.status == "memory_exceeded", result.reason
    assert errors(result.notebook.cells[0]) == ["MemoryError"]
    assert text(result.notebook.cells[1]) == "kernel alive\n"


@requires_sandbox
def test_process_file_and_cpu_limits():
    policy = SandboxPolicy(cpu_seconds=2, disk_bytes=32 * 1024**2, max_processes=64)
    result = run(
        # Threads count against RLIMIT_NPROC: the runner and kernel already use some.
        "import threading, time\nthreads = []\ntry:\n"
        "    for _ in range(200):\n"
        "        threads.append(threading.Thread(target=time.sleep, args=(3,)))\n"
        "        threads[-1].start()\n"
        "except RuntimeError:\n    print('limited at', len(threads))",
        "open('big', 'wb').write(bytes(64 * 1024**2))",
        "while True: pass",
        policy=policy,
    )
    cells = result.notebook.cells
    assert text(cells[0]).startswith("limited at")
    assert int(text(cells[0]).split()[-1]) < 64
    assert errors(cells[1]) == ["OSError"]  # disk full (or file too large)
    assert result.status == "kernel_died"
    assert "cell 2" in result.reason
    assert "SIGXCPU" in result.reason or "SIGKILL" in result.reason


@requires_sandbox
def test_output_is_truncated_but_errors_are_kept():
    result = run(
        "for i in range(10**5):\n    print(i)",  # many small messages
        "print('\\n'.join(map(str, range(10**6))))",  # 10**6 lines, few large messages
        "print('x' * 200_000)\nraise ValueError('kept')",
    )
    cells = result.notebook.cells
    assert result.status == "cell_error", result.reason
    for cell in cells:
        assert len(text(cell)) < 101_000
        assert "Output truncated" in text(cell)
    assert text(cells[1]).startswith("0\n1\n2\n")
    assert errors(cells[2]) == ["ValueError"]
    assert len(nbformat.writes(result.notebook)) < 1_000_000


@requires_sandbox
def test_total_timeout_kills_the_whole_sandbox():
    result = run(
        "import subprocess, time\nchild = subprocess.Popen(['sleep', '987'])",
        "time.sleep(2)",
        "time.sleep(2)",
        "time.sleep(2)",
        policy=SandboxPolicy(total_timeout=4),
    )
    assert result.status == "total_timeout"
    assert "the last finished cell was" in result.reason
    assert result.duration < 8
    assert result.notebook.cells[0].execution_count == 1
    time.sleep(0.5)
    leftovers = [p for p in Path("/proc").glob("[0-9]*/cmdline") if _cmdline(p) == "sleep 987"]
    assert leftovers == []


@requires_sandbox
def test_unknown_kernel_is_a_sandbox_error():
    result = run("1", kernel_name="no-such-kernel")
    assert result.status == "sandbox_error"
    assert "no-such-kernel" in result.reason


def _cmdline(path: Path) -> str:
    try:
        return path.read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:  # the process ended meanwhile
        return ""


def test_missing_bwrap_gives_install_hint(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    assert not sandbox_available()
    with pytest.raises(RuntimeError, match="bubblewrap") as info:
        run("1")
    assert str(info.value) == sandbox.BWRAP_MISSING
