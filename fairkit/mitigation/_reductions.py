"""The reductions approach to fair classification (Agarwal et al. 2018): exponentiated gradient.

Fair classification is a saddle point of the Lagrangian
``L(Q, lambda) = err(Q) + lambda . (gamma(Q) - bound)`` over randomised classifiers ``Q`` and
multipliers ``0 <= lambda``, ``sum(lambda) <= B``. The multipliers play exponentiated gradient;
the classifier plays a best response, which is an ordinary weighted classification problem that
any scikit-learn classifier with ``sample_weight`` solves. After every step a small linear
programme finds the best mixture of the classifiers found so far, and its dual gives the
multipliers whose best response certifies how far from the saddle point the mixture is.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import (
    _num_samples,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

from fairkit.mitigation import _errors as E
from fairkit.mitigation._constraints import as_constraint
from fairkit.mitigation._fair_logistic import binary_target
from fairkit.mitigation._lagrangian import _Search
from fairkit.mitigation._validation import check_accepts_sample_weight, check_groups

__all__ = ["ExponentiatedGradient"]

_MIN_ITER = 5  # the certificate is loose in the first steps, when few classifiers are known
_NU_SCALE = 0.5  # stop once the gap is below half the standard error of the training error


def _dtype(X: Any):
    # DataFrame columns pass as they are (the estimator may be a pipeline that encodes them);
    # arrays must be numeric, as for any scikit-learn classifier.
    return None if isinstance(X, pd.DataFrame) else "numeric"


def _mix(z: np.ndarray) -> np.ndarray:
    """The SplitMix64 finaliser: every output bit depends on every input bit."""
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _row_uniforms(X: Any, key: int) -> np.ndarray:
    """One uniform in [0, 1) per row from a hash of the row's values and ``key``: the same row
    gets the same number whatever batch it comes in, and different keys give unrelated numbers.

    Numeric rows are hashed here, from the bits of their float64 values (so the coins do not
    change with the pandas version, and an int column gives the coins of the same floats);
    DataFrames with other columns (text, categories) use pandas' row hash.
    """
    frame = X if isinstance(X, pd.DataFrame) else None
    if frame is None or all(pd.api.types.is_numeric_dtype(t) for t in frame.dtypes):
        values = np.asarray(X, dtype=np.float64).reshape(len(X), -1) + 0.0  # -0.0 -> 0.0
        z = np.full(len(values), np.uint64(key))
        for column in np.ascontiguousarray(values).view(np.uint64).T:
            z = _mix(z ^ column)
    else:
        z = pd.util.hash_pandas_object(frame, index=False).to_numpy(np.uint64)
        z = _mix(z ^ np.uint64(key))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


class ExponentiatedGradient(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """A randomised mixture of classifiers that meets a fairness constraint (Agarwal et al.
    2018, "A Reductions Approach to Fair Classification", ICML).

    Enforces ``|gamma(e, g)| <= difference_bound`` for the moments of ``constraints``
    (demographic parity, equalized odds, true positive rate parity, error rate parity; see
    :mod:`fairkit.mitigation._constraints`) with at most ``max_iter`` steps of exponentiated
    gradient, each refitting ``estimator`` on reweighted, relabelled data.

    ``predict`` is deterministic. The mixture gives each row a probability ``p(x)`` of a
    positive decision; the row's coin is a hash of its feature values keyed by
    ``random_state`` (see ``_row_uniforms``), so repeated calls, batches and row orders all give
    the same decisions, and so do identical applicants. Because the hash is independent of the
    decision problem, group rates equal those of a freshly randomised classifier up to the same
    sampling noise, so the constraint holds as in the paper; what it costs is that the coin is
    fixed per feature vector (an applicant cannot re-apply for a new draw), the guarantee is
    over the choice of ``random_state``, not over fresh randomness at each call, and rows with
    identical features share one coin, so on data with many duplicate rows the group rates
    vary more around their expectation than independent coins would. Thresholding ``p(x)`` at
    0.5 instead would be deterministic without any coin, but can break the constraint.
    ``predict_proba`` returns ``p(x)`` itself.

    Parameters
    ----------
    estimator : classifier
        Any scikit-learn classifier whose ``fit`` takes ``sample_weight``.
    constraints : constraint object or str, default="demographic_parity"
        A :class:`DemographicParity`, :class:`EqualizedOdds`, :class:`TruePositiveRateParity`
        or :class:`ErrorRateParity` instance, or one of their names (default bound 0.01).
    eps : float, default=0.01
        Allowed constraint violation of the saddle point; the multipliers sum to at most
        ``B = 1 / eps``.
    max_iter : int, default=50
        Exponentiated-gradient steps (each one or two fits of ``estimator``).
    nu : float or None, default=None
        Stop when the duality gap is below ``nu``; None: half the standard error of the first
        classifier's training error.
    eta0 : float, default=2.0
        Step size of the multipliers' logits is ``eta0 / B``.
    random_state : int, RandomState or None, default=None
        Keys the per-row coins of ``predict``.

    Attributes
    ----------
    predictors_ : list of fitted classifiers
    weights_ : ndarray, weight of each predictor in the mixture (sums to 1)
    lambda_ : ndarray, multipliers certifying the mixture (2K: ``gamma <= bound``, then
        ``-gamma <= bound``)
    n_iter_ : int
    best_gap_ : float, duality gap of the returned mixture
    classes_ : ndarray of the two labels

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from fairkit.datasets import make_hiring
    >>> data = make_hiring(2000, random_state=0)
    >>> X = data.X.drop(columns="gender").astype(float)
    >>> eg = ExponentiatedGradient(LogisticRegression(), constraints="demographic_parity",
    ...                            random_state=0)
    >>> eg.fit(X, data.y, sensitive_features=data.sensitive).predict(X).shape
    (2000,)
    """

    def __init__(
        self,
        estimator,
        *,
        constraints="demographic_parity",
        eps: float = 0.01,
        max_iter: int = 50,
        nu: float | None = None,
        eta0: float = 2.0,
        random_state=None,
    ) -> None:
        self.estimator = estimator
        self.constraints = constraints
        self.eps = eps
        self.max_iter = max_iter
        self.nu = nu
        self.eta0 = eta0
        self.random_state = random_state

    def fit(self, X, y, *, sensitive_features) -> ExponentiatedGradient:
        """Find the mixture; ``sensitive_features`` as :mod:`fairkit.metrics` takes them."""
        name = type(self).__name__
        if not (hasattr(self.estimator, "fit") and hasattr(self.estimator, "predict")):
            raise ValueError(E.RED_NOT_CLASSIFIER.format(estimator=type(self.estimator).__name__))
        check_accepts_sample_weight(self.estimator, who=name)
        for param in ("eps", "eta0", "max_iter"):
            value = getattr(self, param)
            if not (isinstance(value, (int, float, np.number)) and value > 0):
                raise ValueError(E.RED_BAD_EPS.format(name=name, param=param, value=value))
        constraint = as_constraint(self.constraints)
        # Checked for shape, sparsity and finiteness only: the original X (a DataFrame with
        # categorical columns, say) goes to the estimator, which decides what else it accepts.
        X_checked = validate_data(self, X, dtype=_dtype(X))
        check_consistent_length(X, y)
        self.classes_, y01 = binary_target(y, who=name)
        # A list of rows is compared as rows (check_groups alone reads a list as columns).
        groups = check_groups(
            X if isinstance(X, (pd.DataFrame, pd.Series)) else X_checked, sensitive_features
        )
        moments = constraint._load(y01, groups)
        self._hash_key = int(check_random_state(self.random_state).randint(0, 2**63 - 1))
        search = _Search(self.estimator, X, y01, moments, 1.0 / self.eps)
        self._run(search)
        return self

    def _run(self, search: _Search) -> None:
        bound = search.moments.bound()
        theta = np.zeros_like(bound)
        eta = self.eta0 / search.B
        nu = self.nu
        best = (np.inf, None, None)
        for t in range(self.max_iter):
            lam = search.B * np.exp(theta) / (1.0 + np.exp(theta).sum())
            j = search.best_response(lam)
            if nu is None:
                miss = np.abs(search.preds[j] - search.y)
                nu = _NU_SCALE * miss.std() / np.sqrt(len(search.y))
            q, lam_lp = search.solve_lp()
            gap = search.gap(q, lam_lp, nu)
            if gap <= best[0]:
                best = (gap, q, lam_lp)
            if gap < nu and t >= _MIN_ITER:
                break
            theta = theta + eta * (search.gammas[j] - bound)
        self.n_iter_ = t + 1
        self.best_gap_, q, self.lambda_ = best
        self.predictors_ = search.hs
        self.weights_ = np.zeros(len(search.hs))
        self.weights_[: len(q)] = q
        self.nu_ = nu

    def _positive_probability(self, X) -> np.ndarray:
        check_is_fitted(self, "predictors_")
        validate_data(self, X, dtype=_dtype(X), reset=False)
        p = np.zeros(_num_samples(X))
        for h, w in zip(self.predictors_, self.weights_, strict=True):
            if w > 0:
                p += w * np.asarray(h.predict(X), dtype=float)
        return np.clip(p, 0.0, 1.0)

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each class under the mixture (columns ordered as ``classes_``)."""
        p = self._positive_probability(X)
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        """The mixture's decisions, one keyed coin per row (deterministic; see the class)."""
        p = self._positive_probability(X)
        positive = p >= 1.0
        mixed = np.flatnonzero((p > 0.0) & (p < 1.0))
        if len(mixed):  # a row's coin depends on that row alone, so only these need hashing
            rows = X.iloc[mixed] if isinstance(X, pd.DataFrame) else np.asarray(X)[mixed]
            positive[mixed] = _row_uniforms(rows, self._hash_key) < p[mixed]
        return self.classes_[positive.astype(np.intp)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        tags.classifier_tags.multi_class = False
        return tags
