"""Base58btc multibase and the multicodec prefixes of Ed25519 keys (did:key, Multikey).

Small enough to write out: base58 is a change of base over the Bitcoin alphabet, where each
leading zero byte becomes a leading ``1``.
"""

from __future__ import annotations

__all__ = [
    "ED25519_PRIVATE",
    "ED25519_PUBLIC",
    "b58decode",
    "b58encode",
    "multibase_decode",
    "multibase_encode",
]

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
ED25519_PUBLIC = b"\xed\x01"  # multicodec ed25519-pub, varint-encoded
ED25519_PRIVATE = b"\x80\x26"  # multicodec ed25519-priv, varint-encoded
NOT_BASE58 = "not base58btc: {char!r} is not in the Bitcoin alphabet"
NOT_MULTIBASE = "not a base58btc multibase value (it must start with 'z'): {value!r}"


def b58encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet) of ``data``.

    Examples
    --------
    >>> b58encode(b"hello world")
    'StV1DL6CwTryKyV'
    >>> b58encode(b"\\x00\\x00\\x01")
    '112'
    """
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(ALPHABET[rest])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Inverse of :func:`b58encode`; a character outside the alphabet is a ``ValueError``.

    Examples
    --------
    >>> b58decode("StV1DL6CwTryKyV")
    b'hello world'
    """
    number = 0
    for char in text:
        if char not in _INDEX:
            raise ValueError(NOT_BASE58.format(char=char))
        number = number * 58 + _INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    """``z`` + base58btc, the multibase form of Data Integrity proofs and Multikeys."""
    return "z" + b58encode(data)


def multibase_decode(value: str) -> bytes:
    """Inverse of :func:`multibase_encode`."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError(NOT_MULTIBASE.format(value=str(value)[:20]))
    return b58decode(value[1:])
