"""Fixtures of the land registry tests: one registry per module, every test isolated."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_account.signers.local import LocalAccount
from landkit import DEED, KEY

from blokketen.land import LandUse
from blokketen.land.client import LandRegistry
from blokketen.land.pilot import constructor_args


@dataclass(frozen=True)
class Cast:
    """The accounts of the tests, by role."""

    admin: LocalAccount
    registrar: LocalAccount
    notary: LocalAccount
    surveyor: LocalAccount
    court: LocalAccount
    court2: LocalAccount
    alice: LocalAccount
    bob: LocalAccount
    carol: LocalAccount
    lessee: LocalAccount


@pytest.fixture(scope="module")
def cast(bk_accounts) -> Cast:
    return Cast(*bk_accounts[:10])


@pytest.fixture(scope="module")
def registry(bk_project, bk_chain, cast, bk_module_isolated) -> LandRegistry:
    """A fresh registry with every role granted; sender: the admin."""
    reg = LandRegistry.deploy(bk_chain, cast.admin, *constructor_args("LandRegistry",
                                                                      cast.admin.address))
    for role, who in [("registrar", cast.registrar), ("notary", cast.notary),
                      ("surveyor", cast.surveyor), ("court", cast.court),
                      ("court", cast.court2)]:
        reg.grant_role(role, who.address)
    assert bk_chain.code(reg.address), "LandRegistry deployment left no code"
    return reg


MODULE_FIXTURES = ("registry", "world", "look_alike")
"""Module-scoped chain fixtures a test module may define; built before each snapshot."""


@pytest.fixture(autouse=True)
def _isolate(request):
    """Snapshot isolation for tests that use the chain (the CaPaKey table needs none)."""
    if "registry" in request.fixturenames:
        for name in MODULE_FIXTURES:  # set up first, so the per-test snapshot keeps them
            if name in request.fixturenames:
                request.getfixturevalue(name)
        request.getfixturevalue("bk_isolated")
    yield


@pytest.fixture
def as_(registry):
    """``as_(account)``: the registry client sending from ``account``."""
    return registry.as_sender


@pytest.fixture
def parcel(registry, cast):
    """KEY registered to alice (1000 m² forest)."""
    registry.as_sender(cast.registrar).register_parcel(
        KEY, owner=cast.alice.address, area_m2=1000, land_use=LandUse.FOREST, deed_hash=DEED
    )
    return KEY
