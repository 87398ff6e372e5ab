"""Per-chain deployment manifests: deployments/<chain-id>.json.

Manifests of local dev chains live in deployments/local/ (git-ignored); those of real
networks sit in deployments/ and are meant to be committed. Which is which is the chain's
own answer (:attr:`Chain.is_dev <blokketen.chain.connection.Chain.is_dev>`: a dev node on a
dev chain id), not the chain id alone: geth --dev and Besu's quickstart run on 1337 too.
Writes are atomic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import DeploymentError
from blokketen.chain.accounts import DEV_CHAIN_IDS

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain

FORMAT_VERSION = 1


@dataclass(frozen=True)
class DeploymentRecord:
    """One contract deployed on one chain."""

    name: str
    address: str
    tx_hash: str
    block: int
    deployer: str
    constructor_args: list[Any]
    code_hash: str
    bytecode_hash: str
    compiler: dict[str, Any]
    source_hash: str
    deployed_at: str
    evm_version: str = ""
    """The EVM target the code was compiled for; written next to ``code_hash``. Entries
    written before targets existed take it from ``compiler``."""

    def __post_init__(self) -> None:
        if not self.evm_version:
            settings = self.compiler.get("settings", {}) if self.compiler else {}
            object.__setattr__(self, "evm_version", str(settings.get("evmVersion", "")))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeploymentRecord:
        optional = {"evm_version"}
        try:
            return cls(**{k: data[k] for k in cls.__dataclass_fields__
                          if k not in optional or k in data})
        except KeyError as err:
            raise DeploymentError(f"manifest entry lacks {err.args[0]}") from None

    def to_json(self) -> dict[str, Any]:
        """The manifest entry, with ``evm_version`` right after ``code_hash``."""
        data: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key != "evm_version":
                data[key] = value
            if key == "code_hash":
                data["evm_version"] = self.evm_version
        return data


@dataclass
class Manifest:
    """What is deployed on one chain, with the entries it replaced."""

    path: Path
    chain_id: int
    contracts: dict[str, DeploymentRecord] = field(default_factory=dict)
    history: list[DeploymentRecord] = field(default_factory=list)

    @staticmethod
    def path_for(deployments: Path, chain_id: int, *, dev: bool | None = None) -> Path:
        """``<deployments>/local/<id>.json`` for a local dev chain, else
        ``<deployments>/<id>.json``; ``dev`` None judges by the chain id alone (a caller
        with a :class:`Chain` passes ``chain.is_dev``, see :meth:`for_chain`)."""
        if dev is None:
            dev = chain_id in DEV_CHAIN_IDS
        folder = deployments / "local" if dev else deployments
        return folder / f"{chain_id}.json"

    @classmethod
    def for_chain(cls, deployments: Path, chain: Chain) -> Manifest:
        """The manifest of ``chain`` under ``deployments``, in the folder its kind asks for."""
        return cls.load(deployments, chain.chain_id, dev=chain.is_dev)

    @classmethod
    def fresh(cls, deployments: Path, chain: Chain) -> Manifest:
        """An empty manifest for ``chain`` under ``deployments`` (a demo's scratch one:
        whatever a file there recorded is replaced on the first save)."""
        return cls(path=cls.path_for(deployments, chain.chain_id, dev=chain.is_dev),
                   chain_id=chain.chain_id)

    @classmethod
    def load(cls, deployments: Path, chain_id: int, *, dev: bool | None = None) -> Manifest:
        path = cls.path_for(deployments, chain_id, dev=dev)
        if not path.exists():
            return cls(path=path, chain_id=chain_id)
        try:
            data = json.loads(path.read_text())
        except json.JSONDecodeError as err:
            raise DeploymentError(f"{path} is not valid JSON: {err}") from None
        if data.get("chainId") != chain_id:
            raise DeploymentError(f"{path} is for chain {data.get('chainId')}, not {chain_id}")
        return cls(
            path=path,
            chain_id=chain_id,
            contracts={
                name: DeploymentRecord.from_json(entry)
                for name, entry in data.get("contracts", {}).items()
            },
            history=[DeploymentRecord.from_json(e) for e in data.get("history", [])],
        )

    def record(self, entry: DeploymentRecord) -> None:
        """Make ``entry`` current; a replaced entry moves to the history."""
        old = self.contracts.get(entry.name)
        if old is not None and old.address != entry.address:
            self.history.append(old)
        self.contracts[entry.name] = entry

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT_VERSION,
            "chainId": self.chain_id,
            "contracts": {n: r.to_json() for n, r in sorted(self.contracts.items())},
            "history": [r.to_json() for r in self.history],
        }
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n")
        tmp.replace(self.path)

    def address(self, name: str) -> str:
        try:
            return self.contracts[name].address
        except KeyError:
            raise DeploymentError(
                f"{name} is not deployed on chain {self.chain_id} (manifest {self.path}); "
                "run `blokketen deploy`"
            ) from None
