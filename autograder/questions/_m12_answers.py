"""Texts of m12-capstone q1-q4: prompts, hints, solutions and typical wrong answers.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd``, ``race``,
``approved``, ``repaid``, ``applicants``, ``y_score``, ``decision`` and ``unit_noise`` are
defined). Each wrong answer is one typical mistake; the tests check that it fails and that its
message names the mistake (``detects``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q1_HINTS",
    "Q1_PROMPT",
    "Q1_SOLUTION",
    "Q1_WRONG",
    "Q2_HINTS",
    "Q2_PROMPT",
    "Q2_SOLUTION",
    "Q2_WRONG",
    "Q3_HINTS",
    "Q3_PROMPT",
    "Q3_SOLUTION",
    "Q3_WRONG",
    "Q4_HINTS",
    "Q4_PROMPT",
    "Q4_SOLUTION",
    "Q4_WRONG",
]


_wrong = WrongAnswer.function


# -- q1 -------------------------------------------------------------------------------------------
Q1_PROMPT = (
    "Write `audit_table(y_true, y_pred, groups)`: one row per group, with the columns "
    "`selection_rate` (share of `y_pred == 1`), `true_positive_rate` (share approved among "
    "the rows with `y_true == 1`) and `false_positive_rate` (share approved among the rows "
    "with `y_true == 0`), as a DataFrame indexed by group. `fairkit.metrics` is allowed "
    "(a `MetricFrame` does it in one call). Then audit the lender's `decision` against the "
    "true outcome `repaid`, by `race`, and once more against the past decisions `approved`: "
    "which comparison hides the harm?"
)
Q1_HINTS = (
    "One row per group, three rates. The true positive rate asks: of the applicants who "
    "would repay, what share does the model approve?",
    "`fairkit.metrics.MetricFrame(metrics={...}, y_true=..., y_pred=..., "
    "sensitive_features=groups).by_group` gives one column per metric.",
    "`MetricFrame(metrics={'selection_rate': selection_rate, 'true_positive_rate': "
    "true_positive_rate, 'false_positive_rate': false_positive_rate}, y_true=y_true, "
    "y_pred=y_pred, sensitive_features=groups).by_group`",
)
_Q1 = "audit_table(y_true, y_pred, groups)"
_Q1_METRICS = (
    "    from fairkit.metrics import MetricFrame, false_positive_rate\n"
    "    from fairkit.metrics import selection_rate, true_positive_rate\n\n"
)


def _q1(tpr: str = "true_positive_rate", sel: str = "selection_rate") -> str:
    return (
        _Q1_METRICS + f"    rates = {{'selection_rate': {sel}, 'true_positive_rate': {tpr}}}\n"
        "    rates['false_positive_rate'] = false_positive_rate\n"
        "    frame = MetricFrame(metrics=rates, y_true=y_true, y_pred=y_pred, "
        "sensitive_features=groups)\n"
        "    return frame.by_group\n"
    )


Q1_SOLUTION = f"def {_Q1}:\n" + _q1()
Q1_WRONG = (
    _wrong("TPR is the FPR", "false positive rates", _Q1, _q1(tpr="false_positive_rate")),
    _wrong(
        "selection rate of the labels",
        "of `y_true`",
        _Q1,
        _q1(sel="lambda y_true, y_pred: float(np.mean(y_true))"),
    ),
    WrongAnswer(
        "overall selection rate for every group",
        f"def {_Q1}:\n"
        "    table = pd.DataFrame(index=np.unique(groups))\n"
        "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
        "    table['selection_rate'] = y_pred.mean()\n"
        "    table['true_positive_rate'] = [y_pred[(np.asarray(groups) == g) & (y_true == 1)]"
        ".mean() for g in table.index]\n"
        "    table['false_positive_rate'] = [y_pred[(np.asarray(groups) == g) & (y_true == 0)]"
        ".mean() for g in table.index]\n"
        "    return table\n",
        "overall",
    ),
)

# -- q2 -------------------------------------------------------------------------------------------
Q2_PROMPT = (
    "Write `gap_interval(y_pred, groups, *, group, reference, n_boot, seed, confidence)`: "
    "the headline gap, the selection rate of `group` minus that of `reference` (**signed**), "
    "with a stratified percentile bootstrap interval, drawn exactly so, in this order: "
    "`a` and `b` are the `y_pred` values of the two groups (other groups are ignored); "
    "`rng = np.random.default_rng(seed)` once; then for each of the `n_boot` replicates "
    "`ia = rng.integers(0, len(a), size=len(a))`, then `ib = rng.integers(0, len(b), "
    "size=len(b))`, and the replicate `a[ia].mean() - b[ib].mean()`. The interval is "
    "`np.quantile(replicates, [(1 - confidence) / 2, (1 + confidence) / 2])`. Return "
    "`pd.Series({'gap': ..., 'low': ..., 'high': ...})`. (`fairkit.metrics.bootstrap_ci` "
    "computes such intervals from count tables, with other draws: write the loop here, so "
    "that the grader can check your numbers exactly.) Then compute the audit's headline: "
    "`gap_interval(decision, race, group='minority', reference='majority', n_boot=1000, "
    "seed=0, confidence=0.95)`."
)
Q2_HINTS = (
    "Resampling within each group keeps each group's size fixed, as the lender's data do. "
    "Draw the two index arrays in the order given, inside one loop over the replicates.",
    "Create the generator once, before the loop; each replicate draws `ia` then `ib` and "
    "stores `a[ia].mean() - b[ib].mean()`. The interval is two quantiles of the replicates.",
    "`reps = np.empty(n_boot)`; `for r in range(n_boot): ia = rng.integers(0, len(a), "
    "size=len(a)); ib = rng.integers(0, len(b), size=len(b)); reps[r] = a[ia].mean() - "
    "b[ib].mean()`; then `low, high = np.quantile(reps, [(1 - confidence) / 2, (1 + "
    "confidence) / 2])`.",
)
_Q2 = "gap_interval(y_pred, groups, *, group, reference, n_boot, seed, confidence)"


def _q2(
    pick: str = "y_pred[groups == group], y_pred[groups == reference]",
    level: str = "confidence",
    seed_inside: bool = False,
) -> str:
    reseed = "        rng = np.random.default_rng(seed)\n" if seed_inside else ""
    return (
        "    y_pred, groups = np.asarray(y_pred, dtype=float), np.asarray(groups)\n"
        f"    a, b = {pick}\n"
        "    rng = np.random.default_rng(seed)  # once, before the loop\n"
        "    n_a, n_b = len(a), len(b)\n"
        "    replicates = np.empty(n_boot)\n"
        "    for rep in range(n_boot):\n" + reseed + "        ia = rng.integers(0, n_a, size=n_a)\n"
        "        ib = rng.integers(0, n_b, size=n_b)\n"
        "        replicates[rep] = a[ia].mean() - b[ib].mean()\n"
        f"    levels = [(1 - {level}) / 2, (1 + {level}) / 2]\n"
        "    low, high = np.quantile(replicates, levels)\n"
        "    return pd.Series({'gap': a.mean() - b.mean(), 'low': low, 'high': high})\n"
    )


Q2_SOLUTION = f"def {_Q2}:\n" + _q2()
Q2_WRONG = (
    _wrong(
        "reference minus group",
        "the other way round",
        _Q2,
        _q2(pick="y_pred[groups == reference], y_pred[groups == group]"),
    ),
    _wrong("always 95 %", "95 %", _Q2, _q2(level="0.95")),
    _wrong("generator re-seeded every replicate", "same rows", _Q2, _q2(seed_inside=True)),
    WrongAnswer(
        "resampled from all rows",
        f"def {_Q2}:\n"
        "    y_pred, groups = np.asarray(y_pred, dtype=float), np.asarray(groups)\n"
        "    rng = np.random.default_rng(seed)\n"
        "    n, reps = len(y_pred), np.empty(n_boot)\n"
        "    for r in range(n_boot):\n"
        "        idx = rng.integers(0, n, size=n)\n"
        "        yp, g = y_pred[idx], groups[idx]\n"
        "        reps[r] = yp[g == group].mean() - yp[g == reference].mean()\n"
        "    low, high = np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2])\n"
        "    gap = y_pred[groups == group].mean() - y_pred[groups == reference].mean()\n"
        "    return pd.Series({'gap': gap, 'low': low, 'high': high})\n",
        "within each group",
    ),
)

# -- q3 -------------------------------------------------------------------------------------------
Q3_PROMPT = (
    "Write `proxy_scores(data, *, sensitive)`: `data` is a DataFrame of applicants' features "
    "(numbers or text) with the group column named `sensitive` (two groups). Return, for "
    "every other column, how well it alone separates the groups: its single-feature AUC, "
    "orientation-free (`max(AUC, 1 - AUC)`), the second group in sorted order being the "
    "positive class; a numeric column is its own score, a text column scores each category "
    "by the share of the positive group in it. Return a Series indexed by feature (any "
    "order). `fairkit.explain.feature_association` computes this (its `auc` column). Then "
    "rank the lender's `applicants` with `sensitive='race'`: which feature is the proxy?"
)
Q3_HINTS = (
    "The AUC is the chance that a random applicant of the positive group scores above a "
    "random applicant of the other group (ties count one half); 0.5 means the feature says "
    "nothing about the group, whichever way round.",
    "`fairkit.explain.feature_association(data, sensitive)` returns one row per feature; "
    "take its `auc` column (not `mutual_info`).",
    "`from fairkit.explain import feature_association` and "
    "`return feature_association(data, sensitive)['auc']`.",
)
_Q3 = "proxy_scores(data, *, sensitive)"
Q3_SOLUTION = (
    f"def {_Q3}:\n"
    "    from fairkit.explain import feature_association as association\n\n"
    "    table = association(data, sensitive)  # one row per feature\n"
    "    return table['auc']\n"
)
_Q3_BY_HAND = (
    "    groups = data[sensitive].astype(str).to_numpy()\n"
    "    positive = groups == sorted(set(groups))[1]\n"
    "    out = {}\n"
    "    for name in data.columns.drop(sensitive):\n"
    "        column = data[name]\n"
    "        if column.dtype.kind in 'iuf':\n"
    "            score = column.to_numpy(dtype=float)\n"
    "        else:\n"
    "{text}"
    "        ranks = pd.Series(score).rank().to_numpy()\n"
    "        n1 = positive.sum()\n"
    "        auc = (ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * (len(score) - n1))\n"
    "        out[name] = {fold}\n"
    "    return pd.Series(out)\n"
)
_SHARE = (
    "            score = pd.Series(positive).groupby(column.astype(str).to_numpy())"
    ".transform('mean').to_numpy()\n"
)
_CODES = "            score = pd.factorize(column.astype(str), sort=True)[0].astype(float)\n"
Q3_WRONG = (
    _wrong(
        "mutual information",
        "mutual information",
        _Q3,
        "    from fairkit.explain import feature_association\n\n"
        "    return feature_association(data, sensitive)['mutual_info']\n",
    ),
    _wrong(
        "AUC not folded",
        "max(AUC, 1 - AUC)",
        _Q3,
        _Q3_BY_HAND.replace("{text}", _SHARE).replace("{fold}", "auc"),
    ),
    _wrong(
        "zip codes as numbers",
        "category codes",
        _Q3,
        _Q3_BY_HAND.replace("{text}", _CODES).replace("{fold}", "max(auc, 1 - auc)"),
    ),
)

# -- q4 -------------------------------------------------------------------------------------------
Q4_PROMPT = (
    "Write `equalising_thresholds(y_score, groups, *, target_rate)`: the mitigation under "
    "review approves, in every group, the same share `target_rate` of applicants, those with "
    "the highest scores. For each group, sort its scores from highest to lowest, let "
    "`k = int(np.ceil(target_rate * n))` (`n` = the group's size; in every case `target_rate "
    "* n` is clearly not a whole number) and return the k-th highest score as the group's "
    "threshold (approve `y_score >= threshold`), as a Series indexed by group. Then compute "
    "the thresholds that approve 70 % of each group of the lender's applicants."
)
Q4_HINTS = (
    "A group's threshold is one of its own scores: the lowest score that is still approved "
    "when the group's best `k` applicants are.",
    "`s = np.sort(y_score[groups == g])[::-1]` sorts a group's scores from highest to "
    "lowest; the k-th highest is `s[k - 1]` (k counts from 1, Python from 0).",
    "`for g in np.unique(groups): s = np.sort(y_score[groups == g])[::-1]; k = "
    "int(np.ceil(target_rate * len(s))); out[g] = s[k - 1]`, then `pd.Series(out)`.",
)
_Q4 = "equalising_thresholds(y_score, groups, *, target_rate)"


def _q4(
    k: str = "int(np.ceil(target_rate * s.size))", pool: str = "y_score[groups == label]"
) -> str:
    return (
        "    y_score, groups = np.asarray(y_score, dtype=float), np.asarray(groups)\n"
        "    out = {}\n"
        "    for label in np.unique(groups):\n"
        f"        s = np.sort({pool})[::-1]  # highest first\n"
        f"        k = {k}\n"
        "        out[label] = s[k - 1]\n"
        "    return pd.Series(out)\n"
    )


Q4_SOLUTION = f"def {_Q4}:\n" + _q4()
Q4_WRONG = (
    _wrong("rounded down", "rounded k down", _Q4, _q4(k="int(np.floor(target_rate * s.size))")),
    _wrong("one threshold for everyone", "all groups together", _Q4, _q4(pool="y_score")),
    _wrong(
        "one score too far", "k-th highest", _Q4, _q4(k="int(np.ceil(target_rate * s.size)) + 1")
    ),
    _wrong(
        "interpolated quantile",
        "interpolated",
        _Q4,
        "    y_score, groups = np.asarray(y_score, dtype=float), np.asarray(groups)\n"
        "    return pd.Series({g: np.quantile(y_score[groups == g], 1 - target_rate)\n"
        "                      for g in np.unique(groups)})\n",
    ),
)
