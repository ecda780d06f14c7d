"""Regression tests for the input bugs users reported, each reproducing the report.

The expected values come from the same data given in a form that always worked (int64 NumPy
arrays, a DataFrame of features, aligned indexes), from Fairlearn, or from a hand count.
"""

import re
import warnings

import fairlearn.metrics as flm
import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm

from fairkit.metrics import (
    MetricFrame,
    UnalignedIndexWarning,
    accuracy,
    between_group_generalized_entropy,
    calibration_by_group,
    consistency_score,
    demographic_parity_difference,
    disparate_impact_ratio,
    equalized_odds_difference,
    false_positive_rate,
    generalized_entropy_index,
    mean_prediction,
    selection_rate,
    statistical_parity_difference,
    true_positive_rate,
)
from fairkit.metrics import _errors as E


def exact(message: str) -> str:
    return "^" + re.escape(message) + "$"


Y_TRUE = np.array([1, 0, 1, 0, 1, 1, 0, 0, 1, 0])
Y_PRED = np.array([1, 1, 0, 0, 1, 0, 0, 1, 1, 0])
GROUP = np.array(list("aabbabbaba"))
SEX = np.array(list("fmfmffmmfm"))
# Hand count: group a = rows 0, 1, 4, 7, 9 -> y_pred 1, 1, 1, 1, 0: selection 4/5;
#             group b = rows 2, 3, 5, 6, 8 -> y_pred 0, 0, 0, 0, 1: selection 1/5.
SEL_A, SEL_B = 4 / 5, 1 / 5


# -- uint64 and pandas UInt64 labels --------------------------------------------------------
UNSIGNED = {
    "uint64": lambda y: y.astype(np.uint64),
    "uint32": lambda y: y.astype(np.uint32),
    "uint8": lambda y: y.astype(np.uint8),
    "pandas UInt64": lambda y: pd.Series(y, dtype="UInt64"),
    "pandas UInt8": lambda y: pd.Series(y, dtype="UInt8"),
    "pandas Int64": lambda y: pd.Series(y, dtype="Int64"),
    "pandas boolean": lambda y: pd.Series(y.astype(bool), dtype="boolean"),
}


@pytest.mark.parametrize("kind", list(UNSIGNED))
def test_unsigned_and_nullable_labels_give_the_int64_results(kind):
    # The report: uint64 and UInt64 labels crashed every metric with a UFuncTypeError
    # (uint64 + int64 has no integer result type in NumPy).
    to = UNSIGNED[kind]
    yt, yp = to(Y_TRUE), to(Y_PRED)
    assert selection_rate(yt, yp) == selection_rate(Y_TRUE, Y_PRED) == 0.5
    assert true_positive_rate(yt, yp) == true_positive_rate(Y_TRUE, Y_PRED)
    assert demographic_parity_difference(yt, yp, sensitive_features=GROUP) == pytest.approx(
        SEL_A - SEL_B
    )
    w = np.linspace(0.5, 2.0, len(GROUP))
    assert equalized_odds_difference(
        yt, yp, sensitive_features=GROUP, sample_weight=w
    ) == pytest.approx(
        equalized_odds_difference(Y_TRUE, Y_PRED, sensitive_features=GROUP, sample_weight=w)
    )
    mf = MetricFrame(metrics=accuracy, y_true=yt, y_pred=yp, sensitive_features=GROUP)
    ref = MetricFrame(metrics=accuracy, y_true=Y_TRUE, y_pred=Y_PRED, sensitive_features=GROUP)
    pd.testing.assert_series_equal(mf.by_group, ref.by_group)
    assert statistical_parity_difference(
        yt, yp, sensitive_features=GROUP, privileged_group="a"
    ) == pytest.approx(SEL_B - SEL_A)
    assert generalized_entropy_index(yt, yp) == generalized_entropy_index(Y_TRUE, Y_PRED)
    X = np.arange(10.0).reshape(-1, 1)
    assert consistency_score(X, yp, n_neighbors=2) == consistency_score(X, Y_PRED, n_neighbors=2)
    scores = np.linspace(0, 1, 10)
    pd.testing.assert_frame_equal(
        calibration_by_group(yt, scores, sensitive_features=GROUP, n_bins=2),
        calibration_by_group(Y_TRUE, scores, sensitive_features=GROUP, n_bins=2),
    )


def test_uint64_labels_agree_with_fairlearn():
    yt, yp = Y_TRUE.astype(np.uint64), Y_PRED.astype(np.uint64)
    ours = MetricFrame(
        metrics={"tpr": true_positive_rate, "fpr": false_positive_rate},
        y_true=yt,
        y_pred=yp,
        sensitive_features=GROUP,
    )
    theirs = flm.MetricFrame(
        metrics={"tpr": flm.true_positive_rate, "fpr": flm.false_positive_rate},
        y_true=Y_TRUE,
        y_pred=Y_PRED,
        sensitive_features=GROUP,
    )
    np.testing.assert_allclose(ours.by_group.to_numpy(), theirs.by_group.to_numpy())


def test_uint64_sensitive_features_and_groups_beyond_int64():
    big = np.array(
        [2**63 + 5, 2**63 + 5, 7, 7, 2**63 + 5, 7, 7, 2**63 + 5, 7, 2**63 + 5], np.uint64
    )
    got = MetricFrame(
        metrics=selection_rate,
        y_true=Y_TRUE,
        y_pred=Y_PRED,
        sensitive_features=big.astype(np.uint64),
    ).by_group
    assert got.to_dict() == {7: pytest.approx(SEL_B), 2**63 + 5: pytest.approx(SEL_A)}


# -- privileged_group for several features --------------------------------------------------
def test_privileged_group_as_a_list_for_two_features():
    # The report: privileged_group=["a", "f"] raised a pandas-internal AssertionError.
    sf = pd.DataFrame({"group": GROUP, "sex": SEX})
    for fn in (statistical_parity_difference, disparate_impact_ratio):
        as_list = fn(Y_TRUE, Y_PRED, sensitive_features=sf, privileged_group=["a", "f"])
        as_tuple = fn(Y_TRUE, Y_PRED, sensitive_features=sf, privileged_group=("a", "f"))
        assert as_list == as_tuple
    # Hand count: (a, f) = rows 0, 4 -> both selected; the other 8 rows select 3 of 8.
    got = statistical_parity_difference(
        Y_TRUE, Y_PRED, sensitive_features=sf, privileged_group=["a", "f"]
    )
    assert got == pytest.approx(3 / 8 - 1)


@pytest.mark.parametrize(
    ("privileged", "k"), [("a", 1), (["a", "f", "x"], 3), (np.array(["a"]), 1)]
)
def test_privileged_group_with_the_wrong_number_of_values(privileged, k):
    sf = pd.DataFrame({"group": GROUP, "sex": SEX})
    group = tuple(str(v) for v in privileged) if not isinstance(privileged, str) else privileged
    message = E.PRIVILEGED_ARITY.format(group=group, k=k, n_features=2, names=["group", "sex"])
    with pytest.raises(ValueError, match=exact(message)):
        statistical_parity_difference(
            Y_TRUE, Y_PRED, sensitive_features=sf, privileged_group=privileged
        )


def test_privileged_group_list_absent_combination_is_named():
    sf = pd.DataFrame({"group": GROUP, "sex": SEX})
    with pytest.raises(ValueError, match=re.escape("privileged_group=('c', 'f') does not")):
        statistical_parity_difference(
            Y_TRUE, Y_PRED, sensitive_features=sf, privileged_group=["c", "f"]
        )


def test_privileged_group_one_value_list_for_one_feature():
    assert statistical_parity_difference(
        Y_TRUE, Y_PRED, sensitive_features=GROUP, privileged_group=["a"]
    ) == pytest.approx(SEL_B - SEL_A)


# -- sensitive_features as a list of arrays -------------------------------------------------
def test_list_of_arrays_is_one_array_per_feature():
    # The report: sensitive_features=[g, sex] gave a misleading length error.
    ref = MetricFrame(
        metrics=selection_rate,
        y_true=Y_TRUE,
        y_pred=Y_PRED,
        sensitive_features={"sensitive_feature_0": GROUP, "sensitive_feature_1": SEX},
    )
    for features in ([GROUP, SEX], (GROUP, SEX), [list(GROUP), list(SEX)]):
        got = MetricFrame(
            metrics=selection_rate, y_true=Y_TRUE, y_pred=Y_PRED, sensitive_features=features
        )
        pd.testing.assert_series_equal(got.by_group, ref.by_group)


def test_list_of_named_series_keeps_their_names():
    got = MetricFrame(
        metrics=selection_rate,
        y_true=Y_TRUE,
        y_pred=Y_PRED,
        sensitive_features=[pd.Series(GROUP, name="g"), pd.Series(SEX, name="sex")],
    )
    assert got.by_group.index.names == ["g", "sex"]


def test_list_of_arrays_is_not_transposed_when_its_length_equals_the_rows():
    # The report: with as many arrays as rows, the list was silently read as rows.
    y_true, y_pred = np.array([1, 0]), np.array([1, 0])
    group, sex = np.array(["a", "b"]), np.array(["f", "f"])
    got = MetricFrame(
        metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=[group, sex]
    ).by_group
    # Read per feature: row 0 is (a, f), row 1 is (b, f); transposed it would be (a, b), (f, f).
    assert list(got.index) == [("a", "f"), ("b", "f")]
    assert got.tolist() == [1.0, 0.0]


def test_list_of_arrays_with_wrong_lengths_names_them():
    message = E.SENSITIVE_LIST_LENGTHS.format(
        what="sensitive_features", k=2, bad="1", lengths="3", n=10
    )
    with pytest.raises(ValueError, match=exact(message)):
        demographic_parity_difference(Y_TRUE, Y_PRED, sensitive_features=[GROUP, SEX[:3]])


def test_list_of_row_tuples_gets_the_clear_error():
    rows = list(zip(GROUP, SEX, strict=True))  # ten rows of two values: not per feature
    message = E.SENSITIVE_LIST_LENGTHS.format(
        what="sensitive_features",
        k=10,
        bad=", ".join(map(str, range(10))),
        lengths=", ".join(["2"] * 10),
        n=10,
    )
    with pytest.raises(ValueError, match=exact(message)):
        demographic_parity_difference(Y_TRUE, Y_PRED, sensitive_features=rows)


# -- pos_label that does not occur ------------------------------------------------------------
def test_pos_label_differing_in_case_from_the_only_label_raises():
    # The report: pos_label="Yes" with only "yes" present returned 0.0.
    y = np.array(["yes"] * 4)
    assert flm.selection_rate(y, y, pos_label="Yes") == 0.0  # the peer's silent answer
    message = E.POS_LABEL_LOOKALIKE.format(pos_label="Yes", label="yes")
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate(y, y, pos_label="Yes")
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=selection_rate,
            y_true=y,
            y_pred=y,
            sensitive_features=GROUP[:4],
            pos_label="Yes",
        )


def test_pos_label_of_another_type_than_the_labels_raises():
    y = np.array(["1", "1", "1"])
    message = E.POS_LABEL_WRONG_TYPE.format(
        pos_label=1, pos_kind="number", kinds="string", labels="{'1'}"
    )
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate(y, y, pos_label=1)


def test_pos_label_absent_from_all_negative_data_is_legitimate():
    # A group with no positives: pos_label "yes" is not a typo of "no", the rate is 0.
    y = np.array(["no", "no", "no"])
    assert selection_rate(y, y, pos_label="yes") == 0.0


def test_pos_label_absent_with_two_labels_still_raises():
    y = np.array(["yes", "no"])
    message = E.POS_LABEL_ABSENT.format(pos_label="Yes", labels="{'yes', 'no'}")
    with pytest.raises(ValueError, match=exact(message)):
        selection_rate(y, y, pos_label="Yes")


# -- pandas Series with unaligned indexes -----------------------------------------------------
def test_unaligned_series_are_paired_by_position_with_a_warning():
    # The report: Series with different indexes were combined by position without a word.
    yt = pd.Series(Y_TRUE, index=np.arange(10)[::-1])
    yp = pd.Series(Y_PRED)
    sf = pd.Series(GROUP, index=np.arange(10) + 100)
    message = E.UNALIGNED_INDEX.format(first="y_true", others="y_pred, sensitive_features")
    with pytest.warns(UnalignedIndexWarning, match=exact(message)):
        got = demographic_parity_difference(yt, yp, sensitive_features=sf)
    assert got == pytest.approx(SEL_A - SEL_B)  # the positional (NumPy) result


@pytest.mark.parametrize(
    "call",
    [
        lambda yt, yp, sf: selection_rate(yt, yp),
        lambda yt, yp, sf: mean_prediction(None, yp, sample_weight=yt + 1),
        lambda yt, yp, sf: MetricFrame(
            metrics=selection_rate, y_true=yt, y_pred=yp, sensitive_features=sf
        ),
        lambda yt, yp, sf: statistical_parity_difference(
            yt, yp, sensitive_features=sf, privileged_group="a"
        ),
        lambda yt, yp, sf: calibration_by_group(yt, yp * 0.5, sensitive_features=sf),
        lambda yt, yp, sf: between_group_generalized_entropy(yt, yp, sensitive_features=sf),
        lambda yt, yp, sf: consistency_score(pd.DataFrame({"x": np.arange(10.0)}), yp),
    ],
)
def test_every_entry_point_warns_about_unaligned_indexes(call):
    yt, yp = pd.Series(Y_TRUE), pd.Series(Y_PRED, index=np.arange(10) + 1)
    sf = pd.Series(GROUP)
    with pytest.warns(UnalignedIndexWarning):
        call(yt, yp, sf)


def test_aligned_series_and_numpy_mixes_do_not_warn():
    index = np.arange(10) + 50
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        demographic_parity_difference(
            pd.Series(Y_TRUE, index=index),
            Y_PRED,  # NumPy arrays have no index to disagree with
            sensitive_features=pd.DataFrame({"g": GROUP, "s": SEX}, index=index),
            sample_weight=pd.Series(np.ones(10), index=index),
        )


def test_unaligned_dict_of_series_is_named():
    sf = {"g": pd.Series(GROUP), "s": pd.Series(SEX, index=np.arange(10)[::-1])}
    message = E.UNALIGNED_INDEX.format(
        first="sensitive_features['g']", others="sensitive_features['s']"
    )
    with pytest.warns(UnalignedIndexWarning, match=exact(message)):
        MetricFrame(metrics=selection_rate, y_true=Y_TRUE, y_pred=Y_PRED, sensitive_features=sf)


# -- 0-d (scalar) inputs ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("y_true", "y_pred", "expected"),
    [(1, 1, 1.0), (0, 1, 1.0), (1, 0, 0.0), (True, True, 1.0), (np.int64(0), np.int64(0), 0.0)],
)
def test_scalar_labels_are_one_row(y_true, y_pred, expected):
    assert selection_rate(y_true, y_pred) == expected
    assert selection_rate(y_true, y_pred) == flm.selection_rate(y_true, y_pred)
    mf = MetricFrame(metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features="a")
    assert mf.by_group.to_dict() == {"a": expected}


def test_scalar_string_label_with_pos_label():
    assert accuracy("yes", "yes", pos_label="yes") == 1.0


def test_control_features_list_with_wrong_lengths_names_control_features():
    message = E.SENSITIVE_LIST_LENGTHS.format(
        what="control_features", k=2, bad="0", lengths="4", n=10
    )
    with pytest.raises(ValueError, match=exact(message)):
        MetricFrame(
            metrics=selection_rate,
            y_true=Y_TRUE,
            y_pred=Y_PRED,
            sensitive_features=GROUP,
            control_features=[SEX[:4], SEX],
        )


def test_feature_names_that_collide_as_strings():
    # 1 and "1" both become the level name "1": one of them would silently vanish.
    with pytest.raises(ValueError, match=exact(E.DUPLICATE_FEATURE_NAME.format(name="1"))):
        MetricFrame(
            metrics=selection_rate,
            y_true=Y_TRUE,
            y_pred=Y_PRED,
            sensitive_features={1: GROUP, "1": SEX},
        )


def test_mean_prediction_zero_division_option():
    assert mean_prediction(None, [1.0, 3.0], sample_weight=[0, 0], zero_division=0) == 0.0
    message = E.BAD_ZERO_DIVISION.format(value="nan")
    with pytest.raises(ValueError, match=exact(message)):
        mean_prediction(None, [1.0], zero_division="nan")


def test_unaligned_sample_params_are_named():
    w = pd.Series(np.ones(10), index=np.arange(10) + 7)
    message = E.UNALIGNED_INDEX.format(
        first="y_true", others="sample_params['rec']['sample_weight']"
    )
    with pytest.warns(UnalignedIndexWarning, match=exact(message)):
        MetricFrame(
            metrics={"rec": skm.recall_score},
            y_true=pd.Series(Y_TRUE),
            y_pred=Y_PRED,
            sensitive_features=GROUP,
            sample_params={"rec": {"sample_weight": w}},
        )
