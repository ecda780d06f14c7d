"""Revocation with a Bitstring Status List (W3C Bitstring Status List v1.0).

Each credential points at one bit of a list the instructor publishes (``status_list_url``
in the issuer file); the list is itself a credential the instructor signs. Revoking sets
the bit and re-signs the list. Indexes are drawn at random among the unused ones, so a
credential's index says nothing about when it was issued or about its holder.
"""

from __future__ import annotations

import base64
import gzip
import json
import secrets
from pathlib import Path

from autograder.certificates.contexts import VC_V2

__all__ = [
    "LIST_BITS",
    "allocate_index",
    "is_revoked",
    "new_status_list",
    "set_revoked",
    "status_entry",
]

LIST_BITS = 131_072  # 16 KiB, the specification's minimum: herd privacy
NO_STATUS = (
    "the credential has no credentialStatus: it cannot be revoked (it was issued without a "
    "status_list_url in the issuer file)"
)
WRONG_LIST = "the status list {path} is {found!r}, but the credential points at {expected!r}"
BAD_LIST = "the status list {path} is not a BitstringStatusListCredential: {detail}"
FULL = "the status list is full: all {n} indexes are used"


def status_entry(list_url: str, index: int) -> dict:
    """The ``credentialStatus`` entry of a credential at ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def _encode(bits: bytearray) -> str:
    # Multibase base64url without padding ("u"), of the GZIP-compressed bitstring.
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def _decode(encoded: str) -> bytearray:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList is not base64url multibase ('u...')")
    body = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    return bytearray(gzip.decompress(base64.urlsafe_b64decode(body)))


def new_status_list(list_url: str, issuer_id: str, valid_from: str) -> dict:
    """An unsigned BitstringStatusListCredential with every bit clear."""
    return {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": _encode(bytearray(LIST_BITS // 8)),
        },
    }


def _bits(status_list: dict, path) -> bytearray:
    subject = status_list.get("credentialSubject")
    if "BitstringStatusListCredential" not in status_list.get("type", []) or not isinstance(
        subject, dict
    ):
        raise ValueError(BAD_LIST.format(path=path, detail="wrong type or no credentialSubject"))
    try:
        return _decode(subject.get("encodedList"))
    except (ValueError, OSError, EOFError) as exc:
        raise ValueError(BAD_LIST.format(path=path, detail=exc)) from None


def _index(credential: dict, status_list: dict, path) -> int:
    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict):
        raise ValueError(NO_STATUS)
    if entry.get("statusListCredential") != status_list.get("id"):
        raise ValueError(
            WRONG_LIST.format(
                path=path, found=status_list.get("id"), expected=entry.get("statusListCredential")
            )
        )
    return int(entry["statusListIndex"])


def is_revoked(credential: dict, status_list: dict, path: str = "") -> bool:
    """Whether the credential's bit is set (the list's first bit is the left-most bit).

    Examples
    --------
    >>> lst = new_status_list("https://x.example/status", "did:key:z", "2025-01-01T00:00:00Z")
    >>> cred = {"credentialStatus": status_entry("https://x.example/status", 9)}
    >>> is_revoked(cred, lst), is_revoked(cred, set_revoked(cred, lst))
    (False, True)
    """
    bits = _bits(status_list, path)
    index = _index(credential, status_list, path)
    if not 0 <= index < 8 * len(bits):
        raise ValueError(BAD_LIST.format(path=path, detail=f"index {index} is outside the list"))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_revoked(credential: dict, status_list: dict, path: str = "") -> dict:
    """A copy of ``status_list`` with the credential's bit set (unsigned: sign it again)."""
    bits = _bits(status_list, path)
    index = _index(credential, status_list, path)
    bits[index // 8] |= 0x80 >> (index % 8)
    copy = json.loads(json.dumps({k: v for k, v in status_list.items() if k != "proof"}))
    copy["credentialSubject"]["encodedList"] = _encode(bits)
    return copy


def allocate_index(register: Path) -> int:
    """A random index not yet in ``register`` (the issuer's private list of issued credentials)."""
    used = set()
    if Path(register).is_file():
        used = {int(e["status_index"]) for e in json.loads(Path(register).read_text())}
    if len(used) >= LIST_BITS:
        raise ValueError(FULL.format(n=LIST_BITS))
    while (index := secrets.randbelow(LIST_BITS)) in used:
        pass
    return index
