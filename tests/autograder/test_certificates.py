"""faircourse keygen, certify, verify, revoke: what is issued, what verification refuses."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from test_progress import make_results

from autograder.certificates import certify, generate_key, load_private_key, verify_credential
from autograder.certificates import credential as C
from autograder.certificates import keys as K
from autograder.certificates import proof as PR
from autograder.certificates import verify as V
from autograder.certificates._multibase import b58encode
from autograder.certificates.contexts import OB_V3, VC_V2, canonize
from autograder.cli import main

ISSUER = {
    "name": "Fair ML Course Team",
    "url": "https://fairml.example",
    "email": "t@fairml.example",
}
STATUS_URL = "https://fairml.example/status/1"


@pytest.fixture
def setup(tmp_path):
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
    assert "VALID" in capsys.readouterr().out


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


def _signed(tmp_path, key_path, **dates) -> Path:
    key = load_private_key(key_path)
    issuer_id, method = K.did_key(key.public_key())
    credential = C.build_credential(
        "ana", [], issuer=C.Issuer(ISSUER), issuer_id=issuer_id, threshold=70, **dates
    )
    path = tmp_path / "dated.json"
    path.write_text(json.dumps(PR.sign(credential, key, method, credential["validFrom"])))
    return path


def test_dates_are_checked(tmp_path):
    key = _key(tmp_path / "k.key")
    now = datetime(2030, 6, 1, tzinfo=UTC)
    path = _signed(tmp_path, key, valid_from="2030-06-02T00:00:00Z")
    assert verify_credential(path, at=now).error.startswith("not yet valid")
    assert verify_credential(path, at=now + timedelta(days=2)).ok


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


def test_keygen_mode_and_location(tmp_path, capsys):
    path = tmp_path / "k" / "issuer.key"
    assert main(["keygen", "--out", str(path)]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "issuer: did:key:z6Mk" in capsys.readouterr().out
    assert main(["keygen", "--out", str(path)]) == 2  # never overwrites
    assert "exists already" in capsys.readouterr().err
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    with pytest.raises(ValueError, match="inside the git work tree"):
        generate_key(repo / "keys" / "issuer.key")
    os.chmod(path, 0o644)
    with pytest.raises(ValueError, match="has mode 644"):
        load_private_key(path)
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    bad.chmod(0o600)
    with pytest.raises(ValueError, match="not an Ed25519 private key"):
        load_private_key(bad)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1]", "is not a JSON object"),
        ('{"url": "https://a.example"}', "field 'name' is missing"),
        ('{"name": "x", "url": "http://a.example"}', "field 'url' must be an https:// URL"),
        ('{"name": "x", "nme": "y"}', "unknown field 'nme'"),
        ('{"name": "x", "email": "nobody"}', "field 'email' is not an email address"),
        ('{"name": 3}', "field 'name' must be text"),
    ],
)
def test_issuer_file_errors_name_the_field(tmp_path, setup, content, message, capsys):
    issuer = tmp_path / "bad-issuer.json"
    issuer.write_text(content)
    args = ["certify", str(setup["results"]), "--out", str(tmp_path / "c")]
    assert main([*args, "--issuer", str(issuer), "--key", str(setup["key"])]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_verify_errors(tmp_path, capsys):
    for content, message in (
        ("not json", "is not a JSON credential"),
        ("{}", "not an Open Badges"),
    ):
        path = tmp_path / "x.json"
        path.write_text(content)
        assert main(["verify", str(path)]) == 1
        assert message in capsys.readouterr().out
    assert main(["verify", str(tmp_path / "missing.json")]) == 1
    assert "no credential file" in capsys.readouterr().out


def test_the_loader_refuses_other_contexts():
    doc = {"@context": [VC_V2, "https://evil.example/ctx.json"], "type": "VerifiableCredential"}
    with pytest.raises(ValueError, match="not one of the pinned offline contexts"):
        canonize(doc)


def test_no_key_material_in_any_output(tmp_path, capsys):
    key = tmp_path / "secret" / "issuer.key"
    outputs = []
    assert main(["keygen", "--out", str(key)]) == 0
    outputs.append(capsys.readouterr())
    results = make_results(tmp_path / "m", "m", {"ana": (12.0, 2.0, "graded")}, gradebook=False)
    issuer = tmp_path / "issuer.json"
    issuer.write_text(json.dumps({**ISSUER, "status_list_url": STATUS_URL}))
    certs = tmp_path / "certs"
    commands = [
        ["certify", str(results), "--out", str(certs), "--issuer", str(issuer), "--key", str(key)],
        ["verify", str(certs / "ana" / "credential.json")],
        [
            "revoke",
            str(certs / "ana" / "credential.json"),
            "--certs",
            str(certs),
            "--key",
            str(key),
        ],
    ]
    for args in commands:
        assert main(args) == 0
        outputs.append(capsys.readouterr())
    os.chmod(key, 0o640)
    assert main(commands[0]) == 2  # an error message must not quote the key either
    outputs.append(capsys.readouterr())
    private = load_private_key_unchecked(key)
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem_body = "".join(key.read_text().splitlines()[1:-1])
    secrets = [seed.hex(), base64.b64encode(seed).decode(), b58encode(seed), pem_body]
    secrets += [base64.urlsafe_b64encode(seed).decode().rstrip("=")]
    written = "".join(p.read_text(errors="replace") for p in certs.rglob("*") if p.is_file())
    text = "".join(o.out + o.err for o in outputs) + written
    for secret in secrets:
        assert secret not in text


def load_private_key_unchecked(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


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
