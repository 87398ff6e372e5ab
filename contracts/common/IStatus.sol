// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @dev The one status every registry view answers with, together with a `uint16` reason code.
 *
 * - `Unknown`: the registry never recorded this item (or the proof does not lead to it).
 * - `Pending`: recorded, but not yet in force (proposed, waiting for a second party).
 * - `Active`: in force now. The only status a verifier may report as valid.
 * - `Suspended`: temporarily not in force; it can become `Active` again.
 * - `Revoked`: ended by its issuer or an authority before its term. Final.
 * - `Superseded`: replaced by a newer version of the same item. Final.
 * - `Withdrawn`: taken back by whoever recorded it (an attestation, a proposal). Final.
 * - `Retracted`: taken back by the body that published it (a decision's "intrekking"). Final.
 * - `Annulled`: declared void by a supervising authority or a court ("vernietiging"). Final.
 * - `Expired`: its validity term has passed; derived from time, never written.
 *
 * Reason codes: `0` means none. Codes 1 to 255 are shared and mean the same in every registry
 * (see {StatusCodes}); codes from 256 up belong to one registry, which lists them in its own
 * interface. A view that answers `Active`, `Pending`, `Unknown` or `Expired` gives reason 0
 * unless its registry documents otherwise.
 */
enum Status {
    Unknown,
    Pending,
    Active,
    Suspended,
    Revoked,
    Superseded,
    Withdrawn,
    Retracted,
    Annulled,
    Expired
}

/**
 * @dev Errors of the status convention, raised by {StatusCodes} for the registries that use it.
 */
interface IStatus {
    /// @dev `reason` is neither a shared code nor one of the registry's own (up to `highest`).
    error StatusUnknownReason(uint16 reason, uint16 highest);

    /// @dev A change to `status` needs a reason code, and none (0) was given.
    error StatusReasonRequired(Status status);
}
