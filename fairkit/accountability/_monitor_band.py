"""The monitor's arithmetic on count tables: who can be judged, the band, the batch's gap.

A batch's band is learned by drawing count tables of the batch's own composition (its rows
per group) from the reference data's cell proportions, a multinomial per group: the
stratified count-table bootstrap of :func:`fairkit.metrics.bootstrap_ci`, at the batch's
size instead of the reference's. The gap of every drawn table is computed by the same
:class:`~fairkit.metrics._tables.Plan` the metric uses on rows.
"""

from __future__ import annotations

import warnings

import numpy as np

from fairkit.metrics._tables import Plan, Spec


def denominators(spec: Spec, tables: np.ndarray) -> np.ndarray:
    """``(..., G)``: each group's smallest denominator over the metric's rates (e.g. its
    positive labels for the true positive rate) - the rows a rate is estimated from."""
    return np.min([rate.parts(tables)[1] for rate in spec.rates], axis=0)


def judged(spec: Spec, table: np.ndarray, min_size: int) -> np.ndarray:
    """``(G,)`` bool: groups with at least ``min_size`` rows in every rate's denominator."""
    return denominators(spec, table) >= min_size


def plan(spec: Spec, kw: dict, reference: np.ndarray, labels: list) -> Plan:
    """How the metric reads a ``(..., J, 2, 2)`` stack of tables of the judged groups (every
    one of them has a defined rate in the reference, so none is left out as undefined)."""
    return Plan(spec, kw, reference, labels)


def gap_and_rates(plan: Plan, table: np.ndarray):
    """The gap of one ``(J, 2, 2)`` table and its ``(R, J)`` per-group rates."""
    rates, overall = plan.rates(table)
    return float(plan.values(rates, overall, omit=True)), np.stack(rates)


def band(plan: Plan, reference: np.ndarray, sizes: np.ndarray, *, k: float, n_boot: int, rng):
    """Band of the gap and of every group's rates for a batch with ``sizes`` rows per group.

    ``reference`` is the ``(J, 2, 2)`` reference table of the judged groups. Returns
    ``[low, high]`` of the gap and ``(R, J, 2)`` per-rate, per-group ``[low, high]``: the mean
    +- ``k`` standard deviations of the drawn tables' values, clipped to [0, 1] (replicates
    where a rate is undefined are left out of that rate, and the group out of that
    replicate's gap).
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    # Half a count added to every cell: a rate of exactly 0 or 1 in the reference would
    # otherwise never vary in the draws, and any batch that differs at all would alert.
    flat = np.asarray(reference, dtype=float).reshape(len(reference), 4) + 0.5
    p = flat / flat.sum(axis=1, keepdims=True)
    draws = rng.multinomial(sizes, p, size=(n_boot, len(flat)))
    tables = draws.reshape(n_boot, len(flat), 2, 2).astype(float)
    rates, overall = plan.rates(tables)
    values = plan.values(rates, overall, omit=True)
    gap = _mean_sd(values[:, None], k)[0]
    by_rate = np.stack([_mean_sd(r, k) for r in rates])
    return gap, by_rate


def _mean_sd(values: np.ndarray, k: float) -> np.ndarray:
    """``(m, 2)``: mean -+ k sd of each column, NaNs left out."""
    with warnings.catch_warnings():
        # A rate undefined in every draw gives a NaN band, not a warning.
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0)
        sd = np.nanstd(values, axis=0, ddof=1)
    # Rates and gaps (differences and ratios of rates) lie in [0, 1].
    return np.clip(np.stack([mean - k * sd, mean + k * sd], axis=-1), 0.0, 1.0)
