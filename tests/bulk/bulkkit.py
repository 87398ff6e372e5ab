"""Records for the bulk tests: deterministic, valid, distinct keys."""

from __future__ import annotations

from eth_utils import keccak, to_checksum_address

from blokketen.bulk import ParcelRecord
from blokketen.land import LandUse


def make_records(count: int, prefix: str = "1100") -> list[ParcelRecord]:
    """``count`` parcels; ``prefix`` (4 digits) keeps sets of different tests apart."""
    out = []
    for i in range(count):
        seed = keccak(text=f"{prefix}/{i}")
        out.append(ParcelRecord(
            capakey=f"{prefix}{i // 10000}A{i % 10000:04d}/00_000",
            owner=to_checksum_address(seed[:20]),
            area_m2=100 + i,
            land_use=LandUse(i % 4),
            deed_hash=keccak(seed),
            line=i + 2,
        ))
    return out


def assert_on_chain_once(registry, records, *, from_block: int = 0, events: bool = True) -> None:
    """Every record's parcel holds its data, and (with ``events``) was registered once."""
    from blokketen.bulk import read_parcels

    found = read_parcels(registry, [r.capakey for r in records])
    wrong = [r.capakey for r in records
             if found[r.capakey] is None
             or not r.same_data(found[r.capakey][0], found[r.capakey][1], found[r.capakey][3],
                                found[r.capakey][5])]
    assert not wrong, f"{len(wrong)} parcels missing or wrong, e.g. {wrong[:3]}"
    if events:
        keys = [e["capakey"] for e in registry.events("ParcelRegistered", from_block=from_block)]
        wanted = {r.capakey for r in records}
        mine = [k for k in keys if k in wanted]
        assert len(mine) == len(wanted) == len(set(mine))
