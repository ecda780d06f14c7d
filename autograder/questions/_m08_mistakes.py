"""Known mistakes of m08-image-bias: the variants its messages recognise, question by question.

Each variant is computed on the grading host from the case's inputs (``_m08_refs``); a learner's
answer equal to one gets that variant's message.
"""

from __future__ import annotations

from autograder.questions import _m08_refs as R
from autograder.questions._base import Mistake
from autograder.questions._by_group import per_group

__all__ = [f"Q{i}_MISTAKES" for i in range(1, 7)]

_BOOT = {"n_boot", "confidence", "seed"}


def _boot(**kw):
    return {k: kw[k] for k in _BOOT}


def _counts(groups) -> dict[str, int]:
    return per_group(groups, lambda m: m.sum())


Q1_MISTAKES = (
    Mistake(
        "this is the accuracy (share correct), not the error rate: use y_pred != y_true.",
        lambda y_true, y_pred, groups: {
            g: 1 - e for g, e in R.ref_error_by_group(y_true, y_pred, groups).items()
        },
    ),
    Mistake(
        "every group got the overall error: compute the error within each group's rows.",
        lambda y_true, y_pred, groups: {
            g: float((y_true != y_pred).mean())
            for g in R.ref_error_by_group(y_true, y_pred, groups)
        },
    ),
    Mistake(
        "you counted the errors: divide by the number of images in the group.",
        lambda y_true, y_pred, groups: per_group(groups, lambda m: (y_true != y_pred)[m].sum()),
    ),
)

Q2_MISTAKES = (
    Mistake(
        "every group's resamples start from the same random numbers: create the generator "
        "once, before the loop over the groups.",
        lambda y_true, y_pred, groups, **kw: R.bootstrap_table(
            y_true, y_pred, groups, **_boot(**kw), reseed=True
        ),
    ),
    Mistake(
        "this is a 95 % interval whatever `confidence` says.",
        lambda y_true, y_pred, groups, **kw: R.bootstrap_table(
            y_true, y_pred, groups, **_boot(**kw), fixed95=True
        ),
    ),
    Mistake(
        "that is a normal interval (error +- z * standard error): the question asks for the "
        "quantiles of bootstrap replicates, which also work for a small group or an error "
        "near 0.",
        lambda y_true, y_pred, groups, **kw: R.bootstrap_table(
            y_true, y_pred, groups, **_boot(**kw), wald=True
        ),
    ),
)

Q3_MISTAKES = (
    Mistake(
        "these are 1 / n_g: each group does total 1, but the weights no longer average 1 "
        "(multiply by n / k).",
        lambda groups: {g: 1 / n for g, n in _counts(groups).items()},
    ),
    Mistake(
        "this is each group's share of the images, the inverse of what reweighting needs.",
        lambda groups: {g: n / len(groups) for g, n in _counts(groups).items()},
    ),
    Mistake(
        "n / n_g gives every group a total of n, so the weights average k: divide by the "
        "number of groups.",
        lambda groups: {g: len(groups) / n for g, n in _counts(groups).items()},
    ),
)

Q4_MISTAKES = (
    Mistake(
        "your set lost original rows: the question kept every original row once and adds "
        "n_max - n_g draws.",
        lambda groups, seed: R.composition(groups, seed, replace_originals=True),
    ),
    Mistake(
        "every group's draws start from the same random numbers: create the generator once, "
        "before the loop.",
        lambda groups, seed: R.composition(groups, seed, reseed=True),
    ),
    Mistake(
        "every group should reach the size of the largest group, not the mean size.",
        lambda groups, seed: R.composition(groups, seed, to_mean=True),
    ),
)

Q5_MISTAKES = (
    Mistake(
        "this is the sum of the weights: it is n when they average 1, whatever their spread.",
        lambda weights: float(weights.sum()),
    ),
    Mistake(
        "this is the inverse, sum w^2 / (sum w)^2: flip the fraction.",
        lambda weights: float((weights**2).sum() / weights.sum() ** 2),
    ),
    Mistake(
        "this is the number of rows: unequal weights make a sample worth fewer rows.",
        lambda weights: float(len(weights)),
    ),
)

Q6_MISTAKES = (
    Mistake(
        "this gap is measured from the overall error; measure it from the best-served "
        "group's error (the smallest).",
        lambda **kw: R.ref_audit_table(**kw, gap_to="overall")["gap"],
        column="gap",
    ),
    Mistake(
        "this gap is measured from the worst-served group (it is <= 0); measure it from the "
        "best-served group, so that it is >= 0.",
        lambda **kw: R.ref_audit_table(**kw, gap_to="worst")["gap"],
        column="gap",
    ),
    Mistake(
        "n is the share of the test images; the card reports the number of images.",
        lambda y_true, y_pred, groups, **kw: {
            g: n / len(groups) for g, n in _counts(groups).items()
        },
        column="n",
    ),
)
