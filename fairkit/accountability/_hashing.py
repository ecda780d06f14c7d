"""Deterministic SHA-256 fingerprints: canonical JSON, data sets and fitted estimators.

The same content gives the same hash in every process and on every machine: no ``id``, no
memory layout, no pickle (whose bytes depend on the protocol and on object identity).
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from fairkit.accountability import _errors as E

__all__ = ["canonical_json", "hash_data", "hash_model", "sha256_hex"]


def _plain(value: Any) -> Any:
    """``value`` with NumPy scalars and arrays as Python ones, non-finite floats as None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN: an undefined rate is recorded as null
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(E.NOT_JSON.format(type=type(value).__name__))


def canonical_json(value: Any) -> str:
    """One JSON text per value: sorted keys, no spaces, UTF-8, NaN written as null.

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [1.5, float("nan")]})
    '{"a":[1.5,null],"b":1}'
    """
    return json.dumps(
        _plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(text: str | bytes) -> str:
    """SHA-256 of ``text`` (UTF-8 encoded when a str), as 64 hex digits.

    Examples
    --------
    >>> sha256_hex("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _update_array(h, values: np.ndarray) -> None:
    h.update(f"shape={values.shape};".encode())
    if values.dtype.names:  # structured (e.g. a tree's nodes): field by field, no padding bytes
        for name in values.dtype.names:
            h.update(f"field={name};".encode())
            _update_array(h, values[name])
        return
    if values.dtype.kind in "biufcmM":
        native = values.astype(values.dtype.newbyteorder("<"), copy=False)
        h.update(f"dtype={native.dtype.str};".encode())
        h.update(np.ascontiguousarray(native).tobytes())
        return
    h.update(b"dtype=object;")
    h.update(canonical_json([_scalar(v) for v in values.ravel().tolist()]).encode("utf-8"))


def _scalar(value: Any) -> Any:
    try:
        return _plain(value)
    except TypeError:
        return f"{type(value).__name__}:{value}"


def _update_frame(h, frame: pd.DataFrame) -> None:
    h.update(f"frame;columns={canonical_json([str(c) for c in frame.columns])};".encode())
    _update_array(h, _column_values(frame.index))
    for name in frame.columns:
        h.update(f"column={name};".encode())
        _update_array(h, _column_values(frame[name]))


def _column_values(column) -> np.ndarray:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.astype(object).to_numpy()
    values = column.to_numpy()
    return values if values.dtype.kind in "biufcmM" else values.astype(object)


def hash_data(data: Any) -> str:
    """SHA-256 of a data set's content: a DataFrame, Series, array or list.

    Row order, column names and order, the index, dtypes and values all count; memory layout
    (C or Fortran order, views, byte order) does not.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(6).reshape(2, 3)
    >>> hash_data(x) == hash_data(np.asfortranarray(x)), hash_data(x) == hash_data(x + 1)
    (True, False)
    """
    h = hashlib.sha256()
    if isinstance(data, pd.DataFrame):
        _update_frame(h, data)
    elif isinstance(data, pd.Series):
        _update_frame(h, data.to_frame(name=str(data.name)))
    else:
        try:
            values = np.asarray(data)
        except (TypeError, ValueError) as exc:
            raise TypeError(E.NOT_DATA.format(type=type(data).__name__)) from exc
        _update_array(h, values)
    return h.hexdigest()


def _qualname(obj: Any) -> str:
    name = getattr(obj, "__qualname__", getattr(obj, "__name__", type(obj).__name__))
    return f"{getattr(obj, '__module__', None) or type(obj).__module__}.{name}"


def _fingerprint(obj: Any, depth: int = 0) -> Any:
    """A JSON-able description of ``obj`` with arrays replaced by their content hashes."""
    if depth > 50:
        raise TypeError(E.MODEL_TOO_DEEP)
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, (float, np.floating)):
        return repr(float(obj))  # keeps NaN and inf apart from null
    if isinstance(obj, np.generic):
        return _fingerprint(obj.item(), depth + 1)
    if isinstance(obj, (np.ndarray, pd.DataFrame, pd.Series)):
        return {"__data__": hash_data(obj)}
    if isinstance(obj, (list, tuple)):
        return [_fingerprint(v, depth + 1) for v in obj]
    if isinstance(obj, dict):
        return {str(k): _fingerprint(v, depth + 1) for k, v in obj.items()}
    if isinstance(obj, type) or (callable(obj) and not hasattr(obj, "get_params")):
        return {"__callable__": _qualname(obj)}
    if isinstance(obj, np.random.Generator):
        return {"__rng__": _fingerprint(obj.bit_generator.state, depth + 1)}
    if hasattr(obj, "get_params"):
        fitted = {k: v for k, v in vars(obj).items() if k.endswith("_") and not k.startswith("__")}
        return {
            "__class__": _qualname(type(obj)),
            "params": _fingerprint(obj.get_params(deep=False), depth + 1),
            "fitted": _fingerprint(fitted, depth + 1),
        }
    state = obj.__getstate__() if hasattr(obj, "__getstate__") else None
    if state is None or state is obj:
        raise TypeError(E.NOT_HASHABLE.format(type=type(obj).__name__))
    return {"__class__": _qualname(type(obj)), "state": _fingerprint(state, depth + 1)}


def hash_model(model: Any) -> str:
    """SHA-256 of a fitted scikit-learn-style estimator: its class, parameters and learnt state.

    Learnt state is every attribute ending in ``_`` (``coef_``, ``tree_``, ...), arrays hashed
    by content; nested estimators (pipelines, meta-estimators) are followed. Two fits that
    learn the same thing give the same hash; pickling and unpickling does not change it.
    Functions among the parameters are identified by their qualified name only (two lambdas
    look alike).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]
    >>> a, b = LogisticRegression().fit(X, y), LogisticRegression().fit(X, y)
    >>> hash_model(a) == hash_model(b), hash_model(a) == hash_model(b.fit(X, [0, 1, 1, 1]))
    (True, False)
    """
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    if not hasattr(model, "get_params") or not hasattr(model, "fit"):
        raise TypeError(E.NOT_AN_ESTIMATOR.format(type=type(model).__name__))
    try:
        check_is_fitted(model)
    except NotFittedError:
        raise ValueError(E.MODEL_NOT_FITTED.format(type=type(model).__name__)) from None
    return sha256_hex(canonical_json(_fingerprint(model)))
