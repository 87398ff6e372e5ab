"""The rows of a parcel import, without a chain: row checks, CSV files, calldata."""

from __future__ import annotations

import pytest
from landkit import make_records

from blokketen import BadRowsError, InputError
from blokketen.contract.abi import functions
from blokketen.contract.base import load_abi
from blokketen.land import LandUse, encoding, read_parcels_csv, validate_records, write_parcels_csv

GOOD = "11001A0123/00B000,0x70997970C51812dc3A010C7d01b50e0d17dc79C8,1200,forest,0x" + "ab" * 32


def _csv(tmp_path, *lines: str, header: str = "capakey,owner,area_m2,land_use,deed_hash"):
    path = tmp_path / "parcels.csv"
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


def test_good_file_reads_and_normalises(tmp_path):
    path = _csv(tmp_path, GOOD, "11004a0479-00n000,0x" + "70997970c51812dc3a010c7d01b50e0d17dc79c8"
                + ",5,Nature-Reserve,0x" + "01" * 32)
    first, second = read_parcels_csv(path)
    assert first.line == 2 and first.land_use is LandUse.FOREST
    assert second.capakey == "11004A0479/00N000" and second.line == 3
    assert second.owner == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    assert second.land_use is LandUse.NATURE_RESERVE


def test_every_bad_row_is_reported_with_line_and_field(tmp_path):
    path = _csv(
        tmp_path,
        GOOD,
        "11001A0123-00B000,0x70997970C51812dc3A010C7d01b50e0d17dc79C8,1,forest,0x" + "cd" * 32,
        "bad-key,0x1234,0,lake,0x00",
        "",
        "11001A0124/00_000,0x70997970C51812DC3A010C7d01b50e0d17dc79C8,12,other,",
        "11001A0125/00_000,0x70997970C51812dc3A010C7d01b50e0d17dc79C8,281474976710656,2,"
        + "0x" + "ef" * 32,
    )
    with pytest.raises(BadRowsError) as caught:
        read_parcels_csv(path)
    got = {(p.line, p.field) for p in caught.value.problems}
    assert got == {(3, "capakey"), (4, "capakey"), (4, "owner"), (4, "area_m2"),
                   (4, "land_use"), (4, "deed_hash"), (6, "owner"), (6, "deed_hash"),
                   (7, "area_m2")}
    assert isinstance(caught.value, InputError)
    assert "listed already on line 2" in str(
        next(p for p in caught.value.problems if p.line == 3))


def test_missing_columns_are_refused(tmp_path):
    path = _csv(tmp_path, "11001A0123/00B000,0x00", header="capakey,owner")
    with pytest.raises(BadRowsError) as caught:
        read_parcels_csv(path)
    assert [p.field for p in caught.value.problems] == ["area_m2", "land_use", "deed_hash"]


def test_csv_round_trip(tmp_path):
    records = make_records(30)
    write_parcels_csv(tmp_path / "out.csv", records)
    back = read_parcels_csv(tmp_path / "out.csv")
    assert [(r.capakey, r.owner, r.area_m2, r.land_use, r.deed_hash) for r in back] == [
        (r.capakey, r.owner, r.area_m2, r.land_use, r.deed_hash) for r in records]


def test_mappings_are_validated_like_rows():
    with pytest.raises(BadRowsError) as caught:
        validate_records([{"capakey": "x"}, {"capakey": "11001A0123/00B000", "owner": 5}])
    assert {p.line for p in caught.value.problems} == {1, 2}


def test_calldata_matches_eth_abi():
    fns = functions(load_abi("LandRegistry"))
    records = make_records(7)
    one = records[3]
    assert encoding.register_one(one) == fns["registerParcel"].encode(
        (one.capakey, one.owner, one.area_m2, int(one.land_use), one.deed_hash))
    args = [(r.capakey, r.owner, r.area_m2, int(r.land_use), r.deed_hash) for r in records]
    assert encoding.register_many(records) == fns["registerParcels"].encode((args,))
