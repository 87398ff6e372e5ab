"""Constants and helpers shared by the land registry tests."""

from __future__ import annotations

from eth_utils import keccak, to_checksum_address

from blokketen.land import LandUse, ParcelRecord

KEY = "11001A0123/00B000"
KEY2 = "11001A0124/00_000"
DEED = keccak(text="deed-1")
DEED2 = keccak(text="deed-2")
SOURCE = keccak(text="source-doc")
SURVEY = keccak(text="survey-1")
CASE = keccak(text="AR 2026/123")
CASE2 = keccak(text="AR 2026/123 beschikking")


def signed_terms(message: dict) -> dict:
    """The keyword arguments of ``transfer_with_signatures`` for a signed ``message``."""
    return {"buyer": message["buyer"], "deed_hash": message["deedHash"],
            "parcel_version": message["parcelVersion"], "nonce": message["nonce"],
            "buyer_nonce": message["buyerNonce"], "deadline": message["deadline"]}


def now(chain) -> int:
    """The timestamp of the latest block."""
    stamp = int(chain.timestamp("latest"))
    assert stamp > 0, "the chain has no block time"
    return stamp


def make_records(count: int, prefix: str = "1100") -> list[ParcelRecord]:
    """``count`` parcels to import: deterministic, valid, distinct keys; ``prefix`` (4 digits)
    keeps sets of different tests apart."""
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
    found = registry.parcel_fields([r.capakey for r in records])
    wrong = [r.capakey for r in records
             if found[r.capakey] is None
             or not r.same_data(found[r.capakey].owner, found[r.capakey].area_m2,
                                found[r.capakey].land_use, found[r.capakey].deed_hash)]
    assert not wrong, f"{len(wrong)} parcels missing or wrong, e.g. {wrong[:3]}"
    if events:
        keys = [e["capakey"] for e in registry.events("ParcelRegistered", from_block=from_block)]
        wanted = {r.capakey for r in records}
        mine = [k for k in keys if k in wanted]
        assert len(mine) == len(wanted) == len(set(mine))
