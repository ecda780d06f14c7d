"""export, feedback and rubric without grading: results written by hand, checked by hand."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from autograder.export import INCOMPLETE, export
from autograder.feedback import NO_ANSWER, NOT_GRADED_YET, WAITING_NOTE, write_feedback
from autograder.rubric import insert_rubrics, strip_rubrics

M02 = "m02-group-metrics"


def _question(qid, points, max_points, *, kind="autograded", **extra):
    return {"id": qid, "grade_id": f"{qid}_x", "points": points, "max_points": max_points,
            "needs_manual": False, "kind": kind, "message": "", **extra}  # fmt: skip


def _result(student, score, questions, status="graded"):
    return {"student_id": student, "assignment": M02, "score": score, "max_score": 14.0,
            "status": status, "detail": "", "questions": questions}  # fmt: skip


def _results_dir(tmp_path: Path, results: list[dict]) -> Path:
    out = tmp_path / "results"
    for r in results:
        (out / r["student_id"]).mkdir(parents=True)
        (out / r["student_id"] / "result.json").write_text(json.dumps(r))
    return out


def _rows(path: Path) -> list[list[str]]:
    with path.open() as f:
        return list(csv.reader(f))


def test_feedback_says_what_a_written_answer_is(tmp_path):
    waiting = _question("w1", 0.0, 2.0, kind="written", needs_manual=True)
    graded = _question("w2", 1.5, 3.0, kind="written", graded_by_hand=True, comment="a<b | c")
    empty = _question("w3", 0.0, 2.0, kind="written")
    auto = _question("q1", 0.0, 2.0, message="✗ wrong", comment="see me")
    out = tmp_path / "feedback.html"
    write_feedback(None, _result("ana", 1.5, [waiting, graded, empty, auto]), out)
    page = out.read_text()
    assert "a&lt;b" in page and "a<b" not in page  # the comment is text, never markup
    text = html.unescape(page)
    assert f"{NOT_GRADED_YET} / 2" in text and WAITING_NOTE in text
    assert "1.5 / 3" in text and "grader's comment: a<b | c" in text
    assert f"0 / 2</td>\n<td>{NO_ANSWER}" in text
    assert "✗ wrong grader's comment: see me" in text


def test_rubric_cells_are_inserted_once_and_stripped():
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_markdown_cell("my answer")
    answer.metadata["nbgrader"] = {"grade_id": "w1_answer", "grade": True}
    nb.cells = [nbformat.v4.new_markdown_cell("prompt"), answer]
    written = [{"id": "w1", "points": 2, "rubric": "2 points: names TPR."}]
    insert_rubrics(insert_rubrics(nb, written), written)
    assert [c.source.split("\n")[0] for c in nb.cells] == [
        "prompt",
        "**Rubric for w1** (2 points; shown to graders only, never in learners' feedback)",
        "my answer",
    ]
    assert [c.source for c in strip_rubrics(nb).cells] == ["prompt", "my answer"]


def test_canvas_rows_follow_the_roster(tmp_path):
    out = _results_dir(tmp_path, [_result("bo", 7.0, []), _result("ana", 14.0, [])])
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student_id,ID,SIS User ID,SIS Login ID,Section,Student\n"
        "bo,2,S2,bo@x,A,Zed Bo\nana,1,S1,ana@x,B,Ana Ng\ncy,3,S3,cy@x,A,Cy Li\n"
    )
    rows = _rows(export(out, format="canvas", roster=roster))
    assert rows[1] == ["Points Possible", "", "", "", "", "14"]
    # By name; a roster student with no result has an empty cell (Canvas leaves it alone).
    assert rows[2:] == [
        ["Ana Ng", "1", "S1", "ana@x", "B", "14"],
        ["Cy Li", "3", "S3", "cy@x", "A", ""],
        ["Zed Bo", "2", "S2", "bo@x", "A", "7"],
    ]


def test_require_complete_writes_nothing(tmp_path):
    w1 = _question("w1", 0.0, 2.0, kind="written", needs_manual=True)
    out = _results_dir(tmp_path, [_result("ana", 12.0, [w1], status="needs_manual")])
    target = tmp_path / "export.csv"
    message = INCOMPLETE.format(n=1, answers="ana w1")
    with pytest.raises(ValueError, match=re.escape(message)):
        export(out, out=target, require_complete=True)
    assert not target.exists()
    notes: list[str] = []
    export(out, out=target, warn=notes.append)
    assert notes == [
        "warning: 1 written answer(s) not graded yet (they count 0 until graded): ana w1"
    ]
    assert _rows(target)[1][:5] == ["ana", M02, "12.0", "14.0", "needs_manual"]
