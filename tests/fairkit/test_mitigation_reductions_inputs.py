"""ExponentiatedGradient's errors on bad input, asserted by their message constants."""

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from fairkit.mitigation import (
    DemographicParity,
    EqualizedOdds,
    ExponentiatedGradient,
    TruePositiveRateParity,
)
from fairkit.mitigation import _errors as E

rng = np.random.default_rng(0)
X = rng.normal(size=(40, 3))
y = (X[:, 0] + rng.normal(size=40) > 0).astype(int)
s = np.array(["a", "b"] * 20)


def fit(estimator=None, *, X=X, y=y, s=s, **params):
    params = {"max_iter": 3, **params}
    eg = ExponentiatedGradient(estimator or LogisticRegression(), **params)
    return eg.fit(X, y, sensitive_features=s)


def raises(message):
    return pytest.raises(ValueError, match=f"^{re.escape(message)}$")


def test_single_group():
    with raises(E.SINGLE_GROUP.format(group="'a'")):
        fit(s=np.array(["a"] * 40))


def test_group_without_positives_for_tpr_parity():
    y_b_negative = np.where(s == "b", 0, y)
    why = TruePositiveRateParity._why
    with raises(E.GROUP_WITHOUT_LABEL.format(group="'b'", which="positives", label=1, why=why)):
        fit(y=y_b_negative, constraints=TruePositiveRateParity())


def test_group_without_negatives_for_equalized_odds():
    y_a_positive = np.where(s == "a", 1, y)
    why = EqualizedOdds._why
    with raises(E.GROUP_WITHOUT_LABEL.format(group="'a'", which="negatives", label=0, why=why)):
        fit(y=y_a_positive, constraints="equalized_odds")


def test_demographic_parity_needs_no_label_per_group():
    fit(y=np.where(s == "b", 0, y), constraints="demographic_parity")  # a valid, if odd, case


def test_classifier_without_sample_weight():
    message = E.NO_SAMPLE_WEIGHT.format(
        estimator="KNeighborsClassifier", who="ExponentiatedGradient"
    )
    with raises(message):
        fit(KNeighborsClassifier())


def test_not_a_classifier():
    with raises(E.RED_NOT_CLASSIFIER.format(estimator="str")):
        ExponentiatedGradient("logistic").fit(X, y, sensitive_features=s)


def test_unknown_constraint():
    allowed = [
        "demographic_parity",
        "equalized_odds",
        "true_positive_rate_parity",
        "error_rate_parity",
    ]
    with raises(E.UNKNOWN_OPTION.format(name="constraints", allowed=allowed, value="equal_odds")):
        fit(constraints="equal_odds")
    with raises(E.UNKNOWN_OPTION.format(name="constraints", allowed=allowed, value=3)):
        fit(constraints=3)


def test_sensitive_features_of_another_length():
    with raises(E.SENSITIVE_LENGTH.format(got=39, n=40)):
        fit(s=s[:-1])


def test_sensitive_features_with_another_index():
    frame = pd.DataFrame(X)
    shifted = pd.Series(s, index=frame.index + 1)
    detail = "row 0: X has 0, sensitive_features 1"
    with raises(E.SENSITIVE_INDEX.format(detail=detail)):
        fit(X=frame, s=shifted)


def test_bad_bound_and_eps():
    with raises(E.RED_BAD_BOUND.format(name="DemographicParity", value=1.5)):
        fit(constraints=DemographicParity(difference_bound=1.5))
    with raises(E.RED_BAD_EPS.format(name="ExponentiatedGradient", param="eps", value=0)):
        fit(eps=0)
    with raises(E.RED_BAD_EPS.format(name="ExponentiatedGradient", param="max_iter", value=0)):
        fit(max_iter=0)


def test_three_classes():
    message = E.RED_ONE_CLASS.format(count=3, classes="0, 1, 2", who="ExponentiatedGradient")
    with raises(message):
        fit(y=np.arange(40) % 3)


def test_predict_before_fit():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        ExponentiatedGradient(LogisticRegression()).predict(X)


def test_intersectional_groups():
    """Two sensitive columns give four groups, each held to the bound."""
    rng2 = np.random.default_rng(1)
    X2 = rng2.normal(size=(2000, 3))
    sex, race = rng2.integers(0, 2, 2000), rng2.integers(0, 2, 2000)
    y2 = (X2[:, 0] + sex + race + rng2.normal(size=2000) > 1).astype(int)
    eg = ExponentiatedGradient(LogisticRegression(), constraints="demographic_parity")
    eg.fit(X2, y2, sensitive_features=pd.DataFrame({"sex": sex, "race": race}))
    p = eg.predict_proba(X2)[:, 1]
    rates = pd.Series(p).groupby([sex, race]).mean()
    assert len(rates) == 4 and np.max(np.abs(rates - p.mean())) <= 0.02
