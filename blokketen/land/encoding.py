"""Calldata of ``registerParcel`` and ``registerParcels`` without eth-abi's per-call cost.

The layout is the Solidity ABI for these two signatures only (:data:`SIGNATURES`; the
importer checks them against the registry's ABI); tests compare every byte with eth-abi.
About 3 µs per record instead of about 50 µs.
"""

from __future__ import annotations

from collections.abc import Sequence

from eth_utils import keccak

from blokketen.land.types import ParcelRecord

__all__ = ["REGISTER_MANY", "REGISTER_ONE", "SIGNATURES", "register_many", "register_one"]

SIGNATURES = {
    "registerParcel": "registerParcel(string,address,uint48,uint8,bytes32)",
    "registerParcels": "registerParcels((string,address,uint48,uint8,bytes32)[])",
}
"""The functions this module encodes, by name, with the signature whose layout it writes."""
REGISTER_ONE = bytes(keccak(text=SIGNATURES["registerParcel"])[:4])
"""Selector of ``registerParcel``."""
REGISTER_MANY = bytes(keccak(text=SIGNATURES["registerParcels"])[:4])
"""Selector of ``registerParcels``."""
_WORD = 32


def _word(value: int) -> bytes:
    return value.to_bytes(_WORD, "big")


def _string(text: str) -> bytes:
    raw = text.encode("ascii")
    padded = raw + b"\x00" * (-len(raw) % _WORD)
    return _word(len(raw)) + padded


def _fields(record: ParcelRecord) -> bytes:
    """The five-field tuple (dynamic because of the string): head, then the string."""
    return (_word(5 * _WORD) + bytes(12) + bytes.fromhex(record.owner[2:])
            + _word(record.area_m2) + _word(int(record.land_use)) + record.deed_hash
            + _string(record.capakey))


def register_one(record: ParcelRecord) -> bytes:
    """Calldata of ``registerParcel(capakey, owner, areaM2, landUse, deedHash)``."""
    return REGISTER_ONE + _fields(record)


def register_many(records: Sequence[ParcelRecord]) -> bytes:
    """Calldata of ``registerParcels(ParcelRegistration[])``."""
    tuples = [_fields(r) for r in records]
    offsets = []
    position = _WORD * len(tuples)
    for item in tuples:
        offsets.append(_word(position))
        position += len(item)
    return REGISTER_MANY + _word(_WORD) + _word(len(tuples)) + b"".join(offsets) + b"".join(tuples)
