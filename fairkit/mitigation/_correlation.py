"""Correlation removal: project the sensitive columns out of the other features."""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from fairkit.mitigation import _errors as E

__all__ = ["CorrelationRemover"]


class CorrelationRemover(TransformerMixin, BaseEstimator):
    r"""Remove the linear correlation between the sensitive columns and every other feature.

    The linear-regression "residual" repair (the least-squares projection used by
    Fairlearn's ``CorrelationRemover``; the idea goes back to Calders, Karim, Kamiran,
    Ali & Zhang 2013, "Controlling attribute effect in linear regression", ICDM). With
    :math:`S` the sensitive columns, :math:`\bar s` their training means and :math:`Z` the
    other columns, ``fit`` solves :math:`\min_W \lVert Z - (S - \bar s) W \rVert_2^2` and
    ``transform`` returns

    .. math:: \alpha\,\big(Z - (S - \bar s) W\big) + (1 - \alpha)\,Z,

    without the sensitive columns. At ``alpha=1`` every output column has zero sample
    covariance with every sensitive column on the training data (the constraint it
    enforces); ``alpha=0`` returns :math:`Z` unchanged. Only *linear* dependence is removed:
    a non-linear model can still recover the group (e.g. from the spread of a feature).
    The output matches Fairlearn's to floating-point precision.

    Parameters
    ----------
    sensitive_feature_ids : iterable of column names (DataFrame) or positions (array)
        The sensitive columns of ``X``; dropped from the output.
    alpha : float in [0, 1], default=1.0
        How much of the projection to apply.

    Attributes
    ----------
    sensitive_mean_ : ndarray of shape (n_sensitive,)
    beta_ : ndarray of shape (n_sensitive, n_features_in_ - n_sensitive)
        The least-squares coefficients :math:`W`.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Examples
    --------
    >>> X = np.array([[0, 1.0], [0, 2.0], [1, 3.0], [1, 6.0]])
    >>> CorrelationRemover(sensitive_feature_ids=[0]).fit_transform(X).ravel().tolist()
    [2.5, 3.5, 1.5, 4.5]
    """

    def __init__(self, *, sensitive_feature_ids: Iterable = (), alpha: float = 1.0):
        self.sensitive_feature_ids = sensitive_feature_ids
        self.alpha = alpha

    def fit(self, X: Any, y: Any = None) -> CorrelationRemover:
        """Learn the sensitive means and the least-squares projection.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features, the sensitive columns among them.
        y : ignored

        Returns
        -------
        self : CorrelationRemover
        """
        if not isinstance(self.alpha, Real) or not 0 <= self.alpha <= 1:
            raise ValueError(E.ALPHA_RANGE.format(value=self.alpha))
        columns = list(getattr(X, "columns", []))
        Xa = validate_data(self, X, reset=True, dtype="numeric")
        self._sensitive_ = self._positions(columns, Xa.shape[1])
        Z, S = self._split(Xa)
        self.sensitive_mean_ = S.mean(axis=0)
        self.beta_, *_ = np.linalg.lstsq(S - self.sensitive_mean_, Z, rcond=None)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """The non-sensitive columns with the sensitive columns' linear effect removed.

        Parameters
        ----------
        X : array-like or DataFrame with the columns seen in ``fit``

        Returns
        -------
        ndarray of shape (n_samples, n_features_in_ - n_sensitive)
        """
        check_is_fitted(self, ["beta_", "sensitive_mean_"])
        Xa = validate_data(self, X, reset=False, dtype="numeric")
        Z, S = self._split(Xa)
        filtered = Z - (S - self.sensitive_mean_) @ self.beta_
        return self.alpha * filtered + (1 - self.alpha) * Z

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns: the input's, less the sensitive ones.

        Returns
        -------
        ndarray of str
        """
        check_is_fitted(self, ["beta_"])
        if input_features is None:
            names = getattr(self, "feature_names_in_", None)
            if names is None:
                names = [f"x{i}" for i in range(self.n_features_in_)]
        else:
            names = list(input_features)
            if len(names) != self.n_features_in_:
                got, expected = len(names), self.n_features_in_
                raise ValueError(
                    E.FEATURE_COUNT.format(got=got, expected=expected, who="CorrelationRemover")
                )
        keep = [i for i in range(self.n_features_in_) if i not in set(self._sensitive_)]
        return np.asarray([str(names[i]) for i in keep], dtype=object)

    def _positions(self, columns: list, n_features: int) -> list[int]:
        ids = list(self.sensitive_feature_ids)
        if columns:
            lookup = {c: i for i, c in enumerate(columns)}
            missing = [c for c in ids if c not in lookup]
            shown = columns
        else:
            lookup = {i: i for i in range(n_features)}
            missing = [c for c in ids if not isinstance(c, (int, np.integer)) or c not in lookup]
            shown = f"0..{n_features - 1}"
        if missing:
            raise ValueError(
                E.SENSITIVE_ID_MISSING.format(missing=missing, columns=shown, last=n_features - 1)
            )
        return [lookup[c] for c in ids]

    def _split(self, Xa: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sensitive = set(self._sensitive_)
        keep = [i for i in range(Xa.shape[1]) if i not in sensitive]
        return Xa[:, keep], Xa[:, self._sensitive_]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64"]
        return tags
