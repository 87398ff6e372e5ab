"""The one place that holds the compiler settings of the project.

Everything that compiles (the ``blokketen compile`` command, the solc shim that Brownie
runs, the tests) takes its version, EVM version, optimizer settings and remappings from here.
"""

from __future__ import annotations

from typing import Any

SOLC_VERSION = "0.8.37"
"""Pinned solc release; package.json pins the same solcjs version."""

EVM_VERSION = "shanghai"
"""The default target: Shanghai, so Ganache 7.9 and older consortium chains run the contracts."""

EVM_TARGETS = ("london", "shanghai")
"""EVM targets the project compiles for, one profile per kind of network: ``shanghai`` for
anvil and ganache (the default), ``london`` for a clique network of geth 1.13 (clique refuses
Shanghai, so such a chain has no PUSH0). Each target has its own artifact folder."""

OPTIMIZER_RUNS = 200


def build_set_name(build_set: str, evm_version: str) -> str:
    """The artifact folder of ``build_set`` for one target: the default target keeps the
    plain name (``contracts``), another gets a suffix (``contracts-london``)."""
    return build_set if evm_version == EVM_VERSION else f"{build_set}-{evm_version}"


PACKAGE_PREFIXES = {"@openzeppelin/": "node_modules/@openzeppelin/"}
"""Import prefixes of npm packages and the folder (relative to the project) that holds them.

Blokketen keeps these as source unit names in the standard-JSON input, so solc needs no
remappings; Brownie gets the same mapping as ``remappings`` in brownie-config.yaml."""

OUTPUT_SELECTION = ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"]


def solc_settings(evm_version: str = EVM_VERSION) -> dict[str, Any]:
    """The ``settings`` object of a standard-JSON input for one EVM target."""
    return {
        "evmVersion": evm_version,
        "optimizer": {"enabled": True, "runs": OPTIMIZER_RUNS},
        "outputSelection": {"*": {"*": list(OUTPUT_SELECTION)}},
    }
