"""The class roster: which Canvas user each student id of the submissions folder is.

Canvas matches the rows of a gradebook import on its own ids (``ID``, ``SIS User ID``,
``SIS Login ID``), never on the folder names nbgrader uses, so ``faircourse export --format
canvas`` needs a roster. It is a CSV file (UTF-8, a header row) with one row per student:

=================  ==========================================================================
column             what
=================  ==========================================================================
``student_id``     the student's folder name in SUBMISSIONS (required, unless the file is
                   Canvas's own gradebook export, where ``SIS Login ID`` is used instead)
``ID``             the Canvas user id (required, not empty)
``Student``        the name shown in Canvas (optional)
``SIS User ID``    (optional)
``SIS Login ID``   (optional)
``Section``        (optional)
=================  ==========================================================================

Canvas's own gradebook export (*Grades → Export*) is a valid roster as it stands when the
students' SIS login ids are their folder names; otherwise add a ``student_id`` column.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "roster.csv"
>>> _ = path.write_text("student_id,ID,Student\\nalice,1001,Alice Ng\\n")
>>> read_roster(path)["alice"]["ID"]
'1001'
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = [
    "CANVAS_IDS",
    "DUPLICATE",
    "MISSING_COLUMNS",
    "NO_CANVAS_ID",
    "NO_ROSTER",
    "NO_STUDENT",
    "read_roster",
]

CANVAS_IDS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
NO_ROSTER = "roster {path}: no such file"
NOT_CSV = "roster {path}: not a UTF-8 CSV file with a header row"
MISSING_COLUMNS = (
    "roster {path}: needs a 'student_id' column (or Canvas's 'SIS Login ID') and an 'ID' "
    "column; found {columns}"
)
DUPLICATE = "roster {path}: student {student!r} is listed twice (lines {first} and {second})"
NO_CANVAS_ID = "roster {path}, line {line}: student {student!r} has no Canvas ID"
NO_STUDENT = "roster {path}, line {line}: the {column!r} column is empty"
_POINTS_POSSIBLE = "Points Possible"  # the second row of a Canvas gradebook export


def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """The roster at ``path``: student id -> its Canvas columns (:data:`CANVAS_IDS`).

    Raises
    ------
    FileNotFoundError, ValueError
        With a one-line message naming the file, the line and what is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(NO_ROSTER.format(path=path))
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            table = list(csv.reader(f))
    except (UnicodeDecodeError, csv.Error):
        raise ValueError(NOT_CSV.format(path=path)) from None
    columns = [c.strip() for c in table[0]] if table else []
    rows = [dict(zip(columns, values, strict=False)) for values in table[1:]]
    key = "student_id" if "student_id" in columns else "SIS Login ID"
    if key not in columns or "ID" not in columns:
        raise ValueError(MISSING_COLUMNS.format(path=path, columns=columns or "no header"))
    roster: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        row = {k: v.strip() for k, v in row.items()}
        if row.get("Student", "") == _POINTS_POSSIBLE or not any(row.values()):
            continue
        student = row.get(key, "")
        if not student:
            raise ValueError(NO_STUDENT.format(path=path, line=line, column=key))
        if student in roster:
            raise ValueError(
                DUPLICATE.format(path=path, student=student, first=lines[student], second=line)
            )
        if not row.get("ID"):
            raise ValueError(NO_CANVAS_ID.format(path=path, line=line, student=student))
        roster[student] = {c: row.get(c, "") for c in CANVAS_IDS}
        roster[student]["Student"] = roster[student]["Student"] or student
        lines[student] = line
    return roster
