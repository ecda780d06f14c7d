"""Hidden-case seeds: drawn on the grading host from an instructor's secret and the learner.

Each learner's hidden cases come from seeds derived with HMAC-SHA256 from a secret key kept
in the course folder (never in the repository, never in a sandbox), the assignment, the
question and the learner's id. A regrade with the same key draws the same cases, so grades
are reproducible; the public repository's code gives nothing, and two learners get different
cases, so hidden inputs shared between them are worth nothing either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

__all__ = ["SECRET_BYTES", "hidden_seeds", "load_or_create_secret", "secret_id"]

SECRET_BYTES = 32
BAD_SECRET = (
    "grading secret {path}: expected {n} random bytes as hex on one line; "
    "restore the file you had (or delete it to start a new one, which changes hidden tests)"
)
NEW_SECRET = (
    "created a new grading secret in {path}: keep it private, outside the course repository, "
    "and keep a copy: regrades draw the same hidden tests only with the same secret"
)


def load_or_create_secret(path: Path) -> tuple[bytes, bool]:
    """The secret in ``path`` (hex), created with mode 0600 if missing; (key, created).

    Raises
    ------
    ValueError
        If the file exists but does not hold a valid key (message :data:`BAD_SECRET`).
    """
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(SECRET_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex() + "\n")
        return key, True
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != SECRET_BYTES:
        raise ValueError(BAD_SECRET.format(path=path, n=SECRET_BYTES))
    return key, False


def secret_id(key: bytes) -> str:
    """A short public name of a key (for cache fingerprints and logs), not the key.

    Examples
    --------
    >>> len(secret_id(bytes(32)))
    16
    """
    return hmac.new(key, b"faircourse key id", hashlib.sha256).hexdigest()[:16]


def hidden_seeds(
    key: bytes, assignment: str, question: str, student: str, *, count: int = 1
) -> list[int]:
    """``count`` seeds of one learner's hidden cases for one question.

    Examples
    --------
    >>> a = hidden_seeds(bytes(32), "m00-orientation", "q1", "alice")
    >>> a == hidden_seeds(bytes(32), "m00-orientation", "q1", "alice")
    True
    >>> a == hidden_seeds(bytes(32), "m00-orientation", "q1", "bob")
    False
    """
    seeds = []
    for k in range(count):
        message = "\0".join((assignment, question, student, str(k))).encode()
        digest = hmac.new(key, message, hashlib.sha256).digest()
        seeds.append(int.from_bytes(digest[:8], "big") >> 1)
    return seeds
