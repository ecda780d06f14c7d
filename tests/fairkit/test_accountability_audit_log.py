"""AuditLog: a hand-computed chain, each kind of tampering found at its line, and real
concurrent appends from two processes."""

import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairkit.accountability import AuditLog, TamperedLogError
from fairkit.accountability import _errors as E
from fairkit.accountability._audit_verify import GENESIS

T = "2026-01-01T00:00:0{}+00:00"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_three_records_match_a_hand_computed_chain(tmp_path):
    log = AuditLog(tmp_path / "log.jsonl", fsync=False)
    log.append("train", actor="alice", details={"model": "lr"}, timestamp=T.format(0))
    log.append("evaluate", actor="bob", details={"dp_gap": 0.125}, timestamp=T.format(1))
    log.append("deploy", actor="carol", details={}, timestamp=T.format(2))
    # The canonical JSON of each record without "hash", written out by hand: keys sorted,
    # no spaces; the record's line adds "hash" in its sorted place.
    bodies = [
        '{{"actor":"alice","data_hash":null,"details":{{"model":"lr"}},"kind":"train",'
        '"model_hash":null,"prev_hash":"{prev}","seq":0,"timestamp":"2026-01-01T00:00:00+00:00"}}',
        '{{"actor":"bob","data_hash":null,"details":{{"dp_gap":0.125}},"kind":"evaluate",'
        '"model_hash":null,"prev_hash":"{prev}","seq":1,"timestamp":"2026-01-01T00:00:01+00:00"}}',
        '{{"actor":"carol","data_hash":null,"details":{{}},"kind":"deploy",'
        '"model_hash":null,"prev_hash":"{prev}","seq":2,"timestamp":"2026-01-01T00:00:02+00:00"}}',
    ]
    prev, expected_lines = "0" * 64, []
    for body in bodies:
        text = body.format(prev=prev)
        digest = _sha(text)
        expected_lines.append(text.replace('"kind"', f'"hash":"{digest}","kind"', 1))
        prev = digest
    assert (tmp_path / "log.jsonl").read_text() == "\n".join(expected_lines) + "\n"
    assert log.head == prev
    result = log.verify(expected_head=prev)
    assert result.ok and result.n_records == 3 and result.problems == []


@pytest.fixture
def lines(tmp_path):
    log = AuditLog(tmp_path / "log.jsonl", fsync=False)
    for i in range(6):
        log.append("evaluate", actor=f"user{i}", details={"i": i}, timestamp=T.format(i))
    return log, (tmp_path / "log.jsonl").read_text().splitlines()


def _verify(log, new_lines, **kw):
    log.path.write_text("\n".join(new_lines) + "\n")
    return log.verify(**kw)


def _rehash(record: dict) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    record["hash"] = _sha(json.dumps(body, sort_keys=True, separators=(",", ":")))
    return json.dumps(record, sort_keys=True, separators=(",", ":"))


def test_an_edited_record_is_found_at_its_line(lines):
    log, L = lines
    record = json.loads(L[2])
    record["details"]["i"] = 99
    result = _verify(log, [*L[:2], json.dumps(record), *L[3:]])
    assert [(p.line, p.kind) for p in result.problems] == [(3, "edited")]


def test_an_edit_with_its_hash_recomputed_is_found_at_its_line(lines):
    log, L = lines
    record = json.loads(L[3])
    record["actor"] = "mallory"
    result = _verify(log, [*L[:3], _rehash(record), *L[4:]])
    assert [(p.line, p.kind) for p in result.problems] == [(4, "edited")]
    assert "line 5 chains to another version" in result.problems[0].message


@pytest.mark.parametrize("removed", [0, 2, 4])
def test_a_removed_record_is_found_at_the_line_after_the_gap(lines, removed):
    log, L = lines
    result = _verify(log, L[:removed] + L[removed + 1 :])
    assert [(p.line, p.kind) for p in result.problems] == [(removed + 1, "removed")]
    assert f"(seq {removed})" in result.problems[0].message


def test_records_removed_from_the_end_need_the_head_kept_elsewhere(lines):
    log, L = lines
    head = log.head
    assert _verify(log, L[:-2]).ok  # a shorter chain is still a chain...
    result = log.verify(expected_head=head)  # ...but not the one that ended at `head`
    assert [(p.line, p.kind) for p in result.problems] == [(4, "head")]


def test_an_inserted_copy_and_a_forged_record_are_found(lines):
    log, L = lines
    result = _verify(log, [*L[:4], L[1], *L[4:]])
    assert [(p.line, p.kind) for p in result.problems] == [(5, "inserted")]
    assert "a copy of line 2" in result.problems[0].message
    forged = json.loads(L[2])  # seq 2, chained to line 2, hash valid: only its place betrays it
    forged["actor"] = "forger"
    result = _verify(log, [*L[:2], _rehash(forged), *L[2:]])
    assert [(p.line, p.kind) for p in result.problems] == [(3, "inserted")]


def test_swapped_records_are_found(lines):
    log, L = lines
    result = _verify(log, [*L[:2], L[3], L[2], *L[4:]])
    assert [p.kind for p in result.problems] == ["reordered"]
    assert result.problems[0].line in (3, 4)
    result = _verify(log, [L[5], *L[:5]])  # the last record moved to the top
    assert [(p.line, p.kind) for p in result.problems] == [(1, "reordered")]
    assert "it was written after line 6" in result.problems[0].message


def test_malformed_lines_and_the_raising_variant(lines):
    log, L = lines
    result = _verify(log, [*L[:1], "not json", *L[1:]])
    assert [(p.line, p.kind) for p in result.problems] == [(2, "malformed")]
    with pytest.raises(TamperedLogError, match="line 2: malformed"):
        log.verify_or_raise()
    bad = log.path.with_name("bad.jsonl")
    bad.write_text("{}\n")  # appending after a broken last record would extend garbage
    with pytest.raises(ValueError, match=r"last line of .* is not a valid audit record"):
        AuditLog(bad).append("train", actor="a")
    # No head either: the hash of a record that is not there would mislead whoever keeps it.
    _verify(log, [*L, "truncated {"])
    with pytest.raises(ValueError, match=r"\(JSONDecodeError\), so the log has no head"):
        _ = log.head
    assert _verify(log, L).head == log.head == json.loads(L[-1])["hash"]


def test_bad_arguments_have_specific_messages(tmp_path):
    log = AuditLog(tmp_path / "log.jsonl")
    kinds = "train, evaluate, deploy, override, appeal, alert, decision"
    with pytest.raises(ValueError, match="^" + E.BAD_KIND.format(kinds=kinds, kind="fit")):
        log.append("fit", actor="a")
    with pytest.raises(ValueError, match=re.escape(E.BAD_ACTOR.format(actor=" "))):
        log.append("train", actor=" ")
    with pytest.raises(ValueError, match="timestamp must be a timezone-aware"):
        log.append("train", actor="a", timestamp="2026-01-01T00:00:00")
    with pytest.raises(ValueError, match="data_hash must be a SHA-256"):
        log.append("train", actor="a", data_hash="abc")
    with pytest.raises(TypeError, match="a value of type object cannot be written as JSON"):
        log.append("train", actor="a", details={"x": object()})
    assert len(log) == 0 and log.head == GENESIS and log.verify().ok


def test_data_and_model_are_hashed_into_the_record(tmp_path):
    from sklearn.linear_model import LogisticRegression

    from fairkit.accountability import hash_data, hash_model

    X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]
    model = LogisticRegression().fit(X, y)
    record = AuditLog(tmp_path / "l.jsonl").append("train", actor="a", data=X, model=model)
    assert record["data_hash"] == hash_data(X) and record["model_hash"] == hash_model(model)


WORKER = textwrap.dedent(
    """
    import fcntl, sys, time
    from pathlib import Path
    import fairkit.accountability._audit_log as A
    path, name, other, go, lock = sys.argv[1:6]
    if lock == "off":  # the control: what the lock prevents
        fcntl.flock = lambda *args: None
    last_line, reads = A._last_line, []

    def slow_last_line(f):  # a wide window between reading the last hash and writing
        line = last_line(f)
        reads.append(1)
        if lock == "off" and len(reads) == 101:  # both in the window at once, for sure
            Path(f"{path}.{name}").touch()
            deadline = time.time() + 60
            while not Path(f"{path}.{other}").exists() and time.time() < deadline:
                time.sleep(0.001)
        time.sleep(0.001)
        return line

    A._last_line = slow_last_line
    log = A.AuditLog(path, fsync=False)
    while not Path(go).exists():
        time.sleep(0.005)
    for i in range(200):
        while i == 100 and f'"actor":"{other}"' not in Path(path).read_text():
            time.sleep(0.001)  # halfway, wait for the other: the two runs surely overlap
        log.append("evaluate", actor=name, details={"i": i})
    """
)


def _two_writers(tmp_path, lock: str) -> AuditLog:
    path, go = tmp_path / "log.jsonl", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), name, other, str(go), lock], env=env
        )
        for name, other in (("p1", "p2"), ("p2", "p1"))
    ]
    go.touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    return AuditLog(path)


def test_without_the_lock_two_writers_break_the_chain(tmp_path):
    # Both read the last record before either writes (forced): two records claim one place.
    log = _two_writers(tmp_path, "off")
    result = log.verify()
    assert len(log) == 400 and "inserted" in {p.kind for p in result.problems}


def test_two_processes_appending_at_once_lose_nothing(tmp_path):
    log = _two_writers(tmp_path, "on")
    records = log.records()
    assert len(records) == 400 and log.verify().ok
    assert [r["seq"] for r in records] == list(range(400))
    actors = [r["actor"] for r in records]
    assert sum(a != b for a, b in itertools.pairwise(actors)) >= 1  # they did interleave
    for name in ("p1", "p2"):  # each process's own appends kept, in its own order
        assert [r["details"]["i"] for r in records if r["actor"] == name] == list(range(200))


@pytest.fixture(scope="module")
def base_lines(tmp_path_factory):
    log = AuditLog(tmp_path_factory.mktemp("base") / "log.jsonl", fsync=False)
    for i in range(12):
        log.append("decision", actor=f"user{i % 3}", details={"i": i}, timestamp=T.format(0))
    return log.path.read_text().splitlines()


TAMPERS = ("edit", "rehash", "remove", "copy", "forge", "swap")


@settings(max_examples=300, deadline=None)
@given(n=st.integers(3, 12), kind=st.sampled_from(TAMPERS), data=st.data())
def test_any_single_tampering_is_found_near_its_line(base_lines, n, kind, data):
    from fairkit.accountability._audit_verify import verify_lines

    L = base_lines[:n]
    head = json.loads(L[-1])["hash"]
    k = data.draw(st.integers(0, n - 1 if kind != "swap" else n - 2))  # 0-based position
    record = json.loads(L[k])
    if kind == "edit":
        record["details"]["i"] = -1
        tampered, lines = [*L[:k], json.dumps(record), *L[k + 1 :]], {k + 1}
    elif kind == "rehash":
        record["actor"] = "mallory"
        tampered, lines = [*L[:k], _rehash(record), *L[k + 1 :]], {k + 1}
    elif kind == "remove":
        tampered, lines = L[:k] + L[k + 1 :], {k + 1}
    elif kind == "copy":  # a copy of line j+1 inserted at line k+1
        j = data.draw(st.integers(0, n - 1))
        tampered = [*L[:k], L[j], *L[k:]]
        lines = {k + 1, j + 1 + (j >= k)} if abs(j - k) <= 1 else {k + 1}
    elif kind == "forge":  # a record with the seq and prev_hash of the one it displaces
        record["actor"] = "forger"
        tampered, lines = [*L[:k], _rehash(record), *L[k:]], {k + 1}
    else:
        tampered, lines = [*L[:k], L[k + 1], L[k], *L[k + 2 :]], {k + 1, k + 2}
    at_end = k == n - 1 and kind in ("rehash", "remove")
    result = verify_lines(tampered, expected_head=head)
    assert not result.ok
    found = {p.line for p in result.problems}
    if at_end:  # only the head kept elsewhere shows it
        assert [p.kind for p in result.problems] == ["head"]
    elif kind == "forge" and k == n - 1:  # before the last record: either may be the forgery
        assert found <= {k + 1, k + 2} and found
    else:
        assert found <= lines and found, (kind, k, result.problems)
    if not at_end:  # the head is only needed at the end
        assert not verify_lines(tampered).ok
