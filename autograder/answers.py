"""Ask the learner's kernel for its answers on the host's cases, and judge the replies here.

For every question the host draws the cases (public examples, and hidden cases from the
learner's seeds), gives each a fresh unguessable nonce, and writes the code that the sandbox
runs in place of the question's test cell: one call of :func:`faircheck._protocol.answer`
with the inputs only. The kernel replies once per nonce with the learner's result as plain
data. Here each reply is parsed strictly and compared with the reference computed on the
host. A missing, duplicated, malformed or unasked-for reply fails the question and is
flagged; whatever the kernel prints or patches can at most change the learner's own values.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_output

from autograder._insights_hits import mistake_hit
from autograder.questions import Question
from autograder.questions._base import Case
from faircheck._plain import conforms, from_json
from faircheck._protocol import REPLY_MIME

__all__ = ["CellVerdict", "QuestionRequest", "apply_verdict", "judge", "make_request"]

CALL = '__import__("faircheck._protocol", fromlist=["answer"]).answer({payload!r})'
PASSED_LINE = "{qid} ({title}): passed ({public} public and {hidden} hidden cases)."
FAILED = "{qid} ({title}): {message}"
MISSING = (
    "{where}: no answer came back from the notebook although the cell ran: was the "
    "grader's call altered in the kernel?"
)
DUPLICATED = "{where}: {n} answers came back for one test (exactly one is accepted)"
MALFORMED = "{where}: the answer that came back is not well-formed"
UNASKED = "{n} answer(s) came back that the grader did not ask for"
NOT_FINISHED = "{where}: the tests did not finish: {error}"
NOT_REACHED = (
    "the tests of this question have no results: the notebook stopped ({status}) before they ran"
)
_REPLY_KEYS = {"nonce", "output", "error"}
_ERROR_CHARS = 2_000


@dataclass(frozen=True)
class QuestionRequest:
    """One question's cases, each under a nonce, and the code that asks the kernel."""

    question: Question
    cases: tuple[tuple[str, Case], ...]  # (nonce, case)

    @property
    def grade_id(self) -> str:
        return f"{self.question.id}_tests"

    def code(self) -> str:
        """The code run in place of the test cell: inputs and nonces, nothing expected."""
        q = self.question
        payload = {
            "answer_name": q.answer_name,
            "output": q.output,
            "columns": list(q.columns),
            "cases": [{"nonce": nonce, **case.to_dict()} for nonce, case in self.cases],
        }
        return CALL.format(payload=json.dumps(payload, separators=(",", ":")))


def make_request(question: Question, seeds: list[int]) -> QuestionRequest:
    """The public cases and the hidden cases of every seed, each with a fresh nonce."""
    cases = list(question.cases())
    for seed in seeds:
        cases += question.cases(hidden=True, seed=seed)
    return QuestionRequest(question, tuple((secrets.token_hex(16), c) for c in cases))


@dataclass(frozen=True)
class CellVerdict:
    """The host's verdict on one test cell."""

    grade_id: str
    passed: bool
    message: str
    suspicious: bool  # a missing, duplicated, malformed or unasked-for reply
    passed_line: str = ""
    hits: tuple[tuple[int, bool], ...] = ()  # (known mistake index, hidden) per case that hit


def _replies(cell: NotebookNode) -> tuple[dict[str, list[Any]], int]:
    """Replies by nonce (each as it came), and how many were not dicts with a nonce."""
    found: dict[str, list[Any]] = {}
    unusable = 0
    for output in cell.get("outputs", []):
        if output.get("output_type") != "display_data":
            continue
        reply = output.get("data", {}).get(REPLY_MIME)
        if reply is None:
            continue
        if isinstance(reply, dict) and isinstance(reply.get("nonce"), str):
            found.setdefault(reply["nonce"], []).append(reply)
        else:
            unusable += 1
    return found, unusable


def _cell_error(cell: NotebookNode) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', '')}: {output.get('evalue', '')}"[:_ERROR_CHARS]
    return None


def judge(request: QuestionRequest, cell: NotebookNode, *, stopped: str = "") -> CellVerdict:
    """Judge the replies in ``cell`` (as executed); ``stopped``: why the run ended early.

    The first failing case gives the message; every case is still looked at, so that any
    duplicated, malformed or unasked-for reply is flagged.
    """
    q, gid = request.question, request.grade_id
    replies, unusable = _replies(cell)
    error = _cell_error(cell)
    failure, suspicious, hits = None, unusable > 0, []
    asked = {nonce for nonce, _ in request.cases}
    for nonce, case in request.cases:
        where = q.where(case)
        got = replies.get(nonce, [])
        message = None
        if len(got) > 1:
            message, suspicious = DUPLICATED.format(where=where, n=len(got)), True
        elif not got:
            if stopped:
                message = NOT_REACHED.format(status=stopped)
            elif error is not None:
                message = NOT_FINISHED.format(where=where, error=error)
            else:
                message, suspicious = MISSING.format(where=where), True
        else:
            reply = got[0]
            if set(reply) != _REPLY_KEYS or not isinstance(reply["error"], str | None):
                message, suspicious = MALFORMED.format(where=where), True
            elif reply["error"] is not None:
                message = f"{where}: {reply['error'][:_ERROR_CHARS]}"
            elif not conforms(from_json(reply["output"]), q.output, q.columns):
                message, suspicious = MALFORMED.format(where=where), True  # never from faircheck
            else:
                result = q.compare(case, from_json(reply["output"]))
                message = None if result.passed else result.message
                if message is not None and (hit := mistake_hit(q, case, message)) is not None:
                    hits.append((hit, case.hidden))
        if message is not None and failure is None:
            failure = message
    extra = sum(len(v) for k, v in replies.items() if k not in asked) + unusable
    if extra:
        suspicious = True
        failure = failure or UNASKED.format(n=extra)
    if failure is not None:
        return CellVerdict(
            gid,
            False,
            FAILED.format(qid=q.id, title=q.title, message=failure),
            suspicious,
            hits=tuple(hits),
        )
    hidden = sum(case.hidden for _, case in request.cases)
    line = PASSED_LINE.format(
        qid=q.id, title=q.title, public=len(request.cases) - hidden, hidden=hidden
    )
    return CellVerdict(gid, True, "", suspicious, line)


def apply_verdict(cell: NotebookNode, verdict: CellVerdict) -> None:
    """Make the test cell show only the host's verdict (nbgrader scores it by its errors)."""
    if verdict.passed:
        cell.outputs = [new_output("stream", name="stdout", text=verdict.passed_line + "\n")]
    else:
        message = verdict.message
        cell.outputs = [
            new_output("error", ename="AssertionError", evalue=message, traceback=[message])
        ]
