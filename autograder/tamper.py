"""Rebuild a submission on its release notebook, and say what the learner changed that they
should not have.

Only the learner's *answer* cells (nbgrader ``solution`` cells) and the cells they added are
taken from the submission; every other cell comes from the release, so an edited, unlocked,
re-pointed, deleted or stripped test cell is simply restored. Each such change is reported:
the grader marks the submission ``tampered``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from nbformat import NotebookNode

__all__ = ["Reassembled", "reassemble"]

DELETED = "cell {gid} was deleted"
ANSWER_DELETED = "answer cell {gid} was deleted (graded as unanswered)"
EDITED = "locked cell {gid} was edited"
METADATA = "the grading metadata of cell {gid} was changed ({fields})"
STRIPPED = "the grading metadata of cell {gid} was removed"
TYPE_CHANGED = "cell {gid} was changed from {old} to {new}"
DUPLICATED = "cell {gid} appears {count} times"
_FIELDS = ("grade", "grade_id", "locked", "points", "solution")


@dataclass(frozen=True)
class Reassembled:
    """The notebook to grade, the tampering findings (empty if none), and how many cells the
    learner added."""

    notebook: NotebookNode
    findings: tuple[str, ...]
    added: int = 0


def _gid(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _match(release_cells, submitted_cells):
    """Map each release grade_id to the submitted cell: by grade_id, else by cell id."""
    by_gid: dict[str, list] = {}
    by_id = {}
    for cell in submitted_cells:
        if _gid(cell) is not None:
            by_gid.setdefault(_gid(cell), []).append(cell)
        if cell.get("id"):
            by_id[cell["id"]] = cell
    matched = {}
    for cell in release_cells:
        gid = _gid(cell)
        if gid is None:
            continue
        found = by_gid.get(gid) or ([by_id[cell["id"]]] if cell.get("id") in by_id else [])
        matched[gid] = found
    return matched


def _compare(release_cell, submitted, findings: list[str]) -> None:
    gid = _gid(release_cell)
    meta = release_cell.metadata["nbgrader"]
    sub_meta = submitted.get("metadata", {}).get("nbgrader")
    if sub_meta is None:
        findings.append(STRIPPED.format(gid=gid))
    else:
        changed = [f for f in _FIELDS if sub_meta.get(f) != meta.get(f)]
        if changed:
            findings.append(METADATA.format(gid=gid, fields=", ".join(changed)))
    if submitted.cell_type != release_cell.cell_type:
        findings.append(
            TYPE_CHANGED.format(gid=gid, old=release_cell.cell_type, new=submitted.cell_type)
        )
    elif not meta.get("solution") and submitted.source.strip() != release_cell.source.strip():
        findings.append(EDITED.format(gid=gid))


def reassemble(submitted: NotebookNode, release: NotebookNode) -> Reassembled:
    """Rebuild ``submitted`` on the cells of ``release``.

    Examples
    --------
    >>> from nbformat.v4 import new_notebook, new_code_cell
    >>> def cell(src, gid, solution=False):
    ...     meta = {"grade_id": gid, "solution": solution, "grade": not solution,
    ...             "locked": not solution, "schema_version": 3}
    ...     return new_code_cell(src, metadata={"nbgrader": meta})
    >>> release = new_notebook(cells=[cell("x = ...", "a", True), cell("assert x == 1", "t")])
    >>> sub = new_notebook(cells=[cell("x = 1", "a", True), cell("pass", "t")])
    >>> r = reassemble(sub, release)
    >>> [c.source for c in r.notebook.cells], r.findings
    (['x = 1', 'assert x == 1'], ('locked cell t was edited',))
    """
    findings: list[str] = []
    matched = _match(release.cells, submitted.cells)
    known_ids = {id(c) for found in matched.values() for c in found}
    release_ids = {c.get("id") for c in release.cells}
    out = copy.deepcopy(release)
    out.cells = []
    # Learner-added cells follow the release cell they came after in the submission.
    added_after: dict[str | None, list] = {}
    anchor = None
    for cell in submitted.cells:
        if id(cell) in known_ids:
            anchor = _gid(cell) or next(
                (g for g, found in matched.items() if cell in found), anchor
            )
        elif _gid(cell) is None and cell.get("id") not in release_ids:
            added_after.setdefault(anchor, []).append(cell)
    out.cells.extend(copy.deepcopy(added_after.get(None, [])))
    for cell in release.cells:
        gid = _gid(cell)
        new = copy.deepcopy(cell)
        if gid is not None:
            found = matched.get(gid, [])
            if len(found) > 1:
                findings.append(DUPLICATED.format(gid=gid, count=len(found)))
            if not found:
                solution = cell.metadata["nbgrader"].get("solution")
                findings.append((ANSWER_DELETED if solution else DELETED).format(gid=gid))
            else:
                _compare(cell, found[0], findings)
                if (
                    cell.metadata["nbgrader"].get("solution")
                    and found[0].cell_type == cell.cell_type
                ):
                    new.source = found[0].source
        out.cells.append(new)
        if gid is not None:
            out.cells.extend(copy.deepcopy(added_after.get(gid, [])))
    # A deleted answer cell is not tampering: the learner just gets no points for it.
    tampering = tuple(f for f in findings if not f.startswith("answer cell"))
    return Reassembled(out, tampering, sum(len(cells) for cells in added_after.values()))
