"""Differential privacy: mechanisms, accounting, DP queries, audits."""

from fairkit.privacy import audit
from fairkit.privacy._accounting import (
    DEFAULT_ORDERS,
    advanced_composition,
    basic_composition,
    dp_sgd_epsilon,
    rdp_gaussian,
    rdp_subsampled_gaussian,
    rdp_to_dp,
)
from fairkit.privacy._accounting_budget import BudgetExceededError, PrivacyAccountant
from fairkit.privacy._attacks import MembershipInference, differencing_attack, membership_inference
from fairkit.privacy._mechanisms import (
    analytic_gaussian_sigma,
    classic_gaussian_sigma,
    exponential_mechanism,
    gaussian_mechanism,
    geometric_mechanism,
    laplace_mechanism,
    noise_grid,
    randomized_response,
    randomized_response_estimate,
    report_noisy_max,
)
from fairkit.privacy._models import DPLogisticRegression
from fairkit.privacy._models_sgd import DPSGDClassifier
from fairkit.privacy._queries import dp_count, dp_histogram, dp_mean, dp_quantile, dp_sum

__all__ = [
    "DEFAULT_ORDERS",
    "BudgetExceededError",
    "DPLogisticRegression",
    "DPSGDClassifier",
    "MembershipInference",
    "PrivacyAccountant",
    "advanced_composition",
    "analytic_gaussian_sigma",
    "audit",
    "basic_composition",
    "classic_gaussian_sigma",
    "differencing_attack",
    "dp_count",
    "dp_histogram",
    "dp_mean",
    "dp_quantile",
    "dp_sgd_epsilon",
    "dp_sum",
    "exponential_mechanism",
    "gaussian_mechanism",
    "geometric_mechanism",
    "laplace_mechanism",
    "membership_inference",
    "noise_grid",
    "randomized_response",
    "randomized_response_estimate",
    "rdp_gaussian",
    "rdp_subsampled_gaussian",
    "rdp_to_dp",
    "report_noisy_max",
]
