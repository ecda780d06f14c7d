"""m00-orientation: one tiny graded question, to learn how checking and grading work.

q1 ``positive_share(y)`` (1 point): the share of 1s in an array of 0s and 1s. ``y`` is a
NumPy array or a pandas Series (possibly with an index that does not start at 0).

Examples
--------
>>> from autograder.questions.m00_orientation import QUESTIONS
>>> QUESTIONS["q1"].check(lambda y: sum(y) / len(y)).passed
True
"""

from __future__ import annotations

import numpy as np

from autograder.questions._base import Case, Mistake, Question, WrongAnswer

__all__ = ["ASSIGNMENT", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m00-orientation"

setup_code = """\
import numpy as np
import pandas as pd

# Did each of ten applicants get an interview? 1 = yes, 0 = no.
interviewed = np.array([1, 0, 0, 1, 1, 0, 0, 0, 1, 0])
"""

WRITTEN: list[dict[str, object]] = []


def _share(y: np.ndarray) -> float:
    return float(np.count_nonzero(y == 1) / len(y))


def _public() -> list[Case]:
    return [
        Case("four values", {"y": np.array([1, 0, 1, 1])}),
        Case("five values, one 1", {"y": np.array([0, 0, 1, 0, 0])}),
        Case("the ten applicants", {"y": np.array([1, 0, 0, 1, 1, 0, 0, 0, 1, 0])}),
    ]


def _hidden(rng: np.random.Generator) -> list[Case]:
    def draw(n: int, p: float) -> np.ndarray:
        return (rng.random(n) < p).astype(np.int64)

    n = int(rng.integers(20, 200))
    return [
        Case("a single 1", {"y": np.array([1])}),
        Case("a single 0", {"y": np.array([0])}),
        Case("only 0s", {"y": np.zeros(int(rng.integers(2, 9)), dtype=np.int64)}),
        Case("only 1s", {"y": np.ones(int(rng.integers(2, 9)), dtype=np.int64)}),
        Case(f"{n} random values", {"y": draw(n, rng.uniform(0.1, 0.9))}),
        Case("2000 values, few 1s", {"y": draw(2000, 0.03)}),
        Case(
            "a pandas Series with a non-default index",
            {"y": draw(n, 0.4)},
            index=rng.permutation(n) + 100,
        ),
    ]


QUESTIONS = {
    "q1": Question(
        id="q1",
        title="Share of positives",
        points=1,
        answer_name="positive_share",
        quantity="the share of 1s in y: the number of 1s divided by the number of values",
        output="number",
        reference=_share,
        make_public=_public,
        make_hidden=_hidden,
        prompt=(
            "Write a function `positive_share(y)` that returns the share of 1s in `y`, an array "
            "(or pandas Series) of 0s and 1s, as a float between 0 and 1. For example "
            "`positive_share(interviewed)` is 0.4."
        ),
        hints=(
            "A share is a count divided by a total: how many values are 1, out of how many?",
            "In an array of 0s and 1s, the sum counts the 1s and len() counts all values.",
            "Count the 1s with `np.sum(y == 1)`, then divide by `len(y)` (with /, not //).",
        ),
        solution=(
            "def positive_share(y):\n"
            "    y = np.asarray(y)\n"
            "    return float(np.sum(y == 1) / len(y))\n"
        ),
        wrong_answers=(
            WrongAnswer(
                "count instead of share",
                "def positive_share(y):\n    return int(np.sum(y))\n",
                detects="count",
            ),
            WrongAnswer(
                "share of 0s",
                "def positive_share(y):\n    y = np.asarray(y)\n    return np.mean(y == 0)\n",
                detects="share of 0s",
            ),
            WrongAnswer(
                "percentage",
                "def positive_share(y):\n    return 100 * np.mean(y)\n",
                detects="percentage",
            ),
            WrongAnswer(
                "integer division",
                "def positive_share(y):\n    return int(np.sum(y)) // len(y)\n",
                detects="integer division",
            ),
        ),
        mistakes=(
            Mistake(
                "you returned the count of 1s: divide by the number of values.",
                lambda y: float(np.sum(y == 1)),
            ),
            Mistake("that is the share of 0s, not of 1s.", lambda y: 1 - _share(y)),
            Mistake(
                "this looks like a percentage: give a share between 0 and 1.",
                lambda y: 100 * _share(y),
            ),
            Mistake(
                "you got a whole number: integer division (//) rounds down; divide with /.",
                lambda y: float(np.sum(y == 1) // len(y)),
            ),
        ),
    ),
}
