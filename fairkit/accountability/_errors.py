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
RECOURSE_ONE_ROW = (
    "x must be one person's features (a Series, a dict, a 1-D array or a 1-row DataFrame), "
    "got {n} rows; use recourse_by_group for many"
)
RECOURSE_BAD_N_GRID = "n_grid must be an integer >= 2, got {value!r}"

# hashing, ModelCard, Datasheet, AuditLog, EthicalDecision
NOT_JSON = (
    "a value of type {type} cannot be written as JSON: use str, int, float, bool, None, "
    "lists and dicts (NumPy scalars and arrays are converted)"
)
NOT_DATA = "hash_data expects a DataFrame, Series, array or list, got {type}"
NOT_AN_ESTIMATOR = "hash_model expects a scikit-learn-style estimator (fit, get_params), got {type}"
MODEL_NOT_FITTED = (
    "hash_model hashes what a model learnt, but this {type} is not fitted: fit it first"
)
MODEL_TOO_DEEP = (
    "the model nests more than 50 levels deep (a cycle?): hash_model cannot describe it"
)
NOT_HASHABLE = "hash_model cannot describe a {type} attribute deterministically (no state to hash)"
NOT_A_FRAME = "add_quantitative_analysis expects a fairkit.metrics.MetricFrame, got {type}"
UNKNOWN_INTERVAL_METRIC = (
    "intervals names metric {metric!r}, which the frame does not have: {known}"
)
UNKNOWN_INTERVAL_KEY = (
    "intervals[{metric!r}] has key {key!r}; use 'overall', 'by_group', 'difference' or 'ratio'"
)
BAD_INTERVAL = (
    "the interval for {metric} ({where}) must be a BootstrapResult or (low, high) with "
    "low <= high, got {value!r}"
)
INTERVAL_LENGTH = (
    "the by_group interval for {metric} has {got} bounds but the frame has {expected} groups "
    "(give them in the order of frame.by_group)"
)
INTERVAL_OTHER_ESTIMATE = (
    "the interval for {metric} ({where}) was computed around {estimate!r}, but the frame's "
    "value is {value!r}: the interval comes from other data or another metric"
)
CONTROL_FRAME = (
    "add_quantitative_analysis takes a MetricFrame without control features; compute one frame "
    "per control stratum instead"
)
UNKNOWN_KEY = "{where} has no field {key!r}; its fields are: {known}"
NOT_A_MAPPING = "{what} must be a dict (a JSON object), got {type}"
NOT_A_LIST = "{where} must be a list (a JSON array)"
NOT_TEXT = "{where} must be {wanted}, got {type}"
NON_SCALAR_METRIC = (
    "metric {metric!r} has non-scalar values (e.g. a confusion matrix): a card reports numbers; "
    "leave it out of the frame"
)
BAD_KIND = "kind must be one of {kinds}, got {kind!r}"
BAD_ACTOR = "actor must be a non-empty string naming who did it, got {actor!r}"
BAD_HASH = "{name} must be a SHA-256 hex digest (64 characters 0-9a-f), got {value!r}"
BAD_TIMESTAMP = "timestamp must be a timezone-aware datetime or an ISO 8601 string, got {value!r}"
HEAD_UNREADABLE = (
    "the last line of {path} is not a valid audit record ({reason}), so the log has no head: "
    "run verify() to see what is wrong"
)
LOG_UNREADABLE = (
    "the last line of {path} is not a valid audit record ({reason}): run verify() to see "
    "what is wrong before appending"
)
LOG_TAMPERED = "the audit log {path} failed verification: {problems}"
INCOMPLETE_DECISION = "the decision record is incomplete: {problems}"
BAD_PRINCIPLE = "principle must be one of {principles}, got {principle!r}"
BAD_IMPACT_KIND = "an impact's kind must be 'harm' or 'benefit', got {kind!r}"
BAD_ROLE = "a participant's role must be one of {roles}, got {role!r}"
