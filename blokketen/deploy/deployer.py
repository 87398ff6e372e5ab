"""Deploy artifacts, reusing what a manifest records when it is still what we would deploy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from eth_utils import keccak

from blokketen._exceptions import ChainResetDetected
from blokketen.contract.abi import encode_constructor
from blokketen.contract.errors import ErrorDecoder
from blokketen.contract.tx import Transactor
from blokketen.deploy.manifest import DeploymentRecord, Manifest

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.toolchain.artifacts import Artifact, ArtifactStore

Outcome = Literal["deployed", "reused", "replaced", "redeployed after reset"]
EntryState = Literal["ok", "missing", "code differs"]


@dataclass(frozen=True)
class DeployResult:
    """What :meth:`Deployer.deploy` did for one contract."""

    record: DeploymentRecord
    outcome: Outcome


class Deployer:
    """Deploys contracts of one artifact store onto one chain and keeps its manifest."""

    def __init__(
        self,
        chain: Chain,
        account: LocalAccount,
        store: ArtifactStore,
        manifest: Manifest,
        *,
        confirmations: int = 0,
        report: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.chain = chain
        self.store = store
        self.manifest = manifest
        self.transactor = Transactor(chain, account, confirmations=confirmations)
        self.report = report
        self._chain_evm: str | None = None

    def state(self, record: DeploymentRecord) -> EntryState:
        return code_state(self.chain, record)

    def deploy(self, name: str, args: tuple[Any, ...] = ()) -> DeployResult:
        """Deploy ``name`` unless the manifest's entry has the same artifact, args and code."""
        artifact = self.store.get(name)
        plain_args = [_plain(a) for a in args]
        current = self.manifest.contracts.get(name)
        outcome: Outcome = "deployed"
        if current is not None:
            state = self.state(current)
            if state == "missing":
                if not self.chain.is_dev:
                    raise ChainResetDetected(
                        f"{name} recorded at {current.address} on chain {self.chain.chain_id} "
                        f"has no code there: the chain was reset or the manifest "
                        f"{self.manifest.path} belongs to another network; not trusting it"
                    )
                self.report(f"chain {self.chain.chain_id} was reset: {name} at "
                            f"{current.address} has no code; deploying anew")
                outcome = "redeployed after reset"
            elif (
                state == "ok"
                and current.bytecode_hash == artifact.bytecode_hash
                and current.constructor_args == plain_args
            ):
                return DeployResult(current, "reused")
            else:
                outcome = "replaced"
        self._require_evm(artifact)
        record = self._send(artifact, args, plain_args)
        self.manifest.record(record)
        self.manifest.save()
        return DeployResult(record, outcome)

    def _require_evm(self, artifact: Artifact) -> None:
        """Refuse, before sending, code compiled for a later EVM than the chain runs."""
        from blokketen.chain.evm import chain_evm, require_evm

        if self._chain_evm is None:
            self._chain_evm = chain_evm(self.chain) or ""
        require_evm(self.chain, artifact.evm_version, what=artifact.name,
                    known=self._chain_evm or None)

    def _send(
        self, artifact: Artifact, args: tuple[Any, ...], plain: list[Any]
    ) -> DeploymentRecord:
        data = bytes.fromhex(artifact.bytecode[2:]) + encode_constructor(artifact.abi, args)
        receipt = self.transactor.transact(
            None, data, errors=ErrorDecoder(artifact.abi, contract=artifact.name)
        )
        assert receipt.contract_address is not None
        return DeploymentRecord(
            name=artifact.name,
            address=receipt.contract_address,
            tx_hash=receipt.tx_hash,
            block=receipt.block_number,
            deployer=self.transactor.address,
            constructor_args=plain,
            code_hash=_hash(self.chain.code(receipt.contract_address)),
            evm_version=artifact.evm_version,
            bytecode_hash=artifact.bytecode_hash,
            compiler=artifact.compiler,
            source_hash=artifact.source_hash,
            deployed_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )


def code_state(chain: Chain, record: DeploymentRecord) -> EntryState:
    """Whether the recorded contract is still on ``chain`` with the recorded code."""
    code = chain.code(record.address)
    if not code:
        return "missing"
    return "ok" if _hash(code) == record.code_hash else "code differs"


def _hash(code: bytes) -> str:
    return "0x" + keccak(code).hex()


def _plain(value: Any) -> Any:
    """Constructor arguments as JSON values (bytes as hex)."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
