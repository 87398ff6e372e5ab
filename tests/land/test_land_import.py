"""Parcel imports on the session chain: both send paths, skips, conflicts, typed batch
reverts, progress, refusals by the node, the CLI."""

from __future__ import annotations

import pytest
from landkit import assert_on_chain_once, make_records

from blokketen import ChainError, RpcError
from blokketen.bulk import Journal, journal_path, pipeline
from blokketen.cli.main import main
from blokketen.land import write_parcels_csv
from blokketen.land.client import LandRegistry
from blokketen.land.importer import DEFAULT_BATCH
from blokketen.land.pilot import ADMIN_DELAY


@pytest.fixture(scope="module")
def land(bk_project, bk_chain, bk_accounts, bk_module_isolated):
    admin, registrar = bk_accounts[0], bk_accounts[1]
    registry = LandRegistry.deploy(bk_chain, admin, admin.address, ADMIN_DELAY)
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


def test_progress_moves_while_sending_at_the_default_batch(land, monkeypatch):
    """A progress bar needs many reports as records are confirmed, not one at the end."""
    sends = []
    real_send = pipeline.send_raw_batch

    def counting_send(chain, chunk):
        sends.append(len(chunk))
        return real_send(chain, chunk)

    monkeypatch.setattr(pipeline, "send_raw_batch", counting_send)
    reports: list[tuple[int, int]] = []  # (records, HTTP batches sent so far)
    summary = land.import_parcels(make_records(2_000, "1500"),
                                  progress=lambda n: reports.append((n, len(sends))))
    assert summary.complete and summary.batch_size == DEFAULT_BATCH == 100
    moving = [(n, at) for n, at in reports if n]
    totals = [sum(n for n, _ in moving[:i + 1]) for i in range(len(moving))]
    # How many records each block confirms depends on the machine's load: ask for a bar that
    # moves several times, some of them while chunks are still being sent.
    assert len(moving) >= 3 and totals[-1] == 2_000
    assert totals == sorted(set(totals))  # strictly increasing
    assert sum(at < len(sends) for _, at in moving) >= 2  # reported while still sending


def test_failed_batch_is_resent_one_by_one_and_counted_once(land, monkeypatch):
    """A batch that reverts (one of its parcels got registered after the chain check) is
    re-read and its other records are sent one per transaction; each counts once."""
    records = make_records(250, "1600")
    start = land.chain.block_number
    hidden = records[130]
    land.register_parcel(hidden.capakey, owner=hidden.owner, area_m2=hidden.area_m2,
                         land_use=hidden.land_use, deed_hash=hidden.deed_hash)
    real_read = LandRegistry.parcel_fields
    reads: list[int] = []

    def stale_first_read(registry, keys):
        found = real_read(registry, keys)
        if not reads:  # the first check misses it, as if registered just after
            found[hidden.capakey] = None
        reads.append(len(keys))
        return found

    monkeypatch.setattr(LandRegistry, "parcel_fields", stale_first_read)
    seen: list[int] = []
    summary = land.import_parcels(records, batch_size=100, progress=seen.append)
    assert reads == [250, 100]  # the whole file, then the failed batch's records
    # all 250 went out once in a batch (the hidden one too); 99 of them once more alone
    assert (summary.sent, summary.confirmed, summary.skipped, summary.failed,
            summary.conflicts) == (250, 249, 1, 0, 0)
    assert summary.transactions == 3 + 99 and sum(seen) == 250
    assert_on_chain_once(land, records, from_block=start)


def _refusing(refuse_calls: set[int], at: int = 10):
    """send_raw_batch whose calls numbered in ``refuse_calls`` deliver the first ``at``
    transactions and answer the rest with the node's refusal; records every call's nonces."""
    real_send = pipeline.send_raw_batch
    calls: list[list[int]] = []

    def send(chain, chunk):
        calls.append([tx.nonce for tx in chunk])
        if len(calls) - 1 not in refuse_calls:
            return real_send(chain, chunk)
        answers = real_send(chain, chunk[:at])
        refusal = RpcError("eth_sendRawTransaction", {"code": -32003,
                                                      "message": "txpool is full"})
        return answers + [refusal] * (len(chunk) - at)

    return send, calls


def test_refused_chunk_stops_sending_and_the_import_resumes(land, monkeypatch):
    records = make_records(600, "1700")
    start = land.chain.block_number
    send, calls = _refusing({1})
    monkeypatch.setattr(pipeline, "send_raw_batch", send)
    summary = land.import_parcels(records, batch_size=1)
    assert len(calls) >= 3
    refused = calls[1][10]
    # nothing after the refused nonce went out before it was filled again
    assert calls[2][0] == refused
    sent = set(calls[0]) | set(calls[1][:10])
    for chunk in calls[2:]:
        assert chunk[0] == max(sent) + 1
        sent |= set(chunk)
    assert (summary.sent, summary.confirmed, summary.failed) == (600, 600, 0)
    assert summary.transactions == 600
    assert_on_chain_once(land, records, from_block=start)
    registrar = land.sender.address
    pending = int(land.chain.rpc("eth_getTransactionCount", [registrar, "pending"]), 16)
    assert land.chain.nonces.next(registrar) == pending


def test_second_refusal_ends_the_run_and_a_rerun_finishes(land, monkeypatch, tmp_path):
    records = make_records(600, "1800")
    start = land.chain.block_number
    send, calls = _refusing({1, 2}, at=0)
    monkeypatch.setattr(pipeline, "send_raw_batch", send)
    with pytest.raises(ChainError, match="run the same import again"):
        land.import_parcels(records, batch_size=1, journal=tmp_path / "j")
    assert len(calls) == 3  # two chunks, the refused one, the refused resumption
    monkeypatch.undo()
    summary = land.import_parcels(records, batch_size=1, journal=tmp_path / "j")
    assert summary.complete and summary.skipped + summary.confirmed == 600
    assert_on_chain_once(land, records, from_block=start)


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

