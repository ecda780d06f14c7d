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


def test_manual_grade_reaches_the_export(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded / 'course' / 'gradebook.db'}") as gb:
        # What the formgrader does when the instructor saves a score.
        grade = gb.find_grade("w1_answer", M02, M02, "alice")
        grade.manual_score = 2
        grade.needs_manual_grade = False
        gb.db.commit()
    rows = _rows(export(graded, format="csv"))
    assert rows["alice"]["status"] == "graded"
    assert float(rows["alice"]["score"]) == 14
    assert rows["bob"]["status"] == "graded"


def test_canvas_export(graded):
    path = export(graded, format="canvas")
    with path.open() as f:
        lines = list(csv.reader(f))
    assert lines[0] == [*CANVAS_COLUMNS, M02]
    assert lines[1][0] == "Points Possible" and lines[1][-1] == "14"
    by_login = {row[3]: row for row in lines[2:]}
    assert set(by_login) == {"alice", "bob"}
    assert float(by_login["bob"][-1]) < 14


def test_rerun_grades_only_changed_submissions(graded, capsys):
    subs = graded.parent / "subs"
    args = ["grade", str(subs), "--assignment", M02, "--out", str(graded), "--workers", "1"]
    args += ["--extra-tests", str(graded.parent / "private-tests"), "--root", str(ROOT)]
    args += ["--timeout", "120"]
    assert main(args) == 0
    assert "grading 0 of 2" in capsys.readouterr().err


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
