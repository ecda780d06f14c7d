"""Error messages of fairkit.accountability, as constants so tests can assert them."""

# FairnessMonitor
MONITOR_NOT_A_GAP = (
    "metric must be a fairkit gap over groups (e.g. equal_opportunity_difference, "
    "demographic_parity_ratio, or a functools.partial of one), got {metric}"
)
MONITOR_BAD_K = "k must be a number > 0 (the band is mean +- k standard deviations), got {k!r}"
MONITOR_BAD_COUNT = "{name} must be an integer >= {minimum}, got {value!r}"
MONITOR_NOT_FITTED = "this FairnessMonitor is not fitted yet: call fit(y_true, y_pred, ...) first"
MONITOR_ONE_GROUP = (
    "the reference data has {n} group(s) large enough to judge (at least min_group_size="
    "{min_size} rows in the rate's denominator): a gap needs two; pass more reference data "
    "or lower min_group_size"
)
MONITOR_UNKNOWN_GROUP = (
    "the batch has group(s) {groups} that were not in the reference data (known groups: "
    "{known}): refit the monitor on reference data that includes them"
)
MONITOR_MISSING_LABELS = (
    "y_true is missing but {metric} needs the true labels (its rates: {rates}): pass the "
    "batch once its labels are known"
)
MONITOR_NAN_LABELS = (
    "y_true has {count} missing value(s): score the batch once all its labels are known, or "
    "drop the unlabelled rows"
)
MONITOR_BAD_TABLES = (
    "tables must have shape (n_batches, {n_groups}, 2, 2) (batch x group x label x "
    "prediction, groups in the order of groups_), got shape {shape}"
)

# recourse
RECOURSE_NO_SCORE = (
    "model must have predict(X) (and, for the search, decision_function or predict_proba), "
    "got {kind}"
)
RECOURSE_UNKNOWN_FEATURE = (
    "{what} names feature {name!r}, which is not in x; its features are: {features}"
)
RECOURSE_NO_ACTIONABLE = "actionable is empty: name at least one feature the person can change"
RECOURSE_BAD_COST = "costs[{name!r}] must be a finite number >= 0, got {value!r}"
RECOURSE_BAD_BOUNDS = (
    "bounds[{name!r}] must be (low, high) with low <= high (None for no bound), got {value!r}"
)
RECOURSE_OUTSIDE_BOUNDS = (
    "x[{name!r}] = {value!r} lies outside its bounds {bounds}: widen the bounds or correct x"
)
RECOURSE_NEEDS_BOUNDS = (
    "the search (for a model that is not linear) needs finite bounds for every actionable "
    "feature; {name!r} has {bounds}: pass bounds={{{name!r}: (low, high)}}"
)
RECOURSE_BAD_METHOD = "method must be 'auto', 'linear' or 'search', got {method!r}"
RECOURSE_NOT_LINEAR = (
    "method='linear' needs a binary linear model with coef_ of shape (1, n_features) and "
    "intercept_, got {kind}; use method='search'"
)
RECOURSE_BAD_DESIRED = "desired={desired!r} is not one of the model's classes {classes}"
RECOURSE_NOT_NUMERIC = "feature {name!r} must be numeric to be changed, got {value!r}"
RECOURSE_LENGTH = "sensitive_features has {got} entries but X has {expected} rows"
