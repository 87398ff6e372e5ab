"""The land pilot's registration, read by :mod:`blokketen.pilots`: what
``blokketen``, ``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.land.cli import register as register_cli
from blokketen.land.demo import run_demo
from blokketen.land.terms import ADMIN_DELAY

if TYPE_CHECKING:
    from blokketen.land.client import LandRegistry

__all__ = ["ADMIN_DELAY", "CONTRACTS", "FIXTURE", "NAME", "TITLE", "client", "constructor_args",
           "register_cli", "run_demo"]

NAME = "land"
"""The pilot's name: ``blokketen land ...``."""
TITLE = "Land registry (Agentschap Natuur en Bos)"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("LandRegistry",)
"""Its contracts in deploy order."""
FIXTURE = "bk_land"
"""The pytest fixture with a fresh registry per test module."""


def client() -> type[LandRegistry]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.land.client import LandRegistry

    return LandRegistry


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator:
    ``LandRegistry(admin, ADMIN_DELAY)``."""
    return (admin, ADMIN_DELAY)
