"""The written answers of m11-accountability and the rubrics the graders see."""

from __future__ import annotations

__all__ = ["W1_PROMPT", "W1_RUBRIC", "W2_PROMPT", "W2_RUBRIC"]

W1_PROMPT = """\
**A model card and a datasheet for your model (3 points, graded by hand).** Build a credit
model on `lending` in a code cell you add below (start from the set-up cell's `credit_model`,
a logistic regression on `income`, `debt_to_income`, `credit_score` and `credit_history_years`
with target `repaid`, and change something you can justify: features, regularisation, the
threshold), then document it and the data it learnt from.

In the answer cell below, write in Markdown

1. a **model card** with the nine sections of `CARD_FIELDS` (Mitchell et al. 2019) as
   headings: model details, intended use (and out-of-scope uses), factors, metrics,
   evaluation data, training data, quantitative analyses, ethical considerations, caveats and
   recommendations. Quantitative analyses: give at least the accuracy and the true positive
   rate by `race` with their gap, computed in a code cell you add (NumPy/pandas or
   `fairkit.metrics`; say how uncertain they are, e.g. a bootstrap interval or the number of
   rows per group);
2. a **datasheet** for the lending data with the seven sections of `DATASHEET_FIELDS`
   (Gebru et al. 2021); where the data cannot tell you (e.g. consent, funding), say so and say
   what you would need to ask, rather than leaving the section out.

Optional: write the card as a dict of section -> field -> text in a code cell you add, turn it
into a table of `section`, `field`, `text` rows and run your `document_gaps` (q6) on it; it
should report 0 everywhere.
"""
W1_RUBRIC = """\
1 point: complete. Every section of both documents is present and filled (the grader checks
each heading; "unknown, ask the data provider X" counts as filled, an empty heading does not;
if the learner ran `document_gaps` on their card and it shows 0 everywhere, that settles it).
1 point: the model card is specific, correct and about the learner's own model (its features,
parameters and numbers as computed in the notebook): intended users and out-of-scope uses fit a
lending decision (e.g. not for fully automatic denials without review); factors name `race`
and the proxy `zip_code`; the quantitative analyses report the numbers computed in the
notebook by group, with their uncertainty, and the TPR gap is discussed.
1 point: the datasheet and the ethical considerations are honest about what is not known
(synthetic data, how `repaid` was observed only for past approvals, consent, who funded and
maintains it) and name at least one risk to applicants with a mitigation (monitoring,
recourse, an appeal route).
"""

W2_PROMPT = """\
**An ethical decision, made with those it affects (3 points, graded by hand).** The lender's
monitor (q3) alerts: in the last two batches the true positive rate of `minority` applicants
fell from 0.8 to about 0.55, that is, creditworthy minority applicants are now denied far more
often. Recourse is also slightly costlier for them (q5). The product owner proposes to keep the
model running until the next quarterly retraining. Alternatives include pausing automatic denials
and routing them to human review, lowering the threshold for the affected group, or retraining
now on recent data.

Apply the ethical decision framework of the lesson in 8-15 sentences (or a structured list):

1. the **stakeholders** (at least three, including the affected applicants) and the
   **harms and benefits** of each option for them;
2. at least three **options**, and how they fare against the **principles** (beneficence,
   non-maleficence, autonomy, justice, explicability);
3. **who you would consult** before deciding (affected communities and domain experts: who
   exactly, how, and what you would ask them), and how what they say could change the decision;
4. your **decision**, its justification, how it will be **recorded** (the audit log) and when
   it will be reviewed, and the **redress** offered to applicants wrongly denied meanwhile.
"""
W2_RUBRIC = """\
1 point: stakeholders and options. At least three stakeholders (denied minority applicants,
other applicants, the lender / its staff, a regulator...) with concrete harms and benefits per
option; at least three options, including not continuing as is (e.g. human review of denials).
1 point: collaboration. The answer involves the affected community (e.g. representatives of
minority applicants, consumer or community groups, people who were denied: how they are
reached, e.g. interviews or a panel, and what they are asked) AND domain experts (credit-risk
officers, compliance / fair-lending lawyers, the data team who know why recall dropped), says
what each could change in the decision, and does not treat consultation as a formality
after the decision is made. An answer without both kinds of consultation gets 0 here.
1 point: a decision justified against the principles (justice and non-maleficence weigh the
harm of wrongful denials against the cost of review), recorded (an audit-log `decision`
event, who decided, when it is reviewed) with redress for those denied meanwhile (re-review of
recent denials, an appeal route, recourse explained to them).
"""
