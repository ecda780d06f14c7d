"""nbgrader underneath: the course directory, and autograding one student with a sandbox.

nbgrader's ``Autograde`` converter does the work (restoring cells from the gradebook,
scoring, storing grades); only its ``Execute`` step is replaced by :class:`SandboxedExecute`,
which runs the notebook in :mod:`autograder.sandbox` and lets :mod:`autograder.recheck`
judge the test cells outside the learner's kernel.
"""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
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

from autograder.build import nbgrader_environment
from autograder.grading import RECORD_ENV
from autograder.recheck import CellVerdict, apply_verdicts, recheck
from autograder.sandbox import SandboxPolicy, execute_notebook

__all__ = ["Course", "SandboxedExecute", "autograde_student", "nbgrader_config"]

# nbgrader 0.9's gradebook triggers SQLAlchemy 2.x autoflush warnings on every autograde
# (harmless: the rows are added explicitly right after); they would flood the instructor's
# terminal once per student.
warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")

AUTOGRADE_FAILED = "nbgrader autograde failed: {error}"


@dataclass
class _Run:
    """What the sandboxed execution of the current notebook found (one per worker process)."""

    policy: SandboxPolicy = field(default_factory=SandboxPolicy)
    source: nbformat.NotebookNode | None = None
    files: dict[str, Path] = field(default_factory=dict)
    status: str = ""
    reason: str = ""
    verdicts: list[CellVerdict] = field(default_factory=list)


_RUN = _Run()


class SandboxedExecute(NbGraderPreprocessor):
    """nbgrader preprocessor: execute in the sandbox, then re-judge the test cells."""

    def preprocess(self, nb, resources):
        result = execute_notebook(nb, files=_RUN.files, policy=_RUN.policy, env={RECORD_ENV: "1"})
        executed = result.notebook
        _RUN.verdicts = recheck(executed, _RUN.source) if _RUN.source is not None else []
        apply_verdicts(executed, _RUN.verdicts)
        _RUN.status, _RUN.reason = result.status, result.reason
        return executed, resources


@dataclass(frozen=True)
class Course:
    """An nbgrader course directory (source/, submitted/, autograded/, gradebook.db)."""

    root: Path

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def source(self, assignment: str) -> Path:
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def release(self, assignment: str) -> Path:
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def submitted(self, student: str, assignment: str) -> Path:
        return self.root / "submitted" / student / assignment / f"{assignment}.ipynb"

    def autograded(self, student: str, assignment: str) -> Path:
        return self.root / "autograded" / student / assignment / f"{assignment}.ipynb"


def nbgrader_config(course: Course) -> Config:
    config = Config()
    config.CourseDirectory.root = str(course.root)
    config.CourseDirectory.db_url = course.db_url
    config.Exchange.root = str(course.root / "exchange")
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\n..."}
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


def generate(course: Course, assignment: str) -> None:
    """nbgrader ``generate_assignment``: records the assignment's cells in the gradebook."""
    result = _api(course).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise RuntimeError(AUTOGRADE_FAILED.format(error=result["error"]))


def autograde_student(course: Course, assignment: str, student: str, policy: SandboxPolicy) -> _Run:
    """Autograde one student's (already reassembled) submission with nbgrader."""
    _RUN.policy = policy
    _RUN.source = nbformat.read(course.source(assignment), as_version=4)
    folder = course.source(assignment).parent
    _RUN.files = {
        str(p.relative_to(folder)): p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".ipynb"
    }
    _RUN.status, _RUN.reason, _RUN.verdicts = "", "", []
    out = course.autograded(student, assignment).parent
    if out.exists():
        shutil.rmtree(out)
    result = _api(course).autograde(assignment, student, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(AUTOGRADE_FAILED.format(error=result["error"][-2000:]))
    return _Run(policy, _RUN.source, _RUN.files, _RUN.status, _RUN.reason, list(_RUN.verdicts))
