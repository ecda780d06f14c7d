"""An ethical decision framework as data: who is affected, how, what was weighed, who was asked.

The principles are the four of biomedical ethics that most AI ethics guidelines adopt
(beneficence, non-maleficence, autonomy, justice) plus explicability, the fifth that
Floridi & Cowls (2019) found those guidelines add for AI: intelligibility (how does it
work?) and accountability (who is responsible?).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fairkit.accountability import _errors as E
from fairkit.accountability._document import _plain, build, items, render, text

__all__ = [
    "PRINCIPLES",
    "ROLES",
    "Consultation",
    "EthicalDecision",
    "Impact",
    "Option",
    "PrincipleAssessment",
    "Stakeholder",
]

PRINCIPLES = {
    "beneficence": "Does it do good: whose well-being does it promote, and how much?",
    "non-maleficence": "Does it avoid harm: foreseeable harms, misuse, privacy, security?",
    "autonomy": "Does it respect people's right to decide: consent, contesting, opting out, "
    "human oversight?",
    "justice": "Are benefits and burdens shared fairly: no unjust discrimination, redress for "
    "those harmed?",
    "explicability": "Can those affected understand it, and is it clear who is accountable?",
}
ROLES = ("affected community", "domain expert", "decision maker", "other")
IMPACT_KINDS = ("harm", "benefit")


def _check(value: str, allowed, message: str, **names) -> None:
    if value not in allowed:
        raise ValueError(message.format(**names))


@dataclass
class Stakeholder:
    """A person or group with a stake in the decision (affected by it or acting on it)."""

    name: str
    description: str = ""


@dataclass
class Impact:
    """A ``harm`` or ``benefit`` to a stakeholder, under one option ("" = under every option)."""

    stakeholder: str
    kind: str
    description: str
    option: str = ""
    severity: str = ""
    likelihood: str = ""

    def __post_init__(self):
        _check(self.kind, IMPACT_KINDS, E.BAD_IMPACT_KIND, kind=self.kind)


@dataclass
class Option:
    """A course of action that was considered (not deploying is one too)."""

    name: str
    description: str = ""


@dataclass
class PrincipleAssessment:
    """How the options fare against one principle (a key of :data:`PRINCIPLES`)."""

    principle: str
    assessment: str

    def __post_init__(self):
        names, given = ", ".join(PRINCIPLES), self.principle
        _check(given, PRINCIPLES, E.BAD_PRINCIPLE, principles=names, principle=given)


@dataclass
class Consultation:
    """Who was consulted (``role``: one of :data:`ROLES`), how, what they said and what it
    changed."""

    participant: str
    role: str
    method: str
    input: str
    response: str = ""
    date: str = ""

    def __post_init__(self):
        _check(self.role, ROLES, E.BAD_ROLE, roles=", ".join(ROLES), role=self.role)


@dataclass
class EthicalDecision:
    """A decision about an AI system, recorded so that it can be checked and audited.

    Stakeholders and the harms and benefits each would bear under each option; the options;
    an assessment against each of the five :data:`PRINCIPLES`; the consultation of affected
    communities and domain experts (who, how, what they said, what it changed); the decision
    and its justification. :meth:`validate` lists what is missing; :meth:`to_markdown` is the
    decision record that ``AuditLog.log_decision`` stores as a ``decision`` event.

    Examples
    --------
    >>> d = EthicalDecision(title="Loan model threshold", context="Approval gap of 0.12.",
    ...     stakeholders=[Stakeholder("Applicants")],
    ...     impacts=[Impact("Applicants", "harm", "Qualified women refused", option="Keep")],
    ...     options=[Option("Keep"), Option("Group thresholds")], decision="Group thresholds")
    >>> d.validate()[:3]
    ['Justification: empty', 'Principles: beneficence is not assessed', \
'Principles: non-maleficence is not assessed']
    >>> d.to_markdown().splitlines()[0]
    '# Decision record: Loan model threshold'
    """

    title: str = text("Title")
    context: str = text("Context")
    stakeholders: list[Stakeholder] = items("Stakeholders", of=Stakeholder)
    impacts: list[Impact] = items("Harms and benefits", of=Impact)
    options: list[Option] = items("Options", of=Option)
    principles: list[PrincipleAssessment] = items("Principles", of=PrincipleAssessment)
    consultations: list[Consultation] = items("Consultation", of=Consultation)
    decision: str = text("Decision")
    justification: str = text("Justification")
    trade_offs: str = text("Trade-offs and dissent")
    review: str = text("When to review")
    decided_by: str = text("Decided by")
    date: str = text("Date")

    def validate(self) -> list[str]:
        """Everything missing or inconsistent, one sentence each; ``[]`` when complete."""
        out = [f"{label}: empty" for label, v in self._texts() if not v.strip()]
        names = {s.name for s in self.stakeholders}
        options = {o.name for o in self.options}
        if not self.stakeholders:
            out.append("Stakeholders: none listed")
        for i, imp in enumerate(self.impacts, start=1):
            if imp.stakeholder not in names:
                out.append(f"Harms and benefits: entry {i} names unknown stakeholder "
                           f"{imp.stakeholder!r}")  # fmt: skip
            if imp.option and imp.option not in options:
                out.append(f"Harms and benefits: entry {i} names unknown option {imp.option!r}")
        for s in self.stakeholders:
            if not any(imp.stakeholder == s.name for imp in self.impacts):
                out.append(f"Harms and benefits: none listed for {s.name!r}")
        if len(self.options) < 2:
            out.append("Options: fewer than two (a decision compares alternatives)")
        assessed = {p.principle for p in self.principles if p.assessment.strip()}
        out += [f"Principles: {p} is not assessed" for p in PRINCIPLES if p not in assessed]
        roles = {c.role for c in self.consultations}
        if "affected community" not in roles:
            out.append("Consultation: no one from the affected communities")
        if "domain expert" not in roles:
            out.append("Consultation: no domain expert")
        for i, c in enumerate(self.consultations, start=1):
            for what in ("participant", "method", "input", "response"):
                if not getattr(c, what).strip():
                    out.append(f"Consultation: entry {i} has no {what}")
        if self.decision.strip() and self.decision not in options:
            out.append(f"Decision: {self.decision!r} is not one of the options")
        return out

    def _texts(self) -> list[tuple[str, str]]:
        return [("Title", self.title), ("Context", self.context),
                ("Decision", self.decision), ("Justification", self.justification)]  # fmt: skip

    def impacts_for(self, stakeholder: str, kind: str) -> list[Impact]:
        """The harms (``kind="harm"``) or benefits one stakeholder would bear."""
        return [i for i in self.impacts if i.stakeholder == stakeholder and i.kind == kind]

    def to_dict(self) -> dict:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict) -> EthicalDecision:
        return build(cls, data, cls.__name__)

    def to_json(self, *, indent: int = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, source: str) -> EthicalDecision:
        return cls.from_dict(json.loads(source))

    def to_markdown(self) -> str:
        """The decision record, in Markdown (user text cannot carry raw HTML)."""
        return render("decision_record.md.j2", d=self, principles=PRINCIPLES)
