// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {Status} from "../common/IStatus.sol";

/**
 * @dev Competences validated by two parties (VDAB + GO! pilot): a school proposes a batch of
 * learners' competence credentials, a VDAB validator validates or rejects it within a window.
 *
 * Roles:
 * - the default admin (two-step hand-over, {RegistryAdminRules}) grants `ACCREDITOR_ROLE` and
 *   `REVOKER_ROLE`, and the role windows of `VALIDATOR_ROLE` (scope {VALIDATION_SCOPE});
 * - an accreditor accredits a school (an assessor, known by its public institution number) for
 *   one competence framework and a range of levels, with a validity window ({accredit}): one
 *   `ASSESSOR_ROLE` window per level in scope {accreditationScope}`(framework, level)`;
 * - an assessor proposes batches ({proposeBatch}) while it is accredited for every level the
 *   batch declares;
 * - a validator holding its window validates or rejects a proposed batch within
 *   {validationWindow} seconds of its proposal; it is never the batch's assessor;
 * - the batch's assessor, a validator holding its window, or a revoker revokes (final, with a
 *   reason code) and suspends credentials or whole batches; only the account that suspended
 *   (or the admin) reinstates.
 *
 * What is on chain: roots (salted hashes), counts, levels, framework ids (hashes of public
 * names), role addresses and institution numbers of schools. Nothing of a learner: no name, no
 * national number, no claim text.
 *
 * A credential is an index-ordered tree of tagged leaves (the holder's key at position 0,
 * salted claims and decoys elsewhere, a power of two of at least 16); a batch is a sorted-pair
 * tree over the credential leaves {credentialLeafOf}`(credentialRoot)`.
 */
interface ICompetenceRegistry {
    /// @dev State of a batch.
    enum BatchState {
        None,
        Proposed,
        Validated,
        Rejected
    }

    /// @dev A suspension or revocation mark on a batch or a credential.
    enum MarkState {
        None,
        Suspended,
        Revoked
    }

    /**
     * @dev A proposed batch: slot 1 the assessor, when it proposed, when the credentials
     * lapse (0: never), its state and lowest level; slot 2 the validator, when it decided,
     * the credential count, the highest level and the rejection reason; slot 3 the framework.
     */
    struct Batch {
        address assessor;
        uint40 proposedAt;
        uint40 validUntil;
        BatchState state;
        uint8 minLevel;
        address validator;
        uint40 decidedAt;
        uint32 count;
        uint8 maxLevel;
        uint16 rejectReason;
        bytes32 framework;
    }

    /// @dev A suspension or revocation: its state, reason, who set it and when.
    struct Mark {
        MarkState state;
        uint16 reason;
        address by;
        uint40 changedAt;
    }

    /// @dev `accreditor` accredited `assessor` (institution `institutionNumber`) for levels
    /// `minLevel`..`maxLevel` of `framework` within [validFrom, validUntil).
    event AssessorAccredited(
        address indexed assessor,
        bytes32 indexed framework,
        uint32 institutionNumber,
        uint8 minLevel,
        uint8 maxLevel,
        uint64 validFrom,
        uint64 validUntil,
        address accreditor
    );

    /// @dev `assessor` proposed the batch `root` of `count` credentials.
    event BatchProposed(
        bytes32 indexed root,
        address indexed assessor,
        bytes32 indexed framework,
        uint8 minLevel,
        uint8 maxLevel,
        uint32 count,
        uint40 validUntil
    );

    /// @dev `validator` validated the batch `root`.
    event BatchValidated(bytes32 indexed root, address indexed validator);

    /// @dev `validator` rejected the batch `root` for `reason`.
    event BatchRejected(bytes32 indexed root, address indexed validator, uint16 reason);

    /// @dev `by` revoked the whole batch `root` for `reason` (final).
    event BatchRevoked(bytes32 indexed root, address indexed by, uint16 reason);

    /// @dev `by` suspended the whole batch `root` for `reason`.
    event BatchSuspended(bytes32 indexed root, address indexed by, uint16 reason);

    /// @dev `by` lifted the suspension of the batch `root`.
    event BatchReinstated(bytes32 indexed root, address indexed by);

    /// @dev `by` revoked the credential `credentialRoot` of batch `root` for `reason` (final).
    event CredentialRevoked(bytes32 indexed root, bytes32 indexed credentialRoot, address indexed by, uint16 reason);

    /// @dev `by` suspended the credential `credentialRoot` of batch `root` for `reason`.
    event CredentialSuspended(bytes32 indexed root, bytes32 indexed credentialRoot, address indexed by, uint16 reason);

    /// @dev `by` lifted the suspension of the credential `credentialRoot` of batch `root`.
    event CredentialReinstated(bytes32 indexed root, bytes32 indexed credentialRoot, address indexed by);

    /// @dev An account argument is the zero address.
    error CompetenceRegistryZeroAccount();

    /// @dev The framework id is zero.
    error CompetenceRegistryZeroFramework();

    /// @dev The institution number is zero.
    error CompetenceRegistryZeroInstitution();

    /// @dev `assessor` is known as institution `known`, not `given`.
    error CompetenceRegistryInstitutionMismatch(address assessor, uint32 known, uint32 given);

    /// @dev The level range `minLevel`..`maxLevel` is not within 1..8 in ascending order.
    error CompetenceRegistryInvalidLevels(uint8 minLevel, uint8 maxLevel);

    /// @dev The batch root is zero.
    error CompetenceRegistryZeroRoot();

    /// @dev A batch must hold at least one credential.
    error CompetenceRegistryEmptyBatch();

    /// @dev The lapse time `validUntil` is not after the current block time `nowTime`.
    error CompetenceRegistryInvalidExpiry(uint40 validUntil, uint40 nowTime);

    /// @dev A batch with this root was proposed before (validated, rejected or pending).
    error CompetenceRegistryBatchExists(bytes32 root);

    /// @dev No batch was proposed under `root`.
    error CompetenceRegistryUnknownBatch(bytes32 root);

    /// @dev `assessor` is not accredited for `level` of `framework` at time `time`.
    error CompetenceRegistryNotAccredited(address assessor, bytes32 framework, uint8 level, uint64 time);

    /// @dev The batch `root` is in `state`, not proposed.
    error CompetenceRegistryBatchNotProposed(bytes32 root, BatchState state);

    /// @dev The batch `root` is in `state`, not validated.
    error CompetenceRegistryBatchNotValidated(bytes32 root, BatchState state);

    /// @dev The validation window of `root` closed at `closedAt` (current block time `nowTime`).
    error CompetenceRegistryValidationWindowClosed(bytes32 root, uint64 closedAt, uint64 nowTime);

    /// @dev `validator` proposed the batch `root` itself: the validator is never the assessor.
    error CompetenceRegistryValidatorIsAssessor(bytes32 root, address validator);

    /// @dev `account` may not revoke, suspend or reinstate in batch `root`.
    error CompetenceRegistryUnauthorized(address account, bytes32 root);

    /// @dev `reason` is not a reason code this registry accepts for the change.
    error CompetenceRegistryInvalidReason(uint16 reason);

    /// @dev `credentialRoot` is not proven in the batch `root` by the proof given.
    error CompetenceRegistryInvalidProof(bytes32 root, bytes32 credentialRoot);

    /// @dev The batch or credential `item` (in batch `root`) is revoked already: revocation is final.
    error CompetenceRegistryAlreadyRevoked(bytes32 root, bytes32 item);

    /// @dev The batch or credential `item` (in batch `root`) was suspended already, by `by`.
    error CompetenceRegistryAlreadySuspended(bytes32 root, bytes32 item, address by);

    /// @dev The batch or credential `item` (in batch `root`) is not suspended.
    error CompetenceRegistryNotSuspended(bytes32 root, bytes32 item);

    /// @dev `account` did not suspend `item`; `by` did, and only `by` (or the admin) reinstates.
    error CompetenceRegistryNotSuspender(address account, bytes32 item, address by);

    /// @dev Role windows of `role` change only through this registry's own functions.
    error CompetenceRegistryWindowsByAccreditation(bytes32 role);

    /// @dev Validator windows are granted in `expected` only, not in `scope`.
    error CompetenceRegistryWrongScope(bytes32 scope, bytes32 expected);

    /// @dev Roles of `account` that must stay separate: it holds `held` and was to get `wanted`.
    error CompetenceRegistryRoleConflict(address account, bytes32 held, bytes32 wanted);

    /**
     * @dev Accredits `assessor`, the school with public institution number `institutionNumber`,
     * for levels `minLevel`..`maxLevel` (1 to 8, VKS/EQF) of `framework` (e.g.
     * `keccak256("competent:2.0")`) within [validFrom, validUntil), counted from now at the
     * earliest: one window per level, in scope {accreditationScope}`(framework, level)`.
     *
     * Requirements: the caller holds `ACCREDITOR_ROLE`; non-zero assessor, framework and
     * institution; the assessor keeps one institution number; it holds no other role.
     *
     * Emits {AssessorAccredited} and one {IRoleWindows-RoleWindowGranted} per level.
     */
    function accredit(
        address assessor,
        uint32 institutionNumber,
        bytes32 framework,
        uint8 minLevel,
        uint8 maxLevel,
        uint64 validFrom,
        uint64 validUntil
    ) external;

    /**
     * @dev Proposes the batch `root` of `count` credentials whose claims are of `framework` at
     * levels `minLevel`..`maxLevel`; they lapse at `validUntil` (0: never). The caller is the
     * assessor and must be accredited now for every level of the range.
     *
     * Emits a {BatchProposed} event.
     */
    function proposeBatch(
        bytes32 root,
        bytes32 framework,
        uint8 minLevel,
        uint8 maxLevel,
        uint32 count,
        uint40 validUntil
    ) external;

    /**
     * @dev Validates the proposed batch `root`. The caller holds a `VALIDATOR_ROLE` window now,
     * is not the batch's assessor, and the validation window is open.
     *
     * Emits a {BatchValidated} event.
     */
    function validateBatch(bytes32 root) external;

    /**
     * @dev Rejects the proposed batch `root` for `reason` (non-zero); same requirements as
     * {validateBatch}. A rejected root is never proposed again.
     *
     * Emits a {BatchRejected} event.
     */
    function rejectBatch(bytes32 root, uint16 reason) external;

    /**
     * @dev Revokes every credential of the validated batch `root` for `reason` (final). The
     * caller is the batch's assessor, a validator holding its window, or a revoker.
     *
     * Emits a {BatchRevoked} event.
     */
    function revokeBatch(bytes32 root, uint16 reason) external;

    /**
     * @dev Suspends every credential of the validated batch `root` for `reason`; same callers
     * as {revokeBatch}.
     *
     * Emits a {BatchSuspended} event.
     */
    function suspendBatch(bytes32 root, uint16 reason) external;

    /**
     * @dev Lifts the suspension of the batch `root`: only the account that suspended it, or
     * the admin.
     *
     * Emits a {BatchReinstated} event.
     */
    function reinstateBatch(bytes32 root) external;

    /**
     * @dev Revokes the credential `credentialRoot`, proven in the validated batch `root` by
     * `proof`, for `reason` (final). Callers as {revokeBatch}.
     *
     * Emits a {CredentialRevoked} event.
     */
    function revokeCredential(bytes32 root, bytes32 credentialRoot, bytes32[] calldata proof, uint16 reason) external;

    /**
     * @dev Suspends the credential `credentialRoot`, proven in the validated batch `root`, for
     * `reason`. Callers as {revokeBatch}.
     *
     * Emits a {CredentialSuspended} event.
     */
    function suspendCredential(bytes32 root, bytes32 credentialRoot, bytes32[] calldata proof, uint16 reason) external;

    /**
     * @dev Lifts the suspension of the credential `credentialRoot` of batch `root`: only the
     * account that suspended it, or the admin.
     *
     * Emits a {CredentialReinstated} event.
     */
    function reinstateCredential(bytes32 root, bytes32 credentialRoot) external;

    /**
     * @dev The status of the credential `credentialRoot`, proven in batch `root` by `proof`,
     * and a reason code:
     * - `Unknown`: no such batch, or the proof fails;
     * - `Pending`: proposed, waiting for validation; `Expired` with {REASON_VALIDATION_WINDOW_CLOSED}
     *   once the validation window closed unvalidated;
     * - `Annulled` with the validator's reason: the batch was rejected;
     * - `Revoked`: the batch or the credential was revoked (their reason), the assessor was not
     *   accredited for every level of the batch at `proposedAt` ({REASON_NOT_ACCREDITED_AT_PROPOSAL}),
     *   or the validator did not hold its window at `decidedAt` ({REASON_VALIDATOR_NOT_HELD});
     * - `Suspended`: the batch or the credential is suspended;
     * - `Expired`: `validUntil` has passed;
     * - `Active`: otherwise.
     */
    function status(bytes32 root, bytes32 credentialRoot, bytes32[] calldata proof) external view returns (Status, uint16);

    /// @dev The batch proposed under `root` (reverts with {CompetenceRegistryUnknownBatch}).
    function batch(bytes32 root) external view returns (Batch memory);

    /// @dev The suspension or revocation mark of the whole batch `root`.
    function batchMark(bytes32 root) external view returns (Mark memory);

    /// @dev The suspension or revocation mark of the credential `credentialRoot` in batch `root`.
    function credentialMark(bytes32 root, bytes32 credentialRoot) external view returns (Mark memory);

    /// @dev Whether `assessor` was accredited for `level` of `framework` at block time `t`.
    function accreditedAt(address assessor, bytes32 framework, uint8 level, uint64 t) external view returns (bool);

    /// @dev The institution number `assessor` was accredited as (0: never accredited).
    function institutionOf(address assessor) external view returns (uint32);

    /// @dev Seconds a proposed batch waits for validation before it can no longer be validated.
    function validationWindow() external view returns (uint64);

    /// @dev The role-window scope of an accreditation for `level` of `framework`.
    function accreditationScope(bytes32 framework, uint8 level) external pure returns (bytes32);

    /// @dev The leaf of a credential in its batch tree.
    function credentialLeafOf(bytes32 credentialRoot) external pure returns (bytes32);

    /// @dev The leaf of claim position `index` of credential `credentialId`, salted with `salt`,
    /// whose canonical JSON has the sha256 `claimHash`.
    function claimLeafOf(bytes32 credentialId, uint256 index, bytes32 salt, bytes32 claimHash) external pure returns (bytes32);

    /// @dev The decoy leaf at position `index` of credential `credentialId`.
    function decoyLeafOf(bytes32 credentialId, uint256 index, bytes32 salt) external pure returns (bytes32);

    /// @dev The holder leaf (position 0) of credential `credentialId`: it commits to `holder`'s key.
    function holderLeafOf(bytes32 credentialId, bytes32 salt, address holder) external pure returns (bytes32);

    /// @dev Whether `proof` proves `leaf` at position `index` of the credential tree `credentialRoot`.
    function provenAt(bytes32 credentialRoot, bytes32 leaf, uint256 index, bytes32[] calldata proof) external pure returns (bool);
}
