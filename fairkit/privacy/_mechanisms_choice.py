"""Mechanisms that release a choice: randomized response, exponential, report noisy max.

They release a category or an index, never a float derived from the data, so the
floating-point artefacts of ``_mechanisms`` cannot arise; the uniforms they read have 53 bits,
which moves each probability by at most 2**-53.
"""

import math

import numpy as np

from fairkit.privacy._errors import (
    CATEGORIES_INVALID,
    EPSILON_INVALID,
    REPORTS_EMPTY,
    SCORES_INVALID,
    SENSITIVITY_INVALID,
    VALUE_NOT_IN_CATEGORIES,
)
from fairkit.privacy._mechanisms import _check_positive
from fairkit.privacy._random import check_random_state

__all__ = [
    "exponential_mechanism",
    "randomized_response",
    "randomized_response_estimate",
    "report_noisy_max",
]


def _categories(categories: object) -> np.ndarray:
    if categories is None:
        return np.array([0, 1])
    cats = np.asarray(list(categories))
    if cats.ndim != 1 or cats.size < 2 or np.unique(cats).size != cats.size:
        raise ValueError(CATEGORIES_INVALID.format(value=categories))
    return cats


def _indices(values: object, cats: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """Position of each value in ``cats`` (vectorised through np.unique), and the shape."""
    x = np.asarray(values)
    if x.dtype == bool and cats.dtype != bool:
        x = x.astype(np.int64)
    uniq, inverse = np.unique(x.ravel(), return_inverse=True)
    lookup = {c.item() if hasattr(c, "item") else c: i for i, c in enumerate(cats)}
    pos = np.empty(uniq.size, dtype=np.int64)
    for i, u in enumerate(uniq):
        key = u.item() if hasattr(u, "item") else u
        if key not in lookup:
            raise ValueError(VALUE_NOT_IN_CATEGORIES.format(value=key, categories=cats.tolist()))
        pos[i] = lookup[key]
    return pos[inverse], x.shape


def randomized_response(
    values: object, *, epsilon: float, categories: object = None, random_state: object = None
) -> np.ndarray:
    """Each person reports their true answer w.p. ``e^eps / (e^eps + k - 1)``, else another one.

    k-ary randomized response (Warner 1965; Kairouz, Oh & Viswanath 2014): the wrong answer is
    uniform over the other ``k - 1`` categories, which makes each report epsilon-DP (local DP).

    Parameters
    ----------
    values : array-like
        The true answers, each in ``categories``.
    epsilon : float
        Local privacy budget of each report.
    categories : sequence, optional
        Every possible answer (never taken from the data, which would leak which answers
        occur). None means binary answers 0/1 (booleans are read as 0/1).
    random_state : None, "secure", int or numpy.random.Generator
        None or "secure" read the OS CSPRNG.

    Returns
    -------
    numpy.ndarray
        The reports, same shape as ``values``, drawn from ``categories``.

    Examples
    --------
    >>> randomized_response([0, 1, 1], epsilon=50.0, random_state=0).tolist()
    [0, 1, 1]
    """
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    cats = _categories(categories)
    idx, shape = _indices(values, cats)
    k = cats.size
    source = check_random_state(random_state)
    # e^eps may overflow: 1 / (1 + (k-1) e^-eps) is the same keep probability, stably
    keep = source.coarse_uniform(idx.size) < 1.0 / (1.0 + (k - 1) * math.exp(-epsilon))
    shift = 1 + np.floor(source.coarse_uniform(idx.size) * (k - 1)).astype(np.int64)
    reported = np.where(keep, idx, (idx + shift) % k)
    return cats[reported].reshape(shape)


def randomized_response_estimate(
    reports: object, *, epsilon: float, categories: object = None
) -> np.ndarray:
    """Unbiased estimate of each category's share from k-ary randomized-response reports.

    With ``p = e^eps / (e^eps + k - 1)`` and ``q = 1 / (e^eps + k - 1)`` a report equals ``c``
    w.p. ``q + (p - q) pi_c``, so ``(share_c - q) / (p - q)`` is unbiased for ``pi_c``. It can
    fall outside [0, 1]; clipping would bias it.

    Returns
    -------
    numpy.ndarray
        One estimate per category, in the order of ``categories`` ([share of 0, share of 1]
        for binary); they sum to 1.

    Examples
    --------
    >>> randomized_response_estimate([1, 1, 0, 1], epsilon=math.log(3)).tolist()
    [0.0, 1.0]
    """
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    cats = _categories(categories)
    idx, _ = _indices(reports, cats)
    if idx.size == 0:
        raise ValueError(REPORTS_EMPTY)
    k = cats.size
    share = np.bincount(idx, minlength=k) / idx.size
    q = 1.0 / (math.exp(epsilon) + k - 1) if epsilon < 700 else 0.0
    p = 1.0 - (k - 1) * q
    return (share - q) / (p - q)


def _scores(scores: object) -> np.ndarray:
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim == 0 or s.shape[-1] == 0 or not np.all(np.isfinite(s)):
        raise ValueError(SCORES_INVALID.format(shape=np.shape(scores)))
    return s


def exponential_mechanism(
    scores: object, *, sensitivity: float, epsilon: float, random_state: object = None
) -> np.ndarray | int:
    """Index ``i`` drawn w.p. proportional to ``exp(eps * scores[i] / (2 * sensitivity))``.

    McSherry & Talwar 2007; epsilon-DP when one person changes every score by at most
    ``sensitivity``. Sampled by inverting the exact CDF (not Gumbel-max), so the only
    rounding is that of the probabilities themselves.

    Parameters
    ----------
    scores : array-like, shape (..., k)
        Utility of each of k candidates (last axis); leading axes are separate releases.

    Returns
    -------
    int or numpy.ndarray of int, shape (...)

    Examples
    --------
    >>> exponential_mechanism([0.0, 100.0, 0.0], sensitivity=1.0, epsilon=1.0, random_state=0)
    1
    """
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    s = _scores(scores)
    logits = epsilon * s / (2 * sensitivity)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    cdf = np.cumsum(weights, axis=-1)
    source = check_random_state(random_state)
    u = source.coarse_uniform(math.prod(s.shape[:-1])).reshape((*s.shape[:-1], 1))
    idx = np.minimum((cdf <= u * cdf[..., -1:]).sum(axis=-1), s.shape[-1] - 1)
    return idx if idx.ndim else int(idx)


def report_noisy_max(
    scores: object, *, sensitivity: float, epsilon: float, random_state: object = None
) -> np.ndarray | int:
    """Index of the largest ``scores[i] + Laplace(2 * sensitivity / epsilon)``.

    epsilon-DP for any scores that one person moves by at most ``sensitivity`` each (Dwork &
    Roth 2014, Section 3.3; the factor 2 covers scores that need not move together). Only
    the index is released, never the noisy scores.

    Examples
    --------
    >>> report_noisy_max([0.0, 100.0, 0.0], sensitivity=1.0, epsilon=1.0, random_state=0)
    1
    """
    sensitivity = _check_positive(sensitivity, SENSITIVITY_INVALID)
    epsilon = _check_positive(epsilon, EPSILON_INVALID)
    s = _scores(scores)
    source = check_random_state(random_state)
    n = s.size
    laplace = np.log(source.uniform(n)) - np.log(source.uniform(n))
    noisy = s + (2 * sensitivity / epsilon) * laplace.reshape(s.shape)
    idx = np.argmax(noisy, axis=-1)
    return idx if idx.ndim else int(idx)
