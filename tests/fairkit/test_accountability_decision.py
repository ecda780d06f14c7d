"""EthicalDecision: validate names exactly what is missing, the record renders every part
(escaped), and the AuditLog carries it as a decision event."""

import copy
import re

import pytest

from fairkit.accountability import (
    PRINCIPLES,
    AuditLog,
    Consultation,
    EthicalDecision,
    Impact,
    Option,
    PrincipleAssessment,
    Stakeholder,
)
from fairkit.accountability import _errors as E


def _complete() -> EthicalDecision:
    return EthicalDecision(
        title="Threshold of the loan model",
        context="Women's approval rate is 0.12 below men's at equal repayment.",
        stakeholders=[
            Stakeholder("Applicants", "people applying for a loan"),
            Stakeholder("Lender", "the bank"),
        ],
        impacts=[
            Impact("Applicants", "harm", "qualified women refused", option="Keep", severity="high"),
            Impact("Applicants", "benefit", "equal opportunity", option="Group thresholds"),
            Impact("Lender", "harm", "slightly more defaults", option="Group thresholds"),
        ],
        options=[Option("Keep", "one threshold"), Option("Group thresholds", "per sex")],
        principles=[PrincipleAssessment(p, f"how the options fare on {p}") for p in PRINCIPLES],
        consultations=[
            Consultation(
                "Women's credit union",
                "affected community",
                "two workshops",
                "refusals feel arbitrary",
                "added an appeal route",
            ),
            Consultation(
                "Credit-risk analyst",
                "domain expert",
                "interview",
                "defaults rise by 0.3 points",
                "monitored quarterly",
            ),
        ],
        decision="Group thresholds",
        justification="Justice and non-maleficence outweigh a small loss.",
        review="after two quarters of monitoring",
    )


def test_a_complete_decision_validates():
    assert _complete().validate() == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: setattr(d, "justification", "  "), ["Justification: empty"]),
        (lambda d: setattr(d, "decision", "Drop it"),
         ["Decision: 'Drop it' is not one of the options"]),
        (lambda d: d.options.pop(), ["Harms and benefits: entry 2 names unknown option "
         "'Group thresholds'", "Harms and benefits: entry 3 names unknown option 'Group "
         "thresholds'", "Options: fewer than two (a decision compares alternatives)",
         "Decision: 'Group thresholds' is not one of the options"]),
        (lambda d: d.principles.pop(2), ["Principles: autonomy is not assessed"]),
        (lambda d: d.consultations.pop(0), ["Consultation: no one from the affected communities"]),
        (lambda d: d.consultations.pop(1), ["Consultation: no domain expert"]),
        (lambda d: setattr(d.consultations[1], "method", ""),
         ["Consultation: entry 2 has no method"]),
        (lambda d: d.stakeholders.append(Stakeholder("Regulator")),
         ["Harms and benefits: none listed for 'Regulator'"]),
        (lambda d: d.impacts.append(Impact("Investors", "benefit", "profit")),
         ["Harms and benefits: entry 4 names unknown stakeholder 'Investors'"]),
    ],
)  # fmt: skip
def test_validate_names_exactly_what_is_missing(edit, expected):
    decision = _complete()
    edit(decision)
    assert decision.validate() == expected


def test_an_empty_decision_lists_every_part():
    problems = EthicalDecision().validate()
    for part in ("Title: empty", "Context: empty", "Stakeholders: none listed",
                 "Options: fewer than two (a decision compares alternatives)",
                 "Consultation: no domain expert", "Decision: empty"):  # fmt: skip
        assert part in problems
    assert sum(p.startswith("Principles:") for p in problems) == 5


def test_bad_choices_raise_with_the_allowed_values():
    with pytest.raises(ValueError, match=re.escape(E.BAD_IMPACT_KIND.format(kind="risk"))):
        Impact("Applicants", "risk", "x")
    with pytest.raises(ValueError, match="principle must be one of beneficence, "):
        PrincipleAssessment("fairness", "x")
    with pytest.raises(ValueError, match="role must be one of affected community, domain"):
        Consultation("x", "expert", "talk", "said")


def test_the_record_shows_every_part_and_escapes_markup():
    decision = _complete()
    decision.context = "<script>alert(1)</script> | 5 < 6"
    md = decision.to_markdown()
    assert md.startswith("# Decision record: Threshold of the loan model\n")
    assert "| Applicants | people applying for a loan | qualified women refused (Keep) | " \
        "equal opportunity (Group thresholds) |" in md  # fmt: skip
    assert "| Women's credit union | affected community | two workshops | refusals feel " \
        "arbitrary | added an appeal route |" in md  # fmt: skip
    for name in ("Beneficence", "Non-maleficence", "Autonomy", "Justice", "Explicability"):
        assert f"### {name}\n" in md
    assert "**Chosen option:** Group thresholds" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    missing = copy.deepcopy(decision)
    missing.principles = []
    assert missing.to_markdown().count("*(not assessed)*") == 5


def test_round_trip_and_the_audit_log_carries_it(tmp_path):
    decision = _complete()
    assert EthicalDecision.from_json(decision.to_json()) == decision
    log = AuditLog(tmp_path / "audit.jsonl")
    record = log.log_decision(decision, actor="ethics board")
    assert record["kind"] == "decision" and record["actor"] == "ethics board"
    assert record["details"]["record"] == decision.to_markdown()
    assert EthicalDecision.from_dict(log.records()[0]["details"]["decision"]) == decision
    incomplete = EthicalDecision(title="Rushed")
    with pytest.raises(ValueError, match="the decision record is incomplete: Context: empty"):
        log.log_decision(incomplete, actor="x")
    log.log_decision(incomplete, actor="x", allow_incomplete=True)
    assert len(log) == 2 and log.verify().ok
