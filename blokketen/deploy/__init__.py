"""Deployments: per-chain manifests and the deployer that keeps them."""

from blokketen.deploy.deployer import Deployer, DeployResult
from blokketen.deploy.manifest import DeploymentRecord, Manifest
from blokketen.deploy.plan import REGISTRIES, deploy_registries

__all__ = [
    "REGISTRIES",
    "DeployResult",
    "Deployer",
    "DeploymentRecord",
    "Manifest",
    "deploy_registries",
]
