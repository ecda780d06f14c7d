"""The result types returned by every loader and generator in :mod:`fairkit.datasets`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

MISSING_COLUMN_MSG = "{role} {column!r} is not a column of frame."
TARGET_VALUES_MSG = "target column {name!r} must hold only the integers 0 and 1, got dtype {dtype}."


@dataclass(frozen=True)
class GroundTruth:
    """What a synthetic generator injected, and the population values it implies.

    All rates are exact population values of the generative model, not sample estimates,
    so a lesson can compare what learners measure on a sample against the truth.

    Attributes
    ----------
    sensitive_name : str
        Column holding the group membership.
    advantaged, disadvantaged : str
        The two values of that column; bias is only ever injected against ``disadvantaged``.
    true_label_name : str
        Column holding the unbiased outcome (not observable in the story, hence not in ``X``).
    observed_label_name : str
        Column holding the historical, biased decision (the dataset's target).
    group_proportion : float
        Share of the disadvantaged group in the population (representation bias).
    historical_bias : float
        Probability that a true positive of the disadvantaged group was recorded as negative.
    measurement_bias : float
        Downward shift of ``measured_feature`` for the disadvantaged group, in standard
        deviations of that feature.
    measured_feature : str
        The feature affected by measurement bias.
    measurement_shift : float
        The same shift in the feature's own units (negative: the group is measured lower).
    proxy_strength : float
        How strongly ``proxy_name`` tracks group membership, from 0 (independent) to 1 (a copy).
    proxy_name : str
        The proxy feature.
    proxy_agreement : float
        Probability that the proxy points to an applicant's own group, ``0.5 + proxy_strength / 2``
        in both groups; it is also the accuracy of guessing the group from the proxy alone.
    true_base_rate : Mapping[str, float]
        ``P(true label = 1 | group)``, the base rate before any bias.
    observed_base_rate : Mapping[str, float]
        ``P(observed label = 1 | group)`` after historical bias.
    missing_feature : str or None
        The feature whose values can be missing (``NaN``); ``None`` if the generator has none.
    missing_bias : float
        Extra probability that ``missing_feature`` is missing for the disadvantaged group.
    missing_rate : Mapping[str, float]
        ``P(missing_feature is missing | group)``. Missingness depends on the group only
        (missing at random given the group, MAR): within a group it is independent of every
        other column, the feature's own value included.

    Examples
    --------
    >>> from fairkit.datasets import make_hiring
    >>> truth = make_hiring(10, historical_bias=0.5, random_state=0).ground_truth
    >>> truth.disadvantaged, truth.true_base_rate["woman"], truth.observed_rate_ratio
    ('woman', 0.4, 0.5)
    """

    sensitive_name: str
    advantaged: str
    disadvantaged: str
    true_label_name: str
    observed_label_name: str
    group_proportion: float
    historical_bias: float
    measurement_bias: float
    measured_feature: str
    measurement_shift: float
    proxy_strength: float
    proxy_name: str
    proxy_agreement: float
    true_base_rate: Mapping[str, float]
    observed_base_rate: Mapping[str, float]
    missing_feature: str | None = None
    missing_bias: float = 0.0
    missing_rate: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def observed_rate_ratio(self) -> float:
        """Disadvantaged over advantaged observed base rate; equals ``1 - historical_bias``."""
        return (
            self.observed_base_rate[self.disadvantaged] / self.observed_base_rate[self.advantaged]
        )


@dataclass(frozen=True, eq=False)
class Dataset:
    """A tabular dataset with a binary target and documented sensitive columns.

    ``frozen`` stops attributes being rebound, but ``frame`` itself stays a mutable
    DataFrame; ``X``, ``y`` and ``sensitive`` return copies so that changing them never
    changes ``frame``.

    Attributes
    ----------
    name : str
        Short identifier, e.g. ``"adult"`` or ``"hiring"``.
    frame : pandas.DataFrame
        Every column, including the target and any columns that are not features
        (such as the raw label text or a synthetic unbiased label).
    target_name : str
        Column of ``frame`` holding the target as int64 0/1, where 1 is the favourable outcome.
    feature_names : tuple of str
        Columns that form ``X``. Sensitive columns are included, so that a lesson can decide
        itself whether to drop them.
    sensitive_names : tuple of str
        Columns documented as sensitive attributes.
    description : str
        A short human-readable summary.
    ground_truth : GroundTruth or None
        For synthetic data, the bias that was injected; ``None`` for real data.

    Examples
    --------
    >>> from fairkit.datasets import make_hiring
    >>> data = make_hiring(100, random_state=0)
    >>> data.X.shape, data.y.name, data.sensitive_names
    ((100, 5), 'hired', ('gender',))
    """

    name: str
    frame: pd.DataFrame = field(repr=False)
    target_name: str
    feature_names: tuple[str, ...]
    sensitive_names: tuple[str, ...]
    description: str = field(repr=False)
    ground_truth: GroundTruth | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        columns = set(self.frame.columns)
        roles = [("target", self.target_name)]
        roles += [("feature", name) for name in self.feature_names]
        roles += [("sensitive column", name) for name in self.sensitive_names]
        for role, column in roles:
            if column not in columns:
                raise ValueError(MISSING_COLUMN_MSG.format(role=role, column=column))
        target = self.frame[self.target_name]
        if not pd.api.types.is_integer_dtype(target) or not target.isin((0, 1)).all():
            raise ValueError(TARGET_VALUES_MSG.format(name=self.target_name, dtype=target.dtype))

    @property
    def X(self) -> pd.DataFrame:
        """The features, ``frame[list(feature_names)]`` (a copy)."""
        return self.frame[list(self.feature_names)].copy()

    @property
    def y(self) -> pd.Series:
        """The target as an int64 Series of 0/1 named ``target_name`` (a copy)."""
        return self.frame[self.target_name].copy()

    @property
    def sensitive(self) -> pd.DataFrame:
        """The sensitive columns, ``frame[list(sensitive_names)]`` (a copy)."""
        return self.frame[list(self.sensitive_names)].copy()
