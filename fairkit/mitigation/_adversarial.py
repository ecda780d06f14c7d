"""Adversarial debiasing (Zhang, Lemoine & Mitchell 2018) as a scikit-learn classifier."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, check_random_state, validate_data

from fairkit.mitigation import _errors as E
from fairkit.mitigation._adversarial_step import (
    CONSTRAINTS,
    _forward,
    adversarial_debiasing_step,
    gradients,
)
from fairkit.mitigation._validation import check_groups, check_labels_in_groups, check_option

__all__ = ["AdversarialDebiasing"]


def _check_positive(name: str, value: Any, kind: type, label: str) -> None:
    if isinstance(value, bool) or not isinstance(value, kind) or not value > 0:
        raise ValueError(E.ADV_POSITIVE.format(name=name, kind=label, value=value))


class AdversarialDebiasing(ClassifierMixin, BaseEstimator):
    """A classifier trained against an adversary that tries to recover the sensitive attribute.

    Zhang, Lemoine & Mitchell (2018), "Mitigating Unwanted Biases with Adversarial Learning".
    The predictor (logistic regression, or one tanh hidden layer of ``hidden_units``) is
    trained by mini-batch gradient descent; an adversary (a logistic model) predicts the
    binary sensitive attribute from the predictor's output ``s = sigmoid((1 + |c|) logit)``:

    - ``constraint="demographic_parity"``: the adversary sees ``s`` only; a predictor it
      cannot read the group from has equal selection rates (demographic parity);
    - ``constraint="equalized_odds"``: it also sees ``s * y`` and ``s * (1 - y)``; a predictor
      it cannot read given the label has equal TPR and FPR (equalized odds).

    Each step moves the predictor against ``g_P - proj(g_P on g_A) - adversary_weight * g_A``
    (the paper's projection term; see :func:`adversarial_debiasing_step`, which does one
    step) and the adversary down its own gradient. Gradients are written by hand in NumPy.
    Features are standardised internally with the training mean and standard deviation, so
    one learning rate suits every column. Training is seeded by ``random_state`` (initial
    weights and batch order); ``predict`` is deterministic.

    Parameters
    ----------
    hidden_units : int or None
        None: a logistic predictor; an int: one tanh hidden layer of that many units.
    adversary_weight : float
        alpha of the paper; 0 keeps only the projection term.
    constraint : {"demographic_parity", "equalized_odds"}
    n_epochs, batch_size : int
    learning_rate : float
        Step size of the predictor's plain gradient descent.
    adversary_learning_rate : float or None
        Step size of the adversary's; None: ``10 * learning_rate``. The adversary must keep up
        with the predictor: with equal steps it lags, the predictor overshoots, and the pair
        cycles (on ``make_hiring`` the final demographic parity gap ranged from 0.07 to 2.2
        times the unconstrained one over six seeds; with 10 times the step, 0.01 to 0.28).
        The paper's and AIF360's implementations get the same effect from Adam's
        per-parameter step sizes.
    random_state : int, RandomState or None

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The labels; ``classes_[1]`` is the favourable outcome ``y == 1`` of the paper.
    predictor_, adversary_ : dict
        Learned parameters (on standardised features), in the form
        :func:`adversarial_debiasing_step` takes.
    groups_ : ndarray of shape (2,)
        The two groups; the adversary predicts ``z = (group == groups_[1])``.
    predictor_loss_, adversary_loss_ : ndarray of shape (n_epochs,)
        Mean batch losses per epoch (the adversary's stays near its base rate's when
        debiasing works).

    Notes
    -----
    ``sensitive_features`` must hold exactly two groups (one column or several giving two
    intersectional groups); for more groups fit one model per pairing or merge groups.
    Without ``sensitive_features`` the same predictor is trained with no adversary: the
    unconstrained baseline, by the same optimiser.

    Examples
    --------
    >>> from fairkit.datasets import make_hiring
    >>> from fairkit.metrics import demographic_parity_difference
    >>> data = make_hiring(2000, random_state=0).frame
    >>> X = data[["test_score", "interview_score", "club_member"]]
    >>> y, g = data["hired"], data["gender"]
    >>> for groups in (None, g):  # without and with the adversary
    ...     model = AdversarialDebiasing(n_epochs=5, learning_rate=0.05, random_state=0)
    ...     pred = model.fit(X, y, sensitive_features=groups).predict(X)
    ...     print(round(demographic_parity_difference(y, pred, sensitive_features=g), 3))
    0.108
    0.025
    """

    def __init__(
        self,
        *,
        hidden_units: int | None = None,
        adversary_weight: float = 1.0,
        constraint: str = "demographic_parity",
        n_epochs: int = 50,
        batch_size: int = 128,
        learning_rate: float = 0.01,
        adversary_learning_rate: float | None = None,
        random_state=None,
    ):
        self.hidden_units = hidden_units
        self.adversary_weight = adversary_weight
        self.constraint = constraint
        self.n_epochs = n_epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.adversary_learning_rate = adversary_learning_rate
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # the paper's setting: a binary decision
        return tags

    def _check_options(self) -> None:
        check_option("constraint", self.constraint, CONSTRAINTS)
        if self.hidden_units is not None:
            _check_positive("hidden_units", self.hidden_units, numbers.Integral, "int or None")
        _check_positive("n_epochs", self.n_epochs, numbers.Integral, "int")
        _check_positive("batch_size", self.batch_size, numbers.Integral, "int")
        _check_positive("learning_rate", self.learning_rate, numbers.Real, "number")
        if self.adversary_learning_rate is not None:
            _check_positive(
                "adversary_learning_rate", self.adversary_learning_rate, numbers.Real, "number"
            )
        if isinstance(self.adversary_weight, bool) or not (
            isinstance(self.adversary_weight, numbers.Real) and self.adversary_weight >= 0
        ):
            raise ValueError(
                E.ADV_POSITIVE.format(
                    name="adversary_weight", kind="number or 0", value=self.adversary_weight
                )
            )

    def _init_parameters(self, d: int, rng: np.random.RandomState) -> dict[str, Any]:
        if self.hidden_units is None:
            return {"w": rng.normal(0.0, 0.1, d), "b": 0.0}
        k = int(self.hidden_units)
        return {
            "W1": rng.normal(0.0, np.sqrt(1.0 / d), (d, k)),
            "b1": np.zeros(k),
            "w": rng.normal(0.0, np.sqrt(1.0 / k), k),
            "b": 0.0,
        }

    def fit(self, X, y, *, sensitive_features=None) -> AdversarialDebiasing:
        """Train predictor and adversary; ``sensitive_features`` None trains no adversary."""
        self._check_options()
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(
                E.ADV_NOT_TWO_CLASSES.format(
                    count=len(self.classes_), classes=self.classes_[:5].tolist()
                )
            )
        target = (y == self.classes_[1]).astype(float)
        z = None
        if sensitive_features is not None:
            groups = check_groups(X, sensitive_features)
            if groups.n_groups != 2:
                shown = [str(g) for g in list(groups.index)[:5]]
                raise ValueError(
                    E.ADV_NOT_BINARY_GROUPS.format(count=groups.n_groups, groups=shown)
                )
            if self.constraint == "equalized_odds":
                check_labels_in_groups(
                    groups,
                    target.astype(np.int64),
                    need=(0, 1),
                    why="equalized odds compares the groups within each label",
                )
            self.groups_ = np.asarray(list(groups.index), dtype=object)
            z = groups.codes.astype(float)
        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        Xs = (X - self.mean_) / self.scale_
        rng = check_random_state(self.random_state)
        predictor = self._init_parameters(X.shape[1], rng)
        n_u = 3 if self.constraint == "equalized_odds" else 1
        adversary = {"u": rng.normal(0.0, 0.1, n_u), "b": 0.0, "c": 1.0}
        loss_p, loss_a = np.zeros(self.n_epochs), np.zeros(self.n_epochs)
        n, size = len(target), int(self.batch_size)
        adv_rate = float(
            10 * self.learning_rate
            if self.adversary_learning_rate is None
            else self.adversary_learning_rate
        )
        for epoch in range(self.n_epochs):
            order = rng.permutation(n)
            batches = [order[i : i + size] for i in range(0, n, size)]
            for rows in batches:
                if z is None:
                    predictor, lp = _plain_step(
                        predictor, Xs[rows], target[rows], self.learning_rate
                    )
                    la = np.nan
                else:
                    predictor, adversary, lp, la = adversarial_debiasing_step(
                        predictor,
                        adversary,
                        Xs[rows],
                        target[rows],
                        z[rows],
                        adversary_weight=float(self.adversary_weight),
                        learning_rate=float(self.learning_rate),
                        constraint=self.constraint,
                        adversary_learning_rate=adv_rate,
                    )
                loss_p[epoch] += lp * len(rows) / n
                loss_a[epoch] += la * len(rows) / n
        self.predictor_, self.adversary_ = predictor, adversary
        self.predictor_loss_, self.adversary_loss_ = loss_p, loss_a
        return self

    def decision_function(self, X) -> np.ndarray:
        """The predictor's logit for each row (positive: predicted ``classes_[1]``)."""
        check_is_fitted(self, "predictor_")
        X = validate_data(self, X, reset=False)
        return _forward(self.predictor_, (X - self.mean_) / self.scale_)[0]

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of ``classes_[0]`` and ``classes_[1]``, shape (n, 2)."""
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        """``classes_[1]`` where the predicted probability exceeds 0.5 (deterministic)."""
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]


def _plain_step(predictor: dict, X: np.ndarray, y: np.ndarray, learning_rate: float):
    """A gradient step on the predictor's log loss alone (the unconstrained baseline)."""
    none = {"u": np.zeros(1), "b": 0.0, "c": 1.0}
    g_p = gradients(predictor, none, X, y, np.zeros(len(y)))[0]
    logit = _forward(predictor, X)[0]
    loss = float(np.mean(np.logaddexp(0.0, logit) - y * logit))
    new = {k: predictor[k] - learning_rate * g_p[k] for k in predictor}
    return new, loss
