"""Questions q5-q7 of m03-metric-tradeoffs: a bootstrap interval, a permutation test, power.

Kept apart from :mod:`.m03_metric_tradeoffs` (which imports them) to keep files short.
"""

from __future__ import annotations

import math

from autograder.questions import _m03_answers_stats as S
from autograder.questions import _m03_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m03_data_stats import bootstrap_cases, permutation_cases, power_cases

__all__ = ["Q5", "Q6", "Q7"]

FORBIDDEN = ("fairkit.metrics", "fairlearn", "sklearn.metrics", "sklearn.calibration")

Q5 = Question(
    id="q5",
    title="A bootstrap interval for a gap, reproducibly",
    points=3,
    answer_name="bootstrap_gap_interval",
    quantity=(
        "the bootstrap interval (low, high) of rate(a) - rate(b), rows resampled from all rows "
        "with rng.integers(0, n, size=n) per replicate, percentile or basic"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.ref_interval,
    make_public=bootstrap_cases()[0],
    make_hidden=bootstrap_cases()[1],
    prompt=S.Q5_PROMPT,
    hints=S.Q5_HINTS,
    solution=S.Q5_SOLUTION,
    wrong_answers=S.Q5_WRONG,
    mistakes=(
        Mistake(
            "that is the other interval: percentile takes the replicates' quantiles as they "
            "are; basic reflects them around the observed gap (2 * gap - hi, 2 * gap - lo).",
            lambda **kw: R.interval(
                **{**kw, "method": "basic" if kw["method"] == "percentile" else "percentile"}
            ),
        ),
        Mistake(
            "you used 95 % whatever `confidence` says.",
            lambda **kw: R.interval(**{**kw, "confidence": 0.95}),
        ),
        Mistake(
            "this is the interval of the unsigned gap |rate(a) - rate(b)|: its replicates are "
            "never below 0, so it cannot cover a true gap of 0; use the signed gap.",
            lambda **kw: R.interval(**kw, unsigned=True),
        ),
        Mistake(
            "every replicate drew the same rows: create the generator once, before the loop.",
            lambda **kw: R.interval(**kw, reseed=True),
        ),
        Mistake(
            "that is a normal interval (gap +- z * sd): the question asks for a percentile or "
            "basic interval from the quantiles of the replicates.",
            R.normal_interval,
        ),
    ),
)

Q6 = Question(
    id="q6",
    title="A permutation test for a gap",
    points=2,
    answer_name="permutation_p_value",
    quantity=(
        "the two-sided permutation p-value (1 + count) / (1 + n_permutations) of "
        "|rate(a) - rate(b)|, group labels shuffled among the rows of a and b"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.ref_p_value,
    make_public=permutation_cases()[0],
    make_hidden=permutation_cases()[1],
    prompt=S.Q6_PROMPT,
    hints=S.Q6_HINTS,
    solution=S.Q6_SOLUTION,
    wrong_answers=S.Q6_WRONG,
    mistakes=(
        Mistake(
            "you divided count by B: the p-value is (1 + count) / (1 + B), counting the "
            "observed labelling, so it is never 0.",
            lambda **kw: R.p_value(**kw, plus_one=False),
        ),
        Mistake(
            "you did not count ties: a permuted gap equal to the observed one (>= observed - "
            "1e-9) counts as at least as extreme.",
            lambda **kw: R.p_value(**kw, strict=True),
        ),
        Mistake(
            "that is a one-sided p-value (signed gap): compare |gap|, two-sided.",
            lambda **kw: R.p_value(**kw, sided=1),
        ),
        Mistake(
            "you shuffled the labels of all rows: keep only the rows of a and b first.",
            lambda **kw: R.p_value(**kw, kept_only=False),
        ),
        Mistake(
            "you shuffled y_pred instead of the group labels: shuffle `groups`.",
            lambda **kw: R.p_value(**kw, shuffle="y_pred"),
        ),
        Mistake(
            "you shuffled one array in place again and again (rng.shuffle): draw each "
            "permutation from the original labels with rng.permutation(labels).",
            lambda **kw: R.p_value(**kw, shuffle="in place"),
        ),
        Mistake(
            "you compared with >= observed exactly: a gap that ties the observed one with the "
            "groups' roles swapped can differ from it in the last bit; count t >= observed - "
            "1e-9.",
            lambda **kw: R.p_value(**kw, strict="exact"),
        ),
    ),
)

Q7 = Question(
    id="q7",
    title="How many rows a gap needs",
    points=2,
    answer_name="rows_per_group",
    quantity=(
        "ceil((z(1 - alpha/2) + z(power))**2 * (p1(1-p1) + p2(1-p2)) / (p1 - p2)**2), rows "
        "per group"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.ref_rows,
    make_public=power_cases(R.unrounded_n)[0],
    make_hidden=power_cases(R.unrounded_n)[1],
    prompt=S.Q7_PROMPT,
    hints=S.Q7_HINTS,
    solution=S.Q7_SOLUTION,
    wrong_answers=S.Q7_WRONG,
    mistakes=(
        Mistake(
            "that uses the one-sided quantile z(1 - alpha): the test is two-sided, z(1 - "
            "alpha / 2).",
            lambda **kw: float(math.ceil(R.unrounded_n(**kw, sides=1))),
        ),
        Mistake(
            "round up (math.ceil): fewer rows than the formula gives fall short of the power.",
            R.unrounded_n,
        ),
        Mistake(
            "round up (math.ceil), not to the nearest integer.",
            lambda **kw: float(round(R.unrounded_n(**kw))),
        ),
        Mistake(
            "that counts both groups together: give the rows per group.",
            lambda **kw: 2.0 * R.ref_rows(**kw),
        ),
        Mistake(
            "that is the pooled-variance formula: this question uses the unpooled one, "
            "p1 (1 - p1) + p2 (1 - p2) with z(1 - alpha/2) + z(power) squared.",
            lambda **kw: float(math.ceil(R.unrounded_n(**kw, pooled=True))),
        ),
    ),
)
