"""Property tests (Hypothesis, derandomized): invariances and bounds every metric must respect.

Random small data sets often leave a rate undefined for some group; the NaN and the fairkit
warnings that come with it are part of the documented behaviour, so the warnings are silenced
here (only fairkit's, see ``quiet``) and NaN compares equal to NaN.
"""

import contextlib
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from fairkit.metrics import (
    FairkitWarning,
    MetricFrame,
    accuracy,
    accuracy_difference,
    average_abs_odds_difference,
    average_odds_difference,
    between_group_generalized_entropy,
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
    true_negative_rate,
    true_positive_rate,
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# for the tests that compare ``summary`` (some 30 metric calls) of two data sets
HEAVY = settings(SETTINGS, max_examples=25)

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
DIFFERENCES = [
    demographic_parity_difference,
    equal_opportunity_difference,
    predictive_parity_difference,
    false_positive_rate_difference,
    false_negative_rate_difference,
    accuracy_difference,
    equalized_odds_difference,
]
RATIOS = [demographic_parity_ratio, equal_opportunity_ratio, equalized_odds_ratio]


@contextlib.contextmanager
def quiet():
    """Silence fairkit's own warnings (undefined rates, skipped groups, single group)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FairkitWarning)
        yield


@st.composite
def data(draw, min_n=2, max_n=40, max_groups=4, weighted=None, min_weight=0.1):
    """y_true, y_pred (0/1), integer groups 0..k-1 (all present) and weights (or None)."""
    n_groups = draw(st.integers(2, max_groups))
    n = draw(st.integers(max(min_n, n_groups), max_n))
    ints01 = arrays(np.int64, n, elements=st.integers(0, 1))
    y_true, y_pred = draw(ints01), draw(ints01)
    groups = draw(arrays(np.int64, n, elements=st.integers(0, n_groups - 1)))
    groups[:n_groups] = np.arange(n_groups)  # every group occurs
    if weighted is None:
        weighted = draw(st.booleans())
    w = None
    if weighted:
        w = draw(arrays(np.float64, n, elements=st.floats(min_weight, 5.0)))
    return y_true, y_pred, groups, w


def frame(y_true, y_pred, groups, w=None, **kw):
    with quiet():
        return MetricFrame(
            metrics=RATES,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=groups,
            sample_weight=w,
            **kw,
        )


def summary(y_true, y_pred, groups, w=None):
    """Every group-level result as arrays: by_group, overall, aggregates, gaps, entropies."""
    mf = frame(y_true, y_pred, groups, w)
    kw = {"sensitive_features": groups, "sample_weight": w}
    with quiet():
        out = {
            "by_group": mf.by_group.to_numpy(),
            "overall": mf.overall.to_numpy(),
            "min": mf.group_min().to_numpy(),
            "max": mf.group_max().to_numpy(),
            "diff": mf.difference().to_numpy(),
            "diff_overall": mf.difference("to_overall").to_numpy(),
            "ratio": mf.ratio().to_numpy(),
            "ratio_overall": mf.ratio("to_overall").to_numpy(),
            "gaps": np.array(
                [f(y_true, y_pred, **kw) for f in DIFFERENCES + RATIOS]
                + [
                    equalized_odds_difference(y_true, y_pred, agg="mean", **kw),
                    equalized_odds_ratio(y_true, y_pred, agg="mean", **kw),
                ]
            ),
            "entropy": np.array(
                [
                    generalized_entropy_index(y_true, y_pred, alpha=a, sample_weight=w)
                    for a in (0.5, 1, 2)
                ]
                + [
                    between_group_generalized_entropy(y_true, y_pred, alpha=a, **kw)
                    for a in (0.5, 1, 2)
                ]
            ),
        }
        if len(np.unique(groups)) > 1:
            priv = {"privileged_group": np.unique(groups)[0].item(), **kw}
            out["privileged"] = np.array(
                [
                    statistical_parity_difference(y_true, y_pred, **priv),
                    disparate_impact_ratio(y_true, y_pred, **priv),
                    average_odds_difference(y_true, y_pred, **priv),
                    average_abs_odds_difference(y_true, y_pred, **priv),
                ]
            )
    return out


def assert_same(a, b, rtol=1e-12):
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=rtol, atol=1e-12, err_msg=key)


# ---------------------------------------------------------------------------------------------
# Bounds
# ---------------------------------------------------------------------------------------------
@SETTINGS
@given(data())
def test_differences_in_unit_interval(case):
    y_true, y_pred, groups, w = case
    with quiet():
        for f in DIFFERENCES:
            for method in ("between_groups", "to_overall"):
                value = f(y_true, y_pred, sensitive_features=groups, sample_weight=w, method=method)
                assert np.isnan(value) or 0.0 <= value <= 1.0, f.__name__


@SETTINGS
@given(data(weighted=False))
def test_difference_zero_iff_all_groups_equal(case):
    # unweighted rates are ratios of integers, so equal rates are equal floats
    mf = frame(*case)
    with quiet():
        diff = mf.difference()
    for name in RATES:
        defined = mf.by_group[name].dropna()
        if defined.empty:
            assert np.isnan(diff[name])
        else:
            assert (diff[name] == 0.0) == (defined.nunique() == 1), name


@SETTINGS
@given(data())
def test_ratios_in_unit_interval(case):
    y_true, y_pred, groups, w = case
    mf = frame(*case)
    with quiet():
        for method in ("between_groups", "to_overall"):
            values = [
                f(y_true, y_pred, sensitive_features=groups, sample_weight=w, method=method)
                for f in RATIOS
            ]
            values += list(mf.ratio(method))
            for value in values:
                assert np.isnan(value) or 0.0 <= value <= 1.0


@SETTINGS
@given(data(weighted=False))
def test_ratio_one_iff_all_groups_equal_and_nonzero(case):
    mf = frame(*case)
    with quiet():
        ratio = mf.ratio()
    for name in RATES:
        defined = mf.by_group[name].dropna()
        if defined.empty or (defined == 0).all():
            assert np.isnan(ratio[name])
        else:
            assert (ratio[name] == 1.0) == (defined.nunique() == 1), name


@SETTINGS
@given(data())
def test_generalized_entropy_nonnegative_and_between_group_part_smaller(case):
    y_true, y_pred, groups, w = case
    with quiet():
        for alpha in (0.5, 1, 2, 3):
            total = generalized_entropy_index(y_true, y_pred, alpha=alpha, sample_weight=w)
            between = between_group_generalized_entropy(
                y_true, y_pred, alpha=alpha, sensitive_features=groups, sample_weight=w
            )
            if np.isnan(total):  # every row a false negative: mean benefit 0
                assert np.isnan(between)
                continue
            assert total >= -1e-15
            assert -1e-15 <= between <= total + 1e-12


# ---------------------------------------------------------------------------------------------
# Invariances
# ---------------------------------------------------------------------------------------------
@HEAVY
@given(data(), st.randoms(use_true_random=False))
def test_permuting_rows_changes_nothing(case, rnd):
    y_true, y_pred, groups, w = case
    perm = np.array(rnd.sample(range(len(y_true)), len(y_true)))
    permuted = summary(y_true[perm], y_pred[perm], groups[perm], None if w is None else w[perm])
    assert_same(permuted, summary(y_true, y_pred, groups, w))


@HEAVY
@given(data())
def test_duplicating_every_row_changes_no_rate(case):
    y_true, y_pred, groups, w = case
    twice = [np.repeat(a, 2) for a in (y_true, y_pred, groups)]
    assert_same(
        summary(*twice, None if w is None else np.repeat(w, 2)),
        summary(y_true, y_pred, groups, w),
    )
    with quiet():
        base = MetricFrame(
            metrics=count, y_true=y_true, y_pred=y_pred, sensitive_features=groups
        ).counts
        doubled = MetricFrame(
            metrics=count, y_true=twice[0], y_pred=twice[1], sensitive_features=twice[2]
        ).counts
    np.testing.assert_array_equal(doubled.to_numpy(), 2 * base.to_numpy())


@HEAVY
@given(data(weighted=False), st.sampled_from([2.0, 0.5, 3.7]))
def test_equal_weights_change_no_rate(case, c):
    y_true, y_pred, groups, _ = case
    weights = np.full(len(y_true), c)
    assert_same(summary(y_true, y_pred, groups, weights), summary(y_true, y_pred, groups))
    mf = frame(y_true, y_pred, groups, weights)
    np.testing.assert_allclose(mf.counts["weight"], c * mf.counts["n"], rtol=1e-12)


@HEAVY
@given(data(weighted=False), st.data())
def test_integer_weights_equal_row_duplication(case, draw):
    y_true, y_pred, groups, _ = case
    k = draw.draw(arrays(np.int64, len(y_true), elements=st.integers(1, 3)))
    repeated = [np.repeat(a, k) for a in (y_true, y_pred, groups)]
    assert_same(summary(y_true, y_pred, groups, k.astype(float)), summary(*repeated))


@HEAVY
@given(data(), st.permutations(["delta", "alpha", "charlie", "bravo"]))
def test_renaming_groups_only_permutes_by_group(case, names):
    y_true, y_pred, groups, w = case
    names = np.array(names)
    renamed = names[groups]
    old, new = frame(y_true, y_pred, groups, w), frame(y_true, y_pred, renamed, w)
    assert sorted(new.by_group.index) == list(new.by_group.index)
    assert set(new.by_group.index) == set(names[np.unique(groups)])
    np.testing.assert_array_equal(
        new.by_group.loc[names[old.by_group.index]].to_numpy(), old.by_group.to_numpy()
    )
    # overall sums the group rows of the count table in another order: equal up to rounding
    np.testing.assert_allclose(new.overall.to_numpy(), old.overall.to_numpy(), rtol=1e-12)
    with quiet():
        for aggregate in ("difference", "ratio", "group_min", "group_max"):
            for method in ("between_groups", "to_overall"):
                args = () if aggregate.startswith("group") else (method,)
                np.testing.assert_allclose(
                    getattr(new, aggregate)(*args).to_numpy(),
                    getattr(old, aggregate)(*args).to_numpy(),
                    rtol=1e-12,
                    atol=1e-15,
                )
    a, b = summary(y_true, y_pred, renamed, w), summary(y_true, y_pred, groups, w)
    # the privileged group (the first label) is another group after renaming
    a.pop("privileged", None)
    b.pop("privileged", None)
    a["by_group"] = b["by_group"] = np.zeros(1)  # compared above, in matching order
    assert_same(a, b)


# ---------------------------------------------------------------------------------------------
# Relations between metrics
# ---------------------------------------------------------------------------------------------
@SETTINGS
@given(data())
def test_to_overall_difference_at_most_between_groups(case):
    # the overall rate is a weighted mean of the group rates, so it lies between min and max
    mf = frame(*case)
    with quiet():
        between, to_overall = mf.difference(), mf.difference("to_overall")
        ratio_between, ratio_overall = mf.ratio(), mf.ratio("to_overall")
    for name in RATES:
        if np.isnan(between[name]):
            continue
        assert to_overall[name] <= between[name] + 1e-12, name
        if not np.isnan(ratio_between[name]):
            assert ratio_overall[name] >= ratio_between[name] - 1e-12, name


@SETTINGS
@given(data(max_groups=2))
def test_statistical_parity_with_two_groups_is_signed_demographic_parity(case):
    y_true, y_pred, groups, w = case
    kw = {"sensitive_features": groups, "sample_weight": w}
    with quiet():
        dpd = demographic_parity_difference(y_true, y_pred, **kw)
        spd0 = statistical_parity_difference(y_true, y_pred, privileged_group=0, **kw)
        spd1 = statistical_parity_difference(y_true, y_pred, privileged_group=1, **kw)
        sel = MetricFrame(
            metrics=selection_rate,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=groups,
            sample_weight=w,
        ).by_group
    assert abs(spd0) == pytest.approx(dpd, abs=1e-12)
    assert spd0 == -spd1
    assert spd0 == pytest.approx(sel[1] - sel[0], abs=1e-12)


@SETTINGS
@given(data(max_groups=2))
def test_average_odds_with_two_groups(case):
    y_true, y_pred, groups, w = case
    kw = {"sensitive_features": groups, "sample_weight": w}
    with quiet():
        aod = average_odds_difference(y_true, y_pred, privileged_group=0, **kw)
        aaod = average_abs_odds_difference(y_true, y_pred, privileged_group=0, **kw)
        eod_mean = equalized_odds_difference(y_true, y_pred, agg="mean", **kw)
        mf = MetricFrame(
            metrics={"tpr": true_positive_rate, "fpr": false_positive_rate},
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=groups,
            sample_weight=w,
        ).by_group
    signed = (mf.loc[1] - mf.loc[0]).sum(skipna=False) / 2
    if np.isnan(signed):
        assert np.isnan(aod)
        assert np.isnan(aaod)
        return
    assert aod == pytest.approx(signed, abs=1e-12)
    assert aaod >= abs(aod) - 1e-12
    # with two groups the mean of |TPR gap| and |FPR gap| is the equalized odds mean
    assert aaod == pytest.approx(eod_mean, abs=1e-12)


@SETTINGS
@given(data())
def test_equalized_odds_worst_case_bounds_mean(case):
    y_true, y_pred, groups, w = case
    kw = {"sensitive_features": groups, "sample_weight": w}
    with quiet():
        for method in ("between_groups", "to_overall"):
            kw["method"] = method
            worst = equalized_odds_difference(y_true, y_pred, **kw)
            mean = equalized_odds_difference(y_true, y_pred, agg="mean", **kw)
            assert np.isnan(worst) == np.isnan(mean)
            if not np.isnan(worst):
                assert worst >= mean - 1e-12
            worst = equalized_odds_ratio(y_true, y_pred, **kw)
            mean = equalized_odds_ratio(y_true, y_pred, agg="mean", **kw)
            if not (np.isnan(worst) or np.isnan(mean)):
                assert worst <= mean + 1e-12


@SETTINGS
@given(data())
def test_frame_agrees_with_rate_functions(case):
    # overall = the rate function on all rows; by_group = the rate function on each group's rows
    y_true, y_pred, groups, w = case
    mf = frame(*case)
    with quiet():
        for name, f in RATES.items():
            assert mf.overall[name] == pytest.approx(
                f(y_true, y_pred, sample_weight=w), abs=1e-12, nan_ok=True
            )
            for g in mf.by_group.index:
                rows = groups == g
                expected = f(
                    y_true[rows], y_pred[rows], sample_weight=None if w is None else w[rows]
                )
                assert mf.by_group.loc[g, name] == pytest.approx(expected, abs=1e-12, nan_ok=True)
    assert mf.counts["n"].sum() == len(y_true)


@SETTINGS
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(3, 30), st.integers(1, 3)),
        elements=st.floats(-100, 100),
    ),
    st.sampled_from([0, 1, 0.3]),
    st.data(),
)
def test_consistency_of_constant_prediction_is_one(X, value, draw):
    n = len(X)
    exclude_self = draw.draw(st.booleans())
    k = draw.draw(st.integers(1, n - 1 if exclude_self else n))
    got = consistency_score(X, np.full(n, value), n_neighbors=k, exclude_self=exclude_self)
    assert got == 1.0


@SETTINGS
@given(data(min_n=5), st.data())
def test_consistency_in_unit_interval(case, draw):
    y_true, y_pred, groups, _ = case
    X = np.column_stack([groups, y_true]).astype(float)  # many exact duplicates
    k = draw.draw(st.integers(1, len(y_pred) - 1))
    got = consistency_score(X, y_pred, n_neighbors=k)
    assert 0.0 <= got <= 1.0


@SETTINGS
@given(data(), st.integers(1, 6), st.data())
def test_calibration_table_accounts_for_every_row(case, n_bins, draw):
    y_true, _, groups, w = case
    scores = draw.draw(arrays(np.float64, len(y_true), elements=st.floats(0.0, 1.0)))
    t = calibration_by_group(
        y_true, scores, sensitive_features=groups, n_bins=n_bins, sample_weight=w
    )
    assert t["n"].sum() == len(y_true)
    assert (t["n"] > 0).all()
    assert t["fraction_positive"].between(0, 1).all()
    assert (t["mean_score"] >= t["bin_lower"] - 1e-12).all()
    assert (t["mean_score"] <= t["bin_upper"] + 1e-12).all()
    # per group, the weighted mean of fraction_positive over bins is the group's positive rate
    weights = np.ones(len(y_true)) if w is None else w
    for g, part in t.groupby("group"):
        rows = groups == g
        expected = np.average(y_true[rows], weights=weights[rows])
        got = np.average(part["fraction_positive"], weights=part["weight"])
        assert got == pytest.approx(expected, rel=1e-9)
