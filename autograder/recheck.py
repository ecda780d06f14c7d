"""Judge test cells outside the learner's kernel, from the outputs their answers produced.

In the graded kernel, ``grade(...)`` records the plain output of the learner's answer on
every case (see :mod:`autograder.grading`). Here, in the grader's own process, the cases are
made again and each recorded output is compared with the reference. Nothing the learner's
code defines takes part in that comparison, so an object whose ``==`` always says True, a
patched ``numpy.isclose`` or a silenced test cell cannot earn points.

The verdict then overrides what the kernel showed: a test cell that passes here loses any
error or stderr output (a correct answer that warned keeps its points), and one that fails
here gets an error output if it has none (nbgrader scores a cell by its error outputs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nbformat import NotebookNode
from nbformat.v4 import new_output

from autograder.grading import RECORD_MIME, from_record
from autograder.questions import get_question

__all__ = ["GRADE_CALL", "CellVerdict", "apply_verdicts", "recheck"]

GRADE_CALL = re.compile(
    r'grade\(\s*"(?P<assignment>[^"]+)",\s*"(?P<qid>[^"]+)",\s*globals\(\)'
    r"(?:,\s*hidden_seed=(?P<seed>\d+))?\s*\)"
)
NOT_RUN = (
    "the tests of this cell did not run to the end (their results are missing), although "
    "the cell shows no error: was the cell altered while the notebook ran?"
)
RECORD_ERROR = "{where}: {error}"


@dataclass(frozen=True)
class CellVerdict:
    grade_id: str
    passed: bool
    message: str
    suspicious: bool  # results missing, or failing, without an error: tests were silenced


def _records(cell) -> dict[tuple[str, int | None, int], dict]:
    rows = {}
    for output in cell.get("outputs", []):
        payload = output.get("data", {}).get(RECORD_MIME)
        if output.get("output_type") == "display_data" and isinstance(payload, dict):
            for row in payload.get("rows", []):
                if isinstance(row, dict):
                    key = (str(row.get("question")), row.get("seed"), row.get("case"))
                    rows.setdefault(key, row)
    return rows


def _has_error(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def _judge(source_cell, executed_cell) -> CellVerdict:
    gid = source_cell.metadata["nbgrader"]["grade_id"]
    rows = _records(executed_cell)
    for call in GRADE_CALL.finditer(source_cell.source):
        question = get_question(call["assignment"], call["qid"])
        seed = int(call["seed"]) if call["seed"] else None
        for index, case in enumerate(question.cases(hidden=seed is not None, seed=seed)):
            row = rows.get((question.id, seed, index))
            if row is None:
                suspicious = not _has_error(executed_cell)
                return CellVerdict(gid, False, NOT_RUN if suspicious else "", suspicious)
            # grade() raises on any failing case, so a failure the cell does not show means
            # the kernel was made to hide it (showtraceback patched, grade or its comparison
            # monkeypatched): suspicious, like missing results.
            if row.get("error"):
                message = RECORD_ERROR.format(where=question.where(case), error=row["error"])
                hidden = not _has_error(executed_cell)
                return CellVerdict(gid, False, f"{question.id}: {message}", hidden)
            result = question.compare(case, from_record(row.get("output")))
            if not result.passed:
                hidden = not _has_error(executed_cell)
                return CellVerdict(gid, False, f"{question.id}: {result.message}", hidden)
    return CellVerdict(gid, True, "", False)


def recheck(executed: NotebookNode, source: NotebookNode) -> list[CellVerdict]:
    """Verdicts for every autograded test cell of ``source`` that calls ``grade(...)``."""
    cells = {
        c.metadata.get("nbgrader", {}).get("grade_id"): c
        for c in executed.cells
        if c.metadata.get("nbgrader", {}).get("grade_id")
    }
    verdicts = []
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and GRADE_CALL.search(cell.source):
            executed_cell = cells.get(meta["grade_id"])
            if executed_cell is None:  # cannot happen after reassembly; be safe anyway
                verdicts.append(CellVerdict(meta["grade_id"], False, NOT_RUN, True))
            else:
                verdicts.append(_judge(cell, executed_cell))
    return verdicts


def apply_verdicts(executed: NotebookNode, verdicts: list[CellVerdict]) -> None:
    """Make each test cell's outputs say what the trusted verdict says (in place)."""
    by_gid = {v.grade_id: v for v in verdicts}
    for cell in executed.cells:
        verdict = by_gid.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if verdict is None:
            continue
        outputs = [o for o in cell.outputs if RECORD_MIME not in o.get("data", {})]
        if verdict.passed:
            outputs = [
                o
                for o in outputs
                if o.output_type != "error"
                and not (o.output_type == "stream" and o.get("name") == "stderr")
            ]
        elif not any(o.output_type == "error" for o in outputs):
            message = verdict.message or NOT_RUN
            outputs.append(
                new_output("error", ename="AssertionError", evalue=message, traceback=[message])
            )
        cell.outputs = outputs
