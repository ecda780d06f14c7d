"""The "unprocessing" baseline: the best group-threshold rule at every constraint tolerance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from fairkit.mitigation import _errors as E
from fairkit.mitigation._roc_hull import CONSTRAINTS, solve_thresholds
from fairkit.mitigation._validation import (
    check_binary_labels,
    check_groups,
    check_labels_in_groups,
    check_option,
)

__all__ = ["unprocessing_curve"]


def check_scores(scores: Any, n: int | None = None) -> np.ndarray:
    """Scores as a finite 1-D float array (one per row)."""
    arr = np.asarray(scores)
    if arr.ndim == 2 and arr.shape[1] == 2:
        arr = arr[:, 1]  # a predict_proba output: the positive class
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.number) or not np.isfinite(arr).all():
        raise ValueError(E.POST_BAD_SCORES.format(got=f"shape {arr.shape}, dtype {arr.dtype}"))
    if n is not None and len(arr) != n:
        raise ValueError(E.POST_BAD_SCORES.format(got=f"{len(arr)} scores for {n} labels"))
    return arr.astype(float)


def prepare(scores, y, sensitive_features, constraint, *, who: str):
    """Checked (scores, labels, groups) for a threshold post-processor."""
    check_option("constraint", constraint, tuple(CONSTRAINTS))
    y = check_binary_labels(y)
    s = check_scores(scores, len(y))
    groups = check_groups(s, sensitive_features)
    metrics = CONSTRAINTS[constraint]
    need = (1, 0) if "fpr" in metrics else (1,) if "tpr" in metrics else ()
    if need:
        check_labels_in_groups(
            groups, y, need=need, why=f"its true/false positive rate for {who} is undefined"
        )
    return s, y, groups


def unprocessing_curve(
    scores: Any,
    y: Any,
    *,
    sensitive_features: Any,
    constraint: str = "equalized_odds",
    tolerances: Iterable[float] = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 1.0),
) -> pd.DataFrame:
    """Accuracy of the best per-group (randomised) threshold rule at each constraint tolerance.

    Cruz & Hardt (2024, "Unprocessing seven years of algorithmic fairness") show that
    post-processing the *most accurate* unconstrained model with group-specific thresholds,
    relaxed so that the constraint violation may be up to a tolerance, traces an
    accuracy-fairness frontier that most in- and pre-processing methods do not beat. This
    function traces that frontier on the data given: for each tolerance it solves the linear
    programme over the groups' ROC convex hulls (Hardt, Price & Srebro 2016) with the
    groups' rates allowed to differ by at most ``tolerance``.

    Parameters
    ----------
    scores : array-like of shape (n_samples,)
        The model's scores (higher = more likely positive), e.g. ``predict_proba(X)[:, 1]``.
    y : array-like of shape (n_samples,)
        True 0/1 labels.
    sensitive_features : array-like, Series, DataFrame or dict
        One or several columns; several give intersectional groups.
    constraint : {"demographic_parity", "equal_opportunity", "equalized_odds"}
        The rates kept within ``tolerance`` across groups: selection rate; true positive rate;
        true and false positive rates.
    tolerances : iterable of float
        Allowed violations (max minus min across groups), each >= 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``tolerance``, ``accuracy`` and ``violation`` (both expected values of the
        randomised rule on these rows; ``violation <= tolerance`` up to 1e-7).

    Examples
    --------
    >>> s = np.array([.9, .8, .3, .2, .7, .6, .4, .1])
    >>> y = np.array([1, 1, 0, 0, 1, 0, 1, 0])
    >>> curve = unprocessing_curve(s, y, sensitive_features=list("aaaabbbb"),
    ...                            constraint="demographic_parity", tolerances=[0, 1])
    >>> curve.round(3).to_dict("list")
    {'tolerance': [0.0, 1.0], 'accuracy': [0.875, 0.875], 'violation': [0.0, 0.25]}
    """
    s, y, groups = prepare(scores, y, sensitive_features, constraint, who="unprocessing_curve")
    tols = [float(t) for t in tolerances]
    if not tols or any(not np.isfinite(t) or t < 0 for t in tols):
        raise ValueError(E.POST_BAD_TOLERANCES.format(got=tols))
    rows = []
    for tol in tols:
        policies = solve_thresholds(s, y, groups, constraint=constraint, tolerance=tol)
        rows.append((tol, *_accuracy_and_violation(policies, y, groups, constraint)))
    return pd.DataFrame(rows, columns=["tolerance", "accuracy", "violation"])


def _accuracy_and_violation(policies, y, groups, constraint) -> tuple[float, float]:
    """Expected accuracy and constraint violation of per-group policies on the fitted rows."""
    n1 = np.bincount(groups.codes, weights=y, minlength=groups.n_groups)
    n_g = np.bincount(groups.codes, minlength=groups.n_groups).astype(float)
    tpr = np.array([p.tpr for p in policies])
    fpr = np.array([p.fpr for p in policies])
    correct = tpr * n1 + (1 - fpr) * (n_g - n1)
    accuracy = float(correct.sum() / n_g.sum())
    rates = {"selection_rate": np.array([p.selection_rate for p in policies]), "tpr": tpr}
    rates["fpr"] = fpr
    violation = max(float(np.ptp(rates[m])) for m in CONSTRAINTS[constraint])
    return accuracy, violation
