"""Hand-worked examples: every public metric on small arrays, expected numbers worked out by hand.

Most tests use the ``toy`` fixture (conftest.py), whose count table by group is:

    group | rows | TP FN FP TN | sel   TPR  FPR  TNR  FNR  PPV  NPV  acc
    a     |  6   |  2  1  1  2 | 3/6   2/3  1/3  2/3  1/3  2/3  2/3  4/6
    b     |  4   |  1  1  0  2 | 1/4   1/2  0    1    1/2  1    2/3  3/4
    c     |  5   |  3  1  1  0 | 4/5   3/4  1    0    1/4  3/4  0/1  3/5
    all   | 15   |  6  3  2  4 | 8/15  6/9  2/6  4/6  3/9  6/8  4/7  10/15
"""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import calibration_curve
from sklearn.neighbors import NearestNeighbors

from fairkit.metrics import (
    MetricFrame,
    UndefinedMetricWarning,
    accuracy,
    accuracy_difference,
    average_abs_odds_difference,
    average_odds_difference,
    between_group_generalized_entropy,
    bootstrap_ci,
    calibration_by_group,
    consistency_score,
    count,
    demographic_parity_difference,
    demographic_parity_ratio,
    disparate_impact_ratio,
    equal_opportunity_difference,
    equal_opportunity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_negative_rate,
    false_negative_rate_difference,
    false_positive_rate,
    false_positive_rate_difference,
    generalized_entropy_index,
    negative_predictive_value,
    positive_predictive_value,
    predictive_parity_difference,
    selection_rate,
    statistical_parity_difference,
    theil_index,
    true_negative_rate,
    true_positive_rate,
)
from fairkit.metrics import _errors as E
from fairkit.metrics._errors import GroupsSkippedWarning

RATES = {
    "selection_rate": selection_rate,
    "true_positive_rate": true_positive_rate,
    "false_positive_rate": false_positive_rate,
    "true_negative_rate": true_negative_rate,
    "false_negative_rate": false_negative_rate,
    "positive_predictive_value": positive_predictive_value,
    "negative_predictive_value": negative_predictive_value,
    "accuracy": accuracy,
}

# Columns of the table in the module docstring, in the order of RATES.
TOY_BY_GROUP = {
    "a": [3 / 6, 2 / 3, 1 / 3, 2 / 3, 1 / 3, 2 / 3, 2 / 3, 4 / 6],
    "b": [1 / 4, 1 / 2, 0.0, 1.0, 1 / 2, 1.0, 2 / 3, 3 / 4],
    "c": [4 / 5, 3 / 4, 1.0, 0.0, 1 / 4, 3 / 4, 0.0, 3 / 5],
}
TOY_OVERALL = [8 / 15, 6 / 9, 2 / 6, 4 / 6, 3 / 9, 6 / 8, 4 / 7, 10 / 15]

# Weights used with the toy data: group a gets 1, 2, 1, 2, 1, 2, group b 3, 1, 1, 1, group c 1s.
#   selected weight: a 1 + 2 + 2 = 5 of 9; b 3 of 6; c 4 of 5; all 12 of 20.
TOY_WEIGHTS = np.array([1, 2, 1, 2, 1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1], dtype=float)


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------------------------
# The eight rates and count
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "expected"), list(zip(RATES, TOY_OVERALL, strict=True)))
def test_rate_on_toy(toy, name, expected):
    assert RATES[name](toy.y_true, toy.y_pred) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("name", "expected"), list(zip(RATES, TOY_BY_GROUP["c"], strict=True)))
def test_rate_on_one_group(toy, name, expected):
    rows = toy.group == "c"
    assert RATES[name](toy.y_true[rows], toy.y_pred[rows]) == pytest.approx(expected, abs=1e-15)


# y_true = [1, 1, 0, 0, 1], y_pred = [1, 0, 1, 0, 1], w = [1, 2, 3, 4, 0.5]
#   TP = 1 + 0.5 = 1.5, FN = 2, FP = 3, TN = 4, total 10.5
WEIGHTED_EXPECTED = {
    "selection_rate": (1.5 + 3) / 10.5,  # 3/7
    "true_positive_rate": 1.5 / 3.5,  # 3/7
    "false_positive_rate": 3 / 7,
    "true_negative_rate": 4 / 7,
    "false_negative_rate": 2 / 3.5,  # 4/7
    "positive_predictive_value": 1.5 / 4.5,  # 1/3
    "negative_predictive_value": 4 / 6,
    "accuracy": 5.5 / 10.5,  # 11/21
}


@pytest.mark.parametrize("name", list(RATES))
def test_rate_weighted(name):
    value = RATES[name]([1, 1, 0, 0, 1], [1, 0, 1, 0, 1], sample_weight=[1, 2, 3, 4, 0.5])
    assert value == pytest.approx(WEIGHTED_EXPECTED[name], rel=1e-12)


def test_rates_docstring_example():
    # y_true = [0, 1, 1, 0, 1], y_pred = [0, 1, 0, 1, 1]: TP = 2, FN = 1, FP = 1, TN = 1
    y_true, y_pred = [0, 1, 1, 0, 1], [0, 1, 0, 1, 1]
    got = [f(y_true, y_pred) for f in RATES.values()]
    close(got, [3 / 5, 2 / 3, 1 / 2, 1 / 2, 1 / 3, 2 / 3, 1 / 2, 3 / 5])


def test_count(toy):
    assert count(toy.y_true, toy.y_pred) == 15
    assert isinstance(count(toy.y_true, toy.y_pred), int)
    # weights do not change the count (as Fairlearn's count)
    assert count(toy.y_true, toy.y_pred, sample_weight=TOY_WEIGHTS) == 15
    assert count(["no", "yes", "yes"], ["yes", "yes", "no"], pos_label="yes") == 3


# ---------------------------------------------------------------------------------------------
# MetricFrame
# ---------------------------------------------------------------------------------------------
def test_metricframe_one_metric(toy):
    mf = MetricFrame(
        metrics=selection_rate, y_true=toy.y_true, y_pred=toy.y_pred, sensitive_features=toy.group
    )
    assert mf.overall == pytest.approx(8 / 15, rel=1e-12)
    assert isinstance(mf.by_group, pd.Series)
    assert list(mf.by_group.index) == ["a", "b", "c"]
    close(mf.by_group, [1 / 2, 1 / 4, 4 / 5])
    assert mf.group_min() == pytest.approx(1 / 4)
    assert mf.group_max() == pytest.approx(4 / 5)
    # between groups: 4/5 - 1/4 = 11/20, (1/4) / (4/5) = 5/16
    assert mf.difference() == pytest.approx(11 / 20, rel=1e-12)
    assert mf.ratio() == pytest.approx(5 / 16, rel=1e-12)
    # to overall (8/15): |1/2 - 8/15| = 1/30, |1/4 - 8/15| = 17/60, |4/5 - 8/15| = 4/15
    assert mf.difference(method="to_overall") == pytest.approx(17 / 60, rel=1e-12)
    # ratios min(g/o, o/g): 15/16, 15/32, 2/3
    assert mf.ratio(method="to_overall") == pytest.approx(15 / 32, rel=1e-12)


def test_metricframe_all_rates_by_group(toy):
    mf = MetricFrame(
        metrics=RATES, y_true=toy.y_true, y_pred=toy.y_pred, sensitive_features=toy.group
    )
    assert isinstance(mf.by_group, pd.DataFrame)
    assert list(mf.by_group.columns) == list(RATES)
    close(mf.by_group.loc["a"], TOY_BY_GROUP["a"])
    close(mf.by_group.loc["b"], TOY_BY_GROUP["b"])
    close(mf.by_group.loc["c"], TOY_BY_GROUP["c"])
    close(mf.overall[list(RATES)], TOY_OVERALL)
    table = np.array([TOY_BY_GROUP[g] for g in "abc"])
    close(mf.group_min()[list(RATES)], table.min(axis=0))
    close(mf.group_max()[list(RATES)], table.max(axis=0))
    close(mf.difference()[list(RATES)], table.max(axis=0) - table.min(axis=0))
    close(
        mf.difference(method="to_overall")[list(RATES)],
        np.abs(table - np.array(TOY_OVERALL)).max(axis=0),
    )


def test_metricframe_two_sensitive_features(toy):
    # (f, x): y_true 1 1 1, y_pred 1 1 0 -> selection 2/3, accuracy 2/3
    # (f, y): y_true 0 0 0, y_pred 1 0 0 -> selection 1/3, accuracy 2/3
    # (m, x): the 9 rows of groups b and c: 5 selected, 6 correct -> 5/9, 2/3
    # (m, y) is never observed and must not be a row.
    mf = MetricFrame(
        metrics={"sel": selection_rate, "acc": accuracy},
        y_true=toy.y_true,
        y_pred=toy.y_pred,
        sensitive_features=pd.DataFrame({"sex": toy.sex, "race": toy.race}),
    )
    idx = mf.by_group.index
    assert isinstance(idx, pd.MultiIndex)
    assert list(idx.names) == ["sex", "race"]
    assert list(idx) == [("f", "x"), ("f", "y"), ("m", "x")]
    close(mf.by_group["sel"], [2 / 3, 1 / 3, 5 / 9])
    close(mf.by_group["acc"], [2 / 3, 2 / 3, 2 / 3])
    close(mf.difference(), [1 / 3, 0.0])
    close(mf.ratio(), [1 / 2, 1.0])
    counts = mf.counts
    assert list(counts.index) == list(idx)
    assert counts["n"].tolist() == [3, 3, 9]
    assert counts["positives"].tolist() == [3, 0, 6]


def test_metricframe_counts(toy):
    mf = MetricFrame(
        metrics=selection_rate, y_true=toy.y_true, y_pred=toy.y_pred, sensitive_features=toy.group
    )
    counts = mf.counts
    assert list(counts.columns) == ["n", "positives", "negatives", "weight"]
    assert counts["n"].tolist() == [6, 4, 5]
    assert counts["positives"].tolist() == [3, 2, 4]
    assert counts["negatives"].tolist() == [3, 2, 1]
    assert counts["weight"].tolist() == [6.0, 4.0, 5.0]


def test_metricframe_weighted(toy):
    mf = MetricFrame(
        metrics={"sel": selection_rate, "count": count},
        y_true=toy.y_true,
        y_pred=toy.y_pred,
        sensitive_features=toy.group,
        sample_weight=TOY_WEIGHTS,
    )
    close(mf.by_group["sel"], [5 / 9, 3 / 6, 4 / 5])
    assert mf.overall["sel"] == pytest.approx(12 / 20, rel=1e-12)
    # count is the unweighted number of rows
    close(mf.by_group["count"], [6, 4, 5])
    assert mf.overall["count"] == 15
    counts = mf.counts
    assert counts["n"].tolist() == [6, 4, 5]
    assert counts["weight"].tolist() == [9.0, 6.0, 5.0]


def test_metricframe_zero_weight_group(toy):
    # Group b gets weight 0: it stays a row, with NaN rates and weight 0 in the counts.
    #   a: 5 of 9 selected, c: 4 of 5, overall 9 of 14.
    w = TOY_WEIGHTS.copy()
    w[toy.group == "b"] = 0.0
    with pytest.warns(UndefinedMetricWarning, match="'b'"):
        mf = MetricFrame(
            metrics=selection_rate,
            y_true=toy.y_true,
            y_pred=toy.y_pred,
            sensitive_features=toy.group,
            sample_weight=w,
        )
    assert list(mf.by_group.index) == ["a", "b", "c"]
    close(mf.by_group, [5 / 9, np.nan, 4 / 5])
    assert mf.overall == pytest.approx(9 / 14, rel=1e-12)
    counts = mf.counts
    assert counts["n"].tolist() == [6, 4, 5]
    assert counts["weight"].tolist() == [9.0, 0.0, 5.0]
    with pytest.warns(GroupsSkippedWarning, match="'b'"):
        assert mf.difference() == pytest.approx(4 / 5 - 5 / 9, rel=1e-12)


def test_metricframe_non_table_metric_is_called_per_group(toy):
    # A plain callable (not a fairkit rate) is evaluated on each group's rows.
    def positives_share(y_true, y_pred):
        return float(np.mean(np.asarray(y_true)))

    mf = MetricFrame(
        metrics=positives_share,
        y_true=toy.y_true,
        y_pred=toy.y_pred,
        sensitive_features=toy.group,
    )
    close(mf.by_group, [3 / 6, 2 / 4, 4 / 5])
    assert mf.overall == pytest.approx(9 / 15)


# ---------------------------------------------------------------------------------------------
# Unsigned gap functions
# ---------------------------------------------------------------------------------------------
# Per group (a, b, c; overall):  sel 1/2 1/4 4/5; 8/15   TPR 2/3 1/2 3/4; 2/3
#                                FPR 1/3 0 1; 1/3       FNR 1/3 1/2 1/4; 1/3
#                                PPV 2/3 1 3/4; 3/4     acc 2/3 3/4 3/5; 2/3
GAPS = [
    # function, kwargs, between_groups, to_overall
    (demographic_parity_difference, {}, 11 / 20, 17 / 60),
    (demographic_parity_ratio, {}, 5 / 16, 15 / 32),
    (equal_opportunity_difference, {}, 1 / 4, 1 / 6),  # |1/2 - 2/3|
    (equal_opportunity_ratio, {}, 2 / 3, 3 / 4),  # (1/2) / (3/4); (1/2) / (2/3)
    (predictive_parity_difference, {}, 1 / 3, 1 / 4),  # 1 - 2/3; |1 - 3/4|
    (false_positive_rate_difference, {}, 1.0, 2 / 3),  # 1 - 0; |1 - 1/3|
    (false_negative_rate_difference, {}, 1 / 4, 1 / 6),  # 1/2 - 1/4; |1/2 - 1/3|
    (accuracy_difference, {}, 3 / 20, 1 / 12),  # 3/4 - 3/5; |3/4 - 2/3|
    # equalized odds: TPR gap 1/4 and FPR gap 1 (to overall: 1/6 and 2/3)
    (equalized_odds_difference, {"agg": "worst_case"}, 1.0, 2 / 3),
    (equalized_odds_difference, {"agg": "mean"}, 5 / 8, 5 / 12),
    # TPR ratio 2/3 and FPR ratio 0/1 (to overall: 3/4 and 0 / (1/3))
    (equalized_odds_ratio, {"agg": "worst_case"}, 0.0, 0.0),
    (equalized_odds_ratio, {"agg": "mean"}, 1 / 3, 3 / 8),
]


@pytest.mark.parametrize(
    ("fn", "kwargs", "between", "to_overall"),
    GAPS,
    ids=[f"{g[0].__name__}-{g[1].get('agg', '')}" for g in GAPS],
)
def test_gap_functions(toy, fn, kwargs, between, to_overall):
    args = (toy.y_true, toy.y_pred)
    got = fn(*args, sensitive_features=toy.group, **kwargs)
    assert isinstance(got, float)
    assert got == pytest.approx(between, rel=1e-12, abs=1e-15)
    got = fn(*args, sensitive_features=toy.group, method="to_overall", **kwargs)
    assert got == pytest.approx(to_overall, rel=1e-12, abs=1e-15)


def test_gap_functions_weighted(toy):
    # weighted selection rates a 5/9, b 1/2, c 4/5 (see TOY_WEIGHTS)
    got = demographic_parity_difference(
        toy.y_true, toy.y_pred, sensitive_features=toy.group, sample_weight=TOY_WEIGHTS
    )
    assert got == pytest.approx(4 / 5 - 1 / 2, rel=1e-12)
    got = demographic_parity_ratio(
        toy.y_true, toy.y_pred, sensitive_features=toy.group, sample_weight=TOY_WEIGHTS
    )
    assert got == pytest.approx((1 / 2) / (4 / 5), rel=1e-12)


def test_gap_docstring_example():
    # a: TPR 1, FPR 1/2, sel 3/4, acc 3/4, PPV 2/3;  b: TPR 1/2, FPR 0, sel 1/4, acc 3/4, PPV 1
    y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    kw = {"sensitive_features": group}
    assert demographic_parity_difference(y_true, y_pred, **kw) == pytest.approx(0.5)
    assert demographic_parity_ratio(y_true, y_pred, **kw) == pytest.approx(1 / 3)
    assert equal_opportunity_ratio(y_true, y_pred, **kw) == pytest.approx(0.5)
    assert predictive_parity_difference(y_true, y_pred, **kw) == pytest.approx(1 / 3)
    assert accuracy_difference(y_true, y_pred, **kw) == 0.0
    assert equalized_odds_difference(y_true, y_pred, **kw) == pytest.approx(0.5)
    assert equalized_odds_ratio(y_true, y_pred, **kw) == 0.0


# ---------------------------------------------------------------------------------------------
# Signed, AIF360-convention comparisons against a privileged group
# ---------------------------------------------------------------------------------------------
# privileged "b": unprivileged = a + c: TP 5, FN 2, FP 2, TN 2 -> sel 7/11, TPR 5/7, FPR 2/4
#                 privileged b: sel 1/4, TPR 1/2, FPR 0
# privileged "c": unprivileged = a + b: TP 3, FN 2, FP 1, TN 4 -> sel 4/10, TPR 3/5, FPR 1/5
#                 privileged c: sel 4/5, TPR 3/4, FPR 1
PRIVILEGED = [
    # privileged, SPD, DIR, AOD, AAOD  (b: 17/44, 28/11, 5/14, 5/14; c: -2/5, 1/2, -19/40, 19/40)
    ("b", 7 / 11 - 1 / 4, (7 / 11) / (1 / 4), ((2 / 4 - 0) + (5 / 7 - 1 / 2)) / 2, 5 / 14),
    ("c", 4 / 10 - 4 / 5, (4 / 10) / (4 / 5), ((1 / 5 - 1) + (3 / 5 - 3 / 4)) / 2, 19 / 40),
]


@pytest.mark.parametrize(("privileged", "spd", "dir_", "aod", "aaod"), PRIVILEGED)
def test_privileged_metrics(toy, privileged, spd, dir_, aod, aaod):
    kw = {"sensitive_features": toy.group, "privileged_group": privileged}
    assert statistical_parity_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(spd)
    assert disparate_impact_ratio(toy.y_true, toy.y_pred, **kw) == pytest.approx(dir_)
    assert average_odds_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(aod)
    assert average_abs_odds_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(aaod)


def test_average_odds_opposite_gaps_cancel():
    # m: TPR 1, FPR 0; f: TPR 0, FPR 1. Signed gaps +1 (FPR) and -1 (TPR) cancel in the
    # average odds difference but not in the absolute one.
    args = ([1, 0, 1, 0], [1, 0, 0, 1])
    kw = {"sensitive_features": ["m", "m", "f", "f"], "privileged_group": "m"}
    assert average_odds_difference(*args, **kw) == 0.0
    assert average_abs_odds_difference(*args, **kw) == 1.0


def test_privileged_docstring_examples():
    kw = {"sensitive_features": ["m", "m", "f", "f"], "privileged_group": "m"}
    assert statistical_parity_difference([1, 0, 1, 0], [1, 1, 1, 0], **kw) == -0.5
    assert disparate_impact_ratio([1, 0, 1, 0], [1, 1, 1, 0], **kw) == 0.5
    assert average_odds_difference([1, 0, 1, 0], [1, 1, 0, 0], **kw) == -1.0


def test_privileged_tuple_for_several_features(toy):
    # privileged (m, x) = rows 6..14: TP 4, FN 2, FP 1, TN 2 -> sel 5/9, TPR 4/6, FPR 1/3
    # unprivileged = rows 0..5 (group a): sel 1/2, TPR 2/3, FPR 1/3
    sf = {"sex": toy.sex, "race": toy.race}
    kw = {"sensitive_features": sf, "privileged_group": ("m", "x")}
    assert statistical_parity_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(-1 / 18)
    assert disparate_impact_ratio(toy.y_true, toy.y_pred, **kw) == pytest.approx(9 / 10)
    assert average_odds_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(0.0, abs=1e-15)
    assert average_abs_odds_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(
        0.0, abs=1e-15
    )
    # privileged (f, y) = rows 3..5: sel 1/3; the other 12 rows select 7 -> 7/12 - 1/3 = 1/4
    kw["privileged_group"] = ("f", "y")
    assert statistical_parity_difference(toy.y_true, toy.y_pred, **kw) == pytest.approx(1 / 4)


def test_privileged_weighted(toy):
    # weighted selection: a 5/9, b 3/6, c 4/5; privileged a -> unprivileged (3 + 4) / (6 + 5)
    kw = {"sensitive_features": toy.group, "privileged_group": "a", "sample_weight": TOY_WEIGHTS}
    got = statistical_parity_difference(toy.y_true, toy.y_pred, **kw)
    assert got == pytest.approx(7 / 11 - 5 / 9, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Calibration by group
# ---------------------------------------------------------------------------------------------
def test_calibration_by_group_hand():
    # n_bins=2: edges 0, 0.5, 1; 0.5 is an inner edge and goes to the lower bin.
    #   a: scores 0.1 0.4 0.5 (bin 0), y 0 1 1 -> mean score 1.0/3, fraction 2/3
    #   b: scores 0.6 0.9 0.75 (bin 1), y 0 1 1 -> mean score 2.25/3, fraction 2/3
    #   (a, 1) and (b, 0) are empty and are not rows.
    t = calibration_by_group(
        [0, 1, 1, 0, 1, 1],
        [0.1, 0.4, 0.5, 0.6, 0.9, 0.75],
        sensitive_features=["a", "a", "a", "b", "b", "b"],
        n_bins=2,
    )
    assert list(t.columns) == [
        "group",
        "bin",
        "bin_lower",
        "bin_upper",
        "n",
        "weight",
        "mean_score",
        "fraction_positive",
    ]
    assert t["group"].tolist() == ["a", "b"]
    assert t["bin"].tolist() == [0, 1]
    close(t["bin_lower"], [0.0, 0.5])
    close(t["bin_upper"], [0.5, 1.0])
    assert t["n"].tolist() == [3, 3]
    close(t["mean_score"], [1.0 / 3, 2.25 / 3])
    close(t["fraction_positive"], [2 / 3, 2 / 3])


def test_calibration_by_group_weighted():
    # weights 1 1 2 | 1 1 2:
    #   a: weight 4, mean score (0.1 + 0.4 + 2 * 0.5) / 4 = 0.375, fraction (0 + 1 + 2) / 4 = 0.75
    #   b: weight 4, mean score (0.6 + 0.9 + 2 * 0.75) / 4 = 0.75, fraction 0.75
    t = calibration_by_group(
        [0, 1, 1, 0, 1, 1],
        [0.1, 0.4, 0.5, 0.6, 0.9, 0.75],
        sensitive_features=pd.Series(["a", "a", "a", "b", "b", "b"], name="sex"),
        n_bins=2,
        sample_weight=[1, 1, 2, 1, 1, 2],
    )
    assert t["sex"].tolist() == ["a", "b"]
    assert t["n"].tolist() == [3, 3]
    close(t["weight"], [4.0, 4.0])
    close(t["mean_score"], [0.375, 0.75])
    close(t["fraction_positive"], [0.75, 0.75])


def test_calibration_quantile_edges_are_shared():
    # quantile edges from all rows: 0.1, 0.25, 0.4, so group a falls in bin 0 and b in bin 1
    t = calibration_by_group(
        [0, 1, 0, 1],
        [0.1, 0.2, 0.3, 0.4],
        sensitive_features=["a", "a", "b", "b"],
        n_bins=2,
        strategy="quantile",
    )
    assert t["group"].tolist() == ["a", "b"]
    assert t["bin"].tolist() == [0, 1]
    close(t["bin_lower"], [0.1, 0.25])
    close(t["bin_upper"], [0.25, 0.4])
    close(t["mean_score"], [0.15, 0.35])
    close(t["fraction_positive"], [0.5, 0.5])


@pytest.mark.parametrize("n_bins", [1, 3, 5, 10])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_calibration_matches_sklearn_per_group(seed, n_bins):
    rng = np.random.default_rng(seed)
    n = 300
    group = rng.choice(["p", "q", "r"], size=n)
    # scores on a 0.05 grid so some land exactly on bin edges
    scores = rng.integers(0, 21, size=n) / 20
    y_true = (rng.random(n) < scores).astype(int)
    t = calibration_by_group(y_true, scores, sensitive_features=group, n_bins=n_bins)
    for g in ["p", "q", "r"]:
        rows = group == g
        prob_true, prob_pred = calibration_curve(y_true[rows], scores[rows], n_bins=n_bins)
        mine = t[t["group"] == g]
        close(mine["fraction_positive"], prob_true)
        close(mine["mean_score"], prob_pred)
        assert mine["n"].sum() == rows.sum()


# ---------------------------------------------------------------------------------------------
# Generalized entropy, Theil, between-group entropy
# ---------------------------------------------------------------------------------------------
# y_true = [0, 0, 1, 1], y_pred = [1, 0, 1, 1]: benefits b = y_pred - y_true + 1 = 2, 1, 1, 1,
# mean 5/4, so b / mu = 8/5, 4/5, 4/5, 4/5.
GE_Y_TRUE, GE_Y_PRED = [0, 0, 1, 1], [1, 0, 1, 1]
GE_EXPECTED = {
    # -(1/n) sum ln(b/mu)
    0: -(math.log(8 / 5) + 3 * math.log(4 / 5)) / 4,
    # 1 / (n a (a - 1)) sum ((b/mu)^a - 1), a = 1/2
    0.5: ((math.sqrt(8 / 5) - 1) + 3 * (math.sqrt(4 / 5) - 1)) / (4 * 0.5 * -0.5),
    # (1/n) sum (b/mu) ln(b/mu)
    1: (8 / 5 * math.log(8 / 5) + 3 * 4 / 5 * math.log(4 / 5)) / 4,
    # (2.56 - 1 + 3 (0.64 - 1)) / 8 = 0.48 / 8
    2: 0.06,
    # (4.096 - 1 + 3 (0.512 - 1)) / 24 = 1.632 / 24
    3: 0.068,
}


@pytest.mark.parametrize("alpha", [0, 0.5, 1, 2, 3])
def test_generalized_entropy_index(alpha):
    got = generalized_entropy_index(GE_Y_TRUE, GE_Y_PRED, alpha=alpha)
    assert got == pytest.approx(GE_EXPECTED[alpha], rel=1e-12)


def test_generalized_entropy_numbers_spelled_out():
    # the formulas above, evaluated by hand to 7 digits
    got = [generalized_entropy_index(GE_Y_TRUE, GE_Y_PRED, alpha=a) for a in (0, 0.5, 1)]
    np.testing.assert_allclose(got, [0.0498568, 0.0518078, 0.0541150], atol=1e-6)


def test_generalized_entropy_with_a_zero_benefit():
    # y_true = [1, 0, 1, 0, 1, 1], y_pred = [1, 1, 0, 0, 1, 1]: benefits 1, 2, 0, 1, 1, 1, mu = 1
    y_true, y_pred = [1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 1]
    assert generalized_entropy_index(y_true, y_pred, alpha=0) == math.inf  # -ln 0
    assert generalized_entropy_index(y_true, y_pred, alpha=0.5) == pytest.approx(
        ((math.sqrt(2) - 1) + (0 - 1)) / (6 * 0.5 * -0.5)  # (4 - 2 sqrt 2) / 3
    )
    assert generalized_entropy_index(y_true, y_pred, alpha=1) == pytest.approx(2 * math.log(2) / 6)
    assert generalized_entropy_index(y_true, y_pred, alpha=2) == pytest.approx((3 - 1) / 12)
    assert generalized_entropy_index(y_true, y_pred, alpha=3) == pytest.approx((7 - 1) / 36)
    assert generalized_entropy_index(y_true, y_pred) == pytest.approx(1 / 6)  # default alpha=2


def test_generalized_entropy_equal_benefits_is_zero():
    # all decisions correct: every benefit is 1
    for alpha in (0, 0.5, 1, 2, 3):
        assert generalized_entropy_index([0, 1, 1], [0, 1, 1], alpha=alpha) == 0.0


def test_generalized_entropy_weighted():
    # weights 3, 1, 1, 1 on benefits 2, 1, 1, 1: mu = (6 + 3) / 6 = 3/2, ratios 4/3 and 2/3
    # alpha 2: (3 (16/9 - 1) + 3 (4/9 - 1)) / (6 * 2) = (21/9 - 15/9) / 12 = 1/18
    got = generalized_entropy_index(GE_Y_TRUE, GE_Y_PRED, alpha=2, sample_weight=[3, 1, 1, 1])
    assert got == pytest.approx(1 / 18, rel=1e-12)
    # equals the unweighted index on the rows repeated 3, 1, 1, 1 times
    rep = generalized_entropy_index([0, 0, 0, 0, 1, 1], [1, 1, 1, 0, 1, 1], alpha=2)
    assert got == pytest.approx(rep, rel=1e-12)


def test_theil_index():
    assert theil_index(GE_Y_TRUE, GE_Y_PRED) == pytest.approx(GE_EXPECTED[1], rel=1e-12)
    # docstring: benefits 1, 2, 0, 1 -> (2 ln 2) / 4
    assert theil_index([1, 0, 1, 0], [1, 1, 0, 0]) == pytest.approx(math.log(2) / 2, rel=1e-12)


def test_between_group_generalized_entropy():
    # docstring: benefits 1, 1 | 0, 0 -> group means 1 and 0, mu 1/2; alpha 2:
    #   (2 (2^2 - 1) + 2 (0 - 1)) / (4 * 2) = 1/2
    got = between_group_generalized_entropy(
        [1, 1, 1, 1], [1, 1, 0, 0], sensitive_features=["a", "a", "b", "b"]
    )
    assert got == pytest.approx(0.5, rel=1e-12)
    # benefits 1, 2 | 0, 1, 1, 1: group means 3/2 and 3/4, mu = 1
    y_true, y_pred = [1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 1]
    group = ["a", "a", "b", "b", "b", "b"]
    kw = {"sensitive_features": group}
    # alpha 2: (2 (9/4 - 1) + 4 (9/16 - 1)) / (6 * 2) = (5/2 - 7/4) / 12 = 1/16
    got = between_group_generalized_entropy(y_true, y_pred, alpha=2, **kw)
    assert got == pytest.approx(1 / 16, rel=1e-12)
    # alpha 1: (2 (3/2) ln(3/2) + 4 (3/4) ln(3/4)) / 6 = ln(9/8) / 2
    got = between_group_generalized_entropy(y_true, y_pred, alpha=1, **kw)
    assert got == pytest.approx(math.log(9 / 8) / 2, rel=1e-12)
    # alpha 0: -(2 ln(3/2) + 4 ln(3/4)) / 6 (finite: no group mean is 0)
    got = between_group_generalized_entropy(y_true, y_pred, alpha=0, **kw)
    assert got == pytest.approx(-(2 * math.log(1.5) + 4 * math.log(0.75)) / 6, rel=1e-12)
    # equal group means: no between-group inequality, although the benefits differ
    got = between_group_generalized_entropy(
        y_true, y_pred, sensitive_features=["a", "a", "a", "b", "b", "b"]
    )
    assert got == 0.0


# ---------------------------------------------------------------------------------------------
# Consistency
# ---------------------------------------------------------------------------------------------
# X (one feature): 0, 1, 3, 10, 11, 13.5 with y_pred 1, 1, 0, 0, 1, 0; k = 2 (no ties).
CONS_X = np.array([[0.0], [1.0], [3.0], [10.0], [11.0], [13.5]])
CONS_Y = np.array([1, 1, 0, 0, 1, 0])


def test_consistency_exclude_self():
    # neighbours (self excluded): 0 -> 1, 2 (mean 1/2), 1 -> 0, 2 (1/2), 2 -> 1, 0 (1),
    # 3 -> 4, 5 (1/2), 4 -> 3, 5 (0), 5 -> 4, 3 (1/2)
    # |y - mean|: 1/2, 1/2, 1, 1/2, 1, 1/2 -> sum 4, score 1 - 4/6
    got = consistency_score(CONS_X, CONS_Y, n_neighbors=2)
    assert got == pytest.approx(1 / 3, rel=1e-12)


def test_consistency_include_self():
    # neighbours incl. self: 0 -> 0, 1 (1), 1 -> 1, 0 (1), 2 -> 2, 1 (1/2), 3 -> 3, 4 (1/2),
    # 4 -> 4, 3 (1/2), 5 -> 5, 4 (1/2); |y - mean|: 0, 0, 1/2, 1/2, 1/2, 1/2 -> 1 - 2/6
    got = consistency_score(CONS_X, CONS_Y, n_neighbors=2, exclude_self=False)
    assert got == pytest.approx(2 / 3, rel=1e-12)


def test_consistency_docstring_example():
    X = [[0.0], [0.1], [0.2], [5.0], [5.1], [5.2]]
    assert consistency_score(X, [1, 1, 0, 0, 0, 0], n_neighbors=2) == pytest.approx(2 / 3)


def test_consistency_exact_duplicates_exclude_self():
    # rows 0 and 1 are identical: each one's neighbour is the other (not itself).
    # 0 -> 1 (y 0): |1 - 0| = 1; 1 -> 0: |0 - 1| = 1; 2 -> 3: 0; 3 -> 2: 0 -> 1 - 2/4
    X = [[0.0], [0.0], [5.0], [6.0]]
    assert consistency_score(X, [1, 0, 0, 0], n_neighbors=1) == pytest.approx(0.5)


def aif360_consistency(X, y, k):
    """AIF360's definition: 1 - mean |y_i - mean of y over the k nearest rows incl. itself|."""
    _, idx = NearestNeighbors(n_neighbors=k, algorithm="ball_tree").fit(X).kneighbors(X)
    return 1 - float(np.mean(np.abs(y - y[idx].mean(axis=1))))


def brute_force_consistency(X, y, k, exclude_self):
    d = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=2)
    if exclude_self:
        np.fill_diagonal(d, np.inf)
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    return 1 - float(np.mean(np.abs(y - y[idx].mean(axis=1))))


@pytest.mark.parametrize("k", [1, 3, 5])
@pytest.mark.parametrize("seed", [0, 1])
def test_consistency_matches_aif360_definition(seed, k):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] + rng.normal(scale=0.5, size=60) > 0).astype(int)
    got = consistency_score(X, y, n_neighbors=k, exclude_self=False)
    assert got == pytest.approx(aif360_consistency(X, y, k), rel=1e-12)
    assert got == pytest.approx(brute_force_consistency(X, y, k, False), rel=1e-12)
    got = consistency_score(X, y, n_neighbors=k)
    assert got == pytest.approx(brute_force_consistency(X, y, k, True), rel=1e-12)


def test_consistency_scores_and_pos_label():
    # scores are allowed: 0 -> 1 (0.5), 1 -> 0 (0.1), 2 -> 3 (1.0), 3 -> 2 (0.9)
    # |0.1 - 0.5| + |0.5 - 0.1| + |0.9 - 1.0| + |1.0 - 0.9| = 1.0 -> 1 - 1/4
    X = [[0.0], [1.0], [10.0], [11.0]]
    assert consistency_score(X, [0.1, 0.5, 0.9, 1.0], n_neighbors=1) == pytest.approx(0.75)
    # labels with pos_label: "hire" is 1
    got = consistency_score(X, ["hire", "hire", "no", "hire"], n_neighbors=1, pos_label="hire")
    assert got == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------------
# Bootstrap
# ---------------------------------------------------------------------------------------------
def _group_sizes(y_true, y_pred, *, sensitive_features):
    sf = np.asarray(sensitive_features)
    return np.array([np.sum(sf == "a"), np.sum(sf == "b")])


def test_bootstrap_stratified_keeps_group_sizes():
    group = np.array(["a"] * 7 + ["b"] * 23)
    y = np.zeros(30, dtype=int)
    r = bootstrap_ci(_group_sizes, y, y, sensitive_features=group, n_boot=50, random_state=0)
    assert r.samples.shape == (50, 2)
    assert (r.samples == [7, 23]).all()
    close(r.estimate, [7, 23])
    # without stratification group sizes vary between replicates
    r = bootstrap_ci(
        _group_sizes, y, y, sensitive_features=group, n_boot=50, random_state=0, stratify=False
    )
    assert r.samples.sum(axis=1).tolist() == [30] * 50
    assert len(np.unique(r.samples[:, 0])) > 1


def test_bootstrap_stratified_resamples_within_groups():
    # group a is all y_pred 1, group b all 0: within-group resampling keeps each group's
    # selection rate, so the demographic parity difference is 1 in every replicate.
    group = np.array(["a"] * 10 + ["b"] * 15)
    y_pred = (group == "a").astype(int)
    r = bootstrap_ci(
        demographic_parity_difference,
        y_pred,
        y_pred,
        sensitive_features=group,
        n_boot=40,
        random_state=1,
    )
    assert r.estimate == 1.0
    assert (r.samples == 1.0).all()
    assert (r.low, r.high) == (1.0, 1.0)


def test_bootstrap_interval_contains_estimate_and_is_percentile():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, 400)
    y_pred = rng.integers(0, 2, 400)
    # method="percentile": the default ("auto") is BCa for a rate since the coverage fixes
    r = bootstrap_ci(
        selection_rate, y_true, y_pred, n_boot=400, random_state=3, method="percentile"
    )
    assert r.estimate == selection_rate(y_true, y_pred)
    assert r.low < r.estimate < r.high
    assert (r.low, r.high) == tuple(np.percentile(r.samples, [2.5, 97.5]))
    assert r.confidence == 0.95
    assert r.n_boot == 400
    # binomial standard error sqrt(p (1 - p) / n) ~ 0.025
    p = r.estimate
    assert np.std(r.samples) == pytest.approx(math.sqrt(p * (1 - p) / 400), rel=0.2)
    kw = {"n_boot": 400, "random_state": 3, "method": "percentile"}
    r90 = bootstrap_ci(selection_rate, y_true, y_pred, confidence=0.9, **kw)
    assert r.low < r90.low < r90.high < r.high


def test_bootstrap_width_shrinks_with_n():
    def width(n):
        y_pred = np.tile([1, 0, 0, 1, 1], n // 5)
        group = np.tile(["a", "b"], n // 2)
        r = bootstrap_ci(
            demographic_parity_difference,
            y_pred,
            y_pred,
            sensitive_features=group,
            n_boot=200,
            random_state=0,
        )
        return r.high - r.low

    # 16 times the rows: about a quarter of the width
    small, large = width(100), width(1600)
    assert large < small / 2.5
    assert large > small / 8


def test_bootstrap_reproducible():
    rng = np.random.default_rng(5)
    y_true, y_pred = rng.integers(0, 2, 100), rng.integers(0, 2, 100)
    group = rng.choice(["a", "b", "c"], 100)
    kw = {"sensitive_features": group, "n_boot": 30}
    r1 = bootstrap_ci(equalized_odds_difference, y_true, y_pred, random_state=42, **kw)
    r2 = bootstrap_ci(equalized_odds_difference, y_true, y_pred, random_state=42, **kw)
    r3 = bootstrap_ci(equalized_odds_difference, y_true, y_pred, random_state=43, **kw)
    np.testing.assert_array_equal(r1.samples, r2.samples)
    assert (r1.low, r1.high) == (r2.low, r2.high)
    assert not np.array_equal(r1.samples, r3.samples)


def test_bootstrap_passes_weights_and_kwargs():
    # privileged_group goes to the metric; weights follow their rows into each replicate
    y_true = np.array([1, 0, 1, 0, 1, 0])
    y_pred = np.array([1, 1, 0, 0, 1, 0])
    group = np.array(["m", "m", "m", "f", "f", "f"])
    w = np.array([1.0, 2.0, 3.0, 1.0, 1.0, 2.0])
    r = bootstrap_ci(
        statistical_parity_difference,
        y_true,
        y_pred,
        sensitive_features=group,
        sample_weight=w,
        privileged_group="m",
        n_boot=20,
        random_state=0,
    )
    # f: 1 of 4 weight selected, m: 3 of 6 -> 1/4 - 1/2
    assert r.estimate == pytest.approx(-0.25)
    assert r.samples.shape == (20,)


def test_bootstrap_nan_replicates_warn():
    # one positive among 30 rows: a resample often has no positive, so TPR is undefined there
    y_true = np.zeros(30, dtype=int)
    y_true[0] = 1
    y_pred = np.ones(30, dtype=int)
    with pytest.warns(UndefinedMetricWarning, match=r"of 200 bootstrap replicates gave NaN") as rec:
        r = bootstrap_ci(true_positive_rate, y_true, y_pred, n_boot=200, random_state=0)
    n_nan = int(np.isnan(r.samples).sum())
    # P(no positive in 30 draws) = (29/30)^30 ~ 0.36
    assert 40 < n_nan < 110
    expected = E.NAN_BOOTSTRAP.format(count=n_nan, n_boot=200)
    assert [str(w.message) for w in rec] == [expected]
    assert r.estimate == 1.0
    assert (r.low, r.high) == (1.0, 1.0)  # the defined replicates are all 1


def test_bootstrap_array_valued_metric(toy):
    def by_group(y_true, y_pred, *, sensitive_features):
        return MetricFrame(
            metrics=selection_rate,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=sensitive_features,
        ).by_group

    r = bootstrap_ci(
        by_group, toy.y_true, toy.y_pred, sensitive_features=toy.group, n_boot=50, random_state=0
    )
    close(r.estimate, [1 / 2, 1 / 4, 4 / 5])
    assert r.samples.shape == (50, 3)
    assert (r.low <= r.estimate).all()
    assert (r.estimate <= r.high).all()
    # a replicate's selection rate in group b (4 rows) is a multiple of 1/4
    close(np.round(r.samples[:, 1] * 4), r.samples[:, 1] * 4)
