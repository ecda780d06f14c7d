"""The instructor's Ed25519 signing key, and did:key identifiers for its public half.

The private key lives in one PEM file (PKCS #8) with mode 0600, outside any git work tree,
and is never printed: commands show only the public did:key.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from autograder.certificates._multibase import (
    ED25519_PUBLIC,
    multibase_decode,
    multibase_encode,
)

__all__ = [
    "did_key",
    "generate_key",
    "load_private_key",
    "public_key_from_multikey",
    "public_multikey",
    "resolve_did_key",
]

KEY_EXISTS = "key file {path} exists already: keygen never overwrites a key (choose another path)"
KEY_IN_REPO = (
    "key file {path} would be inside the git work tree {repo}: keep the signing key outside "
    "the repository (e.g. ~/.faircourse/issuer.key)"
)
NO_KEY = "no key file {path}: create one with `faircourse keygen --out {path}`"
KEY_MODE = (
    "key file {path} has mode {mode:o}: others could read the signing key; run `chmod 600 {path}`"
)
NOT_A_KEY = (
    "key file {path} is not an Ed25519 private key in PEM form (made by `faircourse keygen`)"
)
NOT_DID_KEY = "not an Ed25519 did:key: {value!r} (expected did:key:z6Mk...)"
NOT_MULTIKEY = "not an Ed25519 Multikey: {value!r} (expected z6Mk...)"


def _git_root(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / ".git").exists():
            return folder
    return None


def generate_key(path: Path) -> Ed25519PublicKey:
    """Write a new Ed25519 private key to ``path`` (mode 0600) and return its public key.

    Refuses an existing file and a path inside a git work tree.
    """
    path = Path(path).expanduser().absolute()
    if repo := _git_root(path):
        raise ValueError(KEY_IN_REPO.format(path=path, repo=repo))
    if path.exists():
        raise ValueError(KEY_EXISTS.format(path=path))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with 0600 from the start: no moment where the key is world-readable.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key.public_key()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read the key that :func:`generate_key` wrote; a file others can read is refused."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(NO_KEY.format(path=path))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ValueError(KEY_MODE.format(path=path, mode=mode))
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise ValueError(NOT_A_KEY.format(path=path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(NOT_A_KEY.format(path=path))
    return key


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_multikey(public: Ed25519PublicKey) -> str:
    """The Multikey form of a public key: ``z`` + base58btc(0xed01 + 32 bytes), ``z6Mk...``."""
    return multibase_encode(ED25519_PUBLIC + _raw(public))


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    """Inverse of :func:`public_multikey`.

    Examples
    --------
    >>> k = public_key_from_multikey("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    >>> public_multikey(k)
    'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2'
    """
    try:
        raw = multibase_decode(value)
    except ValueError:
        raise ValueError(NOT_MULTIKEY.format(value=value)) from None
    if len(raw) != 34 or not raw.startswith(ED25519_PUBLIC):
        raise ValueError(NOT_MULTIKEY.format(value=value))
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def did_key(public: Ed25519PublicKey) -> tuple[str, str]:
    """The did:key of a public key and its verification method (``did#fragment``)."""
    multikey = public_multikey(public)
    did = f"did:key:{multikey}"
    return did, f"{did}#{multikey}"


def resolve_did_key(verification_method: str) -> tuple[str, Ed25519PublicKey]:
    """Resolve ``did:key:z6Mk...#z6Mk...`` offline: (the DID, its public key).

    The key is in the identifier itself; the fragment must repeat it.

    Examples
    --------
    >>> did, _ = resolve_did_key(
    ...     "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    ...     "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    >>> did
    'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2'
    """
    did, _, fragment = str(verification_method).partition("#")
    if not did.startswith("did:key:z6Mk") or fragment not in ("", did[len("did:key:") :]):
        raise ValueError(NOT_DID_KEY.format(value=verification_method))
    return did, public_key_from_multikey(did[len("did:key:") :])
