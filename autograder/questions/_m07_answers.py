"""Texts of m07-post-processing: hints, solutions, typical wrong answers, the written prompt.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``, ``data``,
``scores``, ``y_true``, ``groups`` are defined). Each wrong answer is one typical mistake; the
tests check that every one fails with a message containing its ``detects`` phrase.
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [f"Q{i}_{k}" for i in range(1, 6) for k in ("HINTS", "SOLUTION", "WRONG")]
__all__ += ["W1_PROMPT", "W1_RUBRIC"]

_ARR3 = (
    "    scores, y_true, groups = np.asarray(scores, dtype=float), np.asarray(y_true), "
    "np.asarray(groups)\n"
)
_ARR2 = "    scores, groups = np.asarray(scores, dtype=float), np.asarray(groups)\n"


_wrong = WrongAnswer.function


# -- q1 -------------------------------------------------------------------------------------------
Q1_HINTS = (
    "A ROC point is (FPR, TPR) of one decision rule: here `score >= threshold`, computed within "
    "each group.",
    "Make the 0/1 decisions once; then, per group, TPR is the mean decision over the group's "
    "actual positives and FPR the mean over its actual negatives.",
    "Loop over `np.unique(groups)` with a mask `groups == g`: `decided[mask & (y_true == 1)]"
    ".mean()` is the TPR; build a dict of rows and return `pd.DataFrame(rows).T`.",
)
_S1 = "tpr_fpr_at_threshold(scores, y_true, groups, *, threshold)"
Q1_SOLUTION = (
    f"def {_S1}:\n" + _ARR3 + "    decided = scores >= threshold\n"
    "    rows = {}\n"
    "    for g in np.unique(groups):\n"
    "        m = groups == g\n"
    "        rows[g] = {'tpr': decided[m & (y_true == 1)].mean(),\n"
    "                   'fpr': decided[m & (y_true == 0)].mean()}\n"
    "    return pd.DataFrame(rows).T\n"
)
_LOOP1 = "    rows = {}\n    for g in np.unique(groups):\n        m = groups == g\n"
Q1_WRONG = (
    _wrong(
        "tpr and fpr swapped",
        "these look like false positive rates",
        _S1,
        _ARR3 + "    decided = scores >= threshold\n" + _LOOP1 + "        rows[g] = {'tpr': "
        "decided[m & (y_true == 0)].mean(), 'fpr': decided[m & (y_true == 1)].mean()}\n"
        "    return pd.DataFrame(rows).T\n",
    ),
    _wrong(
        "strict inequality",
        "a score equal to the threshold",
        _S1,
        _ARR3 + "    decided = scores > threshold\n" + _LOOP1 + "        rows[g] = {'tpr': "
        "decided[m & (y_true == 1)].mean(), 'fpr': decided[m & (y_true == 0)].mean()}\n"
        "    return pd.DataFrame(rows).T\n",
    ),
    _wrong(
        "selection rate as TPR",
        "selection rate",
        _S1,
        _ARR3 + "    decided = scores >= threshold\n" + _LOOP1 + "        rows[g] = {'tpr': "
        "decided[m].mean(), 'fpr': decided[m & (y_true == 0)].mean()}\n"
        "    return pd.DataFrame(rows).T\n",
    ),
)

# -- q2 -------------------------------------------------------------------------------------------
Q2_HINTS = (
    "Lowering a group's threshold can only raise its TPR. Start from the group's highest "
    "score and go down until the TPR reaches the target: that threshold is the largest.",
    "Within one group: try the group's scores as thresholds in decreasing order; the TPR of "
    "`score >= t` is the share of the group's positives with a score >= t.",
    "`pos = scores[mask & (y_true == 1)]`; loop over `sorted(scores[mask], reverse=True)` and "
    "stop at the first `t` with `np.mean(pos >= t) >= target_tpr`.",
)
_S2 = "threshold_for_tpr(scores, y_true, groups, *, target_tpr)"
_BODY2 = (
    "    out = {}\n"
    "    for g in np.unique(groups):\n"
    "        m = groups == g\n"
    "        positives = scores[m & (y_true == 1)]\n"
    "        for t in np.sort(scores[m])[::-1]:\n"
    "            if np.mean(positives >= t) >= target_tpr:\n"
    "                out[g] = t\n"
    "                break\n"
    "    return pd.Series(out)\n"
)
Q2_SOLUTION = f"def {_S2}:\n" + _ARR3 + _BODY2
Q2_WRONG = (
    _wrong(
        "one threshold for everyone",
        "one threshold for everyone",
        _S2,
        _ARR3 + "    positives = scores[y_true == 1]\n"
        "    for t in np.sort(scores)[::-1]:\n"
        "        if np.mean(positives >= t) >= target_tpr:\n"
        "            break\n"
        "    return pd.Series({g: t for g in np.unique(groups)})\n",
    ),
    _wrong(
        "strictly above the target",
        "strictly above the target",
        _S2,
        _ARR3 + _BODY2.replace(">= target_tpr", "> target_tpr"),
    ),
    _wrong(
        "interpolated quantile",
        "np.quantile interpolates",
        _S2,
        _ARR3 + "    return pd.Series({g: np.quantile(scores[(groups == g) & (y_true == 1)], "
        "1 - target_tpr) for g in np.unique(groups)})\n",
    ),
    _wrong(
        "quantile of all rows",
        "scores of all rows",
        _S2,
        _ARR3 + "    return pd.Series({g: np.quantile(scores[groups == g], 1 - target_tpr) "
        "for g in np.unique(groups)})\n",
    ),
)

# -- q3 -------------------------------------------------------------------------------------------
Q3_HINTS = (
    "Equal opportunity equalises the TPRs; what differs between groups afterwards is the FPR.",
    "Get each group's threshold from your `threshold_for_tpr`, then take the share of the "
    "group's actual negatives whose score is at least that threshold.",
    "`thr = threshold_for_tpr(scores, y_true, groups, target_tpr=target_tpr)`; for each "
    "`g, t` in `thr.items()`: `np.mean(scores[(groups == g) & (y_true == 0)] >= t)`.",
)
_S3 = "fpr_at_equal_tpr(scores, y_true, groups, *, target_tpr)"
_T3 = "    thresholds = threshold_for_tpr(scores, y_true, groups, target_tpr=target_tpr)\n"
Q3_SOLUTION = (
    f"def {_S3}:\n" + _T3 + _ARR3 + "    return pd.Series({g: np.mean(scores[(groups == g) & "
    "(y_true == 0)] >= t) for g, t in thresholds.items()})\n"
)
Q3_WRONG = (
    _wrong(
        "TPR instead of FPR",
        "true positive rates at the new thresholds",
        _S3,
        _T3 + _ARR3 + "    return pd.Series({g: np.mean(scores[(groups == g) & (y_true == 1)] "
        ">= t) for g, t in thresholds.items()})\n",
    ),
    _wrong(
        "true negative rate",
        "true negative rate",
        _S3,
        _T3 + _ARR3 + "    return pd.Series({g: np.mean(scores[(groups == g) & (y_true == 0)] "
        "< t) for g, t in thresholds.items()})\n",
    ),
    _wrong(
        "plain threshold",
        "plain threshold 0.5",
        _S3,
        _ARR3 + "    return pd.Series({g: np.mean(scores[(groups == g) & (y_true == 0)] >= 0.5) "
        "for g in np.unique(groups)})\n",
    ),
)

# -- q4 -------------------------------------------------------------------------------------------
Q4_HINTS = (
    "Three steps: the plain decisions, the critical region, and inside it a decision that "
    "depends only on the group.",
    "The region is `np.abs(scores - 0.5) <= margin`; inside it the decision is "
    "`groups == deprived`; `np.where(region, ..., plain)` combines them.",
    "`decided = np.where(np.abs(scores - 0.5) <= margin, groups == deprived, scores >= 0.5)`, "
    "then `pd.Series(decided).groupby(groups).mean()`.",
)
_S4 = "reject_option_rates(scores, groups, *, deprived, margin)"
_RET4 = "    return pd.Series(decided.astype(float)).groupby(groups).mean()\n"
Q4_SOLUTION = (
    f"def {_S4}:\n" + _ARR2 + "    region = np.abs(scores - 0.5) <= margin\n"
    "    decided = np.where(region, groups == deprived, scores >= 0.5)\n" + _RET4
)
Q4_WRONG = (
    _wrong(
        "favours the other groups",
        "favourable decision to the other groups",
        _S4,
        _ARR2 + "    region = np.abs(scores - 0.5) <= margin\n"
        "    decided = np.where(region, groups != deprived, scores >= 0.5)\n" + _RET4,
    ),
    _wrong(
        "only raises the deprived group",
        "only raised the deprived group",
        _S4,
        _ARR2 + "    region = np.abs(scores - 0.5) <= margin\n"
        "    decided = (scores >= 0.5) | (region & (groups == deprived))\n" + _RET4,
    ),
    _wrong(
        "lowers the threshold for everyone",
        "lowered the threshold for everyone",
        _S4,
        _ARR2 + "    decided = scores >= 0.5 - margin\n" + _RET4,
    ),
    _wrong(
        "ignores the region",
        "plain selection rates",
        _S4,
        _ARR2 + "    decided = scores >= 0.5\n" + _RET4,
    ),
)

# -- q5 -------------------------------------------------------------------------------------------
Q5_HINTS = (
    "Widening the region changes decisions only when it reaches a new score, so the only "
    "margins worth trying are 0 and the distances |score - 0.5|.",
    "Sort those candidate margins; for each, compute `reject_option_rates` and its gap "
    "max - min; return the first margin whose gap is at most `max_gap`.",
    "Loop over `sorted(np.r_[0.0, np.abs(scores - 0.5)])`; for each margin `m` compute "
    "`reject_option_rates(scores, groups, deprived=deprived, margin=m)` and test "
    "`r.max() - r.min() <= max_gap`.",
)
_S5 = "smallest_fair_margin(scores, groups, *, deprived, max_gap)"
_LOOP5 = (
    "    scores = np.asarray(scores, dtype=float)\n"
    "    for margin in np.sort(np.r_[0.0, np.abs(scores - 0.5)]){rev}:\n"
    "        rates = reject_option_rates(scores, groups, deprived=deprived, margin=margin)\n"
    "        if rates.max() - rates.min() <= max_gap:\n"
    "            return {ret}\n"
)
Q5_SOLUTION = f"def {_S5}:\n" + _LOOP5.format(rev="", ret="float(margin)")
Q5_WRONG = (
    _wrong("largest margin", "largest margin", _S5, _LOOP5.format(rev="[::-1]", ret="margin")),
    _wrong(
        "returns the gap",
        "the gap at the margin",
        _S5,
        _LOOP5.format(rev="", ret="rates.max() - rates.min()"),
    ),
    _wrong(
        "scores as margins",
        "tried the scores themselves as margins",
        _S5,
        _LOOP5.format(rev="", ret="float(margin)").replace("np.abs(scores - 0.5)", "scores"),
    ),
)

W1_PROMPT = """\
**Written question (3 points, graded by hand).** The lender of this notebook considers
shipping your equal-opportunity thresholds: applicants of group A are approved from a lower
score than applicants of group B. In 6-10 sentences:

1. explain why this is *disparate treatment* (the group is used at decision time), and how it
   differs from the *disparate impact* it is meant to reduce;
2. say where such a rule may be unlawful or contested (e.g. US credit and employment law, the
   EU's non-discrimination law) and what the legal risk is, even if the goal is fairness;
3. name one alternative that reaches a similar gap without using the group at decision time,
   and what it costs (accuracy, transparency, who bears the errors).
"""
W1_RUBRIC = """\
1 point: disparate treatment (different rules by group membership, explicit use of a protected
attribute) vs disparate impact (a neutral rule with unequal outcomes) explained correctly in
this lending context.
1 point: a sound legal point: e.g. US ECOA / Title VII forbid using race or sex in individual
decisions (Title VII §703(l) bans adjusting scores by group; Ricci v. DeStefano), EU law treats
direct discrimination as rarely justifiable while positive action is narrowly allowed; the
answer notes that a fairness motive does not remove the risk.
1 point: a concrete alternative (group-blind features or retraining with a fairness constraint,
collecting better data, reject-option only for review by a human, a single threshold with
outreach) with an honest cost. Any well-argued position earns full marks.
"""
