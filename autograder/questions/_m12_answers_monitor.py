"""Texts of m12-capstone q8, the monitored gap week by week (see :mod:`._m12_answers`)."""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = ["Q8_HINTS", "Q8_PROMPT", "Q8_SOLUTION", "Q8_WRONG"]

Q8_PROMPT = (
    "Write `weekly_gaps(y_true, y_pred, groups, week)`: the deployed model is monitored "
    "on its true positive rate gap. For each value of `week`, take that week's rows (they "
    "may come in any order) and return the true positive rate gap among the groups "
    "(largest minus smallest true positive rate, as "
    "`fairkit.metrics.equal_opportunity_difference` computes it), as a Series indexed by "
    "week. Then compute it for the notebook's six weekly batches (`stream_repaid`, "
    "`stream_decision`, `stream_race`, `week`) and compare each week with the audit's own "
    "true positive rate gap (your q1 table): from which week would a monitor alert?"
)
Q8_HINTS = (
    "One number per week: the same gap as in the audit, computed on that week's rows only.",
    "Loop over `np.unique(week)`; select the rows with a boolean mask `week == w` from all "
    "four arrays, then call `equal_opportunity_difference(..., sensitive_features=...)`.",
    "`out[w] = equal_opportunity_difference(y_true[m], y_pred[m], sensitive_features="
    "groups[m])` with `m = week == w`, then `pd.Series(out)`.",
)
_HEAD = "def weekly_gaps(y_true, y_pred, groups, week):\n"
_START = (
    "    from fairkit.metrics import demographic_parity_difference\n"
    "    from fairkit.metrics import equal_opportunity_difference as tpr_gap\n\n"
    "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
    "    groups, week = np.asarray(groups), np.asarray(week)\n"
    "    gaps = {}\n"
)


def _q8(rows: str = "week == this_week", gap: str = "tpr_gap") -> str:
    return (
        _HEAD + _START + "    for this_week in np.unique(week):\n"
        f"        rows = {rows}\n"
        f"        gaps[this_week] = {gap}(y_true[rows], y_pred[rows], "
        "sensitive_features=groups[rows])\n"
        "    return pd.Series(gaps)\n"
    )


Q8_SOLUTION = _q8()
Q8_WRONG = (
    WrongAnswer("every week the pooled gap", _q8(rows="np.ones(len(week), bool)"), "all weeks"),
    WrongAnswer(
        "selection-rate gap", _q8(gap="demographic_parity_difference"), "selection-rate gap"
    ),
    WrongAnswer(
        "signed gap",
        _HEAD + "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
        "    groups, week = np.asarray(groups), np.asarray(week)\n"
        "    out = {}\n"
        "    for w in np.unique(week):\n"
        "        m = (week == w) & (y_true == 1)\n"
        "        a, b = np.unique(groups[m])[:2]\n"
        "        out[w] = y_pred[m & (groups == b)].mean() - y_pred[m & (groups == a)].mean()\n"
        "    return pd.Series(out)\n",
        "signed",
    ),
)
