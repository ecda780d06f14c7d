"""Helpers shared by the fairkit tests (intervals, permutation tests, post-processing).

Imported by path: tests/fairkit is on sys.path under pytest's default import mode.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin


def exact(message: str) -> str:
    """A ``pytest.raises(match=...)`` pattern matching exactly ``message``."""
    return "^" + re.escape(message) + "$"


def grouped_decisions(n, props, sel, seed, base=0.4):
    """``n`` rows in groups "a", "b", ... of shares ``props``, labels with rate ``base``,
    decisions with selection rate ``sel[g]`` in group g: (y_true, y_pred, group)."""
    rng = np.random.default_rng(seed)
    group = rng.choice(len(props), n, p=props)
    y_true = (rng.random(n) < base).astype(int)
    y_pred = (rng.random(n) < np.asarray(sel)[group]).astype(int)
    return y_true, y_pred, np.array(list("abcdefg"))[group]


class ScoreIsFirstFeature(ClassifierMixin, BaseEstimator):
    """A prefit 'classifier' whose score is the first feature, so a hand-worked example's
    scores reach a post-processor as they are."""

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        s = np.asarray(X, dtype=float)[:, 0]
        return np.column_stack([1 - s, s])

    def __sklearn_is_fitted__(self):
        return True
