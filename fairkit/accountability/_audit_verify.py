"""Verification of a hash-chained audit log: which line is wrong, and how."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field

from fairkit.accountability import _errors as E
from fairkit.accountability._hashing import canonical_json, sha256_hex

__all__ = ["FIELDS", "GENESIS", "Problem", "TamperedLogError", "VerificationResult"]

# The previous hash of the first record: nothing came before it.
GENESIS = "0" * 64
FIELDS = (
    "seq",
    "timestamp",
    "kind",
    "actor",
    "details",
    "data_hash",
    "model_hash",
    "prev_hash",
    "hash",
)


class TamperedLogError(ValueError):
    """The audit log failed verification (raised by ``AuditLog.verify_or_raise``)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the log: its 1-based ``line``, a ``kind`` and a sentence.

    ``kind`` is "malformed", "edited", "removed", "inserted", "reordered" or "head".
    """

    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class VerificationResult:
    """The outcome of ``AuditLog.verify``: ``ok`` and the ``problems`` found, by line.

    ``n_records`` counts the lines read; ``head`` is the hash of the last record.
    """

    n_records: int
    head: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __bool__(self) -> bool:
        return self.ok

    def lines(self, kind: str | None = None) -> list[int]:
        """Line numbers with a problem (of ``kind``, if given), sorted."""
        return sorted({p.line for p in self.problems if kind is None or p.kind == kind})

    def __str__(self) -> str:
        if self.ok:
            return f"audit log OK: {self.n_records} records, head {self.head[:12]}"
        return "\n".join(str(p) for p in self.problems)


def record_hash(record: dict) -> str:
    """SHA-256 of a record's canonical JSON without its own ``hash`` field."""
    return sha256_hex(canonical_json({k: v for k, v in record.items() if k != "hash"}))


def _parse(number: int, text: str, problems: list[Problem]) -> dict | None:
    if not text.strip():
        problems.append(Problem(number, "malformed", "an empty line"))
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(number, "malformed", f"not valid JSON ({exc.msg})"))
        return None
    if not isinstance(record, dict):
        problems.append(Problem(number, "malformed", "not a JSON object"))
        return None
    missing = [f for f in FIELDS if f not in record]
    if missing or not isinstance(record["seq"], int) or not isinstance(record["hash"], str):
        what = f"missing field(s) {', '.join(missing)}" if missing else "seq or hash mistyped"
        problems.append(Problem(number, "malformed", what))
        return None
    return record


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_pos: list[int] = []
    parent = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(i)
        else:
            tails[k], tail_pos[k] = v, i
        parent[i] = tail_pos[k - 1] if k else -1
    keep, i = set(), tail_pos[-1] if tail_pos else -1
    while i != -1:
        keep.add(i)
        i = parent[i]
    return keep


def _one_per_seq(good: list, expected_head: str | None, problems: list[Problem]) -> list:
    """Keep one record per ``seq``; report the others (copies or forgeries) as inserted.

    The genuine one is the record another chains to, else the expected head, else the one
    that fits its place in the file (its predecessor's hash, its successor's prev_hash).
    """
    referenced = {r["prev_hash"] for _, r in good}
    before = {n: good[i - 1][1]["hash"] if i else GENESIS for i, (n, _) in enumerate(good)}
    after = {n: good[i + 1][1]["prev_hash"] if i + 1 < len(good) else None
             for i, (n, _) in enumerate(good)}  # fmt: skip

    def score(claim):
        n, r = claim
        strong = (r["hash"] in referenced, r["hash"] == expected_head)
        return strong, (before[n] == r["prev_hash"], after[n] == r["hash"], -n)

    by_seq: dict[int, list[tuple[int, dict]]] = {}
    for n, r in good:
        by_seq.setdefault(r["seq"], []).append((n, r))
    kept = []
    for seq, claims in by_seq.items():
        winner = max(claims, key=score)
        kept.append(winner)
        for n, r in claims:
            if n == winner[0]:
                continue
            if r["hash"] == winner[1]["hash"]:
                msg = f"a copy of line {winner[0]}"
            elif score(winner)[0] > score((n, r))[0]:
                msg = f"it repeats seq {seq} of line {winner[0]}, and nothing chains to it"
            else:
                msg = f"it repeats seq {seq} of line {winner[0]}: one of the two was inserted"
            problems.append(Problem(n, "inserted", msg))
    return kept


def verify_lines(lines: list[str], expected_head: str | None = None) -> VerificationResult:
    """Check every record's own hash, the chain of previous hashes and the sequence numbers.

    Edits that leave the hash stale show on the edited line; an edit whose hash was recomputed
    shows as the next record chaining to a version that is gone. Removed records show as a gap
    in ``seq`` (at the line after the gap), inserted ones as a record nothing chains to (or a
    repeated ``seq``), reordered ones as a record out of ``seq`` order. Records removed from
    the end, and a last record edited with its hash recomputed, can only be caught against a
    head hash kept elsewhere (``expected_head``).
    """
    problems: list[Problem] = []
    parsed = [(n, _parse(n, text, problems)) for n, text in enumerate(lines, start=1)]
    good = [(n, r) for n, r in parsed if r is not None]
    edited = set()
    for n, r in good:
        if record_hash(r) != r["hash"]:
            edited.add(n)
            problems.append(Problem(n, "edited", "its content no longer matches its hash"))
    kept = _one_per_seq(good, expected_head, problems)
    kept.sort(key=lambda c: c[0])
    in_order = _longest_increasing([r["seq"] for _, r in kept])
    line_of = {r["seq"]: n for n, r in kept}
    for i, (n, r) in enumerate(kept):
        if i not in in_order:
            after = line_of.get(r["seq"] - 1)
            where = "first" if r["seq"] == 0 else f"after line {after}" if after else "elsewhere"
            msg = f"record seq {r['seq']} is out of order: it was written {where}"
            problems.append(Problem(n, "reordered", msg))
    chain = sorted(kept, key=lambda c: c[1]["seq"])
    prev_seq, prev_hash, prev_line = -1, GENESIS, 0
    for n, r in chain:
        gap = r["seq"] - prev_seq - 1
        if gap > 0:
            missing = f"seq {prev_seq + 1}" if gap == 1 else f"seq {prev_seq + 1}-{r['seq'] - 1}"
            msg = f"{gap} record(s) before this one were removed ({missing})"
            problems.append(Problem(n, "removed", msg))
        elif r["prev_hash"] != prev_hash and prev_line not in edited and n not in edited:
            if prev_line == 0:
                problems.append(Problem(n, "edited", "the first record's prev_hash was changed"))
            else:
                msg = f"line {n} chains to another version of it (edited, hash recomputed)"
                problems.append(Problem(prev_line, "edited", msg))
        prev_seq, prev_hash, prev_line = r["seq"], r["hash"], n
    head = good[-1][1]["hash"] if good else GENESIS
    if expected_head is not None and head != expected_head:
        msg = f"the log ends at {head[:12]}, not at the expected head {expected_head[:12]}"
        problems.append(Problem(len(lines), "head", msg + ": records removed from the end?"))
    problems.sort(key=lambda p: p.line)
    return VerificationResult(len(lines), head, problems)


def raise_if_tampered(result: VerificationResult, path) -> VerificationResult:
    if not result.ok:
        shown = "; ".join(str(p) for p in result.problems[:5])
        more = len(result.problems) - 5
        shown += f"; and {more} more" if more > 0 else ""
        raise TamperedLogError(E.LOG_TAMPERED.format(path=path, problems=shown))
    return result
