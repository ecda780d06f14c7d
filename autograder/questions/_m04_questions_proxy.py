"""Questions q5-q8 of m04-individual-fairness-and-proxies: from association to proxies used.

Split from :mod:`autograder.questions.m04_individual_fairness_and_proxies` (which assembles
the exercise) to keep files short; the forbidden list is the exercise's.
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m04_answers_proxy as B
from autograder.questions import _m04_cases as C
from autograder.questions import _m04_cases_proxy as CP
from autograder.questions import _m04_refs as R
from autograder.questions._base import Mistake, Question

__all__ = ["proxy_questions"]


def _mistakes(variant, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(message, partial(variant, how=how)) for how, message in pairs)


def proxy_questions(forbidden: tuple[str, ...]) -> tuple[Question, ...]:
    """q5-q8, each forbidding ``forbidden``."""
    q5 = Question(
        id="q5",
        title="Mutual information of two discrete variables",
        points=2,
        answer_name="mutual_information",
        quantity="the mutual information sum p(a, b) ln(p(a, b) / (p(a) p(b))), in nats",
        output="number",
        forbidden=forbidden,
        reference=R.mutual_information,
        make_public=C.association_public,
        make_hidden=C.association_hidden,
        prompt=(
            "Write `mutual_information(feature, groups)`: the mutual information of two "
            "categorical arrays, with shares estimated from the data and the natural "
            "logarithm (nats). Then compare `zip_code` and `east_side` with `race` again."
        ),
        hints=B.Q5_HINTS,
        solution=B.Q5_SOLUTION,
        wrong_answers=B.Q5_WRONG,
        mistakes=_mistakes(
            R.mutual_information_variant,
            ("bits", "that is in bits (log base 2): use the natural logarithm."),
            ("log10", "that uses log base 10: use the natural logarithm."),
            ("entropy", "that is the entropy of the groups, H(groups), not I(feature; groups)."),
            (
                "normalised",
                "that is the normalised mutual information (divided by sqrt(H(a) H(b))): "
                "return it unnormalised.",
            ),
            ("joint_entropy", "that is the joint entropy H(feature, groups)."),
        ),
    )
    q6 = Question(
        id="q6",
        title="Permutation importance, reproducibly",
        points=3,
        answer_name="permutation_importance",
        quantity=(
            "for each column j, base accuracy minus the accuracy with column j shuffled, "
            "averaged over the repeats, with the stated order of draws"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.importance,
        make_public=CP.importance_public,
        make_hidden=CP.importance_hidden,
        prompt=(
            "Write `permutation_importance(X, y, coef, *, intercept, n_repeats, seed)`. The "
            "model decides `X @ coef + intercept > 0`; its score is the accuracy against the "
            "0/1 labels `y`. Create **one** generator `rng = np.random.default_rng(seed)`; then "
            "for each column j = 0, 1, ... in order, and for each of the `n_repeats` repeats, "
            "draw `perm = rng.permutation(n)`, replace column j of a copy of X by "
            "`X[perm, j]`, and record base accuracy - accuracy. Return a pandas Series indexed "
            "by column number (0, 1, ...) with the mean drop of each column. Then apply it "
            "to the bank's model on `X_model` (columns in the order of `FEATURES`), once with "
            "`y=approved` and once with `y=decision`: the second is the share of decisions "
            "that change."
        ),
        hints=B.Q6_HINTS,
        solution=B.Q6_SOLUTION,
        wrong_answers=B.Q6_WRONG,
        mistakes=_mistakes(
            R.importance_variant,
            ("signed", "wrong sign: importance is base accuracy minus shuffled accuracy."),
            (
                "reseeded",
                "you created a new generator for each column: create it once, before the loop, "
                "so the draws follow each other.",
            ),
            (
                "permuted_accuracy",
                "that is the accuracy after shuffling: subtract it from the base accuracy.",
            ),
            (
                "all_columns",
                "you shuffled whole rows (every column at once): shuffle only column j.",
            ),
            (
                "repeats_outer",
                "the order of draws differs: loop over the columns outside, the repeats inside.",
            ),
        ),
    )
    q7 = Question(
        id="q7",
        title="Ranking the proxies",
        points=2,
        answer_name="proxy_scores",
        quantity=(
            "for each feature, max(AUC, 1 - AUC) of the feature alone for the two groups of "
            "`sensitive` (text features: each row scored by its category's share of the group)"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.proxy_scores,
        make_public=CP.proxy_public,
        make_hidden=CP.proxy_hidden,
        uses=("q3",),
        prompt=(
            "Write `proxy_scores(data, *, sensitive)`: `data` is a DataFrame of features plus "
            "the column `sensitive` (two groups; any index). For every other column return its "
            "single-feature AUC for separating the groups (your `auc`), oriented so that 0.5 = "
            "no information and 1 = perfect: `max(a, 1 - a)`. A number column is its own score; "
            "a text column is scored, row by row, by the share of the second group (in sorted "
            "order) among the rows with the same category. Return a Series indexed by feature. "
            "Then rank `applicants` (with `race`)."
        ),
        hints=B.Q7_HINTS,
        solution=B.Q7_SOLUTION,
        wrong_answers=B.Q7_WRONG,
        mistakes=_mistakes(
            R.proxy_scores_variant,
            (
                "unoriented",
                "some values are below 0.5: apply the orientation max(a, 1 - a), since a "
                "feature that is lower in a group reveals it just as well.",
            ),
            (
                "codes",
                "text columns scored by alphabetical codes: categories have no order; score "
                "each by its share of the group.",
            ),
            (
                "all_share",
                "number columns must be their own scores: scoring each value by its share of "
                "the group overfits (every distinct value becomes a category).",
            ),
        ),
    )
    q8 = Question(
        id="q8",
        title="Proxies the model relies on",
        points=1,
        answer_name="proxies_used",
        quantity=(
            "1.0 for each feature with proxy_auc >= auc_min and importance >= importance_min, "
            "else 0.0"
        ),
        output="by_group",
        forbidden=forbidden,
        reference=R.proxies_used,
        make_public=CP.used_public,
        make_hidden=CP.used_hidden,
        prompt=(
            "Write `proxies_used(names, proxy_auc, importance, *, auc_min, importance_min)`: "
            "three aligned arrays (feature names, their proxy AUC, their importance in the "
            "decision model). Return a Series indexed by name: 1.0 where the feature is both a "
            "proxy (`proxy_auc >= auc_min`) and important to the model (`importance >= "
            "importance_min`), else 0.0. Then apply it to `FEATURES`, with your "
            "`proxy_scores` of those features and the importances against `decision`, "
            "`auc_min=0.6`, `importance_min=0.01`."
        ),
        hints=B.Q8_HINTS,
        solution=B.Q8_SOLUTION,
        wrong_answers=B.Q8_WRONG,
        mistakes=_mistakes(
            R.proxies_used,
            ("or", "you flagged features that meet either threshold: a concern needs both."),
            ("auc_only", "you used only the proxy AUC: the model must also rely on the feature."),
            ("strict", "a value equal to a threshold reaches it: use >=."),
        ),
    )
    return q5, q6, q7, q8
