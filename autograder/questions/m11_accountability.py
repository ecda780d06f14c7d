"""m11-accountability: audit trails, monitoring, recourse and documentation, built by hand.

Questions (15 autograded points, plus 6 written points graded by hand):

- q1 ``hash_ok(lines)`` -> Series by line number: 1.0 where a record's stored hash is the
  SHA-256 of its canonical JSON (2 points)
- q2 ``first_tampered_line(lines)`` -> number: the first line at which the hash chain, read
  from the top, shows tampering; 0 for an intact log (3 points)
- q3 ``batch_alerts(ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups, *, k,
  min_positives)`` -> DataFrame by batch with columns gap, alert: a recall monitor (3 points)
- q4 ``linear_recourse(x, coef, actionable, costs, low, high, *, intercept)`` -> Series by
  feature: the cheapest change that turns a denial around, in closed form (3 points)
- q5 ``recourse_cost_by_group(X, groups, coef, actionable, costs, low, high, *, intercept)``
  -> DataFrame by group with columns mean_cost, share_infeasible (2 points)
- q6 ``document_gaps(document, *, kind)`` -> Series by section: the empty fields of a model
  card or datasheet given as a table (2 points)

Written: w1 a model card and a datasheet for the lender's model (3 points); w2 the ethical
decision framework applied to the monitor's alert, with the consultation of affected
communities and domain experts in the rubric (3 points).

``fairkit.accountability`` verifies logs, monitors, computes recourse and validates cards:
it is absent while the exercise is graded (the lesson uses all of it). The learner's own card
travels as text in a written answer, not as a reply: replies carry numbers only, so the
completeness of *their* card is graded by hand, and q6 autogrades the completeness check.

Examples
--------
>>> from autograder.questions.m11_accountability import QUESTIONS
>>> [q.points for q in QUESTIONS.values()]
[2, 3, 3, 3, 2, 2]
"""

from __future__ import annotations

from functools import partial

from autograder.questions import _m11_answers as A
from autograder.questions import _m11_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m11_data import SETUP_CODE, monitor_cases
from autograder.questions._m11_logs import log_cases
from autograder.questions._m11_questions_b import questions_b

__all__ = ["ASSIGNMENT", "FORBIDDEN", "QUESTIONS", "WRITTEN", "setup_code"]

ASSIGNMENT = "m11-accountability"
setup_code = SETUP_CODE

# Verifies audit logs, monitors fairness, computes recourse and validates documents.
FORBIDDEN = ("fairkit.accountability",)


def _public(maker):
    return lambda: maker(None)


def _column(variant, column: str, **kw):
    return lambda **inputs: variant(**inputs, **kw)[column]


_Q1 = Question(
    id="q1",
    title="Which records still match their hash?",
    points=2,
    answer_name="hash_ok",
    quantity=(
        "for each line n (1, 2, ...), 1.0 if the line is a JSON record whose `hash` equals the "
        "SHA-256 of the canonical JSON of the record without its `hash` field, else 0.0"
    ),
    output="by_group",
    forbidden=FORBIDDEN,
    reference=R.hash_ok,
    make_public=_public(log_cases),
    make_hidden=log_cases,
    prompt=(
        "Each line of an audit log is one JSON record (see `audit_lines`). Its `hash` is the "
        "SHA-256 (hex digits) of the record without the `hash` field, written as canonical "
        "JSON: `json.dumps(body, sort_keys=True, separators=(',', ':'), ensure_ascii=False)`, "
        "encoded as UTF-8. Write `hash_ok(lines)`: return a Series indexed by line number "
        "(1 for the first line) with 1.0 where the stored hash matches the recomputed one and "
        "0.0 where it does not or the line is not a JSON object with a `hash`."
    ),
    hints=A.Q1_HINTS,
    solution=A.Q1_SOLUTION,
    wrong_answers=A.Q1_WRONG,
    mistakes=(
        Mistake(
            "no line matches: you hashed the record with its `hash` field; hash it without "
            "its `hash` field (the hash cannot cover itself).",
            partial(R.hash_variant, how="with_hash"),
        ),
        Mistake(
            "no line matches: hash the canonical JSON (sorted keys, separators (',', ':')), "
            "as the log wrote it; plain json.dumps puts spaces in and keeps the key order.",
            partial(R.hash_variant, how="not_canonical"),
        ),
        Mistake(
            "you compared prev_hash with the line before: that is the chain (q2); here check "
            "each record's own hash.",
            partial(R.hash_variant, how="links"),
        ),
    ),
)

_Q2 = Question(
    id="q2",
    title="The first tampered line",
    points=3,
    answer_name="first_tampered_line",
    quantity=(
        "the first line n at which reading the log from the top shows tampering (its own hash "
        "fails, its seq is not n - 1, or its prev_hash is not the hash of line n - 1), or 0"
    ),
    output="number",
    forbidden=FORBIDDEN,
    reference=R.first_tampered,
    make_public=_public(log_cases),
    make_hidden=log_cases,
    uses=("q1",),
    prompt=(
        "Write `first_tampered_line(lines)`: read the log from the top as a verifier does and "
        "return the number (1-based) of the first line that is not as a genuine log would "
        "have it: not JSON, its own hash fails (q1), its `seq` is not n - 1, or its "
        "`prev_hash` is not the `hash` of the line before (64 zeros for line 1). Return 0 if "
        "the whole log verifies. Try it on `audit_lines` and `tampered_lines`: in the second, "
        "one record was edited and its hash recomputed; where does the chain give it away? "
        "The grader writes its own logs and tampers with them (edits, deletions, insertions, "
        "swaps, truncations)."
    ),
    hints=A.Q2_HINTS,
    solution=A.Q2_SOLUTION,
    wrong_answers=A.Q2_WRONG,
    mistakes=(
        Mistake(
            "that is the edited line itself: its hash was recomputed, so it looks genuine until "
            "the next line, whose prev_hash no longer matches. Return the first line at which "
            "reading from the top shows the tampering.",
            partial(R.first_variant, how="edited_line"),
        ),
        Mistake(
            "you checked only each record's own hash: a deleted record, a swap or an edit with "
            "the hash recomputed leaves every own hash valid; check seq and prev_hash too.",
            partial(R.first_variant, how="own"),
        ),
        Mistake(
            "you ignored seq: a record whose seq was changed (and its hash recomputed) shows "
            "on its own line, because seq must be n - 1.",
            partial(R.first_variant, how="no_seq"),
        ),
        Mistake(
            "you checked only the links (prev_hash): a record edited without recomputing its "
            "hash still links; check its own hash (q1) too.",
            partial(R.first_variant, how="links"),
        ),
        Mistake(
            "you counted the lines from 0: line numbers start at 1 (0 means intact).",
            partial(R.first_variant, how="zero_based"),
        ),
    ),
)

_Q3_MISTAKES = (
    ("one_sided", "alert", "you alert only when a rate falls: a rate above its band is a "
     "change too; check both sides."),
    ("no_n", "alert", "your band ignores the batch size: a rate estimated from n positives "
     "wobbles by sqrt(p (1 - p) / n): divide by n, the group's positives in the batch."),
    ("reference_n", "alert", "your band uses the reference's numbers of positives: the "
     "wobble of a batch's rate depends on the batch's own positives of the group."),
    ("all_groups", "gap", "you judged groups with fewer than min_positives positives in the "
     "batch: leave them out of the gap and of the alert (too small to judge)."),
    ("all_groups", "alert", "you judged groups with fewer than min_positives positives in the "
     "batch: leave them out of the gap and of the alert (too small to judge)."),
    ("selection", "gap", "that is the gap in selection rates (all rows): the monitor watches "
     "the true positive rate, among the rows with y_true == 1."),
)  # fmt: skip

_Q3 = Question(
    id="q3",
    title="A recall monitor with drift alerts",
    points=3,
    answer_name="batch_alerts",
    quantity=(
        "per batch: gap = max - min of the true positive rates of the groups with at least "
        "min_positives positives in the batch; alert = 1.0 if any of them is outside "
        "p -+ k sqrt(p (1 - p) / n) (p: the group's reference TPR, n: its positives in the batch)"
    ),
    output="table",
    columns=("gap", "alert"),
    forbidden=FORBIDDEN,
    reference=R.alerts,
    make_public=_public(monitor_cases),
    make_hidden=monitor_cases,
    prompt=(
        "A monitor watches the true positive rate (TPR: the share of creditworthy applicants, "
        "`y_true == 1`, who are approved) of each group in each production batch. Write "
        "`batch_alerts(ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups, *, k, "
        "min_positives)`: `ref_*` are reference decisions (the group's normal TPR p); `batch` "
        "numbers the batch of each production row. For each batch and group, n is the "
        "group's number of positives in the batch; groups with n < min_positives are too small "
        "to judge. The band of a judged group is p - k sd to p + k sd with "
        "sd = sqrt(p (1 - p) / n). Return a DataFrame indexed by batch with columns `gap` "
        "(max - min TPR over the judged groups) and `alert` (1.0 if any judged group's TPR is "
        "outside its band, else 0.0). Every batch has at least one judged group. Then run it "
        "on the notebook's six batches: which batches alert?"
    ),
    hints=A.Q3_HINTS,
    solution=A.Q3_SOLUTION,
    wrong_answers=A.Q3_WRONG,
    mistakes=tuple(
        Mistake(message, _column(R.alerts_variant, column, how=how), column=column)
        for how, column, message in _Q3_MISTAKES
    ),
)

_Q4, _Q5, _Q6 = questions_b(FORBIDDEN, _public)

QUESTIONS = {q.id: q for q in (_Q1, _Q2, _Q3, _Q4, _Q5, _Q6)}

WRITTEN = [
    {"id": "w1", "points": 3, "prompt": A.W1_PROMPT, "rubric": A.W1_RUBRIC},
    {"id": "w2", "points": 3, "prompt": A.W2_PROMPT, "rubric": A.W2_RUBRIC},
]
