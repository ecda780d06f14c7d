"""Texts of m10-explainability q4-q6 and the written answer: hints, solutions, wrong answers.

q4 and q6 call the learner's earlier answers (``shapley_values``, ``contribution_gap``), as
the notebook does; see :mod:`autograder.questions._m10_answers` for the conventions.
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q4_HINTS",
    "Q4_SOLUTION",
    "Q4_WRONG",
    "Q5_HINTS",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
]


_wrong = WrongAnswer.function


# -- q4 -------------------------------------------------------------------------------------------
Q4_HINTS = (
    "Explain every row with your `shapley_values` (same background for all), then compare the "
    "groups' average contributions feature by feature. Keep the signs: a feature that lowers "
    "one group's probabilities and raises the other's is exactly what we look for.",
    "Stack the rows' Shapley values into a DataFrame (one row per applicant, one column per "
    "feature), take the column means over the rows of `group` and over the rows of "
    "`reference`, and subtract: group minus reference.",
    "`phi = pd.DataFrame([shapley_values(x, background, coef, intercept=intercept) for x in "
    "np.asarray(X)])`, then `phi[groups == group].mean() - phi[groups == reference].mean()`.",
)
Q4_SOLUTION = (
    "def contribution_gap(X, background, groups, coef, *, intercept, group, reference):\n"
    "    groups = np.asarray(groups)\n"
    "    rows = [shapley_values(x, background, coef, intercept=intercept) for x in np.asarray(X)]\n"
    "    phi = pd.DataFrame(rows)\n"
    "    return phi[groups == group].mean() - phi[groups == reference].mean()\n"
)
_Q4 = "contribution_gap(X, background, groups, coef, *, intercept, group, reference)"
_PHI = (
    "    groups = np.asarray(groups)\n"
    "    phi = pd.DataFrame(\n"
    "        [shapley_values(x, background, coef, intercept=intercept) for x in np.asarray(X)]\n"
    "    )\n"
)
Q4_WRONG = (
    _wrong(
        "mean absolute values",
        "absolute values",
        _Q4,
        _PHI + "    phi = phi.abs()\n"
        "    return phi[groups == group].mean() - phi[groups == reference].mean()\n",
    ),
    _wrong(
        "reference minus group",
        "the other way round",
        _Q4,
        _PHI + "    return phi[groups == reference].mean() - phi[groups == group].mean()\n",
    ),
    _wrong(
        "coefficient times the difference in means",
        "log-odds",
        _Q4,
        "    X, groups = np.asarray(X, dtype=float), np.asarray(groups)\n"
        "    diff = X[groups == group].mean(axis=0) - X[groups == reference].mean(axis=0)\n"
        "    return pd.Series(np.asarray(coef) * diff)\n",
    ),
)

# -- q5 -------------------------------------------------------------------------------------------
Q5_HINTS = (
    "Make `feature` the index: every other column is one group's importances. The disparity "
    "of a feature is how far apart the groups are on it: the largest value minus the "
    "smallest, across the groups.",
    "With `normalize=True`, first turn each group's column into shares: divide it by the sum "
    "of the absolute values of that column (so that a group whose scores vary more does not "
    "look different for that reason alone). Then take max - min along each row.",
    "`table = data.set_index('feature')`; `if normalize: table = table / table.abs().sum()`; "
    "`return table.max(axis=1) - table.min(axis=1)`.",
)
Q5_SOLUTION = (
    "def explanation_disparity(data, *, normalize):\n"
    "    importances = data.set_index('feature').astype(float)\n"
    "    shares = importances / importances.abs().sum(axis=0)\n"
    "    chosen = shares if normalize else importances\n"
    "    return chosen.max(axis=1) - chosen.min(axis=1)\n"
)
_Q5 = "explanation_disparity(data, *, normalize)"
_TABLE = "    table = data.set_index('feature').astype(float)\n"
Q5_WRONG = (
    _wrong(
        "normalize ignored",
        "shares",
        _Q5,
        _TABLE + "    return table.max(axis=1) - table.min(axis=1)\n",
    ),
    _wrong(
        "shares of the largest value",
        "sum of the absolute values",
        _Q5,
        _TABLE + "    if normalize:\n"
        "        table = table / table.abs().max()\n"
        "    return table.max(axis=1) - table.min(axis=1)\n",
    ),
    _wrong(
        "a ratio",
        "a ratio",
        _Q5,
        _TABLE + "    if normalize:\n"
        "        table = table / table.abs().sum()\n"
        "    return table.max(axis=1) / table.min(axis=1)\n",
    ),
    _wrong(
        "first group minus last",
        "first group minus the last",
        _Q5,
        _TABLE + "    if normalize:\n"
        "        table = table / table.abs().sum()\n"
        "    return table.iloc[:, 0] - table.iloc[:, -1]\n",
    ),
)

# -- q6 -------------------------------------------------------------------------------------------
Q6_HINTS = (
    "By efficiency the features' contribution gaps add up to the gap in average probability "
    "between the two groups. A feature's *share* of that gap says how much of the "
    "difference it carries; a negative share means it works against the gap.",
    "Compute the gaps with your `contribution_gap`, and the total gap as the mean probability "
    "of `group` minus that of `reference` (or the sum of the gaps). Divide, keeping the signs, "
    "and flag the features whose share is at least `min_share`.",
    "`share = gap / total`, then `return (share >= min_share).astype(float)`.",
)
Q6_SOLUTION = (
    "def gap_carriers(X, background, groups, coef, *, intercept, group, reference, "
    "min_share):\n"
    "    groups = np.asarray(groups)\n"
    "    gap = contribution_gap(X, background, groups, coef, intercept=intercept,\n"
    "                           group=group, reference=reference)\n"
    "    p = 1 / (1 + np.exp(-(np.asarray(X, dtype=float) @ np.asarray(coef) + intercept)))\n"
    "    total = p[groups == group].mean() - p[groups == reference].mean()\n"
    "    return (gap / total >= min_share).astype(float)\n"
)
_Q6 = "gap_carriers(X, background, groups, coef, *, intercept, group, reference, min_share)"
_GAP = (
    "    gap = contribution_gap(X, background, groups, coef, intercept=intercept,\n"
    "                           group=group, reference=reference)\n"
)
Q6_WRONG = (
    _wrong(
        "shares of the absolute gaps",
        "absolute",
        _Q6,
        _GAP + "    return (gap.abs() / gap.abs().sum() >= min_share).astype(float)\n",
    ),
    _wrong(
        "size of the gap, whatever its direction",
        "direction",
        _Q6,
        _GAP + "    return (gap.abs() / abs(gap.sum()) >= min_share).astype(float)\n",
    ),
    _wrong(
        "important features instead of gap carriers",
        "important",
        _Q6,
        "    rows = [shapley_values(x, background, coef, intercept=intercept) for x in X]\n"
        "    phi = pd.DataFrame(rows).abs().mean()\n"
        "    return (phi / phi.sum() >= min_share).astype(float)\n",
    ),
)

# -- written --------------------------------------------------------------------------------------
W1_PROMPT = (
    "**What can an explanation prove about fairness?** (3 points, graded by hand; about "
    "200 words.) The screening model never sees gender. Using what you computed above "
    "(the importances by group, the contribution gap and the features that carry it), "
    "answer: (a) what do these explanations show about *how* the model treats women and men "
    "differently? (b) name two things that they cannot show, and say why (for example about "
    "the labels `hired`, about whether a feature's difference between the groups is real or "
    "a measurement artefact, or about the explanation method itself: background, correlated "
    "features, manipulation). (c) what further evidence would you ask for before calling "
    "the model fair or unfair?"
)
W1_RUBRIC = (
    "1 point (a): says which features carry the gap in invitations (here interview_score "
    "and club_member carry almost all of it, test_score almost none) and that club_member "
    "acts as a proxy for gender although gender is not an input; a low importance or a "
    "zero Shapley value of gender would not mean gender plays no part. "
    "1 point (b): two valid limits, each with a reason, e.g. explanations describe the "
    "model, not the world: they cannot say whether the labels `hired` are biased (the model "
    "faithfully reproduces historical bias) or whether the lower interview scores of women "
    "reflect ability or biased measurement (only the generator's ground truth tells us); "
    "Shapley values depend on the background and evaluate the model on combinations of "
    "features that never occur when features are correlated; permutation importance splits "
    "credit between correlated features; explanations can be gamed (Slack et al. 2020, "
    "fairwashing by Aivodji et al. 2019); an importance is an average and can hide harm to "
    "a small group. "
    "1 point (c): concrete further evidence: group outcome and error rates against an "
    "unbiased or audited label, the validity of interview_score for each group, the job "
    "relevance (business necessity) of club_member, a counterfactual or causal analysis, "
    "or an intervention (drop or repair the feature and measure again). "
    "Half points for answers that are right but generic (no link to this data)."
)
