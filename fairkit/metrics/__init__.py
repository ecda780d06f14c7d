"""Group and individual fairness metrics with Fairlearn-like signatures.

Everything is derived from one weighted count table per call (group x label x prediction),
so metrics on millions of rows take a fraction of a second. Undefined rates (0/0) are NaN
with an :class:`UndefinedMetricWarning`, never a silent 0.
"""

from fairkit.metrics._bootstrap import BootstrapResult, bootstrap_ci
from fairkit.metrics._calibration import calibration_by_group
from fairkit.metrics._consistency import consistency_score
from fairkit.metrics._derived import make_derived_metric
from fairkit.metrics._entropy import (
    between_group_generalized_entropy,
    generalized_entropy_index,
    theil_index,
)
from fairkit.metrics._errors import (
    FairkitWarning,
    GroupsSkippedWarning,
    SingleGroupWarning,
    UnalignedIndexWarning,
    UndefinedMetricWarning,
)
from fairkit.metrics._frame import MetricFrame
from fairkit.metrics._gaps import (
    accuracy_difference,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equal_opportunity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_negative_rate_difference,
    false_positive_rate_difference,
    predictive_parity_difference,
)
from fairkit.metrics._generated import (
    accuracy_group_min,
    accuracy_ratio,
    false_negative_rate_ratio,
    false_positive_rate_ratio,
    positive_predictive_value_group_min,
    selection_rate_difference,
    selection_rate_ratio,
    true_negative_rate_difference,
    true_negative_rate_ratio,
    true_positive_rate_difference,
    true_positive_rate_group_min,
    true_positive_rate_ratio,
)
from fairkit.metrics._permutation import GapTestResult, gap_test
from fairkit.metrics._privileged import (
    average_abs_odds_difference,
    average_odds_difference,
    disparate_impact_ratio,
    statistical_parity_difference,
)
from fairkit.metrics._rates import (
    accuracy,
    count,
    false_negative_rate,
    false_positive_rate,
    mean_prediction,
    negative_predictive_value,
    positive_predictive_value,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)

__all__ = [
    "BootstrapResult",
    "FairkitWarning",
    "GapTestResult",
    "GroupsSkippedWarning",
    "MetricFrame",
    "SingleGroupWarning",
    "UnalignedIndexWarning",
    "UndefinedMetricWarning",
    "accuracy",
    "accuracy_difference",
    "accuracy_group_min",
    "accuracy_ratio",
    "average_abs_odds_difference",
    "average_odds_difference",
    "between_group_generalized_entropy",
    "bootstrap_ci",
    "calibration_by_group",
    "consistency_score",
    "count",
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "disparate_impact_ratio",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "false_negative_rate",
    "false_negative_rate_difference",
    "false_negative_rate_ratio",
    "false_positive_rate",
    "false_positive_rate_difference",
    "false_positive_rate_ratio",
    "gap_test",
    "generalized_entropy_index",
    "make_derived_metric",
    "mean_prediction",
    "negative_predictive_value",
    "positive_predictive_value",
    "positive_predictive_value_group_min",
    "predictive_parity_difference",
    "selection_rate",
    "selection_rate_difference",
    "selection_rate_ratio",
    "statistical_parity_difference",
    "theil_index",
    "true_negative_rate",
    "true_negative_rate_difference",
    "true_negative_rate_ratio",
    "true_positive_rate",
    "true_positive_rate_difference",
    "true_positive_rate_group_min",
    "true_positive_rate_ratio",
]
