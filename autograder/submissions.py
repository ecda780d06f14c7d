"""Find learners' submissions in nbgrader's layout, and refuse what is not what it claims.

``SUBMISSIONS/<student>/<assignment>/<assignment>.ipynb``: a student id is a folder name
matched whole; a submission is a regular file inside the submissions folder, never a
symbolic link (it could point at the published solution, a classmate's notebook or any file
of the grading host), and nothing of an unreadable file is ever quoted back.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

__all__ = [
    "RESERVED",
    "RESERVED_ID",
    "STUDENT_ID",
    "UNREADABLE",
    "NotGradable",
    "check_student_id",
    "find_students",
    "submission_path",
]

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+-]*")
# Names that the results folder itself uses: a student folder with one of them is refused.
RESERVED = ("course", "logs", "grades.csv", "canvas.csv", "similarity.html", "similarity.json")
BAD_STUDENT_ID = "student folder name {name!r} is not a valid id (letters, digits, _ . @ + -)"
RESERVED_ID = "student folder name {name!r} is reserved by the results folder; rename it"
NO_NOTEBOOK = "no {expected} in the submission folder{found}"
FOUND_INSTEAD = " (found: {names})"
SYMLINK = (
    "{what} {path} is a symbolic link: hand in the notebook file itself (links are never followed)"
)
OUTSIDE = "{path} lies outside the submissions folder: hand in the notebook file itself"
NOT_A_FILE = "{path} is not a regular file: hand in the notebook file itself"
UNREADABLE = (
    "the submitted file is not a readable Jupyter notebook (nbformat 4 JSON): open it in "
    "JupyterLab, save it, and hand it in again"
)


class NotGradable(Exception):
    """The submission cannot be graded at all; the message says why (for the learner too)."""


def find_students(submissions: Path) -> list[str]:
    """Every student folder's name (hidden folders such as .ipynb_checkpoints skipped).

    Examples
    --------
    >>> find_students(Path("/nonexistent-folder"))
    []
    """
    if not Path(submissions).is_dir():
        return []
    return sorted(
        p.name
        for p in Path(submissions).iterdir()
        if not p.name.startswith(".") and (p.is_dir() or p.is_symlink())
    )


def check_student_id(student: str) -> None:
    """NotGradable if ``student`` is not a valid, unreserved id (matched whole).

    Examples
    --------
    >>> check_student_id("alice")
    >>> check_student_id("alice\\n")
    Traceback (most recent call last):
    ...
    autograder.submissions.NotGradable: student folder name 'alice\\n' is not a valid id ...
    """
    if student in RESERVED:
        raise NotGradable(RESERVED_ID.format(name=student))
    if STUDENT_ID.fullmatch(student) is None:
        raise NotGradable(BAD_STUDENT_ID.format(name=student))


def submission_path(submissions: Path, student: str, assignment: str) -> Path:
    """The notebook of ``student``, checked: no link anywhere, inside ``submissions``.

    Raises
    ------
    NotGradable
        With a message naming the expected path and what was found instead.
    """
    root = Path(submissions).resolve()
    folder = root / student
    expected = Path(student) / assignment / f"{assignment}.ipynb"
    for what, path in (
        ("the student folder", folder),
        ("the assignment folder", folder / assignment),
        ("the notebook", folder / assignment / f"{assignment}.ipynb"),
    ):
        if path.is_symlink():
            raise NotGradable(SYMLINK.format(what=what, path=path.relative_to(root)))
    notebook = folder / assignment / f"{assignment}.ipynb"
    if not notebook.exists():
        found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ipynb"))[:5]
        extra = FOUND_INSTEAD.format(names=", ".join(found)) if found else ""
        raise NotGradable(NO_NOTEBOOK.format(expected=expected, found=extra))
    if not notebook.resolve().is_relative_to(root):
        raise NotGradable(OUTSIDE.format(path=expected))
    if not stat.S_ISREG(notebook.lstat().st_mode):
        raise NotGradable(NOT_A_FILE.format(path=expected))
    return notebook
