"""Two privacy attacks, to show what differential privacy defends against.

* ``membership_inference``: the loss-threshold attack of Yeom, Giacomelli, Fredrikson & Jha,
  "Privacy risk in machine learning: analyzing the connection to overfitting", CSF 2018. A
  row whose loss under the model is low is guessed to be a training member. The advantage
  ``TPR - FPR`` of the best threshold is at most ``exp(ε) - 1`` (and ``<= 1``) for an ε-DP model.
* ``differencing_attack``: two exact aggregates over data sets that differ in one person
  (all rows, all rows but the target) give that person's value exactly, the textbook reason
  aggregates are not private (Dwork & Roth 2014, section 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve

from fairkit.privacy import _audit_errors as err

__all__ = ["MembershipInference", "differencing_attack", "membership_inference"]


@dataclass(frozen=True)
class MembershipInference:
    """``advantage`` = max over thresholds of TPR - FPR; ``auc`` of the negative loss."""

    advantage: float
    auc: float
    threshold: float


def _log_loss(model, X, y) -> np.ndarray:
    if not hasattr(model, "predict_proba"):
        raise TypeError(err.ATTACK_NO_PROBA.format(type=type(model).__name__))
    proba = np.asarray(model.predict_proba(X))
    index = np.searchsorted(model.classes_, np.asarray(y))
    p = proba[np.arange(len(index)), index]
    return -np.log(np.clip(p, 1e-300, 1.0))


def membership_inference(model, X_in, y_in, X_out, y_out) -> MembershipInference:
    """Loss-threshold membership inference (Yeom et al. 2018) against a fitted classifier.

    Parameters
    ----------
    model : fitted classifier with ``predict_proba`` and ``classes_``
    X_in, y_in : rows the model was trained on (members)
    X_out, y_out : rows from the same distribution it never saw (non-members)

    Returns
    -------
    MembershipInference
        ``advantage`` in [0, 1] (0: no better than a coin); ``auc`` (0.5: no signal);
        ``threshold``: the loss below which the best rule says "member". The threshold is
        chosen on the same rows it is scored on, so the advantage is optimistic by sampling
        noise of order ``1 / sqrt(n)``.

    Examples
    --------
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(400, 3)), rng.integers(0, 2, 400)
    >>> tree = DecisionTreeClassifier(random_state=0).fit(X[:200], y[:200])
    >>> membership_inference(tree, X[:200], y[:200], X[200:], y[200:]).advantage > 0.4
    True
    """
    loss_in, loss_out = _log_loss(model, X_in, y_in), _log_loss(model, X_out, y_out)
    member = np.r_[np.ones(len(loss_in)), np.zeros(len(loss_out))]
    score = -np.r_[loss_in, loss_out]
    fpr, tpr, thresholds = roc_curve(member, score)
    best = int(np.argmax(tpr - fpr))
    # roc_curve says "member" when -loss >= threshold; + 0.0 turns -0.0 into 0.0
    threshold = float(-thresholds[best]) + 0.0 if np.isfinite(thresholds[best]) else -np.inf
    return MembershipInference(
        advantage=float(max(tpr[best] - fpr[best], 0.0)),
        auc=float(roc_auc_score(member, score)),
        threshold=threshold,
    )


def differencing_attack(query: Callable[[np.ndarray], float], data, target: int) -> float:
    """The target's value from ``query(data) - query(data without the target's row)``.

    ``query`` is a sum-like release (a count of a condition, a sum): an exact one gives the
    target's contribution exactly; a DP one (e.g. ``fairkit.privacy.dp_count``) gives it plus
    the difference of two noises, of the order of the noise scale.

    Examples
    --------
    >>> has_condition = np.array([1, 0, 1, 1, 0])
    >>> differencing_attack(lambda d: float(np.sum(d)), has_condition, target=2)
    1.0
    """
    data = np.asarray(data)
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)):
        raise ValueError(err.ATTACK_TARGET.format(n=len(data), value=target))
    if not 0 <= target < len(data):
        raise ValueError(err.ATTACK_TARGET.format(n=len(data), value=target))
    rest = np.delete(data, target, axis=0)
    try:
        return float(query(data)) - float(query(rest))
    except Exception as error:  # the query is the caller's code: any failure is theirs
        raise ValueError(err.ATTACK_BAD_QUERY.format(error=error)) from error
