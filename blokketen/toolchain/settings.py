"""The one place that holds the compiler settings of the project.

Everything that compiles (the ``blokketen compile`` command, the solc shim that Brownie
runs, the tests) takes its version, EVM version, optimizer settings and remappings from here.
"""

from __future__ import annotations

from typing import Any

SOLC_VERSION = "0.8.37"
"""Pinned solc release; package.json pins the same solcjs version."""

EVM_VERSION = "shanghai"
"""Shanghai, so Ganache 7.9 and older consortium chains run the contracts too."""

OPTIMIZER_RUNS = 200

PACKAGE_PREFIXES = {"@openzeppelin/": "node_modules/@openzeppelin/"}
"""Import prefixes of npm packages and the folder (relative to the project) that holds them.

Blokketen keeps these as source unit names in the standard-JSON input, so solc needs no
remappings; Brownie gets the same mapping as ``remappings`` in brownie-config.yaml."""

OUTPUT_SELECTION = ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"]


def solc_settings() -> dict[str, Any]:
    """The ``settings`` object of a standard-JSON input."""
    return {
        "evmVersion": EVM_VERSION,
        "optimizer": {"enabled": True, "runs": OPTIMIZER_RUNS},
        "outputSelection": {"*": {"*": list(OUTPUT_SELECTION)}},
    }
