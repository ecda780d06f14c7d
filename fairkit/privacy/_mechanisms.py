"""Additive-noise mechanisms: Laplace, Gaussian (classic and analytic) and geometric.

Floating-point safety. A textbook ``value + rng.laplace(b)`` leaks: the set of doubles it can
output, and their low bits, depend on ``value`` (Mironov 2012), so an observer can tell
neighbouring inputs apart far more often than ``epsilon`` allows. Here every real-valued
release is ``grid * (round(value / grid) + Z)`` with ``grid`` a power of two and ``Z`` an
integer from a discrete Laplace or discrete Gaussian (Canonne, Kamath & Steinke 2020). Dividing
and multiplying by a power of two, rounding and integer addition are exact, so every output is
exactly a multiple of ``grid``: the set of possible outputs, and every bit of them, is the same
for every input, and only ``Z``'s distribution carries the privacy argument. The grid is
``2**(floor(log2(sensitivity)) - 10)``; rounding moves neighbours apart by at most one step, so
the noise is calibrated to the grid sensitivity ``floor(sensitivity / grid) + 1`` steps, at most
0.1 % more noise than the ideal mechanism. This is chosen over Mironov's snapping mechanism
because it needs no clamping bound, vectorises with integer arithmetic, and gives the Gaussian
mechanism the same construction.

What remains approximate: ``Z`` is drawn by inverting uniforms with ~52 significant bits down
to 2**-106 (``_random``), so with a noise scale of ``t`` grid steps each integer's probability
is within a relative ~``73 * t * 2**-52`` of the ideal one (3e-11 at epsilon = 1, 3e-8 at
epsilon = 0.001), and the support stops where the tail mass is below 2**-106: a privacy loss of
at most epsilon plus twice that relative error, with a delta below 1e-31.
"""

import math
import numbers

import numpy as np
from scipy import optimize, special

from fairkit.privacy._errors import (
    CLASSIC_GAUSSIAN_EPSILON,
    DELTA_INVALID,
    EPSILON_INVALID,
    NOISE_TOO_WIDE,
    SENSITIVITY_INVALID,
    SENSITIVITY_NOT_INTEGER,
    VALUE_NOT_FINITE,
    VALUE_NOT_INTEGER,
    VALUE_TOO_LARGE,
)
from fairkit.privacy._random import check_random_state

__all__ = [
    "analytic_gaussian_sigma",
    "classic_gaussian_sigma",
    "gaussian_mechanism",
    "geometric_mechanism",
    "laplace_mechanism",
    "noise_grid",
]

_GRID_BITS = 10  # grid steps per unit of sensitivity: 2**10 to 2**11
_MAX_STEPS = 2.0**50  # |value / grid| below this keeps value + noise exact in a double
# noise is at most ~73.5 scales (uniforms reach 2**-106), so 2**45 keeps value + noise < 2**53
_MAX_SCALE = 2.0**45
# sigma is solved for delta * (1 - margin): the discrete Gaussian's exact delta at the sigma of
# the continuous one is up to ~1e-5 (relative) above it at >= 1025 steps of sensitivity
# (checked by exact summation in the tests), so a 1e-3 margin covers it 100 times over
_DISCRETE_DELTA_MARGIN = 1e-3


def _check_positive(x: object, message: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not (0 < float(x) < math.inf):
        raise ValueError(message.format(value=x))
    return float(x)


def _check_delta(delta: object) -> float:
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real) or not 0 < delta < 1:
        raise ValueError(DELTA_INVALID.format(value=delta))
    return float(delta)


def noise_grid(sensitivity: float) -> float:
    """The power-of-two grid every Laplace and Gaussian output lies on.

    Examples
    --------
    >>> noise_grid(1.0)
    0.0009765625
    """
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)
    _, exponent = math.frexp(sensitivity)  # sensitivity = m * 2**exponent, m in [0.5, 1)
    return math.ldexp(1.0, exponent - 1 - _GRID_BITS)


def _on_grid(value: object, sensitivity: float) -> tuple[np.ndarray, float, int]:
    """``value`` in grid steps (exact int64), the grid, and the grid sensitivity in steps."""
    x = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError(VALUE_NOT_FINITE.format(value=value))
    grid = noise_grid(sensitivity)
    if x.size and np.max(np.abs(x)) / grid >= _MAX_STEPS:
        limit = _MAX_STEPS * grid
        raise ValueError(VALUE_TOO_LARGE.format(limit=limit, sensitivity=sensitivity, value=value))
    steps = np.rint(x / grid).astype(np.int64)  # exact: grid is a power of two
    return steps, grid, math.floor(sensitivity / grid) + 1


def _check_scale(scale: float, epsilon: float) -> float:
    if not scale < _MAX_SCALE:
        raise ValueError(NOISE_TOO_WIDE.format(value=epsilon, scale=scale))
    return scale


def _release(steps: np.ndarray, noise: np.ndarray, grid: float, like: object) -> np.ndarray:
    out = (steps + noise.reshape(steps.shape)).astype(np.float64) * grid
    return out if np.ndim(like) else float(out[()])


def laplace_mechanism(
    value: object, *, sensitivity: float, epsilon: float, random_state: object = None
) -> np.ndarray | float:
    """Release ``value`` with epsilon-DP noise of Laplace shape, on a power-of-two grid.

    Each element gets independent noise ``grid * Z``, ``Z`` a discrete Laplace with scale
    ``(floor(sensitivity / grid) + 1) / epsilon`` steps (see the module docstring).

    Parameters
    ----------
    value : float or array-like of float
        The exact answer(s); each element is a separate release.
    sensitivity : float
        Largest change of one element when one person's data changes (L1).
    epsilon : float
        Privacy budget of each release.
    random_state : None, "secure", int or numpy.random.Generator
        None or "secure" read the OS CSPRNG; an int or Generator is for reproducible lessons.

    Returns
    -------
    float or numpy.ndarray
        Noisy value(s), same shape as ``value``, each an exact multiple of
        ``noise_grid(sensitivity)``.

    Examples
    --------
    >>> x = laplace_mechanism(10.0, sensitivity=1.0, epsilon=1.0, random_state=0)
    >>> x % noise_grid(1.0)
    0.0
    """
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    source = check_random_state(random_state)
    steps, grid, grid_sensitivity = _on_grid(value, sensitivity)
    scale = _check_scale(grid_sensitivity / epsilon, epsilon)
    noise = source.discrete_laplace(steps.size, scale)
    return _release(steps, noise, grid, value)


def geometric_mechanism(
    value: object, *, sensitivity: int = 1, epsilon: float, random_state: object = None
) -> np.ndarray | int:
    """Release integer ``value`` plus two-sided geometric noise (epsilon-DP, exact integers).

    ``P(noise = z)`` is proportional to ``exp(-epsilon * |z| / sensitivity)`` (Ghosh,
    Roughgarden & Sundararajan 2009): the discrete Laplace, so no float is ever involved.

    Examples
    --------
    >>> int(geometric_mechanism(5, epsilon=1.0, random_state=0)) == geometric_mechanism(
    ...     5, epsilon=1.0, random_state=0)
    True
    """
    if isinstance(sensitivity, bool) or not isinstance(sensitivity, numbers.Integral):
        raise ValueError(SENSITIVITY_NOT_INTEGER.format(value=sensitivity))
    if sensitivity < 1:
        raise ValueError(SENSITIVITY_NOT_INTEGER.format(value=sensitivity))
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    x = np.asarray(value)
    if x.dtype.kind not in "iub":
        raise ValueError(VALUE_NOT_INTEGER.format(value=value))
    x = x.astype(np.int64)
    source = check_random_state(random_state)
    scale = _check_scale(int(sensitivity) / epsilon, epsilon)
    out = x + source.discrete_laplace(x.size, scale).reshape(x.shape)
    return out if np.ndim(value) else int(out[()])


def _gaussian_delta(sigma: float, epsilon: float, sensitivity: float) -> float:
    """Exact delta of the Gaussian mechanism at ``epsilon`` (Balle & Wang 2018, Theorem 8)."""
    a = sensitivity / (2 * sigma)
    b = epsilon * sigma / sensitivity
    return special.ndtr(a - b) - math.exp(epsilon + special.log_ndtr(-a - b))


def analytic_gaussian_sigma(epsilon: float, delta: float, sensitivity: float = 1.0) -> float:
    """Smallest Gaussian sigma giving (epsilon, delta)-DP (Balle & Wang 2018), any epsilon > 0.

    Solves ``Phi(s/(2 sigma) - eps sigma/s) - exp(eps) Phi(-s/(2 sigma) - eps sigma/s) = delta``
    for sigma; the left side decreases in sigma.

    Examples
    --------
    >>> round(analytic_gaussian_sigma(1.0, 1e-5), 3)
    3.731
    """
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    delta = _check_delta(delta)
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)

    def gap(log_sigma: float) -> float:
        return _gaussian_delta(math.exp(log_sigma), epsilon, sensitivity) - delta

    lo, hi = math.log(sensitivity) - 10.0, math.log(sensitivity) + 10.0
    while gap(lo) < 0:
        lo -= 10.0
    while gap(hi) > 0:
        hi += 10.0
    return math.exp(optimize.brentq(gap, lo, hi, xtol=1e-14, rtol=1e-14))


def classic_gaussian_sigma(epsilon: float, delta: float, sensitivity: float = 1.0) -> float:
    """``sensitivity * sqrt(2 ln(1.25 / delta)) / epsilon`` (Dwork & Roth 2014), for epsilon < 1."""
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    delta = _check_delta(delta)
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)
    if epsilon >= 1:
        raise ValueError(CLASSIC_GAUSSIAN_EPSILON.format(value=epsilon))
    return sensitivity * math.sqrt(2 * math.log(1.25 / delta)) / epsilon


def gaussian_mechanism(
    value: object,
    *,
    sensitivity: float,
    epsilon: float,
    delta: float,
    analytic: bool = True,
    random_state: object = None,
) -> np.ndarray | float:
    """Release ``value`` with (epsilon, delta)-DP Gaussian-shaped noise on a power-of-two grid.

    sigma is the analytic one (Balle & Wang 2018) or, with ``analytic=False``, the classic
    bound (needs epsilon < 1), computed for the grid sensitivity. The noise is ``grid * Z`` with
    ``Z`` a discrete Gaussian of scale ``sigma / grid``, which has the same concentrated-DP
    guarantee as the continuous one and an (epsilon, delta) curve within a relative 1e-5 of
    it at these scales (Canonne, Kamath & Steinke 2020, Section 2); sigma is solved for
    ``delta * (1 - 1e-3)`` to cover that.

    Parameters
    ----------
    value : float or array-like of float
        The exact answer(s); each element is a separate release.
    sensitivity : float
        Largest change of one element when one person's data changes (L2 = L1 per element).
    epsilon, delta : float
        Privacy budget of each release; delta in (0, 1).
    analytic : bool, default True
        Use the analytic sigma (tight, any epsilon) rather than the classic formula.
    random_state : None, "secure", int or numpy.random.Generator
        None or "secure" read the OS CSPRNG.

    Examples
    --------
    >>> x = gaussian_mechanism([1.0, 2.0], sensitivity=1.0, epsilon=1.0, delta=1e-5,
    ...                        random_state=0)
    >>> x.shape
    (2,)
    """
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)
    source = check_random_state(random_state)
    steps, grid, grid_sensitivity = _on_grid(value, sensitivity)
    sigma_of = analytic_gaussian_sigma if analytic else classic_gaussian_sigma
    delta = _check_delta(delta)
    sigma = sigma_of(epsilon, delta * (1 - _DISCRETE_DELTA_MARGIN), grid_sensitivity * grid)
    noise = source.discrete_gaussian(steps.size, _check_scale(sigma / grid + 1, epsilon) - 1)
    return _release(steps, noise, grid, value)


# Re-exported so every mechanism imports from one place (the queries and the audit use this).
from fairkit.privacy._mechanisms_choice import (  # noqa: E402
    exponential_mechanism,
    randomized_response,
    randomized_response_estimate,
    report_noisy_max,
)

__all__ += [
    "exponential_mechanism",
    "randomized_response",
    "randomized_response_estimate",
    "report_noisy_max",
]
