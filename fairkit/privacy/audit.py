"""Statistical audit of a differentially private mechanism: a lower bound on its epsilon.

A mechanism ``M`` is (ε, δ)-DP when ``P[M(a) ∈ E] <= exp(ε) P[M(b) ∈ E] + δ`` for all
neighbouring inputs ``a, b`` and every event ``E``. The audit runs ``M`` many times on two
neighbouring inputs, counts how often each of a few events *fixed before the counting* occurs,
and turns one-sided Clopper–Pearson bounds on the two probabilities into a bound that ε exceeds
with probability at most ``1 - confidence``: Bonferroni over the four one-sided intervals of
each event (lower and upper, for each input); its complement's intervals are their mirror
images and both directions reuse them, so neither costs a share. The audit can only *refute*
a claim: passing is evidence, not a proof.

Events (``events=None``):

* threshold events ``{y >= t}`` at quantiles of a pilot sample drawn before the counted draws
  (catch a wrong noise scale);
* a parity event: the lowest bit of the float64 mantissa (or of an integer output);
* a grid event: ``y`` is a multiple of half the float spacing at the inputs' magnitude. A naive
  ``x + laplace`` in floating point puts every output of ``x = 1`` on that grid but not those of
  ``x = 0`` (Mironov 2012), which no exact mechanism does.

Non-numeric outputs (categories) get one event ``{y == c}`` per category in the pilot.

References: Mironov, "On significance of the least significant bits for differential
privacy", CCS 2012; Ding et al., "Detecting violations of differential privacy", CCS 2018;
Jagielski, Ullman & Oprea, "Auditing differentially private machine learning", NeurIPS 2020.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.stats import beta

from fairkit.privacy import _audit_errors as err
from fairkit.privacy._audit_rng import audit_random_state

__all__ = ["AuditResult", "EventBound", "audit_mechanism", "clopper_pearson"]

_QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)


@dataclass(frozen=True)
class EventBound:
    """Counts of one event and its ε bound (best of it and its complement, both ways)."""

    count_a: int
    count_b: int
    n_draws: int
    epsilon_lower_bound: float


@dataclass(frozen=True)
class AuditResult:
    """Outcome of :func:`audit_mechanism`.

    ``epsilon_lower_bound`` is the largest per-event bound (``0.0`` when no event separates the
    inputs); ``passed`` is ``epsilon_lower_bound <= claimed``.
    """

    epsilon_lower_bound: float
    claimed: float
    passed: bool
    per_event: dict[str, EventBound] = field(default_factory=dict)
    confidence: float = 0.95


def clopper_pearson(k: np.ndarray, n: int, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """One-sided Clopper–Pearson bounds, each holding with probability at least ``1 - alpha``.

    Examples
    --------
    >>> lo, hi = clopper_pearson(np.array([0, 50]), 100, 0.025)
    >>> float(lo[0]), round(float(hi[1]), 3)
    (0.0, 0.602)
    """
    k = np.asarray(k, dtype=float)
    with np.errstate(invalid="ignore"):
        lower = np.where(k > 0, beta.ppf(alpha, k, n - k + 1), 0.0)
        upper = np.where(k < n, beta.ppf(1 - alpha, k + 1, n - k), 1.0)
    return np.nan_to_num(lower, nan=0.0), np.nan_to_num(upper, nan=1.0)


def _float_bits(y: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(y, dtype=np.float64).view(np.uint64)


def _default_events(
    pilot: np.ndarray, input_a: Any, input_b: Any
) -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    if pilot.dtype.kind not in "biuf":
        return {f"y == {c.item()!r}": (lambda y, c=c: y == c) for c in np.unique(pilot)}
    events: dict[str, Callable[[np.ndarray], np.ndarray]] = {}
    for t in np.unique(np.quantile(pilot, _QUANTILES, method="inverted_cdf")):
        share = np.mean(pilot >= t)
        if 0.0 < share < 1.0:
            events[f"y >= {t:.6g}"] = lambda y, t=t: y >= t
    if pilot.dtype.kind in "biu":
        events["y odd"] = lambda y: (y % 2) == 1
        return events
    events["lowest mantissa bit 1"] = lambda y: (_float_bits(y) & np.uint64(1)) == 1
    scale = max(float(np.max(np.abs(input_a))), float(np.max(np.abs(input_b))), 1.0)
    grid = float(np.spacing(scale)) / 2
    events[f"y multiple of {grid:.3g}"] = lambda y: np.remainder(y, grid) == 0
    return events


def _draw(mechanism: Callable, x: Any, n: int, rng: Any, side: str) -> np.ndarray:
    x = np.asarray(x)
    inputs = np.repeat(x[np.newaxis, ...], n, axis=0) if x.ndim else np.full(n, x[()])
    out = np.asarray(mechanism(inputs, random_state=rng))
    if out.ndim != 1 or out.shape[0] != n:
        raise ValueError(err.AUDIT_BAD_OUTPUT.format(got=out.shape, n=n, side=side))
    return out.astype(np.int8) if out.dtype == bool else out  # quantiles need numbers


def _check(epsilon: float, delta: float, n_draws: int, confidence: float) -> None:
    if not isinstance(epsilon, numbers.Real) or not np.isfinite(epsilon) or epsilon <= 0:
        raise ValueError(err.AUDIT_BAD_EPSILON.format(value=epsilon))
    if not isinstance(delta, numbers.Real) or not 0 <= delta < 1:
        raise ValueError(err.AUDIT_BAD_DELTA.format(value=delta))
    if isinstance(n_draws, bool) or not isinstance(n_draws, numbers.Integral) or n_draws < 100:
        raise ValueError(err.AUDIT_BAD_N_DRAWS.format(value=n_draws))
    if not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise ValueError(err.AUDIT_BAD_CONFIDENCE.format(value=confidence))


def _as_events(events: Any) -> dict[str, Callable]:
    if isinstance(events, Mapping):
        return dict(events)
    if isinstance(events, Sequence):
        named: dict[str, Callable] = {}
        for i, event in enumerate(events):
            name = getattr(event, "__name__", "<lambda>")
            named[f"event {i}" if name == "<lambda>" or name in named else name] = event
        return named
    raise TypeError(err.AUDIT_BAD_EVENT.format(name=repr(events), shape="(not a list or dict)"))


def audit_mechanism(
    mechanism: Callable[..., Any],
    input_a: Any,
    input_b: Any,
    *,
    epsilon: float,
    events: Sequence[Callable] | Mapping[str, Callable] | None = None,
    n_draws: int = 200_000,
    confidence: float = 0.95,
    delta: float = 0.0,
    random_state: Any = None,
) -> AuditResult:
    """Lower-bound the ε of ``mechanism`` from ``n_draws`` runs on each of two neighbouring inputs.

    Parameters
    ----------
    mechanism : callable
        Called as ``mechanism(inputs, random_state=rng)`` where ``inputs`` stacks ``n``
        copies of one input on a new first axis (for a scalar input, ``np.full(n, x)``); must
        return ``n`` outputs, one per copy, drawn independently. fairkit's mechanisms are
        vectorised this way: ``functools.partial(laplace_mechanism, sensitivity=1, epsilon=1)``.
    input_a, input_b : scalar or array
        Neighbouring inputs (for a sensitivity-``Δ`` query, values ``Δ`` apart).
    epsilon : float
        The claimed ε.
    events : list or dict of callables, optional
        Each maps the output array to a boolean array. Default: threshold, parity and grid
        events (module docstring). Thresholds come from a separate pilot sample, so the
        counted draws never choose their own events.
    n_draws : int
        Counted draws per input (a pilot of ``max(1000, n_draws // 10)`` per input comes on
        top when ``events`` is None).
    confidence : float
        The bound is exceeded by the true ε with probability at most ``1 - confidence``.
    delta : float
        The claimed δ: each bound is ``log((p_low - δ) / p_high)``.
    random_state : None, int, Generator or "secure"
        An int seeds one Generator passed to every call (reproducible audits); None and
        ``"secure"`` are forwarded to the mechanism as ``"secure"``.

    Returns
    -------
    AuditResult

    Examples
    --------
    >>> def naive_laplace(x, random_state):
    ...     return x + random_state.laplace(0.0, 1.0, size=x.shape)
    >>> res = audit_mechanism(naive_laplace, 0.0, 1.0, epsilon=1.0, n_draws=20_000,
    ...                       random_state=0)
    >>> res.passed
    False
    """
    if not callable(mechanism):
        raise TypeError(err.AUDIT_NOT_CALLABLE.format(type=type(mechanism).__name__))
    _check(epsilon, delta, n_draws, confidence)
    rng = audit_random_state(random_state)
    if events is None:
        n_pilot = max(1000, n_draws // 10)
        pilot = np.concatenate(
            [_draw(mechanism, x, n_pilot, rng, s) for x, s in ((input_a, "a"), (input_b, "b"))]
        )
        chosen = _default_events(pilot, input_a, input_b)
    else:
        chosen = _as_events(events)
    out_a = _draw(mechanism, input_a, n_draws, rng, "a")
    out_b = _draw(mechanism, input_b, n_draws, rng, "b")
    names = list(chosen)
    counts = np.empty((len(names), 2), dtype=np.int64)
    for i, name in enumerate(names):
        for j, out in enumerate((out_a, out_b)):
            hit = np.asarray(chosen[name](out))
            if hit.shape != out.shape:
                raise ValueError(err.AUDIT_BAD_EVENT.format(name=name, shape=hit.shape))
            counts[i, j] = np.count_nonzero(hit)
    # Each event needs 4 one-sided intervals (lower and upper, for a and for b); a complement's
    # Clopper-Pearson intervals are 1 minus the event's, so they cost nothing more. Bonferroni
    # over those 4 per event makes every bound below hold at once with prob. >= confidence.
    alpha = (1 - confidence) / (4 * max(len(names), 1))
    k = np.concatenate([counts, n_draws - counts])  # rows: events, then complements
    low, high = clopper_pearson(k, n_draws, alpha)
    with np.errstate(divide="ignore"):
        a_over_b = np.log(np.maximum(low[:, 0] - delta, 0.0)) - np.log(high[:, 1])
        b_over_a = np.log(np.maximum(low[:, 1] - delta, 0.0)) - np.log(high[:, 0])
    best = np.maximum(a_over_b, b_over_a).reshape(2, -1).max(axis=0)
    best = np.maximum(best, 0.0)
    per_event = {
        name: EventBound(int(counts[i, 0]), int(counts[i, 1]), n_draws, float(best[i]))
        for i, name in enumerate(names)
    }
    bound = float(best.max()) if names else 0.0
    return AuditResult(bound, float(epsilon), bound <= epsilon, per_event, float(confidence))
