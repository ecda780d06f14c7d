"""Input handling shared by the pre-processing mitigators (engineer PRE's files only)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fairkit.mitigation import _errors as E

__all__ = ["as_table", "numeric_matrix"]


def as_table(X: Any) -> Any:
    """``X`` as an array or pandas object (a list of rows, as scikit-learn takes it).

    The shared alignment check reads a list of lists as columns, so rows are made an array.

    Examples
    --------
    >>> as_table([[1, 2], [3, 4]]).shape
    (2, 2)
    """
    return np.asarray(X) if isinstance(X, (list, tuple)) else X


def numeric_matrix(X: Any, *, who: str) -> np.ndarray:
    """``X`` as a 2-D float array; ValueError naming the first non-numeric column.

    Examples
    --------
    >>> numeric_matrix(pd.DataFrame({"a": [1, 2]}), who="it").tolist()
    [[1.0], [2.0]]
    """
    if isinstance(X, pd.DataFrame):
        for name, dtype in X.dtypes.items():
            if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
                raise ValueError(E.FEATURES_NOT_NUMERIC.format(who=who, column=name, dtype=dtype))
        return X.to_numpy(dtype=float)
    arr = np.asarray(X)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.dtype.kind not in "biuf":
        raise ValueError(E.FEATURES_NOT_NUMERIC.format(who=who, column=0, dtype=arr.dtype))
    return arr.astype(float)
