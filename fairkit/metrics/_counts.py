"""The count table at the heart of every metric, and the rates derived from it.

For each group g, true label t and prediction p, ``table[g, t, p]`` is the total weight of the
rows in that cell, built by a single weighted ``np.bincount`` over ``4 * g + 2 * t + p``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fairkit.metrics import _errors as E


def count_table(codes: np.ndarray, n_groups: int, yt: np.ndarray, yp: np.ndarray, weights=None):
    """Return the ``(n_groups, 2, 2)`` table of (weighted) counts by group, label, prediction."""
    # One new intp array, then in-place steps: at 10^7 rows every temporary costs ~10 ms.
    idx = np.asarray(codes, dtype=np.intp).copy()
    idx <<= 1
    idx += yt
    idx <<= 1
    idx += yp
    flat = np.bincount(idx, weights=weights, minlength=4 * n_groups)
    return flat.reshape(n_groups, 2, 2)


@dataclass(frozen=True)
class Rate:
    """A rate read off the count table: sum of ``numerator`` cells / sum of ``denominator``."""

    name: str
    numerator: tuple[tuple[int, int], ...]
    denominator: tuple[tuple[int, int], ...]
    undefined_reason: str

    def parts(self, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        num = sum(table[..., t, p] for t, p in self.numerator)
        den = sum(table[..., t, p] for t, p in self.denominator)
        return np.asarray(num, dtype=float), np.asarray(den, dtype=float)


_ALL = ((0, 0), (0, 1), (1, 0), (1, 1))
SELECTION_RATE = Rate("selection rate", ((0, 1), (1, 1)), _ALL, "the total weight is 0")
TRUE_POSITIVE_RATE = Rate(
    "true positive rate", ((1, 1),), ((1, 0), (1, 1)), "there are no positive labels (y_true)"
)
FALSE_POSITIVE_RATE = Rate(
    "false positive rate", ((0, 1),), ((0, 0), (0, 1)), "there are no negative labels (y_true)"
)
TRUE_NEGATIVE_RATE = Rate(
    "true negative rate", ((0, 0),), ((0, 0), (0, 1)), "there are no negative labels (y_true)"
)
FALSE_NEGATIVE_RATE = Rate(
    "false negative rate", ((1, 0),), ((1, 0), (1, 1)), "there are no positive labels (y_true)"
)
POSITIVE_PREDICTIVE_VALUE = Rate(
    "positive predictive value", ((1, 1),), ((0, 1), (1, 1)), "there are no positive predictions"
)
NEGATIVE_PREDICTIVE_VALUE = Rate(
    "negative predictive value", ((0, 0),), ((0, 0), (1, 0)), "there are no negative predictions"
)
ACCURACY = Rate("accuracy", ((0, 0), (1, 1)), _ALL, "the total weight is 0")


def check_zero_division(zero_division) -> None:
    if isinstance(zero_division, str):
        if zero_division != "warn":
            raise ValueError(E.BAD_ZERO_DIVISION.format(value=zero_division))
    elif not isinstance(zero_division, (int, float, np.number)) or isinstance(zero_division, bool):
        raise ValueError(E.BAD_ZERO_DIVISION.format(value=zero_division))


def divide(num, den, *, zero_division, metric: str, reason: str, labels=None) -> np.ndarray:
    """``num / den`` where ``den == 0`` gives NaN and a warning, or ``zero_division``.

    ``labels`` names the groups (for the warning); None means the overall value.
    """
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    undefined = den == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / np.where(undefined, 1.0, den)
    if not undefined.any():
        return out
    if zero_division == "warn":
        if labels is None:
            msg = E.UNDEFINED_RATE_OVERALL.format(metric=metric, reason=reason)
        else:
            # Build the object array element-wise: tuples (intersectional groups) must stay
            # tuples, not become rows of a 2-D array.
            names = np.empty(len(labels), dtype=object)
            names[:] = list(labels)
            groups = ", ".join(map(repr, names[np.ravel(undefined)]))
            msg = E.UNDEFINED_RATE.format(metric=metric, groups=groups, reason=reason)
        E.warn(msg, E.UndefinedMetricWarning)
        fill = np.nan
    else:
        fill = float(zero_division)
    return np.where(undefined, fill, out)


def rate_from_table(rate: Rate, table, *, zero_division="warn", labels=None) -> np.ndarray:
    num, den = rate.parts(table)
    return divide(
        num,
        den,
        zero_division=zero_division,
        metric=rate.name,
        reason=rate.undefined_reason,
        labels=labels,
    )
