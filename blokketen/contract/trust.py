"""Which contract a verdict comes from: the code check every verifier makes before answering.

A verifier trusts the node it asks, a chain id, a registry address and the code at that
address. An address alone proves nothing (anyone can deploy a look-alike that answers
"valid" to everything), so before any verdict the verifier compares the keccak256 of the
runtime code on chain with the hash it expects: the one the chain's deployment manifest
recorded at deployment (a :class:`~blokketen.deploy.manifest.DeploymentRecord` is an
:class:`ExpectedCode`), or one it pins itself (:class:`PinnedCode`, e.g. published by the
agency that runs the registry). :func:`check_code` makes the comparison and returns the
:class:`TrustedContract` a verdict names; any difference raises :class:`UntrustedContract`.

The module knows no node: it reads code through whatever chain object it is handed
(:class:`CodeReader`), so value types of a pilot may name :class:`TrustedContract`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from eth_utils import keccak, to_checksum_address

from blokketen._exceptions import InputError, UntrustedContract
from blokketen.contract import checks as check

__all__ = ["CodeReader", "ExpectedCode", "PinnedCode", "TrustedContract", "check_code",
           "code_hash"]

_HASH = re.compile(r"^0x[0-9a-f]{64}$")


class CodeReader(Protocol):
    """What the check reads from a chain (a :class:`~blokketen.chain.Chain` is one)."""

    @property
    def chain_id(self) -> int: ...

    def code(self, address: str, block: int | str = "latest") -> bytes: ...


class ExpectedCode(Protocol):
    """What a verifier expects: a contract ``name`` at ``address`` whose runtime code hashes
    to ``code_hash`` (0x-prefixed keccak256). A manifest's ``DeploymentRecord`` is one."""

    @property
    def name(self) -> str: ...

    @property
    def address(self) -> str: ...

    @property
    def code_hash(self) -> str: ...


@dataclass(frozen=True)
class PinnedCode:
    """An expectation the verifier states itself, where no manifest of the chain is at hand.
    The address and hash are checked on construction (InputError naming the field)."""

    name: str
    address: str
    code_hash: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "address", check.address("address", self.address))
        if not isinstance(self.code_hash, str) or not _HASH.match(self.code_hash.lower()):
            raise InputError("code_hash", "must be a 0x-prefixed 32-byte keccak256 hash")
        object.__setattr__(self, "code_hash", self.code_hash.lower())


@dataclass(frozen=True)
class TrustedContract:
    """The contract a verdict comes from, after its code was checked: name, chain id,
    checksummed address, the keccak256 of its runtime code, and the block the check (and
    the verdict) read (None for the latest block)."""

    name: str
    chain_id: int
    address: str
    code_hash: str
    block: int | None = None

    def __str__(self) -> str:
        at = "" if self.block is None else f" at block {self.block}"
        return (f"{self.name} {self.address} on chain {self.chain_id}{at}, "
                f"code {self.code_hash}")


def code_hash(chain: CodeReader, address: str, *, block: int | str = "latest") -> str | None:
    """The 0x-prefixed keccak256 of the runtime code at ``address`` (None without code)."""
    code = chain.code(check.address("address", address), block)
    return "0x" + keccak(code).hex() if code else None


def check_code(chain: CodeReader, address: str, expected: ExpectedCode, *,
               block: int | None = None) -> TrustedContract:
    """The identity of the contract at ``address`` on ``chain`` (at ``block``, default the
    latest) if it is the one ``expected`` describes: the same address and runtime code with
    the same keccak256. Raises :class:`UntrustedContract` otherwise (another address, no
    code, other code)."""
    where = check.address("address", address)
    expected_address = to_checksum_address(expected.address)
    if expected_address != where:
        raise UntrustedContract(
            chain_id=chain.chain_id, address=where, expected=expected.code_hash, found=None,
            problem=f"is not the {expected.name} expected at {expected_address}")
    found = code_hash(chain, where, block="latest" if block is None else block)
    wanted = expected.code_hash.lower()
    if found != wanted:
        problem = ("has no code" if found is None else
                   f"runs other code than the {expected.name} expected")
        raise UntrustedContract(chain_id=chain.chain_id, address=where, expected=wanted,
                                found=found, problem=problem)
    return TrustedContract(name=expected.name, chain_id=chain.chain_id, address=where,
                           code_hash=found, block=block)
