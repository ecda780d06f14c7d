"""How much each feature alone tells about the sensitive attribute: MI, Cramér's V, AUC."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E
from fairkit.explain._validation import (
    check_frame,
    check_positive_int,
    distinct,
    groups_of,
    is_categorical,
)

__all__ = ["feature_association"]


def _codes(column: pd.Series, categorical: bool, n_bins: int) -> np.ndarray:
    """Integer codes of a categorical column, or of quantile bins of a numeric one."""
    if categorical or column.nunique() <= n_bins:
        return pd.factorize(column.astype(object), use_na_sentinel=False)[0]
    # Equal-frequency bins; repeated edges (many ties) merge bins rather than fail.
    return pd.qcut(column, n_bins, labels=False, duplicates="drop").to_numpy()


def _mutual_information(a: np.ndarray, b: np.ndarray) -> float:
    from sklearn.metrics import mutual_info_score

    return float(mutual_info_score(a, b))  # natural log: nats


def _cramers_v(a: np.ndarray, b: np.ndarray) -> float:
    """Cramér's V without bias correction (scipy.stats.contingency.association's "cramer")."""
    table = pd.crosstab(a, b).to_numpy(dtype=float)
    if min(table.shape) < 2:
        return 0.0
    n = table.sum()
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    """AUC of ``score`` for ``positive`` by ranks (Mann-Whitney; ties count one half)."""
    ranks = pd.Series(score).rank(method="average").to_numpy()
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _separation(column: pd.Series, categorical: bool, groups: np.ndarray, labels) -> float:
    """Orientation-free single-feature AUC; one-vs-rest macro average for > 2 groups."""
    targets = labels[1:] if len(labels) == 2 else labels
    aucs = []
    for label in targets:
        positive = groups == label
        if categorical:
            # Each category scored by its share of the group (in-sample target encoding):
            # the best ordering of the categories, hence >= 0.5 by construction.
            score = pd.Series(positive).groupby(column.astype(object).to_numpy()).transform("mean")
            score = score.to_numpy()
        else:
            score = column.to_numpy(dtype=float)
        auc = _auc(score, positive)
        aucs.append(max(auc, 1.0 - auc))
    return float(np.mean(aucs))


def feature_association(
    X: pd.DataFrame, sensitive: Any, *, n_bins: int = 10, features: list | None = None
) -> pd.DataFrame:
    """Per feature, how strongly it alone is associated with the sensitive attribute.

    Parameters
    ----------
    X : pandas.DataFrame
        Features. Categorical, text and boolean columns are treated as categories, numeric
        columns as ordered values.
    sensitive : column label of X, or array-like of shape (n_samples,)
        The sensitive attribute (a column of ``X`` is left out of the features).
    n_bins : int, default 10
        A numeric feature with more distinct values than this is cut into ``n_bins``
        quantile bins for the mutual information (``pd.qcut``; bins whose edges coincide
        are merged); one with fewer is taken value by value.
    features : list, optional
        Columns to analyse; default: all except the sensitive one.

    Returns
    -------
    pandas.DataFrame
        Indexed by feature, sorted by ``auc`` (then ``mutual_info``), descending, with:

        - ``kind``: ``"categorical"`` or ``"numeric"``;
        - ``mutual_info``: mutual information with the attribute in nats (natural log), of
          the categories, values or quantile bins;
        - ``cramers_v``: Cramér's V *without* bias correction, for categorical features
          (NaN for numeric ones);
        - ``auc``: single-feature AUC, orientation-free (``max(AUC, 1 - AUC)``, so 0.5 = no
          information, 1 = perfect separation). A numeric feature is its own score; a
          categorical one scores each category by the share of the group in it, in-sample,
          so it fits noise: under independence 10 categories give about 0.53 at n = 4000,
          more with more or rarer categories (compare with the held-out ``proxy_auc`` of
          :func:`proxy_report`). Binary attribute: the second
          group (sorted) is the positive class; more groups: one-vs-rest, macro average.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"g": ["a", "a", "b", "b"], "zip": ["1", "1", "2", "2"],
    ...                   "x": [1.0, 2.0, 1.5, 2.5]})
    >>> feature_association(X, "g", n_bins=2)["auc"].round(3).to_dict()
    {'zip': 1.0, 'x': 0.75}
    """
    X = check_frame(X)
    n_bins = check_positive_int(n_bins, 2, E.BAD_N_BINS, "n_bins")
    groups = groups_of(sensitive, X, "sensitive")
    labels = distinct(groups)
    if len(labels) < 2:
        raise ValueError(E.ONE_GROUP.format(group=labels[0] if labels else None))
    own = [sensitive] if isinstance(sensitive, str) and sensitive in X.columns else []
    names = [c for c in X.columns if c not in own] if features is None else list(features)
    if not names:
        raise ValueError(E.NO_FEATURES)
    group_codes = pd.factorize(pd.Series(groups).astype(object))[0]
    rows = {}
    for name in names:
        column = X[name].reset_index(drop=True)
        categorical = is_categorical(column)
        codes = _codes(column, categorical, n_bins)
        rows[name] = {
            "kind": "categorical" if categorical else "numeric",
            "mutual_info": _mutual_information(codes, group_codes),
            "cramers_v": _cramers_v(codes, group_codes) if categorical else np.nan,
            "auc": _separation(column, categorical, groups, labels),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "feature"
    return table.sort_values(["auc", "mutual_info"], ascending=False, kind="stable")
