"""The documented semantics of fairkit.metrics: undefined values, options, labels, groups, inputs.

Error and warning texts are matched against the constants of ``fairkit.metrics._errors``.
"""

import re
import warnings

import fairlearn.metrics as flm
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import recall_score

from fairkit.metrics import (
    FairkitWarning,
    GroupsSkippedWarning,
    MetricFrame,
    SingleGroupWarning,
    UndefinedMetricWarning,
    accuracy,
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
    false_positive_rate,
    generalized_entropy_index,
    negative_predictive_value,
    positive_predictive_value,
    selection_rate,
    statistical_parity_difference,
    theil_index,
    true_negative_rate,
    true_positive_rate,
)
from fairkit.metrics import _errors as E

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


def exact(message: str) -> str:
    """A ``match=`` pattern for exactly this message."""
    return "^" + re.escape(message) + "$"


# ---------------------------------------------------------------------------------------------
# Undefined rates are NaN with a warning, never 0
# ---------------------------------------------------------------------------------------------
# For each rate: y_true, y_pred of group "b" that make it 0/0 (group "a" is always defined).
UNDEFINED_IN_B = {
    "true_positive_rate": ([0, 0], [1, 0], "there are no positive labels (y_true)"),
    "false_negative_rate": ([0, 0], [1, 0], "there are no positive labels (y_true)"),
    "false_positive_rate": ([1, 1], [1, 0], "there are no negative labels (y_true)"),
    "true_negative_rate": ([1, 1], [1, 0], "there are no negative labels (y_true)"),
    "positive_predictive_value": ([1, 0], [0, 0], "there are no positive predictions"),
    "negative_predictive_value": ([1, 0], [1, 1], "there are no negative predictions"),
}
RATE_TITLES = {
    "selection_rate": "selection rate",
    "true_positive_rate": "true positive rate",
    "false_positive_rate": "false positive rate",
    "true_negative_rate": "true negative rate",
    "false_negative_rate": "false negative rate",
    "positive_predictive_value": "positive predictive value",
    "negative_predictive_value": "negative predictive value",
    "accuracy": "accuracy",
}
A_TRUE, A_PRED = [1, 1, 0, 0], [1, 0, 1, 0]  # every rate of group "a" is 1/2


@pytest.mark.parametrize("name", list(UNDEFINED_IN_B))
def test_undefined_rate_in_a_group_is_nan_and_warns(name):
    b_true, b_pred, reason = UNDEFINED_IN_B[name]
    message = E.UNDEFINED_RATE.format(metric=RATE_TITLES[name], groups="'b'", reason=reason)
    with pytest.warns(UndefinedMetricWarning, match=exact(message)):
        mf = MetricFrame(
            metrics=RATES[name],
            y_true=A_TRUE + b_true,
            y_pred=A_PRED + b_pred,
            sensitive_features=["a"] * 4 + ["b"] * 2,
        )
    assert mf.by_group["a"] == 0.5
    assert np.isnan(mf.by_group["b"])  # not 0.0


@pytest.mark.parametrize("name", list(UNDEFINED_IN_B))
def test_undefined_rate_function_is_nan_and_warns(name):
    b_true, b_pred, reason = UNDEFINED_IN_B[name]
    message = E.UNDEFINED_RATE_OVERALL.format(metric=RATE_TITLES[name], reason=reason)
    with pytest.warns(UndefinedMetricWarning, match=exact(message)):
        assert np.isnan(RATES[name](b_true, b_pred))


@pytest.mark.parametrize("name", ["selection_rate", "accuracy"])
def test_selection_rate_and_accuracy_undefined_only_without_weight(name):
    message = E.UNDEFINED_RATE_OVERALL.format(
        metric=RATE_TITLES[name], reason="the total weight is 0"
    )
    with pytest.warns(UndefinedMetricWarning, match=exact(message)):
        assert np.isnan(RATES[name]([1, 0], [1, 1], sample_weight=[0, 0]))


def test_undefined_warning_names_every_undefined_group():
    with pytest.warns(UndefinedMetricWarning, match=r"for group\(s\) 'b', 'd':"):
        mf = MetricFrame(
            metrics=true_positive_rate,
            y_true=[1, 0, 0, 1, 0],
            y_pred=[1, 1, 0, 1, 1],
            sensitive_features=["a", "b", "b", "c", "d"],
        )
    assert mf.by_group.isna().tolist() == [False, True, False, True]


def test_undefined_warning_names_an_intersectional_group():
    # the group of several sensitive features is named as its tuple of labels
    with pytest.warns(UndefinedMetricWarning) as rec:
        mf = MetricFrame(
            metrics=true_positive_rate,
            y_true=[1, 0, 0, 0],
            y_pred=[1, 1, 0, 0],
            sensitive_features={"s": ["a", "a", "b", "b"], "t": ["x", "x", "y", "y"]},
        )
    assert np.isnan(mf.by_group[("b", "y")])
    expected = E.UNDEFINED_RATE.format(
        metric="true positive rate",
        groups="('b', 'y')",
        reason="there are no positive labels (y_true)",
    )
    assert [str(w.message) for w in rec] == [expected]


def test_fairlearn_gives_zero_where_we_give_nan():
    # documents the difference: Fairlearn's TPR of a group without positives is 0.0
    y_true, y_pred, group = [1, 0, 0, 0], [1, 0, 1, 0], ["a", "a", "b", "b"]
    fl = flm.MetricFrame(
        metrics=flm.true_positive_rate, y_true=y_true, y_pred=y_pred, sensitive_features=group
    )
    assert fl.by_group["b"] == 0.0
    with pytest.warns(UndefinedMetricWarning, match="'b'"):
        ours = MetricFrame(
            metrics=true_positive_rate, y_true=y_true, y_pred=y_pred, sensitive_features=group
        )
    assert np.isnan(ours.by_group["b"])


def test_gap_omits_undefined_group_by_default():
    # TPR: a 1/2, b 1, c undefined (no positives); the gap is over a and b only
    y_true = [1, 1, 0, 1, 0, 0]
    y_pred = [1, 0, 0, 1, 1, 0]
    group = ["a", "a", "a", "b", "c", "c"]
    with (
        pytest.warns(UndefinedMetricWarning, match="'c'"),
        pytest.warns(GroupsSkippedWarning, match="'c'"),
    ):
        got = equal_opportunity_difference(y_true, y_pred, sensitive_features=group)
    assert got == 0.5


def test_ratio_zero_over_zero_is_nan_and_warns():
    # every group's selection rate is 0: min / max = 0 / 0
    kw = {"y_true": [1, 0, 1, 0], "y_pred": [0, 0, 0, 0], "sensitive_features": list("aabb")}
    mf = MetricFrame(metrics=selection_rate, **kw)
    message = E.UNDEFINED_RATE_OVERALL.format(
        metric="ratio of selection_rate", reason="every group's value is 0"
    )
    with pytest.warns(UndefinedMetricWarning, match=exact(message)):
        assert np.isnan(mf.ratio())
    message = E.UNDEFINED_RATE.format(
        metric="ratio of selection_rate", groups="'a', 'b'", reason="group and overall are 0"
    )
    with pytest.warns(UndefinedMetricWarning, match=exact(message)):
        assert np.isnan(mf.ratio(method="to_overall"))
    with pytest.warns(UndefinedMetricWarning, match="ratio of selection_rate"):
        assert np.isnan(
            demographic_parity_ratio(kw["y_true"], kw["y_pred"], sensitive_features=list("aabb"))
        )
    # the difference is well defined
    assert mf.difference() == 0.0


def test_ratio_with_one_zero_group_is_zero_without_warning():
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=[1, 0, 1, 0],
        y_pred=[1, 1, 0, 0],
        sensitive_features=list("aabb"),
    )
    assert mf.ratio() == 0.0
    assert mf.ratio(method="to_overall") == 0.0


# ---------------------------------------------------------------------------------------------
# zero_division
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("zero_division", [0, 1, 0.5])
@pytest.mark.parametrize("name", list(UNDEFINED_IN_B))
def test_zero_division_overrides_without_warning(name, zero_division):
    b_true, b_pred, _ = UNDEFINED_IN_B[name]
    assert RATES[name](b_true, b_pred, zero_division=zero_division) == zero_division
    mf = MetricFrame(
        metrics=RATES[name],
        y_true=A_TRUE + b_true,
        y_pred=A_PRED + b_pred,
        sensitive_features=["a"] * 4 + ["b"] * 2,
        zero_division=zero_division,
    )
    assert mf.by_group.tolist() == [0.5, zero_division]
    assert mf.difference() == abs(0.5 - zero_division)


def test_zero_division_nan_is_silent():
    assert np.isnan(true_positive_rate([0, 0], [1, 0], zero_division=np.nan))


def test_ratio_zero_division():
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=[1, 0, 1, 0],
        y_pred=[0, 0, 0, 0],
        sensitive_features=list("aabb"),
    )
    assert mf.ratio(zero_division=1) == 1.0
    assert mf.ratio(method="to_overall", zero_division=0) == 0.0
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=[1, 0, 1, 0],
        y_pred=[0, 0, 0, 0],
        sensitive_features=list("aabb"),
        zero_division=1,
    )
    assert mf.ratio() == 1.0  # the frame's zero_division is the default


# ---------------------------------------------------------------------------------------------
# nan_policy
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def frame_with_undefined_group():
    # TPR: a 1/2, b 1, c undefined (no positives)
    with pytest.warns(UndefinedMetricWarning, match="'c'"):
        return MetricFrame(
            metrics=true_positive_rate,
            y_true=[1, 1, 0, 1, 0, 0],
            y_pred=[1, 0, 0, 1, 1, 0],
            sensitive_features=["a", "a", "a", "b", "c", "c"],
        )


AGGREGATES = ["difference", "ratio", "group_min", "group_max"]


@pytest.mark.parametrize("aggregate", AGGREGATES)
def test_nan_policy_raise(frame_with_undefined_group, aggregate):
    message = E.NAN_GROUPS_RAISE.format(metric="true_positive_rate", groups="'c'")
    with pytest.raises(ValueError, match=exact(message)):
        getattr(frame_with_undefined_group, aggregate)(nan_policy="raise")


@pytest.mark.parametrize(
    ("aggregate", "expected"),
    [("difference", 0.5), ("ratio", 0.5), ("group_min", 0.5), ("group_max", 1.0)],
)
def test_nan_policy_omit(frame_with_undefined_group, aggregate, expected):
    message = E.NAN_GROUPS_SKIPPED.format(metric="true_positive_rate", groups="'c'")
    with pytest.warns(GroupsSkippedWarning, match=exact(message)):
        got = getattr(frame_with_undefined_group, aggregate)(nan_policy="omit")
    assert got == expected
    with pytest.warns(GroupsSkippedWarning):  # omit is the default
        assert getattr(frame_with_undefined_group, aggregate)() == expected


@pytest.mark.parametrize("aggregate", AGGREGATES)
def test_nan_policy_propagate(frame_with_undefined_group, aggregate):
    assert np.isnan(getattr(frame_with_undefined_group, aggregate)(nan_policy="propagate"))


def test_nan_policy_to_overall(frame_with_undefined_group):
    # overall TPR: 2 of 3 positives; to overall: |1/2 - 2/3| = 1/6, |1 - 2/3| = 1/3
    with pytest.warns(GroupsSkippedWarning):
        got = frame_with_undefined_group.difference(method="to_overall")
    assert got == pytest.approx(1 / 3)
    assert np.isnan(
        frame_with_undefined_group.difference(method="to_overall", nan_policy="propagate")
    )


def test_nan_policy_only_for_metrics_with_nan():
    # with two metrics, only the undefined one is affected
    with pytest.warns(UndefinedMetricWarning):
        mf = MetricFrame(
            metrics={"tpr": true_positive_rate, "sel": selection_rate},
            y_true=[1, 1, 0, 1, 0, 0],
            y_pred=[1, 0, 0, 1, 1, 0],
            sensitive_features=["a", "a", "a", "b", "c", "c"],
        )
    got = mf.difference(nan_policy="propagate")
    assert np.isnan(got["tpr"])
    assert got["sel"] == pytest.approx(1 - 1 / 3)  # selection: a 1/3, b 1, c 1/2
    message = E.NAN_GROUPS_RAISE.format(metric="tpr", groups="'c'")
    with pytest.raises(ValueError, match=exact(message)):
        mf.difference(nan_policy="raise")


@pytest.mark.parametrize(
    "fn", [equal_opportunity_difference, equal_opportunity_ratio, equalized_odds_difference]
)
def test_gap_function_nan_policy(fn):
    kw = {
        "y_true": [1, 1, 0, 1, 0, 0],
        "y_pred": [1, 0, 0, 1, 1, 0],
        "sensitive_features": ["a", "a", "a", "b", "c", "c"],
    }
    with pytest.warns(UndefinedMetricWarning), pytest.raises(ValueError, match="'c'"):
        fn(**kw, nan_policy="raise")
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(fn(**kw, nan_policy="propagate"))


def test_equalized_odds_omit_uses_defined_groups_per_rate():
    # TPR: a 1/2, b 1, c undefined; FPR: a 0, b undefined, c 1/2
    kw = {
        "y_true": [1, 1, 0, 1, 0, 0],
        "y_pred": [1, 0, 0, 1, 1, 0],
        "sensitive_features": ["a", "a", "a", "b", "c", "c"],
    }
    with pytest.warns(FairkitWarning):
        assert equalized_odds_difference(**kw) == 0.5
    with pytest.warns(FairkitWarning):
        assert equalized_odds_difference(**kw, agg="mean") == 0.5
    with pytest.warns(FairkitWarning):
        assert equalized_odds_ratio(**kw) == 0.0
    with pytest.warns(FairkitWarning):
        assert equalized_odds_ratio(**kw, agg="mean") == 0.25


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------
def test_string_labels_without_pos_label_raise():
    y_true, y_pred = ["yes", "no", "yes", "no"], ["yes", "yes", "no", "no"]
    message = E.NON_BINARY_LABELS.format(name="y_true", labels="{'yes', 'no'}")
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate(y_true, y_pred)
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=list("aabb")
        )
    with pytest.raises(ValueError, match=exact(message)):
        demographic_parity_difference(y_true, y_pred, sensitive_features=list("aabb"))
    # Fairlearn silently returns 0.0 here (no label equals its default pos_label 1)
    assert flm.selection_rate(y_true, y_pred) == 0.0


def test_string_labels_with_pos_label():
    y_true, y_pred = ["yes", "no", "yes", "no"], ["yes", "yes", "no", "no"]
    # as 0/1: y_true 1 0 1 0, y_pred 1 1 0 0
    assert selection_rate(y_true, y_pred, pos_label="yes") == 0.5
    assert true_positive_rate(y_true, y_pred, pos_label="yes") == 0.5
    assert false_positive_rate(y_true, y_pred, pos_label="yes") == 0.5
    assert selection_rate(y_true, y_pred, pos_label="no") == 0.5
    assert true_positive_rate(y_true, ["yes", "yes", "no", "yes"], pos_label="no") == 0.0
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=list("aabb"),
        pos_label="yes",
    )
    assert mf.by_group.tolist() == [1.0, 0.0]
    got = demographic_parity_difference(
        y_true, y_pred, sensitive_features=list("aabb"), pos_label="yes"
    )
    assert got == 1.0


def test_y_pred_labels_are_checked_too():
    message = E.NON_BINARY_LABELS.format(name="y_pred", labels="{2, 0}")
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate([0, 1, 1], [2, 0, 2])


def test_labels_one_two_need_pos_label():
    message = E.NON_BINARY_LABELS.format(name="y_true", labels="{1, 2}")
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate([1, 2, 2, 1], [1, 2, 1, 1])
    # y_true 2 2 1 1 / y_pred 2 1 1 1 with pos_label 2: TP 1, FN 1, FP 0, TN 2
    assert true_positive_rate([2, 2, 1, 1], [2, 1, 1, 1], pos_label=2) == 0.5
    assert selection_rate([2, 2, 1, 1], [2, 1, 1, 1], pos_label=2) == 0.25
    assert selection_rate([2, 2, 1, 1], [2, 1, 1, 1], pos_label=1) == 0.75


def test_pos_label_zero_on_01_labels():
    assert selection_rate([0, 1, 1], [0, 0, 1], pos_label=0) == pytest.approx(2 / 3)


def test_bool_and_float_labels_need_no_pos_label():
    assert selection_rate([True, False, True], [True, True, False]) == pytest.approx(2 / 3)
    assert true_positive_rate([1.0, 0.0, 1.0], [1.0, 1.0, 0.0]) == 0.5


@pytest.mark.parametrize(
    ("y_true", "y_pred", "pos_label", "labels"),
    [
        (["yes", "no"], ["no", "yes"], "Yes", "{'yes', 'no'}"),  # spelling
        ([1, 2], [2, 1], "1", "{1, 2}"),  # type
    ],
)
def test_pos_label_absent(y_true, y_pred, pos_label, labels):
    message = E.POS_LABEL_ABSENT.format(pos_label=pos_label, labels=labels)
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate(y_true, y_pred, pos_label=pos_label)


def test_too_many_labels():
    message = E.TOO_MANY_LABELS.format(count=3, labels="{'a', 'b', 'c'}")
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate(["a", "b"], ["c", "a"], pos_label="a")
    with pytest.raises(
        ValueError, match=exact(E.TOO_MANY_LABELS.format(count=3, labels="{0, 1, 2}"))
    ):
        MetricFrame(
            metrics=selection_rate,
            y_true=[0, 1, 2],
            y_pred=[0, 1, 1],
            sensitive_features=list("abc"),
            pos_label=1,
        )


def test_missing_labels_rejected():
    message = E.MISSING_LABELS.format(name="y_pred", count=2)
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate([1, 0, 1], [1, np.nan, None])
    with pytest.raises(ValueError, match=exact(E.MISSING_LABELS.format(name="y_true", count=1))):
        selection_rate([1.0, np.nan], [1, 0])


def test_empty_and_not_1d_input():
    with pytest.raises(ValueError, match=exact(E.EMPTY_INPUT)):
        selection_rate([], [])
    with pytest.raises(ValueError, match=exact(E.EMPTY_INPUT)):
        MetricFrame(metrics=selection_rate, y_true=[], y_pred=[], sensitive_features=[])
    message = E.NOT_1D.format(name="y_true", shape=(2, 2))
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate([[0, 1], [1, 0]], [0, 1])
    # a column vector is accepted
    assert selection_rate(np.array([[1], [0]]), np.array([[1], [1]])) == 1.0


# ---------------------------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------------------------
def test_single_group_difference_zero_ratio_one():
    kw = {"y_true": [1, 0, 1, 0], "y_pred": [1, 1, 0, 0], "sensitive_features": ["g"] * 4}
    mf = MetricFrame(metrics={"sel": selection_rate, "tpr": true_positive_rate}, **kw)
    message = E.SINGLE_GROUP.format(group="'g'")
    for method in ("between_groups", "to_overall"):
        with pytest.warns(SingleGroupWarning, match=exact(message)):
            assert mf.difference(method).tolist() == [0.0, 0.0]
        with pytest.warns(SingleGroupWarning, match=exact(message)):
            assert mf.ratio(method).tolist() == [1.0, 1.0]
    with pytest.warns(SingleGroupWarning, match=exact(message)):
        assert (
            demographic_parity_difference(
                kw["y_true"], kw["y_pred"], sensitive_features=list("gggg")
            )
            == 0
        )
    with pytest.warns(SingleGroupWarning, match=exact(message)):
        assert (
            equalized_odds_ratio(kw["y_true"], kw["y_pred"], sensitive_features=list("gggg")) == 1
        )


def test_single_group_ratio_is_one_even_when_the_rate_is_zero():
    # SINGLE_GROUP says "the ratio 1 by definition"; a single group's selection rate of 0 makes
    # min / max = 0 / 0, which must not turn the documented 1 into NaN
    mf = MetricFrame(
        metrics=selection_rate, y_true=[1, 0], y_pred=[0, 0], sensitive_features=["g", "g"]
    )
    with pytest.warns(SingleGroupWarning, match=exact(E.SINGLE_GROUP.format(group="'g'"))):
        assert mf.ratio() == 1.0


def test_results_do_not_change_when_inputs_are_mutated_later():
    # MetricFrame must not keep views of the caller's arrays: counts is computed on access
    y_true = np.array([1, 0, 1, 0], dtype=np.int8)
    groups = np.array([0, 0, 1, 1])
    weights = np.array([1.0, 2.0, 3.0, 4.0])
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=y_true,
        y_pred=[1, 1, 0, 0],
        sensitive_features=groups,
        sample_weight=weights,
    )
    before = mf.counts.copy()
    by_group = mf.by_group.copy()
    y_true[:], groups[:], weights[:] = 1, 1, 100.0
    pd.testing.assert_frame_equal(mf.counts, before)
    pd.testing.assert_series_equal(mf.by_group, by_group)
    assert before["n"].tolist() == [2, 2]
    assert before["positives"].tolist() == [1, 1]
    assert before["weight"].tolist() == [3.0, 7.0]


def test_empty_intersections_are_not_rows():
    # 3 x 3 possible combinations, 3 observed; a categorical column's unused category neither
    s = pd.Series(pd.Categorical(["p", "p", "q", "q", "r", "r"], categories=["p", "q", "r", "z"]))
    t = ["x", "x", "y", "y", "z", "z"]
    mf = MetricFrame(
        metrics=count,
        y_true=[1, 0, 1, 0, 1, 0],
        y_pred=[1, 0, 1, 0, 1, 0],
        sensitive_features={"s": s, "t": t},
    )
    assert list(mf.by_group.index) == [("p", "x"), ("q", "y"), ("r", "z")]
    assert mf.by_group.tolist() == [2, 2, 2]
    mf = MetricFrame(
        metrics=count, y_true=[1, 0, 1, 0, 1, 0], y_pred=[1, 0, 1, 0, 1, 0], sensitive_features=s
    )
    assert list(mf.by_group.index) == ["p", "q", "r"]


@pytest.mark.parametrize("missing", [np.nan, None, pd.NA])
def test_missing_sensitive_value_raises(missing):
    sf = pd.DataFrame({"race": ["a", missing, "b", "b", missing], "sex": list("mmfff")})
    message = E.SENSITIVE_MISSING.format(column="race", count=2, rows="1, 4")
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=selection_rate,
            y_true=[1, 0, 1, 0, 1],
            y_pred=[1, 1, 0, 0, 1],
            sensitive_features=sf,
        )
    with pytest.raises(ValueError, match=exact(message)):
        demographic_parity_difference([1, 0, 1, 0, 1], [1, 1, 0, 0, 1], sensitive_features=sf)


def test_missing_sensitive_value_message_for_many_rows_and_unnamed_column():
    sf = np.array([np.nan] * 7 + [1.0])
    message = E.SENSITIVE_MISSING.format(
        column="sensitive_feature_0", count=7, rows="0, 1, 2, 3, 4, ..."
    )
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(metrics=count, y_true=[0] * 8, y_pred=[0] * 8, sensitive_features=sf)


def test_missing_group_unknown():
    # unknown: rows 1 and 3 -> y_pred 1, 0 -> selection 1/2
    sf = pd.Series(["a", None, "b", np.nan], name="race")
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=[1, 0, 1, 0],
        y_pred=[1, 1, 0, 0],
        sensitive_features=sf,
        missing_group="unknown",
    )
    assert list(mf.by_group.index) == ["a", "b", "unknown"]
    assert mf.by_group.tolist() == [1.0, 0.0, 0.5]
    got = demographic_parity_difference(
        [1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=sf, missing_group="unknown"
    )
    assert got == 1.0


def test_missing_group_with_categorical_and_two_features():
    s = pd.Series(pd.Categorical(["a", None, "b", "b"]))
    t = ["x", "x", "x", "y"]
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=[1, 0, 1, 0],
        y_pred=[1, 1, 0, 1],
        sensitive_features={"s": s, "t": t},
        missing_group="unknown",
    )
    assert list(mf.by_group.index) == [("a", "x"), ("b", "x"), ("b", "y"), ("unknown", "x")]
    assert mf.by_group.tolist() == [1.0, 0.0, 1.0, 1.0]


def test_length_mismatch_names_both_lengths():
    y = [1, 0, 1, 0]
    msg = E.LENGTH_MISMATCH.format(name="y_pred", n_other=3, n=4)
    with pytest.raises(ValueError, match=exact(msg)):
        selection_rate(y, [1, 0, 1])
    with pytest.raises(ValueError, match=exact(msg)):
        MetricFrame(
            metrics=selection_rate, y_true=y, y_pred=[1, 0, 1], sensitive_features=list("aabb")
        )
    msg = E.LENGTH_MISMATCH.format(name="sample_weight", n_other=5, n=4)
    with pytest.raises(ValueError, match=exact(msg)):
        selection_rate(y, y, sample_weight=[1] * 5)
    msg = E.LENGTH_MISMATCH.format(name="sensitive feature 'sex'", n_other=2, n=4)
    with pytest.raises(ValueError, match=exact(msg)):
        demographic_parity_difference(y, y, sensitive_features={"sex": ["m", "f"]})
    msg = E.LENGTH_MISMATCH.format(name="sensitive feature 'sensitive_feature_0'", n_other=5, n=4)
    with pytest.raises(ValueError, match=exact(msg)):
        statistical_parity_difference(y, y, sensitive_features=list("aabbb"), privileged_group="a")


@pytest.mark.parametrize(
    ("weights", "n_bad"),
    [([1, -1, 1, 1], 1), ([1, np.nan, np.inf, 1], 2), ([-np.inf, 1, 1, -0.5], 2)],
)
def test_invalid_weights_rejected(weights, n_bad):
    message = E.BAD_WEIGHTS.format(count=n_bad)
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate([1, 0, 1, 0], [1, 1, 0, 0], sample_weight=weights)
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=selection_rate,
            y_true=[1, 0, 1, 0],
            y_pred=[1, 1, 0, 0],
            sensitive_features=list("aabb"),
            sample_weight=weights,
        )


def test_zero_weight_group_kept_with_warning():
    # group b has weight 0: a row with NaN in by_group and weight 0 in counts
    y_true, y_pred = [1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 0]
    group, w = list("aabbcc"), [1, 3, 0, 0, 2, 2]
    with pytest.warns(UndefinedMetricWarning, match="'b'"):
        mf = MetricFrame(
            metrics=selection_rate,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=group,
            sample_weight=w,
        )
    assert list(mf.by_group.index) == ["a", "b", "c"]
    assert mf.by_group["a"] == 1.0
    assert np.isnan(mf.by_group["b"])
    assert mf.by_group["c"] == 0.5
    assert mf.counts["weight"].tolist() == [4.0, 0.0, 4.0]
    assert mf.counts["n"].tolist() == [2, 2, 2]


def test_zero_weight_group_in_gap_function():
    with pytest.warns(FairkitWarning, match="'b'"):
        got = demographic_parity_difference(
            [1, 0, 1, 0, 1, 1],
            [1, 1, 0, 0, 1, 0],
            sensitive_features=list("aabbcc"),
            sample_weight=[1, 3, 0, 0, 2, 2],
        )
    assert got == 0.5


# ---------------------------------------------------------------------------------------------
# pandas inputs give the numpy results
# ---------------------------------------------------------------------------------------------
def _data(seed=0, n=60):
    """Groups p, q, r crossed with x, y; in each of the six cells every (y_true, y_pred) pair
    occurs, so every rate is defined for every group and intersection."""
    rng = np.random.default_rng(seed)
    cells = [(g, o) for g in "pqr" for o in "xy"]
    extra = n - 4 * len(cells)
    group = np.array([g for g, _ in cells for _ in range(4)] + list(rng.choice(list("pqr"), extra)))
    other = np.array([o for _, o in cells for _ in range(4)] + list(rng.choice(list("xy"), extra)))
    y_true = np.concatenate([np.tile([0, 0, 1, 1], len(cells)), rng.integers(0, 2, extra)])
    y_pred = np.concatenate([np.tile([0, 1, 0, 1], len(cells)), rng.integers(0, 2, extra)])
    w = rng.uniform(0.5, 2.0, n)
    perm = rng.permutation(n)
    return y_true[perm], y_pred[perm], group[perm], other[perm], w


def _results(y_true, y_pred, sf, sample_weight=None, pos_label=None):
    mf = MetricFrame(
        metrics={**RATES, "count": count},
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=sf,
        sample_weight=sample_weight,
        pos_label=pos_label,
    )
    kw = {"sensitive_features": sf, "sample_weight": sample_weight, "pos_label": pos_label}
    return {
        "by_group": mf.by_group,
        "overall": mf.overall,
        "counts": mf.counts,
        "difference": mf.difference(),
        "ratio_to_overall": mf.ratio("to_overall"),
        "eod": equalized_odds_difference(y_true, y_pred, **kw),
        "dpr": demographic_parity_ratio(y_true, y_pred, **kw),
    }


def _assert_same(got, ref, check_names=True):
    for key in ref:
        if isinstance(ref[key], pd.DataFrame | pd.Series):
            a, b = got[key], ref[key]
            if not check_names:
                a, b = a.copy(), b.copy()
                a.index.names = b.index.names
            if isinstance(b, pd.DataFrame):
                pd.testing.assert_frame_equal(a, b, rtol=1e-12)
            else:
                pd.testing.assert_series_equal(a, b, rtol=1e-12)
        else:
            assert got[key] == pytest.approx(ref[key], rel=1e-12), key


def test_series_with_shuffled_index_is_positional():
    y_true, y_pred, group, _, w = _data()
    ref = _results(y_true, y_pred, pd.Series(group, name="g"), w)
    index = np.random.default_rng(1).permutation(len(y_true)) + 1000
    # Rows are paired by position (as in scikit-learn and Fairlearn), and the differing
    # index of y_pred is reported rather than silently ignored.
    message = E.UNALIGNED_INDEX.format(first="y_true", others="y_pred")
    with pytest.warns(E.UnalignedIndexWarning, match=exact(message)):
        got = _results(
            pd.Series(y_true, index=index),
            pd.Series(y_pred, index=index[::-1]),
            pd.Series(group, index=index, name="g"),
            pd.Series(w, index=index),
        )
    _assert_same(got, ref)


def test_categorical_sensitive_feature():
    y_true, y_pred, group, _, _ = _data()
    ref = _results(y_true, y_pred, group)
    got = _results(y_true, y_pred, pd.Series(group, dtype="category"))
    _assert_same(got, ref)
    # categories in another order: rows follow the categories; values stay with their label
    cat = pd.Series(pd.Categorical(group, categories=["r", "p", "q", "unused"]))
    got = _results(y_true, y_pred, cat)
    assert list(got["by_group"].index) == ["r", "p", "q"]
    pd.testing.assert_frame_equal(got["by_group"].loc[["p", "q", "r"]], ref["by_group"])
    assert got["difference"].to_numpy() == pytest.approx(ref["difference"].to_numpy())


def test_string_dtype_labels_and_features():
    y_true, y_pred, group, _, _ = _data()
    ref = _results(y_true, y_pred, group)
    words = np.array(["deny", "grant"])
    got = _results(
        pd.Series(words[y_true], dtype="string"),
        pd.Series(words[y_pred], dtype="string"),
        pd.Series(group, dtype="string"),
        pos_label="grant",
    )
    _assert_same(got, ref)
    got = _results(words[y_true], words[y_pred], group, pos_label="grant")  # numpy str_
    _assert_same(got, ref)


def test_bool_labels():
    y_true, y_pred, group, _, w = _data()
    ref = _results(y_true, y_pred, group, w)
    _assert_same(_results(y_true.astype(bool), y_pred.astype(bool), group, w), ref)
    got = _results(
        pd.Series(y_true.astype(bool), dtype="boolean"),
        pd.Series(y_pred.astype(bool)),
        group,
        w,
    )
    _assert_same(got, ref)


def test_dataframe_dict_and_2d_array_sensitive_features():
    y_true, y_pred, group, other, w = _data()
    ref = _results(y_true, y_pred, pd.DataFrame({"g": group, "o": other}), w)
    assert isinstance(ref["by_group"].index, pd.MultiIndex)
    assert list(ref["by_group"].index.names) == ["g", "o"]
    _assert_same(_results(y_true, y_pred, {"g": group, "o": other}, w), ref)
    _assert_same(_results(y_true, y_pred, {"g": list(group), "o": list(other)}, w), ref)
    got = _results(y_true, y_pred, np.column_stack([group, other]), w)
    assert list(got["by_group"].index.names) == ["sensitive_feature_0", "sensitive_feature_1"]
    _assert_same(got, ref, check_names=False)
    # a DataFrame with a shuffled index, and list inputs
    index = np.arange(len(group))[::-1] * 3
    sf = pd.DataFrame({"g": group, "o": other}, index=index)
    _assert_same(_results(list(y_true), list(y_pred), sf, list(w)), ref)


def test_one_column_dataframe_equals_series():
    y_true, y_pred, group, _, _ = _data()
    ref = _results(y_true, y_pred, pd.Series(group, name="g"))
    _assert_same(_results(y_true, y_pred, pd.DataFrame({"g": group})), ref)


@pytest.mark.parametrize(
    "values",
    [
        np.array([10**12, -5], dtype=np.int64),
        np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max], dtype=np.int64),
        np.array([0, 2**40], dtype=np.int64),
        np.array([np.iinfo(np.uint64).max - 1, np.iinfo(np.uint64).max], dtype=np.uint64),
    ],
    ids=["1e12-and-minus-5", "int64-extremes", "0-and-2**40", "uint64-top"],
)
def test_integer_sensitive_features_with_huge_range(values):
    # rows alternate between the two values: group values[0] -> y_pred 1, 0, 1; other -> 0, 0, 0
    sf = np.tile(values, 3)
    y_true = np.array([1, 0, 0, 1, 1, 0])
    y_pred = np.array([1, 0, 0, 0, 1, 0])
    mf = MetricFrame(metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=sf)
    lo, hi = sorted(values.tolist())
    assert mf.by_group.index.tolist() == [lo, hi]
    assert mf.by_group[values[0].item()] == pytest.approx(2 / 3)
    assert mf.by_group[values[1].item()] == 0.0
    got = demographic_parity_difference(
        y_true, y_pred, sensitive_features={"id": sf, "s": ["u"] * 6}
    )
    assert got == pytest.approx(2 / 3)
    got = statistical_parity_difference(
        y_true, y_pred, sensitive_features=sf, privileged_group=values[0].item()
    )
    assert got == pytest.approx(-2 / 3)


# ---------------------------------------------------------------------------------------------
# Invalid options
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def mf():
    return MetricFrame(
        metrics=selection_rate,
        y_true=[1, 0, 1, 0],
        y_pred=[1, 1, 0, 0],
        sensitive_features=list("aabb"),
    )


def test_bad_method(mf):
    message = E.BAD_METHOD.format(method="to-overall")
    with pytest.raises(ValueError, match=exact(message)):
        mf.difference("to-overall")
    with pytest.raises(ValueError, match=exact(message)):
        mf.ratio(method="to-overall")
    with pytest.raises(ValueError, match=exact(message)):
        demographic_parity_ratio([1, 0], [1, 0], sensitive_features=list("ab"), method="to-overall")
    with pytest.raises(ValueError, match=exact(message)):
        equalized_odds_difference(
            [1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=list("aabb"), method="to-overall"
        )


@pytest.mark.parametrize("fn", [equalized_odds_difference, equalized_odds_ratio])
def test_bad_agg(fn):
    with pytest.raises(ValueError, match=exact(E.BAD_AGG.format(agg="max"))):
        fn([1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=list("aabb"), agg="max")


@pytest.mark.parametrize("aggregate", AGGREGATES)
def test_bad_nan_policy(mf, aggregate):
    message = E.BAD_NAN_POLICY.format(nan_policy="ignore")
    with pytest.raises(ValueError, match=exact(message)):
        getattr(mf, aggregate)(nan_policy="ignore")


def test_bad_nan_policy_in_gap_function():
    message = E.BAD_NAN_POLICY.format(nan_policy="drop")
    with pytest.raises(ValueError, match=exact(message)):
        demographic_parity_difference(
            [1, 0], [1, 0], sensitive_features=list("ab"), nan_policy="drop"
        )


@pytest.mark.parametrize("value", ["nan", "ignore", None, True, [0]])
def test_bad_zero_division(mf, value):
    message = E.BAD_ZERO_DIVISION.format(value=value)
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate([1, 0], [1, 0], zero_division=value)
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=selection_rate,
            y_true=[1, 0],
            y_pred=[1, 0],
            sensitive_features=list("ab"),
            zero_division=value,
        )
    if value is not None:  # None means "the frame's" in ratio()
        with pytest.raises(ValueError, match=exact(message)):
            mf.ratio(zero_division=value)


@pytest.mark.parametrize("metrics", [None, "selection_rate", {}, {"a": 1}])
def test_bad_metric(metrics):
    message = E.BAD_METRIC.format(type_name=type(metrics).__name__)
    with pytest.raises(TypeError, match=exact(message)):
        MetricFrame(metrics=metrics, y_true=[1, 0], y_pred=[1, 0], sensitive_features=list("ab"))


def test_bad_sensitive_feature_shapes():
    with pytest.raises(ValueError, match=exact(E.SENSITIVE_EMPTY)):
        MetricFrame(metrics=count, y_true=[1, 0], y_pred=[1, 0], sensitive_features={})
    message = E.SENSITIVE_NOT_TABULAR.format(shape=(2, 1, 1))
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=count, y_true=[1, 0], y_pred=[1, 0], sensitive_features=np.zeros((2, 1, 1))
        )


def test_privileged_group_errors():
    y = [1, 0, 1, 0]
    message = E.PRIVILEGED_ABSENT.format(group="x", groups=["a", "b"])
    with pytest.raises(ValueError, match=exact(message)):
        statistical_parity_difference(y, y, sensitive_features=list("aabb"), privileged_group="x")
    message = E.PRIVILEGED_ONLY.format(group="a")
    with pytest.raises(ValueError, match=exact(message)):
        disparate_impact_ratio(y, y, sensitive_features=list("aaaa"), privileged_group="a")


def test_disparate_impact_undefined_when_privileged_never_selected():
    message = E.UNDEFINED_RATE_OVERALL.format(
        metric="disparate impact ratio", reason="the privileged group's selection rate is 0"
    )
    with pytest.warns(UndefinedMetricWarning, match=exact(message)):
        got = disparate_impact_ratio(
            [1, 0, 1, 0], [0, 0, 1, 0], sensitive_features=list("aabb"), privileged_group="a"
        )
    assert np.isnan(got)


def test_privileged_undefined_rate_warns():
    # the privileged group a has no negatives: its FPR is undefined
    with pytest.warns(UndefinedMetricWarning, match="'privileged'"):
        got = average_odds_difference(
            [1, 1, 1, 0], [1, 0, 1, 1], sensitive_features=list("aabb"), privileged_group="a"
        )
    assert np.isnan(got)


def test_calibration_errors():
    y, s, g = [0, 1], [0.2, 0.8], ["a", "b"]
    with pytest.raises(ValueError, match=exact(E.SCORES_OUT_OF_RANGE.format(lo=-0.1, hi=0.8))):
        calibration_by_group(y, [-0.1, 0.8], sensitive_features=g)
    with pytest.raises(ValueError, match=exact(E.SCORES_OUT_OF_RANGE.format(lo=0.2, hi=1.5))):
        calibration_by_group(y, [0.2, 1.5], sensitive_features=g)
    with pytest.raises(ValueError, match=r"^y_score must lie in \[0, 1\]"):
        calibration_by_group(y, [np.nan, 0.5], sensitive_features=g)
    for n_bins in (0, 2.0, True):
        with pytest.raises(ValueError, match=exact(E.BAD_N_BINS.format(n_bins=n_bins))):
            calibration_by_group(y, s, sensitive_features=g, n_bins=n_bins)
    with pytest.raises(ValueError, match=exact(E.BAD_STRATEGY.format(strategy="kmeans"))):
        calibration_by_group(y, s, sensitive_features=g, strategy="kmeans")
    with pytest.raises(
        ValueError, match=exact(E.LENGTH_MISMATCH.format(name="y_score", n_other=3, n=2))
    ):
        calibration_by_group(y, [0.1, 0.2, 0.3], sensitive_features=g)


def test_entropy_errors_and_undefined():
    for alpha in ("two", np.inf, np.nan, None):
        with pytest.raises(ValueError, match=exact(E.BAD_ALPHA.format(alpha=alpha))):
            generalized_entropy_index([1, 0], [1, 0], alpha=alpha)
    # every row a false negative: benefits all 0, mean 0
    with pytest.warns(UndefinedMetricWarning, match=exact(E.ZERO_MEAN_BENEFIT)):
        assert np.isnan(generalized_entropy_index([1, 1], [0, 0]))
    with pytest.warns(UndefinedMetricWarning, match=exact(E.ZERO_MEAN_BENEFIT)):
        assert np.isnan(theil_index([1, 1], [0, 0]))
    with pytest.warns(UndefinedMetricWarning, match=exact(E.ZERO_MEAN_BENEFIT)):
        assert np.isnan(
            between_group_generalized_entropy([1, 1], [0, 0], sensitive_features=list("ab"))
        )


def test_entropy_with_all_zero_weights_is_nan_with_warning():
    # no weight at all: the index is undefined; that must be reported like any undefined
    # metric (UndefinedMetricWarning), not as a numpy RuntimeWarning
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(generalized_entropy_index([1, 0], [1, 1], sample_weight=[0, 0]))


def test_consistency_errors():
    X = [[0.0], [1.0], [2.0]]
    with pytest.raises(ValueError, match=exact(E.X_NOT_2D.format(shape=(3,)))):
        consistency_score([0.0, 1.0, 2.0], [0, 1, 1])
    with pytest.raises(ValueError, match=exact(E.X_NOT_FINITE.format(count=2))):
        consistency_score([[0.0], [np.nan], [np.inf]], [0, 1, 1], n_neighbors=1)
    for k in (0, 3, 1.0, True):
        message = E.BAD_N_NEIGHBORS.format(max_k=2, n_neighbors=k)
        with pytest.raises(ValueError, match=exact(message)):
            consistency_score(X, [0, 1, 1], n_neighbors=k)
    # with the row itself in its neighbourhood, k may be n
    assert consistency_score(X, [0, 1, 1], n_neighbors=3, exclude_self=False) == pytest.approx(
        1 - (2 / 3 + 1 / 3 + 1 / 3) / 3
    )
    with pytest.raises(ValueError, match=exact(E.BAD_N_NEIGHBORS.format(max_k=3, n_neighbors=4))):
        consistency_score(X, [0, 1, 1], n_neighbors=4, exclude_self=False)
    with pytest.raises(ValueError, match=exact(E.LENGTH_MISMATCH.format(name="X", n_other=3, n=2))):
        consistency_score(X, [0, 1], n_neighbors=1)
    with pytest.raises(ValueError, match=exact(E.MISSING_LABELS.format(name="y_pred", count=1))):
        consistency_score(X, [0, np.nan, 1], n_neighbors=1)


def test_consistency_label_error_names_y_pred():
    # the message must name the argument the user passed (y_pred), not y_true
    message = E.NON_BINARY_LABELS.format(name="y_pred", labels="{'a', 'b'}")
    with pytest.raises(ValueError, match=exact(message)):
        consistency_score([[0.0], [1.0], [2.0]], ["a", "b", "a"], n_neighbors=1)


def test_bootstrap_errors():
    for n_boot in (1, 2.5, True):
        with pytest.raises(ValueError, match=exact(E.BAD_N_BOOT.format(n_boot=n_boot))):
            bootstrap_ci(selection_rate, [1, 0], [1, 0], n_boot=n_boot)
    for confidence in (0, 1, 95):
        message = E.BAD_CONFIDENCE.format(confidence=confidence)
        with pytest.raises(ValueError, match=exact(message)):
            bootstrap_ci(selection_rate, [1, 0], [1, 0], confidence=confidence)
    message = E.LENGTH_MISMATCH.format(name="sensitive_features", n_other=3, n=2)
    with pytest.raises(ValueError, match=exact(message)):
        bootstrap_ci(demographic_parity_difference, [1, 0], [1, 0], sensitive_features=list("abc"))


# ---------------------------------------------------------------------------------------------
# Other callables in MetricFrame
# ---------------------------------------------------------------------------------------------
def test_sklearn_metric_with_weights_per_group():
    y_true, y_pred, group, _, w = _data(seed=3)
    mf = MetricFrame(
        metrics={"recall": recall_score, "tpr": true_positive_rate},
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=group,
        sample_weight=w,
    )
    for g in "pqr":
        rows = group == g
        expected = recall_score(y_true[rows], y_pred[rows], sample_weight=w[rows])
        assert mf.by_group.loc[g, "recall"] == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(mf.by_group["recall"], mf.by_group["tpr"], rtol=1e-12)
    assert mf.overall["recall"] == pytest.approx(recall_score(y_true, y_pred, sample_weight=w))


def test_no_warning_when_everything_is_defined():
    y_true, y_pred, group, other, w = _data(seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _results(y_true, y_pred, group, w)
        _results(y_true, y_pred, {"g": group, "o": other})
