"""Feedback HTML for a learner: their graded notebook with the grader's verdicts.

The summary at the top is the gradebook's: autograded points, written answers' manual scores
and the grader's comments (a written answer not graded yet says so, it is not "0"). The
notebooks carry no hidden tests (the grading host makes them); error outputs keep only
their message, never a traceback into the course's packages. The page is inert: everything
in it has passed :func:`autograder.sanitize.sanitize_notebook`, and a Content-Security-Policy
that allows no script at all is its first element.
"""

from __future__ import annotations

import copy
import html
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell

from autograder.rubric import strip_rubrics
from autograder.sanitize import add_csp_meta, sanitize_notebook

__all__ = ["sanitize_for_feedback", "write_feedback"]


def sanitize_for_feedback(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without tracebacks in its graded cells, and without rubrics."""
    nb = strip_rubrics(copy.deepcopy(nb))  # the rubric is for graders only
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade"):
            continue
        for output in cell.outputs:
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]
    return nb


NOT_GRADED_YET = "not graded yet"
WAITING_NOTE = "to be graded by hand: your score and the grader's comment appear here then"
NO_ANSWER = "no answer"
GRADER_SAYS = "grader's comment: {comment}"


def _points(q: dict) -> str:
    if q.get("needs_manual"):
        return f"{NOT_GRADED_YET} / {q['max_points']:g}"
    return f"{q['points']:g} / {q['max_points']:g}"


def _message(q: dict) -> str:
    parts = [q.get("message", "") or ""]
    if q.get("kind") == "written" and not parts[0]:
        if q.get("needs_manual"):
            parts = [WAITING_NOTE]
        elif not q.get("graded_by_hand"):
            parts = [NO_ANSWER]
    if q.get("comment"):
        parts.append(GRADER_SAYS.format(comment=q["comment"]))
    text = " ".join(p for p in parts if p)
    return html.escape(text).replace("\n", " ").replace("|", "&#124;")


def _summary(result: dict) -> str:
    rows = "".join(
        f"| {html.escape(q['id'])} | {_points(q)} | {_message(q)} |\n" for q in result["questions"]
    )
    return (
        f"# Feedback: {result['assignment']}\n\n"
        f"**{result['student_id']}**: {result['score']:g} / {result['max_score']:g} points, "
        f"status **{result['status']}**"
        + (f" ({html.escape(result['detail'])})" if result.get("detail") else "")
        + "\n\n| question | points | message |\n|---|---|---|\n"
        + rows
    )


def write_feedback(autograded: Path | None, result: dict, out: Path) -> None:
    """Write ``out`` (HTML) from the autograded notebook (if any) and the result summary."""
    from nbconvert import HTMLExporter

    found = autograded is not None and autograded.exists()
    nb = nbformat.read(autograded, as_version=4) if found else None
    if nb is None:
        nb = nbformat.v4.new_notebook()
    nb = sanitize_for_feedback(nb)
    nb.cells.insert(0, new_markdown_cell(_summary(result)))
    sanitize_notebook(nb)  # again: the autograded notebook is, but never trust a file
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    body = add_csp_meta(body)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
