"""An import on a dev chain whose blocks Blokketen mines itself (automine really off)."""

from __future__ import annotations

import pytest
from landkit import assert_on_chain_once, make_records

from blokketen.chain import Chain, LocalNode
from blokketen.land.client import LandRegistry
from blokketen.land.pilot import ADMIN_DELAY


@pytest.fixture(scope="module")
def manual_chain(bk_project):
    # --no-mining; automine on only for the deploy, the importer switches it off itself
    with LocalNode(automine=False) as node:
        chain = Chain.connect(node.url)
        chain.rpc("evm_setAutomine", [True])
        yield chain


def test_progress_per_mined_block_and_fees_keep_up(manual_chain):
    chain = manual_chain
    admin, registrar = chain.dev_accounts(2)
    land = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    land.grant_role("registrar", registrar.address)
    land = land.as_sender(registrar)
    records = make_records(8_000, "4100")
    head = chain.block_number
    reports: list[tuple[int, int]] = []  # (records, chain head when reported)
    summary = land.import_parcels(records, progress=lambda n: reports.append(
        (n, chain.block_number) if n else (0, 0)))
    assert summary.complete and summary.confirmed == 8_000 and summary.transactions == 80
    assert chain.rpc("anvil_getAutomine", []) is True  # switched back on
    # ~28 full blocks of registerParcels(100): one report per block as it is mined
    moving = [(n, block) for n, block in reports if n]
    assert len(moving) >= 10 and sum(n for n, _ in moving) == 8_000
    assert [block for _, block in moving] == sorted({block for _, block in moving})
    # Full blocks raise the base fee 12.5 % each (here well over 3x during the import); had
    # the fee cap fallen behind, transactions would have been left waiting (the import
    # stalls) and empty blocks would have been mined.
    blocks = [chain.block(b) for b in range(head + 1, chain.block_number + 1)]
    assert all(b["transactions"] for b in blocks)
    assert int(blocks[-1]["baseFeePerGas"], 16) > 3 * int(blocks[0]["baseFeePerGas"], 16)
    assert_on_chain_once(land, records, from_block=head)
