"""References of m06-fair-training (grading host only), and the known-wrong variants.

q6 and q7 are judged against :func:`fairkit.mitigation.adversarial_debiasing_step` (and the
gradients it uses); the others against the NumPy formulas of the prompts, written here once
with a ``how`` switch that gives each typical mistake.

Conventions of every question: ``X`` holds a last column of ones (the intercept), ``w`` one
weight per column, ``z`` the 0/1 sensitive attribute; vectors are returned as a pandas
Series indexed by position (0, 1, ...), which arrives here as a dict ``{"0": ..., "1": ...}``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from fairkit.mitigation._adversarial_step import adversarial_debiasing_step, gradients

__all__ = [
    "adversarial_step",
    "adversary_gradient",
    "dp_lagrangian",
    "dp_penalised_gradient",
    "dp_penalised_loss",
    "pareto_front",
    "randomized_violation",
]


def _by_position(values) -> dict[str, float]:
    return {str(i): float(v) for i, v in enumerate(np.ravel(values))}


# -- q1, q2: the demographic-parity-penalised logistic loss ------------------------------------
def dp_penalised_loss(X, y, z, w, *, lam, how: str = "") -> float:
    X, y, z, w = (np.asarray(a, dtype=float) for a in (X, y, z, w))
    logit = X @ w
    log_loss = np.logaddexp(0.0, logit) - y * logit
    log_loss = log_loss.sum() if how == "sum" else log_loss.mean()
    p = (logit > 0).astype(float) if how == "hard" else expit(logit)
    gap = p[z == 1].mean() - p[z == 0].mean()
    penalty = {"abs": abs(gap), "none": 0.0}.get(how, gap**2)
    return float(log_loss + lam * penalty)


def dp_penalised_gradient(X, y, z, w, *, lam, how: str = "") -> dict[str, float]:
    X, y, z, w = (np.asarray(a, dtype=float) for a in (X, y, z, w))
    n = len(y)
    p = expit(X @ w)
    grad_loss = X.T @ (p - y) / n
    gap = p[z == 1].mean() - p[z == 0].mean()
    slope = 1.0 if how == "no_sigmoid_slope" else p * (1.0 - p)
    d_gap = X.T @ (slope * (z / z.sum() - (1.0 - z) / (1.0 - z).sum()))
    factor = {"no_two": 1.0, "none": 0.0}.get(how, 2.0)
    grad = grad_loss + lam * factor * gap * d_gap
    return _by_position(-grad if how == "sign" else grad)


# -- q3: the constraint violation of a randomised classifier -------------------------------------
def randomized_violation(decisions, weights, groups, *, how: str = "") -> float:
    decisions = np.asarray(decisions, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if how == "unweighted":
        weights = np.full(len(weights), 1.0 / len(weights))
    if how == "heaviest":
        weights = (np.arange(len(weights)) == np.argmax(weights)).astype(float)
    q = decisions @ weights
    groups = np.asarray(groups)
    rates = np.array([q[groups == g].mean() for g in np.unique(groups)])
    if how == "max_min":
        return float(rates.max() - rates.min())
    gaps = rates - q.mean()
    return float(gaps.max() if how == "signed" else np.abs(gaps).max())


# -- q4: Pareto-efficient points ---------------------------------------------------------------
def pareto_front(errors, violations, *, how: str = "") -> dict[str, float]:
    e, v = np.asarray(errors, dtype=float), np.asarray(violations, dtype=float)
    flags = []
    for i in range(len(e)):
        no_worse = (e <= e[i]) & (v <= v[i])
        better = (e < e[i]) | (v < v[i])
        if how == "weak":  # any other point at least as good counts as dominating
            others = np.arange(len(e)) != i
            dominated = np.any(no_worse & others)
        elif how == "both_strict":
            dominated = np.any((e < e[i]) & (v < v[i]))
        else:
            dominated = np.any(no_worse & better)
        flags.append(0.0 if dominated else 1.0)
    flags = np.array(flags)
    if how == "inverted":
        flags = 1.0 - flags
    if how == "lowest_error":
        flags = (e == e.min()).astype(float)
    return _by_position(flags)


# -- q5: the Lagrangian of the reduction (demographic parity) -----------------------------------
def dp_lagrangian(y_true, y_prob, groups, lam_plus, lam_minus, *, eps, how: str = "") -> float:
    y, p = np.asarray(y_true, dtype=float), np.asarray(y_prob, dtype=float)
    if how == "hard":
        p = (p > 0.5).astype(float)
    error = np.mean(p * (1.0 - y) + (1.0 - p) * y)
    groups = np.asarray(groups)
    gamma = np.array([p[groups == g].mean() for g in np.unique(groups)]) - p.mean()
    lam_plus, lam_minus = np.asarray(lam_plus, float), np.asarray(lam_minus, float)
    bound = 0.0 if how == "no_eps" else eps
    minus = gamma - bound if how == "same_sign" else -gamma - bound
    return float(error + lam_plus @ (gamma - bound) + lam_minus @ minus)


# -- q6, q7: adversarial debiasing, against fairkit.mitigation ----------------------------------
def _adversary(a: float, a0: float, c: float) -> dict:
    return {"u": np.array([float(a)]), "b": float(a0), "c": float(c)}


def adversary_gradient(X, y, z, w, *, a, a0, c, how: str = "") -> dict[str, float]:
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    if how:
        return _adversary_gradient_variant(X, y, z, w, a, a0, c, how)
    _, g_a, _ = gradients({"w": w}, _adversary(a, a0, c), X, np.asarray(y, float), np.asarray(z))
    return _by_position(g_a["w"])


def _adversary_gradient_variant(X, y, z, w, a, a0, c, how: str) -> dict[str, float]:
    z = np.asarray(z, dtype=float)
    logit = X @ w
    scale = 1.0 if how == "no_scale" else 1.0 + abs(c)
    s = expit(scale * logit)
    d_a = expit(a * s + a0) - z
    slope = 1.0 if how == "no_slope" else s * (1.0 - s)
    grad = X.T @ (d_a * a * slope * scale)
    grad = grad if how == "sum" else grad / len(z)
    return _by_position(-grad if how == "sign" else grad)


def adversarial_step(X, y, z, w, *, a, a0, c, alpha, lr, how: str = "") -> dict[str, float]:
    X, y, z, w = (np.asarray(v, dtype=float) for v in (X, y, z, w))
    if not how:
        step = adversarial_debiasing_step(
            {"w": w}, _adversary(a, a0, c), X, y, z, adversary_weight=alpha, learning_rate=lr
        )
        return _by_position(step.predictor["w"])
    g_p = X.T @ (expit(X @ w) - y) / len(y)
    g_a = np.array(list(adversary_gradient(X, y, z, w, a=a, a0=a0, c=c).values()))
    h = g_a / np.linalg.norm(g_a)
    projection = (g_p @ h) * h
    direction = {
        "no_projection": g_p - alpha * g_a,
        "plus_alpha": g_p - projection + alpha * g_a,
        "unnormalised": g_p - (g_p @ g_a) * g_a - alpha * g_a,
        "plain": g_p,
        "add_projection": g_p + projection - alpha * g_a,
    }[how]
    return _by_position(w - lr * direction)
