"""m01-bias-lifecycle: audit a dataset before any model exists, then monitor a deployed one.

Questions (14 autograded points, plus 3 written points graded by hand):

- q1 ``representation_ratio(groups, population_groups, population_shares)`` -> Series (2)
- q2 ``base_rate_by_group(data, sensitive, label)`` -> Series (1)
- q3 ``missing_rate_by_group(data, sensitive, column)`` -> Series (2)
- q4 ``label_flip_rate_by_group(data, sensitive, true_label, recorded_label)`` -> Series (2)
- q5 ``measurement_shift(data, sensitive, reference, feature, true_label)`` -> Series (3)
- q6 ``gap_by_batch(data, group, reference)`` -> Series by batch (2)
- q7 ``batch_alerts(data, group, reference, low, high)`` -> DataFrame gap, alert (2)

Every answer is a function of a table the grader chooses: ``fairkit.datasets`` generators
drawn again on the host (hiring and lending, other seeds, sizes, bias sizes, labels and column
names), so no number can be shared. ``fairkit.metrics`` and ``fairlearn`` compute group rates
and are absent while it is graded; pandas and NumPy are all that is needed.

Decisions: the standard deviation of q5 is the sample SD (ddof=1, pandas' default); an
answer with NumPy's default ddof=0 is recognised and told so, but not accepted, because a
comparison at 1e-9 cannot accept both. Gaps are signed (group minus reference).

Examples
--------
>>> from autograder.questions.m01_bias_lifecycle import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 1, 2, 2, 3, 2, 2]
"""

from __future__ import annotations

from autograder.questions import _m01_answers_monitoring as A
from autograder.questions import (
    _m01_questions_data,
    _m01_questions_labels,
    _m01_questions_monitoring,
)
from autograder.questions._m01_checks import FORBIDDEN

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m01-bias-lifecycle"

setup_code = """\
import numpy as np
import pandas as pd
from fairkit.datasets import make_hiring, make_hiring_stream

# Past applicants of the company (synthetic, with injected biases whose sizes are known).
hiring = make_hiring(4000, historical_bias=0.3, measurement_bias=0.5, missing_rate=0.05,
                     missing_bias=0.2, random_state=11).frame
hiring["gender"] = hiring["gender"].astype(str)
# The working-age population of the region the company recruits from (census shares).
census = pd.Series({"man": 0.5, "woman": 0.5})
# The decisions of the deployed screening model, week by week (30 batches of 200).
stream = make_hiring_stream(30, 200, random_state=11).frame
stream["gender"] = stream["gender"].astype(str)
"""


QUESTIONS = {
    q.id: q
    for part in (_m01_questions_data, _m01_questions_labels, _m01_questions_monitoring)
    for q in part.QUESTIONS
}

WRITTEN = [{"id": "w1", "points": 3, "prompt": A.W1_PROMPT, "rubric": A.W1_RUBRIC}]
