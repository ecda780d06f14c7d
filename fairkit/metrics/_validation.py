"""Input checks shared by every metric: lengths, binary labels, weights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.metrics import _errors as E

_BINARY = {0, 1}


def _as_1d(values, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D NumPy array (Series, lists and column vectors accepted)."""
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise ValueError(E.NOT_1D.format(name=name, shape=values.shape))
        values = values.iloc[:, 0]
    arr = np.asarray(values)
    if arr.ndim == 0:  # one row given as a scalar, as Fairlearn and scikit-learn accept
        arr = arr.reshape(1)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(E.NOT_1D.format(name=name, shape=arr.shape))
    return arr


def _check_length(n: int, other: np.ndarray, name: str) -> None:
    if len(other) != n:
        raise ValueError(E.LENGTH_MISMATCH.format(name=name, n_other=len(other), n=n))


def _missing_mask(arr: np.ndarray) -> np.ndarray | None:
    """Boolean mask of NaN/None entries, or None when the dtype cannot hold them."""
    if arr.dtype.kind in "biu":
        return None
    return np.asarray(pd.isna(arr))


def _distinct(arr: np.ndarray) -> np.ndarray:
    # For integer and boolean labels min/max bound the distinct values without hashing or
    # sorting 10^7 values; other dtypes go through pandas' hash-based unique.
    if arr.dtype.kind in "biu" and arr.size:
        lo, hi = arr.min(), arr.max()
        if int(hi) - int(lo) <= 1:
            return np.unique(np.array([lo, hi]))
    return pd.unique(arr)


def _is_binary_set(labels) -> bool:
    try:
        return all(isinstance(v, (bool, int, float, np.bool_, np.number)) for v in labels) and set(
            float(v) for v in labels
        ) <= {0.0, 1.0}
    except (TypeError, ValueError):
        return False


def _format_labels(labels) -> str:
    return "{" + ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in labels) + "}"


def _binarize(arrays: dict[str, np.ndarray], pos_label) -> list[np.ndarray]:
    """The checks shared by every label array: no missing values, binary labels (or the
    given ``pos_label``); errors name the array."""
    for name, arr in arrays.items():
        mask = _missing_mask(arr)
        if mask is not None and mask.any():
            raise ValueError(E.MISSING_LABELS.format(name=name, count=int(mask.sum())))
    distinct = {name: _distinct(arr) for name, arr in arrays.items()}
    if pos_label is None:
        for name, labels in distinct.items():
            if not _is_binary_set(labels):
                raise ValueError(
                    E.NON_BINARY_LABELS.format(name=name, labels=_format_labels(labels))
                )
        return [_to_01(arr) for arr in arrays.values()]
    union = pd.unique(np.concatenate([np.asarray(d, dtype=object) for d in distinct.values()]))
    if len(union) > 2:
        raise ValueError(E.TOO_MANY_LABELS.format(count=len(union), labels=_format_labels(union)))
    if not any(_same_label(v, pos_label) for v in union):
        _check_absent_pos_label(union, pos_label)
    return [(arr == pos_label).astype(np.int8) for arr in arrays.values()]


def _kind(value) -> str:
    if isinstance(value, (str, np.str_, bytes)):
        return "string"
    if isinstance(value, (bool, int, float, np.bool_, np.number)):
        return "number"
    return type(value).__name__


def _check_absent_pos_label(union, pos_label) -> None:
    """``pos_label`` occurs nowhere: fine only if every row is plausibly a negative.

    With two labels one of them must be the positive one. With a single label, all-negative
    data (a group with no positives) is legitimate, but a label that differs from
    ``pos_label`` only in case, spacing or type ("yes" vs "Yes", 1 vs "1") is a typo that
    would silently make every rate 0.
    """
    labels = _format_labels(union)
    if len(union) == 2:
        raise ValueError(E.POS_LABEL_ABSENT.format(pos_label=pos_label, labels=labels))
    kinds = {_kind(v) for v in union}
    if kinds != {_kind(pos_label)}:
        raise ValueError(
            E.POS_LABEL_WRONG_TYPE.format(
                pos_label=pos_label,
                pos_kind=_kind(pos_label),
                kinds="/".join(sorted(kinds)),
                labels=labels,
            )
        )
    for v in union:
        if str(v).strip().casefold() == str(pos_label).strip().casefold():
            label = v.item() if hasattr(v, "item") else v
            raise ValueError(E.POS_LABEL_LOOKALIKE.format(pos_label=pos_label, label=label))


def binarize_one(y, name: str, *, pos_label=None) -> np.ndarray:
    """One label array as 0/1 integers, with errors that name it (``y_pred``, ``y_true``...)."""
    arr = _as_1d(y, name)
    if len(arr) == 0:
        raise ValueError(E.EMPTY_INPUT)
    return _binarize({name: arr}, pos_label)[0]


def binarize_labels(y_true, y_pred, *, pos_label=None) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``y_true``/``y_pred`` and return them as 0/1 integer arrays.

    With ``pos_label=None`` the labels must be {0, 1} or {False, True} (1/True positive);
    any other labels need an explicit ``pos_label``.
    """
    yt = _as_1d(y_true, "y_true")
    yp = _as_1d(y_pred, "y_pred")
    if len(yt) == 0:
        raise ValueError(E.EMPTY_INPUT)
    _check_length(len(yt), yp, "y_pred")
    yt, yp = _binarize({"y_true": yt, "y_pred": yp}, pos_label)
    return yt, yp


def _same_label(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _to_01(arr: np.ndarray) -> np.ndarray:
    """0/1 labels as integers; already-0/1 integer arrays are returned as they are (no copy:
    callers only read them)."""
    if arr.dtype.kind == "b":
        return arr.view(np.int8)
    if arr.dtype.kind == "i":
        return arr
    if arr.dtype.kind == "u":
        # Unsigned labels would turn the intp cell arithmetic into float64 (uint64 + int64
        # has no integer type in NumPy), so they become small signed integers.
        return arr.astype(np.int8)
    return (arr.astype(float) == 1.0).astype(np.int8)


def _indexes(name: str, obj):
    """(name, pandas index) of every pandas object in ``obj`` (a column container counts)."""
    if isinstance(obj, (pd.Series, pd.DataFrame)):
        yield name, obj.index
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _indexes(f"{name}[{key!r}]", value)
    elif isinstance(obj, (list, tuple)):
        for j, value in enumerate(obj):
            if isinstance(value, (pd.Series, pd.DataFrame)):
                yield f"{name}[{j}]", value.index


def warn_unaligned(**inputs) -> None:
    """Warn when pandas inputs have different indexes: rows are matched by position.

    fairkit, like scikit-learn and Fairlearn, combines row ``i`` of every input. Pandas users
    may expect alignment by index label (``df.loc``), so differing indexes are reported.
    """
    found = [
        pair for name, obj in inputs.items() if obj is not None for pair in _indexes(name, obj)
    ]
    if len(found) < 2:
        return
    first_name, first = found[0]
    others = [name for name, index in found[1:] if not index.equals(first)]
    if others:
        E.warn(
            E.UNALIGNED_INDEX.format(first=first_name, others=", ".join(others)),
            E.UnalignedIndexWarning,
        )


def check_weights(sample_weight, n: int) -> np.ndarray | None:
    """Return ``sample_weight`` as a float array (None stays None) after checking it."""
    if sample_weight is None:
        return None
    w = _as_1d(sample_weight, "sample_weight").astype(float, copy=False)
    _check_length(n, w, "sample_weight")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise ValueError(E.BAD_WEIGHTS.format(count=int(bad.sum())))
    return w
