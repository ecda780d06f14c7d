"""What MetricFrame checks and prepares before computing: metrics, labels, sample parameters.

Metrics come in three kinds: fairkit rates (and ``count``), read off one count table for all
groups; metrics with a vectorised per-group form (``mean_prediction``); and any other
``f(y_true, y_pred, **sample_params)``, called once per group on that group's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from fairkit.metrics import _errors as E
from fairkit.metrics._rates import count
from fairkit.metrics._validation import _check_length, check_weights


def is_table_metric(fn) -> bool:
    return fn is count or getattr(fn, "_rate", None) is not None


def is_grouped_metric(fn) -> bool:
    """Metrics that compute every group at once from group codes (no per-group call)."""
    return getattr(fn, "_grouped", None) is not None


def normalise_metrics(metrics) -> tuple[bool, dict[str, Callable]]:
    if callable(metrics):
        return True, {getattr(metrics, "__name__", "metric"): metrics}
    if isinstance(metrics, Mapping) and metrics and all(callable(f) for f in metrics.values()):
        return False, {str(k): f for k, f in metrics.items()}
    raise TypeError(E.BAD_METRIC.format(type_name=type(metrics).__name__))


def as_rows(values, name: str) -> np.ndarray:
    """Labels as an array with one row per sample: 1-D, or 2-D for multi-output metrics
    (only metrics called per group accept those; the rates check for 1-D themselves)."""
    if isinstance(values, (pd.Series, pd.DataFrame)):
        arr = values.to_numpy()
    else:
        arr = np.asarray(values)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim not in (1, 2):
        raise ValueError(E.NOT_1D.format(name=name, shape=arr.shape))
    return arr


def _param_array(value, metric: str, param: str, n: int) -> np.ndarray:
    arr = value.to_numpy() if isinstance(value, (pd.Series, pd.DataFrame)) else np.asarray(value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    _check_length(n, arr, f"sample_params[{metric!r}][{param!r}]")
    return arr


def _per_metric(sample_params, metrics: dict, single: bool) -> dict[str, Mapping]:
    """``sample_params`` as metric name -> {param: values}, whatever form it was given in."""
    if sample_params is None:
        return {}
    if not isinstance(sample_params, Mapping):
        raise ValueError(E.SAMPLE_PARAMS_NOT_DICT.format(got=type(sample_params).__name__))
    if single:
        name = next(iter(metrics))
        if all(isinstance(v, Mapping) for v in sample_params.values()) and set(sample_params) <= {
            name
        }:
            return dict(sample_params)
        return {name: sample_params}
    unknown = sorted(set(map(str, sample_params)) - set(metrics))
    if unknown:
        raise ValueError(
            E.SAMPLE_PARAMS_UNKNOWN_METRIC.format(unknown=unknown, known=sorted(metrics))
        )
    for params in sample_params.values():
        if not isinstance(params, Mapping):
            raise ValueError(E.SAMPLE_PARAMS_NOT_DICT.format(got=type(params).__name__))
    return {str(k): v for k, v in sample_params.items()}


def route_sample_params(sample_params, metrics: dict, single: bool, n: int, weights):
    """Per metric, the validated per-row arrays it receives (``sample_weight`` included).

    The frame's ``sample_weight`` goes to every metric that has no ``sample_weight`` of its
    own in ``sample_params``; giving both for one metric is an error.
    """
    given = _per_metric(sample_params, metrics, single)
    routed = {}
    for name, fn in metrics.items():
        params = {str(k): _param_array(v, name, str(k), n) for k, v in given.get(name, {}).items()}
        if "sample_weight" in params:
            if weights is not None:
                raise ValueError(E.SAMPLE_WEIGHT_TWICE.format(metric=name))
            params["sample_weight"] = check_weights(params["sample_weight"], n)
        elif weights is not None:
            params["sample_weight"] = weights
        if (is_table_metric(fn) or is_grouped_metric(fn)) and set(params) - {"sample_weight"}:
            raise ValueError(
                E.SAMPLE_PARAMS_FOR_RATE.format(
                    metric=name, keys=sorted(set(params) - {"sample_weight"})
                )
            )
        routed[name] = params
    return routed


def _value(result):
    """A scalar result as float; anything else (a confusion matrix...) kept as it is."""
    if np.ndim(result) == 0:
        try:
            return float(result)
        except (TypeError, ValueError):
            return result
    return result


def column(values: list) -> np.ndarray:
    """One metric's values (per group or per stratum) as a float array when all are scalar,
    else an object array whose cells are the metric's own results."""
    if all(isinstance(v, float) for v in values):
        return np.array(values, dtype=float)
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):  # element-wise: equal-shaped arrays must not be stacked
        out[i] = v
    return out


def call_on_groups(fn, yt, yp, params: dict, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """``fn`` on the rows of each group (codes in ``range(n_groups)``, every group non-empty
    unless said otherwise), with each sample parameter cut to the same rows."""
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=n_groups))[:-1]
    values = []
    for rows in np.split(order, bounds):
        kw = {k: v[rows] for k, v in params.items()}
        values.append(_value(fn(yt[rows], yp[rows], **kw)))
    return column(values)


def call_overall(fn, yt, yp, params: dict) -> np.ndarray:
    return column([_value(fn(yt, yp, **params))])


def group_counts(groups, table, labels, weights) -> pd.DataFrame:
    """Rows, positives, negatives and weight per group, computed now: the caller may change
    their arrays later, and results must not follow. Zero-weight groups are reported."""
    if table is not None:  # the unweighted table of the fast path: counts
        n = table.sum(axis=(1, 2)).astype(np.int64)
        positives = table[:, 1, :].sum(axis=1).astype(np.int64)
    else:
        n = np.bincount(groups.codes, minlength=groups.n_groups)
        positives = None
        if labels is not None:
            positives = np.bincount(groups.codes, labels[0], minlength=groups.n_groups)
            positives = positives.astype(np.int64)
    out = {"n": n}
    if positives is not None:
        out["positives"] = positives
        out["negatives"] = n - positives
    if weights is None:
        out["weight"] = n.astype(float)
    else:
        out["weight"] = np.bincount(groups.codes, weights, minlength=groups.n_groups)
        zero = out["weight"] == 0
        if zero.any():
            names = ", ".join(map(repr, groups.index[zero]))
            E.warn(E.ZERO_WEIGHT_GROUPS.format(groups=names), E.UndefinedMetricWarning)
    return pd.DataFrame(out, index=groups.index)
