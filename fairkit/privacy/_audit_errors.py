"""Error messages of the privacy audit, models and attacks, as constants so tests can assert them.

Kept apart from ``_errors.py`` (the mechanisms' and accountant's messages) so that the three
parts of :mod:`fairkit.privacy` can change their messages independently.
"""

from __future__ import annotations

__all__ = [
    "ATTACK_BAD_QUERY",
    "ATTACK_NO_PROBA",
    "ATTACK_TARGET",
    "AUDIT_BAD_CONFIDENCE",
    "AUDIT_BAD_DELTA",
    "AUDIT_BAD_EPSILON",
    "AUDIT_BAD_EVENT",
    "AUDIT_BAD_N_DRAWS",
    "AUDIT_BAD_OUTPUT",
    "AUDIT_NOT_CALLABLE",
    "MODEL_BAD_PARAM",
    "MODEL_NOT_BINARY",
    "MODEL_NOT_FITTED",
    "RANDOM_STATE",
]

AUDIT_NOT_CALLABLE = (
    "mechanism must be a callable taking (inputs, random_state=Generator); got {type}. "
    "Wrap a mechanism with functools.partial to fix its other arguments."
)
AUDIT_BAD_EPSILON = "epsilon (the claimed epsilon) must be a finite number > 0; got {value!r}."
AUDIT_BAD_DELTA = "delta must be a number in [0, 1); got {value!r}."
AUDIT_BAD_N_DRAWS = "n_draws must be an integer >= 100 (draws per input); got {value!r}."
AUDIT_BAD_CONFIDENCE = "confidence must be a number strictly between 0 and 1; got {value!r}."
AUDIT_BAD_OUTPUT = (
    "mechanism returned {got} outputs for {n} copies of input_{side}; it must return one "
    "output per copy (vectorised over the first axis)."
)
AUDIT_BAD_EVENT = (
    "event {name!r} must return a boolean array with one entry per output; got shape {shape}."
)
RANDOM_STATE = (
    "random_state must be None, an int, a numpy.random.Generator or 'secure'; got {value!r}."
)
MODEL_BAD_PARAM = "{name} must be {expected}; got {value!r}."
MODEL_NOT_BINARY = (
    "Only binary classification is supported: {model} needs y with exactly two classes; "
    "got {n} class(es) ({classes})."
)
MODEL_NOT_FITTED = "This {model} is not fitted yet: call fit(X, y) first."
ATTACK_NO_PROBA = (
    "membership_inference needs a model with predict_proba (the attack thresholds the "
    "per-example log-loss); {type} has none."
)
ATTACK_BAD_QUERY = (
    "query must be a callable taking a data array and returning a number; calling it failed: "
    "{error}"
)
ATTACK_TARGET = "target must be a row index in [0, {n}) of data; got {value!r}."
