"""Risk scores that are calibrated within every group, for groups with different base rates.

The generative model is the textbook setting of the impossibility results (Kleinberg,
Mullainathan & Raghavan 2017; Chouldechova 2017): in group ``g`` a score is drawn as
``S ~ Beta(kappa * p_g, kappa * (1 - p_g))`` and the outcome as ``Y ~ Bernoulli(S)``. Then
``P(Y = 1 | S = s, group = g) = s`` exactly (the score is calibrated in every group) and
``P(Y = 1 | group = g) = E[S] = p_g`` (the base rate). The population error rates of the
decision ``S >= t`` follow in closed form from Beta tail probabilities (see
:class:`ScoreTruth`), so a lesson can compare what it measures with the truth.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy.special import betainc, betaincinv

from fairkit.datasets._base import Dataset
from fairkit.datasets._validation import check_interval, check_n_samples, check_random_state

__all__ = ["ScoreTruth", "make_risk_scores"]

BASE_RATES_MSG = (
    "base_rates must map at least two group labels to base rates in (0, 1), got {value!r}."
)
PROPORTIONS_MSG = (
    "group_proportions must give a positive share for each group of base_rates ({groups}) "
    "and sum to 1, got {value!r}."
)

_DEFAULT_BASE_RATES = MappingProxyType({"A": 0.3, "B": 0.5})


@dataclass(frozen=True)
class ScoreTruth:
    """The population behind :func:`make_risk_scores`: exact values, not sample estimates.

    Attributes
    ----------
    base_rates : Mapping[str, float]
        ``P(Y = 1 | group)``.
    group_proportions : Mapping[str, float]
        ``P(group)``.
    concentration : float
        ``kappa = a + b`` of every group's Beta distribution; larger means scores nearer
        the base rate (a less informative score).

    Examples
    --------
    >>> truth = make_risk_scores(10, random_state=0).ground_truth
    >>> round(truth.fpr(0.5)["A"], 4), round(truth.fnr(0.5)["A"], 4)
    (0.095, 0.615)
    """

    base_rates: Mapping[str, float]
    group_proportions: Mapping[str, float]
    concentration: float

    def _beta(self, group: str) -> tuple[float, float]:
        p = self.base_rates[group]
        return self.concentration * p, self.concentration * (1 - p)

    def fpr(self, threshold: float) -> dict[str, float]:
        """``P(S >= t | Y = 0, group)`` for every group.

        The density of S among negatives is proportional to ``(1 - s) Beta(a, b)``, which is
        ``Beta(a, b + 1)``, so the rate is that distribution's upper tail at ``t``.
        """
        return {g: float(1 - betainc(a, b + 1, threshold)) for g, (a, b) in self._params()}

    def fnr(self, threshold: float) -> dict[str, float]:
        """``P(S < t | Y = 1, group)``: among positives S is ``Beta(a + 1, b)``."""
        return {g: float(betainc(a + 1, b, threshold)) for g, (a, b) in self._params()}

    def ppv(self, threshold: float) -> dict[str, float]:
        """``P(Y = 1 | S >= t, group)``: the mean score above the threshold."""
        out = {}
        for g, (a, b) in self._params():
            p = self.base_rates[g]
            above = 1 - betainc(a, b, threshold)
            out[g] = float(p * (1 - betainc(a + 1, b, threshold)) / above)
        return out

    def _params(self):
        return ((g, self._beta(g)) for g in self.base_rates)


def _check_base_rates(value: object) -> dict[str, float]:
    if not isinstance(value, Mapping) or len(value) < 2:
        raise ValueError(BASE_RATES_MSG.format(value=value))
    rates = {}
    for group, rate in value.items():
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 < rate < 1:
            raise ValueError(BASE_RATES_MSG.format(value=value))
        rates[str(group)] = float(rate)
    return rates


def _check_proportions(value: object, groups: list[str]) -> dict[str, float]:
    if value is None:
        return {g: 1 / len(groups) for g in groups}
    error = ValueError(PROPORTIONS_MSG.format(groups=", ".join(groups), value=value))
    if not isinstance(value, Mapping) or sorted(map(str, value)) != sorted(groups):
        raise error
    shares = {str(g): value[g] for g in value}
    if any(isinstance(s, bool) or not isinstance(s, numbers.Real) for s in shares.values()):
        raise error
    if min(shares.values()) <= 0 or not np.isclose(sum(shares.values()), 1.0):
        raise error
    return {g: float(shares[g]) for g in groups}


def make_risk_scores(
    n_samples: int = 10_000,
    *,
    base_rates: Mapping[str, float] = _DEFAULT_BASE_RATES,
    group_proportions: Mapping[str, float] | None = None,
    concentration: float = 4.0,
    random_state: int | np.random.Generator | None = None,
) -> Dataset:
    """Scores calibrated within each group, with base rates that differ between groups.

    Each row's group is drawn with ``group_proportions``, its score from
    ``Beta(concentration * p_g, concentration * (1 - p_g))`` and its outcome from
    ``Bernoulli(score)``, so ``P(Y = 1 | score, group) = score`` holds exactly.

    Parameters
    ----------
    n_samples : int, default 10_000
    base_rates : mapping of group label -> float in (0, 1), default {"A": 0.3, "B": 0.5}
        ``P(Y = 1 | group)``; at least two groups.
    group_proportions : mapping of group label -> float, optional
        Share of each group (same labels as ``base_rates``, summing to 1); equal by default.
    concentration : float, default 4.0
        ``a + b`` of the Beta distributions: small values give confident, informative scores.
    random_state : int, Generator or None

    Returns
    -------
    Dataset
        ``frame`` with columns ``group`` (str, sensitive), ``score`` (float in (0, 1), the
        feature) and ``y`` (int 0/1, the target); ``ground_truth`` is a :class:`ScoreTruth`.

    Examples
    --------
    >>> data = make_risk_scores(1000, random_state=0)
    >>> data.frame.columns.tolist(), data.sensitive_names
    (['group', 'score', 'y'], ('group',))
    """
    n = check_n_samples(n_samples)
    rates = _check_base_rates(base_rates)
    groups = list(rates)
    shares = _check_proportions(group_proportions, groups)
    kappa = check_interval("concentration", concentration, 0, np.inf, closed=False)
    rng = check_random_state(random_state)
    # All draws up front, in a fixed order, so one seed gives the same rows for any knobs.
    u_group, u_score, u_label = rng.random(n), rng.random(n), rng.random(n)
    codes = np.searchsorted(np.cumsum([shares[g] for g in groups])[:-1], u_group, side="right")
    p = np.array([rates[g] for g in groups])[codes]
    score = betaincinv(kappa * p, kappa * (1 - p), u_score)
    # The inverse can return exactly 0 or 1 for tiny tails; keep scores strictly inside (0, 1).
    score = np.clip(score, np.finfo(float).eps, 1 - np.finfo(float).eps)
    frame = pd.DataFrame(
        {
            "group": np.array(groups, dtype=object)[codes].astype(str),
            "score": score,
            "y": (u_label < score).astype(np.int64),
        }
    )
    truth = ScoreTruth(MappingProxyType(rates), MappingProxyType(shares), kappa)
    description = f"{n} risk scores calibrated within each group; base rates " + ", ".join(
        f"{g}: {r:g}" for g, r in rates.items()
    )
    return Dataset(
        name="risk_scores",
        frame=frame,
        target_name="y",
        feature_names=("score",),
        sensitive_names=("group",),
        description=description,
        ground_truth=truth,  # a ScoreTruth: the population of this generator
    )
