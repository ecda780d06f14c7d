"""References of m08-image-bias and the known-wrong variants its messages recognise.

Everything is NumPy on the grading host. Groups are visited in ``np.unique`` order (sorted),
and one generator, ``np.random.default_rng(seed)``, serves all of them, in that order: that
is what makes a learner's bootstrap and oversampling reproducible to the last digit.

Examples
--------
>>> ref_error_by_group(np.array([1, 2, 3, 4]), np.array([1, 0, 3, 3]), np.array(list("aabb")))
{'a': 0.5, 'b': 0.5}
>>> ref_group_weights(np.array(list("aaab")))
{'a': 0.6666666666666666, 'b': 2.0}
>>> ref_effective_sample_size(np.array([1.0, 1.0, 2.0]))
2.6666666666666665
"""

from __future__ import annotations

import numpy as np

from autograder.questions._by_group import per_group

__all__ = [
    "bootstrap_table",
    "composition",
    "ref_audit_table",
    "ref_effective_sample_size",
    "ref_error_by_group",
    "ref_error_interval",
    "ref_group_weights",
    "ref_oversampled_composition",
]


def _arrays(y_true, y_pred, groups):
    return np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)


def ref_error_by_group(y_true, y_pred, groups) -> dict[str, float]:
    """Share of misclassified rows in each group."""
    y_true, y_pred, groups = _arrays(y_true, y_pred, groups)
    return per_group(groups, lambda m: np.mean(y_true[m] != y_pred[m]))


def bootstrap_table(
    y_true, y_pred, groups, n_boot, confidence, seed, *, reseed=False, fixed95=False, wald=False
) -> dict[str, dict[str, float]]:
    """Percentile bootstrap of each group's error, and the variants learners write."""
    y_true, y_pred, groups = _arrays(y_true, y_pred, groups)
    level = 0.95 if fixed95 else confidence
    rng = np.random.default_rng(seed)
    table = {"error": {}, "low": {}, "high": {}}
    for g in np.unique(groups):
        wrong = (y_true != y_pred)[groups == g].astype(float)
        e = float(wrong.mean())
        if wald:
            from scipy.stats import norm

            half = norm.ppf((1 + level) / 2) * np.sqrt(e * (1 - e) / len(wrong))
            low, high = e - half, e + half
        else:
            if reseed:
                rng = np.random.default_rng(seed)
            idx = rng.integers(0, len(wrong), size=(n_boot, len(wrong)))
            low, high = np.quantile(wrong[idx].mean(axis=1), [(1 - level) / 2, (1 + level) / 2])
        table["error"][str(g)], table["low"][str(g)] = e, float(low)
        table["high"][str(g)] = float(high)
    return table


def ref_error_interval(y_true, y_pred, groups, n_boot, confidence, seed):
    """Each group's error with its percentile bootstrap interval (rows resampled in-group)."""
    return bootstrap_table(y_true, y_pred, groups, n_boot, confidence, seed)


def ref_group_weights(groups) -> dict[str, float]:
    """Weight of a row of group g: n / (k * n_g), so every group carries n / k in total."""
    groups = np.asarray(groups)
    k = len(np.unique(groups))
    return per_group(groups, lambda m: len(groups) / (k * m.sum()))


def composition(
    groups, seed, *, replace_originals=False, reseed=False, to_mean=False
) -> dict[str, dict[str, float]]:
    """Rows, distinct originals and the most copies of one original, per group, after
    oversampling every group to the largest (``to_mean``: to the mean size, a variant)."""
    groups = np.asarray(groups)
    labels, counts = np.unique(groups, return_counts=True)
    target = int(np.ceil(counts.mean())) if to_mean else int(counts.max())
    rng = np.random.default_rng(seed)
    table = {"rows": {}, "distinct": {}, "max_copies": {}}
    for g, n_g in zip(labels, counts, strict=True):
        idx = np.flatnonzero(groups == g)
        if reseed:
            rng = np.random.default_rng(seed)
        if replace_originals:
            taken = rng.choice(idx, size=target, replace=True) if n_g < target else idx
        else:
            extra = rng.choice(idx, size=target - n_g, replace=True) if n_g < target else []
            taken = np.concatenate([idx, np.asarray(extra, dtype=np.int64)])
        _, copies = np.unique(taken, return_counts=True)
        table["rows"][str(g)] = float(len(taken))
        table["distinct"][str(g)] = float(len(copies))
        table["max_copies"][str(g)] = float(copies.max())
    return table


def ref_oversampled_composition(groups, seed):
    """See :func:`composition`."""
    return composition(groups, seed)


def ref_effective_sample_size(weights) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w**2).sum())


def ref_audit_table(y_true, y_pred, groups, n_boot, confidence, seed, *, gap_to="best"):
    """n, error, interval and gap of each group to the best-served one (or a variant)."""
    table = bootstrap_table(y_true, y_pred, groups, n_boot, confidence, seed)
    groups = np.asarray(groups)
    err = table["error"]
    if gap_to == "best":
        base = min(err.values())
    elif gap_to == "overall":
        base = float(np.mean(np.asarray(y_true) != np.asarray(y_pred)))
    else:  # "worst": the sign flipped
        base = max(err.values())
    n = per_group(groups, lambda m: m.sum())
    return {"n": n, **table, "gap": {g: e - base for g, e in err.items()}}
