"""bootstrap_ci's count-table path against the metric itself and against the row paths.

Every registered fairkit metric evaluated from a count table is the metric itself; resampled
count tables (multinomial) are the row bootstrap in distribution (weights of 1 force rows for a
fairkit metric, a user function forces calls); blocks of replicates change nothing.
"""

import warnings

import numpy as np
import pytest
from _simulated import grouped_decisions
from scipy import stats

import fairkit.metrics as fm
from fairkit.metrics._counts import count_table
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._tables import REGISTRY, Plan, lookup


def _variants(spec):
    if spec.kind == "gap":
        out = [{}, {"method": "to_overall"}]
        return out + ([{"agg": "mean"}] if "agg" in spec.options else [])
    return [{"privileged_group": "a"}] if spec.kind == "privileged" else [{}]


@pytest.mark.parametrize("seed", range(6))
def test_table_registry_equals_the_metric(seed):
    # every registered metric, evaluated from the count table, is the metric itself; seed 0
    # has a group without positives (undefined TPR), seed 1 a single group
    y_true, y_pred, group = grouped_decisions(300, [0.6, 0.3, 0.1], [0.3, 0.5, 0.2], seed)
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


def _ks(a, b):
    return stats.ks_2samp(a[~np.isnan(a)], b[~np.isnan(b)]).pvalue


@pytest.mark.parametrize("stratify", [True, False])
def test_count_path_equals_row_paths_in_distribution(stratify):
    y_true, y_pred, group = grouped_decisions(500, [0.7, 0.25, 0.05], [0.3, 0.4, 0.5], 2)
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
    y_true, y_pred, group = grouped_decisions(300, [0.5, 0.3, 0.2], [0.3, 0.4, 0.5], 3)
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
