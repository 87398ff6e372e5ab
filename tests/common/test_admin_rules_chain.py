"""Admin rules on chain: one default admin, handed over in two steps with a bounded delay."""

from __future__ import annotations

import pytest
from harness import ADMIN_DELAY, CommonRegistryHarness

from blokketen._exceptions import CustomErrorRevert

DAY = 86400


def test_a_zero_admin_or_a_too_long_delay_is_refused_at_deployment(bk_chain, test_contracts, cast):
    with pytest.raises(CustomErrorRevert) as caught:
        CommonRegistryHarness.deploy(bk_chain, cast.admin, "0x" + "00" * 20, 0,
                                     store=test_contracts)
    assert caught.value.error_name == "RegistryAdminRulesZeroAdmin"
    with pytest.raises(CustomErrorRevert) as caught:
        CommonRegistryHarness.deploy(bk_chain, cast.admin, cast.admin.address, 31 * DAY,
                                     store=test_contracts)
    assert caught.value.error_name == "RegistryAdminRulesDelayTooLong"
    assert caught.value.args_dict == {"delay": 31 * DAY, "maxDelay": 30 * DAY}


def test_the_admin_is_handed_over_in_two_steps_after_the_delay(registry, cast, bk_chain):
    assert registry.call("defaultAdmin") == cast.admin.address
    assert registry.call("defaultAdminDelay") == ADMIN_DELAY
    registry.send("beginDefaultAdminTransfer", cast.other.address)
    successor = registry.as_sender(cast.other)
    with pytest.raises(registry.errors.AccessControlEnforcedDefaultAdminDelay):
        successor.send("acceptDefaultAdminTransfer")
    bk_chain.increase_time(ADMIN_DELAY + 1)
    with pytest.raises(registry.errors.AccessControlInvalidDefaultAdmin):
        registry.as_sender(cast.stranger).send("acceptDefaultAdminTransfer")
    successor.send("acceptDefaultAdminTransfer")
    assert registry.call("defaultAdmin") == cast.other.address
    assert not registry.call("hasRole", bytes(32), cast.admin.address)


def test_the_default_admin_role_is_not_granted_directly(registry, cast):
    with pytest.raises(registry.errors.AccessControlEnforcedDefaultAdminRules):
        registry.send("grantRole", bytes(32), cast.other.address)


def test_a_new_delay_above_the_maximum_is_refused(registry, cast):
    with pytest.raises(registry.errors.RegistryAdminRulesDelayTooLong):
        registry.send("changeDefaultAdminDelay", 31 * DAY)
    registry.send("changeDefaultAdminDelay", 2 * DAY)
    assert registry.call("pendingDefaultAdminDelay")[0] == 2 * DAY
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount):
        registry.as_sender(cast.stranger).send("changeDefaultAdminDelay", DAY)
