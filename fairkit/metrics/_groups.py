"""Turn sensitive features (one or several columns) into integer group codes, once.

Every metric then works on the codes: one ``np.bincount`` per table, no Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairkit.metrics import _errors as E
from fairkit.metrics._counts import count_table
from fairkit.metrics._validation import _check_length

# Integer columns whose value range is at most this many times the row count are mapped with a
# dense lookup table (O(n), no hashing); wider ranges fall back to pandas' hash factorisation.
_DENSE_RANGE_FACTOR = 4
_MAX_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Groups:
    """Group membership of every row.

    Attributes
    ----------
    codes : ndarray of intp, or None
        Group number of each row, in ``range(n_groups)``; None where a MetricFrame needed
        only the count table (see :func:`grouped_count_table`).
    index : pandas.Index or pandas.MultiIndex
        Label of each group number (one level per sensitive feature); only groups that occur.
    """

    codes: np.ndarray | None
    index: pd.Index

    @property
    def n_groups(self) -> int:
        return len(self.index)


def _is_list_of_arrays(features) -> bool:
    # The first item decides, so a long list of scalars is not scanned item by item.
    return isinstance(features, (list, tuple)) and len(features) > 0 and np.ndim(features[0]) >= 1


def _list_columns(features, n: int, prefix: str) -> dict:
    """A list of arrays is one array per feature (never rows: that would silently transpose
    a list whose length happens to equal the row count)."""
    lengths = [np.shape(v)[0] if np.ndim(v) else 1 for v in features]
    bad = [j for j, length in enumerate(lengths) if length != n]
    if bad:
        raise ValueError(
            E.SENSITIVE_LIST_LENGTHS.format(
                what=f"{prefix}s",
                k=len(features),
                bad=", ".join(map(str, bad)),
                lengths=", ".join(str(lengths[j]) for j in bad),
                n=n,
            )
        )
    names = [
        values.name
        if isinstance(values, pd.Series) and values.name is not None
        else f"{prefix}_{j}"
        for j, values in enumerate(features)
    ]
    if len(set(map(str, names))) < len(names):
        raise ValueError(E.DUPLICATE_FEATURE_NAME.format(name=_first_duplicate(names)))
    return {str(name): values for name, values in zip(names, features, strict=True)}


def _first_duplicate(names) -> str | None:
    seen = set()
    for name in map(str, names):
        if name in seen:
            return name
        seen.add(name)
    return None


def _columns(features, n: int, prefix: str = "sensitive_feature") -> dict:
    """Split the accepted input forms into named 1-D columns."""
    if isinstance(features, pd.DataFrame):
        names = [str(c) for c in features.columns]
        if len(set(names)) < len(names):
            raise ValueError(E.DUPLICATE_FEATURE_NAME.format(name=_first_duplicate(names)))
        cols = {name: features.iloc[:, j] for j, name in enumerate(names)}
    elif isinstance(features, pd.Series):
        name = features.name
        cols = {f"{prefix}_0" if name is None else str(name): features}
    elif isinstance(features, Mapping):
        cols = {str(k): v for k, v in features.items()}
        if len(cols) < len(features):  # keys such as 1 and "1"
            raise ValueError(E.DUPLICATE_FEATURE_NAME.format(name=_first_duplicate(features)))
    elif _is_list_of_arrays(features):
        cols = _list_columns(features, n, prefix)
    else:
        arr = np.asarray(features)
        if arr.ndim == 0:  # a single row given as a scalar
            arr = arr.reshape(1)
        if arr.ndim == 1:
            cols = {f"{prefix}_0": arr}
        elif arr.ndim == 2:
            cols = {f"{prefix}_{j}": arr[:, j] for j in range(arr.shape[1])}
        else:
            raise ValueError(E.SENSITIVE_NOT_TABULAR.format(shape=arr.shape))
    if not cols:
        raise ValueError(E.SENSITIVE_EMPTY)
    return cols


def _factorize_column(values) -> tuple[np.ndarray, np.ndarray, bool]:
    """Codes, candidate values, and whether codes may be -1 (missing), for one column.

    Candidate values may include values that do not occur (a categorical's unused categories,
    the gaps in an integer range); ``_compress`` drops them later, in the same pass that
    finds the observed combinations.
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(np.intp), values.cat.categories.to_numpy(), True
    arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    if arr.dtype.kind in "biu" and arr.size:
        lo, hi = int(arr.min()), int(arr.max())
        # uint64 values beyond intp cannot be offset in intp: they go to pandas below.
        if hi - lo <= _DENSE_RANGE_FACTOR * arr.size and hi <= np.iinfo(np.intp).max:
            # Integers cannot be missing, and their offsets from the minimum are codes.
            codes = arr if lo == 0 and arr.dtype.kind == "i" else arr.astype(np.intp) - lo
            return codes, np.arange(lo, hi + 1).astype(arr.dtype), False
    try:
        codes, uniques = pd.factorize(arr, sort=True)
    except TypeError:  # mixed types that do not sort: keep order of appearance
        codes, uniques = pd.factorize(arr, sort=False)
    return codes.astype(np.intp, copy=False), np.asarray(uniques), True


def _fill_missing(codes, uniques, name, missing_group, message=E.SENSITIVE_MISSING):
    missing = codes < 0
    if not missing.any():
        return codes, uniques
    if missing_group is None:
        rows = np.flatnonzero(missing)
        shown = ", ".join(map(str, rows[:_MAX_ROWS_SHOWN])) + (", ..." if len(rows) > 5 else "")
        raise ValueError(message.format(column=name, count=len(rows), rows=shown))
    codes = np.where(missing, len(uniques), codes)
    return codes, np.append(np.asarray(uniques, dtype=object), missing_group)


def _compress(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Renumber the values of ``codes`` (< size) that occur as 0..k-1; return codes, observed."""
    if size <= _DENSE_RANGE_FACTOR * max(len(codes), 1):
        present = np.bincount(codes, minlength=size) > 0
        if present.all():  # every value occurs (the common case): codes are already dense
            return codes, np.arange(size)
        return (np.cumsum(present) - 1)[codes], np.flatnonzero(present)
    observed, dense = np.unique(codes, return_inverse=True)
    return dense, observed


def _combine(codes_list, sizes) -> tuple[np.ndarray, list[np.ndarray]]:
    """Codes of the observed combinations and, per column, each combination's value index.

    With few possible combinations the codes are combined and compressed once; otherwise
    compressing after each column keeps the running number of combinations <= n, so the
    product of many wide columns cannot overflow.
    """
    n = len(codes_list[0])
    if len(codes_list) > 1 and np.prod(sizes, dtype=float) <= _DENSE_RANGE_FACTOR * max(n, 1):
        # Few combinations: build every row's combination code, then compress once.
        merged = np.asarray(codes_list[0], dtype=np.intp).copy()
        for codes, size in zip(codes_list[1:], sizes[1:], strict=True):
            merged *= size
            merged += codes
        combined, observed = _compress(merged, int(np.prod(sizes)))
        return combined, list(np.unravel_index(observed, sizes))
    combined, observed = _compress(codes_list[0], sizes[0])
    levels = [observed]
    for codes, size in zip(codes_list[1:], sizes[1:], strict=True):
        merged = np.multiply(combined, size, dtype=np.intp)
        merged += codes
        combined, observed = _compress(merged, len(levels[0]) * size)
        previous, value = np.divmod(observed, size)
        levels = [level[previous] for level in levels] + [value]
    return combined, levels


def _named_columns(sensitive_features, control_features, n: int) -> dict:
    """Every feature column, control features first (they are the outer index levels):
    name -> (values, what the error messages call it, missing-value message)."""
    out = {}
    if control_features is not None:
        for name, values in _columns(control_features, n, "control_feature").items():
            out[name] = (values, f"control feature {name!r}", E.CONTROL_MISSING)
    for name, values in _columns(sensitive_features, n).items():
        if name in out:
            raise ValueError(E.DUPLICATE_FEATURE_NAME.format(name=name))
        out[name] = (values, f"sensitive feature {name!r}", E.SENSITIVE_MISSING)
    return out


def _factorize_all(sensitive_features, n: int, missing_group, control_features=None):
    """Names, codes and candidate values of every feature column (validated)."""
    cols = _named_columns(sensitive_features, control_features, n)
    codes_list, uniques_list = [], []
    for name, (values, label, missing_message) in cols.items():
        if np.ndim(values) == 0:
            values = np.reshape(values, 1)
        if np.ndim(values) != 1:
            raise ValueError(E.NOT_1D.format(name=label, shape=np.shape(values)))
        _check_length(n, values, label)
        codes, uniques, may_be_missing = _factorize_column(values)
        if may_be_missing:
            codes, uniques = _fill_missing(codes, uniques, name, missing_group, missing_message)
        codes_list.append(codes)
        uniques_list.append(uniques)
    return list(cols), codes_list, uniques_list


def _index(names, uniques_list, levels) -> pd.Index:
    if len(names) == 1:
        return pd.Index(uniques_list[0][levels[0]], name=names[0])
    return pd.MultiIndex.from_arrays(
        [u[level] for u, level in zip(uniques_list, levels, strict=True)], names=names
    )


def factorize_groups(
    sensitive_features, n: int, *, missing_group=None, control_features=None
) -> Groups:
    """Factorise sensitive features into one group code per row.

    Several columns form intersectional groups; combinations that never occur are not groups.
    Control features, if given, come first (the outer levels of the index).
    """
    names, codes_list, uniques_list = _factorize_all(
        sensitive_features, n, missing_group, control_features
    )
    codes, levels = _combine(codes_list, [len(u) for u in uniques_list])
    return Groups(codes=codes, index=_index(names, uniques_list, levels))


def grouped_count_table(sensitive_features, yt, yp, *, missing_group=None, control_features=None):
    """Group labels and the unweighted ``(n_groups, 2, 2)`` count table, in one pass.

    The fast path of :class:`MetricFrame`: when every combination of sensitive values fits
    in a dense table, each row's cell ``4 * combination + 2 * y_true + y_pred`` is built in
    place and counted once, and combinations that never occur are dropped from the table
    afterwards, so no per-row group code is ever materialised. Returns ``(index, table)``.
    """
    n = len(yt)
    names, codes_list, uniques_list = _factorize_all(
        sensitive_features, n, missing_group, control_features
    )
    sizes = [len(u) for u in uniques_list]
    size = int(np.prod(sizes, dtype=float))
    if size > _DENSE_RANGE_FACTOR * max(n, 1):
        codes, levels = _combine(codes_list, sizes)
        return _index(names, uniques_list, levels), count_table(codes, len(levels[0]), yt, yp)
    cell = np.asarray(codes_list[0], dtype=np.intp).copy()  # never write into the input
    for codes, k in zip(codes_list[1:], sizes[1:], strict=True):
        cell *= k
        cell += codes
    cell <<= 1
    cell += yt
    cell <<= 1
    cell += yp
    full = np.bincount(cell, minlength=4 * size).reshape(size, 2, 2)
    observed = np.flatnonzero(full.sum(axis=(1, 2)) > 0)
    levels = list(np.unravel_index(observed, sizes))
    return _index(names, uniques_list, levels), full[observed]
