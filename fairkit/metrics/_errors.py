"""Warning classes and the text of every error and warning message.

Messages live here as constants so tests (and learners) can match them exactly.
"""

import os
import sys
import warnings

__all__ = [
    "FairkitWarning",
    "GroupsSkippedWarning",
    "SingleGroupWarning",
    "UndefinedMetricWarning",
]


class FairkitWarning(UserWarning):
    """Base class of every warning fairkit emits."""


class UndefinedMetricWarning(FairkitWarning):
    """A rate is 0/0 for some group (e.g. TPR of a group with no positives)."""


class SingleGroupWarning(FairkitWarning):
    """A between-group comparison was asked for, but only one group is present."""


class GroupsSkippedWarning(FairkitWarning):
    """An aggregate over groups skipped groups whose value is undefined (NaN)."""


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def warn(message: str, category: type[Warning]) -> None:
    """Warn, attributed to the first caller outside fairkit (the learner's line of code)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


# Input validation
LENGTH_MISMATCH = (
    "{name} has {n_other} rows but y_true has {n} rows; they must have the same length."
)
EMPTY_INPUT = "y_true is empty: at least one row is needed to compute a metric."
NOT_1D = "{name} must be one-dimensional, got an array of shape {shape}."
MISSING_LABELS = "{name} contains {count} missing value(s) (NaN/None); labels must all be present."
NON_BINARY_LABELS = (
    "{name} has labels {labels}, which are not {{0, 1}} or {{False, True}}: pass pos_label= "
    "to say which label is the positive (favourable) one."
)
TOO_MANY_LABELS = (
    "y_true and y_pred together have {count} distinct labels {labels}; these metrics are for "
    "binary decisions (at most 2 labels)."
)
POS_LABEL_ABSENT = (
    "pos_label={pos_label!r} does not occur in y_true or y_pred, whose labels are {labels}; "
    "check its spelling and type."
)
BAD_WEIGHTS = "sample_weight must be finite and non-negative; found {count} invalid value(s)."
SENSITIVE_MISSING = (
    "sensitive feature {column!r} has {count} missing value(s) (NaN/None) in rows {rows}; "
    "drop or impute them, or pass missing_group='<label>' to treat them as a group of their own."
)
SENSITIVE_EMPTY = "sensitive_features has no columns."
SENSITIVE_NOT_TABULAR = "sensitive_features must be 1-D or 2-D, got an array of shape {shape}."
BAD_METHOD = "method must be 'between_groups' or 'to_overall', got {method!r}."
BAD_AGG = "agg must be 'worst_case' or 'mean', got {agg!r}."
BAD_NAN_POLICY = "nan_policy must be 'raise', 'omit' or 'propagate', got {nan_policy!r}."
BAD_ZERO_DIVISION = "zero_division must be 'warn', a number or np.nan, got {value!r}."
NAN_GROUPS_RAISE = "{metric} is undefined (NaN) for group(s) {groups}, and nan_policy='raise'."
NAN_GROUPS_SKIPPED = "{metric} is undefined (NaN) for group(s) {groups}; they were left out."
UNDEFINED_RATE = "{metric} is undefined (0/0) for group(s) {groups}: {reason}. Reported as NaN."
UNDEFINED_RATE_OVERALL = "{metric} is undefined (0/0): {reason}. Reported as NaN."
SINGLE_GROUP = (
    "only one group ({group}) is present in sensitive_features: the difference is 0 and the "
    "ratio 1 by definition, which says nothing about fairness."
)
PRIVILEGED_ABSENT = (
    "privileged_group={group!r} does not occur in sensitive_features; groups present: {groups}."
)
PRIVILEGED_ONLY = "every row belongs to privileged_group={group!r}: there is no one to compare to."
BAD_METRIC = "metrics must be a callable or a dict of name -> callable, got {type_name}."
SCORES_OUT_OF_RANGE = "y_score must lie in [0, 1] (probabilities); found values from {lo} to {hi}."
BAD_N_BINS = "n_bins must be an integer >= 1, got {n_bins!r}."
BAD_STRATEGY = "strategy must be 'uniform' or 'quantile', got {strategy!r}."
BAD_ALPHA = "alpha must be a finite number, got {alpha!r}."
ZERO_MEAN_BENEFIT = (
    "the mean benefit is 0 (every row has y_true = 1 and y_pred = 0): the generalized entropy "
    "index is undefined. Reported as NaN."
)
X_NOT_2D = "X must be a 2-D array of numbers (rows x features), got shape {shape}."
X_NOT_FINITE = "X must contain only finite numbers; found {count} NaN or infinite value(s)."
BAD_N_NEIGHBORS = (
    "n_neighbors must be an integer from 1 to {max_k} (rows - 1 when exclude_self=True), got "
    "{n_neighbors!r}."
)
BAD_N_BOOT = "n_boot must be an integer >= 2, got {n_boot!r}."
BAD_CONFIDENCE = "confidence must be strictly between 0 and 1, got {confidence!r}."
NAN_BOOTSTRAP = (
    "{count} of {n_boot} bootstrap replicates gave NaN (an undefined metric in a resample); "
    "the interval uses the others. Small groups make this likely."
)
ZERO_WEIGHT_GROUPS = (
    "group(s) {groups} have zero total weight: they are kept as rows, and every rate is "
    "undefined (NaN) for them."
)
ZERO_TOTAL_WEIGHT = "the total weight is 0: the generalized entropy index is undefined (NaN)."
