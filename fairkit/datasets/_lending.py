"""Synthetic lending data with known, injected bias."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, ndtri

from fairkit.datasets._base import Dataset
from fairkit.datasets._synthetic import (
    check_knobs,
    check_missing,
    flip_positives,
    group_column,
    inject_missing,
    make_ground_truth,
    mix,
    points_to_disadvantaged,
)
from fairkit.datasets._validation import SeedLike

REPAID_RATE = 0.7
CREDIT_SCORE_MEAN, CREDIT_SCORE_SD = 650.0, 60.0
# Ten fictional areas; the first five form the cluster the proxy associates with "minority".
ZIP_CODES = tuple(f"Z{k:02d}" for k in range(1, 11))
_FEATURES = ("race", "income", "debt_to_income", "credit_history_years", "credit_score", "zip_code")


def make_lending(
    n_samples: int = 5000,
    *,
    group_proportion: float = 0.25,
    historical_bias: float = 0.25,
    measurement_bias: float = 0.5,
    proxy_strength: float = 0.7,
    missing_rate: float = 0.0,
    missing_bias: float = 0.0,
    random_state: SeedLike = None,
) -> Dataset:
    r"""Generate loan applicants whose historical approvals are biased against a minority.

    Without bias both groups are statistically identical, so every difference between
    ``"majority"`` and ``"minority"`` in the result comes from one of the four documented
    knobs. The group labels name historical roles, not population shares.

    Generative model, for applicant :math:`i` (all draws independent):

    .. math::

        A_i &\sim \mathrm{Bernoulli}(\pi) \quad
            (1 = \text{minority, disadvantaged}, \ \pi = \text{group\_proportion}) \\
        W_i &\sim N(0, 1) \quad \text{(latent creditworthiness, independent of } A_i) \\
        \text{repaid}_i &= 1[W_i > \Phi^{-1}(0.3)] \quad \text{(true outcome, rate 0.7)} \\
        \text{income}_i &= \exp\big(10.8 + 0.4\,(0.6\,W_i + 0.8\,\varepsilon_{1i})\big)
            \quad \text{(rounded to 100)} \\
        \text{debt\_to\_income}_i &= \mathrm{expit}\big(-1 - 0.5\,(0.6\,W_i
            + 0.8\,\varepsilon_{2i})\big) \\
        \text{credit\_history\_years}_i &\sim \mathrm{Poisson}\big(\exp(2 + 0.25\,(0.5\,W_i
            + 0.866\,\varepsilon_{3i}))\big) \\
        \text{credit\_score}_i &= 650 + 60\,(0.8\,W_i + 0.6\,\varepsilon_{4i}) - 60\,m\,A_i \\
        C_i &\sim \mathrm{Bernoulli}\big(0.5 + s\,(A_i - 0.5)\big), \quad
            \text{zip\_code}_i \sim \mathrm{Uniform}\{Z01..Z05 \text{ if } C_i
            \text{ else } Z06..Z10\} \\
        \text{approved}_i &= \text{repaid}_i\,(1 - A_i F_i), \quad F_i \sim \mathrm{Bernoulli}(p)

    with :math:`\varepsilon \sim N(0, 1)`, :math:`m` = ``measurement_bias``,
    :math:`s` = ``proxy_strength`` and :math:`p` = ``historical_bias``. In words: a credit
    score built on thin files under-scores minority applicants by :math:`m` standard
    deviations (measurement bias); residential segregation makes the zip code reveal the
    group, the more so the larger :math:`s` (a proxy, as in redlining); and each
    creditworthy minority applicant was wrongly refused with probability :math:`p`
    (historical, or label, bias). The credit score is rounded to an integer and not
    clipped. With all knobs at zero, ``approved == repaid`` and the features do not depend
    on the group.

    Missing values (off by default): ``debt_to_income`` is ``NaN`` with probability
    ``missing_rate`` for the majority and ``missing_rate + missing_bias`` for the minority
    (say, debts that only a credit bureau file would show). Missingness depends on the group
    only: missing at random given the group (MAR), completely at random within each group.

    Random numbers are drawn in a fixed order whatever the knobs, so with the same seed a
    knob only changes the columns it acts on: ``approved`` for ``historical_bias``,
    ``credit_score`` for ``measurement_bias``, ``zip_code`` for ``proxy_strength``,
    ``debt_to_income`` for the missingness knobs. Their uniforms are drawn last, and only when
    ``missing_rate + missing_bias > 0``, so that every call without missingness returns
    exactly the data (and leaves a shared generator in the state) it did before they existed.

    Parameters
    ----------
    n_samples : int, default=5000
        Number of applicants, at least 1.
    group_proportion : float, default=0.25
        Share of the minority group, in (0, 1).
    historical_bias : float, default=0.25
        Probability in [0, 1] that a creditworthy minority applicant was recorded as refused.
    measurement_bias : float, default=0.5
        Downward shift of the minority's credit score, in standard deviations, in [0, 3].
    proxy_strength : float, default=0.7
        In [0, 1]; the zip code lies in the applicant's own group's cluster (Z01-Z05 for
        the minority, Z06-Z10 for the majority) with probability ``0.5 + proxy_strength / 2``.
    missing_rate : float, default=0.0
        Probability in [0, 1] that a majority applicant's ``debt_to_income`` is missing.
    missing_bias : float, default=0.0
        Extra probability that a minority applicant's ``debt_to_income`` is missing, in
        [0, 1]; ``missing_rate + missing_bias`` must be at most 1.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    Dataset
        ``frame`` has columns ``race`` (categorical, categories ``["majority", "minority"]``),
        ``income`` (int, per year), ``debt_to_income`` (in (0, 1)), ``credit_history_years``,
        ``credit_score`` (int), ``zip_code`` (categorical, ``Z01``-``Z10``), ``repaid`` (true
        outcome) and ``approved`` (target, 1 = approved). ``X`` holds the six observable
        features, including ``race``; ``repaid`` is kept out of ``X``.

    Raises
    ------
    ValueError
        If a parameter is outside its range; the message names the parameter.

    Examples
    --------
    >>> from fairkit.datasets import make_lending
    >>> data = make_lending(1000, historical_bias=0.5, random_state=0)
    >>> dict(data.ground_truth.observed_base_rate)
    {'majority': 0.7, 'minority': 0.35}
    >>> data.ground_truth.measurement_shift
    -30.0
    >>> dict(make_lending(10, missing_bias=0.3, random_state=0).ground_truth.missing_rate)
    {'majority': 0.0, 'minority': 0.3}
    """
    knobs = check_knobs(
        n_samples, group_proportion, historical_bias, measurement_bias, proxy_strength, random_state
    )
    missing = check_missing(missing_rate, missing_bias)
    rng, n = knobs.rng, knobs.n_samples
    # Fixed draw order and shapes: see the module docstring of _synthetic.
    worth, e_income, e_debt, e_history, e_score = rng.standard_normal((5, n))
    u_group, u_proxy, u_flip = rng.random((3, n))
    zip_within_cluster = rng.integers(0, 5, size=n)
    history = rng.poisson(np.exp(2.0 + 0.25 * mix(worth, e_history, 0.5)))

    is_minority = u_group < knobs.group_proportion
    repaid = (worth > ndtri(1.0 - REPAID_RATE)).astype(np.int64)
    income = np.exp(10.8 + 0.4 * mix(worth, e_income, 0.6))
    debt_to_income = expit(-1.0 - 0.5 * mix(worth, e_debt, 0.6))
    score = mix(worth, e_score, 0.8) - knobs.measurement_bias * is_minority
    in_minority_cluster = points_to_disadvantaged(u_proxy, is_minority, knobs.proxy_strength)
    zip_codes = np.where(in_minority_cluster, 0, 5) + zip_within_cluster
    frame = pd.DataFrame(
        {
            "race": group_column(is_minority, "majority", "minority"),
            "income": np.round(income, -2).astype(np.int64),
            "debt_to_income": inject_missing(
                np.round(debt_to_income, 3), is_minority, missing, rng
            ),
            "credit_history_years": history.astype(np.int64),
            "credit_score": np.round(CREDIT_SCORE_MEAN + CREDIT_SCORE_SD * score).astype(np.int64),
            "zip_code": pd.Categorical.from_codes(zip_codes, categories=list(ZIP_CODES)),
            "repaid": repaid,
            "approved": flip_positives(repaid, is_minority, u_flip, knobs.historical_bias),
        }
    )
    truth = make_ground_truth(
        knobs,
        sensitive_name="race",
        advantaged="majority",
        disadvantaged="minority",
        true_label_name="repaid",
        observed_label_name="approved",
        true_base_rate=REPAID_RATE,
        measured_feature="credit_score",
        measured_feature_sd=CREDIT_SCORE_SD,
        missing_feature="debt_to_income",
        missing=missing,
        proxy_name="zip_code",
    )
    description = (
        f"Synthetic lending data: {n} applicants, group_proportion={knobs.group_proportion} "
        f"minority, historical_bias={knobs.historical_bias}, "
        f"measurement_bias={knobs.measurement_bias} (credit_score), "
        f"proxy_strength={knobs.proxy_strength} (zip_code)"
        f"{missing.describe('debt_to_income')}. Target 'approved' is the biased "
        "historical decision; 'repaid' is the unbiased truth and is not in X."
    )
    return Dataset(
        name="lending",
        frame=frame,
        target_name="approved",
        feature_names=_FEATURES,
        sensitive_names=("race",),
        description=description,
        ground_truth=truth,
    )
