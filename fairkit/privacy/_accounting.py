"""Privacy accounting: basic, advanced and Rényi composition, and the DP-SGD ε.

Rényi differential privacy (RDP, Mironov 2017) tracks a whole curve ε(α) over orders α > 1;
curves of independent releases add, and a curve converts to (ε, δ) at the end. For the
Poisson-subsampled Gaussian mechanism the curve at integer orders is the exact binomial
expansion of Mironov, Talwar & Zhang (2019), summed in log space so that σ near 1 and
α in the hundreds neither overflow nor cancel.
"""

import math

import numpy as np
from scipy.special import gammaln, logsumexp

from fairkit.privacy import _errors as err

__all__ = [
    "DEFAULT_ORDERS",
    "advanced_composition",
    "basic_composition",
    "dp_sgd_epsilon",
    "rdp_gaussian",
    "rdp_subsampled_gaussian",
    "rdp_to_dp",
]

#: Integer Rényi orders 2..256: the subsampled-Gaussian formula is exact on integers, and
#: the optimum for practical (q, σ, steps) lies well inside this range.
DEFAULT_ORDERS = np.arange(2, 257, dtype=float)


def _positive(name: str, value: float) -> float:
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(err.NOT_POSITIVE.format(name=name, value=value))
    return value


def _probability(name: str, value: float, *, open_low: bool = False) -> float:
    value = float(value)
    if not (0.0 <= value <= 1.0) or (open_low and value == 0.0):
        raise ValueError(err.NOT_PROBABILITY.format(name=name, value=value))
    return value


def _orders(orders) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(orders, dtype=float))
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 1):
        raise ValueError(err.BAD_ORDERS.format(orders=orders))
    return arr


def basic_composition(eps_list, delta_list=None) -> tuple[float, float]:
    """Total (ε, δ) of releases composed by the basic theorem: the sums.

    Parameters
    ----------
    eps_list : sequence of float
        ε of each release, each ≥ 0.
    delta_list : sequence of float, optional
        δ of each release (default all 0); same length as ``eps_list``.

    Returns
    -------
    (epsilon, delta) : tuple of float

    Examples
    --------
    >>> basic_composition([0.1] * 100)
    (10.0, 0.0)
    """
    eps = np.asarray(eps_list, dtype=float).ravel()
    delta = np.zeros_like(eps) if delta_list is None else np.asarray(delta_list, float).ravel()
    if eps.shape != delta.shape:
        raise ValueError(err.COMPOSITION_LENGTHS.format(n_eps=eps.size, n_delta=delta.size))
    if np.any(~np.isfinite(eps)) or np.any(eps < 0):
        raise ValueError(err.NEGATIVE_EPSILONS)
    if np.any((delta < 0) | (delta > 1)):
        raise ValueError(err.BAD_DELTAS)
    return float(math.fsum(eps)), float(min(1.0, math.fsum(delta)))


def advanced_composition(
    epsilon: float, delta: float, k: int, *, delta_prime: float
) -> tuple[float, float]:
    """Total (ε, δ) of ``k`` (ε, δ)-DP releases by the advanced composition theorem.

    Dwork, Rothblum & Vadhan (2010), as in Dwork & Roth (2014), Theorem 3.20:
    ε' = ε·sqrt(2k·ln(1/δ')) + k·ε·(e^ε − 1) and δ' + k·δ. It beats the basic kε only
    for many small releases; take the minimum of the two when both are valid.

    Parameters
    ----------
    epsilon, delta : float
        Guarantee of each release.
    k : int
        Number of releases, ≥ 1.
    delta_prime : float
        Extra failure probability the theorem spends, in (0, 1).

    Returns
    -------
    (epsilon, delta) : tuple of float

    Examples
    --------
    >>> round(advanced_composition(0.1, 0.0, 100, delta_prime=1e-6)[0], 2)
    6.31
    """
    epsilon = _positive("epsilon", epsilon)
    delta = _probability("delta", delta)
    delta_prime = _probability("delta_prime", delta_prime, open_low=True)
    if delta_prime == 1.0:
        raise ValueError(err.NOT_PROBABILITY.format(name="delta_prime", value=delta_prime))
    if int(k) != k or k < 1:
        raise ValueError(err.BAD_K.format(k=k))
    k = int(k)
    eps_total = epsilon * math.sqrt(2 * k * math.log(1 / delta_prime)) + k * epsilon * math.expm1(
        epsilon
    )
    return eps_total, min(1.0, k * delta + delta_prime)


def rdp_gaussian(sigma: float, orders=DEFAULT_ORDERS) -> np.ndarray:
    """RDP curve ε(α) = α / (2σ²) of the Gaussian mechanism with noise multiplier σ.

    σ is the noise standard deviation divided by the L2 sensitivity.

    Examples
    --------
    >>> rdp_gaussian(1.0, [2, 4])
    array([1., 2.])
    """
    sigma = _positive("sigma", sigma)
    return _orders(orders) / (2 * sigma**2)


def _log_a_integer(q: float, sigma: float, alpha: int) -> float:
    # log E[(μ/μ0)^α] for μ = (1-q)·N(0,σ²) + q·N(1,σ²): the binomial expansion of
    # Mironov, Talwar & Zhang (2019), Section 3.3, every term kept in log space.
    k = np.arange(alpha + 1, dtype=float)
    log_binom = gammaln(alpha + 1) - gammaln(k + 1) - gammaln(alpha - k + 1)
    log_terms = log_binom + k * math.log(q) + (alpha - k) * math.log1p(-q)
    log_terms += (k * k - k) / (2 * sigma**2)
    return float(logsumexp(log_terms))


def rdp_subsampled_gaussian(q: float, sigma: float, orders=DEFAULT_ORDERS) -> np.ndarray:
    """RDP curve of one step of the Poisson-subsampled Gaussian mechanism (DP-SGD).

    Each record joins the batch independently with probability ``q``; the batch's summed
    (clipped) contribution gets Gaussian noise of multiplier ``sigma``. Exact at integer
    orders (Mironov, Talwar & Zhang 2019); fractional orders are refused when q < 1.

    Examples
    --------
    >>> float(rdp_subsampled_gaussian(1.0, 1.0, [2])[0])
    1.0
    """
    q = _probability("q", q)
    sigma = _positive("sigma", sigma)
    orders = _orders(orders)
    if q == 0.0:
        return np.zeros_like(orders)
    if q == 1.0:
        return rdp_gaussian(sigma, orders)
    if np.any(orders != np.round(orders)):
        raise ValueError(err.FRACTIONAL_ORDERS.format(orders=orders[orders != np.round(orders)]))
    log_a = np.array([_log_a_integer(q, sigma, int(a)) for a in orders])
    return log_a / (orders - 1)


def rdp_to_dp(orders, rdp, delta: float) -> tuple[float, float]:
    """Convert an RDP curve to (ε, δ)-DP at the given δ; returns (ε, best order).

    Uses the conversion ε = ε(α) + ln(1 − 1/α) − ln(δ·α)/(α − 1) (Canonne, Kamath & Steinke
    2020, Prop. 12; Asoodeh et al. 2021), tighter than Mironov's ε(α) + ln(1/δ)/(α − 1),
    and ε = 0 where the divergence is already too small to exceed δ.

    Examples
    --------
    >>> eps, order = rdp_to_dp([2.0, 32.0], [0.0, 0.0], 1e-5)
    >>> eps
    0.0
    """
    orders = _orders(orders)
    rdp = np.atleast_1d(np.asarray(rdp, dtype=float))
    if rdp.shape != orders.shape:
        raise ValueError(err.RDP_LENGTHS.format(n_orders=orders.size, n_rdp=rdp.size))
    if np.any(np.isnan(rdp)) or np.any(rdp < 0):
        raise ValueError(err.NEGATIVE_RDP)
    delta = _probability("delta", delta, open_low=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        eps = rdp + np.log1p(-1 / orders) - np.log(delta * orders) / (orders - 1)
        eps = np.where(delta**2 + np.expm1(-rdp) > 0, 0.0, eps)
    best = int(np.argmin(eps))
    return max(0.0, float(eps[best])), float(orders[best])


def dp_sgd_epsilon(q: float, sigma: float, steps: int, delta: float, *, orders=None) -> float:
    """ε of DP-SGD: ``steps`` Poisson-subsampled Gaussian steps, converted at ``delta``.

    Parameters
    ----------
    q : float
        Sampling rate (expected batch size / number of records).
    sigma : float
        Noise multiplier (noise std / clipping norm).
    steps : int
        Number of noisy gradient steps (epochs / q, rounded up).
    delta : float
        Target δ, in (0, 1).
    orders : array-like, optional
        Integer Rényi orders to optimise over (default ``DEFAULT_ORDERS``).

    Examples
    --------
    >>> round(dp_sgd_epsilon(256 / 60000, 1.1, 14063, 1e-5), 2)
    2.6
    """
    if int(steps) != steps or steps < 0:
        raise ValueError(err.BAD_STEPS.format(steps=steps))
    orders = DEFAULT_ORDERS if orders is None else _orders(orders)
    rdp = int(steps) * rdp_subsampled_gaussian(q, sigma, orders)
    return rdp_to_dp(orders, rdp, delta)[0]
