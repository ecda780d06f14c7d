"""FairnessMonitor: values against the metrics, bands against binomial theory, detection of a
planted recall drift and false alarms on stable data, by simulation with known truth.

Batches are simulated as count tables (a multinomial per group over the four cells of
label x prediction), so hundreds of monitored runs take seconds.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest
from scipy import stats
from sklearn.base import clone
from sklearn.metrics import recall_score

from fairkit.accountability import AuditLog, FairnessMonitor
from fairkit.metrics import (
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
)

BASE, FPR = 0.4, 0.1


def cells(tpr, base=BASE, fpr=FPR):
    """P(label, prediction) in the order (0,0), (0,1), (1,0), (1,1)."""
    return np.array([(1 - base) * (1 - fpr), (1 - base) * fpr, base * (1 - tpr), base * tpr])


def tables(rng, n_batches, size, tprs, shares=None, fixed=False):
    """``(n_batches, G, 2, 2)`` batch count tables; group sizes vary (multinomial), or with
    ``fixed=True`` are ``size * shares`` in every batch."""
    shares = np.full(len(tprs), 1 / len(tprs)) if shares is None else np.asarray(shares)
    if fixed:
        sizes = np.tile(np.round(size * shares).astype(int), (n_batches, 1))
    else:
        sizes = rng.multinomial(size, shares, size=n_batches)
    per_group = [rng.multinomial(sizes[:, g], cells(t)) for g, t in enumerate(tprs)]
    return np.stack(per_group, axis=1).reshape(n_batches, len(tprs), 2, 2)


def rows(table, names="ABC"):
    """Rows (y_true, y_pred, group) of one ``(G, 2, 2)`` table."""
    counts = np.asarray(table, dtype=int).ravel()
    cell = np.repeat(np.arange(len(counts)), counts)
    return (cell // 2) % 2, cell % 2, np.array(list(names))[cell // 4]


def fitted(seed, tprs=(0.8, 0.8), n=10_000, **kw):
    rng = np.random.default_rng(seed)
    yt, yp, g = rows(tables(rng, 1, n, tprs)[0])
    kw.setdefault("batch_size", 500)
    return FairnessMonitor(random_state=seed, **kw).fit(yt, yp, sensitive_features=g), rng


@pytest.mark.parametrize(
    "metric",
    [
        equal_opportunity_difference,
        functools.partial(equal_opportunity_difference, method="to_overall"),
        equalized_odds_difference,
    ],
)
def test_batch_value_and_rates_are_the_metric_on_the_batch(metric):
    monitor, rng = fitted(0, metric=metric)
    yt, yp, g = rows(tables(rng, 1, 500, (0.8, 0.6))[0])
    result = monitor.score_batch(yt, yp, sensitive_features=g)
    assert result.value == pytest.approx(metric(yt, yp, sensitive_features=g))
    for group in "AB":
        mask = g == group
        assert result.group_rates[group]["true positive rate"] == pytest.approx(
            recall_score(yt[mask], yp[mask])
        )
        assert result.sizes[group] == mask.sum()


def test_labels_other_than_0_1_with_pos_label():
    rng = np.random.default_rng(12)
    yt, yp, g = rows(tables(rng, 1, 4000, (0.8, 0.7))[0])
    words = np.array(["no", "yes"])
    monitor = FairnessMonitor(pos_label="yes", random_state=0)
    monitor.fit(words[yt], words[yp], sensitive_features=g)
    assert monitor.reference_value_ == pytest.approx(
        equal_opportunity_difference(yt, yp, sensitive_features=g)
    )
    assert monitor.reference_ci_.estimate == pytest.approx(monitor.reference_value_)


def test_bands_match_binomial_theory():
    # A group's TPR in a batch of n_g rows has sd ~ sqrt(p (1 - p) / (n_g * base)).
    monitor, rng = fitted(1, tprs=(0.8, 0.7), k=3.0)
    table = tables(rng, 1, 2000, (0.8, 0.7))[0]
    result = monitor.score_tables(table[None])[0]
    for j, (group, p) in enumerate(zip("AB", (0.8, 0.7), strict=True)):
        low, high = result.group_bands[group]["true positive rate"]
        sd = np.sqrt(p * (1 - p) / (table[j].sum() * BASE))
        assert (high - low) / 2 == pytest.approx(3 * sd, rel=0.12)
        assert (low + high) / 2 == pytest.approx(p, abs=0.02)
    # The gap of 0.1 is far from 0: about normal with sd sqrt(sd_A^2 + sd_B^2).
    low, high = result.band
    sd = np.sqrt(sum(p * (1 - p) / (table[j].sum() * BASE) for j, p in enumerate((0.8, 0.7))))
    assert (high - low) / 2 == pytest.approx(3 * sd, rel=0.12)


def test_reference_attributes():
    monitor, _ = fitted(2, tprs=(0.8, 0.7))
    assert list(monitor.groups_) == list(monitor.judged_groups_) == ["A", "B"]
    assert monitor.reference_ci_.estimate == pytest.approx(monitor.reference_value_)
    assert monitor.reference_ci_.low <= monitor.reference_value_ <= monitor.reference_ci_.high
    assert monitor.reference_rates_["true positive rate"].to_numpy() == pytest.approx(
        [0.8, 0.7], abs=0.03
    )
    assert monitor.band_[0] < monitor.reference_value_ < monitor.band_[1]
    assert list(monitor.group_bands_.columns) == [
        "true positive rate low",
        "true positive rate high",
    ]
    assert clone(monitor).get_params() == monitor.get_params()


DRIFT_AT, WITHIN, RUNS = 20, 3, 150


def test_recall_drift_is_flagged_within_three_batches_in_95_percent_of_runs():
    """Group B's recall falls from 0.8 to 0.6 at batch 20 (batches of 250 + 250 rows, 40 %
    positives, reference 10,000 rows): at k = 3, >= 95 % of runs alert within 3 batches;
    the stable batches before the drift alert at most 2 % of the time. (One composition
    per run keeps this fast: a band is drawn once per composition.)"""
    delays, false_alarms, blamed = [], 0, 0
    for seed in range(RUNS):
        monitor, rng = fitted(seed)
        before = monitor.score_tables(tables(rng, DRIFT_AT - 1, 500, (0.8, 0.8), fixed=True))
        after = monitor.score_tables(tables(rng, WITHIN, 500, (0.8, 0.6), fixed=True))
        false_alarms += sum(r.alerted for r in before)
        flags = [r.alerted for r in after]
        delays.append(flags.index(True) + 1 if any(flags) else np.inf)
        if any(flags):
            blamed += after[flags.index(True)].alert.groups == ("B",)
    detected = np.isfinite(delays).mean()
    assert detected >= 0.95
    assert blamed >= 0.9 * np.isfinite(delays).sum()
    n = RUNS * (DRIFT_AT - 1)
    assert false_alarms <= stats.binom.ppf(0.999, n, 0.02)


@pytest.mark.parametrize(
    ("metric", "tprs"),
    [
        (equal_opportunity_difference, (0.8, 0.8, 0.8)),
        (equal_opportunity_difference, (0.85, 0.7, 0.75)),
        (demographic_parity_ratio, (0.8, 0.7)),
    ],
)
def test_false_alarm_rate_on_stable_data_is_below_two_percent(metric, tprs):
    # Batches drawn from the reference distribution: any alert is false. Per batch <= 2 %;
    # the binomial tolerance (99.9 % quantile) keeps the test from failing by chance.
    alarms = total = 0
    for seed in range(30):
        monitor, rng = fitted(100 + seed, tprs=tprs, metric=metric, batch_size=600)
        results = monitor.score_tables(tables(rng, 100, 600, tprs, fixed=True))
        alarms += sum(r.alerted for r in results)
        total += len(results)
    assert alarms <= stats.binom.ppf(0.999, total, 0.02)


def test_false_alarm_rate_with_varying_group_sizes_is_below_two_percent():
    # Every batch's band is drawn at its own composition (here ~30 distinct ones per run).
    alarms = total = 0
    for seed in range(20):
        monitor, rng = fitted(200 + seed, batch_size=500)
        results = monitor.score_tables(tables(rng, 30, 500, (0.8, 0.8)))
        alarms += sum(r.alerted for r in results)
        total += len(results)
    assert alarms <= stats.binom.ppf(0.999, total, 0.02)


def test_ratio_alerts_below_its_band():
    monitor, rng = fitted(3, metric=demographic_parity_ratio)
    yt, yp, g = rows(tables(rng, 1, 500, (0.8, 0.8))[0])
    yp = np.where((g == "B") & (rng.random(len(g)) < 0.5), 0, yp)  # B selected half as often
    result = monitor.score_batch(yt, yp, sensitive_features=g)
    assert result.status == "alert" and result.value < result.band[0]
    assert result.alert.groups == ("B",)
    assert "below its band" in result.alert.message


def test_small_groups_are_not_judged():
    monitor, rng = fitted(4, tprs=(0.8, 0.8, 0.8), min_group_size=30)
    # C has 50 rows (~20 positives): too small for the TPR, however bad its recall.
    table = tables(rng, 1, 1000, (0.8, 0.8, 0.0), shares=(0.475, 0.475, 0.05))[0]
    result = monitor.score_tables(table[None])[0]
    assert result.too_small == ("C",) and result.status == "ok"
    yt, yp, g = rows(table)
    ab = g != "C"
    assert result.value == pytest.approx(
        equal_opportunity_difference(yt[ab], yp[ab], sensitive_features=g[ab])
    )
    # With only two groups, one too small: nothing to judge, never an alert.
    two, _ = fitted(5, min_group_size=30)
    tiny = tables(rng, 1, 300, (0.8, 0.0), shares=(0.9, 0.1))[0]
    result = two.score_tables(tiny[None])[0]
    assert result.status == "too_small" and not result.alerted and np.isnan(result.value)


def test_group_too_small_in_the_reference_is_never_judged():
    rng = np.random.default_rng(6)
    yt, yp, g = rows(tables(rng, 1, 4000, (0.8, 0.8, 0.8), shares=(0.49, 0.49, 0.02))[0])
    monitor = FairnessMonitor(min_group_size=50, random_state=0).fit(yt, yp, sensitive_features=g)
    assert list(monitor.judged_groups_) == ["A", "B"]
    big = tables(rng, 1, 3000, (0.8, 0.8, 0.8), shares=(0.3, 0.3, 0.4))[0]
    assert monitor.score_tables(big[None])[0].too_small == ("C",)


def test_update_numbers_batches_and_logs_alerts(tmp_path):
    monitor, rng = fitted(7)
    log = AuditLog(tmp_path / "audit.jsonl", fsync=False)
    for tprs in [(0.8, 0.8), (0.8, 0.4), (0.8, 0.8)]:
        yt, yp, g = rows(tables(rng, 1, 500, tprs)[0])
        monitor.update(yt, yp, sensitive_features=g, log=log, actor="monitoring service")
    assert [r.batch for r in monitor.history_] == [1, 2, 3]
    assert [a.batch for a in monitor.alerts_] == [2]
    records = log.records()
    assert [r["kind"] for r in records] == ["alert"]
    assert records[0]["details"] == monitor.alerts_[0].to_event()
    assert records[0]["actor"] == "monitoring service"
    assert json.loads(json.dumps(monitor.alerts_[0].to_event())) == records[0]["details"]
    assert log.verify().ok


def test_score_batch_and_score_tables_agree():
    monitor, rng = fitted(8)
    table = tables(rng, 1, 500, (0.8, 0.65))[0]
    by_rows = monitor.score_batch(*rows(table)[:2], sensitive_features=rows(table)[2])
    by_table = monitor.score_tables(table[None])[0]
    assert by_rows.band == by_table.band and by_rows.value == pytest.approx(by_table.value)


def test_demographic_parity_needs_no_labels():
    monitor, rng = fitted(9, metric=demographic_parity_difference)
    yt, yp, g = rows(tables(rng, 1, 500, (0.8, 0.8))[0])
    result = monitor.score_batch(None, yp, sensitive_features=g)
    assert result.value == pytest.approx(
        demographic_parity_difference(yt, yp, sensitive_features=g)
    )


def test_a_perfect_reference_rate_still_gets_a_band():
    # Recall 1.0 in the reference (half a count is added to each cell before drawing): the
    # band of a group's rate keeps some width, and a batch that is perfect too is fine.
    monitor, rng = fitted(13, tprs=(1.0, 1.0))
    result = monitor.score_tables(tables(rng, 1, 500, (1.0, 1.0)))[0]
    low, high = result.group_bands["B"]["true positive rate"]
    assert 0.98 < low < 1.0 and high == 1.0 and result.status == "ok"
