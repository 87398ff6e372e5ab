"""The social-rent pilot's registration, read by :mod:`blokketen.pilots`: what
``blokketen``, ``make demo``, ``blokketen deploy`` and the pytest plugin need to know of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen.housing import deployment
from blokketen.housing.cli import register as register_cli
from blokketen.housing.demo import run_demo

if TYPE_CHECKING:
    from blokketen.housing.client import SocialRentRules

__all__ = ["ADMIN_DELAY", "CONTRACTS", "FIXTURE", "NAME", "TITLE", "client", "constructor_args",
           "register_cli", "run_demo"]

NAME = "housing"
"""The pilot's name: ``blokketen housing ...``."""
TITLE = "Social-housing rental rules (kaderbesluit sociale huur)"
"""What the demo calls it."""
CONTRACTS: tuple[str, ...] = ("SocialRentRules",)
"""Its contracts in deploy order."""
FIXTURE = "bk_housing"
"""The pytest fixture with a fresh registry per test module."""
ADMIN_DELAY = deployment.ADMIN_DELAY
"""Seconds between proposing a new admin of SocialRentRules and its taking over: two days
(see :data:`blokketen.housing.deployment.ADMIN_DELAY`)."""


def client() -> type[SocialRentRules]:
    """The typed client class (imported when asked: it loads the contract layer)."""
    from blokketen.housing.client import SocialRentRules

    return SocialRentRules


def constructor_args(contract: str, admin: str) -> tuple[object, ...]:
    """The constructor arguments of ``contract`` with ``admin`` as its administrator: the
    admin and :data:`ADMIN_DELAY`."""
    return (admin, ADMIN_DELAY)
