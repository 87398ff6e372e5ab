"""Blokketen's pytest plugin: a session chain, snapshot isolation and deployed clients.

Fixtures (all prefixed ``bk_`` so they sit beside other Ethereum plugins):

- ``bk_chain``: a session-wide local chain (anvil unless ``--blokketen-node ganache``), or
  the node at ``--blokketen-rpc-url``.
- ``bk_accounts``: ten funded dev accounts of that chain.
- ``bk_isolated``: snapshot before the test, revert after it; use it autouse in a conftest.
- ``bk_module_isolated``: the same around a whole module.
- ``bk_project``: the project around the working directory, compiled.
- ``bk_deploy``: deploy a contract of the project and get its typed client.
- one fixture per pilot of :data:`blokketen.pilots.PILOTS` (``bk_land``, ``bk_diploma``,
  ``bk_housing``): a fresh registry per test module, admin and sender ``bk_accounts[0]``
  (each module's deployment is reverted when the module ends).

Importing this module is cheap: everything heavy is imported inside the fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from blokketen.pilots import PILOTS, Pilot
from blokketen.testing import scenarios as _scenarios
from blokketen.testing.scenarios import pytest_collect_file  # noqa: F401  (scenario files)

if TYPE_CHECKING:
    from collections.abc import Callable

    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.base import ContractClient
    from blokketen.project import Project


def pytest_addoption(parser: pytest.Parser) -> None:
    _scenarios.pytest_addoption(parser)  # ini option blokketen_scenarios
    group = parser.getgroup("blokketen", "Blokketen chains")
    group.addoption(
        "--blokketen-node",
        choices=("anvil", "ganache"),
        default="anvil",
        help="local node that bk_chain starts (default: anvil)",
    )
    group.addoption(
        "--blokketen-rpc-url",
        default=None,
        help="use the JSON-RPC node at this URL instead of starting one",
    )


@pytest.fixture(scope="session")
def bk_project() -> Project:
    """The project around the working directory, with its contracts compiled."""
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project

    project = Project.find()
    compile_project(project)
    return project


@pytest.fixture(scope="session")
def bk_chain(request: pytest.FixtureRequest) -> Iterator[Chain]:
    """A local chain for the whole test session (stopped at the end)."""
    from blokketen.chain import Chain, LocalNode

    url = request.config.getoption("--blokketen-rpc-url")
    if url:
        yield Chain.connect(url)
        return
    with LocalNode(request.config.getoption("--blokketen-node")) as node:
        yield Chain.connect(node.url)


@pytest.fixture(scope="session")
def bk_accounts(bk_chain: Chain) -> list[LocalAccount]:
    """Ten funded dev accounts (refused on a chain that is not a local dev chain)."""
    return bk_chain.dev_accounts(10)


def _isolation(bk_chain: Chain) -> Iterator[None]:
    snapshot = bk_chain.snapshot()
    yield
    bk_chain.revert(snapshot)


@pytest.fixture
def bk_isolated(bk_chain: Chain) -> Iterator[None]:
    """Revert the chain to its state before the test."""
    yield from _isolation(bk_chain)


@pytest.fixture(scope="module")
def bk_module_isolated(bk_chain: Chain) -> Iterator[None]:
    """Revert the chain to its state before the module."""
    yield from _isolation(bk_chain)


@pytest.fixture(scope="session")
def bk_deploy(
    bk_project: Project, bk_chain: Chain, bk_accounts: list[LocalAccount]
) -> Callable[..., ContractClient]:
    """Deploy a project contract: bk_deploy(ClientClass, *constructor_args, sender=None)."""

    def deploy(client_class: type[ContractClient], *args: object,
               sender: LocalAccount | None = None) -> ContractClient:
        return client_class.deploy(bk_chain, sender or bk_accounts[0], *args,
                                   store=bk_project.artifacts())

    return deploy


def _registry_fixture(pilot: Pilot) -> Any:
    """The module-scoped fixture ``pilot.fixture``: a fresh deployment of the pilot's first
    contract through its client class."""

    def fixture(bk_deploy: Callable[..., ContractClient], bk_accounts: list[LocalAccount],
                bk_module_isolated: None) -> ContractClient:
        client_class = pilot.client()
        admin = bk_accounts[0].address
        client = bk_deploy(client_class, *pilot.constructor_args(pilot.contracts[0], admin))
        assert isinstance(client, client_class)
        return client

    fixture.__name__ = pilot.fixture
    fixture.__doc__ = (f"A {pilot.contracts[0]} for this module; admin and sender: the first "
                       "dev account.")
    return pytest.fixture(scope="module", name=pilot.fixture)(fixture)


for _pilot in PILOTS:
    globals()[f"_{_pilot.fixture}"] = _registry_fixture(_pilot)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running test")


