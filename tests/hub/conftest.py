"""A class on a real JupyterHub: skip reasons, the hub, the learners, Chromium.

The test needs root (it creates Unix users and spawns their servers as them), Debian's
Chromium, configurable-http-proxy (npm; `make test` installs it into .venv/node), JupyterHub,
Playwright and bubblewrap (grading). Without one of them it is skipped, saying which.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def _reasons() -> list[str]:
    from hub_setup import proxy_command

    from autograder.sandbox import sandbox_available

    reasons = []
    if os.geteuid() != 0:
        reasons.append("not root (the hub test creates Unix users and spawns servers as them)")
    if not CHROMIUM.exists():
        reasons.append(f"{CHROMIUM} not installed (Debian package chromium; `make test`)")
    if proxy_command() is None:
        reasons.append("configurable-http-proxy not installed (`make hub-proxy`, needs npm)")
    if shutil.which("useradd") is None:
        reasons.append("useradd not found")
    if not sandbox_available():
        reasons.append("bubblewrap not installed (`make test` installs it as root)")
    for module, what in (("jupyterhub", "jupyterhub"), ("playwright.sync_api", "playwright")):
        try:
            __import__(module)
        except ImportError:
            reasons.append(f"{what} not installed (the test extra: pip install -e '.[test]')")
    return reasons


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    mine = [item for item in items if item.path == here / "test_hub_class.py"]
    if mine and (reasons := _reasons()):
        skip = pytest.mark.skip(reason="; ".join(reasons))
        for item in mine:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, config):
    if _USED and (ARTEFACTS / "steps.log").exists():
        terminalreporter.write_line(f"hub test: screenshots, step times and logs in {ARTEFACTS}")


@pytest.fixture(scope="module")
def workspace():
    """A folder the learners can enter (pytest's own temporary folder is private)."""
    work = Path(tempfile.mkdtemp(prefix="faircourse-hub-"))
    work.chmod(0o755)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


ARTEFACTS = ROOT / "build" / "hub-artefacts"  # build/ is git-ignored; kept after the run
_USED: list[bool] = []


@pytest.fixture(scope="module")
def artefacts() -> Path:
    """Screenshots of every step, the step times and the logs (emptied at each run)."""
    _USED.append(True)
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    ARTEFACTS.mkdir(parents=True)
    return ARTEFACTS


@pytest.fixture(scope="module")
def browser(launch_chromium):
    chromium = launch_chromium()
    try:
        yield chromium
    finally:
        chromium.close()
