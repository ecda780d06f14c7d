"""Coverage and size by simulation: intervals and tests keep their promises where truth is known.

Each scenario draws data sets of n = 2000 rows from known group rates, so the true gap is
known; a nominal 95 % interval must contain it in >= 92 % of 400 data sets (250 for ratios;
the Monte Carlo standard error of a 95 % coverage is 1.1 to 1.4 percentage points), and a 5 %
test of "no gap" must reject a true null in <= 6 % of 1500 data sets (three scenarios pooled).
Count-table resampling makes each call a few milliseconds, so every data set goes through the
public functions (~25 s of CPU for this file).

Measured on these scenarios, 500 data sets each (coverage of the default "pairwise" interval /
of the percentile interval the old implementation used): true gap 0: 94.2-96.2 % / 0.0 % for
demographic parity and equalized odds, differences and ratios, two and three groups; true gap
> 0: 94.6-100 % / 93.0-96.6 %. The permutation test's size over 3000 null data sets: 4.4 %
(two groups), 4.4 % (three groups incl. 5 %), 4.9 % (equalized odds, base rates differ).
"""

import warnings

import numpy as np
import pytest

import fairkit.metrics as fm

N, REPS = 2000, 400
SPLIT2, SPLIT3 = (0.5, 0.5), (0.75, 0.2, 0.05)


def _draw(rng, props, tpr, fpr, base):
    """Rows with group shares ``props`` and, per group, base rate, TPR and FPR."""
    group = rng.choice(len(props), N, p=props)
    y_true = (rng.random(N) < np.asarray(base)[group]).astype(int)
    p_hat = np.where(y_true == 1, np.asarray(tpr)[group], np.asarray(fpr)[group])
    y_pred = (rng.random(N) < p_hat).astype(int)
    return y_true, y_pred, group


def _truth(metric, props, tpr, fpr, base):
    tpr, fpr, base = map(np.asarray, (tpr, fpr, base))
    sel = base * tpr + (1 - base) * fpr
    if metric is fm.demographic_parity_difference:
        return sel.max() - sel.min()
    if metric is fm.demographic_parity_ratio:
        return sel.min() / sel.max()
    if metric is fm.equalized_odds_difference:
        return max(tpr.max() - tpr.min(), fpr.max() - fpr.min())
    if metric is fm.equalized_odds_ratio:
        return min(tpr.min() / tpr.max(), fpr.min() / fpr.max())
    raise AssertionError(metric)


def coverage(metric, props, tpr, fpr, base, *, seed, reps=REPS, **kw):
    rng = np.random.default_rng(seed)
    truth = _truth(metric, props, tpr, fpr, base)
    hits, widths = 0, []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no undefined replicates expected at these sizes
        for r in range(reps):
            y_true, y_pred, group = _draw(rng, props, tpr, fpr, base)
            res = fm.bootstrap_ci(
                metric, y_true, y_pred, sensitive_features=group, random_state=r, **kw
            )
            hits += res.low <= truth <= res.high
            widths.append(res.high - res.low)
    return hits / reps, float(np.mean(widths))


# (share of each group, TPR, FPR, base rate) per group; "null" scenarios have a true gap of 0
SCENARIOS = {
    "2 groups, null": (SPLIT2, (0.7, 0.7), (0.2, 0.2), (0.4, 0.4)),
    "3 groups incl. 5%, null": (SPLIT3, (0.7,) * 3, (0.2,) * 3, (0.4,) * 3),
    # selection rates 0.40 / 0.33; TPR gap 0.1, FPR gap 0.05
    "2 groups, gap": (SPLIT2, (0.7, 0.6), (0.2, 0.15), (0.4, 0.4)),
    # selection rates 0.40 / 0.386 / 0.272; TPR gap 0.2, FPR gap 0.08
    "3 groups incl. 5%, gap in the 5%": (SPLIT3, (0.7, 0.68, 0.5), (0.2, 0.19, 0.12), (0.4,) * 3),
}
# Equalized odds nulls with different base rates: parity of errors, not of selection.
EO_SCENARIOS = {
    **SCENARIOS,
    "3 groups incl. 5%, null, base rates differ": (
        SPLIT3,
        (0.7,) * 3,
        (0.2,) * 3,
        (0.3, 0.45, 0.6),
    ),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_demographic_parity_interval_covers(scenario):
    cov, _ = coverage(fm.demographic_parity_difference, *SCENARIOS[scenario], seed=1)
    assert cov >= 0.92, (scenario, cov)


@pytest.mark.parametrize("scenario", list(EO_SCENARIOS))
def test_equalized_odds_interval_covers(scenario):
    cov, _ = coverage(fm.equalized_odds_difference, *EO_SCENARIOS[scenario], seed=2)
    assert cov >= 0.92, (scenario, cov)


# Ratios (log scale): the two hardest scenarios, fewer data sets (se 1.4 points).
@pytest.mark.parametrize(
    "scenario", ["3 groups incl. 5%, null", "3 groups incl. 5%, gap in the 5%"]
)
@pytest.mark.parametrize("metric", [fm.demographic_parity_ratio, fm.equalized_odds_ratio])
def test_ratio_interval_covers(metric, scenario):
    cov, _ = coverage(metric, *SCENARIOS[scenario], seed=3, reps=250)
    assert cov >= 0.92, (metric.__name__, scenario, cov)


def test_weighted_interval_covers():
    # random weights: rows are resampled (in blocks) and the standard errors use effective
    # counts; the weights are independent of everything, so the true gap stays 0
    props, tpr, fpr, base = SCENARIOS["3 groups incl. 5%, null"]
    rng = np.random.default_rng(21)
    hits, reps = 0, 150
    for r in range(reps):
        y_true, y_pred, group = _draw(rng, props, tpr, fpr, base)
        w = rng.uniform(0.2, 1.8, N)
        res = fm.bootstrap_ci(
            fm.demographic_parity_difference, y_true, y_pred, sensitive_features=group,
            sample_weight=w, random_state=r,
        )  # fmt: skip
        hits += res.low <= 0.0 <= res.high
    assert hits / reps >= 0.92, hits / reps


def test_null_interval_is_calibrated_not_just_wide():
    # two equal groups at parity: the interval is [0, high] and covers iff the interval of
    # the one difference d does, so coverage is close to 95 %, not ~100 %; and
    # high = |d| + 1.96 se with se = sqrt(2 p q / (n / 2)), whose mean is
    # se (sqrt(2 / pi) + 1.96) since |d| is half-normal
    props, tpr, fpr, base = SCENARIOS["2 groups, null"]
    cov, width = coverage(fm.demographic_parity_difference, props, tpr, fpr, base, seed=4)
    p = 0.4 * 0.7 + 0.6 * 0.2
    se = np.sqrt(2 * p * (1 - p) / (N / 2))
    assert 0.92 <= cov <= 0.98
    assert width == pytest.approx(se * (np.sqrt(2 / np.pi) + 1.96), rel=0.05)


def test_percentile_interval_of_a_gap_misses_parity():
    # why "pairwise" is the default: the percentile interval of max - min never reaches 0
    props, tpr, fpr, base = SCENARIOS["2 groups, null"]
    cov, _ = coverage(
        fm.demographic_parity_difference, props, tpr, fpr, base, seed=5, reps=60,
        method="percentile",
    )  # fmt: skip
    assert cov < 0.05


@pytest.mark.parametrize(
    ("metric", "kw", "truth"),
    [
        (fm.selection_rate, {}, 0.3),
        (fm.statistical_parity_difference, {"privileged_group": 0}, -0.08),
    ],
)
def test_bca_interval_of_signed_metrics_covers(metric, kw, truth):
    # selection rates 0.38 (group 0) and 0.30 (group 1, 20 %): overall 0.3 * 0.2 + 0.38 * 0.8
    rng = np.random.default_rng(6)
    rates = np.array([0.38, 0.30])
    if metric is fm.selection_rate:
        truth = 0.8 * 0.38 + 0.2 * 0.30
    hits, reps = 0, 250
    for r in range(reps):
        group = rng.choice(2, N, p=(0.8, 0.2))
        y_pred = (rng.random(N) < rates[group]).astype(int)
        res = fm.bootstrap_ci(
            metric, y_pred, y_pred, sensitive_features=group, random_state=r, **kw
        )
        assert res.method == "bca"
        hits += res.low <= truth <= res.high
    assert hits / reps >= 0.92


def _rejections(metric, props, tpr, fpr, base, *, seed, reps, alpha=0.05):
    rng = np.random.default_rng(seed)
    rejected = 0
    for r in range(reps):
        y_true, y_pred, group = _draw(rng, props, tpr, fpr, base)
        res = fm.gap_test(metric, y_true, y_pred, sensitive_features=group, random_state=r)
        rejected += res.p_value <= alpha
    return rejected / reps


def test_gap_test_size():
    # 500 null data sets in each of three scenarios (two groups; three with a 5 % group;
    # equalized odds with base rates 0.3 / 0.45 / 0.6): pooled, a 5 % test rejects <= 6 %
    # (Monte Carlo se 0.56 points); each scenario alone within 3 se of 5 %
    cases = [
        (fm.demographic_parity_difference, "2 groups, null"),
        (fm.demographic_parity_difference, "3 groups incl. 5%, null"),
        (fm.equalized_odds_difference, "3 groups incl. 5%, null, base rates differ"),
    ]
    sizes = [_rejections(m, *EO_SCENARIOS[s], seed=7, reps=500) for m, s in cases]
    assert np.mean(sizes) <= 0.06, sizes
    assert max(sizes) <= 0.08, sizes
    assert min(sizes) >= 0.02, sizes  # not a test that never rejects


def test_gap_test_power():
    # selection rates 0.30 vs 0.37 at n = 2000 (1000 per group): power ~ 0.9 (z = 3.3)
    props, base = SPLIT2, (1.0, 1.0)
    power = _rejections(
        fm.demographic_parity_difference, props, (0.30, 0.37), (0.0, 0.0), base, seed=8,
        reps=150,
    )  # fmt: skip
    assert power > 0.8, power
