// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @dev Roles held per scope over time, with their history: "was X the chair of council C when
 * she signed", "was school S accredited for framework F when it proposed the batch".
 *
 * A grant gives `holder` the `role` within `scope` (a council, a framework, a dwelling type;
 * `bytes32(0)` for the whole registry) for the window [validFrom, validUntil) of block
 * timestamps. Every grant is kept as a new window; ending a window keeps it in the list.
 *
 * The chain vouches only for what it knew. A window counts from
 * `max(validFrom, recordedAt)` (a grant recorded later never authorises an earlier act, even
 * when its decision was backdated) until `min(validUntil, endedAt)` (exclusive), where
 * `recordedAt` is the timestamp of the block that recorded the grant and `endedAt` that of the
 * block that ended it (or an earlier time, where a registry allows retroactive ends). Times are
 * block timestamps, so the precision is one block.
 */
interface IRoleWindows {
    /**
     * @dev One grant: the decision's window [validFrom, validUntil), when the chain recorded it
     * (`recordedAt`) and when it was ended (`endedAt`, 0 while not ended). One storage slot.
     */
    struct RoleWindow {
        uint64 validFrom;
        uint64 validUntil;
        uint64 recordedAt;
        uint64 endedAt;
    }

    /// @dev `sender` granted `holder` the `role` in `scope` for [validFrom, validUntil), as window `index`.
    event RoleWindowGranted(
        bytes32 indexed scope,
        bytes32 indexed role,
        address indexed holder,
        uint256 index,
        uint64 validFrom,
        uint64 validUntil,
        address sender
    );

    /// @dev `sender` ended window `index` of `holder`'s `role` in `scope`, with effect from `endedAt`.
    event RoleWindowEnded(
        bytes32 indexed scope,
        bytes32 indexed role,
        address indexed holder,
        uint256 index,
        uint64 endedAt,
        address sender
    );

    /// @dev The holder of a window must not be the zero address.
    error RoleWindowsZeroHolder();

    /// @dev `role` cannot be held in windows (the default admin role).
    error RoleWindowsReservedRole(bytes32 role);

    /// @dev The window [validFrom, validUntil) is empty.
    error RoleWindowsEmptyWindow(uint64 validFrom, uint64 validUntil);

    /// @dev The window ends at `validUntil`, which is not after the current block time `nowTime`.
    error RoleWindowsWindowLapsed(uint64 validUntil, uint64 nowTime);

    /// @dev `holder` has no window `index` for `role` in `scope`.
    error RoleWindowsUnknownWindow(bytes32 scope, bytes32 role, address holder, uint256 index);

    /// @dev Window `index` of `holder` for `role` in `scope` was already ended at `endedAt`.
    error RoleWindowsAlreadyEnded(bytes32 scope, bytes32 role, address holder, uint256 index, uint64 endedAt);

    /// @dev An end cannot take effect at `effectiveAt`, after the current block time `nowTime`.
    error RoleWindowsEndInFuture(uint64 effectiveAt, uint64 nowTime);

    /// @dev This registry does not let the caller end a window retroactively, at `effectiveAt`
    /// before the current block time `nowTime`.
    error RoleWindowsRetroactiveEnd(bytes32 scope, bytes32 role, address holder, uint64 effectiveAt, uint64 nowTime);

    /// @dev `holder` did not hold `role` in `scope` at time `time` (as far as the chain knows).
    error RoleWindowsNotHeld(bytes32 scope, bytes32 role, address holder, uint64 time);

    /**
     * @dev Grants `holder` the `role` in `scope` for [validFrom, validUntil) and returns the
     * window's index in {windowsOf}. Use `type(uint64).max` as `validUntil` for "until ended".
     * A `validFrom` before now is kept as the decision's date, but the window counts only from
     * now on.
     *
     * Requirements:
     * - the caller may change windows of `role` (by default: it holds the role's admin role);
     * - `holder` is not zero and `role` is not the default admin role;
     * - `validFrom < validUntil` and `validUntil` is after the current block time.
     *
     * Emits a {RoleWindowGranted} event.
     */
    function grantWindow(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 validFrom,
        uint64 validUntil
    ) external returns (uint256 index);

    /**
     * @dev Ends window `index` of `holder` for `role` in `scope` with effect from now.
     *
     * Requirements: as {grantWindow} for the caller; the window exists and is not ended yet.
     *
     * Emits a {RoleWindowEnded} event.
     */
    function endWindow(bytes32 scope, bytes32 role, address holder, uint256 index) external;

    /**
     * @dev Ends a window with effect from `effectiveAt`, at most the current block time. An
     * earlier time makes acts after it look unauthorised, so it needs the registry's extra
     * authority for retroactive ends (by default nobody has it: {RoleWindowsRetroactiveEnd}).
     *
     * Emits a {RoleWindowEnded} event.
     */
    function endWindowAt(bytes32 scope, bytes32 role, address holder, uint256 index, uint64 effectiveAt) external;

    /**
     * @dev Whether `holder` held `role` in `scope` at block time `t`: some window counts at `t`
     * (see the contract description). False for a `t` after the current block time: the chain
     * vouches for no future.
     */
    function holdsAt(bytes32 scope, bytes32 role, address holder, uint64 t) external view returns (bool);

    /// @dev Every window of `holder` for `role` in `scope`, oldest first (the full history).
    function windowsOf(bytes32 scope, bytes32 role, address holder) external view returns (RoleWindow[] memory);
}
