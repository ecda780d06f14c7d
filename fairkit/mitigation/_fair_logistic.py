"""Logistic regression whose decision boundary is kept uncorrelated with the groups
(Zafar, Valera, Gomez Rodriguez & Gummadi 2017, "Fairness Constraints: Mechanisms for Fair
Classification", AISTATS).

Demographic parity is not differentiable in the weights, so Zafar et al. constrain a proxy: the
covariance between group membership ``z`` and the signed distance to the boundary ``d(x)``,

    cov(z, d) = (1/n) sum_i (z_i - mean(z)) d(x_i),

which is linear in the weights. With it bounded by ``c`` the problem stays convex: minimise the
log loss subject to ``-c <= cov_g <= c`` for every group indicator ``z_g``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit, log_expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import assert_all_finite, check_is_fitted, column_or_1d, validate_data

from fairkit.mitigation import _errors as E
from fairkit.mitigation._validation import check_groups, check_option

__all__ = ["FairLogisticRegression", "binary_target"]

_FAIRNESS = ("constraint", "penalty")


def binary_target(y, *, who: str) -> tuple[np.ndarray, np.ndarray]:
    """``(classes_, y01)``: the two sorted labels and ``y`` as 0/1 (1 = ``classes_[1]``).

    Examples
    --------
    >>> binary_target(["no", "yes", "yes"], who="model")[1].tolist()
    [0, 1, 1]
    """
    y_arr = column_or_1d(y, warn=True)
    if y_arr.dtype.kind in "fc":
        assert_all_finite(y_arr, input_name="y")
    check_classification_targets(y_arr)
    classes = np.unique(y_arr)
    if len(classes) != 2:
        shown = ", ".join(map(repr, classes[:3].tolist()))
        raise ValueError(E.RED_ONE_CLASS.format(count=len(classes), classes=shown, who=who))
    return classes, (y_arr == classes[1]).astype(np.int64)


class FairLogisticRegression(ClassifierMixin, BaseEstimator):
    """Logistic regression with Zafar et al.'s (2017) decision-boundary covariance constraint,
    a convex proxy for demographic parity.

    ``fairness="constraint"`` (the paper's form) minimises the mean log loss plus an L2 term
    ``||w||^2 / (2 C n)`` subject to ``|cov(z_g, d)| <= covariance_bound`` for each group
    ``g`` (one indicator per group, one-vs-rest; with two groups one suffices), solved by
    SciPy's SLSQP from the unconstrained optimum. ``fairness="penalty"`` instead adds
    ``fairness_weight * sum_g cov(z_g, d)^2`` and uses L-BFGS-B (no constraint to satisfy,
    quicker on large data; a softer trade-off). ``d`` is the logit, so the covariance is in
    logit units; features are standardised internally and the coefficients reported on the
    original scale. A bound of 0 removes the linear association between the groups and the
    scores, which narrows but need not close the selection-rate gap (the proxy is linear).

    Parameters
    ----------
    C : float, default=1.0
        Inverse L2 strength, as in :class:`sklearn.linear_model.LogisticRegression`, applied
        to the coefficients of the standardised features (so the fit with an inactive
        constraint is LogisticRegression on ``StandardScaler().fit_transform(X)``).
    fairness : {"constraint", "penalty"}, default="constraint"
    covariance_bound : float, default=0.0
        ``c`` for ``fairness="constraint"``.
    fairness_weight : float, default=10.0
        Penalty weight for ``fairness="penalty"``.
    fit_intercept : bool, default=True
    max_iter : int, default=200
    tol : float, default=1e-8

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    covariance_ : ndarray, ``cov(z_g, d)`` of each group on the training data after fitting
    classes_, n_features_in_, n_iter_

    Examples
    --------
    >>> from fairkit.datasets import make_hiring
    >>> data = make_hiring(2000, random_state=0)
    >>> X = data.X.drop(columns="gender").astype(float)
    >>> model = FairLogisticRegression(covariance_bound=0.0)
    >>> model = model.fit(X, data.y, sensitive_features=data.sensitive)
    >>> bool(abs(model.covariance_).max() < 1e-6)
    True
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        fairness: str = "constraint",
        covariance_bound: float = 0.0,
        fairness_weight: float = 10.0,
        fit_intercept: bool = True,
        max_iter: int = 200,
        tol: float = 1e-8,
    ) -> None:
        self.C = C
        self.fairness = fairness
        self.covariance_bound = covariance_bound
        self.fairness_weight = fairness_weight
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y, *, sensitive_features) -> FairLogisticRegression:
        """Fit under the covariance constraint; ``sensitive_features`` as fairkit.metrics takes."""
        check_option("fairness", self.fairness, _FAIRNESS)
        c = self.covariance_bound
        if not (isinstance(c, (int, float, np.number)) and c >= 0):
            raise ValueError(E.RED_BAD_COVARIANCE_BOUND.format(value=c))
        if isinstance(X, pd.DataFrame):
            for column, dtype in X.dtypes.items():
                if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
                    raise ValueError(E.RED_FEATURES_NOT_NUMERIC.format(column=column, dtype=dtype))
        Xa, y_arr = validate_data(self, X, y, dtype=np.float64)
        self.classes_, t = binary_target(y_arr, who=type(self).__name__)
        # A list of rows is compared as rows (check_groups alone reads a list as columns).
        groups = check_groups(
            X if isinstance(X, (pd.DataFrame, pd.Series)) else Xa, sensitive_features
        )
        t = t.astype(np.float64)
        n = len(t)
        mean, scale = Xa.mean(axis=0), Xa.std(axis=0)
        scale[scale == 0] = 1.0
        Xs = (Xa - mean) / scale
        # One covariance row per group indicator: cov_g(w) = A[g] @ w (the intercept cancels).
        z = np.eye(groups.n_groups)[groups.codes]
        A = ((z - z.mean(axis=0)).T @ Xs) / n
        A_used = A[:1] if groups.n_groups == 2 else A
        k = Xs.shape[1]
        reg = 1.0 / (self.C * n)

        def loss(theta):
            w, b = theta[:k], (theta[k] if self.fit_intercept else 0.0)
            d = Xs @ w + b
            value = -np.mean(t * log_expit(d) + (1 - t) * log_expit(-d)) + 0.5 * reg * w @ w
            r = (expit(d) - t) / n
            grad = np.append(Xs.T @ r + reg * w, r.sum()) if self.fit_intercept else Xs.T @ r
            if self.fairness == "penalty":
                cov = A_used @ w
                value += self.fairness_weight * cov @ cov
                grad[:k] += 2 * self.fairness_weight * A_used.T @ cov
            # Summed, not averaged (the scale of LogisticRegression): the solvers' absolute
            # tolerances then stay tight on large data.
            return n * value, n * grad

        theta0 = np.zeros(k + int(self.fit_intercept))
        options = {"maxiter": self.max_iter}
        start = minimize(loss, theta0, jac=True, method="L-BFGS-B", tol=self.tol, options=options)
        result = start
        if self.fairness == "constraint":
            pad = np.zeros((len(A_used), int(self.fit_intercept)))
            G = np.hstack([A_used, pad])
            cons = [
                {"type": "ineq", "fun": lambda th: c - G @ th, "jac": lambda th: -G},
                {"type": "ineq", "fun": lambda th: c + G @ th, "jac": lambda th: G},
            ]
            result = minimize(
                loss, start.x, jac=True, method="SLSQP", constraints=cons, tol=self.tol,
                options=options,
            )  # fmt: skip
            if not result.success and np.max(np.abs(G @ result.x)) > c + 1e-6:
                raise ValueError(E.RED_OPTIMISER_FAILED.format(message=result.message))
        w = result.x[:k]
        b = result.x[k] if self.fit_intercept else 0.0
        self.coef_ = (w / scale)[None, :]
        self.intercept_ = np.array([b - float(mean / scale @ w)])
        self.covariance_ = A @ w
        self.n_iter_ = int(result.nit)
        return self

    def decision_function(self, X) -> np.ndarray:
        """The logit ``X @ coef_.T + intercept_`` (positive: predict ``classes_[1]``)."""
        check_is_fitted(self, "coef_")
        Xa = validate_data(self, X, dtype=np.float64, reset=False)
        return Xa @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of ``classes_[0]`` and ``classes_[1]``."""
        p = expit(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X) -> np.ndarray:
        """The more probable class."""
        check_is_fitted(self, "coef_")
        return self.classes_[(self.decision_function(X) > 0).astype(np.intp)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags
