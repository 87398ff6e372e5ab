// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IRoleWindows} from "./IRoleWindows.sol";
import {RegistryAdminRules} from "./RegistryAdminRules.sol";

/**
 * @dev Roles per scope with validity windows and history; see {IRoleWindows} for the
 * semantics. Built on {RegistryAdminRules}, so a registry with role windows has the two-step
 * admin hand-over too.
 *
 * Who may grant and end windows is {_authorizeWindowChange} (default: an account holding the
 * AccessControl admin role of the role, `getRoleAdmin(role)`). A retroactive end also passes
 * {_authorizeRetroactiveEnd}, which refuses by default; a registry that lets, for example, a
 * supervisor end a mandate as of the day of a fraud overrides it.
 *
 * A registry checks an act with `_requireHoldsAt(scope, role, account, uint64(block.timestamp))`
 * and keeps the act's time, so verifiers can later ask {holdsAt} for that time.
 */
abstract contract RoleWindows is IRoleWindows, RegistryAdminRules {
    /// @dev `validUntil` of a window that lasts until it is ended.
    uint64 public constant OPEN_ENDED = type(uint64).max;

    mapping(bytes32 scope => mapping(bytes32 role => mapping(address holder => RoleWindow[]))) private _windows;

    /// @inheritdoc IRoleWindows
    function grantWindow(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 validFrom,
        uint64 validUntil
    ) external virtual returns (uint256 index) {
        _authorizeWindowChange(scope, role, _msgSender());
        return _grantWindow(scope, role, holder, validFrom, validUntil);
    }

    /// @inheritdoc IRoleWindows
    function endWindow(bytes32 scope, bytes32 role, address holder, uint256 index) external virtual {
        _authorizeWindowChange(scope, role, _msgSender());
        _endWindow(scope, role, holder, index, uint64(block.timestamp));
    }

    /// @inheritdoc IRoleWindows
    function endWindowAt(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint256 index,
        uint64 effectiveAt
    ) external virtual {
        address sender = _msgSender();
        _authorizeWindowChange(scope, role, sender);
        uint64 nowTime = uint64(block.timestamp);
        if (effectiveAt > nowTime) revert RoleWindowsEndInFuture(effectiveAt, nowTime);
        if (effectiveAt < nowTime) _authorizeRetroactiveEnd(scope, role, holder, effectiveAt, sender);
        _endWindow(scope, role, holder, index, effectiveAt);
    }

    /// @inheritdoc IRoleWindows
    function holdsAt(bytes32 scope, bytes32 role, address holder, uint64 t) external view returns (bool) {
        return _holdsAt(scope, role, holder, t);
    }

    /// @inheritdoc IRoleWindows
    function windowsOf(bytes32 scope, bytes32 role, address holder) external view returns (RoleWindow[] memory) {
        return _windows[scope][role][holder];
    }

    /**
     * @dev Records a window after the checks of {grantWindow} (not the caller check) and emits
     * {RoleWindowGranted}. Returns its index.
     */
    function _grantWindow(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 validFrom,
        uint64 validUntil
    ) internal virtual returns (uint256 index) {
        if (holder == address(0)) revert RoleWindowsZeroHolder();
        if (role == DEFAULT_ADMIN_ROLE) revert RoleWindowsReservedRole(role);
        if (validUntil <= validFrom) revert RoleWindowsEmptyWindow(validFrom, validUntil);
        uint64 nowTime = uint64(block.timestamp);
        if (validUntil <= nowTime) revert RoleWindowsWindowLapsed(validUntil, nowTime);
        RoleWindow[] storage list = _windows[scope][role][holder];
        index = list.length;
        list.push(RoleWindow({validFrom: validFrom, validUntil: validUntil, recordedAt: nowTime, endedAt: 0}));
        emit RoleWindowGranted(scope, role, holder, index, validFrom, validUntil, _msgSender());
    }

    /**
     * @dev Ends a window with effect from `effectiveAt` (the caller has checked that time) and
     * emits {RoleWindowEnded}.
     */
    function _endWindow(bytes32 scope, bytes32 role, address holder, uint256 index, uint64 effectiveAt) internal virtual {
        RoleWindow[] storage list = _windows[scope][role][holder];
        if (index >= list.length) revert RoleWindowsUnknownWindow(scope, role, holder, index);
        RoleWindow storage window = list[index];
        uint64 endedAt = window.endedAt;
        if (endedAt != 0) revert RoleWindowsAlreadyEnded(scope, role, holder, index, endedAt);
        // A window ended at time 0 would read as "not ended": 1 is as early as an end can be.
        window.endedAt = effectiveAt == 0 ? 1 : effectiveAt;
        emit RoleWindowEnded(scope, role, holder, index, window.endedAt, _msgSender());
    }

    /**
     * @dev Whether some window of `holder` for `role` in `scope` counts at `t` (see {holdsAt}).
     */
    function _holdsAt(bytes32 scope, bytes32 role, address holder, uint64 t) internal view returns (bool) {
        if (t > block.timestamp) return false;
        RoleWindow[] storage list = _windows[scope][role][holder];
        uint256 count = list.length;
        for (uint256 i = 0; i < count; ++i) {
            (uint64 from, uint64 until) = _effectiveSpan(list[i]);
            if (from <= t && t < until) return true;
        }
        return false;
    }

    /**
     * @dev Reverts with {RoleWindowsNotHeld} unless `holder` held `role` in `scope` at `t`.
     */
    function _requireHoldsAt(bytes32 scope, bytes32 role, address holder, uint64 t) internal view {
        if (!_holdsAt(scope, role, holder, t)) revert RoleWindowsNotHeld(scope, role, holder, t);
    }

    /**
     * @dev Reverts unless `account` may grant and end windows of `role` in `scope`. Default: it
     * holds `getRoleAdmin(role)` (reverting with OpenZeppelin's
     * `AccessControlUnauthorizedAccount`). Override to make it depend on the scope.
     */
    function _authorizeWindowChange(bytes32 /* scope */, bytes32 role, address account) internal view virtual {
        _checkRole(getRoleAdmin(role), account);
    }

    /**
     * @dev Reverts unless `account` may end a window with effect from the past `effectiveAt`.
     * Default: nobody may ({RoleWindowsRetroactiveEnd}).
     */
    function _authorizeRetroactiveEnd(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 effectiveAt,
        address /* account */
    ) internal view virtual {
        revert RoleWindowsRetroactiveEnd(scope, role, holder, effectiveAt, uint64(block.timestamp));
    }

    /**
     * @dev The span in which `window` counts: [max(validFrom, recordedAt), min(validUntil, endedAt)).
     */
    function _effectiveSpan(RoleWindow memory w) internal pure returns (uint64 from, uint64 until) {
        from = w.validFrom > w.recordedAt ? w.validFrom : w.recordedAt;
        until = w.validUntil;
        if (w.endedAt != 0 && w.endedAt < until) until = w.endedAt;
    }
}
