"""faircourse keygen, certify, verify: user mistakes are one-line errors; no key is ever shown."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from test_certificates import ISSUER, STATUS_URL, issue_class
from test_progress import make_results

from autograder.certificates import generate_key, load_private_key
from autograder.certificates._multibase import b58encode
from autograder.certificates.contexts import VC_V2, canonize
from autograder.cli import main


@pytest.fixture
def setup(tmp_path):
    return issue_class(tmp_path)


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


def test_revoke_errors(setup, tmp_path, capsys):
    certs, key = setup["certs"], str(setup["key"])
    credential = str(certs / "ana" / "credential.json")
    (tmp_path / "empty").mkdir()
    assert main(["revoke", credential, "--certs", str(tmp_path / "empty"), "--key", key]) == 2
    assert "no status list in" in capsys.readouterr().err
    (certs / "status-list.json").write_text("{}")
    assert main(["revoke", credential, "--certs", str(certs), "--key", key]) == 2
    assert "is not a BitstringStatusListCredential: no signed proof" in capsys.readouterr().err
