"""Ported from Fairlearn's test/unit/metrics/test_make_derived_metric.py,
test_generated_metrics.py and test_mean_predictions.py (rewritten: our data, and each value
checked against Fairlearn itself or a hand count rather than only against our MetricFrame)."""

import functools
import re

import fairlearn.metrics as flm
import numpy as np
import pytest
import sklearn.metrics as skm

import fairkit.metrics as fk
from fairkit.metrics import MetricFrame, make_derived_metric, mean_prediction
from fairkit.metrics import _errors as E


def exact(message: str) -> str:
    return "^" + re.escape(message) + "$"


def _two_groups(seed=11, n_a=23, n_b=31):
    """Two groups of different sizes with every (y_true, y_pred) pair in each."""
    rng = np.random.default_rng(seed)
    y_true = np.concatenate(
        [[0, 0, 1, 1], rng.integers(0, 2, n_a - 4), [0, 0, 1, 1], rng.integers(0, 2, n_b - 4)]
    )
    y_pred = np.concatenate(
        [[0, 1, 0, 1], rng.integers(0, 2, n_a - 4), [0, 1, 0, 1], rng.integers(0, 2, n_b - 4)]
    )
    weight = rng.integers(1, 5, n_a + n_b).astype(float)
    group = np.array(["A"] * n_a + ["B"] * n_b)
    return y_true, y_pred, weight, group


Y_T, Y_P, W, G = _two_groups()


# -- make_derived_metric (test_make_derived_metric.py: 15 tests) ------------------------------
@pytest.mark.parametrize(
    ("metric", "transform", "method"),
    [
        (skm.accuracy_score, "difference", "between_groups"),
        (skm.accuracy_score, "difference", None),  # default is between_groups
        (skm.accuracy_score, "difference", "to_overall"),
        (skm.precision_score, "ratio", "between_groups"),
        (skm.precision_score, "ratio", None),
        (skm.precision_score, "ratio", "to_overall"),
        (skm.precision_score, "group_min", None),
        (skm.precision_score, "group_max", None),
    ],
)
def test_derived_metric_agrees_with_fairlearn(metric, transform, method):
    ours = make_derived_metric(metric=metric, transform=transform)
    theirs = flm.make_derived_metric(metric=metric, transform=transform)
    kw = {} if method is None else {"method": method}
    expected = theirs(Y_T, Y_P, sensitive_features=G, **kw)
    assert ours(Y_T, Y_P, sensitive_features=G, **kw) == pytest.approx(expected, rel=1e-12)
    # ... and equals the aggregate of a MetricFrame, which is what it promises.
    mf = MetricFrame(metrics=metric, y_true=Y_T, y_pred=Y_P, sensitive_features=G)
    assert ours(Y_T, Y_P, sensitive_features=G, **kw) == getattr(mf, transform)(**kw)


def test_derived_difference_by_hand():
    # Group A: 3 of 4 right, group B: 1 of 4 right -> accuracy gap 0.5.
    fn = make_derived_metric(metric=skm.accuracy_score, transform="difference")
    got = fn(
        [1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 0, 1, 0, 0, 0, 1], sensitive_features=list("AAAABBBB")
    )
    assert got == 0.5


def test_broadcast_argument_is_passed_to_every_group():
    ours = make_derived_metric(metric=skm.fbeta_score, transform="difference")
    theirs = flm.make_derived_metric(metric=skm.fbeta_score, transform="difference")
    expected = theirs(Y_T, Y_P, sensitive_features=G, beta=0.6)
    assert ours(Y_T, Y_P, sensitive_features=G, beta=0.6) == pytest.approx(expected)
    # beta really reaches the metric: it changes the answer.
    assert ours(Y_T, Y_P, sensitive_features=G, beta=0.6) != ours(
        Y_T, Y_P, sensitive_features=G, beta=3.0
    )


@pytest.mark.parametrize("names", [["sample_weight"], None])
def test_sample_argument_is_cut_per_group(names):
    kw = {} if names is None else {"sample_param_names": names}
    fbeta = functools.partial(skm.fbeta_score, beta=0.6)
    fbeta.__name__ = "fbeta"
    ours = make_derived_metric(metric=fbeta, transform="difference", **kw)
    theirs = flm.make_derived_metric(metric=fbeta, transform="difference", **kw)
    expected = theirs(Y_T, Y_P, sensitive_features=G, sample_weight=W)
    assert ours(Y_T, Y_P, sensitive_features=G, sample_weight=W) == pytest.approx(expected)
    by_hand = abs(
        fbeta(Y_T[G == "A"], Y_P[G == "A"], sample_weight=W[G == "A"])
        - fbeta(Y_T[G == "B"], Y_P[G == "B"], sample_weight=W[G == "B"])
    )
    assert expected == pytest.approx(by_hand)


def test_both_argument_kinds_together():
    ours = make_derived_metric(metric=skm.fbeta_score, transform="difference")
    theirs = flm.make_derived_metric(metric=skm.fbeta_score, transform="difference")
    args = {"sensitive_features": G, "beta": 0.5, "sample_weight": W}
    assert ours(Y_T, Y_P, **args) == pytest.approx(theirs(Y_T, Y_P, **args))


def test_derived_from_a_fairkit_rate_uses_the_count_table():
    fn = make_derived_metric(metric=fk.true_positive_rate, transform="ratio")
    assert fn(Y_T, Y_P, sensitive_features=G, sample_weight=W) == pytest.approx(
        flm.true_positive_rate_ratio(Y_T, Y_P, sensitive_features=G, sample_weight=W)
    )
    labels = np.where(Y_T == 1, "yes", "no"), np.where(Y_P == 1, "yes", "no")
    assert fn(*labels, sensitive_features=G, pos_label="yes") == fn(Y_T, Y_P, sensitive_features=G)
    with pytest.raises(TypeError, match="beta"):
        fn(Y_T, Y_P, sensitive_features=G, beta=2)


def test_non_callable_rejected():
    with pytest.raises(ValueError, match=exact(E.DERIVED_NOT_CALLABLE.format(type_name="str"))):
        make_derived_metric(metric="random", transform="group_max")


def test_metric_with_a_method_argument_rejected():
    def bad(y_true, y_pred, method):
        return skm.accuracy_score(y_true, y_pred)

    message = E.DERIVED_METHOD_ARG.format(metric="bad", param="method")
    with pytest.raises(ValueError, match=exact(message)):
        make_derived_metric(metric=bad, transform="group_max")


def test_bad_transform_rejected():
    message = E.DERIVED_BAD_TRANSFORM.format(transform="something rotten")
    with pytest.raises(ValueError, match=exact(message)):
        make_derived_metric(metric=skm.accuracy_score, transform="something rotten")


def test_method_for_group_min_is_an_error():
    # Deliberate difference: Fairlearn silently ignores method= for group_min/group_max.
    fn = make_derived_metric(metric=skm.accuracy_score, transform="group_min")
    with pytest.raises(ValueError, match=exact(E.DERIVED_NO_METHOD.format(transform="group_min"))):
        fn(Y_T, Y_P, sensitive_features=G, method="to_overall")
    assert flm.make_derived_metric(metric=skm.accuracy_score, transform="group_min")(
        Y_T, Y_P, sensitive_features=G, method="to_overall"
    ) == fn(Y_T, Y_P, sensitive_features=G)


def test_derived_metric_is_named():
    fn = make_derived_metric(metric=skm.recall_score, transform="group_min")
    assert fn.__name__ == "recall_score_group_min"


# -- generated metrics (test_generated_metrics.py: 4 tests) ------------------------------------
# fairkit name -> Fairlearn name; fairkit names the sklearn scores after its own rates.
GENERATED = {
    "true_positive_rate_difference": "true_positive_rate_difference",
    "true_positive_rate_ratio": "true_positive_rate_ratio",
    "true_negative_rate_difference": "true_negative_rate_difference",
    "true_negative_rate_ratio": "true_negative_rate_ratio",
    "false_positive_rate_difference": "false_positive_rate_difference",
    "false_positive_rate_ratio": "false_positive_rate_ratio",
    "false_negative_rate_difference": "false_negative_rate_difference",
    "false_negative_rate_ratio": "false_negative_rate_ratio",
    "selection_rate_difference": "selection_rate_difference",
    "selection_rate_ratio": "selection_rate_ratio",
    "accuracy_difference": "accuracy_score_difference",
    "accuracy_ratio": "accuracy_score_ratio",
    "accuracy_group_min": "accuracy_score_group_min",
    "positive_predictive_value_group_min": "precision_score_group_min",
    "true_positive_rate_group_min": "recall_score_group_min",
    "equal_opportunity_difference": "equal_opportunity_difference",
    "equal_opportunity_ratio": "equal_opportunity_ratio",
}


def _cases():
    for ours, theirs in GENERATED.items():
        methods = [None] if ours.endswith("_group_min") else ["between_groups", "to_overall"]
        for method in methods:
            for weighted in (False, True):
                yield pytest.param(ours, theirs, method, weighted, id=f"{ours}-{method}-{weighted}")


@pytest.mark.parametrize(("ours", "theirs", "method", "weighted"), list(_cases()))
@pytest.mark.parametrize("seed", [0, 1])
def test_generated_metric_agrees_with_fairlearn(ours, theirs, method, weighted, seed):
    rng = np.random.default_rng(seed)
    y_true, y_pred, w, _ = _two_groups(seed)
    group = rng.choice(["x", "y", "z"], len(y_true))
    group[:12] = np.repeat(["x", "y", "z"], 4)  # each group gets a row of each (t, p) pair
    y_true[:12], y_pred[:12] = np.tile([0, 0, 1, 1], 3), np.tile([0, 1, 0, 1], 3)
    kw = {"sensitive_features": group, "sample_weight": w if weighted else None}
    if method is not None:
        kw["method"] = method
    expected = getattr(flm, theirs)(y_true, y_pred, **kw)
    assert getattr(fk, ours)(y_true, y_pred, **kw) == pytest.approx(expected, rel=1e-12)


def test_every_fairlearn_rate_aggregate_has_a_fairkit_counterpart():
    # Fairlearn's own rates get only _difference and _ratio; fairkit has all ten.
    for rate in ("true_positive", "true_negative", "false_positive", "false_negative"):
        for kind in ("difference", "ratio"):
            assert callable(getattr(fk, f"{rate}_rate_{kind}"))
    assert callable(fk.selection_rate_difference) and callable(fk.selection_rate_ratio)


def test_generated_by_hand():
    # Rows with sf 0: y = (0,1), (0,1), (0,0), (1,1), (0,0), (0,0), (1,1), (1,1), (0,0);
    # rows with sf 1: y = (0,0), (1,0), (0,1), (0,0), (1,1), (1,1), (1,1), (0,0), (1,1).
    y_true = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1]
    y_pred = [1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]
    sf = [0] * 9 + [1] * 9
    # sf 0: TP 3, FN 0, FP 2, TN 4 -> TPR 1, TNR 4/6, selection 5/9, accuracy 7/9.
    # sf 1: TP 4, FN 1, FP 1, TN 3 -> TPR 4/5, TNR 3/4, selection 5/9, accuracy 7/9.
    assert fk.true_positive_rate_difference(y_true, y_pred, sensitive_features=sf) == (
        pytest.approx(1 / 5)
    )
    assert fk.true_negative_rate_ratio(y_true, y_pred, sensitive_features=sf) == (
        pytest.approx((4 / 6) / (3 / 4))
    )
    assert fk.selection_rate_difference(y_true, y_pred, sensitive_features=sf) == 0.0
    assert fk.accuracy_ratio(y_true, y_pred, sensitive_features=sf) == 1.0
    assert fk.true_positive_rate_group_min(y_true, y_pred, sensitive_features=sf) == 0.8
    assert fk.false_negative_rate_ratio(y_true, y_pred, sensitive_features=sf) == 0.0


@pytest.mark.parametrize("method", ["between_groups", "to_overall"])
def test_selection_rate_aggregates_equal_demographic_parity(method):
    kw = {"sensitive_features": G, "method": method}
    assert fk.selection_rate_difference(Y_T, Y_P, **kw) == fk.demographic_parity_difference(
        Y_T, Y_P, **kw
    )
    assert fk.selection_rate_ratio(Y_T, Y_P, **kw) == fk.demographic_parity_ratio(Y_T, Y_P, **kw)


# -- mean_prediction (test_mean_predictions.py: 4 tests) ---------------------------------------
@pytest.mark.parametrize(
    ("y_pred", "weight", "expected"),
    [
        ([3, 5, 7, 9], None, 6.0),
        ([7], None, 7.0),
        ([1, 2, 3], [3, 0, 1], 1.5),  # (3 * 1 + 1 * 3) / 4
        ([7], [5], 7.0),
        ([0.25, 0.75], [1, 3], 0.625),
    ],
)
def test_mean_prediction(y_pred, weight, expected):
    assert mean_prediction(None, y_pred, sample_weight=weight) == expected
    assert flm.mean_prediction(None, y_pred, weight) == pytest.approx(expected)


def test_mean_prediction_by_group_agrees_with_fairlearn():
    scores = np.random.default_rng(4).random(len(Y_T))
    ours = MetricFrame(
        metrics=mean_prediction, y_true=Y_T, y_pred=scores, sensitive_features=G, sample_weight=W
    )
    theirs = flm.MetricFrame(
        metrics=flm.mean_prediction,
        y_true=Y_T,
        y_pred=scores,
        sensitive_features=G,
        sample_params={"sample_weight": W},
    )
    np.testing.assert_allclose(ours.by_group.to_numpy(), theirs.by_group.to_numpy())
    assert ours.overall == pytest.approx(theirs.overall)


def test_mean_prediction_of_decisions_is_the_selection_rate():
    assert mean_prediction(Y_T, Y_P, sample_weight=W) == pytest.approx(
        fk.selection_rate(Y_T, Y_P, sample_weight=W)
    )


def test_mean_prediction_bad_input():
    with pytest.raises(ValueError, match=exact(E.PREDICTIONS_NOT_NUMERIC.format(dtype="<U1"))):
        mean_prediction(None, ["a", "b"])
    with pytest.raises(ValueError, match=exact(E.EMPTY_INPUT_PREDICTIONS)):
        mean_prediction(None, [])
    with pytest.warns(fk.UndefinedMetricWarning):
        assert np.isnan(mean_prediction(None, [1.0, 2.0], sample_weight=[0, 0]))


def test_mean_prediction_weights_are_keyword_only():
    # Deliberate difference: Fairlearn takes sample_weight as the third positional argument;
    # fairkit's metrics take every option by keyword, so a stray array cannot be misread.
    with pytest.raises(TypeError):
        mean_prediction(None, [0, 1, 2, 3, 4], [8, 2, 1, 2, 1])
    assert flm.mean_prediction(None, [0, 1, 2, 3, 4], [8, 2, 1, 2, 1]) == 1.0
