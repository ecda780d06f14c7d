"""PrivacyAccountant: a budget that refuses any query that would overspend it."""

import math
from dataclasses import dataclass

import numpy as np

from fairkit.privacy import _errors as err
from fairkit.privacy._accounting import DEFAULT_ORDERS, _orders, _positive, rdp_to_dp

__all__ = ["BudgetExceededError", "PrivacyAccountant"]

# Rounding slack so that e.g. ten charges of 0.1 fit a budget of 1.0.
_TOL = 1e-12


class BudgetExceededError(ValueError):
    """A query was refused because it would exceed the accountant's (ε, δ) budget."""


@dataclass(frozen=True)
class _Charge:
    label: str | None
    epsilon: float
    delta: float
    has_curve: bool = False


class PrivacyAccountant:
    """Track the privacy loss of successive releases against an (ε, δ) budget.

    Parameters
    ----------
    epsilon : float
        Total ε budget, > 0.
    delta : float, default 0.0
        Total δ budget, in [0, 1).
    composition : {"basic", "advanced", "rdp"}, default "basic"
        How charges add up. ``"basic"``: ε and δ sum. ``"advanced"``: the smaller of the basic
        sum and the Dwork–Rothblum–Vadhan bound for unequal releases (their Azuma argument
        with per-release bounds) sqrt(2·ln(1/δ')·Σεᵢ²) + Σεᵢ(e^εᵢ − 1), which then also
        spends ``delta_prime``.
        ``"rdp"``: Rényi curves add over ``orders`` and are converted at the budget's δ; a pure
        ε-DP charge counts as min(ε, αε²/2) (Bun & Steinke 2016), a charge with δ > 0 must
        bring its curve (``rdp=``).
    delta_prime : float, optional
        δ' of the advanced theorem, in (0, delta); default delta / 2.
    orders : array-like, optional
        Rényi orders for ``"rdp"`` (default ``DEFAULT_ORDERS``).

    Examples
    --------
    >>> acc = PrivacyAccountant(epsilon=1.0)
    >>> acc.spend(0.4, label="count")
    >>> acc.remaining
    (0.6, 0.0)
    """

    def __init__(
        self,
        *,
        epsilon: float,
        delta: float = 0.0,
        composition: str = "basic",
        delta_prime: float | None = None,
        orders=None,
    ) -> None:
        self.epsilon = _positive("epsilon", epsilon)
        if not 0.0 <= float(delta) < 1.0:
            raise ValueError(err.NOT_PROBABILITY.format(name="delta", value=delta))
        self.delta = float(delta)
        if composition not in ("basic", "advanced", "rdp"):
            raise ValueError(err.BAD_COMPOSITION.format(composition=composition))
        self.composition = composition
        if composition == "rdp" and self.delta == 0.0:
            raise ValueError(err.RDP_NEEDS_DELTA.format(delta=delta))
        self.delta_prime = None
        if composition == "advanced":
            dp = self.delta / 2 if delta_prime is None else float(delta_prime)
            if not 0.0 < dp < self.delta:
                raise ValueError(err.DELTA_PRIME_TOO_LARGE.format(delta_prime=dp, delta=delta))
            self.delta_prime = dp
        self.orders = _orders(DEFAULT_ORDERS if orders is None else orders)
        self._history: list[_Charge] = []
        self._rdp = np.zeros_like(self.orders)

    @property
    def history(self) -> list[tuple[str | None, float, float]]:
        """(label, ε, δ) of every accepted charge, in order."""
        return [(c.label, c.epsilon, c.delta) for c in self._history]

    @property
    def spent(self) -> tuple[float, float]:
        """(ε, δ) spent so far under the accountant's composition rule."""
        return self._total(self._history, self._rdp)

    @property
    def remaining(self) -> tuple[float, float]:
        """(ε, δ) left in the budget (never negative)."""
        eps, delta = self.spent
        return max(0.0, self.epsilon - eps), max(0.0, self.delta - delta)

    def _total(self, charges: list[_Charge], rdp: np.ndarray) -> tuple[float, float]:
        if not charges:
            return 0.0, 0.0
        eps = np.array([c.epsilon for c in charges])
        basic_eps = math.fsum(eps)
        basic_delta = math.fsum(c.delta for c in charges)
        if self.composition == "basic":
            return basic_eps, basic_delta
        if self.composition == "advanced":
            adv = math.sqrt(2 * math.log(1 / self.delta_prime) * math.fsum(eps**2))
            adv += math.fsum(eps * np.expm1(eps))
            if adv < basic_eps:
                return adv, basic_delta + self.delta_prime
            return basic_eps, basic_delta
        rdp_eps = rdp_to_dp(self.orders, rdp, self.delta)[0]
        if any(c.has_curve for c in charges):
            return rdp_eps, self.delta
        # Pure ε-DP charges only: their plain sum is also valid, and better for few releases.
        return (basic_eps, 0.0) if basic_eps <= rdp_eps else (rdp_eps, self.delta)

    def _charge_rdp(self, epsilon: float, delta: float, rdp) -> np.ndarray:
        if rdp is not None:
            curve = np.asarray(rdp, dtype=float)
            if curve.shape != self.orders.shape:
                raise ValueError(
                    err.RDP_LENGTHS.format(n_orders=self.orders.size, n_rdp=curve.size)
                )
            return curve
        if delta > 0:
            raise ValueError(err.RDP_QUERY_NEEDS_CURVE)
        return np.minimum(epsilon, self.orders * epsilon**2 / 2)

    def spend(
        self, epsilon: float, delta: float = 0.0, *, label: str | None = None, rdp=None
    ) -> None:
        """Charge one release of (ε, δ), or raise ``BudgetExceededError`` and charge nothing.

        Parameters
        ----------
        epsilon, delta : float
            Guarantee of the release (ε ≥ 0, δ in [0, 1)).
        label : str, optional
            Name kept in ``history`` and in the refusal message.
        rdp : array-like, optional
            The release's RDP curve over ``orders`` (``"rdp"`` composition only); when given,
            it alone describes the release and ``epsilon``/``delta`` are only recorded.
        """
        epsilon = float(epsilon)
        if not (math.isfinite(epsilon) and epsilon >= 0):
            raise ValueError(err.NEGATIVE_EPSILONS)
        if not 0.0 <= float(delta) < 1.0:
            raise ValueError(err.NOT_PROBABILITY.format(name="delta", value=delta))
        delta = float(delta)
        if rdp is not None and self.composition != "rdp":
            raise ValueError(err.RDP_CURVE_NOT_RDP.format(composition=self.composition))
        charge = _Charge(label, epsilon, delta, rdp is not None)
        new_rdp = self._rdp
        if self.composition == "rdp":
            new_rdp = self._rdp + self._charge_rdp(epsilon, delta, rdp)
        new_eps, new_delta = self._total([*self._history, charge], new_rdp)
        if new_eps > self.epsilon + _TOL or new_delta > self.delta + _TOL:
            spent_eps, spent_delta = self.spent
            raise BudgetExceededError(
                err.BUDGET_EXCEEDED.format(
                    label="" if label is None else f"{label!r} ",
                    req_eps=epsilon,
                    req_delta=delta,
                    spent_eps=spent_eps,
                    spent_delta=spent_delta,
                    eps=self.epsilon,
                    delta=self.delta,
                    new_eps=new_eps,
                    new_delta=new_delta,
                )
            )
        self._history.append(charge)
        self._rdp = new_rdp

    def __repr__(self) -> str:
        eps, delta = self.spent
        return (
            f"PrivacyAccountant(epsilon={self.epsilon}, delta={self.delta}, "
            f"composition={self.composition!r}; spent ε={eps:.6g}, δ={delta:.3g})"
        )
