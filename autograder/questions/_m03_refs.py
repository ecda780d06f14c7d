"""References and known-wrong variants of m03-metric-tradeoffs, on the grading host.

References use ``fairkit.metrics`` where it computes the quantity (calibration table, error
rates, intersectional selection rates) and NumPy where the question fixes a procedure that
fairkit does not promise to follow draw for draw (the seeded bootstrap and permutation test;
``tests/autograder/test_m03.py`` checks them against ``fairkit.metrics.bootstrap_ci`` and
``gap_test`` where those follow the same procedure). Variants are the typical mistakes,
computed by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from fairkit import metrics as fm

__all__ = [
    "TIE_TOLERANCE",
    "ece_overall",
    "ece_variant",
    "gap",
    "inter_variant",
    "interval",
    "labelled",
    "normal_interval",
    "p_value",
    "per_group",
    "rate",
    "rates_at",
    "ref_ece",
    "ref_error_rates",
    "ref_implied_fpr",
    "ref_intersections",
    "ref_interval",
    "ref_p_value",
    "ref_rows",
    "replicates",
    "unrounded_n",
]

# Permuted gaps within this distance of the observed one count as ties (q6's prompt says so).
TIE_TOLERANCE = 1e-9


def labelled(series: pd.Series) -> dict[str, float]:
    return {str(k): float(v) for k, v in series.items()}


def per_group(groups, fn) -> dict[str, float]:
    groups = np.asarray(groups)
    return {str(g): float(fn(groups == g)) for g in np.unique(groups)}


# -- q1 --------------------------------------------------------------------------------------------
def ref_ece(y_true, y_score, groups, n_bins) -> dict[str, float]:
    t = fm.calibration_by_group(y_true, y_score, sensitive_features=groups, n_bins=n_bins)
    share = t["n"] / t.groupby("group")["n"].transform("sum")
    gap = (t["mean_score"] - t["fraction_positive"]).abs()
    return labelled((share * gap).groupby(t["group"]).sum())


def _bins(y_score, n_bins):
    return np.minimum(np.floor(np.asarray(y_score) * n_bins), n_bins - 1).astype(int)


def ece_variant(y_true, y_score, groups, n_bins, *, weight="group", target="mean", signed=False):
    """ECE by hand: bins weighted by share of the group, all rows or equally; mean or midpoint."""
    y_true, y_score, groups = np.asarray(y_true), np.asarray(y_score), np.asarray(groups)
    bins = _bins(y_score, n_bins)

    def one(m):
        total = 0.0
        used = np.unique(bins[m])
        for b in used:
            cell = m & (bins == b)
            score = y_score[cell].mean() if target == "mean" else (b + 0.5) / n_bins
            gap = score - y_true[cell].mean()
            share = {"group": cell.sum() / m.sum(), "all": cell.sum() / len(m)}.get(weight)
            share = 1 / len(used) if share is None else share
            total += share * (gap if signed else abs(gap))
        return total

    return per_group(groups, one)


def ece_overall(y_true, y_score, groups, n_bins):
    everyone = ece_variant(y_true, y_score, np.zeros(len(y_true)), n_bins)["0.0"]
    return per_group(groups, lambda m: everyone)


# -- q2 --------------------------------------------------------------------------------------------
def ref_error_rates(y_true, y_score, groups, threshold) -> dict[str, dict[str, float]]:
    y_pred = (np.asarray(y_score) >= threshold).astype(int)
    metrics = {"fpr": fm.false_positive_rate, "fnr": fm.false_negative_rate}
    mf = fm.MetricFrame(metrics=metrics, y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    return {name: labelled(mf.by_group[name]) for name in metrics}


def rate(groups, num, den) -> dict[str, float]:
    return per_group(groups, lambda m: np.sum(num[m]) / np.sum(den[m]))


def rates_at(y_true, y_score, groups, threshold, *, strict=False):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_score) > threshold if strict else np.asarray(y_score) >= threshold
    return {
        "fpr": rate(groups, (y_true == 0) & y_pred, y_true == 0),
        "fnr": rate(groups, (y_true == 1) & ~y_pred, y_true == 1),
        "tpr": rate(groups, (y_true == 1) & y_pred, y_true == 1),
        "fp_share": rate(groups, (y_true == 0) & y_pred, np.ones(len(y_true))),
    }


# -- q3 --------------------------------------------------------------------------------------------
def ref_implied_fpr(base_rate, ppv, fnr) -> float:
    # From counts per person: TP = p (1 - FNR), FP = TP (1 - PPV) / PPV, FPR = FP / (1 - p).
    tp = base_rate * (1 - fnr)
    fp = tp * (1 - ppv) / ppv
    return fp / (1 - base_rate)


# -- q4 --------------------------------------------------------------------------------------------
def inter_variant(y_pred, sex, race, min_size, *, keep=">=", order="sex/race", size="rows"):
    y_pred, sex, race = np.asarray(y_pred), np.asarray(sex), np.asarray(race)
    out = {}
    for s in np.unique(sex):
        for r in np.unique(race):
            m = (sex == s) & (race == r)
            n = m.sum() if size == "rows" else y_pred[m].sum()
            if m.sum() == 0 or (n < min_size if keep == ">=" else n <= min_size):
                continue
            out[f"{s}/{r}" if order == "sex/race" else f"{r}/{s}"] = float(y_pred[m].mean())
    return out


def ref_intersections(y_pred, sex, race, min_size) -> dict[str, float]:
    mf = fm.MetricFrame(
        metrics=fm.selection_rate,
        y_true=y_pred,
        y_pred=y_pred,
        sensitive_features={"sex": sex, "race": race},
    )
    n = mf.counts["n"]
    rates = mf.by_group[n >= min_size]
    return {f"{s}/{r}": float(v) for (s, r), v in rates.items()}


# -- q5 --------------------------------------------------------------------------------------------
def gap(y_pred, groups, a, b) -> float:
    return float(y_pred[groups == a].mean() - y_pred[groups == b].mean())


def replicates(y_pred, groups, a, b, n_boot, seed, *, reseed=False) -> np.ndarray:
    y_pred, groups = np.asarray(y_pred), np.asarray(groups)
    n = len(y_pred)
    rng = np.random.default_rng(seed)
    out = np.empty(n_boot)
    for r in range(n_boot):
        if reseed:
            rng = np.random.default_rng(seed)
        idx = rng.integers(0, n, size=n)
        out[r] = gap(y_pred[idx], groups[idx], a, b)
    return out


def interval(
    y_pred, groups, a, b, n_boot, seed, confidence, method, *, unsigned=False, reseed=False
):
    theta = gap(np.asarray(y_pred), np.asarray(groups), a, b)
    reps = replicates(y_pred, groups, a, b, n_boot, seed, reseed=reseed)
    if unsigned:
        theta, reps = abs(theta), np.abs(reps)
    lo, hi = np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2])
    if method == "basic":
        lo, hi = 2 * theta - hi, 2 * theta - lo
    return {"low": float(lo), "high": float(hi)}


def ref_interval(y_pred, groups, a, b, n_boot, seed, confidence, method) -> dict[str, float]:
    return interval(y_pred, groups, a, b, n_boot, seed, confidence, method)


def normal_interval(y_pred, groups, a, b, n_boot, seed, confidence, method):
    theta = gap(np.asarray(y_pred), np.asarray(groups), a, b)
    sd = replicates(y_pred, groups, a, b, n_boot, seed).std(ddof=1)
    z = norm.ppf((1 + confidence) / 2)
    return {"low": theta - z * sd, "high": theta + z * sd}


# -- q6 --------------------------------------------------------------------------------------------
def p_value(
    y_pred,
    groups,
    a,
    b,
    n_permutations,
    seed,
    *,
    sided=2,
    strict=False,
    plus_one=True,
    kept_only=True,
    shuffle="labels",
) -> float:
    y_pred, groups = np.asarray(y_pred), np.asarray(groups)
    if kept_only:
        keep = (groups == a) | (groups == b)
        y_pred, groups = y_pred[keep], groups[keep]

    def stat(yp, g):
        d = gap(yp, g, a, b)
        return abs(d) if sided == 2 else d

    observed = stat(y_pred, groups)
    rng = np.random.default_rng(seed)
    count, labels = 0, groups.copy()
    for _ in range(n_permutations):
        if shuffle == "labels":
            t = stat(y_pred, rng.permutation(groups))
        elif shuffle == "in place":  # rng.shuffle of the same array, again and again
            rng.shuffle(labels)
            t = stat(y_pred, labels)
        else:
            t = stat(rng.permutation(y_pred), groups)
        if strict == "exact":
            count += t >= observed
        else:
            count += t > observed + TIE_TOLERANCE if strict else t >= observed - TIE_TOLERANCE
    if plus_one:
        return (1 + count) / (1 + n_permutations)
    return count / n_permutations


def ref_p_value(y_pred, groups, a, b, n_permutations, seed) -> float:
    return p_value(y_pred, groups, a, b, n_permutations, seed)


# -- q7 --------------------------------------------------------------------------------------------
def unrounded_n(p1, p2, alpha, power, *, sides=2, pooled=False) -> float:
    z_alpha = norm.ppf(1 - alpha / sides)
    z_power = norm.ppf(power)
    if pooled:
        mean = (p1 + p2) / 2
        num = (
            z_alpha * math.sqrt(2 * mean * (1 - mean))
            + z_power * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
        ) ** 2
        return num / (p1 - p2) ** 2
    return (z_alpha + z_power) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2


def ref_rows(p1, p2, alpha, power) -> float:
    return float(math.ceil(unrounded_n(p1, p2, alpha, power)))
