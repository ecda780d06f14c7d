"""Differentially private logistic regression by objective perturbation.

Chaudhuri, Monteleoni & Sarwate, "Differentially private empirical risk minimization", JMLR
2011, Algorithm 2: add a random linear term ``b @ w / n`` to the regularised log loss and
minimise exactly. The density of ``b`` is proportional to ``exp(-eps' ||b|| / 2)`` (norm
``Gamma(d, 2 / eps')``, direction uniform). The guarantee needs every row to have L2 norm at
most 1, so each row ``[x, 1]`` (the 1 carries the intercept) is divided by
``max(1, ||[x, 1]||)``, a per-row rescaling that uses no other row, and the same map is applied
at prediction. Scale the features beforehand with *public* bounds (not the data's min/max).
The proof assumes the exact minimiser; L-BFGS-B runs to a gradient tolerance of 1e-10 (the
objective is strongly convex), and the noise is drawn by ``fairkit.privacy._random``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from fairkit.privacy import _audit_errors as err
from fairkit.privacy._audit_rng import gamma_integer_shape, noise_source, standard_normal

__all__ = ["DPLogisticRegression", "binary_labels", "check_positive", "unit_rows"]

# Bound on the second derivative of the logistic loss (the paper's c).
_C_LOGISTIC = 0.25


def check_positive(name: str, value: object, *, integer: bool = False) -> float:
    """``value`` as a number > 0, or a one-line error naming the parameter."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind) or not math.isfinite(value):
        expected = "a positive integer" if integer else "a finite number > 0"
        raise ValueError(err.MODEL_BAD_PARAM.format(name=name, expected=expected, value=value))
    if value <= 0:
        expected = "a positive integer" if integer else "a finite number > 0"
        raise ValueError(err.MODEL_BAD_PARAM.format(name=name, expected=expected, value=value))
    return value


def binary_labels(y, model: str) -> tuple[np.ndarray, np.ndarray]:
    """``(classes_, y01)`` for a two-class target, or an error naming the classes found."""
    y = column_or_1d(y)
    check_classification_targets(y)
    classes = np.unique(y)
    if len(classes) != 2:
        shown = ", ".join(map(repr, classes[:3].tolist()))
        raise ValueError(err.MODEL_NOT_BINARY.format(model=model, n=len(classes), classes=shown))
    return classes, (y == classes[1]).astype(float)


def unit_rows(X: np.ndarray) -> np.ndarray:
    """Rows ``[x, 1]`` divided by ``max(1, ||[x, 1]||)``: L2 norm at most 1, row by row.

    Examples
    --------
    >>> unit_rows(np.array([[0.0], [3.0]])).round(3).tolist()
    [[0.0, 1.0], [0.949, 0.316]]
    """
    Z = np.hstack([X, np.ones((X.shape[0], 1))])
    return Z / np.maximum(1.0, np.linalg.norm(Z, axis=1))[:, None]


class BinaryLogistic:
    """What both DP models share once fitted: a binary logistic classifier over
    ``decision_function`` (the logit of ``classes_[1]``)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # binary log loss only
        return tags

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of ``classes_`` (n, 2)."""
        p = expit(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X) -> np.ndarray:
        """The more probable class of each row."""
        scores = self.decision_function(X)  # first: it checks that the model is fitted
        return self.classes_[(scores > 0).astype(int)]


class DPLogisticRegression(BinaryLogistic, ClassifierMixin, BaseEstimator):
    """ε-DP binary logistic regression by objective perturbation (Chaudhuri et al. 2011).

    Minimises ``mean log loss + ||w||^2 / (2 C n) + b @ w / n`` (plus ``Δ ||w||^2 / 2`` when
    the regulariser is too weak for the budget, as in the paper's Algorithm 2) over the
    weights of the unit-norm rows ``[x, 1] / max(1, ||[x, 1]||)``.

    Parameters
    ----------
    epsilon : float
        Privacy budget of the released weights (pure ε-DP, δ = 0).
    C : float
        Inverse regularisation strength, as in scikit-learn (larger: less regularised, and
        more noise needed for the same ε).
    random_state : None, "secure", int or Generator
        None and "secure" draw the noise from the OS CSPRNG; an int is for lessons and tests.

    Attributes
    ----------
    classes_, coef_ (1, d), intercept_ (1,), epsilon_ (the ε spent), noise_norm_ (||b||).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(2000, 4, random_state=0)
    >>> clf = DPLogisticRegression(epsilon=1.0, random_state=0).fit(X / 4, y)
    >>> clf.score(X / 4, y) > 0.7
    True
    """

    def __init__(self, *, epsilon: float = 1.0, C: float = 1.0, random_state=None) -> None:
        self.epsilon = epsilon
        self.C = C
        self.random_state = random_state

    def fit(self, X, y) -> DPLogisticRegression:
        """Fit on ``X`` (n, d) and a two-class ``y``."""
        epsilon = check_positive("epsilon", self.epsilon)
        C = check_positive("C", self.C)
        X, y = validate_data(self, X, y, dtype=float)
        self.classes_, y01 = binary_labels(y, type(self).__name__)
        Z = unit_rows(X)
        n, d = Z.shape
        lam = 1.0 / (C * n)
        c = _C_LOGISTIC
        eps_p = epsilon - math.log(1 + 2 * c / (n * lam) + c**2 / (n * lam) ** 2)
        extra = 0.0
        if eps_p <= 0:  # the paper's fallback: more regularisation, half the budget for b
            extra = c / (n * (math.exp(epsilon / 4) - 1)) - lam
            eps_p = epsilon / 2
        source = noise_source(self.random_state)
        direction = standard_normal(source, (d,))
        direction /= np.linalg.norm(direction)
        b = gamma_integer_shape(source, d, 2.0 / eps_p) * direction
        s = 2 * y01 - 1  # labels in {-1, +1}

        def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
            m = s * (Z @ w)
            loss = -log_expit(m).mean() + (lam + extra) / 2 * w @ w + b @ w / n
            grad = -(Z.T @ (s * expit(-m))) / n + (lam + extra) * w + b / n
            return float(loss), grad

        res = minimize(
            objective,
            np.zeros(d),
            jac=True,
            method="L-BFGS-B",
            options={"gtol": 1e-10, "ftol": 1e-15, "maxiter": 2000},
        )
        self.coef_ = res.x[None, :-1]
        self.intercept_ = res.x[-1:]
        self.epsilon_ = float(epsilon)
        self.noise_norm_ = float(np.linalg.norm(b))
        return self

    def decision_function(self, X) -> np.ndarray:
        """Logit of ``classes_[1]`` on the unit-norm rows (the map used in training)."""
        check_is_fitted(self, "coef_", msg=err.MODEL_NOT_FITTED.format(model=type(self).__name__))
        X = validate_data(self, X, dtype=float, reset=False)
        return unit_rows(X) @ np.append(self.coef_[0], self.intercept_)
