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
raw = pd.DataFrame({{
    "log_income": np.log(lending["income"]),
    "debt_to_income": lending["debt_to_income"],
    "credit_history_years": lending["credit_history_years"],
    "credit_score": lending["credit_score"],
    "zip_cluster": lending["zip_code"].astype(str).isin({list(_CLUSTER)!r}).astype(int),
}})
X_model = ((raw - raw.mean()) / raw.std(ddof=0)).to_numpy()
MODEL_COEF = np.array({MODEL_COEF.tolist()!r})
MODEL_INTERCEPT = {MODEL_INTERCEPT!r}
y_score = 1 / (1 + np.exp(-(X_model @ MODEL_COEF + MODEL_INTERCEPT)))
decision = (y_score >= 0.5).astype(int)

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


def relabel(rng: np.random.Generator, groups: np.ndarray, third: bool = False) -> np.ndarray:
    """Groups renamed to random labels; with ``third``, part of the majority split off."""
    names = [str(x) for x in rng.choice(LABELS, 3, replace=False)]
    out = np.where(groups == "minority", names[0], names[1]).astype("<U8")
    if third:
        out[(groups == "majority") & (rng.random(len(groups)) < 0.3)] = names[2]
    return out


def lending_sample(rng: np.random.Generator, n: int, *, third: bool = False) -> dict[str, object]:
    """A fresh lending sample (other seed, size and biases) scored by the lender's model."""
    knobs = {
        "historical_bias": float(rng.uniform(0.1, 0.4)),
        "measurement_bias": float(rng.uniform(0.2, 0.8)),
        "proxy_strength": float(rng.uniform(0.3, 0.9)),
        "group_proportion": float(rng.uniform(0.2, 0.45)),
    }
    frame = make_lending(n, **knobs, random_state=int(rng.integers(0, 2**31)))
    data = _arrays(frame.frame)
    data["race"] = relabel(rng, data["race"], third)
    data["applicants"]["race"] = data["race"]
    return data
