"""Nothing lost: any interleaving of grading, manual grading, regrading and export leaves
``grades.csv`` and the learner's feedback equal to the gradebook, and never resets a graded
written answer that did not change.

The pipeline is the real one (``grading_job.grade_one``: submission checks, rebuild on the
release, nbgrader's autograde and gradebook, result.json, feedback.html, then
``gradebook.refresh``), without the sandboxed kernel: nbgrader scores the test cells as
submitted (no output: full points), which is all this property needs. The expected state of
the written answer is a small model kept beside it: the score given by hand for the answer
text it was given for, lost only when the learner hands in another text.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder import nbgrader_run
from autograder.export import export
from autograder.grader import GradeOptions, prepare_course
from autograder.grading_job import Job, grade_one
from autograder.simulate import submission

ROOT = Path(__file__).resolve().parents[2]
M02 = "m02-group-metrics"
STUDENT = "ana"
TEXTS = {0: None, 1: "Equal opportunity: compare TPRs.", 2: "Demographic parity, on reflection."}


def _autograde_without_kernel(course, assignment, student, policy, requests, hidden_modules):
    """nbgrader's autograde exactly as grading runs it, minus the sandboxed execution."""
    config = nbgrader_run.nbgrader_config(course)
    config.Autograde.autograde_preprocessors = [
        p
        for p in config.Autograde.autograde_preprocessors
        if p is not nbgrader_run.SandboxedExecute
    ]
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    nbgrader_run.nbgrader_environment()
    out = course.autograded(student, assignment).parent
    if out.exists():
        shutil.rmtree(out)
    with nbgrader_run._gradebook_warnings_ignored():
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        result = api.autograde(assignment, student, force=True, create=True)
    assert result["success"], result.get("log", "")[-2000:]
    return nbgrader_run._Run(status=nbgrader_run.OK)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("template") / "results"
    prepare_course(ROOT, GradeOptions(M02), out)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nbgrader_run, "autograde_student", _autograde_without_kernel)
        yield out


class _Class:
    """One learner's course: hands in, gets graded, graded by hand, exported."""

    def __init__(self, template: Path, tmp: Path):
        self.out = tmp / "results"
        shutil.copytree(template, self.out)
        self.subs = tmp / "subs"
        self.course = nbgrader_run.Course(self.out / "course")
        self.version = None  # the answer text last graded
        self.manual = None  # (score, version) given by hand

    def hand_in_and_grade(self, version: int) -> None:
        path = self.subs / STUDENT / M02 / f"{M02}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        written = {"w1": TEXTS[version]} if TEXTS[version] else None
        nbformat.write(submission(ROOT, M02, written=written), path)
        options = GradeOptions(M02)
        job = Job(
            str(self.course.root),
            STUDENT,
            str(self.subs),
            options,
            str(self.out),
            "fp",
            b"k" * 32,
            {},
        )
        grade_one(job)
        from autograder.gradebook import refresh

        refresh(self.out)
        self.version = version
        if self.manual is not None and self.manual[1] != version:
            self.manual = None  # another answer: the old grade no longer applies

    def grade_by_hand(self, score: float) -> None:
        from nbgrader.api import Gradebook

        if self.version is None:
            return  # nothing to grade yet
        with Gradebook(self.course.db_url) as gb:
            grade = gb.find_grade("w1_answer", M02, M02, STUDENT)
            grade.manual_score = score
            grade.needs_manual_grade = False
            gb.find_comment("w1_answer", M02, M02, STUDENT).manual_comment = f"given {score:g}"
            gb.db.commit()
        self.manual = (score, self.version)

    def expected_w1(self) -> tuple[float, bool]:
        """(score, needs manual grading) of the written answer, from the model."""
        if self.manual is not None:
            return self.manual[0], False
        return 0.0, TEXTS[self.version] is not None  # an untouched answer scores 0 itself


OPS = st.one_of(
    st.tuples(st.just("grade"), st.sampled_from(sorted(TEXTS))),
    st.tuples(st.just("regrade"), st.none()),
    st.tuples(st.just("manual"), st.sampled_from([0.0, 1.0, 2.0])),
    st.tuples(st.just("export"), st.none()),
)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=1, max_size=5))
def test_any_interleaving_leaves_the_table_equal_to_the_gradebook(template, tmp_path_factory, ops):
    from nbgrader.api import Gradebook

    klass = _Class(template, tmp_path_factory.mktemp("run"))
    klass.hand_in_and_grade(1)
    for op, arg in ops:
        if op == "grade":
            klass.hand_in_and_grade(arg)
        elif op == "regrade":
            klass.hand_in_and_grade(klass.version)
        elif op == "manual":
            klass.grade_by_hand(arg)
        else:
            export(klass.out)
        with Gradebook(klass.course.db_url) as gb:  # the gradebook keeps the model's grade
            w1 = gb.find_grade("w1_answer", M02, M02, STUDENT)
            assert (float(w1.score), bool(w1.needs_manual_grade)) == klass.expected_w1(), ops
    export(klass.out)
    with Gradebook(klass.course.db_url) as gb:
        sub = gb.find_submission(M02, STUDENT)
        want = (float(sub.score), float(sub.max_score), sub.needs_manual_grade)
    with (klass.out / "grades.csv").open() as f:
        (row,) = list(csv.DictReader(f))
    got = (float(row["score"]), float(row["max_score"]), row["status"] == "needs_manual")
    assert got == want, ops
    assert row["status"] in ("graded", "needs_manual")
    score, waiting = klass.expected_w1()
    assert want == (12.0 + score, 14.0, waiting), ops
    html = (klass.out / STUDENT / "feedback.html").read_text()
    assert f"{want[0]:g} / 14 points" in html
    assert ("not graded yet / 2" in html) == waiting
    if klass.manual is not None:
        assert f"{score:g} / 2" in html and f"given {score:g}" in html


def test_an_override_of_an_autograded_score_follows_the_code(template, tmp_path):
    """A score the instructor typed over the autograder's stays while the code is the same."""
    from nbgrader.api import Gradebook

    klass = _Class(template, tmp_path)
    klass.hand_in_and_grade(0)

    def q1() -> tuple[float, bool]:
        with Gradebook(klass.course.db_url) as gb:
            grade = gb.find_grade("q1_tests", M02, M02, STUDENT)
            return float(grade.score), bool(grade.needs_manual_grade)

    with Gradebook(klass.course.db_url) as gb:
        grade = gb.find_grade("q1_tests", M02, M02, STUDENT)
        grade.manual_score, grade.needs_manual_grade = 1.0, False
        gb.db.commit()
    klass.hand_in_and_grade(0)  # a regrade, the same code
    assert q1() == (1.0, False)
    path = klass.subs / STUDENT / M02 / f"{M02}.ipynb"
    nb = nbformat.read(path, as_version=4)
    answer = next(c for c in nb.cells if c.get("id") == "q2_answer")
    answer.source += "\n# changed"
    nbformat.write(nb, path)
    options = GradeOptions(M02)
    job = Job(str(klass.course.root), STUDENT, str(klass.subs), options, str(klass.out),
              "fp", b"k" * 32, {})  # fmt: skip
    grade_one(job)
    assert q1() == (2.0, False)  # the code changed: the autograder's score again
