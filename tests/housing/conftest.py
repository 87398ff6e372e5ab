"""Fixtures of the social-rent tests: a deployed SocialRentRules with its roles."""

from __future__ import annotations

import pytest

from blokketen.housing.pilot import ADMIN_DELAY

CAST = ("admin", "rule_admin", "landlord", "other_landlord", "outsider", "registrar",
        "successor")
"""Who is who: dev account i plays CAST[i] in every housing test module."""


@pytest.fixture(scope="module")
def housing(bk_project, bk_chain, bk_accounts):
    """A fresh SocialRentRules: accounts[0] admin, [1] rule admin, [2] and [3] landlords,
    [5] registrar ([4] an outsider, [6] a landlord's successor, without roles)."""
    from blokketen.housing.client import SocialRentRules

    admin, rule_admin, landlord, other_landlord, _, registrar = bk_accounts[:6]
    client = SocialRentRules.deploy(bk_chain, admin, admin.address, ADMIN_DELAY)
    client.grant_role("rule_admin", rule_admin.address)
    client.grant_role("registrar", registrar.address)
    client.grant_role("landlord", landlord.address)
    client.grant_role("landlord", other_landlord.address)
    assert client.has_role("rule_admin", rule_admin.address)
    return client


@pytest.fixture
def cast(bk_accounts):
    """The accounts by the part they play (see CAST)."""
    return dict(zip(CAST, bk_accounts, strict=False))
