"""Error messages of fairkit.explain, as constants so that tests can assert them."""

from __future__ import annotations

__all__ = [
    "BACKGROUND_CATEGORY",
    "BACKGROUND_COLUMNS",
    "BACKGROUND_EMPTY",
    "BAD_BATCH_SIZE",
    "BAD_MAX_FEATURES",
    "BAD_N_BINS",
    "BAD_N_REPEATS",
    "BAD_RESPONSE",
    "FEATURE_NOT_IN_X",
    "GRID_EMPTY",
    "LENGTH_MISMATCH",
    "MISSING_SENSITIVE",
    "MULTI_OUTPUT",
    "NOT_AN_IMPORTANCE_TABLE",
    "NOT_A_FRAME",
    "NOT_A_MODEL",
    "NO_FEATURES",
    "ONE_GROUP",
    "SENSITIVE_NOT_IN_X",
    "SHAPLEY_OUTPUT",
    "SMALL_GROUP",
    "TOO_FEW_VALUES",
    "TOO_MANY_FEATURES",
    "VALUE_NOT_A_CATEGORY",
]

NOT_A_FRAME = (
    "X must be a pandas DataFrame with named columns, got {kind}: wrap it with "
    "pd.DataFrame(X, columns=[...])"
)
SENSITIVE_NOT_IN_X = "sensitive_feature {name!r} is not a column of X; its columns are: {columns}"
FEATURE_NOT_IN_X = "feature {name!r} is not a column of X; its columns are: {columns}"
TOO_FEW_VALUES = (
    "values must hold at least two distinct values of {name!r} to swap between, got {values}"
)
VALUE_NOT_A_CATEGORY = (
    "value {value!r} is not a category of the categorical column {name!r} (categories: "
    "{categories}): add it with X[{name!r}].cat.add_categories, or leave it out of values"
)
LENGTH_MISMATCH = "{name} has {got} entries but X has {expected} rows: pass one entry per row"
MISSING_SENSITIVE = (
    "the sensitive attribute has {count} missing value(s): fill or drop those rows first"
)
ONE_GROUP = (
    "the sensitive attribute has a single group ({group!r}): association with it is "
    "undefined; pass data with at least two groups"
)
NO_FEATURES = "X has no feature columns left to analyse"
BAD_N_BINS = "n_bins must be an integer >= 2, got {n_bins!r}"
BAD_N_REPEATS = "n_repeats must be an integer >= 1, got {n_repeats!r}"
GRID_EMPTY = "the grid for feature {name!r} is empty: pass at least one value in grid"
NOT_AN_IMPORTANCE_TABLE = (
    "importances must be a DataFrame with one row per feature and one numeric column per group "
    "(as permutation_importance_by_group returns), got {kind}"
)
MULTI_OUTPUT = (
    "the model gives {count} outputs per row (a multi-class classifier?): partial dependence "
    "by group supports regressors and binary classifiers"
)
SMALL_GROUP = (
    "group {group!r} has {count} row(s): the proxy model needs at least {minimum} rows per group "
    "to hold some out for its AUC; merge or drop the group"
)
BAD_MAX_FEATURES = "max_features must be an integer >= 1, got {max_features!r}"
BAD_BATCH_SIZE = "batch_size must be an integer >= 1 (rows per model call), got {batch_size!r}"
TOO_MANY_FEATURES = (
    "exact Shapley values enumerate 2**d feature subsets: X has d={count} features, more than "
    "max_features={limit}; explain fewer columns (group related ones, drop those the model "
    "ignores), or raise max_features knowing the cost doubles with each feature"
)
BACKGROUND_COLUMNS = "background must be a DataFrame with the columns of X; missing: {missing}"
BACKGROUND_CATEGORY = (
    "background column {name!r} holds {value!r}, not a category of X[{name!r}] (categories: "
    "{categories}): give both the same categories (X[{name!r}].cat.add_categories)"
)
BACKGROUND_EMPTY = "background has no rows: pass at least one row (typically 50-200 rows of X)"
NOT_A_MODEL = (
    "model must be a fitted estimator (with predict) or a callable taking a DataFrame, got {kind}"
)
BAD_RESPONSE = (
    "response_method must be 'auto', 'predict_proba', 'decision_function' or 'predict', got "
    "{value!r}{missing}"
)
SHAPLEY_OUTPUT = (
    "the model gave output of shape {shape} for {rows} rows: Shapley values here need one "
    "number per row (a regressor, a binary classifier's probability or score)"
)
