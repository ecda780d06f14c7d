"""Build the course's exercises: question modules -> solutions/ -> exercises/, and the data
of the learner's self-check.

``solutions/<assignment>/<assignment>.ipynb`` is the nbgrader source notebook, written from
the question module by :func:`autograder.authoring.source_notebook`; the student version in
``exercises/<assignment>/`` is produced from it by nbgrader's ``generate_assignment`` (run in
a throw-away course directory, so no gradebook is left in the repository);
``faircheck/exercises/<assignment>.json`` holds the public examples the self-check runs.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.authoring import exercise_data, source_notebook
from autograder.questions import ASSIGNMENTS

__all__ = ["SELF_CHECK_DATA", "BuildReport", "build", "generate_student_version"]

SELF_CHECK_DATA = Path("faircheck") / "exercises"


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote (or, with ``check=True``, found out of date)."""

    changed: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        return not self.changed


def _write_notebook(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def generate_student_version(source_dir: Path, assignment: str, out_dir: Path) -> None:
    """Run nbgrader ``generate_assignment`` on ``source_dir`` and put the release in out_dir.

    It runs in a throw-away course directory, so no gradebook is left in the repository.
    """
    from autograder.nbgrader_run import Course, generate

    with tempfile.TemporaryDirectory(prefix="faircourse-build-") as tmp:
        course = Course(Path(tmp))
        shutil.copytree(source_dir, course.source(assignment).parent)
        generate(course, assignment)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.copytree(course.release(assignment).parent, out_dir)


def _differences(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two directory trees (either may be missing)."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} if a.exists() else set()
    names |= {p.relative_to(b) for p in b.rglob("*") if p.is_file()} if b.exists() else set()
    return sorted(
        str(n)
        for n in names
        if not ((a / n).is_file() and (b / n).is_file() and filecmp.cmp(a / n, b / n, False))
    )


def build(root: Path, *, check: bool = False, assignments=None) -> BuildReport:
    """Regenerate ``solutions/`` and ``exercises/`` under ``root``.

    With ``check=True`` nothing in ``root`` is written; the report lists the files that a
    build would change.
    """
    changed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="faircourse-out-") as tmp:
        out = Path(tmp)
        for assignment in assignments or ASSIGNMENTS:
            src = out / "solutions" / assignment
            _write_notebook(source_notebook(assignment), src / f"{assignment}.ipynb")
            generate_student_version(src, assignment, out / "exercises" / assignment)
            for top in ("solutions", "exercises"):
                new, old = out / top / assignment, root / top / assignment
                diff = _differences(new, old)
                changed += [f"{top}/{assignment}/{d}" for d in diff]
                if diff and not check:
                    if old.exists():
                        shutil.rmtree(old)
                    shutil.copytree(new, old)
            data = root / SELF_CHECK_DATA / f"{assignment}.json"
            text = exercise_data(assignment)
            if not data.is_file() or data.read_text(encoding="utf-8") != text:
                changed.append(str(data.relative_to(root)))
                if not check:
                    data.parent.mkdir(parents=True, exist_ok=True)
                    data.write_text(text, encoding="utf-8")
    return BuildReport(tuple(changed))
