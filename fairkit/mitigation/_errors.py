"""Error messages of fairkit.mitigation, as constants so that tests can assert them.

Every message names what was wrong (which argument, which group) and what to do.
"""

from __future__ import annotations

__all__ = [  # noqa: RUF022 (one sorted section per mitigation family)
    "BAD_LABELS",
    "GROUP_WITHOUT_LABEL",
    "LABELS_LENGTH",
    "NOT_FITTED",
    "NO_SAMPLE_WEIGHT",
    "SENSITIVE_INDEX",
    "SENSITIVE_LENGTH",
    "SINGLE_GROUP",
    "UNKNOWN_OPTION",
    # reductions and FairLogisticRegression (engineer RED)
    "RED_BAD_BOUND",
    "RED_BAD_EPS",
    "RED_NOT_CLASSIFIER",
    "RED_FEATURES_NOT_NUMERIC",
    "RED_BAD_COVARIANCE_BOUND",
    "RED_OPTIMISER_FAILED",
    "RED_ONE_CLASS",
    # pre-processing (Reweighing, Resampler, CorrelationRemover, DisparateImpactRemover)
    "ALPHA_RANGE",
    "FEATURE_ALL_MISSING",
    "FEATURES_NOT_NUMERIC",
    "FEATURE_COUNT",
    "RANKER_NO_SCORES",
    "REPAIR_LEVEL_RANGE",
    "SENSITIVE_ID_MISSING",
    "UNSEEN_GROUP",
    # adversarial debiasing
    "ADV_ADVERSARY_KEYS",
    "ADV_ADVERSARY_SIZE",
    "ADV_NOT_BINARY_GROUPS",
    "ADV_NOT_TWO_CLASSES",
    "ADV_POSITIVE",
    "ADV_PREDICTOR_KEYS",
    # post-processing (engineer POST)
    "POST_BAD_MARGIN",
    "POST_BAD_SCORES",
    "POST_BAD_TOLERANCES",
    "POST_DEPRIVED_UNKNOWN",
    "POST_NO_SCORES",
    "POST_UNSEEN_GROUP",
]

LABELS_LENGTH = "y has {got} labels but X has {n} rows: pass one label per row of X."
SENSITIVE_LENGTH = (
    "sensitive_features has {got} rows but X has {n}: pass one group label per row of X "
    "(the same rows, in the same order)."
)
SENSITIVE_INDEX = (
    "sensitive_features and X are pandas objects with different indexes ({detail}): "
    "align them first (e.g. sensitive_features.loc[X.index]) or pass NumPy arrays."
)
SINGLE_GROUP = (
    "only one group ({group}) occurs in sensitive_features: a fairness mitigation needs at "
    "least two groups to compare."
)
GROUP_WITHOUT_LABEL = (
    "group {group} has no {which} (y == {label}) in the training data, so {why}: collect more "
    "data for this group, merge it with another, or drop the constraint that needs it."
)
NO_SAMPLE_WEIGHT = (
    "{estimator} does not accept sample_weight in fit(): {who} needs a classifier whose fit "
    "takes sample_weight (e.g. LogisticRegression, DecisionTreeClassifier)."
)
BAD_LABELS = "{name} must be a 1-D array of 0/1 labels (1 = the favourable outcome); got {got}."
UNKNOWN_OPTION = "{name} must be one of {allowed}, got {value!r}."
NOT_FITTED = "this {estimator} is not fitted yet: call fit(...) before {method}(...)."

# pre-processing (engineer PRE)
ALPHA_RANGE = "alpha must be a number in [0, 1] (1 = remove all linear correlation), got {value!r}."
REPAIR_LEVEL_RANGE = (
    "repair_level must be a number in [0, 1] (0 = no change, 1 = full repair), got {value!r}."
)
SENSITIVE_ID_MISSING = (
    "sensitive_feature_ids {missing!r} are not columns of X (its columns are {columns}): "
    "pass column names for a DataFrame, positions 0..{last} for an array."
)
FEATURES_NOT_NUMERIC = (
    "{who} needs numeric features, but column {column!r} is {dtype}: encode it first "
    "(e.g. one-hot with pandas.get_dummies) or drop it."
)
FEATURE_COUNT = (
    "X has {got} features but this {who} was fitted on {expected}: pass the same columns."
)
UNSEEN_GROUP = (
    "group {group} of sensitive_features did not occur when this {who} was fitted: "
    "fit it on data that contains every group you transform."
)
RANKER_NO_SCORES = (
    "ranker {ranker} has neither predict_proba nor decision_function: preferential sampling "
    "needs a score that ranks rows by how close they are to the decision boundary."
)
FEATURE_ALL_MISSING = (
    "feature {column!r} has no observed value in group {group}, so its distribution there is "
    "unknown: impute the feature or leave it out of the repair."
)

# -- adversarial debiasing --------------------------------------------------------------------
ADV_PREDICTOR_KEYS = (
    "predictor must be a dict with keys ['b', 'w'] or ['w'] (logistic) or "
    "['W1', 'b', 'b1', 'w'] (one hidden layer); got keys {got}."
)
ADV_ADVERSARY_KEYS = "adversary must be a dict with keys ['b', 'c', 'u']; got keys {got}."
ADV_ADVERSARY_SIZE = (
    "adversary['u'] must hold {need} weight(s) for constraint={constraint!r} (s, then s*y and "
    "s*(1-y) for equalized odds); got {got}."
)
ADV_NOT_BINARY_GROUPS = (
    "AdversarialDebiasing needs exactly two groups in sensitive_features (its adversary "
    "predicts a binary attribute); got {count}: {groups}. Merge groups into two (e.g. one "
    "group against the rest) and fit one model per comparison."
)
ADV_NOT_TWO_CLASSES = (
    "Only binary classification is supported: AdversarialDebiasing needs y with exactly two "
    "classes; got {count} class(es): {classes}."
)
ADV_POSITIVE = "{name} must be a positive {kind}; got {value!r}."

# post-processing (engineer POST)
POST_BAD_SCORES = (
    "scores must be a 1-D array of finite numbers, one per row (e.g. predict_proba(X)[:, 1]); "
    "got {got}."
)
POST_BAD_TOLERANCES = (
    "tolerances must be a non-empty list of finite numbers >= 0 (allowed constraint "
    "violations), got {got}."
)
POST_NO_SCORES = (
    "{estimator} has none of predict_proba, decision_function: {who} needs a score per row "
    "to set thresholds on (use a probabilistic classifier such as LogisticRegression)."
)
POST_BAD_MARGIN = (
    "margin must be None (search for the smallest that meets max_violation) or a number in "
    "[0, 0.5] (half-width of the critical region around the threshold), got {value!r}."
)
POST_DEPRIVED_UNKNOWN = (
    "deprived group(s) {missing!r} do not occur in sensitive_features (its groups are "
    "{groups}): pass labels exactly as they appear there."
)
POST_UNSEEN_GROUP = (
    "group {group} of sensitive_features did not occur when this {who} was fitted, so it has "
    "no thresholds: fit on data that contains every group you predict for."
)

# reductions and FairLogisticRegression (engineer RED)
RED_BAD_BOUND = "{name}: difference_bound must be a number in [0, 1), got {value!r}."
RED_BAD_EPS = "{name}: {param} must be a positive number, got {value!r}."
RED_NOT_CLASSIFIER = (
    "{estimator} has no fit/predict: ExponentiatedGradient needs a scikit-learn classifier "
    "(e.g. LogisticRegression()) as its estimator."
)
RED_FEATURES_NOT_NUMERIC = (
    "column {column!r} of X is not numeric ({dtype}): FairLogisticRegression fits a linear model "
    "on numbers; one-hot encode it or drop it (e.g. pd.get_dummies(X))."
)
RED_BAD_COVARIANCE_BOUND = (
    "covariance_bound must be a non-negative number (0 = decision boundary uncorrelated with "
    "every group), got {value!r}."
)
RED_OPTIMISER_FAILED = (
    "FairLogisticRegression: SLSQP found no solution ({message}); loosen covariance_bound, "
    "raise max_iter, or use fairness='penalty'."
)
RED_ONE_CLASS = (
    "Only binary classification is supported. y holds {count} classes ({classes}): {who} "
    "needs exactly two labels (1 = the favourable outcome)."
)
