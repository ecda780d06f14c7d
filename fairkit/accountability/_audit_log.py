"""AuditLog: an append-only, hash-chained JSON Lines file of a model's life events."""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fairkit.accountability import _errors as E
from fairkit.accountability._audit_verify import (
    GENESIS,
    VerificationResult,
    raise_if_tampered,
    record_hash,
    verify_lines,
)
from fairkit.accountability._hashing import canonical_json, hash_data, hash_model

__all__ = ["KINDS", "AuditLog"]

KINDS = ("train", "evaluate", "deploy", "override", "appeal", "alert", "decision")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _timestamp(value) -> str:
    if value is None:
        return datetime.now(UTC).isoformat(timespec="microseconds")
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return value
    elif isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat(timespec="microseconds")
    raise ValueError(E.BAD_TIMESTAMP.format(value=value))


def _digest(name: str, value: str | None) -> str | None:
    if value is not None and not (isinstance(value, str) and _HEX64.match(value)):
        raise ValueError(E.BAD_HASH.format(name=name, value=value))
    return value


def _last_line(f) -> bytes:
    """The last non-empty line of an open binary file, read backwards from the end."""
    f.seek(0, os.SEEK_END)
    end = f.tell()
    chunk, data = 4096, b""
    while end > 0:
        start = max(0, end - chunk)
        f.seek(start)
        data = f.read(end - start) + data
        end = start
        stripped = data.rstrip(b"\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1]
    return data.rstrip(b"\n")


class AuditLog:
    """An append-only, tamper-evident log of events, one JSON record per line.

    Each record holds a ``seq`` number, a UTC ``timestamp``, its ``kind`` (one of
    :data:`KINDS`), the ``actor``, free ``details``, optional ``data_hash`` and ``model_hash``
    (see :func:`hash_data`, :func:`hash_model`), the ``prev_hash`` of the record before it
    (64 zeros for the first) and its own ``hash``: SHA-256 of its canonical JSON without
    ``hash``. Changing, removing, inserting or reordering records breaks the chain, and
    :meth:`verify` says where. Appends take an exclusive ``fcntl.flock`` on the file and read
    the last record under it, so several processes can append to one log (POSIX systems:
    ``fcntl``; on a network file system, only if it supports ``flock``).

    Parameters
    ----------
    path : str or Path
        The JSON Lines file; created on the first append.
    fsync : bool, default True
        Flush every record to disk before releasing the lock.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "audit.jsonl")
    >>> r = log.append("train", actor="alice", details={"model": "logistic"})
    >>> r = log.append("deploy", actor="bob", details={"threshold": 0.5})
    >>> len(log), log.records()[1]["prev_hash"] == log.records()[0]["hash"]
    (2, True)
    >>> log.verify().ok
    True
    """

    def __init__(self, path: str | os.PathLike, *, fsync: bool = True):
        self.path = Path(path)
        self.fsync = fsync

    def append(
        self,
        kind: str,
        *,
        actor: str,
        details: dict | None = None,
        data: Any = None,
        model: Any = None,
        data_hash: str | None = None,
        model_hash: str | None = None,
        timestamp: datetime | str | None = None,
    ) -> dict:
        """Add one event and return its record (with ``seq``, ``prev_hash`` and ``hash``).

        Parameters
        ----------
        kind : {"train", "evaluate", "deploy", "override", "appeal", "alert", "decision"}
        actor : str
            Who did it (a person, a team or a service).
        details : dict, optional
            Anything JSON can hold (NumPy values are converted; NaN is written as null).
        data, model : optional
            A data set / fitted estimator, hashed with ``hash_data`` / ``hash_model``; or give
            ``data_hash`` / ``model_hash`` directly.
        timestamp : timezone-aware datetime or ISO 8601 string, optional
            Default: now, in UTC.

        Returns
        -------
        dict
            The record as written: the fields above plus ``seq``, ``prev_hash`` and ``hash``.
        """
        if kind not in KINDS:
            raise ValueError(E.BAD_KIND.format(kinds=", ".join(KINDS), kind=kind))
        if not isinstance(actor, str) or not actor.strip():
            raise ValueError(E.BAD_ACTOR.format(actor=actor))
        if details is not None and not isinstance(details, dict):
            raise TypeError(E.NOT_A_MAPPING.format(what="details", type=type(details).__name__))
        body = {
            "timestamp": _timestamp(timestamp),
            "kind": kind,
            "actor": actor,
            "details": details or {},
            "data_hash": _digest("data_hash", hash_data(data) if data is not None else data_hash),
            "model_hash": _digest(
                "model_hash", hash_model(model) if model is not None else model_hash
            ),
        }
        canonical_json(body)  # a value JSON cannot hold fails here, before the lock is taken
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                record = self._chain(body, _last_line(f))
                f.seek(0, os.SEEK_END)
                f.write(canonical_json(record).encode("utf-8") + b"\n")
                f.flush()
                if self.fsync:
                    os.fsync(f.fileno())
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
        return record

    def _chain(self, body: dict, last: bytes) -> dict:
        if last:
            try:
                previous = json.loads(last)
                seq, prev_hash = previous["seq"] + 1, previous["hash"]
            except (ValueError, KeyError, TypeError) as exc:
                reason = type(exc).__name__
                raise ValueError(E.LOG_UNREADABLE.format(path=self.path, reason=reason)) from None
        else:
            seq, prev_hash = 0, GENESIS
        record = {"seq": seq, **body, "prev_hash": prev_hash}
        record["hash"] = record_hash(record)
        return record

    def log_decision(
        self, decision, *, actor: str, allow_incomplete: bool = False, timestamp=None
    ) -> dict:
        """Append an ``EthicalDecision`` as a ``decision`` event (its data and its record).

        An incomplete decision (``decision.validate()`` not empty) is refused unless
        ``allow_incomplete=True``.
        """
        problems = decision.validate()
        if problems and not allow_incomplete:
            raise ValueError(E.INCOMPLETE_DECISION.format(problems="; ".join(problems)))
        details = {"decision": decision.to_dict(), "record": decision.to_markdown()}
        return self.append("decision", actor=actor, details=details, timestamp=timestamp)

    def _lines(self) -> list[str]:
        if not self.path.exists():
            return []
        with open(self.path, "rb") as f:
            fcntl.flock(f, fcntl.LOCK_SH)
            try:
                text = f.read().decode("utf-8")
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
        lines = text.split("\n")
        return lines[:-1] if lines and lines[-1] == "" else lines

    def records(self) -> list[dict]:
        """Every record, in file order (not verified: call :meth:`verify` for that)."""
        return [json.loads(line) for line in self._lines()]

    def __iter__(self) -> Iterator[dict]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self._lines())

    @property
    def head(self) -> str:
        """The hash of the last record (64 zeros for an empty log): keep it elsewhere to
        detect records removed from the end, with ``verify(expected_head=...)``."""
        lines = self._lines()
        if not lines:
            return GENESIS
        try:  # as append: a last line that is not a record is an error, not a head
            return json.loads(lines[-1])["hash"]
        except (ValueError, KeyError, TypeError) as exc:
            reason = type(exc).__name__
            raise ValueError(E.HEAD_UNREADABLE.format(path=self.path, reason=reason)) from None

    def verify(self, *, expected_head: str | None = None) -> VerificationResult:
        """Check the whole log; the result lists each problem with its line number and kind."""
        return verify_lines(self._lines(), expected_head=expected_head)

    def verify_or_raise(self, *, expected_head: str | None = None) -> VerificationResult:
        """As :meth:`verify`, but raise ``TamperedLogError`` when anything is wrong."""
        return raise_if_tampered(self.verify(expected_head=expected_head), self.path)

    def __repr__(self) -> str:
        return f"AuditLog({str(self.path)!r})"
