"""Synthetic hiring data with known, injected bias."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

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

QUALIFIED_RATE = 0.4
SCORE_MEAN, SCORE_SD = 50.0, 10.0
_FEATURES = ("gender", "test_score", "years_experience", "interview_score", "club_member")


def make_hiring(
    n_samples: int = 5000,
    *,
    group_proportion: float = 0.3,
    historical_bias: float = 0.3,
    measurement_bias: float = 0.5,
    proxy_strength: float = 0.6,
    missing_rate: float = 0.0,
    missing_bias: float = 0.0,
    random_state: SeedLike = None,
) -> Dataset:
    r"""Generate job applicants whose historical hiring decisions are biased against women.

    Without bias both groups are statistically identical, so every difference between
    ``"man"`` and ``"woman"`` in the result comes from one of the four documented knobs.

    Generative model, for applicant :math:`i` (all draws independent):

    .. math::

        A_i &\sim \mathrm{Bernoulli}(\pi)
            \quad (1 = \text{woman, the disadvantaged group}, \ \pi = \text{group\_proportion}) \\
        Q_i &\sim N(0, 1) \quad \text{(latent qualification, independent of } A_i) \\
        \text{qualified}_i &= 1[Q_i > \Phi^{-1}(0.6)] \quad \text{(true label, rate 0.4)} \\
        \text{test\_score}_i &= 50 + 10\,(0.8\,Q_i + 0.6\,\varepsilon_{1i}) \\
        \text{years\_experience}_i &\sim \mathrm{Poisson}\big(\exp(1.5 + 0.3\,(0.6\,Q_i
            + 0.8\,\varepsilon_{2i}))\big) \\
        \text{interview\_score}_i &= 50 + 10\,(0.6\,Q_i + 0.8\,\varepsilon_{3i}) - 10\,m\,A_i \\
        \text{club\_member}_i &\sim \mathrm{Bernoulli}\big(0.5 + s\,(A_i - 0.5)\big) \\
        \text{hired}_i &= \text{qualified}_i\,(1 - A_i F_i), \quad F_i \sim \mathrm{Bernoulli}(p)

    with :math:`\varepsilon \sim N(0, 1)`, :math:`m` = ``measurement_bias``,
    :math:`s` = ``proxy_strength`` and :math:`p` = ``historical_bias``. In words: the
    interviewers under-rate women by :math:`m` standard deviations (measurement bias); a
    club listed on the CV is joined mostly by women, the more so the larger :math:`s`
    (a proxy); and each qualified woman was wrongly rejected with probability :math:`p`
    (historical, or label, bias). Scores are rounded to one decimal and not clipped.
    With all knobs at zero, ``hired == qualified`` and the features do not depend on gender.

    Missing values (off by default): ``test_score`` is ``NaN`` with probability
    ``missing_rate`` for men and ``missing_rate + missing_bias`` for women (say, an optional
    online test that women skip more often). Missingness depends on gender only: missing at
    random given gender (MAR), and completely at random within each gender, so the observed
    scores of a group are a random sample of its scores.

    Random numbers are drawn in a fixed order whatever the knobs, so with the same seed a
    knob only changes the columns it acts on: ``hired`` for ``historical_bias``,
    ``interview_score`` for ``measurement_bias``, ``club_member`` for ``proxy_strength``,
    ``test_score`` for the missingness knobs. Their uniforms are drawn last, and only when
    ``missing_rate + missing_bias > 0``, so that every call without missingness returns
    exactly the data (and leaves a shared generator in the state) it did before they existed.

    Parameters
    ----------
    n_samples : int, default=5000
        Number of applicants, at least 1.
    group_proportion : float, default=0.3
        Share of women, in (0, 1). Below 0.5 this is representation bias.
    historical_bias : float, default=0.3
        Probability in [0, 1] that a qualified woman was recorded as not hired.
    measurement_bias : float, default=0.5
        Downward shift of women's interview score, in standard deviations, in [0, 3].
    proxy_strength : float, default=0.6
        In [0, 1]; ``club_member`` matches gender (1 = woman) with probability
        ``0.5 + proxy_strength / 2``. At 0 it is independent of gender, at 1 a copy of it.
    missing_rate : float, default=0.0
        Probability in [0, 1] that a man's ``test_score`` is missing (``NaN``).
    missing_bias : float, default=0.0
        Extra probability that a woman's ``test_score`` is missing, in [0, 1];
        ``missing_rate + missing_bias`` must be at most 1.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    Dataset
        ``frame`` has columns ``gender`` (categorical, categories ``["man", "woman"]``),
        ``test_score``, ``years_experience``, ``interview_score``, ``club_member`` (0/1),
        ``qualified`` (true label) and ``hired`` (target, 1 = hired). ``X`` holds the five
        observable features, including ``gender``; ``qualified`` is kept out of ``X``.
        ``ground_truth`` records the knobs, the population base rates and missing rates.

    Raises
    ------
    ValueError
        If a parameter is outside its range; the message names the parameter.

    Examples
    --------
    >>> from fairkit.datasets import make_hiring
    >>> gaps = make_hiring(10, missing_rate=0.05, missing_bias=0.2, random_state=0).ground_truth
    >>> gaps.missing_feature, dict(gaps.missing_rate)
    ('test_score', {'man': 0.05, 'woman': 0.25})
    >>> data = make_hiring(1000, historical_bias=0.5, random_state=0)
    >>> dict(data.ground_truth.observed_base_rate)
    {'man': 0.4, 'woman': 0.2}
    >>> bool((data.frame["hired"] <= data.frame["qualified"]).all())
    True
    """
    knobs = check_knobs(
        n_samples, group_proportion, historical_bias, measurement_bias, proxy_strength, random_state
    )
    missing = check_missing(missing_rate, missing_bias)
    rng, n = knobs.rng, knobs.n_samples
    # Fixed draw order and shapes: see the module docstring of _synthetic.
    qualification, e_test, e_years, e_interview = rng.standard_normal((4, n))
    u_group, u_proxy, u_flip = rng.random((3, n))
    years = rng.poisson(np.exp(1.5 + 0.3 * mix(qualification, e_years, 0.6)))

    is_woman = u_group < knobs.group_proportion
    qualified = (qualification > ndtri(1.0 - QUALIFIED_RATE)).astype(np.int64)
    test_score = SCORE_MEAN + SCORE_SD * mix(qualification, e_test, 0.8)
    interview = mix(qualification, e_interview, 0.6) - knobs.measurement_bias * is_woman
    club = points_to_disadvantaged(u_proxy, is_woman, knobs.proxy_strength)
    frame = pd.DataFrame(
        {
            "gender": group_column(is_woman, "man", "woman"),
            "test_score": inject_missing(np.round(test_score, 1), is_woman, missing, rng),
            "years_experience": years.astype(np.int64),
            "interview_score": np.round(SCORE_MEAN + SCORE_SD * interview, 1),
            "club_member": club.astype(np.int64),
            "qualified": qualified,
            "hired": flip_positives(qualified, is_woman, u_flip, knobs.historical_bias),
        }
    )
    truth = make_ground_truth(
        knobs,
        sensitive_name="gender",
        advantaged="man",
        disadvantaged="woman",
        true_label_name="qualified",
        observed_label_name="hired",
        true_base_rate=QUALIFIED_RATE,
        measured_feature="interview_score",
        measured_feature_sd=SCORE_SD,
        missing_feature="test_score",
        missing=missing,
        proxy_name="club_member",
    )
    description = (
        f"Synthetic hiring data: {n} applicants, group_proportion={knobs.group_proportion} "
        f"women, historical_bias={knobs.historical_bias}, "
        f"measurement_bias={knobs.measurement_bias} (interview_score), "
        f"proxy_strength={knobs.proxy_strength} (club_member)"
        f"{missing.describe('test_score')}. Target 'hired' is the biased "
        "historical decision; 'qualified' is the unbiased truth and is not in X."
    )
    return Dataset(
        name="hiring",
        frame=frame,
        target_name="hired",
        feature_names=_FEATURES,
        sensitive_names=("gender",),
        description=description,
        ground_truth=truth,
    )
