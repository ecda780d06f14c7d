"""Explanations that find bias: counterfactual flips, proxies, explanations per group.

- :func:`counterfactual_flip_rate` - change the sensitive attribute, count changed decisions.
- :func:`feature_association` - each feature alone vs the sensitive attribute: mutual
  information, Cramér's V, single-feature AUC.
- :func:`proxy_report` - the above plus a proxy model predicting the attribute from all
  features: its held-out AUC and permutation importance.
- :func:`permutation_importance_by_group`, :func:`partial_dependence_by_group` - scikit-learn's
  inspection tools run within each group.
- :func:`explanation_disparity` - how far apart the groups' explanations are, per feature.
- :func:`shapley_values`, :func:`shapley_importance_by_group` - exact Shapley values of a
  small model (every feature subset, a background set), and their mean size per group.
"""

from fairkit.explain._association import feature_association
from fairkit.explain._counterfactual import CounterfactualResult, counterfactual_flip_rate
from fairkit.explain._dependence import partial_dependence_by_group
from fairkit.explain._disparity import explanation_disparity
from fairkit.explain._importance import permutation_importance_by_group
from fairkit.explain._proxy import ProxyReport, proxy_report
from fairkit.explain._shapley import ShapleyResult, shapley_importance_by_group, shapley_values

__all__ = [
    "CounterfactualResult",
    "ProxyReport",
    "ShapleyResult",
    "counterfactual_flip_rate",
    "explanation_disparity",
    "feature_association",
    "partial_dependence_by_group",
    "permutation_importance_by_group",
    "proxy_report",
    "shapley_importance_by_group",
    "shapley_values",
]
