"""Value types of the land registry: enums mirroring the contract, frozen query results and
the records of a bulk import."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

__all__ = [
    "FreezeInfo",
    "LandUse",
    "Lineage",
    "NewParcel",
    "Parcel",
    "ParcelFields",
    "ParcelRecord",
    "ParcelStatus",
    "PreemptionCheck",
    "Right",
    "RightKind",
    "Transfer",
    "TransferState",
    "TransferTerms",
]


class LandUse(IntEnum):
    """Land-use class of a parcel (``ILandRegistry.LandUse``)."""

    FOREST = 0
    NATURE_RESERVE = 1
    AGRICULTURE = 2
    OTHER = 3


class ParcelStatus(IntEnum):
    """Life cycle of a parcel (``ILandRegistry.ParcelStatus``)."""

    UNREGISTERED = 0
    ACTIVE = 1
    FROZEN = 2
    RETIRED = 3


class RightKind(IntEnum):
    """Rights, restrictions and responsibilities (``ILandRegistry.RightKind``)."""

    LEASE = 0  # pacht
    EASEMENT = 1  # erfdienstbaarheid
    MORTGAGE = 2  # hypotheek
    PRE_EMPTION = 3  # recht van voorkoop
    MANAGEMENT_PLAN = 4  # natuurbeheerplan


class TransferState(IntEnum):
    """Life cycle of a three-step transfer (``ILandRegistry.TransferState``)."""

    NONE = 0
    OPENED = 1
    ACCEPTED = 2
    COMPLETED = 3
    CANCELLED = 4
    LAPSED = 5
    REVOKED = 6  # by a registrar or a court, with a reason


@dataclass(frozen=True)
class Parcel:
    """A parcel as the registry holds it. ``deed_hash`` is the last deed (or survey) hash."""

    capakey: str
    parcel_id: bytes
    owner: str
    area_m2: int
    land_use: LandUse
    status: ParcelStatus
    version: int
    deed_hash: bytes

    @classmethod
    def from_tuple(cls, raw: tuple[Any, ...], parcel_id: bytes) -> Parcel:
        owner, area, version, land_use, status, deed_hash, capakey = raw
        return cls(
            capakey=capakey,
            parcel_id=parcel_id,
            owner=owner,
            area_m2=area,
            land_use=LandUse(land_use),
            status=ParcelStatus(status),
            version=version,
            deed_hash=bytes(deed_hash),
        )


@dataclass(frozen=True)
class Right:
    """A right, restriction or responsibility; ``valid_until`` is None when open ended.
    ``recorded_at`` is the block time the right was first recorded (a right carried over by a
    split or merge keeps the original's)."""

    id: int
    parcel_id: bytes
    kind: RightKind
    holder: str
    valid_from: int
    valid_until: int | None
    source_hash: bytes
    active: bool
    recorded_at: int

    @classmethod
    def from_tuple(cls, raw: tuple[Any, ...]) -> Right:
        (right_id, parcel_id, source_hash, holder, valid_from, kind, active, valid_until,
         recorded_at) = raw
        return cls(
            id=right_id,
            parcel_id=bytes(parcel_id),
            kind=RightKind(kind),
            holder=holder,
            valid_from=valid_from,
            valid_until=valid_until or None,
            source_hash=bytes(source_hash),
            active=active,
            recorded_at=recorded_at,
        )

    def in_force(self, at: int) -> bool:
        """Whether the right's validity window holds time ``at`` (and it has not ended)."""
        return (self.active and self.valid_from <= at
                and (self.valid_until is None or at < self.valid_until))


@dataclass(frozen=True)
class Transfer:
    """A three-step transfer, filed at ``opened_at``. ``accepted_version`` is the parcel
    version the buyer accepted (None before acceptance); a notary can authenticate only while
    the parcel is still at that version."""

    id: int
    parcel_id: bytes
    deed_hash: bytes
    seller: str
    expiry: int
    accepted_version: int | None
    buyer: str
    opened_at: int
    state: TransferState

    @classmethod
    def from_tuple(cls, transfer_id: int, raw: tuple[Any, ...]) -> Transfer:
        parcel_id, deed, seller, expiry, accepted, buyer, opened_at, state = raw
        return cls(
            id=transfer_id,
            parcel_id=bytes(parcel_id),
            deed_hash=bytes(deed),
            seller=seller,
            expiry=expiry,
            accepted_version=accepted or None,
            buyer=buyer,
            opened_at=opened_at,
            state=TransferState(state),
        )


@dataclass(frozen=True)
class PreemptionCheck:
    """Where a pre-emption right in force stands for the parcel's pending transfer: waived,
    or not and when its notice ends (``notice_ends``, a block time). The notary can
    authenticate once every right is waived or past its notice; the contract decides."""

    right_id: int
    holder: str
    waived: bool
    notice_ends: int

    def cleared(self, at: int) -> bool:
        """Whether this right no longer stops the transfer at time ``at``."""
        return self.waived or at >= self.notice_ends


@dataclass(frozen=True)
class NewParcel:
    """A parcel to create by a split or merge."""

    capakey: str
    area_m2: int
    land_use: LandUse = LandUse.FOREST


@dataclass(frozen=True)
class TransferTerms:
    """What seller and buyer sign for a transfer with signatures: the parcel's version and
    the seller's nonce when they sign are part of it."""

    buyer: str
    deed_hash: bytes
    parcel_version: int
    nonce: int
    deadline: int


@dataclass(frozen=True)
class Lineage:
    """Keys of the parcels a parcel came from and of those it became."""

    parents: tuple[str, ...]
    children: tuple[str, ...]


@dataclass(frozen=True)
class FreezeInfo:
    """Who froze a parcel and in which case (``court`` None when not frozen)."""

    court: str | None
    case_ref: bytes | None


@dataclass(frozen=True)
class ParcelRecord:
    """One parcel to register in bulk; ``line`` is where it came from (CSV line, or 1-based
    index). Made by :func:`blokketen.land.records.validate_records`, which checks it."""

    capakey: str
    owner: str
    area_m2: int
    land_use: LandUse
    deed_hash: bytes
    line: int = 0

    def same_data(self, owner: str, area_m2: int, land_use: int, deed_hash: bytes) -> bool:
        """Whether a parcel with these values holds this record's data."""
        return (owner.lower() == self.owner.lower() and area_m2 == self.area_m2
                and int(land_use) == int(self.land_use) and bytes(deed_hash) == self.deed_hash)


@dataclass(frozen=True)
class ParcelFields:
    """A parcel's fields as ``parcelsById`` reads them for many parcels at once (``owner``
    in lower-case hex: comparing thousands of them needs no checksum)."""

    owner: str
    area_m2: int
    version: int
    land_use: LandUse
    status: ParcelStatus
    deed_hash: bytes
