"""MetricFrame's control features (conditional metrics), per-metric sample_params and
non-scalar metrics, against Fairlearn and a hand-worked example."""

import re
import warnings

import fairlearn.metrics as flm
import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fairkit.metrics as fk
from fairkit.metrics import MetricFrame
from fairkit.metrics import _errors as E


def exact(message: str) -> str:
    return "^" + re.escape(message) + "$"


def _data(seed, n=400, weighted=False):
    """Every (control, group) cell holds every (y_true, y_pred) pair, so all rates exist."""
    rng = np.random.default_rng(seed)
    cells = [(c, g) for c in ("lo", "hi") for g in "pqr"]
    base = 4 * len(cells)
    control = np.array(
        [c for c, _ in cells for _ in range(4)] + list(rng.choice(["lo", "hi"], n - base))
    )
    group = np.array(
        [g for _, g in cells for _ in range(4)] + list(rng.choice(list("pqr"), n - base))
    )
    y_true = np.concatenate([np.tile([0, 0, 1, 1], len(cells)), rng.integers(0, 2, n - base)])
    y_pred = np.concatenate([np.tile([0, 1, 0, 1], len(cells)), rng.integers(0, 2, n - base)])
    w = rng.uniform(0.5, 3.0, n) if weighted else None
    return y_true, y_pred, pd.Series(group, name="g"), pd.Series(control, name="c"), w


PAIRS = [
    (fk.selection_rate, flm.selection_rate),
    (fk.true_positive_rate, flm.true_positive_rate),
    (fk.false_positive_rate, flm.false_positive_rate),
    (fk.true_negative_rate, flm.true_negative_rate),
    (fk.false_negative_rate, flm.false_negative_rate),
    (fk.accuracy, skm.accuracy_score),
    (fk.positive_predictive_value, skm.precision_score),
    (fk.mean_prediction, flm.mean_prediction),
]
AGGREGATES = [
    ("group_min", {}),
    ("group_max", {}),
    ("difference", {"method": "between_groups"}),
    ("difference", {"method": "to_overall"}),
    ("ratio", {"method": "between_groups"}),
    ("ratio", {"method": "to_overall"}),
]


def _frames(ours, theirs, seed, weighted, two_controls=False):
    y_true, y_pred, g, c, w = _data(seed, weighted=weighted)
    control = c
    if two_controls:
        control = pd.DataFrame({"c": c, "half": np.arange(len(c)) % 2})
    mine = MetricFrame(
        metrics=ours,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=g,
        control_features=control,
        sample_weight=w,
    )
    params = None if w is None else {"sample_weight": w}
    if params is not None and isinstance(theirs, dict):
        params = dict.fromkeys(theirs, params)
    peer = flm.MetricFrame(
        metrics=theirs,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=g,
        control_features=control,
        sample_params=params,
    )
    return mine, peer


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=[p[0].__name__ for p in PAIRS])
def test_control_features_agree_with_fairlearn(ours, theirs, weighted):
    mine, peer = _frames(ours, theirs, seed=3, weighted=weighted)
    assert mine.by_group.index.names == peer.by_group.index.names == ["c", "g"]
    np.testing.assert_allclose(mine.by_group.to_numpy(), peer.by_group.to_numpy(), rtol=1e-12)
    pd.testing.assert_index_equal(mine.overall.index, peer.overall.index)
    np.testing.assert_allclose(mine.overall.to_numpy(), peer.overall.to_numpy(), rtol=1e-12)
    for name, kw in AGGREGATES:
        a, b = getattr(mine, name)(**kw), getattr(peer, name)(**kw)
        pd.testing.assert_index_equal(a.index, b.index)
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, err_msg=f"{name} {kw}")


@pytest.mark.parametrize("seed", range(4))
def test_two_control_features_and_a_dict_of_metrics_agree_with_fairlearn(seed):
    ours = {"sel": fk.selection_rate, "tpr": fk.true_positive_rate, "rec": skm.recall_score}
    theirs = {"sel": flm.selection_rate, "tpr": flm.true_positive_rate, "rec": skm.recall_score}
    with warnings.catch_warnings():
        # Small random cells may lack positives; both libraries then report NaN/0 alike.
        warnings.simplefilter("ignore")
        mine, peer = _frames(ours, theirs, seed=seed, weighted=True, two_controls=True)
        # Fairlearn lists unobserved (control, group) combinations as NaN rows; fairkit omits
        # them (see the README's list of differences), so compare on observed rows.
        observed = peer.by_group.loc[mine.by_group.index]
        np.testing.assert_allclose(mine.by_group.to_numpy(float), observed.to_numpy(float))
        pd.testing.assert_frame_equal(mine.overall, peer.overall, check_dtype=False)
        for name, kw in AGGREGATES:
            a, b = getattr(mine, name)(**kw), getattr(peer, name)(**kw)
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=f"{name} {kw}")


def test_conditional_demographic_parity_by_hand():
    # Stratum "hi": group a selects 2 of 2, group b 1 of 2; stratum "lo": a 0 of 2, b 1 of 2.
    y_pred = [1, 1, 1, 0, 0, 0, 1, 0]
    y_true = [1, 0, 1, 0, 1, 0, 1, 0]
    group = ["a", "a", "b", "b", "a", "a", "b", "b"]
    control = ["hi", "hi", "hi", "hi", "lo", "lo", "lo", "lo"]
    mf = MetricFrame(
        metrics=fk.selection_rate,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=pd.Series(group, name="group"),
        control_features=pd.Series(control, name="risk"),
    )
    assert mf.by_group.to_dict() == {
        ("hi", "a"): 1.0,
        ("hi", "b"): 0.5,
        ("lo", "a"): 0.0,
        ("lo", "b"): 0.5,
    }
    assert mf.overall.to_dict() == {"hi": 0.75, "lo": 0.25}
    assert mf.difference().to_dict() == {"hi": 0.5, "lo": 0.5}
    assert mf.ratio().to_dict() == {"hi": 0.5, "lo": 0.0}
    assert mf.group_min().to_dict() == {"hi": 0.5, "lo": 0.0}
    assert mf.difference(method="to_overall").to_dict() == {"hi": 0.25, "lo": 0.25}
    assert mf.control_levels == ["risk"]
    # Per-stratum results are Series indexed by the control feature, named after the metric.
    assert mf.difference().index.names == ["risk"]
    assert mf.difference().name == mf.overall.name == "selection_rate"
    assert mf.counts["n"].to_dict() == dict.fromkeys(mf.by_group.index, 2)
    # Without the control feature the gap is 0 (a and b both select 2 of 4): conditioning
    # reveals what pooling hides.
    pooled = fk.demographic_parity_difference(y_true, y_pred, sensitive_features=group)
    assert pooled == 0.0


def test_stratum_with_one_group_warns_and_gives_zero_and_one():
    mf = MetricFrame(
        metrics=fk.selection_rate,
        y_true=[1, 0, 1, 0, 1, 1],
        y_pred=[1, 0, 1, 1, 0, 1],
        sensitive_features=["a", "b", "a", "b", "a", "a"],
        control_features=["x", "x", "x", "x", "y", "y"],
    )
    message = E.SINGLE_GROUP_IN_STRATA.format(strata="'y'")
    with pytest.warns(fk.SingleGroupWarning, match=exact(message)):
        assert mf.difference().to_dict() == {"x": 0.5, "y": 0.0}
    with pytest.warns(fk.SingleGroupWarning, match=exact(message)):
        assert mf.ratio().to_dict() == {"x": 0.5, "y": 1.0}


def test_nan_policy_acts_within_each_stratum():
    # Group b of stratum y has no positives: its TPR is undefined.
    y_true = [1, 0, 1, 1, 1, 0]
    y_pred = [1, 0, 0, 1, 0, 0]
    sf = ["a", "b", "a", "b", "a", "b"]
    cf = ["x", "x", "x", "x", "y", "y"]
    with pytest.warns(fk.UndefinedMetricWarning):
        mf = MetricFrame(
            metrics=fk.true_positive_rate,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=sf,
            control_features=cf,
        )
    skipped = E.NAN_GROUPS_SKIPPED.format(metric="true_positive_rate", groups="('y', 'b')")
    with pytest.warns(fk.GroupsSkippedWarning, match=exact(skipped)):
        got = mf.difference()
    assert got.to_dict() == {"x": 0.5, "y": 0.0}
    propagated = mf.difference(nan_policy="propagate")
    assert propagated["x"] == 0.5 and np.isnan(propagated["y"])
    message = E.NAN_GROUPS_RAISE.format(metric="true_positive_rate", groups="('y', 'b')")
    with pytest.raises(ValueError, match=exact(message)):
        mf.group_min(nan_policy="raise")


def test_duplicate_names_between_sensitive_and_control_features():
    message = E.DUPLICATE_FEATURE_NAME.format(name="g")
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=fk.selection_rate,
            y_true=[1, 0],
            y_pred=[1, 0],
            sensitive_features=pd.Series(["a", "b"], name="g"),
            control_features=pd.Series(["x", "y"], name="g"),
        )


def test_missing_control_value_is_named():
    message = E.CONTROL_MISSING.format(column="control_feature_0", count=1, rows="1")
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=fk.selection_rate,
            y_true=[1, 0],
            y_pred=[1, 0],
            sensitive_features=["a", "b"],
            control_features=["x", None],
        )


# -- sample_params --------------------------------------------------------------------------
def test_sample_params_per_metric_agree_with_fairlearn():
    y_true, y_pred, g, _, _ = _data(5)
    w1 = np.random.default_rng(1).uniform(0.5, 2, len(y_true))
    w2 = np.random.default_rng(2).uniform(0.5, 2, len(y_true))
    metrics = {"rec": skm.recall_score, "prec": skm.precision_score, "sel": fk.selection_rate}
    params = {"rec": {"sample_weight": w1}, "sel": {"sample_weight": w2}}
    mine = MetricFrame(
        metrics=metrics, y_true=y_true, y_pred=y_pred, sensitive_features=g, sample_params=params
    )
    peer = flm.MetricFrame(
        metrics={**metrics, "sel": flm.selection_rate},
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=g,
        sample_params=params,
    )
    np.testing.assert_allclose(mine.by_group.to_numpy(), peer.by_group.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(mine.overall.to_numpy(), peer.overall.to_numpy(), rtol=1e-12)
    # The unweighted precision is unaffected by the other metrics' weights.
    assert mine.overall["prec"] == skm.precision_score(y_true, y_pred)


def test_sample_params_for_a_single_metric_and_non_weight_params():
    y_true, y_pred, g, _, _ = _data(6)
    scores = np.random.default_rng(0).random(len(y_true))

    def mean_score_of_positives(y_true, y_pred, scores):
        return float(scores[np.asarray(y_pred) == 1].mean())

    mf = MetricFrame(
        metrics=mean_score_of_positives,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=g,
        sample_params={"scores": pd.Series(scores)},
    )
    for name in "pqr":
        rows = (g == name).to_numpy() & (y_pred == 1)
        assert mf.by_group[name] == pytest.approx(scores[rows].mean())


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ([1, 2], E.SAMPLE_PARAMS_NOT_DICT.format(got="list")),
        (
            {"nope": {"sample_weight": [1, 1]}},
            E.SAMPLE_PARAMS_UNKNOWN_METRIC.format(unknown=["nope"], known=["rec", "sel"]),
        ),
        (
            {"sel": {"pos_label": [1, 1]}},
            E.SAMPLE_PARAMS_FOR_RATE.format(metric="sel", keys=["pos_label"]),
        ),
        (
            {"rec": {"sample_weight": [1, 1, 1]}},
            E.LENGTH_MISMATCH.format(name="sample_params['rec']['sample_weight']", n_other=3, n=2),
        ),
    ],
)
def test_bad_sample_params(params, message):
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics={"rec": skm.recall_score, "sel": fk.selection_rate},
            y_true=[1, 0],
            y_pred=[1, 0],
            sensitive_features=["a", "b"],
            sample_params=params,
        )


def test_sample_weight_in_both_places_is_an_error():
    with pytest.raises(ValueError, match=exact(E.SAMPLE_WEIGHT_TWICE.format(metric="sel"))):
        MetricFrame(
            metrics={"sel": fk.selection_rate},
            y_true=[1, 0],
            y_pred=[1, 0],
            sensitive_features=["a", "b"],
            sample_weight=[1, 1],
            sample_params={"sel": {"sample_weight": [1, 2]}},
        )


# -- non-scalar metrics ---------------------------------------------------------------------
def test_confusion_matrix_per_group_and_per_stratum():
    y_true, y_pred, g, c, _ = _data(7)
    mf = MetricFrame(
        metrics={"cm": skm.confusion_matrix, "sel": fk.selection_rate},
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=g,
        control_features=c,
    )
    for (cf, sf), cm in mf.by_group["cm"].items():
        rows = ((c == cf) & (g == sf)).to_numpy()
        np.testing.assert_array_equal(cm, skm.confusion_matrix(y_true[rows], y_pred[rows]))
    for cf, cm in mf.overall["cm"].items():
        rows = (c == cf).to_numpy()
        np.testing.assert_array_equal(cm, skm.confusion_matrix(y_true[rows], y_pred[rows]))
    message = E.NON_SCALAR_AGGREGATE.format(metric="cm", aggregate="difference")
    with pytest.raises(ValueError, match=exact(message)):
        mf.difference()
    coerced = mf.difference(errors="coerce")
    assert coerced["cm"].isna().all()
    plain = MetricFrame(
        metrics=fk.selection_rate,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=g,
        control_features=c,
    )
    np.testing.assert_allclose(coerced["sel"], plain.difference())
    with pytest.raises(ValueError, match=exact(message.replace("difference", "group_min"))):
        mf.group_min()


def test_bad_errors_option():
    mf = MetricFrame(
        metrics=skm.confusion_matrix,
        y_true=[1, 0, 1, 0],
        y_pred=[1, 0, 0, 1],
        sensitive_features=["a", "a", "b", "b"],
    )
    with pytest.raises(ValueError, match=exact(E.BAD_ERRORS.format(errors="ignore"))):
        mf.ratio(errors="ignore")


# -- properties -------------------------------------------------------------------------------

_PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_RATES = {"sel": fk.selection_rate, "acc": fk.accuracy, "mean": fk.mean_prediction}


@st.composite
def _rows(draw):
    n = draw(st.integers(4, 40))
    ints = st.lists(st.integers(0, 1), min_size=n, max_size=n)
    return (
        np.array(draw(ints)),
        np.array(draw(ints)),
        np.array(draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))),
        np.array(draw(st.lists(st.sampled_from("xy"), min_size=n, max_size=n))),
        np.array(draw(st.lists(st.floats(0.1, 5.0), min_size=n, max_size=n))),
    )


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fk.FairkitWarning)
        return fn()


@_PROPERTY
@given(_rows())
def test_each_stratum_is_the_frame_of_its_own_rows(rows):
    y_true, y_pred, group, control, w = rows
    mf = _quiet(
        lambda: MetricFrame(
            metrics=_RATES,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=group,
            control_features=control,
            sample_weight=w,
        )
    )
    for stratum in np.unique(control):
        keep = control == stratum
        alone = _quiet(
            lambda keep=keep: MetricFrame(
                metrics=_RATES,
                y_true=y_true[keep],
                y_pred=y_pred[keep],
                sensitive_features=group[keep],
                sample_weight=w[keep],
            )
        )
        np.testing.assert_allclose(mf.by_group.loc[stratum].to_numpy(), alone.by_group.to_numpy())
        np.testing.assert_allclose(mf.overall.loc[stratum].to_numpy(), alone.overall.to_numpy())
        for name, kw in AGGREGATES:
            got = _quiet(lambda name=name, kw=kw: getattr(mf, name)(**kw))
            expected = _quiet(lambda name=name, kw=kw, alone=alone: getattr(alone, name)(**kw))
            np.testing.assert_allclose(
                got.loc[stratum].to_numpy(), expected.to_numpy(), err_msg=name
            )


@_PROPERTY
@given(_rows())
def test_a_constant_control_feature_changes_nothing(rows):
    y_true, y_pred, group, _, w = rows
    plain = _quiet(
        lambda: MetricFrame(
            metrics=_RATES, y_true=y_true, y_pred=y_pred, sensitive_features=group, sample_weight=w
        )
    )
    single = _quiet(
        lambda: MetricFrame(
            metrics=_RATES,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=group,
            sample_weight=w,
            control_features=np.zeros(len(group), dtype=int),
        )
    )
    np.testing.assert_allclose(single.by_group.to_numpy(), plain.by_group.to_numpy())
    for name, kw in AGGREGATES:
        got = _quiet(lambda name=name, kw=kw: getattr(single, name)(**kw))
        expected = _quiet(lambda name=name, kw=kw: getattr(plain, name)(**kw))
        np.testing.assert_allclose(got.loc[0].to_numpy(), expected.to_numpy(), err_msg=name)
