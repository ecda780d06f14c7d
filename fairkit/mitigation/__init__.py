"""Bias mitigation: pre-processing (the data), in-processing (training) and post-processing
(the decisions), as scikit-learn estimators in NumPy/SciPy.

Every mitigator takes ``sensitive_features`` the way :mod:`fairkit.metrics` does (one or several
columns give intersectional groups), checks that they align with ``X``, and fails with a
one-line error naming the group when a constraint cannot be met (a group without positives,
a single group). Each docstring names its paper and the constraint it enforces.
"""

from fairkit.mitigation._adversarial import AdversarialDebiasing
from fairkit.mitigation._adversarial_step import AdversarialStep, adversarial_debiasing_step
from fairkit.mitigation._constraints import (
    DemographicParity,
    EqualizedOdds,
    ErrorRateParity,
    TruePositiveRateParity,
)
from fairkit.mitigation._correlation import CorrelationRemover
from fairkit.mitigation._disparate_impact import DisparateImpactRemover
from fairkit.mitigation._fair_logistic import FairLogisticRegression
from fairkit.mitigation._reductions import ExponentiatedGradient
from fairkit.mitigation._reject_option import RejectOptionClassifier
from fairkit.mitigation._resampling import Resampler, target_cell_counts
from fairkit.mitigation._reweighing import Reweighing
from fairkit.mitigation._thresholds import ThresholdOptimizer
from fairkit.mitigation._unprocessing import unprocessing_curve

__all__: list[str] = ["AdversarialDebiasing", "AdversarialStep", "adversarial_debiasing_step"]
__all__ += ["CorrelationRemover", "DisparateImpactRemover", "Resampler", "Reweighing"]
__all__ += ["target_cell_counts"]
__all__ += ["RejectOptionClassifier", "ThresholdOptimizer", "unprocessing_curve"]
__all__ += ["DemographicParity", "EqualizedOdds", "ErrorRateParity", "TruePositiveRateParity"]
__all__ += ["ExponentiatedGradient", "FairLogisticRegression"]
