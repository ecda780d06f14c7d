"""References of m07-post-processing q1-q3 (fairkit.metrics and NumPy) and the known-wrong
variants of every question, recognised in the teaching messages."""

from __future__ import annotations

import numpy as np

from autograder.questions._base import Mistake
from autograder.questions._by_group import per_group, spread
from autograder.questions._m07_data import plain_rates, reject_rates
from fairkit import metrics as fm

__all__ = [
    "Q1_MISTAKES",
    "Q2_MISTAKES",
    "Q3_MISTAKES",
    "Q4_MISTAKES",
    "Q5_MISTAKES",
    "ref_fpr_at_equal_tpr",
    "ref_threshold_for_tpr",
    "ref_tpr_fpr",
]


def ref_tpr_fpr(scores, y_true, groups, threshold) -> dict[str, dict[str, float]]:
    y_pred = (np.asarray(scores) >= threshold).astype(int)
    metrics = {"tpr": fm.true_positive_rate, "fpr": fm.false_positive_rate}
    mf = fm.MetricFrame(metrics=metrics, y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    return {m: {str(k): float(v) for k, v in mf.by_group[m].items()} for m in metrics}


def _best_threshold(s: np.ndarray, y: np.ndarray, target: float, strict=False) -> float:
    """Largest of the group's scores t whose TPR of s >= t reaches the target."""
    positives = s[y == 1]
    for t in np.sort(np.unique(s))[::-1]:
        tpr = np.mean(positives >= t)
        if tpr > target if strict else tpr >= target:
            return float(t)
    return float(np.min(s))


def ref_threshold_for_tpr(scores, y_true, groups, target_tpr) -> dict[str, float]:
    s, y = np.asarray(scores, dtype=float), np.asarray(y_true)
    return per_group(groups, lambda m: _best_threshold(s[m], y[m], target_tpr))


def _fpr_at(scores, y_true, groups, thresholds: dict[str, float]) -> dict[str, float]:
    s, y, g = np.asarray(scores, dtype=float), np.asarray(y_true), np.asarray(groups)
    return per_group(g, lambda m: np.mean(s[m & (y == 0)] >= thresholds[str(g[m][0])]))


def ref_fpr_at_equal_tpr(scores, y_true, groups, target_tpr) -> dict[str, float]:
    return _fpr_at(
        scores, y_true, groups, ref_threshold_for_tpr(scores, y_true, groups, target_tpr)
    )


def _rate(scores, y_true, groups, threshold, label, strict=False):
    s, y = np.asarray(scores, dtype=float), np.asarray(y_true)
    d = s > threshold if strict else s >= threshold
    return per_group(groups, lambda m: np.mean(d[m & (y == label)]))


Q1_MISTAKES = (
    Mistake(
        "you decided score > threshold: a score equal to the threshold is selected too (>=).",
        lambda scores, y_true, groups, threshold: _rate(scores, y_true, groups, threshold, 1, True),
        column="tpr",
    ),
    Mistake(
        "these look like false positive rates: TPR is the share of actual positives "
        "(y_true == 1) with score >= threshold.",
        lambda scores, y_true, groups, threshold: _rate(scores, y_true, groups, threshold, 0),
        column="tpr",
    ),
    Mistake(
        "these look like true positive rates: FPR is the share of actual negatives "
        "(y_true == 0) with score >= threshold.",
        lambda scores, y_true, groups, threshold: _rate(scores, y_true, groups, threshold, 1),
        column="fpr",
    ),
    Mistake(
        "you decided score > threshold: a score equal to the threshold is selected too (>=).",
        lambda scores, y_true, groups, threshold: _rate(scores, y_true, groups, threshold, 0, True),
        column="fpr",
    ),
    Mistake(
        "that is each group's selection rate: TPR and FPR look only at the actual positives, "
        "or only at the actual negatives, of the group.",
        lambda scores, y_true, groups, threshold: plain_rates(scores, groups, threshold),
        column="tpr",
    ),
)


def _thresholds_variant(scores, y_true, groups, target_tpr, how) -> dict[str, float]:
    s, y, g = np.asarray(scores, dtype=float), np.asarray(y_true), np.asarray(groups)
    if how == "everyone":
        t = _best_threshold(s, y, target_tpr)
        return per_group(g, lambda m: t)
    if how == "strict":
        return per_group(g, lambda m: _best_threshold(s[m], y[m], target_tpr, strict=True))
    if how == "quantile":
        return per_group(g, lambda m: np.quantile(s[m & (y == 1)], 1 - target_tpr))
    return per_group(g, lambda m: np.quantile(s[m], 1 - target_tpr))  # all rows, not positives


Q2_MISTAKES = (
    Mistake(
        "you found one threshold for everyone: equal opportunity needs a threshold per group, "
        "each reaching the target TPR within its group.",
        lambda scores, y_true, groups, target_tpr: _thresholds_variant(
            scores, y_true, groups, target_tpr, "everyone"
        ),
    ),
    Mistake(
        "your thresholds give a TPR strictly above the target: 'at least target_tpr' includes "
        "reaching it exactly (>=), which allows a higher threshold.",
        lambda scores, y_true, groups, target_tpr: _thresholds_variant(
            scores, y_true, groups, target_tpr, "strict"
        ),
    ),
    Mistake(
        "np.quantile interpolates between scores: the threshold must be one of the group's "
        "scores, the largest whose TPR reaches the target.",
        lambda scores, y_true, groups, target_tpr: _thresholds_variant(
            scores, y_true, groups, target_tpr, "quantile"
        ),
    ),
    Mistake(
        "you used the scores of all rows of the group: the TPR counts only its actual "
        "positives (y_true == 1).",
        lambda scores, y_true, groups, target_tpr: _thresholds_variant(
            scores, y_true, groups, target_tpr, "all rows"
        ),
    ),
)


def _q3_variant(scores, y_true, groups, target_tpr, how) -> dict[str, float]:
    thresholds = ref_threshold_for_tpr(scores, y_true, groups, target_tpr)
    s, y, g = np.asarray(scores, dtype=float), np.asarray(y_true), np.asarray(groups)
    if how == "tpr":
        return per_group(g, lambda m: np.mean(s[m & (y == 1)] >= thresholds[str(g[m][0])]))
    if how == "tnr":
        return {k: 1 - v for k, v in _fpr_at(scores, y_true, groups, thresholds).items()}
    return _rate(scores, y_true, groups, 0.5, 0)  # the plain 0.5 threshold


Q3_MISTAKES = (
    Mistake(
        "these are the true positive rates at the new thresholds (about target_tpr by "
        "construction): the question asks for the false positive rates.",
        lambda scores, y_true, groups, target_tpr: _q3_variant(
            scores, y_true, groups, target_tpr, "tpr"
        ),
    ),
    Mistake(
        "that is the true negative rate (1 - FPR): count the actual negatives that are selected.",
        lambda scores, y_true, groups, target_tpr: _q3_variant(
            scores, y_true, groups, target_tpr, "tnr"
        ),
    ),
    Mistake(
        "these are the FPRs at the plain threshold 0.5: use each group's own threshold from "
        "threshold_for_tpr.",
        lambda scores, y_true, groups, target_tpr: _q3_variant(
            scores, y_true, groups, target_tpr, "plain"
        ),
    ),
)


def _swapped(scores, groups, deprived, margin):
    rates = reject_rates(scores, groups, deprived, margin)
    s, g = np.asarray(scores, dtype=float), np.asarray(groups)
    region = np.abs(s - 0.5) <= margin
    d = np.where(region, g != deprived, s >= 0.5)
    return {k: float(np.mean(d[g == k])) for k in rates}


def _only_raised(scores, groups, deprived, margin):
    s, g = np.asarray(scores, dtype=float), np.asarray(groups)
    d = (s >= 0.5) | ((np.abs(s - 0.5) <= margin) & (g == deprived))
    return {str(k): float(np.mean(d[g == k])) for k in np.unique(g)}


def _everyone_lower(scores, groups, deprived, margin):
    s, g = np.asarray(scores, dtype=float), np.asarray(groups)
    d = s >= 0.5 - margin
    return {str(k): float(np.mean(d[g == k])) for k in np.unique(g)}


Q4_MISTAKES = (
    Mistake(
        "you gave the favourable decision to the other groups: in the critical region the "
        "deprived group gets 1 and the others 0.",
        _swapped,
    ),
    Mistake(
        "you only raised the deprived group: in the critical region the other groups' rows "
        "get 0, even those with score >= 0.5.",
        _only_raised,
    ),
    Mistake(
        "you lowered the threshold for everyone: in the critical region the decision depends "
        "on the group (deprived 1, others 0), not on the score.",
        _everyone_lower,
    ),
    Mistake(
        "these are the plain selection rates (score >= 0.5): the critical region changes them.",
        lambda scores, groups, deprived, margin: plain_rates(scores, groups),
    ),
)


def _candidates(scores):
    return np.unique(np.r_[0.0, np.abs(np.asarray(scores, dtype=float) - 0.5)])


def _q5_variant(scores, groups, deprived, max_gap, how):
    ok = [
        (m, spread(reject_rates(scores, groups, deprived, m)))
        for m in _candidates(scores)
        if spread(reject_rates(scores, groups, deprived, m)) <= max_gap
    ]
    if how == "largest":
        return ok[-1][0]
    if how == "gap":
        return ok[0][1]
    # the scores themselves tried as margins, instead of their distances to 0.5
    tried = np.sort(np.r_[0.0, np.asarray(scores, dtype=float)])
    return next(m for m in tried if spread(reject_rates(scores, groups, deprived, m)) <= max_gap)


Q5_MISTAKES = (
    Mistake(
        "that is the largest margin that meets the bound: the question asks for the smallest "
        "(the fewest decisions changed).",
        lambda scores, groups, deprived, max_gap: _q5_variant(
            scores, groups, deprived, max_gap, "largest"
        ),
    ),
    Mistake(
        "that is the gap at the margin found: return the margin itself.",
        lambda scores, groups, deprived, max_gap: _q5_variant(
            scores, groups, deprived, max_gap, "gap"
        ),
    ),
    Mistake(
        "you tried the scores themselves as margins: the candidates are the distances "
        "|score - 0.5|, where a row enters the critical region.",
        lambda scores, groups, deprived, max_gap: _q5_variant(
            scores, groups, deprived, max_gap, "scores"
        ),
    ),
)
