"""Audit logs for m11-accountability q1-q2, written by fairkit's AuditLog and then tampered
with (grading host only).

A log is a list of JSON lines of ``fairkit.accountability.AuditLog``; a tampering is one of
:data:`TAMPERINGS`. Each maker takes ``None`` (the fixed public examples) or the hidden
cases' generator.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import numpy as np

from autograder.questions._base import Case
from fairkit.accountability import AuditLog, canonical_json

__all__ = ["TAMPERINGS", "log_cases", "make_log", "notebook_logs", "rehash", "tamper"]

TAMPERINGS = (
    "none",
    "edit",  # a detail changed, the stored hash left stale
    "edit_rehash",  # a detail changed and the record's hash recomputed
    "seq_rehash",  # the seq number changed and the hash recomputed
    "delete",
    "swap",  # two neighbouring records exchanged
    "insert_copy",  # a copy of an earlier record inserted
    "insert_forged",  # a new record chained to its predecessor, hash recomputed
    "truncate",  # a line cut short: not JSON any more
    "prev_hash",  # a record's prev_hash changed, its hash recomputed
)
_ACTORS = ("alice", "bob", "credit-team", "monitor-service", "ops", "risk-office")
_EVENTS = (
    ("train", lambda rng: {"model": "logistic", "rows": int(rng.integers(500, 5000))}),
    ("evaluate", lambda rng: {"auc": round(float(rng.uniform(0.6, 0.9)), 3)}),
    ("deploy", lambda rng: {"threshold": round(float(rng.uniform(0.3, 0.7)), 2)}),
    ("override", lambda rng: {"applicant": int(rng.integers(1, 10**6)), "to": "approved"}),
    ("appeal", lambda rng: {"applicant": int(rng.integers(1, 10**6)), "outcome": "upheld"}),
    ("alert", lambda rng: {"metric": "tpr gap", "value": round(float(rng.uniform(0, 0.3)), 3)}),
)


def make_log(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` genuine records written by ``AuditLog`` (fixed timestamps: reproducible)."""
    with tempfile.TemporaryDirectory() as folder:
        log = AuditLog(Path(folder) / "audit.jsonl", fsync=False)
        for i in range(n):
            kind, details = _EVENTS[0] if i == 0 else _EVENTS[int(rng.integers(len(_EVENTS)))]
            log.append(
                kind,
                actor=str(_ACTORS[int(rng.integers(len(_ACTORS)))]),
                details=details(rng),
                timestamp=f"2026-03-{1 + i // 24:02d}T{i % 24:02d}:00:00+00:00",
            )
        return log.path.read_text(encoding="utf-8").splitlines()


def rehash(record: dict) -> str:
    """The record as a line, with its hash recomputed (what a careful forger does)."""
    body = {k: v for k, v in record.items() if k != "hash"}
    record = {**body, "hash": hashlib.sha256(canonical_json(body).encode()).hexdigest()}
    return canonical_json(record)


def _edited(record: dict) -> dict:
    details = dict(record["details"])
    details["edited"] = True
    return {**record, "details": details}


def tamper(lines: list[str], how: str, at: int, rng: np.random.Generator) -> list[str]:
    """``lines`` tampered ``how`` at position ``at`` (0-based; 1 <= at < len - 1 for the
    kinds that need a neighbour)."""
    out = list(lines)
    records = [json.loads(line) for line in lines]
    if how == "edit":
        out[at] = canonical_json(_edited(records[at]))
    elif how == "edit_rehash":
        out[at] = rehash(_edited(records[at]))
    elif how == "seq_rehash":
        out[at] = rehash({**records[at], "seq": records[at]["seq"] + int(rng.integers(2, 9))})
    elif how == "delete":
        del out[at]
    elif how == "swap":
        out[at], out[at + 1] = out[at + 1], out[at]
    elif how == "insert_copy":
        out.insert(at, lines[int(rng.integers(0, at))])
    elif how == "insert_forged":
        forged = {**_edited(records[at - 1]), "prev_hash": records[at - 1]["hash"]}
        forged["seq"] = records[at - 1]["seq"] + 1
        out.insert(at, rehash(forged))
    elif how == "truncate":
        out[at] = out[at][: int(rng.integers(10, len(out[at]) - 10))]
    elif how == "prev_hash":
        fake = hashlib.sha256(str(rng.random()).encode()).hexdigest()
        out[at] = rehash({**records[at], "prev_hash": fake})
    elif how != "none":
        raise ValueError(f"unknown tampering {how!r}")
    return out


def _case(label: str, lines: list[str]) -> Case:
    return Case(label, {"lines": np.array(lines, dtype=str)})


def notebook_logs() -> tuple[list[str], list[str]]:
    """The exercise notebook's logs: a genuine one and a copy with one record edited."""
    lines = make_log(np.random.default_rng(11), 8)
    return lines, tamper(lines, "edit_rehash", 3, np.random.default_rng(0))


def log_cases(rng: np.random.Generator | None) -> list[Case]:
    """q1-q2: lines (str array)."""
    if rng is None:
        lines, rehashed = notebook_logs()
        five = make_log(np.random.default_rng(5), 5)
        return [
            _case("a genuine log of 5 records", five),
            _case("one detail edited on line 3, hash left as it was", tamper(five, "edit", 2, rng)),
            _case("the notebook's `tampered_lines`", rehashed),
            _case("record of line 2 deleted", tamper(five, "delete", 1, rng)),
            _case(
                "seq of line 4 changed, hash recomputed",
                tamper(five, "seq_rehash", 3, np.random.default_rng(1)),
            ),
        ]
    kinds = [*rng.choice(TAMPERINGS[1:], size=4, replace=False).tolist(), "none"]
    cases = []
    for k, how in enumerate(kinds):
        lines = make_log(rng, int(rng.integers(5, 31)))
        at = int(rng.integers(1, len(lines) - 1))
        cases.append(_case(f"log {k + 1}", tamper(lines, str(how), at, rng)))
    return cases
