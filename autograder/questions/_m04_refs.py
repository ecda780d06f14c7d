"""References and known-wrong variants of m04-individual-fairness-and-proxies (host only).

References come from fairkit (``consistency_score``, ``counterfactual_flip_rate``,
``feature_association``), scikit-learn (``roc_auc_score``, ``mutual_info_score``) and
scipy (``contingency.association``) where they define the quantity; the permutation
importance follows the procedure the prompt states, in NumPy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.explain import counterfactual_flip_rate, feature_association
from fairkit.metrics import consistency_score

__all__ = [
    "auc",
    "auc_ties",
    "consistency",
    "consistency_variant",
    "cramers_v",
    "cramers_v_variant",
    "flip_rate",
    "flip_variant",
    "importance",
    "importance_variant",
    "mutual_information",
    "mutual_information_variant",
    "proxies_used",
    "proxy_scores",
    "proxy_scores_variant",
]


# -- q1 consistency ---------------------------------------------------------------------------
def consistency(X, y_pred, k) -> float:
    return consistency_score(X, y_pred, n_neighbors=k)


def consistency_variant(X, y_pred, k, *, how: str) -> float:
    X, y = np.asarray(X, dtype=float), np.asarray(y_pred, dtype=float)
    if how == "manhattan":
        dist = np.abs(X[:, None, :] - X[None, :, :]).sum(axis=2)
    else:
        dist = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    if how != "with_self":
        np.fill_diagonal(dist, np.inf)
    means = y[np.argsort(dist, axis=1, kind="stable")[:, :k]].mean(axis=1)
    if how == "no_one_minus":
        return float(np.abs(y - means).mean())
    if how == "signed":
        return float(1 - (y - means).mean())
    if how == "all_rows":
        return float(1 - np.abs(y - y.mean()).mean())
    return float(1 - np.abs(y - means).mean())


# -- q2 counterfactual flip rate --------------------------------------------------------------
class _Linear:
    def __init__(self, coef, coef_sensitive, intercept):
        self.coef, self.coef_sensitive, self.intercept = coef, coef_sensitive, intercept

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        X = frame.drop(columns="s").to_numpy(dtype=float)
        score = X @ self.coef + self.coef_sensitive * frame["s"].to_numpy() + self.intercept
        return (score > 0).astype(int)


def flip_rate(X, sensitive, coef, coef_sensitive, intercept) -> float:
    X = np.asarray(X, dtype=float)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    frame["s"] = np.asarray(sensitive)
    model = _Linear(np.asarray(coef, dtype=float), coef_sensitive, intercept)
    return counterfactual_flip_rate(model, frame, sensitive_feature="s", values=[0, 1])


def _decide(X, s, coef, coef_sensitive, intercept) -> np.ndarray:
    return np.asarray(X, dtype=float) @ np.asarray(coef) + coef_sensitive * s + intercept > 0


def flip_variant(X, sensitive, coef, coef_sensitive, intercept, *, how: str) -> float:
    s = np.asarray(sensitive)
    before = _decide(X, s, coef, coef_sensitive, intercept)
    after = _decide(X, 1 - s, coef, coef_sensitive, intercept)
    changed = before != after
    if how == "count":
        return float(changed.sum())
    if how == "group1":
        return float(changed[s == 1].mean())
    if how == "lost":
        return float((before & ~after).mean())
    if how == "all_to_1":
        return float(
            (before != _decide(X, np.ones_like(s), coef, coef_sensitive, intercept)).mean()
        )
    if how == "approval_gap":
        return float(abs(before.mean() - after.mean()))
    raise ValueError(how)


# -- q3 single-feature AUC --------------------------------------------------------------------
def auc(scores, groups, positive) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(np.asarray(groups) == positive, np.asarray(scores, dtype=float)))


def auc_ties(scores, groups, positive, *, tie: float) -> float:
    """AUC counting a tied pair as ``tie`` (the right answer counts it 1/2)."""
    x = np.asarray(scores, dtype=float)
    pos = np.asarray(groups) == positive
    a, b = x[pos][:, None], x[~pos][None, :]
    return float(((a > b) + tie * (a == b)).mean())


# -- q4 Cramér's V and q5 mutual information --------------------------------------------------
def _table(feature, groups) -> np.ndarray:
    return pd.crosstab(np.asarray(feature), np.asarray(groups)).to_numpy(dtype=float)


def _chi2(table: np.ndarray) -> float:
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def cramers_v(feature, groups) -> float:
    from scipy.stats.contingency import association

    return float(association(_table(feature, groups).astype(np.int64), method="cramer"))


def cramers_v_variant(feature, groups, *, how: str) -> float:
    table = _table(feature, groups)
    n, (r, c) = table.sum(), table.shape
    chi2 = _chi2(table)
    if how == "squared":
        return chi2 / (n * (min(r, c) - 1))
    if how == "max":
        return float(np.sqrt(chi2 / (n * (max(r, c) - 1))))
    if how == "phi":
        return float(np.sqrt(chi2 / n))
    if how == "chi2":
        return chi2
    if how == "corrected":  # Bergsma (2013)
        phi2 = max(0.0, chi2 / n - (r - 1) * (c - 1) / (n - 1))
        rr, cc = r - (r - 1) ** 2 / (n - 1), c - (c - 1) ** 2 / (n - 1)
        return float(np.sqrt(phi2 / min(rr - 1, cc - 1)))
    raise ValueError(how)


def mutual_information(feature, groups) -> float:
    from sklearn.metrics import mutual_info_score

    return float(mutual_info_score(np.asarray(feature), np.asarray(groups)))


def _entropy(values) -> float:
    p = pd.Series(np.asarray(values)).value_counts(normalize=True).to_numpy()
    return float(-(p * np.log(p)).sum())


def mutual_information_variant(feature, groups, *, how: str) -> float:
    mi = mutual_information(feature, groups)
    if how == "bits":
        return mi / np.log(2)
    if how == "log10":
        return mi / np.log(10)
    if how == "entropy":
        return _entropy(groups)
    if how == "normalised":
        return mi / np.sqrt(_entropy(feature) * _entropy(groups))
    if how == "joint_entropy":
        return _entropy(
            pd.Series(np.asarray(feature)).astype(str) + "|" + np.asarray(groups).astype(str)
        )
    raise ValueError(how)


# -- q6 permutation importance (the stated procedure) -----------------------------------------
def _accuracy(X, y, coef, intercept) -> float:
    return float(np.mean((X @ coef + intercept > 0).astype(int) == y))


def importance(X, y, coef, intercept, n_repeats, seed, *, how: str = "right") -> dict:
    X, y, coef = np.asarray(X, dtype=float), np.asarray(y), np.asarray(coef, dtype=float)
    base = _accuracy(X, y, coef, intercept)
    rng = np.random.default_rng(seed)
    n, d = X.shape
    drops = np.zeros((d, n_repeats))
    order = (
        [(j, r) for r in range(n_repeats) for j in range(d)]
        if how == "repeats_outer"
        else [(j, r) for j in range(d) for r in range(n_repeats)]
    )
    for j, r in order:
        if how == "reseeded" and r == 0:
            rng = np.random.default_rng(seed)
        permuted = X.copy()
        rows = rng.permutation(n)
        if how == "all_columns":  # whole rows shuffled: every column at once
            permuted = X[rows]
        else:
            permuted[:, j] = X[rows, j]
        drops[j, r] = base - _accuracy(permuted, y, coef, intercept)
    values = drops.mean(axis=1)
    if how == "signed":
        values = -values
    if how == "permuted_accuracy":
        values = base - values
    return {str(j): float(v) for j, v in enumerate(values)}


def importance_variant(X, y, coef, intercept, n_repeats, seed, *, how: str) -> dict:
    return importance(X, y, coef, intercept, n_repeats, seed, how=how)


# -- q7 proxy scores and q8 the proxies the model uses ----------------------------------------
def proxy_scores(data, sensitive) -> dict:
    table = feature_association(data, sensitive)
    return {str(k): float(v) for k, v in table["auc"].items()}


def proxy_scores_variant(data, sensitive, *, how: str) -> dict:
    groups = data[sensitive].to_numpy()
    positive = groups == sorted(set(groups))[-1]
    out = {}
    for name in data.columns.drop(sensitive):
        column = data[name]
        if pd.api.types.is_numeric_dtype(column) and how != "all_share":
            score = column.to_numpy(dtype=float)
        elif how == "codes":
            score = pd.factorize(column, sort=True)[0].astype(float)
        else:
            score = pd.Series(positive).groupby(column.to_numpy()).transform("mean").to_numpy()
        value = auc_ties(score, positive, True, tie=0.5)
        out[str(name)] = value if how == "unoriented" else max(value, 1 - value)
    return out


def proxies_used(names, proxy_auc, importance, auc_min, importance_min, *, how="right") -> dict:
    a, i = np.asarray(proxy_auc, dtype=float), np.asarray(importance, dtype=float)
    if how == "or":
        flag = (a >= auc_min) | (i >= importance_min)
    elif how == "auc_only":
        flag = a >= auc_min
    elif how == "strict":
        flag = (a > auc_min) & (i > importance_min)
    else:
        flag = (a >= auc_min) & (i >= importance_min)
    return {str(n): float(f) for n, f in zip(np.asarray(names), flag, strict=True)}
