"""The land registry pilot (Agentschap Natuur en Bos, grondbeheer): CaPaKeys, value types,
EIP-712 typed data and history events. The contract client is
:class:`blokketen.land.client.LandRegistry`."""

from blokketen.land.capakey import CapaKey, is_valid_capakey, normalise_capakey, parcel_id
from blokketen.land.types import (
    FreezeInfo,
    LandUse,
    Lineage,
    NewParcel,
    Parcel,
    ParcelStatus,
    Right,
    RightKind,
    Transfer,
    TransferState,
    TransferTerms,
)

__all__ = [
    "CapaKey",
    "FreezeInfo",
    "LandUse",
    "Lineage",
    "NewParcel",
    "Parcel",
    "ParcelStatus",
    "Right",
    "RightKind",
    "Transfer",
    "TransferState",
    "TransferTerms",
    "is_valid_capakey",
    "normalise_capakey",
    "parcel_id",
]
