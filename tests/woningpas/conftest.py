"""Fixtures of the woningpas tests: actors and a registry with its roles granted."""

from __future__ import annotations

import pytest
from woningpaskit import Actors, deploy

from blokketen.woningpas.client import DwellingPassRegistry


@pytest.fixture(scope="module")
def actors(bk_accounts) -> Actors:
    return Actors(*bk_accounts[:10])


@pytest.fixture(scope="module")
def registry(bk_deploy, actors, bk_module_isolated) -> DwellingPassRegistry:
    registry = deploy(bk_deploy, actors)
    assert registry.chain.rpc("eth_getCode", [registry.address, "latest"]) not in (None, "0x")
    return registry
