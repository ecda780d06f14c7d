"""Tests of what m01 added to fairkit.datasets: missingness by group, and a decision stream.

Statistical checks use large samples and a tolerance of four standard errors, with fixed
seeds (deterministic outcome; a correct generator would fail with probability below 1e-4).
The references are the documented formulas, recomputed here with scipy.stats.
"""

from __future__ import annotations

import doctest
import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from fairkit.datasets import DecisionStream, _stream, make_hiring, make_hiring_stream, make_lending
from fairkit.datasets._stream import COUNT_MSG, DRIFT_START_MSG
from fairkit.datasets._synthetic import MISSING_TOTAL_MSG
from fairkit.datasets._validation import INTERVAL_MSG

N = 40_000
SEED = 2024
GENERATORS = [make_hiring, make_lending]
MISSING_FEATURE = {make_hiring: "test_score", make_lending: "debt_to_income"}


def _four_se(p: float, n: int) -> float:
    return 4 * math.sqrt(p * (1 - p) / n)


# --------------------------------------------------------------------------- missingness
@pytest.mark.parametrize("make", GENERATORS)
def test_missingness_off_by_default_changes_nothing(make):
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    default = make(500, random_state=rng_a)
    explicit = make(500, missing_rate=0.0, missing_bias=0.0, random_state=rng_b)
    pd.testing.assert_frame_equal(default.frame, explicit.frame)
    assert default.description == explicit.description
    assert "missing" not in default.description
    assert not default.frame.isna().any().any()
    # The shared generator is left in the same state: later draws are unchanged too.
    assert rng_a.random() == rng_b.random()
    truth = default.ground_truth
    assert truth.missing_feature == MISSING_FEATURE[make]
    assert truth.missing_bias == 0.0 and set(truth.missing_rate.values()) == {0.0}


@pytest.mark.parametrize("make", GENERATORS)
def test_missingness_only_blanks_its_own_column(make):
    base = make(3_000, random_state=SEED)
    gappy = make(3_000, missing_rate=0.1, missing_bias=0.3, random_state=SEED)
    feature = MISSING_FEATURE[make]
    differing = [c for c in base.frame if not base.frame[c].equals(gappy.frame[c])]
    assert differing == [feature]
    missing = gappy.frame[feature].isna()
    # Where a value is kept it is the very same value.
    pd.testing.assert_series_equal(gappy.frame[feature][~missing], base.frame[feature][~missing])
    assert gappy.frame.drop(columns=feature).notna().all().all()


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize(("rate", "bias"), [(0.0, 0.25), (0.05, 0.15), (0.3, 0.7)])
def test_measured_missing_rates_converge_to_the_injected_ones(make, rate, bias):
    data = make(N, group_proportion=0.4, missing_rate=rate, missing_bias=bias, random_state=SEED)
    truth = data.ground_truth
    frame = data.frame
    missing = frame[truth.missing_feature].isna()
    assert dict(truth.missing_rate) == {truth.advantaged: rate, truth.disadvantaged: rate + bias}
    assert truth.missing_bias == bias
    measured = {}
    for group, p in truth.missing_rate.items():
        in_group = (frame[truth.sensitive_name] == group).to_numpy()
        measured[group] = missing[in_group].mean()
        assert abs(measured[group] - p) <= _four_se(p, int(in_group.sum())) + 1e-12
    gap = measured[truth.disadvantaged] - measured[truth.advantaged]
    n_dis = int((frame[truth.sensitive_name] == truth.disadvantaged).sum())
    se = math.sqrt(rate * (1 - rate) / (N - n_dis) + (rate + bias) * (1 - rate - bias) / n_dis)
    assert abs(gap - bias) <= 4 * se + 1e-12


@pytest.mark.parametrize("make", GENERATORS)
def test_missingness_is_at_random_within_a_group(make):
    # MAR given the group: among women (resp. men) missing values are unrelated to the truth.
    data = make(N, missing_rate=0.2, missing_bias=0.3, random_state=SEED)
    truth = data.ground_truth
    frame = data.frame
    missing = frame[truth.missing_feature].isna()
    for group, p in truth.missing_rate.items():
        in_group = frame[truth.sensitive_name] == group
        for label in (0, 1):
            rows = in_group & (frame[truth.true_label_name] == label)
            assert abs(missing[rows].mean() - p) <= _four_se(p, int(rows.sum()))


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"missing_rate": -0.1},
            INTERVAL_MSG.format(name="missing_rate", interval="[0, 1]", value=-0.1),
        ),
        (
            {"missing_bias": 1.5},
            INTERVAL_MSG.format(name="missing_bias", interval="[0, 1]", value=1.5),
        ),
        ({"missing_rate": 0.6, "missing_bias": 0.5}, MISSING_TOTAL_MSG.format(rate=0.6, bias=0.5)),
    ],
)
def test_bad_missingness_knobs_raise_a_clear_error(make, kwargs, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        make(10, **kwargs)


# ------------------------------------------------------------------------ decision stream
def test_stream_schema_and_true_rates():
    stream = make_hiring_stream(12, 50, drift_start=5, drift=1.0, drift_duration=4, random_state=0)
    assert isinstance(stream, DecisionStream)
    frame = stream.frame
    assert list(frame.columns) == ["batch", "gender", "interview_score", "qualified", "selected"]
    assert frame["batch"].value_counts().sort_index().to_dict() == {b: 50 for b in range(1, 13)}
    assert list(frame["gender"].cat.categories) == ["man", "woman"]
    truth = stream.true_selection_rate
    assert list(truth.index) == list(range(1, 13)) and list(truth.columns) == ["man", "woman"]
    c = norm.ppf(0.7)
    ramp = [0, 0, 0, 0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 1]  # drift_start=5, over 4 batches
    np.testing.assert_allclose(truth["woman"], norm.sf(c + np.array(ramp)), rtol=1e-12)
    np.testing.assert_allclose(truth["man"], 0.3)
    np.testing.assert_allclose(stream.true_gap, truth["woman"] - truth["man"])


def test_stream_selection_rates_converge_to_the_truth():
    stream = make_hiring_stream(4, 40_000, drift_start=3, drift=0.8, random_state=SEED)
    frame = stream.frame
    measured = frame.groupby(["batch", "gender"], observed=True)["selected"].mean().unstack()
    sizes = frame.groupby(["batch", "gender"], observed=True).size().unstack()
    truth = stream.true_selection_rate
    for batch in truth.index:
        for group in truth.columns:
            p = truth.loc[batch, group]
            assert abs(measured.loc[batch, group] - p) <= _four_se(p, int(sizes.loc[batch, group]))


def test_stream_drift_changes_only_score_and_decision():
    calm = make_hiring_stream(10, 100, drift=0.0, drift_start=4, random_state=SEED).frame
    drifting = make_hiring_stream(10, 100, drift=1.5, drift_start=4, random_state=SEED).frame
    differing = [c for c in calm if not calm[c].equals(drifting[c])]
    assert differing == ["interview_score", "selected"]
    before = drifting["batch"] < 4
    pd.testing.assert_frame_equal(calm[before], drifting[before])
    men = drifting["gender"] == "man"
    pd.testing.assert_frame_equal(calm[men], drifting[men])


def test_stream_without_drift_selects_both_groups_alike():
    frame = make_hiring_stream(20, 2_000, drift=0.0, random_state=SEED).frame
    rates = frame.groupby("gender", observed=True)["selected"].mean()
    n = frame["gender"].value_counts()
    se = math.sqrt(0.21 / n["man"] + 0.21 / n["woman"])
    assert abs(rates["woman"] - rates["man"]) < 4 * se


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_batches": 0}, COUNT_MSG.format(name="n_batches", value=0)),
        ({"batch_size": 2.5}, COUNT_MSG.format(name="batch_size", value=2.5)),
        ({"drift_duration": True}, COUNT_MSG.format(name="drift_duration", value=True)),
        ({"drift_start": 31}, DRIFT_START_MSG.format(n_batches=30, value=31)),
        ({"drift_start": 0.5}, DRIFT_START_MSG.format(n_batches=30, value=0.5)),
        ({"drift": 4}, INTERVAL_MSG.format(name="drift", interval="[0, 3]", value=4)),
        (
            {"selection_rate": 1},
            INTERVAL_MSG.format(name="selection_rate", interval="(0, 1)", value=1),
        ),
    ],
)
def test_bad_stream_parameters_raise_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        make_hiring_stream(**kwargs)


def test_stream_docstring_examples_run():
    result = doctest.testmod(_stream, optionflags=doctest.ELLIPSIS, report=False)
    assert result.attempted > 0 and result.failed == 0
