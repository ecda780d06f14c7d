"""MetricFrame: metrics overall and by group, and their between-group aggregates."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from fairkit.metrics import _counts as C
from fairkit.metrics import _errors as E
from fairkit.metrics._groups import Groups, factorize_groups, grouped_count_table
from fairkit.metrics._rates import count
from fairkit.metrics._validation import _as_1d, _check_length, binarize_labels, check_weights

__all__ = ["MetricFrame"]

_METHODS = ("between_groups", "to_overall")
_NAN_POLICIES = ("raise", "omit", "propagate")


def _is_table_metric(fn) -> bool:
    return fn is count or getattr(fn, "_rate", None) is not None


def _normalise_metrics(metrics) -> tuple[bool, dict[str, Callable]]:
    if callable(metrics):
        return True, {getattr(metrics, "__name__", "metric"): metrics}
    if isinstance(metrics, Mapping) and metrics and all(callable(f) for f in metrics.values()):
        return False, {str(k): f for k, f in metrics.items()}
    raise TypeError(E.BAD_METRIC.format(type_name=type(metrics).__name__))


def _check_option(value, allowed, message, key):
    if value not in allowed:
        raise ValueError(message.format(**{key: value}))


class MetricFrame:
    """Metrics computed overall and for every group defined by sensitive features.

    Parameters
    ----------
    metrics : callable or dict of str -> callable
        fairkit rates (``selection_rate``, ``true_positive_rate``, ...) are computed for all
        groups at once from one count table; any other ``f(y_true, y_pred)`` (for example a
        scikit-learn metric) is called once per group, with ``sample_weight=`` if weights are
        given.
    y_true, y_pred : array-like of shape (n_samples,)
    sensitive_features : array-like, Series, DataFrame or dict of columns
        One column, or several: several columns define intersectional groups, and only
        combinations that occur are groups.
    sample_weight : array-like of shape (n_samples,), optional
    pos_label : scalar, optional
        The positive label, required for labels other than 0/1 or booleans.
    zero_division : "warn" or float, default "warn"
        Value of an undefined (0/0) rate; "warn" gives NaN and an ``UndefinedMetricWarning``.
    missing_group : scalar, optional
        Label for rows whose sensitive feature is missing; by default missing values raise.

    Attributes
    ----------
    overall : float or Series
    by_group : Series or DataFrame
        Indexed by group (a MultiIndex for several sensitive features).
    counts : DataFrame
        Per group: rows ``n``, ``positives`` and ``negatives`` of ``y_true`` (when labels are
        binary) and total ``weight``.

    Examples
    --------
    >>> from fairkit.metrics import MetricFrame, selection_rate
    >>> mf = MetricFrame(metrics=selection_rate, y_true=[1, 0, 1, 0], y_pred=[1, 1, 0, 0],
    ...                  sensitive_features=["a", "a", "b", "b"])
    >>> mf.by_group.tolist()
    [1.0, 0.0]
    >>> mf.difference()
    1.0
    """

    def __init__(
        self,
        *,
        metrics,
        y_true,
        y_pred,
        sensitive_features,
        sample_weight=None,
        pos_label=None,
        zero_division="warn",
        missing_group=None,
    ):
        self._single, self._metrics = _normalise_metrics(metrics)
        C.check_zero_division(zero_division)
        self._zero_division = zero_division
        yt_raw, yp_raw = _as_1d(y_true, "y_true"), _as_1d(y_pred, "y_pred")
        if len(yt_raw) == 0:
            raise ValueError(E.EMPTY_INPUT)
        _check_length(len(yt_raw), yp_raw, "y_pred")
        n = len(yt_raw)
        self._weights = check_weights(sample_weight, n)
        self._labels = None
        self._table = None
        table_metrics = [_is_table_metric(f) for f in self._metrics.values()]
        if all(table_metrics) and self._weights is None:
            # Everything comes from one unweighted count table: no per-row group codes.
            self._labels = binarize_labels(yt_raw, yp_raw, pos_label=pos_label)
            index, self._table = grouped_count_table(
                sensitive_features, *self._labels, missing_group=missing_group
            )
            self._groups = Groups(codes=None, index=index)
        else:
            self._groups = factorize_groups(sensitive_features, n, missing_group=missing_group)
            if any(table_metrics):
                self._labels = binarize_labels(yt_raw, yp_raw, pos_label=pos_label)
                self._table = C.count_table(
                    self._groups.codes, self._groups.n_groups, *self._labels, self._weights
                )
        self._counts = self._make_counts()
        self._warn_zero_weight()
        by_group, overall = {}, {}
        for name, fn in self._metrics.items():
            if _is_table_metric(fn):
                by_group[name], overall[name] = self._from_table(fn)
            else:
                by_group[name], overall[name] = self._per_group(fn, yt_raw, yp_raw)
        self._by_group = pd.DataFrame(by_group, index=self._groups.index)
        self._overall = pd.Series(overall, dtype=float)

    # -- construction helpers -------------------------------------------------------------
    def _group_sizes(self) -> np.ndarray:
        return self._counts["n"].to_numpy()

    def _make_counts(self) -> pd.DataFrame:
        """Rows, positives, negatives and weight per group, computed now: the caller may
        change their arrays later, and results must not follow."""
        g = self._groups
        if self._table is not None and self._weights is None:
            n = self._table.sum(axis=(1, 2)).astype(np.int64)  # unweighted table: counts
            positives = self._table[:, 1, :].sum(axis=1).astype(np.int64)
        else:
            n = np.bincount(g.codes, minlength=g.n_groups)
            positives = None
            if self._labels is not None:
                positives = np.bincount(g.codes, self._labels[0], minlength=g.n_groups)
                positives = positives.astype(np.int64)
        out = {"n": n}
        if positives is not None:
            out["positives"] = positives
            out["negatives"] = n - positives
        if self._weights is None:
            out["weight"] = n.astype(float)
        else:
            out["weight"] = np.bincount(g.codes, self._weights, minlength=g.n_groups)
        return pd.DataFrame(out, index=g.index)

    def _warn_zero_weight(self) -> None:
        if self._weights is None:
            return
        zero = self._counts["weight"].to_numpy() == 0
        if zero.any():
            groups = ", ".join(map(repr, self._groups.index[zero]))
            E.warn(E.ZERO_WEIGHT_GROUPS.format(groups=groups), E.UndefinedMetricWarning)

    def _from_table(self, fn):
        if fn is count:
            sizes = self._group_sizes()
            return sizes, float(sizes.sum())
        kw = {"zero_division": self._zero_division}
        labels = list(self._groups.index)
        by_group = C.rate_from_table(fn._rate, self._table, labels=labels, **kw)
        overall = C.rate_from_table(fn._rate, self._table.sum(axis=0), **kw)
        return by_group, float(overall)

    def _per_group(self, fn, yt, yp):
        order = np.argsort(self._groups.codes, kind="stable")
        bounds = np.cumsum(self._group_sizes())[:-1]
        w = self._weights
        values = []
        for rows in np.split(order, bounds):
            kw = {} if w is None else {"sample_weight": w[rows]}
            values.append(float(fn(yt[rows], yp[rows], **kw)))
        kw = {} if w is None else {"sample_weight": w}
        return np.array(values), float(fn(yt, yp, **kw))

    # -- results ----------------------------------------------------------------------------
    @property
    def overall(self):
        return float(self._overall.iloc[0]) if self._single else self._overall.copy()

    @property
    def by_group(self):
        return self._by_group.iloc[:, 0].copy() if self._single else self._by_group.copy()

    @property
    def counts(self) -> pd.DataFrame:
        return self._counts.copy()

    # -- aggregates -------------------------------------------------------------------------
    def _columns(self, nan_policy: str):
        """Yield (name, values without NaN groups or None to propagate NaN, overall)."""
        _check_option(nan_policy, _NAN_POLICIES, E.BAD_NAN_POLICY, "nan_policy")
        for name in self._metrics:
            s = self._by_group[name]
            nan = s.isna().to_numpy()
            if nan.any():
                groups = ", ".join(map(repr, s.index[nan]))
                if nan_policy == "raise":
                    raise ValueError(E.NAN_GROUPS_RAISE.format(metric=name, groups=groups))
                if nan_policy == "propagate":
                    yield name, None, self._overall[name]
                    continue
                E.warn(
                    E.NAN_GROUPS_SKIPPED.format(metric=name, groups=groups), E.GroupsSkippedWarning
                )
            yield name, s[~nan], self._overall[name]

    def _single_group(self) -> bool:
        """Warn and say so when there is only one group (difference 0, ratio 1)."""
        if self._groups.n_groups != 1:
            return False
        E.warn(E.SINGLE_GROUP.format(group=repr(self._groups.index[0])), E.SingleGroupWarning)
        return True

    def _result(self, values: dict):
        return values[next(iter(values))] if self._single else pd.Series(values, dtype=float)

    def group_min(self, *, nan_policy: str = "omit"):
        """Smallest value over groups (per metric)."""
        return self._result(
            {
                name: (np.nan if s is None or s.empty else float(s.min()))
                for name, s, _ in self._columns(nan_policy)
            }
        )

    def group_max(self, *, nan_policy: str = "omit"):
        """Largest value over groups (per metric)."""
        return self._result(
            {
                name: (np.nan if s is None or s.empty else float(s.max()))
                for name, s, _ in self._columns(nan_policy)
            }
        )

    def difference(self, method: str = "between_groups", *, nan_policy: str = "omit"):
        """Unsigned gap: ``max - min`` over groups, or the largest ``|group - overall|``.

        Parameters
        ----------
        method : {"between_groups", "to_overall"}
        nan_policy : {"omit", "raise", "propagate"}
            What to do with groups whose value is undefined: leave them out with a
            ``GroupsSkippedWarning``, raise a ValueError, or return NaN.
        """
        _check_option(method, _METHODS, E.BAD_METHOD, "method")
        if self._single_group():
            return self._result(dict.fromkeys(self._metrics, 0.0))
        out = {}
        for name, s, overall in self._columns(nan_policy):
            if s is None or s.empty:
                out[name] = np.nan
            elif method == "between_groups":
                out[name] = float(s.max() - s.min())
            else:
                out[name] = float(np.abs(s - overall).max())
        return self._result(out)

    def ratio(
        self, method: str = "between_groups", *, nan_policy: str = "omit", zero_division=None
    ):
        """Smallest ratio: ``min / max`` over groups, or min of ``min(g/o, o/g)`` to overall.

        ``0 / 0`` follows ``zero_division`` (default: the frame's, "warn" = NaN + warning).
        """
        _check_option(method, _METHODS, E.BAD_METHOD, "method")
        zd = self._zero_division if zero_division is None else zero_division
        C.check_zero_division(zd)
        if self._single_group():
            return self._result(dict.fromkeys(self._metrics, 1.0))
        out = {}
        for name, s, overall in self._columns(nan_policy):
            if s is None or s.empty:
                out[name] = np.nan
                continue
            if method == "between_groups":
                lo, hi, labels = s.min(), s.max(), None
            else:
                lo = np.minimum(s.to_numpy(), overall)
                hi = np.maximum(s.to_numpy(), overall)
                labels = list(s.index)
            reason = "every group's value is 0" if labels is None else "group and overall are 0"
            r = C.divide(
                lo, hi, zero_division=zd, metric=f"ratio of {name}", reason=reason, labels=labels
            )
            # 0/0 groups were already reported by the warning (or replaced by zero_division).
            out[name] = np.nan if np.isnan(r).all() else float(np.nanmin(r))
        return self._result(out)
