r"""Generalized entropy indices of individual benefits (Speicher et al., KDD 2018).

Each row receives a *benefit* :math:`b_i = \hat y_i - y_i + 1`: 2 for a false positive (an
undeserved favourable decision), 1 for a correct decision, 0 for a false negative. With
:math:`\mu` the mean benefit, the generalized entropy index is

.. math::

    GE(\alpha) = \frac{1}{n\,\alpha(\alpha - 1)} \sum_i \left[\left(\frac{b_i}{\mu}\right)^\alpha
    - 1\right], \quad \alpha \notin \{0, 1\},

with the limits :math:`GE(1) = \frac1n \sum_i \frac{b_i}{\mu} \ln \frac{b_i}{\mu}` (the Theil
index, :math:`0 \ln 0 = 0`) and :math:`GE(0) = -\frac1n \sum_i \ln \frac{b_i}{\mu}` (infinite as
soon as one benefit is 0). 0 means every row gets the same benefit; larger is more unequal.
Weights replace :math:`\frac1n \sum_i` by a weighted mean.

Because a benefit only takes the values 0, 1 and 2, every index is computed from the weighted
shares of those three values (per group for the between-group index): no loop over rows.
"""

from __future__ import annotations

import numpy as np

from fairkit.metrics import _counts as C
from fairkit.metrics import _errors as E
from fairkit.metrics._groups import factorize_groups
from fairkit.metrics._validation import binarize_labels, check_weights, warn_unaligned

__all__ = ["between_group_generalized_entropy", "generalized_entropy_index", "theil_index"]


def _ge_terms(ratio: np.ndarray, alpha: float) -> np.ndarray:
    """Per-value term f(b / mu) of GE(alpha), so that GE = weighted mean of the terms."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if alpha == 1:
            return np.where(ratio > 0, ratio * np.log(np.where(ratio > 0, ratio, 1.0)), 0.0)
        if alpha == 0:
            return np.where(ratio > 0, -np.log(np.where(ratio > 0, ratio, 1.0)), np.inf)
        return (ratio**alpha - 1.0) / (alpha * (alpha - 1.0))


def _check_alpha(alpha) -> float:
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise ValueError(E.BAD_ALPHA.format(alpha=alpha)) from None
    if not np.isfinite(alpha):
        raise ValueError(E.BAD_ALPHA.format(alpha=alpha))
    return alpha


def _index(values: np.ndarray, shares: np.ndarray, alpha: float) -> float:
    """GE(alpha) of a distribution putting weight ``shares`` on benefit ``values``."""
    total = shares.sum()
    if total == 0:
        E.warn(E.ZERO_TOTAL_WEIGHT, E.UndefinedMetricWarning)
        return float("nan")
    mu = (values * shares).sum() / total
    if mu == 0:
        E.warn(E.ZERO_MEAN_BENEFIT, E.UndefinedMetricWarning)
        return float("nan")
    present = shares > 0  # values with no weight contribute nothing (avoids 0 * inf)
    terms = _ge_terms(values[present] / mu, alpha)
    return float((terms * shares[present]).sum() / total)


def _benefit_table(y_true, y_pred, sensitive_features, pos_label, sample_weight):
    """Weighted count of benefits 0, 1, 2 per group: array of shape (n_groups, 3)."""
    warn_unaligned(
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=sensitive_features,
        sample_weight=sample_weight,
    )
    yt, yp = binarize_labels(y_true, y_pred, pos_label=pos_label)
    w = check_weights(sample_weight, len(yt))
    if sensitive_features is None:
        codes, n_groups = np.zeros(len(yt), dtype=np.intp), 1
    else:
        groups = factorize_groups(sensitive_features, len(yt))
        codes, n_groups = groups.codes, groups.n_groups
    t = C.count_table(codes, n_groups, yt, yp, w)
    # benefit = y_pred - y_true + 1: FN -> 0, TN and TP -> 1, FP -> 2
    return np.stack([t[:, 1, 0], t[:, 0, 0] + t[:, 1, 1], t[:, 0, 1]], axis=1)


_BENEFITS = np.array([0.0, 1.0, 2.0])


def generalized_entropy_index(
    y_true, y_pred, *, alpha: float = 2, pos_label=None, sample_weight=None
) -> float:
    """Generalized entropy index GE(alpha) of the benefits ``y_pred - y_true + 1``.

    See the module docstring for the definition. ``alpha=2`` is half the squared coefficient
    of variation; ``alpha=1`` is :func:`theil_index`.

    Examples
    --------
    >>> from fairkit.metrics import generalized_entropy_index
    >>> round(generalized_entropy_index([1, 0, 1, 0], [1, 1, 0, 0]), 4)  # benefits 1,2,0,1
    0.25
    """
    alpha = _check_alpha(alpha)
    shares = _benefit_table(y_true, y_pred, None, pos_label, sample_weight).sum(axis=0)
    return _index(_BENEFITS, shares, alpha)


def theil_index(y_true, y_pred, *, pos_label=None, sample_weight=None) -> float:
    """Theil index: :func:`generalized_entropy_index` with ``alpha=1``.

    Examples
    --------
    >>> from fairkit.metrics import theil_index
    >>> round(theil_index([1, 0, 1, 0], [1, 1, 0, 0]), 4)  # (2 ln 2) / 4
    0.3466
    """
    return generalized_entropy_index(
        y_true, y_pred, alpha=1, pos_label=pos_label, sample_weight=sample_weight
    )


def between_group_generalized_entropy(
    y_true, y_pred, *, sensitive_features, alpha: float = 2, pos_label=None, sample_weight=None
) -> float:
    """The part of GE(alpha) due to differences between groups.

    Every row's benefit is replaced by its group's mean benefit, then GE(alpha) is taken over
    the rows. All groups take part (AIF360 compares only privileged vs unprivileged).

    Examples
    --------
    >>> from fairkit.metrics import between_group_generalized_entropy
    >>> between_group_generalized_entropy([1, 1, 1, 1], [1, 1, 0, 0],
    ...     sensitive_features=["a", "a", "b", "b"])  # group means 1 and 0, mu = 0.5
    0.5
    """
    alpha = _check_alpha(alpha)
    table = _benefit_table(y_true, y_pred, sensitive_features, pos_label, sample_weight)
    weight = table.sum(axis=1)
    present = weight > 0
    means = (table[present] @ _BENEFITS) / weight[present]
    return _index(means, weight[present], alpha)
