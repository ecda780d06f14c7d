"""Texts of m08-image-bias q4-q6 and the written questions.

Code strings run in the notebook's namespace after ``setup_code``; q6's solution calls the
learner's ``error_interval`` (q2).
"""

from __future__ import annotations

from autograder.questions._m08_answers import wrong

__all__ = [f"Q{i}_{k}" for i in range(4, 7) for k in ("HINTS", "SOLUTION", "WRONG")]
__all__ += ["Q4_PROMPT", "W1_PROMPT", "W1_RUBRIC", "W2_PROMPT", "W2_RUBRIC"]

# -- q4 -------------------------------------------------------------------------------------------
S4 = "oversampled_composition(groups, *, seed)"
Q4_PROMPT = (
    "Write `oversampled_composition(groups, *, seed)`. First oversample: keep every row once "
    "and add, for each group smaller than the largest, `n_max - n_g` extra rows drawn with "
    "replacement from the group's own rows. Do exactly this, so that the draw is reproducible: "
    "`rng = np.random.default_rng(seed)` once; for each group `g` in the order of "
    "`np.unique(groups)` with `n_g < n_max`: `extra = rng.choice(np.flatnonzero(groups == g), "
    "size=n_max - n_g, replace=True)`. Then return a DataFrame indexed by group with columns "
    "`rows` (the group's rows in the oversampled set), `distinct` (how many different original "
    "rows they are) and `max_copies` (the most times one original row appears)."
)
Q4_HINTS = (
    "Oversampling does not create images: it repeats the rare group's images until the group "
    "is as large as the largest. `distinct` and `max_copies` show how few different images "
    "the model really sees.",
    "Collect the row numbers of the oversampled set: `np.arange(n)` plus each group's `extra` "
    "draw. Then, per group, `np.unique(rows_of_g, return_counts=True)` gives the distinct "
    "rows and how often each appears.",
    "`taken = np.concatenate([np.flatnonzero(groups == g), extra])`; `_, c = np.unique(taken, "
    "return_counts=True)`; the row is `{'rows': len(taken), 'distinct': len(c), 'max_copies': "
    "c.max()}`.",
)
_LOOP4 = (
    "    groups = np.asarray(groups)\n"
    "    labels, counts = np.unique(groups, return_counts=True)\n"
    "    n_max = {target}\n"
    "    rng = np.random.default_rng(seed)\n"
    "    rows = {{}}\n"
    "    for g, n_g in zip(labels, counts):\n"
    "        idx = np.flatnonzero(groups == g)\n"
    "{draw}"
    "        _, copies = np.unique(taken, return_counts=True)\n"
    "        rows[g] = {{'rows': len(taken), 'distinct': len(copies),\n"
    "                   'max_copies': copies.max()}}\n"
    "    return pd.DataFrame(rows).T\n"
)
_KEEP = (
    "        extra = rng.choice(idx, size=n_max - n_g, replace=True) if n_g < n_max else []\n"
    "        taken = np.concatenate([idx, np.asarray(extra, dtype=int)])\n"
)
Q4_SOLUTION = f"def {S4}:\n" + _LOOP4.format(target="counts.max()", draw=_KEEP)
Q4_WRONG = (
    wrong(
        "draws n_max rows instead of keeping the originals",
        "kept every original row",
        S4,
        _LOOP4.format(
            target="counts.max()",
            draw="        taken = rng.choice(idx, size=n_max, replace=True) if n_g < n_max "
            "else idx\n",
        ),
    ),
    wrong(
        "a new generator per group",
        "create the generator once",
        S4,
        _LOOP4.format(
            target="counts.max()", draw="        rng = np.random.default_rng(seed)\n" + _KEEP
        ),
    ),
    wrong(
        "oversamples to the mean group size",
        "largest group",
        S4,
        _LOOP4.format(target="int(np.ceil(counts.mean()))", draw=_KEEP),
    ),
)

# -- q5 -------------------------------------------------------------------------------------------
S5 = "effective_sample_size(weights)"
Q5_HINTS = (
    "Weights do not add information: 60 images weighted 10 each are still 60 images. Kish's "
    "effective sample size says how many equally weighted images a weighted sample is worth.",
    "It is (sum of the weights) squared, divided by the sum of the squared weights: n when all "
    "weights are equal, less the more unequal they are.",
    "`w = np.asarray(weights, dtype=float)`; `return w.sum() ** 2 / (w ** 2).sum()`.",
)
Q5_SOLUTION = (
    f"def {S5}:\n"
    "    weights = np.asarray(weights, dtype=float)\n"
    "    return float(weights.sum() ** 2 / (weights**2).sum())\n"
)
_W = "    w = np.asarray(weights, dtype=float)\n"
Q5_WRONG = (
    wrong("sum of the weights", "sum of the weights", S5, _W + "    return float(w.sum())\n"),
    wrong("the inverse", "inverse", S5, _W + "    return float((w ** 2).sum() / w.sum() ** 2)\n"),
    wrong("number of rows", "number of rows", S5, _W + "    return float(len(w))\n"),
)

# -- q6 -------------------------------------------------------------------------------------------
S6 = "audit_table(y_true, y_pred, groups, *, n_boot, confidence, seed)"
Q6_HINTS = (
    "A model card reports, per group: how many test images it has, the error, its interval, "
    "and how far the group is from the best-served group.",
    "Reuse your `error_interval` (same arguments, so the same interval) and add two columns: "
    "`n`, the group's number of test images, and `gap`, its error minus the smallest error "
    "of any group.",
    "`t = error_interval(y_true, y_pred, groups, n_boot=n_boot, confidence=confidence, "
    "seed=seed)`; `t['n'] = pd.Series(np.asarray(groups)).value_counts()`; `t['gap'] = "
    "t['error'] - t['error'].min()`.",
)
_HEAD6 = (
    "    table = error_interval(y_true, y_pred, groups, seed=seed,\n"
    "                           n_boot=n_boot, confidence=confidence)\n"
)
_N = "    table['n'] = pd.Series(np.asarray(groups)).value_counts()\n"
Q6_SOLUTION = (
    f"def {S6}:\n" + _HEAD6 + _N + "    table['gap'] = table['error'] - table['error'].min()\n"
    "    return table\n"
)
Q6_WRONG = (
    wrong(
        "gap to the overall error",
        "overall error",
        S6,
        _HEAD6 + _N + "    table['gap'] = table['error'] - np.mean(np.asarray(y_true) != "
        "np.asarray(y_pred))\n    return table\n",
    ),
    wrong(
        "gap to the worst group",
        "worst-served",
        S6,
        _HEAD6
        + _N
        + "    table['gap'] = table['error'] - table['error'].max()\n    return table\n",
    ),
    wrong(
        "share instead of count",
        "share of the test images",
        S6,
        _HEAD6 + "    table['n'] = pd.Series(np.asarray(groups)).value_counts(normalize=True)\n"
        "    table['gap'] = table['error'] - table['error'].min()\n    return table\n",
    ),
)

W1_PROMPT = """\
**Written question (3 points, graded by hand): inclusive data collection.** The lesson's
best fixes were *augmentation with the group's own capture pipeline* and *collecting more
images of group B*. For a real face-analysis product (say, a phone's photo-sorting feature),
in 6-10 sentences:

1. who would you involve in deciding what "enough images of each group" means, and in
   collecting them (name at least two kinds of people or organisations, and why each);
2. what consent would you ask for, and what would the people photographed be told (purpose,
   storage, withdrawal), and how you would avoid turning a fairness fix into surveillance of
   the under-represented group;
3. why augmentation alone is not enough there (what a mirror or a contrast change cannot
   simulate about real people's faces).
"""
W1_RUBRIC = """\
1 point: names concrete stakeholders with a reason each: members and organisations of the
under-represented communities (not only as data sources, also in defining the groups and the
target), domain experts (e.g. dermatologists for skin type, as Gender Shades used the
Fitzpatrick scale), the product's users, an ethics or data-protection reviewer.
1 point: consent that is informed, specific to the purpose, revocable, with a retention limit
and secure storage (e.g. GDPR Art. 9: biometric data are special-category data); no scraping
of images without consent; fair compensation; collection does not single out or track the
group (aggregate reporting, no re-use for identification).
1 point: augmentation only re-uses the images one has: it cannot add the real variation of
skin tones, lighting, facial features, ages or accessories of a group, and choosing the
transform already assumes one knows what differs. Any well-argued answer earns full marks.
"""

W2_PROMPT = """\
**Written question (3 points, graded by hand): the reweighting pitfall.** In the lesson,
reweighting the 60 images of the "low contrast + noise" group made that group's error
*worse*, while it helped the mirrored group. Show it on your own (in a code cell you add
above your answer), then explain it in 5-8 sentences:

1. build `noisy = make_group_images("low_contrast_noise", share_b=0.05, random_state=8)`, fit
   the notebook's model on `noisy.X_train` without and with `sample_weight` from your
   `group_weights` (`model.fit(X, y, logisticregression__sample_weight=w)`), and report
   group B's test error with your `error_interval` for both;
2. say how many images the reweighted training set is "worth" (`effective_sample_size`), how
   much of its total weight sits on group B, and what `oversampled_composition` says about
   oversampling;
3. explain why a model fitted to a few heavily weighted images can do worse on new images of
   the group (overfitting: it learns those images' noise), and why that hurt the noisy group
   and not the mirrored one; then say which of the four strategies (reweighting,
   oversampling, augmentation, inclusive collection) you would report in a model card, with
   which numbers, and why.
"""
W2_RUBRIC = """\
1 point: the pitfall shown and measured: on this seed B's error roughly doubles with weights
(about 11 % -> 22 %, intervals reported); an effective sample size far below the 1,200 images
(about 228: 60 B images at weight 10, 1,140 A images at about 0.53), half of the total weight
on 60 images; oversampling repeats each of them many times (max_copies far above 1) and adds
no new image.
1 point: the mechanism: the heavily weighted images dominate the loss, so the model fits their
particular pixels, here the random sensor noise, which does not recur in new images of the
group (variance grows faster than bias falls); mirrored images carry a clean, consistent
signal, so weighting them up helps, noisy ones do not.
1 point: a reasoned comparison: augmentation with the group's transformation and inclusive
collection reduce both groups' errors with real new examples; the model card should report
per-group errors with intervals for the chosen strategy, the cost for group A, and the limits
(the transform is known only in this stand-in). Any well-argued choice earns full marks.
"""
