"""The land registry pilot (Agentschap Natuur en Bos, grondbeheer), one room:

- :mod:`~blokketen.land.types` value types; :mod:`~blokketen.land.capakey` cadastral keys;
  :mod:`~blokketen.land.history` typed history events; :mod:`~blokketen.land.eip712` the
  typed data of a transfer with signatures; :mod:`~blokketen.land.terms` the admin delay
  and the periods of the contract; :mod:`~blokketen.land.records` and
  :mod:`~blokketen.land.csvfile` the rows of a bulk import. All of these need no chain.
- :mod:`~blokketen.land.client` the typed client :class:`LandRegistry`;
  :mod:`~blokketen.land.importer` the resumable parcel import on the generic bulk sender
  (:mod:`~blokketen.land.encoding` its calldata).
- :mod:`~blokketen.land.cli` the ``blokketen land ...`` verbs, :mod:`~blokketen.land.demo`
  its part of ``make demo``, :mod:`~blokketen.land.pilot` its registration.

This package exports what needs no chain; import the client from its module.
"""

from blokketen.land.capakey import CapaKey, is_valid_capakey, normalise_capakey, parcel_id
from blokketen.land.csvfile import read_parcels_csv, write_parcels_csv
from blokketen.land.records import COLUMNS, validate_records
from blokketen.land.types import (
    FreezeInfo,
    LandUse,
    Lineage,
    NewParcel,
    Parcel,
    ParcelFields,
    ParcelRecord,
    ParcelStatus,
    PreemptionCheck,
    Right,
    RightKind,
    Transfer,
    TransferState,
    TransferTerms,
)

__all__ = [
    "COLUMNS",
    "CapaKey",
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
    "is_valid_capakey",
    "normalise_capakey",
    "parcel_id",
    "read_parcels_csv",
    "validate_records",
    "write_parcels_csv",
]
