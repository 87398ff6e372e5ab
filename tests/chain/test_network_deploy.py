"""The registries on a real clique network (London): Shanghai code refused before sending,
London code deployed with the network's keystore deployer, and every pilot's demo flow."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from eth_utils import keccak
from netkit import opcodes, wait_no_geth

from blokketen import _exceptions as exc
from blokketen.chain import Chain
from blokketen.chain.connection import RpcError
from blokketen.chain.network import LocalNetwork, NetworkSpec
from blokketen.cli.common import PASSWORD_ENV
from blokketen.deploy import REGISTRIES, Deployer, Manifest
from blokketen.land.client import LandRegistry
from blokketen.land.pilot import constructor_args
from blokketen.pilots import PILOTS
from blokketen.project import Project
from blokketen.toolchain.compiler import compile_project

ROOT = Project.find().root
pytestmark = pytest.mark.xdist_group("test_network_deploy")  # one network per module, on one worker


def network_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "blokketen.cli.main", "network", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def blokketen(*args: str, env: dict[str, str] | None = None,
              timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "blokketen", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


def _password(network: LocalNetwork) -> dict[str, str]:
    return {PASSWORD_ENV: network.password_file.read_text()}


@pytest.fixture(scope="module")
def network(geth, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy") / "network"
    with LocalNetwork.create(folder, NetworkSpec(period=1), geth=geth) as running:
        yield running
    assert not wait_no_geth(folder), "a node outlived the network"


@pytest.fixture(scope="module")
def chain(network):
    return Chain.connect(network.rpc_url)


@pytest.fixture(scope="module")
def deployer(network):
    return network.deployer()


def _sent(chain, account) -> int:
    return int(chain.rpc("eth_getTransactionCount", [account.address, "pending"]), 16)


def test_shanghai_code_is_refused_before_anything_is_sent(network, chain, deployer, project,
                                                          tmp_path):
    shanghai = compile_project(project).store
    artifact = shanghai.get("LandRegistry")
    # The refusal is not theory: this chain cannot run the Shanghai init code (PUSH0).
    with pytest.raises(RpcError, match="(?i)invalid opcode"):
        chain.rpc("eth_estimateGas", [{"from": deployer.address, "data": artifact.bytecode}])
    nonce = _sent(chain, deployer)
    manifest = Manifest.load(tmp_path, chain.chain_id)
    with pytest.raises(exc.EvmVersionRefused) as caught:
        Deployer(chain, deployer, shanghai, manifest).deploy(
            "LandRegistry", constructor_args("LandRegistry", deployer.address))
    message = str(caught.value)
    assert "shanghai" in message and "london" in message and "PUSH0" in message
    assert (caught.value.artifact_evm, caught.value.chain_evm) == ("shanghai", "london")
    with pytest.raises(exc.EvmVersionRefused):  # the clients' own deploy refuses it too
        LandRegistry.deploy(chain, deployer, *constructor_args("LandRegistry", deployer.address),
                            store=shanghai)
    assert _sent(chain, deployer) == nonce  # nothing was sent
    assert not manifest.path.exists()


def test_the_cli_refuses_shanghai_naming_both_and_exits_2(network, chain, deployer):
    nonce = _sent(chain, deployer)
    result = network_cli("deploy", "--dir", str(network.folder), "--evm-version", "shanghai")
    assert result.returncode == 2, result.stdout + result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert "EVM shanghai" in error and "runs london" in error and "nothing was sent" in error
    assert _sent(chain, deployer) == nonce


def test_every_registry_deploys_with_the_keystore_deployer(network, chain, project):
    result = network_cli("deploy", "--dir", str(network.folder))
    assert result.returncode == 0, result.stderr
    assert "compiled for london" in result.stderr
    manifest = Manifest.load(network.deployments, chain.chain_id)
    assert manifest.path == network.folder / "deployments" / f"{chain.chain_id}.json"
    london = compile_project(project, evm_version="london").store
    assert set(manifest.contracts) == set(REGISTRIES)
    for name, record in manifest.contracts.items():
        assert record.deployer == network.deployer_address
        assert record.evm_version == "london"
        assert record.bytecode_hash == london.get(name).bytecode_hash
        code = chain.code(record.address)
        assert record.code_hash == "0x" + keccak(code).hex()
        assert 0x5F not in opcodes(code)  # no PUSH0 in what runs on the chain
    entry = json.loads(manifest.path.read_text())["contracts"]["LandRegistry"]
    keys = list(entry)
    assert keys[keys.index("code_hash") + 1] == "evm_version"
    registry = LandRegistry(chain, manifest.address("LandRegistry"))
    assert registry.has_role("admin", network.deployer_address)
    again = network_cli("deploy", "--dir", str(network.folder))
    assert again.returncode == 0 and again.stdout.count("reused") == len(REGISTRIES)


def test_the_toolkits_deploy_command_works_on_the_network(network, chain, project, tmp_path):
    """`blokketen deploy --network URL --keystore FILE`, as an agency runs it on any
    network: compiled for the EVM the chain runs, the manifest in the folder for a chain
    that is not a dev chain (not deployments/local/)."""
    result = blokketen("deploy", "--network", network.rpc_url, "--keystore",
                       str(network.folder / "deployer.json"), "--deployments", str(tmp_path),
                       "--only", "LandRegistry", env=_password(network))
    assert result.returncode == 0, result.stderr
    assert "runs EVM london; contracts compiled for london" in result.stderr
    manifest = Manifest.for_chain(tmp_path, chain)
    assert manifest.path == tmp_path / f"{chain.chain_id}.json" and manifest.path.exists()
    record = manifest.contracts["LandRegistry"]
    assert record.evm_version == "london" and record.deployer == network.deployer_address
    assert 0x5F not in opcodes(chain.code(record.address))
    status = blokketen("status", "--network", network.rpc_url, "--deployments", str(tmp_path),
                       "--json")
    assert [c["state"] for c in json.loads(status.stdout)["contracts"]] == ["ok"]


def test_each_pilots_demo_flow_runs_on_the_network(network, chain):
    """`blokketen demo --network URL,URL --keystore FILE`: every pilot's flow on the
    network, through the RPC node with a signer to fail over to (`blokketen network demo`
    runs the same flow with the network folder's keystore)."""
    result = blokketen("demo", "--network", f"{network.rpc_url},{network.urls['signer-1']}",
                       "--keystore", str(network.folder / "deployer.json"),
                       env=_password(network), timeout=900)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert "role accounts funded by the deployer" in out
    # land: transfers, split, freeze, the bulk import and its resumed run
    assert "now owned by the agency" in out and "frozen by a court" in out
    assert "bulk import of the agency's register: 1000 parcels" in out
    assert "the same import again: 1000 already on chain, 0 sent" in out
    # diploma: a batch of 100, verify, revoke, recognise
    assert "issued 100 diplomas in one transaction" in out
    assert "revoked    issued-in-error" in out
    assert "recognised as EQF 7 by NARIC" in out
    # social rent: rule years, a lease and its revision, the scenario replay
    assert "tenant proves the 2024 decision: valid=True" in out
    assert "scenario cases" in out and "MISMATCH" not in out
    # local decisions: one-transaction publication, a proof from the page, an annulment
    assert "anchored, signed and published in one transaction" in out
    assert "2026_GR_00032: annulled; 2026_GR_00031 in the same list stays valid" in out
    # competences: propose, validate, a presentation verified, then suspended
    assert "disclosed 3 of 20 claims to did:web:schrijnwerkerij-peeters.be: valid" in out
    summary = [line for line in out.splitlines() if ": ran on 0x" in line]
    assert len(summary) == len(PILOTS)
    demo = Manifest.for_chain(ROOT / ".blokketen" / "demo", chain)
    assert {r.evm_version for r in demo.contracts.values()} == {"london"}
    land = LandRegistry(chain, demo.address("LandRegistry"))
    assert land.freeze_info("11004A0479/00N000").court is not None
    assert land.parcel("24000B0999/00_000").area_m2 == 1_999  # the bulk import's last parcel
