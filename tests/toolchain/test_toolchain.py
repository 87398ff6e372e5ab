"""Compiler: backends, cache, artifacts, errors, the Brownie shim's settings."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from blokketen import _exceptions as exc
from blokketen.project import Project
from blokketen.toolchain import settings
from blokketen.toolchain.backends import native_solc, select_backend
from blokketen.toolchain.compiler import compile_project, standard_input

COUNTER = """// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
contract Counter is Ownable {
    uint256 private _n;
    event Counted(uint256 n);
    constructor() Ownable(msg.sender) {}
    function count() external onlyOwner { _n += STEP; emit Counted(_n); }
    uint256 private constant STEP = 1;
}
"""


@pytest.fixture
def scratch(tmp_path: Path, project: Project) -> Project:
    """A tiny project of its own, sharing the real node_modules."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "Counter.sol").write_text(COUNTER)
    (tmp_path / "brownie-config.yaml").write_text("{}\n")
    (tmp_path / "node_modules").symlink_to(project.node_modules)
    return Project(tmp_path)


def test_compile_writes_complete_artifacts(scratch):
    result = compile_project(scratch)
    assert not result.cached and result.backend in ("native", "solcjs")
    art = result.store.get("Counter")
    assert art.deployable and art.deployed_bytecode.startswith("0x6080")
    assert {i["name"] for i in art.abi if i.get("type") == "event"} >= {"Counted"}
    assert art.compiler["settings"]["evmVersion"] == "shanghai"
    assert art.compiler["settings"]["optimizer"] == {"enabled": True, "runs": 200}
    assert art.compiler["version"].startswith(settings.SOLC_VERSION)
    assert "contracts/Counter.sol" in art.source_hashes
    assert "@openzeppelin/contracts/access/Ownable.sol" in art.source_hashes
    std_in = json.loads((scratch.build / "contracts.standard-input.json").read_text())
    assert set(std_in["sources"]) >= set(art.source_hashes)  # enough to verify the source


def test_unchanged_tree_is_a_cache_hit_without_solc(scratch, monkeypatch):
    compile_project(scratch)

    def no_solc(*_a, **_k):
        raise AssertionError("solc must not run on a cache hit")

    monkeypatch.setattr("blokketen.toolchain.compiler.select_backend", no_solc)
    result = compile_project(scratch)
    assert result.cached and result.backend is None


def test_changed_source_or_setting_recompiles(scratch, monkeypatch):
    first = compile_project(scratch)
    source = scratch.contracts / "Counter.sol"
    source.write_text(source.read_text().replace("STEP = 1", "STEP = 2"))
    second = compile_project(scratch)
    assert not second.cached and second.input_hash != first.input_hash
    monkeypatch.setattr(settings, "OPTIMIZER_RUNS", 999)
    third = compile_project(scratch)
    assert not third.cached
    assert third.store.get("Counter").compiler["settings"]["optimizer"]["runs"] == 999


def test_compile_error_names_file_and_line(scratch):
    (scratch.contracts / "Broken.sol").write_text(
        "// SPDX-License-Identifier: EUPL-1.2\npragma solidity ^0.8.24;\n"
        "contract Broken {\n    function f() external { undefinedThing(); }\n}\n"
    )
    with pytest.raises(exc.CompileError) as caught:
        compile_project(scratch)
    assert "contracts/Broken.sol:4:" in str(caught.value)
    assert "undefinedThing" in str(caught.value)


def test_missing_import_is_reported(scratch):
    (scratch.contracts / "Lonely.sol").write_text(
        'pragma solidity ^0.8.24;\nimport {X} from "./Nowhere.sol";\ncontract Lonely {}\n'
    )
    with pytest.raises(exc.CompileError, match="contracts/Nowhere.sol"):
        compile_project(scratch)


@pytest.mark.skipif(native_solc() is None, reason="no native solc 0.8.37 installed for py-solc-x "
                    "(it cannot be downloaded here); solcjs is the only backend")
def test_native_and_solcjs_give_the_same_bytecode(scratch):
    native = compile_project(scratch, backend="native", force=True).store.get("Counter")
    solcjs = compile_project(scratch, backend="solcjs", force=True).store.get("Counter")
    assert native.bytecode == solcjs.bytecode


def test_forcing_a_missing_native_backend_is_a_clear_error(scratch):
    if native_solc() is not None:
        pytest.skip("a native solc is installed here")
    with pytest.raises(exc.ConfigurationError, match="--backend solcjs"):
        select_backend("native", scratch.root)


def test_standard_input_is_self_contained(project):
    std_in = standard_input(project.root, ("contracts",))
    for text in (s["content"] for s in std_in["sources"].values()):
        assert text
    assert "remappings" not in std_in["settings"]


def test_brownie_config_mirrors_the_settings(project):
    config = yaml.safe_load((project.root / "brownie-config.yaml").read_text())
    solc = config["compiler"]["solc"]
    assert config["compiler"]["evm_version"] == settings.EVM_VERSION
    assert str(solc["version"]) == settings.SOLC_VERSION
    assert solc["optimizer"] == {"enabled": True, "runs": settings.OPTIMIZER_RUNS}
    assert solc["remappings"] == [f"{k}={v}" for k, v in settings.PACKAGE_PREFIXES.items()]
    assert "networks" not in config  # brownie's loader crashes on a string value there
    package = json.loads((project.root / "package.json").read_text())
    assert package["dependencies"]["solc"] == settings.SOLC_VERSION


def test_shim_answers_like_solc(project):
    from blokketen.toolchain.shim import install_shim

    shim = install_shim(project)
    version = subprocess.run([shim, "--version"], capture_output=True, text=True, check=True)
    assert f"Version: {settings.SOLC_VERSION}+commit." in version.stdout
    std_in = {"language": "Solidity", "sources": {"A.sol": {"content":
              "pragma solidity ^0.8.0; contract A { function f() external {} }"}},
              "settings": {"outputSelection": {"*": {"*": ["abi"]}}}}
    out = subprocess.run([shim, "--standard-json"], input=json.dumps(std_in), text=True,
                         capture_output=True, check=True)
    assert json.loads(out.stdout[out.stdout.index("{"):])["contracts"]["A.sol"]["A"]["abi"]
    assert shutil.which("node")


def test_package_abis_match_the_build(project):
    store = compile_project(project).store
    abi_dir = project.root / "blokketen" / "abi"
    for name in store.names():
        artifact = store.get(name)
        if artifact.deployable:
            assert json.loads((abi_dir / f"{name}.json").read_text()) == artifact.abi
