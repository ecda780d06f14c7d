"""Checks every mitigator runs on its inputs: groups that align with X, at least two groups,
both labels in each group where a constraint needs them, estimators that take weights.

Groups are formed as :mod:`fairkit.metrics` forms them (one or several columns give
intersectional groups; missing values are an error unless ``missing_group`` is given).
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pandas as pd

from fairkit.metrics._groups import Groups, factorize_groups
from fairkit.mitigation import _errors as E

__all__ = [
    "check_accepts_sample_weight",
    "check_binary_labels",
    "check_groups",
    "check_labelled_groups",
    "check_labels_in_groups",
    "check_option",
    "group_label",
]


def _rows(values: Any) -> int:
    """Rows of ``X``: scikit-learn's convention, a list is a list of rows."""
    if isinstance(values, (pd.Series, pd.DataFrame)):
        return len(values)
    return len(values) if isinstance(values, (list, tuple)) else np.shape(values)[0]


def _sensitive_rows(values: Any) -> int:
    """Rows of ``sensitive_features``: fairkit.metrics' convention, a list of arrays is one
    array per feature, a dict maps names to columns."""
    if isinstance(values, (pd.Series, pd.DataFrame)):
        return len(values)
    if isinstance(values, dict):
        return len(next(iter(values.values()))) if values else 0
    if isinstance(values, (list, tuple)) and values and np.ndim(values[0]) == 1:
        return len(values[0])
    return len(np.asarray(values))


def check_groups(X: Any, sensitive_features: Any, *, missing_group=None) -> Groups:
    """The groups of the rows of ``X``; ValueError if they do not align or only one occurs.

    Examples
    --------
    >>> check_groups(np.zeros((4, 2)), ["a", "b", "a", "b"]).codes.tolist()
    [0, 1, 0, 1]
    >>> X = [[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]]  # a list of rows, as scikit-learn reads it
    >>> check_groups(X, [["a", "b", "a"], ["u", "u", "v"]]).n_groups  # two features
    3
    """
    n = _rows(X)
    got = _sensitive_rows(sensitive_features)
    if got != n:
        raise ValueError(E.SENSITIVE_LENGTH.format(got=got, n=n))
    if isinstance(X, (pd.Series, pd.DataFrame)) and isinstance(
        sensitive_features, (pd.Series, pd.DataFrame)
    ):
        if not X.index.equals(sensitive_features.index):
            first = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(X.index, sensitive_features.index, strict=True))
                    if a != b
                ),
                0,
            )
            detail = (
                f"row {first}: X has {X.index[first]!r}, "
                f"sensitive_features {sensitive_features.index[first]!r}"
            )
            raise ValueError(E.SENSITIVE_INDEX.format(detail=detail))
    groups = factorize_groups(sensitive_features, n, missing_group=missing_group)
    if groups.n_groups < 2:
        label = group_label(groups, 0) if groups.n_groups else "none"
        raise ValueError(E.SINGLE_GROUP.format(group=label))
    return groups


def group_label(groups: Groups, code: int) -> str:
    """How messages name group number ``code`` (a tuple for intersectional groups).

    Examples
    --------
    >>> group_label(check_groups(np.zeros(2), ["x", "y"]), 1)
    "'y'"
    """
    return repr(groups.index[code])


def check_binary_labels(y: Any, *, name: str = "y") -> np.ndarray:
    """``y`` as an int array of 0/1 (booleans allowed); ValueError naming other values.

    Examples
    --------
    >>> check_binary_labels([True, False]).tolist()
    [1, 0]
    """
    arr = np.asarray(y)
    if arr.dtype == bool:
        return arr.astype(np.int64)
    values = pd.unique(arr.ravel()).tolist()
    bad = [v for v in values if not (isinstance(v, (int, float, np.number)) and v in (0, 1))]
    if arr.ndim != 1 or bad:
        got = f"shape {arr.shape}" if arr.ndim != 1 else f"values {bad[:3]!r}"
        raise ValueError(E.BAD_LABELS.format(name=name, got=got))
    return arr.astype(np.int64)


def check_labels_in_groups(groups: Groups, y: np.ndarray, *, need: tuple[int, ...], why: str):
    """ValueError naming the first group with no row of a needed label (0, 1 or both).

    Examples
    --------
    >>> g = check_groups(np.zeros(4), ["a", "a", "b", "b"])
    >>> check_labels_in_groups(g, np.array([0, 1, 0, 1]), need=(0, 1), why="TPR is undefined")
    """
    counts = np.zeros((groups.n_groups, 2), dtype=np.int64)
    np.add.at(counts, (groups.codes, y), 1)
    for code in range(groups.n_groups):
        for label in need:
            if counts[code, label] == 0:
                which = "positives" if label == 1 else "negatives"
                raise ValueError(
                    E.GROUP_WITHOUT_LABEL.format(
                        group=group_label(groups, code), which=which, label=label, why=why
                    )
                )


def check_labelled_groups(
    X: Any, y: Any, sensitive_features: Any, *, need: tuple[int, ...] = (0, 1), why: str
) -> tuple[Groups, np.ndarray]:
    """Groups of the rows of ``X`` and their 0/1 labels, every group holding each label in
    ``need``: the checks of a mitigator that learns from labelled groups.

    Examples
    --------
    >>> groups, y = check_labelled_groups(np.zeros(4), [0, 1, 1, 0], list("aabb"), why="...")
    >>> groups.n_groups, y.tolist()
    (2, [0, 1, 1, 0])
    """
    groups = check_groups(X, sensitive_features)
    labels = check_binary_labels(y)
    if len(labels) != len(groups.codes):
        raise ValueError(E.LABELS_LENGTH.format(got=len(labels), n=len(groups.codes)))
    check_labels_in_groups(groups, labels, need=need, why=why)
    return groups, labels


def check_accepts_sample_weight(estimator: Any, *, who: str) -> None:
    """ValueError if ``estimator.fit`` has no ``sample_weight`` parameter.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> check_accepts_sample_weight(LogisticRegression(), who="Reweighing")
    """
    try:
        params = inspect.signature(estimator.fit).parameters
    except (AttributeError, TypeError, ValueError):
        params = {}
    if "sample_weight" not in params and not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        raise ValueError(E.NO_SAMPLE_WEIGHT.format(estimator=type(estimator).__name__, who=who))


def check_option(name: str, value: Any, allowed: tuple) -> None:
    """ValueError listing the allowed values.

    Examples
    --------
    >>> check_option("constraint", "demographic_parity", ("demographic_parity",))
    """
    if value not in allowed:
        raise ValueError(E.UNKNOWN_OPTION.format(name=name, allowed=list(allowed), value=value))
