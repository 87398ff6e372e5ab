"""What `blokketen deploy` and the demo put on a chain: every pilot's contracts (in the order
of :data:`blokketen.pilots.PILOTS`), each with the deployer as admin and the constructor
arguments its pilot gives for that admin."""

from __future__ import annotations

from collections.abc import Callable

from blokketen.deploy.deployer import Deployer, DeployResult
from blokketen.pilots import deploy_order

__all__ = ["REGISTRIES", "deploy_registries"]

REGISTRIES: tuple[str, ...] = tuple(name for _, name in deploy_order())
"""Registry contracts in deployment order."""


def deploy_registries(
    deployer: Deployer, *, only: tuple[str, ...] | None = None,
    report: Callable[[DeployResult], None] | None = None,
) -> list[DeployResult]:
    """Deploy (or reuse) every registry that has an artifact."""
    available = set(deployer.store.names())
    results = []
    admin = deployer.transactor.address
    for pilot, name in deploy_order():
        if name not in available or (only is not None and name not in only):
            continue
        result = deployer.deploy(name, pilot.constructor_args(name, admin))
        if report is not None:
            report(result)
        results.append(result)
    return results
