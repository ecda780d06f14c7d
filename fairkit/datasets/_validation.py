"""Parameter checks shared by the dataset generators.

The message templates are module-level constants so that tests and lessons can assert the
exact text a learner sees.
"""

from __future__ import annotations

import numbers

import numpy as np

N_SAMPLES_MSG = "n_samples must be an integer >= 1, got {value!r}."
INTERVAL_MSG = "{name} must be a real number in {interval}, got {value!r}."
RANDOM_STATE_MSG = (
    "random_state must be None, a non-negative int or a numpy.random.Generator, got {value!r}."
)

SeedLike = int | np.integer | np.random.Generator | None


def check_n_samples(value: object) -> int:
    """Return ``value`` as an ``int`` or raise ``ValueError`` with :data:`N_SAMPLES_MSG`."""
    # bool is an int subclass, but ``n_samples=True`` is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(N_SAMPLES_MSG.format(value=value))
    return int(value)


def check_interval(
    name: str, value: object, low: float, high: float, *, closed: bool = True
) -> float:
    """Return ``value`` as a float in ``[low, high]`` (``(low, high)`` unless ``closed``)."""
    interval = f"[{low}, {high}]" if closed else f"({low}, {high})"
    error = ValueError(INTERVAL_MSG.format(name=name, interval=interval, value=value))
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise error
    number = float(value)
    # Written so that NaN fails every comparison and is rejected too.
    inside_low = number >= low if closed else number > low
    inside_high = number <= high if closed else number < high
    if not (inside_low and inside_high):
        raise error
    return number


def check_random_state(value: object) -> np.random.Generator:
    """Turn ``None``, a seed or a ``Generator`` into a ``Generator``.

    A ``Generator`` is used as is (and advanced), so callers can share one stream.
    """
    if isinstance(value, np.random.Generator):
        return value
    if value is None:
        return np.random.default_rng()
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(RANDOM_STATE_MSG.format(value=value))
    return np.random.default_rng(int(value))
