"""The JSON-LD contexts a credential may name, served offline, and RDF canonicalisation.

Canonicalising a credential resolves every ``@context`` it names. Fetching them at run time
would need the network and would let a context host change what a signature covers, so the
two contexts an Open Badges 3.0 credential needs are read from files installed with the
``openbadgeslib`` package (PyPI; its ``ob3/contexts`` folder records where and when each was
captured) and checked against the SHA-256 pinned here. The document loader refuses every
other URL, so signing and verifying never leave the machine.

- ``https://www.w3.org/ns/credentials/v2``: W3C Verifiable Credentials Data Model 2.0
  context (W3C Software and Document License); it also defines the Data Integrity proof
  and Bitstring Status List terms. Its hash is the one the W3C publishes for it.
- ``https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json``: 1EdTech Open Badges 3.0
  context, as published at that address (1EdTech, formerly IMS Global, Specification
  Document License: copies must be unmodified and keep its notices).

Neither file is in this repository: they come, unmodified, with the openbadgeslib package
(LGPL-3.0-or-later; only its data files are read).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources

__all__ = ["CONTEXTS", "OB_V3", "VC_V2", "canonize", "document_loader", "expand"]

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# url -> (file in openbadgeslib/ob3/contexts, its SHA-256)
CONTEXTS = {
    VC_V2: (
        "credentials-v2.json",
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    ),
    OB_V3: (
        "ob-v3p0-context-3.0.3.json",
        "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84",
    ),
}
REFUSED_URL = (
    "the credential names the context {url!r}, which is not one of the pinned offline "
    "contexts ({known}); nothing is fetched from the network"
)
CHANGED_CONTEXT = (
    "the installed context file {name} does not have the pinned SHA-256 {sha}: reinstall "
    "the package openbadgeslib at the version pyproject.toml names"
)
MISSING_CONTEXTS = "the JSON-LD context files are missing: install openbadgeslib (pip install -e .)"


@cache
def _context(url: str) -> dict:
    name, sha = CONTEXTS[url]
    try:
        data = (resources.files("openbadgeslib.ob3") / "contexts" / name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        raise RuntimeError(MISSING_CONTEXTS) from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise RuntimeError(CHANGED_CONTEXT.format(name=name, sha=sha))
    return json.loads(data)


def document_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader serving the pinned contexts and refusing every other URL.

    Examples
    --------
    >>> document_loader(VC_V2)["document"]["@context"]["@protected"]
    True
    >>> document_loader("https://example.com/evil.json")
    Traceback (most recent call last):
    ...
    ValueError: the credential names the context 'https://example.com/evil.json', ...
    """
    if url not in CONTEXTS:
        raise ValueError(REFUSED_URL.format(url=url, known=", ".join(CONTEXTS)))
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": _context(url),
    }


def _ignore(term) -> None:
    return None


def _options(extra: dict | None = None) -> dict:
    return {"documentLoader": document_loader, **(extra or {})}


def _unwrap(exc: Exception) -> Exception:
    """pyld wraps the loader's refusal in its own errors: find our message inside."""
    seen = exc
    while seen is not None:
        if isinstance(seen, ValueError) and str(seen).startswith("the credential names"):
            return seen
        seen = getattr(seen, "cause", None) or seen.__cause__ or seen.__context__
    return exc


def canonize(document: dict) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) as N-Quads.

    Examples
    --------
    >>> doc = {"@context": [VC_V2], "type": "VerifiableCredential"}
    >>> canonize(doc).split()[2]
    '<https://www.w3.org/2018/credentials#VerifiableCredential>'
    """
    from pyld import jsonld

    options = _options({"algorithm": "URDNA2015", "format": "application/n-quads"})
    try:
        return jsonld.normalize(document, options)
    except jsonld.JsonLdError as exc:
        raise _unwrap(exc) from None


def expand(document: dict, on_dropped=None) -> list:
    """JSON-LD expansion with the offline loader; ``on_dropped(term)`` hears each term that
    no context defines (expansion drops it)."""
    from pyld import jsonld

    try:
        return jsonld.expand(document, _options(), on_property_dropped=on_dropped or _ignore)
    except jsonld.JsonLdError as exc:
        raise _unwrap(exc) from None
