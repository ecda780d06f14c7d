"""References (fairkit.mitigation, on the grading host) and known-wrong variants of m05.

Every per-row answer travels as a Series indexed by row position 0..n-1, i.e. a dict
``{"0": value, "1": value, ...}``; per-group tables as ``{column: {group: value}}``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from autograder.questions._m05_data import HIRING_COLUMNS
from fairkit import metrics as fm
from fairkit.mitigation import CorrelationRemover, DisparateImpactRemover, Resampler, Reweighing
from fairkit.mitigation import target_cell_counts as _targets

__all__ = [
    "FORBIDDEN",
    "METHODS",
    "copies_variant",
    "decorrelate_variant",
    "ref_copies",
    "ref_decorrelate",
    "ref_repair",
    "ref_report",
    "ref_targets",
    "ref_weights",
    "repair_variant",
    "report_variant",
    "rows",
    "targets_variant",
    "weights_variant",
]

METHODS = ("none", "reweighing", "preferential")
# The reference implementations of what m05 asks learners to build: absent while graded.
FORBIDDEN = ("fairkit.mitigation", "fairlearn", "aif360")


def rows(values) -> dict[str, float]:
    return {str(i): float(v) for i, v in enumerate(np.asarray(values, dtype=float))}


def _table(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    return {c: {str(k): float(v) for k, v in frame[c].items()} for c in frame.columns}


def _cells(y, groups):
    """Counts n_gy (groups x 2), group labels in first-seen order."""
    codes, labels = pd.factorize(np.asarray(groups))
    counts = np.bincount(codes * 2 + np.asarray(y), minlength=2 * len(labels))
    return counts.reshape(len(labels), 2).astype(float), labels


# -- q1 ------------------------------------------------------------------------------------------
def ref_weights(y, groups):
    rw = Reweighing().fit(np.zeros((len(y), 1)), y, sensitive_features=groups)
    return _table(rw.weights_.rename(columns={0: "w0", 1: "w1"}))


def weights_variant(kind: str):
    def variant(y, groups):
        n_gy, labels = _cells(y, groups)
        n, n_g, n_y = n_gy.sum(), n_gy.sum(axis=1, keepdims=True), n_gy.sum(axis=0)
        w = {
            "inverse": n * n_gy / (n_g * n_y),
            "swapped": (n_g * n_y / (n * n_gy))[:, ::-1],
            "no_group_share": n_y / n_gy,
            "counts": n_g * n_y / n_gy,
            "no_label_share": n_g / n_gy,
        }[kind]
        return _table(pd.DataFrame(w, index=labels, columns=["w0", "w1"]))

    return variant


# -- q2 ------------------------------------------------------------------------------------------
def ref_targets(y, groups):
    codes, labels = pd.factorize(np.asarray(groups))
    counts = _targets(codes, np.asarray(y), len(labels)).astype(float)
    return _table(pd.DataFrame(counts, index=labels, columns=["n0", "n1"]))


def targets_variant(kind: str):
    def variant(y, groups):
        n_gy, labels = _cells(y, groups)
        expected = np.outer(n_gy.sum(axis=1), n_gy.sum(axis=0)) / n_gy.sum()
        counts = {
            "unrounded": expected,
            "floor": np.floor(expected),
            "current": n_gy,
            "swapped": np.rint(expected)[:, ::-1],
            "half_each": np.repeat(np.rint(n_gy.sum(axis=1, keepdims=True) / 2), 2, axis=1),
        }[kind]
        return _table(pd.DataFrame(counts, index=labels, columns=["n0", "n1"]))

    return variant


# -- q3 ------------------------------------------------------------------------------------------
class _GivenScores:
    """A ranker whose score is the one column of X: the case's scores."""

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X):
        return np.asarray(X)[:, 0]


def ref_copies(scores, y, groups):
    rs = Resampler(strategy="preferential", ranker=_GivenScores())
    rs.fit_resample(np.asarray(scores).reshape(-1, 1), y, sensitive_features=groups)
    return rows(np.bincount(rs.sample_indices_, minlength=len(y)))


def copies_variant(kind: str):
    """Preferential sampling done wrong: ``kind`` says how."""

    def variant(scores, y, groups):
        scores, y = np.asarray(scores, dtype=float), np.asarray(y)
        if kind == "confident":  # acts on the rows farthest from the boundary
            key = np.where(y == 1, -scores, scores)
        elif kind == "same_order":  # lowest scores first for both labels
            key = scores
        else:  # "no_cycle" keeps the right order
            key = np.where(y == 1, scores, -scores)
        codes, _ = pd.factorize(np.asarray(groups))
        targets = _targets(codes, y, codes.max() + 1)
        copies = np.ones(len(y))
        for g in range(codes.max() + 1):
            for label in (0, 1):
                cell = np.flatnonzero((codes == g) & (y == label))
                cell = cell[np.argsort(key[cell], kind="stable")]
                k = targets[g, label] - len(cell)
                if k < 0:
                    copies[cell[:-k]] = 0
                elif kind == "no_cycle":
                    copies[cell[: min(k, len(cell))]] += 1
                else:
                    np.add.at(copies, np.resize(cell, k), 1)
        return rows(copies)

    return variant


# -- q4 ------------------------------------------------------------------------------------------
def ref_decorrelate(x, s, alpha):
    cr = CorrelationRemover(sensitive_feature_ids=[1], alpha=alpha)
    return rows(cr.fit_transform(np.column_stack([x, s])).ravel())


def decorrelate_variant(kind: str):
    def variant(x, s, alpha):
        x, s = np.asarray(x, dtype=float), np.asarray(s, dtype=float)
        sc = s - s.mean()
        slope = sc @ (x - x.mean()) / (sc @ sc)
        out = {
            "no_alpha": x - slope * sc,
            "not_centred": x - alpha * slope * s,
            "only_filtered": alpha * (x - slope * sc),
            "correlation": x - alpha * np.corrcoef(x, s)[0, 1] * sc,
            "residual_only": x - x.mean() - alpha * slope * sc,
        }[kind]
        return rows(out)

    return variant


# -- q5 ------------------------------------------------------------------------------------------
def ref_repair(x, groups, repair_level):
    dr = DisparateImpactRemover(repair_level=repair_level)
    out = dr.fit_transform(np.asarray(x, dtype=float).reshape(-1, 1), sensitive_features=groups)
    return rows(out.ravel())


def repair_variant(kind: str):
    def variant(x, groups, repair_level):
        x, groups = np.asarray(x, dtype=float), np.asarray(groups)
        if kind == "means":  # moves the group means together, not the distributions
            means = pd.Series(x).groupby(groups).transform("mean").to_numpy()
            target = x - means + x.mean()
        else:
            target = np.asarray(list(ref_repair(x, groups, 1.0).values()))
            if kind == "pooled":  # the quantile of all rows instead of the median of groups
                target = np.empty_like(x)
                for g in np.unique(groups):
                    m = groups == g
                    u = (pd.Series(x[m]).rank().to_numpy() - 0.5) / m.sum()
                    target[m] = np.quantile(x, u, method="hazen")
        level = {"ignores_level": 1.0, "reversed": 1 - repair_level}.get(kind, repair_level)
        return rows((1 - level) * x + level * target)

    return variant


# -- q6 ------------------------------------------------------------------------------------------
def _model():
    return make_pipeline(StandardScaler(), LogisticRegression())


def _report(data, *, weighted=True, eo_on="qualified", acc_on="hired", retrain=True):
    X = data[list(HIRING_COLUMNS)].to_numpy(dtype=float)
    y, gender = data["hired"].to_numpy(), data["gender"].to_numpy()
    preds = {"none": _model().fit(X, y).predict(X)}
    w = Reweighing().fit_transform(X, y, sensitive_features=gender) if weighted else None
    preds["reweighing"] = _model().fit(X, y, logisticregression__sample_weight=w).predict(X)
    rs = Resampler(strategy="preferential", ranker=_model())
    X_res, y_res, _ = rs.fit_resample(X, y, sensitive_features=gender)
    preds["preferential"] = _model().fit(X_res, y_res).predict(X) if retrain else preds["none"]
    table = {
        m: {
            "dp_gap": fm.demographic_parity_difference(y, p, sensitive_features=gender),
            "eo_gap": fm.equalized_odds_difference(
                data[eo_on].to_numpy(), p, sensitive_features=gender
            ),
            "accuracy": float(np.mean(p == data[acc_on].to_numpy())),
        }
        for m, p in preds.items()
    }
    return _table(pd.DataFrame(table).T[["dp_gap", "eo_gap", "accuracy"]])


def ref_report(data):
    return _report(data)


def report_variant(kind: str):
    options = {
        "eo_on_hired": {"eo_on": "hired"},
        "acc_on_qualified": {"acc_on": "qualified"},
        "unweighted": {"weighted": False},
        "not_retrained": {"retrain": False},
    }[kind]
    return lambda data: _report(data, **options)
