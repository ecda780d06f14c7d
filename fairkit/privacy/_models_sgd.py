"""DP-SGD (Abadi et al., "Deep learning with differential privacy", CCS 2016) for a linear
logistic model, in NumPy.

Each step takes a Poisson sample (every row independently with probability ``sample_rate``),
clips each example's gradient to L2 norm ``max_grad_norm``, adds Gaussian noise of standard
deviation ``noise_multiplier * max_grad_norm`` to the sum and divides by the *expected* batch
size ``sample_rate * n`` (dividing by the realised size would leak it). The privacy cost of
``ceil(epochs / sample_rate)`` such steps is the Rényi-DP bound of the Poisson-subsampled
Gaussian mechanism (Mironov, Talwar & Zhang 2019), from ``fairkit.privacy._accounting``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from fairkit.privacy import _audit_errors as err
from fairkit.privacy._accounting import dp_sgd_epsilon
from fairkit.privacy._audit_rng import noise_source, standard_normal
from fairkit.privacy._models import BinaryLogistic, binary_labels, check_positive

__all__ = ["DPSGDClassifier"]


class DPSGDClassifier(BinaryLogistic, ClassifierMixin, BaseEstimator):
    """Binary logistic regression trained by DP-SGD; ``epsilon_`` is its (ε, δ) cost.

    Parameters
    ----------
    noise_multiplier : float
        Noise standard deviation over ``max_grad_norm`` (σ).
    max_grad_norm : float
        Per-example clipping norm.
    sample_rate : float
        Poisson sampling probability ``q`` of each row at each step, in (0, 1].
    epochs : float
        Passes over the data; the number of steps is ``ceil(epochs / sample_rate)``.
    learning_rate : float
        Step size of plain SGD.
    delta : float
        δ at which ``epsilon_`` is reported.
    random_state : None, "secure", int or Generator
        Draws both the samples and the noise; None and "secure" read the OS CSPRNG.

    Attributes
    ----------
    classes_, coef_ (1, d), intercept_ (1,), n_steps_, epsilon_, delta_.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(1000, 4, random_state=0)
    >>> clf = DPSGDClassifier(noise_multiplier=1.0, sample_rate=0.05, epochs=5,
    ...                       random_state=0).fit(X, y)
    >>> clf.n_steps_, round(clf.epsilon_, 2) > 0
    (100, True)
    """

    def __init__(
        self,
        *,
        noise_multiplier: float = 1.0,
        max_grad_norm: float = 1.0,
        sample_rate: float = 0.01,
        epochs: float = 10,
        learning_rate: float = 0.5,
        delta: float = 1e-5,
        random_state=None,
    ) -> None:
        self.noise_multiplier = noise_multiplier
        self.max_grad_norm = max_grad_norm
        self.sample_rate = sample_rate
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.delta = delta
        self.random_state = random_state

    def _check_params(self) -> tuple[float, float, float, float, float, float]:
        sigma = check_positive("noise_multiplier", self.noise_multiplier)
        clip = check_positive("max_grad_norm", self.max_grad_norm)
        q = check_positive("sample_rate", self.sample_rate)
        if q > 1:
            raise ValueError(
                err.MODEL_BAD_PARAM.format(name="sample_rate", expected="in (0, 1]", value=q)
            )
        epochs = check_positive("epochs", self.epochs)
        lr = check_positive("learning_rate", self.learning_rate)
        delta = check_positive("delta", self.delta)
        if delta >= 1:
            raise ValueError(
                err.MODEL_BAD_PARAM.format(name="delta", expected="in (0, 1)", value=delta)
            )
        return sigma, clip, q, epochs, lr, delta

    def fit(self, X, y) -> DPSGDClassifier:
        """Train on ``X`` (n, d) and a two-class ``y``."""
        sigma, clip, q, epochs, lr, delta = self._check_params()
        X, y = validate_data(self, X, y, dtype=float)
        self.classes_, y01 = binary_labels(y, type(self).__name__)
        Z = np.hstack([X, np.ones((X.shape[0], 1))])
        n, d = Z.shape
        steps = math.ceil(epochs / q)
        source = noise_source(self.random_state)
        w = np.zeros(d)
        expected_batch = q * n
        for _ in range(steps):
            batch = source.coarse_uniform(n) < q
            Zb = Z[batch]
            grads = (expit(Zb @ w) - y01[batch])[:, None] * Zb
            norms = np.linalg.norm(grads, axis=1)
            grads *= np.minimum(1.0, clip / np.maximum(norms, 1e-300))[:, None]
            noisy = grads.sum(axis=0) + sigma * clip * standard_normal(source, (d,))
            w -= lr * noisy / expected_batch
        self.coef_ = w[None, :-1]
        self.intercept_ = w[-1:]
        self.n_steps_ = steps
        self.delta_ = float(delta)
        self.epsilon_ = float(dp_sgd_epsilon(q, sigma, steps, delta))
        return self

    def decision_function(self, X) -> np.ndarray:
        """Logit of ``classes_[1]``."""
        check_is_fitted(self, "coef_", msg=err.MODEL_NOT_FITTED.format(model=type(self).__name__))
        X = validate_data(self, X, dtype=float, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]
