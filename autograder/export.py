"""``faircourse export``: the gradebook as CSV, or as a Canvas gradebook import file.

Scores are read from nbgrader's gradebook, so manual grades given in the formgrader count:
a ``needs_manual`` submission becomes ``graded`` once every written answer has a score.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from autograder.grader import write_grades_csv

__all__ = ["CANVAS_COLUMNS", "current_results", "export"]

# Canvas matches rows on one of its id columns; the grade column's header is the assignment
# name (Canvas adds the assignment id in parentheses when it exports). Fill "SIS Login ID"
# with the student id used in the submissions folder.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
NO_RESULTS = "no graded results in {path}: run `faircourse grade` first"
BAD_FORMAT = "format must be 'csv' or 'canvas', got {format!r}"


def current_results(results_dir: Path) -> list[dict]:
    """Every student's result, with scores refreshed from the gradebook (manual grades)."""
    from nbgrader.api import Gradebook, MissingEntry

    results_dir = Path(results_dir)
    files = sorted(results_dir.glob("*/result.json"))
    if not files:
        raise FileNotFoundError(NO_RESULTS.format(path=results_dir))
    results = [json.loads(f.read_text()) for f in files]
    db = results_dir / "course" / "gradebook.db"
    if not db.exists():
        return results
    with Gradebook(f"sqlite:///{db}") as gb:
        for r in results:
            if r["status"] == "grading_error" and not r.get("questions"):
                continue
            try:
                sub = gb.find_submission(r["assignment"], r["student_id"])
            except MissingEntry:
                continue
            r["score"], r["max_score"] = float(sub.score), float(sub.max_score)
            if r["status"] == "needs_manual" and not sub.needs_manual_grade:
                r["status"] = "graded"
                r["detail"] = ""
    return results


def export(results_dir: Path, *, format: str = "csv", out: Path | None = None) -> Path:
    """Write the gradebook in ``format``; returns the file written.

    ``csv`` refreshes ``results_dir/grades.csv`` (the columns of ``grader.CSV_COLUMNS``);
    ``canvas`` writes ``results_dir/canvas.csv`` with a "Points Possible" row, one column per
    assignment.
    """
    results = current_results(results_dir)
    if format == "csv":
        path = Path(out or Path(results_dir) / "grades.csv")
        write_grades_csv(results, path)
        return path
    if format != "canvas":
        raise ValueError(BAD_FORMAT.format(format=format))
    path = Path(out or Path(results_dir) / "canvas.csv")
    assignments = sorted({r["assignment"] for r in results})
    students = sorted({r["student_id"] for r in results})
    scores = {(r["student_id"], r["assignment"]): r for r in results}
    maxima = {a: max(r["max_score"] for r in results if r["assignment"] == a) for a in assignments}
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*CANVAS_COLUMNS, *assignments])
        writer.writerow(
            ["Points Possible", "", "", "", "", *(f"{maxima[a]:g}" for a in assignments)]
        )
        for s in students:
            row = [s, "", "", s, ""]
            for a in assignments:
                r = scores.get((s, a))
                row.append("" if r is None else f"{r['score']:g}")
            writer.writerow(row)
    return path
