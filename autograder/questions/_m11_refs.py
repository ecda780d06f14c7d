"""References and known-wrong variants of m11-accountability (grading host only).

References use ``fairkit.accountability`` (the audit log's own verification, ``recourse``,
``recourse_by_group``, ``ModelCard``/``Datasheet.validate``) and ``fairkit.metrics``; the
variants recompute the typical mistakes with NumPy.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from fairkit.accountability import AuditLog, canonical_json, recourse, recourse_by_group
from fairkit.metrics import MetricFrame, true_positive_rate

__all__ = [
    "alerts",
    "alerts_variant",
    "cost_by_group",
    "cost_variant",
    "first_tampered",
    "first_variant",
    "hash_ok",
    "hash_variant",
    "linear_recourse",
    "recourse_variant",
]


# -- q1, q2: the audit log --------------------------------------------------------------------
def _record(line: str) -> dict | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _own_hash(record: dict | None, *, drop_hash: bool = True, canonical: bool = True) -> bool:
    if record is None or "hash" not in record:
        return False
    body = {k: v for k, v in record.items() if k != "hash" or not drop_hash}
    text = canonical_json(body) if canonical else json.dumps(body)
    return hashlib.sha256(text.encode()).hexdigest() == record["hash"]


def hash_ok(lines) -> dict[str, float]:
    return {str(n): float(_own_hash(_record(line))) for n, line in enumerate(lines, start=1)}


def hash_variant(lines, *, how: str) -> dict[str, float]:
    records = [_record(line) for line in lines]
    if how == "with_hash":
        values = [_own_hash(r, drop_hash=False) for r in records]
    elif how == "not_canonical":
        values = [_own_hash(r, canonical=False) for r in records]
    else:  # "links": prev_hash checked against the line before instead
        before = ["0" * 64] + [r.get("hash") if r else None for r in records[:-1]]
        values = [
            r is not None and r.get("prev_hash") == b for r, b in zip(records, before, strict=True)
        ]
    return {str(n): float(v) for n, v in enumerate(values, start=1)}


def _verify(lines: list[str], folder: Path, name: str):
    path = folder / f"{name}.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return AuditLog(path).verify()


def first_tampered(lines) -> float:
    """The first k whose prefix (lines 1..k) fails AuditLog.verify; 0 if the log verifies."""
    lines = [str(line) for line in lines]
    with tempfile.TemporaryDirectory() as folder:
        for k in range(1, len(lines) + 1):
            if not _verify(lines[:k], Path(folder), str(k)).ok:
                return float(k)
    return 0.0


def _walk(lines, *, own: bool, links: bool, seq: bool) -> float:
    previous = "0" * 64
    for n, line in enumerate(lines, start=1):
        record = _record(line)
        if record is None or not {"seq", "prev_hash", "hash"} <= set(record):
            return float(n)
        if (own and not _own_hash(record)) or (links and record["prev_hash"] != previous):
            return float(n)
        if seq and record["seq"] != n - 1:
            return float(n)
        previous = record["hash"]
    return 0.0


def first_variant(lines, *, how: str) -> float:
    lines = [str(line) for line in lines]
    if how == "edited_line":  # the whole log's first problem: the edited line itself
        with tempfile.TemporaryDirectory() as folder:
            found = _verify(lines, Path(folder), "all").lines()
        return float(found[0]) if found else 0.0
    if how == "zero_based":
        return first_tampered(lines) - 1.0
    flags = {
        "own": (True, False, False),
        "links": (False, True, False),
        "no_seq": (True, True, False),
    }
    own, links, seq = flags[how]
    return _walk(lines, own=own, links=links, seq=seq)


# -- q3: the monitor ----------------------------------------------------------------------------
def _tpr(y_true, y_pred, groups) -> pd.Series:
    frame = MetricFrame(
        metrics=true_positive_rate, y_true=y_true, y_pred=y_pred, sensitive_features=groups
    )
    return frame.by_group


def alerts(ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups, *, k, min_positives):
    return alerts_variant(
        ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups, k=k,
        min_positives=min_positives, how="right",
    )  # fmt: skip


def alerts_variant(
    ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups, *, k, min_positives, how
):
    reference = _tpr(ref_true, ref_pred, ref_groups)
    positives_ref = pd.Series(ref_true == 1).groupby(np.asarray(ref_groups)).sum()
    gap, alert = {}, {}
    for b in np.unique(batch):
        rows = batch == b
        positives = pd.Series(y_true[rows] == 1).groupby(groups[rows]).sum()
        judged = positives.index[positives >= (0 if how == "all_groups" else min_positives)]
        if how == "selection":
            rates = pd.Series(y_pred[rows]).groupby(groups[rows]).mean()
        else:
            rates = _tpr(y_true[rows], y_pred[rows], groups[rows])
        rates = rates[judged]
        p = reference[judged]
        n = positives_ref[judged] if how == "reference_n" else positives[judged]
        sd = np.sqrt(p * (1 - p) / (1.0 if how == "no_n" else n))
        low, high = p - k * sd, p + k * sd
        out = rates < low if how == "one_sided" else (rates < low) | (rates > high)
        gap[str(b)] = float(rates.max() - rates.min())
        alert[str(b)] = float(out.any())
    return {"gap": gap, "alert": alert}


# -- q4, q5: recourse ---------------------------------------------------------------------------
def _model(coef, intercept) -> LogisticRegression:
    model = LogisticRegression()
    model.classes_ = np.array([0, 1])
    model.coef_ = np.asarray(coef, dtype=float)[None, :]
    model.intercept_ = np.array([float(intercept)])
    model.n_features_in_ = len(coef)
    return model


def _options(actionable, costs, low, high):
    names = [f"x{j}" for j in range(len(costs))]
    moving = [names[j] for j in np.flatnonzero(np.asarray(actionable) == 1)]
    return {
        "actionable": moving,
        "costs": {n: float(costs[names.index(n)]) for n in moving},
        "bounds": {n: (float(low[names.index(n)]), float(high[names.index(n)])) for n in moving},
    }


def linear_recourse(x, coef, actionable, costs, low, high, *, intercept) -> dict[str, float]:
    options = _options(actionable, costs, low, high)
    result = recourse(_model(coef, intercept), np.asarray(x, dtype=float), **options)
    new = (
        result.counterfactual.to_numpy(dtype=float) if result.feasible else np.full(len(x), np.nan)
    )
    return {str(j): float(v) for j, v in enumerate(new)}


def recourse_variant(x, coef, actionable, costs, low, high, *, intercept, how):
    x, coef, costs = (np.asarray(a, dtype=float) for a in (x, coef, costs))
    moving = np.asarray(actionable) == 1
    need = -(x @ coef + intercept)
    if how == "delta":
        return {
            str(j): v - x[j] for j, v in enumerate(linear_recourse(
                x, coef, actionable, costs, low, high, intercept=intercept).values())
        }  # fmt: skip
    if how == "euclidean":  # the closest point in L2, along the weights of what may move
        w = np.where(moving, coef, 0.0)
        new = x + w * need / (w @ w)
        return {str(j): float(v) for j, v in enumerate(new)}
    if how == "no_bounds":
        low, high = np.full(len(x), -1e12), np.full(len(x), 1e12)
    if how == "no_costs":
        costs = np.ones(len(x))
    if how == "cost_times_weight":
        costs = costs * np.abs(coef) ** 2  # order by c * |w| instead of c / |w|
    return linear_recourse(x, coef, actionable, costs, low, high, intercept=intercept)


def cost_by_group(X, groups, coef, actionable, costs, low, high, *, intercept):
    frame = pd.DataFrame(np.asarray(X, dtype=float), columns=[f"x{j}" for j in range(len(coef))])
    options = _options(actionable, costs, low, high)
    result = recourse_by_group(
        _model(coef, intercept), frame, sensitive_features=np.asarray(groups), **options
    )
    summary = result.summary
    return {c: {str(g): float(v) for g, v in summary[c].items()} for c in _COLUMNS}


_COLUMNS = ("mean_cost", "share_infeasible")


def _denied_costs(X, groups, coef, actionable, costs, low, high, intercept):
    frame = pd.DataFrame(np.asarray(X, dtype=float), columns=[f"x{j}" for j in range(len(coef))])
    options = _options(actionable, costs, low, high)
    result = recourse_by_group(
        _model(coef, intercept), frame, sensitive_features=np.asarray(groups), **options
    )
    return result.costs.to_numpy(), result.groups.to_numpy(), result.summary


def cost_variant(X, groups, coef, actionable, costs, low, high, *, intercept, how):
    cost, denied_groups, summary = _denied_costs(
        X, groups, coef, actionable, costs, low, high, intercept
    )
    by = pd.Series(cost).groupby(denied_groups)
    labels = [str(g) for g in summary.index]
    if how == "infeasible_as_zero":
        return {str(g): float(v) for g, v in pd.Series(cost).fillna(0).groupby(denied_groups)
                .mean().items()}  # fmt: skip
    if how == "everyone":  # the approved counted with cost 0
        total = by.sum()
        return {str(g): float(total.get(g, 0.0) / summary.loc[g, "n"]) for g in summary.index}
    if how == "median":
        return {str(g): float(v) for g, v in by.median().items()}
    if how == "share_of_group":
        return {g: float(summary["infeasible"].iloc[i] / summary["n"].iloc[i])
                for i, g in enumerate(labels)}  # fmt: skip
    raise ValueError(f"unknown variant {how!r}")
