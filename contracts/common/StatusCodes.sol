// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IStatus, Status} from "./IStatus.sol";

/**
 * @dev The shared reason codes of the status convention (see {Status}) and checks on them.
 *
 * Shared codes (1 to 255) mean the same in every registry; a registry's own codes start at
 * {REGISTRY_REASON_BASE} and are listed in its interface.
 */
library StatusCodes {
    /// @dev No reason: the item is not ended, suspended or withdrawn.
    uint16 internal constant NONE = 0;
    /// @dev The record was made in error by whoever recorded it (a correction).
    uint16 internal constant RECORDED_IN_ERROR = 1;
    /// @dev The item was obtained or recorded by fraud.
    uint16 internal constant FRAUD = 2;
    /// @dev A court ordered it.
    uint16 internal constant COURT_ORDER = 3;
    /// @dev A supervising authority decided it (annulment, suspension by the supervisor).
    uint16 internal constant SUPERVISORY_DECISION = 4;
    /// @dev The subject or holder asked for it.
    uint16 internal constant SUBJECT_REQUEST = 5;
    /// @dev A newer version of the same item replaced it.
    uint16 internal constant REPLACED = 6;
    /// @dev An inquiry is running (typical for `Suspended`).
    uint16 internal constant UNDER_INVESTIGATION = 7;
    /// @dev A key of the signer or holder was compromised.
    uint16 internal constant KEY_COMPROMISED = 8;
    /// @dev The authority of whoever recorded it ended (its role window was ended).
    uint16 internal constant AUTHORITY_ENDED = 9;
    /// @dev The highest shared code defined so far.
    uint16 internal constant LAST_SHARED_REASON = 9;
    /// @dev The first code a registry may define for itself.
    uint16 internal constant REGISTRY_REASON_BASE = 256;

    /**
     * @dev Whether `status` is final: nothing can bring the item back to `Active`.
     */
    function isFinal(Status status) internal pure returns (bool) {
        return status == Status.Revoked ||
            status == Status.Superseded ||
            status == Status.Withdrawn ||
            status == Status.Retracted ||
            status == Status.Annulled;
    }

    /**
     * @dev Whether `reason` is a defined code: 0, a shared code, or a registry code up to
     * `highestRegistryReason` (pass 0 when the registry defines none).
     */
    function isKnownReason(uint16 reason, uint16 highestRegistryReason) internal pure returns (bool) {
        if (reason <= LAST_SHARED_REASON) return true;
        return reason >= REGISTRY_REASON_BASE && reason <= highestRegistryReason;
    }

    /**
     * @dev Reverts unless `reason` may accompany a change to `status`: a known code, and not 0
     * for a status that ends or suspends an item (`Suspended` and the final statuses).
     */
    function requireReason(Status status, uint16 reason, uint16 highestRegistryReason) internal pure {
        if (!isKnownReason(reason, highestRegistryReason)) {
            revert IStatus.StatusUnknownReason(reason, highestRegistryReason);
        }
        if (reason == NONE && (status == Status.Suspended || isFinal(status))) {
            revert IStatus.StatusReasonRequired(status);
        }
    }
}
