"""The diploma pilot's registration, read by :mod:`blokketen.pilots`: what
``blokketen``, ``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.diploma.cli import register as register_cli
from blokketen.diploma.demo import run_demo
from blokketen.diploma.receipts import RECEIPT_FORMAT
from blokketen.diploma.types import ADMIN_DELAY

if TYPE_CHECKING:
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.diploma.verifier import ReceiptVerifier

__all__ = ["ADMIN_DELAY", "CONTRACTS", "FIXTURE", "NAME", "TITLE", "VERIFIES", "client",
           "constructor_args", "register_cli", "run_demo", "verifier"]

NAME = "diploma"
"""The pilot's name: ``blokketen diploma ...``."""
TITLE = "Diploma registry (international diploma exchange)"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("DiplomaRegistry",)
"""Its contracts in deploy order."""
FIXTURE = "bk_diploma"
"""The pytest fixture with a fresh registry per test module."""
VERIFIES: tuple[str, ...] = (RECEIPT_FORMAT,)
"""The ``format`` values of the documents :func:`verifier` judges (holder receipts)."""


def client() -> type[DiplomaRegistry]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.diploma.client import DiplomaRegistry

    return DiplomaRegistry


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator: the
    admin and :data:`ADMIN_DELAY`."""
    return (admin, ADMIN_DELAY)


def verifier() -> ReceiptVerifier:
    """The document verifier of holder receipts (imported when asked: it loads the client)."""
    from blokketen.diploma.verifier import ReceiptVerifier

    return ReceiptVerifier()
