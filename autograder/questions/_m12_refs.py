"""References and known-mistake variants of m12-capstone (grading host only).

Rates, gaps and proxy scores come from :mod:`fairkit.metrics` and :mod:`fairkit.explain`;
the seeded bootstrap, the equalising thresholds and the noisy release follow procedures the
prompts fix draw for draw, so they are computed here in NumPy. Variants are the typical
mistakes, computed by hand.

>>> import numpy as np
>>> y, g = np.array([1, 0, 1, 1, 0, 0]), np.array(["a", "a", "a", "b", "b", "b"])
>>> round(gap_interval(y, g, "a", "b", 50, 0, 0.9)["gap"], 4)
0.3333
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from fairkit import metrics as fm
from fairkit.explain import feature_association

__all__ = [
    "audit_table",
    "audit_variant",
    "comparison",
    "comparison_variant",
    "gap_interval",
    "interval_variant",
    "proxy_scores",
    "proxy_variant",
    "release",
    "release_column",
    "release_variant",
    "thresholds",
    "thresholds_variant",
    "verdicts",
    "verdicts_variant",
    "weekly_gaps",
    "weekly_variant",
]


def _labelled(series: pd.Series) -> dict[str, float]:
    return {str(k): float(v) for k, v in series.items()}


# -- q1: the audit table ---------------------------------------------------------------------------
def audit_table(y_true, y_pred, groups) -> dict[str, dict[str, float]]:
    frame = fm.MetricFrame(
        metrics={
            "selection_rate": fm.selection_rate,
            "true_positive_rate": fm.true_positive_rate,
            "false_positive_rate": fm.false_positive_rate,
        },
        y_true=np.asarray(y_true),
        y_pred=np.asarray(y_pred),
        sensitive_features=np.asarray(groups),
    )
    return {c: _labelled(frame.by_group[c]) for c in frame.by_group.columns}


def audit_variant(y_true, y_pred, groups, how: str) -> dict[str, float]:
    """One column of a mistaken table: "swapped" (TPR as FPR), "labels", "overall"."""
    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        t, p = y_true[groups == g], y_pred[groups == g]
        if how == "swapped":
            out[str(g)] = float(p[t == 0].mean())
        elif how == "labels":
            out[str(g)] = float(t.mean())
        else:
            out[str(g)] = float(y_pred.mean())
    return out


# -- q2: a seeded, stratified bootstrap interval of the headline gap ------------------------------
def interval_variant(
    y_pred, groups, group, reference, n_boot, seed, confidence, how: str = "right"
) -> dict[str, float]:
    y_pred, groups = np.asarray(y_pred, dtype=float), np.asarray(groups)
    a, b = y_pred[groups == group], y_pred[groups == reference]
    if how == "reversed":
        a, b = b, a
    rng = np.random.default_rng(seed)
    reps = np.empty(n_boot)
    for r in range(n_boot):
        if how == "reseeded":
            rng = np.random.default_rng(seed)
        if how == "pooled":
            idx = rng.integers(0, len(y_pred), size=len(y_pred))
            yp, g = y_pred[idx], groups[idx]
            reps[r] = yp[g == group].mean() - yp[g == reference].mean()
            continue
        ia = rng.integers(0, len(a), size=len(a))
        ib = rng.integers(0, len(b), size=len(b))
        reps[r] = a[ia].mean() - b[ib].mean()
    level = 0.95 if how == "always95" else confidence
    low, high = np.quantile(reps, [(1 - level) / 2, (1 + level) / 2])
    return {"gap": float(a.mean() - b.mean()), "low": float(low), "high": float(high)}


def gap_interval(y_pred, groups, group, reference, n_boot, seed, confidence) -> dict:
    return interval_variant(y_pred, groups, group, reference, n_boot, seed, confidence)


# -- q3: proxy scores -----------------------------------------------------------------------------
def proxy_scores(data: pd.DataFrame, sensitive: str) -> dict[str, float]:
    return _labelled(feature_association(data, sensitive)["auc"])


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    ranks = pd.Series(score).rank(method="average").to_numpy()
    n_pos = int(positive.sum())
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * (len(score) - n_pos)))


def proxy_variant(data: pd.DataFrame, sensitive: str, how: str) -> dict[str, float]:
    """ "signed": AUC not folded; "codes": categories scored by their sorted code."""
    groups = data[sensitive].astype(str).to_numpy()
    positive = groups == sorted(set(groups))[1]
    out = {}
    for name in data.columns:
        if name == sensitive:
            continue
        column = data[name]
        if column.dtype.kind in "iuf":
            score = column.to_numpy(dtype=float)
        elif how == "codes":
            score = pd.factorize(column.astype(str), sort=True)[0].astype(float)
        else:
            score = pd.Series(positive).groupby(column.astype(str).to_numpy()).transform("mean")
            score = score.to_numpy()
        auc = _auc(score, positive)
        out[name] = auc if how == "signed" else max(auc, 1 - auc)
    return out


# -- q4: per-group thresholds that equalise selection rates ---------------------------------------
def thresholds_variant(y_score, groups, target_rate, how: str = "ceil") -> dict[str, float]:
    y_score, groups = np.asarray(y_score, dtype=float), np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        s = np.sort(y_score[groups == g] if how != "overall" else y_score)[::-1]
        if how == "quantile":
            out[str(g)] = float(np.quantile(s, 1 - target_rate))
            continue
        k = math.floor(target_rate * len(s)) if how == "floor" else math.ceil(target_rate * len(s))
        if how == "next":
            k += 1
        out[str(g)] = float(s[min(max(k, 1), len(s)) - 1])
    return out


def thresholds(y_score, groups, target_rate) -> dict[str, float]:
    return thresholds_variant(y_score, groups, target_rate)


# -- q5: before and after the thresholds ----------------------------------------------------------
def _row(y_true, y_pred, groups, tpr=fm.equal_opportunity_difference) -> dict[str, float]:
    kw = {"sensitive_features": groups}
    return {
        "selection_rate_gap": float(fm.demographic_parity_difference(y_true, y_pred, **kw)),
        "true_positive_rate_gap": float(tpr(y_true, y_pred, **kw)),
        "accuracy": float(fm.accuracy(y_true, y_pred)),
    }


def _after(y_score, groups, target_rate, strict=False) -> np.ndarray:
    cut = thresholds(y_score, groups, target_rate)
    t = np.array([cut[str(g)] for g in groups])
    return (y_score > t if strict else y_score >= t).astype(int)


def comparison(y_true, y_score, groups, threshold, target_rate) -> dict:
    y_true, y_score, groups = np.asarray(y_true), np.asarray(y_score), np.asarray(groups)
    before = _row(y_true, (y_score >= threshold).astype(int), groups)
    after = _row(y_true, _after(y_score, groups, target_rate), groups)
    return {c: {"before": before[c], "after": after[c]} for c in before}


def comparison_variant(y_true, y_score, groups, threshold, target_rate, how: str) -> dict:
    """One column: "strict" (score > t after), "ratio" (min / max), "fpr" (the FPR gap)."""
    y_true, y_score, groups = np.asarray(y_true), np.asarray(y_score), np.asarray(groups)
    pred_before = (y_score >= threshold).astype(int)
    if how == "strict":
        after = _row(y_true, _after(y_score, groups, target_rate, strict=True), groups)
        before = _row(y_true, pred_before, groups)
        return {"before": before["selection_rate_gap"], "after": after["selection_rate_gap"]}
    if how == "ratio":
        ratio = fm.demographic_parity_ratio
        before = ratio(y_true, pred_before, sensitive_features=groups)
        after = ratio(y_true, _after(y_score, groups, target_rate), sensitive_features=groups)
        return {"before": float(before), "after": float(after)}
    fpr = fm.false_positive_rate_difference
    before = _row(y_true, pred_before, groups, tpr=fpr)
    after = _row(y_true, _after(y_score, groups, target_rate), groups, tpr=fpr)
    return {"before": before["true_positive_rate_gap"], "after": after["true_positive_rate_gap"]}


# -- q6: a differentially private count table -----------------------------------------------------
def release_variant(groups, approved, unit_noise, epsilon, how: str = "right") -> dict:
    groups, approved = np.asarray(groups), np.asarray(approved)
    noise = np.asarray(unit_noise, dtype=float)
    if how == "swapped":
        noise = noise[:, ::-1]
    scale = {"one": 1 / epsilon, "times": epsilon}.get(how, 2 / epsilon)
    labels = np.unique(groups)
    exact = np.array([[np.sum(groups == g), np.sum(approved[groups == g])] for g in labels])
    noisy = exact + scale * noise
    rate = exact[:, 1] / exact[:, 0] if how == "exact_rate" else noisy[:, 1] / noisy[:, 0]
    columns = {"applicants": noisy[:, 0], "approved": noisy[:, 1], "approval_rate": rate}
    return {
        c: {str(g): float(v) for g, v in zip(labels, values, strict=True)}
        for c, values in columns.items()
    }


def release_column(groups, approved, unit_noise, epsilon, how: str, column: str) -> dict:
    """One column of :func:`release_variant` (what a table Mistake compares)."""
    return release_variant(groups, approved, unit_noise, epsilon, how)[column]


def release(groups, approved, unit_noise, epsilon) -> dict:
    return release_variant(groups, approved, unit_noise, epsilon)


# -- q7: the verdict on each candidate ------------------------------------------------------------
def verdicts_variant(data: pd.DataFrame, tolerance: float, how: str = "right") -> dict:
    out = {}
    for name, low, high in zip(data["candidate"], data["low"], data["high"], strict=True):
        inside = -tolerance <= low and high <= tolerance
        breach = low > tolerance or high < -tolerance
        if how == "point":
            mid = (low + high) / 2
            value = 1.0 if abs(mid) <= tolerance else -1.0
        elif how == "benefit":  # no breach shown counts as a pass
            value = -1.0 if breach else 1.0
        elif how == "upper":
            value = 1.0 if high <= tolerance else (-1.0 if low > tolerance else 0.0)
        else:
            value = 1.0 if inside else (-1.0 if breach else 0.0)
        out[str(name)] = value
    return out


def verdicts(data: pd.DataFrame, tolerance: float) -> dict[str, float]:
    return verdicts_variant(data, tolerance)


# -- q8: the monitored gap, week by week ----------------------------------------------------------
def weekly_variant(y_true, y_pred, groups, week, how: str = "right") -> dict[str, float]:
    """ "pooled" (every week the gap of all rows), "selection", "signed" (second minus first)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    groups, week = np.asarray(groups), np.asarray(week)
    out = {}
    for w in np.unique(week):
        rows = np.ones(len(week), bool) if how == "pooled" else week == w
        t, p, g = y_true[rows], y_pred[rows], groups[rows]
        if how == "selection":
            value = fm.demographic_parity_difference(t, p, sensitive_features=g)
        elif how == "signed":
            first, second = np.unique(g)[:2]
            value = p[(g == second) & (t == 1)].mean() - p[(g == first) & (t == 1)].mean()
        else:
            value = fm.equal_opportunity_difference(t, p, sensitive_features=g)
        out[str(w)] = float(value)
    return out


def weekly_gaps(y_true, y_pred, groups, week) -> dict[str, float]:
    return weekly_variant(y_true, y_pred, groups, week)
