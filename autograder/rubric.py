"""The rubric of each written answer, beside the answer, for the instructor's eyes only.

nbgrader's formgrader shows a learner's autograded notebook and nothing of the source
notebook, so an instructor grading a written answer would not see what a good answer holds.
After autograding, :func:`add_rubrics` puts each written answer's rubric (from the question
module) into the autograded notebook in the course folder, as a markdown cell just before the
answer. That folder is the instructor's alone; the rubric often names the answer, so it never
reaches a learner: :func:`strip_rubrics` removes it from every page made for learners
(``feedback.html``), and the student version never holds it (the source's answer cell is
replaced by nbgrader's stub).

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells = [nbformat.v4.new_markdown_cell("answer")]
>>> nb.cells[0].metadata["nbgrader"] = {"grade_id": "w1_answer", "grade": True}
>>> _ = insert_rubrics(nb, [{"id": "w1", "rubric": "Names equal opportunity."}])
>>> [c.metadata.get("faircourse", {}).get("rubric") for c in nb.cells]
['w1', None]
>>> [c.source for c in strip_rubrics(nb).cells]
['answer']
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell

__all__ = ["RUBRIC_CELL", "add_rubrics", "insert_rubrics", "strip_rubrics"]

RUBRIC_CELL = (
    "**Rubric for {wid}** ({points} point{s}; shown to graders only, never in learners' "
    "feedback)\n\n{rubric}"
)


def _is_rubric(cell) -> bool:
    return "rubric" in cell.get("metadata", {}).get("faircourse", {})


def insert_rubrics(nb: nbformat.NotebookNode, written: list[dict]) -> nbformat.NotebookNode:
    """Put a rubric cell before each written answer of ``nb`` (once; in place)."""
    nb.cells = [c for c in nb.cells if not _is_rubric(c)]
    rubrics = {f"{w['id']}_answer": w for w in written if w.get("rubric")}
    cells = []
    for cell in nb.cells:
        w = rubrics.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
        if w is not None:
            points = w.get("points", "")
            text = RUBRIC_CELL.format(
                wid=w["id"], points=points, s="" if points == 1 else "s", rubric=w["rubric"]
            )
            rubric = new_markdown_cell(text, metadata={"faircourse": {"rubric": w["id"]}})
            rubric["id"] = f"{w['id']}-rubric"
            cells.append(rubric)
        cells.append(cell)
    nb.cells = cells
    return nb


def add_rubrics(autograded: Path, written: list[dict]) -> None:
    """Insert the rubrics into the autograded notebook file ``autograded`` (if it exists)."""
    if not written or not Path(autograded).is_file():
        return
    nb = nbformat.read(autograded, as_version=4)
    nbformat.write(insert_rubrics(nb, written), autograded)


def strip_rubrics(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` without rubric cells (in place): what a learner may see."""
    nb.cells = [c for c in nb.cells if not _is_rubric(c)]
    return nb
