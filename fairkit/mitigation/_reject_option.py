"""Reject-option classification (Kamiran, Karim & Zhang 2012): near the decision boundary,
decide for the deprived group and against the favoured one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from fairkit.mitigation import _errors as E
from fairkit.mitigation._roc_hull import CONSTRAINTS
from fairkit.mitigation._thresholds import estimator_scores, group_codes_like
from fairkit.mitigation._unprocessing import prepare
from fairkit.mitigation._validation import check_groups

__all__ = ["RejectOptionClassifier"]


def _violations(pos: np.ndarray, n_gl: np.ndarray, constraint: str) -> np.ndarray:
    """Constraint violation per candidate from positive-decision counts ``pos[k, g, label]``."""
    rates = {
        "selection_rate": pos.sum(axis=2) / n_gl.sum(axis=1),
        "tpr": pos[:, :, 1] / np.maximum(n_gl[:, 1], 1),
        "fpr": pos[:, :, 0] / np.maximum(n_gl[:, 0], 1),
    }
    return np.max([np.ptp(rates[m], axis=1) for m in CONSTRAINTS[constraint]], axis=0)


class RejectOptionClassifier(ClassifierMixin, BaseEstimator):
    """Flip the decisions closest to the boundary in favour of the deprived group(s).

    Kamiran, Karim & Zhang (2012, "Decision theory for discrimination-aware classification"):
    rows whose score lies in the *critical region* ``|score - threshold| <= margin`` are the
    ones the classifier is least sure about; there the deprived group gets the favourable
    decision (1) and the favoured group the unfavourable one (0); elsewhere the classifier
    decides. With ``margin=None`` the smallest margin whose decisions on the training data
    have a constraint violation (max minus min across groups of the selection rate, TPR, or
    TPR and FPR) of at most ``max_violation`` is chosen exactly (every margin at which a
    decision changes is tried); if none does, the margin with the smallest violation.

    Parameters
    ----------
    estimator : classifier with ``predict_proba`` (or ``decision_function``), default=None
        None fits a ``LogisticRegression()``.
    constraint : {"demographic_parity", "equal_opportunity", "equalized_odds"}
        What ``max_violation`` measures when the margin is searched.
    max_violation : float, default=0.01
    margin : float in [0, 0.5] or None, default=None
        Half-width of the critical region, in score units.
    deprived : group label, list of labels, or None
        The groups favoured in the critical region; None = the groups whose selection rate
        under the plain classifier on the training data is below the overall rate.
    threshold : float, default=0.5
        The plain classifier's cut-off.
    prefit : bool, default=False

    Attributes
    ----------
    estimator_, margin_, deprived_ (list of group labels), violation_ (on the fit data),
    groups_, classes_.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = np.array([[0.], [1.], [2.], [3.], [4.], [5.]] * 2)
    >>> y = np.array([0, 0, 0, 1, 1, 1] * 2)
    >>> a = np.array(["f"] * 6 + ["m"] * 6)
    >>> roc = RejectOptionClassifier(LogisticRegression(), margin=0.5, deprived="f")
    >>> roc.fit(X, y, sensitive_features=a).predict(X, sensitive_features=a).tolist()
    [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    """

    def __init__(
        self,
        estimator: Any = None,
        *,
        constraint: str = "demographic_parity",
        max_violation: float = 0.01,
        margin: float | None = None,
        deprived: Any = None,
        threshold: float = 0.5,
        prefit: bool = False,
    ):
        self.estimator = estimator
        self.constraint = constraint
        self.max_violation = max_violation
        self.margin = margin
        self.deprived = deprived
        self.threshold = threshold
        self.prefit = prefit

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # decisions are 0/1: y must be binary
        return tags

    def fit(self, X: Any, y: Any, *, sensitive_features: Any) -> RejectOptionClassifier:
        """Fit the classifier (unless ``prefit``), find the deprived groups and the margin."""
        if self.margin is not None and not (
            isinstance(self.margin, (int, float)) and 0 <= self.margin <= 0.5
        ):
            raise ValueError(E.POST_BAD_MARGIN.format(value=self.margin))
        if self.estimator is None:
            from sklearn.linear_model import LogisticRegression

            base = LogisticRegression()
        else:
            base = self.estimator
        check_groups(X, sensitive_features)  # rows aligned before the classifier is fitted
        if self.prefit:
            check_is_fitted(base)
            self.estimator_ = base
        else:
            self.estimator_ = clone(base).fit(X, y)
        scores = estimator_scores(self.estimator_, X, who="RejectOptionClassifier")
        s, yy, groups = prepare(
            scores, y, sensitive_features, self.constraint, who="RejectOptionClassifier"
        )
        self.classes_ = np.array([0, 1])
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        self.groups_ = groups.index
        plain = (s >= self.threshold).astype(np.int64)
        self._deprived_mask = self._find_deprived(groups, plain)
        self.deprived_ = list(groups.index[self._deprived_mask])
        self.margin_, self.violation_ = self._search(s, yy, groups.codes, plain)
        return self

    def _find_deprived(self, groups, plain: np.ndarray) -> np.ndarray:
        if self.deprived is None:
            sel = np.bincount(groups.codes, weights=plain, minlength=groups.n_groups)
            sel = sel / np.bincount(groups.codes, minlength=groups.n_groups)
            return sel < plain.mean()
        wanted = self.deprived
        if np.ndim(wanted) == 0 or isinstance(wanted, tuple):
            wanted = [wanted]
        pos = groups.index.get_indexer(pd.Index(list(wanted), tupleize_cols=False))
        if (pos < 0).any():
            missing = [w for w, p in zip(wanted, pos, strict=True) if p < 0]
            raise ValueError(
                E.POST_DEPRIVED_UNKNOWN.format(missing=missing, groups=list(groups.index))
            )
        mask = np.zeros(groups.n_groups, dtype=bool)
        mask[pos] = True
        return mask

    def _search(self, s, y, codes, plain) -> tuple[float, float]:
        """Exact scan: rows enter the critical region in order of |score - threshold|."""
        n_groups = len(self._deprived_mask)
        n_gl = np.zeros((n_groups, 2))
        np.add.at(n_gl, (codes, y), 1)
        dist = np.abs(s - self.threshold)
        order = np.argsort(dist, kind="stable")
        # a row entering the region changes its decision to 1 (deprived) or 0 (favoured)
        change = self._deprived_mask[codes].astype(np.int64) - plain
        delta = np.zeros((len(s) + 1, n_groups, 2))
        delta[np.arange(1, len(s) + 1), codes[order], y[order]] = change[order]
        base = np.zeros((n_groups, 2))
        np.add.at(base, (codes, y), plain)
        pos = base + np.cumsum(delta, axis=0)  # pos[k]: the k closest rows are in the region
        margins = np.r_[0.0, dist[order]]
        # only the last of rows tied in distance is a reachable region
        last = np.r_[np.diff(margins) != 0, True]
        viol = _violations(pos, n_gl, self.constraint)
        if self.margin is not None:
            k = int(np.searchsorted(margins, self.margin, side="right")) - 1
            return float(self.margin), float(viol[k])
        ok = np.flatnonzero(last & (viol <= self.max_violation + 1e-12) & (margins <= 0.5))
        k = int(ok[0]) if len(ok) else int(np.flatnonzero(last)[np.argmin(viol[last])])
        return float(margins[k]), float(viol[k])

    def predict(self, X: Any, *, sensitive_features: Any) -> np.ndarray:
        """0/1 decisions: the classifier's, except in the critical region."""
        check_is_fitted(self, "margin_")
        s = estimator_scores(self.estimator_, X, who="RejectOptionClassifier")
        codes = group_codes_like(self.groups_, X, sensitive_features, who="RejectOptionClassifier")
        out = (s >= self.threshold).astype(np.int64)
        region = np.abs(s - self.threshold) <= self.margin_
        out[region] = self._deprived_mask[codes[region]].astype(np.int64)
        return out
