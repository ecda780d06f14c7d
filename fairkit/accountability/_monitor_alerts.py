"""The alert record of a batch whose gap left its band: who is involved, what to do."""

from __future__ import annotations

import numpy as np

from fairkit.accountability._monitor_results import MonitorAlert


def _involved(labels, rates, by_rate) -> tuple[tuple, np.ndarray]:
    """Groups whose own rate left its band; else the two groups furthest apart."""
    outside = (rates < by_rate[..., 0]) | (rates > by_rate[..., 1])
    hit = outside.any(axis=0)
    if hit.any():
        return tuple(g for g, h in zip(labels, hit, strict=True) if h), outside
    spread = np.nanmax(rates, axis=1) - np.nanmin(rates, axis=1)
    r = int(np.nanargmax(spread))
    pair = (int(np.nanargmin(rates[r])), int(np.nanargmax(rates[r])))
    return tuple(labels[j] for j in pair), outside


def make_alert(monitor, batch, value, band, labels, rates, by_rate, names) -> MonitorAlert:
    """The alert for a judged batch (see :class:`FairnessMonitor`)."""
    groups, outside = _involved(labels, rates, by_rate)
    details, notes = {}, []
    for g in groups:
        j = labels.index(g)
        details[g] = {}
        for r, name in enumerate(names):
            lo, hi = float(by_rate[r, j, 0]), float(by_rate[r, j, 1])
            details[g][name] = {"rate": float(rates[r, j]), "expected": (lo, hi)}
            if outside[r, j]:
                notes.append(
                    f"group {g!r}: {name} {rates[r, j]:.3f} (expected {lo:.3f} to {hi:.3f})"
                )
    side = "below" if monitor._spec.ratio else "above"
    where = "" if batch is None else f" in batch {batch}"
    message = (
        f"{monitor.metric_name_} = {value:.3f}{where}, {side} its band [{band[0]:.3f}, "
        f"{band[1]:.3f}] (reference {monitor.reference_value_:.3f})"
    )
    if notes:
        message += "; " + "; ".join(notes)
    who = ", ".join(map(repr, groups))
    action = (
        f"Review recent decisions for group(s) {who}: check whether their inputs, their labels "
        "or who applies changed since the reference data; until the gap is explained, route "
        "their borderline decisions to human review and record the outcome in the audit log."
    )
    return MonitorAlert(
        batch,
        monitor.metric_name_,
        float(value),
        band,
        float(monitor.reference_value_),
        groups,
        details,
        message,
        action,
    )
