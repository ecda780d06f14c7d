"""References and known-wrong variants of m01-bias-lifecycle, on the grading host.

The references are written with NumPy (and ``fairkit.metrics`` for the base rates), not with
the pandas groupby of the solutions, so that the tests compare two independent computations.
Each variant computes one typical mistake; a question's message names it when an answer
equals it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.questions._base import Mistake
from fairkit import metrics as fm

__all__ = [
    "ARGS_NOTE",
    "FORBIDDEN",
    "alerts",
    "base_rate",
    "base_rate_variant",
    "batch_gaps",
    "column_mistake",
    "flip_rate",
    "missing_rate",
    "mistake",
    "per_group",
    "representation",
    "shift",
    "shift_variant",
]

# The reference implementations of what this exercise asks learners to build: group rates.
FORBIDDEN = ("fairkit.metrics", "fairlearn")
ARGS_NOTE = (
    " The grader calls it on other tables (hiring or lending data, other group labels and "
    "column names): use the arguments, not fixed names."
)


def mistake(message: str, how: str, variant: Callable[..., object]) -> Mistake:
    """A known mistake computed by ``variant(**case inputs, how=how)``."""
    return Mistake(message, lambda **kw: variant(**kw, how=how))


def column_mistake(message: str, column: str, variant: Callable[..., object]) -> Mistake:
    """A known mistake in one column of a table answer."""
    return Mistake(message, variant, column=column)


def per_group(labels, fn: Callable[[np.ndarray], float]) -> dict[str, float]:
    """``fn(mask)`` for every group of ``labels`` (keys as text)."""
    labels = np.asarray(labels).astype(str)
    return {g: float(fn(labels == g)) for g in np.unique(labels)}


# -- q1 --------------------------------------------------------------------------------------
def _against(share: float, count: float, p: float, k: int, how: str) -> float:
    """A group's share in the data against its population share ``p``, or a mistake."""
    if how == "inverse":
        return p / share
    if how == "difference":
        return share - p
    if how == "count":
        return count / p
    if how == "uniform":
        return share * k
    return share / p


def representation(groups, population_groups, population_shares, *, how="ratio"):
    """Share of each population group among the rows, against its population share."""
    groups = np.asarray(groups).astype(str)
    _, first, counts = np.unique(groups, return_index=True, return_counts=True)
    # pandas' value_counts order (most frequent first, ties by first appearance), which an
    # answer that divides by position pairs with the population's order.
    by_frequency = np.lexsort((first, -counts))
    out = {}
    for i, (g, p) in enumerate(zip(population_groups, population_shares, strict=True)):
        count = float(np.sum(groups == str(g)))
        share = count / len(groups)
        if how == "positional":
            out[str(g)] = counts[by_frequency[i]] / len(groups) / p
            continue
        out[str(g)] = _against(share, count, p, len(population_groups), how)
    return out


# -- q2 --------------------------------------------------------------------------------------
def base_rate(data, sensitive, label) -> dict[str, float]:
    """``P(label = 1 | group)``, computed by ``fairkit.metrics``."""
    y = data[label].to_numpy()
    frame = fm.MetricFrame(
        metrics=fm.selection_rate, y_true=y, y_pred=y, sensitive_features=data[sensitive].to_numpy()
    )
    return {str(k): float(v) for k, v in frame.by_group.items()}


_OTHER_LABEL = {
    "hired": "qualified",
    "qualified": "hired",
    "approved": "repaid",
    "repaid": "approved",
}


def base_rate_variant(data, sensitive, label, *, how: str) -> dict[str, float]:
    y = data[label].to_numpy()
    groups = data[sensitive].to_numpy()
    if how == "dataset":
        return per_group(groups, lambda m: y[m].sum() / len(y))
    if how == "given_label":
        return per_group(groups, lambda m: y[m].sum() / y.sum())
    if how == "count":
        return per_group(groups, lambda m: y[m].sum())
    if how == "overall":
        return per_group(groups, lambda m: y.mean())
    other = data[_OTHER_LABEL[label]].to_numpy()
    return per_group(groups, lambda m: other[m].mean())


# -- q3 --------------------------------------------------------------------------------------
def missing_rate(data, sensitive, column, *, how: str = "rate") -> dict[str, float]:
    gone = np.isnan(data[column].to_numpy(dtype=float))
    groups = data[sensitive].to_numpy()
    fns = {
        "rate": lambda m: gone[m].mean(),
        "zero": lambda m: 0.0,
        "dataset": lambda m: gone[m].sum() / len(gone),
        "present": lambda m: 1.0 - gone[m].mean(),
        "given_missing": lambda m: gone[m].sum() / gone.sum(),
        "count": lambda m: gone[m].sum(),
    }
    return per_group(groups, fns[how])


# -- q4 --------------------------------------------------------------------------------------
def flip_rate(data, sensitive, true_label, recorded_label, *, how="rate") -> dict[str, float]:
    true, rec = data[true_label].to_numpy(), data[recorded_label].to_numpy()
    flipped = (true == 1) & (rec == 0)
    fns = {
        "rate": lambda m: flipped[m].sum() / (true[m] == 1).sum(),
        "recorded_negatives": lambda m: flipped[m].sum() / (rec[m] == 0).sum(),
        "group_size": lambda m: flipped[m].mean(),
        "kept": lambda m: ((true == 1) & (rec == 1))[m].sum() / (true[m] == 1).sum(),
        "overall": lambda m: flipped.sum() / (true == 1).sum(),
        "swapped": lambda m: ((rec == 1) & (true == 0))[m].sum() / (rec[m] == 1).sum(),
    }
    return per_group(data[sensitive].to_numpy(), fns[how])


# -- q5 --------------------------------------------------------------------------------------
def _mean(values, mask) -> float:
    return float(values[mask].mean())


def shift_variant(data, sensitive, reference, feature, true_label, *, how: str = "right"):
    """The measurement shift of every group, or one of its typical miscalculations."""
    x = data[feature].to_numpy(dtype=float)
    y = data[true_label].to_numpy()
    groups = data[sensitive].to_numpy().astype(str)
    is_ref = groups == reference
    # The SD the answer divides by: the reference group's (ddof=1), or a mistaken one.
    scales = {"ddof0": x[is_ref].std(ddof=0), "all": x.std(ddof=1)}
    sd = scales.get(how, x[is_ref].std(ddof=1))
    out = {}
    for g in np.unique(groups):
        mine = groups == g
        if how == "raw":
            diff = _mean(x, mine) - _mean(x, is_ref)
        elif how == "positives":
            diff = _mean(x, mine & (y == 1)) - _mean(x, is_ref & (y == 1))
        else:
            diff = np.mean(
                [_mean(x, mine & (y == v)) - _mean(x, is_ref & (y == v)) for v in (0, 1)]
            )
        scale = x[mine].std(ddof=1) if how == "own" else sd
        value = diff / scale
        out[g] = {
            "units": diff,
            "absolute": abs(value),
            "reversed": -value,
        }.get(how, value)
    return out


def shift(data, sensitive, reference, feature, true_label) -> dict[str, float]:
    """Mean over the true labels of (group mean - reference mean), in reference SDs (ddof=1)."""
    return shift_variant(data, sensitive, reference, feature, true_label)


# -- q6 and q7 -------------------------------------------------------------------------------
def batch_gaps(data, group, reference, *, how: str = "gap") -> dict[str, float]:
    """Selection rate of ``group`` minus that of ``reference``, in every batch (or a mistake)."""
    batch = data["batch"].to_numpy()
    gender = data["gender"].to_numpy().astype(str)
    chosen = data["selected"].to_numpy()
    out = {}
    for b in np.unique(batch):
        rows = (batch <= b) if how == "cumulative" else (batch == b)
        if how == "overall":
            rows = np.ones_like(rows)
        mine, ref = chosen[rows & (gender == group)], chosen[rows & (gender == reference)]
        rates = [chosen[rows & (gender == g)].mean() for g in np.unique(gender[rows])]
        out[str(b)] = {
            "gap": mine.mean() - ref.mean(),
            "cumulative": mine.mean() - ref.mean(),
            "overall": mine.mean() - ref.mean(),
            "reversed": ref.mean() - mine.mean(),
            "absolute": abs(mine.mean() - ref.mean()),
            "ratio": mine.mean() / ref.mean() if ref.sum() else np.nan,  # JSON has no inf
            "count": float(mine.sum() - ref.sum()),
            "max_min": max(rates) - min(rates),
        }[how]
    return out


def alerts(data, group, reference, low, high, *, how: str = "band") -> dict[str, float]:
    """1.0 for each batch whose gap is outside [low, high] (or a typical miscalculation)."""
    rule = {
        "band": lambda g: g < low or g > high,
        "lower": lambda g: g < low,
        "inside": lambda g: low <= g <= high,
        "absolute": lambda g: abs(g) > high,
        "strict": lambda g: g <= low or g >= high,
    }[how]
    return {b: float(rule(g)) for b, g in batch_gaps(data, group, reference).items()}
