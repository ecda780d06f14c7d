"""Recourse in words: what to change, from what to what, in the feature's units."""

from __future__ import annotations

import numpy as np

from fairkit.accountability._recourse_inputs import predict

ALREADY = "Already the desired decision; no change needed."
_SIGNIFICANT = 5


def _digits(*values) -> int:
    """Decimals that show the largest of ``values`` to 5 significant digits (no decimals
    from 1,000 up)."""
    top = max((abs(v) for v in values if np.isfinite(v)), default=0.0)
    if top == 0 or top >= 1000:
        return 0
    return max(0, _SIGNIFICANT - 1 - int(np.floor(np.log10(top))))


def _away(value: float, digits: int, up: bool) -> float:
    """``value`` rounded to ``digits`` decimals, upwards or downwards."""
    scale = 10.0**digits
    return float((np.ceil(value * scale) if up else np.floor(value * scale)) / scale)


def _fmt(value: float, digits: int, unit: str | None = None) -> str:
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text if not unit else f"{text} {unit}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _flips(model, row, p, shown: dict) -> bool:
    changed = row.copy().astype(object)
    for name, value in shown.items():
        changed[name] = value
    return bool(predict(model, changed.to_frame().T.infer_objects())[0] == p.desired)


def _shown(model, row, changes: dict, p) -> dict:
    """The new values rounded for reading, rounded away from the old values (or shown with
    more digits) if the plainly rounded advice would not flip the decision."""
    digits = {n: _digits(old, new) for n, (old, new) in changes.items()}
    shown = {n: round(new, digits[n]) for n, (_, new) in changes.items()}
    if _flips(model, row, p, shown):
        return {n: (v, digits[n]) for n, v in shown.items()}
    away = {n: _away(new, digits[n], new > old) for n, (old, new) in changes.items()}
    if _flips(model, row, p, away):
        return {n: (v, digits[n]) for n, v in away.items()}
    return {n: (new, digits[n] + 3) for n, (_, new) in changes.items()}


def explain(model, row, changes: dict, p) -> str:
    """E.g. 'Increase income from 32,000 to 38,500 USD; no other change needed.'"""
    shown = _shown(model, row, changes, p)
    parts = []
    for name, (old, new) in changes.items():
        value, digits = shown[name]
        verb = "increase" if new > old else "decrease"
        unit = p.units.get(name)
        parts.append(f"{verb} {name} from {_fmt(old, digits)} to {_fmt(value, digits, unit)}")
    text = _join(parts)
    return text[0].upper() + text[1:] + "; no other change needed."


def infeasible_text(blocking: tuple, needed: dict, edges: dict, p, method: str) -> str:
    """Why no change within the bounds flips the decision, and what it would take."""
    names = ", ".join(edges)
    if not blocking:
        return (
            f"No change to the actionable features ({names}) can flip the decision: the model "
            "does not use them; it depends only on features that cannot change."
        )
    if method == "search":
        return (
            f"The search found no change of {names} within the allowed ranges that flips the "
            "decision (the search is not exhaustive)."
        )
    limits, takes = [], []
    for name in blocking:
        low, high = edges[name]
        value = needed[name]
        up = value > high
        edge = high if up else low
        digits = _digits(value, edge)
        value = _away(value, digits, up)  # never show less than it would take
        unit = p.units.get(name)
        limits.append(f"{name} at {_fmt(edge, digits, unit)}")
        side = "at most" if up else "at least"
        takes.append(
            f"{name} at {_fmt(value, digits, unit)} ({side} {_fmt(edge, digits, unit)} allowed)"
        )
    return (
        f"No change within the allowed ranges flips the decision: even with {_join(limits)} it "
        f"stays the same. It would take {' or '.join(takes)}, each with the other features at "
        "their limits."
    )
