"""Texts of m08-image-bias q1-q3: hints, solutions, typical wrong answers.

Code strings run in the notebook's namespace after ``setup_code`` (``np``, ``pd`` and the
image data are defined). Each wrong answer is one typical mistake; the tests check that every
one fails with a message containing its ``detects`` phrase.
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

__all__ = [f"Q{i}_{k}" for i in range(1, 4) for k in ("HINTS", "SOLUTION", "WRONG")]
__all__ += ["Q2_PROMPT", "S1", "S2", "S3"]

ARR = "    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)\n"


wrong = WrongAnswer.function


# -- q1 -------------------------------------------------------------------------------------------
S1 = "error_by_group(y_true, y_pred, groups)"
Q1_HINTS = (
    "An image is misclassified when its predicted digit differs from its true digit; a group's "
    "error rate is the share of its images that are misclassified.",
    "Make one boolean array `y_true != y_pred`, then average it within each group.",
    "`pd.Series(y_true != y_pred).groupby(groups).mean()` (on NumPy arrays, so that the "
    "indexes of Series inputs cannot misalign).",
)
Q1_SOLUTION = (
    f"def {S1}:\n" + ARR + "    wrong = (y_true != y_pred).astype(float)\n"
    "    return pd.Series(wrong).groupby(groups).mean()\n"
)
Q1_WRONG = (
    wrong(
        "accuracy instead of error",
        "accuracy",
        S1,
        ARR + "    return pd.Series((y_true == y_pred).astype(float)).groupby(groups).mean()\n",
    ),
    wrong(
        "overall error for every group",
        "overall error",
        S1,
        ARR + "    e = float(np.mean(y_true != y_pred))\n"
        "    return pd.Series({g: e for g in np.unique(groups)})\n",
    ),
    wrong(
        "number of errors",
        "counted",
        S1,
        ARR + "    return pd.Series((y_true != y_pred).astype(float)).groupby(groups).sum()\n",
    ),
)

# -- q2 -------------------------------------------------------------------------------------------
S2 = "error_interval(y_true, y_pred, groups, *, n_boot, confidence, seed)"
Q2_PROMPT = (
    "Write `error_interval(y_true, y_pred, groups, *, n_boot, confidence, seed)`: a DataFrame "
    "indexed by group with columns `error`, `low` and `high`: each group's error rate and its "
    "percentile bootstrap interval, **resampling the group's own images**. To be reproducible "
    "to the last digit, do exactly this: create one generator `rng = np.random.default_rng(seed)` "
    "before the loop; for each group `g` in the order of `np.unique(groups)`, take its 0/1 "
    "array `wrong` (1 = misclassified, `n_g` images), draw `idx = rng.integers(0, n_g, size="
    "(n_boot, n_g))`, compute the replicates `wrong[idx].mean(axis=1)`, and take "
    "`np.quantile(replicates, [(1 - confidence) / 2, (1 + confidence) / 2])` (NumPy's default "
    "method) as `low`, `high`."
)
Q2_HINTS = (
    "A bootstrap replicate of a group's error is the error of a resample of that group's "
    "images drawn with replacement, as many as the group has. The spread of many replicates "
    "is the uncertainty of the error: a small group gets a wide interval.",
    "One generator for the whole function, created once before the loop, visited in "
    "`np.unique(groups)` order: a 2-D `idx` of shape `(n_boot, n_g)` gives all replicates of "
    "one group in one line.",
    "`for g in np.unique(groups): wrong = (y_true != y_pred)[groups == g].astype(float)`; "
    "`idx = rng.integers(0, len(wrong), size=(n_boot, len(wrong)))`; `low, high = "
    "np.quantile(wrong[idx].mean(axis=1), [(1 - confidence) / 2, (1 + confidence) / 2])`.",
)
_LOOP2 = (
    ARR + "    rng = np.random.default_rng(seed)\n"
    "    miss = (y_true != y_pred).astype(float)\n"
    "    rows = {{}}\n"
    "    for label in np.unique(groups):\n"
    "        w = miss[groups == label]\n"
    "{draw}"
    "        rows[label] = {{'error': w.mean(), 'low': lo, 'high': hi}}\n"
    "    return pd.DataFrame(rows).T\n"
)
_DRAW = (
    "        reps = w[rng.integers(0, w.size, size=(n_boot, w.size))].mean(axis=1)\n"
    "        alpha = 1 - {c}\n"
    "        lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])\n"
)
Q2_SOLUTION = f"def {S2}:\n" + _LOOP2.format(draw=_DRAW.format(c="confidence"))
Q2_WRONG = (
    wrong(
        "a new generator for every group",
        "create the generator once",
        S2,
        _LOOP2.format(
            draw="        rng = np.random.default_rng(seed)\n" + _DRAW.format(c="confidence")
        ),
    ),
    wrong("always 95 %", "95 %", S2, _LOOP2.format(draw=_DRAW.format(c="0.95"))),
    wrong(
        "normal (Wald) interval",
        "normal interval",
        S2,
        _LOOP2.format(
            draw="        from scipy.stats import norm\n"
            "        e = w.mean()\n"
            "        half = norm.ppf((1 + confidence) / 2) * np.sqrt(e * (1 - e) / w.size)\n"
            "        lo, hi = e - half, e + half\n"
        ),
    ),
)

# -- q3 -------------------------------------------------------------------------------------------
S3 = "group_weights(groups)"
Q3_HINTS = (
    "Reweighting gives every group the same total weight in training, so the rare group counts "
    "as much as the common one. Keep the weights' average at 1, so that the model's "
    "regularisation means what it meant without weights.",
    "With n images in k groups and n_g in group g, a weight w_g per image of g gives the group "
    "n_g * w_g in total; set that to n / k.",
    "`counts = pd.Series(groups).value_counts()` and return `len(groups) / (len(counts) * "
    "counts)` (a Series indexed by group).",
)
Q3_SOLUTION = (
    f"def {S3}:\n"
    "    groups = np.asarray(groups)\n"
    "    sizes = pd.Series(groups).value_counts()\n"
    "    return len(groups) / (len(sizes) * sizes)\n"
)
_COUNTS = "    groups = np.asarray(groups)\n    counts = pd.Series(groups).value_counts()\n"
Q3_WRONG = (
    wrong("one over the group size", "1 / n_g", S3, _COUNTS + "    return 1 / counts\n"),
    wrong("the group's share", "share", S3, _COUNTS + "    return counts / len(groups)\n"),
    wrong(
        "forgot the number of groups",
        "number of groups",
        S3,
        _COUNTS + "    return len(groups) / counts\n",
    ),
)
