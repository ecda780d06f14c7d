"""Reweighing and Resampler (Kamiran & Calders 2012): hand-worked weights and counts,
properties, the estimator contract and the error messages."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeRegressor
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
)

from fairkit.mitigation import Resampler, Reweighing, target_cell_counts
from fairkit.mitigation import _errors as E

# Hand-worked example: 10 rows, three groups.
#   group | rows | y=1 | y=0 |  w(g,1) = n_g n_1 / (n n_g1)  |  w(g,0) = n_g n_0 / (n n_g0)
#   a     |  4   |  3  |  1  |  4*5/(10*3) = 2/3             |  4*5/(10*1) = 2
#   b     |  4   |  1  |  3  |  4*5/(10*1) = 2               |  4*5/(10*3) = 2/3
#   c     |  2   |  1  |  1  |  2*5/(10*1) = 1               |  2*5/(10*1) = 1
Y = np.array([1, 1, 1, 0, 1, 0, 0, 0, 1, 0])
S = np.array(["a"] * 4 + ["b"] * 4 + ["c"] * 2)
X = np.arange(20.0).reshape(10, 2)
WEIGHTS = {"a": {0: 2.0, 1: 2 / 3}, "b": {0: 2 / 3, 1: 2.0}, "c": {0: 1.0, 1: 1.0}}


def test_reweighing_hand_worked_weights():
    rw = Reweighing().fit(X, Y, sensitive_features=S)
    got = rw.weights_.to_dict("index")
    for group, row in WEIGHTS.items():
        assert got[group] == pytest.approx(row, abs=1e-12)
    expected = [2 / 3, 2 / 3, 2 / 3, 2, 2, 2 / 3, 2 / 3, 2 / 3, 1, 1]
    assert rw.fit_transform(X, Y, sensitive_features=S) == pytest.approx(expected, abs=1e-12)
    assert rw.base_rate_ == 0.5


def test_reweighing_makes_label_independent_of_group_and_keeps_total_weight():
    rng = np.random.default_rng(3)
    s = rng.choice(["x", "y", "z", "w"], size=500, p=[0.5, 0.3, 0.15, 0.05])
    y = (rng.random(500) < np.select([s == "x", s == "y", s == "z"], [0.7, 0.4, 0.2], 0.5)) * 1
    w = Reweighing().fit_transform(np.zeros((500, 1)), y, sensitive_features=s)
    assert w.sum() == pytest.approx(500)
    for g in "xyzw":
        in_g = s == g
        assert w[in_g].sum() == pytest.approx(in_g.sum())  # group weight = group size
        assert np.average(y[in_g], weights=w[in_g]) == pytest.approx(y.mean())


def test_reweighing_intersectional_groups_and_pandas():
    # sex x race: four cells. (f, x) holds rows 0, 2, 8 (labels 1, 1, 0): n_g = 3, n_g1 = 2,
    # overall 6 positives of 12, so w((f, x), 1) = 3*6/(12*2) = 0.75 and w(0) = 18/12 = 1.5.
    frame = pd.DataFrame({"sex": list("ffffmmmmffmm"), "race": list("xyxyxyxyxyxy")})
    y = pd.Series([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1], index=range(10, 22))
    X_df = pd.DataFrame({"f": range(12)}, index=y.index)
    rw = Reweighing().fit(X_df, y, sensitive_features=frame.set_index(y.index))
    assert rw.weights_.index.nlevels == 2 and len(rw.weights_) == 4
    assert rw.weights_.loc[("f", "x")].tolist() == pytest.approx([1.5, 0.75])
    w = rw.transform(X_df, y, sensitive_features=frame.set_index(y.index))
    assert w[[0, 2, 8]].tolist() == pytest.approx([0.75, 0.75, 1.5])


def test_reweighing_weights_are_one_when_label_is_already_independent():
    y = np.array([1, 0, 1, 0, 1, 0, 1, 0])
    w = Reweighing().fit_transform(np.zeros((8, 1)), y, sensitive_features=list("aaaabbbb"))
    assert w.tolist() == [1.0] * 8


def test_reweighing_refuses_a_group_without_one_label():
    with pytest.raises(ValueError) as err:
        Reweighing().fit(X[:4], [1, 1, 0, 0], sensitive_features=["a", "a", "a", "b"])
    prefix = E.GROUP_WITHOUT_LABEL.split("{")[0]
    assert str(err.value).startswith(prefix) and "'b'" in str(err.value)
    assert "no positives" in str(err.value)


@pytest.mark.parametrize(
    ("y", "s", "message"),
    [
        (Y, ["a"] * 10, E.SINGLE_GROUP.format(group="'a'")),
        (Y, S[:9], E.SENSITIVE_LENGTH.format(got=9, n=10)),
        (Y[:9], S, E.LABELS_LENGTH.format(got=9, n=10)),
        (np.where(Y == 1, 2, 0), S, E.BAD_LABELS.format(name="y", got="values [2]")),
    ],
)
def test_reweighing_input_errors(y, s, message):
    with pytest.raises(ValueError) as err:
        Reweighing().fit(X, y, sensitive_features=s)
    assert str(err.value) == message


def test_reweighing_transform_errors():
    with pytest.raises(ValueError, match="not fitted yet"):
        Reweighing().transform(X, Y, sensitive_features=S)
    rw = Reweighing().fit(X, Y, sensitive_features=S)
    with pytest.raises(ValueError) as err:
        rw.transform(X[:2], [0, 1], sensitive_features=["a", "d"])
    assert str(err.value) == E.UNSEEN_GROUP.format(group="'d'", who="Reweighing")
    with pytest.raises(ValueError) as err:
        rw.transform(X, Y[:9], sensitive_features=S)
    assert str(err.value) == E.LABELS_LENGTH.format(got=9, n=10)


def test_target_cell_counts_hand_worked():
    codes = pd.factorize(S)[0]
    # a: 4*5/10 = 2 each; b: 2 each; c: 1 each.
    assert target_cell_counts(codes, Y, 3).tolist() == [[2, 2], [2, 2], [1, 1]]


@pytest.mark.parametrize("strategy", ["uniform", "preferential"])
def test_resampler_reaches_the_target_counts(strategy):
    rs = Resampler(strategy=strategy, random_state=0)
    X_res, y_res, s_res = rs.fit_resample(X, Y, sensitive_features=S)
    table = pd.crosstab(s_res, y_res)
    assert table.to_numpy().tolist() == [[2, 2], [2, 2], [1, 1]]
    assert rs.target_counts_.to_numpy().tolist() == [[2, 2], [2, 2], [1, 1]]
    # every output row is an input row, and sample_indices_ says which
    assert (X_res == X[rs.sample_indices_]).all() and (y_res == Y[rs.sample_indices_]).all()


def test_preferential_sampling_acts_on_the_rows_nearest_the_boundary():
    # One feature, ranker = its value: the score of row i is x_i. Group a (x = 0..3, labels
    # 1, 1, 1, 0) has one positive too many: the positive with the lowest score, x = 0, goes;
    # and one negative too few: the negative with the highest score, x = 3, is duplicated.
    X1 = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0]])
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    s = np.array(["a"] * 4 + ["b"] * 4)
    rs = Resampler(strategy="preferential", ranker=_ValueRanker())
    _, y_res, _ = rs.fit_resample(X1, y, sensitive_features=s)
    # b (x = 4..7, labels 1, 0, 0, 0): one negative too many, the highest-scored x = 7 goes;
    # the positive x = 4 is duplicated.
    assert rs.sample_indices_.tolist() == [1, 2, 3, 3, 4, 4, 5, 6]
    assert y_res.tolist() == [1, 1, 0, 0, 1, 1, 0, 0]


def test_preferential_sampling_cycles_when_a_cell_must_more_than_double():
    y = np.array([1] * 9 + [0] + [0] * 9 + [1])
    s = np.array(["a"] * 10 + ["b"] * 10)
    X1 = np.arange(20.0).reshape(-1, 1)
    rs = Resampler(strategy="preferential", ranker=_ValueRanker())
    _, y_res, s_res = rs.fit_resample(X1, y, sensitive_features=s)
    assert pd.crosstab(s_res, y_res).to_numpy().tolist() == [[5, 5], [5, 5]]
    assert np.bincount(rs.sample_indices_, minlength=20)[[9, 19]].tolist() == [5, 5]


def test_uniform_sampling_is_seeded_and_pandas_in_pandas_out():
    Xd = pd.DataFrame(X, columns=["p", "q"], index=range(100, 110))
    ys, ss = pd.Series(Y, index=Xd.index), pd.Series(S, index=Xd.index, name="g")
    a = Resampler(random_state=7).fit_resample(Xd, ys, sensitive_features=ss)
    b = Resampler(random_state=7).fit_resample(Xd, ys, sensitive_features=ss)
    pd.testing.assert_frame_equal(a[0], b[0])
    assert isinstance(a[0], pd.DataFrame) and list(a[0].columns) == ["p", "q"]
    assert isinstance(a[2], pd.Series) and a[2].name == "g"
    assert a[0].index.equals(pd.RangeIndex(len(a[0])))
    assert len({tuple(_indices(seed)) for seed in range(10)}) > 1  # the seed matters


def _indices(seed):
    y = np.array([1] * 8 + [0] * 2 + [1] * 2 + [0] * 8)
    s = np.array(["a"] * 10 + ["b"] * 10)
    rs = Resampler(random_state=seed)
    rs.fit_resample(np.zeros((20, 1)), y, sensitive_features=s)
    return rs.sample_indices_.tolist()


def test_resampler_errors():
    with pytest.raises(ValueError) as err:
        Resampler(strategy="smote").fit_resample(X, Y, sensitive_features=S)
    assert str(err.value) == E.UNKNOWN_OPTION.format(
        name="strategy", allowed=["uniform", "preferential"], value="smote"
    )
    with pytest.raises(ValueError) as err:
        Resampler(strategy="preferential", ranker=DecisionTreeRegressor()).fit_resample(
            X, Y, sensitive_features=S
        )
    assert str(err.value) == E.RANKER_NO_SCORES.format(ranker="DecisionTreeRegressor")
    with pytest.raises(ValueError, match="has no negatives"):
        Resampler().fit_resample(X[:4], [1, 1, 0, 1], sensitive_features=list("aabb"))


def test_preferential_with_a_decision_function_ranker():
    rs = Resampler(strategy="preferential", ranker=LinearSVC())
    rs.fit_resample(X, Y, sensitive_features=S)
    assert rs.ranker_ is not None and len(rs.sample_indices_) == 10


@pytest.mark.parametrize(
    "estimator", [Reweighing(), Resampler(strategy="preferential", random_state=0)]
)
def test_estimator_contract_checks_that_do_not_call_fit(estimator):
    # parametrize_with_checks calls fit(X, y) without sensitive_features, which these two
    # cannot meaningfully do; the checks of __init__ and get_params apply and pass.
    name = type(estimator).__name__
    check_no_attributes_set_in_init(name, estimator)
    check_parameters_default_constructible(name, estimator)
    check_get_params_invariance(name, estimator)
    assert clone(estimator).get_params() == estimator.get_params()


class _ValueRanker:
    """A ranker whose score is the first feature (so the test knows every score)."""

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X):
        return np.asarray(X)[:, 0]
