"""Exact Shapley values of a model's output, by enumerating every subset of the features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E
from fairkit.explain._validation import check_frame, check_positive_int, distinct, groups_of

__all__ = ["MAX_FEATURES", "ShapleyResult", "shapley_importance_by_group", "shapley_values"]

# 2**12 = 4096 coalitions per row: with 100 background rows, 409,600 model evaluations per
# explained row. Beyond that the exact computation stops being a small-model tool.
MAX_FEATURES = 12
_METHODS = ("auto", "predict_proba", "decision_function", "predict")


@dataclass(frozen=True)
class ShapleyResult:
    """Exact interventional Shapley values (what :func:`shapley_values` returns).

    Attributes
    ----------
    values : pandas.DataFrame
        One row per explained row (index of ``X``), one column per feature: that feature's
        share of ``prediction - base_value``.
    base_value : float
        The average model output over the background rows, E f(background).
    prediction : numpy.ndarray
        The model output f(x) of each explained row; ``values.sum(axis=1) + base_value``
        equals it (efficiency).
    """

    values: pd.DataFrame
    base_value: float
    prediction: np.ndarray


def _response(model: Any, response_method: str) -> Callable[[pd.DataFrame], Any]:
    """The function giving one number per row: the model's chosen output."""
    if response_method not in _METHODS:
        raise ValueError(E.BAD_RESPONSE.format(value=response_method, missing=""))
    if not hasattr(model, "predict"):
        if callable(model):
            return model
        raise TypeError(E.NOT_A_MODEL.format(kind=type(model).__name__))
    method = response_method
    if method == "auto":
        method = next(m for m in _METHODS[1:] if hasattr(model, m))
    elif not hasattr(model, method):
        missing = f": {type(model).__name__} has no {method}"
        raise ValueError(E.BAD_RESPONSE.format(value=response_method, missing=missing))
    function = getattr(model, method)
    if method != "predict_proba":
        return function

    def positive_class(frame: pd.DataFrame) -> np.ndarray:
        proba = np.asarray(function(frame))
        if proba.ndim != 2 or proba.shape[1] != 2:
            raise ValueError(E.SHAPLEY_OUTPUT.format(shape=proba.shape, rows=len(frame)))
        return proba[:, 1]

    return positive_class


def _outputs(respond: Callable[[pd.DataFrame], Any], frame: pd.DataFrame) -> np.ndarray:
    out = np.asarray(respond(frame), dtype=float)
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.shape != (len(frame),):
        raise ValueError(E.SHAPLEY_OUTPUT.format(shape=out.shape, rows=len(frame)))
    return out


def _check_background(background: Any, X: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(background, pd.DataFrame):
        raise TypeError(E.NOT_A_FRAME.format(kind=type(background).__name__))
    missing = [str(c) for c in X.columns if c not in background.columns]
    if missing:
        raise ValueError(E.BACKGROUND_COLUMNS.format(missing=", ".join(missing)))
    if len(background) == 0:
        raise ValueError(E.BACKGROUND_EMPTY)
    for name in X.columns:
        dtype = X[name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            # A value outside X's categories would silently become NaN in the mixed rows.
            values = pd.unique(background[name].dropna())
            unknown = [v for v in values if v not in dtype.categories]
            if unknown:
                cats = ", ".join(map(repr, dtype.categories))
                message = E.BACKGROUND_CATEGORY.format(name=name, value=unknown[0], categories=cats)
                raise ValueError(message)
    return background[list(X.columns)]


def _coalition_values(
    respond: Callable[[pd.DataFrame], Any],
    X: pd.DataFrame,
    background: pd.DataFrame,
    masks: np.ndarray,
    batch_size: int,
) -> np.ndarray:
    """v[r, k] = mean over background rows b of f(x_r on coalition k, b elsewhere)."""
    n, m, K = len(X), len(background), len(masks)
    x_cols = [X[c].to_numpy() for c in X.columns]
    b_cols = [background[c].to_numpy() for c in X.columns]
    values = np.empty(n * K)
    # Each (row, coalition) pair needs m evaluations; a chunk of pairs fills one predict call.
    step = max(1, batch_size // m)
    for start in range(0, n * K, step):
        pairs = np.arange(start, min(start + step, n * K))
        rows, coalition = np.repeat(pairs // K, m), np.repeat(pairs % K, m)
        from_background = np.tile(np.arange(m), len(pairs))
        columns = {}
        for j, name in enumerate(X.columns):
            column = np.where(masks[coalition, j], x_cols[j][rows], b_cols[j][from_background])
            if isinstance(X[name].dtype, pd.CategoricalDtype):
                column = pd.Categorical(column, dtype=X[name].dtype)
            columns[name] = column
        out = _outputs(respond, pd.DataFrame(columns, columns=X.columns))
        values[pairs] = out.reshape(len(pairs), m).mean(axis=1)
    return values.reshape(n, K)


def _shapley_from_values(v: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """phi_i = sum over S without i of |S|! (d - |S| - 1)! / d! (v(S + i) - v(S))."""
    d = masks.shape[1]
    weight = np.array([factorial(s) * factorial(d - s - 1) / factorial(d) for s in range(d)])
    sizes = masks.sum(axis=1)
    phi = np.empty((v.shape[0], d))
    for i in range(d):
        # Coalition k is the bit mask of its features, so adding feature i sets bit i.
        without = np.flatnonzero(~masks[:, i])
        phi[:, i] = (v[:, without | (1 << i)] - v[:, without]) @ weight[sizes[without]]
    return phi


def shapley_values(
    model: Any,
    X: pd.DataFrame,
    *,
    background: pd.DataFrame,
    response_method: str = "auto",
    max_features: int = MAX_FEATURES,
    batch_size: int = 200_000,
) -> ShapleyResult:
    """Exact Shapley values of each row's model output, with a background set.

    The features are the players; the value of a coalition S for row x is the average model
    output when the features in S take x's values and the others take the values of each
    background row in turn (the interventional, or marginal, expectation
    E_b f(x_S, b_not S); Janzing et al. 2020). Every one of the 2**d coalitions is evaluated
    (no sampling), so the values satisfy the Shapley axioms exactly: they sum to
    f(x) - E f(background) (efficiency), a feature the model ignores gets 0 (dummy), and
    interchangeable features get the same value (symmetry). For a linear model
    f = w @ x + c, the value of feature i is w_i (x_i - mean of background column i).

    The cost is len(X) * 2**d * len(background) model evaluations, sent in chunks of at
    most ``batch_size`` rows per call: use a few features, a background of 50-200 rows
    (a sample of the data), and the rows you want to explain.

    Parameters
    ----------
    model : fitted estimator or callable
        An estimator taking a DataFrame with the columns of ``X``, or a function
        ``f(frame) -> one number per row``.
    X : pandas.DataFrame
        The rows to explain; every column is a player (at most ``max_features``).
    background : pandas.DataFrame
        Rows with (at least) the columns of ``X`` whose values replace the features outside a
        coalition.
    response_method : {"auto", "predict_proba", "decision_function", "predict"}
        The estimator output to explain: ``predict_proba[:, 1]`` (binary classifiers), the
        ``decision_function`` score, or ``predict``; "auto" takes the first the model has,
        in that order. Ignored for a callable.
    max_features : int, default MAX_FEATURES (12)
        Refuse more features than this: the work doubles with each one.
    batch_size : int, default 200_000
        Most rows sent to the model in one call (at least one coalition per call).

    Returns
    -------
    ShapleyResult
        ``values`` (rows of ``X`` x features), ``base_value``, ``prediction``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = lambda frame: 2 * frame["a"] + frame["a"] * frame["b"]
    >>> X = pd.DataFrame({"a": [3.0], "b": [4.0]})
    >>> background = pd.DataFrame({"a": [0.0, 2.0], "b": [1.0, 3.0]})
    >>> result = shapley_values(f, X, background=background)
    >>> result.values.round(6).to_numpy().tolist(), result.base_value
    ([[9.5, 3.5]], 5.0)
    """
    X = check_frame(X)
    limit = check_positive_int(max_features, 1, E.BAD_MAX_FEATURES, "max_features")
    if X.shape[1] > limit:
        raise ValueError(E.TOO_MANY_FEATURES.format(count=X.shape[1], limit=limit))
    batch_size = check_positive_int(batch_size, 1, E.BAD_BATCH_SIZE, "batch_size")
    background = _check_background(background, X)
    respond = _response(model, response_method)
    d = X.shape[1]
    masks = ((np.arange(2**d)[:, None] >> np.arange(d)) & 1).astype(bool)
    if len(X):
        v = _coalition_values(respond, X, background, masks, batch_size)
        base = float(v[0, 0])
    else:  # nothing to explain: the base value alone
        v = np.empty((0, len(masks)))
        base = float(_outputs(respond, background).mean())
    phi = _shapley_from_values(v, masks)
    values = pd.DataFrame(phi, index=X.index, columns=X.columns)
    return ShapleyResult(values=values, base_value=base, prediction=v[:, -1].copy())


def shapley_importance_by_group(
    model: Any,
    X: pd.DataFrame,
    *,
    background: pd.DataFrame,
    sensitive_features: Any,
    response_method: str = "auto",
    max_features: int = MAX_FEATURES,
    batch_size: int = 200_000,
) -> pd.DataFrame:
    """Mean absolute Shapley value of each feature, within each group.

    The table has the shape of :func:`permutation_importance_by_group` (features x groups),
    so :func:`explanation_disparity` compares the groups' explanations; with
    ``normalize=True`` it compares each group's *shares* of attribution, which is fairer when
    one group's predictions simply vary more. Every row is explained against the same
    ``background``, so a sensitive column inside ``X`` gets a non-zero value in a group when
    the model uses it (unlike permutation importance within a group, where it is constant).

    Parameters
    ----------
    model, X, background, response_method, max_features, batch_size
        As in :func:`shapley_values`.
    sensitive_features : column label of X, or array-like of shape (n_samples,)

    Returns
    -------
    pandas.DataFrame
        Indexed by feature (in the order of ``X``), one column per group (sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> f = lambda frame: frame["a"] * (frame["g"] == 1) + frame["b"]
    >>> X = pd.DataFrame({"a": [1.0, -1.0, 1.0], "b": [2.0, 0.0, -2.0], "g": [1, 1, 0]})
    >>> table = shapley_importance_by_group(f, X, background=X, sensitive_features="g")
    >>> table.round(3).to_dict()
    {0: {'a': 0.333, 'b': 2.0, 'g': 0.333}, 1: {'a': 0.833, 'b': 1.0, 'g': 0.167}}
    """
    X = check_frame(X)
    groups = groups_of(sensitive_features, X)
    magnitude = shapley_values(
        model,
        X,
        background=background,
        response_method=response_method,
        max_features=max_features,
        batch_size=batch_size,
    ).values.abs()
    table = {g: magnitude[groups == g].mean(axis=0).to_numpy() for g in distinct(groups)}
    return pd.DataFrame(table, index=pd.Index(X.columns, name="feature"))
