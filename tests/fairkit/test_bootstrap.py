"""bootstrap_ci and gap_test: behaviour, errors, warnings, and the equivalence of their paths.

The count-table path (multinomial tables, hypergeometric permutations) is checked against the
row path it replaces (weights of 1 force rows for a fairkit metric, a lambda forces calls of
the metric) in distribution, and against the metric itself value by value.
"""

import functools
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import fairkit.metrics as fm
from fairkit.metrics import _errors as E
from fairkit.metrics._counts import count_table
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._tables import REGISTRY, Plan, lookup


def exact(message: str) -> str:
    return "^" + re.escape(message) + "$"


def _data(n, props, sel, seed, base=0.4):
    rng = np.random.default_rng(seed)
    group = rng.choice(len(props), n, p=props)
    y_true = (rng.random(n) < base).astype(int)
    y_pred = (rng.random(n) < np.asarray(sel)[group]).astype(int)
    return y_true, y_pred, np.array(list("abcdefg"))[group]


def _variants(spec):
    if spec.kind == "gap":
        out = [{}, {"method": "to_overall"}]
        return out + ([{"agg": "mean"}] if "agg" in spec.options else [])
    return [{"privileged_group": "a"}] if spec.kind == "privileged" else [{}]


@pytest.mark.parametrize("seed", range(6))
def test_table_registry_equals_the_metric(seed):
    # every registered metric, evaluated from the count table, is the metric itself; seed 0
    # has a group without positives (undefined TPR), seed 1 a single group
    y_true, y_pred, group = _data(300, [0.6, 0.3, 0.1], [0.3, 0.5, 0.2], seed)
    if seed == 0:
        y_true[group == "c"] = 0
    if seed == 1:
        group[:] = "a"
    w = np.random.default_rng(seed).random(300) * 2 if seed >= 3 else None
    groups = factorize_groups(group, 300)
    table = count_table(groups.codes, groups.n_groups, y_true, y_pred, w)
    for fn, spec in REGISTRY.items():
        for kw in _variants(spec):
            if spec.kind == "privileged" and seed == 1:
                continue  # the metric raises: nobody to compare to
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # undefined rates: the metric warns
                if spec.kind == "rate":
                    want = fn(y_true, y_pred, sample_weight=w)
                else:
                    want = fn(y_true, y_pred, sensitive_features=group, sample_weight=w, **kw)
            plan = Plan(spec, kw, table, groups.index)
            got = float(plan.values(*plan.rates(table), omit=True))
            assert got == pytest.approx(want, nan_ok=True, abs=1e-12), (fn.__name__, kw)

    # make_derived_metric's differences and ratios of fairkit rates are gaps too
    for rate in (fm.selection_rate, fm.true_positive_rate):
        for transform in ("difference", "ratio"):
            derived = fm.make_derived_metric(metric=rate, transform=transform)
            spec, kw = lookup(derived, {"method": "to_overall"})
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = derived(y_true, y_pred, sensitive_features=group, sample_weight=w, **kw)
            plan = Plan(spec, kw, table, groups.index)
            got = float(plan.values(*plan.rates(table), omit=True))
            assert got == pytest.approx(want, nan_ok=True, abs=1e-12), (rate, transform)


def test_errors():
    sr, dpd = fm.selection_rate, fm.demographic_parity_difference
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
    for bad in (0, 1.5, False):
        message = E.BAD_N_PERMUTATIONS.format(n_permutations=bad)
        with pytest.raises(ValueError, match=exact(message)):
            fm.gap_test(dpd, [1, 0], [1, 0], sensitive_features=["a", "b"], n_permutations=bad)
    with pytest.raises(ValueError, match=exact(E.GAP_TEST_NOT_A_GAP.format(metric="accuracy"))):
        fm.gap_test(fm.accuracy, [1, 0], [1, 0], sensitive_features=["a", "b"])
    # the metric's own errors come first, unchanged
    message = E.LENGTH_MISMATCH.format(name="sensitive_features", n_other=3, n=2)
    with pytest.raises(ValueError, match=exact(message)):
        fm.gap_test(dpd, [1, 0], [1, 0], sensitive_features=list("abc"))


def test_result_fields_and_auto_methods():
    y_true, y_pred, group = _data(400, [0.5, 0.5], [0.3, 0.5], 0)
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
    y_true, y_pred, group = _data(600, [0.5, 0.3, 0.2], [0.3, 0.5, 0.4], 5)
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
    y_true, y_pred, group = _data(600, [0.6, 0.3, 0.1], [0.3, 0.5, 0.2], 1)
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


def _ks(a, b):
    return stats.ks_2samp(a[~np.isnan(a)], b[~np.isnan(b)]).pvalue


@pytest.mark.parametrize("stratify", [True, False])
def test_count_path_equals_row_paths_in_distribution(stratify):
    y_true, y_pred, group = _data(500, [0.7, 0.25, 0.05], [0.3, 0.4, 0.5], 2)
    kw = {"sensitive_features": group, "n_boot": 3000, "stratify": stratify, "method": "bca"}
    metric = fm.equalized_odds_difference

    def opaque(t, p, *, sensitive_features):
        return metric(t, p, sensitive_features=sensitive_features)

    with warnings.catch_warnings():
        # unstratified, the 25 rows of group c sometimes lack positives or negatives
        warnings.simplefilter("ignore" if not stratify else "error", fm.UndefinedMetricWarning)
        counts = fm.bootstrap_ci(metric, y_true, y_pred, random_state=0, **kw)
        w = np.ones(500)
        rows = fm.bootstrap_ci(metric, y_true, y_pred, sample_weight=w, random_state=1, **kw)
        calls = fm.bootstrap_ci(opaque, y_true, y_pred, random_state=2, **{**kw, "n_boot": 600})
    assert counts.estimate == rows.estimate == calls.estimate
    for other in (rows.samples, calls.samples):
        assert _ks(counts.samples, other) > 0.01
        assert np.nanstd(other) == pytest.approx(np.nanstd(counts.samples), rel=0.12)
    # same replicates, same interval machinery: BCa of rows is close to BCa of tables
    assert (rows.low, rows.high) == pytest.approx((counts.low, counts.high), abs=0.02)


def test_blocks_give_identical_results():
    y_true, y_pred, group = _data(300, [0.5, 0.3, 0.2], [0.3, 0.4, 0.5], 3)
    w = np.random.default_rng(0).random(300)
    kw = {"sensitive_features": group, "sample_weight": w, "n_boot": 50, "random_state": 7}

    def opaque(t, p, *, sample_weight):
        return fm.selection_rate(t, p, sample_weight=sample_weight)

    for metric in (fm.equalized_odds_difference, opaque):
        results = [
            fm.bootstrap_ci(metric, y_true, y_pred, block_size=b, **kw) for b in (1, 7, None)
        ]
        for r in results[1:]:
            np.testing.assert_array_equal(r.samples, results[0].samples)
            assert (r.low, r.high) == (results[0].low, results[0].high)


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


def _rare_positive_data():
    # group c: 10 rows, 1 positive -> no positive in a stratified resample with
    # probability (9/10)^10 = 0.349
    y_true = np.r_[np.tile([1, 0], 50), [1] + [0] * 9]
    y_pred = np.r_[np.tile([1, 1, 0, 0], 25), [1] * 10]
    group = np.array(["a"] * 50 + ["b"] * 50 + ["c"] * 10)
    return y_true, y_pred, group


@pytest.mark.parametrize("undefined", ["drop", "omit", "propagate"])
def test_undefined_replicates_are_counted_per_group(undefined):
    y_true, y_pred, group = _rare_positive_data()
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
    y_true, y_pred, group = _rare_positive_data()
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
    y_true, y_pred, group = _rare_positive_data()
    y_true[group == "c"] = 0
    metric = fm.equal_opportunity_difference
    with pytest.warns((fm.GroupsSkippedWarning, fm.UndefinedMetricWarning)):
        r = fm.bootstrap_ci(metric, y_true, y_pred, sensitive_features=group, random_state=0)
        want = metric(y_true, y_pred, sensitive_features=group)
    assert r.undefined == {}
    assert r.estimate == want
    assert not np.isnan(r.samples).any()
    assert r.low <= want <= r.high


# -------------------------------------------------------------------------------------------
# gap_test
# -------------------------------------------------------------------------------------------
def test_gap_test_exact_small_case():
    # 3 selected of 6 rows, groups of 3: the gap is 1 exactly when a permutation puts all 3
    # selected rows in one group, with probability 2 / C(6, 3) = 0.1
    y = np.array([1, 1, 1, 0, 0, 0])
    group = np.array(list("aaabbb"))
    dpd = fm.demographic_parity_difference

    def opaque(t, p, *, sensitive_features, **kw):
        return dpd(t, p, sensitive_features=sensitive_features, **kw)

    kw = {"sensitive_features": group}
    # the count path is cheap: 20000 permutations; rows 3000, calls 1500 (se of p <= 0.008)
    for metric, extra, b in ((dpd, {}, 20000), (dpd, {"sample_weight": np.ones(6)}, 3000),
                             (opaque, {}, 1500)):  # fmt: skip
        res = fm.gap_test(metric, y, y, random_state=0, n_permutations=b, **kw, **extra)
        assert res.statistic == 1.0
        assert res.p_value == (1 + np.sum(res.null_samples >= 1.0)) / (b + 1)
        assert res.p_value == pytest.approx(0.1, abs=0.006 if b == 20000 else 0.024)
        assert sorted(np.unique(np.round(res.null_samples, 12))) == pytest.approx([1 / 3, 1.0])
    res = fm.gap_test(fm.demographic_parity_ratio, y, y, random_state=0, n_permutations=20000, **kw)
    assert (res.statistic, res.alternative) == (0.0, "less")
    assert res.p_value == pytest.approx(0.1, abs=0.006)

    # a ratio as a user callable: say that smaller is more extreme
    def ratio(t, p, *, sensitive_features):
        return fm.demographic_parity_ratio(t, p, sensitive_features=sensitive_features)

    res = fm.gap_test(ratio, y, y, n_permutations=1500, alternative="less", random_state=0, **kw)
    assert (res.statistic, res.alternative) == (0.0, "less")
    assert res.p_value == pytest.approx(0.1, abs=0.024)
    message = E.BAD_ALTERNATIVE.format(alternative="two_sided")
    with pytest.raises(ValueError, match=exact(message)):
        fm.gap_test(ratio, y, y, alternative="two_sided", **kw)


def test_gap_test_equalized_odds_permutes_within_labels():
    # a's and b's predictions are identical given the label, but base rates differ (0.8 vs
    # 0.2): equalized odds holds exactly. A permutation of all rows would see a gap; within
    # labels every null gap is 0, so p = 1.
    y_true = np.r_[[1] * 8 + [0] * 2, [1] * 2 + [0] * 8]
    y_pred = np.r_[[1] * 8 + [0] * 2, [1] * 2 + [0] * 8]
    group = np.repeat(["a", "b"], 10)
    for w in (None, np.ones(20)):
        res = fm.gap_test(fm.equalized_odds_difference, y_true, y_pred, sensitive_features=group,
                          sample_weight=w, n_permutations=200, random_state=0)  # fmt: skip
        assert res.statistic == 0.0
        assert np.all(res.null_samples == 0.0)
        assert res.p_value == 1.0


def test_gap_test_paths_agree_in_distribution_and_reproduce():
    y_true, y_pred, group = _data(400, [0.7, 0.25, 0.05], [0.3, 0.3, 0.3], 4)
    kw = {"sensitive_features": group, "n_permutations": 2000}
    metric = fm.equalized_odds_difference
    counts = fm.gap_test(metric, y_true, y_pred, random_state=0, **kw)
    rows = fm.gap_test(metric, y_true, y_pred, sample_weight=np.ones(400), random_state=1, **kw)
    assert counts.statistic == rows.statistic
    assert _ks(counts.null_samples, rows.null_samples) > 0.01
    assert rows.p_value == pytest.approx(counts.p_value, abs=0.05)
    again = fm.gap_test(metric, y_true, y_pred, random_state=0, **kw)
    np.testing.assert_array_equal(again.null_samples, counts.null_samples)
    signed = fm.gap_test(fm.statistical_parity_difference, y_true, y_pred,
                         privileged_group="a", random_state=0, **kw)  # fmt: skip
    assert signed.alternative == "two-sided"
    hits = np.abs(signed.null_samples) >= abs(signed.statistic) - 1e-10
    assert signed.p_value == (1 + hits.sum()) / 2001
