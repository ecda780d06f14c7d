"""``faircourse certify`` and ``faircourse revoke``: sign the certificates of those who passed.

``CERTS/<student>/credential.json`` (the signed Open Badges 3.0 credential, the one that
counts), ``certificate.html`` and ``certificate.pdf`` (its readable face);
``CERTS/issued.json``, the instructor's private register (credential ids, student ids,
status-list indexes: do not publish it); ``CERTS/status-list.json`` to publish at the issuer's
``status_list_url``; and ``CERTS/issuer-profile.json`` to publish at the issuer's ``id`` when
the issuer is a URL rather than a did:key.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder.certificates.credential import build_credential, now, read_issuer
from autograder.certificates.keys import did_key, load_private_key, public_multikey
from autograder.certificates.proof import sign
from autograder.certificates.render import write_html, write_pdf
from autograder.certificates.status import (
    BAD_LIST,
    allocate_index,
    new_status_list,
    set_revoked,
    status_entry,
)
from autograder.progress import DEFAULT_THRESHOLD, Progress, course_progress

__all__ = ["CertifyReport", "certify", "revoke"]

BAD_ROSTER = "roster {path}: expected a CSV with columns student_id,name ({detail})"
NO_STATUS_LIST = (
    "no status list in {path}: revocation needs a status_list_url in the issuer file when "
    "the credentials are issued"
)
OTHER_KEY = "the key {key} is not the one that signed the status list ({method})"


@dataclass
class CertifyReport:
    progress: Progress
    issued: dict[str, Path] = field(default_factory=dict)  # student -> credential.json
    already: list[str] = field(default_factory=list)
    issuer_id: str = ""


def _read_roster(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        with Path(path).open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(BAD_ROSTER.format(path=path, detail=exc)) from None
    if not rows or not {"student_id", "name"} <= set(rows[0]):
        raise ValueError(BAD_ROSTER.format(path=path, detail="header missing"))
    return {r["student_id"]: r["name"].strip() for r in rows if r["name"] and r["name"].strip()}


def _write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def certify(
    results_dirs: list[Path],
    out: Path,
    *,
    issuer: Path,
    key: Path,
    threshold: float = DEFAULT_THRESHOLD,
    roster: Path | None = None,
) -> CertifyReport:
    """Issue a signed credential to every learner who meets the rule and has none yet.

    ``results_dirs``: one ``faircourse grade`` results folder per module; ``issuer``: the
    issuer file; ``key``: the key of ``faircourse keygen``; ``roster``: CSV
    ``student_id,name`` to put learners' names on their certificates.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from autograder.certificates import generate_key, verify_credential
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> for s, score in (("ana", 10.0), ("ben", 6.0)):
    ...     (tmp / "m00" / s).mkdir(parents=True)
    ...     r = {"student_id": s, "assignment": "m00", "score": score, "max_score": 10.0,
    ...          "status": "graded", "questions": []}
    ...     _ = (tmp / "m00" / s / "result.json").write_text(json.dumps(r))
    >>> _ = generate_key(tmp / "keys" / "issuer.key")
    >>> _ = (tmp / "issuer.json").write_text('{"name": "Course team"}')
    >>> report = certify([tmp / "m00"], tmp / "certs", issuer=tmp / "issuer.json",
    ...                  key=tmp / "keys" / "issuer.key")
    >>> list(report.issued), report.progress.lacking("ben")
    (['ana'], ['m00: 6/10, 1 more point(s) needed'])
    >>> verify_credential(report.issued["ana"]).ok
    True
    """
    profile = read_issuer(issuer)
    private = load_private_key(key)
    public = private.public_key()
    names = _read_roster(roster)
    progress = course_progress(results_dirs, threshold=threshold)
    out = Path(out)
    if profile.is_did:
        issuer_id, method = did_key(public)
    else:
        issuer_id = profile["id"]
        method = f"{issuer_id}#{public_multikey(public)}"
        _write_json(out / "issuer-profile.json", _issuer_profile(profile, method, public))
    report = CertifyReport(progress, issuer_id=issuer_id)
    register_path = out / "issued.json"
    register = json.loads(register_path.read_text()) if register_path.is_file() else []
    done = {e["student_id"] for e in register}
    list_url = profile.get("status_list_url")
    list_path = out / "status-list.json"
    if list_url and not list_path.is_file():
        status_list = new_status_list(list_url, issuer_id, now())
        _write_json(list_path, sign(status_list, private, method, now()))
    for student in progress.rows:
        if not progress.passed(student):
            continue
        if student in done:
            report.already.append(student)
            continue
        status = status_entry(list_url, allocate_index(register_path)) if list_url else None
        unsigned = build_credential(
            student,
            progress.rows[student],
            issuer=profile,
            issuer_id=issuer_id,
            threshold=threshold,
            name=names.get(student),
            status=status,
        )
        credential = sign(unsigned, private, method, unsigned["validFrom"])
        target = _write_json(out / student / "credential.json", credential)
        write_html(credential, target, target.with_name("certificate.html"))
        write_pdf(credential, target, target.with_name("certificate.pdf"))
        register.append(
            {
                "student_id": student,
                "credential_id": credential["id"],
                "validFrom": credential["validFrom"],
                "status_index": int(status["statusListIndex"]) if status else -1,
                "file": str(target.relative_to(out)),
            }
        )
        _write_json(register_path, register)
        report.issued[student] = target
    return report


def _issuer_profile(profile: dict, method: str, public) -> dict:
    issuer_id = profile["id"]
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://w3id.org/security/multikey/v1",
        ],
        "id": issuer_id,
        "type": ["Profile"],
        "name": profile["name"],
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": issuer_id,
                "publicKeyMultibase": public_multikey(public),
            }
        ],
        "assertionMethod": [method],
    }
    for extra in ("url", "email", "description"):
        if extra in profile:
            document[extra] = profile[extra]
    return document


def revoke(credential_path: Path, certs: Path, *, key: Path) -> Path:
    """Set the credential's bit in ``certs/status-list.json`` and sign the list again."""
    from autograder.certificates.verify import NOT_JSON

    list_path = Path(certs) / "status-list.json"
    if not list_path.is_file():
        raise FileNotFoundError(NO_STATUS_LIST.format(path=certs))
    try:
        credential = json.loads(Path(credential_path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        credential = None
    if not isinstance(credential, dict):
        raise ValueError(NOT_JSON.format(path=credential_path))
    private = load_private_key(key)
    try:
        status_list = json.loads(list_path.read_text(encoding="utf-8"))
        method = str(status_list["proof"]["verificationMethod"])
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        raise ValueError(BAD_LIST.format(path=list_path, detail="no signed proof")) from None
    if not method.endswith("#" + public_multikey(private.public_key())):
        raise ValueError(OTHER_KEY.format(key=key, method=method))
    updated = set_revoked(credential, status_list, str(list_path))
    return _write_json(list_path, sign(updated, private, method, now()))
