"""What :class:`FairnessMonitor` returns: one result per batch, and alert records."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["BatchResult", "MonitorAlert"]


def _plain(value):
    """JSON-ready: NumPy scalars to Python numbers, tuples to lists, group labels to str."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass(frozen=True)
class MonitorAlert:
    """A batch whose gap left the band learned on the reference data.

    Attributes
    ----------
    batch : int or None
        Batch number (1, 2, ... in the order of ``update`` calls); None from ``score_batch``.
    metric : str
        Name of the monitored gap.
    value : float
        The gap in this batch.
    band : tuple of float
        ``(low, high)``: the reference mean +- k standard deviations, for a batch of this
        composition.
    reference_value : float
        The gap on the reference data.
    groups : tuple
        The groups involved: those whose rate left its own band, else the two groups whose
        rates are furthest apart.
    details : dict
        Per involved group and rate: ``{"rate": ..., "expected": (low, high)}``.
    message, suggested_action : str
        Readable summary and what to do next.

    Examples
    --------
    >>> a = MonitorAlert(3, "equal_opportunity_difference", 0.21, (0.0, 0.15), 0.02, ("B",),
    ...                  {}, "gap 0.21 above band", "review group B")
    >>> a.to_event()["band"]
    [0.0, 0.15]
    """

    batch: int | None
    metric: str
    value: float
    band: tuple[float, float]
    reference_value: float
    groups: tuple
    details: dict
    message: str
    suggested_action: str

    def to_event(self) -> dict:
        """The alert as JSON-ready data: ``AuditLog.append("alert", actor=..., details=event)``."""
        return {
            "batch": self.batch,
            "metric": self.metric,
            "value": float(self.value),
            "band": [float(self.band[0]), float(self.band[1])],
            "reference_value": float(self.reference_value),
            "groups": [str(g) for g in self.groups],
            "details": _plain(self.details),
            "message": self.message,
            "suggested_action": self.suggested_action,
        }


@dataclass(frozen=True)
class BatchResult:
    """The monitor's verdict on one production batch.

    Attributes
    ----------
    batch : int or None
    status : {"ok", "alert", "too_small"}
        "too_small": fewer than two groups had ``min_group_size`` rows in the rate's
        denominator, so the gap was not judged (never an alert).
    value : float
        The gap among the judged groups (NaN if fewer than two).
    band : tuple of float
        ``(low, high)`` for this batch's composition (NaN when not judged).
    group_rates, group_bands : dict
        Per judged group: ``{rate name: value}`` and ``{rate name: (low, high)}``.
    sizes : dict
        Rows per group in the batch (every reference group, 0 if absent).
    too_small : tuple
        Reference groups not judged in this batch: too few rows in the rate's denominator
        here (or absent), or already too few in the reference data.
    alert : MonitorAlert or None

    Examples
    --------
    >>> nan = float("nan")
    >>> r = BatchResult(4, "too_small", nan, (nan, nan), {}, {}, {"a": 12, "b": 3}, ("a", "b"))
    >>> r.alerted
    False
    """

    batch: int | None
    status: str
    value: float
    band: tuple[float, float]
    group_rates: dict
    group_bands: dict
    sizes: dict
    too_small: tuple = ()
    alert: MonitorAlert | None = field(default=None)

    @property
    def alerted(self) -> bool:
        """True if this batch raised an alert."""
        return self.alert is not None
