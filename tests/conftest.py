"""Shared fixtures of Blokketen's own test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eth_account.signers.local import LocalAccount

from blokketen.chain import Chain, LocalNode
from blokketen.contract.base import ContractClient
from blokketen.project import Project
from blokketen.toolchain.artifacts import ArtifactStore
from blokketen.toolchain.compiler import compile_project

ROOT = Project.find().root


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def test_contracts(project: Project) -> ArtifactStore:
    """The contracts under tests/contracts, compiled into build/blokketen/tests."""
    return compile_project(project, folders=("tests/contracts",), build_set="tests").store


class Noticeboard(ContractClient):
    """Client of the foundation's test contract."""

    CONTRACT = "Noticeboard"

    def post(self, topic: bytes, digest: bytes) -> object:
        return self._transact("post", topic, digest)

    def notice(self, topic: bytes) -> bytes:
        value: bytes = self._call("notice", topic)
        return value


@pytest.fixture(scope="session", params=["anvil", "ganache"])
def any_chain(request: pytest.FixtureRequest) -> Iterator[Chain]:
    """A fresh chain of each node kind, for tests that must hold on both."""
    with LocalNode(request.param) as node:
        yield Chain.connect(node.url)


@pytest.fixture(scope="session")
def board_on(test_contracts: ArtifactStore) -> object:
    def deploy(chain: Chain, sender: LocalAccount, poster: str) -> Noticeboard:
        board = Noticeboard.deploy(chain, sender, "Board", poster, store=test_contracts)
        assert chain.code(board.address), "deployment left no code"
        return board

    return deploy
