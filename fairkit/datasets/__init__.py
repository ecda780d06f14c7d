"""Datasets for the course: synthetic worlds with known bias, and real data that loads offline.

Synthetic generators (seeded, vectorised, every injected bias documented and recorded in
``Dataset.ground_truth``):

- :func:`make_hiring` - job applicants, sensitive ``gender``.
- :func:`make_lending` - loan applicants, sensitive ``race``.
- :func:`make_hiring_stream` - a deployed model's decisions in batches, with a known drift
  (a :class:`DecisionStream`), for monitoring.
- :func:`make_risk_scores` - risk scores calibrated within groups with different base rates.
- :func:`make_group_images` - digit images, a rare group B captured by another camera
  pipeline (a stand-in for face-analysis audits), balanced test set.

Real data shipped inside the package (no download; provenance in ``data/README.md``):

- :func:`load_adult` - UCI Adult census income, training split.
- :func:`load_german` - Statlog German credit, codes decoded.
- :func:`load_gender_shades` - the published per-subgroup error rates of the Gender Shades
  audit (Buolamwini & Gebru 2018) and benchmark composition (numbers, not images).
"""

from fairkit.datasets._adult import load_adult
from fairkit.datasets._base import Dataset, GroundTruth
from fairkit.datasets._gender_shades import load_gender_shades
from fairkit.datasets._german import load_german
from fairkit.datasets._hiring import make_hiring
from fairkit.datasets._images import make_group_images
from fairkit.datasets._lending import make_lending
from fairkit.datasets._scores import ScoreTruth, make_risk_scores
from fairkit.datasets._stream import DecisionStream, make_hiring_stream

__all__ = [
    "Dataset",
    "DecisionStream",
    "GroundTruth",
    "ScoreTruth",
    "load_adult",
    "load_gender_shades",
    "load_german",
    "make_group_images",
    "make_hiring",
    "make_hiring_stream",
    "make_lending",
    "make_risk_scores",
]
