"""The course website, built once per session, served on the loopback, and one Chromium.

``site_build`` runs ``site/build.py`` (what ``make site`` runs) into a temporary folder; the
lessons' executed outputs are cached in ``build/site-cache``, so only the first build of a
checkout (or of a changed lesson) pays for running them. ``site_url`` serves the folder with
``http.server`` on 127.0.0.1 and a free port; ``browser`` is Debian's Chromium via Playwright.
Everything skips, with what to install, when Chromium, Playwright or axe-core is missing.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from site_checks import AXE, CHROMIUM, ROOT


def _missing() -> list[str]:
    reasons = []
    if not CHROMIUM.exists():
        reasons.append(
            f"{CHROMIUM} not installed (Debian package chromium; `make test` installs it)"
        )
    if not AXE.exists():
        reasons.append(f"{AXE.relative_to(ROOT)} missing (`make axe` installs it with npm)")
    for module, extra in (("playwright", "test"), ("sphinx", "test"), ("myst_nb", "test")):
        if importlib.util.find_spec(module) is None:
            reasons.append(f"{module} not installed (pip install -e '.[{extra}]')")
    return reasons


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    reasons = _missing()
    if reasons:
        skip = pytest.mark.skip(reason="; ".join(reasons))
        for item in items:
            if here in item.path.parents:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> tuple[Path, float]:
    """The built website (its folder) and how long the build took, in seconds."""
    out = tmp_path_factory.mktemp("site") / "html"
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        pytest.fail(f"site build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return out, elapsed


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_build):
    folder, _ = site_build
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
