"""Cases of m09-differential-privacy: public teaching examples and hidden cases per question.

Public examples are small and hand-checkable, built so that each typical mistake gives a value
of its own (a tie at the budget, a negative lower bound, a u below and above 1/2...). Hidden
cases are drawn on the grading host from the case seed: UCI Adult resamples (q1), simulated
reports, values, budgets, audit counts, losses and predictions (q2-q8), of other sizes, with
string group labels and sometimes pandas Series with a shifted index. Every answer is a
deterministic function of its inputs: the Laplace noise of q3 comes from the uniform ``u`` the
grader passes, so no correct answer can fail by chance.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.questions._base import Case
from autograder.questions._m09_data_attacks import ATTACK_CASES
from autograder.questions._m09_refs import ref_spent
from fairkit.datasets import load_adult

__all__ = ["CASES"]


def _adult_columns(rows: np.ndarray | None = None) -> dict[str, np.ndarray]:
    frame = load_adult().frame
    if rows is not None:
        frame = frame.iloc[rows]
    return {
        "over_50k": frame["income_gt_50k"].to_numpy(dtype=np.int64),
        "age": frame["age"].to_numpy(dtype=np.int64),
        "sex": frame["sex"].astype(str).to_numpy(dtype=str),
    }


# -- q1 -------------------------------------------------------------------------------------------
def _q1_public() -> list[Case]:
    hand = {
        "over_50k": np.array([1, 0, 1, 1, 0, 0, 1, 0]),
        "age": np.array([34, 51, 51, 29, 51, 34, 62, 29]),
        "sex": np.array(["F", "M", "F", "M", "M", "F", "M", "F"]),
    }
    office = _adult_columns(np.arange(0, 400))
    return [
        Case("8 people, one woman aged 51", hand, params={"target_age": 51, "target_sex": "F"}),
        Case(
            "400 Adult rows, the only woman aged 66",
            office,
            params={"target_age": 66, "target_sex": "Female"},
        ),
    ]


def _q1_hidden(rng: np.random.Generator) -> list[Case]:
    n_all = len(load_adult().frame)
    out = []
    for i in range(3):
        rows = rng.choice(n_all, size=int(rng.integers(150, 1500)), replace=False)
        data = _adult_columns(rows)
        ages, sexes = data["age"], data["sex"]
        combos, counts = np.unique(np.char.add(ages.astype(str), "|" + sexes), return_counts=True)
        pool = combos[counts == 1] if i < 2 and (counts == 1).any() else combos
        age, sex = str(rng.choice(pool)).split("|")
        index = np.arange(len(ages)) + 1000 if i == 1 else None
        params = {"target_age": int(age), "target_sex": sex}
        out.append(Case(f"Adult resample {i + 1}", data, index=index, params=params))
    return out


# -- q2 -------------------------------------------------------------------------------------------
def _q2_public() -> list[Case]:
    ln3 = math.log(3)
    return [
        Case("4 reports, ε = ln 3", {"reports": np.array([1, 1, 0, 1])}, params={"epsilon": ln3}),
        Case(
            "10 reports, 2 yes, ε = ln 3",
            {"reports": np.array([0, 1, 0, 0, 0, 0, 1, 0, 0, 0])},
            params={"epsilon": ln3},
        ),
        Case(
            "12 reports, ε = 1",
            {"reports": np.array([1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0])},
            params={"epsilon": 1.0},
        ),
    ]


def _q2_hidden(rng: np.random.Generator) -> list[Case]:
    out = []
    for n in (int(rng.integers(8, 30)), int(rng.integers(200, 3000))):
        eps = float(rng.choice([0.25, 0.5, 1.0, math.log(3), 2.0]))
        truth = rng.random(n) < rng.uniform(0.02, 0.6)
        keep = rng.random(n) < math.exp(eps) / (1 + math.exp(eps))
        reports = np.where(keep, truth, ~truth).astype(np.int64)
        out.append(Case(f"{n} reports", {"reports": reports}, params={"epsilon": eps}))
    return out


# -- q3 -------------------------------------------------------------------------------------------
def _q3_public() -> list[Case]:
    return [
        Case(
            "hours worked, bounds [0, 80]",
            {"values": np.array([35.0, 40.0, 60.0, 99.0, 10.0])},
            params={"lower": 0.0, "upper": 80.0, "epsilon": 1.0, "u": 0.75},
        ),
        Case(
            "changes in savings, bounds [-10, 5]",
            {"values": np.array([-12.0, 3.0, 7.0, -1.0, 20.0])},
            params={"lower": -10.0, "upper": 5.0, "epsilon": 0.5, "u": 0.2},
        ),
    ]


def _q3_hidden(rng: np.random.Generator) -> list[Case]:
    out = []
    for i in range(3):
        upper = float(rng.choice([5.0, 10.0, 50.0, 100.0]))
        lower = [-1.5 * upper, 0.2 * upper, -0.5 * upper][i]
        values = rng.uniform(lower - 0.5 * upper, 1.5 * upper, size=int(rng.integers(5, 400)))
        params = {
            "lower": lower,
            "upper": upper,
            "epsilon": float(rng.choice([0.1, 0.5, 1.0, 2.0])),
            "u": float(rng.uniform(0.02, 0.98)),
        }
        out.append(Case(f"{len(values)} values", {"values": values.round(2)}, params=params))
    return out


# -- q4, q5 ----------------------------------------------------------------------------------
_BIN = np.array([0.0625, 0.125, 0.25, 0.5, 1.0])


def _q4_public() -> list[Case]:
    return [
        Case(
            "three releases, basic",
            {"epsilons": np.array([0.5, 0.25, 1.0])},
            params={"composition": "basic", "delta_prime": 1e-6},
        ),
        Case(
            "100 releases of ε = 0.1, advanced",
            {"epsilons": np.full(100, 0.1)},
            params={"composition": "advanced", "delta_prime": 1e-6},
        ),
        Case(
            "200 releases of mixed ε, advanced",
            {"epsilons": np.r_[np.full(150, 0.05), np.full(50, 0.2)]},
            params={"composition": "advanced", "delta_prime": 1e-5},
        ),
        Case(
            "three large releases, advanced",
            {"epsilons": np.array([0.5, 1.0, 0.3])},
            params={"composition": "advanced", "delta_prime": 1e-6},
        ),
    ]


def _q4_hidden(rng: np.random.Generator) -> list[Case]:
    out = [
        Case(
            "random releases, basic composition",
            {"epsilons": rng.uniform(0.01, 1.0, size=int(rng.integers(2, 40))).round(3)},
            params={"composition": "basic", "delta_prime": 1e-6},
        )
    ]
    for k in (int(rng.integers(3, 8)), int(rng.integers(80, 600))):
        eps = rng.uniform(0.01, 0.3, size=k).round(4)
        dp = float(rng.choice([1e-4, 1e-5, 1e-6, 1e-8]))
        out.append(
            Case(
                f"{k} releases",
                {"epsilons": eps},
                params={"composition": "advanced", "delta_prime": dp},
            )
        )
    return out


def _q5_public() -> list[Case]:
    basic = {"composition": "basic", "delta_prime": 1e-6}
    return [
        Case(
            "two queries that use the budget exactly",
            {"epsilons": np.array([0.5, 0.5])},
            params={"budget": 1.0, **basic},
        ),
        Case(
            "a query too large for what is left",
            {"epsilons": np.array([0.5, 0.75, 0.25, 0.125])},
            params={"budget": 1.0, **basic},
        ),
        Case(
            "60 small queries, advanced",
            {"epsilons": np.full(60, 0.05)},
            params={"budget": 2.0, "composition": "advanced", "delta_prime": 1e-5},
        ),
    ]


def _clear_of_ties(eps: np.ndarray, budget: float, composition: str, dp: float) -> bool:
    # A total within 1e-6 of the budget would make the grade hang on rounding: redraw.
    totals = [ref_spent(eps[: i + 1], composition, dp) for i in range(len(eps))]
    return all(abs(t - budget) > 1e-6 for t in totals)


def _q5_hidden(rng: np.random.Generator) -> list[Case]:
    k = int(rng.integers(6, 20))
    basic = rng.choice(_BIN, size=k)
    budget = float(rng.choice([1.0, 2.0, 3.0]))
    out = [
        Case(
            f"{k} queries, basic",
            {"epsilons": basic},
            params={"budget": budget, "composition": "basic", "delta_prime": 1e-6},
        )
    ]
    while True:
        k = int(rng.integers(40, 300))
        eps = rng.uniform(0.01, 0.12, size=k).round(4)
        dp = float(rng.choice([1e-4, 1e-5, 1e-6]))
        budget = round(float(rng.uniform(1.0, 3.0)), 2)
        if _clear_of_ties(eps, budget, "advanced", dp):
            break
    params = {"budget": budget, "composition": "advanced", "delta_prime": dp}
    out.append(Case(f"{k} queries, advanced", {"epsilons": eps}, params=params))
    return out


CASES = {
    "q1": (_q1_public, _q1_hidden),
    "q2": (_q2_public, _q2_hidden),
    "q3": (_q3_public, _q3_hidden),
    "q4": (_q4_public, _q4_hidden),
    "q5": (_q5_public, _q5_hidden),
    **ATTACK_CASES,
}
