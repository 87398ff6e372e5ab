"""EVM targets: one compile profile per kind of network, the probe of a chain's EVM, and the
manifest that records the target next to the code hash (the geth side: tests/network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blokketen import _exceptions as exc
from blokketen.chain import Chain, LocalNode
from blokketen.chain.evm import chain_evm, runs_on
from blokketen.deploy import Deployer, Manifest
from blokketen.project import Project
from blokketen.toolchain.compiler import check_target, compile_project, target_for

COUNTER = """// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;
contract Counter {
    uint256 public total;
    event Counted(uint256 total);
    function count(uint256 step) external { total += step; emit Counted(total); }
}
"""
PUSH0 = 0x5F


def opcodes(hex_code: str) -> set[int]:
    """The opcodes of runtime code (push data and the CBOR metadata trailer skipped)."""
    code = bytes.fromhex(hex_code[2:])
    code = code[: -(int.from_bytes(code[-2:], "big") + 2)]
    found, i = set(), 0
    while i < len(code):
        op = code[i]
        found.add(op)
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return found


@pytest.fixture
def counter(tmp_path: Path, project: Project) -> Project:
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "Counter.sol").write_text(COUNTER)
    (tmp_path / "brownie-config.yaml").write_text("{}\n")
    (tmp_path / "node_modules").symlink_to(project.node_modules)
    return Project(tmp_path)


def test_each_target_compiles_into_its_own_folder(counter):
    shanghai = compile_project(counter).store.get("Counter")
    london = compile_project(counter, evm_version="london").store.get("Counter")
    assert (shanghai.evm_version, london.evm_version) == ("shanghai", "london")
    assert (counter.build / "contracts" / "Counter.json").exists()
    assert (counter.build / "contracts-london" / "Counter.json").exists()
    assert london.abi == shanghai.abi
    assert PUSH0 in opcodes(shanghai.deployed_bytecode)  # Shanghai code uses PUSH0 ...
    assert PUSH0 not in opcodes(london.deployed_bytecode)  # ... London code never does
    again = compile_project(counter, evm_version="london")
    assert again.cached  # each target has its own cache stamp


def test_an_unknown_target_is_bad_input(counter):
    with pytest.raises(exc.InputError, match="evm_version") as caught:
        compile_project(counter, evm_version="cancun")
    assert caught.value.field == "evm_version"
    assert check_target("london") == "london"


@pytest.mark.parametrize(("code", "chain", "runs"), [
    ("london", "london", True), ("shanghai", "london", False), ("paris", "london", True),
    ("london", "shanghai", True), ("shanghai", "cancun", True), ("cancun", "shanghai", False),
    ("prague", "cancun", True), ("osaka", "prague", False), ("berlin", "london", True),
])
def test_which_code_runs_on_which_evm(code, chain, runs):
    assert runs_on(code, chain) is runs


def test_the_target_for_a_chain_is_the_newest_that_runs_there():
    assert target_for("london") == "london"
    assert target_for("paris") == "london"
    assert target_for("shanghai") == "shanghai"
    assert target_for("cancun") == "shanghai"
    assert target_for(None) == "shanghai"  # a chain that cannot be probed: the default
    with pytest.raises(exc.InputError, match="older than every EVM target"):
        target_for("berlin")


def test_anvil_is_probed_as_shanghai_and_takes_london_code(counter, tmp_path):
    london = compile_project(counter, evm_version="london").store
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        assert chain_evm(chain) == "shanghai"
        manifest = Manifest.load(tmp_path / "deployments", chain.chain_id)
        result = Deployer(chain, chain.dev_accounts(1)[0], london, manifest).deploy("Counter")
    assert result.record.evm_version == "london"
    entry = json.loads(manifest.path.read_text())["contracts"]["Counter"]
    keys = list(entry)
    assert keys[keys.index("code_hash") + 1] == "evm_version"  # recorded next to the code hash
    assert entry["evm_version"] == "london"


def test_a_manifest_written_before_targets_reads_the_target_from_the_compiler(tmp_path):
    path = Manifest.path_for(tmp_path, 31337)
    path.parent.mkdir(parents=True)
    entry = {"name": "Counter", "address": "0x" + "11" * 20, "tx_hash": "0x" + "22" * 32,
             "block": 3, "deployer": "0x" + "33" * 20, "constructor_args": [],
             "code_hash": "0x" + "44" * 32, "bytecode_hash": "0x" + "55" * 32,
             "compiler": {"settings": {"evmVersion": "shanghai"}},
             "source_hash": "0x" + "66" * 32, "deployed_at": "2026-01-01T00:00:00Z"}
    path.write_text(json.dumps({"format": 1, "chainId": 31337,
                                "contracts": {"Counter": entry}, "history": []}))
    record = Manifest.load(tmp_path, 31337).contracts["Counter"]
    assert record.evm_version == "shanghai"
