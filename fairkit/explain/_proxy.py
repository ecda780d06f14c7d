"""Proxy detection: which features, alone and together, reveal the sensitive attribute."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from fairkit.explain import _errors as E
from fairkit.explain._association import feature_association
from fairkit.explain._validation import (
    check_frame,
    check_positive_int,
    distinct,
    groups_of,
    is_categorical,
)

__all__ = ["ProxyReport", "proxy_report"]


@dataclass(frozen=True)
class ProxyReport:
    """Result of :func:`proxy_report`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per feature, ranked by single-feature ``auc`` (then ``mutual_info``):
        ``kind``, ``mutual_info``, ``cramers_v``, ``auc`` (see :func:`feature_association`)
        and ``proxy_importance``, ``proxy_importance_std``: the drop in the proxy model's
        held-out AUC when the feature is permuted (mean and standard deviation).
    proxy_auc : float
        Held-out AUC of the proxy model, which predicts the attribute from all features
        together (one-vs-rest macro average for more than two groups). 0.5 = the features
        reveal nothing; near 1 = removing the attribute from the data removed nothing.
    model : estimator
        The fitted proxy model.
    """

    table: pd.DataFrame
    proxy_auc: float
    model: Any

    def __repr__(self) -> str:
        return f"ProxyReport(proxy_auc={self.proxy_auc:.3f})\n{self.table.round(4)}"


def default_proxy_model(X: pd.DataFrame) -> Any:
    """Logistic regression on standardised numbers and one-hot categories."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    categorical = [c for c in X.columns if is_categorical(X[c])]
    numeric = [c for c in X.columns if c not in categorical]
    encode = ColumnTransformer(
        [
            ("categories", OneHotEncoder(handle_unknown="ignore"), categorical),
            ("numbers", StandardScaler(), numeric),
        ]
    )
    return make_pipeline(encode, LogisticRegression(max_iter=1000))


def proxy_report(
    X: pd.DataFrame,
    sensitive: Any,
    *,
    estimator: Any = None,
    test_size: float = 0.3,
    n_repeats: int = 5,
    n_bins: int = 10,
    random_state: int | None = None,
) -> ProxyReport:
    """Rank the features by how well they stand in for the sensitive attribute.

    Two views: each feature alone (:func:`feature_association`: mutual information,
    Cramér's V, single-feature AUC), and all features together, through a *proxy model*
    that predicts the attribute. The proxy model is fitted on a stratified
    ``1 - test_size`` share of the rows; its AUC and its permutation importance
    (:func:`sklearn.inspection.permutation_importance`, scoring AUC) are measured on the
    held-out rest, so a model that merely memorises scores near 0.5.

    Parameters
    ----------
    X : pandas.DataFrame
        Features (the sensitive column, if present, is left out of them).
    sensitive : column label of X, or array-like of shape (n_samples,)
    estimator : classifier, optional
        Unfitted proxy model taking a DataFrame; default: logistic regression on
        standardised numbers and one-hot categories.
    test_size : float, default 0.3
    n_repeats : int, default 5
        Permutations per feature.
    n_bins : int, default 10
        Quantile bins for the mutual information of numeric features.
    random_state : int, optional
        Seeds the split and the permutations.

    Returns
    -------
    ProxyReport

    Examples
    --------
    >>> from fairkit.datasets import make_lending
    >>> data = make_lending(2000, random_state=0)
    >>> report = proxy_report(data.X.drop(columns="race"), data.frame["race"], random_state=0)
    >>> report.table.index[0], bool(report.proxy_auc > 0.8)
    ('zip_code', True)
    """
    from sklearn.base import clone
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    X = check_frame(X)
    n_repeats = check_positive_int(n_repeats, 1, E.BAD_N_REPEATS, "n_repeats")
    groups = groups_of(sensitive, X, "sensitive")
    if isinstance(sensitive, str) and sensitive in X.columns:
        X = X.drop(columns=sensitive)
    table = feature_association(X, groups, n_bins=n_bins)
    labels = distinct(groups)
    counts = pd.Series(groups).value_counts()
    if counts.min() < 5:
        small = counts.idxmin()
        raise ValueError(E.SMALL_GROUP.format(group=small, count=int(counts.min()), minimum=5))
    target = pd.Series(groups).map({g: i for i, g in enumerate(labels)}).to_numpy()
    X_fit, X_test, t_fit, t_test = train_test_split(
        X, target, test_size=test_size, stratify=target, random_state=random_state
    )
    model = clone(estimator) if estimator is not None else default_proxy_model(X)
    model.fit(X_fit, t_fit)
    binary = len(labels) == 2
    scoring = "roc_auc" if binary else "roc_auc_ovr"
    proba = model.predict_proba(X_test)
    auc = (
        roc_auc_score(t_test, proba[:, 1])
        if binary
        else roc_auc_score(t_test, proba, multi_class="ovr")
    )
    result = permutation_importance(
        model, X_test, t_test, scoring=scoring, n_repeats=n_repeats, random_state=random_state
    )
    importance = pd.DataFrame(
        {
            "proxy_importance": result.importances_mean,
            "proxy_importance_std": result.importances_std,
        },
        index=X.columns,
    )
    table = table.join(importance)
    return ProxyReport(table=table, proxy_auc=float(auc), model=model)
