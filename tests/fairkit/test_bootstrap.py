"""bootstrap_ci: behaviour, errors, warnings, intervals against normal theory and scipy.

Its paths are compared in test_bootstrap_paths.py, its coverage simulated in
test_bootstrap_coverage.py; gap_test is in test_gap_test.py.
"""

import functools

import numpy as np
import pandas as pd
import pytest
from _simulated import exact, grouped_decisions
from scipy import stats

import fairkit.metrics as fm
from fairkit.metrics import _errors as E


def test_errors():
    sr = fm.selection_rate
    with pytest.raises(ValueError, match=exact(E.BAD_BOOT_METHOD.format(method="bc"))):
        fm.bootstrap_ci(sr, [1, 0], [1, 0], method="bc")
    with pytest.raises(ValueError, match=exact(E.BAD_UNDEFINED.format(undefined="skip"))):
        fm.bootstrap_ci(sr, [1, 0], [1, 0], undefined="skip")
    for bad in (0, 2.0, True):
        with pytest.raises(ValueError, match=exact(E.BAD_BLOCK_SIZE.format(block_size=bad))):
            fm.bootstrap_ci(sr, [1, 0], [1, 0], block_size=bad)
    for metric in (sr, lambda t, p: float(np.mean(p))):
        name = "selection_rate" if metric is sr else "<lambda>"
        with pytest.raises(ValueError, match=exact(E.PAIRWISE_NEEDS_GAP.format(metric=name))):
            fm.bootstrap_ci(metric, [1, 0], [1, 0], method="pairwise")


def test_result_fields_and_auto_methods():
    y_true, y_pred, group = grouped_decisions(400, [0.5, 0.5], [0.3, 0.5], 0)
    kw = {"sensitive_features": group, "n_boot": 200, "random_state": 0}
    cases = {
        fm.demographic_parity_difference: "pairwise",
        fm.equalized_odds_ratio: "pairwise",
        fm.selection_rate: "bca",
        fm.make_derived_metric(metric=fm.selection_rate, transform="ratio"): "pairwise",
        functools.partial(fm.statistical_parity_difference, privileged_group="a"): "bca",
        (lambda t, p, *, sensitive_features: fm.selection_rate(t, p)): "percentile",
    }
    for metric, method in cases.items():
        r = fm.bootstrap_ci(metric, y_true, y_pred, **kw)
        assert (r.method, r.n_boot, r.confidence, r.undefined) == (method, 200, 0.95, {})
        assert r.samples.shape == (200,)
        assert r.low <= r.estimate <= r.high
    r = fm.bootstrap_ci(fm.demographic_parity_difference, y_true, y_pred, method="basic", **kw)
    q = np.percentile(r.samples, [2.5, 97.5])
    assert (r.low, r.high) == pytest.approx((2 * r.estimate - q[1], 2 * r.estimate - q[0]))


def test_intersectional_groups_and_privileged_group_as_a_list():
    y_true, y_pred, group = grouped_decisions(600, [0.5, 0.3, 0.2], [0.3, 0.5, 0.4], 5)
    sf = {"g": group, "h": np.tile(["x", "y"], 300)}
    metric = fm.statistical_parity_difference
    for privileged in (("a", "x"), ["a", "x"]):
        r = fm.bootstrap_ci(metric, y_true, y_pred, sensitive_features=sf, n_boot=200,
                            privileged_group=privileged, random_state=0)  # fmt: skip
        want = metric(y_true, y_pred, sensitive_features=sf, privileged_group=privileged)
        assert (r.method, r.estimate) == ("bca", want)
        assert r.low < want < r.high
    r = fm.bootstrap_ci(fm.equalized_odds_difference, y_true, y_pred, sensitive_features=sf,
                        n_boot=200, random_state=0)  # fmt: skip
    assert r.estimate == fm.equalized_odds_difference(y_true, y_pred, sensitive_features=sf)
    assert r.low <= r.estimate <= r.high


def test_partial_to_overall_uses_tables_and_matches_metric():
    y_true, y_pred, group = grouped_decisions(600, [0.6, 0.3, 0.1], [0.3, 0.5, 0.2], 1)
    gap = functools.partial(fm.demographic_parity_difference, method="to_overall")
    r = fm.bootstrap_ci(gap, y_true, y_pred, sensitive_features=group, random_state=0)
    want = fm.demographic_parity_difference(
        y_true, y_pred, sensitive_features=group, method="to_overall"
    )
    assert (r.method, r.estimate) == ("pairwise", want)
    assert r.low <= want <= r.high


def test_pairwise_matches_wald_interval_for_two_large_groups():
    # far from parity the pairwise interval of |p1 - p2| is the normal-theory one:
    # d +- 1.96 sqrt(p1 q1 / n1 + p2 q2 / n2); for the ratio, on the log scale
    y_pred = np.r_[np.ones(3000), np.zeros(7000), np.ones(5000), np.zeros(5000)].astype(int)
    group = np.repeat(["a", "b"], 10000)
    se = np.sqrt(0.3 * 0.7 / 10000 + 0.5 * 0.5 / 10000)
    r = fm.bootstrap_ci(
        fm.demographic_parity_difference, y_pred, y_pred, sensitive_features=group,
        n_boot=4000, random_state=1,
    )  # fmt: skip
    assert r.estimate == pytest.approx(0.2)
    assert r.low == pytest.approx(0.2 - 1.96 * se, abs=0.1 * se)
    assert r.high == pytest.approx(0.2 + 1.96 * se, abs=0.1 * se)
    se_log = np.sqrt(0.7 / (10000 * 0.3) + 0.5 / (10000 * 0.5))
    r = fm.bootstrap_ci(
        fm.demographic_parity_ratio, y_pred, y_pred, sensitive_features=group,
        n_boot=4000, random_state=1,
    )  # fmt: skip
    assert r.estimate == pytest.approx(0.6)
    assert np.log(r.low) == pytest.approx(np.log(0.6) - 1.96 * se_log, abs=0.1 * se_log)
    assert np.log(r.high) == pytest.approx(np.log(0.6) + 1.96 * se_log, abs=0.1 * se_log)


def test_bca_matches_scipy():
    # a skewed statistic (a rare selection rate): fairkit's BCa from count tables and an
    # exact cell jackknife against scipy's BCa from rows and a leave-one-out jackknife
    y_pred = np.r_[np.ones(6), np.zeros(54)].astype(int)
    r = fm.bootstrap_ci(fm.selection_rate, y_pred, y_pred, n_boot=40000, random_state=0)
    ref = stats.bootstrap(
        (y_pred,), np.mean, n_resamples=40000, method="BCa", random_state=np.random.default_rng(1)
    ).confidence_interval
    assert r.method == "bca"
    assert (r.low, r.high) == pytest.approx((ref.low, ref.high), abs=0.005)
    # the percentile interval differs (shifted towards 0 here), so the check has teeth
    p = fm.bootstrap_ci(fm.selection_rate, y_pred, y_pred, n_boot=40000, method="percentile")
    assert p.high < ref.high - 0.005


def _sizes(y_true, y_pred, *, sensitive_features):
    s = pd.Series(sensitive_features)
    return np.array([(s == "f").sum(), (s == "m").sum(), s.isna().sum()])


def test_missing_group_is_a_stratum_and_reaches_the_metric():
    sex = pd.Series(["f"] * 20 + ["m"] * 25 + [None] * 5)
    y = np.tile([0, 1], 25)
    r = fm.bootstrap_ci(_sizes, y, y, sensitive_features=sex, missing_group="?", n_boot=30)
    assert (r.samples == [20, 25, 5]).all()  # stratified, missing rows included
    gap = fm.bootstrap_ci(fm.demographic_parity_difference, y, y, sensitive_features=sex,
                          missing_group="?", n_boot=50, random_state=0)  # fmt: skip
    assert gap.estimate == fm.demographic_parity_difference(
        y, y, sensitive_features=sex, missing_group="?"
    )
    message = E.SENSITIVE_MISSING.format(
        column="sensitive_feature_0", count=5, rows="45, 46, 47, 48, 49"
    )
    with pytest.raises(ValueError, match=exact(message)):
        fm.bootstrap_ci(fm.demographic_parity_difference, y, y, sensitive_features=sex)


def _rare_positivegrouped_decisions():
    # group c: 10 rows, 1 positive -> no positive in a stratified resample with
    # probability (9/10)^10 = 0.349
    y_true = np.r_[np.tile([1, 0], 50), [1] + [0] * 9]
    y_pred = np.r_[np.tile([1, 1, 0, 0], 25), [1] * 10]
    group = np.array(["a"] * 50 + ["b"] * 50 + ["c"] * 10)
    return y_true, y_pred, group


@pytest.mark.parametrize("undefined", ["drop", "omit", "propagate"])
def test_undefined_replicates_are_counted_per_group(undefined):
    y_true, y_pred, group = _rare_positivegrouped_decisions()
    metric = fm.equal_opportunity_difference
    with pytest.warns(fm.UndefinedMetricWarning) as rec:
        r = fm.bootstrap_ci(metric, y_true, y_pred, sensitive_features=group,
                            undefined=undefined, random_state=0)  # fmt: skip
    k = r.undefined["c"]
    assert list(r.undefined) == ["c"]
    assert 1000 * 0.349 - 60 < k < 1000 * 0.349 + 60
    message = E.UNDEFINED_REPLICATES.format(
        metric="equal_opportunity_difference", count=k, n_boot=1000, groups=f"'c': {k}",
        action=E.UNDEFINED_ACTIONS[undefined],
    )  # fmt: skip
    assert [str(w.message) for w in rec] == [message]
    nan = np.isnan(r.samples)
    if undefined == "omit":
        # the same replicates as "drop" (same seed), where c is defined; a gap of a and b
        # only where it is not
        assert not nan.any()
        with pytest.warns(fm.UndefinedMetricWarning):
            dropped = fm.bootstrap_ci(metric, y_true, y_pred, sensitive_features=group,
                                      random_state=0).samples  # fmt: skip
        assert np.isnan(dropped).sum() == k
        keep = ~np.isnan(dropped)
        np.testing.assert_array_equal(r.samples[keep], dropped[keep])
    else:
        assert nan.sum() == k
    if undefined == "propagate":
        assert np.isnan(r.low) and np.isnan(r.high)
    else:
        assert r.low <= r.estimate <= r.high


def test_undefined_raise_and_opaque_metrics():
    y_true, y_pred, group = _rare_positivegrouped_decisions()
    with pytest.raises(ValueError, match=r"undefined='raise'") as info:
        fm.bootstrap_ci(fm.equal_opportunity_difference, y_true, y_pred,
                        sensitive_features=group, undefined="raise", random_state=0)  # fmt: skip
    assert str(info.value).startswith("equal_opportunity_difference was undefined (0/0)")

    # an opaque metric: undefined replicates are counted, not attributed to a group
    def tpr_c(t, p, *, sensitive_features):
        return fm.true_positive_rate(t[sensitive_features == "c"], p[sensitive_features == "c"])

    with pytest.warns(fm.UndefinedMetricWarning) as rec:
        r = fm.bootstrap_ci(tpr_c, y_true, y_pred, sensitive_features=group, n_boot=300,
                            undefined="propagate", random_state=0)  # fmt: skip
    k = r.undefined[None]
    assert [str(w.message) for w in rec] == [E.NAN_BOOTSTRAP_PROPAGATE.format(count=k, n_boot=300)]
    assert np.isnan(r.low)
    message = E.NAN_BOOTSTRAP_RAISE.format(count=k, n_boot=300)
    with pytest.raises(ValueError, match=exact(message)):
        fm.bootstrap_ci(tpr_c, y_true, y_pred, sensitive_features=group, n_boot=300,
                        undefined="raise", random_state=0)  # fmt: skip


def test_group_undefined_in_the_data_is_left_out_everywhere():
    # group c has no positives at all: the metric leaves it out (with its warning), and so
    # does every replicate, silently: no replicate is "undefined" because of it
    y_true, y_pred, group = _rare_positivegrouped_decisions()
    y_true[group == "c"] = 0
    metric = fm.equal_opportunity_difference
    with pytest.warns((fm.GroupsSkippedWarning, fm.UndefinedMetricWarning)):
        r = fm.bootstrap_ci(metric, y_true, y_pred, sensitive_features=group, random_state=0)
        want = metric(y_true, y_pred, sensitive_features=group)
    assert r.undefined == {}
    assert r.estimate == want
    assert not np.isnan(r.samples).any()
    assert r.low <= want <= r.high
