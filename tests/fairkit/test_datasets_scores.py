"""make_risk_scores: calibrated within each group, base rates as asked, truth that matches.

The truth of the generator is checked against simulation (large samples, tolerances of about
four standard errors) and against an identity that must hold for any population
(Chouldechova 2017: FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR)).
"""

from __future__ import annotations

import numpy as np
import pytest

from fairkit.datasets import Dataset, ScoreTruth, make_risk_scores
from fairkit.datasets._scores import BASE_RATES_MSG, PROPORTIONS_MSG
from fairkit.datasets._validation import INTERVAL_MSG, N_SAMPLES_MSG

N = 400_000
RATES = {"north": 0.2, "south": 0.45, "east": 0.7}
SHARES = {"north": 0.5, "south": 0.3, "east": 0.2}


@pytest.fixture(scope="module")
def big():
    return make_risk_scores(N, base_rates=RATES, group_proportions=SHARES, random_state=1)


def _se(p: float, n: int) -> float:
    return np.sqrt(p * (1 - p) / n)


def test_shape_roles_and_truth_type(big):
    assert isinstance(big, Dataset) and isinstance(big.ground_truth, ScoreTruth)
    assert big.frame.columns.tolist() == ["group", "score", "y"]
    assert big.target_name == "y" and big.sensitive_names == ("group",)
    assert set(big.frame["y"].unique()) == {0, 1}
    scores = big.frame["score"].to_numpy()
    assert scores.min() > 0 and scores.max() < 1
    assert dict(big.ground_truth.base_rates) == RATES


def test_base_rates_and_group_shares_match(big):
    frame = big.frame
    for group, rate in RATES.items():
        rows = frame[frame["group"] == group]
        share = len(rows) / N
        assert abs(share - SHARES[group]) < 4 * _se(SHARES[group], N)
        assert abs(rows["y"].mean() - rate) < 4 * _se(rate, len(rows))


def test_calibrated_within_every_group(big):
    # In every (group, decile of score) cell the observed positive rate equals the mean score
    # up to sampling noise; with a miscalibrated score (squared) the same test fails.
    frame = big.frame
    edges = np.linspace(0, 1, 11)
    for group in RATES:
        rows = frame[frame["group"] == group]
        bins = np.searchsorted(edges[1:-1], rows["score"].to_numpy())
        for b in np.unique(bins):
            cell = rows[bins == b]
            if len(cell) < 500:
                continue
            observed, mean_score = cell["y"].mean(), cell["score"].mean()
            tolerance = 4 * _se(mean_score, len(cell)) + 1e-3
            assert abs(observed - mean_score) < tolerance, (group, b)
            assert abs(observed - mean_score**2) > tolerance or mean_score > 0.9


def test_not_equal_error_rates_across_groups(big):
    # The point of the generator: calibrated in every group, yet at one threshold the error
    # rates differ, because the base rates do.
    fpr, fnr = big.ground_truth.fpr(0.5), big.ground_truth.fnr(0.5)
    assert fpr["north"] < fpr["south"] < fpr["east"]
    assert fnr["north"] > fnr["south"] > fnr["east"]


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.65])
def test_population_error_rates_match_simulation(big, threshold):
    truth, frame = big.ground_truth, big.frame
    for group in RATES:
        rows = frame[frame["group"] == group]
        decision = rows["score"].to_numpy() >= threshold
        y = rows["y"].to_numpy()
        fpr, fnr, ppv = decision[y == 0].mean(), 1 - decision[y == 1].mean(), y[decision].mean()
        want_fpr = truth.fpr(threshold)[group]
        want_fnr = truth.fnr(threshold)[group]
        want_ppv = truth.ppv(threshold)[group]
        assert abs(fpr - want_fpr) < 4 * _se(want_fpr, int((y == 0).sum())) + 1e-4
        assert abs(fnr - want_fnr) < 4 * _se(want_fnr, int((y == 1).sum())) + 1e-4
        assert abs(ppv - want_ppv) < 4 * _se(want_ppv, int(decision.sum())) + 1e-4


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8])
def test_truth_obeys_the_chouldechova_identity(threshold):
    truth = make_risk_scores(1, base_rates=RATES, random_state=0).ground_truth
    fpr, fnr, ppv = truth.fpr(threshold), truth.fnr(threshold), truth.ppv(threshold)
    for group, p in RATES.items():
        implied = p / (1 - p) * (1 - ppv[group]) / ppv[group] * (1 - fnr[group])
        assert implied == pytest.approx(fpr[group], rel=1e-9)


def test_seeded_and_common_random_numbers():
    a = make_risk_scores(500, random_state=3).frame
    b = make_risk_scores(500, random_state=3).frame
    assert a.equals(b)
    assert not a.equals(make_risk_scores(500, random_state=4).frame)
    # Same seed, other base rates: the same rows keep their group (drawn first, same shares).
    c = make_risk_scores(500, base_rates={"A": 0.1, "B": 0.9}, random_state=3).frame
    assert a["group"].equals(c["group"])
    assert (c.loc[c["group"] == "B", "score"].mean()) > (a.loc[a["group"] == "B", "score"].mean())


def test_equal_shares_by_default():
    frame = make_risk_scores(100_000, random_state=0).frame
    assert abs((frame["group"] == "A").mean() - 0.5) < 4 * _se(0.5, 100_000)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"base_rates": {"A": 0.3}},
        {"base_rates": {"A": 0.3, "B": 1.0}},
        {"base_rates": {"A": 0.3, "B": True}},
        {"base_rates": [0.3, 0.5]},
    ],
)
def test_bad_base_rates(kwargs):
    with pytest.raises(ValueError) as err:
        make_risk_scores(10, **kwargs)
    assert str(err.value) == BASE_RATES_MSG.format(value=kwargs["base_rates"])


@pytest.mark.parametrize(
    "shares", [{"A": 0.5}, {"A": 0.5, "C": 0.5}, {"A": 0.7, "B": 0.7}, {"A": 1.0, "B": 0.0}]
)
def test_bad_group_proportions(shares):
    with pytest.raises(ValueError) as err:
        make_risk_scores(10, group_proportions=shares)
    assert str(err.value) == PROPORTIONS_MSG.format(groups="A, B", value=shares)


def test_bad_concentration_and_size():
    with pytest.raises(ValueError) as err:
        make_risk_scores(10, concentration=0)
    assert str(err.value) == INTERVAL_MSG.format(name="concentration", interval="(0, inf)", value=0)
    with pytest.raises(ValueError) as err:
        make_risk_scores(0)
    assert str(err.value) == N_SAMPLES_MSG.format(value=0)
