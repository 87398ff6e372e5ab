"""An import on a chain that is not a dev chain: keystore signer, interval blocks, confirmations."""

from __future__ import annotations

import pytest
from eth_account import Account
from landkit import assert_on_chain_once, make_records

from blokketen.chain import Chain, LocalNode, create_keystore, load_keystore
from blokketen.land.client import LandRegistry
from blokketen.land.pilot import ADMIN_DELAY


@pytest.fixture(scope="module")
def interval_chain(bk_project):
    with LocalNode(chain_id=4242, automine=False, block_time=1, accounts=0) as node:
        yield Chain.connect(node.url)


def _record_methods(chain, monkeypatch) -> list[str]:
    """Every JSON-RPC method the chain is asked from now on (through chain.rpc, rpc_batch
    or the web3 provider underneath them)."""
    methods: list[str] = []
    provider = chain.w3.provider
    one, many = provider.make_request, provider.make_batch_request
    rpc, rpc_batch = chain.rpc, chain.rpc_batch

    def make_request(method, params):
        methods.append(str(method))
        return one(method, params)

    def make_batch_request(calls):
        methods.extend(str(method) for method, _ in calls)
        return many(calls)

    def chain_rpc(method, params):
        methods.append(str(method))
        return rpc(method, params)

    def chain_rpc_batch(calls):
        methods.extend(str(method) for method, _ in calls)
        return rpc_batch(calls)

    monkeypatch.setattr(provider, "make_request", make_request)
    monkeypatch.setattr(provider, "make_batch_request", make_batch_request)
    monkeypatch.setattr(chain, "rpc", chain_rpc)
    monkeypatch.setattr(chain, "rpc_batch", chain_rpc_batch)
    return methods


def test_import_with_keystore_on_interval_mining(interval_chain, tmp_path, monkeypatch):
    chain = interval_chain
    assert not chain.is_dev
    create_keystore(tmp_path / "officer.json", "geheim")
    officer = load_keystore(tmp_path / "officer.json", "geheim")
    chain.set_balance(officer.address, 10**21)
    admin = Account.create()  # the officer registers; another key administers
    chain.set_balance(admin.address, 10**21)
    registry = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    registry.grant_role("registrar", officer.address)
    registry = registry.as_sender(officer)
    head = chain.block_number
    methods = _record_methods(chain, monkeypatch)
    records = make_records(300, "3100")
    summary = registry.import_parcels(records, batch_size=50, confirmations=2,
                                      journal=tmp_path / "j")
    assert summary.complete and summary.confirmed == 300 and summary.transactions == 6
    singles = make_records(30, "3200")
    summary = registry.import_parcels(singles, batch_size=1)
    assert summary.complete and summary.transactions == 30
    # no dev-node control (mining, automine, snapshots, balances) on a chain that is not dev
    assert "eth_sendRawTransaction" in methods and "eth_getBlockReceipts" in methods
    assert not [m for m in methods if m.startswith(("evm_", "anvil_", "hardhat_"))]
    monkeypatch.undo()
    assert_on_chain_once(registry, records + singles, from_block=head)
