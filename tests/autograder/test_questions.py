"""Tests of the question sets and of the learner's self-check (faircheck.Exercise)."""

from __future__ import annotations

import functools
import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from autograder.questions import (
    ASSIGNMENTS,
    AnswerError,
    Case,
    Question,
    get_assignment,
    get_question,
)
from faircheck import Exercise
from faircheck._run import lookup

SEEDS = (0, 1, 7, 20240917)
QUESTIONS = [(name, qid) for name in ASSIGNMENTS for qid in get_assignment(name).QUESTIONS]
WRONG = [
    pytest.param(name, qid, i, id=f"{name}-{qid}-{wrong.label}")
    for name, qid in QUESTIONS
    for i, wrong in enumerate(get_question(name, qid).wrong_answers)
]


@functools.cache
def _setup(name: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(get_assignment(name).setup_code, namespace)
    return namespace


def define(name: str, question: Question, code: str) -> Any:
    """Exec ``code`` as the notebook would (after setup and earlier answers); the answer."""
    namespace = dict(_setup(name))
    for qid in question.uses:
        exec(get_question(name, qid).solution, namespace)
    exec(code, namespace)
    return namespace[question.answer_name]


def solution(name: str, qid: str) -> Any:
    question = get_question(name, qid)
    return define(name, question, question.solution)


def leaves(output: Any) -> list[Any]:
    """The numbers of a plain output (float, dict of floats, or dict of such dicts)."""
    if isinstance(output, dict):
        return [v for value in output.values() for v in leaves(value)]
    return [output]


def all_cases(question: Question) -> list[Case]:
    hidden = [c for seed in SEEDS for c in question.cases(hidden=True, seed=seed)]
    return question.cases() + hidden


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = None


class RiggedFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


# -- the question sets ----------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "qid"), QUESTIONS)
def test_question_is_complete(name, qid):
    q = get_question(name, qid)
    earlier = list(get_assignment(name).QUESTIONS)[
        : list(get_assignment(name).QUESTIONS).index(qid)
    ]
    assert q.id == qid and q.title and q.quantity and q.prompt
    assert isinstance(q.points, int) and 1 <= q.points <= 3
    assert q.output in ("number", "by_group", "table")
    assert len(q.hints) >= 3 and len(q.wrong_answers) >= 3
    assert f"{q.answer_name}" in q.solution
    assert all(q.solution.strip() not in h for h in q.hints)
    assert set(q.uses) <= set(earlier)


def test_assignment_modules():
    for name in ASSIGNMENTS:
        module = get_assignment(name)
        assert module.ASSIGNMENT == name and isinstance(module.setup_code, str)
        assert list(module.QUESTIONS) == [f"q{i}" for i in range(1, len(module.QUESTIONS) + 1)]
    m02 = get_assignment("m02-group-metrics")
    assert len(m02.QUESTIONS) >= 6
    # Every m02 question asks to build a metric that these compute: none may use them.
    for q in m02.QUESTIONS.values():
        assert set(q.forbidden) == {"fairkit.metrics", "fairlearn", "sklearn.metrics"}, q.id
    (written,) = m02.WRITTEN
    assert written["id"] == "w1" and written["points"] == 2 and "hiring" in written["prompt"]


def test_unknown_assignment_and_question():
    with pytest.raises(ValueError, match=r"assignments: m00-orientation, .*m02-group-metrics"):
        get_assignment("m99-nothing")
    with pytest.raises(ValueError, match="q1, q2"):
        get_question("m02-group-metrics", "q42")


@pytest.mark.parametrize(("name", "qid"), QUESTIONS)
def test_solution_passes_public_and_hidden_cases(name, qid):
    q, answer = get_question(name, qid), solution(name, qid)
    assert q.check(answer).passed
    for seed in SEEDS:
        result = q.check(answer, hidden=True, seed=seed)
        assert result.passed, result.message


@pytest.mark.parametrize(("name", "qid", "index"), WRONG)
def test_every_wrong_answer_fails_with_a_teaching_message(name, qid, index):
    q = get_question(name, qid)
    wrong = q.wrong_answers[index]
    answer = define(name, q, wrong.code)
    results = [q.check(answer)] + [q.check(answer, hidden=True, seed=s) for s in SEEDS[:2]]
    failures = [r for r in results if not r.passed]
    assert failures, f"{wrong.label!r} passes every case"
    assert wrong.detects in failures[0].message


@pytest.mark.parametrize(("name", "qid"), QUESTIONS)
def test_hidden_cases_are_deterministic_and_depend_on_the_seed(name, qid):
    q = get_question(name, qid)

    def dump(seed):
        return json.dumps([c.to_dict() for c in q.cases(hidden=True, seed=seed)])

    assert dump(3) == dump(3)
    assert dump(3) != dump(4)
    assert all(c.hidden for c in q.cases(hidden=True, seed=3))
    assert not any(c.hidden for c in q.cases())
    with pytest.raises(ValueError, match="seed"):
        q.cases(hidden=True)


def test_hidden_cases_cover_the_edge_cases():
    q1 = get_question("m02-group-metrics", "q1")
    cases = q1.cases(hidden=True, seed=0)
    sizes = [np.unique(c.inputs["groups"], return_counts=True)[1] for c in cases]
    assert any(c.index is not None and c.index[0] != 0 for c in cases)
    assert min(s.min() for s in sizes) == 1 and max(len(s) for s in sizes) >= 3
    assert any(c.inputs["groups"].dtype.kind == "U" for c in cases)
    assert any(list(c.inputs["groups"]) != sorted(c.inputs["groups"]) for c in cases)


@pytest.mark.parametrize(("name", "qid"), QUESTIONS)
def test_references_are_defined_and_raise_no_warning(name, qid):
    # pytest turns warnings into errors: no case may hit an undefined (0/0) rate in fairkit.
    q = get_question(name, qid)
    for case in all_cases(q):
        assert not np.isnan(leaves(q.expected(case))).any()


@pytest.mark.parametrize(("name", "qid"), QUESTIONS)
def test_run_returns_plain_data(name, qid):
    q, answer = get_question(name, qid), solution(name, qid)
    assert all(type(v) is float for v in leaves(q.run(answer, q.cases()[0])))


# -- strict conversion ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rigged",
    [AlwaysEqual(), RiggedFloat(-1.0), np.array([0.5]), "0.5", True, None],
    ids=["always-equal", "float-subclass", "array", "str", "bool", "None"],
)
@pytest.mark.parametrize(("name", "qid"), [("m00-orientation", "q1"), ("m02-group-metrics", "q3")])
def test_objects_that_claim_equality_do_not_pass_number_questions(name, qid, rigged):
    assert not get_question(name, qid).check(lambda *args: rigged).passed


def test_objects_that_claim_equality_do_not_pass_table_questions():
    q1, q2 = get_question("m02-group-metrics", "q1"), get_question("m02-group-metrics", "q2")

    def series(y_pred, groups):
        labels = np.unique(np.asarray(groups))
        return pd.Series([AlwaysEqual() for _ in labels], index=labels, dtype=object)

    def frame(y_true, y_pred, groups):
        s = series(y_pred, groups)
        return pd.DataFrame({"tpr": s, "fpr": s})

    for answer in (series, lambda *a: AlwaysEqual(), lambda *a: RiggedFloat(0.5)):
        assert not q1.check(answer).passed
    assert not q2.check(frame).passed
    assert "numbers" in q1.check(series).message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (lambda y_pred, groups: 0.5, "one number (0.5) for everyone"),
        (lambda y_pred, groups: np.zeros(2), "without group labels"),
        (lambda y_pred, groups: {"a": 0.75, "b": 0.25}, "pandas Series"),
        (lambda y_pred, groups: pd.DataFrame({"rate": [0.75, 0.25]}), "DataFrame"),
        (lambda y_pred, groups: pd.Series([0.75, 0.25], index=["a", "a"]), "more than once"),
        (lambda y_pred, groups: 1 / 0, "raised ZeroDivisionError"),
        (lambda y_pred, groups: NotImplemented, "pandas Series"),
    ],
)
def test_bad_by_group_answers_get_a_clear_message(answer, phrase):
    assert phrase in get_question("m02-group-metrics", "q1").check(answer).message


def test_other_bad_answers_get_a_clear_message():
    q1 = get_question("m00-orientation", "q1")
    q2 = get_question("m02-group-metrics", "q2")
    q6 = get_question("m02-group-metrics", "q6")

    def todo(y):
        raise NotImplementedError

    assert "NotImplementedError" in q1.check(todo).message
    assert "returned None" in q6.check(lambda data: None).message
    only_tpr = pd.DataFrame({"tpr": [1.0, 0.5]}, index=["a", "b"])
    assert "'fpr'" in q2.check(lambda *a: only_tpr).message
    with pytest.raises(AnswerError, match="define `positive_share` first"):
        lookup({}, "positive_share")
    with pytest.raises(AnswerError, match="should be a function, but it is a float"):
        lookup({"positive_share": 0.5}, "positive_share")


def test_failure_messages_name_the_expected_quantity():
    m00, m02 = "m00-orientation", "m02-group-metrics"
    q00, q1, q6 = get_question(m00, "q1"), get_question(m02, "q1"), get_question(m02, "q6")
    message = q00.check(lambda y: 0.123).message
    assert q00.quantity in message and "expected: 0.75" in message and "got:      0.123" in message
    hidden = q00.check(lambda y: 0.123, hidden=True, seed=0).message
    assert hidden.startswith('hidden test "') and q00.quantity in hidden
    assert "expected:" not in hidden

    def constant(y_pred, groups):
        return pd.Series(0.123, index=np.unique(np.asarray(groups)))

    assert q1.quantity in q1.check(constant).message
    # A hidden case never shows its expected value.
    message = q6.check(lambda data: 0.123, hidden=True, seed=2).message
    expected = q6.expected(q6.cases(hidden=True, seed=2)[0])
    assert q6.quantity in message and f"{expected:.4}" not in message


def test_series_index_note_on_positional_indexing():
    q = get_question("m02-group-metrics", "q1")
    wrong = next(w for w in q.wrong_answers if "positional" in w.label)
    message = q.check(define("m02-group-metrics", q, wrong.code), hidden=True, seed=0).message
    assert "index does not start at 0" in message


# -- the learner's self-check --------------------------------------------------------------------
def test_exercise_check_prints_pass_and_fail(capsys):
    ex = Exercise("m02-group-metrics")
    ex.check("q3", namespace={"demographic_parity_difference": solution("m02-group-metrics", "q3")})
    ex.check("q1", namespace={"selection_rate_by_group": lambda y_pred, groups: 0.5})
    ex.check("q6", namespace={"dp_gap_by_sex": solution("m02-group-metrics", "q6")})
    out, err = capsys.readouterr()
    assert err == ""
    first, *rest = out.splitlines()
    assert first.startswith("✓ q3 Demographic parity difference: correct on all 3 examples")
    assert rest[0] == "✗ q1 Selection rate by group"
    assert "for everyone" in out and "ex.hint('q1')" in out
    assert rest[-1].startswith("✓ q6 Demographic parity gap by sex: correct on all 2 examples.")
    assert "hidden" not in out.replace("hidden tests", "")


def test_exercise_check_finds_the_answer_in_the_callers_globals(capsys):
    namespace = {"ex": Exercise("m00-orientation")}
    exec("ex.check('q1')", namespace)
    assert "define `positive_share` first" in capsys.readouterr().out
    exec("def positive_share(y):\n    return sum(y) / len(y)", namespace)
    assert eval("ex.check('q1')", namespace) is None  # nothing for Jupyter to echo
    out, err = capsys.readouterr()
    assert out.startswith("✓ q1") and err == ""


def test_exercise_hints_come_in_order_then_stop(capsys):
    ex = Exercise("m02-group-metrics")
    hints = get_question("m02-group-metrics", "q2").hints
    for _ in range(len(hints) + 1):
        ex.hint("q2")
    ex.hint("q9")
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == ""
    assert lines[0] == f"Hint 1 of {len(hints)} for q2: {hints[0]}"
    assert lines[len(hints) - 1].startswith(f"Hint {len(hints)} of {len(hints)}")
    assert lines[len(hints)].startswith("No more hints for q2")
    assert lines[-1].startswith("There is no question 'q9'") and "q1, q2" in lines[-1]


def test_exercise_progress_table(capsys, tmp_path):
    path = tmp_path / "progress.json"
    ex = Exercise("m02-group-metrics", progress_file=path)
    ex.check("q1", namespace={"selection_rate_by_group": solution("m02-group-metrics", "q1")})
    ex.check("q3", namespace={"demographic_parity_difference": lambda y_pred, groups: 2.0})
    ex.hint("q4")
    capsys.readouterr()
    Exercise("m02-group-metrics", progress_file=path).progress()
    out, err = capsys.readouterr()
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert err == "" and out.startswith("m02-group-metrics: 2 of 12 autograded points")
    assert rows["q1"].endswith("2 pts  ✓") and rows["q3"].endswith("✗")
    assert rows["q2"].endswith("not tried") and rows["w1"].endswith("graded by hand")
    assert json.loads(path.read_text())["hints_seen"] == {"q4": 1}


# -- what the learner's kernel holds ------------------------------------------------------------
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_self_check_data_holds_no_solution_and_no_hidden_case(name):
    from faircheck._exercise import exercise_data

    data = exercise_data(name)
    text = json.dumps(data)
    module = get_assignment(name)
    for q in module.QUESTIONS.values():
        body = [line.strip() for line in q.solution.splitlines()[1:] if line.strip()]
        assert not any(line in text for line in body), q.id
        for wrong in q.wrong_answers:
            assert wrong.code not in text
        for seed in (0, 1):
            for case in q.cases(hidden=True, seed=seed):
                assert case.label not in text
    assert [q["id"] for q in data["questions"]] == list(module.QUESTIONS)


def test_faircheck_imports_no_reference_code():
    import ast
    from pathlib import Path

    import faircheck

    for path in Path(faircheck.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        assert not [n for n in names if n.split(".")[0] in ("autograder", "fairlearn")], path
        assert not [n for n in names if n.startswith(("fairkit.metrics", "sklearn"))], path


def test_self_check_warns_about_forbidden_modules(capsys):
    import fairkit.metrics as fm
    from fairkit import metrics

    def selection_rate_by_group(y_pred, groups):
        return fm.MetricFrame(
            metrics=fm.selection_rate, y_true=y_pred, y_pred=y_pred, sensitive_features=groups
        ).by_group

    def demographic_parity_difference(y_pred, groups):
        import fairkit.metrics

        return fairkit.metrics.demographic_parity_difference(
            y_pred, y_pred, sensitive_features=groups
        )

    helper = metrics.selection_rate

    def weighted_selection_rate_by_group(y_pred, groups, sample_weight):
        return _inner(y_pred, groups, sample_weight)

    def _inner(y_pred, groups, sample_weight):
        return helper(y_pred, y_pred, sample_weight=sample_weight)

    namespace = {
        "fm": fm,
        "helper": helper,
        "_inner": _inner,
        "selection_rate_by_group": selection_rate_by_group,
        "demographic_parity_difference": demographic_parity_difference,
        "weighted_selection_rate_by_group": weighted_selection_rate_by_group,
    }
    selection_rate_by_group.__globals__.update(namespace)
    ex = Exercise("m02-group-metrics")
    for qid in ("q1", "q3", "q5"):
        ex.check(qid, namespace=namespace)
    out = capsys.readouterr().out
    assert out.count("which this question asks you to build yourself") == 3, out
    assert "fairkit.metrics" in out and "✓" not in out


def test_shipped_exercise_data_matches_a_fresh_fit():
    from autograder.questions._m02_data import fit_adult_predictions
    from faircheck.datasets import adult_predictions

    shipped, fresh = adult_predictions(), fit_adult_predictions()
    assert shipped.shape == fresh.shape == (9769, 4)
    assert list(shipped.columns) == ["sex", "race", "y_true", "y_pred"]
    for column in ("sex", "race", "y_true"):
        assert (shipped[column].to_numpy() == fresh[column].to_numpy()).all(), column
    # scikit-learn versions may move a borderline decision or two, never more.
    assert (shipped["y_pred"].to_numpy() != fresh["y_pred"].to_numpy()).mean() <= 0.001
