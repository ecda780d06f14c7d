"""Accountability: documentation, audit trails, monitoring, recourse and decision records.

``ModelCard`` and ``Datasheet`` (Mitchell et al. 2019; Gebru et al. 2021), a hash-chained
``AuditLog``, a ``FairnessMonitor`` for production batches, ``recourse`` for a denied
applicant, and an ethical decision framework as data.
"""

__all__: list[str] = []
