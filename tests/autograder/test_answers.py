"""The request/reply protocol: the kernel's side (faircheck._protocol) and the host's judge."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_output

from autograder.answers import QuestionRequest, apply_verdict, judge, make_request
from autograder.questions import get_question
from faircheck import _protocol
from faircheck._protocol import REPLY_MIME

Q1 = get_question("m00-orientation", "q1")


def share(y):
    y = np.asarray(y)
    return float(np.sum(y == 1) / len(y))


def _kernel(monkeypatch, namespace: dict) -> list:
    """Run the protocol as the graded kernel would; the published replies."""
    published: list = []

    class Shell:
        user_ns = namespace

    monkeypatch.setattr("IPython.get_ipython", lambda: Shell())
    monkeypatch.setattr("IPython.display.publish_display_data", published.append)
    return published


def _answer(request: QuestionRequest, namespace: dict, monkeypatch):
    published = _kernel(monkeypatch, namespace)
    payload = re.fullmatch(r".*\.answer\((.*)\)", request.code(), re.DOTALL).group(1)
    _protocol.answer(eval(payload))  # the code is a call with one str literal
    return [new_output("display_data", data=d) for d in published]


def _cell(outputs) -> object:
    cell = new_code_cell("ex.test('q1')")
    cell.outputs = list(outputs)
    return cell


@pytest.fixture
def request_():
    return make_request(Q1, [11, 12])


def test_request_code_carries_inputs_and_nonces_but_nothing_expected(request_):
    code = request_.code()
    nonces = [n for n, _ in request_.cases]
    hidden = len(Q1.cases(hidden=True, seed=11))
    assert len(set(nonces)) == len(nonces) == len(Q1.cases()) + 2 * hidden
    assert all(re.fullmatch(r"[0-9a-f]{32}", n) for n in nonces)
    assert all(n in code for n in nonces)
    for _, case in request_.cases:
        assert repr(Q1.expected(case)) not in json.dumps(
            {k: v for k, v in case.to_dict().items() if k != "inputs"}
        )
    assert "987654321" not in make_request(Q1, [987654321]).code()  # seeds stay on the host
    assert make_request(Q1, [11]).cases[0][0] != make_request(Q1, [11]).cases[0][0]


def test_correct_answer_passes(request_, monkeypatch):
    outputs = _answer(request_, {"positive_share": share}, monkeypatch)
    verdict = judge(request_, _cell(outputs))
    assert verdict.passed and not verdict.suspicious
    assert verdict.passed_line == "q1 (Share of positives): passed (3 public and 14 hidden cases)."
    cell = _cell(outputs)
    apply_verdict(cell, verdict)
    assert [o.output_type for o in cell.outputs] == ["stream"]


def test_wrong_answer_fails_with_the_teaching_message(request_, monkeypatch):
    outputs = _answer(request_, {"positive_share": lambda y: 100 * share(y)}, monkeypatch)
    verdict = judge(request_, _cell(outputs))
    assert not verdict.passed and not verdict.suspicious and "percentage" in verdict.message
    cell = _cell(outputs)
    apply_verdict(cell, verdict)
    assert cell.outputs[0].output_type == "error" and "percentage" in cell.outputs[0].evalue


def test_an_error_reply_fails_without_a_flag(request_, monkeypatch):
    outputs = _answer(request_, {}, monkeypatch)
    verdict = judge(request_, _cell(outputs))
    assert not verdict.passed and not verdict.suspicious
    assert "define `positive_share` first" in verdict.message


def _forged(request_, transform):
    outputs = []
    for nonce, case in request_.cases:
        for reply in transform(nonce, Q1.expected(case)):
            outputs.append(new_output("display_data", data={REPLY_MIME: reply}))
    return _cell(outputs)


@pytest.mark.parametrize(
    ("transform", "flagged"),
    [
        # Expected values themselves (what a kernel cannot compute without a correct answer)
        # pass: the replies are well-formed, one per nonce.
        (lambda n, v: [{"nonce": n, "output": v, "error": None}], False),
        (lambda n, v: [{"nonce": n, "output": v, "error": None}] * 2, True),
        (lambda n, v: [{"nonce": n, "output": v}], True),
        (lambda n, v: [{"nonce": n, "output": v, "error": None, "extra": 1}], True),
        (lambda n, v: [{"nonce": n, "output": str(v), "error": None}], True),
        (lambda n, v: [{"nonce": n, "output": v, "error": 3}], True),
        (lambda n, v: [{"nonce": n[::-1], "output": v, "error": None}], True),
        (lambda n, v: ["not a dict"], True),
        (lambda n, v: [], True),
    ],
    ids=[
        "exact",
        "duplicated",
        "no-error-key",
        "extra-key",
        "str",
        "bad-error",
        "other-nonce",
        "not-a-dict",
        "missing",
    ],
)
def test_replies_are_parsed_strictly(request_, transform, flagged):
    verdict = judge(request_, _forged(request_, transform))
    assert verdict.passed is not flagged
    assert verdict.suspicious is flagged


def test_an_unasked_reply_is_flagged(request_, monkeypatch):
    outputs = _answer(request_, {"positive_share": share}, monkeypatch)
    outputs.append(
        new_output(
            "display_data", data={REPLY_MIME: {"nonce": "0" * 32, "output": 0.5, "error": None}}
        )
    )
    verdict = judge(request_, _cell(outputs))
    assert not verdict.passed and verdict.suspicious and "did not ask for" in verdict.message


def test_missing_replies_after_an_error_or_a_stop_are_not_flagged(request_):
    error = new_output(
        "error", ename="CellTimeoutError", evalue="ran longer than 5 s", traceback=[]
    )
    timed_out = judge(request_, _cell([error]))
    assert not timed_out.passed and not timed_out.suspicious
    assert "did not finish" in timed_out.message and "5 s" in timed_out.message
    stopped = judge(request_, _cell([]), stopped="kernel_died")
    assert not stopped.passed and not stopped.suspicious and "kernel_died" in stopped.message


def test_the_protocol_replies_once_per_case_even_when_the_answer_misbehaves(monkeypatch):
    request = make_request(Q1, [3])

    def exits(y):
        raise SystemExit(3)

    for answer, phrase in (
        (exits, "SystemExit"),
        (lambda y: np.ones(10**5).tolist(), "expected one number"),
        (lambda y: None, "returned None"),
        ("not a function", "should be a function"),
    ):
        outputs = _answer(request, {"positive_share": answer}, monkeypatch)
        replies = [o.data[REPLY_MIME] for o in outputs]
        assert [r["nonce"] for r in replies] == [n for n, _ in request.cases]
        assert all(phrase in r["error"] for r in replies), replies[0]
        assert not judge(request, _cell(outputs)).suspicious


def test_a_reply_far_too_large_is_refused_in_the_kernel(monkeypatch):
    q1 = get_question("m02-group-metrics", "q1")
    request = make_request(q1, [])
    import pandas as pd

    huge = pd.Series(np.zeros(5000), index=[f"group-{i}" for i in range(5000)])
    outputs = _answer(request, {"selection_rate_by_group": lambda *a: huge}, monkeypatch)
    assert all("far larger" in o.data[REPLY_MIME]["error"] for o in outputs)


HIDDEN_PARAMS = {"column": 1, "threshold": 1.5}


def _threshold_question():
    """A question whose cases carry a feature matrix and scalar parameters (by keyword)."""
    from autograder.questions import Case, Question

    def cases():
        X = np.array([[0.1, 2.0], [0.7, 1.0], [0.4, 3.0]])
        return [Case("three rows", {"X": X}, params={"column": 0, "threshold": 0.5})]

    return Question(
        "q1", "Above threshold", 1, "share_above", "the share of rows above the threshold",
        "number", lambda X, column, threshold: float(np.mean(X[:, column] > threshold)),
        cases, lambda rng: [dataclasses.replace(cases()[0], params=HIDDEN_PARAMS)],
    )  # fmt: skip


def test_matrices_and_scalar_parameters_reach_the_answer(monkeypatch):
    question = _threshold_question()
    request = make_request(question, [1])
    assert '"params":{"column":1,"threshold":1.5}' in request.code()

    def share_above(X, *, column, threshold):
        assert X.shape == (3, 2) and isinstance(column, int)
        return float(np.mean(X[:, column] > threshold))

    outputs = _answer(request, {"share_above": share_above}, monkeypatch)
    assert judge(request, _cell(outputs)).passed
    swapped = _answer(request, {"share_above": lambda X, column, threshold: 1 / 3}, monkeypatch)
    assert not judge(request, _cell(swapped)).passed  # the hidden case asks for column 1
    assert question.check(share_above).passed


@pytest.mark.parametrize("value", [float("inf"), float("-inf")])
def test_an_infinite_answer_is_a_wrong_answer_not_tampering(request_, monkeypatch, value):
    outputs = _answer(request_, {"positive_share": lambda y: value}, monkeypatch)
    travelled = [json.loads(json.dumps(o, allow_nan=False)) for o in outputs]  # as a kernel sends
    verdict = judge(
        request_, _cell([new_output("display_data", data=o["data"]) for o in travelled])
    )
    assert not verdict.passed and not verdict.suspicious
    assert "inf" in verdict.message and "expected" in verdict.message


def test_a_string_that_is_not_an_infinity_is_still_malformed(request_, monkeypatch):
    outputs = _answer(request_, {"positive_share": share}, monkeypatch)
    for o in outputs:
        o["data"][REPLY_MIME]["output"] = "Infinity"
    verdict = judge(request_, _cell(outputs))
    assert not verdict.passed and verdict.suspicious
