"""Data and case makers of m10-explainability (grading host only).

The exercise's data (``SETUP_CODE``): 1,500 job applicants of ``make_hiring`` (seed 10, a
stronger historical bias and proxy than the defaults), the four features of a gender-blind
screening model and its coefficients, fitted once with scikit-learn's logistic regression
on the standardised features against the biased past decisions ``hired`` and rounded to 3
decimals (checked here against a fresh fit):

>>> import numpy as np
>>> coef, intercept = refit_screen()
>>> bool(np.allclose(coef, SCREEN_COEF) and np.isclose(intercept, SCREEN_INTERCEPT))
True

Hidden cases are drawn from the host's seeds: regenerated hiring data with other knobs and
sizes, other coefficients, two to four groups with string labels in unsorted order, and
random small models with two to five features.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from fairkit.datasets import make_hiring

__all__ = [
    "FEATURES",
    "SCREEN_COEF",
    "SCREEN_INTERCEPT",
    "SETUP_CODE",
    "hiring_sample",
    "model_sample",
    "notebook_data",
    "refit_screen",
    "relabel",
]

FEATURES = ("test_score", "years_experience", "interview_score", "club_member")
KNOBS = {"historical_bias": 0.4, "proxy_strength": 0.8}
SCREEN_COEF = np.array([1.754, 0.222, 0.874, -0.211])
SCREEN_INTERCEPT = -1.324
_LABELS = ("north", "south", "east", "west", "A", "B", "C", "urban", "rural")

SETUP_CODE = f"""\
import numpy as np
import pandas as pd
from fairkit.datasets import make_hiring

# 1,500 job applicants (synthetic; fairkit documents the bias planted in them).
hiring = make_hiring(1500, historical_bias=0.4, proxy_strength=0.8, random_state=10).frame
gender = hiring["gender"].astype(str).to_numpy()                   # "man" / "woman"
hired = hiring["hired"].to_numpy()                                 # past decisions, 0/1

# The screening model never sees gender. It invites an applicant with probability
# p = 1 / (1 + exp(-(X_model @ SCREEN_COEF + SCREEN_INTERCEPT))) and decides p > 0.5,
# X_model = the standardised features below (a logistic regression fitted on `hired`).
FEATURES = {list(FEATURES)!r}
X_model = ((hiring[FEATURES] - hiring[FEATURES].mean()) / hiring[FEATURES].std(ddof=0))
X_model = X_model.to_numpy()
SCREEN_COEF = np.array({SCREEN_COEF.tolist()!r})
SCREEN_INTERCEPT = {SCREEN_INTERCEPT!r}
decision = (X_model @ SCREEN_COEF + SCREEN_INTERCEPT > 0).astype(int)
background = X_model[:100]        # the Shapley background: the first 100 applicants
"""


def _standardise(values: np.ndarray) -> np.ndarray:
    return (values - values.mean(axis=0)) / values.std(axis=0)


def hiring_sample(n: int, seed, **knobs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(standardised model features, gender labels, past decisions) of ``make_hiring``."""
    frame = make_hiring(n, **{**KNOBS, **knobs}, random_state=seed).frame
    X = _standardise(frame[list(FEATURES)].to_numpy(dtype=float))
    return X, frame["gender"].astype(str).to_numpy(), frame["hired"].to_numpy()


def notebook_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The notebook's X_model, gender and hired (the setup code's data)."""
    return hiring_sample(1500, 10)


def refit_screen() -> tuple[np.ndarray, float]:
    """Fit the screening model afresh: logistic regression, rounded to 3 decimals."""
    from sklearn.linear_model import LogisticRegression

    X, _, hired = notebook_data()
    model = LogisticRegression().fit(X, hired)
    return np.round(model.coef_[0], 3), round(float(model.intercept_[0]), 3)


def relabel(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """``n`` labels of ``k`` random groups in unsorted order, each with at least 3 rows."""
    labels = np.array(rng.choice(_LABELS, size=k, replace=False), dtype=str)
    drawn = labels[rng.integers(0, k, n)]
    drawn[: 3 * k] = np.repeat(labels, 3)
    return drawn[rng.permutation(n)]


def model_sample(rng: np.random.Generator, n: int) -> dict[str, np.ndarray | float]:
    """A hidden model and its data: regenerated hiring data, or a random small model."""
    if rng.random() < 0.6:
        knobs = {"historical_bias": rng.uniform(0.2, 0.6), "proxy_strength": rng.uniform(0.4, 0.9)}
        X, gender, hired = hiring_sample(n, int(rng.integers(2**31)), **knobs)
        coef = SCREEN_COEF * rng.uniform(0.5, 1.5, 4)
        intercept = SCREEN_INTERCEPT + float(rng.normal(0, 0.3))
        groups = gender if rng.random() < 0.6 else relabel(rng, n, int(rng.integers(2, 5)))
    else:
        d = int(rng.integers(2, 6))
        k = int(rng.integers(2, 5))
        groups = relabel(rng, n, k)
        shift = {g: rng.normal(0, 0.7, d) for g in np.unique(groups)}
        X = rng.normal(size=(n, d)) + np.array([shift[g] for g in groups])
        coef, intercept = rng.normal(0, 1.2, d), float(rng.normal(0, 0.5))
        hired = (X @ coef + intercept + rng.logistic(size=n) > 0).astype(np.int64)
    return {"X": X, "groups": groups, "hired": hired, "coef": coef, "intercept": intercept}


def importance_cases(hidden_rng: np.random.Generator | None) -> list[Case]:
    """q1: X, y, groups, coef; intercept, feature."""
    if hidden_rng is None:
        X = np.array([[-1.0, 0.5], [0.5, -1.0], [1.5, 0.0], [-0.5, 2.0], [0.0, -0.5], [2.0, 1.0]])
        hand = Case(
            "six applicants, two groups",
            {
                "X": X,
                "y": np.array([0, 1, 1, 0, 0, 1]),
                "groups": np.array(["a", "a", "a", "b", "b", "b"]),
                "coef": np.array([1.0, -0.8]),
            },
            params={"intercept": 0.1, "feature": 0},
        )
        Xn, gender, _ = notebook_data()
        Xn, gender = Xn[:300], gender[:300]
        y = (Xn @ SCREEN_COEF + SCREEN_INTERCEPT > 0).astype(np.int64)
        sample = Case(
            "the notebook's first 300 applicants, club_member, against the own decisions",
            {"X": Xn, "y": y, "groups": gender, "coef": SCREEN_COEF},
            params={"intercept": SCREEN_INTERCEPT, "feature": 3},
        )
        return [hand, sample]
    cases = []
    for k in range(3):
        m = model_sample(hidden_rng, int(hidden_rng.integers(40, 301)))
        y = m["hired"]
        if hidden_rng.random() < 0.5:  # the model's own decisions: the share that change
            y = (m["X"] @ m["coef"] + m["intercept"] > 0).astype(np.int64)
        cases.append(
            Case(
                f"model {k + 1} ({len(y)} rows)",
                {"X": m["X"], "y": np.asarray(y), "groups": m["groups"], "coef": m["coef"]},
                params={
                    "intercept": m["intercept"],
                    "feature": int(hidden_rng.integers(0, m["X"].shape[1])),
                },
            )
        )
    return cases


def pd_cases(hidden_rng: np.random.Generator | None) -> list[Case]:
    """q2: X, groups, coef; intercept, feature, value."""
    if hidden_rng is None:
        X = np.array([[-1.0, 0.0], [1.0, 2.0], [0.5, 1.0], [-2.0, -1.0], [0.0, 0.0]])
        hand = Case(
            "five applicants, two groups",
            {"X": X, "groups": np.array(["a", "a", "b", "b", "b"]), "coef": np.array([1.0, 0.5])},
            params={"intercept": -0.5, "feature": 1, "value": 1.0},
        )
        Xn, gender, _ = notebook_data()
        Xn, gender = Xn[:400], gender[:400]
        sample = Case(
            "the notebook's first 400 applicants, club_member set to its member value",
            {"X": Xn, "groups": gender, "coef": SCREEN_COEF},
            params={"intercept": SCREEN_INTERCEPT, "feature": 3, "value": float(Xn[:, 3].max())},
        )
        return [hand, sample]
    cases = []
    for k in range(3):
        m = model_sample(hidden_rng, int(hidden_rng.integers(30, 401)))
        feature = int(hidden_rng.integers(0, m["X"].shape[1]))
        value = float(np.quantile(m["X"][:, feature], hidden_rng.uniform(0.05, 0.95)))
        cases.append(
            Case(
                f"model {k + 1} ({len(m['groups'])} rows)",
                {"X": m["X"], "groups": m["groups"], "coef": m["coef"]},
                params={"intercept": m["intercept"], "feature": feature, "value": value},
            )
        )
    return cases


def frame_of(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """A feature x group table as the frame inputs: a text column ``feature``, then groups."""
    inputs = {"feature": np.asarray(table.index.astype(str), dtype=str)}
    inputs.update({str(g): table[g].to_numpy(dtype=float) for g in table.columns})
    return inputs
