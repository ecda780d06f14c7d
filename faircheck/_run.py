"""Call a learner's answer on one case and convert the result strictly to plain data.

A case travels as JSON (``{"label", "inputs": {name: {"dtype", "values"}}, "index", "frame",
"params"}``) from the grading host, or from the public examples shipped with the exercise; here
it becomes the arguments the learner's function is called with: NumPy arrays (1-D, or 2-D for a
feature matrix), pandas Series sharing an index, or one DataFrame, followed by the scalar
``params`` (a threshold, a column name, a seed) as keyword arguments.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from faircheck._plain import AnswerError, Plain, to_plain

__all__ = ["arguments", "call", "keyword_arguments", "lookup"]

MISSING_ANSWER = "define `{name}` first (run the cell where you define it, then check again)"
NOT_CALLABLE = "`{name}` should be a function, but it is {kind}"
NOT_IMPLEMENTED = (
    "your function still raises NotImplementedError: replace `raise NotImplementedError()` "
    "with your code"
)
BAD_PARAM = "case parameter {name!r} must be a number, a string or a bool, not {kind}"
RAISED = "your function raised {error}: {detail}"
RETURNED_NONE = "your function returned None: finish it, and end it with `return` and its result"
SERIES_INDEX_NOTE = (
    " (the inputs here are pandas Series whose index does not start at 0: `x[i]` looks up the "
    "label i; use `np.asarray(x)` or `x.iloc[i]` for positions)"
)


def arguments(case: Mapping[str, Any]) -> list[Any]:
    """Fresh arguments for one case, in call order.

    Examples
    --------
    >>> arguments({"inputs": {"y": {"dtype": "<i8", "values": [1, 0]}}})
    [array([1, 0])]
    """
    arrays = {
        name: np.array(spec["values"], dtype=np.dtype(spec["dtype"]))
        for name, spec in case["inputs"].items()
    }
    if case.get("frame"):
        return [pd.DataFrame(arrays, index=case.get("index"))]
    index = case.get("index")
    if index is None:
        return list(arrays.values())
    return [pd.Series(v, index=np.array(index), name=name) for name, v in arrays.items()]


def keyword_arguments(case: Mapping[str, Any]) -> dict[str, Any]:
    """The case's scalar parameters, passed by keyword after the arrays.

    Examples
    --------
    >>> keyword_arguments({"inputs": {}, "params": {"threshold": 0.5}})
    {'threshold': 0.5}
    """
    params = dict(case.get("params") or {})
    for name, value in params.items():
        if not isinstance(value, (bool, int, float, str)):
            raise ValueError(BAD_PARAM.format(name=name, kind=type(value).__name__))
    return params


def lookup(namespace: Mapping[str, Any], name: str) -> Any:
    """The learner's function ``name``; AnswerError if it is missing or not callable."""
    if name not in namespace:
        raise AnswerError(MISSING_ANSWER.format(name=name))
    answer = namespace[name]
    if not callable(answer):
        kind = "None" if answer is None else f"a {type(answer).__name__}"
        raise AnswerError(NOT_CALLABLE.format(name=name, kind=kind))
    return answer


def call(answer: Any, case: Mapping[str, Any], output: str, columns: Sequence[str] = ()) -> Plain:
    """Run ``answer`` on ``case`` (warnings silenced) and convert its result strictly."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = answer(*arguments(case), **keyword_arguments(case))
            if result is None:
                raise AnswerError(RETURNED_NONE)
            return to_plain(result, output, columns)
    except AnswerError:
        raise
    except NotImplementedError:
        raise AnswerError(NOT_IMPLEMENTED) from None
    except Exception as exc:
        detail = RAISED.format(error=type(exc).__name__, detail=exc)
        if case.get("index") is not None and isinstance(exc, LookupError):
            detail += SERIES_INDEX_NOTE
        raise AnswerError(detail) from exc
