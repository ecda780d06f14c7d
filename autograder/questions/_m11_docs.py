"""Model cards and datasheets as tables, for m11-accountability q6 (grading host only).

A document travels as a table with one row per text: columns ``section`` and ``field`` (the
attribute names of ``fairkit.accountability.ModelCard`` / ``Datasheet``) and ``text``. A list
field (out-of-scope uses, caveats...) has one row per item; a field may have no row at all.
The reference rebuilds the document with ``from_dict`` and counts, per section, the fields
that ``validate(fields=True)`` reports empty.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from autograder.questions._base import Case
from fairkit.accountability import Datasheet, ModelCard

__all__ = ["KINDS", "doc_cases", "document_gaps", "gaps_variant", "schema", "schema_code"]

KINDS = {"model card": ModelCard, "datasheet": Datasheet}
_WORDS = ("logistic", "credit", "applicants", "2026", "bank", "income", "group", "audit", "v1")


def schema(kind: str) -> dict[str, list[tuple[str, bool, str]]]:
    """Section -> [(field, is a list, label)] of a document class."""
    out = {}
    for f in KINDS[kind].section_fields():
        out[f.name] = [
            (
                g.name,
                g.metadata.get("of") is not None or g.default_factory is list,
                g.metadata["label"],
            )
            for g in dataclasses.fields(f.default_factory)
        ]
    return out


def schema_code() -> str:
    """The two schemas as Python literals for the notebook: section -> list of fields."""
    parts = []
    for name, kind in (("CARD_FIELDS", "model card"), ("DATASHEET_FIELDS", "datasheet")):
        lines = [f"{name} = {{"]
        for section, fields in schema(kind).items():
            lines.append(f"    {section!r}: {[f for f, _, _ in fields]!r},")
        parts.append("\n".join([*lines, "}"]))
    return "\n".join(parts) + "\n"


def _as_dict(data: pd.DataFrame, kind: str) -> dict:
    out: dict = {}
    for section, fields in schema(kind).items():
        rows = data[data["section"] == section]
        values = {}
        for field, is_list, _ in fields:
            texts = [str(t) for t in rows.loc[rows["field"] == field, "text"]]
            if not texts:
                continue
            if field == "analyses":
                values[field] = [{"title": t} for t in texts]
            else:
                values[field] = texts if is_list else texts[0]
        out[section] = values
    return out


def document_gaps(data: pd.DataFrame, *, kind: str) -> dict[str, float]:
    """Per section key: the number of fields ``validate(fields=True)`` calls empty."""
    document = KINDS[kind].from_dict(_as_dict(data, kind))
    empty = document.validate(fields=True)
    out = {}
    for f in KINDS[kind].section_fields():
        title = f.metadata["title"]
        labels = {label for _, _, label in schema(kind)[f.name]}
        out[f.name] = float(sum(e.split(": ", 1)[1] in labels for e in empty
                                if e.split(": ", 1)[0] == title))  # fmt: skip
    return out


def gaps_variant(data: pd.DataFrame, *, kind: str, how: str) -> dict[str, float]:
    out = {}
    for section, fields in schema(kind).items():
        rows = data[data["section"] == section]
        count = 0.0
        for field, _, _ in fields:
            texts = [str(t) for t in rows.loc[rows["field"] == field, "text"]]
            blank = [not t.strip() for t in texts]
            if how == "whitespace":
                count += (not texts) or all(t == "" for t in texts)
            elif how == "absent_ignored":
                count += bool(texts) and all(blank)
            elif how == "per_row":
                count += sum(blank) if texts else 1
            elif how == "filled":
                count += bool(texts) and not all(blank)
            elif how == "any_blank":
                count += (not texts) or any(blank)
        out[section] = float(count)
    return out


def _fill(rng: np.random.Generator) -> str:
    return " ".join(rng.choice(_WORDS, size=int(rng.integers(1, 6))).tolist())


def _document(rng: np.random.Generator, kind: str, p_empty: float) -> dict[str, np.ndarray]:
    """A random document: each field filled, blank ("" or spaces) or absent; list fields get
    one to three items, some of them blank."""
    sections, fields, texts = [], [], []
    for section, spec in schema(kind).items():
        if rng.random() < 0.15:
            continue  # a whole section left out
        for field, is_list, _ in spec:
            roll = rng.random()
            if roll < p_empty / 2:
                continue  # absent
            n = int(rng.integers(1, 4)) if is_list else 1
            for _ in range(n):
                blank = roll < p_empty or (is_list and rng.random() < 0.3)
                text = str(rng.choice(["", " ", "   ", "\n"])) if blank else _fill(rng)
                sections.append(section), fields.append(field), texts.append(text)
    order = rng.permutation(len(texts))
    columns = {"section": sections, "field": fields, "text": texts}
    return {name: np.array(values, dtype=str)[order] for name, values in columns.items()}


def _hand_card() -> dict[str, np.ndarray]:
    rows = [
        ("model_details", "name", "Credit scorer"),
        ("model_details", "version", "1.0"),
        ("intended_use", "primary_uses", "Rank loan applications for a human officer"),
        ("intended_use", "out_of_scope", "  "),
        ("intended_use", "out_of_scope", "Fully automatic denials"),
        ("factors", "relevant", ""),
        ("metrics", "performance_measures", "accuracy"),
        ("metrics", "performance_measures", "true positive rate by race"),
        ("caveats_and_recommendations", "caveats", "   "),
    ]
    return {c: np.array([r[i] for r in rows], dtype=str)
            for i, c in enumerate(("section", "field", "text"))}  # fmt: skip


def doc_cases(rng: np.random.Generator | None) -> list[Case]:
    """q6: a frame (section, field, text); kind."""
    if rng is None:
        sheet = _document(np.random.default_rng(3), "datasheet", 0.3)
        return [
            Case("a small model card", _hand_card(), frame=True, params={"kind": "model card"}),
            Case("a datasheet, many gaps", sheet, frame=True, params={"kind": "datasheet"}),
        ]
    cases = []
    for k, kind in enumerate(["model card", "datasheet", str(rng.choice(list(KINDS)))]):
        inputs = _document(rng, kind, float(rng.uniform(0.1, 0.6)))
        start = int(rng.integers(0, 1000))
        index = np.arange(start, start + len(inputs["text"]))
        cases.append(Case(f"{kind} {k + 1}", inputs, index=index, frame=True,
                          params={"kind": kind}))  # fmt: skip
    return cases
