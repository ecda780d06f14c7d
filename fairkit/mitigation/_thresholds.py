"""Hardt, Price & Srebro's post-processing: group-specific (randomised) thresholds on a score."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from fairkit.metrics._groups import factorize_groups
from fairkit.mitigation import _errors as E
from fairkit.mitigation._roc_hull import OBJECTIVES, solve_thresholds
from fairkit.mitigation._unprocessing import check_scores, prepare
from fairkit.mitigation._validation import _rows, check_groups, check_option

__all__ = ["ThresholdOptimizer"]


def estimator_scores(estimator: Any, X: Any, *, who: str) -> np.ndarray:
    """The positive-class score of a fitted classifier: predict_proba, else decision_function."""
    if hasattr(estimator, "predict_proba"):
        return check_scores(np.asarray(estimator.predict_proba(X))[:, -1])
    if hasattr(estimator, "decision_function"):
        return check_scores(estimator.decision_function(X))
    raise ValueError(E.POST_NO_SCORES.format(estimator=type(estimator).__name__, who=who))


def group_codes_like(index: pd.Index, X: Any, sensitive_features: Any, *, who: str) -> np.ndarray:
    """Codes of ``sensitive_features`` in the group order of a fitted ``index``."""
    n, got = _rows(X), _rows(sensitive_features)
    if got != n:
        raise ValueError(E.SENSITIVE_LENGTH.format(got=got, n=n))
    groups = factorize_groups(sensitive_features, n)
    mapping = index.get_indexer(groups.index)
    if (mapping < 0).any():
        label = repr(groups.index[int(np.flatnonzero(mapping < 0)[0])])
        raise ValueError(E.POST_UNSEEN_GROUP.format(group=label, who=who))
    return mapping[groups.codes]


def row_uniforms(X: Any, codes: np.ndarray, seed: int) -> np.ndarray:
    """One uniform in [0, 1) per row, a function of the row's content, group and ``seed`` only.

    So a person's randomised decision does not change with the batch they arrive in, its order,
    or a second call (Fairlearn flips fresh coins on every call, its issue #1261).
    """
    frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    h = pd.util.hash_pandas_object(frame, index=False).to_numpy(dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = h ^ np.uint64(seed) ^ (codes.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        # splitmix64 finaliser: hashes of similar rows become independent-looking uniforms
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        h = h ^ (h >> np.uint64(31))
    return (h >> np.uint64(11)).astype(np.float64) * 2.0**-53


class ThresholdOptimizer(ClassifierMixin, BaseEstimator):
    """Group-specific thresholds on a classifier's score that satisfy a fairness constraint.

    Hardt, Price & Srebro (2016, "Equality of opportunity in supervised learning"): each
    group's rule is a point of the convex hull of its ROC curve, reached by choosing at random
    between (at most a few) thresholds; the rules are chosen by a linear programme to maximise
    accuracy subject to the constraint holding exactly on the training data:

    - ``"demographic_parity"``: equal selection rates P(Y^ = 1 | A = a);
    - ``"equal_opportunity"`` (alias ``"true_positive_rate_parity"``): equal true positive
      rates;
    - ``"equalized_odds"``: equal true and false positive rates.

    Unlike Fairlearn's ThresholdOptimizer (which scans a grid of 1000 rates), the optimum is
    exact, and :meth:`predict` is deterministic once fitted: each row's coin flip is a hash of
    the row, its group and a seed drawn from ``random_state`` in :meth:`fit`, so the same
    applicant gets the same decision on every call, in any batch and any order.

    Parameters
    ----------
    estimator : classifier, default=None
        Gives the scores (``predict_proba``, else ``decision_function``); None fits a
        ``LogisticRegression()``. Rows count equally (no ``sample_weight``).
    constraints : str, default="demographic_parity"
    objective : {"accuracy", "balanced_accuracy"}, default="accuracy"
    prefit : bool, default=False
        Use ``estimator`` as fitted instead of fitting a clone on ``(X, y)``.
    random_state : int, RandomState or None
        Seeds the randomised decisions.

    Attributes
    ----------
    estimator_ : the fitted classifier.
    groups_ : pandas.Index of the groups seen in fit.
    policies_ : dict group -> DataFrame with columns threshold, weight (predict 1 with
        probability ``sum(weight[threshold <= score])``).
    rates_ : DataFrame of each group's expected selection rate, TPR and FPR on the fit data.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = np.array([[0.], [1.], [2.], [3.], [0.], [1.], [2.], [3.]])
    >>> y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    >>> to = ThresholdOptimizer(LogisticRegression(), constraints="equal_opportunity",
    ...                         random_state=0).fit(X, y, sensitive_features=list("aaaabbbb"))
    >>> to.rates_["tpr"].round(6).tolist()
    [1.0, 1.0]
    """

    def __init__(
        self,
        estimator: Any = None,
        *,
        constraints: str = "demographic_parity",
        objective: str = "accuracy",
        prefit: bool = False,
        random_state: Any = None,
    ):
        self.estimator = estimator
        self.constraints = constraints
        self.objective = objective
        self.prefit = prefit
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # decisions are 0/1: y must be binary
        return tags

    def fit(self, X: Any, y: Any, *, sensitive_features: Any) -> ThresholdOptimizer:
        """Fit the scorer (unless ``prefit``) and the per-group randomised thresholds."""
        check_option("objective", self.objective, OBJECTIVES)
        if self.estimator is None:
            from sklearn.linear_model import LogisticRegression

            base = LogisticRegression()
        else:
            base = self.estimator
        check_groups(X, sensitive_features)
        if self.prefit:
            check_is_fitted(base)
            self.estimator_ = base
        else:
            self.estimator_ = clone(base).fit(X, y)
        scores = estimator_scores(self.estimator_, X, who="ThresholdOptimizer")
        s, yy, groups = prepare(
            scores, y, sensitive_features, self.constraints, who="ThresholdOptimizer"
        )
        self.classes_ = np.array([0, 1])
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        policies = solve_thresholds(
            s, yy, groups, constraint=self.constraints, objective=self.objective
        )
        self.groups_ = groups.index
        self._policies = policies
        self.policies_ = {
            g: pd.DataFrame({"threshold": p.thresholds, "weight": p.weights})
            .loc[lambda d: d["weight"] > 0]
            .reset_index(drop=True)
            for g, p in zip(groups.index, policies, strict=True)
        }
        self.rates_ = pd.DataFrame(
            {
                "selection_rate": [p.selection_rate for p in policies],
                "tpr": [p.tpr for p in policies],
                "fpr": [p.fpr for p in policies],
            },
            index=groups.index,
        )
        rng = np.random.default_rng(
            self.random_state
            if not isinstance(self.random_state, np.random.RandomState)
            else self.random_state.randint(2**31)
        )
        self._seed = int(rng.integers(2**63 - 1))
        return self

    def _positive_probability(self, X: Any, sensitive_features: Any, *, with_codes=False):
        check_is_fitted(self, "policies_")
        scores = estimator_scores(self.estimator_, X, who="ThresholdOptimizer")
        codes = group_codes_like(self.groups_, X, sensitive_features, who="ThresholdOptimizer")
        prob = np.empty(len(scores))
        for code, policy in enumerate(self._policies):
            mask = codes == code
            prob[mask] = policy.probability(scores[mask])
        return (prob, codes) if with_codes else prob

    def predict_proba(self, X: Any, *, sensitive_features: Any) -> np.ndarray:
        """Columns P(decision 0), P(decision 1) of the randomised rule (not of the label)."""
        p = self._positive_probability(X, sensitive_features)
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any, *, sensitive_features: Any) -> np.ndarray:
        """0/1 decisions; the same for the same rows on every call (seed fixed at fit)."""
        p, codes = self._positive_probability(X, sensitive_features, with_codes=True)
        return (row_uniforms(X, codes, self._seed) < p).astype(np.int64)
