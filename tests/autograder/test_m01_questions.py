"""m01-bias-lifecycle: its references recover the injected biases, and its cases travel intact.

The generic checks (solutions pass, wrong answers fail with their message, hidden cases are
deterministic) run for every module in test_questions.py; these are the module's own promises:

- each reference, on a large sample of a generator, converges to the bias the generator
  injected (its size, not only its sign), within four standard errors;
- the solution code and the references are independent computations that agree on every
  public and hidden case (checked in test_questions.py) and on a hand-worked example here;
- missing values reach the learner's function as NaN, although JSON has no NaN;
- the notebook's data are the ones the public cases are built from;
- the hidden cases keep the promises the prompts make.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from autograder.questions import Case, get_assignment
from autograder.questions import _m01_checks as C
from autograder.questions._m01_cases import hidden_streams
from autograder.questions._m01_data import (
    hidden_audit_tables,
    notebook_hiring,
    notebook_stream,
)
from faircheck._run import arguments
from fairkit.datasets import make_hiring, make_hiring_stream, make_lending

M01 = get_assignment("m01-bias-lifecycle")
N = 200_000


def _frame(make, **kw) -> tuple[pd.DataFrame, object]:
    data = make(N, random_state=5, **kw)
    frame = data.frame.copy()
    name = data.ground_truth.sensitive_name
    frame[name] = frame[name].astype(str)
    return frame, data.ground_truth


@pytest.mark.parametrize("make", [make_hiring, make_lending])
def test_references_recover_the_injected_sizes(make):
    kw = dict(
        group_proportion=0.35,
        historical_bias=0.45,
        measurement_bias=0.8,
        missing_rate=0.1,
        missing_bias=0.25,
    )
    frame, truth = _frame(make, **kw)
    s, adv, dis = truth.sensitive_name, truth.advantaged, truth.disadvantaged
    n_dis = int((frame[s] == dis).sum())

    rep = C.representation(frame[s], np.array([adv, dis]), np.array([0.5, 0.5]))
    assert abs(rep[dis] - 0.7) < 4 * math.sqrt(0.35 * 0.65 / N) / 0.5

    flips = C.flip_rate(frame, s, truth.true_label_name, truth.observed_label_name)
    positives = int(((frame[s] == dis) & (frame[truth.true_label_name] == 1)).sum())
    assert flips[adv] == 0.0
    assert abs(flips[dis] - 0.45) < 4 * math.sqrt(0.45 * 0.55 / positives)

    gone = C.missing_rate(frame, s, truth.missing_feature)
    assert abs(gone[dis] - gone[adv] - 0.25) < 4 * math.sqrt(0.35 * 0.65 / n_dis + 0.09 / N)

    rates = C.base_rate(frame, s, truth.observed_label_name)
    expected = truth.observed_base_rate[dis]
    assert abs(rates[dis] - expected) < 4 * math.sqrt(expected * (1 - expected) / n_dis)

    # The shift among equals, in SDs of the reference group's feature (which is the SD the
    # generator's knob is expressed in): -measurement_bias, up to sampling error.
    shift = C.shift(frame, s, adv, truth.measured_feature, truth.true_label_name)
    assert shift[adv] == 0.0
    assert abs(shift[dis] + 0.8) < 4 * math.sqrt(1 / n_dis + 1 / (N - n_dis))


def test_references_on_a_hand_worked_example():
    data = pd.DataFrame(
        {
            "g": ["a", "a", "a", "a", "b", "b", "b", "b"],
            "x": [10.0, 14.0, 20.0, 24.0, 9.0, 11.0, 17.0, 19.0],
            "y": [0, 0, 1, 1, 0, 0, 1, 1],
            "r": [0, 0, 1, 1, 0, 0, 1, 0],
            "m": [1.0, np.nan, 2.0, 3.0, np.nan, np.nan, 1.0, 2.0],
        }
    )
    # a: means 12 (y=0), 22 (y=1); b: 10, 18 -> d = (-2 - 4) / 2 = -3; SD of a's x (ddof=1).
    sd_a = np.std([10.0, 14.0, 20.0, 24.0], ddof=1)
    assert C.shift(data, "g", "a", "x", "y") == pytest.approx({"a": 0.0, "b": -3 / sd_a})
    assert C.flip_rate(data, "g", "y", "r") == {"a": 0.0, "b": 0.5}
    assert C.missing_rate(data, "g", "m") == {"a": 0.25, "b": 0.5}
    assert C.base_rate(data, "g", "r") == {"a": 0.5, "b": 0.25}
    assert C.representation(data["g"], np.array(["a", "b", "c"]), np.array([0.25, 0.5, 0.25])) == {
        "a": 2.0,
        "b": 1.0,
        "c": 0.0,
    }
    stream = pd.DataFrame(
        {
            "batch": [7, 7, 7, 8, 8, 8],
            "gender": ["w", "m", "m", "w", "w", "m"],
            "selected": [1, 1, 0, 0, 1, 0],
        }
    )
    assert C.batch_gaps(stream, "w", "m") == {"7": 0.5, "8": 0.5}
    assert C.alerts(stream, "w", "m", -0.1, 0.4) == {"7": 1.0, "8": 1.0}
    assert C.alerts(stream, "w", "m", -0.1, 0.6) == {"7": 0.0, "8": 0.0}


def test_missing_values_reach_the_learner_as_nan():
    case = Case(
        "gaps", {"x": np.array([1.0, np.nan, 3.0]), "g": np.array(["a", "b", "a"])}, frame=True
    )
    sent = json.loads(json.dumps(case.to_dict(), allow_nan=False))  # what JSON can carry
    (frame,) = arguments(sent)
    assert frame["x"].isna().tolist() == [False, True, False]
    assert frame["x"].dtype == "float64" and frame["g"].tolist() == ["a", "b", "a"]


def test_public_cases_are_built_from_the_notebooks_data():
    namespace: dict = {}
    exec(M01.setup_code, namespace)
    pd.testing.assert_frame_equal(namespace["hiring"], notebook_hiring())
    pd.testing.assert_frame_equal(namespace["stream"], notebook_stream())
    head = next(c for c in M01.QUESTIONS["q3"].cases() if "`hiring`" in c.label)
    np.testing.assert_array_equal(head.inputs["test_score"], notebook_hiring()["test_score"][:300])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hidden_tables_keep_the_prompts_promises(seed):
    tables = hidden_audit_tables(np.random.default_rng(seed))
    assert any(t.frame[t.sensitive].nunique() >= 3 for t in tables)
    assert any(t.index is not None for t in tables)
    assert any(t.sensitive != "gender" and t.reference not in ("man", "majority") for t in tables)
    for t in tables:
        for _, rows in t.frame.groupby(t.sensitive):
            assert set(rows[t.true_label]) == {0, 1}, t.label  # q4 and q5
        ref = t.frame.loc[t.frame[t.sensitive] == t.reference, t.feature]
        assert ref.nunique() >= 2, t.label  # a reference SD > 0 (q5)
        assert t.frame[t.missing].isna().any(), t.label  # q3 has something to find
    rng = np.random.default_rng(seed)
    for label, frame, group, reference, _ in hidden_streams(rng):
        for _, rows in frame.groupby("batch"):
            assert {group, reference} <= set(rows["gender"]), label
            assert rows["gender"].value_counts().max() < 625, label  # see _m01_cases


def test_stream_cases_can_show_a_drift():
    stream = make_hiring_stream(30, 200, random_state=11)
    gaps = C.batch_gaps(
        stream.frame.assign(gender=stream.frame["gender"].astype(str)), "woman", "man"
    )
    before = np.mean([gaps[str(b)] for b in range(1, 20)])
    after = np.mean([gaps[str(b)] for b in range(20, 31)])
    # One batch: about 60 women and 140 men, so the gap's SE is sqrt(p(1-p)(1/60 + 1/140)).
    se = math.sqrt(0.3 * 0.7 * (1 / 60 + 1 / 140))
    assert abs(before) < 4 * se / math.sqrt(19)
    assert abs(after - stream.true_gap.loc[25]) < 4 * se / math.sqrt(11)
    assert after < before
    assert stream.true_gap.loc[25] == pytest.approx(-0.147, abs=1e-3)
