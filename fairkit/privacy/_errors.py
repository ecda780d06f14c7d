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
BUDGET_EXCEEDED = (
    "privacy budget exceeded: refused {label}asking (ε={req_eps:.6g}, δ={req_delta:.3g}) with "
    "(ε={spent_eps:.6g}, δ={spent_delta:.3g}) already spent of (ε={eps:.6g}, δ={delta:.3g}); "
    "the total would be (ε={new_eps:.6g}, δ={new_delta:.3g}). Nothing was charged."
)
