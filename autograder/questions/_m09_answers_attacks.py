"""Texts of m09-differential-privacy q5-q8 and the written questions: hints, solutions, known
wrong answers, prompts and rubrics (same conventions as ``_m09_answers``)."""

from __future__ import annotations

from autograder.questions._m09_answers import wrong

__all__ = [
    "Q5_HINTS",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "Q7_HINTS",
    "Q7_SOLUTION",
    "Q7_WRONG",
    "Q8_HINTS",
    "Q8_SOLUTION",
    "Q8_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
    "W2_PROMPT",
    "W2_RUBRIC",
]

# -- q5 -------------------------------------------------------------------------------------------
Q5_HINTS = (
    "Walk through the queries in order, keeping the list of those answered. Before answering "
    "one, ask what the total would be *with* it; refuse it if that exceeds the budget.",
    "Use your `epsilon_spent` on `answered + [eps]`. A refused query costs nothing: do not add "
    "it, and go on with the next one. A total equal to the budget is fine.",
    "In the loop: if `epsilon_spent(done + [eps], composition=composition, "
    "delta_prime=delta_prime) <= budget + 1e-12`, add `eps` to `done`; return `len(done)`.",
)
_Q5 = "def answered_queries(epsilons, *, budget, composition, delta_prime):\n"
_Q5_BODY = (
    "    answered = []\n"
    "    for eps in np.asarray(epsilons, dtype=float):\n"
    "        total = epsilon_spent(answered + [eps], composition={comp}, delta_prime=delta_prime)\n"
    "        if total {op} budget{tol}:\n"
    "            answered.append(eps)\n"
    "{other}"
    "    return len(answered)\n"
)
Q5_SOLUTION = _Q5 + _Q5_BODY.format(comp="composition", op="<=", tol=" + 1e-12", other="")
Q5_WRONG = (
    wrong(
        "stops at the first refusal",
        "stopped at the first refused query",
        _Q5
        + _Q5_BODY.format(
            comp="composition", op="<=", tol=" + 1e-12", other="        else:\n            break\n"
        ),
    ),
    wrong(
        "refuses a tie",
        "uses the budget exactly",
        _Q5 + _Q5_BODY.format(comp="composition", op="<", tol="", other=""),
    ),
    wrong(
        "basic composition always",
        "composed with the basic sum",
        _Q5 + _Q5_BODY.format(comp="'basic'", op="<=", tol=" + 1e-12", other=""),
    ),
)

# -- q6 -------------------------------------------------------------------------------------------
Q6_HINTS = (
    "Each event E and its complement give two probabilities, P_a(E) and P_b(E), estimated from "
    "counts out of n_draws. ε-DP means P_a ≤ e^ε P_b and P_b ≤ e^ε P_a, so "
    "ln(lower bound of P_a / upper bound of P_b) is a lower bound on ε.",
    "One-sided Clopper-Pearson bounds at level α: lower = beta.ppf(α, k, n - k + 1) (0 if "
    "k = 0), upper = beta.ppf(1 - α, k + 1, n - k) (1 if k = n). Bonferroni: 4 intervals per "
    "event, α = (1 - confidence) / (4 · number of events). A complement has count n - k.",
    "Stack `k = np.r_[count, n_draws - count]` for each side; compute `low_a, high_a, low_b, "
    "high_b`; the answer is the largest of `ln(low_a / high_b)` and `ln(low_b / high_a)` "
    "over all rows, and 0 if none is positive.",
)
_Q6 = "def audit_epsilon(count_a, count_b, *, n_draws, confidence):\n"
_Q6_BODY = (
    "    alpha = (1 - confidence) / ({share})\n"
    "    bounds = []\n"
    "    for k_a, k_b in {pairs}:\n"
    "        for k_a, k_b in {sides}:\n"
    "            low_a = beta.ppf(alpha, k_a, n_draws - k_a + 1) if k_a > 0 else 0.0\n"
    "            low_b = beta.ppf(alpha, k_b, n_draws - k_b + 1) if k_b > 0 else 0.0\n"
    "            high_a = beta.ppf(1 - alpha, k_a + 1, n_draws - k_a) if k_a < n_draws else 1.0\n"
    "            high_b = beta.ppf(1 - alpha, k_b + 1, n_draws - k_b) if k_b < n_draws else 1.0\n"
    "            if low_a > 0:\n"
    "                bounds.append(math.log(low_a / high_b))\n"
    "            if low_b > 0:\n"
    "                bounds.append(math.log(low_b / high_a))\n"
    "    return max([0.0, *bounds])\n"
)
_PAIRS = "zip(np.asarray(count_a), np.asarray(count_b))"
_SIDES = "[(k_a, k_b), (n_draws - k_a, n_draws - k_b)]"


def _q6(share="4 * len(count_a)", sides=_SIDES) -> str:
    return _Q6 + _Q6_BODY.format(share=share, pairs=_PAIRS, sides=sides)


Q6_SOLUTION = _q6()
Q6_WRONG = (
    wrong(
        "point estimate",
        "point estimate",
        _Q6
        + "    best = 0.0\n"
        + "    for k_a, k_b in zip(np.asarray(count_a), np.asarray(count_b)):\n"
        + "        for x, y in [(k_a, k_b), (n_draws - k_a, n_draws - k_b)]:\n"
        + "            if x > 0 and y > 0:\n"
        + "                best = max(best, abs(math.log(x / y)))\n"
        + "    return best\n",
    ),
    wrong("no Bonferroni", "α = 1 - confidence", _q6(share="1")),
    wrong("Bonferroni over events only", "over the events only", _q6(share="len(count_a)")),
    wrong(
        "Bonferroni over 2 intervals per event", "over 2 intervals", _q6(share="2 * len(count_a)")
    ),
    wrong("no complements", "left out the complements", _q6(sides="[(k_a, k_b)]")),
)

# -- q7 -------------------------------------------------------------------------------------------
Q7_HINTS = (
    "The attack says 'member' when the loss is at most a threshold t. For each t, TPR is the "
    "share of members guessed, FPR the share of non-members guessed; the advantage is the "
    "largest TPR - FPR.",
    "Only the distinct loss values matter as thresholds (and one below them all, where "
    "TPR = FPR = 0). Try each with `losses <= t`.",
    "With `ts = np.unique(losses)[:, None]`, `(losses[member] <= ts).mean(axis=1)` is the TPR "
    "of every threshold at once; the same on `~member` gives the FPRs; return "
    "`max(0.0, np.max(TPR - FPR))`.",
)
_Q7 = "def membership_advantage(losses, is_member):\n"
_Q7_HEAD = (
    "    losses = np.asarray(losses, dtype=float)\n"
    "    member = np.asarray(is_member).astype(bool)\n"
)
_Q7_RATES = (
    "    t = np.unique(losses)[:, None]\n"
    "    tpr = (losses[member] <= t).mean(axis=1)\n"
    "    fpr = (losses[~member] <= t).mean(axis=1)\n"
)
Q7_SOLUTION = _Q7 + _Q7_HEAD + _Q7_RATES + "    return float(max(0.0, np.max(tpr - fpr)))\n"
Q7_WRONG = (
    wrong(
        "accuracy of the best rule",
        "accuracy of the best rule",
        _Q7
        + _Q7_HEAD
        + _Q7_RATES
        + "    share = member.mean()\n"
        + "    return float(np.max(share * tpr + (1 - share) * (1 - fpr)))\n",
    ),
    wrong(
        "member when the loss is high",
        "*high* loss",
        _Q7 + _Q7_HEAD + _Q7_RATES + "    return float(max(0.0, np.max(fpr - tpr)))\n",
    ),
    wrong(
        "one threshold at the mean",
        "one threshold",
        _Q7
        + _Q7_HEAD
        + "    t = losses.mean()\n"
        + "    return float((losses[member] <= t).mean() - (losses[~member] <= t).mean())\n",
    ),
)

# -- q8 -------------------------------------------------------------------------------------------
Q8_HINTS = (
    "One row per group: its size, its accuracy under each model, and how much accuracy the "
    "private model loses there.",
    "Accuracy of a group is the mean of `y_true == y_pred` over its rows; `drop` is "
    "accuracy_nonprivate - accuracy_private. pandas' groupby gives all of it at once.",
    "Put `groups`, `y_true == pred_nonprivate` and `y_true == pred_private` (NumPy arrays) in "
    "one DataFrame, group by the groups and aggregate with named aggregations "
    "(`.agg(n=(col, 'size'), accuracy_private=(col, 'mean'), ...)`); then add `drop`.",
)
_Q8 = "def accuracy_change_by_group(y_true, pred_nonprivate, pred_private, groups):\n"
_Q8_HEAD = (
    "    y = np.asarray(y_true)\n"
    "    frame = pd.DataFrame({'g': np.asarray(groups), 'a': y == np.asarray(pred_nonprivate),\n"
    "                          'b': y == np.asarray(pred_private)})\n"
    "    out = frame.groupby('g').agg(n=('a', 'size'), accuracy_nonprivate=('a', 'mean'),\n"
    "                                 accuracy_private=('b', 'mean'))\n"
)
Q8_SOLUTION = (
    _Q8 + _Q8_HEAD + "    out['drop'] = out['accuracy_nonprivate'] - out['accuracy_private']\n"
    "    return out\n"
)
Q8_WRONG = (
    wrong(
        "drop with the wrong sign",
        "private minus non-private",
        _Q8 + _Q8_HEAD + "    out['drop'] = out['accuracy_private'] - out['accuracy_nonprivate']\n"
        "    return out\n",
    ),
    wrong(
        "relative drop",
        "relative drop",
        _Q8
        + _Q8_HEAD
        + "    out['drop'] = 1 - out['accuracy_private'] / out['accuracy_nonprivate']\n"
        "    return out\n",
    ),
    wrong(
        "overall accuracy",
        "overall accuracy",
        _Q8
        + _Q8_HEAD
        + "    out['accuracy_private'] = frame['b'].mean()\n"
        + "    out['drop'] = out['accuracy_nonprivate'] - out['accuracy_private']\n"
        + "    return out\n",
    ),
    wrong(
        "share instead of size",
        "a count, not a share",
        _Q8
        + _Q8_HEAD
        + "    out['n'] = out['n'] / len(y)\n"
        + "    out['drop'] = out['accuracy_nonprivate'] - out['accuracy_private']\n"
        + "    return out\n",
    ),
)

W1_PROMPT = """\
**Written question (3 points, graded by hand).** A national statistics office will publish,
from a census like the Adult data, counts of people by county × age band × sex × income band,
with differential privacy (as the US Census Bureau did for 2020). In 6-10 sentences:

1. propose a total ε (and δ, if any) and say how you would split it over the tables;
2. justify it: what an ε means for one person (the e^ε bound on how much any conclusion can
   change), what the noise does to a county of 300 people versus one of 300,000, and who
   needs which tables;
3. name one thing ε alone does not settle (e.g. the unit of privacy, repeated releases,
   post-processing to non-negative integers, who decides).
"""
W1_RUBRIC = """\
1 point: a concrete total ε (any value argued for; 0.1-10 are common; the 2020 US Census
redistricting and demographic data used ε ≈ 17.1 for persons plus 2.5 for housing units,
criticised as both too high and too noisy) with a split across tables that follows from the
uses (more budget where accuracy matters; the shares add up under composition).
1 point: a correct interpretation (e^ε bounds the ratio of output probabilities with and
without one person; Laplace noise of scale Δ/ε on each count is the same absolute size
everywhere, so small areas get large relative errors).
1 point: one real limit of ε alone, explained (household vs person as unit, budget for future
releases, bias from post-processing, consistency between tables, governance and consent).
"""

W2_PROMPT = """\
**Written question (2 points, graded by hand).** Run your
`accuracy_change_by_group(y_test, pred_nonprivate, pred_private, race_test)` on the notebook's
census model and its ε = 1 private version (and look again at the lesson's section 8). Who pays
for the noise? In 4-8 sentences, say which group loses most accuracy and how sure you can be
(how many rows does it have?), why a small group can lose more (Bagdasaryan, Poursaeed &
Shmatikov 2019) and why it does not always, and one thing a practitioner could do about it,
with its cost.
"""
W2_RUBRIC = """\
1 point: reads the table correctly (here Amer-Indian-Eskimo, 166 rows, loses about 3 points
against 2 for White, while other small groups lose less) and weighs it against the sampling
error of a small group (about ±2.5 points at 166 rows); explains the mechanism: the noise is
calibrated to one person, so what the model learnt from few rows is drowned first (in DP-SGD,
also clipped gradients), but base rates and where a group sits in feature space decide who
actually loses (the lesson's census vs hiring examples).
1 point: a concrete remedy with its cost: a larger ε (less privacy for everyone), collecting
more data on the small group, group-aware budget or reweighting (may need the attribute,
costs privacy or accuracy elsewhere), reporting per-group error with intervals.
"""
