"""m01 q4-q5: historical label bias and measurement bias, against the true outcome."""

from __future__ import annotations

from autograder.questions import _m01_answers as A
from autograder.questions import _m01_checks as C
from autograder.questions._base import Question
from autograder.questions._m01_checks import mistake
from autograder.questions._m01_data import audit_tables

__all__ = ["QUESTIONS"]

_Q4_PUBLIC, _Q4_HIDDEN = audit_tables(
    lambda t: {
        "sensitive": t.sensitive,
        "true_label": t.true_label,
        "recorded_label": t.recorded_label,
    }
)
_Q4 = Question(
    id="q4",
    title="Historical label bias",
    points=2,
    answer_name="label_flip_rate_by_group",
    quantity=(
        "for each group: among its rows whose true label is 1, the share whose recorded label is 0"
    ),
    output="by_group",
    forbidden=C.FORBIDDEN,
    reference=C.flip_rate,
    make_public=_Q4_PUBLIC,
    make_hidden=_Q4_HIDDEN,
    prompt=(
        "Write `label_flip_rate_by_group(data, sensitive, true_label, recorded_label)`: for "
        "each group of column `sensitive`, the share of its true positives (`true_label` == 1) "
        "that were recorded as negative (`recorded_label` == 0). You may assume that every "
        "group has at least one true positive." + C.ARGS_NOTE + " Then look at `hiring` "
        "(`qualified`, `hired`): the generator recorded 30 % of qualified women as not hired."
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=(
        mistake(
            "you divided by the group's recorded negatives (that is P(true = 1 | recorded = 0)): "
            "divide by its true positives.",
            "recorded_negatives",
            C.flip_rate,
        ),
        mistake(
            "you divided by the size of the group (with flips from 1 to 0 only, that is also "
            "the gap between the true and the recorded base rate): divide by its true "
            "positives.",
            "group_size",
            C.flip_rate,
        ),
        mistake(
            "that is the share of true positives kept positive (1 - the answer): count those "
            "recorded as 0.",
            "kept",
            C.flip_rate,
        ),
        mistake(
            "you returned the overall flip rate for every group: compute it within each group.",
            "overall",
            C.flip_rate,
        ),
        mistake(
            "did you swap the true and the recorded label? Start from the true positives.",
            "swapped",
            C.flip_rate,
        ),
    ),
)

_Q5_PUBLIC, _Q5_HIDDEN = audit_tables(
    lambda t: {
        "sensitive": t.sensitive,
        "reference": t.reference,
        "feature": t.feature,
        "true_label": t.true_label,
    }
)
_Q5 = Question(
    id="q5",
    title="Measurement shift among equals",
    points=3,
    answer_name="measurement_shift",
    quantity=(
        "for each group: the mean over the true labels 0 and 1 of (mean of `feature` in the "
        "group - mean in the reference group, among rows with that true label), divided by "
        "the sample standard deviation (ddof=1) of `feature` over the reference group's rows"
    ),
    output="by_group",
    forbidden=C.FORBIDDEN,
    reference=C.shift,
    make_public=_Q5_PUBLIC,
    make_hidden=_Q5_HIDDEN,
    prompt=(
        "Write `measurement_shift(data, sensitive, reference, feature, true_label)`: for each "
        "group g of column `sensitive` and each true label y in {0, 1}, take d(g, y) = mean of "
        "`feature` among rows of g with `true_label` == y minus the same mean for the group "
        "`reference`. Return a Series indexed by group: (d(g, 0) + d(g, 1)) / 2 divided by "
        "the standard deviation of `feature` over all rows of the reference group. Use the "
        "sample standard deviation (ddof=1, pandas' `.std()`); NumPy's `np.std` (ddof=0) is "
        "not accepted. Signed: negative when g is measured lower; 0 for the reference. You "
        "may assume every group has rows with both true labels." + C.ARGS_NOTE + " Then look "
        "at `interview_score` in `hiring` with reference `'man'`: the generator lowered "
        "women's score by 0.5 standard deviations."
    ),
    hints=A.Q5_HINTS,
    solution=A.Q5_SOLUTION,
    wrong_answers=A.Q5_WRONG,
    mistakes=(
        mistake(
            "you compared all rows of the groups: compare people with the same true outcome "
            "(a gap in base rates would otherwise pass for measurement bias).",
            "raw",
            C.shift_variant,
        ),
        mistake(
            "you used the population SD (ddof=0, NumPy's default): this question uses the "
            "sample SD (ddof=1, pandas' `.std()`).",
            "ddof0",
            C.shift_variant,
        ),
        mistake(
            "signed vs absolute: the shift is negative when the group is measured lower; do "
            "not take the absolute value.",
            "absolute",
            C.shift_variant,
        ),
        mistake(
            "the sign is reversed: take the group's mean minus the reference's.",
            "reversed",
            C.shift_variant,
        ),
        mistake(
            "this is in the feature's own units: divide by the reference group's SD.",
            "units",
            C.shift_variant,
        ),
        mistake(
            "you divided by the SD of all rows: use the SD of the reference group's rows.",
            "all",
            C.shift_variant,
        ),
        mistake(
            "you divided by each group's own SD: use the reference group's SD for every group.",
            "own",
            C.shift_variant,
        ),
        mistake(
            "you only compared the true positives: average the differences for true label 0 and 1.",
            "positives",
            C.shift_variant,
        ),
    ),
)


QUESTIONS = (_Q4, _Q5)
