"""The competences pilot's registration, read by :mod:`blokketen.pilots`: what ``blokketen``,
``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.competence.cli import register as register_cli
from blokketen.competence.demo import run_demo
from blokketen.competence.types import ADMIN_DELAY, VALIDATION_WINDOW

if TYPE_CHECKING:
    from blokketen.competence.client import CompetenceRegistry

__all__ = ["CONTRACTS", "FIXTURE", "NAME", "TITLE", "client", "constructor_args",
           "register_cli", "run_demo"]

NAME = "competence"
"""The pilot's name: ``blokketen competence ...``."""
TITLE = "Competences (VDAB + GO!): two-party validation, selective disclosure"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("CompetenceRegistry",)
"""Its contracts in deploy order."""
FIXTURE = "bk_competence"
"""The pytest fixture with a fresh registry per test module."""


def client() -> type[CompetenceRegistry]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.competence.client import CompetenceRegistry

    return CompetenceRegistry


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator: the
    admin, :data:`ADMIN_DELAY` and the validation window (:data:`VALIDATION_WINDOW`)."""
    return (admin, ADMIN_DELAY, VALIDATION_WINDOW)
