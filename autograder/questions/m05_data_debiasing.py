"""m05-data-debiasing: fix the data before training, by hand, and measure what each fix does.

Questions (14 autograded points, plus 3 written points graded by hand):

- q1 ``reweighing_weights(y, groups)`` -> DataFrame w0, w1 by group (2 points)
- q2 ``target_counts(y, groups)`` -> DataFrame n0, n1 by group (1 point)
- q3 ``preferential_copies(scores, y, groups)`` -> Series of copies per row (3 points)
- q4 ``decorrelate(x, s, alpha)`` -> Series, one feature with s's linear effect removed (2)
- q5 ``repair_feature(x, groups, repair_level)`` -> Series, Feldman's repair of one feature (3)
- q6 ``mitigation_report(data)`` -> DataFrame dp_gap, eo_gap, accuracy by method (3 points)

``fairkit.mitigation``, ``fairlearn`` and ``aif360`` implement these (Reweighing, resampling,
CorrelationRemover, DisparateImpactRemover), so they are absent while it is graded;
``fairkit.metrics`` stays (q6 measures gaps with it). Per-row answers are Series indexed
0..n-1 (``pd.Series(values)``). Every group of every case has rows of both labels.

Examples
--------
>>> from autograder.questions.m05_data_debiasing import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 1, 3, 2, 3, 3]
"""

from __future__ import annotations

from autograder.questions import _m05_answers as A
from autograder.questions import _m05_answers_report as W
from autograder.questions import _m05_data as D
from autograder.questions import _m05_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m05_questions_report import Q6 as _Q6
from autograder.questions._m05_refs import FORBIDDEN

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m05-data-debiasing"

setup_code = """\
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import fairkit.metrics as fm
from fairkit.datasets import make_hiring

# 2,000 past applicants: qualified women were rejected 30 % of the time (label bias), the
# interview under-rates women (measurement bias), club_member points to women (a proxy).
FEATURES = ["test_score", "years_experience", "interview_score", "club_member"]
_raw = make_hiring(2000, random_state=0).frame
hiring = _raw[FEATURES].astype(float)
hiring["gender"] = _raw["gender"].astype(str).to_numpy()
hiring["hired"] = _raw["hired"].to_numpy()
hiring["qualified"] = _raw["qualified"].to_numpy()
"""

_BOTH = " Every group has at least one row with `y == 1` and one with `y == 0`."
_ROWS = " Return `pd.Series(values)` (one value per row, index 0..n-1)."


_Q1 = Question(
    id="q1",
    title="Reweighing weights",
    points=2,
    answer_name="reweighing_weights",
    quantity="w(g, y) = P(g) P(y) / P(g, y) for every group g (rows) and label y (w0, w1)",
    output="table",
    columns=("w0", "w1"),
    forbidden=FORBIDDEN,
    reference=R.ref_weights,
    make_public=D.label_cases,
    make_hidden=D.label_cases,
    prompt=(
        "Write `reweighing_weights(y, groups)`: return a DataFrame indexed by group with columns "
        "`w0` and `w1`, the Kamiran & Calders weight w(g, y) = P(g) P(y) / P(g, y) of a row of "
        "group g with label y." + _BOTH
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        Mistake(
            "your weights are upside down, P(g, y) / (P(g) P(y)): a cell that is rarer than "
            "independence predicts must weigh more than 1, not less.",
            R.weights_variant("inverse"),
        ),
        Mistake(
            "w0 and w1 are swapped: w0 is the weight of rows with y == 0.",
            R.weights_variant("swapped"),
        ),
        Mistake(
            "you left out P(g): that is P(y) / P(g, y); multiply by the group's share P(g).",
            R.weights_variant("no_group_share"),
        ),
        Mistake(
            "these are counts, not shares: n_g n_y / n_gy still has to be divided by n.",
            R.weights_variant("counts"),
        ),
        Mistake(
            "you left out P(y): that is 1 / P(y | g); multiply by the overall share P(y).",
            R.weights_variant("no_label_share"),
        ),
    ),
)

_Q2 = Question(
    id="q2",
    title="Cell sizes for resampling",
    points=1,
    answer_name="target_counts",
    quantity="round(n_g n_y / n), the size of each (group, label) cell under independence",
    output="table",
    columns=("n0", "n1"),
    forbidden=FORBIDDEN,
    reference=R.ref_targets,
    make_public=D.label_cases,
    make_hidden=D.label_cases,
    prompt=(
        "Write `target_counts(y, groups)`: a DataFrame indexed by group with columns `n0`, `n1`: "
        "the number of rows each (group, label) cell should have after resampling, "
        "n_g · n_y / n rounded to the nearest integer (no case ends in exactly .5)." + _BOTH
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=(
        Mistake(
            "round to the nearest whole number of rows: a cell cannot hold 3.6 rows.",
            R.targets_variant("unrounded"),
        ),
        Mistake("you rounded down: round to the nearest integer.", R.targets_variant("floor")),
        Mistake(
            "these are the current counts n_gy: the target is what independence predicts, "
            "n_g n_y / n.",
            R.targets_variant("current"),
        ),
        Mistake("n0 and n1 are swapped: n0 counts y == 0.", R.targets_variant("swapped")),
        Mistake(
            "half of each group per label is parity at 50 %: use the overall share of each "
            "label, n_y / n, times the group size.",
            R.targets_variant("half_each"),
        ),
    ),
)

_Q3 = Question(
    id="q3",
    title="Preferential sampling",
    points=3,
    answer_name="preferential_copies",
    quantity=(
        "the number of copies of each row after preferential sampling (0 = dropped): cells "
        "brought to their q2 size by dropping or duplicating the rows nearest the boundary"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    uses=("q2",),
    reference=R.ref_copies,
    make_public=D.score_cases,
    make_hidden=D.score_cases,
    prompt=(
        "Write `preferential_copies(scores, y, groups)` (Kamiran & Calders 2012): bring every "
        "(group, label) cell to its `target_counts` size. A cell that is too large loses its "
        "rows *nearest the decision boundary*; one that is too small gets one extra copy of each "
        "of its rows nearest the boundary, starting again from the nearest when it needs more "
        "copies than it has rows. Nearest the boundary: positives with the lowest `scores`, "
        "negatives with the highest. Return how many times each row appears (0, 1, 2, ...)."
        + _ROWS
        + " Scores are distinct."
        + _BOTH
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        Mistake(
            "you acted on the rows farthest from the boundary (the most confident ones): "
            "preferential sampling drops and duplicates the borderline rows.",
            R.copies_variant("confident"),
        ),
        Mistake(
            "for negatives the borderline rows are those with the *highest* scores; you took the "
            "lowest for both labels.",
            R.copies_variant("same_order"),
        ),
        Mistake(
            "a cell that needs more copies than it has rows must go round again from its "
            "nearest row: each row can get two or more extra copies.",
            R.copies_variant("no_cycle"),
        ),
    ),
)

_Q4 = Question(
    id="q4",
    title="Removing a linear correlation",
    points=2,
    answer_name="decorrelate",
    quantity=(
        "alpha * (x - slope * (s - mean(s))) + (1 - alpha) * x with slope = cov(x, s) / var(s)"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_decorrelate,
    make_public=D.decorrelate_cases,
    make_hidden=D.decorrelate_cases,
    prompt=(
        "Write `decorrelate(x, s, alpha)`: remove from feature `x` the part explained by a "
        "straight line in the sensitive column `s` (least squares on the centred `s`), blended "
        "with the original by `alpha` (1 = remove it all, 0 = keep `x`). This is what "
        "CorrelationRemover does to each column." + _ROWS
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=(
        Mistake(
            "you removed the whole linear effect whatever alpha is: blend with alpha.",
            R.decorrelate_variant("no_alpha"),
        ),
        Mistake(
            "centre s before you multiply by the slope (s - mean(s)), or the feature's mean "
            "shifts.",
            R.decorrelate_variant("not_centred"),
        ),
        Mistake(
            "you dropped the (1 - alpha) * x part of the blend.",
            R.decorrelate_variant("only_filtered"),
        ),
        Mistake(
            "that uses the correlation coefficient: the amount to remove is the regression "
            "slope cov(x, s) / var(s).",
            R.decorrelate_variant("correlation"),
        ),
        Mistake(
            "you also removed the mean of x: only the part explained by s goes.",
            R.decorrelate_variant("residual_only"),
        ),
    ),
)

_Q5 = Question(
    id="q5",
    title="Disparate-impact repair of one feature",
    points=3,
    answer_name="repair_feature",
    quantity=(
        "(1 - repair_level) x + repair_level * (median over groups h of Q_h(u)), u being the "
        "row's mid-rank in its own group"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_repair,
    make_public=D.repair_cases,
    make_hidden=D.repair_cases,
    prompt=(
        "Write `repair_feature(x, groups, repair_level)` (Feldman et al. 2015): a row ranked "
        "r-th (1 = smallest) of the n_g rows of its group has rank u = (r - 0.5) / n_g. For every "
        "group h, Q_h(u) = `np.interp(u, (np.arange(n_h) + 0.5) / n_h, np.sort(x_h))`; the "
        "fully repaired value is the median over groups of Q_h(u), and the answer "
        "(1 - repair_level) · x + repair_level · that median. Values are distinct within "
        "each group." + _ROWS
    ),
    hints=A.Q5_HINTS,
    solution=A.Q5_SOLUTION,
    wrong_answers=A.Q5_WRONG,
    mistakes=(
        Mistake(
            "that is the full repair whatever repair_level is: blend it with x.",
            R.repair_variant("ignores_level"),
        ),
        Mistake(
            "the blend is reversed: repair_level = 1 means fully repaired, 0 unchanged.",
            R.repair_variant("reversed"),
        ),
        Mistake(
            "you moved the group means together: the repair moves whole distributions, each "
            "row to the median distribution's value at its rank.",
            R.repair_variant("means"),
        ),
        Mistake(
            "that is the quantile of all rows pooled: the target is the median over groups of "
            "each group's quantile at the row's rank.",
            R.repair_variant("pooled"),
        ),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6)}

WRITTEN = [{"id": "w1", "points": 3, "prompt": W.W1_PROMPT, "rubric": W.W1_RUBRIC}]
