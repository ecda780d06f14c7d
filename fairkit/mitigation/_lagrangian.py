"""The two players of the reductions approach: the classifiers found so far (best responses
to the multipliers) and the linear programme over their mixtures, with the duality gap that
certifies a mixture (Agarwal et al. 2018, section 3 and their LP refinement)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog
from sklearn.base import clone
from sklearn.utils.validation import _num_samples

__all__: list[str] = []

_PROBE_SCALES = (1.0, 2.0, 5.0, 10.0)


class _Constant:
    """The best response when every row's cheaper label is the same: no fit needed."""

    def __init__(self, value: int) -> None:
        self.value = value

    def predict(self, X):
        return np.full(_num_samples(X), self.value, dtype=np.int64)

    def __repr__(self) -> str:
        return f"_Constant({self.value})"


class _Search:
    """The classifiers found so far, with their training errors and moments."""

    def __init__(self, estimator, X, y: np.ndarray, moments, B: float) -> None:
        self.estimator, self.X, self.y, self.moments, self.B = estimator, X, y, moments, B
        self.hs: list = []
        self.preds: list[np.ndarray] = []
        self.errors: list[float] = []
        self.gammas: list[np.ndarray] = []
        self._seen: dict[bytes, int] = {}

    def best_response(self, lam: np.ndarray) -> int:
        """Index of the classifier minimising ``L(h, lam)``: a weighted fit on the cheaper label,
        or an earlier classifier if it does better."""
        n = len(self.y)
        cost = (1.0 - 2.0 * self.y) / n + self.moments.signed_weights(lam)
        label = (cost < 0).astype(np.int64)
        weight = np.abs(cost)
        if label.min() == label.max() or weight.sum() == 0:
            h = _Constant(int(label[0]))
        else:
            h = clone(self.estimator).fit(self.X, label, sample_weight=weight * (n / weight.sum()))
        pred = (np.asarray(h.predict(self.X)) == 1).astype(np.float64)
        key = np.packbits(pred.astype(bool)).tobytes()
        if key not in self._seen:
            self._seen[key] = len(self.hs)
            self.hs.append(h)
            self.preds.append(pred)
            self.errors.append(float(np.mean(pred != self.y)))
            self.gammas.append(self.moments.gamma(pred[:, None])[:, 0])
        # The fit only approximates the minimiser of the weighted 0-1 loss, so an earlier
        # classifier may do better at these multipliers: answer with the best one known.
        bound = self.moments.bound()
        values = np.asarray(self.errors) + (np.column_stack(self.gammas).T - bound) @ lam
        return int(np.argmin(values))

    def solve_lp(self) -> tuple[np.ndarray, np.ndarray]:
        """Best mixture of the known classifiers: min err . q + B s, gamma q - bound <= s."""
        m, k2 = len(self.hs), len(self.gammas[0])
        gam = np.column_stack(self.gammas)
        c = np.append(self.errors, self.B)
        a_ub = np.hstack([gam, -np.ones((k2, 1))])
        a_eq = np.append(np.ones(m), 0.0)[None, :]
        res = linprog(
            c, A_ub=a_ub, b_ub=self.moments.bound(), A_eq=a_eq, b_eq=[1.0], method="highs"
        )
        q = np.clip(res.x[:m], 0.0, None)
        return q / q.sum(), np.clip(-res.ineqlin.marginals, 0.0, None)

    def _lagrangian(self, err: float, gamma: np.ndarray, lam: np.ndarray) -> float:
        return err + float(lam @ (gamma - self.moments.bound()))

    def gap(self, q: np.ndarray, lam: np.ndarray, nu: float) -> float:
        """How far ``(q, lam)`` is from the saddle point: neither player gains more than this."""
        err = float(np.dot(self.errors, q))
        gamma = np.column_stack(self.gammas) @ q
        here = self._lagrangian(err, gamma, lam)
        high = err + self.B * max(0.0, float(np.max(gamma - self.moments.bound())))
        low = here
        # The classifier is only a heuristic oracle for weighted 0-1 loss, so a small gap is
        # tested again with stronger multipliers (where the fairness costs dominate and the fit
        # is more faithful); every classifier found also enlarges the next LP.
        for scale in _PROBE_SCALES:
            j = self.best_response(scale * lam)
            low = min(low, self._lagrangian(self.errors[j], self.gammas[j], lam))
            if max(high - here, here - low) > nu:
                break
        return max(high - here, here - low)
