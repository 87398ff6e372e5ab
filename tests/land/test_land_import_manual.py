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


def _registry(chain: Chain) -> LandRegistry:
    admin, registrar = chain.dev_accounts(2)
    land = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    land.grant_role("registrar", registrar.address)
    return land.as_sender(registrar)


def test_progress_per_mined_block_and_the_base_fee_stays_flat(manual_chain):
    chain = manual_chain
    land = _registry(chain)
    records = make_records(8_000, "4100")
    head = chain.block_number
    reports: list[tuple[int, int]] = []  # (records, chain head when reported)
    summary = land.import_parcels(records, progress=lambda n: reports.append(
        (n, chain.block_number) if n else (0, 0)))
    assert summary.complete and summary.confirmed == 8_000 and summary.transactions == 80
    assert chain.rpc("anvil_getAutomine", []) is True  # switched back on
    # one report per block as it is mined
    moving = [(n, block) for n, block in reports if n]
    assert len(moving) >= 10 and sum(n for n, _ in moving) == 8_000
    assert [block for _, block in moving] == sorted({block for _, block in moving})
    # No block over the EIP-1559 target (half the gas limit), so the base fee never rose:
    # full blocks raise it 12.5 % each, and after a few hundred of them (an import of
    # some 45,000 parcels) the registrar could no longer pay for its next transaction.
    blocks = [chain.block(b) for b in range(head + 1, chain.block_number + 1)]
    assert all(b["transactions"] for b in blocks)
    assert all(2 * int(b["gasUsed"], 16) <= int(b["gasLimit"], 16) for b in blocks)
    fees = [int(b["baseFeePerGas"], 16) for b in blocks]
    assert fees == sorted(fees, reverse=True)
    assert_on_chain_once(land, records, from_block=head)


def test_large_blocks_hold_many_batches_in_requests_the_node_takes(bk_project):
    """With a 1,000 M gas limit, 80 batch transactions fit under the target of two blocks;
    sent in one JSON-RPC request they would be 4 MB of hex, which anvil refuses (2 MB)."""
    with LocalNode(gas_limit=1_000_000_000, mixed_mining=False) as node:
        chain = Chain.connect(node.url)
        assert int(chain.block("latest")["gasLimit"], 16) == 1_000_000_000
        land = _registry(chain)
        records = make_records(8_000, "4200")
        head = chain.block_number
        summary = land.import_parcels(records)
        assert summary.complete and summary.confirmed == 8_000 and summary.transactions == 80
        blocks = [chain.block(b) for b in range(head + 1, chain.block_number + 1)]
        assert [len(b["transactions"]) for b in blocks if b["transactions"]] in ([40, 40],
                                                                                  [51, 29])
        assert all(2 * int(b["gasUsed"], 16) <= int(b["gasLimit"], 16) for b in blocks)
        assert_on_chain_once(land, records, from_block=head)
