"""Answer the grader's requests, in the graded kernel.

While grading, the sandbox's runner replaces each test cell by one call of :func:`answer`
with the inputs the grading host drew for that question, each case tagged with a fresh
nonce. Every case gets exactly one reply, a display output of MIME type :data:`REPLY_MIME`
holding ``{"nonce", "output", "error"}``: the learner's result as plain data, or why there is
none. The host accepts one well-formed reply per nonce and compares it with the expected
value it computed itself; nothing in this kernel sees an expected value.
"""

from __future__ import annotations

import json
from typing import Any

from faircheck._plain import AnswerError, to_json
from faircheck._run import RAISED, call, lookup

__all__ = ["REPLY_MIME", "answer"]

REPLY_MIME = "application/vnd.faircourse.reply+json"
INTERRUPTED = "your function was interrupted: it ran longer than the time limit of a test cell"
TOO_LARGE = "your result is far larger than an answer to this question ({n} characters as data)"
MAX_REPLY_CHARS = 20_000


def _reply(nonce: str, output: Any = None, error: str | None = None) -> None:
    from IPython.display import publish_display_data

    publish_display_data({REPLY_MIME: {"nonce": nonce, "output": output, "error": error}})


def answer(request: str) -> None:
    """Run the learner's answer on each case of ``request`` (JSON) and reply once per case."""
    from IPython import get_ipython

    spec = json.loads(request)
    namespace = get_ipython().user_ns
    for case in spec["cases"]:
        try:
            function = lookup(namespace, spec["answer_name"])
            output = to_json(call(function, case, spec["output"], spec.get("columns", ())))
            size = len(json.dumps(output))
            if size > MAX_REPLY_CHARS:
                raise AnswerError(TOO_LARGE.format(n=size))
        except AnswerError as exc:
            _reply(case["nonce"], error=str(exc))
        except KeyboardInterrupt:  # the cell's time limit: the cases left get no reply
            _reply(case["nonce"], error=INTERRUPTED)
            raise
        except BaseException as exc:  # SystemExit and the like still earn a reply
            _reply(case["nonce"], error=RAISED.format(error=type(exc).__name__, detail=exc))
        else:
            _reply(case["nonce"], output=output)
