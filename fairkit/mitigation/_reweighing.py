"""Reweighing (Kamiran & Calders 2012): weights that make the label independent of the group."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from fairkit.metrics._groups import factorize_groups
from fairkit.mitigation import _errors as E
from fairkit.mitigation._pre_inputs import as_table
from fairkit.mitigation._validation import (
    _rows,
    check_binary_labels,
    check_labelled_groups,
    group_label,
)

__all__ = ["Reweighing"]

_WHY = "reweighing has no row to give that label's weight (P(group, label) = 0)"


class Reweighing(BaseEstimator):
    r"""Weight each (group, label) cell so that, weighted, the label is independent of the group.

    Kamiran & Calders (2012), "Data preprocessing techniques for classification without
    discrimination", Knowledge and Information Systems 33(1), section 4.2. A row of group
    :math:`g` with label :math:`y` gets

    .. math:: w(g, y) = \frac{P(g)\,P(y)}{P(g, y)} = \frac{n_g\, n_y}{n\, n_{g,y}},

    the expected count of the cell if group and label were independent divided by its
    observed count. Weighted, every group then has the overall base rate (demographic
    parity *of the training labels*) and the total weight stays ``n``; a classifier trained
    with these ``sample_weight`` learns from data without that dependence. Any number of
    groups (several sensitive columns give intersectional groups).

    Reweighing fixes unequal base rates. It cannot tell historical (label) bias from a true
    difference, and it does nothing about features that are measured worse for one group.

    Attributes
    ----------
    weights_ : pandas.DataFrame
        One row per group (index: the group labels), columns ``0`` and ``1`` (the label):
        the weight of a row in that cell.
    base_rate_ : float
        Share of positives in the training data, P(y = 1).
    n_features_in_ : int
        Number of columns of ``X`` seen in ``fit`` (``X`` itself is not used).

    Examples
    --------
    Group ``a`` has 2 positives out of 3, ``b`` 1 out of 3; overall half are positive, so
    ``a``'s positives weigh (3 * 3) / (6 * 2) = 0.75 and its negative 9 / 6 = 1.5:

    >>> y, s = [1, 1, 0, 0, 1, 0], ["a", "a", "a", "b", "b", "b"]
    >>> rw = Reweighing().fit([[0]] * 6, y, sensitive_features=s)
    >>> rw.weights_.to_dict("index")
    {'a': {0: 1.5, 1: 0.75}, 'b': {0: 0.75, 1: 1.5}}
    >>> rw.transform([[0]] * 6, y, sensitive_features=s).tolist()
    [0.75, 0.75, 1.5, 0.75, 1.5, 0.75]
    """

    def fit(self, X: Any, y: Any, *, sensitive_features: Any) -> Reweighing:
        """Compute the weight of each (group, label) cell.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The features (only their number of rows is used).
        y : array-like of 0/1 of shape (n_samples,)
            Labels, 1 = the favourable outcome.
        sensitive_features : array-like, Series, DataFrame or dict
            One group label per row, one or several columns.

        Returns
        -------
        self : Reweighing
        """
        X = as_table(X)
        # An empty cell would get an infinite weight that no row carries: the weighted data
        # could never reach that group's share of the label, so refuse instead.
        groups, labels = check_labelled_groups(X, y, sensitive_features, why=_WHY)
        counts = _cell_counts(groups.codes, labels, groups.n_groups)
        n = counts.sum()
        expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
        self.weights_ = pd.DataFrame(expected / counts, index=groups.index, columns=[0, 1])
        self.base_rate_ = float(counts[:, 1].sum() / n)
        self.n_features_in_ = int(np.shape(X)[1]) if np.ndim(X) == 2 else 1
        return self

    def transform(self, X: Any, y: Any, *, sensitive_features: Any) -> np.ndarray:
        """The ``sample_weight`` of each row, from the fitted cell weights.

        Parameters
        ----------
        X, y, sensitive_features
            As in :meth:`fit`; every group must have occurred in ``fit``.

        Returns
        -------
        ndarray of float of shape (n_samples,)
        """
        if not hasattr(self, "weights_"):
            raise ValueError(E.NOT_FITTED.format(estimator="Reweighing", method="transform"))
        labels = check_binary_labels(y)
        X = as_table(X)
        if _rows(X) != len(labels):
            raise ValueError(E.LABELS_LENGTH.format(got=len(labels), n=_rows(X)))
        groups = factorize_groups(sensitive_features, len(labels))
        position = self.weights_.index.get_indexer(groups.index)
        if (position < 0).any():
            unseen = group_label(groups, int(np.flatnonzero(position < 0)[0]))
            raise ValueError(E.UNSEEN_GROUP.format(group=unseen, who="Reweighing"))
        return self.weights_.to_numpy()[position[groups.codes], labels]

    def fit_transform(self, X: Any, y: Any, *, sensitive_features: Any) -> np.ndarray:
        """Fit, then return the ``sample_weight`` of each training row.

        Returns
        -------
        ndarray of float of shape (n_samples,)
            Mean 1; pass it as ``sample_weight`` to a classifier's ``fit``.
        """
        return self.fit(X, y, sensitive_features=sensitive_features).transform(
            X, y, sensitive_features=sensitive_features
        )


def _cell_counts(codes: np.ndarray, labels: np.ndarray, n_groups: int) -> np.ndarray:
    flat = np.bincount(codes * 2 + labels, minlength=2 * n_groups)
    return flat.reshape(n_groups, 2).astype(float)
