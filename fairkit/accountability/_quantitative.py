"""A model card's quantitative analyses, copied from a MetricFrame (and bootstrap intervals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from fairkit.accountability import _errors as E

__all__ = ["Analysis", "MetricResult", "analysis_from_frame", "by_group_values"]

STATISTICS = ("overall", "by_group", "difference", "ratio")


@dataclass
class MetricResult:
    """One number of a card: a metric's ``value`` for a group, overall or as a gap.

    ``group`` maps each factor to the group's value (``{}``: all rows, or a gap over groups);
    ``statistic`` is "overall", "by_group", "difference" (max - min over groups) or "ratio"
    (min / max); ``low`` and ``high`` bound an interval at ``confidence``, when known.
    """

    metric: str
    value: float | None
    statistic: str = "by_group"
    group: dict[str, Any] = field(default_factory=dict)
    n: int | None = None
    low: float | None = None
    high: float | None = None
    confidence: float | None = None

    @property
    def group_label(self) -> str:
        if self.statistic == "by_group":
            return ", ".join(f"{k}={v}" for k, v in self.group.items())
        return {"overall": "all", "difference": "difference", "ratio": "ratio"}[self.statistic]


@dataclass
class Analysis:
    """The results of one MetricFrame: by the ``factors`` (one: unitary; several:
    intersectional), for ``metrics``."""

    title: str
    factors: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    results: list[MetricResult] = field(default_factory=list, metadata={"of": MetricResult})

    @property
    def intersectional(self) -> bool:
        return len(self.factors) > 1

    def rows(self) -> list[tuple[str, int | None, dict[str, MetricResult]]]:
        """Table rows: (group label, n, {metric: result}), overall first, gaps last."""
        order: dict[str, tuple[int | None, dict]] = {}
        for r in self.results:
            order.setdefault(r.group_label, (r.n, {}))[1][r.metric] = r
        return [(label, n, cells) for label, (n, cells) in order.items()]

    def value(self, metric: str, statistic: str = "overall", **group) -> float | None:
        """The value of ``metric`` for ``statistic`` (and, for "by_group", the group)."""
        for r in self.results:
            if r.metric == metric and r.statistic == statistic and r.group == group:
                return r.value
        raise KeyError((metric, statistic, group))


def by_group_values(metric):
    """``f(y_true, y_pred, *, sensitive_features)``: ``metric``'s by-group values, as an array.

    The function to give ``bootstrap_ci`` for by-group intervals: its values come in the
    order of ``MetricFrame(...).by_group``, as ``add_quantitative_analysis`` expects them.

    Examples
    --------
    >>> from fairkit.metrics import selection_rate
    >>> by_group_values(selection_rate)([1, 0, 1, 0], [1, 1, 0, 1], sensitive_features=list("aabb"))
    array([1. , 0.5])
    """
    from fairkit.metrics import MetricFrame

    def values(y_true, y_pred, *, sensitive_features):
        frame = MetricFrame(
            metrics=metric, y_true=y_true, y_pred=y_pred, sensitive_features=sensitive_features
        )
        return frame.by_group.to_numpy(dtype=float)

    values.__name__ = f"by_group_{getattr(metric, '__name__', 'metric')}"
    return values


def _scalar(metric: str, value: Any) -> float | None:
    if np.ndim(value) != 0:
        raise ValueError(E.NON_SCALAR_METRIC.format(metric=metric))
    value = float(value)
    return None if np.isnan(value) else value


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _bounds(ci, metric: str, where: str, expected, confidence: float):
    """(low, high, confidence) arrays from a BootstrapResult or (low, high) pairs."""
    if hasattr(ci, "low") and hasattr(ci, "estimate"):
        estimate = np.asarray(ci.estimate, dtype=float)
        if estimate.shape != np.shape(expected) or not np.allclose(
            estimate, expected, rtol=1e-9, atol=1e-12, equal_nan=True
        ):
            raise ValueError(
                E.INTERVAL_OTHER_ESTIMATE.format(
                    metric=metric, where=where, estimate=ci.estimate, value=expected
                )
            )
        low, high, confidence = ci.low, ci.high, ci.confidence
    else:
        try:
            pairs = np.asarray(ci, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(E.BAD_INTERVAL.format(metric=metric, where=where, value=ci)) from None
        if pairs.shape[-1:] != (2,):
            raise ValueError(E.BAD_INTERVAL.format(metric=metric, where=where, value=ci))
        low, high = pairs[..., 0], pairs[..., 1]
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    if low.shape != np.shape(expected):
        message = E.INTERVAL_LENGTH.format(metric=metric, got=low.size, expected=np.size(expected))
        raise ValueError(message)
    if np.any(low > high):
        raise ValueError(E.BAD_INTERVAL.format(metric=metric, where=where, value=ci))
    return low, high, confidence


def _result(name, bounds, stat, value, i=None, group=None, n=None) -> MetricResult:
    low = high = level = None
    if stat in bounds:
        lo, hi, level = bounds[stat]
        low, high = (lo, hi) if i is None else (lo[i], hi[i])
        low, high = _scalar(name, low), _scalar(name, high)
    return MetricResult(name, value, stat, group or {}, n, low, high, level)


def _normalise_intervals(intervals, metrics: list[str]) -> dict[str, dict]:
    if intervals is None:
        return {}
    if not isinstance(intervals, dict):
        raise TypeError(E.NOT_A_MAPPING.format(what="intervals", type=type(intervals).__name__))
    if len(metrics) == 1 and intervals and set(intervals) <= set(STATISTICS):
        intervals = {metrics[0]: intervals}  # one metric: its intervals may come unwrapped
    for metric, by_stat in intervals.items():
        if metric not in metrics:
            known = ", ".join(metrics)
            raise ValueError(E.UNKNOWN_INTERVAL_METRIC.format(metric=metric, known=known))
        for key in by_stat:
            if key not in STATISTICS:
                raise ValueError(E.UNKNOWN_INTERVAL_KEY.format(metric=metric, key=key))
    return intervals


def analysis_from_frame(frame, *, intervals=None, title=None, confidence=0.95) -> Analysis:
    """An :class:`Analysis` holding ``frame``'s overall, by-group, difference and ratio values.

    ``intervals`` maps a metric name to ``{"overall" | "by_group" | "difference" | "ratio":
    BootstrapResult or (low, high)}`` (by_group: a BootstrapResult of a function returning
    the by-group values, in the frame's order, or one (low, high) pair per group). A
    BootstrapResult must have been computed around the frame's own value. For a frame of one
    metric the inner dict can be given directly. ``confidence`` labels (low, high) pairs.
    """
    if not (hasattr(frame, "by_group") and hasattr(frame, "sensitive_levels")):
        raise TypeError(E.NOT_A_FRAME.format(type=type(frame).__name__))
    if frame.control_levels is not None:
        raise ValueError(E.CONTROL_FRAME)
    by_group = frame.by_group
    table = by_group.to_frame() if isinstance(by_group, pd.Series) else by_group
    metrics = [str(m) for m in table.columns]
    single = isinstance(by_group, pd.Series)

    def per_metric(values, name):
        return values if single else values[name]

    for name in metrics:  # before the aggregates, which would fail on them less clearly
        if any(np.ndim(v) != 0 for v in table[name]):
            raise ValueError(E.NON_SCALAR_METRIC.format(metric=name))
    overall, difference, ratio = frame.overall, frame.difference(), frame.ratio()
    sizes = frame.counts["n"].to_numpy()
    factors = [str(f) for f in frame.sensitive_levels]
    keys = [k if isinstance(k, tuple) else (k,) for k in table.index]
    groups = [{f: _plain(v) for f, v in zip(factors, key, strict=True)} for key in keys]
    wanted = _normalise_intervals(intervals, metrics)
    results = []
    for name in metrics:
        column = table[name]
        values = {
            "overall": _scalar(name, per_metric(overall, name)),
            "by_group": [_scalar(name, v) for v in column],
            "difference": _scalar(name, per_metric(difference, name)),
            "ratio": _scalar(name, per_metric(ratio, name)),
        }
        bounds = {}
        for stat, ci in wanted.get(name, {}).items():
            expected = np.array(values[stat], dtype=float)  # None (undefined) -> NaN
            bounds[stat] = _bounds(ci, name, stat, expected, confidence)
        result = partial(_result, name, bounds)
        results.append(result("overall", values["overall"], n=int(sizes.sum())))
        for i, (group, value) in enumerate(zip(groups, values["by_group"], strict=True)):
            results.append(result("by_group", value, i, group, int(sizes[i])))
        results.append(result("difference", values["difference"]))
        results.append(result("ratio", values["ratio"]))
    title = title or ("by " + " × ".join(factors))
    return Analysis(title, factors, metrics, results)
