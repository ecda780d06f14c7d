"""Explanation disparity: how differently a model's explanation reads for each group."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E

__all__ = ["explanation_disparity"]


def explanation_disparity(importances: pd.DataFrame, *, normalize: bool = False) -> pd.DataFrame:
    """Per row of a feature-by-group table, how far apart the groups are.

    Works on any table with one row per item and one numeric column per group:
    :func:`permutation_importance_by_group` (rows = features) or
    :func:`partial_dependence_by_group` (rows = grid values).

    Parameters
    ----------
    importances : pandas.DataFrame
        Rows = features (or grid values), columns = groups (at least one).
    normalize : bool, default False
        First divide each group's column by the sum of its absolute values, so that each
        group's importances are shares of its total: compares *what the model relies on*
        across groups even where the groups' score levels (and so the sizes of the drops)
        differ. Use False for partial dependence.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``importances``, sorted by ``difference`` (descending), with columns
        ``difference`` (max - min across groups), ``max_group``, ``min_group`` (where they
        occur), and ``rank_difference`` (largest minus smallest rank of the row across the
        groups, rank 1 = most important; 0 = the same place in every group's ranking).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": [0.30, 0.01], "b": [0.05, 0.20]}, index=["zip", "income"])
    >>> explanation_disparity(table)[["difference", "max_group", "rank_difference"]]
            difference max_group  rank_difference
    zip           0.25         a                1
    income        0.19         b                1
    """
    if (
        not isinstance(importances, pd.DataFrame)
        or importances.shape[1] == 0
        or not all(pd.api.types.is_numeric_dtype(t) for t in importances.dtypes)
    ):
        raise TypeError(E.NOT_AN_IMPORTANCE_TABLE.format(kind=type(importances).__name__))
    table = importances.astype(float)
    if normalize:
        totals = table.abs().sum(axis=0).replace(0.0, np.nan)
        table = (table / totals).fillna(0.0)
    ranks = table.rank(axis=0, ascending=False, method="min")
    out = pd.DataFrame(
        {
            "difference": table.max(axis=1) - table.min(axis=1),
            "max_group": table.idxmax(axis=1),
            "min_group": table.idxmin(axis=1),
            "rank_difference": (ranks.max(axis=1) - ranks.min(axis=1)).astype(int),
        },
        index=table.index,
    )
    return out.sort_values("difference", ascending=False, kind="stable")
