"""faircourse grade -> manual grading in the gradebook -> faircourse export (csv, canvas)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main
from autograder.export import CANVAS_COLUMNS, export
from autograder.grader import read_extra_tests
from autograder.questions import get_assignment
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
M02 = "m02-group-metrics"
pytestmark = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")


def _wrong(qid: str, label_part: str) -> str:
    q = get_assignment(M02).QUESTIONS[qid]
    return next(w.code for w in q.wrong_answers if label_part in w.label)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    subs = tmp / "subs"
    learners = {
        "alice": submission(ROOT, M02, written={"w1": "Equal opportunity: compare TPRs."}),
        # Passes q1's public examples, fails its hidden cases (a Series with another index).
        "bob": submission(ROOT, M02, answers={"q1": _wrong("q1", "positional")}),
    }
    for student, nb in learners.items():
        path = subs / student / M02 / f"{M02}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    extra = tmp / "private-tests"
    extra.mkdir()
    (extra / f"{M02}.json").write_text(json.dumps({"q1": {"hidden_seeds": [987654321]}}))
    out = tmp / "results"
    args = ["grade", str(subs), "--assignment", M02, "--out", str(out), "--workers", "2"]
    args += ["--extra-tests", str(extra), "--root", str(ROOT), "--timeout", "120"]
    assert main(args) == 0
    return out


def _rows(path: Path) -> dict[str, dict]:
    with path.open() as f:
        return {r["student_id"]: r for r in csv.DictReader(f)}


def test_grades_csv_and_statuses(graded):
    rows = _rows(graded / "grades.csv")
    assert list(next(iter(rows.values()))) == [
        "student_id",
        "assignment",
        "score",
        "max_score",
        "status",
        "detail",
    ]
    assert rows["alice"]["status"] == "needs_manual"
    assert float(rows["alice"]["score"]) == 12 and float(rows["alice"]["max_score"]) == 14
    # bob left the written answer untouched: nbgrader scores an unchanged answer 0 itself.
    assert rows["bob"]["status"] == "graded"
    result = json.loads((graded / "bob" / "result.json").read_text())
    q1 = next(q for q in result["questions"] if q["id"] == "q1")
    assert q1["points"] == 0 and q1["message"], "a hidden-only mistake must lose q1's points"


def test_extra_tests_add_hidden_cases_the_source_does_not_hold(graded):
    source = (graded / "course" / "source" / M02 / f"{M02}.ipynb").read_text()
    assert "987654321" not in source and "hidden_seed" not in source
    nb = nbformat.read(graded / "course" / "autograded" / "alice" / M02 / f"{M02}.ipynb", 4)
    q1 = next(c for c in nb.cells if c.get("id") == "q1_tests")
    q2 = next(c for c in nb.cells if c.get("id") == "q2_tests")
    # One hidden set from the secret, one more from the private seed (7 cases each).
    assert "passed (3 public and 14 hidden cases)" in q1.outputs[0].text
    assert "passed (3 public and 7 hidden cases)" in q2.outputs[0].text


def test_each_learner_gets_other_hidden_cases(graded):
    from autograder.answers import make_request
    from autograder.seeds import hidden_seeds, load_or_create_secret

    key, created = load_or_create_secret(graded / "course" / "grading_secret.key")
    assert not created
    q1 = get_assignment(M02).QUESTIONS["q1"]
    labels = {}
    for student in ("alice", "bob"):
        request = make_request(q1, hidden_seeds(key, M02, "q1", student))
        labels[student] = [c.to_dict()["inputs"] for _, c in request.cases if c.hidden]
    assert labels["alice"] != labels["bob"]


def test_feedback_hides_hidden_tests_but_keeps_messages(graded):
    html = (graded / "bob" / "feedback.html").read_text()
    assert "hidden_seed" not in html and "987654321" not in html
    assert "hidden test" in html


COMMENT = "Clear: equal opportunity, and why <not> demographic parity."


def _give_manual_grade(graded: Path, score: float, comment: str = COMMENT) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded / 'course' / 'gradebook.db'}") as gb:
        # What the formgrader does when the instructor saves a score and a comment.
        grade = gb.find_grade("w1_answer", M02, M02, "alice")
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.find_comment("w1_answer", M02, M02, "alice").manual_comment = comment
        gb.db.commit()


def test_export_names_ungraded_answers_and_can_require_them(graded, capsys):
    with pytest.raises(ValueError, match=r"1 written answer\(s\) not graded yet: alice w1"):
        export(graded, format="csv", require_complete=True)
    assert main(["export", "--results", str(graded), "--require-complete"]) == 2
    assert "alice w1; grade them in the formgrader" in capsys.readouterr().err
    assert main(["export", "--results", str(graded)]) == 0
    err = capsys.readouterr().err
    assert "warning: 1 written answer(s) not graded yet" in err and "alice w1" in err
    html = (graded / "alice" / "feedback.html").read_text()
    assert "not graded yet / 2" in html and "0 / 2" not in html


def test_formgrader_shows_the_rubric_the_learner_never_sees(graded):
    rubric = get_assignment(M02).WRITTEN[0]["rubric"]
    first_line = rubric.strip().splitlines()[0]
    nb = nbformat.read(graded / "course" / "autograded" / "alice" / M02 / f"{M02}.ipynb", 4)
    ids = [c.get("id") for c in nb.cells]
    assert ids.index("w1-rubric") == ids.index("w1_answer") - 1
    assert first_line in nb.cells[ids.index("w1-rubric")].source
    assert first_line not in (graded / "alice" / "feedback.html").read_text()
    student = (ROOT / "exercises" / M02 / f"{M02}.ipynb").read_text()
    assert first_line not in student


def test_manual_grade_reaches_the_export_and_the_feedback(graded):
    _give_manual_grade(graded, 2)
    rows = _rows(export(graded, format="csv", require_complete=True))
    assert rows["alice"]["status"] == "graded"
    assert float(rows["alice"]["score"]) == 14
    assert rows["bob"]["status"] == "graded"
    html = (graded / "alice" / "feedback.html").read_text()
    assert "14 / 14 points" in html and "2 / 2" in html
    assert "Clear: equal opportunity, and why &lt;not&gt; demographic parity." in html
    assert json.loads((graded / "alice" / "result.json").read_text())["status"] == "graded"


def test_canvas_export_fills_the_ids_from_the_roster(graded, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,ID,SIS User ID,Student\nbob,1002,S2,Bob B\n")
    with pytest.raises(ValueError, match=r"1 graded student\(s\) not in the roster .*: alice"):
        export(graded, format="canvas", roster=roster, out=tmp_path / "c.csv")
    assert not (tmp_path / "c.csv").exists()
    with pytest.raises(ValueError, match="needs --roster"):
        export(graded, format="canvas")
    roster.write_text(
        "student_id,ID,SIS User ID,Student\nbob,1002,S2,Bob B\nalice,1001,S1,Alice A\n"
    )
    path = export(graded, format="canvas", roster=roster)
    with path.open() as f:
        lines = list(csv.reader(f))
    assert lines[0] == [*CANVAS_COLUMNS, M02]
    assert lines[1][0] == "Points Possible" and lines[1][-1] == "14"
    by_id = {row[1]: row for row in lines[2:]}
    assert set(by_id) == {"1001", "1002"}
    assert by_id["1001"][:3] == ["Alice A", "1001", "S1"] and by_id["1001"][-1] == "14"
    assert float(by_id["1002"][-1]) < 14


def _grade_again(graded: Path, timeout: str = "120") -> int:
    subs = graded.parent / "subs"
    args = ["grade", str(subs), "--assignment", M02, "--out", str(graded), "--workers", "1"]
    args += ["--extra-tests", str(graded.parent / "private-tests"), "--root", str(ROOT)]
    return main([*args, "--timeout", timeout])


def test_rerun_grades_only_changed_submissions_and_keeps_manual_grades(graded, capsys):
    assert _grade_again(graded) == 0
    assert "grading 0 of 2" in capsys.readouterr().err
    rows = _rows(graded / "grades.csv")
    assert (rows["alice"]["status"], float(rows["alice"]["score"])) == ("graded", 14)


def test_regrade_keeps_a_manual_grade_unless_the_answer_changed(graded, capsys):
    # Another time limit changes every fingerprint: a full regrade.
    assert _grade_again(graded, timeout="119") == 0
    assert "grading 2 of 2" in capsys.readouterr().err
    rows = _rows(graded / "grades.csv")
    assert (rows["alice"]["status"], float(rows["alice"]["score"])) == ("graded", 14)
    assert (
        COMMENT.replace("<not>", "&lt;not&gt;") in (graded / "alice" / "feedback.html").read_text()
    )
    path = graded.parent / "subs" / "alice" / M02 / f"{M02}.ipynb"
    written = {"w1": "Demographic parity, on second thoughts."}
    nbformat.write(submission(ROOT, M02, written=written), path)
    assert _grade_again(graded, timeout="119") == 0
    assert "grading 1 of 2" in capsys.readouterr().err
    rows = _rows(graded / "grades.csv")
    assert (rows["alice"]["status"], float(rows["alice"]["score"])) == ("needs_manual", 12)
    assert COMMENT.split(",")[0] not in (graded / "alice" / "feedback.html").read_text()


def test_extra_tests_errors(tmp_path):
    with pytest.raises(ValueError, match=f"no {M02}.json in"):
        read_extra_tests(M02, tmp_path / "missing")
    with pytest.raises(ValueError, match=f"no {M02}.json in"):
        read_extra_tests(M02, tmp_path)
    (tmp_path / f"{M02}.json").write_text(json.dumps({"q99": {"hidden_seeds": [1]}}))
    with pytest.raises(ValueError, match="unknown question"):
        read_extra_tests(M02, tmp_path)
    for bad in ('{"q1": [1, 2]}', '{"q1": {"hidden_seeds": [true]}}', "not json"):
        (tmp_path / f"{M02}.json").write_text(bad)
        with pytest.raises(ValueError, match="expected"):
            read_extra_tests(M02, tmp_path)
    (tmp_path / f"{M02}.json").write_text('{"q1": {"hidden_seeds": [5, 6]}}')
    assert read_extra_tests(M02, tmp_path) == {"q1": [5, 6]}


def test_export_without_results(tmp_path):
    with pytest.raises(FileNotFoundError, match="faircourse grade"):
        export(tmp_path)


def test_reserved_and_hidden_student_folders(tmp_path):
    from autograder.grader import GradeOptions, grade_submissions

    subs = tmp_path / "subs"
    for name in ("course", ".ipynb_checkpoints"):
        (subs / name / "m00-orientation").mkdir(parents=True)
    out = tmp_path / "out"
    results = grade_submissions(subs, out, GradeOptions("m00-orientation"), repo=ROOT)
    assert [(r["student_id"], r["status"]) for r in results] == [("course", "grading_error")]
    assert "reserved" in results[0]["detail"]
    assert not (out / "course" / "result.json").exists()
