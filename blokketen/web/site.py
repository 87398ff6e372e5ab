"""What every page reads: the chain it talks to and the folder of deployment manifests.

The manifest is read again on each request, so a redeployment shows at once; it is the one
source of the code a verdict trusts (:mod:`blokketen.contract.trust`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from blokketen._exceptions import ConfigurationError

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.contract.base import ContractClient
    from blokketen.deploy.manifest import DeploymentRecord, Manifest

__all__ = ["Site"]

C = TypeVar("C", bound="ContractClient")


@dataclass(frozen=True)
class Site:
    """The chain the pages ask and the ``deployments`` folder of its manifest."""

    chain: Chain
    deployments: Path

    def manifest(self) -> Manifest:
        from blokketen.deploy.manifest import Manifest

        return Manifest.for_chain(self.deployments, self.chain)

    def records(self) -> dict[str, DeploymentRecord]:
        """The manifest's current contracts by name."""
        return dict(self.manifest().contracts)

    def client(self, client_class: type[C]) -> C:
        """A read-only client of the manifest's ``client_class.CONTRACT`` that trusts the
        manifest's code hash; ConfigurationError when the manifest has none."""
        record = self.records().get(client_class.CONTRACT)
        if record is None:
            raise ConfigurationError(
                f"no {client_class.CONTRACT} in the deployment manifest of chain "
                f"{self.chain.chain_id}")
        return client_class(self.chain, record.address, expected_code=record)
