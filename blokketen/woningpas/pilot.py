"""The woningpas pilot's registration, read by :mod:`blokketen.pilots`: what ``blokketen``,
``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.woningpas.bundle import BUNDLE_SCHEMA
from blokketen.woningpas.cli import register as register_cli
from blokketen.woningpas.demo import run_demo
from blokketen.woningpas.types import ADMIN_DELAY

if TYPE_CHECKING:
    from blokketen.woningpas.client import DwellingPassRegistry
    from blokketen.woningpas.verifier import BundleVerifier

__all__ = ["ADMIN_DELAY", "CONTRACTS", "FIXTURE", "NAME", "TITLE", "VERIFIES", "client",
           "constructor_args", "register_cli", "run_demo", "verifier"]

NAME = "woningpas"
"""The pilot's name: ``blokketen woningpas ...``."""
TITLE = "Dwelling passport (woningpas) feeding the social-rent energy correction"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("DwellingPassRegistry",)
"""Its contracts in deploy order."""
FIXTURE = "bk_woningpas"
"""The pytest fixture with a fresh registry per test module."""
VERIFIES: tuple[str, ...] = (BUNDLE_SCHEMA,)
"""The ``schema`` values of the documents :func:`verifier` judges (passport bundles)."""


def client() -> type[DwellingPassRegistry]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.woningpas.client import DwellingPassRegistry

    return DwellingPassRegistry


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator: the
    admin and :data:`ADMIN_DELAY`."""
    return (admin, ADMIN_DELAY)


def verifier() -> BundleVerifier:
    """The document verifier of passport bundles (imported when asked: it loads the client)."""
    from blokketen.woningpas.verifier import BundleVerifier

    return BundleVerifier()
