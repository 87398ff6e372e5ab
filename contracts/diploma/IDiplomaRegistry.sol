// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {Status} from "../common/IStatus.sol";

/**
 * @title IDiplomaRegistry
 * @dev Registry of diplomas for the international diploma exchange pilot.
 *
 * Trust chain. The admin appoints accreditors per country (ISO 3166 alpha-2). An accreditor
 * accredits institutions of its country: an account, the institution it is (its official name,
 * hashed, bound to the country) and a set of EQF levels (1 to 8) for a validity window. Each
 * level is a role window ({IRoleWindows}) of `ISSUER_ROLE` in the scope
 * {accreditationScope}(level), so "was this issuer accredited for EQF 7 at time t" has an
 * answer from the chain's own record ({accreditedAt}). Suspension and withdrawal end the
 * windows; a withdrawal with effect from the past also needs a second accreditor of the
 * country (or the admin) to confirm it, and then voids what the issuer anchored since.
 *
 * Issuance. An accredited institution anchors the Merkle root of a batch of diplomas of one
 * EQF level in one transaction. Nothing personal is stored: only roots, role addresses,
 * levels, country codes, institution ids, salted leaves and decision hashes.
 *
 * Leaves. A diploma's leaf is a tagged leaf ({ITaggedLeaves}) under {DIPLOMA_TAG}:
 * `keccak256(bytes.concat(keccak256(abi.encode(DIPLOMA_TAG, documentHash, salt, issuer, level,
 * country, institutionId))))`. The registry always builds it itself from a {DiplomaClaim} and
 * the batch's issuer, so a proof node can never pass as a leaf, and a leaf commits to what the
 * document claims: its EQF level, country and institution. A verdict compares those claims
 * with what the chain knows (the batch's level, the issuer's country and institution).
 *
 * Diploma identity. Revocation, suspension and recognition are kept per diploma, under
 * {diplomaIdOf}: `keccak256(abi.encode(DIPLOMA_ID_TAG, institutionId, documentHash))`. It does
 * not depend on the salt or the batch, so a revoked or suspended diploma stays so in whatever
 * batch it is anchored again.
 *
 * Separation of duties. The admin holds no working role; an accreditor, a revoker or a
 * recogniser is never an accredited institution (so no accreditor accredits itself, and no
 * institution revokes or recognises others' diplomas).
 */
interface IDiplomaRegistry {
    /// @dev State of an institution in the trust chain.
    enum IssuerState {
        None,
        Active,
        Suspended,
        Withdrawn
    }

    /// @dev State of one diploma (by its identity, across batches).
    enum DiplomaState {
        Active,
        Suspended,
        Revoked
    }

    /// @dev Who changed a diploma's state: its issuing institution or a `REVOKER_ROLE`.
    enum Authority {
        None,
        Issuer,
        Revoker
    }

    /**
     * @dev What a diploma document says, as a verifier recomputes it from the document: the
     * keccak256 of its canonical form, the holder's 32-byte salt, its EQF level, its country
     * (ISO 3166 alpha-2) and the keccak256 of its institution's official name (UTF-8).
     */
    struct DiplomaClaim {
        bytes32 documentHash;
        bytes32 salt;
        uint8 level;
        bytes2 country;
        bytes32 institutionNameHash;
    }

    /**
     * @dev An accredited institution: its institution id ({institutionIdOf}) and country, fixed
     * at its first accreditation; its state; the EQF levels (bit L is level L) and decision
     * window [validFrom, validUntil) of its latest accreditation.
     */
    struct Issuer {
        bytes32 institution;
        bytes2 country;
        IssuerState state;
        uint16 levels;
        uint64 validFrom;
        uint64 validUntil;
    }

    /// @dev An anchored batch. `expiresAt` is 0 when the diplomas never lapse.
    struct Batch {
        address issuer;
        uint32 size;
        uint8 level;
        uint16 revokedReason;
        uint64 issuedAt;
        uint64 issuedBlock;
        uint64 expiresAt;
    }

    /// @dev The status record of one diploma, changed by `by` (with `authority`) at block time
    /// `changedAt`; all zero for a diploma nobody acted on.
    struct DiplomaRecord {
        address by;
        uint64 changedAt;
        uint16 reason;
        DiplomaState state;
        Authority authority;
    }

    /**
     * @dev A proposed withdrawal of `issuer` with effect from the past `effectiveAt`, made by
     * `proposer` at `withdrawnAt` (when the accreditation ended); zero when none is pending.
     */
    struct RetroactiveWithdrawal {
        address proposer;
        uint64 effectiveAt;
        uint64 withdrawnAt;
    }

    /// @dev A confirmed retroactive withdrawal: nothing anchored at times in [from, until) counts.
    struct VoidedSpan {
        uint64 from;
        uint64 until;
    }

    /// @dev A recognition decision of an ENIC-NARIC centre about one diploma.
    struct Recognition {
        uint8 equivalentLevel;
        uint64 recognisedBlock;
        bytes32 decisionHash;
    }

    /// @dev `accreditor` may accredit institutions of `country` from now on.
    event AccreditorAppointed(address indexed accreditor, bytes2 country, address indexed admin);

    /// @dev `accreditor` may no longer accredit; existing accreditations stay. `admin` is the
    /// account that dismissed it (the accreditor itself when it renounced the role).
    event AccreditorDismissed(address indexed accreditor, address indexed admin);

    /// @dev `issuer`, institution `institution` of `country`, was accredited for the EQF `levels`.
    event IssuerAccredited(
        address indexed issuer,
        address indexed accreditor,
        bytes2 country,
        bytes32 institution,
        uint16 levels,
        uint64 validFrom,
        uint64 validUntil
    );

    /// @dev The accreditation of `issuer` was suspended; it ends after the current block time.
    event IssuerSuspended(address indexed issuer, address indexed accreditor);

    /// @dev The suspended accreditation of `issuer` is in force again from now on.
    event IssuerReinstated(address indexed issuer, address indexed accreditor);

    /// @dev The accreditation of `issuer` was withdrawn; it ends after the current block time.
    event AccreditationWithdrawn(address indexed issuer, address indexed accreditor);

    /// @dev `proposer` proposed to void what `issuer` anchored from `effectiveAt` on.
    event RetroactiveWithdrawalProposed(address indexed issuer, address indexed proposer, uint64 effectiveAt);

    /// @dev `confirmer` confirmed: nothing `issuer` anchored in [effectiveAt, until) counts.
    event RetroactiveWithdrawalConfirmed(
        address indexed issuer,
        address indexed confirmer,
        uint64 effectiveAt,
        uint64 until
    );

    /// @dev `by` cancelled the pending retroactive withdrawal of `issuer`.
    event RetroactiveWithdrawalCancelled(address indexed issuer, address indexed by);

    /// @dev `issuer` anchored the Merkle `root` of `size` diplomas of EQF `level`.
    event BatchIssued(
        bytes32 indexed root,
        address indexed issuer,
        uint8 level,
        uint32 size,
        uint64 expiresAt
    );

    /// @dev Every diploma of the batch `root` was revoked for `reason`.
    event BatchRevoked(bytes32 indexed root, address indexed revoker, uint16 reason);

    /// @dev The diploma `diplomaId`, proven in batch `root`, was revoked for `reason`.
    event DiplomaRevoked(bytes32 indexed diplomaId, bytes32 indexed root, address indexed revoker, uint16 reason);

    /// @dev The diploma `diplomaId`, proven in batch `root`, was suspended for `reason`.
    event DiplomaSuspended(
        bytes32 indexed diplomaId,
        bytes32 indexed root,
        address indexed suspender,
        uint16 reason
    );

    /// @dev The suspended diploma `diplomaId` is in force again.
    event DiplomaReinstated(bytes32 indexed diplomaId, address indexed by);

    /// @dev `recogniser` recorded that diploma `diplomaId` is equivalent to EQF `equivalentLevel`.
    event DiplomaRecognised(
        bytes32 indexed diplomaId,
        bytes32 indexed root,
        address indexed recogniser,
        uint8 equivalentLevel,
        bytes32 decisionHash
    );

    /// @dev An account argument was the zero address.
    error DiplomaRegistryZeroAccount();

    /// @dev `country` is not two upper-case ASCII letters.
    error DiplomaRegistryInvalidCountry(bytes2 country);

    /// @dev `account` is not an appointed accreditor.
    error DiplomaRegistryUnknownAccreditor(address account);

    /// @dev `accreditor` of `accreditorCountry` acted on an issuer of `country`.
    error DiplomaRegistryWrongCountry(address accreditor, bytes2 accreditorCountry, bytes2 country);

    /// @dev An institution's name hash must not be zero.
    error DiplomaRegistryZeroInstitution();

    /// @dev `issuer` is institution `known`, not `institution`: an account keeps its institution.
    error DiplomaRegistryWrongInstitution(address issuer, bytes32 institution, bytes32 known);

    /// @dev `level` is not an EQF level (1 to 8), or no level was given.
    error DiplomaRegistryInvalidLevel(uint8 level);

    /// @dev The operation needs `issuer` in another state than `state`.
    error DiplomaRegistryIssuerState(address issuer, IssuerState state);

    /// @dev `issuer` is not accredited for EQF `level` now.
    error DiplomaRegistryIssuerNotAccredited(address issuer, uint8 level);

    /// @dev `role` comes with more than the role: it is given only by the registry's own functions.
    error DiplomaRegistryRoleByAppointment(bytes32 role, address account);

    /// @dev `account` holds `held`, which must not be combined with `wanted` (separation of duties).
    error DiplomaRegistryRoleConflict(address account, bytes32 held, bytes32 wanted);

    /// @dev A withdrawal with effect from `effectiveAt` is not in the past (now is `nowTime`):
    /// use {withdrawAccreditation}.
    error DiplomaRegistryNotRetroactive(uint64 effectiveAt, uint64 nowTime);

    /// @dev A retroactive withdrawal of `issuer` from `effectiveAt` is pending already.
    error DiplomaRegistryWithdrawalPending(address issuer, uint64 effectiveAt);

    /// @dev No retroactive withdrawal of `issuer` is pending.
    error DiplomaRegistryNoPendingWithdrawal(address issuer);

    /// @dev The pending withdrawal of `issuer` takes effect from `pending`, not `effectiveAt`.
    error DiplomaRegistryWithdrawalMismatch(address issuer, uint64 pending, uint64 effectiveAt);

    /// @dev `account` may not confirm or cancel the pending withdrawal of `issuer` (the
    /// proposer cannot confirm its own proposal; only another accreditor of the country or
    /// the admin can).
    error DiplomaRegistryUnauthorizedConfirmation(address account, address issuer);

    /// @dev The zero root cannot be anchored.
    error DiplomaRegistryZeroRoot();

    /// @dev A batch needs at least one diploma.
    error DiplomaRegistryEmptyBatch();

    /// @dev `expiresAt` is not after the current block timestamp.
    error DiplomaRegistryInvalidExpiry(uint64 expiresAt);

    /// @dev The batch `root` was anchored before.
    error DiplomaRegistryBatchExists(bytes32 root);

    /// @dev No batch `root` was anchored.
    error DiplomaRegistryUnknownBatch(bytes32 root);

    /// @dev The proof does not prove `leaf` (built from the claim) in the batch `root`.
    error DiplomaRegistryInvalidProof(bytes32 root, bytes32 leaf);

    /// @dev The claim proven in `root` does not match the chain (`reason`: a mismatch code).
    error DiplomaRegistryClaimMismatch(bytes32 root, uint16 reason);

    /// @dev `account` is neither the issuer of batch `root` nor a REVOKER.
    error DiplomaRegistryUnauthorizedRevoker(address account, bytes32 root);

    /// @dev `reason` is not a revocation or suspension reason: a shared code (1 to 9) or
    /// {REASON_ACADEMIC_MISCONDUCT}.
    error DiplomaRegistryInvalidReason(uint16 reason);

    /// @dev The batch `root` is already revoked.
    error DiplomaRegistryBatchRevoked(bytes32 root);

    /// @dev The diploma `diplomaId` is already revoked.
    error DiplomaRegistryAlreadyRevoked(bytes32 diplomaId);

    /// @dev The diploma `diplomaId` is suspended by `by` already (an authority as high).
    error DiplomaRegistryAlreadySuspended(bytes32 diplomaId, address by);

    /// @dev The diploma `diplomaId` is not suspended.
    error DiplomaRegistryNotSuspended(bytes32 diplomaId);

    /// @dev `account` may not lift the suspension that `suspendedBy` imposed on `diplomaId`.
    error DiplomaRegistryUnauthorizedReinstatement(address account, bytes32 diplomaId, address suspendedBy);

    /// @dev Only a valid diploma can be recognised; `diplomaId` has `status` (`reason`).
    error DiplomaRegistryNotValid(bytes32 diplomaId, Status status, uint16 reason);

    /// @dev `recogniser` already recorded a decision about `diplomaId`.
    error DiplomaRegistryAlreadyRecognised(bytes32 diplomaId, address recogniser);

    /// @dev A recognition needs the hash of its decision document, not zero.
    error DiplomaRegistryZeroDecisionHash();

    /// @dev Role windows of `role` change only through the accreditation functions.
    error DiplomaRegistryWindowsByAccreditation(bytes32 role);

    /**
     * @dev Appoints `accreditor` for institutions of `country` (ISO 3166 alpha-2, e.g. "BE").
     *
     * Requirements:
     * - the caller must be the admin;
     * - `accreditor` is not the admin and not an accredited institution.
     */
    function appointAccreditor(address accreditor, bytes2 country) external;

    /**
     * @dev Dismisses `accreditor`. Accreditations it granted stay in force. An accreditor that
     * renounces its role (`renounceRole`) loses its country the same way.
     *
     * Requirements:
     * - the caller must be the admin.
     */
    function dismissAccreditor(address accreditor) external;

    /**
     * @dev Accredits `issuer` as the institution named by `institutionNameHash` (keccak256 of
     * its official name, UTF-8) of `country`, for the EQF `levels`, within [validFrom,
     * validUntil) (block timestamps; the window counts from now at the earliest). An
     * accreditation in force is ended and replaced.
     *
     * Requirements:
     * - the caller must be an accreditor of `country`;
     * - an account keeps the country and the institution of its first accreditation;
     * - `issuer` is not the admin, the proposed next admin, an accreditor, a revoker or a
     *   recogniser.
     *
     * Emits one {RoleWindowGranted} per level and an {IssuerAccredited} event.
     */
    function accredit(
        address issuer,
        bytes2 country,
        bytes32 institutionNameHash,
        uint8[] calldata levels,
        uint64 validFrom,
        uint64 validUntil
    ) external;

    /**
     * @dev Suspends the active accreditation of `issuer`: its windows end after the current
     * block time. Batches anchored before stay valid; the issuer anchors none until reinstated.
     *
     * Requirements:
     * - the caller must be an accreditor of the issuer's country.
     */
    function suspendIssuer(address issuer) external;

    /// @dev Reinstates the suspended accreditation of `issuer` with its former scope. See {suspendIssuer}.
    function reinstateIssuer(address issuer) external;

    /**
     * @dev Withdraws the accreditation of `issuer` (active or suspended) with effect from
     * after the current block time. Batches anchored before stay valid. A later {accredit}
     * starts a new accreditation. See {suspendIssuer}.
     */
    function withdrawAccreditation(address issuer) external;

    /**
     * @dev Withdraws the accreditation of `issuer` now (as {withdrawAccreditation}, unless it
     * is withdrawn already) and proposes to void everything it anchored from the past time
     * `effectiveAt` on. Nothing is voided until another accreditor of the country or the admin
     * calls {confirmRetroactiveWithdrawal}.
     *
     * Requirements:
     * - the caller must be an accreditor of the issuer's country;
     * - `effectiveAt` lies before the current block time; no proposal is pending.
     */
    function proposeRetroactiveWithdrawal(address issuer, uint64 effectiveAt) external;

    /**
     * @dev Confirms the pending retroactive withdrawal of `issuer` from `effectiveAt`: every
     * batch it anchored at a time in [effectiveAt, withdrawnAt] becomes not accredited at
     * issuance, for good (a later accreditation does not bring them back).
     *
     * Requirements:
     * - the caller must be the admin, or an accreditor of the issuer's country other than
     *   the proposer;
     * - `effectiveAt` is the pending proposal's.
     */
    function confirmRetroactiveWithdrawal(address issuer, uint64 effectiveAt) external;

    /// @dev Drops the pending retroactive withdrawal of `issuer` (its proposer or the admin).
    function cancelRetroactiveWithdrawal(address issuer) external;

    /**
     * @dev Anchors the Merkle `root` of `size` diplomas of EQF `level`, lapsing at `expiresAt`
     * (0 for never).
     *
     * Requirements:
     * - the caller must be accredited for `level` now.
     */
    function issueBatch(bytes32 root, uint32 size, uint8 level, uint64 expiresAt) external;

    /**
     * @dev Revokes every diploma of the batch `root` for `reason` (see {DiplomaRegistryInvalidReason}).
     * The revocation belongs to the batch: to revoke a diploma wherever it is anchored, use {revoke}.
     *
     * Requirements:
     * - the caller must be the issuer of the batch or have `REVOKER_ROLE`.
     */
    function revokeBatch(bytes32 root, uint16 reason) external;

    /**
     * @dev Revokes the diploma `claim`, proven by `proof` in batch `root`, for `reason`, in
     * every batch that carries it. Final.
     *
     * Requirements:
     * - the caller must be the issuer of the batch or have `REVOKER_ROLE`;
     * - the claim matches the chain (level, country, institution).
     */
    function revoke(bytes32 root, bytes32[] calldata proof, DiplomaClaim calldata claim, uint16 reason) external;

    /**
     * @dev Suspends the diploma `claim`, proven by `proof` in batch `root`, for `reason`, in
     * every batch that carries it. A REVOKER may take over a suspension by the issuer (and
     * only the REVOKER or the admin can then lift it). See {revoke}.
     */
    function suspend(bytes32 root, bytes32[] calldata proof, DiplomaClaim calldata claim, uint16 reason) external;

    /**
     * @dev Lifts the suspension of diploma `diplomaId`.
     *
     * Requirements:
     * - the caller must be the account that suspended it, or the admin.
     */
    function reinstate(bytes32 diplomaId) external;

    /**
     * @dev Records the caller's recognition decision about the valid diploma `claim`: it is
     * equivalent to EQF `equivalentLevel`; `decisionHash` (not zero) commits to the decision
     * document.
     *
     * Requirements:
     * - the caller must have `RECOGNISER_ROLE`.
     */
    function recognise(
        bytes32 root,
        bytes32[] calldata proof,
        DiplomaClaim calldata claim,
        uint8 equivalentLevel,
        bytes32 decisionHash
    ) external;

    /**
     * @dev The verdict on `claim`, proven by `proof` in batch `root`, now: a {Status} and a
     * reason code. `Active` (reason 0) is the only valid verdict. In order of precedence:
     *
     * - `Unknown`, 0: no such batch, or the proof does not lead from the claim's leaf to it;
     * - `Unknown`, {REASON_LEVEL_MISMATCH} / {REASON_COUNTRY_MISMATCH} /
     *   {REASON_INSTITUTION_MISMATCH}: the leaf is in the batch, but the document's EQF level
     *   is not the batch's, or its country or institution is not the issuer's;
     * - `Revoked`, the revocation reason: the batch or the diploma was revoked;
     * - `Revoked`, {REASON_NOT_ACCREDITED_AT_ISSUANCE}: the issuer was not accredited for the
     *   level when it anchored the batch (a confirmed retroactive withdrawal);
     * - `Suspended`, the suspension reason;
     * - `Expired`, 0: the batch's expiry has passed.
     */
    function verify(
        bytes32 root,
        bytes32[] calldata proof,
        DiplomaClaim calldata claim
    ) external view returns (Status status, uint16 reason);

    /// @dev Whether `issuer` was accredited for EQF `level` at block time `t`, as the chain
    /// knows it now (windows of {accreditationScope}(level), less confirmed retroactive withdrawals).
    function accreditedAt(address issuer, uint8 level, uint64 t) external view returns (bool);

    /// @dev The record of the institution `account` (all zero if it was never accredited).
    function issuerRecord(address account) external view returns (Issuer memory);

    /// @dev The confirmed retroactive withdrawals of the institution `account`, oldest first.
    function voidedSpans(address account) external view returns (VoidedSpan[] memory);

    /// @dev The pending retroactive withdrawal of the institution `account` (all zero if none).
    function pendingWithdrawal(address account) external view returns (RetroactiveWithdrawal memory);

    /// @dev The country `account` accredits for, or zero if it is no accreditor.
    function accreditorCountry(address account) external view returns (bytes2);

    /// @dev The batch `root`; reverts with {DiplomaRegistryUnknownBatch} if absent.
    function batch(bytes32 root) external view returns (Batch memory);

    /// @dev The status record of the diploma `diplomaId`.
    function diplomaRecord(bytes32 diplomaId) external view returns (DiplomaRecord memory);

    /// @dev The recognition by `recogniser` of the diploma `diplomaId` (all zero if none).
    function recognition(bytes32 diplomaId, address recogniser) external view returns (Recognition memory);

    /// @dev The leaf of `claim` anchored by `anchoredBy` (see the contract description).
    function leafOf(DiplomaClaim calldata claim, address anchoredBy) external pure returns (bytes32);

    /// @dev The identity of the diploma `claim`: `keccak256(abi.encode(DIPLOMA_ID_TAG, institutionId, documentHash))`.
    function diplomaIdOf(DiplomaClaim calldata claim) external pure returns (bytes32);

    /// @dev The institution id of `country` and the official name hash: `keccak256(abi.encode(INSTITUTION_TAG, country, nameHash))`.
    function institutionIdOf(bytes2 country, bytes32 nameHash) external pure returns (bytes32);

    /// @dev The role-window scope of an accreditation for EQF `level`: `keccak256(abi.encode(EQF_FRAMEWORK, level))`.
    function accreditationScope(uint8 level) external pure returns (bytes32);
}
