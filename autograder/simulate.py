"""Make submissions the way learners would: the student version with answers filled in.

Used by the instructor demo, the grading tests and the grading benchmark.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

__all__ = ["solution_code", "submission"]

_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_code(source_cell_text: str) -> str:
    """The text of a source answer cell without nbgrader's solution markers.

    Examples
    --------
    >>> cell = "def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION"
    >>> print(solution_code(cell))
    def f():
        return 1
    """
    return "\n".join(line for line in source_cell_text.split("\n") if line.strip() not in _MARKERS)


def submission(
    repo: Path,
    assignment: str,
    *,
    answers: dict[str, str] | None = None,
    solved: bool = True,
    written: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """The student version of ``assignment`` as a learner would hand it in.

    Parameters
    ----------
    repo : Path
        The course repository (with ``exercises/`` and ``solutions/``).
    answers : dict, optional
        Question id -> code for that answer cell (e.g. a known wrong answer).
    solved : bool, default True
        Fill the other answer cells with the solution (else leave the student stubs).
    written : dict, optional
        Written-answer id -> text.
    """
    name = f"{assignment}.ipynb"
    release = nbformat.read(Path(repo) / "exercises" / assignment / name, as_version=4)
    source = nbformat.read(Path(repo) / "solutions" / assignment / name, as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells}
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if not gid.endswith("_answer"):
            continue
        key = gid[: -len("_answer")]
        if cell.cell_type == "code":
            if answers and key in answers:
                cell.source = answers[key]
            elif solved:
                cell.source = solution_code(solutions[gid])
        elif written and key in written:
            cell.source = written[key]
    return nb
