"""The Open Badges 3.0 credential of one learner who met the certificate rule.

The learner is named by a salted SHA-256 of their student id (an OB 3.0 ``IdentityObject``,
``identityType: "identifier"``): a verifier who is told the id can check it, nobody else can
read it. The learner's name is added, unhashed, only when the instructor gives a roster.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path

from autograder.certificates.contexts import OB_V3, VC_V2

__all__ = ["Issuer", "build_credential", "identity_hash", "now", "read_issuer"]

ISSUER_FIELDS = {
    "name": "the issuing organisation or instructor, shown on the certificate (required)",
    "url": "its web page (https://...)",
    "email": "a contact address",
    "description": "one sentence about the issuer",
    "id": "a URL that identifies the issuer and publishes its profile (default: the did:key)",
    "achievement_name": "the certificate's title (default 'Fair ML Certificate')",
    "status_list_url": "where you publish the revocation list (enables `faircourse revoke`)",
}
NO_ISSUER = "no issuer file {path}: write a JSON object with at least a 'name'"
BAD_ISSUER_JSON = "issuer file {path} is not a JSON object"
ISSUER_FIELD = "issuer file {path}: field {field!r} {problem}"
UNKNOWN_FIELD = "issuer file {path}: unknown field {field!r}; known fields: {known}"
ACHIEVEMENT = "Fair ML Certificate"


class Issuer(dict):
    """The issuer file's fields, checked (a ``dict``)."""

    @property
    def is_did(self) -> bool:
        return "id" not in self


def read_issuer(path: Path) -> Issuer:
    """Read and check ``ISSUER.json``; every problem names the field."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(NO_ISSUER.format(path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise ValueError(BAD_ISSUER_JSON.format(path=path))
    for field in data:
        if field not in ISSUER_FIELDS:
            raise ValueError(
                UNKNOWN_FIELD.format(path=path, field=field, known=list(ISSUER_FIELDS))
            )
    for field, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(ISSUER_FIELD.format(path=path, field=field, problem="must be text"))
    if "name" not in data:
        raise ValueError(ISSUER_FIELD.format(path=path, field="name", problem="is missing"))
    for field in ("url", "id", "status_list_url"):
        if field in data and not data[field].startswith("https://"):
            problem = f"must be an https:// URL, got {data[field]!r}"
            raise ValueError(ISSUER_FIELD.format(path=path, field=field, problem=problem))
    if "email" in data and "@" not in data["email"]:
        problem = f"is not an email address: {data['email']!r}"
        raise ValueError(ISSUER_FIELD.format(path=path, field="email", problem=problem))
    return Issuer(data)


def now() -> str:
    """The current UTC time as an XML Schema dateTime to the second (``...Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def identity_hash(student_id: str, salt: str) -> str:
    """OB 3.0's ``identityHash``: ``sha256$`` + hex SHA-256 of the id followed by the salt.

    Examples
    --------
    >>> identity_hash("ana", "s")  # sha256(b"anas")
    'sha256$1df38cbe202365fc6f2265391ef6aad4e52c7c09ce837bd191e4081b8749e341'
    """
    return "sha256$" + hashlib.sha256((student_id + salt).encode()).hexdigest()


def _profile(issuer: Issuer, issuer_id: str) -> dict:
    profile = {"id": issuer_id, "type": ["Profile"], "name": issuer["name"]}
    for field in ("url", "email", "description"):
        if field in issuer:
            profile[field] = issuer[field]
    return profile


def _achievement(issuer: Issuer, issuer_id: str, modules: list, threshold: float) -> dict:
    # One stable id per issuer: every certificate it issues is the same achievement.
    achievement_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, issuer_id + "#certificate"))
    names = ", ".join(r.module for r in modules)
    return {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": issuer.get("achievement_name", ACHIEVEMENT),
        "description": (
            "A certificate course on fairness in machine learning: measuring, explaining and "
            "mitigating bias, graded by automated and written assessments."
        ),
        "criteria": {
            "narrative": (
                f"At least {threshold:g} % of the points of every module ({names}), "
                "written answers included once graded."
            )
        },
        "resultDescription": [
            {
                "id": f"{achievement_id}#{r.module}",
                "type": ["ResultDescription"],
                "name": r.module,
                "resultType": "RawScore",
                "valueMin": "0",
                "valueMax": f"{r.max_score:g}",
                "requiredValue": f"{r.required:g}",
            }
            for r in modules
        ],
    }


def build_credential(
    student_id: str,
    modules: list,
    *,
    issuer: Issuer,
    issuer_id: str,
    threshold: float,
    name: str | None = None,
    valid_from: str | None = None,
    status: dict | None = None,
) -> dict:
    """The unsigned OpenBadgeCredential of ``student_id`` with their module results.

    ``modules`` are the learner's :class:`autograder.progress.ModuleResult` rows; ``status``
    an optional ``credentialStatus`` entry (:mod:`autograder.certificates.status`).
    """
    salt = secrets.token_hex(16)
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "identifier",
            "hashed": True,
            "identityHash": identity_hash(student_id, salt),
            "salt": salt,
        }
    ]
    if name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": name,
            }
        )
    achievement = _achievement(issuer, issuer_id, modules, threshold)
    results = [
        {
            "type": ["Result"],
            "resultDescription": f"{achievement['id']}#{r.module}",
            "value": f"{r.score:g}",
            "status": "Completed",
        }
        for r in modules
    ]
    credential = {
        "@context": [VC_V2, OB_V3],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "issuer": _profile(issuer, issuer_id),
        "validFrom": valid_from or now(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement,
            "result": results,
        },
    }
    if status:
        credential["credentialStatus"] = status
    return credential
