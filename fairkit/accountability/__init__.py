"""Accountability: documentation, audit trails, monitoring, recourse and decision records.

``ModelCard`` and ``Datasheet`` (Mitchell et al. 2019; Gebru et al. 2021), a hash-chained
``AuditLog``, a ``FairnessMonitor`` for production batches, ``recourse`` for a denied
applicant, and an ethical decision framework as data.
"""

from fairkit.accountability._audit_log import KINDS, AuditLog
from fairkit.accountability._audit_verify import Problem, TamperedLogError, VerificationResult
from fairkit.accountability._cards import (
    Caveats,
    EthicalConsiderations,
    EvaluationData,
    Factors,
    IntendedUse,
    Metrics,
    ModelCard,
    ModelDetails,
    QuantitativeAnalyses,
    TrainingData,
)
from fairkit.accountability._datasheet import (
    Collection,
    Composition,
    Datasheet,
    Distribution,
    Maintenance,
    Motivation,
    Preprocessing,
    Uses,
)
from fairkit.accountability._decision import (
    PRINCIPLES,
    ROLES,
    Consultation,
    EthicalDecision,
    Impact,
    Option,
    PrincipleAssessment,
    Stakeholder,
)
from fairkit.accountability._hashing import canonical_json, hash_data, hash_model
from fairkit.accountability._monitor import FairnessMonitor
from fairkit.accountability._monitor_results import BatchResult, MonitorAlert
from fairkit.accountability._quantitative import Analysis, MetricResult, by_group_values
from fairkit.accountability._recourse import Recourse, recourse
from fairkit.accountability._recourse_groups import GroupRecourse, recourse_by_group

__all__ = [
    "KINDS",
    "PRINCIPLES",
    "ROLES",
    "Analysis",
    "AuditLog",
    "BatchResult",
    "Caveats",
    "Collection",
    "Composition",
    "Consultation",
    "Datasheet",
    "Distribution",
    "EthicalConsiderations",
    "EthicalDecision",
    "EvaluationData",
    "Factors",
    "FairnessMonitor",
    "GroupRecourse",
    "Impact",
    "IntendedUse",
    "Maintenance",
    "MetricResult",
    "Metrics",
    "ModelCard",
    "ModelDetails",
    "MonitorAlert",
    "Motivation",
    "Option",
    "Preprocessing",
    "PrincipleAssessment",
    "Problem",
    "QuantitativeAnalyses",
    "Recourse",
    "Stakeholder",
    "TamperedLogError",
    "TrainingData",
    "Uses",
    "VerificationResult",
    "by_group_values",
    "canonical_json",
    "hash_data",
    "hash_model",
    "recourse",
    "recourse_by_group",
]
