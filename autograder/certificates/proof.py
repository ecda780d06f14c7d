"""Data Integrity proofs with the cryptosuite eddsa-rdfc-2022 (W3C vc-di-eddsa).

hashData = SHA-256(canonical proof options) || SHA-256(canonical document), both canonical
forms RDFC-1.0 N-Quads; the signature is Ed25519 over hashData, and ``proofValue`` is its
base58btc multibase.
"""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from autograder.certificates._multibase import multibase_decode, multibase_encode
from autograder.certificates.contexts import canonize, expand

__all__ = ["hash_data", "sign", "undefined_values", "verify_signature"]

CRYPTOSUITE = "eddsa-rdfc-2022"
NO_PROOF = "the credential has no proof: it was not signed"
BAD_PROOF = "the proof is not a DataIntegrityProof with cryptosuite eddsa-rdfc-2022: {detail}"
BAD_PROOF_VALUE = "the proof's proofValue is not a base58btc Ed25519 signature"
BAD_SIGNATURE = (
    "the signature does not match: the credential was changed after it was signed (a score, "
    "a name, a date or any other field), or it was not signed with the issuer's key"
)
UNDEFINED = (
    "{n} value(s) in the {what} are not defined by its @context (no signature covers them): {keys}"
)


def _split(document: dict) -> tuple[dict, dict]:
    """The unsecured document and the proof options (the proof without its proofValue, with
    the document's @context), as the cryptosuite hashes them."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ValueError(NO_PROOF)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = document.get("@context")
    return unsecured, options


def hash_data(unsecured: dict, options: dict) -> bytes:
    """SHA-256(canonical options) followed by SHA-256(canonical document): 64 bytes."""
    proof_hash = hashlib.sha256(canonize(options).encode()).digest()
    doc_hash = hashlib.sha256(canonize(unsecured).encode()).digest()
    return proof_hash + doc_hash


def sign(document: dict, key: Ed25519PrivateKey, verification_method: str, created: str) -> dict:
    """Return ``document`` with an embedded eddsa-rdfc-2022 proof (``document`` is unchanged)."""
    if leftover := undefined_values(document):
        raise ValueError(UNDEFINED.format(n=len(leftover), what="credential", keys=leftover))
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {**proof, "@context": document["@context"]}
    signature = key.sign(hash_data(unsecured, options))
    return {**unsecured, "proof": {**proof, "proofValue": multibase_encode(signature)}}


def check_proof_options(proof: dict) -> None:
    """The proof's own fields, before any cryptography."""
    problems = []
    if proof.get("type") != "DataIntegrityProof":
        problems.append(f"type is {proof.get('type')!r}")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        problems.append(f"cryptosuite is {proof.get('cryptosuite')!r}")
    if proof.get("proofPurpose") != "assertionMethod":
        problems.append(f"proofPurpose is {proof.get('proofPurpose')!r}")
    if not isinstance(proof.get("verificationMethod"), str):
        problems.append("verificationMethod is missing")
    if problems:
        raise ValueError(BAD_PROOF.format(detail="; ".join(problems)))


def verify_signature(document: dict, public: Ed25519PublicKey) -> None:
    """Raise ``ValueError`` with the reason unless ``document``'s proof verifies with ``public``."""
    unsecured, options = _split(document)
    check_proof_options(document["proof"])
    try:
        signature = multibase_decode(document["proof"].get("proofValue", ""))
    except ValueError:
        raise ValueError(BAD_PROOF_VALUE) from None
    if len(signature) != 64:
        raise ValueError(BAD_PROOF_VALUE)
    try:
        public.verify(signature, hash_data(unsecured, options))
    except InvalidSignature:
        raise ValueError(BAD_SIGNATURE) from None


def _relative_types(node, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _relative_types(item, out)
    elif isinstance(node, dict) and "@value" not in node:
        types = node.get("@type", [])
        out.extend(f"type {t}" for t in types if ":" not in t)
        for key, value in node.items():
            if key != "@type":
                _relative_types(value, out)


def undefined_values(document: dict) -> list[str]:
    """The terms JSON-LD would drop because no context of ``document`` defines them.

    JSON-LD silently drops an undefined term, so a field such as ``"grade": "A+"`` added to a
    signed credential would change nothing the signature covers: a verifier must refuse it
    (the "safe mode" of the Data Integrity specification). Undefined types are named too.

    Examples
    --------
    >>> from autograder.certificates.contexts import VC_V2
    >>> undefined_values({"@context": [VC_V2], "type": "VerifiableCredential", "grade": "A"})
    ['grade']
    """
    dropped: list[str] = []
    expanded = expand(document, on_dropped=lambda term: dropped.append(str(term)))
    _relative_types(expanded, dropped)
    return list(dict.fromkeys(dropped))
