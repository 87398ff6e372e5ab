"""An import on a chain that is not a dev chain: keystore signer, interval blocks, confirmations."""

from __future__ import annotations

import pytest
from bulkkit import assert_on_chain_once, make_records

from blokketen.chain import Chain, LocalNode, create_keystore, load_keystore
from blokketen.clients.land import LandRegistry


@pytest.fixture(scope="module")
def interval_chain(bk_project):
    with LocalNode(chain_id=4242, automine=False, block_time=1, accounts=0) as node:
        yield Chain.connect(node.url)


def test_import_with_keystore_on_interval_mining(interval_chain, tmp_path):
    chain = interval_chain
    assert not chain.is_dev
    create_keystore(tmp_path / "officer.json", "geheim")
    officer = load_keystore(tmp_path / "officer.json", "geheim")
    chain.set_balance(officer.address, 10**21)
    registry = LandRegistry.deploy(chain, officer, officer.address)
    registry.grant_role("registrar", officer.address)
    automine_before = chain.rpc("anvil_getAutomine", [])
    head = chain.block_number
    records = make_records(300, "3100")
    summary = registry.import_parcels(records, batch_size=50, confirmations=2,
                                      journal=tmp_path / "j")
    assert summary.complete and summary.confirmed == 300 and summary.transactions == 6
    singles = make_records(30, "3200")
    summary = registry.import_parcels(singles, batch_size=1)
    assert summary.complete and summary.transactions == 30
    assert chain.rpc("anvil_getAutomine", []) == automine_before  # no dev-only RPC touched it
    assert_on_chain_once(registry, records + singles, from_block=head)
