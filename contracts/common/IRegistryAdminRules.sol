// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IAccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";

/**
 * @dev Admin rules of a registry: exactly one default admin, handed over in two steps
 * (the new admin accepts after a delay), as in OpenZeppelin's `AccessControlDefaultAdminRules`,
 * with a bound on the delay so an admin cannot lock the registry out for years.
 */
interface IRegistryAdminRules is IAccessControlDefaultAdminRules {
    /// @dev The initial admin must not be the zero address.
    error RegistryAdminRulesZeroAdmin();

    /// @dev `delay` (seconds) is longer than `maxDelay`.
    error RegistryAdminRulesDelayTooLong(uint48 delay, uint48 maxDelay);

    /// @dev The longest admin hand-over delay this registry accepts, in seconds.
    function MAX_ADMIN_DELAY() external view returns (uint48); // solhint-disable-line func-name-mixedcase
}
