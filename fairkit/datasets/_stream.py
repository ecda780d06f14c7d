"""A deployed screening model's decisions, batch after batch, with a known drift."""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from fairkit.datasets._hiring import QUALIFIED_RATE, SCORE_MEAN, SCORE_SD
from fairkit.datasets._synthetic import MAX_MEASUREMENT_BIAS, group_column, mix
from fairkit.datasets._validation import SeedLike, check_interval, check_random_state

COUNT_MSG = "{name} must be an integer >= 1, got {value!r}."
DRIFT_START_MSG = (
    "drift_start must be an integer between 1 and n_batches ({n_batches}), got {value!r}."
)


@dataclass(frozen=True, eq=False)
class DecisionStream:
    """Decisions of a deployed model in batches, with the true per-batch rates.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per applicant: ``batch`` (1, 2, ...), ``gender`` (categorical, ``"man"``,
        ``"woman"``), ``interview_score``, ``qualified`` (true label) and ``selected``
        (the model's decision, 0/1).
    advantaged, disadvantaged : str
        The two values of ``gender``; the drift only ever acts against ``disadvantaged``.
    drift_start : int
        First batch with drift.
    drift : float
        Full size of the drift: the downward shift of the disadvantaged group's interview
        score, in standard deviations, once the drift is complete.
    true_selection_rate : pandas.DataFrame
        ``P(selected | batch, group)``: one row per batch, one column per group (exact
        population values, not sample estimates).

    Examples
    --------
    >>> from fairkit.datasets import make_hiring_stream
    >>> stream = make_hiring_stream(4, 50, drift_start=3, drift=0.5, random_state=0)
    >>> stream.true_gap.round(3).tolist()
    [0.0, 0.0, -0.147, -0.147]
    """

    frame: pd.DataFrame = field(repr=False)
    advantaged: str
    disadvantaged: str
    drift_start: int
    drift: float
    true_selection_rate: pd.DataFrame = field(repr=False)

    @property
    def true_gap(self) -> pd.Series:
        """Disadvantaged minus advantaged true selection rate, per batch (0 = no gap)."""
        rates = self.true_selection_rate
        return (rates[self.disadvantaged] - rates[self.advantaged]).rename("gap")


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(COUNT_MSG.format(name=name, value=value))
    return int(value)


def make_hiring_stream(
    n_batches: int = 30,
    batch_size: int = 200,
    *,
    group_proportion: float = 0.3,
    selection_rate: float = 0.3,
    drift_start: int = 20,
    drift: float = 0.5,
    drift_duration: int = 1,
    random_state: SeedLike = None,
) -> DecisionStream:
    r"""Generate the weekly decisions of a deployed CV-screening model whose input drifts.

    The applicants are those of :func:`make_hiring` with every bias knob at zero. The model
    selects an applicant when the interview score exceeds a threshold set so that a share
    ``selection_rate`` of men is selected; at deployment the score does not depend on gender,
    so both groups are selected at that rate. From batch ``drift_start`` on, a new version of
    the interview-scoring tool under-rates women: their score drops by ``drift`` standard
    deviations, linearly over ``drift_duration`` batches (1: at once). That is measurement
    bias entering at deployment, which only monitoring can catch.

    For applicant :math:`i` in batch :math:`t`, with :math:`A_i = 1` for a woman:

    .. math::

        A_i &\sim \mathrm{Bernoulli}(\pi), \quad Q_i, \varepsilon_i \sim N(0, 1) \\
        z_i &= 0.6\,Q_i + 0.8\,\varepsilon_i - d_t A_i, \quad
            d_t = \text{drift} \cdot \min\Big(1, \max\big(0,
            \tfrac{t - \text{drift\_start} + 1}{\text{drift\_duration}}\big)\Big) \\
        \text{selected}_i &= 1[z_i > c], \quad c = \Phi^{-1}(1 - \text{selection\_rate})

    so that :math:`P(\text{selected} \mid t, A = 1) = 1 - \Phi(c + d_t)`. The stored
    ``interview_score`` is :math:`50 + 10 z_i` rounded to one decimal; ``qualified`` is
    :math:`1[Q_i > \Phi^{-1}(0.6)]`. Random numbers are drawn in a fixed order whatever the
    knobs, so with the same seed the drift only changes ``interview_score`` and ``selected``.

    Parameters
    ----------
    n_batches : int, default=30
        Number of batches (weeks), at least 1.
    batch_size : int, default=200
        Applicants per batch, at least 1.
    group_proportion : float, default=0.3
        Share of women, in (0, 1).
    selection_rate : float, default=0.3
        Share of men selected, in (0, 1) (also women's, before the drift).
    drift_start : int, default=20
        First batch with drift, from 1 to ``n_batches``.
    drift : float, default=0.5
        Full downward shift of women's score, in standard deviations, in [0, 3].
    drift_duration : int, default=1
        Batches over which the drift grows to its full size, at least 1.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    DecisionStream

    Raises
    ------
    ValueError
        If a parameter is outside its range; the message names the parameter.

    Examples
    --------
    >>> stream = make_hiring_stream(30, 200, random_state=0)
    >>> stream.frame.groupby("batch")["selected"].size().iloc[0]
    np.int64(200)
    >>> stream.true_selection_rate.loc[20].round(3).to_dict()
    {'man': 0.3, 'woman': 0.153}
    """
    n_batches = _count("n_batches", n_batches)
    batch_size = _count("batch_size", batch_size)
    proportion = check_interval("group_proportion", group_proportion, 0, 1, closed=False)
    rate = check_interval("selection_rate", selection_rate, 0, 1, closed=False)
    if isinstance(drift_start, bool) or not isinstance(drift_start, numbers.Integral):
        raise ValueError(DRIFT_START_MSG.format(n_batches=n_batches, value=drift_start))
    if not 1 <= drift_start <= n_batches:
        raise ValueError(DRIFT_START_MSG.format(n_batches=n_batches, value=drift_start))
    drift = check_interval("drift", drift, 0, MAX_MEASUREMENT_BIAS)
    duration = _count("drift_duration", drift_duration)
    rng = check_random_state(random_state)

    n = n_batches * batch_size
    qualification, noise = rng.standard_normal((2, n))
    is_woman = rng.random(n) < proportion
    batches = np.arange(1, n_batches + 1)
    shift = drift * np.clip((batches - drift_start + 1) / duration, 0.0, 1.0)
    batch = np.repeat(batches, batch_size)
    z = mix(qualification, noise, 0.6) - shift[batch - 1] * is_woman
    threshold = ndtri(1.0 - rate)
    frame = pd.DataFrame(
        {
            "batch": batch.astype(np.int64),
            "gender": group_column(is_woman, "man", "woman"),
            "interview_score": np.round(SCORE_MEAN + SCORE_SD * z, 1),
            "qualified": (qualification > ndtri(1.0 - QUALIFIED_RATE)).astype(np.int64),
            "selected": (z > threshold).astype(np.int64),
        }
    )
    truth = pd.DataFrame(
        {"man": np.full(n_batches, rate), "woman": 1.0 - ndtr(threshold + shift)},
        index=pd.Index(batches, name="batch"),
    )
    return DecisionStream(
        frame=frame,
        advantaged="man",
        disadvantaged="woman",
        drift_start=int(drift_start),
        drift=drift,
        true_selection_rate=truth,
    )
