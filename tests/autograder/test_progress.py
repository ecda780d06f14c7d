"""faircourse progress: the certificate rule (70 % of every module) against hand-worked cases.

The results folders are built as `faircourse grade` writes them (result.json per learner and
an nbgrader gradebook), so the manual grading path is the real one.
"""

from __future__ import annotations

import csv
import json
import shutil
import warnings
from pathlib import Path

import pytest
from sqlalchemy.exc import SAWarning

from autograder import progress as P
from autograder.cli import main
from autograder.nbgrader_run import nbgrader_environment

WRITTEN_MAX = 2.0


def make_results(folder: Path, module: str, learners: dict, *, gradebook: bool = True) -> Path:
    """A results folder of ``module``: learners map to (auto points of 12, written points or
    None if ungraded, status). Scores live in result.json and, if asked, in a gradebook."""
    folder.mkdir(parents=True, exist_ok=True)
    for student, (auto, written, status) in learners.items():
        pending = written is None and status != "grading_error"
        r = {
            "student_id": student,
            "assignment": module,
            "score": auto + (written or 0.0),
            "max_score": 12.0 + WRITTEN_MAX if status != "grading_error" else 0.0,
            "status": "needs_manual" if pending and status == "graded" else status,
            "detail": "something happened" if status in ("tampered", "grading_error") else "",
            "questions": [
                {"id": "q1", "points": auto, "max_points": 12.0, "needs_manual": False},
                {"id": "w1", "points": written or 0.0, "max_points": 2.0, "needs_manual": pending},
            ]
            if status != "grading_error"
            else [],
        }
        (folder / student).mkdir(exist_ok=True)
        (folder / student / "result.json").write_text(json.dumps(r))
    if gradebook:
        _gradebook(folder, module, learners)
    return folder


def _gradebook(folder: Path, module: str, learners: dict) -> None:
    from nbgrader.api import Gradebook

    nbgrader_environment()  # nbgrader runs alembic as a command
    (folder / "course").mkdir(exist_ok=True)
    # nbgrader's own add_submission trips a SQLAlchemy autoflush warning; not ours to fix.
    with (
        warnings.catch_warnings(),
        Gradebook(f"sqlite:///{folder / 'course' / 'gradebook.db'}") as gb,
    ):
        warnings.simplefilter("ignore", SAWarning)
        gb.add_assignment(module)
        gb.add_notebook(module, module)
        gb.add_grade_cell("q1_tests", module, module, max_score=12, cell_type="code")
        gb.add_grade_cell("w1_answer", module, module, max_score=WRITTEN_MAX, cell_type="markdown")
        for student, (auto, written, status) in learners.items():
            if status == "grading_error":
                continue
            gb.add_student(student)
            gb.add_submission(module, student)
            q1 = gb.find_grade("q1_tests", module, module, student)
            q1.auto_score, q1.needs_manual_grade = auto, False
            w1 = gb.find_grade("w1_answer", module, module, student)
            w1.manual_score, w1.needs_manual_grade = written, written is None
        gb.db.commit()


def grade_written(folder: Path, module: str, student: str, points: float) -> None:
    """What the formgrader does when the instructor saves a written answer's score."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'course' / 'gradebook.db'}") as gb:
        grade = gb.find_grade("w1_answer", module, module, student)
        grade.manual_score, grade.needs_manual_grade = points, False
        gb.db.commit()


@pytest.fixture(scope="module")
def _course_template(tmp_path_factory):
    """Made once (a gradebook takes seconds to create); each test gets a copy."""
    tmp = tmp_path_factory.mktemp("course")
    m1 = make_results(
        tmp / "m01",
        "m01",
        {
            "ana": (12.0, 2.0, "graded"),  # 14/14
            "ben": (7.8, 2.0, "graded"),  # 9.8/14: exactly 70 %
            "cem": (7.7, 2.0, "graded"),  # 9.7/14: 0.1 short
            "dia": (12.0, None, "graded"),  # written answer not graded yet
            "eli": (12.0, 2.0, "tampered"),
            "fay": (0.0, None, "grading_error"),
        },
    )
    m2 = make_results(
        tmp / "m02",
        "m02",
        {n: (12.0, 2.0, "graded") for n in ("ana", "ben", "cem", "dia", "eli", "fay")}
        | {"gus": (12.0, 2.0, "graded")},  # gus never handed in m01
    )
    return m1, m2


@pytest.fixture
def course(_course_template, tmp_path):
    return tuple(shutil.copytree(f, tmp_path / f.name) for f in _course_template)


def test_the_rule_on_hand_worked_learners(course):
    p = P.course_progress(list(course))
    assert p.modules == ["m01", "m02"]
    assert [s for s in p.rows if p.passed(s)] == ["ana", "ben"]
    status = {s: rows[0].status for s, rows in p.rows.items()}
    assert status == {
        "ana": P.PASSED,
        "ben": P.PASSED,
        "cem": P.BELOW,
        "dia": P.PENDING,
        "eli": P.FLAGGED,
        "fay": P.ERROR,
        "gus": P.MISSING,
    }
    cem = p.rows["cem"][0]
    assert cem.required == pytest.approx(9.8) and cem.missing_points == pytest.approx(0.1)
    assert p.lacking("cem") == ["m01: 9.7/14, 0.1 more point(s) needed"]
    assert p.lacking("dia") == ["m01: 12/14; awaiting grading: w1"]
    assert p.lacking("gus") == ["m01: not submitted (9.8 points needed)"]
    assert "tampered: something happened" in p.lacking("eli")[0]


def test_a_manual_grade_counts_at_once(course):
    m1, m2 = course
    assert not P.course_progress([m1, m2]).passed("dia")
    grade_written(m1, "m01", "dia", 1.0)
    p = P.course_progress([m1, m2])
    assert p.passed("dia") and p.rows["dia"][0].score == 13.0


def test_without_a_gradebook_result_json_is_read(tmp_path):
    folder = make_results(tmp_path / "m", "m", {"ana": (9.0, None, "graded")}, gradebook=False)
    row = P.course_progress([folder]).rows["ana"][0]
    assert (row.status, row.pending, row.score) == (P.PENDING, ("w1",), 9.0)


def test_threshold_is_configurable(course):
    p = P.course_progress(list(course), threshold=100)
    assert [s for s in p.rows if p.passed(s)] == ["ana"]
    assert P.course_progress(list(course), threshold=69).passed("cem")


def test_mistakes_are_one_line_errors(tmp_path, course, capsys):
    with pytest.raises(FileNotFoundError, match="no results folder"):
        P.course_progress([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match=r"has no <student>/result\.json"):
        P.course_progress([tmp_path / "empty"])
    again = make_results(tmp_path / "copy", "m01", {"ana": (1.0, 1.0, "graded")}, gradebook=False)
    with pytest.raises(ValueError, match="module m01 is in two results folders"):
        P.course_progress([course[0], again])
    with pytest.raises(ValueError, match="threshold must be a percentage"):
        P.course_progress(list(course), threshold=0)
    assert main(["progress", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no results folder" in err


def test_cli_table_and_csv(course, tmp_path, capsys):
    out = tmp_path / "progress.csv"
    assert main(["progress", *map(str, course), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "certificate rule met: ana, ben" in text
    assert "dia lacks: m01: 12/14; awaiting grading: w1" in text
    with out.open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 7 * 2
    ben = next(r for r in rows if r["student_id"] == "ben" and r["module"] == "m01")
    assert (ben["percent"], ben["status"], ben["certificate"]) == ("70.0", "passed", "yes")
