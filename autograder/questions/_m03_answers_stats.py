"""Texts of m03-metric-tradeoffs, q5-q7 and the written answer (see :mod:`._m03_answers`)."""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

_A2 = "    y_pred, groups = np.asarray(y_pred), np.asarray(groups)\n"


_wrong = WrongAnswer.function


# -- q5 --------------------------------------------------------------------------------------------
Q5_PROMPT = """\
Write `bootstrap_gap_interval(y_pred, groups, a, b, n_boot, seed, confidence, method)`. The gap
is the selection rate (share of `y_pred == 1`) of group `a` minus that of group `b`, **signed**.
Resample exactly so, in this order: `rng = np.random.default_rng(seed)` once; then for each of
the `n_boot` replicates `idx = rng.integers(0, n, size=n)` (`n` = number of rows, all groups
together; one call drawing an `(n_boot, n)` matrix gives the same numbers) and the gap of
`y_pred[idx], groups[idx]`. With
`lo, hi = np.quantile(replicates, [(1 - confidence) / 2, (1 + confidence) / 2])` (NumPy's
default linear interpolation), `method='percentile'` gives the interval (lo, hi) and
`method='basic'` gives (2 * gap - hi, 2 * gap - lo), `gap` being the observed gap. Return
`pd.Series({'low': ..., 'high': ...})`. In every case both groups are large enough never to
vanish from a replicate. Then try it on the lender's decisions,
`bootstrap_gap_interval((y_score >= 0.5).astype(int), groups, a='B', b='A', n_boot=1000,
seed=0, confidence=0.95, method='percentile')`, and compare the two methods."""
Q5_HINTS = (
    "Three steps: the observed gap, n_boot resampled gaps drawn exactly as the prompt says, "
    "then an interval from their quantiles.",
    "`rng = np.random.default_rng(seed)` once, then for each replicate `idx = rng.integers(0, "
    "n, size=n)` and the gap of `y_pred[idx], groups[idx]`. Percentile: the quantiles "
    "(1 - confidence) / 2 and (1 + confidence) / 2 of the replicates. Basic: reflect them "
    "around the observed gap.",
    "Store the replicates in an array of length n_boot, take `np.quantile(replicates, [(1 - "
    "confidence) / 2, (1 + confidence) / 2])`, reflect for 'basic' (`2 * gap - hi`, `2 * gap - "
    "lo`) and return `pd.Series({'low': ..., 'high': ...})`.",
)
_Q5 = "bootstrap_gap_interval(y_pred, groups, a, b, n_boot, seed, confidence, method)"


def _q5(
    draw: str = "idx = rng.integers(0, n, size=n)  # the rows of replicate r",
    level: str = "confidence",
    reflect: str = "method == 'basic'",
    stat: str = "yp[g == a].mean() - yp[g == b].mean()",
    seed_inside: bool = False,
) -> str:
    reseed = "        rng = np.random.default_rng(seed)\n" if seed_inside else ""
    return (
        _A2 + "    def gap(yp, g):\n"
        f"        return {stat}\n"
        "    n = len(y_pred)\n"
        "    rng = np.random.default_rng(seed)  # once, before the loop\n"
        "    reps = np.empty(n_boot)\n"
        "    for r in range(n_boot):\n" + reseed + f"        {draw}\n"
        "        reps[r] = gap(y_pred[idx], groups[idx])\n"
        f"    lo, hi = np.quantile(reps, [(1 - {level}) / 2, (1 + {level}) / 2])\n"
        f"    if {reflect}:\n"
        "        theta = gap(y_pred, groups)\n"
        "        lo, hi = 2 * theta - hi, 2 * theta - lo\n"
        "    return pd.Series({'low': lo, 'high': hi})\n"
    )


Q5_SOLUTION = f"def {_Q5}:\n" + _q5()
Q5_WRONG = (
    _wrong(
        "percentile and basic swapped", "the other interval", _Q5, _q5(reflect="method != 'basic'")
    ),
    _wrong("always 95 %", "confidence", _Q5, _q5(level="0.95")),
    _wrong(
        "unsigned gap",
        "unsigned",
        _Q5,
        _q5(stat="abs(yp[g == a].mean() - yp[g == b].mean())"),
    ),
    _wrong("generator re-seeded every replicate", "same rows", _Q5, _q5(seed_inside=True)),
    _wrong(
        "resampled within each group",
        "resampled from all rows",
        _Q5,
        _q5(
            draw="idx = np.concatenate([rng.choice(np.flatnonzero(groups == g), "
            "(groups == g).sum()) for g in np.unique(groups)])"
        ),
    ),
)

# -- q6 --------------------------------------------------------------------------------------------
Q6_PROMPT = """\
Write `permutation_p_value(y_pred, groups, a, b, n_permutations, seed)`, a two-sided test of
"groups `a` and `b` have the same selection rate". Keep only the rows of `a` and `b` (in their
order); the statistic is |rate(a) - rate(b)| of `y_pred` on those rows. Create
`rng = np.random.default_rng(seed)` once, then `n_permutations` times: shuffle the kept group
labels with `rng.permutation(labels)` and compute the statistic with the shuffled labels.
Count the permuted statistics that are `>= observed - 1e-9` (the 1e-9 absorbs rounding, so
ties count) and return `(1 + count) / (1 + n_permutations)`. Then try it on the first 300
applicants of `loans`: `permutation_p_value((y_score[:300] >= 0.5).astype(int), groups[:300],
a='B', b='A', n_permutations=999, seed=0)`."""
Q6_HINTS = (
    "Under the null hypothesis the labels a and b are exchangeable: shuffling them among the "
    "rows of a and b gives gaps as large as the observed one by chance alone.",
    "Keep only the rows of a and b. Observed T = |rate(a) - rate(b)|. With `rng = "
    "np.random.default_rng(seed)`, repeat n_permutations times: shuffle the labels with "
    "`rng.permutation(labels)`, recompute T. Count the T's >= observed (minus 1e-9).",
    "`p = (1 + count) / (1 + n_permutations)`: the observed labelling is one of the "
    "permutations, so the p-value is never 0.",
)
_Q6 = "permutation_p_value(y_pred, groups, a, b, n_permutations, seed)"


def _q6(
    cmp: str = "t >= observed - 1e-9",
    stat: str = "abs(d)",
    p: str = "(1 + count) / (1 + n_permutations)",
    keep: bool = True,
) -> str:
    select = (
        "    keep = (groups == a) | (groups == b)\n"
        "    y_pred, groups = y_pred[keep], groups[keep]\n"
        if keep
        else ""
    )
    return (
        _A2 + select + "    def stat(g):\n"
        "        d = y_pred[g == a].mean() - y_pred[g == b].mean()\n"
        f"        return {stat}\n"
        "    observed = stat(groups)\n"
        "    rng = np.random.default_rng(seed)  # once, before the loop\n"
        "    count = 0\n"
        "    for _ in range(n_permutations):\n"
        "        t = stat(rng.permutation(groups))\n"
        f"        count += {cmp}\n"
        f"    return {p}\n"
    )


Q6_SOLUTION = f"def {_Q6}:\n" + _q6()
Q6_WRONG = (
    _wrong("count / B", "(1 + count) / (1 + B)", _Q6, _q6(p="count / n_permutations")),
    _wrong("one-sided", "one-sided", _Q6, _q6(stat="d")),
    _wrong("strict >", "ties", _Q6, _q6(cmp="t > observed + 1e-9")),
    _wrong("other groups shuffled too", "only the rows of", _Q6, _q6(keep=False)),
)

# -- q7 --------------------------------------------------------------------------------------------
Q7_PROMPT = """\
Write `rows_per_group(p1, p2, alpha, power)`: how many rows **per group** (two groups of equal
size) a two-sided z-test at level `alpha` needs to detect the difference between the rates
`p1` and `p2` with probability `power`. Use the normal approximation with unpooled variance,
n = (z(1 - alpha/2) + z(power))^2 * (p1 (1 - p1) + p2 (1 - p2)) / (p1 - p2)^2, rounded **up**
to an integer; z(q) is the standard normal quantile, `norm.ppf(q)` (`scipy.stats` is allowed
here; `statistics.NormalDist().inv_cdf(q)` gives the same). The answer must be exact. Then:
how many actual negatives per group does an FPR gap of 0.10 against 0.15 need at alpha 0.05
and power 0.8?"""
Q7_HINTS = (
    "A two-sided test at level alpha rejects beyond the normal quantile z(1 - alpha / 2); "
    "power adds the quantile z(power). The rows needed grow with the variance and shrink "
    "with the square of the gap.",
    "n = (z(1 - alpha / 2) + z(power))**2 * (p1 (1 - p1) + p2 (1 - p2)) / (p1 - p2)**2 rows "
    "per group, rounded up. `norm.ppf(q)` is z(q).",
    "Add the two quantiles `norm.ppf(1 - alpha / 2)` and `norm.ppf(power)`, square the sum, "
    "multiply by the sum of the two variances, divide by the squared gap, and round up with "
    "`math.ceil`.",
)
_Q7 = "rows_per_group(p1, p2, alpha, power)"


def _q7(
    z_alpha: str = "norm.ppf(1 - alpha / 2)", wrap: str = "math.ceil({})", scale: str = ""
) -> str:
    n = "z**2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2)**2"
    return f"    z = {z_alpha} + norm.ppf(power)\n    return {scale}{wrap.format(n)}\n"


Q7_SOLUTION = f"def {_Q7}:\n" + _q7()
Q7_WRONG = (
    _wrong("one-sided z", "one-sided", _Q7, _q7(z_alpha="norm.ppf(1 - alpha)")),
    _wrong("not rounded up", "round up", _Q7, _q7(wrap="{}")),
    _wrong("both groups together", "per group", _Q7, _q7(scale="2 * ")),
    _wrong("rounded to the nearest", "round up", _Q7, _q7(wrap="round({})")),
)

# -- written, graded by hand -----------------------------------------------------------------------
W1_PROMPT = """\
**Written question (3 points, graded by hand).** Choose **one** of these settings:

- *lending*: a bank declines loans whose default-risk score is at least 0.5;
- *hiring*: a firm invites to interview the applicants whose score of "would be a good hire"
  is at least 0.5;
- *medical triage*: an emergency department fast-tracks patients whose risk score of a severe
  outcome is at least 0.5.

In each, the score is calibrated within every group, and the groups' base rates differ, as in
this notebook. In 6-10 sentences:

1. say which error (false positive or false negative) harms whom in your setting, and which
   one metric you would hold equal across groups (calibration within groups, equal FPR, equal
   FNR, or equal selection rates);
2. say what the impossibility result forces you to give up with that choice, and why (name
   the base rates);
3. say how you would show that a measured gap in your metric is real and not noise (which
   interval or test, and how many rows per group it needs).
"""
W1_RUBRIC = """\
1 point: the harms are right for the chosen setting (lending: a false positive declines a
person who would have repaid; hiring: a false negative is a good applicant not invited;
triage: a false negative is a severe patient not fast-tracked) and the chosen metric follows
from them.
1 point: the trade-off is named: with different base rates a calibrated score cannot have
equal FPR and equal FNR (Chouldechova's identity FPR = p/(1-p) (1-PPV)/PPV (1-FNR)); choosing
equal error rates gives up calibration within groups (one score means different risks), or
choosing calibration accepts unequal error rates. Any choice earns the point if its cost is
stated correctly.
1 point: a sound plan for uncertainty: a bootstrap interval of the signed gap (not of an
unsigned max - min near 0) or a permutation test, and a sample-size argument (normal
approximation for two proportions, rows per group, for the rate the metric is computed on:
for FPR the actual negatives, for FNR the actual positives).
"""
