"""nbgrader underneath: the course directory, and autograding one student with a sandbox.

nbgrader's ``Autograde`` converter does the work (restoring cells from the gradebook,
scoring, storing grades); only its ``Execute`` step is replaced by :class:`SandboxedExecute`,
which runs the notebook in :mod:`autograder.sandbox`, with the grader's requests in place of
the test cells, and judges the replies on this host (:mod:`autograder.answers`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from autograder._sandbox_runner import (
    CELL_ERROR,
    CELL_TIMEOUT,
    KERNEL_DIED,
    KERNEL_UNRESPONSIVE,
    OK,
    SANDBOX_ERROR,
    TOTAL_TIMEOUT,
    cell_label,
)
from autograder.answers import CellVerdict, QuestionRequest, apply_verdict, judge
from autograder.sandbox import SandboxPolicy, execute_notebook
from autograder.sanitize import sanitize_notebook

__all__ = ["DB_URL_FILE", "Course", "SandboxedExecute", "autograde_student", "nbgrader_config"]

# nbgrader 0.9's gradebook triggers SQLAlchemy 2.x autoflush warnings on every autograde
# (harmless: the rows are added explicitly right after); they would flood the instructor's
# terminal once per student.
warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")

AUTOGRADE_FAILED = "nbgrader autograde failed: {error}"
GENERATE_FAILED = "nbgrader generate_assignment failed for {assignment}: {error}"
# The student stub: `...` is a valid statement at top level and as a function body, so the
# untouched student notebook runs top to bottom (its answers are simply missing).
CODE_STUB = "# YOUR CODE HERE\n..."
# IPython catches SystemExit (sys.exit(), exit(), raise SystemExit) and the notebook runs on;
# a notebook that tries to exit is still not graded automatically: the grader reports it.
SYSTEM_EXIT = "system_exit"
SYSTEM_EXIT_REASON = (
    "{cells} raised SystemExit({code}): the notebook tried to exit, so it is not graded "
    "automatically"
)
# The run ended before these cells' turn: their tests have no results, through no tampering.
_STOPS = (KERNEL_DIED, KERNEL_UNRESPONSIVE, TOTAL_TIMEOUT, SANDBOX_ERROR)


@dataclass
class _Run:
    """The sandboxed execution of the current notebook (one per worker process)."""

    policy: SandboxPolicy = field(default_factory=SandboxPolicy)
    requests: dict[str, QuestionRequest] = field(default_factory=dict)  # by test cell grade_id
    hidden_modules: tuple[str, ...] = ()
    files: dict[str, Path] = field(default_factory=dict)
    status: str = ""
    reason: str = ""
    log: str = ""
    verdicts: list[CellVerdict] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # what the sanitiser removed


_RUN = _Run()


class SandboxedExecute(NbGraderPreprocessor):
    """nbgrader preprocessor: execute in the sandbox, asking for answers at the test cells."""

    def preprocess(self, nb, resources):
        index = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)}
        asked = {gid: index[gid] for gid in _RUN.requests if gid in index}
        result = execute_notebook(
            nb,
            files=_RUN.files,
            policy=_RUN.policy,
            requests={i: _RUN.requests[gid].code() for gid, i in asked.items()},
            hidden_modules=_RUN.hidden_modules,
        )
        executed = result.notebook
        verdicts = []
        for gid, i in asked.items():
            ran = i in result.executed
            stopped = "" if ran else (result.status if result.status in _STOPS else "not run")
            verdict = judge(_RUN.requests[gid], executed.cells[i], stopped=stopped)
            apply_verdict(executed.cells[i], verdict)
            verdicts.append(verdict)
        _RUN.verdicts = verdicts
        # What nbgrader writes next is what the formgrader renders in the instructor's browser.
        _RUN.findings = sanitize_notebook(executed)
        _RUN.status, _RUN.reason, _RUN.log = result.status, result.reason, result.log
        exits = _system_exits(executed)
        if exits and result.status in (OK, CELL_ERROR, CELL_TIMEOUT):
            cells = ", ".join(label for label, _ in exits)
            _RUN.status = SYSTEM_EXIT
            _RUN.reason = SYSTEM_EXIT_REASON.format(cells=cells, code=exits[0][1])
        return executed, resources


def _system_exits(nb) -> list[tuple[str, str]]:
    """(cell label, exit code) of every cell that shows a SystemExit error output."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "SystemExit":
                found.append((cell_label(cell, index), output.get("evalue", "")))
                break
    return found


#: The file in a course folder that names its gradebook's database, when not SQLite.
DB_URL_FILE = "gradebook_url.txt"


@dataclass(frozen=True)
class Course:
    """An nbgrader course directory (source/, submitted/, autograded/, gradebook.db).

    The gradebook is ``gradebook.db`` (SQLite) unless the folder's ``gradebook_url.txt``
    names another database (``faircourse grade --db-url``, e.g. PostgreSQL): every command
    that opens the course then uses that one.
    """

    root: Path

    @property
    def db_url(self) -> str:
        named = self.root / DB_URL_FILE
        if named.is_file():
            return named.read_text(encoding="utf-8").strip()
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def has_gradebook(self) -> bool:
        """Whether a gradebook was made for this course (a named database, or the file)."""
        return (self.root / DB_URL_FILE).is_file() or (self.root / "gradebook.db").is_file()

    def source(self, assignment: str) -> Path:
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def release(self, assignment: str) -> Path:
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def submitted(self, student: str, assignment: str) -> Path:
        return self.root / "submitted" / student / assignment / f"{assignment}.ipynb"

    def autograded(self, student: str, assignment: str) -> Path:
        return self.root / "autograded" / student / assignment / f"{assignment}.ipynb"


def nbgrader_environment() -> None:
    """Put this interpreter's scripts folder on PATH (nbgrader's other commands run
    ``alembic``), and give nbgrader the gradebook's migration head without a command."""
    import nbgrader.api

    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    # Each new gradebook runs the `alembic heads` command (3.9 s on 2 busy cores: most of a
    # course's set-up, paid again by every Dask worker). Its answer is fixed by nbgrader's
    # migration scripts: ask alembic's API once, in this process.
    nbgrader.api.get_alembic_version = alembic_head


@functools.cache
def alembic_head() -> str:
    """The newest revision of nbgrader's gradebook migrations, as ``alembic heads`` gives it.

    Examples
    --------
    >>> len(alembic_head()) == 12 and int(alembic_head(), 16) >= 0
    True
    """
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini("sqlite://") as ini:  # the scripts' location; no database is opened
        return ScriptDirectory.from_config(AlembicConfig(ini)).get_current_head()


def nbgrader_config(course: Course) -> Config:
    config = Config()
    config.CourseDirectory.root = str(course.root)
    config.CourseDirectory.db_url = course.db_url
    config.Exchange.root = str(course.root / "exchange")
    config.ClearSolutions.code_stub = {"python": CODE_STUB}
    config.GenerateAssignment.create_assignment = True
    config.Autograde.create_student = True
    config.Autograde.autograde_preprocessors = [
        SandboxedExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    return config


def _api(course: Course):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    nbgrader_environment()
    config = nbgrader_config(course)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


@contextlib.contextmanager
def _gradebook_warnings_ignored():
    # The module-level filter above is lost when the caller resets the warnings filters
    # after this import (pytest does around each test, and its worker processes inherit
    # "error"): an SAWarning must never fail a grading.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        yield


def _course_rows(db_url: str) -> None:
    """The course rows nbgrader's assignments refer to, in a database that checks them.

    Without an exchange, nbgrader's API files assignments under the course id ``""`` and
    never creates that course: SQLite does not check the reference, PostgreSQL does.
    """
    from nbgrader.api import Course as CourseRow
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:  # creates "default_course"
        if gb.db.query(CourseRow).filter(CourseRow.id == "").count() == 0:
            gb.db.add(CourseRow(id=""))
            gb.db.commit()


def generate(course: Course, assignment: str) -> None:
    """nbgrader ``generate_assignment``: records the assignment's cells in the gradebook."""
    if not course.db_url.startswith("sqlite"):
        with _gradebook_warnings_ignored():
            _course_rows(course.db_url)
    with _gradebook_warnings_ignored():
        result = _api(course).generate_assignment(assignment, force=True)
    if not result["success"]:
        error = result["error"]
        raise RuntimeError(GENERATE_FAILED.format(assignment=assignment, error=error))


def autograde_student(
    course: Course,
    assignment: str,
    student: str,
    policy: SandboxPolicy,
    requests: dict[str, QuestionRequest],
    hidden_modules: tuple[str, ...],
) -> _Run:
    """Autograde one student's (already reassembled) submission with nbgrader."""
    _RUN.policy, _RUN.requests, _RUN.hidden_modules = policy, requests, hidden_modules
    folder = course.source(assignment).parent
    _RUN.files = {
        str(p.relative_to(folder)): p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".ipynb"
    }
    _RUN.status, _RUN.reason, _RUN.log, _RUN.verdicts, _RUN.findings = "", "", "", [], []
    out = course.autograded(student, assignment).parent
    if out.exists():
        shutil.rmtree(out)
    with _gradebook_warnings_ignored():
        result = _api(course).autograde(assignment, student, force=True, create=True)
    if not result["success"]:
        # The traceback only says "see the above traceback": the cause is in nbgrader's log.
        error = f"{result.get('log', '')[-3000:]}\n{result['error'][-1000:]}"
        raise RuntimeError(AUTOGRADE_FAILED.format(error=error))
    return replace(_RUN, verdicts=list(_RUN.verdicts), findings=list(_RUN.findings))
