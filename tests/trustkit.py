"""A bare project whose deployment manifest records the contracts a test says it trusts:
what a verifier on the command line compares the code on chain with."""

from __future__ import annotations

from pathlib import Path

from blokketen.contract.base import ContractClient


def manifest_project(root: Path, chain_id: int, *trusted: ContractClient) -> Path:
    """A project folder at ``root`` whose manifest of ``chain_id`` records each client's
    contract at its address with the code hash it expects (the code it deployed)."""
    from blokketen.deploy.manifest import DeploymentRecord, Manifest

    (root / "contracts").mkdir(parents=True)
    (root / "package.json").write_text("{}")
    manifest = Manifest.load(root / "deployments", chain_id)
    for client in trusted:
        assert client.expected_code is not None, "a client that deployed its contract"
        manifest.record(DeploymentRecord(
            name=client.CONTRACT, address=client.address, tx_hash="0x" + "00" * 32, block=1,
            deployer=client.address, constructor_args=[],
            code_hash=client.expected_code.code_hash, bytecode_hash="", compiler={},
            source_hash="", deployed_at=""))
    manifest.save()
    return root
