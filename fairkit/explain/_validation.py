"""Input checks shared by fairkit.explain (private)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E


def check_frame(X: Any) -> pd.DataFrame:
    """X as given, if it is a DataFrame; a one-line error otherwise."""
    if not isinstance(X, pd.DataFrame):
        raise TypeError(E.NOT_A_FRAME.format(kind=type(X).__name__))
    if X.shape[1] == 0:
        raise ValueError(E.NO_FEATURES)
    return X


def check_column(X: pd.DataFrame, name: Any, message: str) -> None:
    if name not in X.columns:
        raise ValueError(message.format(name=name, columns=", ".join(map(str, X.columns))))


def groups_of(sensitive: Any, X: pd.DataFrame, name: str = "sensitive_features") -> np.ndarray:
    """The group label of every row: a column name of X, or one label per row."""
    if isinstance(sensitive, str):
        # A single string names a column (a label per row would be an array of strings).
        check_column(X, sensitive, E.SENSITIVE_NOT_IN_X.replace("sensitive_feature", name))
        values = X[sensitive].to_numpy()
    else:
        values = np.asarray(sensitive.to_numpy() if hasattr(sensitive, "to_numpy") else sensitive)
        if values.ndim != 1 or len(values) != len(X):
            got = len(values) if values.ndim == 1 else values.shape
            raise ValueError(E.LENGTH_MISMATCH.format(name=name, got=got, expected=len(X)))
    missing = pd.isna(values)
    if missing.any():
        raise ValueError(E.MISSING_SENSITIVE.format(count=int(missing.sum())))
    return values


def distinct(values: np.ndarray) -> list[Any]:
    """Sorted distinct labels (in the order pandas sorts them, which handles mixed str)."""
    labels = pd.unique(pd.Series(values)).tolist()
    try:
        return sorted(labels)
    except TypeError:  # mixed types (1 and "a"): a stable order all the same
        return sorted(labels, key=str)


def is_categorical(column: pd.Series) -> bool:
    """Categorical, text and boolean columns are categories; numbers are ordered values."""
    return not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)


def check_positive_int(value: Any, minimum: int, message: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(message.format(**{name: value}))
    return int(value)
