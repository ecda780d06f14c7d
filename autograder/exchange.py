"""nbgrader's exchange for the instructor: release, collect, return feedback.

The three steps of a class on JupyterHub (:mod:`autograder.classroom`), each one of
nbgrader's own exchange classes on the instructor's course folder ``RESULTS/course``:

- :func:`release`: the student version, built from ``solutions/`` exactly as
  ``faircourse grade`` builds it, into ``<exchange>/<course>/outbound``;
- :func:`collect`: each learner's latest hand-in into ``SUBMISSIONS/<student>/<assignment>/``,
  the folder ``faircourse grade`` reads. A hand-in whose folder is not owned by the learner it
  names is refused (nbgrader only warns);
- :func:`return_feedback`: each learner's ``feedback.html`` from ``RESULTS`` into
  ``<exchange>/<course>/feedback``, under nbgrader's name for that hand-in (a hash of its
  submission secret), so that only the learner who handed it in finds it.
"""

from __future__ import annotations

import gc
import json
import pwd
import shutil
import warnings
from pathlib import Path

from autograder.classroom import Classroom, instructor_config

__all__ = ["EXCHANGE_FAILED", "NOT_OWNER", "NOT_RELEASED", "collect", "release", "return_feedback"]

NOT_RELEASED = (
    "no course {course!r} in the exchange {exchange}: release an assignment to it first "
    "(faircourse release ASSIGNMENT --course {course} --exchange {exchange} --out RESULTS)"
)
EXCHANGE_FAILED = "nbgrader's exchange: {action} failed: {error}"
NOT_OWNER = "refused {folder}: it claims to be {student}'s hand-in but belongs to the user {owner}"


def _config(classroom: Classroom, course_root: Path, assignment: str, **coursedir):
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(Path(course_root).resolve())
    config.CourseDirectory.db_url = f"sqlite:///{Path(course_root).resolve() / 'gradebook.db'}"
    config.CourseDirectory.course_id = classroom.course_id
    config.CourseDirectory.assignment_id = assignment
    for key, value in coursedir.items():
        setattr(config.CourseDirectory, key, value)
    config.Exchange.root = str(classroom.exchange)
    return config


def _run(kind, config, action: str, **traits):
    """Run one of nbgrader's exchange steps; its failure becomes a one-line error."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError

    step = kind(
        coursedir=CourseDirectory(config=config),
        authenticator=Authenticator(config=config),
        config=config,
        **traits,
    )
    try:
        with warnings.catch_warnings():  # release_feedback leaves files open (nbgrader 0.9.6)
            warnings.simplefilter("ignore", ResourceWarning)
            step.start()
            gc.collect()
    except ExchangeError as exc:
        raise RuntimeError(EXCHANGE_FAILED.format(action=action, error=exc)) from None
    return step


def release(repo: Path, assignment: str, results: Path, classroom: Classroom) -> Path:
    """Build ``assignment`` into ``results/course`` and release it to the exchange.

    Also writes ``results/classroom.json`` (the course id and exchange, for ``collect`` and
    ``return``) and ``results/nbgrader_config.py`` (:func:`instructor_config`). Returns the
    released folder ``<exchange>/<course>/outbound/<assignment>``. Releasing again replaces it
    (learners who fetched keep their copy).
    """
    from nbgrader.exchange.default import ExchangeReleaseAssignment

    from autograder.grader import GradeOptions, prepare_course
    from autograder.questions import get_assignment

    get_assignment(assignment)  # an unknown assignment fails here, with its message
    course = prepare_course(Path(repo), GradeOptions(assignment), Path(results).resolve())
    classroom.save(results)
    # For nbgrader's own commands, run from RESULTS (e.g. `nbgrader list --inbound`); not in
    # the course folder, whose nbgrader_config.py each `grade` rewrites for the formgrader.
    (Path(results) / "nbgrader_config.py").write_text(
        instructor_config(classroom, course.root) + "\n", encoding="utf-8"
    )
    config = _config(classroom, course.root, assignment)
    _run(ExchangeReleaseAssignment, config, "release", force=True)
    return classroom.exchange / classroom.course_id / "outbound" / assignment


def _released(classroom: Classroom) -> None:
    """The course's folder in the exchange, or a clear error (nbgrader's would blame a learner)."""
    if not (classroom.exchange / classroom.course_id).is_dir():
        raise FileNotFoundError(
            NOT_RELEASED.format(course=classroom.course_id, exchange=classroom.exchange)
        )


def _owner(path: Path) -> str:
    uid = path.lstat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _owner_checked(check: bool = True):
    from nbgrader.exchange.default import ExchangeCollect

    if not check:
        return ExchangeCollect

    class OwnerCheckedCollect(ExchangeCollect):
        """nbgrader's collect, refusing hand-ins that another user put under a learner's name."""

        refused: list[str]

        def init_src(self):
            super().init_src()
            self.refused, kept = [], []
            for record in self.src_records:
                folder = Path(self.inbound_path) / record["filename"]
                owner = _owner(folder)
                if owner == record["username"]:
                    kept.append(record)
                    continue
                message = NOT_OWNER.format(
                    folder=record["filename"], student=record["username"], owner=owner
                )
                self.log.error(message)
                self.refused.append(message)
            self.src_records = kept

    return OwnerCheckedCollect


def collect(
    assignment: str,
    results: Path,
    submissions: Path,
    classroom: Classroom,
    *,
    check_owner: bool = True,
):
    """Copy every learner's latest hand-in of ``assignment`` into ``submissions``.

    ``submissions/<student>/<assignment>/`` then holds the notebook, nbgrader's
    ``timestamp.txt`` and the submission secret that :func:`return_feedback` needs. A newer
    hand-in replaces an older one. Returns ``(collected, refused)``: the student ids found in
    ``submissions`` for this assignment, and one message per refused hand-in.
    ``check_owner=False`` accepts every hand-in: only for hubs where all learners' servers run
    as one Unix user (zero-to-jupyterhub's default), where the owner tells nothing.
    """
    _released(classroom)
    submissions = Path(submissions).resolve()
    submissions.mkdir(parents=True, exist_ok=True)
    root = Path(results).resolve() / "course"
    root.mkdir(parents=True, exist_ok=True)
    config = _config(classroom, root, assignment, submitted_directory=str(submissions))
    step = _run(_owner_checked(check_owner), config, "collect", update=True)
    found = sorted(
        p.parent.parent.name for p in submissions.glob(f"*/{assignment}/{assignment}.ipynb")
    )
    return found, list(getattr(step, "refused", []))


def _refresh(results: Path) -> None:
    """Rewrite the feedback pages from the gradebook (manual scores and comments), if any."""
    try:
        from autograder.gradebook import refresh
    except ImportError:  # a grader without the gradebook's refresh: feedback as graded
        return
    if any(results.glob("*/result.json")):
        refresh(results)


def return_feedback(assignment: str, results: Path, submissions: Path, classroom: Classroom):
    """Release each learner's ``RESULTS/<student>/feedback.html`` of ``assignment``.

    The page goes into the exchange under the name nbgrader's *Fetch Feedback* looks for:
    a hash of the secret written at the learner's hand-in (in ``submissions``). Returns the
    student ids whose feedback was released.
    """
    from nbgrader.exchange.default import ExchangeReleaseFeedback

    _released(classroom)
    results = Path(results).resolve()
    submissions = Path(submissions).resolve()
    _refresh(results)
    staging = results / "course" / "feedback"
    returned = []
    for path in sorted(results.glob("*/result.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        student = result.get("student_id")
        page = path.parent / "feedback.html"
        handed_in = submissions / str(student) / assignment
        secret = handed_in / "submission_secret.txt"
        if result.get("assignment") != assignment or not page.is_file() or not secret.is_file():
            continue
        target = staging / student / assignment
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        shutil.copy(page, target / f"{assignment}.html")
        shutil.copy(handed_in / "timestamp.txt", target / "timestamp.txt")
        shutil.copy(secret, target / "submission_secret.txt")
        returned.append(student)
    if returned:
        config = _config(classroom, results / "course", assignment)
        _run(ExchangeReleaseFeedback, config, "return feedback")
    return returned
