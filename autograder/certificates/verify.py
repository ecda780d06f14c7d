"""``faircourse verify``: is this credential genuine, unchanged, current and not revoked?

Checks, in order, each with its reason on failure: the file is a JSON object; it is an
OpenBadgeCredential with the pinned contexts; every term is defined (nothing unsigned rides
along); the issuer key (a did:key resolves offline; any other issuer needs its profile
file); the Data Integrity proof; the dates; and, given the issuer's status list, revocation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from autograder.certificates.contexts import OB_V3, VC_V2
from autograder.certificates.keys import public_key_from_multikey, resolve_did_key
from autograder.certificates.proof import UNDEFINED, undefined_values, verify_signature
from autograder.certificates.status import is_revoked

__all__ = ["Verification", "issuer_id_of", "verify_credential"]

PROFILE_NAME = "issuer-profile.json"
NO_FILE = "no credential file {path}"
NOT_JSON = "{path} is not a JSON credential (not a JSON object)"
NOT_OB = "not an Open Badges 3.0 credential: {detail}"
NO_PROFILE = (
    "the issuer {issuer!r} is not a did:key, so its key is in its profile: give it with "
    "--issuer-profile (default: issuer-profile.json beside the credential or one folder up)"
)
BAD_PROFILE = "issuer profile {path}: {detail}"
WRONG_ISSUER = "the proof's key belongs to {found!r}, not to the credential's issuer {issuer!r}"
NOT_EXPECTED = "the issuer is {found!r}, not the expected {expected!r}"
BAD_DATE = "{field} is not a date-time: {value!r}"
NOT_YET = "not yet valid: validFrom is {value} (now {now})"
EXPIRED = "expired: validUntil was {value} (now {now})"
FUTURE_PROOF = "the proof was created in the future ({value}; now {now})"
LIST_UNREADABLE = "status list {path} is not a readable JSON file"
LIST_ISSUER = "status list {path} was not issued by {issuer}"
REVOKED = "revoked: the issuer's status list {url} marks this credential as revoked"


@dataclass
class Verification:
    """What was checked; ``ok`` only when every check passed."""

    checks: list[tuple[str, str]] = field(default_factory=list)  # (check, what was found)
    error: str = ""
    issuer: str = ""
    key_source: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def issuer_id_of(credential: dict) -> str:
    issuer = credential.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else str(issuer or "")


def _date(credential: dict, key: str, where: dict | None = None) -> datetime | None:
    value = (where or credential).get(key)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(BAD_DATE.format(field=key, value=value)) from None
    if parsed.tzinfo is None:
        raise ValueError(BAD_DATE.format(field=key, value=value))
    return parsed


def _structure(credential: dict) -> None:
    context = credential.get("@context")
    if not isinstance(context, list) or context[:2] != [VC_V2, OB_V3]:
        raise ValueError(NOT_OB.format(detail=f"@context must start with {VC_V2}, {OB_V3}"))
    types = credential.get("type", [])
    if not {"VerifiableCredential", "OpenBadgeCredential"} <= set(types):
        raise ValueError(NOT_OB.format(detail=f"type is {types!r}"))
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise ValueError(NOT_OB.format(detail="no credentialSubject.achievement"))
    if not issuer_id_of(credential):
        raise ValueError(NOT_OB.format(detail="no issuer"))


def _key_from_profile(credential: dict, method: str, path: Path):
    issuer = issuer_id_of(credential)
    try:
        profile = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        raise ValueError(BAD_PROFILE.format(path=path, detail="not a readable JSON file")) from None
    if not isinstance(profile, dict) or profile.get("id") != issuer:
        raise ValueError(BAD_PROFILE.format(path=path, detail=f"its id is not {issuer!r}"))
    for vm in profile.get("verificationMethod", []):
        if isinstance(vm, dict) and vm.get("id") == method:
            if vm.get("controller") != issuer or vm.get("type") != "Multikey":
                detail = f"key {method} is not a Multikey controlled by {issuer}"
                raise ValueError(BAD_PROFILE.format(path=path, detail=detail))
            return public_key_from_multikey(vm.get("publicKeyMultibase", ""))
    raise ValueError(BAD_PROFILE.format(path=path, detail=f"no verificationMethod {method!r}"))


def _public_key(credential: dict, source: Path, profile: Path | None, result: Verification):
    issuer = issuer_id_of(credential)
    method = credential["proof"].get("verificationMethod", "")
    if str(method).startswith("did:key:"):
        did, key = resolve_did_key(method)
        if did != issuer:
            raise ValueError(WRONG_ISSUER.format(found=did, issuer=issuer))
        result.key_source = "did:key (the key is the issuer's identifier; resolved offline)"
        return key
    if not str(method).startswith(issuer + "#"):
        raise ValueError(WRONG_ISSUER.format(found=str(method).partition("#")[0], issuer=issuer))
    # Beside the credential, or one level up (CERTS/issuer-profile.json, CERTS/<student>/...).
    near = [source.parent / PROFILE_NAME, source.parent.parent / PROFILE_NAME]
    path = Path(profile) if profile else next((p for p in near if p.is_file()), near[0])
    if not path.is_file():
        raise ValueError(NO_PROFILE.format(issuer=issuer))
    key = _key_from_profile(credential, method, path)
    result.key_source = f"issuer profile {path} (check it is the one published at {issuer})"
    return key


def verify_credential(
    path: Path,
    *,
    issuer_profile: Path | None = None,
    status_list: Path | None = None,
    expect_issuer: str | None = None,
    at: datetime | None = None,
) -> Verification:
    """Verify the credential in ``path``; the result's ``error`` gives the first failure.

    ``issuer_profile``: the profile of an issuer that is not a did:key (default: the file
    ``issuer-profile.json`` beside the credential or one folder up); ``status_list``: the
    issuer's published list, to check revocation; ``expect_issuer``: fail unless the issuer
    is this id; ``at``: the time to check the dates against (default: now).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "credential.json"
    >>> _ = path.write_text('{"type": ["VerifiableCredential"]}')
    >>> verify_credential(path).error
    'not an Open Badges 3.0 credential: @context must start with https://www.w3.org/ns/...'
    """
    path = Path(path)
    result = Verification()
    at = at or datetime.now(UTC)
    try:
        if not path.is_file():
            raise FileNotFoundError(NO_FILE.format(path=path))
        try:
            credential = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            credential = None
        if not isinstance(credential, dict):
            raise ValueError(NOT_JSON.format(path=path))
        _structure(credential)
        result.issuer = issuer_id_of(credential)
        result.checks.append(("format", "OpenBadgeCredential, VC 2.0 and OB 3.0.3 contexts"))
        if expect_issuer and result.issuer != expect_issuer:
            raise ValueError(NOT_EXPECTED.format(found=result.issuer, expected=expect_issuer))
        if leftover := undefined_values(credential):
            raise ValueError(UNDEFINED.format(n=len(leftover), what="credential", keys=leftover))
        result.checks.append(("terms", "every field is defined by the contexts (and signed)"))
        if not isinstance(credential.get("proof"), dict):
            raise ValueError("the credential has no proof: it was not signed")
        key = _public_key(credential, path, issuer_profile, result)
        result.checks.append(("issuer key", result.key_source))
        verify_signature(credential, key)
        result.checks.append(("proof", "DataIntegrityProof eddsa-rdfc-2022 signature is valid"))
        _dates(credential, at)
        result.checks.append(("dates", f"valid from {credential['validFrom']}"))
        if status_list:
            _revocation(credential, Path(status_list), key)
            result.checks.append(("revocation", f"not revoked in {status_list}"))
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        result.error = str(exc)
    return result


def _dates(credential: dict, at: datetime) -> None:
    stamp = at.replace(microsecond=0).isoformat()
    valid_from = _date(credential, "validFrom")
    if valid_from is None:
        raise ValueError(NOT_OB.format(detail="no validFrom"))
    if valid_from > at:
        raise ValueError(NOT_YET.format(value=credential["validFrom"], now=stamp))
    valid_until = _date(credential, "validUntil")
    if valid_until is not None and valid_until <= at:
        raise ValueError(EXPIRED.format(value=credential["validUntil"], now=stamp))
    created = _date(credential, "created", credential["proof"])
    if created is not None and created > at:
        raise ValueError(FUTURE_PROOF.format(value=credential["proof"]["created"], now=stamp))


def _revocation(credential: dict, path: Path, key) -> None:
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        raise ValueError(LIST_UNREADABLE.format(path=path)) from None
    if not isinstance(status, dict) or status.get("issuer") != issuer_id_of(credential):
        raise ValueError(LIST_ISSUER.format(path=path, issuer=issuer_id_of(credential)))
    try:
        verify_signature(status, key)
    except ValueError as exc:
        raise ValueError(f"status list {path}: {exc}") from None
    if is_revoked(credential, status, str(path)):
        raise ValueError(REVOKED.format(url=status.get("id")))
