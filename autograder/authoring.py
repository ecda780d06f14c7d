"""Write an assignment's nbgrader source notebook from its question set.

The question module (``autograder/questions/mNN_*.py``) is the single source of an exercise:
prompts, solutions, checks, hints and known wrong answers. This module turns it into the
nbgrader *source* notebook in ``solutions/``; nbgrader's ``generate_assignment`` then turns
that into the student version in ``exercises/`` (see :mod:`autograder.build`).
"""

from __future__ import annotations

import ast
import json
from types import ModuleType

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.questions import Question, get_assignment

__all__ = ["exercise_data", "grading_cell_source", "solution_source", "source_notebook"]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
TEST_CELL = """\
# ============ TEST CELL of {qid}: locked, do not edit or delete ============
# Here it runs the public examples (like ex.check). When your notebook is graded, the
# grading machine runs its own tests in place of this cell, on hidden inputs as well.
ex.test("{qid}")"""
FORBIDDEN_NOTE = (
    "\n\n**Not allowed in this answer:** {modules}. They compute exactly what you are asked to "
    "build, so the grader runs your notebook without them."
)
NO_FUNCTION = "the solution of {qid} does not define a function named {name!r}"

_INSTRUCTIONS = """\
**How this exercise works.** Write your answer in each cell marked `# YOUR CODE HERE`
(replace the `...`). The cell after it, `ex.check(...)`, checks your answer on small public
examples at once and explains what is wrong (`ex.check()` alone checks every answer so far);
`ex.hint(...)` gives the next hint; `ex.progress()` shows where you stand. Do not edit or
delete the test cells (locked, headed `TEST CELL of q1` and so on, calling
`ex.test(...)`): the grader restores them, runs its own tests on hidden inputs in their place,
and flags any tampering.{written_note} Points: {points} autograded{written}.
"""
WRITTEN_NOTE = " Written answers (the cells marked *YOUR ANSWER HERE*) are graded by hand."


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


def grading_cell_source(question_id: str) -> str:
    """The source of a question's test cell (the grading machine runs its own tests there)."""
    return TEST_CELL.format(qid=question_id)


def _question_cells(q: Question) -> list:
    plural = "s" if q.points != 1 else ""
    modules = ", ".join(f"`{m}`" for m in q.forbidden)
    prompt = q.prompt + (FORBIDDEN_NOTE.format(modules=modules) if q.forbidden else "")
    return [
        _cell(
            "markdown",
            f"## {q.id}. {q.title} ({q.points} point{plural})\n\n{prompt}",
            f"{q.id}_prompt",
        ),
        _cell("code", solution_source(q), f"{q.id}_answer", solution=True, locked=False),
        _cell("code", f'ex.check("{q.id}")', f"{q.id}_check"),
        _test_cell(q),
    ]


def _test_cell(q: Question):
    """The locked test cell; tagged ``raises-exception`` so that *Run All* goes on past a
    failing (or not yet answered) question to the cells below it (JupyterLab, nbclient)."""
    cell = _cell("code", grading_cell_source(q.id), f"{q.id}_tests", grade=True, points=q.points)
    cell.metadata["tags"] = ["raises-exception"]
    return cell


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
    """The first line of the question module's docstring, without its ``mNN-slug:`` prefix."""
    first = (module.__doc__ or module.ASSIGNMENT).strip().splitlines()[0].rstrip(".")
    title = first.removeprefix(f"{module.ASSIGNMENT}:").strip()
    return title[:1].upper() + title[1:]


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
    note = WRITTEN_NOTE if written else ""
    header = f"# Graded exercise: {_title(module)}\n\n" + _INSTRUCTIONS.format(
        points=points, written=extra, written_note=note
    )
    setup = (
        f'from faircheck import Exercise\n\nex = Exercise("{assignment}")\n\n' + module.setup_code
    )
    cells = [_cell("markdown", header, "header"), _cell("code", setup, "setup")]
    for q in questions:
        cells += _question_cells(q)
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


def exercise_data(assignment: str) -> str:
    """The public data of ``assignment`` for the learner's self-check, as JSON text.

    Written to ``faircheck/exercises/<assignment>.json`` by ``faircourse build``: titles,
    prompts' rules, hints and the public examples with their expected values; no reference,
    solution, known wrong answer or hidden case.
    """
    module = get_assignment(assignment)
    data = {
        "assignment": assignment,
        "title": _title(module),
        "questions": [q.public_data() for q in module.QUESTIONS.values()],
        "written": [{"id": w["id"], "points": w["points"]} for w in module.WRITTEN],
    }
    return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
