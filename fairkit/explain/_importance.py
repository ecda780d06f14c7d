"""Permutation importance measured separately within each group."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fairkit.explain import _errors as E
from fairkit.explain._validation import check_frame, check_positive_int, distinct, groups_of

__all__ = ["permutation_importance_by_group"]


def permutation_importance_by_group(
    model: Any,
    X: pd.DataFrame,
    y: Any,
    *,
    sensitive_features: Any,
    scoring: Any = None,
    n_repeats: int = 5,
    random_state: int | None = None,
    sample_weight: Any = None,
    return_std: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """How much each feature matters to the model, within each group.

    For every group, :func:`sklearn.inspection.permutation_importance` on that group's rows
    only: the drop in ``scoring`` when one feature's values are shuffled among the group's
    rows. A feature the model leans on for one group and not another, or a proxy of the
    group that matters overall, shows up as a difference between columns
    (see :func:`explanation_disparity`).

    Parameters
    ----------
    model : fitted estimator taking a DataFrame with the columns of ``X``
    X : pandas.DataFrame
    y : array-like of shape (n_samples,)
    sensitive_features : column label of X, or array-like of shape (n_samples,)
        Group of each row. A column of ``X`` stays in ``X`` (the model may use it); it is
        constant within a group, so its importance there is 0.
    scoring : str, callable or None
        As in scikit-learn (None: the model's ``score``, accuracy for a classifier).
    n_repeats : int, default 5
    random_state : int, optional
        The same seed is passed to every group's call, so each group's column equals
        ``permutation_importance(model, X[rows], y[rows], random_state=random_state)``.
    sample_weight : array-like, optional
    return_std : bool, default False
        Also return the standard deviations over repeats, as a second table.

    Returns
    -------
    pandas.DataFrame, or (means, stds)
        Indexed by feature (in the order of ``X``), one column per group (sorted).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"used": rng.normal(size=200), "unused": rng.normal(size=200)})
    >>> model = LinearRegression().fit(X, 2 * X["used"])
    >>> table = permutation_importance_by_group(
    ...     model, X, 2 * X["used"], sensitive_features=rng.choice(["a", "b"], 200),
    ...     scoring="neg_mean_squared_error", random_state=0)
    >>> bool((table.loc["used"] > 1).all()), bool((table.loc["unused"].abs() < 1e-9).all())
    (True, True)
    """
    from sklearn.inspection import permutation_importance

    X = check_frame(X)
    n_repeats = check_positive_int(n_repeats, 1, E.BAD_N_REPEATS, "n_repeats")
    groups = groups_of(sensitive_features, X)
    y = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
    if len(y) != len(X):
        raise ValueError(E.LENGTH_MISMATCH.format(name="y", got=len(y), expected=len(X)))
    weight = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    means, stds = {}, {}
    for group in distinct(groups):
        rows = groups == group
        result = permutation_importance(
            model,
            X[rows],
            y[rows],
            scoring=scoring,
            n_repeats=n_repeats,
            random_state=random_state,
            sample_weight=None if weight is None else weight[rows],
        )
        means[group] = result.importances_mean
        stds[group] = result.importances_std
    mean_table = pd.DataFrame(means, index=pd.Index(X.columns, name="feature"))
    if not return_std:
        return mean_table
    return mean_table, pd.DataFrame(stds, index=mean_table.index)
