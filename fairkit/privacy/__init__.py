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

__all__ = [
    "DEFAULT_ORDERS",
    "advanced_composition",
    "basic_composition",
    "dp_sgd_epsilon",
    "rdp_gaussian",
    "rdp_subsampled_gaussian",
    "rdp_to_dp",
]
