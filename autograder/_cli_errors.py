"""Checks of what an instructor gives ``faircourse``, each failing with a one-line message.

``faircourse grade`` needs SUBMISSIONS in nbgrader's layout,
``<student>/<assignment>/<assignment>.ipynb``. When not one student folder holds the
assignment's notebook where it belongs, :func:`check_layout` says what the folder looks like
instead (empty, notebooks directly in it, one student's folder, the folder above, the notebook
one level too high, other assignments) rather than grading nothing or failing everyone.

Examples
--------
>>> import tempfile
>>> check_layout(Path(tempfile.mkdtemp()), "m00-orientation")
Traceback (most recent call last):
...
ValueError: no student folders in ...: expected .../<student>/m00-orientation/m00-orientation.ipynb
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "EMPTY",
    "FLAT",
    "NOTEBOOK_TOO_HIGH",
    "NOT_A_NOTEBOOK",
    "NO_NOTEBOOK",
    "NO_SUCH_ASSIGNMENT",
    "NO_SUCH_NOTEBOOK",
    "ONE_STUDENT",
    "TOO_HIGH",
    "check_layout",
    "check_notebook",
]

EMPTY = "no student folders in {path}: expected {path}/<student>/{a}/{a}.ipynb"
FLAT = (
    "{path} holds notebooks directly ({names}): make one folder per student, "
    "{path}/<student>/{a}/{a}.ipynb"
)
ONE_STUDENT = (
    "{path} looks like one student's folder (it holds {a}/{a}.ipynb): give the folder that "
    "holds the student folders"
)
TOO_HIGH = (
    "{path} holds the submissions one level down: give {inner} (it holds <student>/{a}/{a}.ipynb)"
)
NOTEBOOK_TOO_HIGH = (
    "the notebooks are one folder too high ({example}): put each in <student>/{a}/{a}.ipynb"
)
NO_SUCH_ASSIGNMENT = (
    "no student folder in {path} holds {a}/{a}.ipynb; they hold {found}: check --assignment"
)
NO_NOTEBOOK = "no student folder in {path} holds {a}/{a}.ipynb (expected <student>/{a}/{a}.ipynb)"
NO_SUCH_NOTEBOOK = "no notebook {path!r}: no such file"
NOT_A_NOTEBOOK = "{path} is not a Jupyter notebook (nbformat 4 JSON): give a .ipynb file"
_SHOWN = 3


def _folders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))


def _names(paths: list[Path], root: Path) -> str:
    shown = [str(p.relative_to(root)) for p in paths[:_SHOWN]]
    return ", ".join(shown) + (", …" if len(paths) > _SHOWN else "")


def _holds(folder: Path, a: str) -> bool:
    return (folder / a / f"{a}.ipynb").exists()


def check_layout(submissions: Path, assignment: str) -> None:
    """ValueError unless some student folder of ``submissions`` holds the assignment."""
    root, a = Path(submissions), assignment
    students = _folders(root)
    if any(_holds(s, a) for s in students):
        return
    fields = {"path": root, "a": a}
    if _holds(root, a):
        raise ValueError(ONE_STUDENT.format(**fields))
    inner = [s for s in students if any(_holds(t, a) for t in _folders(s))]
    if inner:
        raise ValueError(TOO_HIGH.format(inner=inner[0], **fields))
    high = [s / f"{a}.ipynb" for s in students if (s / f"{a}.ipynb").exists()]
    if high:
        raise ValueError(NOTEBOOK_TOO_HIGH.format(example=_names(high, root), **fields))
    flat = sorted(root.glob("*.ipynb"))
    if flat:
        raise ValueError(FLAT.format(names=_names(flat, root), **fields))
    if not students:
        raise ValueError(EMPTY.format(**fields))
    others = sorted({p.name for s in students for p in _folders(s)})
    if others:
        raise ValueError(NO_SUCH_ASSIGNMENT.format(found=", ".join(others[:5]), **fields))
    raise ValueError(NO_NOTEBOOK.format(**fields))


def check_notebook(path: Path) -> None:
    """FileNotFoundError or ValueError unless ``path`` is a readable nbformat-4 notebook."""
    import nbformat

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(NO_SUCH_NOTEBOOK.format(path=str(path)))
    try:
        nbformat.read(path, as_version=4)
    except Exception:  # any unreadable file: say what it is not, quote nothing of it
        raise ValueError(NOT_A_NOTEBOOK.format(path=path)) from None
