"""Replicates and intervals of :func:`bootstrap_ci`: by count tables or by rows."""

from __future__ import annotations

import warnings

import numpy as np

from fairkit.metrics import _errors as E
from fairkit.metrics import _intervals as I
from fairkit.metrics import _resampling as R
from fairkit.metrics._contrasts import contrasts, gap_interval
from fairkit.metrics._counts import count_table
from fairkit.metrics._tables import Plan
from fairkit.metrics._validation import binarize_labels


def _report(record: dict, n_boot: int, count: int, undefined: str, name: str) -> None:
    """Warn (or raise) once about undefined replicates, with counts per group."""
    if not record:
        return
    if list(record) == [None]:  # not attributable to a group
        msg = {"raise": E.NAN_BOOTSTRAP_RAISE, "propagate": E.NAN_BOOTSTRAP_PROPAGATE}
        text = msg.get(undefined, E.NAN_BOOTSTRAP).format(count=count, n_boot=n_boot)
    else:
        groups = ", ".join(f"{g!r}: {c}" for g, c in record.items())
        kw = {"metric": name, "count": count, "n_boot": n_boot, "groups": groups}
        if undefined == "raise":
            raise ValueError(E.UNDEFINED_REPLICATES_RAISE.format(**kw))
        text = E.UNDEFINED_REPLICATES.format(action=E.UNDEFINED_ACTIONS[undefined], **kw)
    if undefined == "raise":
        raise ValueError(text)
    E.warn(text, E.UndefinedMetricWarning)


def _finish(samples, estimate, record, count, n_boot, method, opts, accel):
    """The interval from the replicates, after reporting undefined ones."""
    confidence, undefined, name = opts
    _report(record, n_boot, count, undefined, name)
    if method == "bca":
        low, high = I.bca(samples, estimate, confidence, accel())
    elif method == "basic":
        low, high = I.basic(samples, estimate, confidence)
    else:
        low, high = I.percentile(samples, confidence)
    return _nan_if(low, high, estimate, undefined == "propagate" and count > 0)


def _nan_if(low, high, estimate, propagate):
    bad = np.isnan(estimate) | propagate
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def rows_path(call, rng, codes, n, n_boot, block, method, estimate, opts):
    """Any callable: resample rows, ``block`` replicates at a time."""
    sampler = R.RowSampler(rng, codes, n)
    # Replicates may hit undefined metrics (a resample without positives): those are
    # reported once below instead of once per replicate.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", E.FairkitWarning)
        samples = np.stack([call(r) for rows in sampler.blocks(n_boot, block) for r in rows])
    count = int(np.isnan(samples.reshape(n_boot, -1)).any(axis=1).sum())
    method = "percentile" if method == "auto" else method

    def accel():
        blocks = R.jackknife_blocks(n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", E.FairkitWarning)
            jack = [call(np.flatnonzero(blocks != b)) for b in range(blocks.max() + 1)]
        return I.acceleration(np.stack(jack), np.ones(len(jack)))

    record = {None: count} if count else {}
    low, high = _finish(samples, estimate, record, count, n_boot, method, opts, accel)
    return low, high, samples, method, record


def table_path(spec, kw, yt, yp, w, groups, stratify, rng, n_boot, block, method, est, opts):
    """fairkit metrics: resample count tables (or, with weights, rows into tables)."""
    yt, yp = binarize_labels(yt, yp, pos_label=kw.get("pos_label"))
    n = len(yt)
    codes = np.zeros(n, dtype=np.intp) if groups is None else groups.codes
    labels = [None] if groups is None else list(groups.index)
    table = count_table(codes, len(labels), yt, yp, w)
    plan = Plan(spec, kw, table, labels if groups is None else groups.index)
    strat = stratify and groups is not None
    squares = squares_boot = None  # tables of squared weights, for effective counts
    if w is None:
        tables = R.multinomial_tables(rng, table, n_boot, strat)
    else:
        squares = count_table(codes, len(labels), yt, yp, w * w)
        cell = R.cells(codes, yt, yp)
        sampler = R.RowSampler(rng, codes if strat else None, n)
        parts = [
            (
                R.tables_of_rows(r, cell, w, len(labels)),
                R.tables_of_rows(r, cell, w * w, len(labels)),
            )
            for r in sampler.blocks(n_boot, block)
        ]
        tables = np.concatenate([p[0] for p in parts])
        squares_boot = np.concatenate([p[1] for p in parts])
    rates, overall = plan.rates(tables)
    und = plan.undefined(rates)
    record = {g: int(c) for g, c in zip(plan.labels, und.sum(axis=0), strict=True) if c}
    count = int(und.any(axis=1).sum())
    omit = opts[1] == "omit"
    samples = plan.values(rates, overall, omit=omit)
    if method == "auto":
        method = "pairwise" if spec.kind == "gap" else "bca"
    if method == "pairwise":
        confidence, undefined, name = opts
        _report(record, n_boot, count, undefined, name)
        keep = slice(None) if omit else ~und.any(axis=1)
        if squares_boot is not None:
            squares_boot = squares_boot[keep]
        d_boot, se_boot, owner = contrasts(plan, tables[keep], squares_boot)
        d_obs, se_obs, _ = contrasts(plan, table, squares)
        lo, hi, _ = I.studentized(d_boot, se_boot, d_obs, se_obs, confidence)
        low, high = gap_interval(plan, lo, hi, owner)
        low, high = _nan_if(low, high, est, undefined == "propagate" and count > 0)
        return low, high, samples, method, record

    def accel():
        if w is None:
            jack, weights = R.cell_jackknife(table)
        else:
            blocks = R.jackknife_blocks(n)
            m = int(blocks.max()) + 1
            per_block = count_table(blocks * len(labels) + codes, m * len(labels), yt, yp, w)
            jack = table[None] - per_block.reshape(m, len(labels), 2, 2)
            weights = np.ones(m)
        return I.acceleration(plan.values(*plan.rates(jack), omit=True), weights)

    low, high = _finish(samples, est, record, count, n_boot, method, opts, accel)
    return low, high, samples, method, record
