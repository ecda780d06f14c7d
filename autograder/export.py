"""``faircourse export``: the gradebook as CSV, or as a Canvas gradebook import file.

Scores come from nbgrader's gradebook (:func:`autograder.gradebook.refresh`), so manual
grades given in the formgrader count: a ``needs_manual`` submission becomes ``graded`` once
every written answer has a score, and its ``feedback.html`` is rewritten with the score and
the grader's comment. Answers still waiting for a manual grade are listed
(:func:`autograder.gradebook.ungraded_answers`); with ``require_complete=True`` nothing is
written while any is left.

The Canvas file fills Canvas's id columns from a roster (:mod:`autograder.roster`), and is
refused if a graded student is not in it: Canvas would drop that row, or match nobody.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from autograder.gradebook import refresh, ungraded_answers
from autograder.grader import write_grades_csv
from autograder.roster import CANVAS_IDS, read_roster

__all__ = [
    "CANVAS_COLUMNS",
    "INCOMPLETE",
    "NEEDS_ROSTER",
    "NOT_GRADED",
    "NOT_IN_ROSTER",
    "current_results",
    "export",
    "ungraded_note",
]

# Canvas matches rows on one of its id columns; the grade column's header is the assignment
# name (Canvas adds the assignment id in parentheses when it exports).
CANVAS_COLUMNS = CANVAS_IDS
NO_RESULTS_DIR = "no results folder {path!r}: give the --out folder of `faircourse grade`"
NO_RESULTS = "no graded results in {path}: run `faircourse grade` first"
BAD_FORMAT = "format must be 'csv' or 'canvas', got {format!r}"
NEEDS_ROSTER = (
    "the Canvas export needs --roster ROSTER.csv (columns student_id, ID, and optionally "
    "Student, SIS User ID, SIS Login ID, Section): Canvas matches students on its own ids"
)
NOT_IN_ROSTER = (
    "{n} graded student(s) not in the roster {path}: {students}; add them and export again "
    "(nothing written)"
)
INCOMPLETE = (
    "{n} written answer(s) not graded yet: {answers}; grade them in the formgrader "
    "(nothing written: --require-complete)"
)
UNGRADED = "{n} written answer(s) not graded yet (they count 0 until graded): {answers}"
NOT_GRADED = (
    "{n} submission(s) could not be graded (grading_error, 0 points here): {students}; see "
    "their detail in grades.csv, fix and grade again"
)
_SHOWN = 12  # answers named in a one-line message


def _names(items: list[str]) -> str:
    more = f", … ({len(items) - _SHOWN} more)" if len(items) > _SHOWN else ""
    return ", ".join(items[:_SHOWN]) + more


def current_results(results_dir: Path) -> list[dict]:
    """Every student's result, refreshed from the gradebook (manual grades, comments)."""
    results_dir = Path(results_dir)
    if not results_dir.is_dir():
        raise FileNotFoundError(NO_RESULTS_DIR.format(path=str(results_dir)))
    if not any(results_dir.glob("*/result.json")):
        raise FileNotFoundError(NO_RESULTS.format(path=results_dir))
    return refresh(results_dir)


def ungraded_note(results: list[dict]) -> str:
    """One line naming the answers that wait for a manual grade, or ``""``.

    Examples
    --------
    >>> ungraded_note([{"student_id": "ana", "questions": [{"id": "w1", "needs_manual": True}]}])
    'warning: 1 written answer(s) not graded yet (they count 0 until graded): ana w1'
    """
    waiting = [f"{s} {q}" for s, q in ungraded_answers(results)]
    return "warning: " + UNGRADED.format(n=len(waiting), answers=_names(waiting)) if waiting else ""


def export(
    results_dir: Path,
    *,
    format: str = "csv",
    out: Path | None = None,
    roster: Path | None = None,
    require_complete: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write the gradebook in ``format``; returns the file written.

    ``csv`` writes ``results_dir/grades.csv`` (the columns of ``grader.CSV_COLUMNS``; also
    ``out`` if given); ``canvas`` writes ``results_dir/canvas.csv`` (or ``out``) with Canvas's
    id columns from ``roster``, a "Points Possible" row and one column per assignment.

    Raises
    ------
    ValueError
        ``require_complete`` and a written answer is not graded yet, or a submission could
        not be graded (``grading_error``); a Canvas export without
        a roster, or with a graded student the roster does not list. Nothing is written then.

    ``warn`` is called with :func:`ungraded_note` when answers wait for a manual grade.
    """
    if format not in ("csv", "canvas"):
        raise ValueError(BAD_FORMAT.format(format=format))
    if format == "canvas" and roster is None:
        raise ValueError(NEEDS_ROSTER)
    people = read_roster(roster) if roster is not None else {}
    results = current_results(results_dir)  # grades.csv is refreshed here
    waiting = [f"{s} {q}" for s, q in ungraded_answers(results)]
    errors = sorted(r["student_id"] for r in results if r["status"] == "grading_error")
    if require_complete and waiting:
        raise ValueError(INCOMPLETE.format(n=len(waiting), answers=_names(waiting)))
    if require_complete and errors:
        raise ValueError(NOT_GRADED.format(n=len(errors), students=_names(errors)))
    if warn is not None:
        if waiting:
            warn(ungraded_note(results))
        if errors:
            warn("warning: " + NOT_GRADED.format(n=len(errors), students=_names(errors)))
    if format == "csv":
        path = Path(out or Path(results_dir) / "grades.csv")
        write_grades_csv(results, path)
        return path
    students = sorted({r["student_id"] for r in results})
    unknown = [s for s in students if s not in people]
    if unknown:
        raise ValueError(
            NOT_IN_ROSTER.format(n=len(unknown), path=roster, students=_names(unknown))
        )
    path = Path(out or Path(results_dir) / "canvas.csv")
    _write_canvas(results, people, path)
    return path


def _write_canvas(results: list[dict], people: dict[str, dict[str, str]], path: Path) -> None:
    assignments = sorted({r["assignment"] for r in results})
    scores = {(r["student_id"], r["assignment"]): r for r in results}
    maxima = {a: max(r["max_score"] for r in results if r["assignment"] == a) for a in assignments}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*CANVAS_COLUMNS, *assignments])
        blank = [""] * (len(CANVAS_COLUMNS) - 1)
        writer.writerow(["Points Possible", *blank, *(f"{maxima[a]:g}" for a in assignments)])
        # Roster students without a result get empty cells: Canvas leaves those grades alone.
        for student in sorted(people, key=lambda s: (people[s]["Student"].lower(), s)):
            row = [people[student][c] for c in CANVAS_COLUMNS]
            for a in assignments:
                r = scores.get((student, a))
                row.append("" if r is None else f"{r['score']:g}")
            writer.writerow(row)
