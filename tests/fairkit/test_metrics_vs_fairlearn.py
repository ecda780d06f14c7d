"""Agreement with Fairlearn 0.15 (``fairlearn.metrics``) to 1e-12 on seeded random cases.

Every case has 20-500 rows, 1-3 sensitive features (2-5 levels for one feature, fewer for
several), 2-5 observed groups (with several features, a random subset of the combinations),
and in every observed group each (y_true, y_pred) pair occurs at least once, so every rate is
defined and non-zero: the setting in which Fairlearn is correct. Half the cases carry random
sample weights. Where Fairlearn differs by design (a rate that is 0/0, string labels,
unobserved intersections), the last tests pin our behaviour down.
"""

import functools
import itertools
from types import SimpleNamespace

import fairlearn.metrics as flm
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, precision_score

from fairkit import metrics as fk
from fairkit.metrics import GroupsSkippedWarning, UndefinedMetricWarning

RTOL = ATOL = 1e-12
N_CASES = 200  # rates, MetricFrame and gap functions against Fairlearn's MetricFrame
N_GAP_CASES = 8  # Fairlearn's own gap functions, which build a MetricFrame per call: slower

LEVELS = [
    np.array(["amber", "blue", "coral", "dune", "ember"]),
    np.array([-7, 0, 3, 12, 40]),
    np.array(["F", "M", "X", "Y", "Z"]),
]


def fairlearn_npv(y_true, y_pred, sample_weight=None):
    """Negative predictive value by hand: weight of TN / weight of predicted negatives."""
    w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight)
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return w[(y_true == 0) & (y_pred == 0)].sum() / w[y_pred == 0].sum()


# our metric -> the Fairlearn / scikit-learn / hand function it must agree with
PAIRS = {
    "selection_rate": (fk.selection_rate, flm.selection_rate),
    "true_positive_rate": (fk.true_positive_rate, flm.true_positive_rate),
    "false_positive_rate": (fk.false_positive_rate, flm.false_positive_rate),
    "true_negative_rate": (fk.true_negative_rate, flm.true_negative_rate),
    "false_negative_rate": (fk.false_negative_rate, flm.false_negative_rate),
    "positive_predictive_value": (fk.positive_predictive_value, precision_score),
    "negative_predictive_value": (fk.negative_predictive_value, fairlearn_npv),
    "accuracy": (fk.accuracy, accuracy_score),
    "count": (fk.count, flm.count),
}
OURS = {name: pair[0] for name, pair in PAIRS.items()}
THEIRS = {name: pair[1] for name, pair in PAIRS.items()}


@functools.cache
def make_case(seed: int) -> SimpleNamespace:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 501))
    n_features = int(rng.integers(1, 4))
    # levels per feature: 2-5 for one feature, 2-4 for two, 2-3 for three (Fairlearn's
    # MetricFrame works over every combination of levels, which makes it slow)
    levels = [int(rng.integers(2, 7 - n_features)) for _ in range(n_features)]
    combos = list(itertools.product(*(range(k) for k in levels)))
    n_groups = int(rng.integers(2, min(len(combos), 5) + 1))  # observed groups
    chosen = [combos[i] for i in rng.choice(len(combos), n_groups, replace=False)]
    extra = n - 4 * n_groups
    # four rows per group carry the pairs (0, 0), (0, 1), (1, 0), (1, 1); the rest is random,
    # with y_pred agreeing with y_true 70 % of the time
    group = np.concatenate([np.repeat(np.arange(n_groups), 4), rng.integers(0, n_groups, extra)])
    y_true_extra = (rng.random(extra) < rng.uniform(0.2, 0.8)).astype(int)
    y_pred_extra = np.where(rng.random(extra) < 0.7, y_true_extra, 1 - y_true_extra)
    y_true = np.concatenate([np.tile([0, 0, 1, 1], n_groups), y_true_extra])
    y_pred = np.concatenate([np.tile([0, 1, 0, 1], n_groups), y_pred_extra])
    perm = rng.permutation(n)
    y_true, y_pred, group = y_true[perm], y_pred[perm], group[perm]
    columns = {
        f"sf{j}": LEVELS[j][np.array([c[j] for c in chosen])[group]] for j in range(n_features)
    }
    sf = pd.Series(columns["sf0"], name="sf0") if n_features == 1 else pd.DataFrame(columns)
    weights = rng.uniform(0.2, 3.0, n) if seed % 2 else None
    return SimpleNamespace(
        y_true=y_true, y_pred=y_pred, sf=sf, weights=weights, n=n, n_groups=n_groups
    )


def test_cases_cover_the_intended_space():
    cases = [make_case(s) for s in range(N_CASES)]
    n_features = [1 if isinstance(c.sf, pd.Series) else c.sf.shape[1] for c in cases]
    assert set(n_features) == {1, 2, 3}
    assert min(c.n for c in cases) < 60
    assert max(c.n for c in cases) > 450
    assert {c.n_groups for c in cases} >= {2, 3, 4, 5}
    assert sum(c.weights is not None for c in cases) == N_CASES // 2
    # several features with unobserved intersections occur
    assert any(
        not isinstance(c.sf, pd.Series) and c.n_groups < np.prod(c.sf.nunique().to_numpy())
        for c in cases
    )
    # the metric rotation (below) covers every metric, with and without weights
    for parity in (0, 1):
        used = [name for seed in range(parity, N_CASES, 2) for name in metric_names(seed)]
        assert {name: used.count(name) for name in CHEAP} == dict.fromkeys(CHEAP, N_CASES // 2)
        assert all(used.count(name) >= 20 for name in EXPENSIVE)


def _sample_kw(case):
    return {} if case.weights is None else {"sample_weight": case.weights}


# Each Fairlearn call of TPR, FPR, TNR, FNR, precision or accuracy costs a few milliseconds per
# group (scikit-learn's input checks). To stay fast, a case's MetricFrame holds the cheap metrics
# (selection rate, count, NPV) and one expensive one, in rotation; one case in ten holds all.
CHEAP = ("selection_rate", "count", "negative_predictive_value")
EXPENSIVE = tuple(name for name in PAIRS if name not in CHEAP)


def metric_names(seed: int) -> list[str]:
    if seed % 20 in (0, 11):  # with and without weights
        return list(PAIRS)
    return [name for name in PAIRS if name in (*CHEAP, EXPENSIVE[(seed // 2) % 6])]


@functools.cache
def fairlearn_frame(seed: int):
    case, names = make_case(seed), metric_names(seed)
    params = None
    if case.weights is not None:
        params = {name: {"sample_weight": case.weights} for name in names if name != "count"}
    return flm.MetricFrame(
        metrics={name: THEIRS[name] for name in names},
        y_true=case.y_true,
        y_pred=case.y_pred,
        sensitive_features=case.sf,
        sample_params=params,
    )


def assert_close(actual, expected, what):
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float),
        np.asarray(expected, dtype=float),
        rtol=RTOL,
        atol=ATOL,
        err_msg=what,
    )


# ---------------------------------------------------------------------------------------------
# Rates
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(N_CASES))
def test_rates_agree(seed):
    case = make_case(seed)
    for name, (ours, theirs) in PAIRS.items():
        if name == "count":
            assert ours(case.y_true, case.y_pred) == theirs(case.y_true, case.y_pred)
            continue
        expected = theirs(case.y_true, case.y_pred, **_sample_kw(case))
        assert_close(ours(case.y_true, case.y_pred, **_sample_kw(case)), expected, name)


# ---------------------------------------------------------------------------------------------
# MetricFrame
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(N_CASES))
def test_metricframe_agrees(seed):
    case, names = make_case(seed), metric_names(seed)
    theirs = fairlearn_frame(seed)
    ours = fk.MetricFrame(
        metrics={name: OURS[name] for name in names},
        y_true=case.y_true,
        y_pred=case.y_pred,
        sensitive_features=case.sf,
        sample_weight=case.weights,
    )
    # by_group: Fairlearn lists every combination of levels (NaN where none occurs); ours only
    # the observed ones. After dropping those rows, same groups, same order, same values.
    their_by_group = theirs.by_group.dropna(how="all")
    assert list(ours.by_group.index.names) == list(their_by_group.index.names)
    assert isinstance(ours.by_group.index, pd.MultiIndex) == isinstance(
        their_by_group.index, pd.MultiIndex
    )
    assert list(ours.by_group.index) == list(their_by_group.index)
    assert len(ours.by_group) == case.n_groups
    assert list(ours.by_group.columns) == list(their_by_group.columns) == names
    assert_close(ours.by_group, their_by_group, "by_group")
    assert_close(ours.overall, theirs.overall, "overall")
    for method in ("between_groups", "to_overall"):
        assert_close(ours.difference(method), theirs.difference(method=method), method)
        assert_close(ours.ratio(method), theirs.ratio(method=method), method)
    assert_close(ours.group_min(), theirs.group_min(), "group_min")
    assert_close(ours.group_max(), theirs.group_max(), "group_max")


@pytest.mark.parametrize("seed", range(0, N_CASES, 10))
def test_metricframe_single_metric_agrees(seed):
    # a single callable: scalar overall/aggregates and a Series by_group, as in Fairlearn
    case = make_case(seed)
    params = None if case.weights is None else {"sample_weight": case.weights}
    theirs = flm.MetricFrame(
        metrics=flm.false_positive_rate,
        y_true=case.y_true,
        y_pred=case.y_pred,
        sensitive_features=case.sf,
        sample_params=params,
    )
    ours = fk.MetricFrame(
        metrics=fk.false_positive_rate,
        y_true=case.y_true,
        y_pred=case.y_pred,
        sensitive_features=case.sf,
        sample_weight=case.weights,
    )
    their_by_group = theirs.by_group.dropna()
    assert isinstance(ours.by_group, pd.Series)
    assert list(ours.by_group.index) == list(their_by_group.index)
    assert_close(ours.by_group, their_by_group, "by_group")
    assert isinstance(ours.overall, float)
    assert_close(ours.overall, theirs.overall, "overall")
    for method in ("between_groups", "to_overall"):
        assert_close(ours.difference(method), theirs.difference(method=method), method)
        assert_close(ours.ratio(method), theirs.ratio(method=method), method)


# ---------------------------------------------------------------------------------------------
# Gap functions
# ---------------------------------------------------------------------------------------------
# our gap function, its keyword arguments, and the Fairlearn functions it must agree with
GAP_PAIRS = [
    (
        fk.demographic_parity_difference,
        {},
        [flm.demographic_parity_difference, flm.selection_rate_difference],
    ),
    (fk.demographic_parity_ratio, {}, [flm.demographic_parity_ratio, flm.selection_rate_ratio]),
    (fk.equalized_odds_difference, {"agg": "worst_case"}, [flm.equalized_odds_difference]),
    (fk.equalized_odds_difference, {"agg": "mean"}, [flm.equalized_odds_difference]),
    (fk.equalized_odds_ratio, {"agg": "worst_case"}, [flm.equalized_odds_ratio]),
    (fk.equalized_odds_ratio, {"agg": "mean"}, [flm.equalized_odds_ratio]),
    (
        fk.equal_opportunity_difference,
        {},
        [flm.equal_opportunity_difference, flm.true_positive_rate_difference],
    ),
    (
        fk.equal_opportunity_ratio,
        {},
        [flm.equal_opportunity_ratio, flm.true_positive_rate_ratio],
    ),
    (fk.false_positive_rate_difference, {}, [flm.false_positive_rate_difference]),
    (fk.false_negative_rate_difference, {}, [flm.false_negative_rate_difference]),
    (fk.accuracy_difference, {}, [flm.accuracy_score_difference]),
]


@pytest.mark.parametrize("seed", range(N_GAP_CASES))
def test_gap_functions_agree(seed):
    case = make_case(seed)
    method = "between_groups" if seed % 4 < 2 else "to_overall"  # both, with and without weights
    common = {"sensitive_features": case.sf, "method": method, **_sample_kw(case)}
    for ours, kwargs, fairlearn_fns in GAP_PAIRS:
        got = ours(case.y_true, case.y_pred, **common, **kwargs)
        assert isinstance(got, float)
        for theirs in fairlearn_fns:
            expected = theirs(case.y_true, case.y_pred, **common, **kwargs)
            assert_close(got, expected, f"{ours.__name__} {kwargs} vs {theirs.__name__}")


# our gap function, its keyword arguments, the MetricFrame aggregate, the rate(s) it uses
GAPS_FROM_FRAME = [
    (fk.demographic_parity_difference, {}, "difference", ["selection_rate"]),
    (fk.demographic_parity_ratio, {}, "ratio", ["selection_rate"]),
    (fk.equal_opportunity_difference, {}, "difference", ["true_positive_rate"]),
    (fk.equal_opportunity_ratio, {}, "ratio", ["true_positive_rate"]),
    (fk.predictive_parity_difference, {}, "difference", ["positive_predictive_value"]),
    (fk.false_positive_rate_difference, {}, "difference", ["false_positive_rate"]),
    (fk.false_negative_rate_difference, {}, "difference", ["false_negative_rate"]),
    (fk.accuracy_difference, {}, "difference", ["accuracy"]),
    (fk.equalized_odds_difference, {}, "difference", ["true_positive_rate", "false_positive_rate"]),
    (
        fk.equalized_odds_difference,
        {"agg": "mean"},
        "difference",
        ["true_positive_rate", "false_positive_rate"],
    ),
    (fk.equalized_odds_ratio, {}, "ratio", ["true_positive_rate", "false_positive_rate"]),
    (
        fk.equalized_odds_ratio,
        {"agg": "mean"},
        "ratio",
        ["true_positive_rate", "false_positive_rate"],
    ),
]


@pytest.mark.parametrize("seed", range(N_CASES))
def test_gap_functions_agree_with_fairlearn_frame(seed):
    # every case: our gap functions against the aggregates of Fairlearn's MetricFrame (worst
    # case: the largest difference / smallest ratio of TPR and FPR; mean: their mean)
    case, theirs = make_case(seed), fairlearn_frame(seed)
    method = ("between_groups", "to_overall")[(seed // 2) % 2]  # both, with and without weights
    kw = {"sensitive_features": case.sf, "method": method, **_sample_kw(case)}
    aggregates = {
        "difference": theirs.difference(method=method),
        "ratio": theirs.ratio(method=method),
    }
    n_checked = 0
    for ours, kwargs, aggregate, rates in GAPS_FROM_FRAME:
        if not set(rates) <= set(metric_names(seed)):
            continue
        values = aggregates[aggregate][rates]
        if kwargs.get("agg") == "mean":
            expected = values.mean()
        else:
            expected = values.max() if aggregate == "difference" else values.min()
        got = ours(case.y_true, case.y_pred, **kw, **kwargs)
        assert_close(got, expected, f"{ours.__name__} {kwargs} {method}")
        n_checked += 1
    assert n_checked >= 2 if seed % 20 not in (0, 11) else n_checked == len(GAPS_FROM_FRAME)


# ---------------------------------------------------------------------------------------------
# Where Fairlearn differs by design
# ---------------------------------------------------------------------------------------------
def test_group_without_positives_fairlearn_zero_ours_nan():
    # group b has no positive label: Fairlearn reports TPR 0.0 (and so a gap of 1 - 0),
    # we report NaN with a warning and leave b out of the gap.
    y_true = [1, 1, 0, 0, 0, 0]
    y_pred = [1, 1, 0, 1, 1, 0]
    group = ["a", "a", "a", "b", "b", "b"]
    theirs = flm.MetricFrame(
        metrics=flm.true_positive_rate, y_true=y_true, y_pred=y_pred, sensitive_features=group
    )
    assert theirs.by_group.tolist() == [1.0, 0.0]
    assert flm.equal_opportunity_difference(y_true, y_pred, sensitive_features=group) == 1.0
    assert flm.true_positive_rate([0, 0, 0], [1, 1, 0]) == 0.0

    with pytest.warns(UndefinedMetricWarning, match="'b'"):
        ours = fk.MetricFrame(
            metrics=fk.true_positive_rate, y_true=y_true, y_pred=y_pred, sensitive_features=group
        )
    assert ours.by_group["a"] == 1.0
    assert np.isnan(ours.by_group["b"])
    with (
        pytest.warns(UndefinedMetricWarning, match="'b'"),
        pytest.warns(GroupsSkippedWarning, match="'b'"),
    ):
        assert fk.equal_opportunity_difference(y_true, y_pred, sensitive_features=group) == 0.0
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(fk.true_positive_rate([0, 0, 0], [1, 1, 0]))


def test_string_labels_fairlearn_zero_ours_raise():
    y_true = ["yes", "no", "yes", "no"]
    y_pred = ["yes", "yes", "no", "no"]
    group = ["a", "a", "b", "b"]
    # Fairlearn compares with its default pos_label 1: nothing is ever selected
    assert flm.selection_rate(y_true, y_pred) == 0.0
    assert flm.demographic_parity_difference(y_true, y_pred, sensitive_features=group) == 0.0
    with pytest.raises(ValueError, match="pass pos_label="):
        fk.selection_rate(y_true, y_pred)
    with pytest.raises(ValueError, match="pass pos_label="):
        fk.demographic_parity_difference(y_true, y_pred, sensitive_features=group)
    # with pos_label both agree (selection: a 1, b 0)
    assert (
        fk.demographic_parity_difference(y_true, y_pred, sensitive_features=group, pos_label="yes")
        == flm.MetricFrame(
            metrics=flm.selection_rate,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=group,
            sample_params={"pos_label": "yes"},
        ).difference()
    )


def test_unobserved_intersections_fairlearn_nan_rows_ours_absent():
    sf = pd.DataFrame({"s": ["a", "a", "b", "b"], "t": ["x", "x", "y", "y"]})
    y_true, y_pred = [1, 0, 1, 0], [1, 1, 0, 1]
    theirs = flm.MetricFrame(
        metrics=flm.selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=sf
    )
    ours = fk.MetricFrame(
        metrics=fk.selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=sf
    )
    assert len(theirs.by_group) == 4
    assert theirs.by_group.isna().sum() == 2
    assert list(ours.by_group.index) == [("a", "x"), ("b", "y")]
    assert ours.by_group.tolist() == [1.0, 0.5]
    assert ours.difference() == theirs.difference() == 0.5
