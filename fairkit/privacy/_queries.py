"""DP queries: count, sum, mean, histogram and quantile of one column.

Neighbouring datasets differ by adding or removing one person's row. Every query except the
count clamps the values to ``bounds`` the caller gives: bounds read off the data (its min and
max) would themselves reveal the extreme rows, so there is no default. The accountant, when
given, is charged *before* any noise is drawn, so a refused query releases nothing.
"""

import numbers

import numpy as np

from fairkit.privacy import _errors as err
from fairkit.privacy._mechanisms import (
    _check_positive,
    exponential_mechanism,
    geometric_mechanism,
    laplace_mechanism,
)
from fairkit.privacy._random import check_random_state

__all__ = ["dp_count", "dp_histogram", "dp_mean", "dp_quantile", "dp_sum"]


def _values(values: object) -> np.ndarray:
    x = np.asarray(values, dtype=np.float64).ravel()
    if not np.all(np.isfinite(x)):
        raise ValueError(err.QUERY_VALUES_NOT_FINITE)
    return x


def _bounds(bounds: object, query: str) -> tuple[float, float]:
    if bounds is None:
        raise ValueError(err.BOUNDS_REQUIRED.format(query=query))
    try:
        lower, upper = (float(b) for b in bounds)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError(err.BOUNDS_INVALID.format(query=query, bounds=bounds)) from None
    if not (np.isfinite(lower) and np.isfinite(upper) and lower < upper):
        raise ValueError(err.BOUNDS_INVALID.format(query=query, bounds=bounds))
    return lower, upper


def _start(epsilon: float, accountant: object, random_state: object, query: str):
    """Validate ε, charge the accountant, and fix one generator for all the query's draws."""
    epsilon = _check_positive(epsilon, err.EPSILON_INVALID)
    check_random_state(random_state)  # a bad random_state fails before anything is charged
    if accountant is not None:
        accountant.spend(epsilon, 0.0, label=query)
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        # One generator for the query: reusing the int seed would correlate its noise draws.
        random_state = np.random.default_rng(int(random_state))
    return epsilon, random_state


def dp_count(
    values: object, *, epsilon: float, accountant=None, random_state: object = None
) -> int:
    """ε-DP number of rows, with two-sided geometric noise of scale 1/ε (no bounds needed).

    Every row counts, whatever its value (NaN, a string): the count never reads the values.

    Examples
    --------
    >>> isinstance(dp_count(range(100), epsilon=1.0, random_state=0), int)
    True
    """
    n = np.asarray(values, dtype=object).size
    epsilon, rs = _start(epsilon, accountant, random_state, "dp_count")
    return int(geometric_mechanism(n, sensitivity=1, epsilon=epsilon, random_state=rs))


def dp_sum(
    values: object, *, epsilon: float, bounds=None, accountant=None, random_state: object = None
) -> float:
    """ε-DP sum of the values clamped to ``bounds`` (Laplace, sensitivity max|bound|).

    Examples
    --------
    >>> s = dp_sum([1.0, 2.0, 30.0], epsilon=1.0, bounds=(0, 10), random_state=0)
    >>> abs(s - 13.0) < 100
    True
    """
    lower, upper = _bounds(bounds, "dp_sum")
    x = np.clip(_values(values), lower, upper)
    epsilon, rs = _start(epsilon, accountant, random_state, "dp_sum")
    sensitivity = max(abs(lower), abs(upper))
    return laplace_mechanism(
        float(x.sum()), sensitivity=sensitivity, epsilon=epsilon, random_state=rs
    )


def dp_mean(
    values: object, *, epsilon: float, bounds=None, accountant=None, random_state: object = None
) -> float:
    """ε-DP mean of the values clamped to ``bounds``, as a noisy sum over a noisy count.

    Half of ε goes to the sum of the values centred on the bounds' midpoint m (sensitivity
    (upper − lower)/2), half to the count; the ratio is clipped back into the bounds. For
    n·ε ≫ 1 its root-mean-square error is about
    sqrt(2·(upper − lower)² + 8·(mean − m)²) / (n·ε): halving the error takes twice ε.

    Examples
    --------
    >>> m = dp_mean([0.2, 0.4, 0.6] * 1000, epsilon=1.0, bounds=(0, 1), random_state=0)
    >>> abs(m - 0.4) < 0.05
    True
    """
    lower, upper = _bounds(bounds, "dp_mean")
    mid = (lower + upper) / 2
    x = np.clip(_values(values), lower, upper) - mid
    epsilon, rs = _start(epsilon, accountant, random_state, "dp_mean")
    half = epsilon / 2
    total = laplace_mechanism(
        float(x.sum()), sensitivity=(upper - lower) / 2, epsilon=half, random_state=rs
    )
    count = geometric_mechanism(x.size, sensitivity=1, epsilon=half, random_state=rs)
    return float(np.clip(mid + total / max(int(count), 1), lower, upper))


def dp_histogram(
    values: object,
    *,
    epsilon: float,
    bounds=None,
    bins: int = 10,
    accountant=None,
    random_state: object = None,
) -> tuple[np.ndarray, np.ndarray]:
    """ε-DP counts of the values in ``bins`` equal-width bins over ``bounds``.

    Values outside the bounds are clamped into the end bins. One row changes one bin by 1,
    so each count gets independent geometric noise of scale 1/ε. Counts may be negative
    (unbiased); clip them afterwards if needed, which costs no privacy.

    Returns
    -------
    counts : numpy.ndarray of int, shape (bins,)
    edges : numpy.ndarray of float, shape (bins + 1,)

    Examples
    --------
    >>> counts, edges = dp_histogram([1, 2, 2, 9], epsilon=1.0, bounds=(0, 10), bins=5,
    ...                              random_state=0)
    >>> counts.shape, float(edges[-1])
    ((5,), 10.0)
    """
    lower, upper = _bounds(bounds, "dp_histogram")
    if not isinstance(bins, numbers.Integral) or isinstance(bins, bool) or bins < 1:
        raise ValueError(err.BINS_INVALID.format(bins=bins))
    x = np.clip(_values(values), lower, upper)
    epsilon, rs = _start(epsilon, accountant, random_state, "dp_histogram")
    edges = np.linspace(lower, upper, int(bins) + 1)
    exact, _ = np.histogram(x, bins=edges)
    noisy = geometric_mechanism(exact, sensitivity=1, epsilon=epsilon, random_state=rs)
    return np.asarray(noisy, dtype=np.int64), edges


def dp_quantile(
    values: object,
    *,
    epsilon: float,
    bounds=None,
    quantile: float = 0.5,
    accountant=None,
    random_state: object = None,
) -> float:
    """ε-DP ``quantile`` of the values clamped to ``bounds`` (exponential mechanism).

    Smith (2011): the sorted values cut [lower, upper] into n + 1 intervals; interval i
    (i values below it) is picked with probability proportional to its length times
    exp(−ε·|i − quantile·n| / 2), then a point uniformly inside it.

    Examples
    --------
    >>> q = dp_quantile(np.arange(1000.0), epsilon=1.0, bounds=(0, 1000), random_state=0)
    >>> abs(q - 500) < 50
    True
    """
    lower, upper = _bounds(bounds, "dp_quantile")
    quantile = float(quantile)
    if not 0.0 <= quantile <= 1.0:
        raise ValueError(err.QUANTILE_INVALID.format(quantile=quantile))
    x = np.sort(np.clip(_values(values), lower, upper))
    epsilon, rs = _start(epsilon, accountant, random_state, "dp_quantile")
    cuts = np.concatenate([[lower], x, [upper]])
    lengths = np.diff(cuts)
    ranks = np.arange(x.size + 1, dtype=np.float64)
    keep = lengths > 0  # an empty interval has probability 0 (and a log of -inf)
    scores = -np.abs(ranks[keep] - quantile * x.size) + (2 / epsilon) * np.log(lengths[keep])
    pick = exponential_mechanism(scores, sensitivity=1.0, epsilon=epsilon, random_state=rs)
    left, width = cuts[:-1][keep][pick], lengths[keep][pick]
    u = check_random_state(rs).coarse_uniform(1)[0]
    return float(min(upper, left + u * width))
