"""`blokketen network up|status|down` on a real network: 3 clique signers and 1 RPC node of
geth 1.13.15 on loopback, a block a second. One network for the module; tests that stop it
start it again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from netkit import geth_pids, wait_no_geth

from blokketen import _exceptions as exc
from blokketen.chain import Chain
from blokketen.chain.evm import chain_evm
from blokketen.chain.gethnode import rpc
from blokketen.chain.network import DEFAULT_CHAIN_ID, DEPLOYER_FUNDS, LocalNetwork, running_state
from blokketen.project import Project

ROOT = Project.find().root
pytestmark = pytest.mark.xdist_group("test_network_cli")  # one network per module, on one worker


def network_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "blokketen.cli.main", "network", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="module")
def up(geth, tmp_path_factory):
    """The folder of a running network, and what `network up` printed."""
    folder = tmp_path_factory.mktemp("cli") / "network"
    started = network_cli("up", "--dir", str(folder), "--period", "1")
    assert started.returncode == 0, started.stderr
    yield folder, started.stdout
    network_cli("down", "--dir", str(folder))
    assert not wait_no_geth(folder), "a node outlived `network down`"


def test_up_starts_every_node_on_its_own_ports_and_they_agree(up):
    folder, printed = up
    network = LocalNetwork(folder)
    names = [n.name for n in network.node_specs]
    assert names == ["signer-1", "signer-2", "signer-3", "rpc-1"]
    ports = [p for n in network.node_specs for p in (n.http_port, n.p2p_port, n.auth_port)]
    assert len(set(ports)) == len(ports)
    for node in network.node_specs:
        assert node.url in printed
        assert (folder / "nodes" / node.name / "geth" / "chaindata").is_dir()  # own data folder
    state = network.sync_state()
    assert state.in_sync and state.block is not None and state.block >= 1
    chain = Chain.connect(network.rpc_url)
    assert chain.chain_id == DEFAULT_CHAIN_ID and not chain.is_dev
    assert chain.client_version.startswith("Geth/v1.13.15")
    assert chain.eip1559 and chain_evm(chain) == "london"
    signers = rpc(network.rpc_url, "clique_getSigners", ["latest"])
    assert sorted(s.lower() for s in signers) == sorted(
        n.signer.lower() for n in network.node_specs if n.signer)
    assert int(rpc(network.rpc_url, "eth_getBalance", [network.deployer_address, "0x0"]),
               16) == DEPLOYER_FUNDS


def test_keystores_are_encrypted_and_the_password_file_is_private(up):
    folder, _ = up
    network = LocalNetwork(folder)
    assert (folder / "password").stat().st_mode & 0o077 == 0
    deployer = json.loads((folder / "deployer.json").read_text())
    assert deployer["crypto"]["kdf"] == "scrypt" and deployer["version"] == 3
    assert network.deployer().address == network.deployer_address
    for node in network.node_specs:
        keystores = list((folder / "nodes" / node.name / "keystore").glob("*.json"))
        assert len(keystores) == (1 if node.role == "signer" else 0)


def test_status_shows_each_nodes_head_peers_and_signer_state(up):
    folder, _ = up
    result = network_cli("status", "--dir", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["running"] and status["sync"]["in_sync"]
    nodes = {n["name"]: n for n in status["nodes"]}
    for name, node in nodes.items():
        assert node["answering"] and node["peers"] == 3 and node["head"] >= 1
        if name.startswith("signer"):
            assert node["authorized"] and node["sealing"]
        else:
            assert node["signer"] is None and node["authorized"] is None
    text = network_cli("status", "--dir", str(folder))
    assert "authorised, sealing" in text.stdout
    assert "in sync: all nodes agree on block" in text.stdout


def test_dev_keys_are_refused_on_the_network(up):
    folder, _ = up
    chain = Chain.connect(LocalNetwork(folder).rpc_url)
    with pytest.raises(exc.DevKeyRefused):
        chain.dev_accounts(1)
    from blokketen.chain.accounts import dev_accounts
    from blokketen.contract.tx import Transactor

    with pytest.raises(exc.DevKeyRefused, match=str(DEFAULT_CHAIN_ID)):
        Transactor(chain, dev_accounts(1)[0])


def test_a_partition_keeps_the_majority_sealing_and_healing_reorganises_the_minority(up):
    """Two signers keep sealing; the lone signer seals at most one block (clique lets a
    signer seal one block in every two with three signers) and the RPC node beside it
    follows that fork; once healed, both switch to the majority's chain."""
    folder, _ = up
    network = LocalNetwork(folder)
    signers = sorted((n for n in network.node_specs if n.signer), key=lambda n: n.signer.lower())
    head = int(rpc(network.rpc_url, "eth_blockNumber", []), 16)
    lone = signers[(head + 2) % 3]  # in turn two blocks on: it did not seal the last block
    majority = [s.name for s in signers if s is not lone]
    network.partition(majority, [lone.name, "rpc-1"])
    try:
        split = int(rpc(network.rpc_url, "eth_blockNumber", []), 16)
        deadline = time.monotonic() + 30
        while int(rpc(network.node_spec(majority[0]).url, "eth_blockNumber", []), 16) < split + 4:
            assert time.monotonic() < deadline, "the majority stopped sealing"
            time.sleep(0.2)
        minority_head = int(rpc(network.rpc_url, "eth_blockNumber", []), 16)
        assert minority_head <= split + 1, "a lone signer of three sealed two blocks in a row"
        fork = rpc(network.rpc_url, "eth_getBlockByNumber", [hex(minority_head), False])
    finally:
        network.heal()
    network.wait_in_sync(30)
    majority_block = rpc(network.node_spec(majority[0]).url, "eth_getBlockByNumber",
                         [hex(minority_head), False])
    now = rpc(network.rpc_url, "eth_getBlockByNumber", [hex(minority_head), False])
    assert now["hash"] == majority_block["hash"]
    if minority_head > split:  # the lone signer sealed a block of its own: it was replaced
        assert fork["hash"] != now["hash"]
        assert rpc(network.rpc_url, "clique_getSigner", [fork["hash"]]).lower() == \
            lone.signer.lower()


def test_up_with_other_settings_is_refused_without_fresh(up):
    folder, _ = up
    other = network_cli("up", "--dir", str(folder), "--signers", "5", "--period", "1")
    assert other.returncode == 2
    assert "--signers" in other.stderr and "--fresh" in other.stderr


def test_a_killed_supervisor_leaves_no_node_and_up_goes_on_with_the_same_chain(up):
    folder, _ = up
    network = LocalNetwork(folder)
    before = network.sync_state()
    state = running_state(folder)
    assert state is not None and before.in_sync and before.block is not None
    nodes = set(state["nodes"].values())
    assert nodes == geth_pids(folder) and len(nodes) == 4
    os.kill(int(state["pid"]), signal.SIGKILL)
    assert not wait_no_geth(folder), "geth nodes outlived their killed parent"
    status = network_cli("status", "--dir", str(folder))
    assert status.returncode == 1 and "not answering" in status.stdout
    again = network_cli("up", "--dir", str(folder), "--period", "1")
    assert again.returncode == 0, again.stderr
    after = network.sync_state()
    assert after.in_sync and after.block is not None and after.block > before.block
    assert rpc(network.rpc_url, "eth_getBlockByNumber", [hex(before.block), False])["hash"] \
        == before.block_hash


def test_down_stops_every_node_cleanly(up):
    """Last in the module: the network stays down (the fixture's `down` finds it so)."""
    folder, _ = up
    again = network_cli("up", "--dir", str(folder), "--period", "1")
    assert again.returncode == 0 and "running already" in again.stdout
    down = network_cli("down", "--dir", str(folder))
    assert down.returncode == 0 and "network stopped: 4 nodes" in down.stdout
    assert not geth_pids(folder) and running_state(folder) is None
    for log in (folder / "logs").glob("*-*.log"):  # each node shut down, not killed
        last_run = log.read_text().rsplit("== ", 1)[-1]
        assert "Blockchain stopped" in last_run, log.name
    assert "was not running" in network_cli("down", "--dir", str(folder)).stdout
