"""m01 q6-q7: monitoring a deployed model, a gap per batch and alerts outside a band."""

from __future__ import annotations

from autograder.questions import _m01_answers_monitoring as A
from autograder.questions import _m01_checks as C
from autograder.questions._base import Question
from autograder.questions._m01_cases import stream_tables
from autograder.questions._m01_checks import column_mistake, mistake

__all__ = ["QUESTIONS"]

_Q6_PUBLIC, _Q6_HIDDEN = stream_tables(lambda rng: {})
_Q6 = Question(
    id="q6",
    title="The monitored gap, batch by batch",
    points=2,
    answer_name="gap_by_batch",
    quantity=(
        "for each batch: the selection rate of `group` minus that of `reference` (share of "
        "rows with selected == 1 within the batch)"
    ),
    output="by_group",
    forbidden=C.FORBIDDEN,
    reference=C.batch_gaps,
    make_public=_Q6_PUBLIC,
    make_hidden=_Q6_HIDDEN,
    prompt=(
        "Write `gap_by_batch(data, group, reference)`: `data` is a table like `stream` "
        "(columns `batch`, `gender`, `selected`, ...; rows in any order). Return a Series "
        "indexed by batch: the selection rate of the gender `group` minus that of the gender "
        "`reference` within the batch (signed). Every batch has rows of both."
    ),
    hints=A.Q6_HINTS,
    solution=A.Q6_SOLUTION,
    wrong_answers=A.Q6_WRONG,
    mistakes=(
        mistake("the sign is reversed: take `group` minus `reference`.", "reversed", C.batch_gaps),
        mistake(
            "signed vs absolute: keep the sign, so that a drift against `group` shows as a "
            "negative gap.",
            "absolute",
            C.batch_gaps,
        ),
        mistake(
            "this looks like a ratio: the question asks for a difference of selection rates.",
            "ratio",
            C.batch_gaps,
        ),
        mistake(
            "that is the cumulative gap over all batches so far: compute each batch on its own "
            "rows.",
            "cumulative",
            C.batch_gaps,
        ),
        mistake(
            "you returned the gap over all the data for every batch: compute it per batch.",
            "overall",
            C.batch_gaps,
        ),
        mistake(
            "you compared numbers of selected people: compare selection rates.",
            "count",
            C.batch_gaps,
        ),
        mistake(
            "that is max - min over all genders: compare `group` with `reference` only.",
            "max_min",
            C.batch_gaps,
        ),
    ),
)


def _band(rng):
    """Band limits whose last digit makes them impossible to hit exactly with these batches."""
    if rng is None:
        return {"low": -0.0801, "high": 0.0999}
    digit = rng.choice([1, 3, 7, 9])
    return {
        "low": -float(rng.integers(60, 160) * 10 + digit) / 10_000,
        "high": float(rng.integers(30, 120) * 10 + digit) / 10_000,
    }


_Q7_PUBLIC, _Q7_HIDDEN = stream_tables(_band)
_Q7 = Question(
    id="q7",
    title="Alerts outside the band",
    points=2,
    answer_name="batch_alerts",
    quantity=(
        "a DataFrame indexed by batch with columns gap (as in q6) and alert (1/True when the "
        "gap is below `low` or above `high`, else 0/False)"
    ),
    output="table",
    columns=("gap", "alert"),
    forbidden=C.FORBIDDEN,
    reference=lambda data, group, reference, low, high: {
        "gap": C.batch_gaps(data, group, reference),
        "alert": C.alerts(data, group, reference, low, high),
    },
    make_public=_Q7_PUBLIC,
    make_hidden=_Q7_HIDDEN,
    uses=("q6",),
    prompt=(
        "Write `batch_alerts(data, group, reference, low, high)`: return a DataFrame indexed "
        "by batch with the columns `gap` (your `gap_by_batch`) and `alert`: True for a batch "
        "whose gap lies outside the band [`low`, `high`], False inside. Then try "
        "`batch_alerts(stream, 'woman', 'man', -0.2, 0.2)`: the model's input drifts "
        "against women from week 20 on."
    ),
    hints=A.Q7_HINTS,
    solution=A.Q7_SOLUTION,
    wrong_answers=A.Q7_WRONG,
    mistakes=(
        column_mistake(
            "you only flag one side of the band: a gap above `high` is an alert too (a "
            "change either way needs a look).",
            "alert",
            lambda **kw: C.alerts(**kw, how="lower"),
        ),
        column_mistake(
            "you flagged the batches inside the band: the alert is for gaps outside it.",
            "alert",
            lambda **kw: C.alerts(**kw, how="inside"),
        ),
        column_mistake(
            "you compared the absolute gap with `high`: the band is [low, high], with its "
            "own lower limit.",
            "alert",
            lambda **kw: C.alerts(**kw, how="absolute"),
        ),
        column_mistake(
            "the sign of the gap is reversed: take `group` minus `reference`.",
            "gap",
            lambda data, group, reference, low, high: C.batch_gaps(
                data, group, reference, how="reversed"
            ),
        ),
    ),
)


QUESTIONS = (_Q6, _Q7)
