"""Accountability: documentation, audit trails, monitoring, recourse and decision records.

``ModelCard`` and ``Datasheet`` (Mitchell et al. 2019; Gebru et al. 2021), a hash-chained
``AuditLog``, a ``FairnessMonitor`` for production batches, ``recourse`` for a denied
applicant, and an ethical decision framework as data.
"""

from fairkit.accountability._audit_log import KINDS, AuditLog
from fairkit.accountability._audit_verify import Problem, TamperedLogError, VerificationResult
from fairkit.accountability._hashing import canonical_json, hash_data, hash_model
from fairkit.accountability._monitor import FairnessMonitor
from fairkit.accountability._monitor_results import BatchResult, MonitorAlert

__all__ = [
    "AuditLog",
    "BatchResult",
    "FairnessMonitor",
    "KINDS",
    "MonitorAlert",
    "Problem",
    "TamperedLogError",
    "VerificationResult",
    "canonical_json",
    "hash_data",
    "hash_model",
]
