"""ExponentiatedGradient and FairLogisticRegression close the gaps planted by make_hiring and
make_lending, measured on fresh data from the same generator (seed 11 to train on 4000 rows,
seed 12 to test on 20000), against a plain LogisticRegression on the same features.

Documented amounts (these seeds; test-set gaps of the deterministic ``predict``):

    data     gap (metric)                 plain LR   mitigated            accuracy
    hiring   demographic parity           0.099      EG(DP)   0.014       0.810 -> 0.804
    hiring   true positive rate           0.137      EG(TPR)  0.024       0.810 -> 0.807
    lending  demographic parity           0.164      EG(DP)   0.017       0.816 -> 0.813
    lending  equalized odds               0.151      EG(EO)   0.024       0.816 -> 0.683
    lending  error rate (accuracy diff.)  0.149      EG(ERP)  0.019       0.816 -> 0.692
    hiring   demographic parity           0.099      FairLR   0.029       0.810 -> 0.800
    lending  demographic parity           0.164      FairLR   0.002       0.816 -> 0.810

The tests assert each gap falls to at most a third of the plain model's and below an absolute
bound with some room for other seeds (over seeds 11, 21, 31 the mitigated gaps stayed below
0.043, 0.036, 0.042, 0.057, 0.046), and bound the accuracy cost where it is small.
"""

import functools

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from fairkit.datasets import make_hiring, make_lending
from fairkit.metrics import (
    accuracy_difference,
    demographic_parity_difference,
    equalized_odds_difference,
    true_positive_rate_difference,
)
from fairkit.mitigation import ExponentiatedGradient, FairLogisticRegression

_GAPS = {
    "dp": demographic_parity_difference,
    "eo": equalized_odds_difference,
    "tpr": true_positive_rate_difference,
    "err": accuracy_difference,
}


def _features(data):
    return pd.get_dummies(data.X.drop(columns=list(data.sensitive_names)), dtype=float)


@functools.cache
def _split(name):
    make = {"hiring": make_hiring, "lending": make_lending}[name]
    train, test = make(4000, random_state=11), make(20000, random_state=12)
    X_train, X_test = _features(train), _features(test)
    mean, std = X_train.mean(), X_train.std()
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    plain = LogisticRegression().fit(X_train, train.y).predict(X_test)
    return train, test, X_train, X_test, plain


def _gap(metric, test, pred):
    return abs(_GAPS[metric](test.y, pred, sensitive_features=test.sensitive))


def _accuracy(test, pred):
    return float(np.mean(pred == test.y))


# (dataset, constraint, gap metric, absolute bound, largest accuracy drop or None)
_CASES = [
    ("hiring", "demographic_parity", "dp", 0.04, 0.02),
    ("hiring", "true_positive_rate_parity", "tpr", 0.05, 0.02),
    ("lending", "demographic_parity", "dp", 0.04, 0.02),
    ("lending", "equalized_odds", "eo", 0.07, None),  # costs ~13 points: the lesson's trade-off
    ("lending", "error_rate_parity", "err", 0.06, None),
]


@pytest.mark.parametrize(("name", "constraint", "metric", "bound", "drop"), _CASES)
def test_exponentiated_gradient_closes_the_planted_gap(name, constraint, metric, bound, drop):
    train, test, X_train, X_test, plain = _split(name)
    eg = ExponentiatedGradient(LogisticRegression(), constraints=constraint, random_state=0)
    pred = eg.fit(X_train, train.y, sensitive_features=train.sensitive).predict(X_test)
    before, after = _gap(metric, test, plain), _gap(metric, test, pred)
    assert before >= 0.09, "the generator plants a gap the plain model reproduces"
    assert after <= bound and after <= before / 3
    if drop is not None:
        assert _accuracy(test, pred) >= _accuracy(test, plain) - drop


@pytest.mark.parametrize("name", ["hiring", "lending"])
def test_fair_logistic_regression_closes_the_selection_gap(name):
    train, test, X_train, X_test, plain = _split(name)
    model = FairLogisticRegression().fit(X_train, train.y, sensitive_features=train.sensitive)
    pred = model.predict(X_test)
    before, after = _gap("dp", test, plain), _gap("dp", test, pred)
    assert before >= 0.09
    assert after <= 0.05 and after <= before / 3
    assert _accuracy(test, pred) >= _accuracy(test, plain) - 0.02
