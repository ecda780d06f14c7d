"""Checks of FairnessMonitor's options and of the labels of each batch."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from fairkit.accountability import _errors as E
from fairkit.metrics._bootstrap import _name
from fairkit.metrics._counts import SELECTION_RATE
from fairkit.metrics._tables import lookup
from fairkit.metrics._validation import binarize_labels


def _is_int(value, minimum: int) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= minimum


def check_params(monitor) -> tuple:
    """The metric's table spec and keyword arguments, after checking every option."""
    kw = {} if monitor.pos_label is None else {"pos_label": monitor.pos_label}
    spec, kw = lookup(monitor.metric, kw)
    if spec is None or spec.kind != "gap":
        raise ValueError(E.MONITOR_NOT_A_GAP.format(metric=_name(monitor.metric)))
    good_k = isinstance(monitor.k, numbers.Real) and not isinstance(monitor.k, bool)
    if not good_k or not np.isfinite(monitor.k) or monitor.k <= 0:
        raise ValueError(E.MONITOR_BAD_K.format(k=monitor.k))
    for name, minimum in (("min_group_size", 1), ("n_boot", 2)):
        if not _is_int(getattr(monitor, name), minimum):
            raise ValueError(
                E.MONITOR_BAD_COUNT.format(name=name, minimum=minimum, value=getattr(monitor, name))
            )
    if monitor.batch_size is not None and not _is_int(monitor.batch_size, 1):
        raise ValueError(
            E.MONITOR_BAD_COUNT.format(name="batch_size", minimum=1, value=monitor.batch_size)
        )
    return spec, kw


def labels(monitor, y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """0/1 labels and predictions of a batch; y_true may be None for selection-rate gaps."""
    if y_true is None:
        if all(rate is SELECTION_RATE for rate in monitor._spec.rates):
            y_true = y_pred  # a selection rate never reads the labels
        else:
            names = ", ".join(rate.name for rate in monitor._spec.rates)
            raise ValueError(
                E.MONITOR_MISSING_LABELS.format(metric=_name(monitor.metric), rates=names)
            )
    missing = int(pd.isna(pd.Series(np.asarray(y_true, dtype=object).ravel())).sum())
    if missing:
        raise ValueError(E.MONITOR_NAN_LABELS.format(count=missing))
    return binarize_labels(y_true, y_pred, pos_label=monitor._kw.get("pos_label"))
