"""Fairness constraints as linear moments, the form the reductions approach needs.

Each constraint compares a conditional mean of a classifier's output within a group with the
same mean over everyone, for every *event* it conditions on (Agarwal et al. 2018, section 3):

    gamma(e, g) = E[s(h) | event e, group g] - E[s(h) | event e]

and asks ``|gamma(e, g)| <= difference_bound`` for all events and groups. ``s(h)`` is the
prediction itself, or for :class:`ErrorRateParity` the indicator that it is wrong. The moments
are linear in the classifier's predictions, so a Lagrange multiplier on them becomes one extra
weight per row of a cost-sensitive classification problem (:meth:`_Moments.signed_weights`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fairkit.mitigation import _errors as E
from fairkit.mitigation._validation import check_labels_in_groups, check_option

__all__ = [
    "DemographicParity",
    "EqualizedOdds",
    "ErrorRateParity",
    "TruePositiveRateParity",
]


class _Constraint:
    """Shared parameters and checks; subclasses say which events they condition on."""

    name = ""
    _need: tuple[int, ...] = ()
    _why = ""

    def __init__(self, *, difference_bound: float = 0.01) -> None:
        self.difference_bound = difference_bound

    def __repr__(self) -> str:
        return f"{type(self).__name__}(difference_bound={self.difference_bound!r})"

    def _events(self, y: np.ndarray) -> np.ndarray:
        """Event number of each row, -1 where the row is in no event."""
        raise NotImplementedError

    def _on_errors(self) -> bool:
        return False

    def _event_names(self) -> list[str]:
        return ["all"]

    def _load(self, y: np.ndarray, groups) -> _Moments:
        bound = self.difference_bound
        if not (isinstance(bound, (int, float, np.number)) and 0 <= bound < 1):
            raise ValueError(E.RED_BAD_BOUND.format(name=type(self).__name__, value=bound))
        if self._need:
            check_labels_in_groups(groups, y, need=self._need, why=self._why)
        return _Moments.build(self, y, groups)


class DemographicParity(_Constraint):
    """Demographic (statistical) parity: every group's selection rate within
    ``difference_bound`` of the overall selection rate, ``|P(h=1 | g) - P(h=1)|``.

    Examples
    --------
    >>> DemographicParity(difference_bound=0.02)
    DemographicParity(difference_bound=0.02)
    """

    name = "demographic_parity"

    def _events(self, y):
        return np.zeros(len(y), dtype=np.intp)


class TruePositiveRateParity(_Constraint):
    """Equal opportunity: every group's true positive rate within ``difference_bound`` of the
    overall one, ``|P(h=1 | y=1, g) - P(h=1 | y=1)|``. Needs positives in every group.

    Examples
    --------
    >>> TruePositiveRateParity().difference_bound
    0.01
    """

    name = "true_positive_rate_parity"
    _need = (1,)
    _why = "its true positive rate, which this constraint equalises, is undefined"

    def _events(self, y):
        return np.where(y == 1, 0, -1).astype(np.intp)

    def _event_names(self):
        return ["y=1"]


class EqualizedOdds(_Constraint):
    """Equalized odds (Hardt et al. 2016): true and false positive rates of every group within
    ``difference_bound`` of the overall ones. Needs positives and negatives in every group.

    Examples
    --------
    >>> EqualizedOdds(difference_bound=0.05).difference_bound
    0.05
    """

    name = "equalized_odds"
    _need = (0, 1)
    _why = "its true or false positive rate, which equalized odds equalises, is undefined"

    def _events(self, y):
        return y.astype(np.intp)

    def _event_names(self):
        return ["y=0", "y=1"]


class ErrorRateParity(_Constraint):
    """Error-rate parity: every group's error rate ``P(h != y | g)`` within ``difference_bound``
    of the overall error rate.

    Examples
    --------
    >>> ErrorRateParity()
    ErrorRateParity(difference_bound=0.01)
    """

    name = "error_rate_parity"

    def _events(self, y):
        return np.zeros(len(y), dtype=np.intp)

    def _on_errors(self):
        return True


_BY_NAME = {
    c.name: c for c in (DemographicParity, EqualizedOdds, TruePositiveRateParity, ErrorRateParity)
}


def as_constraint(constraints) -> _Constraint:
    """A constraint object from an instance or one of the names in ``_BY_NAME``."""
    if isinstance(constraints, _Constraint):
        return constraints
    if isinstance(constraints, str):
        check_option("constraints", constraints, tuple(_BY_NAME))
        return _BY_NAME[constraints]()
    raise ValueError(
        E.UNKNOWN_OPTION.format(name="constraints", allowed=list(_BY_NAME), value=constraints)
    )


@dataclass(frozen=True)
class _Moments:
    """A constraint loaded with the training labels and groups.

    ``cell`` numbers the (event, group) pairs ``e * n_groups + g`` (-1: in no event); the
    ``K = n_events * n_groups`` moments come in two signs, so multipliers have length ``2K``.
    """

    constraint: _Constraint
    y: np.ndarray
    event: np.ndarray
    cell: np.ndarray
    n_groups: int
    n_events: int
    cell_size: np.ndarray
    event_size: np.ndarray

    @classmethod
    def build(cls, constraint: _Constraint, y: np.ndarray, groups) -> _Moments:
        event = constraint._events(y)
        n_events = len(constraint._event_names())
        inside = event >= 0
        cell = np.where(inside, event * groups.n_groups + groups.codes, -1)
        k = n_events * groups.n_groups
        cell_size = np.bincount(cell[inside], minlength=k).astype(float)
        event_size = np.bincount(event[inside], minlength=n_events).astype(float)
        return cls(constraint, y, event, cell, groups.n_groups, n_events, cell_size, event_size)

    @property
    def n_moments(self) -> int:
        return self.n_events * self.n_groups

    def bound(self) -> np.ndarray:
        return np.full(2 * self.n_moments, float(self.constraint.difference_bound))

    def _signal(self, pred: np.ndarray) -> np.ndarray:
        if self.constraint._on_errors():
            y = self.y[:, None]
            return pred * (1 - 2 * y) + y  # P(h != y) for a 0/1 or soft prediction
        return pred

    def gamma(self, preds: np.ndarray) -> np.ndarray:
        """Signed moments (``2K`` by ``m``) of ``m`` prediction columns (``n`` by ``m``).

        Rows ``0..K-1`` are ``gamma(e, g)``, rows ``K..2K-1`` are ``-gamma(e, g)``, so that the
        constraints read ``gamma <= bound`` with non-negative multipliers.
        """
        s = self._signal(preds)
        inside = self.cell >= 0
        k = self.n_moments
        cells = self.cell[inside]
        sums = np.column_stack(
            [np.bincount(cells, weights=col, minlength=k) for col in s[inside].T]
        )
        ev_sums = sums.reshape(self.n_events, self.n_groups, -1).sum(axis=1)
        cell_mean = sums / np.maximum(self.cell_size, 1)[:, None]
        ev_mean = ev_sums / np.maximum(self.event_size, 1)[:, None]
        g = cell_mean - np.repeat(ev_mean, self.n_groups, axis=0)
        return np.vstack([g, -g])

    def violation(self, pred: np.ndarray) -> float:
        """Largest ``|gamma(e, g)|`` of one prediction vector."""
        return float(np.max(np.abs(self.gamma(np.asarray(pred, float)[:, None]))))

    def signed_weights(self, lam: np.ndarray) -> np.ndarray:
        """Per row, d(lambda . gamma) / d h_i: the cost of predicting 1 added by the multipliers."""
        k = self.n_moments
        net = lam[:k] - lam[k:]
        per_cell = net / np.maximum(self.cell_size, 1)
        per_event = net.reshape(self.n_events, self.n_groups).sum(axis=1)
        per_event = per_event / np.maximum(self.event_size, 1)
        inside = self.cell >= 0
        w = np.zeros(len(self.y))
        w[inside] = per_cell[self.cell[inside]] - per_event[self.event[inside]]
        if self.constraint._on_errors():
            w *= 1 - 2 * self.y
        return w
