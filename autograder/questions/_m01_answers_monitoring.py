"""Texts of m01-bias-lifecycle q6, q7 and the written answer: hints, solutions, wrong answers.

Code strings run in the notebook's namespace after ``setup_code`` (see ``_m01_answers``).
"""

from __future__ import annotations

from autograder.questions._m01_answers import wrong as _wrong

__all__ = [
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
    "Q7_HINTS",
    "Q7_SOLUTION",
    "Q7_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
]


# -- q6 --------------------------------------------------------------------------------------
Q6_HINTS = (
    "Monitoring computes the same number on every batch: here the selection rate of `group` "
    "minus that of `reference`, within each batch separately.",
    "Group by batch and gender, average `selected`, and lay the result out as a table batch x "
    "gender; the gap is one column minus the other (signed: negative when `group` is selected "
    "less often).",
    "`data.groupby(['batch', 'gender'])['selected'].mean().unstack()` then `rates[group] - "
    "rates[reference]`.",
)
_Q6 = "gap_by_batch(data, group, reference)"
_Q6_RATES = "    rates = data.groupby(['batch', 'gender'])['selected'].mean().unstack()\n"
Q6_SOLUTION = f"def {_Q6}:\n" + _Q6_RATES + "    return rates[group] - rates[reference]\n"
Q6_WRONG = (
    _wrong(
        "reference minus group",
        "sign",
        _Q6,
        _Q6_RATES + "    return rates[reference] - rates[group]\n",
    ),
    _wrong(
        "absolute gap",
        "absolute",
        _Q6,
        _Q6_RATES + "    return (rates[group] - rates[reference]).abs()\n",
    ),
    _wrong("ratio", "ratio", _Q6, _Q6_RATES + "    return rates[group] / rates[reference]\n"),
    _wrong(
        "cumulative gap",
        "cumulative",
        _Q6,
        "    data = data.sort_values('batch')\n"
        "    out = {}\n"
        "    for b in data['batch'].unique():\n"
        "        seen = data[data['batch'] <= b]\n"
        "        r = seen.groupby('gender')['selected'].mean()\n"
        "        out[b] = r[group] - r[reference]\n"
        "    return pd.Series(out)\n",
    ),
)

# -- q7 --------------------------------------------------------------------------------------
Q7_HINTS = (
    "An alert is raised for a batch whose gap leaves the band [low, high], on either side.",
    "Compute the gap of every batch with your `gap_by_batch`; a batch is flagged when its gap "
    "is below `low` or above `high` (a gap exactly on the edge stays inside).",
    "Return `pd.DataFrame({'gap': gap, 'alert': (gap < low) | (gap > high)})`-style columns.",
)
_Q7 = "batch_alerts(data, group, reference, low, high)"
_Q7_GAP = "    gap = gap_by_batch(data, group, reference)\n"
Q7_SOLUTION = (
    f"def {_Q7}:\n" + _Q7_GAP + "    outside = (gap < low) | (gap > high)\n"
    "    return pd.DataFrame({'gap': gap, 'alert': outside})\n"
)


def _q7(alert: str) -> str:
    return _Q7_GAP + f"    return pd.DataFrame({{'gap': gap, 'alert': {alert}}})\n"


Q7_WRONG = (
    _wrong("lower side only", "one side", _Q7, _q7("gap < low")),
    _wrong("inside flagged", "inside the band", _Q7, _q7("(gap >= low) & (gap <= high)")),
    _wrong("absolute gap against high", "absolute gap", _Q7, _q7("gap.abs() > high")),
)

# -- written, graded by hand -------------------------------------------------------------------
W1_PROMPT = """\
**Written question (3 points, graded by hand): a monitoring plan.** The company now deploys the
screening model of this notebook: every week about 200 applicants are scored, and the top
30 % are invited to an interview by a recruiter. Applicants state their gender on a voluntary
form (about 80 % do). Whether an invited applicant was really qualified is only known months
later, after the interviews and a probation period; the uninvited are never assessed.

Write a monitoring plan for the first year (8-15 sentences or a short table). Say:

1. **what** you compute on every batch (at least one metric, with its exact definition, and
   why it fits this deployment), and with which data, including what to do about the
   applicants who did not state their gender and about the outcome that arrives late;
2. **how often** and **with which band**: how you set its limits (from what baseline, how
   wide given about 60 women per week), and how you trade false alarms against late
   detection;
3. **who is alerted** and **what happens then**: who looks at an alert, within what time,
   what they check first, and when the model is paused or decisions are reviewed by people.
"""
W1_RUBRIC = """\
1 point, what: at least one metric defined exactly (e.g. the gap in invitation rate women -
men per week; later, once outcomes arrive, the gap in the share of qualified applicants who
were invited, i.e. TPR), linked to a harm in this deployment; it addresses the missing gender
(report the unknown share, no imputation presented as fact, or a sensitivity analysis) and
the delayed, selective labels (only invited applicants get an outcome).
1 point, how often and band: a cadence (weekly batches, or a rolling window) and a band with a
stated basis (a baseline period of the pre-deployment audit or of the first weeks; limits of
about 2-3 standard errors of a gap between proportions, roughly +-0.15-0.2 with 60 and 140
people, or a wider window / CUSUM to detect smaller drifts), naming the trade-off between false
alarms and delay.
1 point, who and what then: a named owner (role) and an escalation path with a time limit;
the first checks (data pipeline, input drift, the feature that moved, e.g. a vendor update of
the interview score); a decision rule (e.g. two alerts in a row or one far outside: pause the
automated screen, route applicants to human review, re-audit); and a record of each alert and
its outcome. Accept any coherent plan with sound reasons; a vague "we will monitor fairness"
earns nothing for that part.
"""
