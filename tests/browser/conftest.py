"""A graded class of malicious submissions, the instructor's Jupyter server, and Chromium.

One session: the submissions are graded in one batch (``grade_submissions``, the sandbox), the
course folder gets the server configuration of :mod:`autograder.formgrader` (what instructors
run), one Jupyter server is started on it, and one headless Chromium (Debian's) drives it
through Playwright. Everything is stopped at the end, whatever happened.

Two learners are not graded (``canary-*``): their autograded notebook is written straight into
the course folder, unsanitised, as a grader without the sanitiser would have written it, and
canary-all's notebook is also rendered as ``feedback.html`` without the sanitiser (with the
feedback CSP). They show that the tests catch what they look for, and what each CSP does alone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import xss_vectors as X
from xss_vectors import CANARIES, CLEAN, FEEDBACK_CANARY, MALICIOUS

from autograder.formgrader import instructor_command, write_server_config
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SERVER_START_TIMEOUT = 90.0
CLEAN_CODE = """
import io

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, display

table = pd.DataFrame(
    {"group": ["female", "male"], "selection_rate": [0.3125, 0.4375]}
).set_index("group")
display(table)
fig, ax = plt.subplots(figsize=(3, 2))
ax.bar(table.index, table["selection_rate"], color="0.6", hatch="//")
ax.set_ylabel("selection rate")
png = io.BytesIO()
fig.savefig(png, format="png")
plt.close(fig)
display(Image(data=png.getvalue()))
"""
CLEAN_WRITTEN = """# Which metric?

I would use **equal opportunity**, because:

- it compares true positive rates across groups;
- it does not ask for equal selection rates.

The inline code `tpr["female"] < tpr["male"]` compares two groups, and $x < y$ holds.

```python
gap = abs(tpr["female"] - tpr["male"])  # a < b
```
"""


def pytest_collection_modifyitems(config, items):
    """Chromium and bubblewrap: skip with a reason that says what to install."""
    here = Path(__file__).parent
    reasons = []
    if not CHROMIUM.exists():
        reasons.append(
            f"{CHROMIUM} not installed (Debian package chromium; `make test` installs it)"
        )
    if not sandbox_available():
        reasons.append("bubblewrap not installed (`make test` installs it as root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("playwright not installed (the test extra: pip install -e '.[test]')")
    if reasons:
        skip = pytest.mark.skip(reason="; ".join(reasons))
        for item in items:
            if here in item.path.parents:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, config):
    factory = getattr(config, "_tmp_path_factory", None)
    base = getattr(factory, "_basetemp", None)
    if base is None:
        return
    for folder in sorted(Path(base).glob("**/browser-artefacts*[0-9]")):
        terminalreporter.write_line(f"browser tests: screenshots and reports in {folder}")


@dataclass(frozen=True)
class Course:
    """The graded class: ``out`` is RESULTS, ``root`` its course folder."""

    out: Path
    root: Path
    results: dict[str, dict]

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def submission_id(self, student: str) -> str:
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gb:
            return gb.find_submission_notebook(X.M02, X.M02, student).id


def _clean_submission():
    code = X.solutions(ROOT)["q1"] + "\n" + CLEAN_CODE
    return submission(ROOT, X.M02, answers={"q1": code}, written={"w1": CLEAN_WRITTEN})


def _unsanitised_feedback(out: Path) -> None:
    """canary-all's notebook as ``write_feedback`` renders it, less the sanitiser."""
    from nbconvert import HTMLExporter

    from autograder.sanitize import add_csp_meta

    nb = X.build(ROOT, CANARIES["canary-all"], with_outputs=True)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    path = out / FEEDBACK_CANARY / "feedback.html"
    path.parent.mkdir(parents=True)
    path.write_text(add_csp_meta(body), encoding="utf-8")


def _add_canaries(course_root: Path, db_url: str) -> None:
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(db_url) as gb:
            for student, vectors in CANARIES.items():
                gb.update_or_create_student(student)
                gb.add_submission(X.M02, student)
                nb = X.build(ROOT, vectors, with_outputs=True)  # never sanitised
                for folder in ("submitted", "autograded"):
                    path = course_root / folder / student / X.M02 / f"{X.M02}.ipynb"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-artefacts")


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Course:
    """The class, graded in one batch; the canaries added; the server configuration written."""
    from autograder.grader import GradeOptions, grade_submissions

    tmp = tmp_path_factory.mktemp("browser-class")
    subs = tmp / "submissions"
    notebooks = {CLEAN: _clean_submission()}
    notebooks |= {s: X.build(ROOT, vs) for s, vs in MALICIOUS.items()}
    for student, nb in notebooks.items():
        path = subs / student / X.M02 / f"{X.M02}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    out = tmp / "results"
    options = GradeOptions(X.M02, workers=2, timeout=120, cell_timeout=30)
    results = grade_submissions(subs, out, options, repo=ROOT)
    by_student = {r["student_id"]: r for r in results}
    errors = {s: r["detail"] for s, r in by_student.items() if r["status"] == "grading_error"}
    assert not errors, f"grading failed: {errors}"
    root = out / "course"
    _add_canaries(root, f"sqlite:///{root / 'gradebook.db'}")
    _unsanitised_feedback(out)
    write_server_config(root)
    return Course(out, root, by_student)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT (no trailing slash)
    token: str
    log: Path

    def tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _wait_until_up(url: str, token: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    request = urllib.request.Request(
        f"{url}/api/status", headers={"Authorization": f"token {token}"}
    )
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Jupyter server exited ({proc.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)  # polling interval, not a wait for something that has no event
    raise RuntimeError(
        f"the Jupyter server did not answer in {SERVER_START_TIMEOUT}s:\n{log.read_text()}"
    )


@pytest.fixture(scope="session")
def server(course, tmp_path_factory):
    """The instructor's server, as :func:`autograder.formgrader.instructor_command` starts it."""
    tmp = tmp_path_factory.mktemp("jupyter")
    port, token = _free_port(), secrets.token_hex(16)
    jupyter = str(Path(sys.executable).parent / "jupyter")
    command = [
        *instructor_command(course.root, jupyter=jupyter),
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),  # not the user's own configuration
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    )
    log = tmp / "server.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=course.root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_up(url, token, proc, log)
        yield Server(url, token, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        shutil.copy(log, tmp_path_factory.getbasetemp() / "jupyter-server.log")


@pytest.fixture(scope="session")
def instructor(server, browser) -> list[dict]:
    """The cookies of an instructor's session: logged in with the token, as from the URL."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server.url}/formgrader?token={server.token}", timeout=30_000)
        cookies = context.cookies()
    finally:
        context.close()
    assert any(c["name"].startswith("username-") for c in cookies), (cookies, server.tail())
    return cookies
