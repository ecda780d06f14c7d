"""Data of m12-capstone (grading host only): the lender's model and fresh lending samples.

The exercise's data (``SETUP_CODE``): 4,000 loan applicants of ``make_lending`` (seed 12,
the generator's default biases: historical, measurement and a zip-code proxy) and the lender's
race-blind model, a logistic regression on five standardised features fitted once with
scikit-learn against the biased past approvals and rounded to 3 decimals (checked here
against a fresh fit):

>>> import numpy as np
>>> coef, intercept = refit_model()
>>> bool(np.allclose(coef, MODEL_COEF) and np.isclose(intercept, MODEL_INTERCEPT))
True

Hidden cases regenerate lending data with other seeds, sizes and biases, scored by the same
model, with the groups relabelled (string labels, sometimes a third group).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from fairkit.datasets import make_lending

__all__ = [
    "FEATURES",
    "LABELS",
    "MODEL_COEF",
    "MODEL_INTERCEPT",
    "SETUP_CODE",
    "lending_sample",
    "model_features",
    "notebook_data",
    "refit_model",
    "relabel",
    "stream_data",
]

FEATURES = ("log_income", "debt_to_income", "credit_history_years", "credit_score", "zip_cluster")
MODEL_COEF = np.array([0.574, -0.517, 0.166, 1.486, -0.125])
MODEL_INTERCEPT = 1.054
LABELS = ("north", "south", "east", "west", "A", "B", "C", "urban", "rural", "grp 1", "grp 2")
_CLUSTER = ("Z01", "Z02", "Z03", "Z04", "Z05")

SETUP_CODE = f"""\
import numpy as np
import pandas as pd
from fairkit.datasets import make_lending

# 4,000 loan applicants (synthetic; fairkit documents the biases planted in them).
lending = make_lending(4000, random_state=12).frame
race = lending["race"].astype(str).to_numpy()            # "majority" / "minority"
approved = lending["approved"].to_numpy()                # past decisions (biased), 0/1
repaid = lending["repaid"].to_numpy()                    # the true outcome, 0/1

# What the lender shares with the auditor: the applicants' features, as text and numbers.
applicants = lending[["income", "debt_to_income", "credit_history_years", "credit_score"]].copy()
applicants["zip_code"] = lending["zip_code"].astype(str)
applicants["race"] = race

# The lender's race-blind model: a logistic regression fitted on `approved`, on the
# standardised features below; y_score is its probability, decision = y_score >= 0.5.
FEATURES = {list(FEATURES)!r}
def model_inputs(frame):
    return pd.DataFrame({{
        "log_income": np.log(frame["income"]),
        "debt_to_income": frame["debt_to_income"],
        "credit_history_years": frame["credit_history_years"],
        "credit_score": frame["credit_score"],
        "zip_cluster": frame["zip_code"].astype(str).isin({list(_CLUSTER)!r}).astype(int),
    }})


raw = model_inputs(lending)
MEAN, SD = raw.mean(), raw.std(ddof=0)
X_model = ((raw - MEAN) / SD).to_numpy()
MODEL_COEF = np.array({MODEL_COEF.tolist()!r})
MODEL_INTERCEPT = {MODEL_INTERCEPT!r}
y_score = 1 / (1 + np.exp(-(X_model @ MODEL_COEF + MODEL_INTERCEPT)))
decision = (y_score >= 0.5).astype(int)

# After deployment: six weekly batches of 400 new applicants, scored by the same model (same
# standardisation). From week 4 a new credit bureau under-scores minority applicants more.
batches = [
    make_lending(400, measurement_bias=0.5 if w < 4 else 1.2, random_state=100 + w).frame
    for w in range(1, 7)
]
stream = pd.concat(batches, ignore_index=True)
week = np.repeat(np.arange(1, 7), 400)
X_stream = ((model_inputs(stream) - MEAN) / SD).to_numpy()
stream_decision = (X_stream @ MODEL_COEF + MODEL_INTERCEPT >= 0).astype(int)
stream_race = stream["race"].astype(str).to_numpy()
stream_repaid = stream["repaid"].to_numpy()

# Standard Laplace draws (scale 1) for the privacy-protected release: one row per group
# (in sorted order), one column per count (applicants, approved).
unit_noise = np.random.default_rng(2024).laplace(size=(2, 2))
"""


def model_features(frame: pd.DataFrame) -> np.ndarray:
    """The model's five standardised features of a ``make_lending`` frame (as SETUP_CODE)."""
    raw = pd.DataFrame(
        {
            "log_income": np.log(frame["income"]),
            "debt_to_income": frame["debt_to_income"],
            "credit_history_years": frame["credit_history_years"],
            "credit_score": frame["credit_score"],
            "zip_cluster": frame["zip_code"].astype(str).isin(_CLUSTER).astype(int),
        }
    )
    return ((raw - raw.mean()) / raw.std(ddof=0)).to_numpy()


def _score(frame: pd.DataFrame) -> np.ndarray:
    z = model_features(frame) @ MODEL_COEF + MODEL_INTERCEPT
    return 1.0 / (1.0 + np.exp(-z))


def refit_model() -> tuple[np.ndarray, float]:
    """Refit the lender's model on the notebook's data (3 decimals), for the doctest."""
    from sklearn.linear_model import LogisticRegression

    frame = make_lending(4000, random_state=12).frame
    model = LogisticRegression().fit(model_features(frame), frame["approved"])
    return model.coef_[0].round(3), float(model.intercept_[0].round(3))


@functools.cache
def _setup() -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(SETUP_CODE, namespace)  # the notebook's own code: the same numbers by construction
    return namespace


def stream_data() -> dict[str, np.ndarray]:
    """The notebook's weekly batches: week, stream_repaid, stream_decision, stream_race."""
    ns = _setup()
    return {k: ns[k] for k in ("week", "stream_repaid", "stream_decision", "stream_race")}


def notebook_data() -> dict[str, object]:
    """The notebook's arrays: race, approved, repaid, y_score, decision, applicants."""
    frame = make_lending(4000, random_state=12).frame
    return _arrays(frame)


def _arrays(frame: pd.DataFrame) -> dict[str, object]:
    y_score = _score(frame)
    applicants = frame[["income", "debt_to_income", "credit_history_years", "credit_score"]].copy()
    applicants["zip_code"] = frame["zip_code"].astype(str)
    applicants["race"] = frame["race"].astype(str).to_numpy()
    return {
        "race": frame["race"].astype(str).to_numpy(),
        "approved": frame["approved"].to_numpy(),
        "repaid": frame["repaid"].to_numpy(),
        "y_score": y_score,
        "decision": (y_score >= 0.5).astype(np.int64),
        "applicants": applicants,
    }


def relabel(
    rng: np.random.Generator, groups: np.ndarray, third: bool = False, names=None
) -> np.ndarray:
    """Groups renamed to random labels (or ``names``); with ``third``, part of the majority
    split off."""
    if names is None:
        names = [str(x) for x in rng.choice(LABELS, 3, replace=False)]
    out = np.where(groups == "minority", names[0], names[1]).astype("<U8")
    if third:
        out[(groups == "majority") & (rng.random(len(groups)) < 0.3)] = names[2]
    return out


def lending_sample(
    rng: np.random.Generator, n: int, *, third: bool = False, names=None
) -> dict[str, object]:
    """A fresh lending sample (other seed, size and biases) scored by the lender's model."""
    knobs = {
        "historical_bias": float(rng.uniform(0.1, 0.4)),
        "measurement_bias": float(rng.uniform(0.2, 0.8)),
        "proxy_strength": float(rng.uniform(0.3, 0.9)),
        "group_proportion": float(rng.uniform(0.2, 0.45)),
    }
    frame = make_lending(n, **knobs, random_state=int(rng.integers(0, 2**31)))
    data = _arrays(frame.frame)
    data["race"] = relabel(rng, data["race"], third, names)
    data["applicants"]["race"] = data["race"]
    return data
