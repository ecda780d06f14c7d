"""Helpers shared by the interval and permutation tests (imported by path: tests/fairkit is
on sys.path under pytest's default import mode)."""

from __future__ import annotations

import re

import numpy as np


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
