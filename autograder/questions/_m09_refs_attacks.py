"""References of m09-differential-privacy q6-q8 (the audit bound, the membership advantage, the
per-group accuracy table) and their known-wrong variants.

q6 and q7 are answered by fairkit itself: the audit bound by ``audit_mechanism`` run on a
stand-in mechanism whose outputs make each event occur exactly the given number of times, the
advantage by ``membership_inference`` on a stand-in model whose log loss on each row is the
given loss.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import beta

from autograder.questions._base import Mistake
from autograder.questions._by_group import per_group
from fairkit.privacy import membership_inference
from fairkit.privacy.audit import audit_mechanism

__all__ = [
    "ACCURACY_COLUMNS",
    "Q6_MISTAKES",
    "Q7_MISTAKES",
    "Q8_MISTAKES",
    "ref_accuracy_change",
    "ref_advantage",
    "ref_audit",
]

ACCURACY_COLUMNS = ("n", "accuracy_nonprivate", "accuracy_private", "drop")


# -- q6: the audit's lower bound -----------------------------------------------------------------
def ref_audit(count_a, count_b, n_draws, confidence) -> float:
    counts = {"a": np.asarray(count_a, dtype=np.int64), "b": np.asarray(count_b, dtype=np.int64)}

    def stand_in(inputs, random_state):
        # Output j of side a is j, of side b is n + j: event i occurs on the first counts[i].
        return np.arange(len(inputs)) + len(inputs) * np.asarray(inputs, dtype=np.int64)

    def event(i):
        def hit(y):
            side = "a" if y[0] < n_draws else "b"
            return (y % n_draws) < counts[side][i]

        return hit

    events = {f"event {i}": event(i) for i in range(len(counts["a"]))}
    result = audit_mechanism(
        stand_in, 0, 1, epsilon=1.0, events=events, n_draws=int(n_draws), confidence=confidence
    )
    return result.epsilon_lower_bound


def _bound(count_a, count_b, n_draws, alpha, *, complements=True) -> float:
    k = np.column_stack([count_a, count_b]).astype(float)
    if complements:
        k = np.vstack([k, n_draws - k])
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(k > 0, beta.ppf(alpha, k, n_draws - k + 1), 0.0)
        high = np.where(k < n_draws, beta.ppf(1 - alpha, k + 1, n_draws - k), 1.0)
        ab = np.log(low[:, 0]) - np.log(high[:, 1])
        ba = np.log(low[:, 1]) - np.log(high[:, 0])
    return float(max(np.max(np.maximum(ab, ba)), 0.0))


def _point(count_a, count_b, n_draws, confidence) -> float:
    p = np.column_stack([count_a, count_b]) / n_draws
    p = np.vstack([p, 1 - p])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(p[:, 0]) - np.log(p[:, 1]))
    return float(max(np.nanmax(np.where(np.isfinite(ratio), ratio, np.nan)), 0.0))


def _alpha_variant(share):
    def variant(count_a, count_b, n_draws, confidence):
        return _bound(count_a, count_b, n_draws, (1 - confidence) / share(len(count_a)))

    return variant


Q6_MISTAKES = (
    Mistake(
        "this is the point estimate max |ln(p̂_a / p̂_b)|: it ignores sampling error, so even an "
        "exact mechanism would 'fail'; use the Clopper-Pearson bounds (lower on top, upper "
        "below)",
        _point,
    ),
    Mistake(
        "you used α = 1 - confidence for every interval: with 4 one-sided intervals per event, "
        "Bonferroni gives each α = (1 - confidence) / (4 · number of events)",
        _alpha_variant(lambda m: 1),
    ),
    Mistake(
        "you split 1 - confidence over the events only: each event needs 4 one-sided intervals "
        "(lower and upper, for a and for b), so α = (1 - confidence) / (4 · number of events)",
        _alpha_variant(lambda m: m),
    ),
    Mistake(
        "you split 1 - confidence over 2 intervals per event: each event needs 4 (lower and "
        "upper, for a and for b), so α = (1 - confidence) / (4 · number of events)",
        _alpha_variant(lambda m: 2 * m),
    ),
    Mistake(
        "you left out the complements: 'event did not occur' is an event too, with counts "
        "n_draws - count, and its bound is often the larger one",
        lambda count_a, count_b, n_draws, confidence: _bound(
            count_a, count_b, n_draws, (1 - confidence) / (4 * len(count_a)), complements=False
        ),
    ),
)


# -- q7: membership advantage of the loss threshold -----------------------------------------
class _Losses:
    """A stand-in fitted classifier: its log loss on row i (label 1) is losses[i]."""

    classes_ = np.array([0, 1])

    def __init__(self, losses):
        self.losses = np.asarray(losses, dtype=float)

    def predict_proba(self, X):
        p = np.exp(-self.losses[np.asarray(X, dtype=np.intp)[:, 0]])
        return np.column_stack([1 - p, p])


def ref_advantage(losses, is_member) -> float:
    member = np.asarray(is_member).astype(bool)
    rows = np.arange(len(member))[:, None]
    model = _Losses(losses)
    ones_in, ones_out = np.ones(member.sum()), np.ones((~member).sum())
    return membership_inference(model, rows[member], ones_in, rows[~member], ones_out).advantage


def _rates(losses, is_member):
    losses, member = np.asarray(losses, float), np.asarray(is_member).astype(bool)
    t = np.unique(losses)[:, None]
    return (losses[member] <= t).mean(axis=1), (losses[~member] <= t).mean(axis=1), member


def _accuracy_of_best(losses, is_member) -> float:
    tpr, fpr, member = _rates(losses, is_member)
    share = member.mean()
    return float(np.max(share * tpr + (1 - share) * (1 - fpr)))


def _reversed(losses, is_member) -> float:
    tpr, fpr, _ = _rates(losses, is_member)
    return float(max(np.max(fpr - tpr), 0.0))


def _mean_threshold(losses, is_member) -> float:
    losses, member = np.asarray(losses, float), np.asarray(is_member).astype(bool)
    t = losses.mean()
    return float((losses[member] <= t).mean() - (losses[~member] <= t).mean())


Q7_MISTAKES = (
    Mistake(
        "this is the accuracy of the best rule, not its advantage TPR - FPR: on balanced "
        "members and non-members a coin already has accuracy 1/2 but advantage 0",
        _accuracy_of_best,
    ),
    Mistake(
        "you guessed 'member' for a *high* loss: a model fits its training rows better, so a "
        "member is guessed when loss <= t",
        _reversed,
    ),
    Mistake(
        "you tried one threshold (the mean loss): the attack's advantage is the best TPR - FPR "
        "over all thresholds",
        _mean_threshold,
    ),
)


# -- q8: what the noise does to each group ---------------------------------------------------------
def _accuracy(y_true, y_pred, groups) -> dict[str, float]:
    right = np.asarray(y_true) == np.asarray(y_pred)
    return per_group(groups, lambda m: right[m].mean())


def ref_accuracy_change(y_true, pred_nonprivate, pred_private, groups):
    plain = _accuracy(y_true, pred_nonprivate, groups)
    private = _accuracy(y_true, pred_private, groups)
    sizes = pd.Series(np.asarray(groups)).astype(str).value_counts()
    return {
        "n": {g: float(sizes[g]) for g in plain},
        "accuracy_nonprivate": plain,
        "accuracy_private": private,
        "drop": {g: plain[g] - private[g] for g in plain},
    }


def _overall(y_true, y_pred, groups) -> dict[str, float]:
    value = float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
    return per_group(groups, lambda m: value)


Q8_MISTAKES = (
    Mistake(
        "the drop is private minus non-private; define it as accuracy_nonprivate - "
        "accuracy_private (positive when the noise costs accuracy)",
        lambda y_true, pred_nonprivate, pred_private, groups: {
            g: -v
            for g, v in ref_accuracy_change(y_true, pred_nonprivate, pred_private, groups)[
                "drop"
            ].items()
        },
        column="drop",
    ),
    Mistake(
        "this is the relative drop (divided by the non-private accuracy): report the "
        "difference of the two accuracies",
        lambda y_true, pred_nonprivate, pred_private, groups: {
            g: v
            / ref_accuracy_change(y_true, pred_nonprivate, pred_private, groups)[
                "accuracy_nonprivate"
            ][g]
            for g, v in ref_accuracy_change(y_true, pred_nonprivate, pred_private, groups)[
                "drop"
            ].items()
        },
        column="drop",
    ),
    Mistake(
        "this is the overall accuracy, the same for every group: compute it within each group",
        lambda y_true, pred_nonprivate, pred_private, groups: _overall(
            y_true, pred_private, groups
        ),
        column="accuracy_private",
    ),
    Mistake(
        "this is the overall accuracy, the same for every group: compute it within each group",
        lambda y_true, pred_nonprivate, pred_private, groups: _overall(
            y_true, pred_nonprivate, groups
        ),
        column="accuracy_nonprivate",
    ),
    Mistake(
        "n is the number of rows of each group (a count, not a share)",
        lambda y_true, pred_nonprivate, pred_private, groups: per_group(groups, lambda m: m.mean()),
        column="n",
    ),
)
