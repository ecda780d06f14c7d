"""One update of adversarial debiasing (Zhang, Lemoine & Mitchell 2018), gradients by hand.

The predictor maps ``X`` to a logit (logistic: ``X @ w + b``; one hidden layer:
``tanh(X @ W1 + b1) @ w + b``). The adversary sees ``s = sigmoid((1 + |c|) * logit)`` (and,
for equalized odds, ``s * y`` and ``s * (1 - y)``) and predicts the sensitive attribute ``z``
with a logistic model ``sigmoid(features @ u + b)``. Both losses are mean log losses.

The predictor's parameters theta (all of them, as one flat vector) move against

    grad_theta L_P - proj_h(grad_theta L_P) - alpha * grad_theta L_A,

with ``h = grad_theta L_A / ||grad_theta L_A||`` and ``proj_h(g) = (g . h) h``: the
projection term removes the part of the predictor's step that would help the adversary, and
the last term pushes the predictor to hurt it. The adversary's parameters ``u, b, c`` take a
plain gradient step on ``L_A``. Both gradients are taken at the old parameters.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from scipy.special import expit

from fairkit.mitigation import _errors as E
from fairkit.mitigation._validation import check_option

__all__ = ["AdversarialStep", "adversarial_debiasing_step", "gradients", "losses"]

CONSTRAINTS = ("demographic_parity", "equalized_odds")
_PREDICTOR_KEYS = (("w",), ("w", "b"), ("W1", "b1", "w", "b"))
_ADVERSARY_KEYS = ("u", "b", "c")
_EPS = 1e-12  # keeps the projection defined when the adversary's gradient vanishes


class AdversarialStep(NamedTuple):
    """Result of :func:`adversarial_debiasing_step`: new parameters and the old losses."""

    predictor: dict[str, Any]
    adversary: dict[str, Any]
    predictor_loss: float
    adversary_loss: float


def _log_loss(target: np.ndarray, logit: np.ndarray) -> float:
    # log(1 + e^x) - t x, computed without overflow
    return float(np.mean(np.logaddexp(0.0, logit) - target * logit))


def _forward(predictor: dict, X: np.ndarray):
    if "W1" in predictor:
        hidden = np.tanh(X @ predictor["W1"] + predictor["b1"])
        return hidden @ predictor["w"] + predictor["b"], hidden
    return X @ predictor["w"] + predictor.get("b", 0.0), None


def _adversary_features(s: np.ndarray, y: np.ndarray, constraint: str) -> np.ndarray:
    if constraint == "equalized_odds":
        return np.column_stack([s, s * y, s * (1.0 - y)])
    return s[:, None]


def _check_parameters(predictor: dict, adversary: dict, constraint: str) -> None:
    check_option("constraint", constraint, CONSTRAINTS)
    if sorted(predictor) not in [sorted(keys) for keys in _PREDICTOR_KEYS]:
        raise ValueError(E.ADV_PREDICTOR_KEYS.format(got=sorted(predictor)))
    if sorted(adversary) != sorted(_ADVERSARY_KEYS):
        raise ValueError(E.ADV_ADVERSARY_KEYS.format(got=sorted(adversary)))
    need = 3 if constraint == "equalized_odds" else 1
    if np.size(adversary["u"]) != need:
        raise ValueError(
            E.ADV_ADVERSARY_SIZE.format(
                need=need, constraint=constraint, got=np.size(adversary["u"])
            )
        )


def losses(predictor, adversary, X, y, z, *, constraint="demographic_parity"):
    """The predictor's and the adversary's mean log losses, ``(L_P, L_A)``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0]]); y = np.array([0.0, 1.0]); z = np.array([0.0, 1.0])
    >>> pred = {"w": np.zeros(1), "b": 0.0}; adv = {"u": np.zeros(1), "b": 0.0, "c": 1.0}
    >>> [round(v, 4) for v in losses(pred, adv, X, y, z)]
    [0.6931, 0.6931]
    """
    logit, _ = _forward(predictor, X)
    s = expit((1.0 + abs(adversary["c"])) * logit)
    a = _adversary_features(s, y, constraint) @ np.ravel(adversary["u"]) + adversary["b"]
    return _log_loss(y, logit), _log_loss(z, a)


def gradients(predictor, adversary, X, y, z, *, constraint="demographic_parity"):
    """Gradients of both losses: ``(dL_P/dtheta, dL_A/dtheta, dL_A/dphi)`` as dicts.

    theta are the predictor's parameters (keys of ``predictor``), phi the adversary's
    (``u``, ``b``, ``c``); every gradient has the shape of its parameter.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0]]); y = np.array([0.0, 1.0]); z = np.array([0.0, 1.0])
    >>> pred = {"w": np.zeros(1), "b": 0.0}; adv = {"u": np.ones(1), "b": 0.0, "c": 1.0}
    >>> float(gradients(pred, adv, X, y, z)[0]["w"][0])
    -0.25
    """
    n = len(y)
    logit, hidden = _forward(predictor, X)
    scale = 1.0 + abs(adversary["c"])
    s = expit(scale * logit)
    u = np.ravel(adversary["u"]).astype(float)
    features = _adversary_features(s, y, constraint)
    d_a = (expit(features @ u + adversary["b"]) - z) / n  # dL_A / d(adversary logit)
    # d(adversary logit) / ds, per row: u0 (+ u1 y + u2 (1 - y) for equalized odds)
    d_s = u[0] + (u[1] * y + u[2] * (1.0 - y) if constraint == "equalized_odds" else 0.0)
    ds_dlogit = s * (1.0 - s)
    d_adv = {
        "u": features.T @ d_a,
        "b": float(np.sum(d_a)),
        "c": float(np.sum(d_a * d_s * ds_dlogit * logit) * np.sign(adversary["c"])),
    }
    if np.ndim(adversary["u"]) == 0:
        d_adv["u"] = float(d_adv["u"][0])
    d_logit_p = (expit(logit) - y) / n
    d_logit_a = d_a * d_s * ds_dlogit * scale
    return _back(predictor, X, hidden, d_logit_p), _back(predictor, X, hidden, d_logit_a), d_adv


def _back(predictor: dict, X: np.ndarray, hidden, d_logit: np.ndarray) -> dict[str, Any]:
    if hidden is None:
        grads = {"w": X.T @ d_logit, "b": float(np.sum(d_logit))}
        return {key: grads[key] for key in predictor}  # no "b": the intercept is a column of X
    d_pre = np.outer(d_logit, predictor["w"]) * (1.0 - hidden**2)
    return {
        "W1": X.T @ d_pre,
        "b1": d_pre.sum(axis=0),
        "w": hidden.T @ d_logit,
        "b": float(np.sum(d_logit)),
    }


def _flat(grads: dict, keys) -> np.ndarray:
    return np.concatenate([np.ravel(grads[k]) for k in keys])


def adversarial_debiasing_step(
    predictor: dict[str, Any],
    adversary: dict[str, Any],
    X: np.ndarray,
    y: np.ndarray,
    z: np.ndarray,
    *,
    adversary_weight: float = 1.0,
    learning_rate: float = 0.01,
    constraint: str = "demographic_parity",
    adversary_learning_rate: float | None = None,
) -> AdversarialStep:
    """One gradient step of adversarial debiasing on a batch, with the projection term.

    Parameters
    ----------
    predictor : dict
        ``{"w": (d,), "b": float}`` (logistic; ``{"w": (d,)}`` alone when the intercept is a
        column of ``X``, as in the course's exercise) or ``{"W1": (d, k), "b1": (k,), "w": (k,),
        "b": float}`` (one tanh hidden layer of ``k`` units).
    adversary : dict
        ``{"u": (1,) or (3,), "b": float, "c": float}``: weights on ``s`` (and ``s*y``,
        ``s*(1-y)`` for equalized odds), intercept, and the scale ``c`` of
        ``s = sigmoid((1 + |c|) * logit)``.
    X, y, z : arrays
        The batch: features ``(n, d)``, labels 0/1, sensitive attribute 0/1.
    adversary_weight : float
        alpha in the predictor's update ``g_P - proj_h(g_P) - alpha * g_A``.
    learning_rate : float
        Step size of the predictor's update (plain gradient descent).
    constraint : {"demographic_parity", "equalized_odds"}
        Whether the adversary also sees the label (equalized odds).
    adversary_learning_rate : float or None
        Step size of the adversary's update; None: ``learning_rate``.

    Returns
    -------
    AdversarialStep
        ``predictor`` and ``adversary`` (new dicts; the inputs are not changed), and the
        losses ``predictor_loss``, ``adversary_loss`` at the old parameters.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0]]); y = np.array([0.0, 1.0]); z = np.array([0.0, 1.0])
    >>> pred = {"w": np.zeros(1), "b": 0.0}; adv = {"u": np.ones(1), "b": 0.0, "c": 1.0}
    >>> step = adversarial_debiasing_step(pred, adv, X, y, z, learning_rate=1.0)
    >>> round(float(step.predictor["w"][0]), 4), round(step.adversary_loss, 4)
    (-0.0203, 0.7241)
    """
    _check_parameters(predictor, adversary, constraint)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    loss_p, loss_a = losses(predictor, adversary, X, y, z, constraint=constraint)
    g_p, g_a, g_adv = gradients(predictor, adversary, X, y, z, constraint=constraint)
    keys = list(predictor)
    flat_p, flat_a = _flat(g_p, keys), _flat(g_a, keys)
    unit = flat_a / (np.linalg.norm(flat_a) + _EPS)
    direction = flat_p - (flat_p @ unit) * unit - adversary_weight * flat_a
    new_predictor, start = {}, 0
    for key in keys:
        value = predictor[key]
        size = np.size(value)
        step = direction[start : start + size].reshape(np.shape(value))
        new = np.asarray(value, dtype=float) - learning_rate * step
        new_predictor[key] = float(new) if np.ndim(value) == 0 else new
        start += size
    adv_rate = learning_rate if adversary_learning_rate is None else adversary_learning_rate
    new_adversary = {
        key: (
            float(adversary[key] - adv_rate * g_adv[key])
            if np.ndim(adversary[key]) == 0
            else np.asarray(adversary[key], dtype=float) - adv_rate * g_adv[key]
        )
        for key in _ADVERSARY_KEYS
    }
    return AdversarialStep(new_predictor, new_adversary, loss_p, loss_a)
