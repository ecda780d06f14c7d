"""The instructor's Jupyter server for manual grading: its configuration and a strict CSP.

Written answers are graded in nbgrader's formgrader, a page of the instructor's own Jupyter
server that shows a learner's autograded notebook. Whatever runs in that page runs with the
instructor's session: it can call every endpoint of the server (files, gradebook, secret,
kernels), because the session cookie goes with every same-origin request and the ``_xsrf``
cookie that writes need is readable by scripts. The first defence is that the notebooks are
inert (:mod:`autograder.sanitize`, before anything is written into the course folder). This
module adds the second: the server the instructor starts with :func:`write_server_config`

- sends :data:`SERVER_CSP` with every page (JupyterLab and the formgrader's own pages need
  inline scripts: no remote script, style, image, font, frame or connection; ``<base>``,
  ``<object>`` and cross-site forms blocked; framed by itself only);
- replaces it on the manual-grading page (``/formgrader/submissions/<id>/``, the one page
  that shows learners' work) by :func:`submission_csp`: scripts only from the formgrader's
  static files and the inline scripts and handlers of the formgrader's own template, hashed on
  each response (no ``'unsafe-inline'``); requests (``fetch``/XHR) only to the endpoints of
  the formgrader's API that the page uses (grades, comments, the flag), images only as
  ``data:`` or from the formgrader, no frame, object, ``<base>`` or form;
- has terminals switched off: a learner's script that ever ran there would otherwise have a
  shell as the instructor one request away.

The hashes cover exactly the template's part of the page, everything before
``id="notebook-container"`` (the formgrade template writes the learner's cells after it), and
the template's own ``onclick`` handlers; an inline script or handler in a notebook matches no
hash and does not run, even if the sanitiser let one through. MathJax (which the template loads
from a CDN) is blocked too: maths shows as TeX source, as in ``feedback.html``; pass
``mathjax_cdn=True`` to allow that one origin.

Start the server from the course folder::

    cd RESULTS/course && jupyter lab --config=jupyter_server_config.py

Examples
--------
>>> page = '<head><script>var x = 1;</script></head><div id="notebook-container"><script>'
>>> policy = submission_csp(page, "http://127.0.0.1:8888/")
>>> "'sha256-" in policy and "unsafe-inline" not in policy.split("style-src")[0]
True
>>> policy.split("; ")[-1].split()[:2]
['connect-src', 'http://127.0.0.1:8888/formgrader/api/grades']
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

__all__ = [
    "MATHJAX_CDN",
    "SERVER_CONFIG_NAME",
    "SERVER_CSP",
    "instructor_command",
    "server_config",
    "submission_csp",
    "write_server_config",
]

SERVER_CONFIG_NAME = "jupyter_server_config.py"
NBGRADER_CONFIG_NAME = "nbgrader_config.py"
#: The origin the formgrade template loads MathJax 2.7.7 from (``mathjax_cdn=True``).
MATHJAX_CDN = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/"

#: Every page of the instructor's server (JupyterLab needs inline scripts and ``eval``: its
#: settings are validated by compiled JSON schemas; the formgrader's pages need inline scripts).
SERVER_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
# The manual-grading page: {fg} is the formgrader's absolute URL (scheme, host, base URL).
_SUBMISSION_CSP = (
    "default-src 'none'; script-src {fg}static/ 'report-sample' 'unsafe-hashes' {hashes}; "
    "style-src {fg}static/ 'unsafe-inline' 'report-sample'; img-src {fg} data:; "
    "font-src {fg}static/ data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; connect-src {fg}api/grades "
    "{fg}api/grade/ {fg}api/comments {fg}api/comment/ {fg}api/submitted_notebook/"
)
_CONTENT_MARK = 'id="notebook-container"'
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_HANDLER = re.compile(r"""\s(on[a-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SUBMISSION_PATH = re.compile(r"formgrader/submissions/[^/]+/?")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def submission_csp(page: str, base: str, *, mathjax_cdn: bool = False) -> str | None:
    """The Content-Security-Policy of one manual-grading page, or ``None`` if it is not one.

    ``page`` is the HTML nbgrader's formgrade template wrote, ``base`` the server's absolute
    base URL (``http://127.0.0.1:8888/``). The inline scripts and event handlers of the
    template's part of the page (before its notebook container) are allowed by their hashes;
    nothing after it can run.
    """
    head, found, _ = page.partition(_CONTENT_MARK)
    if not found:
        return None
    hashes: dict[str, None] = {}
    for attributes, body in _SCRIPT.findall(head):
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind[1].lower() if kind else "") not in _JS_TYPES:
            continue
        hashes[_sha256(body)] = None
    for _, double, single in _HANDLER.findall(head):
        hashes[_sha256(double or single)] = None
    policy = _SUBMISSION_CSP.format(fg=f"{base}formgrader/", hashes=" ".join(hashes))
    if mathjax_cdn:
        policy = policy.replace("'unsafe-hashes'", f"{MATHJAX_CDN} 'unsafe-hashes'")
    return policy


def server_config(course_root: Path, *, mathjax_cdn: bool = False) -> str:
    """The text of the course's ``jupyter_server_config.py`` (see the module docstring).

    Examples
    --------
    >>> text = server_config(Path("/srv/course"))
    >>> "c.CourseDirectory.root = '/srv/course'" in text
    True
    """
    root = Path(course_root).resolve()
    values: dict[str, Any] = {
        "ServerApp.root_dir": str(root),
        "ServerApp.ip": "127.0.0.1",
        "ServerApp.terminals_enabled": False,
        "ServerApp.tornado_settings": {"headers": {"Content-Security-Policy": SERVER_CSP}},
        "ServerApp.jpserver_extensions": {"autograder.formgrader": True},
        "FormgraderCSP.mathjax_cdn": mathjax_cdn,
        **_nbgrader_values(root),
    }
    lines = [
        "# The instructor's Jupyter server for grading this course (written by faircourse,",
        "# autograder/formgrader.py). Start it from this folder:",
        "#     jupyter lab --config=jupyter_server_config.py",
        "# Learners' notebooks are shown here with the instructor's rights: keep the",
        "# Content-Security-Policy and the autograder.formgrader extension.",
        "c = get_config()  # noqa: F821",
    ]
    lines += [f"c.{key} = {value!r}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def _nbgrader_values(root: Path) -> dict[str, str]:
    from autograder.nbgrader_run import Course

    return {
        "CourseDirectory.root": str(root),
        "CourseDirectory.db_url": Course(Path(root)).db_url,
        "Exchange.root": str(root / "exchange"),
    }


def write_server_config(course_root: Path, *, mathjax_cdn: bool = False) -> Path:
    """Write ``jupyter_server_config.py`` and ``nbgrader_config.py`` into ``course_root``.

    ``nbgrader_config.py`` makes the nbgrader command line, run from the course folder, use
    the same course and gradebook. Returns the server configuration's path.
    """
    root = Path(course_root).resolve()
    (root / "exchange").mkdir(exist_ok=True)  # nbgrader logs an error for a missing one
    path = root / SERVER_CONFIG_NAME
    path.write_text(server_config(root, mathjax_cdn=mathjax_cdn), encoding="utf-8")
    lines = [
        "# The course's nbgrader settings (written by faircourse).",
        "c = get_config()  # noqa: F821",
    ]
    lines += [f"c.{key} = {value!r}" for key, value in _nbgrader_values(root).items()]
    (root / NBGRADER_CONFIG_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def instructor_command(course_root: Path, jupyter: str = "jupyter") -> list[str]:
    """The command that starts the instructor's server (run it in ``course_root``).

    Examples
    --------
    >>> instructor_command(Path("/srv/course"))[-1]
    '--config=/srv/course/jupyter_server_config.py'
    """
    return [jupyter, "lab", f"--config={Path(course_root).resolve() / SERVER_CONFIG_NAME}"]


# --- the server extension: the manual-grading page's own policy ------------------------------


def _transform(base_url: str, mathjax_cdn: bool) -> type:
    from tornado.web import OutputTransform

    pages = re.compile(re.escape(base_url) + _SUBMISSION_PATH.pattern)

    class SubmissionCSP(OutputTransform):
        """Set :func:`submission_csp` on the formgrader's manual-grading pages."""

        def __init__(self, request) -> None:
            self.request = request
            super().__init__(request)

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            request = self.request
            html = headers.get("Content-Type", "").startswith("text/html")
            whole = finishing and "Content-Encoding" not in headers
            if html and whole and pages.fullmatch(request.path):
                base = f"{request.protocol}://{request.host}{base_url}"
                page = chunk.decode("utf-8", "replace")
                policy = submission_csp(page, base, mathjax_cdn=mathjax_cdn)
                if policy is not None:
                    headers["Content-Security-Policy"] = policy
            return status_code, headers, chunk

    return SubmissionCSP


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "autograder.formgrader"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Put :class:`SubmissionCSP` first among the server's output transforms (before gzip)."""
    settings = serverapp.config.get("FormgraderCSP", {})
    mathjax_cdn = bool(settings.get("mathjax_cdn", False))
    base_url = serverapp.web_app.settings.get("base_url", "/")
    serverapp.web_app.transforms.insert(0, _transform(base_url, mathjax_cdn))
    serverapp.log.info("autograder.formgrader: strict CSP on the manual-grading pages")
