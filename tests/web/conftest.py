"""Fixtures of the web tests: a world on the test run's chain (reverted after the module),
and the application serving it."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from blokketen.web.app import create_app
from blokketen.web.sample import World, build


@pytest.fixture(scope="module")
def world(bk_chain, bk_project, bk_accounts, bk_module_isolated, tmp_path_factory) -> World:
    world = build(bk_chain, bk_project, bk_accounts, tmp_path_factory.mktemp("deployments"))
    assert world.clients and world.receipts, "the sample must hold registries and diplomas"
    return world


@pytest.fixture(scope="module")
def http(world: World) -> TestClient:
    """The application over plain HTTP (no server, no browser)."""
    return TestClient(create_app(world.site), raise_server_exceptions=False,
                      follow_redirects=False)
