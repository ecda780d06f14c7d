"""Randomness for the audit, models and attacks, on top of ``fairkit.privacy._random``.

The audit only forwards ``random_state`` to the mechanism under test: an int becomes one
Generator shared by every call (reproducible), None or ``"secure"`` is forwarded as
``"secure"``. The models release noisy parameters, so their noise comes from ``_random``'s
source (OS CSPRNG for None/"secure"): Gaussians by Box–Muller and Gamma(d) as a sum of ``d``
exponentials, both from that source's uniforms.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from fairkit.privacy import _audit_errors as err
from fairkit.privacy._random import check_random_state as _source

__all__ = ["audit_random_state", "gamma_integer_shape", "noise_source", "standard_normal"]


def audit_random_state(random_state: Any) -> np.random.Generator | str:
    """A Generator for an int or Generator; ``"secure"`` for None or ``"secure"``."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.default_rng(int(random_state))
    if random_state is None or (isinstance(random_state, str) and random_state == "secure"):
        return "secure"
    raise ValueError(err.RANDOM_STATE.format(value=random_state))


def noise_source(random_state: Any):
    """The ``_random`` source (seeded, or the OS CSPRNG for None and ``"secure"``)."""
    return _source(random_state)


def standard_normal(source, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normals by Box–Muller from the source's uniforms (secure when it is)."""
    n = int(np.prod(shape))
    u1, u2 = source.uniform(n), source.coarse_uniform(n)
    return (np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)).reshape(shape)


def gamma_integer_shape(source, k: int, scale: float) -> float:
    """One Gamma(k, scale) variate, ``k`` a positive integer: a sum of ``k`` exponentials."""
    return float(-np.log(source.uniform(k)).sum() * scale)
