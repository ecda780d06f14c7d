"""Every known wrong answer, handed in inside the solution, loses marks through the grader.

Wrong answers are packed into few submissions: in each, every question gets at most one wrong
answer and the rest of the notebook is the solution, and no question shares a submission with
one it calls (``Question.uses``), so each wrong answer is judged against correct helpers. The
whole set is graded by ``faircourse grade`` in one parallel run per assignment; each question's
points are checked on their own.
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


def _related(questions) -> dict[str, set[str]]:
    """Question id -> the ids it calls or is called by, directly or not."""
    calls = {q.id: set(q.uses) for q in questions}
    changed = True
    while changed:  # transitive closure; a handful of questions
        changed = False
        for used in calls.values():
            more = set().union(*(calls.get(u, set()) for u in used)) - used
            if more:
                used |= more
                changed = True
    related = {qid: set(used) for qid, used in calls.items()}
    for qid, used in calls.items():
        for u in used:
            related.setdefault(u, set()).add(qid)
    return related


def rounds(assignment: str) -> list[dict[str, int]]:
    """Submissions as {question id: index of its wrong answer}, few and conflict-free."""
    questions = list(get_assignment(assignment).QUESTIONS.values())
    related = _related(questions)
    packed: list[dict[str, int]] = []
    for q in questions:
        for index in range(len(q.wrong_answers)):
            for chosen in packed:
                if q.id not in chosen and not related[q.id] & chosen.keys():
                    chosen[q.id] = index
                    break
            else:
                packed.append({q.id: index})
    return packed


def test_rounds_hold_every_wrong_answer_once_and_never_a_question_with_its_helper():
    for assignment in ASSIGNMENTS:
        packed = rounds(assignment)
        questions = get_assignment(assignment).QUESTIONS
        held = sorted((qid, i) for chosen in packed for qid, i in chosen.items())
        assert held == sorted(
            (q.id, i) for q in questions.values() for i in range(len(q.wrong_answers))
        )
        for chosen in packed:
            for qid in chosen:
                assert not set(questions[qid].uses) & chosen.keys()


def _grade_assignment(assignment: str, tmp: Path) -> dict[tuple[str, str, int], Path]:
    """Grade every wrong answer of ``assignment`` in one run; where each result went."""
    found = {}
    questions = get_assignment(assignment).QUESTIONS
    for r, chosen in enumerate(rounds(assignment)):
        code = {qid: questions[qid].wrong_answers[i].code for qid, i in chosen.items()}
        nb = submission(ROOT, assignment, answers=code)
        path = tmp / "subs" / f"round{r}" / assignment / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        for qid, i in chosen.items():
            found[assignment, qid, i] = tmp / "out" / f"round{r}" / "result.json"
    options = GradeOptions(assignment, workers=2, timeout=180, cell_timeout=30)
    grade_submissions(tmp / "subs", tmp / "out", options, repo=ROOT)
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(assignment, question id, wrong-answer index) -> the result.json that graded it.

    Each assignment is graded when its first case asks (``-k m02`` grades m02 alone).
    """
    found: dict[tuple[str, str, int], Path] = {}
    done: set[str] = set()

    def result(assignment: str, qid: str, index: int) -> Path:
        if assignment not in done:
            found.update(_grade_assignment(assignment, tmp_path_factory.mktemp(assignment)))
            done.add(assignment)
        return found[assignment, qid, index]

    return result


@pytest.mark.parametrize(("assignment", "qid", "index", "label"), CASES)
def test_known_wrong_answer_loses_marks(graded, assignment, qid, index, label):
    result = json.loads(graded(assignment, qid, index).read_text())
    assert result["status"] in {"graded", "needs_manual"}, result["detail"]
    question = next(q for q in result["questions"] if q["id"] == qid)
    assert question["points"] < question["max_points"], f"{label!r} kept all of {qid}'s points"
    assert question["message"], "a lost question must say why"
    detects = get_assignment(assignment).QUESTIONS[qid].wrong_answers[index].detects
    assert detects in question["message"], f"{label!r}: the message does not say {detects!r}"
