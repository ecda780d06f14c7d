"""FairnessMonitor: a band for a fairness gap learned on reference data, batches judged on it."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from fairkit.accountability import _errors as E
from fairkit.accountability import _monitor_band as B
from fairkit.accountability import _monitor_inputs as I
from fairkit.accountability._monitor_alerts import make_alert
from fairkit.accountability._monitor_results import BatchResult
from fairkit.metrics import bootstrap_ci, equal_opportunity_difference
from fairkit.metrics._bootstrap import _name
from fairkit.metrics._counts import count_table
from fairkit.metrics._groups import factorize_groups

__all__ = ["FairnessMonitor"]

_MAX_CACHED_BANDS = 4096


def _is_int(value, minimum: int) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= minimum


class FairnessMonitor(BaseEstimator):
    """Watch a fairness gap in production batches against a band learned on reference data.

    ``fit`` takes reference data (e.g. the validation set the model was approved on). Each
    production batch is then judged at its own composition: tables with the batch's rows
    per group are drawn from the reference data's cells (the stratified count-table
    bootstrap of :func:`~fairkit.metrics.bootstrap_ci`, at the batch's size), and the band
    is the mean +- ``k`` standard deviations of their gap (clipped to [0, 1]), so small
    batches get wide bands and large batches narrow ones; a band is drawn once per
    composition and reused. A batch whose gap is worse than the band (above it for a
    difference, below it for a ratio) raises an alert naming the groups whose own rate left
    its band. Groups with fewer than ``min_group_size`` rows in the rate's denominator (for
    the true positive rate: positive labels) are "too small to judge": left out of the gap,
    never alerted on. Batches are judged independently (a Shewhart chart, no memory).

    Parameters
    ----------
    metric : callable, default equal_opportunity_difference
        A fairkit gap over groups (``*_difference`` or ``*_ratio``, or a
        ``functools.partial`` of one with e.g. ``method="to_overall"``).
    k : float, default 3.0
        Band half-width in bootstrap standard deviations.
    min_group_size : int, default 30
    n_boot : int, default 1000
        Tables drawn per band (and for ``reference_ci_``).
    batch_size : int, optional
        Typical production batch size, used only for ``band_`` and ``group_bands_``
        (default: the reference size). Each batch is judged at its own size.
    pos_label : scalar, optional
    random_state : int, Generator or None
        Bands are reproducible: each composition's draws are seeded from it.

    Attributes
    ----------
    groups_ : pandas.Index
        The reference groups (a batch with any other group is an error).
    judged_groups_ : pandas.Index
        Groups large enough in the reference to be judged at all.
    reference_value_ : float
    reference_ci_ : BootstrapResult
        ``bootstrap_ci`` of the gap on the reference data (its own size).
    reference_rates_ : pandas.DataFrame
        Rates per judged group on the reference data.
    band_, group_bands_ : tuple, pandas.DataFrame
        The band and per-group rate bands for a batch of ``batch_size_`` rows with the
        reference's group shares.
    reference_table_ : ndarray of shape (n_groups, 2, 2)
        Reference counts by group, label and prediction.
    batch_size_, metric_name_, seed_ : int, str, int
        The nominal batch size, the metric's name, the seed of every band's draws.
    history_ : list of BatchResult
        Every ``update`` so far; ``alerts_`` holds their alerts.

    Notes
    -----
    Measured (simulation of ``tests/fairkit/test_accountability_monitor.py``): reference
    10,000 rows, batches of 500 rows in two equal groups, 40 % positives, recall 0.8 in
    both; group B's recall falls to 0.6 at batch 20. At ``k=3``, over 300 runs, the first
    drifted batch alerts in 77 % of runs, within 2 batches 95 %, within 3 99 % (mean delay
    1.3 batches, longest 4), and the alert names group B in 99 %. Stable batches alert
    0.2-0.8 % of the time (tested: at most 2 %); a gap near 0 is a folded, skewed statistic,
    so its mean + 3 sd is exceeded more often than a normal's 0.13 %.

    Examples
    --------
    >>> import numpy as np
    >>> from fairkit.accountability import FairnessMonitor
    >>> rng = np.random.default_rng(0)
    >>> g = np.repeat(["a", "b"], 2000)
    >>> y = rng.random(4000) < 0.5
    >>> monitor = FairnessMonitor(batch_size=400, random_state=0).fit(
    ...     y, y & (rng.random(4000) < 0.8), sensitive_features=g)
    >>> yb, gb = y[:400], np.repeat(["a", "b"], 200)
    >>> pred = yb & (rng.random(400) < np.where(gb == "b", 0.4, 0.8))
    >>> result = monitor.update(yb, pred, sensitive_features=gb)
    >>> result.status, result.alert.groups
    ('alert', ('b',))
    """

    def __init__(
        self,
        metric=equal_opportunity_difference,
        *,
        k: float = 3.0,
        min_group_size: int = 30,
        n_boot: int = 1000,
        batch_size: int | None = None,
        pos_label=None,
        random_state=None,
    ):
        self.metric = metric
        self.k = k
        self.min_group_size = min_group_size
        self.n_boot = n_boot
        self.batch_size = batch_size
        self.pos_label = pos_label
        self.random_state = random_state

    # -- fitting ------------------------------------------------------------------------

    def fit(self, y_true, y_pred, *, sensitive_features) -> FairnessMonitor:
        """Learn the reference rates and bands from labelled reference data."""
        self._spec, self._kw = I.check_params(self)
        yt, yp = I.labels(self, y_true, y_pred)
        groups = factorize_groups(sensitive_features, len(yt))
        table = count_table(groups.codes, groups.n_groups, yt, yp)
        keep = B.judged(self._spec, table, self.min_group_size)
        if keep.sum() < 2:
            raise ValueError(
                E.MONITOR_ONE_GROUP.format(n=int(keep.sum()), min_size=self.min_group_size)
            )
        self.groups_ = groups.index
        self.judged_groups_ = groups.index[keep]
        self._reference_ok = keep
        self.reference_table_ = table
        self.metric_name_ = _name(self.metric)
        self.seed_ = int(np.random.default_rng(self.random_state).integers(2**32))
        self._bands, self._plans, self._labels = {}, {}, list(groups.index)
        self.reference_value_, rates = B.gap_and_rates(self._plan(keep), table[keep])
        names = [rate.name for rate in self._spec.rates]
        self.reference_rates_ = pd.DataFrame(rates.T, index=self.judged_groups_, columns=names)
        rows = keep[groups.codes]
        sf = (np.cumsum(keep) - 1)[groups.codes]  # judged groups' numbers: labels not needed
        # The labels as given: the metric (or its partial) may carry its own pos_label.
        raw_pred = np.asarray(y_pred)
        raw_true = raw_pred if y_true is None else np.asarray(y_true)
        self.reference_ci_ = bootstrap_ci(
            self.metric,
            raw_true[rows],
            raw_pred[rows],
            sensitive_features=sf[rows],
            n_boot=self.n_boot,
            random_state=self.seed_,
            # The metric (a partial keeps its own keywords, e.g. method=) and pos_label only:
            # bootstrap_ci has a method= of its own.
            **({} if self.pos_label is None else {"pos_label": self.pos_label}),
        )
        sizes = table.sum(axis=(1, 2))
        self.batch_size_ = int(self.batch_size or sizes.sum())
        nominal = np.round(sizes * self.batch_size_ / sizes.sum()).astype(np.int64)
        gap, by_rate = self._band(nominal, keep)
        self.band_ = (float(gap[0]), float(gap[1]))
        bands = {
            f"{n} {side}": by_rate[r, :, s]
            for r, n in enumerate(names)
            for s, side in enumerate(("low", "high"))
        }
        self.group_bands_ = pd.DataFrame(bands, index=self.judged_groups_)
        self.history_ = []
        return self

    def _plan(self, keep: np.ndarray):
        key = tuple(keep.tolist())
        if key not in self._plans:
            labels = [g for g, k in zip(self._labels, keep, strict=True) if k]
            self._plans[key] = B.plan(self._spec, self._kw, self.reference_table_[keep], labels)
        return self._plans[key]

    def _band(self, sizes: np.ndarray, keep: np.ndarray):
        key = tuple(np.where(keep, sizes + 1, 0).tolist())
        if key not in self._bands:
            if len(self._bands) >= _MAX_CACHED_BANDS:
                self._bands.clear()
            rng = np.random.default_rng([self.seed_, *key])
            reference = self.reference_table_[keep]
            self._bands[key] = B.band(
                self._plan(keep), reference, sizes[keep], k=self.k, n_boot=self.n_boot, rng=rng
            )
        return self._bands[key]

    # -- scoring ------------------------------------------------------------------------

    def _check_fitted(self):
        if not hasattr(self, "history_"):
            raise RuntimeError(E.MONITOR_NOT_FITTED)

    def batch_table(self, y_true, y_pred, *, sensitive_features) -> np.ndarray:
        """The batch's ``(G, 2, 2)`` count table, groups in the order of ``groups_``."""
        self._check_fitted()
        yt, yp = I.labels(self, y_true, y_pred)
        groups = factorize_groups(sensitive_features, len(yt))
        position = self.groups_.get_indexer(groups.index)
        if (position < 0).any():
            unknown = ", ".join(map(repr, groups.index[position < 0]))
            known = ", ".join(map(repr, self.groups_))
            raise ValueError(E.MONITOR_UNKNOWN_GROUP.format(groups=unknown, known=known))
        return count_table(position[groups.codes], len(self.groups_), yt, yp)

    def score_batch(self, y_true, y_pred, *, sensitive_features) -> BatchResult:
        """Judge one batch without recording it (``batch`` is None); see ``update``.

        ``y_true`` may be None for a gap of selection rates (demographic parity).
        """
        table = self.batch_table(y_true, y_pred, sensitive_features=sensitive_features)
        return self._judge(table, None)

    def update(
        self, y_true, y_pred, *, sensitive_features, log=None, actor: str = "FairnessMonitor"
    ) -> BatchResult:
        """Judge the next production batch and record it in ``history_``.

        ``log``: an :class:`AuditLog` (anything with ``append(kind, *, actor, details)``);
        an alert is appended to it as an ``"alert"`` event by ``actor``, its details
        ``alert.to_event()``.
        """
        table = self.batch_table(y_true, y_pred, sensitive_features=sensitive_features)
        result = self._judge(table, len(self.history_) + 1)
        self.history_.append(result)
        if log is not None and result.alert is not None:
            log.append("alert", actor=actor, details=result.alert.to_event())
        return result

    def score_tables(self, tables) -> list[BatchResult]:
        """Judge many batches given as count tables ``(n_batches, G, 2, 2)``.

        ``tables[b, g, t, p]`` counts batch b's rows of group ``groups_[g]`` with true label
        t and prediction p: for systems that log counts, not rows, and for simulations.
        """
        self._check_fitted()
        tables = np.asarray(tables)
        if tables.ndim != 4 or tables.shape[1:] != (len(self.groups_), 2, 2):
            raise ValueError(
                E.MONITOR_BAD_TABLES.format(n_groups=len(self.groups_), shape=tables.shape)
            )
        return [self._judge(t, None) for t in tables]

    @property
    def alerts_(self) -> list:
        """The alerts of every ``update`` so far."""
        self._check_fitted()
        return [r.alert for r in self.history_ if r.alert is not None]

    def _judge(self, table: np.ndarray, batch) -> BatchResult:
        sizes = table.sum(axis=(1, 2)).astype(np.int64)
        keep = self._reference_ok & B.judged(self._spec, table, self.min_group_size)
        size_of = dict(zip(self._labels, sizes.tolist(), strict=True))
        small = tuple(g for g, k in zip(self._labels, keep, strict=True) if not k)
        if keep.sum() < 2:
            nan = (float("nan"), float("nan"))
            return BatchResult(batch, "too_small", float("nan"), nan, {}, {}, size_of, small)
        labels = [g for g, k in zip(self._labels, keep, strict=True) if k]
        value, rates = B.gap_and_rates(self._plan(keep), table[keep])
        gap, by_rate = self._band(sizes, keep)
        names = [rate.name for rate in self._spec.rates]
        group_rates = {
            g: {n: float(rates[r, j]) for r, n in enumerate(names)} for j, g in enumerate(labels)
        }
        group_bands = {
            g: {n: (float(by_rate[r, j, 0]), float(by_rate[r, j, 1])) for r, n in enumerate(names)}
            for j, g in enumerate(labels)
        }
        band = (float(gap[0]), float(gap[1]))
        worse = value < band[0] if self._spec.ratio else value > band[1]
        alert = None
        if worse:
            alert = make_alert(self, batch, value, band, labels, rates, by_rate, names)
        status = "alert" if worse else "ok"
        return BatchResult(
            batch, status, value, band, group_rates, group_bands, size_of, small, alert
        )
