"""Write an assignment's nbgrader source notebook from its question set.

The question module (``autograder/questions/mNN_*.py``) is the single source of an exercise:
prompts, solutions, checks, hints and known wrong answers. This module turns it into the
nbgrader *source* notebook in ``solutions/``; nbgrader's ``generate_assignment`` then turns
that into the student version in ``exercises/`` (see :mod:`autograder.build`).
"""

from __future__ import annotations

import ast
import hashlib
from types import ModuleType

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.questions import Question, get_assignment

__all__ = ["hidden_seed", "solution_source", "source_notebook"]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
NO_FUNCTION = "the solution of {qid} does not define a function named {name!r}"

_INSTRUCTIONS = """\
**How this exercise works.** Write your answer in each cell marked `# YOUR CODE HERE`
(replace the `...`). The cell after it, `ex.check(...)`, checks your answer on small public
examples at once and explains what is wrong; `ex.hint(...)` gives the next hint;
`ex.progress()` shows where you stand. Do not edit or delete the grey test cells: the grader
restores them, runs hidden tests on other inputs as well, and flags any tampering.
Written answers are graded by hand. Points: {points} autograded{written}.
"""


def hidden_seed(assignment: str, qid: str) -> int:
    """Seed of the hidden cases of one question in the public source notebook.

    Instructors who need secret cases add their own with ``faircourse grade --extra-tests``.
    """
    digest = hashlib.sha256(f"{assignment}/{qid}".encode()).hexdigest()
    return int(digest[:8], 16)


def _meta(grade_id: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(kind, source: str, grade_id: str, **meta):
    make = new_code_cell if kind == "code" else new_markdown_cell
    cell = make(source.rstrip("\n"), metadata=_meta(grade_id, **meta))
    cell["id"] = grade_id  # stable ids keep regenerated notebooks byte-identical
    return cell


def solution_source(question: Question) -> str:
    """The answer cell of the source notebook, with the solution between nbgrader markers.

    For a function, the ``def`` line stays visible and only the body is the solution, so the
    student version still defines the function (its body becomes the stub ``...``).
    """
    code = question.solution.rstrip("\n")
    if question.kind == "value":
        return f"{question.answer_name} = None\n{BEGIN}\n{code}\n{END}"
    lines = code.split("\n")
    func = next(
        (
            node
            for node in ast.parse(code).body
            if isinstance(node, ast.FunctionDef) and node.name == question.answer_name
        ),
        None,
    )
    if func is None:
        raise ValueError(NO_FUNCTION.format(qid=question.id, name=question.answer_name))
    body_start = func.body[0].lineno - 1
    body_end = func.end_lineno
    indent = lines[body_start][: len(lines[body_start]) - len(lines[body_start].lstrip())]
    solution = [indent + BEGIN, *lines[body_start:body_end], indent + END]
    return "\n".join([*lines[:body_start], *solution, *lines[body_end:]])


def _question_cells(assignment: str, q: Question) -> list:
    plural = "s" if q.points != 1 else ""
    tests = (
        "from autograder.grading import grade\n\n"
        f'grade("{assignment}", "{q.id}", globals())\n'
        f"{BEGIN_HIDDEN}\n"
        f'grade("{assignment}", "{q.id}", globals(), hidden_seed={hidden_seed(assignment, q.id)})\n'
        f"{END_HIDDEN}"
    )
    return [
        _cell(
            "markdown",
            f"## {q.id}. {q.title} ({q.points} point{plural})\n\n{q.prompt}",
            f"{q.id}_prompt",
        ),
        _cell("code", solution_source(q), f"{q.id}_answer", solution=True, locked=False),
        _cell("code", f'ex.check("{q.id}")', f"{q.id}_check"),
        _cell("code", tests, f"{q.id}_tests", grade=True, points=q.points),
    ]


def _written_cells(w: dict) -> list:
    plural = "s" if w["points"] != 1 else ""
    return [
        _cell(
            "markdown",
            f"## {w['id']}. Written answer ({w['points']} point{plural}, graded "
            f"by hand)\n\n{w['prompt']}",
            f"{w['id']}_prompt",
        ),
        _cell(
            "markdown",
            f"{BEGIN}\n{w.get('rubric', '')}\n{END}",
            f"{w['id']}_answer",
            grade=True,
            solution=True,
            locked=False,
            points=w["points"],
        ),
    ]


def _title(module: ModuleType) -> str:
    first = (module.__doc__ or module.ASSIGNMENT).strip().splitlines()[0]
    return first.rstrip(".")


def source_notebook(assignment: str) -> nbformat.NotebookNode:
    """Build the nbgrader source notebook (solutions and hidden tests) of ``assignment``.

    Examples
    --------
    >>> nb = source_notebook("m00-orientation")
    >>> [c.metadata["nbgrader"]["grade_id"] for c in nb.cells][:3]
    ['header', 'setup', 'q1_prompt']
    """
    module = get_assignment(assignment)
    questions = list(module.QUESTIONS.values())
    written = list(module.WRITTEN)
    points = sum(q.points for q in questions)
    extra = f" + {sum(w['points'] for w in written)} written" if written else ""
    header = f"# Graded exercise: {_title(module)}\n\n" + _INSTRUCTIONS.format(
        points=points, written=extra
    )
    setup = (
        "from autograder.selfcheck import Exercise\n\n"
        f'ex = Exercise("{assignment}")\n\n' + module.setup_code
    )
    cells = [_cell("markdown", header, "header"), _cell("code", setup, "setup")]
    for q in questions:
        cells += _question_cells(assignment, q)
    for w in written:
        cells += _written_cells(w)
    cells.append(_cell("markdown", "## Where you stand", "progress_title"))
    cells.append(_cell("code", "ex.progress()", "progress"))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb
