"""m09-differential-privacy: attacks, mechanisms, accounting and audits, built by hand.

Questions (18 autograded points, plus 5 written points graded by hand):

- q1 ``differencing_attack(over_50k, age, sex, *, target_age, target_sex)`` -> float (2)
- q2 ``rr_estimate(reports, *, epsilon)``: unbiased randomized-response estimate (2)
- q3 ``laplace_sum(values, *, lower, upper, epsilon, u)``: clamped sum + Laplace noise drawn
  from the uniform ``u`` by the inverse CDF (3)
- q4 ``epsilon_spent(epsilons, *, composition, delta_prime)``: basic or advanced (2)
- q5 ``answered_queries(epsilons, *, budget, composition, delta_prime)``: what an accountant
  answers before the budget runs out (2)
- q6 ``audit_epsilon(count_a, count_b, *, n_draws, confidence)``: the audit's lower bound on
  ε from event counts, Clopper-Pearson + Bonferroni (3)
- q7 ``membership_advantage(losses, is_member)``: best TPR - FPR of the loss threshold (2)
- q8 ``accuracy_change_by_group(y_true, pred_nonprivate, pred_private, groups)`` -> table (2)

Every answer is a deterministic function of the grader's inputs: the mechanism of q3 takes its
randomness as the argument ``u`` (a uniform draw in (0, 1)), so the grade is reproducible and
no correct answer can fail by chance. The lesson draws ``u`` from a generator and audits the
result. ``fairkit.privacy`` (and OpenDP, dp-accounting) implement all of q1-q7, and
``fairkit.metrics``, ``fairlearn`` and ``sklearn.metrics`` q7-q8, so all are absent while the
exercise is graded; learners compose ε themselves in q4-q5, so nothing needs the accountant.
``sklearn.linear_model`` imports ``sklearn.metrics``, so the notebook's models are fitted by a
small NumPy Newton solver in ``setup_code``.

Examples
--------
>>> from autograder.questions.m09_differential_privacy import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 2, 3, 2, 2, 3, 2, 2]
"""

from __future__ import annotations

from autograder.questions import _m09_answers as A
from autograder.questions import _m09_answers_attacks as B
from autograder.questions import _m09_refs as R
from autograder.questions import _m09_refs_attacks as RA
from autograder.questions._base import Question
from autograder.questions._m09_data import CASES
from autograder.questions._m09_setup import SETUP_CODE

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m09-differential-privacy"

setup_code = SETUP_CODE

# The reference implementations of what this exercise asks learners to build.
FORBIDDEN = (
    "fairkit.privacy",
    "opendp",
    "dp_accounting",
    "fairkit.metrics",
    "fairlearn",
    "sklearn.metrics",
)


def _question(qid: str, **fields) -> Question:
    public, hidden = CASES[qid]
    return Question(id=qid, make_public=public, make_hidden=hidden, forbidden=FORBIDDEN, **fields)


_Q1 = _question(
    "q1",
    title="A differencing attack on two exact counts",
    points=2,
    answer_name="differencing_attack",
    quantity=(
        "the number of people earning over $50K minus that number among everyone except the "
        "people with age == target_age and sex == target_sex"
    ),
    output="number",
    reference=R.ref_differencing,
    prompt=(
        "A statistics office publishes exact counts. Write `differencing_attack(over_50k, age, "
        "sex, *, target_age, target_sex)`: return the count of people with `over_50k == 1`, "
        "minus the same count over everyone *except* the rows with `age == target_age` and "
        "`sex == target_sex`. When one person has that age and sex, this is their income band."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=R.Q1_MISTAKES,
)

_Q2 = _question(
    "q2",
    title="Randomized response: the unbiased estimate",
    points=2,
    answer_name="rr_estimate",
    quantity=(
        "the unbiased estimate (share - (1 - p)) / (2p - 1) of the true share of yes, with "
        "p = e^ε / (1 + e^ε), not clipped"
    ),
    output="number",
    reference=R.ref_rr_estimate,
    prompt=(
        "Each person reported their true 0/1 answer with probability `p = e^ε / (1 + e^ε)` and "
        "the opposite otherwise. Write `rr_estimate(reports, *, epsilon)`: return the unbiased "
        "estimate of the share of true 1s. Do not clip it to [0, 1]."
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=R.Q2_MISTAKES,
)

_Q3 = _question(
    "q3",
    title="The Laplace mechanism for a bounded sum",
    points=3,
    answer_name="laplace_sum",
    quantity=(
        "the sum of the values clamped to [lower, upper] plus F⁻¹(u), F the CDF of "
        "Laplace(0, max(|lower|, |upper|) / ε)"
    ),
    output="number",
    reference=R.ref_laplace_sum,
    prompt=(
        "Write `laplace_sum(values, *, lower, upper, epsilon, u)`: the ε-DP sum of the values "
        "clamped to `[lower, upper]`, where neighbouring data sets differ by adding or removing "
        "one row. The noise is Laplace with the right scale, drawn from the uniform `u` in "
        "(0, 1) you are given by the inverse CDF: `b·ln(2u)` for `u < 1/2`, `-b·ln(2(1 - u))` "
        "otherwise (in the lesson, `u = rng.uniform()`)."
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=R.Q3_MISTAKES,
)

_Q4 = _question(
    "q4",
    title="Composition: the ε of a sequence of releases",
    points=2,
    answer_name="epsilon_spent",
    quantity=(
        "the total ε: the sum for composition='basic'; for 'advanced', the smaller of the sum "
        "and sqrt(2·ln(1/δ')·Σε²) + Σε(e^ε - 1)"
    ),
    output="number",
    reference=R.ref_spent,
    prompt=(
        "Write `epsilon_spent(epsilons, *, composition, delta_prime)`: the total ε of the "
        "releases `epsilons` (each pure ε-DP). With `composition='basic'`, the sum; with "
        "`'advanced'`, the smaller of the sum and the Dwork-Rothblum-Vadhan bound "
        "`sqrt(2·ln(1/δ')·Σεᵢ²) + Σεᵢ(e^εᵢ - 1)` (which costs δ' as well)."
    ),
    hints=A.Q4_HINTS,
    solution=A.Q4_SOLUTION,
    wrong_answers=A.Q4_WRONG,
    mistakes=R.Q4_MISTAKES,
)

_Q5 = _question(
    "q5",
    title="A budget: which queries get answered",
    points=2,
    answer_name="answered_queries",
    quantity=(
        "the number of queries answered by an accountant that takes them in order and refuses "
        "(charging nothing) each one whose answer would bring epsilon_spent above the budget"
    ),
    output="number",
    reference=R.ref_answered,
    uses=("q4",),
    prompt=(
        "Write `answered_queries(epsilons, *, budget, composition, delta_prime)`: the queries "
        "arrive in order; the accountant answers one if `epsilon_spent` of the answered ones "
        "and it stays within `budget` (equal is fine), and otherwise refuses it, spends "
        "nothing and moves on. Return how many are answered. Use your `epsilon_spent`."
    ),
    hints=B.Q5_HINTS,
    solution=B.Q5_SOLUTION,
    wrong_answers=B.Q5_WRONG,
    mistakes=R.Q5_MISTAKES,
)

_Q6 = _question(
    "q6",
    title="Auditing a mechanism: a lower bound on its ε",
    points=3,
    answer_name="audit_epsilon",
    quantity=(
        "the largest ln(lower_a / upper_b) or ln(lower_b / upper_a) over the events and their "
        "complements, one-sided Clopper-Pearson bounds at α = (1 - confidence) / (4 · number "
        "of events), or 0"
    ),
    output="number",
    reference=RA.ref_audit,
    prompt=(
        "A mechanism ran `n_draws` times on each of two neighbouring inputs a and b; "
        "`count_a[i]`, `count_b[i]` are how often event i occurred. Write `audit_epsilon("
        "count_a, count_b, *, n_draws, confidence)`: for each event and its complement, take "
        "one-sided Clopper-Pearson bounds (lower and upper, for a and for b) with Bonferroni "
        "over all of them, `α = (1 - confidence) / (4 · number of events)`, and return the "
        "largest of `ln(lower_a / upper_b)` and `ln(lower_b / upper_a)`, or 0 if none is "
        "positive. `beta` (scipy.stats) is imported."
    ),
    hints=B.Q6_HINTS,
    solution=B.Q6_SOLUTION,
    wrong_answers=B.Q6_WRONG,
    mistakes=RA.Q6_MISTAKES,
)

_Q7 = _question(
    "q7",
    title="Membership inference: the advantage of a loss threshold",
    points=2,
    answer_name="membership_advantage",
    quantity=(
        "the largest TPR - FPR over thresholds t of the rule 'member if loss <= t' (0 at worst)"
    ),
    output="number",
    reference=RA.ref_advantage,
    prompt=(
        "Write `membership_advantage(losses, is_member)`: the attack of Yeom et al. (2018) "
        "guesses 'member' when a row's loss is at most a threshold t. Return the largest "
        "`TPR - FPR` over all thresholds (TPR: share of members guessed; FPR: share of "
        "non-members guessed), which is 0 when no threshold beats a coin."
    ),
    hints=B.Q7_HINTS,
    solution=B.Q7_SOLUTION,
    wrong_answers=B.Q7_WRONG,
    mistakes=RA.Q7_MISTAKES,
)

_Q8 = _question(
    "q8",
    title="Who pays for the noise: accuracy by group",
    points=2,
    answer_name="accuracy_change_by_group",
    quantity=(
        "for each group: its number of rows n, its accuracy under each model, and drop = "
        "accuracy_nonprivate - accuracy_private"
    ),
    output="table",
    columns=RA.ACCURACY_COLUMNS,
    reference=RA.ref_accuracy_change,
    prompt=(
        "Write `accuracy_change_by_group(y_true, pred_nonprivate, pred_private, groups)`: a "
        "DataFrame with one row per group and the columns `n` (rows in the group), "
        "`accuracy_nonprivate`, `accuracy_private` and `drop` (= accuracy_nonprivate - "
        "accuracy_private)."
    ),
    hints=B.Q8_HINTS,
    solution=B.Q8_SOLUTION,
    wrong_answers=B.Q8_WRONG,
    mistakes=RA.Q8_MISTAKES,
)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6, _Q7, _Q8)}

WRITTEN = [
    {"id": "w1", "points": 3, "prompt": B.W1_PROMPT, "rubric": B.W1_RUBRIC},
    {"id": "w2", "points": 2, "prompt": B.W2_PROMPT, "rubric": B.W2_RUBRIC},
]
