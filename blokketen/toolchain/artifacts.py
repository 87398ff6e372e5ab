"""Build artifacts: what the compiler writes and the deployer and clients read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_utils import keccak

from blokketen._exceptions import ConfigurationError


@dataclass(frozen=True)
class Artifact:
    """One compiled contract."""

    name: str
    source: str
    abi: list[dict[str, Any]]
    bytecode: str
    deployed_bytecode: str
    source_hashes: dict[str, str]
    compiler: dict[str, Any]

    @property
    def deployable(self) -> bool:
        return len(self.bytecode) > 2

    @property
    def evm_version(self) -> str:
        """The EVM target this contract was compiled for (solc's ``evmVersion``)."""
        from blokketen.toolchain.settings import EVM_VERSION

        return str(self.compiler.get("settings", {}).get("evmVersion") or EVM_VERSION)

    @property
    def bytecode_hash(self) -> str:
        return "0x" + keccak(hexstr=self.bytecode).hex()

    @property
    def source_hash(self) -> str:
        """keccak of the keccaks of every source file this contract was built from."""
        joined = json.dumps(self.source_hashes, sort_keys=True).encode()
        return "0x" + keccak(joined).hex()

    def to_json(self) -> dict[str, Any]:
        return {
            "contractName": self.name,
            "sourceName": self.source,
            "abi": self.abi,
            "bytecode": self.bytecode,
            "deployedBytecode": self.deployed_bytecode,
            "sourceHashes": self.source_hashes,
            "compiler": self.compiler,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Artifact:
        return cls(
            name=data["contractName"],
            source=data["sourceName"],
            abi=data["abi"],
            bytecode=data["bytecode"],
            deployed_bytecode=data["deployedBytecode"],
            source_hashes=data["sourceHashes"],
            compiler=data["compiler"],
        )


class ArtifactStore:
    """The compiled contracts in one build folder (``build/blokketen/<set>/contracts``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[str, Artifact] = {}

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def get(self, name: str) -> Artifact:
        if name not in self._cache:
            path = self.folder / f"{name}.json"
            if not path.exists():
                raise ConfigurationError(
                    f"no artifact for {name} in {self.folder}; run `blokketen compile`"
                )
            self._cache[name] = Artifact.from_json(json.loads(path.read_text()))
        return self._cache[name]

    def __iter__(self) -> Iterator[Artifact]:
        return (self.get(n) for n in self.names())

    def write(self, artifacts: list[Artifact]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = {a.name for a in artifacts}
        for old in self.folder.glob("*.json"):
            if old.stem not in keep:
                old.unlink()
        for artifact in artifacts:
            _write_json_atomic(self.folder / f"{artifact.name}.json", artifact.to_json())
        self._cache.clear()


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)
