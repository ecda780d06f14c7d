"""fairkit: the reference library of the Fair ML Certificate course.

Small, readable and exact implementations of fairness metrics, mitigation, privacy and
accountability tools. The course's autograder checks learners against it.
"""

from fairkit import datasets, metrics

__all__ = ["datasets", "metrics"]
__version__ = "0.1.0"
