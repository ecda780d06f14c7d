"""Every mistake at the command line: one line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from autograder import _cli_errors as E
from autograder import cli
from autograder.cli import main
from autograder.export import NEEDS_ROSTER, NO_RESULTS, NO_RESULTS_DIR
from autograder.roster import DUPLICATE, MISSING_COLUMNS, NO_CANVAS_ID, NO_ROSTER, read_roster

ROOT = Path(__file__).resolve().parents[2]
M00 = "m00-orientation"
RELEASE = ROOT / "exercises" / M00 / f"{M00}.ipynb"


def _fails(capsys, argv, code=2) -> str:
    assert main(argv) == code
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and err.startswith(f"faircourse {argv[0]}: error: "), err
    assert "Traceback" not in err + captured.out
    return err


def _head(template: str) -> str:
    """The fixed text of a message before its first field."""
    return template.split("{")[0]


def _grade(capsys, subs: Path, tmp_path: Path, assignment: str = M00) -> str:
    argv = ["grade", str(subs), "--assignment", assignment, "--out", str(tmp_path / "out")]
    return _fails(capsys, [*argv, "--root", str(ROOT)])


def _notebook(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(RELEASE, path)


def test_alone_it_prints_help_and_version(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: faircourse") and "grade" in out and "export" in out
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("faircourse ")


@pytest.mark.parametrize("command", ["build", "validate", "grade", "similarity", "export"])
def test_help_shows_an_example_and_the_defaults(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert f"example:\n  faircourse {command}" in out
    if command == "grade":
        assert "(default: 300.0)" in out and "(default: 2.0)" in out
    if command == "export":
        assert "(default: csv)" in out and "--roster" in out


def test_unknown_assignment_lists_the_known_ones(capsys, tmp_path):
    err = _grade(capsys, tmp_path, tmp_path, assignment="m02-group-metric")
    assert "unknown assignment 'm02-group-metric'" in err and "m02-group-metrics" in err


def test_missing_submissions_folder(capsys, tmp_path):
    assert "no submissions folder" in _grade(capsys, tmp_path / "nope", tmp_path)


def test_empty_submissions_folder(capsys, tmp_path):
    (tmp_path / "subs").mkdir()
    assert _head(E.EMPTY) in _grade(capsys, tmp_path / "subs", tmp_path)


def test_flat_layout(capsys, tmp_path):
    _notebook(tmp_path / "subs" / "alice.ipynb")
    err = _grade(capsys, tmp_path / "subs", tmp_path)
    assert "holds notebooks directly (alice.ipynb)" in err


def test_one_students_folder_given(capsys, tmp_path):
    _notebook(tmp_path / "alice" / M00 / f"{M00}.ipynb")
    assert "looks like one student's folder" in _grade(capsys, tmp_path / "alice", tmp_path)


def test_the_folder_above_given(capsys, tmp_path):
    _notebook(tmp_path / "course" / "submitted" / "alice" / M00 / f"{M00}.ipynb")
    err = _grade(capsys, tmp_path / "course", tmp_path)
    assert "one level down" in err and str(tmp_path / "course" / "submitted") in err


def test_notebooks_one_folder_too_high(capsys, tmp_path):
    _notebook(tmp_path / "subs" / "alice" / f"{M00}.ipynb")
    err = _grade(capsys, tmp_path / "subs", tmp_path)
    assert "one folder too high (alice/m00-orientation.ipynb)" in err


def test_submissions_of_another_assignment(capsys, tmp_path):
    other = "m02-group-metrics"
    _notebook(tmp_path / "subs" / "alice" / other / f"{other}.ipynb")
    err = _grade(capsys, tmp_path / "subs", tmp_path)
    assert "they hold m02-group-metrics: check --assignment" in err


def test_grading_error_exits_1(capsys, tmp_path):
    subs = tmp_path / "subs"
    _notebook(tmp_path / "elsewhere.ipynb")
    (subs / "alice" / M00).mkdir(parents=True)
    (subs / "alice" / M00 / f"{M00}.ipynb").symlink_to(tmp_path / "elsewhere.ipynb")
    argv = ["grade", str(subs), "--assignment", M00, "--out", str(tmp_path / "out")]
    assert main([*argv, "--root", str(ROOT), "--workers", "1"]) == 1
    assert "1 grading_error" in capsys.readouterr().out
    # export says so, and --require-complete refuses to write grades with a hole in them
    results = ["export", "--results", str(tmp_path / "out")]
    err = _fails(capsys, [*results, "--require-complete", "--out", str(tmp_path / "g.csv")])
    assert "1 submission(s) could not be graded (grading_error, 0 points here): alice" in err
    assert not (tmp_path / "g.csv").exists()
    assert main(results) == 0
    assert "warning: 1 submission(s) could not be graded" in capsys.readouterr().err


def test_validate_missing_and_non_notebook_files(capsys, tmp_path):
    err = _fails(capsys, ["validate", str(tmp_path / "nope.ipynb")])
    assert _head(E.NO_SUCH_NOTEBOOK) in err
    (tmp_path / "notes.txt").write_text("not a notebook")
    err = _fails(capsys, ["validate", str(tmp_path / "notes.txt")])
    assert "is not a Jupyter notebook" in err


def test_export_errors(capsys, tmp_path):
    assert _head(NO_RESULTS_DIR) in _fails(capsys, ["export", "--results", str(tmp_path / "x")])
    assert _head(NO_RESULTS) in _fails(capsys, ["export", "--results", str(tmp_path)])
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "result.json").write_text("{}")
    err = _fails(capsys, ["export", "--results", str(tmp_path), "--format", "canvas"])
    assert NEEDS_ROSTER in err
    err = _fails(capsys, ["export", "--results", str(tmp_path)])
    assert "is not a result of `faircourse grade`" in err
    argv = ["export", "--results", str(tmp_path), "--format", "canvas", "--roster", "no.csv"]
    assert _head(NO_ROSTER) in _fails(capsys, argv)


def test_roster_errors(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("name,canvas\nana,1\n")
    with pytest.raises(ValueError, match=_head(MISSING_COLUMNS)):
        read_roster(path)
    path.write_text("student_id,ID\nana,1\nbo,2\nana,3\n")
    with pytest.raises(ValueError, match="'ana' is listed twice \\(lines 2 and 4\\)"):
        read_roster(path)
    assert DUPLICATE.startswith("roster")
    path.write_text("student_id,ID\nana,\n")
    with pytest.raises(ValueError, match="line 2: student 'ana' has no Canvas ID"):
        read_roster(path)
    assert NO_CANVAS_ID.startswith("roster")


def test_canvas_gradebook_export_is_a_roster(tmp_path):
    path = tmp_path / "canvas-export.csv"
    path.write_text(
        "\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,m02 (123)\n"
        "    Points Possible,,,,,14\n"
        "Ng, Ana,17,S017,ana,Sec 1,\n".replace("Ng, Ana", '"Ng, Ana"')
    )
    assert read_roster(path) == {
        "ana": {
            "Student": "Ng, Ana",
            "ID": "17",
            "SIS User ID": "S017",
            "SIS Login ID": "ana",
            "Section": "Sec 1",
        }
    }


def test_internal_errors_are_one_line_unless_debug(capsys, monkeypatch, tmp_path):
    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(cli, "_cmd_similarity", broken)
    err = _fails(capsys, ["similarity", str(tmp_path)], code=1)
    assert "KeyError: 'boom' (an internal error; rerun with --debug" in err
    with pytest.raises(KeyError):
        main(["similarity", str(tmp_path), "--debug"])
    with pytest.raises(KeyError):
        main(["--debug", "similarity", str(tmp_path)])


def test_argparse_mistakes_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["grade"])
    assert exit_.value.code == 2
    assert "the following arguments are required" in capsys.readouterr().err


def test_release_notebook_is_readable():
    nbformat.read(RELEASE, as_version=4)  # the fixture the layout tests copy
