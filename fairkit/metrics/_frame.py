"""MetricFrame: metrics overall and by group, and their between-group aggregates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.metrics import _counts as C
from fairkit.metrics import _errors as E
from fairkit.metrics import _frame_aggregates as A
from fairkit.metrics import _frame_inputs as I
from fairkit.metrics._groups import Groups, _columns, factorize_groups, grouped_count_table
from fairkit.metrics._rates import count
from fairkit.metrics._validation import (
    _check_length,
    binarize_labels,
    check_weights,
    warn_unaligned,
)

__all__ = ["MetricFrame"]


class MetricFrame:
    """Metrics computed overall and for every group defined by sensitive features.

    Parameters
    ----------
    metrics : callable or dict of str -> callable
        fairkit rates (``selection_rate``, ``true_positive_rate``, ...) are computed for all
        groups at once from one count table; any other ``f(y_true, y_pred)`` (for example a
        scikit-learn metric) is called once per group, with ``sample_weight=`` if weights are
        given. Such a metric may return a non-scalar (e.g. a confusion matrix): its cells then
        hold the arrays, and aggregating it raises unless ``errors="coerce"``.
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        2-D labels only for metrics called per group (the rates need 1-D labels).
    sensitive_features : array-like, Series, DataFrame, dict of columns or list of arrays
        One column, or several (a list of arrays is one array per feature): several columns
        define intersectional groups, and only combinations that occur are groups.
    control_features : same forms as ``sensitive_features``, optional
        Conditioning features (e.g. a legitimate risk factor): ``by_group`` gets them as outer
        index levels, and ``overall`` and every aggregate are computed per control stratum.
    sample_weight : array-like of shape (n_samples,), optional
        Weights for every metric (fairkit's shortcut for ``sample_params``).
    sample_params : dict, optional
        Per-row arguments by metric: ``{"param": array}`` for one metric, ``{"name":
        {"param": array}}`` for a dict of metrics, cut to each group's rows (Fairlearn's form).
    pos_label : scalar, optional
        The positive label, required for labels other than 0/1 or booleans.
    zero_division : "warn" or float, default "warn"
        Value of an undefined (0/0) rate; "warn" gives NaN and an ``UndefinedMetricWarning``.
    missing_group : scalar, optional
        Label for rows whose sensitive (or control) feature is missing; by default missing
        values raise.

    Attributes
    ----------
    overall : float or Series (per metric, or per control stratum), or DataFrame (both)
    by_group : Series or DataFrame
        Indexed by group (a MultiIndex for several features, control features first).
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

    Conditional on a control feature, each stratum gets its own overall value and gap:

    >>> mf = MetricFrame(metrics=selection_rate, y_true=[1, 0, 1, 0], y_pred=[1, 1, 1, 0],
    ...                  sensitive_features=["a", "b", "a", "b"],
    ...                  control_features=["lo", "lo", "hi", "hi"])
    >>> mf.difference().to_dict()
    {'hi': 1.0, 'lo': 0.0}
    """

    def __init__(
        self,
        *,
        metrics,
        y_true,
        y_pred,
        sensitive_features,
        control_features=None,
        sample_weight=None,
        sample_params=None,
        pos_label=None,
        zero_division="warn",
        missing_group=None,
    ):
        self._single, self._metrics = I.normalise_metrics(metrics)
        C.check_zero_division(zero_division)
        self._zero_division = zero_division
        yt_raw, yp_raw = I.as_rows(y_true, "y_true"), I.as_rows(y_pred, "y_pred")
        if len(yt_raw) == 0:
            raise ValueError(E.EMPTY_INPUT)
        _check_length(len(yt_raw), yp_raw, "y_pred")
        n = len(yt_raw)
        warn_unaligned(
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=sensitive_features,
            control_features=control_features,
            sample_weight=sample_weight,
            sample_params=sample_params,
        )
        self._weights = check_weights(sample_weight, n)
        self._params = I.route_sample_params(
            sample_params, self._metrics, self._single, n, self._weights
        )
        features = {"missing_group": missing_group, "control_features": control_features}
        self._labels, self._tables = None, {}
        table_metrics = [I.is_table_metric(f) for f in self._metrics.values()]
        if all(table_metrics) and not any(self._params.values()):
            # Everything comes from one unweighted count table: no per-row group codes.
            self._labels = binarize_labels(yt_raw, yp_raw, pos_label=pos_label)
            index, table = grouped_count_table(sensitive_features, *self._labels, **features)
            self._groups, self._tables[None] = Groups(codes=None, index=index), table
        else:
            self._groups = factorize_groups(sensitive_features, n, **features)
            if any(table_metrics):
                self._labels = binarize_labels(yt_raw, yp_raw, pos_label=pos_label)
        n_control = 0 if control_features is None else len(_columns(control_features, n))
        self._layout = A.Layout.of(self._groups.index, n_control)
        self._counts = I.group_counts(
            self._groups, self._tables.get(None), self._labels, self._weights
        )
        by_group, overall = {}, {}
        for name, fn in self._metrics.items():
            if I.is_table_metric(fn):
                by_group[name], overall[name] = self._from_table(fn, name)
            elif I.is_grouped_metric(fn):
                by_group[name], overall[name] = self._grouped(fn, yt_raw, yp_raw, name)
            else:
                by_group[name], overall[name] = self._per_group(fn, yt_raw, yp_raw, name)
        self._by_group = pd.DataFrame(by_group, index=self._groups.index)
        strata = self._layout.strata_index
        self._overall = pd.DataFrame(overall, index=pd.RangeIndex(1) if strata is None else strata)

    # -- construction helpers -------------------------------------------------------------
    def _row_strata(self) -> np.ndarray:
        return self._layout.strata[self._groups.codes]

    def _group_sizes(self) -> np.ndarray:
        return self._counts["n"].to_numpy()

    def _table(self, weights) -> np.ndarray:
        """The count table for these weights: one per distinct weight array, shared."""
        key = None if weights is None else id(weights)
        if key not in self._tables:
            g = self._groups
            self._tables[key] = C.count_table(g.codes, g.n_groups, *self._labels, weights)
        return self._tables[key]

    def _by_stratum(self, per_group: np.ndarray) -> np.ndarray:
        """Sum per-group tables (or counts) within each control stratum."""
        lay = self._layout
        if lay.strata_index is None:
            return per_group.sum(axis=0, keepdims=True).astype(float)
        out = np.zeros((lay.n_strata, *per_group.shape[1:]))
        np.add.at(out, lay.strata, per_group)
        return out

    def _from_table(self, fn, name):
        if fn is count:
            sizes = self._group_sizes()
            return sizes, self._by_stratum(sizes.astype(float))
        table = self._table(self._params[name].get("sample_weight"))
        kw = {"zero_division": self._zero_division}
        by_group = C.rate_from_table(fn._rate, table, labels=list(self._groups.index), **kw)
        strata = self._layout.strata_index
        labels = None if strata is None else list(strata)
        overall = C.rate_from_table(fn._rate, self._by_stratum(table), labels=labels, **kw)
        return by_group, overall

    def _grouped(self, fn, yt, yp, name):
        w, g, lay = self._params[name].get("sample_weight"), self._groups, self._layout
        strata = None if lay.strata_index is None else list(lay.strata_index)
        out = []
        for codes, size, labels in (
            (g.codes, g.n_groups, list(g.index)),
            (self._row_strata(), lay.n_strata, strata),
        ):
            num, den = fn._grouped(yt, yp, codes, size, w)
            kw = {"metric": name, "reason": fn._undefined_reason, "labels": labels}
            out.append(C.divide(num, den, zero_division=self._zero_division, **kw))
        return out[0], out[1]

    def _per_group(self, fn, yt, yp, name):
        params, g, lay = self._params[name], self._groups, self._layout
        by_group = I.call_on_groups(fn, yt, yp, params, g.codes, g.n_groups)
        if lay.strata_index is None:
            return by_group, I.call_overall(fn, yt, yp, params)
        return by_group, I.call_on_groups(fn, yt, yp, params, self._row_strata(), lay.n_strata)

    # -- results ----------------------------------------------------------------------------
    @property
    def overall(self):
        """Each metric on all rows (per control stratum when there are control features)."""
        if self._layout.strata_index is not None:
            return self._overall.iloc[:, 0].copy() if self._single else self._overall.copy()
        row = self._overall.iloc[0]
        if self._single:
            value = row.iloc[0]
            return float(value) if np.ndim(value) == 0 else value
        return row.rename(None).copy()

    @property
    def by_group(self):
        return self._by_group.iloc[:, 0].copy() if self._single else self._by_group.copy()

    @property
    def counts(self) -> pd.DataFrame:
        return self._counts.copy()

    @property
    def control_levels(self) -> list | None:
        """Names of the control features (outer levels of ``by_group``), or None."""
        strata = self._layout.strata_index
        return None if strata is None else list(strata.names)

    @property
    def sensitive_levels(self) -> list:
        """Names of the sensitive features (the inner levels of ``by_group``)."""
        return list(self._groups.index.names)[len(self.control_levels or []) :]

    # -- aggregates -------------------------------------------------------------------------
    def group_min(self, *, nan_policy: str = "omit", errors: str = "raise"):
        """Smallest value over groups (per metric, per control stratum).

        ``errors="coerce"`` gives NaN for non-scalar metrics instead of raising.
        """
        values = A.extreme(
            self._layout, self._by_group, "min", nan_policy=nan_policy, errors=errors
        )
        return self._layout.shape(self._single, values)

    def group_max(self, *, nan_policy: str = "omit", errors: str = "raise"):
        """Largest value over groups (per metric, per control stratum)."""
        values = A.extreme(
            self._layout, self._by_group, "max", nan_policy=nan_policy, errors=errors
        )
        return self._layout.shape(self._single, values)

    def difference(
        self, method: str = "between_groups", *, nan_policy: str = "omit", errors: str = "raise"
    ):
        """Unsigned gap: ``max - min`` over groups, or the largest ``|group - overall|``.

        Parameters
        ----------
        method : {"between_groups", "to_overall"}
        nan_policy : {"omit", "raise", "propagate"}
            What to do with groups whose value is undefined: leave them out with a
            ``GroupsSkippedWarning``, raise a ValueError, or return NaN.
        errors : {"raise", "coerce"}
            What to do with non-scalar metrics: raise, or give NaN.
        """
        values = A.difference(
            self._layout,
            self._by_group,
            self._overall,
            method,
            nan_policy=nan_policy,
            errors=errors,
        )
        return self._layout.shape(self._single, values)

    def ratio(
        self,
        method: str = "between_groups",
        *,
        nan_policy: str = "omit",
        zero_division=None,
        errors: str = "raise",
    ):
        """Smallest ratio: ``min / max`` over groups, or min of ``min(g/o, o/g)`` to overall.

        ``0 / 0`` follows ``zero_division`` (default: the frame's, "warn" = NaN + warning).
        """
        zd = self._zero_division if zero_division is None else zero_division
        values = A.ratio(
            self._layout,
            self._by_group,
            self._overall,
            method,
            nan_policy=nan_policy,
            errors=errors,
            zero_division=zd,
        )
        return self._layout.shape(self._single, values)
