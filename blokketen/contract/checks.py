"""Checks of user input before anything is encoded or sent, shared by every pilot.

Each check returns the value in the form the ABI encoder wants, or raises InputError
naming the caller's field, so a bad argument never reaches the chain. The integer bounds of
the Solidity types are defined here once. The checks need no chain (only a keccak), so a
pilot's pure domain code may use them too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from blokketen._exceptions import InputError

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

UINT8_MAX = 2**8 - 1
UINT16_MAX = 2**16 - 1
UINT32_MAX = 2**32 - 1
UINT48_MAX = 2**48 - 1
UINT64_MAX = 2**64 - 1
UINT256_MAX = 2**256 - 1


_HEX_DIGITS = frozenset("0123456789abcdef")


def address(field: str, value: Any, *, zero_ok: bool = False) -> str:
    """A checksummed address (``0x`` and 40 hex digits; mixed case must carry a valid
    EIP-55 checksum); the zero address only with ``zero_ok``."""
    from eth_hash.auto import keccak

    if not isinstance(value, str) or len(value) != 42 or value[:2] not in ("0x", "0X"):
        raise InputError(field, f"not an address: {_shown(value)}")
    digits = value[2:]
    lower = digits.lower()
    if not _HEX_DIGITS.issuperset(lower):
        raise InputError(field, f"not an address: {_shown(value)}")
    if not zero_ok and int(lower, 16) == 0:
        raise InputError(field, "the zero address is not allowed")
    hashed = keccak(lower.encode("ascii")).hex()
    checksummed = "".join(c.upper() if h >= "8" else c for c, h in zip(lower, hashed, strict=False))
    if digits not in (lower, lower.upper(), checksummed):
        raise InputError(field, f"bad EIP-55 checksum: {_shown(value)}")
    return "0x" + checksummed


def word32(field: str, value: Any, *, zero_ok: bool = True, text_ok: bool = True) -> bytes:
    """32 bytes (a hash, a salt, a root), from bytes or (with ``text_ok``) a hex string."""
    if isinstance(value, str) and not text_ok:
        raise InputError(field, "must be 32 bytes, not text")
    if isinstance(value, str):
        text = value[2:] if value.startswith(("0x", "0X")) else value
        try:
            value = bytes.fromhex(text)
        except ValueError:
            raise InputError(field, f"not hex: {_shown(value)}") from None
    if not isinstance(value, bytes | bytearray) or len(value) != 32:
        raise InputError(field, "must be 32 bytes (a keccak256 or sha256 hash)")
    if not zero_ok and not any(value):
        raise InputError(field, "must not be zero")
    return bytes(value)


def hash32(field: str, value: Any, *, text_ok: bool = True) -> bytes:
    """A non-zero 32-byte hash."""
    return word32(field, value, zero_ok=False, text_ok=text_ok)


def words32(field: str, values: Any, *, text_ok: bool = True) -> list[bytes]:
    """A list of 32-byte words (a Merkle proof), each checked by :func:`word32`."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InputError(field, "must be a list of 32-byte words")
    return [word32(field, value, text_ok=text_ok) for value in values]


def instance(field: str, value: Any, kind: type[T]) -> T:
    """``value`` itself when it is a ``kind``; InputError naming ``field`` otherwise."""
    if not isinstance(value, kind):
        raise InputError(field, f"a {kind.__name__} expected, not {type(value).__name__}")
    return value


def uint(field: str, value: Any, *, maximum: int, minimum: int = 0) -> int:
    """A whole number (not a bool) from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        top = f"2**{maximum.bit_length()} - 1" if maximum > 10**9 and maximum & (
            maximum + 1) == 0 else str(maximum)
        raise InputError(field, f"a whole number from {minimum} to {top} expected, "
                         f"not {_shown(value)}")
    return value


def serial(field: str, value: Any) -> int:
    """An id that a contract hands out, counting from 1 (a uint256)."""
    return uint(field, value, maximum=UINT256_MAX, minimum=1)


def timestamp(field: str, value: Any) -> int:
    """Unix seconds from an int or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InputError(field, "a datetime needs a time zone")
        value = int(value.timestamp())
    return uint(field, value, maximum=UINT64_MAX, minimum=1)


def member(field: str, value: Any, kind: type[E]) -> E:
    """A member of the enum ``kind``: the member itself, its number, or its name in any
    case with ``-`` or a blank for ``_`` (``nature-reserve``, ``FRAUD``, ``3``)."""
    if isinstance(value, kind):
        return value
    number: Any = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip().upper().replace("-", "_").replace(" ", "_")
        if text in kind.__members__:
            return kind[text]
        number = int(text) if text.isdigit() else None
    if number is not None and number in kind._value2member_map_:
        return kind(number)
    names = ", ".join(m.name.lower().replace("_", "-") for m in kind)
    raise InputError(field, f"one of {names}, not {_shown(value)}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
