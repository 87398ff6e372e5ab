"""The clique genesis and the network's settings, checked without starting a node."""

from __future__ import annotations

import pytest
from eth_account import Account

from blokketen import _exceptions as exc
from blokketen.chain.genesis import (
    DEFAULT_GAS_LIMIT,
    FORKS_TO_LONDON,
    clique_genesis,
    enode,
    genesis_signers,
    node_id,
)
from blokketen.chain.network import DEFAULT_CHAIN_ID, NetworkSpec


def test_genesis_lists_the_signers_in_extra_data_and_stops_at_london():
    signers = [Account.create().address for _ in range(3)]
    funded = Account.create().address
    genesis = clique_genesis(DEFAULT_CHAIN_ID, signers=signers, alloc={funded: 10**21},
                             period=2)
    extra = bytes.fromhex(genesis["extraData"][2:])
    assert len(extra) == 32 + 3 * 20 + 65
    assert extra[:32] == bytes(32) and extra[-65:] == bytes(65)
    assert genesis_signers(genesis) == sorted(signers, key=str.lower)  # clique's order
    config = genesis["config"]
    assert config["chainId"] == DEFAULT_CHAIN_ID
    assert config["clique"] == {"period": 2, "epoch": 30_000}
    assert all(config[fork] == 0 for fork in FORKS_TO_LONDON)
    assert not {"shanghaiTime", "cancunTime", "terminalTotalDifficulty"} & set(config)
    assert int(genesis["gasLimit"], 16) == DEFAULT_GAS_LIMIT
    assert genesis["alloc"] == {funded[2:].lower(): {"balance": hex(10**21)}}


def test_the_gas_limit_fits_the_bulk_default_batch():
    # 100 parcels per registerParcels at 81,106 gas each (benchmarks/RESULTS.md) must stay
    # under the half of a block that the bulk importer allows one transaction.
    from blokketen.land.importer import BLOCK_GAS_SHARE, DEFAULT_BATCH

    assert DEFAULT_BATCH * 81_106 < DEFAULT_GAS_LIMIT * BLOCK_GAS_SHARE


def test_node_identity_is_the_public_key_of_the_node_key():
    key = bytes.fromhex("11" * 32)
    identity = node_id(key)
    assert len(identity) == 128
    assert enode(key, 30303) == f"enode://{identity}@127.0.0.1:30303"


@pytest.mark.parametrize(("spec", "field"), [
    (NetworkSpec(signers=0), "--signers"),
    (NetworkSpec(rpc_nodes=-1), "--rpc-nodes"),
    (NetworkSpec(period=0), "--period"),
    (NetworkSpec(chain_id=31337), "--chain-id"),
    (NetworkSpec(chain_id=1337), "--chain-id"),
    (NetworkSpec(gas_limit=1_000), "--gas-limit"),
])
def test_bad_network_settings_name_the_option(spec, field):
    with pytest.raises(exc.InputError) as caught:
        spec.check()
    assert caught.value.field == field


def test_genesis_refuses_a_chain_without_signers():
    with pytest.raises(exc.InputError, match="signers"):
        clique_genesis(DEFAULT_CHAIN_ID, signers=[], alloc={}, period=1)
