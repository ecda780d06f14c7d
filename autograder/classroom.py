"""A class on JupyterHub: nbgrader's exchange between the instructor and the learners.

nbgrader's exchange is a folder on the hub's machine that every learner's server can write
into (default ``/usr/local/share/nbgrader/exchange``, ``c.Exchange.root``), with one folder
per course id: ``<exchange>/<course>/outbound`` (released assignments), ``inbound`` (hand-ins,
one folder per learner and time) and ``feedback``. Learners use nbgrader's Assignment List in
JupyterLab (Fetch, Validate, Submit, Fetch Feedback) with the configuration of
:func:`learner_config`; the instructor, on the grading host, releases, collects and returns
feedback with :mod:`autograder.exchange` (``faircourse release``, ``collect``, ``return``), for
one :class:`Classroom`: a course id and an exchange.

Several courses share one exchange and one hub: each has its own course id, and JupyterHub
groups ``nbgrader-<course>`` (learners) and ``formgrade-<course>`` (graders) say who takes
which (nbgrader's ``JupyterHubAuthPlugin``, asked at every request: adding a course or a
learner to a group needs no restart of the hub).

Examples
--------
>>> print(learner_config("/srv/nbgrader/exchange").splitlines()[-1])
c.Exchange.path_includes_course = True
>>> check_course_id("fair ml")
Traceback (most recent call last):
...
ValueError: course id 'fair ml': use letters, digits, '-' and '_' (it names the hub groups ...
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CLASSROOM_FILE",
    "DEFAULT_EXCHANGE",
    "Classroom",
    "check_course_id",
    "instructor_config",
    "learner_config",
    "load_classroom",
]

DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"
CLASSROOM_FILE = "classroom.json"  # in RESULTS: the course id and exchange of `release`
_COURSE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
BAD_COURSE_ID = (
    "course id {course!r}: use letters, digits, '-' and '_' (it names the hub groups "
    "nbgrader-<course> and formgrade-<course>)"
)
NO_CLASSROOM = (
    "no course id for {path}: pass --course (and --exchange), or run `faircourse release` "
    "with --out {path} first"
)


def check_course_id(course: str) -> str:
    """``course`` if it is a valid course id (it becomes part of two hub group names)."""
    if not isinstance(course, str) or _COURSE_ID.fullmatch(course) is None:
        raise ValueError(BAD_COURSE_ID.format(course=course))
    return course


@dataclass(frozen=True)
class Classroom:
    """One course on one exchange, as the instructor's commands need it."""

    course_id: str
    exchange: Path

    def save(self, results: Path) -> Path:
        path = Path(results) / CLASSROOM_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"course_id": self.course_id, "exchange": str(self.exchange)}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path


def load_classroom(results: Path, course: str | None = None, exchange: str | None = None):
    """The :class:`Classroom` of ``results``: the arguments, else what ``release`` saved."""
    saved = {}
    path = Path(results) / CLASSROOM_FILE
    if path.is_file():
        saved = json.loads(path.read_text(encoding="utf-8"))
    course = course or saved.get("course_id")
    if not course:
        raise ValueError(NO_CLASSROOM.format(path=results))
    exchange = exchange or saved.get("exchange") or DEFAULT_EXCHANGE
    return Classroom(check_course_id(course), Path(exchange).resolve())


_HUB_AUTH = "nbgrader.auth.JupyterHubAuthPlugin"


def _q(value) -> str:
    """A Python string literal in double quotes (as ``ruff format`` writes them)."""
    return json.dumps(str(value))


def learner_config(exchange: str | Path = DEFAULT_EXCHANGE) -> str:
    """``nbgrader_config.py`` for every learner's server (e.g. ``/etc/jupyter/``).

    No course id: a learner sees the courses of their hub groups ``nbgrader-<course>``;
    assignments are fetched into ``<course>/<assignment>/`` so two courses never collide.
    """
    return "\n".join(
        [
            "# nbgrader for learners on this hub (written by faircourse, autograder/classroom.py).",
            "# Courses come from the learner's JupyterHub groups nbgrader-<course>.",
            "c = get_config()  # noqa: F821",
            f"c.Exchange.root = {_q(exchange)}",
            f"c.Authenticator.plugin_class = {_q(_HUB_AUTH)}",
            "c.Exchange.path_includes_course = True",
        ]
    )


def instructor_config(classroom: Classroom, course_root: Path) -> str:
    """``nbgrader_config.py`` for running nbgrader's own commands on the course folder."""
    return "\n".join(
        [
            "# nbgrader for the instructor of this course (written by faircourse).",
            "c = get_config()  # noqa: F821",
            f"c.CourseDirectory.course_id = {_q(classroom.course_id)}",
            f"c.CourseDirectory.root = {_q(Path(course_root).resolve())}",
            f"c.Exchange.root = {_q(classroom.exchange)}",
            f"c.Authenticator.plugin_class = {_q(_HUB_AUTH)}",
        ]
    )
