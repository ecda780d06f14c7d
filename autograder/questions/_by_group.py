"""Small helpers the question modules share for by-group answers, references and variants.

Examples
--------
>>> rates = per_group(["a", "b", "a"], lambda rows: rows.sum())
>>> rates, spread({"a": 0.25, "b": 0.75})
({'a': 2.0, 'b': 1.0}, 0.5)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["per_group", "spread"]


def per_group(groups, fn: Callable[[np.ndarray], float]) -> dict[str, float]:
    """``{str(group): fn(mask of the group's rows)}`` over the groups, in sorted order."""
    groups = np.asarray(groups)
    return {str(g): float(fn(groups == g)) for g in np.unique(groups)}


def spread(values: dict[str, float]) -> float:
    """Largest minus smallest value: the gap between groups."""
    return max(values.values()) - min(values.values())
