"""Data and case makers of m11-accountability q3-q5: monitoring and recourse (grading host
only).

The exercise's data (``SETUP_CODE``): 3,000 loan applicants of ``make_lending`` (seed 11)
and the lender's logistic model on four standardised features, fitted in the set-up cell;
a reference set and six production batches of credit decisions (the last two drift); two
audit logs, written by ``fairkit.accountability.AuditLog`` here and pasted in as text; and
the fields of a model card and a datasheet. Hidden cases are drawn from the host's seeds.
"""

from __future__ import annotations

import numpy as np

from autograder.questions._base import Case
from autograder.questions._m11_docs import schema_code
from autograder.questions._m11_logs import notebook_logs

__all__ = [
    "SETUP_CODE",
    "group_cases",
    "make_stream",
    "monitor_cases",
    "notebook_monitor",
    "recourse_cases",
]

_LABELS = ("north", "south", "east", "west", "A", "B", "C", "urban", "rural")


# The stream generator runs both here and in the notebook's set-up cell (same code, same data).
STREAM_CODE = """\
def make_stream(seed, labels, tpr, shares, n_ref, batches, drift):
    \"\"\"Reference rows and production batches of decisions: 40 % positives, a true positive
    rate per group; in the batches marked True, group drift[0] loses drift[1] of it.\"\"\"
    rng = np.random.default_rng(seed)

    def rows(n, rates):
        groups = np.asarray(labels)[rng.choice(len(labels), size=n, p=shares)]
        y_true = (rng.random(n) < 0.4).astype(np.int64)
        rate = np.array([rates[g] for g in groups])
        hit = np.where(y_true == 1, rng.random(n) < rate, rng.random(n) < 0.2)
        return y_true, hit.astype(np.int64), groups

    ref = rows(n_ref, dict(zip(labels, tpr)))
    parts, batch = [], []
    for b, (size, drifted) in enumerate(batches, start=1):
        rates = dict(zip(labels, tpr))
        if drifted:
            rates[drift[0]] -= drift[1]
        parts.append(rows(size, rates))
        batch += [b] * size
    stack = [np.concatenate([p[i] for p in parts]) for i in range(3)]
    return ref, np.array(batch, dtype=np.int64), stack
"""
_NOTEBOOK_STREAM = (
    11, ["majority", "minority"], [0.8, 0.8], [0.6, 0.4], 4000,
    [(500, False)] * 4 + [(500, True)] * 2, ("minority", 0.25),
)  # fmt: skip
_namespace: dict = {"np": np}
exec(STREAM_CODE, _namespace)
make_stream = _namespace["make_stream"]


def _monitor_case(label, ref, batch, stack, k, min_positives):
    inputs = {
        "ref_true": ref[0], "ref_pred": ref[1], "ref_groups": ref[2], "batch": batch,
        "y_true": stack[0], "y_pred": stack[1], "groups": stack[2],
    }  # fmt: skip
    return Case(label, inputs, params={"k": k, "min_positives": min_positives})


def notebook_monitor():
    return make_stream(*_NOTEBOOK_STREAM)


def _every_batch_judged(batch, stack, min_positives) -> bool:
    y_true, _, groups = stack
    for b in np.unique(batch):
        rows = (batch == b) & (y_true == 1)
        if np.unique(groups[rows], return_counts=True)[1].max() < min_positives:
            return False
    return True


def monitor_cases(rng: np.random.Generator | None) -> list[Case]:
    """q3: ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups; k, min_positives."""
    if rng is None:
        small = make_stream(2, ["a", "b", "c"], [0.7, 0.6, 0.6],
                             [0.45, 0.45, 0.1], 1200, [(200, False), (200, True), (300, False)],
                             ("b", -0.3))  # fmt: skip
        return [
            _monitor_case("the notebook's batches", *notebook_monitor(), 3.0, 30),
            _monitor_case("three groups, three batches (group c is small)", *small, 3.0, 20),
        ]
    cases = []
    for c in range(3):
        g = int(rng.integers(2, 4))
        labels = [str(x) for x in rng.choice(_LABELS, size=g, replace=False)]
        shares = rng.dirichlet(np.full(g, 4.0)) * 0.8 + 0.2 / g
        if g == 3 and rng.random() < 0.5:
            shares = np.array([0.46, 0.46, 0.08])  # a group that is often too small to judge
        tpr = rng.uniform(0.55, 0.9, g)
        batches = [(int(rng.integers(250, 700)), bool(rng.random() < 0.4)) for _ in range(5)]
        drift = (labels[int(rng.integers(g))], float(rng.uniform(0.15, 0.35)))
        if rng.random() < 0.3:
            drift = (drift[0], -0.1)  # the drifted group's recall rises: also out of band
        min_positives = int(rng.integers(20, 41))
        while True:  # the prompt promises a judged group in every batch
            data = make_stream(
                int(rng.integers(2**31)),
                labels,
                tpr.tolist(),
                shares,
                int(rng.integers(2000, 6000)),
                batches,
                drift,
            )
            if _every_batch_judged(data[1], data[2], min_positives):
                break
        k = float(rng.choice([2.0, 2.5, 3.0]))
        cases.append(_monitor_case(f"stream {c + 1}", *data, k, min_positives))
    return cases


def _problem(rng, d):
    coef = rng.normal(0, 1.0, d)
    coef[np.abs(coef) < 0.2] += 0.5
    actionable = (rng.random(d) < 0.7).astype(np.int64)
    actionable[int(rng.integers(d))] = 1
    costs = rng.uniform(0.2, 3.0, d)
    low, high = -rng.uniform(1.0, 3.0, d), rng.uniform(1.0, 3.0, d)
    return coef, actionable, costs, low, high


def _denied_row(rng, coef, actionable, costs, low, high, feasible=True):
    """A row inside the bounds with score <= 0, and an intercept that makes it so."""
    x = rng.uniform(low * 0.8, high * 0.8)
    room = np.where(coef > 0, high - x, x - low) * np.abs(coef) * (actionable == 1)
    gap = float(rng.uniform(0.05, 0.9) * room.sum()) if feasible else room.sum() + 0.5
    return x, float(-(x @ coef) - gap)


def recourse_cases(rng: np.random.Generator | None) -> list[Case]:
    """q4: x, coef, actionable, costs, low, high; intercept."""

    def case(label, x, coef, actionable, costs, low, high, intercept):
        inputs = {"x": x, "coef": coef, "actionable": actionable, "costs": costs,
                  "low": low, "high": high}  # fmt: skip
        return Case(label, inputs, params={"intercept": intercept})

    if rng is None:
        hand = case(
            "two features, the cheaper one per unit of score first",
            np.array([1.0, 2.0]),
            np.array([2.0, 1.0]),
            np.array([1, 1]),
            np.array([1.0, 1.5]),
            np.array([0.0, 0.0]),
            np.array([2.0, 5.0]),
            -7.0,
        )
        bound = case("three features, one immutable, the cheapest hits its bound",
                     np.array([0.5, -1.0, 3.0]), np.array([1.0, -2.0, 4.0]), np.array([1, 1, 0]),
                     np.array([0.5, 2.0, 1.0]), np.array([0.0, -3.0, 0.0]),
                     np.array([1.0, 0.0, 5.0]), -15.0)  # fmt: skip
        return [hand, bound]
    cases = []
    for c in range(4):
        problem = _problem(rng, int(rng.integers(2, 7)))
        x, intercept = _denied_row(rng, *problem)
        cases.append(case(f"model {c + 1} ({len(x)} features)", x, *problem, intercept))
    return cases


def _feasible_denied(X, groups, problem, intercept) -> bool:
    """Every group has a denied row whose change fits within the bounds, and some denied
    row has none."""
    coef, actionable, _, low, high = problem
    score = X @ coef + intercept
    room = (np.where(coef > 0, high - X, X - low) * np.abs(coef) * (actionable == 1)).sum(axis=1)
    ok = (score <= 0) & (-score < 0.99 * room)
    stuck = (score <= 0) & (-score > 1.01 * room)
    return stuck.any() and all(ok[groups == g].any() for g in np.unique(groups))


def _applicants(rng, n, labels, shift):
    """Applicants inside the bounds; each group further from approval than the one before."""
    while True:
        coef, actionable, costs, low, high = _problem(rng, int(rng.integers(2, 5)))
        coef[0] *= 2.5  # an immutable feature that weighs a lot: some cannot make up for it
        actionable[0], actionable[1] = 0, 1
        problem = (coef, actionable, costs, low, high)
        groups = np.asarray(labels)[rng.integers(0, len(labels), n)]
        groups[: 3 * len(labels)] = np.repeat(labels, 3)
        groups = groups[rng.permutation(n)]
        X = rng.uniform(low, high, size=(n, len(coef)))
        offset = np.array([labels.index(g) for g in groups])[:, None] * shift * 0.3
        X = np.clip(X - np.sign(coef) * offset * (high - low) / 2, low, high)
        intercept = float(-np.quantile(X @ coef, rng.uniform(0.4, 0.7)))
        if _feasible_denied(X, groups, problem, intercept):
            return X, groups, problem, intercept


def group_cases(rng: np.random.Generator | None) -> list[Case]:
    """q5: X, groups, coef, actionable, costs, low, high; intercept."""

    def case(label, X, groups, problem, intercept):
        coef, actionable, costs, low, high = problem
        inputs = {"X": X, "groups": groups, "coef": coef, "actionable": actionable,
                  "costs": costs, "low": low, "high": high}  # fmt: skip
        return Case(label, inputs, params={"intercept": intercept})

    if rng is None:
        data = _applicants(np.random.default_rng(4), 40, ["a", "b"], 1.0)
        return [case("40 applicants, two groups", *data)]
    cases = []
    for c in range(3):
        labels = [str(x) for x in rng.choice(_LABELS, size=int(rng.integers(2, 4)), replace=False)]
        data = _applicants(rng, int(rng.integers(30, 200)), labels, float(rng.uniform(0, 1.5)))
        cases.append(case(f"applicants {c + 1} ({len(data[1])} rows)", *data))
    return cases


_LINES, _TAMPERED = notebook_logs()


def _listed(lines: list[str]) -> str:
    return "[\n" + "".join(f"    {line!r},\n" for line in lines) + "]"


SETUP_CODE = (
    f"""\
import hashlib
import json

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from fairkit.datasets import make_lending

# The lender's model (built as in the lesson): logistic regression on four standardised features.
lending = make_lending(3000, random_state=11).frame
FEATURES = ["income", "debt_to_income", "credit_score", "credit_history_years"]
X_raw = lending[FEATURES].to_numpy(dtype=float)
MEAN, SCALE = X_raw.mean(axis=0), X_raw.std(axis=0)
X_std = (X_raw - MEAN) / SCALE
credit_model = LogisticRegression().fit(X_std, lending["repaid"])
COEF, INTERCEPT = credit_model.coef_[0], float(credit_model.intercept_[0])
race = lending["race"].astype(str).to_numpy()
# Recourse (q4, q5): income and debt-to-income can change, score and history cannot; a change
# of one standard deviation costs 1; values stay within the range seen in the data.
ACTIONABLE = np.array([1, 1, 0, 0])
COSTS = np.ones(4)
LOW, HIGH = X_std.min(axis=0), X_std.max(axis=0)

# Two audit logs (JSON Lines of fairkit's AuditLog): the genuine one and a tampered copy.
audit_lines = {_listed(_LINES)}
tampered_lines = {_listed(_TAMPERED)}

# Monitoring: reference decisions, then six production batches of 500 (numbered 1-6).
"""
    + STREAM_CODE
    + f"""
(ref_true, ref_pred, ref_groups), batch, (y_true, y_pred, groups) = make_stream(
    *{_NOTEBOOK_STREAM!r}
)

# The fields of a model card and of a datasheet, section by section (for q6).
"""
    + schema_code()
)
