"""CorrelationRemover (against Fairlearn) and DisparateImpactRemover (Feldman et al. 2015):
agreement, hand-worked repairs, properties, the estimator contract and the messages."""

import numpy as np
import pandas as pd
import pytest
from fairlearn.preprocessing import CorrelationRemover as FairlearnCorrelationRemover
from scipy.stats import ks_2samp
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    parametrize_with_checks,
)

from fairkit.mitigation import CorrelationRemover, DisparateImpactRemover
from fairkit.mitigation import _errors as E


def _data(seed, n=400, p=6):
    rng = np.random.default_rng(seed)
    s = rng.integers(0, 2, n).astype(float)
    X = rng.normal(size=(n, p)) + np.outer(s, rng.normal(size=p))
    X[:, 2] = s  # sensitive columns among the others
    X[:, 4] = rng.integers(0, 3, n)
    return X


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("alpha", [0.0, 0.25, 0.5, 1.0])
@pytest.mark.parametrize("ids", [[2], [2, 4], [0, 2, 4]])
def test_correlation_remover_matches_fairlearn(seed, alpha, ids):
    X = _data(seed)
    ours = CorrelationRemover(sensitive_feature_ids=ids, alpha=alpha).fit(X[:300])
    theirs = FairlearnCorrelationRemover(sensitive_feature_ids=ids, alpha=alpha).fit(X[:300])
    np.testing.assert_allclose(ours.transform(X[300:]), theirs.transform(X[300:]), atol=1e-8)
    np.testing.assert_allclose(ours.beta_, theirs.beta_, atol=1e-10)


def test_correlation_remover_matches_fairlearn_on_a_dataframe():
    df = pd.DataFrame(_data(9), columns=list("abcdef"))
    ours = CorrelationRemover(sensitive_feature_ids=["c", "e"], alpha=0.7).fit(df)
    theirs = FairlearnCorrelationRemover(sensitive_feature_ids=["c", "e"], alpha=0.7).fit(df)
    np.testing.assert_allclose(ours.transform(df), theirs.transform(df), atol=1e-8)
    assert ours.get_feature_names_out().tolist() == ["a", "b", "d", "f"]
    assert theirs.get_feature_names_out().tolist() == ["a", "b", "d", "f"]


def test_correlation_remover_removes_covariance_with_the_sensitive_columns():
    X = _data(1)
    out = CorrelationRemover(sensitive_feature_ids=[2, 4]).fit_transform(X)
    centred = out - out.mean(axis=0)
    sens = X[:, [2, 4]] - X[:, [2, 4]].mean(axis=0)
    assert np.abs(sens.T @ centred).max() < 1e-9
    assert np.abs(np.corrcoef(X[:, 2], X[:, 0])[0, 1]) > 0.1  # there was some to remove


def test_correlation_remover_hand_worked_and_alpha_blend():
    # s = 0, 0, 1, 1 (mean 0.5), z = 1, 2, 3, 6: slope = sum((s - 0.5) z) / sum((s - 0.5)^2) = 3,
    # so z - 3 (s - 0.5) = 2.5, 3.5, 1.5, 4.5; alpha = 0.5 gives the midpoint with z.
    X = np.array([[0, 1.0], [0, 2.0], [1, 3.0], [1, 6.0]])
    full = CorrelationRemover(sensitive_feature_ids=[0]).fit_transform(X).ravel()
    half = CorrelationRemover(sensitive_feature_ids=[0], alpha=0.5).fit_transform(X).ravel()
    assert full.tolist() == pytest.approx([2.5, 3.5, 1.5, 4.5])
    assert half.tolist() == pytest.approx([1.75, 2.75, 2.25, 5.25])


@pytest.mark.parametrize("alpha", [-0.1, 1.5, "all"])
def test_correlation_remover_alpha_error(alpha):
    with pytest.raises(ValueError) as err:
        CorrelationRemover(sensitive_feature_ids=[0], alpha=alpha).fit(_data(0))
    assert str(err.value) == E.ALPHA_RANGE.format(value=alpha)


def test_correlation_remover_unknown_column_errors():
    with pytest.raises(ValueError) as err:
        CorrelationRemover(sensitive_feature_ids=[7]).fit(_data(0))
    assert str(err.value) == E.SENSITIVE_ID_MISSING.format(missing=[7], columns="0..5", last=5)
    df = pd.DataFrame(_data(0)[:, :2], columns=["a", "b"])
    with pytest.raises(ValueError) as err:
        CorrelationRemover(sensitive_feature_ids=["sex"]).fit(df)
    assert str(err.value) == E.SENSITIVE_ID_MISSING.format(
        missing=["sex"], columns=["a", "b"], last=1
    )


@parametrize_with_checks([CorrelationRemover(sensitive_feature_ids=[0])])
def test_correlation_remover_sklearn_contract(estimator, check):
    # Every check applies: fit(X) needs no sensitive_features (they are columns of X).
    check(estimator)


# -- DisparateImpactRemover --------------------------------------------------------------------


def test_disparate_impact_hand_worked_with_ties_and_three_groups():
    # Group a: 0, 0, 2, 4 -> distinct 0, 2, 4 at mid-ranks 2/8, 5/8, 7/8.
    # Group b: 10, 20 -> ranks 1/4, 3/4.  Group c: 1, 3 -> ranks 1/4, 3/4.
    # Row b = 10 has rank 1/4: Q_a(1/4) = 0, Q_b = 10, Q_c = 1 -> median 1.
    # Row a = 2 has rank 5/8: Q_a = 2, Q_b(5/8) = 10 + 10 * (5/8 - 1/4) / (1/2) = 17.5,
    # Q_c = 1 + 2 * 0.75 = 2.5 -> median 2.5.
    X = np.array([[0.0], [0.0], [2.0], [4.0], [10.0], [20.0], [1.0], [3.0]])
    s = np.array(list("aaaabbcc"))
    out = DisparateImpactRemover().fit_transform(X, sensitive_features=s).ravel()
    assert out[4] == pytest.approx(1.0)
    assert out[2] == pytest.approx(2.5)
    assert out[0] == out[1]  # ties stay tied
    half = DisparateImpactRemover(repair_level=0.5).fit_transform(X, sensitive_features=s)
    assert half.ravel() == pytest.approx(0.5 * X.ravel() + 0.5 * out)


def _shifted(seed, n=3000):
    rng = np.random.default_rng(seed)
    s = np.where(rng.random(n) < 0.3, "minority", "majority")
    shift = np.where(s == "minority", -1.0, 0.0)
    X = np.column_stack(
        [rng.normal(size=n) + shift, np.exp(rng.normal(size=n) + 0.5 * shift), rng.normal(size=n)]
    )
    return X, s


def test_full_repair_makes_each_feature_distribution_the_same_in_every_group():
    X, s = _shifted(0)
    out = DisparateImpactRemover().fit_transform(X, sensitive_features=s)
    for j in range(2):
        before = ks_2samp(X[s == "minority", j], X[s == "majority", j]).statistic
        after = ks_2samp(out[s == "minority", j], out[s == "majority", j]).statistic
        assert before > 0.15 and after < 0.01, (j, before, after)


def test_repair_keeps_the_order_of_rows_within_each_group_and_level_zero_is_identity():
    X, s = _shifted(1, n=500)
    out = DisparateImpactRemover().fit_transform(X, sensitive_features=s)
    for g in ("minority", "majority"):
        rows = s == g
        for j in range(3):
            order = np.argsort(X[rows, j])
            assert (np.diff(out[rows, j][order]) >= -1e-12).all()
    same = DisparateImpactRemover(repair_level=0.0).fit_transform(X, sensitive_features=s)
    np.testing.assert_array_equal(same, X)


def test_repair_of_new_rows_uses_the_fitted_distributions_and_keeps_frames():
    X, s = _shifted(2)
    df = pd.DataFrame(X, columns=["a", "b", "c"], index=np.arange(3000) + 50)
    dr = DisparateImpactRemover().fit(df.iloc[:2000], sensitive_features=s[:2000])
    out = dr.transform(df.iloc[2000:], sensitive_features=s[2000:])
    assert isinstance(out, pd.DataFrame) and out.index.equals(df.index[2000:])
    ks = ks_2samp(out["a"][s[2000:] == "minority"], out["a"][s[2000:] == "majority"])
    assert ks.statistic < 0.08  # sampling noise of ~1000 new rows only
    nan_row = df.iloc[[0]].assign(a=np.nan)
    assert np.isnan(dr.transform(nan_row, sensitive_features=s[:1])["a"].iloc[0])


def test_disparate_impact_errors():
    X, s = _shifted(3, n=50)
    for level in (-0.5, 2, True):
        with pytest.raises(ValueError) as err:
            DisparateImpactRemover(repair_level=level).fit(X, sensitive_features=s)
        assert str(err.value) == E.REPAIR_LEVEL_RANGE.format(value=level)
    frame = pd.DataFrame({"x": X[:, 0], "zip": ["Z01"] * 50})
    with pytest.raises(ValueError) as err:
        DisparateImpactRemover().fit(frame, sensitive_features=s)
    assert str(err.value) == E.FEATURES_NOT_NUMERIC.format(
        who="DisparateImpactRemover", column="zip", dtype=frame["zip"].dtype
    )
    dr = DisparateImpactRemover().fit(X, sensitive_features=s)
    with pytest.raises(ValueError) as err:
        dr.transform(X[:, :2], sensitive_features=s)
    assert str(err.value) == E.FEATURE_COUNT.format(got=2, expected=3, who="DisparateImpactRemover")
    with pytest.raises(ValueError) as err:
        dr.transform(X[:2], sensitive_features=["minority", "other"])
    assert str(err.value) == E.UNSEEN_GROUP.format(group="'other'", who="DisparateImpactRemover")
    with pytest.raises(ValueError) as err:
        dr.transform(X, sensitive_features=s[:10])
    assert str(err.value) == E.SENSITIVE_LENGTH.format(got=10, n=50)
    with pytest.raises(ValueError, match="not fitted yet"):
        DisparateImpactRemover().transform(X, sensitive_features=s)
    with pytest.raises(ValueError) as err:
        DisparateImpactRemover().fit(X, sensitive_features=["a"] * 50)
    assert str(err.value) == E.SINGLE_GROUP.format(group="'a'")


def test_missing_values_are_left_out_of_the_fit_and_a_group_without_any_is_refused():
    X, s = _shifted(4, n=400)
    holed = X.copy()
    holed[::7, 0] = np.nan
    dr = DisparateImpactRemover().fit(holed, sensitive_features=s)
    kept = ~np.isnan(holed[:, 0])
    clean = DisparateImpactRemover().fit(X[kept], sensitive_features=s[kept])
    np.testing.assert_allclose(  # column 0 is fitted on its observed values only
        dr.transform(X[kept], sensitive_features=s[kept])[:, 0],
        clean.transform(X[kept], sensitive_features=s[kept])[:, 0],
    )
    assert np.isnan(dr.transform(holed, sensitive_features=s)[~kept, 0]).all()
    frame = pd.DataFrame({"score": np.where(s == "minority", np.nan, X[:, 0])})
    with pytest.raises(ValueError) as err:
        DisparateImpactRemover().fit(frame, sensitive_features=s)
    assert str(err.value) == E.FEATURE_ALL_MISSING.format(column="score", group="'minority'")


def test_disparate_impact_remover_contract_checks_that_do_not_call_fit():
    # parametrize_with_checks fits without sensitive_features; this estimator needs the group
    # of every row in fit and transform, so only the checks of __init__ / get_params apply.
    est = DisparateImpactRemover(repair_level=0.8)
    check_no_attributes_set_in_init("DisparateImpactRemover", est)
    check_parameters_default_constructible("DisparateImpactRemover", est)
    check_get_params_invariance("DisparateImpactRemover", est)
    assert clone(est).repair_level == 0.8
