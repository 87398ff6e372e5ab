"""Bulk pieces that need no chain: row checks, CSV, calldata, signing, the journal."""

from __future__ import annotations

import pytest
from bulkkit import make_records
from eth_utils import keccak

from blokketen import InputError
from blokketen.bulk import BadRowsError, Journal, encoding, read_parcels_csv, write_parcels_csv
from blokketen.bulk.records import validate_records
from blokketen.chain.accounts import dev_accounts
from blokketen.contract.abi import functions
from blokketen.contract.base import load_abi
from blokketen.contract.tx import RawSigner, rlp_encode
from blokketen.land import LandUse

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


@pytest.mark.parametrize("fees", [
    {"maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9},
    {"maxFeePerGas": 0, "maxPriorityFeePerGas": 0},
    {"gasPrice": 10**9},
])
@pytest.mark.parametrize("chain_id", [31337, 4242])
def test_raw_signer_matches_eth_account(fees, chain_id):
    account = dev_accounts(1)[0] if chain_id == 31337 else _random_account()
    signer = RawSigner(account, chain_id)
    to = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    for nonce in (0, 1, 127, 128, 65_536):
        data = keccak(text=str(nonce)) * (nonce % 5)
        mine = signer.sign(nonce=nonce, gas=123_456, to=to, data=data, fees=fees)
        ref = account.sign_transaction({"chainId": chain_id, "nonce": nonce, "gas": 123_456,
                                        "to": to, "data": data, "value": 0, **fees})
        assert mine.raw == bytes(ref.raw_transaction)
        assert mine.tx_hash == "0x" + bytes(ref.hash).hex()


def _random_account():
    from eth_account import Account

    return Account.create()


def test_rlp_lengths():
    assert rlp_encode(b"") == b"\x80" and rlp_encode(0) == b"\x80"
    assert rlp_encode(b"\x7f") == b"\x7f"
    assert rlp_encode(b"a" * 56)[:2] == b"\xb8\x38"
    assert rlp_encode([]) == b"\xc0"


def test_journal_ignores_a_torn_line_and_other_registries(tmp_path):
    path = tmp_path / "x.journal"
    journal = Journal(path)
    journal.open(chain_id=1, registry="0xAbC", records=2, batch_size=1)
    journal.record("K1", "sent", tx="0x1")
    journal.record("K1", "confirmed", tx="0x1", block=3)
    journal.close()
    journal.open(chain_id=2, registry="0xabc", records=2, batch_size=1)
    journal.record("K2", "confirmed", tx="0x2", block=3)
    journal.close()
    with path.open("a") as handle:
        handle.write('{"key": "K3", "ev')  # a crash while writing
    state = Journal(path).read(chain_id=1, registry="0xabc")
    assert state.confirmed("K1") and not state.confirmed("K2") and "K3" not in state.last
    journal.open(chain_id=1, registry="0xabc", records=2, batch_size=1)
    journal.record("K3", "sent", tx="0x3")
    journal.close()
    assert Journal(path).read(chain_id=1, registry="0xabc").last["K3"]["event"] == "sent"
