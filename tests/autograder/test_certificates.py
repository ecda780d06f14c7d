"""faircourse keygen, certify, verify, revoke: what is issued, what verification refuses."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_progress import make_results

from autograder.certificates import certify, generate_key, load_private_key, verify_credential
from autograder.certificates import credential as C
from autograder.certificates import keys as K
from autograder.certificates import proof as PR
from autograder.certificates import verify as V
from autograder.certificates.contexts import OB_V3, VC_V2
from autograder.cli import main

ISSUER = {
    "name": "Fair ML Course Team",
    "url": "https://fairml.example",
    "email": "t@fairml.example",
}
STATUS_URL = "https://fairml.example/status/1"


def issue_class(tmp_path: Path) -> dict:
    """Three learners of one module, one of whom passed; certified into tmp_path/certs."""
    results = make_results(
        tmp_path / "m01",
        "m01",
        {"ana": (12.0, 2.0, "graded"), "ben": (12.0, None, "graded"), "cem": (3.0, 2.0, "graded")},
        gradebook=False,
    )
    key = tmp_path / "keys" / "issuer.key"
    generate_key(key)
    issuer = tmp_path / "issuer.json"
    issuer.write_text(json.dumps({**ISSUER, "status_list_url": STATUS_URL}))
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nana,Ana Lovelace\n")
    certs = tmp_path / "certs"
    report = certify([results], certs, issuer=issuer, key=key, roster=roster)
    return {"results": results, "key": key, "issuer": issuer, "certs": certs, "report": report}


@pytest.fixture
def setup(tmp_path):
    return issue_class(tmp_path)


def _edit(path: Path, tmp_path: Path, change) -> Path:
    credential = json.loads(path.read_text())
    change(credential)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(credential))
    return out


def test_only_the_learner_who_passed_is_certified(setup):
    report, certs = setup["report"], setup["certs"]
    assert list(report.issued) == ["ana"]
    assert sorted(p.name for p in (certs / "ana").iterdir()) == [
        "certificate.html",
        "certificate.pdf",
        "credential.json",
    ]
    assert not (certs / "ben").exists() and not (certs / "cem").exists()
    assert (certs / "ana" / "certificate.pdf").read_bytes().startswith(b"%PDF-")
    register = json.loads((certs / "issued.json").read_text())
    assert [e["student_id"] for e in register] == ["ana"]


def test_the_credential_is_an_open_badge_with_the_module_results(setup):
    c = json.loads((setup["certs"] / "ana" / "credential.json").read_text())
    assert c["@context"] == [VC_V2, OB_V3]
    assert c["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    did = c["issuer"]["id"]
    assert did == K.did_key(load_private_key(setup["key"]).public_key())[0]
    assert c["proof"]["verificationMethod"] == f"{did}#{did.removeprefix('did:key:')}"
    subject = c["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    hashed, name = subject["identifier"]
    # The student id is never in clear: a verifier told "ana" can check the salted hash.
    assert "ana" not in json.dumps(hashed)
    assert hashed["identityHash"] == C.identity_hash("ana", hashed["salt"])
    assert name == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Ana Lovelace",
    }
    achievement = subject["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    (description,) = achievement["resultDescription"]
    (result,) = subject["result"]
    assert result["resultDescription"] == description["id"]
    assert (result["value"], description["valueMax"], description["requiredValue"]) == (
        "14",
        "14",
        "9.8",
    )
    assert c["credentialStatus"]["statusListCredential"] == STATUS_URL
    assert PR.undefined_values(c) == []


def test_the_readable_certificate_carries_the_same_data(setup):
    html = (setup["certs"] / "ana" / "certificate.html").read_text()
    c = json.loads((setup["certs"] / "ana" / "credential.json").read_text())
    for value in ("Ana Lovelace", "Fair ML Certificate", "m01", "14 / 14", c["id"], c["validFrom"]):
        assert value in html
    assert "faircourse verify credential.json" in html and "<script" not in html


def test_verify_accepts_the_issued_credential(setup, capsys):
    path = setup["certs"] / "ana" / "credential.json"
    status = setup["certs"] / "status-list.json"
    assert main(["verify", str(path), "--status-list", str(status)]) == 0
    out = capsys.readouterr().out
    assert "VALID" in out and "INVALID" not in out
    # The readable certificate names the same file: its SHA-256 links the two.
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in out and digest in path.with_name("certificate.html").read_text()


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"]["result"][0].update(value="13"),  # a score
        lambda c: c["credentialSubject"]["identifier"][1].update(identityHash="Eve"),  # a name
        lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),  # a date
        lambda c: c["credentialSubject"]["achievement"].update(name="PhD"),
    ],
    ids=["score", "name", "date", "achievement"],
)
def test_a_changed_field_fails_with_a_clear_reason(setup, tmp_path, change, capsys):
    edited = _edit(setup["certs"] / "ana" / "credential.json", tmp_path, change)
    assert verify_credential(edited).error == PR.BAD_SIGNATURE
    assert main(["verify", str(edited)]) == 1
    assert "INVALID" in capsys.readouterr().out


def test_an_unsigned_field_riding_along_is_refused(setup, tmp_path):
    def add(c):
        c["grade"] = "A+"
        c["credentialSubject"]["honours"] = True

    edited = _edit(setup["certs"] / "ana" / "credential.json", tmp_path, add)
    error = verify_credential(edited).error
    assert "not defined by its @context" in error and "grade" in error and "honours" in error


def test_another_key_cannot_pass_as_the_issuer(setup, tmp_path):
    mallory = load_private_key(_key(tmp_path / "m.key"))
    c = json.loads((setup["certs"] / "ana" / "credential.json").read_text())
    forged = PR.sign(c, mallory, c["proof"]["verificationMethod"], c["validFrom"])
    forged["credentialSubject"]["result"][0]["value"] = "14"
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    assert verify_credential(path).error == PR.BAD_SIGNATURE
    # Signed with Mallory's own did:key, the issuer no longer matches the credential's.
    own = K.did_key(mallory.public_key())[1]
    path.write_text(json.dumps(PR.sign(c, mallory, own, c["validFrom"])))
    assert verify_credential(path).error.startswith("the proof's key belongs to")
    assert (
        "not the expected"
        in verify_credential(
            setup["certs"] / "ana" / "credential.json", expect_issuer="did:key:z6MkOther"
        ).error
    )


def _key(path: Path) -> Path:
    generate_key(path)
    return path


def _signed(tmp_path, key_path, valid_from: str, valid_until: str | None = None) -> Path:
    key = load_private_key(key_path)
    issuer_id, method = K.did_key(key.public_key())
    credential = C.build_credential(
        "ana", [], issuer=C.Issuer(ISSUER), issuer_id=issuer_id, threshold=70,
        valid_from=valid_from,
    )  # fmt: skip
    if valid_until:
        credential["validUntil"] = valid_until
    path = tmp_path / "dated.json"
    path.write_text(json.dumps(PR.sign(credential, key, method, valid_from)))
    return path


def test_dates_are_checked(tmp_path):
    key = _key(tmp_path / "k.key")
    june = datetime(2030, 6, 1, tzinfo=UTC)
    path = _signed(tmp_path, key, "2030-06-02T00:00:00Z")
    assert verify_credential(path, at=june).error.startswith("not yet valid")
    assert verify_credential(path, at=june + timedelta(days=2)).ok
    path = _signed(tmp_path, key, "2030-05-01T00:00:00Z", valid_until="2030-05-31T00:00:00Z")
    assert verify_credential(path, at=june).error.startswith("expired: validUntil was")
    assert verify_credential(path, at=june - timedelta(days=2)).ok
    path = _signed(tmp_path, key, "2030-05-01T00:00:00Z", valid_until="next year")
    assert verify_credential(path, at=june).error == V.BAD_DATE.format(
        field="validUntil", value="next year"
    )


def test_revocation(setup, capsys):
    path = setup["certs"] / "ana" / "credential.json"
    status = setup["certs"] / "status-list.json"
    assert verify_credential(path, status_list=status).ok
    assert (
        main(["revoke", str(path), "--certs", str(setup["certs"]), "--key", str(setup["key"])]) == 0
    )
    assert verify_credential(path).ok  # without the list, revocation is not known
    assert verify_credential(path, status_list=status).error.startswith("revoked")
    # A status list edited to un-revoke is caught by its own signature.
    lst = json.loads(status.read_text())
    lst["validFrom"] = "2020-01-01T00:00:00Z"
    status.write_text(json.dumps(lst))
    assert "status list" in verify_credential(path, status_list=status).error


def test_an_issuer_with_a_url_ships_its_profile(tmp_path, setup):
    issuer = tmp_path / "url-issuer.json"
    issuer.write_text(json.dumps({**ISSUER, "id": "https://fairml.example/issuer"}))
    certs = tmp_path / "url-certs"
    certify([setup["results"]], certs, issuer=issuer, key=setup["key"])
    path = certs / "ana" / "credential.json"
    profile = json.loads((certs / "issuer-profile.json").read_text())
    assert profile["id"] == "https://fairml.example/issuer"
    moved = tmp_path / "elsewhere" / "credential.json"
    moved.parent.mkdir()
    moved.write_bytes(path.read_bytes())
    assert verify_credential(path).ok  # the profile beside it
    assert verify_credential(moved).error == V.NO_PROFILE.format(issuer=profile["id"])
    assert verify_credential(moved, issuer_profile=certs / "issuer-profile.json").ok
    other = _key(tmp_path / "other.key")
    mk = K.public_multikey(load_private_key(other).public_key())
    profile["verificationMethod"][0]["publicKeyMultibase"] = mk
    (moved.parent / "issuer-profile.json").write_text(json.dumps(profile))
    assert verify_credential(moved).error == PR.BAD_SIGNATURE


def test_the_demo_certifies_its_passing_learner(tmp_path, capsys):
    from autograder.demo import ASSIGNMENT, _certificates

    learners = {"alice": (12.0, None, "graded"), "bob": (7.0, None, "graded")}
    make_results(tmp_path / "results", ASSIGNMENT, learners)
    _certificates(tmp_path)
    out = capsys.readouterr().out
    assert "certified alice" in out and "faircourse verify: VALID" in out
    assert "a copy with its score changed: the signature does not match" in out
    assert f"not certified bob: {ASSIGNMENT}: 7/14, 2.8 more point(s) needed" in out
    assert "awaiting grading: w1" in out
    assert verify_credential(tmp_path / "certificates" / "alice" / "credential.json").ok
