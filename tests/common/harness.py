"""Thin clients of the harness contracts under tests/contracts (the shared blocks' tests)."""

from __future__ import annotations

from typing import Any

from blokketen.clients.base import ContractClient
from blokketen.clients.tx import Receipt


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
