// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IRoleWindows} from "../common/IRoleWindows.sol";
import {ITypedSignatures} from "../common/ITypedSignatures.sol";
import {Status} from "../common/IStatus.sol";

/**
 * @dev The dwelling passport (woningpas): per dwelling, commitments to its attestations (EPC,
 * asbestos, soil, permit, conformity, electrical inspection, and the owner's self-declared
 * evidence), their history ("valid at time t"), the renovation duty after a purchase, the
 * reference EPC per rent year for the social-rent energy correction, and the real-right
 * holders' mandates.
 *
 * Privacy. A dwelling is known by a `dwellingRef`: `HMAC-SHA256(registrar key,
 * "gebouweenheid:" || building-unit id)`, never an address or a plain hash of a public id. An
 * attestation is a commitment `leaf(ATTESTATION_TAG, attType, salt, sha256(canonical record),
 * sha256(source document))`; the record (without expert names and EP codes) and the document
 * stay with the holder. Only an EPC's score and label are given in the clear, because the
 * chain checks them (label bands, the renovation target); they are public in every sale advert.
 *
 * Times are block timestamps (seconds, UTC). Dates such as an issue date or a deed date are
 * the timestamp of 00:00 UTC of that day.
 *
 * Attestation types: 1 EPC, 2 ASBESTOS, 3 SOIL, 4 PERMIT, 5 CONFORMITY, 6 ELECTRICAL (each
 * recorded by a holder of its issuer role, in role windows with scope zero), 7 OWNER_EVIDENCE
 * (self-declared by a real-right holder: it never meets a legal duty and never supersedes an
 * issuer's attestation).
 *
 * EPC labels: 1 A+ (score < 0), 2 A (0..100), 3 B (101..200), 4 C (201..300), 5 D (301..400),
 * 6 E (401..500), 7 F (> 500), score in kWh/m² a year within [-500, 2000]. An EPC and an
 * asbestos attest are valid at most {MAX_VALIDITY} (ten years, three leap days included).
 */
interface IDwellingPassRegistry is IRoleWindows, ITypedSignatures {
    /// @dev One dwelling (2 slots): when and by whom it was registered, its kind
    /// (0 unknown, 1 single-family house, 2 apartment), the optional parcel commitment
    /// `leaf(PARCEL_TAG, dwellingRef, keccak256(capakey), salt)` and the Merkle root of its
    /// real-right holders (`leaf(HOLDER_TAG, dwellingRef, holder)`).
    struct Dwelling {
        uint40 registeredAt;
        uint8 kind;
        bytes32 parcelCommitment;
        bytes32 holdersRoot;
    }

    /// @dev One attestation (3 slots). `endedAt` is when it ended (0 while current): for a
    /// superseded one the issue date of its successor (the register's Huidig -> Historisch),
    /// for a withdrawn one the block time of the withdrawal; `reason` the reason code.
    struct Attestation {
        address issuer;
        uint40 issuedAt;
        uint40 validUntil;
        uint8 attType;
        Status status;
        bytes32 dwellingRef;
        uint40 recordedAt;
        uint40 endedAt;
        uint16 reason;
        int16 epcScore;
        uint8 epcLabel;
    }

    /// @dev The renovation duty of a dwelling: the deed date that started it, the deadline,
    /// the target label, its state (0 none, 1 started, 2 met, 3 breached, 4 exempt) and the
    /// exemption's reason code.
    struct Renovation {
        uint40 deedDate;
        uint40 deadline;
        uint8 targetLabel;
        uint8 state;
        uint16 exemptReason;
    }

    /// @dev A holder's mandate: access to the attestation types in `scope` (bit `t` for type
    /// `t`) of `dwellingRef` for `grantee` until `validUntil`.
    struct Mandate {
        bytes32 dwellingRef;
        address grantee;
        uint16 scope;
        uint64 validUntil;
        uint256 nonce;
    }

    /// @dev A recorded mandate: its signer, when it was recorded and revoked (0: not revoked).
    struct MandateRecord {
        address holder;
        address grantee;
        bytes32 dwellingRef;
        uint16 scope;
        uint64 validUntil;
        uint64 grantedAt;
        uint64 revokedAt;
    }

    /// @dev `registrar` registered `dwellingRef` (kind, parcel commitment).
    event DwellingRegistered(bytes32 indexed dwellingRef, uint8 kind, bytes32 parcelCommitment, address registrar);

    /// @dev `registrar` set the real-right holders' root of `dwellingRef`.
    event HoldersRootSet(bytes32 indexed dwellingRef, bytes32 holdersRoot, address registrar);

    /// @dev `issuer` recorded attestation `id` of `attType` for `dwellingRef`.
    event AttestationRecorded(
        bytes32 indexed id,
        bytes32 indexed dwellingRef,
        uint8 indexed attType,
        address issuer,
        uint40 issuedAt,
        uint40 validUntil
    );

    /// @dev Attestation `newId` superseded `oldId` (same dwelling, same type).
    event AttestationSuperseded(bytes32 indexed oldId, bytes32 indexed newId);

    /// @dev `by` withdrew attestation `id` with reason code `reason`.
    event AttestationWithdrawn(bytes32 indexed id, uint16 reason, address by);

    /// @dev `landlord` named attestation `id` the reference EPC of `dwellingRef` for rent year `year`.
    event ReferenceEpcSet(bytes32 indexed dwellingRef, uint16 indexed year, bytes32 id, address landlord);

    /// @dev `landlord` anchored its reference EPCs of rent year `year` as the Merkle root `root`.
    event ReferenceRootSet(address indexed landlord, uint16 indexed year, bytes32 root);

    /// @dev `notary` recorded a transfer of `dwellingRef` by a deed of `deedDate`.
    event TransferRecorded(bytes32 indexed dwellingRef, uint40 deedDate, address notary);

    /// @dev A purchase of an E- or F-labelled dwelling started its renovation duty.
    event RenovationObligationStarted(bytes32 indexed dwellingRef, uint40 deadline, uint8 targetLabel);

    /// @dev EPC `epcId` met the renovation target of `dwellingRef`.
    event RenovationObligationMet(bytes32 indexed dwellingRef, bytes32 epcId);

    /// @dev `by` marked the renovation duty of `dwellingRef` breached (its deadline passed).
    event RenovationObligationBreached(bytes32 indexed dwellingRef, address by);

    /// @dev `registrar` exempted `dwellingRef` from the renovation duty with reason `reason`.
    event ExemptionRecorded(bytes32 indexed dwellingRef, uint16 reason, address registrar);

    /// @dev `holder` granted mandate `mandateHash` to `grantee` for `dwellingRef`.
    event MandateGranted(bytes32 indexed mandateHash, bytes32 indexed dwellingRef, address indexed grantee, address holder);

    /// @dev `holder` revoked mandate `mandateHash`.
    event MandateRevoked(bytes32 indexed mandateHash, address holder);

    /// @dev A value that must not be zero was zero (`field` names it).
    error DwellingPassRegistryZeroValue(string field);

    /// @dev `kind` is not 0, 1 or 2.
    error DwellingPassRegistryBadKind(uint8 kind);

    /// @dev `dwellingRef` is already registered.
    error DwellingPassRegistryDwellingRegistered(bytes32 dwellingRef);

    /// @dev `dwellingRef` is not registered.
    error DwellingPassRegistryUnknownDwelling(bytes32 dwellingRef);

    /// @dev `attType` is not an attestation type an issuer records (1 to 6).
    error DwellingPassRegistryBadType(uint8 attType);

    /// @dev `issuedAt` lies after the current block time `nowTime`.
    error DwellingPassRegistryIssuedInFuture(uint40 issuedAt, uint256 nowTime);

    /// @dev `validUntil` is not after `issuedAt`, or further than `maxValidity` seconds from it.
    error DwellingPassRegistryBadValidity(uint40 issuedAt, uint40 validUntil, uint40 maxValidity);

    /// @dev `label` is not an EPC label (1 A+ .. 7 F), or given for another type (`attType`).
    error DwellingPassRegistryBadLabel(uint8 attType, uint8 label);

    /// @dev `score` lies outside [-500, 2000] kWh/m² a year.
    error DwellingPassRegistryScoreOutOfRange(int16 score);

    /// @dev `score` lies outside the band of `label`.
    error DwellingPassRegistryLabelMismatch(int16 score, uint8 label);

    /// @dev Attestation `id` was recorded before.
    error DwellingPassRegistryAlreadyRecorded(bytes32 id);

    /// @dev The new attestation names `given` as the one it supersedes; the current one of
    /// `attType` for `dwellingRef` is `current` (zero: none).
    error DwellingPassRegistryWrongSupersedes(bytes32 dwellingRef, uint8 attType, bytes32 given, bytes32 current);

    /// @dev The new attestation, issued `issuedAt`, is older than the current one of `currentIssuedAt`.
    error DwellingPassRegistryNotNewer(uint40 issuedAt, uint40 currentIssuedAt);

    /// @dev No attestation `id` is recorded.
    error DwellingPassRegistryUnknownAttestation(bytes32 id);

    /// @dev Attestation `id` is not current (its status is `status`).
    error DwellingPassRegistryNotCurrent(bytes32 id, Status status);

    /// @dev `account` is neither the issuer of attestation `id` nor a supervisor.
    error DwellingPassRegistryNotIssuerOrSupervisor(bytes32 id, address account);

    /// @dev `reason` is not a reason this act accepts.
    error DwellingPassRegistryBadReason(uint16 reason);

    /// @dev `year` is not a rent year this registry accepts (2020..2100).
    error DwellingPassRegistryBadYear(uint16 year);

    /// @dev Attestation `id` is not an EPC of `dwellingRef`.
    error DwellingPassRegistryNotEpcOf(bytes32 id, bytes32 dwellingRef);

    /// @dev Attestation `id` was not active on 1 January (`janFirst`) of the rent year.
    error DwellingPassRegistryNotActiveAt(bytes32 id, uint40 janFirst);

    /// @dev The reference EPC of `dwellingRef` for rent year `year` is already `id`.
    error DwellingPassRegistryReferenceSet(bytes32 dwellingRef, uint16 year, bytes32 id);

    /// @dev `landlord` anchored a reference root for rent year `year` already.
    error DwellingPassRegistryReferenceRootSet(address landlord, uint16 year, bytes32 root);

    /// @dev No reference EPC of `dwellingRef` is set for rent year `year`.
    error DwellingPassRegistryNoReferenceEpc(bytes32 dwellingRef, uint16 year);

    /// @dev The deed date `deedDate` lies before the dwelling's registration (`registeredAt`)
    /// or after the current block time (`nowTime`).
    error DwellingPassRegistryBadDeedDate(uint40 deedDate, uint40 registeredAt, uint256 nowTime);

    /// @dev The renovation duty of `dwellingRef` is not running (its state is `state`).
    error DwellingPassRegistryNoRunningObligation(bytes32 dwellingRef, uint8 state);

    /// @dev The deadline `deadline` of `dwellingRef` has not passed yet (block time `nowTime`).
    error DwellingPassRegistryDeadlineNotPassed(bytes32 dwellingRef, uint40 deadline, uint256 nowTime);

    /// @dev `account` is not a real-right holder of `dwellingRef` (no proof under its holders' root).
    error DwellingPassRegistryNotHolder(bytes32 dwellingRef, address account);

    /// @dev `scope` has bits outside the attestation types, or none.
    error DwellingPassRegistryBadScope(uint16 scope);

    /// @dev The mandate ends at `validUntil`, not after the current block time `nowTime`.
    error DwellingPassRegistryMandateLapsed(uint64 validUntil, uint256 nowTime);

    /// @dev No mandate `mandateHash` is recorded.
    error DwellingPassRegistryUnknownMandate(bytes32 mandateHash);

    /// @dev Mandate `mandateHash` was revoked at `revokedAt`.
    error DwellingPassRegistryMandateRevoked(bytes32 mandateHash, uint64 revokedAt);

    /// @dev `account` did not grant mandate `mandateHash`.
    error DwellingPassRegistryNotMandateHolder(bytes32 mandateHash, address account);

    /**
     * @dev Registers `dwellingRef` with its kind and optional parcel commitment (zero: none).
     * REGISTRAR_ROLE (window, scope zero) only. Emits {DwellingRegistered}.
     */
    function registerDwelling(bytes32 dwellingRef, uint8 kind, bytes32 parcelCommitment) external;

    /**
     * @dev Sets the Merkle root (sorted pairs) of the real-right holders of `dwellingRef`.
     * REGISTRAR_ROLE only. Emits {HoldersRootSet}.
     */
    function setHoldersRoot(bytes32 dwellingRef, bytes32 holdersRoot) external;

    /**
     * @dev Records an attestation of `attType` (1..6) for `dwellingRef` by its issuer role
     * holder, and returns its id `leaf(ATTESTATION_ID_TAG, dwellingRef, attType, commitment)`.
     * `supersedes` must name the current attestation of that type (zero when there is none);
     * a superseded one must not be newer. For an EPC, `epcScore` and `epcLabel` must agree
     * (other types pass 0 and 0). A running renovation duty is met by an EPC issued on or after
     * the deed date whose label reaches the target.
     *
     * Emits {AttestationRecorded}, {AttestationSuperseded} when it replaces one, and
     * {RenovationObligationMet} when it meets the renovation target.
     */
    function recordAttestation(
        bytes32 dwellingRef,
        uint8 attType,
        bytes32 commitment,
        uint40 issuedAt,
        uint40 validUntil,
        int16 epcScore,
        uint8 epcLabel,
        bytes32 supersedes
    ) external returns (bytes32 id);

    /**
     * @dev Records self-declared evidence (OWNER_EVIDENCE: a photo, plan, invoice) of a
     * real-right holder, proven by `holderProof` under the dwelling's holders' root. It never
     * becomes the current attestation of a type, never supersedes and never meets a legal duty;
     * its holder may withdraw it. Emits {AttestationRecorded}.
     */
    function recordOwnerEvidence(
        bytes32 dwellingRef,
        bytes32 commitment,
        uint40 issuedAt,
        bytes32[] calldata holderProof
    ) external returns (bytes32 id);

    /**
     * @dev Withdraws current attestation `id` with `reason` (a shared reason code, not 0 or
     * REPLACED). Its issuer (still holding the role) or a SUPERVISOR only. Emits {AttestationWithdrawn}.
     */
    function withdraw(bytes32 id, uint16 reason) external;

    /**
     * @dev Names EPC attestation `id` the reference EPC of `dwellingRef` for rent year `year`.
     * The caller holds LANDLORD_ROLE in scope `dwellingRef`; the EPC was active on 1 January of
     * `year`. Set once per dwelling and year, so the lease commitments naming it stay provable.
     * Emits {ReferenceEpcSet}.
     */
    function setReferenceEpc(bytes32 dwellingRef, uint16 year, bytes32 id) external;

    /**
     * @dev The bulk path of {setReferenceEpc}: a woonmaatschappij holding LANDLORD_ROLE in
     * scope zero anchors all its reference EPCs of rent year `year` as one Merkle root (sorted
     * pairs) of `leaf(REFERENCE_TAG, dwellingRef, year, id)`, once per year. Nothing is checked
     * per leaf on write: {referenceEpcInRoot} checks a leaf when it is used, and a verifier
     * checks that the landlord keeps the dwelling (the social-rent register knows which).
     * Emits {ReferenceRootSet}.
     */
    function setReferenceRoot(uint16 year, bytes32 root) external;

    /// @dev The reference root `landlord` anchored for rent year `year` (zero: none).
    function referenceRoot(address landlord, uint16 year) external view returns (bytes32);

    /**
     * @dev Whether `landlord`'s reference root of `year` proves `id` the reference EPC of
     * `dwellingRef`, and `id` is an EPC of that dwelling that was active on 1 January of `year`.
     */
    function referenceEpcInRoot(
        address landlord,
        uint16 year,
        bytes32 dwellingRef,
        bytes32 id,
        bytes32[] calldata proof
    ) external view returns (bool);

    /**
     * @dev Records a transfer by a deed of `deedDate` (NOTARY_ROLE). A deed from 2023 of a
     * dwelling whose current EPC at the deed date is labelled E or F starts the renovation duty
     * (deadline: five years after the deed; target by deed year); a resale while it runs keeps
     * its deadline, and an exempted dwelling stays exempt. Emits {TransferRecorded} and perhaps {RenovationObligationStarted}.
     */
    function recordTransfer(bytes32 dwellingRef, uint40 deedDate) external;

    /// @dev Marks a running renovation duty breached once its deadline passed (anyone).
    function markBreached(bytes32 dwellingRef) external;

    /// @dev Exempts `dwellingRef` from the renovation duty with a reason of this registry
    /// (REASON_DEMOLITION, REASON_PROTECTED_HERITAGE). REGISTRAR_ROLE only.
    function recordExemption(bytes32 dwellingRef, uint16 reason) external;

    /**
     * @dev Records `mandate`, signed (EIP-712, `Mandate(bytes32 dwellingRef,address grantee,
     * uint16 scope,uint64 validUntil,uint256 nonce)`) by `holder`, a real-right holder proven by
     * `holderProof`. Anyone may submit; the holder's nonce is used up. Emits {MandateGranted}.
     */
    function grantMandate(
        Mandate calldata mandate,
        address holder,
        bytes calldata signature,
        bytes32[] calldata holderProof
    ) external returns (bytes32 mandateHash);

    /// @dev Revokes mandate `mandateHash` (its holder only). Emits {MandateRevoked}.
    function revokeMandate(bytes32 mandateHash) external;

    /// @dev The dwelling `dwellingRef` (registeredAt 0: unknown).
    function dwelling(bytes32 dwellingRef) external view returns (Dwelling memory);

    /// @dev Attestation `id` (issuer zero: unknown).
    function attestation(bytes32 id) external view returns (Attestation memory);

    /// @dev The current attestation of `attType` for `dwellingRef` (zero: none).
    function currentAttestation(bytes32 dwellingRef, uint8 attType) external view returns (bytes32);

    /**
     * @dev The status of attestation `id` at time `t` (at most now): `Unknown` (never
     * recorded), `Pending` (t before its issue date), `Superseded`/`Withdrawn` (t at or after
     * its end, with the reason), `Expired` (t at or after validUntil) or `Active`; and whether
     * its issuer held the issuer role of its type when the chain recorded it.
     */
    function statusAt(bytes32 id, uint40 t) external view returns (Status status, uint16 reason, bool issuerHeldRole);

    /// @dev The reference EPC of `dwellingRef` for rent year `year`; reverts with
    /// {DwellingPassRegistryNoReferenceEpc} when none is set.
    function referenceEpc(bytes32 dwellingRef, uint16 year) external view returns (bytes32);

    /// @dev The renovation duty of `dwellingRef`.
    function renovation(bytes32 dwellingRef) external view returns (Renovation memory);

    /// @dev The target label for a deed of `deedDate` of a dwelling of `kind`, and the deadline.
    function renovationTerms(uint40 deedDate, uint8 kind) external pure returns (uint8 targetLabel, uint40 deadline);

    /// @dev The EPC label (1 A+ .. 7 F) of `score`; reverts outside [-500, 2000].
    function labelOf(int16 score) external pure returns (uint8);

    /// @dev The EIP-712 struct hash of `mandate` (its id once recorded).
    function mandateHash(Mandate calldata mandate) external pure returns (bytes32);

    /// @dev Mandate `hash_` (grantedAt 0: unknown).
    function mandate(bytes32 hash_) external view returns (MandateRecord memory);

    /**
     * @dev Whether mandate `hash_` lets `grantee` see attestation types `scope` at time `t`: it
     * was recorded, names the grantee, covers the scope, had not lapsed or been revoked at
     * `t`, and its holder is still a holder (`holderProof` under the current holders' root).
     */
    function mandateValidAt(
        bytes32 hash_,
        address grantee,
        uint16 scope,
        uint64 t,
        bytes32[] calldata holderProof
    ) external view returns (bool);
}
