"""m08-image-bias: audit an image classifier by group, and build reweighting and oversampling.

The audit is the per-group error with a bootstrap interval; the data-side fixes are group
reweighting and oversampling, whose limits the lesson shows.

Questions (13 autograded points, plus 6 written points graded by hand):

- q1 ``error_by_group(y_true, y_pred, groups)`` -> Series by group (2 points)
- q2 ``error_interval(y_true, y_pred, groups, *, n_boot, confidence, seed)`` -> table error,
  low, high: a percentile bootstrap within each group, reproducible (3 points)
- q3 ``group_weights(groups)`` -> Series by group: the weight n / (k n_g) of a row (2 points)
- q4 ``oversampled_composition(groups, *, seed)`` -> table rows, distinct, max_copies of each
  group after oversampling to the largest group (2 points)
- q5 ``effective_sample_size(weights)`` -> float: Kish's (sum w)^2 / sum w^2 (2 points)
- q6 ``audit_table(y_true, y_pred, groups, *, n_boot, confidence, seed)`` -> the model card's
  table: n, error, low, high, gap to the best-served group (2 points)

``fairkit.metrics`` (per-group errors, ``bootstrap_ci``), ``fairkit.mitigation``
(``Reweighing``, ``Resampler``) and ``fairlearn`` (``MetricFrame``) compute these, so they are
absent while it is graded; the notebook's data come from
``fairkit.datasets.make_group_images`` and its model from scikit-learn, which need none of
them.

Examples
--------
>>> from autograder.questions.m08_image_bias import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 3, 2, 2, 2, 2]
"""

from __future__ import annotations

from autograder.questions import _m08_answers as A
from autograder.questions import _m08_answers_more as B
from autograder.questions import _m08_mistakes as M
from autograder.questions import _m08_refs as R
from autograder.questions._base import Question
from autograder.questions._m08_data import SETUP, group_cases, prediction_cases, weight_cases

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m08-image-bias"

_PIPE, _SHARE, _SEED = SETUP["pipeline"], SETUP["share_b"], SETUP["seed"]
setup_code = f"""\
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fairkit.datasets import make_group_images

# Digit images; group B's were captured mirrored (a front camera) and are 5 % of training,
# half of the test set. print(data.description) shows the datasheet.
data = make_group_images({_PIPE!r}, share_b={_SHARE}, random_state={_SEED})
X_train, y_train, group_train = data.X_train, data.y_train, data.group_train
X_test, y_test, group_test = data.X_test, data.y_test, data.group_test
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=500))
y_pred = model.fit(X_train, y_train).predict(X_test)
"""

FORBIDDEN = ("fairkit.metrics", "fairkit.mitigation", "fairlearn")
_P1, _H1 = prediction_cases(bootstrap=False)
_P2, _H2 = prediction_cases(bootstrap=True)
_P3, _H3 = group_cases(seeded=False)
_P4, _H4 = group_cases(seeded=True)
_P5, _H5 = weight_cases()

_Q1 = Question(
    id="q1",
    title="Error rate by group",
    points=2,
    answer_name="error_by_group",
    quantity="the error rate of each group: the share of its images with y_pred != y_true",
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_error_by_group,
    make_public=_P1,
    make_hidden=_H1,
    prompt=(
        "Write `error_by_group(y_true, y_pred, groups)`: return a pandas Series indexed by group "
        "with each group's error rate (the share of its images whose predicted digit is wrong)."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=M.Q1_MISTAKES,
)

_Q2 = Question(
    id="q2",
    title="A bootstrap interval for each group's error",
    points=3,
    answer_name="error_interval",
    quantity=(
        "per group: error and the percentile bootstrap interval (low, high), the group's images "
        "resampled with one generator default_rng(seed), groups in np.unique order"
    ),
    output="table",
    columns=("error", "low", "high"),
    forbidden=FORBIDDEN,
    reference=R.ref_error_interval,
    make_public=_P2,
    make_hidden=_H2,
    prompt=A.Q2_PROMPT,
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=M.Q2_MISTAKES,
)

_Q3 = Question(
    id="q3",
    title="Group weights for reweighting",
    points=2,
    answer_name="group_weights",
    quantity=(
        "the weight of one row of each group, n / (k * n_g): every group gets the same total "
        "weight and the weights average 1"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_group_weights,
    make_public=_P3,
    make_hidden=_H3,
    prompt=(
        "Write `group_weights(groups)`: return a Series indexed by group with the weight each "
        "training image of that group gets, so that every group carries the same total weight "
        "and the weights of all images average 1 (n images, k groups, n_g in group g). Write "
        "it with NumPy or pandas."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=M.Q3_MISTAKES,
)


_Q4 = Question(
    id="q4",
    title="What oversampling really adds",
    points=2,
    answer_name="oversampled_composition",
    quantity=(
        "per group, after oversampling every group to the largest (originals kept, extras drawn "
        "with one generator default_rng(seed)): rows, distinct originals, max_copies"
    ),
    output="table",
    columns=("rows", "distinct", "max_copies"),
    forbidden=FORBIDDEN,
    reference=R.ref_oversampled_composition,
    make_public=_P4,
    make_hidden=_H4,
    prompt=B.Q4_PROMPT,
    hints=B.Q4_HINTS,
    solution=B.Q4_SOLUTION,
    wrong_answers=B.Q4_WRONG,
    mistakes=M.Q4_MISTAKES,
)

_Q5 = Question(
    id="q5",
    title="How many images a weighted training set is worth",
    points=2,
    answer_name="effective_sample_size",
    quantity="Kish's effective sample size (sum of weights)^2 / (sum of squared weights)",
    output="number",
    forbidden=FORBIDDEN,
    reference=R.ref_effective_sample_size,
    make_public=_P5,
    make_hidden=_H5,
    prompt=(
        "Write `effective_sample_size(weights)`: return Kish's effective sample size of a "
        "weighted sample, `(sum of the weights) ** 2 / (sum of the squared weights)`, as a "
        "float. The grader calls it on weights of its own."
    ),
    hints=B.Q5_HINTS,
    solution=B.Q5_SOLUTION,
    wrong_answers=B.Q5_WRONG,
    mistakes=M.Q5_MISTAKES,
)

_Q6 = Question(
    id="q6",
    title="An audit table a model card could carry",
    points=2,
    answer_name="audit_table",
    quantity=(
        "per group: n test images, error, low, high (as in error_interval) and gap = error "
        "minus the smallest group error"
    ),
    output="table",
    columns=("n", "error", "low", "high", "gap"),
    forbidden=FORBIDDEN,
    reference=R.ref_audit_table,
    make_public=_P2,
    make_hidden=_H2,
    uses=("q2",),
    prompt=(
        "Write `audit_table(y_true, y_pred, groups, *, n_boot, confidence, seed)`: return a "
        "DataFrame indexed by group with columns `n` (the group's number of test images), "
        "`error`, `low`, `high` (from your `error_interval` with the same arguments) and `gap` "
        "(the group's error minus the smallest error of any group: how much worse it is served "
        "than the best-served group)."
    ),
    hints=B.Q6_HINTS,
    solution=B.Q6_SOLUTION,
    wrong_answers=B.Q6_WRONG,
    mistakes=M.Q6_MISTAKES,
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6)}

WRITTEN = [
    {"id": "w1", "points": 3, "prompt": B.W1_PROMPT, "rubric": B.W1_RUBRIC},
    {"id": "w2", "points": 3, "prompt": B.W2_PROMPT, "rubric": B.W2_RUBRIC},
]
