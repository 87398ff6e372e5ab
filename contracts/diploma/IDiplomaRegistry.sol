// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @title IDiplomaRegistry
 * @dev Registry of diplomas for the international diploma exchange pilot.
 *
 * Trust chain: the admin appoints accreditors per country (ISO 3166 alpha-2); an accreditor
 * accredits institutions of its country for a set of EQF levels (1 to 8) and a validity window,
 * and can suspend, reinstate or withdraw them. Every change is kept as an interval of blocks, so
 * "was this issuer accredited for EQF level 7 at block B" has an answer on chain.
 *
 * Issuance: an accredited institution anchors the Merkle root of a batch of diplomas in one
 * transaction. Leaves are `keccak256(bytes.concat(keccak256(abi.encode(diplomaHash, salt))))`;
 * pairs are hashed in sorted order (OpenZeppelin {MerkleProof}). Nothing personal is stored:
 * only roots, leaves, role addresses, levels, codes and decision hashes.
 */
interface IDiplomaRegistry {
    /// @dev Verification outcome of a diploma leaf. `Unknown` (0) is also the default.
    enum Status {
        Unknown,
        Valid,
        Revoked,
        Suspended,
        IssuerNotAccreditedAtIssuance,
        Expired
    }

    /// @dev Fixed list of revocation reasons. `None` (0) means "not revoked".
    enum RevocationReason {
        None,
        IssuedInError,
        Superseded,
        Fraud,
        AcademicMisconduct,
        CourtOrder,
        AccreditationWithdrawn,
        HolderRequest
    }

    /// @dev State of an institution in the trust chain.
    enum IssuerState {
        None,
        Active,
        Suspended,
        Withdrawn
    }

    /// @dev State of one diploma leaf inside a batch.
    enum LeafState {
        Active,
        Suspended,
        Revoked
    }

    /**
     * @dev One accreditation interval of an issuer. `levels` is a bit set: bit L is EQF level L.
     * The accreditation decision is valid for block timestamps in [validFrom, validUntil); it was
     * in force for blocks in [fromBlock, untilBlock). `untilBlock` is `type(uint64).max` while open.
     */
    struct Accreditation {
        address accreditor;
        bytes2 country;
        uint16 levels;
        uint64 validFrom;
        uint64 validUntil;
        uint64 fromBlock;
        uint64 untilBlock;
    }

    /// @dev An anchored batch of diplomas. `expiresAt` is 0 when the diplomas never lapse.
    struct Batch {
        address issuer;
        uint32 size;
        uint8 level;
        RevocationReason revokedReason;
        uint64 issuedAt;
        uint64 issuedBlock;
        uint64 expiresAt;
    }

    /// @dev The status record of one leaf; all zero for a leaf nobody touched.
    struct LeafRecord {
        LeafState state;
        RevocationReason reason;
        uint64 changedBlock;
    }

    /// @dev A recognition decision of an ENIC-NARIC centre about one diploma leaf.
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

    /// @dev `issuer` was accredited for the EQF levels in the bit set `levels`.
    event IssuerAccredited(
        address indexed issuer,
        address indexed accreditor,
        bytes2 country,
        uint16 levels,
        uint64 validFrom,
        uint64 validUntil
    );

    /// @dev The accreditation of `issuer` was suspended from the next block on.
    event IssuerSuspended(address indexed issuer, address indexed accreditor);

    /// @dev The suspended accreditation of `issuer` is in force again from this block on.
    event IssuerReinstated(address indexed issuer, address indexed accreditor);

    /// @dev The accreditation of `issuer` was withdrawn with effect from `effectiveBlock`.
    event AccreditationWithdrawn(
        address indexed issuer,
        address indexed accreditor,
        uint64 effectiveBlock
    );

    /// @dev `issuer` anchored the Merkle `root` of `size` diplomas of EQF `level`.
    event BatchIssued(
        bytes32 indexed root,
        address indexed issuer,
        uint8 level,
        uint32 size,
        uint64 expiresAt
    );

    /// @dev Every diploma of the batch `root` was revoked.
    event BatchRevoked(bytes32 indexed root, address indexed revoker, RevocationReason reason);

    /// @dev The diploma `leaf` of batch `root` was revoked.
    event DiplomaRevoked(
        bytes32 indexed root,
        bytes32 indexed leaf,
        address indexed revoker,
        RevocationReason reason
    );

    /// @dev The diploma `leaf` of batch `root` was suspended.
    event DiplomaSuspended(bytes32 indexed root, bytes32 indexed leaf, address indexed suspender);

    /// @dev The suspended diploma `leaf` of batch `root` is in force again.
    event DiplomaReinstated(bytes32 indexed root, bytes32 indexed leaf, address indexed by);

    /// @dev `recogniser` recorded that `leaf` is equivalent to EQF `equivalentLevel`.
    event DiplomaRecognised(
        bytes32 indexed root,
        bytes32 indexed leaf,
        address indexed recogniser,
        uint8 equivalentLevel,
        bytes32 decisionHash
    );

    /// @dev The constructor got the zero address as admin.
    error DiplomaRegistryZeroAdmin();

    /// @dev An account argument was the zero address.
    error DiplomaRegistryZeroAccount();

    /// @dev `country` is not two upper-case ASCII letters.
    error DiplomaRegistryInvalidCountry(bytes2 country);

    /// @dev `account` is not an appointed accreditor.
    error DiplomaRegistryUnknownAccreditor(address account);

    /// @dev `accreditor` of `accreditorCountry` acted on an issuer of `country`.
    error DiplomaRegistryWrongCountry(address accreditor, bytes2 accreditorCountry, bytes2 country);

    /// @dev `level` is not an EQF level (1 to 8), or no level was given.
    error DiplomaRegistryInvalidLevel(uint8 level);

    /// @dev The validity window [validFrom, validUntil) is empty.
    error DiplomaRegistryInvalidValidity(uint64 validFrom, uint64 validUntil);

    /// @dev The operation needs `issuer` in another state than `state`.
    error DiplomaRegistryIssuerState(address issuer, IssuerState state);

    /// @dev `effectiveBlock` lies after the current block `currentBlock`.
    error DiplomaRegistryInvalidEffectiveBlock(uint64 effectiveBlock, uint64 currentBlock);

    /// @dev `issuer` is not accredited for EQF `level` now.
    error DiplomaRegistryIssuerNotAccredited(address issuer, uint8 level);

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

    /// @dev `proof` does not prove `leaf` in the batch `root`.
    error DiplomaRegistryInvalidProof(bytes32 root, bytes32 leaf);

    /// @dev `account` is neither the issuer of batch `root` nor a REVOKER.
    error DiplomaRegistryUnauthorizedRevoker(address account, bytes32 root);

    /// @dev A revocation needs a reason other than `None`.
    error DiplomaRegistryMissingReason();

    /// @dev The batch `root` or its diploma `leaf` is already revoked.
    error DiplomaRegistryAlreadyRevoked(bytes32 root, bytes32 leaf);

    /// @dev The diploma `leaf` of `root` is already suspended.
    error DiplomaRegistryAlreadySuspended(bytes32 root, bytes32 leaf);

    /// @dev The diploma `leaf` of `root` is not suspended.
    error DiplomaRegistryNotSuspended(bytes32 root, bytes32 leaf);

    /// @dev Only a valid diploma can be recognised; `leaf` of `root` has `status`.
    error DiplomaRegistryNotValid(bytes32 root, bytes32 leaf, Status status);

    /// @dev `recogniser` already recorded a decision about `leaf` of `root`.
    error DiplomaRegistryAlreadyRecognised(bytes32 root, bytes32 leaf, address recogniser);

    /// @dev A recognition needs the hash of its decision document, not zero.
    error DiplomaRegistryZeroDecisionHash();

    /// @dev `ACCREDITOR_ROLE` of `account` changes only by {appointAccreditor} and
    /// {dismissAccreditor} (which keep its country), not by `grantRole` or `revokeRole`.
    error DiplomaRegistryAccreditorRoleByAppointment(address account);

    /**
     * @dev Appoints `accreditor` for institutions of `country` (ISO 3166 alpha-2, e.g. "BE").
     *
     * Requirements:
     * - the caller must have `DEFAULT_ADMIN_ROLE`.
     */
    function appointAccreditor(address accreditor, bytes2 country) external;

    /**
     * @dev Dismisses `accreditor`. Accreditations it granted stay in force. An accreditor that
     * renounces its role (`renounceRole`) loses its country the same way.
     *
     * Requirements:
     * - the caller must have `DEFAULT_ADMIN_ROLE`.
     */
    function dismissAccreditor(address accreditor) external;

    /**
     * @dev Accredits `issuer` of `country` for the EQF `levels` within [validFrom, validUntil)
     * (block timestamps). An open accreditation of the issuer is closed and replaced.
     *
     * Requirements:
     * - the caller must be an accreditor of `country`;
     * - an issuer keeps the country of its first accreditation.
     */
    function accredit(
        address issuer,
        bytes2 country,
        uint8[] calldata levels,
        uint64 validFrom,
        uint64 validUntil
    ) external;

    /**
     * @dev Suspends the active accreditation of `issuer`: its interval ends after this block.
     * Batches anchored before stay valid; the issuer cannot anchor new ones until reinstated.
     *
     * Requirements:
     * - the caller must be an accreditor of the issuer's country.
     */
    function suspendIssuer(address issuer) external;

    /// @dev Reinstates the suspended accreditation of `issuer` with its former scope. See {suspendIssuer}.
    function reinstateIssuer(address issuer) external;

    /**
     * @dev Withdraws the accreditation of `issuer` with effect from `effectiveBlock` (at most the
     * current block). Batches anchored from that block on become `IssuerNotAccreditedAtIssuance`.
     * A later {accredit} starts a new accreditation. See {suspendIssuer}.
     */
    function withdrawAccreditation(address issuer, uint64 effectiveBlock) external;

    /**
     * @dev Anchors the Merkle `root` of `size` diplomas of EQF `level`, lapsing at `expiresAt`
     * (0 for never).
     *
     * Requirements:
     * - the caller must be accredited for `level` now.
     */
    function issueBatch(bytes32 root, uint32 size, uint8 level, uint64 expiresAt) external;

    /**
     * @dev Revokes every diploma of the batch `root` for `reason`.
     *
     * Requirements:
     * - the caller must be the issuer of the batch or have `REVOKER_ROLE`.
     */
    function revokeBatch(bytes32 root, RevocationReason reason) external;

    /// @dev Revokes the diploma `leaf` proven by `proof` in batch `root` for `reason`. See {revokeBatch}.
    function revoke(
        bytes32 root,
        bytes32 leaf,
        bytes32[] calldata proof,
        RevocationReason reason
    ) external;

    /// @dev Suspends the diploma `leaf` proven by `proof` in batch `root`. See {revokeBatch}.
    function suspend(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external;

    /// @dev Puts the suspended diploma `leaf` of batch `root` back in force. See {revokeBatch}.
    function reinstate(bytes32 root, bytes32 leaf) external;

    /**
     * @dev Records the caller's recognition decision about the valid diploma `leaf`: it is
     * equivalent to EQF `equivalentLevel`; `decisionHash` (not zero) commits to the decision
     * document.
     *
     * Requirements:
     * - the caller must have `RECOGNISER_ROLE`.
     */
    function recognise(
        bytes32 root,
        bytes32 leaf,
        bytes32[] calldata proof,
        uint8 equivalentLevel,
        bytes32 decisionHash
    ) external;

    /// @dev The status of `leaf` in batch `root`, proven by `proof`, at the current block.
    function verify(
        bytes32 leaf,
        bytes32[] calldata proof,
        bytes32 root
    ) external view returns (Status);

    /// @dev Whether `issuer` was accredited for EQF `level` at `blockNumber` with `timestamp`.
    function accreditedAt(
        address issuer,
        uint8 level,
        uint64 blockNumber,
        uint64 timestamp
    ) external view returns (bool);

    /// @dev The full accreditation history of `issuer`, oldest first.
    function accreditations(address issuer) external view returns (Accreditation[] memory);

    /// @dev The state of `issuer` in the trust chain.
    function issuerState(address issuer) external view returns (IssuerState);

    /// @dev The country of `issuer`, or zero if it was never accredited.
    function issuerCountry(address issuer) external view returns (bytes2);

    /// @dev The country `account` accredits for, or zero if it is no accreditor.
    function accreditorCountry(address account) external view returns (bytes2);

    /// @dev The batch `root`; reverts with {DiplomaRegistryUnknownBatch} if absent.
    function batch(bytes32 root) external view returns (Batch memory);

    /// @dev The status record of `leaf` in batch `root`.
    function leafRecord(bytes32 root, bytes32 leaf) external view returns (LeafRecord memory);

    /// @dev The recognition by `recogniser` of `leaf` in batch `root` (all zero if none).
    function recognition(
        bytes32 root,
        bytes32 leaf,
        address recogniser
    ) external view returns (Recognition memory);

    /// @dev The leaf of a document: `keccak256(bytes.concat(keccak256(abi.encode(h, salt))))`.
    function leafOf(bytes32 diplomaHash, bytes32 salt) external pure returns (bytes32);

    /// @dev The root that `proof` leads to from `leaf` (sorted-pair keccak256).
    function computeRoot(bytes32 leaf, bytes32[] calldata proof) external pure returns (bytes32);
}
