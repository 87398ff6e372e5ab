"""Fixtures of the social-rent tests: a deployed SocialRentRules with its roles."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def housing(bk_project, bk_chain, bk_accounts):
    """A fresh SocialRentRules: accounts[0] admin, [1] rule admin, [2] and [3] landlords."""
    from blokketen.housing.client import SocialRentRules

    admin, rule_admin, landlord, other_landlord = bk_accounts[:4]
    client = SocialRentRules.deploy(bk_chain, admin, admin.address)
    client.grant_role("rule_admin", rule_admin.address)
    client.grant_role("landlord", landlord.address)
    client.grant_role("landlord", other_landlord.address)
    assert client.has_role("rule_admin", rule_admin.address)
    return client
