"""The exercise pipeline: question modules -> solutions/ -> exercises/, checked by nbgrader."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograder.authoring import solution_source, source_notebook
from autograder.build import build
from autograder.cli import main
from autograder.questions import ASSIGNMENTS, get_assignment
from autograder.validate import validate_notebook

ROOT = Path(__file__).resolve().parents[2]


def _notebook(top: str, assignment: str) -> Path:
    return ROOT / top / assignment / f"{assignment}.ipynb"


def test_exercises_are_up_to_date_with_solutions():
    report = build(ROOT, check=True)
    assert report.up_to_date, f"run `faircourse build`; out of date: {report.changed}"


def test_build_check_cli_exit_codes(tmp_path, capsys):
    assert main(["build", "--check", "--root", str(ROOT), "--assignment", "m00-orientation"]) == 0
    # An empty course folder is out of date: --check must say so and write nothing.
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    args = ["build", "--check", "--root", str(tmp_path), "--assignment", "m00-orientation"]
    assert main(args) == 1
    assert "exercises/m00-orientation/m00-orientation.ipynb" in capsys.readouterr().out
    assert not any((tmp_path / "exercises").iterdir())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_hides_solutions_and_hidden_tests(assignment):
    text = _notebook("exercises", assignment).read_text()
    source = _notebook("solutions", assignment).read_text()
    assert "BEGIN SOLUTION" in source and "BEGIN SOLUTION" not in text
    # Hidden tests are drawn on the grading machine: no notebook holds them or their seeds.
    for notebook in (text, source):
        assert "HIDDEN TESTS" not in notebook and "hidden_seed" not in notebook
    nb = nbformat.reads(text, as_version=4)
    tests = [c for c in nb.cells if c.metadata["nbgrader"].get("grade") and c.cell_type == "code"]
    assert tests and all(c.source.endswith(f'ex.test("{c.id[:-6]}")') for c in tests)
    module = get_assignment(assignment)
    for q in module.QUESTIONS.values():
        body = q.solution.strip().splitlines()[-1].strip()
        assert body not in text, f"{q.id}: solution line visible in the student version"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_passes_every_test(assignment):
    result = validate_notebook(_notebook("solutions", assignment))
    assert result.ok, result.detail


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_student_version_runs_and_fails_every_test(assignment):
    path = _notebook("exercises", assignment)
    nb = nbformat.read(path, as_version=4)
    from nbclient import NotebookClient

    # As Run All does: errors stop the run, except in cells tagged raises-exception.
    NotebookClient(nb, resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count, f"Run All did not reach cell {cell.id}"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        is_test = cell.metadata["nbgrader"].get("grade", False)
        if is_test:
            assert errors, f"test cell {cell.id} passed in the untouched student version"
            assert "raises-exception" in cell.metadata.get("tags", [])
            shown = "\n".join(errors[0].traceback)  # what the learner sees: the message only
            assert errors[0].ename == "TestFailed" and "File " not in shown
            assert shown.startswith("✗ ") and "faircheck" not in shown, shown
        else:
            assert not errors, f"cell {cell.id} raised {errors[0].ename} in the student version"
    assert validate_notebook(path, expect_fail=True).ok


# Every known wrong answer is graded through `faircourse grade` in test_wrong_answers.py.


def test_solution_cell_keeps_the_def_line_visible():
    q = get_assignment("m02-group-metrics").QUESTIONS["q1"]
    cell = solution_source(q)
    first = cell.splitlines()[0]
    assert first.startswith(f"def {q.answer_name}(")
    assert cell.splitlines()[1].strip() == "### BEGIN SOLUTION"


def test_source_notebook_metadata_is_valid_nbgrader():
    for assignment in ASSIGNMENTS:
        nb = source_notebook(assignment)
        ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
        assert len(ids) == len(set(ids))
        graded = [c for c in nb.cells if c.metadata["nbgrader"]["grade"]]
        module = get_assignment(assignment)
        expected = sum(q.points for q in module.QUESTIONS.values())
        expected += sum(w["points"] for w in module.WRITTEN)
        assert sum(c.metadata["nbgrader"]["points"] for c in graded) == expected
