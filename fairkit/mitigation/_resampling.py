"""Uniform and preferential resampling (Kamiran & Calders 2012): rows instead of weights."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state

from fairkit.mitigation import _errors as E
from fairkit.mitigation._pre_inputs import as_table
from fairkit.mitigation._validation import check_labelled_groups, check_option

__all__ = ["Resampler", "target_cell_counts"]

_STRATEGIES = ("uniform", "preferential")
_WHY = "resampling cannot give it the overall share of that label"


def target_cell_counts(codes: np.ndarray, labels: np.ndarray, n_groups: int) -> np.ndarray:
    """Rows each (group, label) cell should have if label and group were independent.

    ``round(n_g * n_y / n)`` (the expected count under independence), shape (n_groups, 2).

    Examples
    --------
    >>> target_cell_counts(np.array([0, 0, 0, 1, 1, 1]), np.array([1, 1, 0, 1, 0, 0]), 2)
    array([[2, 2],
           [2, 2]])
    """
    counts = np.bincount(codes * 2 + labels, minlength=2 * n_groups).reshape(n_groups, 2)
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / counts.sum()
    return np.rint(expected).astype(np.int64)


class Resampler(BaseEstimator):
    """Duplicate and drop rows so that the label becomes independent of the group.

    Kamiran & Calders (2012), "Data preprocessing techniques for classification without
    discrimination", Knowledge and Information Systems 33(1), section 4.3. Every (group,
    label) cell is brought to its expected size under independence,
    ``round(n_group * n_label / n)`` (see :func:`target_cell_counts`): cells that are too
    small (e.g. qualified women) get duplicated rows, cells that are too large lose rows.
    The resampled data then satisfy demographic parity of the labels, as with
    :class:`Reweighing`, but as rows for a learner that takes no ``sample_weight``.

    ``strategy="uniform"`` picks the rows to drop, and the rows to duplicate, uniformly at
    random (seeded by ``random_state``). ``strategy="preferential"`` ranks the rows with a
    ``ranker`` (a classifier fitted on ``X, y``, by default a logistic regression) and acts on the
    rows closest to its decision boundary, the ones whose label is the most doubtful:
    positives with the lowest scores, negatives with the highest. Those are dropped from a
    cell that is too large and duplicated (in order, as often as needed) in one that is too
    small, so the borderline cases shift and the clear ones are left alone.

    Parameters
    ----------
    strategy : {"uniform", "preferential"}, default="uniform"
    ranker : classifier or None, default=None
        Used by ``"preferential"`` only; cloned and fitted on ``X, y``; needs
        ``predict_proba`` or ``decision_function``. None: a logistic regression on
        standardised features (``StandardScaler`` then ``LogisticRegression(max_iter=1000)``).
    random_state : int, numpy.random.Generator, RandomState or None, default=None
        Seed of the uniform draws (preferential sampling is deterministic).

    Attributes
    ----------
    sample_indices_ : ndarray of int
        Position in the input of every output row (a row duplicated k times appears k times).
    target_counts_ : pandas.DataFrame
        Rows per (group, label) after resampling (index: groups, columns 0 and 1).
    ranker_ : classifier
        The fitted ranker (preferential sampling only).

    Examples
    --------
    >>> X = np.arange(6).reshape(-1, 1)
    >>> y, s = [1, 1, 0, 1, 0, 0], ["a", "a", "a", "b", "b", "b"]
    >>> rs = Resampler(random_state=0)
    >>> X_res, y_res, s_res = rs.fit_resample(X, y, sensitive_features=s)
    >>> rs.target_counts_.to_dict("index")
    {'a': {0: 2, 1: 2}, 'b': {0: 2, 1: 2}}
    >>> pd.crosstab(s_res, y_res).to_numpy().tolist()
    [[2, 2], [2, 2]]
    """

    def __init__(self, *, strategy: str = "uniform", ranker: Any = None, random_state=None):
        self.strategy = strategy
        self.ranker = ranker
        self.random_state = random_state

    def fit_resample(self, X: Any, y: Any, *, sensitive_features: Any) -> tuple[Any, Any, Any]:
        """Resample the rows of ``X``, ``y`` and ``sensitive_features`` together.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of 0/1 of shape (n_samples,)
        sensitive_features : array-like, Series, DataFrame or dict
            One group label per row, one or several columns.

        Returns
        -------
        X_res, y_res, sensitive_res
            The selected rows, of the input's types (pandas outputs get a fresh
            ``RangeIndex``; ``sample_indices_`` says where each row came from).
        """
        check_option("strategy", self.strategy, _STRATEGIES)
        X = as_table(X)
        groups, labels = check_labelled_groups(X, y, sensitive_features, why=_WHY)
        targets = target_cell_counts(groups.codes, labels, groups.n_groups)
        if self.strategy == "uniform":
            rng = check_random_state(self.random_state)
            pick = _uniform
        else:
            rng = _boundary_distance(self._fit_ranker(X, labels), labels)
            pick = _preferential
        chosen = []
        for code in range(groups.n_groups):
            for label in (0, 1):
                rows = np.flatnonzero((groups.codes == code) & (labels == label))
                chosen.append(pick(rows, int(targets[code, label]), rng))
        self.sample_indices_ = np.sort(np.concatenate(chosen))
        self.target_counts_ = pd.DataFrame(targets, index=groups.index, columns=[0, 1])
        return (
            _take(X, self.sample_indices_),
            _take(y, self.sample_indices_),
            _take(sensitive_features, self.sample_indices_),
        )

    def _fit_ranker(self, X: Any, labels: np.ndarray) -> np.ndarray:
        ranker = _default_ranker() if self.ranker is None else clone(self.ranker)
        if not (hasattr(ranker, "predict_proba") or hasattr(ranker, "decision_function")):
            raise ValueError(E.RANKER_NO_SCORES.format(ranker=type(ranker).__name__))
        self.ranker_ = ranker.fit(X, labels)
        if hasattr(ranker, "predict_proba"):
            return ranker.predict_proba(X)[:, list(ranker.classes_).index(1)]
        return ranker.decision_function(X)


def _default_ranker():
    # Scaled first, so that raw features (an income in dollars) neither slow nor stall lbfgs.
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _boundary_distance(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    # Small = borderline: a positive with a low score, a negative with a high one.
    return np.where(labels == 1, scores, -scores)


def _uniform(rows: np.ndarray, target: int, rng: np.random.RandomState) -> np.ndarray:
    if target <= len(rows):
        return rng.choice(rows, size=target, replace=False)
    extra = rng.choice(rows, size=target - len(rows), replace=True)
    return np.concatenate([rows, extra])


def _preferential(rows: np.ndarray, target: int, distance: np.ndarray) -> np.ndarray:
    # Stable sort: ties keep their input order, so the result is deterministic.
    order = rows[np.argsort(distance[rows], kind="stable")]
    if target <= len(rows):
        return order[len(rows) - target :]  # drop the most borderline rows
    repeats = np.resize(order, target - len(rows))  # duplicate borderline rows, cycling
    return np.concatenate([rows, repeats])


def _take(values: Any, positions: np.ndarray) -> Any:
    if isinstance(values, (pd.DataFrame, pd.Series)):
        return values.iloc[positions].reset_index(drop=True)
    if isinstance(values, dict):
        return {k: _take(v, positions) for k, v in values.items()}
    if isinstance(values, (list, tuple)) and values and np.ndim(values[0]) == 1:
        return [_take(v, positions) for v in values]  # one array per sensitive feature
    return np.asarray(values)[positions]
