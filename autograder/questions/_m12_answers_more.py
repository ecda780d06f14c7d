"""Texts of m12-capstone q5-q7 and the written answers (see :mod:`._m12_answers`)."""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [
    "Q5_HINTS",
    "Q5_PROMPT",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_PROMPT",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "Q7_HINTS",
    "Q7_PROMPT",
    "Q7_SOLUTION",
    "Q7_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
    "W2_PROMPT",
    "W2_RUBRIC",
]


_wrong = WrongAnswer.function


# -- q5 -------------------------------------------------------------------------------------------
Q5_PROMPT = (
    "Write `mitigation_comparison(y_true, y_score, groups, *, threshold, target_rate)`: "
    "compare the lender's decisions before the mitigation (`y_score >= threshold` for "
    "everyone) and after it (`y_score >=` the group's threshold from your "
    "`equalising_thresholds(y_score, groups, target_rate=target_rate)`). Return a DataFrame "
    "with the rows `before` and `after` and the columns `selection_rate_gap` (largest minus "
    "smallest selection rate across the groups), `true_positive_rate_gap` (the same for the "
    "true positive rate against `y_true`) and `accuracy` (against `y_true`). fairkit's "
    "`demographic_parity_difference`, `equal_opportunity_difference` and `accuracy` are "
    "allowed. Then compare the lender's model on `repaid` with `threshold=0.5, "
    "target_rate=0.7`: what did the mitigation buy, and at what cost?"
)
Q5_HINTS = (
    "Two sets of decisions, three numbers each. The gaps are unsigned over all groups: "
    "max - min, as fairkit's `*_difference` functions compute them.",
    "After the mitigation each row is compared with its own group's threshold: "
    "`cut.loc[groups].to_numpy()` lines the thresholds up with the rows.",
    "`rows[name] = {'selection_rate_gap': demographic_parity_difference(y_true, y_pred, "
    "sensitive_features=groups), 'true_positive_rate_gap': equal_opportunity_difference(...), "
    "'accuracy': accuracy(y_true, y_pred)}` for `before` and `after`, then "
    "`pd.DataFrame(rows).T`.",
)
_Q5 = "mitigation_comparison(y_true, y_score, groups, *, threshold, target_rate)"


def _q5(
    after: str = ">=",
    sel: str = "demographic_parity_difference",
    tpr: str = "equal_opportunity_difference",
) -> str:
    return (
        "    from fairkit.metrics import accuracy, demographic_parity_difference\n"
        "    from fairkit.metrics import demographic_parity_ratio, equal_opportunity_difference\n"
        "    from fairkit.metrics import false_positive_rate_difference\n\n"
        "    y_true, groups = np.asarray(y_true), np.asarray(groups)\n"
        "    y_score = np.asarray(y_score, dtype=float)\n"
        "    cut = equalising_thresholds(y_score, groups, target_rate=target_rate)\n"
        "    own = cut.loc[groups].to_numpy()  # each row's own group's threshold\n"
        f"    decisions = {{'before': y_score >= threshold, 'after': y_score {after} own}}\n"
        "    rows = {}\n"
        "    for name, approve in decisions.items():\n"
        "        y_pred, kw = approve.astype(int), {'sensitive_features': groups}\n"
        f"        sel_gap = {sel}(y_true, y_pred, **kw)\n"
        f"        tpr_gap = {tpr}(y_true, y_pred, **kw)\n"
        "        rows[name] = {'selection_rate_gap': sel_gap, 'true_positive_rate_gap': tpr_gap, "
        "'accuracy': accuracy(y_true, y_pred)}\n"
        "    return pd.DataFrame(rows).T\n"
    )


Q5_SOLUTION = f"def {_Q5}:\n" + _q5()
Q5_WRONG = (
    _wrong("strict inequality after", "score >= threshold", _Q5, _q5(after=">")),
    _wrong("ratio", "a ratio", _Q5, _q5(sel="demographic_parity_ratio")),
    _wrong("FPR gap", "false positive rate", _Q5, _q5(tpr="false_positive_rate_difference")),
)

# -- q6 -------------------------------------------------------------------------------------------
Q6_PROMPT = (
    "Write `private_release(groups, approved, unit_noise, *, epsilon)`: the regulator will "
    "publish, per group, the number of applicants and the number approved, protected with "
    "the Laplace mechanism at a total privacy budget `epsilon` for the whole table; "
    "neighbouring data sets differ by one applicant added or removed. Work out the table's "
    "L1 sensitivity (how much can one applicant change it, over both columns?), and "
    "release each count plus `(sensitivity / epsilon) * unit_noise[i, j]`, where "
    "`unit_noise` holds standard Laplace draws (scale 1), row `i` for the i-th group in "
    "sorted order, column 0 for `applicants` and 1 for `approved` (the grader chooses the "
    "draws, so that your release can be checked exactly). Return a DataFrame indexed by "
    "group with the columns `applicants`, `approved` and `approval_rate` (noisy approved / "
    "noisy applicants: computed from the release, it costs no extra budget). Then release "
    "the lender's past decisions `approved` by `race` at `epsilon=0.5` with the notebook's "
    "`unit_noise`. (fairkit's `laplace_mechanism` draws its own noise; here the noise is given.)"
)
Q6_HINTS = (
    "Adding one applicant adds 1 to their group's `applicants` and, if approved, 1 to its "
    "`approved`: the whole table moves by up to 2 in L1 (equivalently, two counts of "
    "sensitivity 1, each at epsilon / 2).",
    "The Laplace scale is sensitivity / epsilon = 2 / epsilon. Exact counts per group in "
    "`np.unique(groups)` order, then add the scaled noise column by column.",
    "`labels = np.unique(groups)`; `n = np.array([np.sum(groups == g) for g in labels]) + "
    "(2 / epsilon) * unit_noise[:, 0]`; the same for `approved` with `unit_noise[:, 1]`; "
    "`approval_rate = approved_noisy / n`.",
)
_Q6 = "private_release(groups, approved, unit_noise, *, epsilon)"


def _q6(scale: str = "2 / epsilon", rate: str = "yes / n", cols: tuple = (0, 1)) -> str:
    return (
        "    groups, approved = np.asarray(groups), np.asarray(approved)\n"
        "    noise = np.asarray(unit_noise, dtype=float)\n"
        f"    scale = {scale}  # one applicant moves two counts by 1: L1 sensitivity 2\n"
        "    names = np.unique(groups)  # sorted: the rows of unit_noise\n"
        "    exact_n = np.array([np.sum(groups == g) for g in names])\n"
        "    exact_yes = np.array([np.sum(approved[groups == g]) for g in names])\n"
        f"    n = exact_n + scale * noise[:, {cols[0]}]\n"
        f"    yes = exact_yes + scale * noise[:, {cols[1]}]\n"
        f"    table = {{'applicants': n, 'approved': yes, 'approval_rate': {rate}}}\n"
        "    return pd.DataFrame(table, index=names)\n"
    )


Q6_SOLUTION = f"def {_Q6}:\n" + _q6()
Q6_WRONG = (
    _wrong("sensitivity 1", "sensitivity 1", _Q6, _q6(scale="1 / epsilon")),
    _wrong("noise times epsilon", "epsilon times", _Q6, _q6(scale="epsilon")),
    _wrong("rate of the exact counts", "exact counts", _Q6, _q6(rate="exact_yes / exact_n")),
    _wrong("noise columns swapped", "column 0", _Q6, _q6(cols=(1, 0))),
)

# -- q7 -------------------------------------------------------------------------------------------
Q7_PROMPT = (
    "Write `audit_verdicts(data, *, tolerance)`: `data` has one row per candidate model, "
    "with a text column `candidate` and the columns `low` and `high` of a confidence "
    "interval of its signed selection-rate gap. The regulator's rule: **1.0** if the whole "
    "interval lies within `[-tolerance, tolerance]` (the gap is shown to be small), **-1.0** "
    "if it lies wholly outside, above `tolerance` or below `-tolerance` (the gap is shown to "
    "be too large), and **0.0** otherwise (inconclusive: more data needed). Return a Series "
    "indexed by candidate. Then build the table `candidates` with two rows: `current`, your "
    "q2 interval for `decision`, and `thresholds`, your q2 interval for the decisions after "
    "your q4 thresholds at 70 % (with `cut = equalising_thresholds(y_score, race, "
    "target_rate=0.7)`, the decisions `(y_score >= cut.loc[race].to_numpy()).astype(int)`), "
    "and judge them with `tolerance=0.05`."
)
Q7_HINTS = (
    "Absence of evidence is not evidence of absence: an interval that crosses the band's "
    "edge proves neither that the gap is small nor that it is large.",
    "Compare both ends of each interval with both edges of the band: inside means "
    "`-tolerance <= low and high <= tolerance`; outside means `low > tolerance or high < "
    "-tolerance`.",
    "`for name, low, high in zip(data['candidate'], data['low'], data['high']): out[name] = "
    "1.0 if inside else (-1.0 if outside else 0.0)`, then `pd.Series(out)`.",
)
_Q7 = "audit_verdicts(data, *, tolerance)"


def _q7(
    inside: str = "-tolerance <= low and high <= tolerance",
    outside: str = "low > tolerance or high < -tolerance",
) -> str:
    return (
        "    verdict = {}\n"
        "    bounds = data[['candidate', 'low', 'high']].itertuples(index=False)\n"
        "    for name, low, high in bounds:\n"
        f"        if {inside}:\n"
        "            verdict[name] = 1.0\n"
        f"        elif {outside}:\n"
        "            verdict[name] = -1.0\n"
        "        else:\n"
        "            verdict[name] = 0.0\n"
        "    return pd.Series(verdict)\n"
    )


Q7_SOLUTION = f"def {_Q7}:\n" + _q7()
Q7_WRONG = (
    _wrong(
        "judged the midpoint",
        "midpoint",
        _Q7,
        _q7(inside="abs((low + high) / 2) <= tolerance", outside="True"),
    ),
    _wrong(
        "inconclusive counted as a pass",
        "inconclusive",
        _Q7,
        _q7(inside="not (low > tolerance or high < -tolerance)"),
    ),
    _wrong(
        "upper end only",
        "both ends",
        _Q7,
        _q7(inside="high <= tolerance", outside="low > tolerance"),
    ),
)

# -- written answers ------------------------------------------------------------------------------
W1_PROMPT = """\
**The audit report** (about 300-400 words). You are the auditor. Write the report the
regulator will read, in four parts: (1) **findings**: what the lender's model does to minority
applicants, with the numbers that show it (the headline gap with its interval, the true
positive rates against `repaid`, the proxy); (2) **evidence and method**: what data you used,
what you measured against what, and why the past decisions `approved` are not a fair yardstick;
(3) **recommendation**: deploy, deploy with conditions (which mitigation, which monitoring, what
recourse or appeal), or do not deploy, and why, citing your q5 and q7 results; (4) **limits**:
what this audit cannot show (synthetic data, one attribute, the labels you had, the noise in
the published table, what a threshold per group means legally)."""
W1_RUBRIC = """\
6 points. Findings (2): names the selection-rate gap minority - majority with its interval
(about -0.14, interval well away from 0 on the notebook's data), the lower true positive rate
of minority applicants against `repaid`, and `zip_code` as the leading proxy (with its score);
1 point if numbers are given without intervals or without the ground-truth comparison.
Evidence (1): says the model was trained on biased past approvals (historical bias) and that
the credit score is itself under-scored for the minority (measurement bias), so measuring
against `approved` would understate the harm. Recommendation (2): a clear decision tied to the
evidence: cites the before/after comparison (gap closed, change in accuracy and TPR gap) and
the verdicts (a candidate shown within tolerance vs inconclusive); names monitoring (what
metric, how often, what triggers a review) and a route of appeal; 1 point for a decision
without its evidence or conditions. Limits (1): at least two real limits (synthetic data,
a single binary attribute, selective labels in real lending where refused applicants never
show whether they would repay, group-specific thresholds may be unlawful disparate treatment
in some jurisdictions, the DP table trades accuracy for privacy at small groups)."""
W2_PROMPT = """\
**A model card section** (about 150 words). Write the *Quantitative analyses* and *Caveats
and recommendations* sections of the lender's model card (Mitchell et al. 2019) as you
would publish them: the metrics by group with their intervals, what was evaluated on which
data, and what a user of the model must not do with it. You may paste the Markdown of a
`fairkit.accountability.ModelCard` and edit it."""
W2_RUBRIC = """\
3 points. 1 point: quantitative analyses by group (selection rate and true positive rate for
majority and minority, with intervals or sample sizes) on named evaluation data. 1 point:
caveats that follow from the audit (historical and measurement bias in the training labels
and credit score, zip code as a proxy, not validated for other populations or uses). 1 point:
recommendations a reader can act on (use only with the chosen mitigation and monitoring,
re-audit when the population or the threshold changes, how to appeal). No credit for
boilerplate that would fit any model."""
