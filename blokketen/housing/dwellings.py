"""Dwelling references: what the chain knows a dwelling by, without revealing which one it is.

Building-unit ids (``gebouweenheid`` ids of the address register) are public and few, so a
plain hash of one is recomputed by anyone in minutes and names the address. A dwelling
reference is therefore keyed::

    dwelling_ref = HMAC-SHA256(registrar key, "gebouweenheid:" || building-unit id)

The registrar keeps the key (32 random bytes, :func:`registrar_key`) and resolves an address
to its reference for the parties entitled to it (the landlord, the tenant). The same
reference is the one the dwelling passport (woningpas) registry keys its attestations by, so
the rent's energy correction can later name the EPC attestation of the same dwelling.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from blokketen._exceptions import InputError

__all__ = ["KEY_BYTES", "MIN_KEY_BYTES", "dwelling_ref", "registrar_key"]

KEY_BYTES = 32
"""Length of a new registrar key."""
MIN_KEY_BYTES = 16
"""A key shorter than 128 bits is refused as guessable."""

_PREFIX = "gebouweenheid:"


def registrar_key() -> bytes:
    """A new registrar key: 32 random bytes (keep it secret; losing it loses the mapping)."""
    return secrets.token_bytes(KEY_BYTES)


def dwelling_ref(key: bytes, building_unit: str | int) -> bytes:
    """The 32-byte keyed reference of building unit ``building_unit`` (its register id, such
    as ``6747170``) under the registrar's ``key``."""
    if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
        raise InputError("key", f"a registrar key of at least {MIN_KEY_BYTES} bytes expected")
    if isinstance(building_unit, bool) or not isinstance(building_unit, str | int):
        raise InputError("building_unit", f"a building-unit id expected, not {building_unit!r}")
    text = str(building_unit).strip()
    if not text or text.startswith("-"):
        raise InputError("building_unit", f"not a building-unit id: {building_unit!r}")
    message = (_PREFIX + text).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).digest()
