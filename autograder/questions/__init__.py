"""Autograded questions, one object per question, grouped in one module per assignment.

Each assignment module exposes ``ASSIGNMENT`` (its name), ``QUESTIONS`` (ordered dict of
id -> :class:`Question`), ``setup_code`` (what the notebook runs before the questions) and
``WRITTEN`` (manually graded prompts). The checking logic lives here, never in notebook cells.

Examples
--------
>>> from autograder.questions import get_assignment
>>> get_assignment("m00-orientation").QUESTIONS["q1"].answer_name
'positive_share'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from autograder.questions._base import (
    AnswerError,
    Case,
    CheckResult,
    Mistake,
    Question,
    WrongAnswer,
)

__all__ = [
    "ASSIGNMENTS",
    "AnswerError",
    "Case",
    "CheckResult",
    "Mistake",
    "Question",
    "WrongAnswer",
    "get_assignment",
    "get_question",
]

_MODULES = {
    "m00-orientation": "autograder.questions.m00_orientation",
    "m01-bias-lifecycle": "autograder.questions.m01_bias_lifecycle",
    "m02-group-metrics": "autograder.questions.m02_group_metrics",
    "m03-metric-tradeoffs": "autograder.questions.m03_metric_tradeoffs",
    "m04-individual-fairness-and-proxies": (
        "autograder.questions.m04_individual_fairness_and_proxies"
    ),
    "m05-data-debiasing": "autograder.questions.m05_data_debiasing",
    "m06-fair-training": "autograder.questions.m06_fair_training",
    "m07-post-processing": "autograder.questions.m07_post_processing",
    "m08-image-bias": "autograder.questions.m08_image_bias",
    "m09-differential-privacy": "autograder.questions.m09_differential_privacy",
    "m10-explainability": "autograder.questions.m10_explainability",
    "m11-accountability": "autograder.questions.m11_accountability",
    "m12-capstone": "autograder.questions.m12_capstone",
}
ASSIGNMENTS = tuple(_MODULES)
UNKNOWN_ASSIGNMENT = "unknown assignment {name!r}; known assignments: {known}"
UNKNOWN_QUESTION = "assignment {assignment!r} has no question {qid!r}; its questions: {known}"


def get_assignment(name: str) -> ModuleType:
    """The question-set module of assignment ``name`` (imported on first use).

    Raises
    ------
    ValueError
        If ``name`` is not a known assignment; the message lists the known ones.

    Examples
    --------
    >>> get_assignment("m02-group-metrics").ASSIGNMENT
    'm02-group-metrics'
    """
    if name not in _MODULES:
        raise ValueError(UNKNOWN_ASSIGNMENT.format(name=name, known=", ".join(ASSIGNMENTS)))
    return importlib.import_module(_MODULES[name])


def get_question(assignment: str, question_id: str) -> Question:
    """Question ``question_id`` of ``assignment``; ValueError listing the ids if unknown.

    Examples
    --------
    >>> get_question("m00-orientation", "q1").points
    1
    """
    questions = get_assignment(assignment).QUESTIONS
    if question_id not in questions:
        known = ", ".join(questions)
        raise ValueError(
            UNKNOWN_QUESTION.format(assignment=assignment, qid=question_id, known=known)
        )
    return questions[question_id]
