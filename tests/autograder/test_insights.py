"""faircourse insights on a planted class: the report recovers the planted mistakes exactly.

Nine learners hand in m02-group-metrics; each answer is the solution or one known wrong
answer (its ``WrongAnswer.code``), in planted numbers. The class is graded once through the
real pipeline (sandboxed ``faircourse grade``), two written answers are graded by hand in the
gradebook, and the report must give back the planted counts, and the shares, means and
discrimination computed here from the gradebook itself.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.cli import main
from autograder.grading_job import FLAGGED
from autograder.insights import BAD_MISTAKES, class_insights, discrimination
from autograder.progress import EMPTY_RESULTS, NO_RESULTS, TWO_FOLDERS
from autograder.questions import get_assignment
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
M02 = "m02-group-metrics"
QUESTIONS = get_assignment(M02).QUESTIONS
# question -> wrong answer label -> (the mistake it makes, the learners who hand it in)
PLANTED = {
    "q1": {
        "overall rate for every group": (0, ["s01", "s02", "s03"]),
        "count instead of share": (1, ["s04"]),
    },
    "q2": {
        "TPR and FPR swapped": (1, ["s01", "s05", "s06", "s07"]),
        "TPR divided by the group size": (2, ["s02", "s08"]),
        "y_true and y_pred swapped": (3, ["s09"]),
    },
    "q5": {"weights ignored": (0, ["s03", "s06"])},
}
STUDENTS = [f"s{i:02d}" for i in range(1, 10)]
WRITERS = ["s01", "s02", "s03", "s04", "s05"]  # the others leave w1 untouched (nbgrader: 0)
BY_HAND = {"s01": 1.0, "s02": 2.0}  # w1 graded in the formgrader; s03..s05 still wait
HOSTILE = "<script>alert(1)</script>"
HOSTILE_ID = "<b onclick=alert(1)>"
pytestmark = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")


def _answers(student: str) -> dict[str, str]:
    out = {}
    for qid, planted in PLANTED.items():
        for label, (_, learners) in planted.items():
            if student in learners:
                out[qid] = next(w.code for w in QUESTIONS[qid].wrong_answers if w.label == label)
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from nbgrader.api import Gradebook

    tmp = tmp_path_factory.mktemp("planted")
    subs = tmp / "subs"
    for student in STUDENTS:
        written = {"w1": f"{HOSTILE} equal opportunity"} if student in WRITERS else None
        nb = submission(ROOT, M02, answers=_answers(student), written=written)
        path = subs / student / M02 / f"{M02}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    out = tmp / "results"
    args = ["grade", str(subs), "--assignment", M02, "--out", str(out), "--workers", "2"]
    assert main([*args, "--root", str(ROOT), "--timeout", "120"]) == 0
    with Gradebook(f"sqlite:///{out / 'course' / 'gradebook.db'}") as gb:
        for student, points in BY_HAND.items():
            grade = gb.find_grade("w1_answer", M02, M02, student)
            grade.manual_score, grade.needs_manual_grade = points, False
        gb.db.commit()
    return out


def _gradebook_points(results: Path) -> dict[str, dict[str, tuple[float, float, bool]]]:
    """student -> question -> (score, max score, awaiting grading), read from nbgrader."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{results / 'course' / 'gradebook.db'}") as gb:
        return {
            s: {
                g.name.rsplit("_", 1)[0]: (g.score, g.max_score, g.needs_manual_grade)
                for nb in gb.find_submission(M02, s).notebooks
                for g in nb.grades
            }
            for s in STUDENTS
        }


def test_misconceptions_recover_the_planted_counts(graded):
    (module,) = class_insights([graded]).modules
    found = {(c.qid, c.message): c for c in module.misconceptions}
    expected = {
        (qid, QUESTIONS[qid].mistakes[index].message): len(learners)
        for qid, planted in PLANTED.items()
        for index, learners in planted.values()
    }
    assert {k: c.learners for k, c in found.items()} == expected
    for c in found.values():  # these mistakes show in the examples and in every hidden draw
        assert c.of == len(STUDENTS) and c.public == c.learners and c.hidden == c.learners
    # Case by case, result.json's public count is what the host's judge gives in this process.
    for qid, planted in PLANTED.items():
        for label, (index, learners) in planted.items():
            public = _public_hits(qid, label, index)
            for student in learners:
                result = json.loads((graded / student / "result.json").read_text())
                (q,) = [q for q in result["questions"] if q["id"] == qid]
                (record,) = q["mistakes"]
                assert (record["index"], record["public"]) == (index, public) and public > 0
    top = module.misconceptions[0]
    assert (top.qid, round(100 * top.share)) == ("q2", 44)  # 4 of 9 swapped TPR and FPR
    assert module.unrecorded == 0 and module.incidents == []


def _public_hits(qid: str, label: str, index: int) -> int:
    """Public cases whose output, run here, equals the mistaken variant ``index`` (by value)."""
    from autograder.questions.m02_group_metrics import setup_code
    from faircheck._plain import from_json, same, to_json

    q, mistake = QUESTIONS[qid], QUESTIONS[qid].mistakes[index]
    namespace: dict = {}
    exec(setup_code, namespace)
    exec(next(w.code for w in q.wrong_answers if w.label == label), namespace)
    hits = 0
    for case in q.cases():
        got = from_json(to_json(q.run(namespace[q.answer_name], case)))
        with np.errstate(all="ignore"):  # a variant may divide by an empty group
            variant = mistake.variant(**case.call_inputs())
        want = q.expected(case)
        if mistake.column is not None:
            got, want = got[mistake.column], want[mistake.column]
        hits += same(
            got,
            {k: float(v) for k, v in variant.items()}
            if isinstance(variant, dict)
            else float(variant),
        ) and not same(got, want)
    return hits


def test_question_shares_means_and_discrimination_match_the_gradebook(graded):
    (module,) = class_insights([graded]).modules
    points = _gradebook_points(graded)
    stats = {q.qid: q for q in module.questions}
    assert set(stats) == {*QUESTIONS, "w1"}
    for qid, q in stats.items():
        rows = [points[s][qid] for s in STUDENTS if not points[s][qid][2]]
        scores = [score for score, _, _ in rows]
        assert q.graded == len(rows) and q.pending == len(STUDENTS) - len(rows)
        assert q.mean == pytest.approx(np.mean(scores))
        assert q.full == pytest.approx(np.mean([s == m for s, m, _ in rows]))
        assert q.zero == pytest.approx(np.mean([s == 0 for s in scores]))
        assert q.partial == pytest.approx(np.mean([0 < s < m for s, m, _ in rows]))
    assert stats["w1"].graded == 6 and stats["w1"].partial == pytest.approx(1 / 6)
    assert stats["q2"].zero == pytest.approx(7 / 9) and stats["q3"].full == 1.0
    # q2's points against the rest of each learner's graded points, by numpy.
    x = [points[s]["q2"][0] for s in STUDENTS]
    rest = [sum(v[0] for k, v in points[s].items() if k != "q2" and not v[2]) for s in STUDENTS]
    assert stats["q2"].discrimination == pytest.approx(np.corrcoef(x, rest)[0, 1])
    assert stats["q3"].discrimination is None  # everyone solved it: no spread
    assert module.pending == {"w1": ["s03", "s04", "s05"]}


def test_discrimination_by_hand():
    # x = (1, 0, 1, 0), rest = (3, 1, 2, 2): means 0.5 and 2; sxy = 1, sxx = 1, syy = 2.
    assert discrimination([1, 0, 1, 0], [3, 1, 2, 2]) == pytest.approx(1 / np.sqrt(2))
    assert discrimination([1, 0], [3, 1]) is None


def test_report_renders_plots_and_escapes_learner_text(graded, tmp_path, capsys):
    report = tmp_path / "insights.html"
    assert main(["insights", str(graded), "--out", str(report)]) == 0
    assert "most frequent mistake: q2 44%" in capsys.readouterr().out
    page = report.read_text()
    assert page.index("Content-Security-Policy") < page.index("<title>")
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', page)
    assert len(images) == 3  # scores, question shares, misconceptions
    assert all(base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n" and alt for data, alt in images)
    assert "<script" not in page
    assert "look like the false positive rate" in page and "s03, s04, s05" in page
    assert main(["insights", str(graded)]) == 0  # default: beside the results
    assert (graded / "insights.html").read_text().count("data:image/png") == 3


def test_incidents_old_results_and_hostile_text(tmp_path):
    folder = tmp_path / "m02"

    def write(student, status, detail, questions):
        (folder / student.strip("<>/()")).mkdir(parents=True)
        r = {"student_id": student, "assignment": M02, "score": 0.0, "max_score": 3.0}
        r |= {"status": status, "detail": detail, "questions": questions}
        (folder / student.strip("<>/()") / "result.json").write_text(json.dumps(r))

    def q(qid, message, **extra):
        record = {"id": qid, "grade_id": f"{qid}_tests", "points": 0.0, "max_points": 3.0}
        return record | {"needs_manual": False, "kind": "autograded", "message": message, **extra}

    stopped = "q2 (TPR): the tests of this question have no results: the notebook stopped "
    write("old", "graded", "", [q("q2", "q2 (TPR): wrong")])  # graded before mistakes were kept
    write(
        "slow",
        "graded",
        "cell timed out",
        [q("q2", stopped + "(cell_timeout) before they ran", mistakes=[])],
    )
    flagged = FLAGGED.format(gid="q2_tests")
    write(HOSTILE_ID, "tampered", flagged, [q("q2", "", mistakes=[])])
    write("dead", "grading_error", f"kernel_died: {HOSTILE}", [])
    (module,) = class_insights([folder]).modules
    kinds = {(i.student, i.qid, i.kind) for i in module.incidents}
    assert kinds == {
        ("slow", "q2", "timeout"),
        (HOSTILE_ID, "q2", "tampered"),
        ("dead", "", "grading error"),
    }
    assert module.students == ["old", "slow"] and module.unrecorded == 1
    from autograder._insights_html import render_report

    page = render_report(class_insights([folder]))
    for text in (HOSTILE, HOSTILE_ID):
        assert text not in page and html.escape(text) in page
    assert "grade again to count them" in page
    bad = q("q2", "", mistakes=[{"message": "x", "public": "1", "hidden": 0}])
    write("broken", "graded", "", [bad])
    with pytest.raises(
        ValueError, match=re.escape(BAD_MISTAKES.format(student="broken", module=M02, qid="q2"))
    ):
        class_insights([folder])


def test_a_module_in_two_folders_is_refused(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder / "ana").mkdir(parents=True)
        r = {"student_id": "ana", "assignment": M02, "score": 1.0, "max_score": 1.0}
        r |= {"status": "graded", "questions": []}
        (tmp_path / folder / "ana" / "result.json").write_text(json.dumps(r))
    assert main(["insights", str(tmp_path / "a"), str(tmp_path / "b")]) == 2
    expected = TWO_FOLDERS.format(assignment=M02, a=tmp_path / "a", b=tmp_path / "b")
    assert capsys.readouterr().err.strip() == f"faircourse insights: error: {expected}"


def test_missing_or_empty_results_folder_is_a_one_line_error(tmp_path, capsys):
    assert main(["insights", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "faircourse insights: error: " + NO_RESULTS.format(path=tmp_path / "nope")
    assert main(["insights", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "faircourse insights: error: " + EMPTY_RESULTS.format(path=tmp_path)


def test_the_demo_shows_the_class_report_and_its_top_mistakes(graded, capsys):
    from autograder.demo import _insights

    _insights(graded)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith(str(graded / "insights.html"))
    assert (graded / "insights.html").is_file()
    assert lines[2].strip() == f"{len(STUDENTS)} learner(s) of {M02}; most frequent mistakes:"
    swapped = QUESTIONS["q2"].mistakes[1].message
    assert lines[3].split()[:2] == ["q2", "4/9"] and swapped[:40] in lines[3]
    assert len(lines) == 6  # the three most frequent
