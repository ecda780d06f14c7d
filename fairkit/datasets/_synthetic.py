"""Bias mechanisms shared by the synthetic generators.

Each generator draws all of its random numbers up front, in a fixed order and with shapes
that do not depend on the bias knobs. With a fixed seed, changing one knob therefore changes
only the columns that knob acts on (common random numbers): a lesson can show the very same
applicants with and without bias.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pandas as pd

from fairkit.datasets._base import GroundTruth
from fairkit.datasets._validation import check_interval, check_n_samples, check_random_state

MISSING_TOTAL_MSG = (
    "missing_rate + missing_bias must be at most 1 (it is the disadvantaged group's probability "
    "of a missing value), got {rate!r} + {bias!r}."
)

# Beyond three standard deviations the two groups barely overlap on the measured feature,
# which no longer illustrates anything the lessons need.
MAX_MEASUREMENT_BIAS = 3


class Knobs(NamedTuple):
    """Validated parameters common to every generator."""

    n_samples: int
    group_proportion: float
    historical_bias: float
    measurement_bias: float
    proxy_strength: float
    rng: np.random.Generator


def check_knobs(
    n_samples: object,
    group_proportion: object,
    historical_bias: object,
    measurement_bias: object,
    proxy_strength: object,
    random_state: object,
) -> Knobs:
    """Validate the shared generator parameters, naming the first bad one."""
    return Knobs(
        n_samples=check_n_samples(n_samples),
        group_proportion=check_interval("group_proportion", group_proportion, 0, 1, closed=False),
        historical_bias=check_interval("historical_bias", historical_bias, 0, 1),
        measurement_bias=check_interval(
            "measurement_bias", measurement_bias, 0, MAX_MEASUREMENT_BIAS
        ),
        proxy_strength=check_interval("proxy_strength", proxy_strength, 0, 1),
        rng=check_random_state(random_state),
    )


class Missingness(NamedTuple):
    """Validated missingness knobs: ``P(missing | advantaged)`` and the extra for the other."""

    rate: float
    bias: float

    @property
    def on(self) -> bool:
        """Whether any value can be missing (only then are random numbers drawn for it)."""
        return self.rate + self.bias > 0

    def describe(self, feature: str) -> str:
        """The clause a generator's description adds (nothing when off, as before the knob)."""
        if not self.on:
            return ""
        return f", missing_rate={self.rate}, missing_bias={self.bias} ({feature})"


def check_missing(missing_rate: object, missing_bias: object) -> Missingness:
    """Validate ``missing_rate`` and ``missing_bias``, naming the bad one."""
    rate = check_interval("missing_rate", missing_rate, 0, 1)
    bias = check_interval("missing_bias", missing_bias, 0, 1)
    if rate + bias > 1:
        raise ValueError(MISSING_TOTAL_MSG.format(rate=missing_rate, bias=missing_bias))
    return Missingness(rate, bias)


def inject_missing(
    values: np.ndarray, is_disadvantaged: np.ndarray, missing: Missingness, rng: np.random.Generator
) -> np.ndarray:
    """Missing by group: NaN with probability ``rate`` (+ ``bias`` for the disadvantaged).

    The uniforms are drawn after every other draw of the generator and only when missingness
    is on, so that a call without it returns the same data, and leaves a shared generator in
    the same state, as before the knob existed.
    """
    if not missing.on:
        return values
    p_missing = missing.rate + missing.bias * is_disadvantaged
    return np.where(rng.random(len(values)) < p_missing, np.nan, values)


def mix(latent: np.ndarray, noise: np.ndarray, loading: float) -> np.ndarray:
    """Return ``loading * latent + sqrt(1 - loading**2) * noise``.

    For independent standard normal inputs the result is again standard normal, with
    correlation ``loading`` to ``latent``, so every feature has a known standard deviation.
    """
    return loading * latent + np.sqrt(1.0 - loading**2) * noise


def points_to_disadvantaged(
    uniform: np.ndarray, is_disadvantaged: np.ndarray, proxy_strength: float
) -> np.ndarray:
    """Proxy mechanism: ``P(True | group) = 0.5 + proxy_strength * (is_disadvantaged - 0.5)``.

    So the proxy points to the person's own group with probability ``0.5 + proxy_strength / 2``.
    """
    return uniform < 0.5 + proxy_strength * (is_disadvantaged - 0.5)


def flip_positives(
    true_label: np.ndarray,
    is_disadvantaged: np.ndarray,
    uniform: np.ndarray,
    historical_bias: float,
) -> np.ndarray:
    """Historical bias: disadvantaged positives become 0 with probability ``historical_bias``."""
    flipped = is_disadvantaged & (uniform < historical_bias)
    return np.where(flipped, 0, true_label).astype(np.int64)


def group_column(
    is_disadvantaged: np.ndarray, advantaged: str, disadvantaged: str
) -> pd.Categorical:
    """Categorical group labels, with the advantaged group as the first category."""
    return pd.Categorical.from_codes(
        is_disadvantaged.astype(np.int8), categories=[advantaged, disadvantaged]
    )


def make_ground_truth(
    knobs: Knobs,
    *,
    sensitive_name: str,
    advantaged: str,
    disadvantaged: str,
    true_label_name: str,
    observed_label_name: str,
    true_base_rate: float,
    measured_feature: str,
    measured_feature_sd: float,
    proxy_name: str,
    missing_feature: str,
    missing: Missingness,
) -> GroundTruth:
    """Collect the injected bias and the population rates it implies."""
    kept = 1.0 - knobs.historical_bias
    missing_rate = {advantaged: missing.rate, disadvantaged: missing.rate + missing.bias}
    return GroundTruth(
        sensitive_name=sensitive_name,
        advantaged=advantaged,
        disadvantaged=disadvantaged,
        true_label_name=true_label_name,
        observed_label_name=observed_label_name,
        group_proportion=knobs.group_proportion,
        historical_bias=knobs.historical_bias,
        measurement_bias=knobs.measurement_bias,
        measured_feature=measured_feature,
        measurement_shift=-knobs.measurement_bias * measured_feature_sd,
        proxy_strength=knobs.proxy_strength,
        proxy_name=proxy_name,
        proxy_agreement=0.5 + knobs.proxy_strength / 2,
        true_base_rate=MappingProxyType(
            {advantaged: true_base_rate, disadvantaged: true_base_rate}
        ),
        observed_base_rate=MappingProxyType(
            {advantaged: true_base_rate, disadvantaged: true_base_rate * kept}
        ),
        missing_feature=missing_feature,
        missing_bias=missing.bias,
        missing_rate=MappingProxyType(missing_rate),
    )
