"""Permutation test of "no gap": shuffle group labels, recompute the metric."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from fairkit.metrics import _errors as E
from fairkit.metrics import _resampling as R
from fairkit.metrics._bootstrap import _accepts, _is_count, _name, _rows, _take
from fairkit.metrics._counts import count_table
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._tables import Plan, lookup
from fairkit.metrics._validation import _as_1d, _check_length, binarize_labels, check_weights

__all__ = ["GapTestResult", "gap_test"]


@dataclass(frozen=True)
class GapTestResult:
    """Observed gap, permutation p-value and the gaps under the null, one per permutation.

    ``alternative`` says which null values count as at least as extreme as the observed one:
    "greater" (differences), "less" (ratios: further from 1 is smaller) or "two-sided"
    (signed comparisons with a privileged group, on the log scale for ratios).
    """

    statistic: float
    p_value: float
    n_permutations: int
    null_samples: np.ndarray
    alternative: str = "greater"


def _alternative(spec) -> str:
    if spec is None or spec.kind == "gap":
        return "less" if spec is not None and spec.ratio else "greater"
    return "greater" if spec.formula == "aaod" else "two-sided"


def _extreme(null: np.ndarray, observed: float, alternative: str, ratio: bool) -> np.ndarray:
    # Ties count as extreme (conservative); the tolerance absorbs rounding between tables
    # that give the same value by different sums.
    tol = 1e-10 * max(1.0, abs(observed))
    if alternative == "greater":
        return null >= observed - tol
    if alternative == "less":
        return null <= observed + tol
    if ratio:
        with np.errstate(divide="ignore", invalid="ignore"):
            null, observed = np.log(null), np.log(observed)
    return np.abs(null) >= abs(observed) - tol


def _hypergeometric(rng, x: np.ndarray, m: np.ndarray, n_perm: int) -> np.ndarray:
    """``(n_perm, G)`` numerator counts when the group labels of a stratum's rows are
    shuffled: group g keeps ``m[g]`` rows, drawn without replacement from the stratum."""
    good = np.full(n_perm, int(x.sum()), dtype=np.int64)
    rows = np.full(n_perm, int(m.sum()), dtype=np.int64)
    out = np.zeros((n_perm, len(m)))
    for g, size in enumerate(m[:-1].astype(np.int64)):
        if size > 0:
            draw = rng.hypergeometric(good, rows - good, size) if size < rows[0] else good.copy()
            out[:, g] = draw
            good = good - draw
        rows = rows - size
    out[:, -1] = good
    return out


def gap_test(
    metric,
    y_true,
    y_pred,
    *,
    sensitive_features,
    sample_weight=None,
    n_permutations: int = 1000,
    random_state=None,
    alternative: str | None = None,
    **metric_kwargs,
) -> GapTestResult:
    """Permutation test of "no gap between groups" for a fairkit gap (or any callable).

    Under "no gap" the rows' group labels are exchangeable among the rows a rate is about
    (its denominator): all rows for the selection rate and accuracy, the positives for the
    true positive rate, the negatives for the false positive rate, the predicted positives
    for precision; both label strata (separately) for equalized odds, so differing base
    rates are kept. Shuffling the labels within those rows gives the gap's null distribution
    exactly; for fairkit metrics without weights it is drawn as hypergeometric counts, so
    the cost does not grow with the rows. Other callables (and weights) shuffle the group
    labels of all rows (respectively within the strata) and recompute the metric.

    Parameters
    ----------
    metric : callable
        A fairkit gap, ratio or privileged-group comparison, or ``f(y_true, y_pred, *,
        sensitive_features, **kw)``.
    y_true, y_pred : array-like of shape (n_samples,)
    sensitive_features : array-like, Series, DataFrame or dict of columns
    sample_weight : array-like, optional
    n_permutations : int, default 1000
    random_state : int, Generator or None
    alternative : {None, "greater", "less", "two-sided"}, default None
        Which null values are at least as extreme as the observed one: larger ones (a
        difference), smaller ones (a ratio: further from 1) or larger in absolute value (a
        signed comparison; on the log scale for fairkit's disparate impact ratio). None reads
        it from a fairkit metric and takes "greater" for any other callable.
    **metric_kwargs
        Passed to ``metric`` (``missing_group`` also labels missing groups here).

    Returns
    -------
    GapTestResult
        ``p_value = (1 + #{null at least as extreme}) / (1 + n_permutations)``, which never
        rejects more often than the level under the null (Phipson & Smyth 2010).

    Examples
    --------
    >>> from fairkit.metrics import demographic_parity_difference, gap_test
    >>> y_pred = [1, 0] * 50 + [1, 1, 1, 0] * 25
    >>> res = gap_test(demographic_parity_difference, y_pred, y_pred,
    ...                sensitive_features=["a"] * 100 + ["b"] * 100, random_state=0)
    >>> res.statistic, bool(res.p_value < 0.01)
    (0.25, True)
    """
    if not _is_count(n_permutations, 1):
        raise ValueError(E.BAD_N_PERMUTATIONS.format(n_permutations=n_permutations))
    if alternative not in (None, "greater", "less", "two-sided"):
        raise ValueError(E.BAD_ALTERNATIVE.format(alternative=alternative))
    yt, yp = _as_1d(y_true, "y_true"), _as_1d(y_pred, "y_pred")
    n = len(yt)
    _check_length(n, yp, "y_pred")
    w = check_weights(sample_weight, n)
    sf = _rows(sensitive_features)
    _check_length(n, sf, "sensitive_features")
    spec, kw = lookup(metric, metric_kwargs)
    if spec is not None and spec.kind == "rate":
        raise ValueError(E.GAP_TEST_NOT_A_GAP.format(metric=_name(metric)))

    def call(labels_rows):
        k = dict(metric_kwargs)
        if w is not None and _accepts(metric, "sample_weight"):
            k["sample_weight"] = w
        s = sf if labels_rows is None else _take(sf, labels_rows)
        return float(metric(yt, yp, sensitive_features=s, **k))

    observed = call(None)
    groups = factorize_groups(sensitive_features, n, missing_group=kw.get("missing_group"))
    rng = np.random.default_rng(random_state)
    block = R.default_block_size(n, n_permutations)
    if spec is None:
        order = np.zeros(n, dtype=np.intp)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", E.FairkitWarning)
            null = np.array(
                [call(r) for p in _shuffles(rng, order, n_permutations, block) for r in p]
            )
    else:
        null = _table_null(spec, kw, yt, yp, w, groups, rng, n_permutations, block)
    alternative = alternative or _alternative(spec)
    nan = np.isnan(null)
    if nan.any():
        E.warn(
            E.NAN_PERMUTATIONS.format(count=int(nan.sum()), n_permutations=n_permutations),
            E.UndefinedMetricWarning,
        )
    valid = null[~nan]
    ratio = spec is not None and spec.ratio
    hits = int(_extreme(valid, observed, alternative, ratio).sum())
    p_value = np.nan if np.isnan(observed) else (1 + hits) / (1 + len(valid))
    return GapTestResult(observed, float(p_value), n_permutations, null, alternative)


def _shuffles(rng, stratum: np.ndarray, n_perm: int, block: int):
    """Blocks of row permutations ``(b, n)`` that only exchange rows of the same stratum
    (rows with stratum -1 stay in place): row i takes the group label of row ``p[i]``."""
    n = len(stratum)
    order = np.argsort(stratum, kind="stable")
    key = stratum[order].astype(float)
    fixed = key < 0
    rank = np.arange(n) / n  # keeps the fixed rows in their order
    done = 0
    while done < n_perm:
        b = min(block, n_perm - done)
        u = np.where(fixed, rank, rng.random((b, n)))
        shuffled = np.argsort(key + u, axis=1)
        perm = np.empty_like(shuffled)
        perm[:, order] = order[shuffled]
        yield perm
        done += b


def _table_null(spec, kw, yt, yp, w, groups, rng, n_perm, block):
    yt, yp = binarize_labels(yt, yp, pos_label=kw.get("pos_label"))
    labels = list(groups.index)
    table = count_table(groups.codes, len(labels), yt, yp, w)
    plan = Plan(spec, kw, table, groups.index)
    _, overall = plan.rates(table)
    overall = [np.broadcast_to(o, (n_perm,)) for o in overall]
    if w is None:
        merged = plan.merged(table)
        by_group = []
        for rate in spec.rates:
            x, m = rate.parts(merged)
            draws = _hypergeometric(rng, x, m, n_perm)
            with np.errstate(invalid="ignore", divide="ignore"):
                by_group.append(np.where(m > 0, draws / np.where(m > 0, m, 1), np.nan))
        return plan.values(by_group, overall, omit=True)
    stratum = np.full(len(yt), -1, dtype=np.intp)
    for k, rate in enumerate(spec.rates):
        inside = np.zeros(len(yt), dtype=bool)
        for t, p in rate.denominator:
            inside |= (yt == t) & (yp == p)
        stratum[inside] = k
    values = []
    for perms in _shuffles(rng, stratum, n_perm, block):
        codes = groups.codes[perms]
        cell = R.cells(codes, np.broadcast_to(yt, codes.shape), np.broadcast_to(yp, codes.shape))
        cell += (4 * len(labels)) * np.arange(len(perms), dtype=np.intp)[:, None]
        flat = np.bincount(cell.ravel(), np.broadcast_to(w, codes.shape).ravel(),
                           minlength=4 * len(labels) * len(perms))  # fmt: skip
        tables = flat.reshape(len(perms), len(labels), 2, 2)
        values.append(plan.values(*plan.rates(tables), omit=True))
    return np.concatenate(values)
