"""Ported from Fairlearn's MetricFrame tests (test/unit/metrics/): process_features, smoke,
by_group, overall, aggregates (error handling), nonscalar, multiclass, missing and
comprehensive. Rewritten on our own data; every value is checked against Fairlearn or
scikit-learn on the same rows, and the deliberate differences are asserted as such."""

import functools
import re
import warnings

import fairlearn.metrics as flm
import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm

import fairkit.metrics as fk
from fairkit.metrics import MetricFrame
from fairkit.metrics import _errors as E


def exact(message: str) -> str:
    return "^" + re.escape(message) + "$"


RNG = np.random.default_rng(2026)
N = 90
Y_T = RNG.integers(0, 2, N)
Y_P = RNG.integers(0, 2, N)
W = RNG.integers(1, 5, N).astype(float)
G1 = RNG.choice(["aa", "bb"], N)
G2 = RNG.choice(["f", "g", "h"], N)
G3 = RNG.choice(["k", "m"], N)
G4 = RNG.choice(["p", "q"], N)
# Every (g2, g3) combination must hold both labels, so that recall and precision exist.
for i, (a, b) in enumerate((a, b) for a in "fgh" for b in "km"):
    G2[4 * i : 4 * i + 4], G3[4 * i : 4 * i + 4] = a, b
    Y_T[4 * i : 4 * i + 4], Y_P[4 * i : 4 * i + 4] = [0, 0, 1, 1], [0, 1, 0, 1]


def _by_group_names(features):
    return MetricFrame(
        metrics=fk.selection_rate, y_true=Y_T, y_pred=Y_P, sensitive_features=features
    ).by_group.index.names


# -- process_features (15 tests) ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("features", "names"),
    [
        (list(G1), ["sensitive_feature_0"]),
        (pd.Series(G1, name="Some Series"), ["Some Series"]),
        (np.asarray(G1), ["sensitive_feature_0"]),
        (pd.DataFrame({"My Feature": G1}), ["My Feature"]),
        ({"Mine!": G1}, ["Mine!"]),
        (np.stack([G1, G2], axis=1), ["sensitive_feature_0", "sensitive_feature_1"]),
        (pd.DataFrame({"Col Alpha": G1, "Col Num": G2}), ["Col Alpha", "Col Num"]),
        ({"Alpha": G1, "Beta": G2}, ["Alpha", "Beta"]),
    ],
)
def test_feature_forms_and_their_names(features, names):
    assert _by_group_names(features) == names
    theirs = flm.MetricFrame(
        metrics=flm.selection_rate, y_true=Y_T, y_pred=Y_P, sensitive_features=features
    )
    ours = MetricFrame(
        metrics=fk.selection_rate, y_true=Y_T, y_pred=Y_P, sensitive_features=features
    )
    assert list(theirs.by_group.index.names) == names
    np.testing.assert_allclose(ours.by_group.to_numpy(), theirs.by_group.to_numpy())


@pytest.mark.parametrize(
    ("features", "names"),
    [
        (pd.Series(G1, name=0), ["0"]),
        (pd.DataFrame(G1), ["0"]),
        (pd.DataFrame({0: G1}), ["0"]),
        (pd.DataFrame({0: G1, 1: G2}), ["0", "1"]),
    ],
)
def test_non_string_names_become_strings(features, names):
    # Deliberate difference: Fairlearn rejects non-string Series and column names.
    assert _by_group_names(features) == names
    with pytest.raises(ValueError, match=r"must be (a )?strings?"):
        flm.MetricFrame(
            metrics=flm.selection_rate, y_true=Y_T, y_pred=Y_P, sensitive_features=features
        )


@pytest.mark.parametrize(
    "features",
    [
        [G1, G2],
        [pd.Series(G1, name="Alpha"), pd.Series(G2, name="Beta")],
    ],
)
def test_list_of_arrays_is_accepted(features):
    # Deliberate difference: Fairlearn rejects lists of arrays ("Feature lists must be of
    # scalar types"); fairkit reads them as one array per feature.
    names = MetricFrame(
        metrics=fk.selection_rate, y_true=Y_T, y_pred=Y_P, sensitive_features=features
    ).by_group.index.names
    expected = [
        getattr(f, "name", None) or f"sensitive_feature_{j}" for j, f in enumerate(features)
    ]
    assert names == expected
    with pytest.raises(ValueError, match="Feature lists must be of scalar types"):
        flm.MetricFrame(
            metrics=flm.selection_rate, y_true=Y_T, y_pred=Y_P, sensitive_features=features
        )


def test_two_dimensional_column_in_a_dict_is_rejected():
    message = E.NOT_1D.format(name="sensitive feature 'Mine!'", shape=(N, 1, 1))
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=fk.selection_rate,
            y_true=Y_T,
            y_pred=Y_P,
            sensitive_features={"Mine!": G1.reshape(-1, 1, 1)},
        )


# -- smoke (10 tests) ----------------------------------------------------------------------------
TRANSFORMS = {
    "list": list,
    "ndarray": np.asarray,
    "column vector": lambda y: np.asarray(y).reshape(-1, 1),
    "Series": pd.Series,
    "DataFrame": lambda y: pd.DataFrame({"y": y}),
}


@pytest.mark.parametrize("t_true", list(TRANSFORMS))
@pytest.mark.parametrize("t_pred", list(TRANSFORMS))
def test_label_containers(t_true, t_pred):
    yt, yp = TRANSFORMS[t_true](Y_T), TRANSFORMS[t_pred](Y_P)
    metrics = {"recall": skm.recall_score, "tpr": fk.true_positive_rate}
    ours = MetricFrame(
        metrics=metrics, y_true=yt, y_pred=yp, sensitive_features=G2, control_features=G3
    )
    theirs = flm.MetricFrame(
        metrics={"recall": skm.recall_score, "tpr": flm.true_positive_rate},
        y_true=yt,
        y_pred=yp,
        sensitive_features=G2,
        control_features=G3,
    )
    np.testing.assert_allclose(ours.by_group.to_numpy(), theirs.by_group.to_numpy())
    np.testing.assert_allclose(ours.overall.to_numpy(), theirs.overall.to_numpy())


def test_sample_weights_two_metrics():
    metrics = {"recall": skm.recall_score, "sel": fk.selection_rate}
    ours = MetricFrame(
        metrics=metrics, y_true=Y_T, y_pred=Y_P, sensitive_features=G2, sample_weight=W
    )
    theirs = flm.MetricFrame(
        metrics={"recall": skm.recall_score, "sel": flm.selection_rate},
        y_true=Y_T,
        y_pred=Y_P,
        sensitive_features=G2,
        sample_params={"recall": {"sample_weight": W}, "sel": {"sample_weight": W}},
    )
    np.testing.assert_allclose(ours.by_group.to_numpy(), theirs.by_group.to_numpy())
    for group in np.unique(G2):
        rows = G2 == group
        assert ours.by_group["recall"][group] == pytest.approx(
            skm.recall_score(Y_T[rows], Y_P[rows], sample_weight=W[rows])
        )


@pytest.mark.parametrize(
    ("sf", "cf", "name"),
    [
        (pd.DataFrame(np.stack([G2, G3], axis=1), columns=["A", "A"]), None, "A"),
        (G4, pd.DataFrame(np.stack([G2, G3], axis=1), columns=["B", "B"]), "B"),
        ({"B": G1, "C": G4}, pd.DataFrame({"A": G2, "B": G3}), "B"),
    ],
)
def test_duplicate_feature_names(sf, cf, name):
    with pytest.raises(ValueError, match=exact(E.DUPLICATE_FEATURE_NAME.format(name=name))):
        MetricFrame(
            metrics=skm.recall_score,
            y_true=Y_T,
            y_pred=Y_P,
            sensitive_features=sf,
            control_features=cf,
        )


def test_single_element_lists():
    mf = MetricFrame(metrics=skm.recall_score, y_true=[1], y_pred=[1], sensitive_features=[0])
    assert mf.overall == 1.0
    assert mf.by_group.to_dict() == {0: 1.0}


# -- by_group and overall with 0, 1, 2 control features (17 tests) -------------------------------
@pytest.mark.parametrize("n_cf", [0, 1, 2])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("as_dict", [False, True])
def test_by_group_and_overall(n_cf, weighted, as_dict):
    cf = [None, pd.Series(G3, name="g3"), pd.DataFrame({"g3": G3, "g4": G4})][n_cf]
    ours_fn, theirs_fn = fk.accuracy, skm.accuracy_score
    ours_m = {"acc": ours_fn, "rec": skm.recall_score} if as_dict else ours_fn
    theirs_m = {"acc": theirs_fn, "rec": skm.recall_score} if as_dict else theirs_fn
    params = None
    if weighted:
        params = (
            {"acc": {"sample_weight": W}, "rec": {"sample_weight": W}}
            if as_dict
            else {"sample_weight": W}
        )
    ours = MetricFrame(
        metrics=ours_m,
        y_true=Y_T,
        y_pred=Y_P,
        sensitive_features=pd.Series(G2, name="g2"),
        control_features=cf,
        sample_params=params,
    )
    theirs = flm.MetricFrame(
        metrics=theirs_m,
        y_true=Y_T,
        y_pred=Y_P,
        sensitive_features=pd.Series(G2, name="g2"),
        control_features=cf,
        sample_params=params,
    )
    observed = theirs.by_group.loc[ours.by_group.index]  # Fairlearn adds unobserved rows
    np.testing.assert_allclose(ours.by_group.to_numpy(float), observed.to_numpy(float))
    if n_cf == 0:
        np.testing.assert_allclose(np.ravel(ours.overall), np.ravel(theirs.overall))
    else:
        pd.testing.assert_index_equal(ours.overall.index, theirs.overall.index)
        np.testing.assert_allclose(ours.overall.to_numpy(float), theirs.overall.to_numpy(float))


# -- aggregates: zero division, bad methods, non-scalar error handling ----------------------------
def test_ratio_to_overall_with_a_zero_group():
    precision = functools.partial(skm.precision_score, zero_division=0)
    precision.__name__ = "precision_zero_division_0"
    mf = MetricFrame(metrics=precision, y_true=[1, 0], y_pred=[1, 0], sensitive_features=["a", "b"])
    # a: precision 1, b: no positive predictions -> 0 (the metric's zero_division); overall 1.
    assert mf.ratio(method="to_overall") == 0.0


@pytest.mark.parametrize("aggregate", ["difference", "ratio"])
def test_bad_method(aggregate):
    mf = MetricFrame(metrics=skm.accuracy_score, y_true=Y_T, y_pred=Y_P, sensitive_features=G1)
    with pytest.raises(ValueError, match=exact(E.BAD_METHOD.format(method="some_string"))):
        getattr(mf, aggregate)(method="some_string")


@pytest.mark.parametrize("n_cf", [0, 1])
@pytest.mark.parametrize("aggregate", ["group_min", "group_max", "difference", "ratio"])
def test_non_scalar_metric_in_aggregates(aggregate, n_cf):
    cf = None if n_cf == 0 else G3
    metrics = {"recall": skm.recall_score, "confusion_matrix": skm.confusion_matrix}
    ours = MetricFrame(
        metrics=metrics, y_true=Y_T, y_pred=Y_P, sensitive_features=G2, control_features=cf
    )
    theirs = flm.MetricFrame(
        metrics=metrics, y_true=Y_T, y_pred=Y_P, sensitive_features=G2, control_features=cf
    )
    message = E.NON_SCALAR_AGGREGATE.format(metric="confusion_matrix", aggregate=aggregate)
    with pytest.raises(ValueError, match=exact(message)):
        getattr(ours, aggregate)(errors="raise")
    # Deliberate difference: the default is "raise" for all four (Fairlearn's difference and
    # ratio default to "coerce", i.e. a silent NaN).
    with pytest.raises(ValueError, match=exact(message)):
        getattr(ours, aggregate)()
    with pytest.raises(ValueError, match=exact(E.BAD_ERRORS.format(errors="WRONG"))):
        getattr(ours, aggregate)(errors="WRONG")
    got = getattr(ours, aggregate)(errors="coerce")
    expected = getattr(theirs, aggregate)(errors="coerce")
    assert np.isnan(np.asarray(got["confusion_matrix"], dtype=float)).all()
    np.testing.assert_allclose(
        np.asarray(got["recall"], float), np.asarray(expected["recall"], float)
    )


# -- non-scalar metrics (4 of 6 tests) -------------------------------------------------------------
def test_confusion_matrix_per_group():
    mf = MetricFrame(
        metrics={"cm": skm.confusion_matrix}, y_true=Y_T, y_pred=Y_P, sensitive_features=G1
    )
    np.testing.assert_array_equal(mf.overall["cm"], skm.confusion_matrix(Y_T, Y_P))
    for g in np.unique(G1):
        rows = G1 == g
        np.testing.assert_array_equal(
            mf.by_group["cm"][g], skm.confusion_matrix(Y_T[rows], Y_P[rows])
        )


def test_confusion_matrix_with_a_control_feature():
    mf = MetricFrame(
        metrics=skm.confusion_matrix,
        y_true=Y_T,
        y_pred=Y_P,
        sensitive_features=G2,
        control_features=G3,
    )
    for cf in np.unique(G3):
        np.testing.assert_array_equal(
            mf.overall[cf], skm.confusion_matrix(Y_T[G3 == cf], Y_P[G3 == cf])
        )
        for sf in np.unique(G2):
            rows = (G3 == cf) & (G2 == sf)
            np.testing.assert_array_equal(
                mf.by_group[(cf, sf)], skm.confusion_matrix(Y_T[rows], Y_P[rows])
            )


def test_mixed_scalar_and_non_scalar_metrics():
    mf = MetricFrame(
        metrics={"cm": skm.confusion_matrix, "prec": skm.precision_score},
        y_true=Y_T,
        y_pred=Y_P,
        sensitive_features=G1,
    )
    assert mf.overall["prec"] == skm.precision_score(Y_T, Y_P)
    for g in np.unique(G1):
        rows = G1 == g
        assert mf.by_group["prec"][g] == skm.precision_score(Y_T[rows], Y_P[rows])


def test_multi_output_labels_and_results():
    r2 = functools.partial(skm.r2_score, multioutput="raw_values")
    r2.__name__ = "r2_raw"
    y_t2, y_p2 = RNG.random((N, 2)), RNG.random((N, 2))
    mf = MetricFrame(metrics=r2, y_true=y_t2, y_pred=y_p2, sensitive_features=G1)
    np.testing.assert_allclose(mf.overall, skm.r2_score(y_t2, y_p2, multioutput="raw_values"))
    for g in np.unique(G1):
        rows = G1 == g
        np.testing.assert_allclose(
            mf.by_group[g], skm.r2_score(y_t2[rows], y_p2[rows], multioutput="raw_values")
        )
    # The rates need one label per row: a 2-D y is refused by name.
    with pytest.raises(ValueError, match=exact(E.NOT_1D.format(name="y_true", shape=(N, 2)))):
        MetricFrame(
            metrics=fk.selection_rate, y_true=y_t2.round(), y_pred=Y_P, sensitive_features=G1
        )


# -- multiclass (1 test) ---------------------------------------------------------------------
def test_multiclass_roc_auc_with_probability_rows():
    y_true = np.tile([0, 1, 2], N // 3)
    proba = RNG.dirichlet([1, 1, 1], N)
    auc = functools.partial(skm.roc_auc_score, multi_class="ovr")
    auc.__name__ = "auc_ovr"
    ours = MetricFrame(metrics=auc, y_true=y_true, y_pred=proba, sensitive_features=G1)
    theirs = flm.MetricFrame(metrics=auc, y_true=y_true, y_pred=proba, sensitive_features=G1)
    np.testing.assert_allclose(ours.by_group.to_numpy(), theirs.by_group.to_numpy())
    assert ours.overall == pytest.approx(theirs.overall)


# -- missing combinations (2 tests) ----------------------------------------------------------------
@pytest.mark.parametrize("as_control", [False, True])
def test_unobserved_combinations_are_not_rows(as_control):
    # Deliberate difference: Fairlearn lists never-seen combinations with NaN values.
    g_a = np.array(["x", "x", "y", "y"])
    g_b = np.array(["u", "v", "u", "u"])  # (y, v) never occurs
    kw = (
        {"control_features": g_a, "sensitive_features": g_b}
        if as_control
        else {"sensitive_features": {"a": g_a, "b": g_b}}
    )
    ours = MetricFrame(metrics=skm.accuracy_score, y_true=[1, 0, 1, 0], y_pred=[1, 0, 0, 0], **kw)
    theirs = flm.MetricFrame(
        metrics=skm.accuracy_score, y_true=[1, 0, 1, 0], y_pred=[1, 0, 0, 0], **kw
    )
    assert len(ours.by_group) == 3
    assert len(theirs.by_group) == 4 and theirs.by_group.isna().sum() == 1
    pd.testing.assert_series_equal(ours.by_group, theirs.by_group.dropna(), check_names=False)


# -- comprehensive (1 test) ------------------------------------------------------------------------
def test_three_metrics_two_sensitive_two_control_features():
    ours_m = {"recall": skm.recall_score, "prec": skm.precision_score, "sel": fk.selection_rate}
    theirs_m = {**ours_m, "sel": flm.selection_rate}
    sf = pd.DataFrame({"SF 0": G1, "SF 1": G4})
    cf = pd.DataFrame({"CF 0": G2, "CF 1": G3})
    with warnings.catch_warnings():
        # Small cells may lack positives: scikit-learn warns and gives 0, which both
        # libraries then share; fairkit's selection rate is defined in every cell.
        warnings.simplefilter("ignore")
        ours = MetricFrame(
            metrics=ours_m, y_true=Y_T, y_pred=Y_P, sensitive_features=sf, control_features=cf
        )
        theirs = flm.MetricFrame(
            metrics=theirs_m, y_true=Y_T, y_pred=Y_P, sensitive_features=sf, control_features=cf
        )
    observed = theirs.by_group.loc[ours.by_group.index]
    np.testing.assert_allclose(ours.by_group.to_numpy(float), observed.to_numpy(float))
    pd.testing.assert_frame_equal(ours.overall, theirs.overall, check_dtype=False)
    for name, kw in [("group_min", {}), ("difference", {"method": "to_overall"}), ("ratio", {})]:
        pd.testing.assert_frame_equal(
            getattr(ours, name)(**kw), getattr(theirs, name)(**kw), check_dtype=False
        )


# -- aggregates (test_metricframe_aggregates.py: the 1m/2m x 0/1/2 control-feature classes) ------
AGG_METRICS = [
    skm.recall_score,
    skm.precision_score,
    skm.accuracy_score,
    skm.balanced_accuracy_score,
]
AGG_CALLS = [
    ("group_min", {}),
    ("group_max", {}),
    ("difference", {}),
    ("difference", {"method": "to_overall"}),
    ("ratio", {}),
    ("ratio", {"method": "to_overall"}),
]


@pytest.mark.parametrize("metric_fn", AGG_METRICS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("n_cf", [0, 1, 2])
@pytest.mark.parametrize("as_dict", [False, True])
def test_aggregates_agree_with_fairlearn(metric_fn, n_cf, as_dict):
    cf = [None, pd.Series(G3, name="c3"), {"c3": G3, "c4": G4}][n_cf]
    metrics = {"m": metric_fn, "acc": skm.accuracy_score} if as_dict else metric_fn
    kw = {"y_true": Y_T, "y_pred": Y_P, "sensitive_features": G2, "control_features": cf}
    ours, theirs = MetricFrame(metrics=metrics, **kw), flm.MetricFrame(metrics=metrics, **kw)
    assert ours.control_levels == theirs.control_levels
    assert ours.sensitive_levels == theirs.sensitive_levels == ["sensitive_feature_0"]
    for name, call_kw in AGG_CALLS:
        got, expected = getattr(ours, name)(**call_kw), getattr(theirs, name)(**call_kw)
        if isinstance(expected, float):
            assert got == pytest.approx(expected, rel=1e-12), name
        else:
            assert type(got) is type(expected)
            np.testing.assert_allclose(
                np.asarray(got, float),
                np.asarray(expected, float),
                rtol=1e-12,
                err_msg=f"{name} {call_kw}",
            )


def test_aggregates_by_hand_for_two_groups():
    # group p: 3 right of 4; group q: 1 right of 4; overall 4 of 8.
    y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    y_pred = [1, 1, 0, 1, 0, 0, 0, 1]
    mf = MetricFrame(
        metrics=skm.accuracy_score,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=list("ppppqqqq"),
    )
    assert (mf.group_min(), mf.group_max()) == (0.25, 0.75)
    assert mf.difference() == 0.5
    assert mf.difference(method="to_overall") == 0.25
    assert mf.ratio() == pytest.approx(1 / 3)
    assert mf.ratio(method="to_overall") == 0.5  # min(0.75 -> 0.5/0.75, 0.25/0.5)


def test_single_non_scalar_metric_coerces_to_nan():
    mf = MetricFrame(metrics=skm.confusion_matrix, y_true=Y_T, y_pred=Y_P, sensitive_features=G2)
    for name in ("group_min", "group_max", "difference", "ratio"):
        assert np.isnan(getattr(mf, name)(errors="coerce"))
