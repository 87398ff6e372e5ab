"""Imports on the session chain: both send paths, skips, conflicts, typed batch reverts, CLI."""

from __future__ import annotations

import pytest
from bulkkit import assert_on_chain_once, make_records

from blokketen.bulk import journal_path, write_parcels_csv
from blokketen.bulk.journal import Journal
from blokketen.cli.main import main
from blokketen.clients.land import LandRegistry


@pytest.fixture(scope="module")
def land(bk_project, bk_chain, bk_accounts, bk_module_isolated):
    admin, registrar = bk_accounts[0], bk_accounts[1]
    registry = LandRegistry.deploy(bk_chain, admin, admin.address)
    registry.grant_role("registrar", registrar.address)
    return registry.as_sender(registrar)


@pytest.fixture(autouse=True)
def _isolated(land, bk_isolated):
    """Every test starts from the freshly deployed registry."""


@pytest.mark.parametrize("batch", [1, 7, 100])
def test_import_then_rerun_sends_nothing(land, tmp_path, batch):
    records = make_records(230)
    start = land.chain.block_number
    seen: list[int] = []
    summary = land.import_parcels(records, journal=tmp_path / "j", batch_size=batch,
                                  progress=seen.append)
    assert (summary.sent, summary.confirmed, summary.skipped, summary.failed,
            summary.conflicts) == (230, 230, 0, 0, 0)
    assert summary.transactions == -(-230 // batch) and sum(seen) == 230
    assert_on_chain_once(land, records, from_block=start)
    again = land.import_parcels(records, journal=tmp_path / "j", batch_size=batch)
    assert (again.sent, again.skipped, again.transactions) == (0, 230, 0)
    state = Journal(tmp_path / "j").read(chain_id=land.chain.chain_id, registry=land.address)
    assert all(state.confirmed(r.capakey) for r in records)


def test_batch_gas_per_record_is_lower(land):
    one = land.import_parcels(make_records(20, "1200"), batch_size=1)
    many = land.import_parcels(make_records(20, "1300"), batch_size=20)
    assert many.gas_used < 0.85 * one.gas_used


def test_conflict_is_reported_and_the_rest_imported(land):
    records = make_records(40)
    other = records[5]
    land.register_parcel(other.capakey, owner=other.owner, area_m2=other.area_m2 + 1,
                         land_use=other.land_use, deed_hash=other.deed_hash)
    same = records[6]
    land.register_parcel(same.capakey, owner=same.owner, area_m2=same.area_m2,
                         land_use=same.land_use, deed_hash=same.deed_hash)
    summary = land.import_parcels(records, batch_size=10)
    assert (summary.confirmed, summary.skipped, summary.conflicts) == (38, 1, 1)
    (conflict,) = summary.conflict_details
    assert conflict.capakey == other.capakey and conflict.on_chain["area_m2"] == other.area_m2 + 1
    assert not summary.complete




def test_register_parcels_reverts_whole_batch_typed(land):
    records = make_records(3)
    land.register_parcels(records[:1])
    with pytest.raises(land.errors.LandRegistryParcelExists) as caught:
        land.register_parcels(records)
    assert caught.value.capakey == records[0].capakey
    assert land.exists(records[0].capakey) and not land.exists(records[1].capakey)
    with pytest.raises(land.errors.LandRegistryBadParcelCount):
        land._transact("registerParcels", [])


def test_import_without_registrar_role_sends_nothing(land, bk_accounts):
    outsider = land.as_sender(bk_accounts[7])
    nonce = land.chain.rpc("eth_getTransactionCount", [bk_accounts[7].address, "pending"])
    with pytest.raises(land.errors.AccessControlUnauthorizedAccount):
        outsider.import_parcels(make_records(5))
    assert land.chain.rpc("eth_getTransactionCount", [bk_accounts[7].address, "pending"]) == nonce


def test_cli_import_and_bad_rows(land, tmp_path, capsys):
    path = tmp_path / "parcels.csv"
    records = make_records(60, "1400")
    write_parcels_csv(path, records)
    args = ["land", "import", str(path), "--network", land.chain.url, "--address", land.address,
            "--dev-account", "1", "--batch", "25"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert ("60 records: sent 60, confirmed 60, skipped 0 (already on chain), failed 0, "
            "conflicts 0") in out.out
    assert journal_path(path).exists()
    assert_on_chain_once(land, records, events=False)
    assert main([*args, "--json", "--no-progress"]) == 0
    assert '"skipped": 60' in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text(path.read_text().replace(records[3].capakey, "nonsense")
                   .replace(records[9].owner, "0x12", 1) + "x,y,z,w,v\n")
    def sent() -> list[str]:  # interval blocks keep coming: count transactions instead
        return [land.chain.rpc("eth_getTransactionCount", [a.address, "pending"])
                for a in land.chain.dev_accounts(10)]

    before = sent()
    assert main(["land", "import", str(bad), "--network", land.chain.url,
                 "--address", land.address]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{bad}:5: capakey: 'nonsense' is not a CaPaKey like '11001A0123/00B000'"
    assert any(line.startswith(f"{bad}:11: owner:") for line in err)
    assert sum(line.startswith(f"{bad}:62:") for line in err) == 5
    assert err[-1].startswith("error: 7 problem(s) in 3 row(s); nothing was sent")
    assert sent() == before

