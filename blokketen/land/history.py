"""Typed history events of the land registry, rebuilt from the contract's event logs.

Every event of ``ILandRegistry`` that concerns a parcel has a frozen dataclass here. All share
the fields of :class:`LandEvent` (the parcel, where and when it happened); the rest mirror
the Solidity event arguments in snake_case. :func:`from_record` converts a decoded log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from blokketen.land.types import LandUse, RightKind

__all__ = [
    "EVENT_CLASSES",
    "LandEvent",
    "ParcelDerived",
    "ParcelFrozen",
    "ParcelRegistered",
    "ParcelRetired",
    "ParcelTransferred",
    "ParcelUnfrozen",
    "PreemptionWaived",
    "RightAdded",
    "RightCarried",
    "RightEnded",
    "TransferAccepted",
    "TransferCancelled",
    "TransferLapsed",
    "TransferOpened",
    "TransferRevoked",
    "from_record",
]


@dataclass(frozen=True, kw_only=True)
class LandEvent:
    """Base of all parcel events: ordered by (block_number, log_index)."""

    EVENT: ClassVar[str] = ""

    capakey: str
    parcel_id: bytes
    block_number: int
    log_index: int
    tx_hash: str
    timestamp: int

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.block_number, self.log_index)


@dataclass(frozen=True, kw_only=True)
class ParcelRegistered(LandEvent):
    """A registrar registered the parcel."""

    EVENT: ClassVar[str] = "ParcelRegistered"
    owner: str
    area_m2: int
    land_use: LandUse
    deed_hash: bytes


@dataclass(frozen=True, kw_only=True)
class ParcelDerived(LandEvent):
    """A split or merge created the parcel from ``parent_keys``."""

    EVENT: ClassVar[str] = "ParcelDerived"
    owner: str
    area_m2: int
    land_use: LandUse
    survey_hash: bytes
    parent_keys: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ParcelRetired(LandEvent):
    """A split or merge retired the parcel into ``child_keys``."""

    EVENT: ClassVar[str] = "ParcelRetired"
    survey_hash: bytes
    child_keys: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class TransferOpened(LandEvent):
    """The owner opened a transfer to ``buyer``."""

    EVENT: ClassVar[str] = "TransferOpened"
    transfer_id: int
    seller: str
    buyer: str
    deed_hash: bytes
    expiry: int


@dataclass(frozen=True, kw_only=True)
class TransferAccepted(LandEvent):
    """The buyer accepted the pending transfer at parcel version ``version``."""

    EVENT: ClassVar[str] = "TransferAccepted"
    transfer_id: int
    buyer: str
    version: int


@dataclass(frozen=True, kw_only=True)
class PreemptionWaived(LandEvent):
    """A pre-emption holder waived right ``right_id`` for the transfer."""

    EVENT: ClassVar[str] = "PreemptionWaived"
    transfer_id: int
    right_id: int
    holder: str


@dataclass(frozen=True, kw_only=True)
class TransferCancelled(LandEvent):
    """Seller or buyer (``by``) cancelled the pending transfer."""

    EVENT: ClassVar[str] = "TransferCancelled"
    transfer_id: int
    by: str


@dataclass(frozen=True, kw_only=True)
class TransferLapsed(LandEvent):
    """The pending transfer expired."""

    EVENT: ClassVar[str] = "TransferLapsed"
    transfer_id: int


@dataclass(frozen=True, kw_only=True)
class TransferRevoked(LandEvent):
    """A registrar or court (``by``) revoked the pending transfer, for the reason in the
    document with hash ``reason_hash``."""

    EVENT: ClassVar[str] = "TransferRevoked"
    transfer_id: int
    by: str
    reason_hash: bytes


@dataclass(frozen=True, kw_only=True)
class ParcelTransferred(LandEvent):
    """Ownership changed; ``transfer_id`` is 0 for a transfer with signatures."""

    EVENT: ClassVar[str] = "ParcelTransferred"
    from_: str
    to: str
    deed_hash: bytes
    transfer_id: int
    notary: str
    version: int


@dataclass(frozen=True, kw_only=True)
class RightAdded(LandEvent):
    """A registrar added a right, restriction or responsibility."""

    EVENT: ClassVar[str] = "RightAdded"
    right_id: int
    kind: RightKind
    holder: str
    valid_from: int
    valid_until: int
    source_hash: bytes


@dataclass(frozen=True, kw_only=True)
class RightCarried(LandEvent):
    """A split or merge carried right ``from_right_id`` over as ``right_id``."""

    EVENT: ClassVar[str] = "RightCarried"
    right_id: int
    from_right_id: int


@dataclass(frozen=True, kw_only=True)
class RightEnded(LandEvent):
    """Right ``right_id`` ended: a registrar ended it (on document ``source_hash``), or its
    parcel was retired by a split or merge (``source_hash`` is the survey's) and the right
    lives on in the children (:class:`RightCarried`)."""

    EVENT: ClassVar[str] = "RightEnded"
    right_id: int
    source_hash: bytes


@dataclass(frozen=True, kw_only=True)
class ParcelFrozen(LandEvent):
    """A court froze the parcel in case ``case_ref``."""

    EVENT: ClassVar[str] = "ParcelFrozen"
    court: str
    case_ref: bytes


@dataclass(frozen=True, kw_only=True)
class ParcelUnfrozen(LandEvent):
    """Another court unfroze the parcel."""

    EVENT: ClassVar[str] = "ParcelUnfrozen"
    court: str
    case_ref: bytes


EVENT_CLASSES: dict[str, type[LandEvent]] = {
    cls.EVENT: cls
    for cls in (
        ParcelRegistered, ParcelDerived, ParcelRetired, TransferOpened, TransferAccepted,
        PreemptionWaived, TransferCancelled, TransferLapsed, TransferRevoked, ParcelTransferred,
        RightAdded,
        RightCarried, RightEnded, ParcelFrozen, ParcelUnfrozen,
    )
}
"""Event name -> class, for every event that carries a parcel."""

_BASE_FIELDS = {f.name for f in fields(LandEvent)}
_CONVERT: dict[str, Any] = {
    "land_use": LandUse,
    "kind": RightKind,
    "parent_keys": tuple,
    "child_keys": tuple,
}


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def from_record(name: str, args: dict[str, Any], *, block_number: int, log_index: int,
                tx_hash: str, timestamp: int) -> LandEvent:
    """The typed event for decoded log ``name`` with ABI ``args``."""
    cls = EVENT_CLASSES[name]
    values: dict[str, Any] = {}
    for abi_name, value in args.items():
        key = _snake(abi_name)
        if key == "from":
            key = "from_"
        if isinstance(value, bytes | bytearray):
            value = bytes(value)
        values[key] = _CONVERT[key](value) if key in _CONVERT else value
    own = {f.name for f in fields(cls)} - _BASE_FIELDS
    kwargs = {k: values[k] for k in own}
    return cls(
        capakey=values["capakey"],
        parcel_id=values["parcel_id"],
        block_number=block_number,
        log_index=log_index,
        tx_hash=tx_hash,
        timestamp=timestamp,
        **kwargs,
    )
