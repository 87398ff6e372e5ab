"""Run by `brownie test tests/brownie` (from tests/test_brownie_compat.py): the registries
compile, deploy and enforce their access control under Brownie as well."""

import brownie

ADMIN = "0x" + "00" * 32


def test_land_registry_deploys_with_admin(LandRegistry, accounts):
    registry = LandRegistry.deploy(accounts[0], 2 * 86_400, {"from": accounts[0]})
    assert registry.hasRole(ADMIN, accounts[0])
    assert not registry.hasRole(ADMIN, accounts[1])
    assert registry.defaultAdminDelay() == 2 * 86_400


def test_diploma_registry_refuses_an_outsider(DiplomaRegistry, accounts):
    from blokketen.diploma.pilot import constructor_args

    registry = DiplomaRegistry.deploy(*constructor_args("DiplomaRegistry", accounts[0].address),
                                      {"from": accounts[0]})
    with brownie.reverts():
        registry.grantRole(ADMIN, accounts[2], {"from": accounts[1]})


def test_social_rent_rules_keeps_landlords_apart(SocialRentRules, accounts):
    registry = SocialRentRules.deploy(accounts[0], 2 * 24 * 3600, {"from": accounts[0]})
    rule_admin = registry.RULE_ADMIN_ROLE()
    registry.grantRole(rule_admin, accounts[1], {"from": accounts[0]})
    assert registry.hasRole(rule_admin, accounts[1])
    with brownie.reverts():
        registry.grantRole(registry.LANDLORD_ROLE(), accounts[1], {"from": accounts[0]})
