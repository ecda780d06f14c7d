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
    "UnalignedIndexWarning",
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


class UnalignedIndexWarning(FairkitWarning):
    """Pandas inputs with different indexes were combined by position, not by index label."""


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
CONTROL_MISSING = (
    "control feature {column!r} has {count} missing value(s) (NaN/None) in rows {rows}; "
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
SINGLE_GROUP_IN_STRATA = (
    "only one group is present in control stratum/strata {strata}: there the difference is 0 "
    "and the ratio 1 by definition, which says nothing about fairness."
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

# Bootstrap intervals and the permutation test (_bootstrap, _permutation)
BAD_BOOT_METHOD = (
    "method must be 'auto', 'percentile', 'basic', 'bca' or 'pairwise', got {method!r}; to "
    "pass a gap's own method= (e.g. 'to_overall'), use functools.partial(gap, method=...)."
)
BAD_UNDEFINED = "undefined must be 'drop', 'omit', 'raise' or 'propagate', got {undefined!r}."
BAD_BLOCK_SIZE = "block_size must be None or an integer >= 1, got {block_size!r}."
BAD_N_PERMUTATIONS = "n_permutations must be an integer >= 1, got {n_permutations!r}."
PAIRWISE_NEEDS_GAP = (
    "method='pairwise' needs one of fairkit's unsigned gaps over groups (e.g. "
    "demographic_parity_difference, equalized_odds_ratio) and sensitive_features; {metric} "
    "is not one: use method='bca', 'basic' or 'percentile'."
)
GAP_TEST_NOT_A_GAP = (
    "gap_test needs a metric that compares groups (a gap, a ratio or a privileged-group "
    "comparison); {metric} is a rate over all rows."
)
UNDEFINED_REPLICATES = (
    "{metric} was undefined (0/0) for a group in {count} of {n_boot} bootstrap replicates "
    "(replicates per group: {groups}); {action}"
)
UNDEFINED_ACTIONS = {
    "drop": "they were left out of the interval (undefined='drop').",
    "omit": "those groups were left out of those replicates (undefined='omit').",
    "propagate": "the interval is NaN (undefined='propagate').",
}
UNDEFINED_REPLICATES_RAISE = (
    "{metric} was undefined (0/0) for a group in {count} of {n_boot} bootstrap replicates "
    "(replicates per group: {groups}), and undefined='raise'; pass undefined='drop', 'omit' "
    "or 'propagate', or merge small groups."
)
NAN_BOOTSTRAP_PROPAGATE = (
    "{count} of {n_boot} bootstrap replicates gave NaN (an undefined metric in a resample), "
    "and undefined='propagate': the interval is NaN."
)
NAN_BOOTSTRAP_RAISE = (
    "{count} of {n_boot} bootstrap replicates gave NaN (an undefined metric in a resample), "
    "and undefined='raise'; pass undefined='drop' or 'propagate', or merge small groups."
)
NAN_PERMUTATIONS = (
    "{count} of {n_permutations} permutations gave NaN (an undefined metric); the p-value "
    "uses the others."
)
BAD_ALTERNATIVE = (
    "alternative must be None (read from the metric), 'greater', 'less' or 'two-sided', got "
    "{alternative!r}."
)
ZERO_WEIGHT_GROUPS = (
    "group(s) {groups} have zero total weight: they are kept as rows, and every rate is "
    "undefined (NaN) for them."
)
ZERO_TOTAL_WEIGHT = "the total weight is 0: the generalized entropy index is undefined (NaN)."

# Inputs (fairkit.metrics input fixes)
EMPTY_INPUT_PREDICTIONS = "y_pred is empty: at least one prediction is needed."
PREDICTIONS_NOT_NUMERIC = (
    "y_pred must hold numbers (scores or 0/1 decisions) to be averaged, got dtype {dtype}."
)
POS_LABEL_LOOKALIKE = (
    "pos_label={pos_label!r} does not occur in y_true or y_pred, whose only label is {label!r}; "
    "labels are compared exactly (case, spaces and type count): did you mean "
    "pos_label={label!r}?"
)
POS_LABEL_WRONG_TYPE = (
    "pos_label={pos_label!r} is a {pos_kind}, but y_true and y_pred hold {kinds} labels "
    "{labels}, so it can never match; give pos_label with the labels' type."
)
UNALIGNED_INDEX = (
    "{first} and {others} are pandas objects with different indexes: fairkit (like "
    "scikit-learn and Fairlearn) pairs their rows by position, not by index label; align "
    "them first (e.g. .loc[y_true.index] or .reset_index(drop=True)) to silence this warning."
)
SENSITIVE_LIST_LENGTHS = (
    "{what} is a list of {k} array(s), read as one array per feature, but array(s) {bad} "
    "have {lengths} rows where y_true has {n}; for row-wise data pass a 2-D array (rows x "
    "features) or a DataFrame."
)
PRIVILEGED_ARITY = (
    "privileged_group={group!r} has {k} value(s), but there are {n_features} sensitive "
    "features {names}: give one value per feature, as a tuple in that order."
)
DUPLICATE_FEATURE_NAME = (
    "feature name {name!r} is used twice among the sensitive and control features; rename "
    "one of them (names become index levels of by_group)."
)
SAMPLE_PARAMS_NOT_DICT = (
    "sample_params must be a dict of parameter name -> per-row array (one metric) or of "
    "metric name -> such a dict (a dict of metrics), got {got}."
)
SAMPLE_PARAMS_UNKNOWN_METRIC = (
    "sample_params names metric(s) {unknown} that are not in metrics {known}."
)
SAMPLE_PARAMS_FOR_RATE = (
    "sample_params for fairkit rate {metric!r} may only hold 'sample_weight', got {keys}; pass "
    "pos_label= and zero_division= to MetricFrame itself."
)
SAMPLE_WEIGHT_TWICE = (
    "metric {metric!r} gets sample_weight both from sample_weight= and from sample_params; "
    "give it in one place."
)
NON_SCALAR_AGGREGATE = (
    "metric {metric!r} returns non-scalar values (e.g. a confusion matrix), which have no "
    "{aggregate}; read them from by_group, or pass errors='coerce' to get NaN."
)
BAD_ERRORS = "errors must be 'raise' or 'coerce', got {errors!r}."
DERIVED_NOT_CALLABLE = "metric must be callable, got {type_name}."
DERIVED_METHOD_ARG = (
    "metric {metric!r} has a parameter named {param!r}, which the derived metric needs for "
    "itself; wrap the metric with functools.partial or rename the parameter."
)
DERIVED_BAD_TRANSFORM = (
    "transform must be one of 'difference', 'ratio', 'group_min' or 'group_max', got {transform!r}."
)
DERIVED_NO_METHOD = "{transform} takes no method= argument (only 'difference' and 'ratio' do)."
