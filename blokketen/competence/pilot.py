"""The competences pilot's registration, read by :mod:`blokketen.pilots`: what ``blokketen``,
``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.competence.cli import register as register_cli
from blokketen.competence.demo import run_demo
from blokketen.competence.presentation import PRESENTATION_FORMAT
from blokketen.competence.types import ADMIN_DELAY, VALIDATION_WINDOW

if TYPE_CHECKING:
    from blokketen.competence.client import CompetenceRegistry
    from blokketen.competence.verifier import PresentationVerifier

__all__ = ["CONTRACTS", "FIXTURE", "NAME", "TITLE", "VERIFIES", "client", "constructor_args",
           "register_cli", "run_demo", "verifier"]

NAME = "competence"
"""The pilot's name: ``blokketen competence ...``."""
TITLE = "Competences (VDAB + GO!): two-party validation, selective disclosure"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("CompetenceRegistry",)
"""Its contracts in deploy order."""
FIXTURE = "bk_competence"
"""The pytest fixture with a fresh registry per test module."""
VERIFIES: tuple[str, ...] = (PRESENTATION_FORMAT,)
"""The ``format`` values of the documents :func:`verifier` judges (presentations)."""


def client() -> type[CompetenceRegistry]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.competence.client import CompetenceRegistry

    return CompetenceRegistry


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator: the
    admin, :data:`ADMIN_DELAY` and the validation window (:data:`VALIDATION_WINDOW`)."""
    return (admin, ADMIN_DELAY, VALIDATION_WINDOW)


def verifier() -> PresentationVerifier:
    """The document verifier of presentations (imported when asked: it loads the client)."""
    from blokketen.competence.verifier import PresentationVerifier

    return PresentationVerifier()
