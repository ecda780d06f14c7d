"""Datasets for the course: synthetic worlds with known bias, and real data that loads offline.

Synthetic generators (seeded, vectorised, every injected bias documented and recorded in
``Dataset.ground_truth``):

- :func:`make_hiring` - job applicants, sensitive ``gender``.
- :func:`make_lending` - loan applicants, sensitive ``race``.
- :func:`make_hiring_stream` - a deployed model's decisions in batches, with a known drift
  (a :class:`DecisionStream`), for monitoring.
- :func:`make_risk_scores` - risk scores calibrated within groups with different base rates.

Real data shipped inside the package (no download; provenance in ``data/README.md``):

- :func:`load_adult` - UCI Adult census income, training split.
- :func:`load_german` - Statlog German credit, codes decoded.
"""

from fairkit.datasets._adult import load_adult
from fairkit.datasets._base import Dataset, GroundTruth
from fairkit.datasets._german import load_german
from fairkit.datasets._hiring import make_hiring
from fairkit.datasets._lending import make_lending
from fairkit.datasets._scores import ScoreTruth, make_risk_scores
from fairkit.datasets._stream import DecisionStream, make_hiring_stream

__all__ = [
    "Dataset",
    "DecisionStream",
    "GroundTruth",
    "ScoreTruth",
    "load_adult",
    "load_german",
    "make_hiring",
    "make_hiring_stream",
    "make_lending",
    "make_risk_scores",
]
