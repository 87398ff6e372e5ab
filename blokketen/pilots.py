"""Every pilot of Blokketen, registered once.

``blokketen`` builds its ``blokketen <pilot> ...`` commands from this list, ``blokketen demo``
(``make demo``) runs each pilot's demo, ``blokketen deploy`` deploys each pilot's contracts,
the pytest plugin gives each pilot a fixture, and ``blokketen serve`` verifies the documents
a pilot declares (``VERIFIES``: the ``format`` values of its files) with its ``verifier()``.
A new pilot is a new package with a ``pilot.py`` (see :mod:`blokketen.land.pilot`; a pilot
with documents to verify: :mod:`blokketen.diploma.pilot`) and one line in :data:`PILOTS`.

Importing this module is cheap: a pilot's registration names its client class through a
function, so web3 and the contract layer load only when a client is needed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeAlias

from blokketen.competence import pilot as competence
from blokketen.decisions import pilot as decisions
from blokketen.diploma import pilot as diploma
from blokketen.housing import pilot as housing
from blokketen.land import pilot as land
from blokketen.woningpas import pilot as woningpas

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.base import ContractClient
    from blokketen.contract.verdicts import DocumentVerifier

__all__ = ["PILOTS", "Pilot", "Registration", "VerifyingRegistration", "deploy_order", "pilot",
           "verifier_for"]

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What a pilot adds its ``blokketen <pilot>`` command to."""


class Registration(Protocol):
    """What a pilot's ``pilot.py`` module holds (mypy checks each module against it)."""

    NAME: str
    TITLE: str
    CONTRACTS: tuple[str, ...]
    FIXTURE: str

    def register_cli(self, subparsers: SubParsers) -> None: ...

    def run_demo(self, chain: Chain, accounts: Sequence[LocalAccount],
                 echo: Callable[[str], None], address: str | None = None) -> object: ...

    def client(self) -> type[ContractClient]: ...

    def constructor_args(self, contract: str, admin: str) -> tuple[object, ...]: ...


class VerifyingRegistration(Registration, Protocol):
    """A registration of a pilot whose documents ``blokketen serve`` verifies: the formats
    it reads and its verifier (see :mod:`blokketen.contract.verdicts`)."""

    VERIFIES: tuple[str, ...]

    def verifier(self) -> DocumentVerifier: ...


@dataclass(frozen=True)
class Pilot:
    """One pilot: its name (``blokketen <name> ...``), title, contracts in deploy order,
    their constructor arguments for a given admin address, how it adds its commands, its
    demo, its client class (loaded when asked) and the name of its pytest fixture."""

    name: str
    title: str
    contracts: tuple[str, ...]
    register_cli: Callable[[SubParsers], None]
    run_demo: Callable[..., object]
    client: Callable[[], type[ContractClient]]
    fixture: str
    constructor_args: Callable[[str, str], tuple[object, ...]]
    verifies: tuple[str, ...] = ()
    verifier: Callable[[], DocumentVerifier] | None = None

    @classmethod
    def of(cls, registration: Registration | VerifyingRegistration) -> Pilot:
        """The pilot that a ``pilot.py`` module registers (with its document verifier when
        the module has ``VERIFIES`` and ``verifier``)."""
        verifies: tuple[str, ...] = getattr(registration, "VERIFIES", ())
        verifier: Callable[[], DocumentVerifier] | None = getattr(registration, "verifier", None)
        if bool(verifies) != (verifier is not None):
            raise TypeError(f"pilot {registration.NAME}: VERIFIES and verifier() go together")
        return cls(name=registration.NAME, title=registration.TITLE,
                   contracts=registration.CONTRACTS, register_cli=registration.register_cli,
                   run_demo=registration.run_demo, client=registration.client,
                   fixture=registration.FIXTURE,
                   constructor_args=registration.constructor_args,
                   verifies=verifies, verifier=verifier)


PILOTS: tuple[Pilot, ...] = (Pilot.of(land), Pilot.of(diploma), Pilot.of(housing),
                             Pilot.of(decisions), Pilot.of(competence),
                             Pilot.of(woningpas))
"""Every pilot, in the order the demo runs and the deployer deploys them."""


def deploy_order() -> tuple[tuple[Pilot, str], ...]:
    """Every (pilot, contract) pair in the order the deployer deploys them."""
    return tuple((found, name) for found in PILOTS for name in found.contracts)


def pilot(name: str) -> Pilot:
    """The pilot called ``name``."""
    for found in PILOTS:
        if found.name == name:
            return found
    from blokketen._exceptions import InputError

    raise InputError("pilot", f"no pilot {name!r} (pilots: {', '.join(p.name for p in PILOTS)})")


def verifier_for(document_format: object) -> tuple[Pilot, DocumentVerifier]:
    """The pilot that reads documents of ``document_format`` (a file's ``format`` field, or
    its ``schema`` for files that name their kind so) and its verifier; InputError (field
    ``format``) when no pilot does."""
    for found in PILOTS:
        if found.verifier is not None and document_format in found.verifies:
            return found, found.verifier()
    from blokketen._exceptions import InputError

    known = ", ".join(f for p in PILOTS for f in p.verifies)
    raise InputError("format", f"no pilot verifies documents of format {document_format!r} "
                     f"(known: {known})")
