"""FairnessMonitor: a clear error for every bad option and bad batch."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from _simulated import exact
from test_accountability_monitor import fitted, rows, tables

from fairkit.accountability import FairnessMonitor
from fairkit.accountability import _errors as E
from fairkit.metrics import equal_opportunity_difference, selection_rate


def test_bad_input_errors():
    monitor, rng = fitted(10)
    yt, yp, g = rows(tables(rng, 1, 200, (0.8, 0.8))[0])
    with pytest.raises(ValueError, match=exact(E.MONITOR_UNKNOWN_GROUP.format(
            groups="'Z'", known="'A', 'B'"))):  # fmt: skip
        monitor.score_batch(yt, yp, sensitive_features=np.where(g == "B", "Z", g))
    with pytest.raises(ValueError, match=exact(E.MONITOR_MISSING_LABELS.format(
            metric="equal_opportunity_difference", rates="true positive rate"))):  # fmt: skip
        monitor.update(None, yp, sensitive_features=g)
    with pytest.raises(ValueError, match=exact(E.MONITOR_NAN_LABELS.format(count=1))):
        monitor.score_batch(np.r_[np.nan, yt[1:]], yp, sensitive_features=g)
    with pytest.raises(ValueError, match=exact(E.MONITOR_BAD_TABLES.format(
            n_groups=2, shape=(3, 2, 2)))):  # fmt: skip
        monitor.score_tables(np.zeros((3, 2, 2)))
    with pytest.raises(RuntimeError, match=exact(E.MONITOR_NOT_FITTED)):
        FairnessMonitor().update(yt, yp, sensitive_features=g)
    assert monitor.history_ == []  # failed updates record nothing


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"metric": selection_rate}, E.MONITOR_NOT_A_GAP.format(metric="selection_rate")),
        (
            {"metric": functools.partial(equal_opportunity_difference, sample_weight=None)},
            E.MONITOR_NOT_A_GAP.format(metric="equal_opportunity_difference"),
        ),
        ({"k": 0}, E.MONITOR_BAD_K.format(k=0)),
        ({"k": True}, E.MONITOR_BAD_K.format(k=True)),
        (
            {"min_group_size": 0},
            E.MONITOR_BAD_COUNT.format(name="min_group_size", minimum=1, value=0),
        ),
        ({"n_boot": 1.5}, E.MONITOR_BAD_COUNT.format(name="n_boot", minimum=2, value=1.5)),
        ({"batch_size": 0}, E.MONITOR_BAD_COUNT.format(name="batch_size", minimum=1, value=0)),
        ({"min_group_size": 10**6}, E.MONITOR_ONE_GROUP.format(n=0, min_size=10**6)),
    ],
)
def test_bad_options(options, message):
    rng = np.random.default_rng(11)
    yt, yp, g = rows(tables(rng, 1, 500, (0.8, 0.8))[0])
    with pytest.raises(ValueError, match=exact(message)):
        FairnessMonitor(**options).fit(yt, yp, sensitive_features=g)
