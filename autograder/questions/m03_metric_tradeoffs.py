"""m03-metric-tradeoffs: choosing and trusting a metric.

Questions (14 autograded points, plus 3 written points graded by hand):

- q1 ``ece_by_group(y_true, y_score, groups, n_bins)`` -> Series (2 points)
- q2 ``error_rates_at(y_true, y_score, groups, threshold)`` -> DataFrame fpr, fnr (2 points)
- q3 ``implied_fpr(base_rate, ppv, fnr)`` -> float, Chouldechova's identity (1 point)
- q4 ``intersectional_selection_rates(y_pred, sex, race, min_size)`` -> Series (2 points)
- q5 ``bootstrap_gap_interval(y_pred, groups, a, b, n_boot, seed, confidence, method)``
  -> Series low, high (3 points)
- q6 ``permutation_p_value(y_pred, groups, a, b, n_permutations, seed)`` -> float (2 points)
- q7 ``rows_per_group(p1, p2, alpha, power)`` -> int (2 points)

``fairkit.metrics``, ``fairlearn``, ``sklearn.metrics`` and ``sklearn.calibration`` compute
these quantities (calibration tables, error rates, bootstrap intervals, gap tests), so they are
absent while it is graded. ``scipy.stats`` stays: q7 needs normal quantiles, and its bootstrap
and permutation helpers do not follow the procedures q5 and q6 fix draw for draw.

Scalar arguments (``n_bins``, ``threshold``, ``min_size``, seeds...) arrive by keyword. Every
case keeps the prompts' promises: no score within 1e-6 of a bin edge (q1), every group with an
actual positive and negative (q2), compared groups that never vanish from a replicate (q5).

Examples
--------
>>> from autograder.questions.m03_metric_tradeoffs import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 2, 1, 2, 3, 2, 2]
"""

from __future__ import annotations

from autograder.questions import _m03_answers as A
from autograder.questions import _m03_answers_stats as S
from autograder.questions import _m03_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m03_data import (
    calibration_cases,
    identity_cases,
    intersection_cases,
    threshold_cases,
)
from autograder.questions._m03_questions_stats import Q5, Q6, Q7

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m03-metric-tradeoffs"

setup_code = """\
import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from faircheck.datasets import adult_predictions
from fairkit.datasets import make_risk_scores

# A default-risk score, calibrated within each group; group B defaults twice as often.
loans = make_risk_scores(6000, base_rates={"A": 0.2, "B": 0.4}, random_state=3).frame
y_true = loans["y"].to_numpy()
y_score = loans["score"].to_numpy()
groups = loans["group"].to_numpy()

# The UCI Adult test split with a model's decisions (as in m02), for the intersections.
adult = adult_predictions()
"""

FORBIDDEN = Q5.forbidden
_BOTH = " You may assume that every group has at least one actual positive and one negative."

_Q1 = Question(
    id="q1",
    title="Calibration error by group",
    points=2,
    answer_name="ece_by_group",
    quantity=(
        "the calibration error (ECE) of each group: over the group's non-empty bins, the sum "
        "of (bin's share of the group's rows) * |mean score - share of y_true == 1|"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_ece,
    make_public=calibration_cases()[0],
    make_hidden=calibration_cases()[1],
    prompt=(
        "Write `ece_by_group(y_true, y_score, groups, n_bins)`: split [0, 1] into `n_bins` "
        "equal bins (bin b holds the scores in [b / n_bins, (b + 1) / n_bins); a score of 1 "
        "goes to the last bin). For each group, sum over its non-empty bins the bin's share "
        "of the group's rows times |mean score in the bin - share of `y_true == 1` in the "
        "bin|. Return a pandas Series indexed by group. No score lies within 1e-6 of a bin "
        "edge. Then look at `ece_by_group(y_true, y_score, groups, n_bins=10)` for the "
        "notebook's `loans`, and at the same for a blind score that gives everyone the "
        "overall default rate, `np.full(len(y_true), y_true.mean())`."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        Mistake(
            "you computed one calibration error over everyone (unconditional calibration) and "
            "gave it to every group: a score can be calibrated overall and not within a group; "
            "bin and compare inside each group.",
            R.ece_overall,
        ),
        Mistake(
            "you averaged the bins equally: weight each bin by its share of the group's rows.",
            lambda y_true, y_score, groups, n_bins: R.ece_variant(
                y_true, y_score, groups, n_bins, weight="equal"
            ),
        ),
        Mistake(
            "you weighted each bin by its share of all rows: use its share of the group's rows.",
            lambda y_true, y_score, groups, n_bins: R.ece_variant(
                y_true, y_score, groups, n_bins, weight="all"
            ),
        ),
        Mistake(
            "you compared each bin's observed rate with the bin's midpoint: use the mean score "
            "of the rows in the bin.",
            lambda y_true, y_score, groups, n_bins: R.ece_variant(
                y_true, y_score, groups, n_bins, target="midpoint"
            ),
        ),
        Mistake(
            "this is the group's mean score minus its base rate (calibration in the large, bins "
            "that cancel out): take the absolute gap within each bin before summing.",
            lambda y_true, y_score, groups, n_bins: R.ece_variant(
                y_true, y_score, groups, n_bins, signed=True
            ),
        ),
        Mistake(
            "this is |mean score - base rate| of the group (calibration in the large): a score "
            "can get that right and still be wrong in every bin; take |gap| within each bin.",
            lambda y_true, y_score, groups, n_bins: {
                k: abs(v)
                for k, v in R.ece_variant(y_true, y_score, groups, n_bins, signed=True).items()
            },
        ),
    ),
)

_Q2 = Question(
    id="q2",
    title="False positive and false negative rates at a threshold",
    points=2,
    answer_name="error_rates_at",
    quantity=(
        "a DataFrame with one row per group: fpr = share of decisions 1 among actual "
        "negatives, fnr = share of decisions 0 among actual positives, decision = score >= "
        "threshold"
    ),
    output="table",
    columns=("fpr", "fnr"),
    forbidden=FORBIDDEN,
    reference=R.ref_error_rates,
    make_public=threshold_cases()[0],
    make_hidden=threshold_cases()[1],
    prompt=(
        "Write `error_rates_at(y_true, y_score, groups, threshold)`: the decision is 1 when "
        "`y_score >= threshold`. Return a DataFrame indexed by group with columns `fpr` "
        "(false positive rate) and `fnr` (false negative rate)." + _BOTH + " Then look at "
        "`error_rates_at(y_true, y_score, groups, threshold=0.5)`: the score is calibrated in "
        "both groups; are its error rates equal?"
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=(
        Mistake(
            "a score equal to the threshold is a positive decision: use >=, not >.",
            lambda **kw: {
                k: v for k, v in R.rates_at(**kw, strict=True).items() if k in ("fpr", "fnr")
            },
        ),
        Mistake(
            "these look like false negative rates (swapped?): FPR is the share of actual "
            "negatives (y_true == 0) with decision 1.",
            lambda **kw: R.rates_at(**kw)["fnr"],
            column="fpr",
        ),
        Mistake(
            "you divided by all of the group's rows: FPR divides the false positives by the "
            "actual negatives.",
            lambda **kw: R.rates_at(**kw)["fp_share"],
            column="fpr",
        ),
        Mistake(
            "these look like false positive rates (swapped?): FNR is the share of actual "
            "positives (y_true == 1) with decision 0.",
            lambda **kw: R.rates_at(**kw)["fpr"],
            column="fnr",
        ),
        Mistake(
            "that is the true positive rate (1 - FNR): FNR counts the actual positives that "
            "were missed (decision 0).",
            lambda **kw: R.rates_at(**kw)["tpr"],
            column="fnr",
        ),
    ),
)

_Q3 = Question(
    id="q3",
    title="The false positive rate that calibration forces",
    points=1,
    answer_name="implied_fpr",
    quantity="FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR), p the base rate",
    output="number",
    forbidden=FORBIDDEN,
    reference=R.ref_implied_fpr,
    make_public=identity_cases()[0],
    make_hidden=identity_cases()[1],
    prompt=(
        "Write `implied_fpr(base_rate, ppv, fnr)`: the false positive rate of a group with "
        "this base rate P(Y = 1), precision P(Y = 1 | decision 1) and false negative rate "
        "(Chouldechova 2017). Derive it from the confusion counts; then run it on two groups "
        "with the same PPV and FNR but different base rates."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=(
        Mistake(
            "the odds of the base rate are upside down: more positives in a group mean more "
            "false positives at the same PPV, so the factor is p / (1 - p).",
            lambda base_rate, ppv, fnr: (1 - base_rate) / base_rate * (1 - ppv) / ppv * (1 - fnr),
        ),
        Mistake(
            "you multiplied by fnr: the true positives are p * (1 - fnr).",
            lambda base_rate, ppv, fnr: base_rate / (1 - base_rate) * (1 - ppv) / ppv * fnr,
        ),
        Mistake(
            "the precision factor is upside down: FP / TP = (1 - ppv) / ppv.",
            lambda base_rate, ppv, fnr: base_rate / (1 - base_rate) * ppv / (1 - ppv) * (1 - fnr),
        ),
        Mistake(
            "you left out the base-rate odds p / (1 - p): FPR divides by the negatives.",
            lambda base_rate, ppv, fnr: (1 - ppv) / ppv * (1 - fnr),
        ),
    ),
)

_Q4 = Question(
    id="q4",
    title="Intersectional selection rates, small cells left out",
    points=2,
    answer_name="intersectional_selection_rates",
    quantity=(
        "the selection rate of every (sex, race) cell with at least min_size rows, labelled "
        "'sex/race'; cells with fewer rows left out"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_intersections,
    make_public=intersection_cases()[0],
    make_hidden=intersection_cases()[1],
    prompt=(
        "Write `intersectional_selection_rates(y_pred, sex, race, min_size)`: the share of "
        "`y_pred == 1` in every (sex, race) cell that has **at least** `min_size` rows, as a "
        "pandas Series indexed by the label `f'{sex}/{race}'` (for example "
        "`'Female/Black'`). Leave out the cells with fewer rows: their rates are too noisy to "
        "report. Then look at `intersectional_selection_rates(adult['y_pred'], adult['sex'], "
        "adult['race'], min_size=50)`: which cells are left out?"
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=(
        Mistake(
            "you kept cells with fewer than min_size rows: leave them out.",
            lambda **kw: R.inter_variant(**{**kw, "min_size": 1}),
        ),
        Mistake(
            "you dropped the cells with exactly min_size rows: keep cells with at least "
            "min_size rows.",
            lambda **kw: R.inter_variant(**kw, keep=">"),
        ),
        Mistake(
            "your labels put race first: use 'sex/race', sex first.",
            lambda **kw: R.inter_variant(**kw, order="race/sex"),
        ),
        Mistake(
            "you compared the number of selected rows with min_size: a cell's size is its "
            "number of rows.",
            lambda **kw: R.inter_variant(**kw, size="selected"),
        ),
    ),
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, Q5, Q6, Q7)}

WRITTEN = [{"id": "w1", "points": 3, "prompt": S.W1_PROMPT, "rubric": S.W1_RUBRIC}]
