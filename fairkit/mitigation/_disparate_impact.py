"""Disparate-impact repair (Feldman et al. 2015): move every group's feature distribution
toward one common distribution, keeping each row's rank within its group."""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from fairkit.metrics._groups import factorize_groups
from fairkit.mitigation import _errors as E
from fairkit.mitigation._pre_inputs import as_table, numeric_matrix
from fairkit.mitigation._validation import _rows, check_groups, group_label

__all__ = ["DisparateImpactRemover"]

_WHO = "DisparateImpactRemover"


class DisparateImpactRemover(BaseEstimator):
    r"""Repair each feature so that its distribution no longer depends on the group.

    Feldman, Friedler, Moeller, Scheidegger & Venkatasubramanian (2015), "Certifying and
    removing disparate impact", KDD, section 5 (the geometric partial repair). For every
    feature and every group :math:`g`, ``fit`` records the group's empirical quantile
    function :math:`Q_g` (mid-rank plotting positions, so ties share one rank). A value
    :math:`x` of a row of group :math:`g` has rank :math:`u = F_g(x)` in its group; its
    fully repaired value is the *median distribution* at that rank,
    :math:`\tilde Q(u) = \operatorname{median}_h Q_h(u)`, and at repair level
    :math:`\lambda`

    .. math:: x' = (1 - \lambda)\, x + \lambda\, \tilde Q(F_g(x)).

    At ``repair_level=1`` every group's repaired feature follows :math:`\tilde Q` (the
    constraint: a feature's distribution is the same in every group, so no classifier can
    tell the groups apart from one feature alone), while the order of rows within a group
    is kept, which is what keeps the feature useful. Each feature is repaired on its own:
    joint dependence (two features together revealing the group) is not removed.
    Discrete features become fractional (a 0/1 column repaired to the median of the
    groups' shares). Missing values stay missing. Labels are not touched: historical label
    bias survives this repair.

    Parameters
    ----------
    repair_level : float in [0, 1], default=1.0
        0 = no change, 1 = full repair.

    Attributes
    ----------
    groups_ : pandas.Index
        The groups seen in ``fit``.
    quantiles_ : list of list of (values, ranks)
        ``quantiles_[j][g]``: the sorted distinct values of feature ``j`` in group ``g``
        and their mid-rank positions in (0, 1).
    n_features_in_ : int

    Examples
    --------
    >>> X = np.array([[1.0], [2.0], [3.0], [11.0], [12.0], [13.0]])
    >>> s = ["a", "a", "a", "b", "b", "b"]
    >>> DisparateImpactRemover().fit(X, sensitive_features=s).transform(
    ...     X, sensitive_features=s).ravel().tolist()
    [6.0, 7.0, 8.0, 6.0, 7.0, 8.0]
    >>> DisparateImpactRemover(repair_level=0.5).fit(X, sensitive_features=s).transform(
    ...     X, sensitive_features=s).ravel().tolist()
    [3.5, 4.5, 5.5, 8.5, 9.5, 10.5]
    """

    def __init__(self, *, repair_level: float = 1.0):
        self.repair_level = repair_level

    def fit(self, X: Any, y: Any = None, *, sensitive_features: Any) -> DisparateImpactRemover:
        """Record each group's quantile function of each feature.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features), numeric
        y : ignored
        sensitive_features : array-like, Series, DataFrame or dict
            One group label per row, one or several columns.

        Returns
        -------
        self : DisparateImpactRemover
        """
        _check_level(self.repair_level)
        X = as_table(X)
        groups = check_groups(X, sensitive_features)
        values = numeric_matrix(X, who=_WHO)
        self.groups_ = groups.index
        self.n_features_in_ = values.shape[1]
        names = list(X.columns) if isinstance(X, pd.DataFrame) else range(values.shape[1])
        self.quantiles_ = []
        for j, name in enumerate(names):
            knots = [_knots(values[groups.codes == g, j]) for g in range(groups.n_groups)]
            empty = [g for g, (vals, _) in enumerate(knots) if len(vals) == 0]
            if empty:
                group = group_label(groups, empty[0])
                raise ValueError(E.FEATURE_ALL_MISSING.format(column=name, group=group))
            self.quantiles_.append(knots)
        return self

    def transform(self, X: Any, *, sensitive_features: Any) -> Any:
        """Repair the features of ``X`` (the same columns as in ``fit``).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        sensitive_features : array-like, Series, DataFrame or dict
            The group of each row; every group must have occurred in ``fit``.

        Returns
        -------
        ndarray or DataFrame like ``X`` (same index and columns), of floats
        """
        if not hasattr(self, "quantiles_"):
            raise ValueError(E.NOT_FITTED.format(estimator=_WHO, method="transform"))
        _check_level(self.repair_level)
        X = as_table(X)
        values = numeric_matrix(X, who=_WHO)
        if values.shape[1] != self.n_features_in_:
            got, expected = values.shape[1], self.n_features_in_
            raise ValueError(E.FEATURE_COUNT.format(got=got, expected=expected, who=_WHO))
        if _rows(sensitive_features) != len(values):
            raise ValueError(E.SENSITIVE_LENGTH.format(got=_rows(sensitive_features), n=len(X)))
        groups = factorize_groups(sensitive_features, len(values))
        position = self.groups_.get_indexer(groups.index)
        if (position < 0).any():
            unseen = group_label(groups, int(np.flatnonzero(position < 0)[0]))
            raise ValueError(E.UNSEEN_GROUP.format(group=unseen, who=_WHO))
        fitted_codes = position[groups.codes]
        repaired = np.empty_like(values)
        for j, knots in enumerate(self.quantiles_):
            rank = np.empty(len(values))
            for g, (vals, ranks) in enumerate(knots):
                rows = fitted_codes == g
                rank[rows] = np.interp(values[rows, j], vals, ranks)
            # The median over groups of each group's quantile at the row's rank.
            target = np.median([np.interp(rank, ranks, vals) for vals, ranks in knots], axis=0)
            repaired[:, j] = (1 - self.repair_level) * values[:, j] + self.repair_level * target
        if isinstance(X, pd.DataFrame):
            return pd.DataFrame(repaired, index=X.index, columns=X.columns)
        return repaired

    def fit_transform(self, X: Any, y: Any = None, *, sensitive_features: Any) -> Any:
        """Fit on ``X``, then repair it.

        Returns
        -------
        ndarray or DataFrame like ``X``
        """
        self.fit(X, sensitive_features=sensitive_features)
        return self.transform(X, sensitive_features=sensitive_features)


def _check_level(level: Any) -> None:
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 <= level <= 1:
        raise ValueError(E.REPAIR_LEVEL_RANGE.format(value=level))


def _knots(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and their mid-rank positions: (rows below + half the ties) / n."""
    column = column[~np.isnan(column)]
    vals, counts = np.unique(column, return_counts=True)
    below = np.cumsum(counts) - counts
    return vals, (below + counts / 2) / len(column)
