"""Ported from Fairlearn's test/unit/metrics/test_base_metrics.py and test_selection_rate.py:
label handling, the four error rates against scikit-learn, single-valued arrays, count and
selection rate. Rewritten on our own data; where fairkit deliberately differs (an undefined
rate is NaN, not 0; labels other than 0/1 need pos_label) the difference is asserted."""

import re

import fairlearn.metrics as flm
import numpy as np
import pytest
import sklearn.metrics as skm

import fairkit.metrics as fk
from fairkit.metrics import _errors as E


def exact(message: str) -> str:
    return "^" + re.escape(message) + "$"


# -- label handling (TestGetLabelsForConfusionMatrix: 9 tests) -----------------------------------
@pytest.mark.parametrize(
    ("labels", "pos_label", "positive"),
    [
        ([0, 1], None, 1),
        ([0, 2], 2, 2),
        ([0, 2], 0, 0),
        (["a", "b"], "b", "b"),
        (["a", "b"], "a", "a"),
        ([-1, 1], 1, 1),
    ],
)
def test_two_labels_and_the_positive_one(labels, pos_label, positive):
    y_true = np.array([labels[0], labels[1], labels[1], labels[0], labels[1]])
    y_pred = np.array([labels[1], labels[1], labels[0], labels[0], labels[1]])
    got = fk.true_positive_rate(y_true, y_pred, pos_label=pos_label)
    expected = skm.recall_score(y_true, y_pred, pos_label=positive)
    assert got == pytest.approx(expected)


def test_minus_one_and_one_need_pos_label():
    # Deliberate difference: Fairlearn accepts {-1, 1} as binary with 1 positive.
    y = np.array([-1, 1, 1, -1])
    message = E.NON_BINARY_LABELS.format(name="y_true", labels="{-1, 1}")
    with pytest.raises(ValueError, match=exact(message)):
        fk.true_positive_rate(y, y)
    assert fk.true_positive_rate(y, y, pos_label=1) == flm.true_positive_rate(y, y) == 1.0


@pytest.mark.parametrize(
    ("y", "pos_label", "message"),
    [
        ([0, 1, 2], None, E.NON_BINARY_LABELS.format(name="y_true", labels="{0, 1, 2}")),
        (["a", "b", "c"], "a", E.TOO_MANY_LABELS.format(count=3, labels="{'a', 'b', 'c'}")),
        ([0, 2], None, E.NON_BINARY_LABELS.format(name="y_true", labels="{0, 2}")),
        ([0, 1], -1, E.POS_LABEL_ABSENT.format(pos_label=-1, labels="{0, 1}")),
        ([4, 2], 3, E.POS_LABEL_ABSENT.format(pos_label=3, labels="{4, 2}")),
    ],
)
def test_bad_labels(y, pos_label, message):
    with pytest.raises(ValueError, match=exact(message)):
        fk.selection_rate(np.array(y), np.array(y), pos_label=pos_label)


def test_single_label_with_and_without_pos_label():
    assert fk.selection_rate([0, 0], [0, 0]) == 0.0
    assert fk.selection_rate([0, 0], [0, 0], pos_label=3) == 0.0  # all negative
    assert fk.selection_rate([0, 0], [0, 0], pos_label=0) == 1.0
    assert fk.selection_rate(["a"], ["a"], pos_label="a") == 1.0
    # "a" vs 0: a label of another type than pos_label is a mistake, not all-negative data.
    message = E.POS_LABEL_WRONG_TYPE.format(
        pos_label=0, pos_kind="number", kinds="string", labels="{'a'}"
    )
    with pytest.raises(ValueError, match=exact(message)):
        fk.selection_rate(["a"], ["a"], pos_label=0)


# -- TPR, TNR, FNR, FPR (TestTPR/TNR/FNR/FPR: 27 tests) -------------------------------------------
def _tnr(y_true, y_pred, *, pos_label=1, sample_weight=None):
    labels = sorted(set(np.asarray(y_true).tolist()) | set(np.asarray(y_pred).tolist()))
    negative = next(v for v in labels if v != pos_label)
    return skm.recall_score(y_true, y_pred, pos_label=negative, sample_weight=sample_weight)


def _fpr(y_true, y_pred, **kw):
    return 1 - _tnr(y_true, y_pred, **kw)


def _fnr(y_true, y_pred, **kw):
    return 1 - skm.recall_score(y_true, y_pred, **kw)


SKLEARN = {
    "true_positive_rate": skm.recall_score,
    "true_negative_rate": _tnr,
    "false_positive_rate": _fpr,
    "false_negative_rate": _fnr,
}


@pytest.mark.parametrize("rate", list(SKLEARN))
@pytest.mark.parametrize("pos_label", [1, 0])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_rates_against_sklearn(rate, pos_label, weighted, seed):
    rng = np.random.default_rng(seed)
    y_true = np.concatenate([[0, 1], rng.integers(0, 2, 30)])
    y_pred = rng.integers(0, 2, 32)
    w = rng.integers(1, 6, 32) if weighted else None
    got = getattr(fk, rate)(y_true, y_pred, pos_label=pos_label, sample_weight=w)
    expected = SKLEARN[rate](y_true, y_pred, pos_label=pos_label, sample_weight=w)
    assert got == pytest.approx(expected)
    assert got == pytest.approx(
        getattr(flm, rate)(y_true, y_pred, pos_label=pos_label, sample_weight=w)
    )


@pytest.mark.parametrize(
    ("y_true", "y_pred", "expected"),
    [
        # all correct, none correct, some correct (TPR with 1 and with 0 positive)
        ([0, 0, 0, 0, 1], [0, 0, 0, 0, 1], {"tpr": (1, 1), "tnr": (1, 1), "fnr": (0, 0)}),
        ([0, 0, 0, 0, 1], [1, 1, 1, 1, 0], {"tpr": (0, 0), "tnr": (0, 0), "fnr": (1, 1)}),
        (
            [0, 0, 0, 0, 1, 1, 1, 1],
            [0, 0, 0, 1, 1, 0, 0, 0],
            {"tpr": (0.25, 0.75), "tnr": (0.75, 0.25), "fnr": (0.75, 0.25)},
        ),
        ([0, 0, 0, 0, 1], [0, 0, 1, 0, 0], {"tpr": (0, 0.75), "tnr": (0.75, 0), "fnr": (1, 0.25)}),
    ],
)
def test_rates_by_hand(y_true, y_pred, expected):
    fns = {
        "tpr": fk.true_positive_rate,
        "tnr": fk.true_negative_rate,
        "fnr": fk.false_negative_rate,
    }
    for key, (with_1, with_0) in expected.items():
        assert fns[key](y_true, y_pred) == with_1, key
        assert fns[key](y_true, y_pred, pos_label=0) == with_0, key


def test_rates_with_letter_labels():
    y_true = np.array(list("abaabbbabaabbaba"))
    y_pred = np.array(list("abbbababbaabbaab"))
    for positive in "ab":
        assert fk.true_positive_rate(y_true, y_pred, pos_label=positive) == pytest.approx(
            skm.recall_score(y_true, y_pred, pos_label=positive)
        )
    assert fk.true_positive_rate(y_true, y_pred, pos_label="a") != fk.true_positive_rate(
        y_true, y_pred, pos_label="b"
    )
    # TNR with other labels: y_true b b b b a, y_pred b b b a a.
    assert fk.true_negative_rate(list("bbbba"), list("bbbaa"), pos_label="b") == 1.0
    assert fk.true_negative_rate(list("bbbba"), list("bbbaa"), pos_label="a") == 0.75


def test_minus_one_labels_with_pos_label():
    # TNR of y_true -1 -1 -1 -1 1, y_pred -1 -1 -1 1 1: 3 of 4 negatives kept.
    y_true, y_pred = [-1, -1, -1, -1, 1], [-1, -1, -1, 1, 1]
    assert fk.true_negative_rate(y_true, y_pred, pos_label=1) == 0.75
    assert fk.true_negative_rate(y_true, y_pred, pos_label=-1) == 1.0


# -- single-valued arrays (TestSingleValueArrays: 3 tests) ---------------------------------------
@pytest.mark.parametrize(("value", "pos_label"), [(0.0, None), (0.0, 1), (1.0, None), (1.0, 0)])
def test_single_valued_arrays(value, pos_label):
    # Every row is of one class; relative to pos_label that class is positive or negative.
    y = np.full(10, value)
    positive = (value == 1.0) if pos_label is None else (value == pos_label)
    defined, undefined = (
        (
            {"true_positive_rate": 1.0, "false_negative_rate": 0.0},
            ["true_negative_rate", "false_positive_rate"],
        )
        if positive
        else (
            {"true_negative_rate": 1.0, "false_positive_rate": 0.0},
            ["true_positive_rate", "false_negative_rate"],
        )
    )
    for name, expected in defined.items():
        assert getattr(fk, name)(y, y, pos_label=pos_label) == expected
        assert getattr(flm, name)(y, y, pos_label=1 if pos_label is None else pos_label) == expected
    # Deliberate difference: the rate whose denominator is empty is NaN with a warning
    # (Fairlearn: 0).
    for name in undefined:
        with pytest.warns(fk.UndefinedMetricWarning):
            assert np.isnan(getattr(fk, name)(y, y, pos_label=pos_label))
        assert getattr(flm, name)(y, y, pos_label=1 if pos_label is None else pos_label) == 0


def test_single_valued_minus_ones():
    y = -np.ones(10)
    assert fk.true_positive_rate(y, y, pos_label=-1) == flm.true_positive_rate(y, y, pos_label=-1)
    assert fk.true_negative_rate(y, y, pos_label=1) == flm.true_negative_rate(y, y) == 1.0


# -- count (TestCount: 4 tests) --------------------------------------------------------------------
def test_count():
    assert fk.count([1], [0]) == flm.count([1], [0]) == 1
    y = np.random.default_rng(0).integers(0, 2, 26)
    assert fk.count(y, y[::-1]) == flm.count(y, y[::-1]) == 26


def test_count_of_nothing_is_an_error():
    # Deliberate difference: Fairlearn's count([], []) is 0; every fairkit metric needs a row.
    with pytest.raises(ValueError, match=exact(E.EMPTY_INPUT)):
        fk.count([], [])
    assert flm.count([], []) == 0


def test_count_unequal_lengths():
    message = E.LENGTH_MISMATCH.format(name="y_pred", n_other=4, n=7)
    with pytest.raises(ValueError, match=exact(message)):
        fk.count([0, 1, 0, 1, 0, 1, 1], [0, 0, 1, 1])


# -- selection_rate (test_selection_rate.py: 5 tests) ---------------------------------------------
def test_selection_rate_empty():
    with pytest.raises(ValueError, match=exact(E.EMPTY_INPUT)):
        fk.selection_rate([], [])


@pytest.mark.parametrize(
    ("y_true", "y_pred"),
    [([1], [1]), ([0], [1]), ([1], [0]), ([0], [0]), ([False], [False]), ([True], [True])],
)
def test_selection_rate_single_element(y_true, y_pred):
    assert fk.selection_rate(y_true, y_pred) == flm.selection_rate(y_true, y_pred) == y_pred[0]


@pytest.mark.parametrize("weighted", [False, True])
def test_selection_rate_against_fairlearn_and_by_hand(weighted):
    y_pred = [0, 0, 0, 1, 1, 1, 1, 1]
    w = [2, 2, 2, 1, 1, 1, 1, 2] if weighted else None
    expected = 6 / 12 if weighted else 5 / 8
    assert fk.selection_rate([0] * 8, y_pred, sample_weight=w) == pytest.approx(expected)
    assert flm.selection_rate([0] * 8, y_pred, sample_weight=w) == pytest.approx(expected)


def test_selection_rate_non_numeric():
    y_pred = list("aabbbbbb")
    assert fk.selection_rate(y_pred, y_pred, pos_label="b") == 0.75
    assert flm.selection_rate(y_pred, y_pred, pos_label="b") == 0.75
