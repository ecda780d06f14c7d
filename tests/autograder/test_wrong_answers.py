"""Every known wrong answer, handed in inside the solution, loses marks through the grader.

Each wrong answer becomes one learner's submission (the solved student version with that one
answer cell replaced); the whole set is graded by ``faircourse grade`` in one parallel run.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from autograder.grader import GradeOptions, grade_submissions
from autograder.questions import ASSIGNMENTS, get_assignment
from autograder.sandbox import sandbox_available
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")

CASES = [
    (assignment, q.id, i, w.label)
    for assignment in ASSIGNMENTS
    for q in get_assignment(assignment).QUESTIONS.values()
    for i, w in enumerate(q.wrong_answers)
]


def _student(qid: str, index: int) -> str:
    return f"{qid}-wrong{index}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for assignment in ASSIGNMENTS:
        tmp = tmp_path_factory.mktemp(assignment)
        for q in get_assignment(assignment).QUESTIONS.values():
            for i, wrong in enumerate(q.wrong_answers):
                nb = submission(ROOT, assignment, answers={q.id: wrong.code})
                path = tmp / "subs" / _student(q.id, i) / assignment / f"{assignment}.ipynb"
                path.parent.mkdir(parents=True)
                nbformat.write(nb, path)
        options = GradeOptions(assignment, workers=2, timeout=120, cell_timeout=30)
        grade_submissions(tmp / "subs", tmp / "out", options, repo=ROOT)
        out[assignment] = tmp / "out"
    return out


@pytest.mark.parametrize(("assignment", "qid", "index", "label"), CASES)
def test_known_wrong_answer_loses_marks(graded, assignment, qid, index, label):
    result = json.loads((graded[assignment] / _student(qid, index) / "result.json").read_text())
    assert result["status"] in {"graded", "needs_manual"}, result["detail"]
    question = next(q for q in result["questions"] if q["id"] == qid)
    assert question["points"] < question["max_points"], f"{label!r} kept all of {qid}'s points"
    assert question["message"], "a lost question must say why"
