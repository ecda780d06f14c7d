"""fairkit: the reference library of the Fair ML Certificate course.

Small, readable and exact implementations of fairness metrics, mitigation, privacy and
accountability tools. The course's autograder checks learners against it.

Submodules are imported when first used (``fairkit.metrics``, ``fairkit.datasets``), so that
one of them can be absent, as ``fairkit.metrics`` is while an exercise that asks learners to
build those metrics is graded, without breaking the others.

Examples
--------
>>> import fairkit
>>> fairkit.datasets.load_german().frame.shape[0]
1000
"""

import importlib
from typing import Any

__all__ = ["accountability", "datasets", "explain", "metrics", "mitigation", "privacy"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"fairkit.{name}")
    raise AttributeError(f"module 'fairkit' has no attribute {name!r}")
