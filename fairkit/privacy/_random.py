"""The random source of ``fairkit.privacy``: seeded for lessons and tests, secure for releases.

Every mechanism takes ``random_state``:

- ``None`` or ``"secure"``: every random bit is read from the operating system's CSPRNG
  (``os.urandom``, i.e. ``getrandom(2)`` on Linux). There is no user-space generator state at
  all, so nothing an observer sees (earlier outputs, the process memory of a forked child)
  predicts the next draw. A NumPy generator seeded from ``secrets`` is *not* used: PCG64 is not
  a cryptographic generator, its 128-bit state can be recovered from its outputs, after which
  every later noise draw, and so the exact value under the noise, is known. ``None`` means
  secure because a DP release with predictable noise is not private.
- an ``int`` (>= 0) or a ``numpy.random.Generator``: reproducible, for lessons and tests only.

The samplers below turn 64-bit words into the few variates the mechanisms need (uniforms with
extra precision near 0, geometric, discrete Laplace and discrete Gaussian on the integers), so
both kinds of source give the same distributions.
"""

import math
import numbers
import os

import numpy as np

from fairkit.privacy._errors import RANDOM_STATE_INVALID

SECURE = "secure"
_TWO_M53 = 2.0**-53


class _Source:
    """64-bit words from a seeded NumPy generator, or from the OS CSPRNG when ``gen`` is None."""

    def __init__(self, gen: np.random.Generator | None) -> None:
        self.gen = gen
        self.secure = gen is None

    def words(self, n: int) -> np.ndarray:
        if self.gen is None:
            return np.frombuffer(os.urandom(8 * n), dtype=np.uint64)
        # integers() rather than random_raw(): some bit generators emit 32-bit raw words
        return self.gen.integers(0, 2**64 - 1, size=n, dtype=np.uint64, endpoint=True)

    def uniform(self, n: int) -> np.ndarray:
        """Uniforms on (0, 1] with ~53 significant bits down to 2**-106.

        A plain 53-bit uniform has absolute resolution 2**-53, so ``log(u)`` (hence a geometric
        tail) would be cut off at 2**-53 and coarse far out; a second word refines the small
        values, which is where a geometric variate reads its tail.
        """
        w = self.words(2 * n)
        j = (w[:n] >> np.uint64(11)).astype(np.float64)
        v = ((w[n:] >> np.uint64(11)).astype(np.float64) + 1.0) * _TWO_M53
        return (j + v) * _TWO_M53

    def coarse_uniform(self, n: int) -> np.ndarray:
        """Uniforms on [0, 1) with 53 bits: for Bernoulli coins and choices (no tails read)."""
        return (self.words(n) >> np.uint64(11)).astype(np.float64) * _TWO_M53

    def geometric(self, n: int, t: float) -> np.ndarray:
        """``G`` on {0, 1, ...} with ``P(G >= k) = exp(-k / t)``, by inversion."""
        return np.floor(-np.log(self.uniform(n)) * t).astype(np.int64)

    def discrete_laplace(self, n: int, t: float) -> np.ndarray:
        """``Z`` on the integers with ``P(Z = z)`` proportional to ``exp(-|z| / t)``."""
        return self.geometric(n, t) - self.geometric(n, t)

    def discrete_gaussian(self, n: int, sigma: float) -> np.ndarray:
        """``Z`` on the integers with ``P(Z = z)`` proportional to ``exp(-z**2 / (2 sigma**2))``.

        Rejection from a discrete Laplace (Canonne, Kamath & Steinke 2020, Algorithm 3); each
        round accepts more than half the proposals, so a few vectorised rounds suffice.
        """
        t = math.floor(sigma) + 1.0
        out = np.empty(n, dtype=np.int64)
        todo = np.arange(n)
        while todo.size:
            m = todo.size
            y = self.discrete_laplace(m, t)
            accept = np.exp(-((np.abs(y) - sigma**2 / t) ** 2) / (2 * sigma**2))
            ok = self.coarse_uniform(m) < accept
            out[todo[ok]] = y[ok]
            todo = todo[~ok]
        return out


def check_random_state(random_state: object) -> _Source:
    """Validate ``random_state`` and return the source the samplers draw from.

    Parameters
    ----------
    random_state : None, "secure", int >= 0 or numpy.random.Generator
        None and "secure" read the OS CSPRNG; an int or a Generator is reproducible.

    Examples
    --------
    >>> check_random_state(0).words(2).dtype
    dtype('uint64')
    >>> check_random_state("secure").secure
    True
    """
    if random_state is None or (isinstance(random_state, str) and random_state == SECURE):
        return _Source(None)
    if isinstance(random_state, np.random.Generator):
        return _Source(random_state)
    if (
        isinstance(random_state, numbers.Integral)
        and not isinstance(random_state, bool)
        and random_state >= 0
    ):
        return _Source(np.random.default_rng(int(random_state)))
    raise ValueError(RANDOM_STATE_INVALID.format(value=random_state))
