"""Tests for fairkit.datasets, checked against references that do not reuse the loader code.

Statistical checks use n = 20,000 and a tolerance of four standard errors of the estimate,
so a correct generator fails with probability below 1e-4 per check; the seeds are fixed,
so the outcome is also deterministic.
"""

from __future__ import annotations

import csv
import doctest
import gzip
import hashlib
import io
import math
import re
import socket
from collections import Counter
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import ks_2samp

import fairkit.datasets as datasets_module
from fairkit.datasets import (
    Dataset,
    GroundTruth,
    _adult,
    _base,
    _german,
    _hiring,
    _lending,
    load_adult,
    load_german,
    make_hiring,
    make_lending,
)
from fairkit.datasets._base import MISSING_COLUMN_MSG, TARGET_VALUES_MSG
from fairkit.datasets._validation import INTERVAL_MSG, N_SAMPLES_MSG, RANDOM_STATE_MSG

N = 20_000
SEED = 12345
DATA = files("fairkit.datasets").joinpath("data")
GENERATORS = [make_hiring, make_lending]


def _points_to_disadvantaged(data: Dataset) -> pd.Series:
    """Whether the proxy points to the disadvantaged group, read off each generator's docs."""
    if data.name == "hiring":
        return data.frame["club_member"] == 1
    return data.frame["zip_code"].isin(["Z01", "Z02", "Z03", "Z04", "Z05"])


def _zero_bias(make, *, group_proportion: float = 0.5, random_state: int = SEED) -> Dataset:
    return make(
        N,
        group_proportion=group_proportion,
        historical_bias=0.0,
        measurement_bias=0.0,
        proxy_strength=0.0,
        random_state=random_state,
    )


def _four_se(p: float, n: int) -> float:
    return 4 * math.sqrt(p * (1 - p) / n)


@pytest.fixture(scope="module")
def adult() -> Dataset:
    return load_adult()


@pytest.fixture(scope="module")
def german() -> Dataset:
    return load_german()


@pytest.fixture(scope="module")
def german_rows() -> list[list[str]]:
    """The raw German file parsed with the csv module, independently of the loader."""
    with gzip.open(io.BytesIO(DATA.joinpath("german.data.gz").read_bytes()), "rt") as text:
        return list(csv.reader(text, delimiter=" "))


# --------------------------------------------------------------------------- real data


def test_adult_matches_published_marginals(adult):
    frame = adult.frame
    assert frame.shape == (32_561, 16)
    assert frame["sex"].value_counts().to_dict() == {"Male": 21_790, "Female": 10_771}
    assert int(adult.y.sum()) == 7_841
    # adult.names: 30,162 training rows remain once rows with unknowns are removed.
    assert len(frame.dropna()) == 30_162
    missing = frame.isna().sum()
    assert set(missing[missing > 0].index) == {"workclass", "occupation", "native_country"}


def test_adult_columns_dtypes_and_roles(adult):
    names = [
        "age",
        "workclass",
        "fnlwgt",
        "education",
        "education_num",
        "marital_status",
        "occupation",
        "relationship",
        "race",
        "sex",
        "capital_gain",
        "capital_loss",
        "hours_per_week",
        "native_country",
        "income",
    ]
    numeric = {"age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"}
    assert list(adult.frame.columns) == [*names, "income_gt_50k"]
    for name in names:
        expected = "int64" if name in numeric else "category"
        assert adult.frame[name].dtype == expected, name
    assert list(adult.X.columns) == names[:-1]
    assert adult.y.name == "income_gt_50k" and adult.y.dtype == "int64"
    assert adult.sensitive_names == ("sex", "race")
    assert list(adult.sensitive.columns) == ["sex", "race"]
    assert adult.ground_truth is None
    assert (adult.y == (adult.frame["income"] == ">50K")).all()


def test_adult_text_is_stripped_and_question_marks_are_missing(adult):
    for name in adult.frame.select_dtypes("category"):
        categories = adult.frame[name].cat.categories
        assert all(value == value.strip() for value in categories), name
        assert "?" not in categories, name
    assert adult.frame["workclass"].isna().sum() == 1_836
    assert set(adult.frame["race"].cat.categories) == {
        "White",
        "Black",
        "Asian-Pac-Islander",
        "Amer-Indian-Eskimo",
        "Other",
    }


def test_german_matches_published_marginals(german, german_rows):
    frame = german.frame
    assert len(frame) == 1_000 == len(german_rows)
    assert frame["good_credit"].value_counts().to_dict() == {1: 700, 0: 300}
    assert not frame.isna().any().any()
    # Independent reference: attribute 9 codes and the class column of the raw file.
    status = Counter(row[8] for row in german_rows)
    assert int((frame["sex"] == "female").sum()) == status["A92"] + status["A95"] == 310
    assert [int(row[20] == "1") for row in german_rows] == frame["good_credit"].tolist()
    assert [int(row[12]) for row in german_rows] == frame["age"].tolist()


def test_german_derived_sensitive_columns(german):
    frame = german.frame
    assert german.sensitive_names == ("sex", "age_group")
    young = frame["age"] < 25
    assert ((frame["age_group"] == "young") == young).all()
    assert int(young.sum()) == 149
    assert list(frame["sex"].cat.categories) == ["male", "female"]
    assert list(frame["age_group"].cat.categories) == ["older", "young"]
    assert {"age", "sex", "age_group"} <= set(german.X.columns)
    assert not {"good_credit", "credit_risk"} & set(german.X.columns)


def test_german_codes_are_decoded(german):
    frame = german.frame
    code = re.compile(r"^A\d+$")
    for name in frame.select_dtypes("category"):
        assert not any(code.match(str(value)) for value in frame[name].cat.categories), name
    assert frame["telephone"].dtype == bool and frame["foreign_worker"].dtype == bool
    assert int(frame["foreign_worker"].sum()) == 963
    assert frame.loc[0, "purpose"] == "radio/television"  # first raw row has A43
    assert "vacation" not in frame["purpose"].cat.categories  # A47 never occurs
    numeric = frame.select_dtypes("number").columns
    assert set(numeric) == {
        "duration_months",
        "credit_amount",
        "installment_rate",
        "residence_since",
        "age",
        "existing_credits",
        "people_liable",
        "good_credit",
    }
    assert (frame[numeric].dtypes == "int64").all()


def test_loaders_do_not_touch_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("fairkit.datasets tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert len(load_adult().frame) == 32_561
    assert len(load_german().frame) == 1_000


def test_datasheet_checksums_and_sizes_match_the_shipped_files():
    readme = DATA.joinpath("README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| ([\d,]+) \| `([0-9a-f]{64})` \|$", readme, re.M)
    assert {name for name, _, _ in rows} == {
        "adult.data.gz",
        "german.data.gz",
        "german_values.json",
    }
    for name, size, digest in rows:
        content = DATA.joinpath(name).read_bytes()
        assert len(content) == int(size.replace(",", "")), name
        assert hashlib.sha256(content).hexdigest() == digest, name
    assert "COMPAS" in readme and "CC BY 4.0" in readme


# ----------------------------------------------------------------------- synthetic data


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_schema(make):
    data = make(200, random_state=0)
    truth = data.ground_truth
    assert isinstance(truth, GroundTruth)
    frame = data.frame
    assert len(frame) == 200
    assert data.target_name == truth.observed_label_name == data.y.name
    assert data.y.dtype == "int64" and frame[truth.true_label_name].dtype == "int64"
    assert truth.true_label_name not in data.X.columns
    assert data.target_name not in data.X.columns
    assert data.sensitive_names == (truth.sensitive_name,)
    assert list(frame[truth.sensitive_name].cat.categories) == [
        truth.advantaged,
        truth.disadvantaged,
    ]
    assert {truth.measured_feature, truth.proxy_name} <= set(data.X.columns)
    assert not frame.isna().any().any()


@pytest.mark.parametrize("make", GENERATORS)
def test_same_seed_same_data_and_other_seed_other_data(make):
    first = make(500, random_state=7).frame
    pd.testing.assert_frame_equal(first, make(500, random_state=7).frame)
    pd.testing.assert_frame_equal(first, make(500, random_state=np.random.default_rng(7)).frame)
    assert not first.equals(make(500, random_state=8).frame)


@pytest.mark.parametrize("make", GENERATORS)
def test_shared_generator_is_advanced(make):
    rng = np.random.default_rng(0)
    assert not make(100, random_state=rng).frame.equals(make(100, random_state=rng).frame)


@pytest.mark.parametrize("make", GENERATORS)
def test_zero_bias_world_has_no_group_differences(make):
    data = _zero_bias(make)
    truth = data.ground_truth
    frame = data.frame
    pd.testing.assert_series_equal(
        frame[truth.observed_label_name], frame[truth.true_label_name], check_names=False
    )
    is_dis = frame[truth.sensitive_name] == truth.disadvantaged
    assert abs(is_dis.mean() - 0.5) < _four_se(0.5, N)
    # Same seed, different group assignment: the features must not change at all.
    others = [name for name in data.feature_names if name != truth.sensitive_name]
    reassigned = _zero_bias(make, group_proportion=0.2).frame
    pd.testing.assert_frame_equal(frame[others], reassigned[others])
    # And their distributions agree between the groups.
    for name in data.X.select_dtypes("number").columns:
        result = ks_2samp(frame.loc[is_dis, name], frame.loc[~is_dis, name])
        assert result.pvalue > 1e-3, name
    proxy = _points_to_disadvantaged(data)
    gap = proxy[is_dis].mean() - proxy[~is_dis].mean()
    assert abs(gap) < 4 * math.sqrt(0.25 / is_dis.sum() + 0.25 / (~is_dis).sum())


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("bias", [0.2, 0.6])
def test_historical_bias_is_recovered(make, bias):
    data = make(N, group_proportion=0.5, historical_bias=bias, random_state=SEED)
    truth = data.ground_truth
    frame = data.frame
    true, observed = frame[truth.true_label_name], frame[truth.observed_label_name]
    is_dis = frame[truth.sensitive_name] == truth.disadvantaged
    assert (observed <= true).all()
    assert (observed[~is_dis] == true[~is_dis]).all()
    qualified_dis = is_dis & (true == 1)
    kept = observed[qualified_dis].mean()
    assert abs(kept - (1 - bias)) < _four_se(1 - bias, int(qualified_dis.sum()))
    # The ground truth's population rates agree with the sample.
    for group, rate in truth.observed_base_rate.items():
        in_group = frame[truth.sensitive_name] == group
        assert abs(observed[in_group].mean() - rate) < _four_se(rate, int(in_group.sum()))
    assert truth.observed_rate_ratio == pytest.approx(1 - bias)


@pytest.mark.parametrize("make", GENERATORS)
def test_true_base_rate_is_equal_across_groups(make):
    data = make(N, random_state=SEED)
    truth = data.ground_truth
    rates = data.frame.groupby(truth.sensitive_name, observed=True)[truth.true_label_name].mean()
    counts = data.frame[truth.sensitive_name].value_counts()
    for group, rate in truth.true_base_rate.items():
        assert abs(rates[group] - rate) < _four_se(rate, int(counts[group]))


@pytest.mark.parametrize("make", GENERATORS)
def test_measurement_bias_is_a_mean_shift_of_the_measured_feature(make):
    biased = make(N, group_proportion=0.5, measurement_bias=0.8, random_state=SEED)
    unbiased = make(N, group_proportion=0.5, measurement_bias=0.0, random_state=SEED)
    truth = biased.ground_truth
    feature = truth.measured_feature
    is_dis = biased.frame[truth.sensitive_name] == truth.disadvantaged
    shift = biased.frame[feature] - unbiased.frame[feature]
    # Paired comparison: exactly the documented shift, up to rounding of the stored values.
    assert shift[~is_dis].eq(0).all()
    assert np.allclose(shift[is_dis], truth.measurement_shift, atol=1.0)
    assert truth.measurement_shift == pytest.approx(-0.8 * (10 if make is make_hiring else 60))
    # Unpaired, as a learner would see it: the group gap in means is the shift.
    values = biased.frame[feature]
    gap = values[is_dis].mean() - values[~is_dis].mean()
    sd = values[~is_dis].std()
    se = sd * math.sqrt(1 / is_dis.sum() + 1 / (~is_dis).sum())
    assert abs(gap - truth.measurement_shift) < 4 * se


@pytest.mark.parametrize("make", GENERATORS)
def test_proxy_strength_raises_how_well_the_proxy_predicts_the_group(make):
    accuracies = []
    for strength in (0.0, 0.5, 1.0):
        data = make(N, group_proportion=0.3, proxy_strength=strength, random_state=SEED)
        truth = data.ground_truth
        is_dis = data.frame[truth.sensitive_name] == truth.disadvantaged
        accuracy = (_points_to_disadvantaged(data) == is_dis).mean()
        assert truth.proxy_agreement == 0.5 + strength / 2
        assert abs(accuracy - truth.proxy_agreement) <= _four_se(truth.proxy_agreement, N)
        accuracies.append(accuracy)
    assert accuracies[0] < accuracies[1] < accuracies[2] == 1.0


@pytest.mark.parametrize("make", GENERATORS)
def test_group_proportion_sets_the_disadvantaged_share(make):
    data = make(N, group_proportion=0.2, random_state=SEED)
    truth = data.ground_truth
    share = (data.frame[truth.sensitive_name] == truth.disadvantaged).mean()
    assert abs(share - 0.2) < _four_se(0.2, N)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize(
    ("knob", "value"),
    [("historical_bias", 0.9), ("measurement_bias", 2.0), ("proxy_strength", 1.0)],
)
def test_each_knob_changes_only_its_own_column(make, knob, value):
    base = make(2_000, random_state=SEED)
    changed = make(2_000, random_state=SEED, **{knob: value})
    truth = base.ground_truth
    own = {
        "historical_bias": truth.observed_label_name,
        "measurement_bias": truth.measured_feature,
        "proxy_strength": truth.proxy_name,
    }[knob]
    differing = [name for name in base.frame if not base.frame[name].equals(changed.frame[name])]
    assert differing == [own]


@settings(max_examples=30, deadline=None)
@given(
    make=st.sampled_from(GENERATORS),
    n_samples=st.integers(1, 300),
    group_proportion=st.floats(0.01, 0.99),
    historical_bias=st.floats(0, 1),
    measurement_bias=st.floats(0, 3),
    proxy_strength=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_bias_only_ever_lowers_the_disadvantaged_group(
    make, n_samples, group_proportion, historical_bias, measurement_bias, proxy_strength, seed
):
    data = make(
        n_samples,
        group_proportion=group_proportion,
        historical_bias=historical_bias,
        measurement_bias=measurement_bias,
        proxy_strength=proxy_strength,
        random_state=seed,
    )
    truth = data.ground_truth
    frame = data.frame
    observed, true = frame[truth.observed_label_name], frame[truth.true_label_name]
    is_adv = frame[truth.sensitive_name] == truth.advantaged
    assert len(frame) == n_samples
    assert set(observed.unique()) <= {0, 1}
    assert (observed <= true).all()
    assert (observed[is_adv] == true[is_adv]).all()


# -------------------------------------------------------------------------- validation


def _interval(name: str, interval: str, value: object) -> str:
    return INTERVAL_MSG.format(name=name, interval=interval, value=value)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize(
    ("keyword", "value", "message"),
    [
        ("n_samples", 0, N_SAMPLES_MSG.format(value=0)),
        ("n_samples", 2.5, N_SAMPLES_MSG.format(value=2.5)),
        ("n_samples", True, N_SAMPLES_MSG.format(value=True)),
        ("group_proportion", 0, _interval("group_proportion", "(0, 1)", 0)),
        ("group_proportion", 1.0, _interval("group_proportion", "(0, 1)", 1.0)),
        ("historical_bias", -0.1, _interval("historical_bias", "[0, 1]", -0.1)),
        ("historical_bias", "0.5", _interval("historical_bias", "[0, 1]", "0.5")),
        ("measurement_bias", 3.5, _interval("measurement_bias", "[0, 3]", 3.5)),
        ("proxy_strength", math.nan, _interval("proxy_strength", "[0, 1]", math.nan)),
        ("random_state", -1, RANDOM_STATE_MSG.format(value=-1)),
        ("random_state", "seed", RANDOM_STATE_MSG.format(value="seed")),
    ],
    ids=lambda case: "msg" if isinstance(case, str) and case.endswith(".") else None,
)
def test_bad_parameters_raise_a_clear_value_error(make, keyword, value, message):
    kwargs = {"n_samples": 10, keyword: value}
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        make(**kwargs)


def test_dataset_rejects_unknown_columns_and_non_binary_targets():
    frame = pd.DataFrame({"x": [1.0, 2.0], "group": ["a", "b"], "label": [0, 1]})
    missing = MISSING_COLUMN_MSG.format(role="feature", column="z")
    with pytest.raises(ValueError, match=re.escape(missing)):
        Dataset("toy", frame, "label", ("x", "z"), ("group",), "toy data")
    for values, dtype in [([0, 2], "int64"), ([0.0, 1.0], "float64")]:
        frame["label"] = values
        message = TARGET_VALUES_MSG.format(name="label", dtype=dtype)
        with pytest.raises(ValueError, match=re.escape(message)):
            Dataset("toy", frame, "label", ("x",), ("group",), "toy data")


def test_dataset_accessors_return_copies():
    data = make_hiring(50, random_state=0)
    features, target = data.X, data.y
    features.loc[0, "test_score"] = -1.0
    target.loc[0] = 1 - target.loc[0]
    assert data.frame.loc[0, "test_score"] != -1.0
    assert data.y.loc[0] != target.loc[0]


# ------------------------------------------------------------------------ documentation


def test_public_api_is_exported():
    assert set(datasets_module.__all__) == {
        "Dataset",
        "DecisionStream",
        "GroundTruth",
        "ScoreTruth",
        "load_adult",
        "load_gender_shades",
        "load_german",
        "make_group_images",
        "make_hiring",
        "make_hiring_stream",
        "make_lending",
        "make_risk_scores",
    }


@pytest.mark.parametrize("module", [_adult, _base, _german, _hiring, _lending])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=False)
    assert result.attempted > 0 and result.failed == 0
