"""Which fairkit metrics are functions of the per-group count table, and how.

The bootstrap and the permutation test resample count tables instead of rows when the metric
allows it. This registry maps each such public function (looked up by identity) to a
:class:`Spec`; :class:`Plan` then evaluates the metric on a stack of tables ``(..., G, 2, 2)``
exactly as the function itself would on the rows (checked by the tests).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairkit.metrics import _counts as C
from fairkit.metrics import _gaps, _generated, _privileged, _rates

_RATE_KW = frozenset({"pos_label", "zero_division"})
_GAP_KW = frozenset({"pos_label", "method", "nan_policy", "missing_group"})
_PRIV_KW = frozenset({"pos_label", "privileged_group"})


@dataclass(frozen=True)
class Spec:
    """``kind`` is "rate" (overall), "gap" (unsigned, over groups) or "privileged" (signed)."""

    kind: str
    rates: tuple[C.Rate, ...]
    ratio: bool = False
    formula: str = ""
    options: frozenset = frozenset()


def _gap(rate, ratio=False, extra=frozenset()):
    return Spec("gap", rate if isinstance(rate, tuple) else (rate,), ratio, "", _GAP_KW | extra)


_ODDS = (C.TRUE_POSITIVE_RATE, C.FALSE_POSITIVE_RATE)
_AGG = frozenset({"agg"})
REGISTRY = {
    **{
        fn: Spec("rate", (fn._rate,), options=_RATE_KW)
        for fn in (getattr(_rates, name) for name in _rates.__all__)
        if getattr(fn, "_rate", None) is not None
    },
    _gaps.demographic_parity_difference: _gap(C.SELECTION_RATE),
    _gaps.demographic_parity_ratio: _gap(C.SELECTION_RATE, True),
    _gaps.equal_opportunity_difference: _gap(C.TRUE_POSITIVE_RATE),
    _gaps.equal_opportunity_ratio: _gap(C.TRUE_POSITIVE_RATE, True),
    _gaps.predictive_parity_difference: _gap(C.POSITIVE_PREDICTIVE_VALUE),
    _gaps.false_positive_rate_difference: _gap(C.FALSE_POSITIVE_RATE),
    _gaps.false_negative_rate_difference: _gap(C.FALSE_NEGATIVE_RATE),
    _gaps.accuracy_difference: _gap(C.ACCURACY),
    _gaps.equalized_odds_difference: _gap(_ODDS, False, _AGG),
    _gaps.equalized_odds_ratio: _gap(_ODDS, True, _AGG),
    _privileged.statistical_parity_difference: Spec(
        "privileged", (C.SELECTION_RATE,), False, "spd", _PRIV_KW
    ),
    _privileged.disparate_impact_ratio: Spec(
        "privileged", (C.SELECTION_RATE,), True, "di", _PRIV_KW
    ),
    _privileged.average_odds_difference: Spec("privileged", _ODDS, False, "aod", _PRIV_KW),
    _privileged.average_abs_odds_difference: Spec("privileged", _ODDS, False, "aaod", _PRIV_KW),
}


def _generated_gaps() -> dict:
    """Fairlearn's generated aggregates ``<rate>_difference`` / ``<rate>_ratio`` are gaps."""
    out = {}
    for name in _generated.__all__:
        base, _, kind = name.rpartition("_")
        rate = getattr(getattr(_rates, base, None), "_rate", None)
        if kind in ("difference", "ratio") and rate is not None:
            out[getattr(_generated, name)] = _gap(rate, kind == "ratio")
    return out


REGISTRY.update(_generated_gaps())


def lookup(metric, kwargs: dict) -> tuple[Spec | None, dict]:
    """The metric's spec and its keyword arguments (a ``functools.partial`` is unwrapped);
    None when the metric or one of its arguments is not known to be table-computable."""
    kw = dict(kwargs)
    while isinstance(metric, functools.partial) and not metric.args:
        kw = {**metric.keywords, **kw}
        metric = metric.func
    try:
        spec = REGISTRY.get(metric)
    except TypeError:  # an unhashable callable
        spec = None
    if spec is None:
        spec = _derived(metric)
    if spec is None or not set(kw) <= spec.options:
        return None, kw
    return spec, kw


def _derived(metric) -> Spec | None:
    """A ``make_derived_metric`` difference or ratio of a fairkit rate is a gap (read from
    the derived metric's attributes; anything else falls back to resampling rows)."""
    rate = getattr(getattr(metric, "_metric", None), "_rate", None)
    transform = getattr(metric, "_transform", None)
    if isinstance(rate, C.Rate) and transform in ("difference", "ratio"):
        return _gap(rate, transform == "ratio")
    return None


def _privileged_position(labels, group):
    """The privileged group's label and row, read as the privileged-group metrics read it
    (the metric itself has already accepted it, so it is present)."""
    index = labels if isinstance(labels, pd.Index) else pd.Index(labels, tupleize_cols=False)
    position = getattr(_privileged, "_position", None)
    if position is not None:
        return position(index, group)
    return group, list(labels).index(group)


def _divide(num, den):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den == 0, np.nan, num / np.where(den == 0, 1.0, den))


class Plan:
    """Evaluate one registered metric on stacks of count tables.

    ``active[k]`` marks the groups whose k-th rate is defined in the observed data: like the
    metric itself (``nan_policy="omit"``), the others take no part in any replicate.
    """

    def __init__(self, spec: Spec, kw: dict, table: np.ndarray, labels: list):
        self.spec = spec
        self.between = (kw.get("method") or "between_groups") == "between_groups"
        self.agg = kw.get("agg", "worst_case")
        zd = kw.get("zero_division", "warn")
        self.fill = None if isinstance(zd, str) else float(zd)
        self.labels = list(labels)
        self.merge = None
        if spec.kind == "privileged":
            group, position = _privileged_position(labels, kw["privileged_group"])
            self.merge = (np.arange(len(labels)) == position).astype(np.intp)
            self.labels = ["unprivileged", group]
        elif spec.kind == "rate":
            self.labels = [None]
        rates, _ = self.rates(table)
        self.active = [~np.isnan(r) for r in rates]

    def merged(self, tables: np.ndarray) -> np.ndarray:
        """The tables the metric reads: pooled for a rate, unprivileged/privileged rows."""
        if self.spec.kind == "rate":
            return tables.sum(axis=-3, keepdims=True)
        if self.merge is not None:
            parts = [tables[..., self.merge == side, :, :].sum(axis=-3) for side in (0, 1)]
            return np.stack(parts, axis=-3)
        return tables

    def rates(self, tables: np.ndarray):
        """Per rate: the values by (merged) group ``(..., G)``, and overall ``(...)``."""
        t = self.merged(np.asarray(tables, dtype=float))
        by_group, overall = [], []
        for rate in self.spec.rates:
            num, den = rate.parts(t)
            by_group.append(_divide(num, den))
            overall.append(_divide(*rate.parts(t.sum(axis=-3))))
        return by_group, overall

    def undefined(self, by_group) -> np.ndarray:
        """``(..., G)``: where an active group's value is undefined, for any of the rates."""
        out = np.zeros(by_group[0].shape, dtype=bool)
        if self.fill is not None:  # zero_division= replaces undefined values
            return out
        for r, act in zip(by_group, self.active, strict=True):
            out |= np.isnan(r) & act
        return out

    def values(self, by_group, overall, *, omit: bool) -> np.ndarray:
        """The metric from per-group rates; ``omit=False`` makes a replicate with an
        undefined group NaN, ``omit=True`` leaves that group out (as ``nan_policy='omit'``)."""
        spec = self.spec
        if spec.kind == "rate":
            v = by_group[0][..., 0]
            return v if self.fill is None else np.where(np.isnan(v), self.fill, v)
        if spec.kind == "privileged":
            return self._privileged(by_group)
        rows = zip(by_group, overall, self.active, strict=True)
        per_rate = [self._gap(r[..., act], o) for r, o, act in rows]
        if self.agg == "mean":
            v = np.mean(per_rate, axis=0)
        else:
            v = (np.min if spec.ratio else np.max)(per_rate, axis=0)
        if not omit:
            v = np.where(self.undefined(by_group).any(axis=-1), np.nan, v)
        return v

    def _gap(self, r, o):
        if len(self.labels) == 1:  # one group in the data: 0 (or 1) by definition
            return np.full(r.shape[:-1], 1.0 if self.spec.ratio else 0.0)
        if r.shape[-1] == 0:  # no group with a defined value
            return np.full(r.shape[:-1], np.nan)
        with np.errstate(invalid="ignore"):
            if self.between:
                lo, hi = np.fmin.reduce(r, axis=-1), np.fmax.reduce(r, axis=-1)
                return _divide(lo, hi) if self.spec.ratio else hi - lo
            o = o[..., None]
            if self.spec.ratio:
                return np.fmin.reduce(_divide(np.fmin(r, o), np.fmax(r, o)), axis=-1)
            return np.fmax.reduce(np.abs(r - o), axis=-1)

    def _privileged(self, by_group):
        formula = self.spec.formula
        if formula in ("spd", "di"):
            u, p = by_group[0][..., 0], by_group[0][..., 1]
            return u - p if formula == "spd" else _divide(u, p)
        tu, tp = by_group[0][..., 0], by_group[0][..., 1]
        fu, fp = by_group[1][..., 0], by_group[1][..., 1]
        if formula == "aod":
            return ((fu - fp) + (tu - tp)) / 2
        return (np.abs(fu - fp) + np.abs(tu - tp)) / 2
