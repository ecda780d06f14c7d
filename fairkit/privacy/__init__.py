"""Differential privacy: mechanisms, accounting, DP queries, audits."""

from fairkit.privacy._accounting import (
    DEFAULT_ORDERS,
    advanced_composition,
    basic_composition,
    dp_sgd_epsilon,
    rdp_gaussian,
    rdp_subsampled_gaussian,
    rdp_to_dp,
)
from fairkit.privacy._mechanisms import (
    analytic_gaussian_sigma,
    gaussian_mechanism,
    geometric_mechanism,
    laplace_mechanism,
    noise_grid,
)

__all__ = [
    "DEFAULT_ORDERS",
    "advanced_composition",
    "analytic_gaussian_sigma",
    "basic_composition",
    "dp_sgd_epsilon",
    "gaussian_mechanism",
    "geometric_mechanism",
    "laplace_mechanism",
    "noise_grid",
    "rdp_gaussian",
    "rdp_subsampled_gaussian",
    "rdp_to_dp",
]
