"""Clients and fixtures of the harness contracts under tests/contracts (the shared blocks'
tests; the privacy tests borrow them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from blokketen.contract.base import ContractClient
from blokketen.contract.tx import Receipt


class Harness(ContractClient):
    """Any test contract: ``call`` and ``send`` by function name."""

    def call(self, fn: str, *args: Any) -> Any:
        return self._call(fn, *args)

    def send(self, fn: str, *args: Any) -> Receipt:
        return self._transact(fn, *args)


class CommonRegistryHarness(Harness):
    CONTRACT = "CommonRegistryHarness"


class TaggedLeavesHarness(Harness):
    CONTRACT = "TaggedLeavesHarness"


class ERC1271WalletMock(Harness):
    CONTRACT = "ERC1271WalletMock"


ADMIN_DELAY = 3600


@dataclass(frozen=True)
class Cast:
    """The accounts of the tests, by role."""

    admin: LocalAccount
    registrar: LocalAccount
    supervisor: LocalAccount
    chair: LocalAccount
    other: LocalAccount
    relayer: LocalAccount
    stranger: LocalAccount


@pytest.fixture(scope="module")
def cast(bk_accounts) -> Cast:
    return Cast(*bk_accounts[:7])


@pytest.fixture(scope="module")
def registry(bk_chain, test_contracts, cast, bk_module_isolated) -> CommonRegistryHarness:
    """The composed harness; the registrar and supervisor roles granted."""
    reg = CommonRegistryHarness.deploy(bk_chain, cast.admin, cast.admin.address, ADMIN_DELAY,
                                       store=test_contracts)
    reg.send("grantRole", reg.call("REGISTRAR_ROLE"), cast.registrar.address)
    reg.send("grantRole", reg.call("SUPERVISOR_ROLE"), cast.supervisor.address)
    assert reg.call("hasRole", reg.call("REGISTRAR_ROLE"), cast.registrar.address)
    assert reg.call("hasRole", reg.call("SUPERVISOR_ROLE"), cast.supervisor.address)
    return reg


@pytest.fixture(scope="module")
def leaves_contract(bk_chain, test_contracts, cast, bk_module_isolated) -> TaggedLeavesHarness:
    return TaggedLeavesHarness.deploy(bk_chain, cast.admin, store=test_contracts)


@pytest.fixture(scope="module")
def wallet(bk_chain, test_contracts, cast, bk_module_isolated) -> ERC1271WalletMock:
    """A contract signer whose key is the chair's."""
    return ERC1271WalletMock.deploy(bk_chain, cast.admin, cast.chair.address, store=test_contracts)


_CHAIN_FIXTURES = ("registry", "leaves_contract", "wallet")


@pytest.fixture(autouse=True)
def _isolate(request):
    """Snapshot isolation for tests on the chain; pure tests start no chain."""
    used = [name for name in _CHAIN_FIXTURES if name in request.fixturenames]
    if used:
        for name in used:  # deployed first, so the per-test snapshot keeps them
            request.getfixturevalue(name)
        request.getfixturevalue("bk_isolated")
    yield
