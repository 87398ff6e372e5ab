"""What `blokketen deploy` and the demo put on a chain: every pilot's contracts (in the order
of :data:`blokketen.pilots.PILOTS`), each with the deployer as admin."""

from __future__ import annotations

from collections.abc import Callable

from blokketen.deploy.deployer import Deployer, DeployResult
from blokketen.pilots import PILOTS

__all__ = ["REGISTRIES", "deploy_registries"]

REGISTRIES: tuple[str, ...] = tuple(name for pilot in PILOTS for name in pilot.contracts)
"""Registry contracts in deployment order; each constructor takes the admin address."""


def deploy_registries(
    deployer: Deployer, *, only: tuple[str, ...] | None = None,
    report: Callable[[DeployResult], None] | None = None,
) -> list[DeployResult]:
    """Deploy (or reuse) every registry that has an artifact."""
    available = set(deployer.store.names())
    results = []
    for name in only or REGISTRIES:
        if name not in available:
            continue
        result = deployer.deploy(name, (deployer.transactor.address,))
        if report is not None:
            report(result)
        results.append(result)
    return results
