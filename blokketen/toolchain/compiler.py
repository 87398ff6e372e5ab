"""Compile a project's contracts through solc's standard JSON, with a content cache.

An unchanged tree is answered from build/ without starting solc: the cache key is the
hash of the complete standard-JSON input (every source text and every setting).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blokketen._exceptions import CompileError, InputError
from blokketen.project import Project
from blokketen.toolchain.artifacts import Artifact, ArtifactStore, _write_json_atomic
from blokketen.toolchain.backends import BackendName, select_backend
from blokketen.toolchain.settings import (
    EVM_TARGETS,
    EVM_VERSION,
    SOLC_VERSION,
    build_set_name,
    solc_settings,
)
from blokketen.toolchain.sources import collect, project_sources


@dataclass(frozen=True)
class BuildResult:
    """What a compile did: which artifacts exist, and whether solc actually ran."""

    store: ArtifactStore
    cached: bool
    backend: str | None
    input_hash: str
    warnings: tuple[str, ...] = ()


def standard_input(
    root: Path, folders: tuple[str, ...], *, evm_version: str = EVM_VERSION
) -> dict[str, Any]:
    """The complete, self-contained standard-JSON input for the given source folders."""
    texts = collect(root, project_sources(root, folders))
    return {
        "language": "Solidity",
        "sources": {unit: {"content": text} for unit, text in texts.items()},
        "settings": solc_settings(evm_version),
    }


def check_target(evm_version: str) -> str:
    """``evm_version`` if it is one of the project's EVM targets, else InputError."""
    if evm_version not in EVM_TARGETS:
        raise InputError("evm_version", f"{evm_version!r} is not an EVM target of this "
                         f"project (choose from {', '.join(EVM_TARGETS)})")
    return evm_version


def target_for(chain_evm: str | None) -> str:
    """The project's EVM target for a chain that runs ``chain_evm`` (see
    :func:`blokketen.chain.evm.chain_evm`): the newest target that runs there, the default
    when the chain could not be probed. A chain older than every target gets InputError."""
    from blokketen.chain.evm import runs_on

    if chain_evm is None:
        return EVM_VERSION
    fitting = [t for t in EVM_TARGETS if runs_on(t, chain_evm)]
    if not fitting:
        raise InputError("evm_version", f"the chain runs {chain_evm}, older than every EVM "
                         f"target of this project ({', '.join(EVM_TARGETS)})")
    return EVM_TARGETS[max(EVM_TARGETS.index(t) for t in fitting)]


def compile_project(
    project: Project,
    *,
    folders: tuple[str, ...] = ("contracts",),
    build_set: str = "contracts",
    backend: BackendName = "auto",
    force: bool = False,
    evm_version: str = EVM_VERSION,
) -> BuildResult:
    """Compile ``folders`` of ``project`` for one EVM target into
    ``build/blokketen/<build_set>`` (``<build_set>-<target>`` for a target other than the
    default; see :func:`blokketen.toolchain.settings.build_set_name`)."""
    build_set = build_set_name(build_set, check_target(evm_version))
    out_dir = project.build / build_set
    std_in = standard_input(project.root, folders, evm_version=evm_version)
    encoded = json.dumps(std_in, sort_keys=True).encode()
    input_hash = hashlib.sha256(encoded + SOLC_VERSION.encode()).hexdigest()
    store = ArtifactStore(out_dir)
    stamp = project.build / f"{build_set}.input-hash"
    if not force and stamp.exists() and stamp.read_text().strip() == input_hash:
        return BuildResult(store=store, cached=True, backend=None, input_hash=input_hash)

    chosen = select_backend(backend, project.root)
    output = chosen.compile(std_in, project.root)
    problems = output.get("errors", [])
    errors = [e["formattedMessage"].strip() for e in problems if e.get("severity") == "error"]
    warnings = tuple(
        e["formattedMessage"].strip() for e in problems if e.get("severity") != "error"
    )
    if errors:
        raise CompileError("\n\n".join(errors))

    own_units = set(project_sources(project.root, folders))
    artifacts = _artifacts(output, own_units, std_in["settings"], chosen.name)
    store.write(artifacts)
    _write_json_atomic(project.build / f"{build_set}.standard-input.json", std_in)
    if build_set == "contracts" and PACKAGE_ABI_DIR.parent.parent == project.root.resolve():
        export_abis(artifacts, PACKAGE_ABI_DIR)  # only the package's own project
    stamp.write_text(input_hash + "\n")
    return BuildResult(
        store=store, cached=False, backend=chosen.name, input_hash=input_hash, warnings=warnings
    )


PACKAGE_ABI_DIR = Path(__file__).resolve().parent.parent / "abi"


def export_abis(artifacts: list[Artifact], folder: Path) -> None:
    """Write the ABI of every deployable contract into the package (clients load them)."""
    for artifact in artifacts:
        if artifact.deployable:
            _write_json_atomic(folder / f"{artifact.name}.json", artifact.abi)


def _artifacts(
    output: dict[str, Any], own_units: set[str], settings: dict[str, Any], backend: str
) -> list[Artifact]:
    artifacts: list[Artifact] = []
    for unit, contracts in sorted(output.get("contracts", {}).items()):
        if unit not in own_units:
            continue
        for name, data in sorted(contracts.items()):
            metadata = json.loads(data["metadata"]) if data.get("metadata") else {}
            hashes = {
                src: info.get("keccak256", "")
                for src, info in sorted(metadata.get("sources", {}).items())
            }
            compiler_version = metadata.get("compiler", {}).get("version", SOLC_VERSION)
            artifacts.append(
                Artifact(
                    name=name,
                    source=unit,
                    abi=data["abi"],
                    bytecode="0x" + data["evm"]["bytecode"]["object"],
                    deployed_bytecode="0x" + data["evm"]["deployedBytecode"]["object"],
                    source_hashes=hashes,
                    compiler={
                        "version": compiler_version,
                        "settings": {k: v for k, v in settings.items() if k != "outputSelection"},
                        "backend": backend,
                    },
                )
            )
    names = [a.name for a in artifacts]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise CompileError(f"two contracts share a name: {', '.join(sorted(duplicates))}")
    return artifacts
