"""Checks of user input before anything is encoded or sent, shared by every client.

Each check returns the value in the form the ABI encoder wants, or raises InputError
naming the caller's field, so a bad argument never reaches the chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blokketen._exceptions import InputError

UINT16_MAX = 2**16 - 1
UINT32_MAX = 2**32 - 1
UINT48_MAX = 2**48 - 1
UINT64_MAX = 2**64 - 1
UINT256_MAX = 2**256 - 1


def address(field: str, value: Any, *, zero_ok: bool = False) -> str:
    """A checksummed address; the zero address only with ``zero_ok``."""
    from eth_utils import is_address, to_checksum_address

    if not isinstance(value, str) or not is_address(value):
        raise InputError(field, f"not an address: {_shown(value)}")
    if int(value, 16) == 0 and not zero_ok:
        raise InputError(field, "the zero address is not allowed")
    return str(to_checksum_address(value))


def word32(field: str, value: Any, *, zero_ok: bool = True) -> bytes:
    """32 bytes (a hash, a salt, a root), from bytes or a hex string."""
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


def hash32(field: str, value: Any) -> bytes:
    """A non-zero 32-byte hash."""
    return word32(field, value, zero_ok=False)


def uint(field: str, value: Any, *, maximum: int, minimum: int = 0) -> int:
    """A whole number (not a bool) from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        top = f"2**{maximum.bit_length()} - 1" if maximum > 10**9 and maximum & (
            maximum + 1) == 0 else str(maximum)
        raise InputError(field, f"a whole number from {minimum} to {top} expected, "
                         f"not {_shown(value)}")
    return value


def timestamp(field: str, value: Any) -> int:
    """Unix seconds from an int or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InputError(field, "a datetime needs a time zone")
        value = int(value.timestamp())
    return uint(field, value, maximum=UINT64_MAX, minimum=1)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
