"""Text of every error message of fairkit.privacy, as constants tests can match."""

# Accounting (ACCT)
NOT_POSITIVE = "{name} must be a finite number > 0, got {value}."
NOT_PROBABILITY = (
    "{name} must be a probability in the allowed range (0 or 1 may be excluded), got {value}."
)
BAD_ORDERS = "orders must be a non-empty 1-D array of finite Rényi orders > 1, got {orders}."
FRACTIONAL_ORDERS = (
    "the subsampled Gaussian RDP is computed exactly at integer orders only; got fractional "
    "orders {orders}: pass integer orders (e.g. fairkit.privacy.DEFAULT_ORDERS)."
)
RDP_LENGTHS = "rdp has {n_rdp} values but orders has {n_orders}; give one RDP value per order."
NEGATIVE_RDP = (
    "rdp values must be >= 0 (a Rényi divergence is never negative); got a NaN or a negative value."
)
COMPOSITION_LENGTHS = "eps_list has {n_eps} values but delta_list has {n_delta}; give one δ per ε."
NEGATIVE_EPSILONS = "every ε in eps_list must be a finite number >= 0."
BAD_DELTAS = "every δ in delta_list must be in [0, 1]."
BAD_K = "k (the number of releases) must be an integer >= 1, got {k}."
BAD_STEPS = "steps must be an integer >= 0, got {steps}."
BAD_COMPOSITION = "composition must be 'basic', 'advanced' or 'rdp', got {composition!r}."
RDP_NEEDS_DELTA = (
    "composition='rdp' converts to (ε, δ) at the budget's δ, so delta must be > 0; "
    "got delta={delta}."
)
DELTA_PRIME_TOO_LARGE = (
    "delta_prime={delta_prime} must be in (0, delta={delta}) so the advanced composition leaves "
    "some δ for the queries themselves."
)
RDP_QUERY_NEEDS_CURVE = (
    "in composition='rdp' a query with δ > 0 needs its RDP curve: pass rdp= (one value per "
    "accountant.orders), e.g. rdp_gaussian(sigma, accountant.orders)."
)
RDP_CURVE_NOT_RDP = (
    "rdp= is only used by composition='rdp'; this accountant composes by {composition!r}: "
    "pass the release's (epsilon, delta) instead."
)
QUERY_VALUES_NOT_FINITE = (
    "values contain NaN or infinite entries; drop or impute them before a DP query "
    "(the count of dropped rows is itself data)."
)
BOUNDS_REQUIRED = (
    "{query} needs bounds=(lower, upper) chosen without looking at the data (e.g. the "
    "column's documented range); bounds computed from the data would leak its extremes."
)
BOUNDS_INVALID = (
    "{query}: bounds must be two finite numbers (lower, upper) with lower < upper, got {bounds!r}."
)
BINS_INVALID = "bins must be an integer >= 1 (equal-width bins over bounds), got {bins!r}."
QUANTILE_INVALID = "quantile must be in [0, 1] (e.g. 0.5 for the median), got {quantile}."
BUDGET_EXCEEDED = (
    "privacy budget exceeded: refused {label}asking (ε={req_eps:.6g}, δ={req_delta:.3g}) with "
    "(ε={spent_eps:.6g}, δ={spent_delta:.3g}) already spent of (ε={eps:.6g}, δ={delta:.3g}); "
    "the total would be (ε={new_eps:.6g}, δ={new_delta:.3g}). Nothing was charged."
)

# --- mechanisms and the random source (MECH) ---
EPSILON_INVALID = (
    "epsilon must be a finite number > 0, got {value!r}; pass the privacy budget of this "
    "release, e.g. epsilon=1.0"
)
DELTA_INVALID = (
    "delta must be a number strictly between 0 and 1, got {value!r}; use e.g. delta=1e-6 "
    "(well below 1/n)"
)
SENSITIVITY_INVALID = (
    "sensitivity must be a finite number > 0, got {value!r}; pass how much one person can "
    "change the value"
)
SENSITIVITY_NOT_INTEGER = (
    "sensitivity of the geometric mechanism must be a positive integer, got {value!r}; use "
    "laplace_mechanism for non-integer sensitivities"
)
VALUE_NOT_FINITE = "value must be finite numbers, got {value!r}; clamp or drop NaN/inf first"
VALUE_NOT_INTEGER = (
    "value of the geometric mechanism must be integers, got {value!r}; use laplace_mechanism "
    "for real values"
)
VALUE_TOO_LARGE = (
    "|value| must be below {limit:g} for sensitivity {sensitivity:g} (the noise grid has "
    "2**50 steps), got {value!r}; rescale the value or clamp it to bounds first"
)
CLASSIC_GAUSSIAN_EPSILON = (
    "the classic Gaussian mechanism needs epsilon < 1, got {value!r}; use analytic=True"
)
RANDOM_STATE_INVALID = (
    "random_state must be None, 'secure', a non-negative int or a numpy.random.Generator, "
    "got {value!r}"
)
SCORES_INVALID = (
    "scores must be a non-empty array of finite numbers with the candidates on the last "
    "axis, got shape {shape}"
)
CATEGORIES_INVALID = (
    "categories must list at least 2 distinct values, got {value!r}; pass every possible "
    "answer, e.g. categories=['a', 'b', 'c']"
)
VALUE_NOT_IN_CATEGORIES = (
    "values contain {value!r}, which is not in categories {categories!r}; pass every possible "
    "answer in categories (never derived from the data)"
)
REPORTS_EMPTY = "reports is empty; the estimator needs at least one randomized response"
NOISE_TOO_WIDE = (
    "epsilon={value!r} is too small: noise of {scale:.3g} grid steps would not stay exact in "
    "a double (limit 2**45 steps); use a larger epsilon (>= 1e-10 for most sensitivities)"
)
