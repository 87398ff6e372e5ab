"""Checks of user input for the land registry, before anything is sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blokketen._exceptions import InputError

UINT48_MAX = 2**48 - 1
UINT64_MAX = 2**64 - 1


def address(field: str, value: Any) -> str:
    """A checksummed, non-zero address."""
    from eth_utils import is_address, to_checksum_address

    if not isinstance(value, str) or not is_address(value):
        raise InputError(field, f"not an address: {value!r}")
    if int(value, 16) == 0:
        raise InputError(field, "the zero address is not allowed")
    return str(to_checksum_address(value))


def hash32(field: str, value: Any) -> bytes:
    """A non-zero 32-byte hash, from bytes or a 0x-prefixed hex string."""
    if isinstance(value, str):
        text = value[2:] if value.startswith(("0x", "0X")) else value
        try:
            value = bytes.fromhex(text)
        except ValueError:
            raise InputError(field, f"not hex: {value!r}") from None
    if not isinstance(value, bytes | bytearray) or len(value) != 32:
        raise InputError(field, "must be 32 bytes (a keccak256 or sha256 hash)")
    if not any(value):
        raise InputError(field, "must not be zero")
    return bytes(value)


def uint(field: str, value: Any, *, maximum: int, minimum: int = 0) -> int:
    """An integer (not a bool) within ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, f"must be an integer, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise InputError(field, f"must be between {minimum} and {maximum}, got {value}")
    return value


def timestamp(field: str, value: Any) -> int:
    """Unix seconds from an int or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InputError(field, "a datetime needs a time zone")
        value = int(value.timestamp())
    return uint(field, value, maximum=UINT64_MAX, minimum=1)
