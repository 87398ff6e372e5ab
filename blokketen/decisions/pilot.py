"""The local decisions pilot's registration, read by :mod:`blokketen.pilots`: what
``blokketen``, ``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.decisions.cli import register as register_cli
from blokketen.decisions.demo import run_demo
from blokketen.decisions.types import ADMIN_DELAY, PAGE_FORMAT

if TYPE_CHECKING:
    from blokketen.decisions.client import LocalDecisionRegistry
    from blokketen.decisions.verifier import PageVerifier

__all__ = ["ADMIN_DELAY", "CONTRACTS", "FIXTURE", "NAME", "TITLE", "VERIFIES", "client",
           "constructor_args", "register_cli", "run_demo", "verifier"]

NAME = "decisions"
"""The pilot's name: ``blokketen decisions ...``."""
TITLE = "Local council decisions (LBLOD)"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("LocalDecisionRegistry",)
"""Its contracts in deploy order."""
FIXTURE = "bk_decisions"
"""The pytest fixture with a fresh registry per test module."""
VERIFIES: tuple[str, ...] = (PAGE_FORMAT,)
"""The ``format`` of the documents :func:`verifier` judges (published pages: HTML)."""


def client() -> type[LocalDecisionRegistry]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.decisions.client import LocalDecisionRegistry

    return LocalDecisionRegistry


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator: the
    admin and :data:`ADMIN_DELAY`."""
    return (admin, ADMIN_DELAY)


def verifier() -> PageVerifier:
    """The document verifier of published pages (imported when asked: it loads the client)."""
    from blokketen.decisions.verifier import PageVerifier

    return PageVerifier()
