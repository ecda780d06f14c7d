"""Recourse for any model by search: a heuristic, not guaranteed to find the cheapest change.

Two searches, the cheaper result kept:

1. One feature at a time: ``n_grid`` evenly spaced values from the person's value to each
   bound of each actionable feature, the first approved one refined by bisection.
2. Greedy moves (models with ``decision_function`` or ``predict_proba``, read as log-odds):
   steps of 1, 2, 4, ... 32 times ``1 / n_grid`` of a feature's range, each time the step
   with the largest score gain per unit cost (moves of two features at once where no single
   feature helps), until approved (the cheapest approved step seen on the way is kept as
   well); then every changed feature is moved back towards its original value by bisection
   as far as the decision stays approved.

Changes that need two features to move together by less than a grid step each, or a
decision region the greedy path does not reach, can be missed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.accountability._recourse_inputs import Problem, model_input

_BISECTIONS = 30
_DOUBLINGS = 6


class Oracle:
    """The model on copies of one person's row with the actionable features replaced."""

    def __init__(self, model, row: pd.Series, p: Problem):
        self.model, self.p = model, p
        frame = row.to_frame().T.infer_objects()
        self.frame = frame.astype({frame.columns[pos]: float for pos in p.actionable})
        self.classes = list(getattr(model, "classes_", []))

    def frame_of(self, Z: np.ndarray) -> pd.DataFrame:
        frame = self.frame.loc[self.frame.index.repeat(len(Z))].reset_index(drop=True)
        for j, pos in enumerate(self.p.actionable):
            frame.isetitem(pos, Z[:, j])
        return frame

    def approved(self, Z: np.ndarray) -> np.ndarray:
        X = model_input(self.model, self.frame_of(np.atleast_2d(Z)))
        return np.asarray(self.model.predict(X)) == self.p.desired

    def score(self, Z: np.ndarray) -> np.ndarray | None:
        X = model_input(self.model, self.frame_of(np.atleast_2d(Z)))
        if hasattr(self.model, "decision_function"):
            values = np.asarray(self.model.decision_function(X), dtype=float)
            if values.ndim == 2:  # one column per class: the desired class's
                return values[:, self.classes.index(self.p.desired)]
            return self.p.sign * values
        if hasattr(self.model, "predict_proba") and self.p.desired in self.classes:
            proba = np.asarray(self.model.predict_proba(X), dtype=float)
            q = np.clip(proba[:, self.classes.index(self.p.desired)], 1e-12, 1 - 1e-12)
            return np.log(q) - np.log1p(-q)  # log-odds: gains do not vanish near 0 or 1
        return None


def _bisect(oracle, inside: np.ndarray, outside: np.ndarray) -> np.ndarray:
    """Points on each segment [outside (denied), inside (approved)], nearest the denied end,
    that are still approved (vectorised over segments)."""
    for _ in range(_BISECTIONS):
        mid = (inside + outside) / 2
        ok = oracle.approved(mid)
        inside = np.where(ok[:, None], mid, inside)
        outside = np.where(ok[:, None], outside, mid)
    return inside


def _lines(oracle, xa, p: Problem, n_grid: int) -> list:
    k = len(xa)
    steps = np.linspace(0.0, 1.0, n_grid + 1)[1:]
    points = []
    for j in range(k):
        for end in (p.low[j], p.high[j]):
            if end != xa[j]:
                Z = np.tile(xa, (n_grid, 1))
                Z[:, j] = xa[j] + steps * (end - xa[j])
                points.append(Z)
    if not points:
        return []
    ok = oracle.approved(np.vstack(points)).reshape(len(points), n_grid)
    inside, outside = [], []
    for Z, hits in zip(points, ok, strict=True):
        if hits.any():
            i = int(np.argmax(hits))
            inside.append(Z[i])
            outside.append(xa if i == 0 else Z[i - 1])
    if not inside:
        return []
    return list(_bisect(oracle, np.array(inside), np.array(outside)))


def _moves(z, sizes, p: Problem, pairs: bool):
    """Candidate points: each feature (or, with ``pairs``, each pair of features) moved by
    1, 2, 4, ... 32 grid steps in each direction, largest steps first (ties go to them)."""
    k = len(z)
    combos = [(j,) for j in range(k)]
    if pairs:
        combos = [(i, j) for i in range(k) for j in range(i + 1, k)]
    out = []
    for combo in combos:
        for signs in np.array(np.meshgrid(*[[1.0, -1.0]] * len(combo))).reshape(len(combo), -1).T:
            m = np.repeat(z[None], len(sizes), axis=0)
            for j, sign in zip(combo, signs, strict=True):
                m[:, j] = np.clip(z[j] + sign * sizes[:, j], p.low[j], p.high[j])
            out.append(m[::-1])
    return np.vstack(out) if out else np.empty((0, k))


def _greedy(oracle, xa, p: Problem, n_grid: int):
    z = xa.copy()
    current = oracle.score(z[None])
    if current is None:
        return None
    sizes = (p.high - p.low) / n_grid * (2.0 ** np.arange(_DOUBLINGS))[:, None]
    shortcut = None  # the cheapest approved point seen off the greedy path
    for _ in range(len(xa) * n_grid):
        for pairs in (False, True):  # pairs only where no single feature helps (a plateau)
            moves = _moves(z, sizes, p, pairs)
            if not len(moves):
                continue
            gain = oracle.score(moves) - current[0]
            spent = (p.costs * np.abs(moves - z)).sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(gain > 0, np.where(spent > 0, gain / spent, np.inf), -np.inf)
            # A step clipped to nothing at a bound is no move (its "gain" is rounding noise).
            value = np.where(np.any(moves != z, axis=1), value, -np.inf)
            if np.any(value > -np.inf):
                break
        else:
            return _best(oracle, xa, p, [shortcut])  # no step of one or two features helps
        ok = oracle.approved(moves)
        if ok.any():
            cheapest = moves[int(np.argmin(np.where(ok, spent, np.inf)))]
            shortcut = _cheaper(xa, p, shortcut, cheapest)
        best = int(np.flatnonzero(value >= value.max() * (1 - 1e-6))[0])
        z, current = moves[best], oracle.score(moves[best][None])
        if ok[best]:  # the greedy path itself is approved
            return _best(oracle, xa, p, [z, shortcut])
    return _best(oracle, xa, p, [shortcut])


def _cost(xa, p: Problem, z) -> float:
    return float(np.sum(p.costs * np.abs(z - xa)))


def _cheaper(xa, p: Problem, a, b):
    return b if a is None or _cost(xa, p, b) < _cost(xa, p, a) else a


def _best(oracle, xa, p: Problem, points: list):
    """The cheapest of the approved points after pruning each, or None."""
    pruned = [_prune(oracle, xa, z, p) for z in points if z is not None]
    return min(pruned, key=lambda z: _cost(xa, p, z), default=None)


def _prune(oracle, xa, z, p: Problem):
    """Move each changed feature (most expensive change first) back towards the person's
    value as far as the decision stays approved."""
    z = z.copy()
    for j in np.argsort(-p.costs * np.abs(z - xa), kind="stable"):
        if z[j] == xa[j]:
            continue
        back = z.copy()
        back[j] = xa[j]
        if oracle.approved(back)[0]:
            z = back
        else:
            z = _bisect(oracle, z[None], back[None])[0]
    return z


def search(model, row: pd.Series, xa: np.ndarray, p: Problem, n_grid: int):
    """The cheapest change found, as new actionable values, or None."""
    oracle = Oracle(model, row, p)
    found = _lines(oracle, xa, p, n_grid)
    greedy = _greedy(oracle, xa, p, n_grid)
    if greedy is not None:
        found.append(greedy)
    if not found:
        return None
    return min(found, key=lambda z: _cost(xa, p, z))
