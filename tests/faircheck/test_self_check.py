"""The learner's self-check: ex.check() on everything answered, written answers, progress
that survives a kernel restart (a real kernel, twice)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from faircheck import Exercise
from faircheck import _exercise as X
from faircheck._progress import PROGRESS_DIR_ENV, default_progress_file

M00, M02 = "m00-orientation", "m02-group-metrics"
STUB = "def {name}({args}):\n    # YOUR CODE HERE\n    ...\n"


def _namespace(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)
    return namespace


def test_check_without_argument_checks_every_answered_question(capsys):
    code = "def selection_rate_by_group(y_pred, groups):\n    return 0.5\n" + STUB.format(
        name="demographic_parity_difference", args="y_pred, groups"
    )
    Exercise(M02, progress_file=None).check(namespace=_namespace(code))
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "✗ q1 Selection rate by group" and "ex.hint('q1')" in out
    assert "q3" not in out.replace("q3, ", "")  # the stub is not an answer
    assert lines[-1] == X.CHECKED_ALL.format(done=1, total=6, missing="q2, q3, q4, q5, q6")


def test_check_without_argument_and_nothing_answered(capsys):
    namespace = _namespace(STUB.format(name="positive_share", args="y"))
    Exercise(M00, progress_file=None).check(namespace=namespace)
    assert capsys.readouterr().out == X.NOTHING_ANSWERED + "\n"


def test_check_without_argument_finds_the_notebooks_answers(capsys):
    namespace = {"ex": Exercise(M00, progress_file=None)}
    exec("def positive_share(y):\n    return sum(y) / len(y)\nex.check()", namespace)
    out = capsys.readouterr().out
    assert out.startswith("✓ q1 Share of positives") and "not answered" not in out


@pytest.mark.parametrize("method", ["hint", "check"])
def test_written_answers_are_named_as_such(capsys, method):
    ex = Exercise(M02, progress_file=None)
    getattr(ex, method)("w1")
    assert capsys.readouterr().out == X.WRITTEN_ONLY.format(qid="w1") + "\n"
    ex.hint("w9")
    assert "its questions are q1, q2, q3, q4, q5, q6, w1." in capsys.readouterr().out


def test_outside_a_kernel_progress_stays_in_memory():
    import IPython  # imported is not enough: only a kernel's shell counts

    assert IPython.get_ipython() is None
    assert default_progress_file(M00) is None
    assert Exercise(M00)._file is None


def test_progress_survives_a_kernel_restart(tmp_path):
    from nbclient import NotebookClient

    folder = tmp_path / "work"
    folder.mkdir()
    store = tmp_path / "store"
    first = new_notebook(
        cells=[
            new_code_cell(
                "from faircheck import Exercise\nex = Exercise('m02-group-metrics')\n"
                "def demographic_parity_difference(y_pred, groups):\n    return 2.0\n"
                "ex.check('q3')\nex.hint('q2')"
            ),
        ]
    )
    second = new_notebook(
        cells=[
            new_code_cell(
                "from faircheck import Exercise\nex = Exercise('m02-group-metrics')\n"
                "ex.progress()\nex.hint('q2')"
            )
        ]
    )
    env = {PROGRESS_DIR_ENV: str(store)}
    os.environ.update(env)
    try:
        for nb in (first, second):  # each with a kernel of its own: a restart
            NotebookClient(nb, resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        del os.environ[PROGRESS_DIR_ENV]
    out = "".join(o.get("text", "") for o in second.cells[0].outputs)
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert rows["q3"].endswith("✗") and rows["q1"].endswith("not tried")
    assert "Hint 2 of" in out  # the first hint was seen before the restart
    files = list(store.glob("m02-group-metrics-*.json"))
    assert len(files) == 1 and not list(folder.iterdir())  # nothing beside the notebook
    state = json.loads(files[0].read_text())
    assert state == {"assignment": M02, "status": {"q3": "failed"}, "hints_seen": {"q2": 2}}


def test_an_unreadable_progress_file_starts_afresh(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text("{not json")
    ex = Exercise(M00, progress_file=path)
    ex.progress()
    assert "not tried" in capsys.readouterr().out
    ex.hint("q1")
    assert json.loads(path.read_text())["hints_seen"] == {"q1": 1}


def test_progress_of_two_folders_is_kept_apart(tmp_path, monkeypatch):
    from faircheck import _progress

    monkeypatch.setattr(_progress, "_in_kernel", lambda: True)
    monkeypatch.setenv(PROGRESS_DIR_ENV, str(tmp_path / "store"))
    paths = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        paths.append(default_progress_file(M00))
    assert paths[0] != paths[1] and all(p.parent == tmp_path / "store" for p in paths)
    assert Path(paths[0]).name.startswith(M00)


def test_the_student_version_defines_stubs_check_skips():
    """The answer cells of the exercises as built define exactly the stub ex.check() skips."""
    root = Path(__file__).resolve().parents[2]
    nb = nbformat.read(root / "exercises" / M02 / f"{M02}.ipynb", as_version=4)
    answers = [c.source for c in nb.cells if c.get("id", "").endswith("_answer")]
    namespace: dict = {}
    for source in answers:
        if source.lstrip().startswith("def"):
            exec(source, namespace)
    defined = [v for k, v in namespace.items() if callable(v) and not k.startswith("__")]
    assert defined and not any(X._answered(namespace, f.__name__) for f in defined)
