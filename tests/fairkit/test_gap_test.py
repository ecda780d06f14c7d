"""gap_test: the permutation test of "no gap", by hand-countable cases and against its paths.

The count-table path (hypergeometric draws within each rate's rows) is checked against
shuffling rows (weights of 1 force rows for a fairkit metric, a user function forces calls).
"""

import numpy as np
import pytest
from _simulated import exact, grouped_decisions
from scipy import stats

import fairkit.metrics as fm
from fairkit.metrics import _errors as E


def _ks(a, b):
    return stats.ks_2samp(a[~np.isnan(a)], b[~np.isnan(b)]).pvalue


def test_errors():
    dpd = fm.demographic_parity_difference
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
    y_true, y_pred, group = grouped_decisions(400, [0.7, 0.25, 0.05], [0.3, 0.3, 0.3], 4)
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
