"""Data and case makers of m04-individual-fairness-and-proxies (grading host only).

The exercise's data (``SETUP_CODE``): 2,000 loan applicants of ``make_lending`` (seed 4),
the features of the bank's race-blind decision model and its coefficients, fitted once with
scikit-learn's logistic regression on the standardised features and rounded to 3 decimals
(checked here against a fresh fit):

>>> import numpy as np
>>> coef, intercept = refit_bank_model()
>>> bool(np.allclose(coef, BANK_COEF) and np.isclose(intercept, BANK_INTERCEPT))
True

Hidden cases are drawn from the host's seeds: other sizes, dimensions, numbers of groups,
string and integer labels, shifted pandas indexes, and regenerated lending/hiring data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from fairkit.datasets import make_hiring, make_lending

__all__ = [
    "BANK_COEF",
    "BANK_INTERCEPT",
    "FEATURES",
    "SETUP_CODE",
    "applicant_frame",
    "bank_matrix",
    "frame_case",
    "hiring_frame",
    "random_labels",
    "refit_bank_model",
    "shifted_index",
]

FEATURES = ("log_income", "debt_to_income", "credit_history_years", "credit_score", "east_side")
BANK_COEF = np.array([0.56, -0.571, 0.174, 1.519, -0.19])
BANK_INTERCEPT = 1.127
EAST = ("Z01", "Z02", "Z03", "Z04", "Z05")

SETUP_CODE = """\
import numpy as np
import pandas as pd
from fairkit.datasets import make_lending

# 2,000 loan applicants (synthetic; fairkit documents the bias planted in them).
lending = make_lending(2000, random_state=4).frame
race = lending["race"].astype(str).to_numpy()                  # "majority" / "minority"
minority = (race == "minority").astype(int)
approved = lending["approved"].to_numpy()                      # past decisions, 0/1
applicants = pd.DataFrame({
    "log_income": np.log(lending["income"]),
    "debt_to_income": lending["debt_to_income"],
    "credit_history_years": lending["credit_history_years"].astype(float),
    "credit_score": lending["credit_score"].astype(float),
    "east_side": lending["zip_code"].isin(["Z01", "Z02", "Z03", "Z04", "Z05"]).astype(int),
    "zip_code": lending["zip_code"].astype(str),
})

# The bank's model never sees race: it approves when X_model @ BANK_COEF + BANK_INTERCEPT > 0,
# X_model = the standardised numeric features below (a logistic regression fitted on `approved`).
FEATURES = ["log_income", "debt_to_income", "credit_history_years", "credit_score", "east_side"]
X_model = ((applicants[FEATURES] - applicants[FEATURES].mean()) / applicants[FEATURES].std(ddof=0))
X_model = X_model.to_numpy()
BANK_COEF = np.array([0.56, -0.571, 0.174, 1.519, -0.19])
BANK_INTERCEPT = 1.127
decision = (X_model @ BANK_COEF + BANK_INTERCEPT > 0).astype(int)
"""


def applicant_frame(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(applicants like the notebook's, race labels, past approvals) of ``make_lending``."""
    lending = make_lending(n, random_state=seed).frame
    frame = pd.DataFrame(
        {
            "log_income": np.log(lending["income"].to_numpy(dtype=float)),
            "debt_to_income": lending["debt_to_income"].to_numpy(dtype=float),
            "credit_history_years": lending["credit_history_years"].to_numpy(dtype=float),
            "credit_score": lending["credit_score"].to_numpy(dtype=float),
            "east_side": lending["zip_code"].isin(EAST).to_numpy().astype(np.int64),
            "zip_code": lending["zip_code"].astype(str).to_numpy(),
        }
    )
    return frame, lending["race"].astype(str).to_numpy(), lending["approved"].to_numpy()


def bank_matrix(frame: pd.DataFrame) -> np.ndarray:
    """The standardised model features of ``frame`` (population standard deviation)."""
    values = frame[list(FEATURES)].to_numpy(dtype=float)
    return (values - values.mean(axis=0)) / values.std(axis=0)


def refit_bank_model() -> tuple[np.ndarray, float]:
    """Fit the bank's model afresh: logistic regression, rounded to 3 decimals."""
    from sklearn.linear_model import LogisticRegression

    frame, _, approved = applicant_frame(2000, 4)
    model = LogisticRegression().fit(bank_matrix(frame), approved)
    return np.round(model.coef_[0], 3), round(float(model.intercept_[0]), 3)


def random_labels(rng: np.random.Generator, n: int, labels, p=None) -> np.ndarray:
    """``n`` labels drawn from ``labels``, each present at least once (n >= len(labels))."""
    labels = np.asarray(labels)
    drawn = labels[rng.choice(len(labels), n, p=p)]
    drawn[rng.choice(n, len(labels), replace=False)] = labels
    return drawn


def shifted_index(rng: np.random.Generator, n: int) -> np.ndarray:
    """A pandas index that does not start at 0 and is not sorted."""
    return rng.permutation(n) + int(rng.integers(100, 5000))


def frame_case(label: str, frame: pd.DataFrame, params: dict, index=None) -> Case:
    """A case passing one DataFrame (text columns as str) and ``params``."""
    inputs = {}
    for name in frame.columns:
        column = frame[name]
        numeric = pd.api.types.is_numeric_dtype(column)
        inputs[name] = column.to_numpy() if numeric else column.astype(str).to_numpy().astype(str)
    return Case(f"{label} ({len(frame)} rows)", inputs, index=index, frame=True, params=params)


def hiring_frame(n: int, seed: int) -> pd.DataFrame:
    """make_hiring's features with gender as text (club_member is its planted proxy)."""
    data = make_hiring(n, random_state=seed)
    return data.X.assign(gender=data.frame["gender"].astype(str))
