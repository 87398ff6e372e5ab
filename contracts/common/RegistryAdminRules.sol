// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IRegistryAdminRules} from "./IRegistryAdminRules.sol";

/**
 * @dev Base of every registry's access control: OpenZeppelin's `AccessControlDefaultAdminRules`
 * (one default admin; a new admin is proposed, waits `defaultAdminDelay()` and then accepts;
 * the delay itself changes only after a wait) with prefixed errors for a zero admin and a
 * delay longer than {MAX_ADMIN_DELAY}. Compiles for the Shanghai EVM.
 *
 * A registry passes its admin and delay on: `constructor(address admin) RegistryAdminRules(admin, 2 days)`.
 * Role admins other than the default admin are set with `_setRoleAdmin` as usual.
 */
abstract contract RegistryAdminRules is IRegistryAdminRules, AccessControlDefaultAdminRules {
    /// @inheritdoc IRegistryAdminRules
    uint48 public constant MAX_ADMIN_DELAY = 30 days;

    constructor(
        address initialAdmin,
        uint48 adminDelay
    ) AccessControlDefaultAdminRules(_checkedDelay(adminDelay), _checkedAdmin(initialAdmin)) {}

    /**
     * @dev Refuses a new delay above {MAX_ADMIN_DELAY}, then schedules it as OpenZeppelin does.
     */
    function _changeDefaultAdminDelay(uint48 newDelay) internal virtual override {
        super._changeDefaultAdminDelay(_checkedDelay(newDelay));
    }

    /**
     * @dev `admin`, or a revert with {RegistryAdminRulesZeroAdmin} when it is zero.
     */
    function _checkedAdmin(address admin) private pure returns (address) {
        if (admin == address(0)) revert RegistryAdminRulesZeroAdmin();
        return admin;
    }

    /**
     * @dev `delay`, or a revert with {RegistryAdminRulesDelayTooLong} above the maximum.
     */
    function _checkedDelay(uint48 delay) private pure returns (uint48) {
        if (delay > MAX_ADMIN_DELAY) revert RegistryAdminRulesDelayTooLong(delay, MAX_ADMIN_DELAY);
        return delay;
    }
}
