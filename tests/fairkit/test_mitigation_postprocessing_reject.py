"""RejectOptionClassifier: a hand-worked critical region, the margin search against a brute-force
scan of margins, and the planted biases of make_hiring/make_lending.

Hand-worked (threshold .5, margin .15 -> critical region [.35, .65]):

    score   .9  .6  .4  .2 | .8  .55  .45  .1
    group    d   d   d   d |  f   f    f    f      (d = deprived, f = favoured)
    plain    1   1   0   0 |  1   1    0    0
    ROC      1   1   1   0 |  1   0    0    0      .4 (d) raised to 1, .55 (f) lowered to 0
"""

import numpy as np
import pandas as pd
import pytest
from _simulated import ScoreIsFirstFeature
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fairkit.datasets import make_hiring, make_lending
from fairkit.mitigation import RejectOptionClassifier

S = np.array([0.9, 0.6, 0.4, 0.2, 0.8, 0.55, 0.45, 0.1])
Y = np.array([1, 0, 1, 0, 1, 1, 0, 0])
A = np.array(list("ddddffff"))


def test_hand_worked_critical_region():
    roc = RejectOptionClassifier(ScoreIsFirstFeature(), margin=0.15, deprived="d", prefit=True)
    roc.fit(S[:, None], Y, sensitive_features=A)
    assert roc.predict(S[:, None], sensitive_features=A).tolist() == [1, 1, 1, 0, 1, 0, 0, 0]
    # selection rates d 3/4, f 1/4
    assert roc.violation_ == pytest.approx(0.5)
    assert roc.deprived_ == ["d"]


def test_hand_worked_search_and_inferred_deprived_group():
    # binary fractions, so that distances to .5 compare exactly
    s = np.array([0.875, 0.4375, 0.3125, 0.125, 0.75, 0.625, 0.375, 0.0625])
    # plain selection: d 1/4, f 2/4, overall 3/8, so d is the deprived group. Distances to .5:
    # d .375 .0625 .1875 .375, f .25 .125 .125 .4375. The narrowest region holds d's .4375
    # alone (margin .0625): d rises to 2/4 = f's rate, violation 0.
    roc = RejectOptionClassifier(ScoreIsFirstFeature(), max_violation=0.0, prefit=True)
    roc.fit(s[:, None], Y, sensitive_features=A)
    assert roc.deprived_ == ["d"]
    assert roc.margin_ == 0.0625
    assert roc.violation_ == 0.0
    assert roc.predict(s[:, None], sensitive_features=A).tolist() == [1, 1, 0, 0, 1, 1, 0, 0]
    # margin .125 also takes f's .625 (down) and .375 (stays 0): d 2/4, f 1/4
    wider = RejectOptionClassifier(ScoreIsFirstFeature(), margin=0.125, prefit=True)
    assert wider.fit(s[:, None], Y, sensitive_features=A).violation_ == 0.25


def _dp_gap(decisions, groups):
    groups = np.asarray(groups)
    rates = [decisions[groups == g].mean() for g in np.unique(groups)]
    return max(rates) - min(rates)


def _split(maker, seed=0, n=20_000):
    d = maker(n, random_state=seed)
    sens = d.sensitive.iloc[:, 0]
    X = pd.get_dummies(d.X.drop(columns=[sens.name]), dtype=float)
    return (*train_test_split(X, d.y, sens, test_size=0.5, random_state=seed), d)


@pytest.fixture(scope="module", params=["hiring", "lending"])
def seeded(request):
    maker = make_hiring if request.param == "hiring" else make_lending
    Xtr, Xte, ytr, yte, atr, ate, d = _split(maker)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(Xtr, ytr)
    return model, Xtr, Xte, ytr, yte, atr, ate, d


def test_search_finds_the_narrowest_margin_that_meets_the_bound(seeded):
    model, Xtr, _, ytr, _, atr, _, _ = seeded
    roc = RejectOptionClassifier(model, max_violation=0.02, prefit=True)
    roc.fit(Xtr, ytr, sensitive_features=atr)
    assert roc.violation_ <= 0.02
    assert _dp_gap(roc.predict(Xtr, sensitive_features=atr), atr) == pytest.approx(roc.violation_)
    # brute force: every narrower margin (on a fine grid) misses the bound
    for m in np.linspace(0, roc.margin_, 60, endpoint=False):
        fixed = RejectOptionClassifier(model, margin=float(m), deprived=roc.deprived_, prefit=True)
        fixed.fit(Xtr, ytr, sensitive_features=atr)
        assert _dp_gap(fixed.predict(Xtr, sensitive_features=atr), atr) > 0.02


# -- planted bias (20k rows, half held out, seed 0), measured on the held-out half ---------------
#   make_hiring   DP gap 0.104 -> 0.023 (accuracy 0.816 -> 0.810), margin 0.065
#   make_lending  DP gap 0.163 -> 0.009 (accuracy 0.817 -> 0.808), margin 0.110
# Asserted: the gap falls below 0.04 and a quarter of the plain gap, accuracy drops < 2 points,
# and the inferred deprived group is the one the generator disadvantaged.


def test_reduces_planted_demographic_parity_gap(seeded):
    model, Xtr, Xte, ytr, yte, atr, ate, d = seeded
    plain = model.predict(Xte)
    roc = RejectOptionClassifier(model, prefit=True).fit(Xtr, ytr, sensitive_features=atr)
    decided = roc.predict(Xte, sensitive_features=ate)
    before, after = _dp_gap(plain, ate), _dp_gap(decided, ate)
    assert roc.deprived_ == [d.ground_truth.disadvantaged]
    assert before > 0.09
    assert after < 0.04 and after < before / 4
    assert np.mean(decided == yte) > np.mean(plain == yte) - 0.02


def test_equal_opportunity_search_reduces_the_tpr_gap(seeded):
    model, Xtr, Xte, ytr, yte, atr, ate, _ = seeded
    roc = RejectOptionClassifier(model, constraint="equal_opportunity", prefit=True)
    decided = roc.fit(Xtr, ytr, sensitive_features=atr).predict(Xte, sensitive_features=ate)
    pos = np.asarray(yte) == 1
    plain = model.predict(Xte)
    assert _dp_gap(decided[pos], np.asarray(ate)[pos]) < _dp_gap(plain[pos], np.asarray(ate)[pos])


def test_intersectional_groups_and_named_deprived_tuple():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 2))
    y = (X[:, 0] + rng.normal(size=400) > 0).astype(int)
    sens = pd.DataFrame({"sex": rng.choice(["f", "m"], 400), "race": rng.choice(["x", "y"], 400)})
    roc = RejectOptionClassifier(LogisticRegression(), margin=0.1, deprived=("f", "x"))
    decided = roc.fit(X, y, sensitive_features=sens).predict(X, sensitive_features=sens)
    assert roc.deprived_ == [("f", "x")]
    s = roc.estimator_.predict_proba(X)[:, 1]
    mine = ((sens["sex"] == "f") & (sens["race"] == "x")).to_numpy()
    by_hand = np.where(np.abs(s - 0.5) <= 0.1, mine, s >= 0.5).astype(int)
    assert np.array_equal(decided, by_hand)
