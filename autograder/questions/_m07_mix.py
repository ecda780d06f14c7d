"""m07-post-processing q6: a coin between the rules score >= t and score > t that reaches the
target TPR exactly (the smallest case of Hardt et al.'s randomised thresholds): its reference,
known-wrong variants, hints, solution and typical wrong answers."""

from __future__ import annotations

import numpy as np

from autograder.questions._base import Mistake, WrongAnswer
from autograder.questions._m07_mistakes import ref_threshold_for_tpr

__all__ = ["Q6_HINTS", "Q6_MISTAKES", "Q6_SOLUTION", "Q6_WRONG", "ref_mixing_weight"]

_ARR3 = (
    "    scores, y_true, groups = np.asarray(scores, dtype=float), np.asarray(y_true), "
    "np.asarray(groups)\n"
)


_wrong = WrongAnswer.function


def _mix(scores, y_true, groups, target_tpr, how="exact") -> dict[str, float]:
    s, y, g = np.asarray(scores, dtype=float), np.asarray(y_true), np.asarray(groups)
    if how == "overall":
        g = np.full(len(s), "all")
    thresholds = ref_threshold_for_tpr(s, y, g, target_tpr)
    out = {}
    for k, t in thresholds.items():
        pos = s[(g == k) & (y == 1)]
        ge, gt = np.mean(pos >= t), np.mean(pos > t)
        w = target_tpr / ge if how == "nobody" else (target_tpr - gt) / (ge - gt)
        out[k] = 1 - w if how == "inverted" else w
    if how == "overall":
        return {str(k): out["all"] for k in np.unique(np.asarray(groups))}
    return out


def ref_mixing_weight(scores, y_true, groups, target_tpr) -> dict[str, float]:
    return _mix(scores, y_true, groups, target_tpr)


Q6_MISTAKES = (
    Mistake(
        "that is the probability of the stricter rule (score > t): the question asks for the "
        "probability of deciding with score >= t.",
        lambda scores, y_true, groups, target_tpr: _mix(
            scores, y_true, groups, target_tpr, "inverted"
        ),
    ),
    Mistake(
        "you mixed score >= t with approving nobody (target / TPR): mix the two neighbouring "
        "rules score >= t and score > t, so that only rows scoring exactly t are randomised.",
        lambda scores, y_true, groups, target_tpr: _mix(
            scores, y_true, groups, target_tpr, "nobody"
        ),
    ),
    Mistake(
        "you computed one weight from everybody's positives: each group has its own threshold "
        "and its own weight.",
        lambda scores, y_true, groups, target_tpr: _mix(
            scores, y_true, groups, target_tpr, "overall"
        ),
    ),
)


# -- q6 -------------------------------------------------------------------------------------------
Q6_HINTS = (
    "Two neighbouring rules: `score >= t` reaches at least the target TPR, `score > t` falls "
    "short. Choosing between them at random gives any TPR in between.",
    "If w is the probability of `score >= t`, the expected TPR is w * TPR(>= t) + (1 - w) * "
    "TPR(> t); set it equal to target_tpr and solve for w, group by group.",
    "With `pos` the group's positive scores and `t` its threshold from `threshold_for_tpr`: "
    "`hi, lo = np.mean(pos >= t), np.mean(pos > t)`, then `(target_tpr - lo) / (hi - lo)`.",
)
_S6 = "mixing_weight(scores, y_true, groups, *, target_tpr)"
_HEAD6 = (
    "    t_by_group = threshold_for_tpr(scores, y_true, groups, target_tpr=target_tpr)\n"
    + _ARR3
    + "    out = {}\n"
    "    for g, t in t_by_group.items():\n"
    "        pos = scores[(groups == g) & (y_true == 1)]\n"
    "        ge, gt = np.mean(pos >= t), np.mean(pos > t)\n"
)
Q6_SOLUTION = (
    f"def {_S6}:\n" + _HEAD6 + "        out[g] = (target_tpr - gt) / (ge - gt)\n"
    "    return pd.Series(out)\n"
)
Q6_WRONG = (
    _wrong(
        "weight of the stricter rule",
        "probability of the stricter rule",
        _S6,
        _HEAD6 + "        out[g] = (ge - target_tpr) / (ge - gt)\n    return pd.Series(out)\n",
    ),
    _wrong(
        "mixed with approving nobody",
        "mixed score >= t with approving nobody",
        _S6,
        _HEAD6 + "        out[g] = target_tpr / ge\n    return pd.Series(out)\n",
    ),
    _wrong(
        "one weight for everybody",
        "one weight from everybody",
        _S6,
        _ARR3 + "    everyone = np.full(len(scores), 'all')\n"
        "    t = threshold_for_tpr(scores, y_true, everyone, target_tpr=target_tpr)['all']\n"
        "    pos = scores[y_true == 1]\n"
        "    ge, gt = np.mean(pos >= t), np.mean(pos > t)\n"
        "    return pd.Series((target_tpr - gt) / (ge - gt), index=np.unique(groups))\n",
    ),
)
