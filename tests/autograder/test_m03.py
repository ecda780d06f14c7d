"""m03-metric-tradeoffs: its references keep their promises, checked against independent truth.

The generic question tests (tests/autograder/test_questions.py) check solutions, wrong answers
and hidden-case determinism. Here: a hand-worked calibration error, the seeded bootstrap and
permutation references against fairkit's ``bootstrap_ci`` and ``gap_test`` (same quantity,
other random draws: agreement within Monte Carlo error), their coverage and size by simulation,
the power formula against simulated tests, and the promises the prompts make about the cases.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.questions import _m03_refs as R
from autograder.questions import get_assignment
from fairkit import metrics as fm
from fairkit.datasets import make_risk_scores

QUESTIONS = get_assignment("m03-metric-tradeoffs").QUESTIONS
SEEDS = (0, 1, 7)


def _hidden(qid):
    return [c for s in SEEDS for c in QUESTIONS[qid].cases(hidden=True, seed=s)]


def test_ece_hand_worked():
    # Group a, 2 bins: [0.2, 0.3, 0.1] vs 1/3 positive -> 3/5 * |0.2 - 1/3|; [0.9, 0.7] vs 1
    # -> 2/5 * 0.2; total 0.16. Group b: 3/5 * |0.3 - 2/3| + 2/5 * |0.7 - 0.5| = 0.30.
    case = QUESTIONS["q1"].cases()[0]
    assert QUESTIONS["q1"].expected(case) == pytest.approx({"a": 0.16, "b": 0.30})


def test_ece_of_a_calibrated_score_is_small_and_of_a_distorted_one_is_not():
    data = make_risk_scores(200_000, base_rates={"A": 0.2, "B": 0.5}, random_state=0).frame
    y, s, g = data["y"].to_numpy(), data["score"].to_numpy(), data["group"].to_numpy()
    calibrated = R.ref_ece(y, s, g, 10)
    distorted = R.ref_ece(y, np.where(g == "B", s**2, s), g, 10)
    assert max(calibrated.values()) < 0.01
    assert distorted["B"] > 0.1 and distorted["A"] == calibrated["A"]


def test_implied_fpr_matches_a_population():
    truth = make_risk_scores(1, base_rates={"A": 0.25, "B": 0.6}, random_state=0).ground_truth
    fpr, fnr, ppv = truth.fpr(0.4), truth.fnr(0.4), truth.ppv(0.4)
    for g, p in truth.base_rates.items():
        assert R.ref_implied_fpr(p, ppv[g], fnr[g]) == pytest.approx(fpr[g], rel=1e-9)


def _two_groups(rng, n_a, n_b, p_a, p_b):
    y = np.r_[rng.random(n_a) < p_a, rng.random(n_b) < p_b].astype(int)
    return y, np.array(["a"] * n_a + ["b"] * n_b)


def test_one_matrix_of_draws_gives_the_same_interval():
    # The q5 prompt promises that rng.integers(0, n, size=(n_boot, n)) in one call equals the
    # per-replicate loop; accept both only if it is true.
    y, g = _two_groups(np.random.default_rng(0), 137, 64, 0.4, 0.3)
    loop = R.replicates(y, g, "a", "b", 300, 11)
    idx = np.random.default_rng(11).integers(0, len(y), size=(300, len(y)))
    matrix = np.array([R.gap(y[i], g[i], "a", "b") for i in idx])
    np.testing.assert_array_equal(loop, matrix)


@pytest.mark.parametrize("method", ["percentile", "basic"])
def test_bootstrap_reference_agrees_with_fairkit(method):
    y, g = _two_groups(np.random.default_rng(1), 400, 300, 0.35, 0.25)
    ours = R.ref_interval(y, g, "a", "b", 4000, 3, 0.9, method)

    def signed(y_true, y_pred, *, sensitive_features):
        return R.gap(np.asarray(y_pred), np.asarray(sensitive_features), "a", "b")

    theirs = fm.bootstrap_ci(
        signed,
        y,
        y,
        sensitive_features=g,
        n_boot=4000,
        confidence=0.9,
        method=method,
        stratify=False,
        random_state=3,
    )
    assert ours["low"] == pytest.approx(theirs.low, abs=0.01)
    assert ours["high"] == pytest.approx(theirs.high, abs=0.01)


def test_bootstrap_reference_covers_the_true_gap():
    rng = np.random.default_rng(2)
    sims, hits = 300, 0
    for s in range(sims):
        y, g = _two_groups(rng, 150, 100, 0.3, 0.3)
        ci = R.ref_interval(y, g, "a", "b", 200, s, 0.9, "percentile")
        hits += ci["low"] <= 0 <= ci["high"]
    # 90 % promised; 300 runs give a standard error of 1.7 points.
    assert 0.84 <= hits / sims <= 0.96


def test_permutation_reference_agrees_with_fairkit_and_holds_its_level():
    y, g = _two_groups(np.random.default_rng(3), 200, 150, 0.3, 0.2)
    ours = R.ref_p_value(y, g, "a", "b", 4000, 0)
    theirs = fm.gap_test(
        fm.demographic_parity_difference,
        y,
        y,
        sensitive_features=g,
        n_permutations=4000,
        random_state=0,
    ).p_value
    assert ours == pytest.approx(theirs, abs=0.02)
    rng = np.random.default_rng(4)
    p = [R.ref_p_value(*_two_groups(rng, 60, 40, 0.3, 0.3), "a", "b", 99, s) for s in range(300)]
    assert np.mean(np.array(p) <= 0.05) <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / 300)


@pytest.mark.parametrize(("p1", "p2", "power"), [(0.1, 0.15, 0.8), (0.3, 0.2, 0.9)])
def test_rows_per_group_reach_the_power_by_simulation(p1, p2, power):
    from scipy.stats import norm

    n = int(R.ref_rows(p1, p2, 0.05, power))
    rng = np.random.default_rng(5)
    sims = 20_000
    x1, x2 = rng.binomial(n, p1, sims) / n, rng.binomial(n, p2, sims) / n
    z = np.abs(x1 - x2) / np.sqrt((x1 * (1 - x1) + x2 * (1 - x2)) / n)
    assert np.mean(z > norm.ppf(0.975)) == pytest.approx(power, abs=0.02)


def test_hidden_cases_keep_the_prompts_promises():
    for case in QUESTIONS["q1"].cases() + _hidden("q1"):
        n_bins, s = case.params["n_bins"], case.inputs["y_score"]
        assert np.abs(s[:, None] - np.arange(1, n_bins)[None, :] / n_bins).min() > 1e-6
    hit = [np.any(c.inputs["y_score"] == c.params["threshold"]) for c in _hidden("q2")]
    assert all(hit), "every q2 case has scores on the threshold, so >= and > differ"
    for case in _hidden("q4"):
        sex, race, m = case.inputs["sex"], case.inputs["race"], case.params["min_size"]
        sizes = {(a, b): np.sum((sex == a) & (race == b)) for a in set(sex) for b in set(race)}
        assert m in sizes.values() and min(v for v in sizes.values() if v) < m
    for case in _hidden("q5") + _hidden("q6"):
        groups, a, b = case.inputs["groups"], case.params["a"], case.params["b"]
        assert min(np.mean(groups == a), np.mean(groups == b)) >= 0.2 and len(groups) >= 100
