"""Between-group aggregates of a MetricFrame, computed within each control stratum.

Without control features there is one stratum (every group); with them, each combination
of control values is a stratum and every aggregate is one value per stratum, as in
Fairlearn's conditional metrics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairkit.metrics import _counts as C
from fairkit.metrics import _errors as E

METHODS = ("between_groups", "to_overall")
NAN_POLICIES = ("raise", "omit", "propagate")
ERRORS = ("raise", "coerce")


def check_option(value, allowed, message, key) -> None:
    if value not in allowed:
        raise ValueError(message.format(**{key: value}))


@dataclass(frozen=True)
class Layout:
    """Groups and the control stratum each belongs to.

    ``strata[g]`` is the stratum of group ``g``; ``strata_index`` labels the strata, or is
    None without control features (then there is a single stratum, 0).
    """

    index: pd.Index
    strata: np.ndarray
    strata_index: pd.Index | None

    @property
    def n_strata(self) -> int:
        return 1 if self.strata_index is None else len(self.strata_index)

    @classmethod
    def of(cls, index: pd.Index, n_control: int) -> Layout:
        if n_control == 0:
            return cls(index, np.zeros(len(index), dtype=np.intp), None)
        outer = index.droplevel(list(range(n_control, index.nlevels)))
        strata, strata_index = outer.factorize()
        strata_index = strata_index.set_names(outer.names)
        return cls(index, strata.astype(np.intp), strata_index)

    def shape(self, single: bool, values: dict):
        """Per-stratum results as a float (one metric, no control), a Series or a DataFrame."""
        if self.strata_index is None:
            flat = {name: float(v[0]) for name, v in values.items()}
            return flat[next(iter(flat))] if single else pd.Series(flat, dtype=float)
        frame = pd.DataFrame(values, index=self.strata_index, dtype=float)
        return frame.iloc[:, 0] if single else frame  # named after the metric, as Fairlearn


def _scalars(name: str, column: pd.Series, errors: str, aggregate: str) -> np.ndarray | None:
    check_option(errors, ERRORS, E.BAD_ERRORS, "errors")
    if column.dtype != object:
        return column.to_numpy(dtype=float)
    if errors == "raise":
        raise ValueError(E.NON_SCALAR_AGGREGATE.format(metric=name, aggregate=aggregate))
    return None


def _usable(layout: Layout, name: str, values: np.ndarray, nan_policy: str, single=None):
    """Mask of the groups that enter the aggregate, and of the strata forced to NaN.

    Groups alone in their stratum (``single``) are not checked: their result is fixed.
    """
    nan = np.isnan(values)
    if single is not None:
        nan &= ~single[layout.strata]
    nan_strata = np.zeros(layout.n_strata, dtype=bool)
    if nan.any():
        groups = ", ".join(map(repr, layout.index[nan]))
        if nan_policy == "raise":
            raise ValueError(E.NAN_GROUPS_RAISE.format(metric=name, groups=groups))
        if nan_policy == "propagate":
            nan_strata[layout.strata[nan]] = True
        else:
            E.warn(E.NAN_GROUPS_SKIPPED.format(metric=name, groups=groups), E.GroupsSkippedWarning)
    return ~nan, nan_strata


def _fold(ufunc, layout: Layout, values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``ufunc`` (np.fmin / np.fmax) over the kept groups of each stratum; NaN if none."""
    out = np.full(layout.n_strata, np.nan)
    ufunc.at(out, layout.strata[keep], values[keep])
    return out


def extreme(layout, by_group, how: str, *, nan_policy: str, errors: str) -> dict:
    """Per metric, the smallest (``how="min"``) or largest value over groups, per stratum."""
    check_option(nan_policy, NAN_POLICIES, E.BAD_NAN_POLICY, "nan_policy")
    ufunc = np.fmin if how == "min" else np.fmax
    out = {}
    for name in by_group.columns:
        values = _scalars(name, by_group[name], errors, f"group_{how}")
        if values is None:
            out[name] = np.full(layout.n_strata, np.nan)
            continue
        keep, nan_strata = _usable(layout, name, values, nan_policy)
        out[name] = np.where(nan_strata, np.nan, _fold(ufunc, layout, values, keep))
    return out


def single_group_strata(layout: Layout) -> np.ndarray:
    """Mask of the strata with one group only (their difference is 0, ratio 1), warned."""
    sizes = np.bincount(layout.strata, minlength=layout.n_strata)
    single = sizes == 1
    if single.any():
        if layout.strata_index is None:
            message = E.SINGLE_GROUP.format(group=repr(layout.index[0]))
        else:
            strata = ", ".join(map(repr, layout.strata_index[single]))
            message = E.SINGLE_GROUP_IN_STRATA.format(strata=strata)
        E.warn(message, E.SingleGroupWarning)
    return single


def difference(layout, by_group, overall, method: str, *, nan_policy, errors) -> dict:
    """Per metric and stratum: ``max - min`` over groups, or the largest ``|group - overall|``."""
    check_option(method, METHODS, E.BAD_METHOD, "method")
    check_option(nan_policy, NAN_POLICIES, E.BAD_NAN_POLICY, "nan_policy")
    single = single_group_strata(layout)
    out = {}
    for name in by_group.columns:
        values = _scalars(name, by_group[name], errors, "difference")
        if values is None:
            out[name] = np.full(layout.n_strata, np.nan)
            continue
        keep, nan_strata = _usable(layout, name, values, nan_policy, single)
        if method == "between_groups":
            gap = _fold(np.fmax, layout, values, keep) - _fold(np.fmin, layout, values, keep)
        else:
            reference = overall[name].to_numpy(dtype=float)[layout.strata]
            gap = _fold(np.fmax, layout, np.abs(values - reference), keep)
        out[name] = np.where(single, 0.0, np.where(nan_strata, np.nan, gap))
    return out


def ratio(layout, by_group, overall, method: str, *, nan_policy, errors, zero_division) -> dict:
    """Per metric and stratum: ``min / max`` over groups, or min of ``min(g/o, o/g)``."""
    check_option(method, METHODS, E.BAD_METHOD, "method")
    check_option(nan_policy, NAN_POLICIES, E.BAD_NAN_POLICY, "nan_policy")
    C.check_zero_division(zero_division)
    single = single_group_strata(layout)
    out = {}
    for name in by_group.columns:
        values = _scalars(name, by_group[name], errors, "ratio")
        if values is None:
            out[name] = np.full(layout.n_strata, np.nan)
            continue
        keep, nan_strata = _usable(layout, name, values, nan_policy, single)
        kw = {"zero_division": zero_division, "metric": f"ratio of {name}"}
        if method == "between_groups":
            lo, hi = _fold(np.fmin, layout, values, keep), _fold(np.fmax, layout, values, keep)
            defined = ~np.isnan(lo) & ~single & ~nan_strata
            labels = None if layout.strata_index is None else list(layout.strata_index[defined])
            r = np.full(layout.n_strata, np.nan)
            r[defined] = C.divide(
                lo[defined], hi[defined], reason="every group's value is 0", labels=labels, **kw
            )
        else:
            reference = overall[name].to_numpy(dtype=float)[layout.strata]
            lo, hi = np.minimum(values, reference), np.maximum(values, reference)
            per_group = np.full(len(values), np.nan)
            per_group[keep] = C.divide(
                lo[keep],
                hi[keep],
                reason="group and overall are 0",
                labels=list(layout.index[keep]),
                **kw,
            )
            # 0/0 groups were already reported by the warning (or replaced by zero_division).
            r = _fold(np.fmin, layout, per_group, ~np.isnan(per_group))
        out[name] = np.where(single, 1.0, np.where(nan_strata, np.nan, r))
    return out
