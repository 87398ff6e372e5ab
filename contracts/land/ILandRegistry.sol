// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {ISignatureNonces} from "../common/ISignatureNonces.sol";

/**
 * @dev Land registry for the nature and forest agency's land management pilot (grondbeheer).
 *
 * Parcels are identified by their canonical CaPaKey (`11001A0123/00B000`) and stored under
 * `keccak256(bytes(capakey))`; every event carries the key itself. Owners are addresses
 * (pseudonymous for people): no personal data is stored, only addresses and document hashes.
 *
 * Roles: the admin (one address, handed over in two steps after a delay: {IRegistryAdminRules})
 * pauses and grants roles; a REGISTRAR registers parcels and adds or ends rights; a NOTARY
 * authenticates transfers; a SURVEYOR splits and merges parcels; a COURT freezes and unfreezes
 * parcels (never the same court address for both, and only in the freeze's case). A registrar
 * or a court may revoke a pending transfer, with the hash of the reason.
 *
 * Separation of duties: one address holds at most one of admin, REGISTRAR, NOTARY, SURVEYOR
 * and COURT ({LandRegistryRoleConflict}); an official never acts on a parcel it owns, a
 * transfer it is party to or a right it would hold ({LandRegistryOwnInterest}).
 *
 * A transfer is either the three-step flow {openTransfer} (owner) -> {acceptTransfer} (buyer)
 * -> {authenticateTransfer} (notary), or one {transferWithSignatures} call in which a notary
 * submits the EIP-712 signatures of seller and buyer. A pending transfer locks the parcel
 * (first filed wins) until it completes, is cancelled or revoked, or expires; its expiry is at
 * most {MAX_TRANSFER_PERIOD} after it is filed. Every completed transfer uses up the seller's
 * signature nonce. Whatever a party agreed to (the signed terms, the buyer's acceptance) names
 * the parcel's version, and is refused once the parcel changed.
 *
 * A parcel's `version` counts every change to it: registration (1), a right added or ended,
 * a transfer filed, completed, cancelled, revoked or lapsed, a freeze or unfreeze, and its
 * retirement by a split or merge. Acceptances and waivers change the transfer, not the parcel.
 *
 * Every pre-emption right in force when a transfer completes must be waived for that transfer,
 * or its notice must be over: {PREEMPTION_NOTICE_PERIOD} from the latest of the filing of the
 * transfer, the recording of the right and the start of its validity.
 *
 * A split or merge carries every active right of the parents to the children (a split's
 * surveyor may name which children keep a right, at least one); only a registrar ends rights.
 *
 * Every state change emits an event; the events alone rebuild any parcel's history. The
 * signature nonce event `NonceUsed(owner, nonce)` comes from {ISignatureNonces} (a completed
 * transfer or {useNonce} uses a nonce up).
 */
interface ILandRegistryTypes {
    /// @dev Land-use class of a parcel.
    enum LandUse {
        Forest,
        NatureReserve,
        Agriculture,
        Other
    }

    /// @dev Life cycle of a parcel; `Unregistered` is the state of an unknown key.
    enum ParcelStatus {
        Unregistered,
        Active,
        Frozen,
        Retired
    }

    /// @dev Kinds of rights, restrictions and responsibilities (LADM RRR).
    enum RightKind {
        Lease,
        Easement,
        Mortgage,
        PreEmption,
        ManagementPlan
    }

    /// @dev Life cycle of a three-step transfer.
    enum TransferState {
        None,
        Opened,
        Accepted,
        Completed,
        Cancelled,
        Lapsed,
        Revoked
    }

    /**
     * @dev A parcel as stored. `areaM2` is the area in square metres, `version` counts the
     * changes to the parcel record, `deedHash` is the hash of the registering deed (or of the
     * survey document for a parcel made by a split or merge, or of the last transfer deed).
     */
    struct Parcel {
        address owner;
        uint48 areaM2;
        uint32 version;
        LandUse landUse;
        ParcelStatus status;
        bytes32 deedHash;
        string capakey;
    }

    /**
     * @dev A right, restriction or responsibility on a parcel. `validUntil == 0` means open
     * ended; `active` is false once the right has ended (or its parcel was retired, the right
     * living on in the children). `recordedAt` is the block time the right was first recorded
     * (a carried right keeps the original's). `id` is filled in by the views (the registry
     * keeps rights under their id and does not store it twice).
     */
    struct Right {
        uint256 id;
        bytes32 parcelId;
        bytes32 sourceHash;
        address holder;
        uint64 validFrom;
        RightKind kind;
        bool active;
        uint64 validUntil;
        uint64 recordedAt;
    }

    /**
     * @dev A three-step transfer, filed at `openedAt`. `acceptedVersion` is the parcel version
     * the buyer accepted (zero before acceptance).
     */
    struct Transfer {
        bytes32 parcelId;
        bytes32 deedHash;
        address seller;
        uint64 expiry;
        uint32 acceptedVersion;
        address buyer;
        uint64 openedAt;
        TransferState state;
    }

    /// @dev A parcel to create by a split or merge.
    struct NewParcel {
        string capakey;
        uint48 areaM2;
        LandUse landUse;
    }

    /**
     * @dev How a parent's right carries over in a split: bit `i` of `childMask` set means the
     * right is copied onto child `i` (at least one). Rights of the parent that are not listed
     * are copied onto every child.
     */
    struct RightCarry {
        uint256 rightId;
        uint256 childMask;
    }

    /// @dev One parcel for {registerParcels}: the arguments of {registerParcel}.
    struct ParcelRegistration {
        string capakey;
        address owner;
        uint48 areaM2;
        LandUse landUse;
        bytes32 deedHash;
    }

    /**
     * @dev The fixed-size fields of a parcel, as {parcelsById} returns them for bulk checks;
     * all zero (status `Unregistered`) for an unknown id.
     */
    struct ParcelFields {
        address owner;
        uint48 areaM2;
        uint32 version;
        LandUse landUse;
        ParcelStatus status;
        bytes32 deedHash;
    }

    /**
     * @dev The terms that seller and buyer sign for {transferWithSignatures}: the parcel's
     * current version, the seller's current nonce (`nonce`) and the buyer's (`buyerNonce`)
     * are part of them, so either party withdraws with {useNonce}.
     */
    struct TransferTerms {
        address buyer;
        uint32 parcelVersion;
        bytes32 deedHash;
        uint256 nonce;
        uint256 buyerNonce;
        uint256 deadline;
    }

    /// @dev A parcel was registered by a registrar.
    event ParcelRegistered(
        bytes32 indexed parcelId,
        string capakey,
        address indexed owner,
        uint48 areaM2,
        LandUse landUse,
        bytes32 deedHash
    );

    /// @dev A parcel was created by a split or merge of `parentKeys`.
    event ParcelDerived(
        bytes32 indexed parcelId,
        string capakey,
        address indexed owner,
        uint48 areaM2,
        LandUse landUse,
        bytes32 surveyHash,
        string[] parentKeys
    );

    /// @dev A parcel was retired by a split or merge into `childKeys`.
    event ParcelRetired(bytes32 indexed parcelId, string capakey, bytes32 surveyHash, string[] childKeys);

    /// @dev The owner opened transfer `transferId` to `buyer`.
    event TransferOpened(
        bytes32 indexed parcelId,
        string capakey,
        uint256 indexed transferId,
        address seller,
        address indexed buyer,
        bytes32 deedHash,
        uint64 expiry
    );

    /// @dev The buyer accepted transfer `transferId` at parcel version `version`.
    event TransferAccepted(
        bytes32 indexed parcelId,
        string capakey,
        uint256 indexed transferId,
        address buyer,
        uint32 version
    );

    /// @dev The holder of pre-emption right `rightId` waived it for transfer `transferId`.
    event PreemptionWaived(
        bytes32 indexed parcelId,
        string capakey,
        uint256 indexed transferId,
        uint256 rightId,
        address holder
    );

    /// @dev Seller or buyer cancelled transfer `transferId`.
    event TransferCancelled(bytes32 indexed parcelId, string capakey, uint256 indexed transferId, address by);

    /// @dev Expired transfer `transferId` was released when a new transfer was filed.
    event TransferLapsed(bytes32 indexed parcelId, string capakey, uint256 indexed transferId);

    /// @dev Registrar or court `by` revoked pending transfer `transferId` for the reason in document `reasonHash`.
    event TransferRevoked(
        bytes32 indexed parcelId,
        string capakey,
        uint256 indexed transferId,
        address indexed by,
        bytes32 reasonHash
    );

    /**
     * @dev Ownership changed, authenticated by `notary`. `transferId` is zero for a transfer
     * with signatures. `version` is the parcel's new version.
     */
    event ParcelTransferred(
        bytes32 indexed parcelId,
        string capakey,
        address indexed from,
        address indexed to,
        bytes32 deedHash,
        uint256 transferId,
        address notary,
        uint32 version
    );

    /// @dev A right was added to a parcel.
    event RightAdded(
        bytes32 indexed parcelId,
        string capakey,
        uint256 indexed rightId,
        RightKind kind,
        address indexed holder,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 sourceHash
    );

    /// @dev Right `rightId` was copied from parent right `fromRightId` by a split or merge.
    event RightCarried(bytes32 indexed parcelId, string capakey, uint256 indexed rightId, uint256 indexed fromRightId);

    /// @dev Right `rightId` ended, on document `sourceHash`.
    event RightEnded(bytes32 indexed parcelId, string capakey, uint256 indexed rightId, bytes32 sourceHash);

    /// @dev A court froze the parcel in case `caseRef`.
    event ParcelFrozen(bytes32 indexed parcelId, string capakey, address indexed court, bytes32 caseRef);

    /// @dev A court (not the one that froze it) unfroze the parcel in the freeze's case.
    event ParcelUnfrozen(bytes32 indexed parcelId, string capakey, address indexed court, bytes32 caseRef);

    /// @dev `capakey` is not a canonical CaPaKey.
    error LandRegistryMalformedCapaKey(string capakey);

    /// @dev No parcel is registered under `capakey`.
    error LandRegistryUnknownParcel(string capakey);

    /// @dev A parcel (active or retired) already exists under `capakey`.
    error LandRegistryParcelExists(string capakey);

    /// @dev The parcel is not active (it is frozen or retired).
    error LandRegistryParcelNotActive(string capakey, ParcelStatus status);

    /// @dev The parcel is not frozen.
    error LandRegistryParcelNotFrozen(string capakey);

    /// @dev An address argument that must be set is zero.
    error LandRegistryZeroAddress();

    /// @dev An area of zero square metres.
    error LandRegistryZeroArea();

    /// @dev A document hash or case reference that must be set is zero.
    error LandRegistryMissingHash();

    /// @dev `caller` is not the owner `owner` of the parcel.
    error LandRegistryNotOwner(string capakey, address caller, address owner);

    /// @dev `caller` is not the buyer of transfer `transferId`.
    error LandRegistryNotBuyer(uint256 transferId, address caller);

    /// @dev `caller` is neither seller nor buyer of transfer `transferId`.
    error LandRegistryNotTransferParty(uint256 transferId, address caller);

    /// @dev Seller and buyer are the same address.
    error LandRegistrySelfTransfer(address party);

    /// @dev Transfer `transferId` is still pending on the parcel (first filed wins).
    error LandRegistryTransferPending(string capakey, uint256 transferId);

    /// @dev The parcel has no pending transfer.
    error LandRegistryNoPendingTransfer(string capakey);

    /// @dev Transfer `transferId` is in `state`, which does not allow this step.
    error LandRegistryTransferWrongState(uint256 transferId, TransferState state);

    /// @dev Transfer `transferId` expired at `expiry`.
    error LandRegistryTransferExpired(uint256 transferId, uint64 expiry);

    /// @dev An expiry or deadline `when` that is not in the future.
    error LandRegistryExpiryInPast(uint256 when);

    /// @dev An expiry `expiry` later than `latest`, {MAX_TRANSFER_PERIOD} from now.
    error LandRegistryExpiryTooLate(uint256 expiry, uint256 latest);

    /// @dev Pre-emption right `rightId` is in force, not waived, and its notice ends at `noticeEnds`.
    error LandRegistryPreemptionNotCleared(uint256 transferId, uint256 rightId, uint256 noticeEnds);

    /// @dev A signature transfer on a parcel with an active pre-emption right `rightId`.
    error LandRegistryPreemptionActive(string capakey, uint256 rightId);

    /// @dev Right `rightId` is not an active pre-emption right that `caller` holds on the parcel.
    error LandRegistryNotPreemptionHolder(uint256 rightId, address caller);

    /// @dev Right `rightId` was already waived for transfer `transferId`.
    error LandRegistryAlreadyWaived(uint256 transferId, uint256 rightId);

    /// @dev A signature recovered to `recovered` where `expected` had to sign.
    error LandRegistryInvalidSignature(address expected, address recovered);

    /// @dev The signed terms expired at `deadline`.
    error LandRegistrySignatureExpired(uint256 deadline);

    /// @dev What was agreed (signed terms, an acceptance) names parcel version `agreed`; it is `current` now.
    error LandRegistryStaleVersion(string capakey, uint32 agreed, uint32 current);

    /// @dev The terms were signed with nonce `signed` of `signer` (the seller or the buyer),
    /// whose current nonce is `current`.
    error LandRegistryStaleNonce(address signer, uint256 signed, uint256 current);

    /// @dev No active right `rightId` on the parcel (for a merge: on any parent; the key is the merged parcel's).
    error LandRegistryUnknownRight(string capakey, uint256 rightId);

    /// @dev A validity window that ends (`validUntil`) at or before it starts (`validFrom`).
    error LandRegistryBadValidity(uint64 validFrom, uint64 validUntil);

    /// @dev Children (or parents) area `childTotal` differs from the parents' `parentTotal`.
    error LandRegistryAreaMismatch(uint256 parentTotal, uint256 childTotal);

    /// @dev A split needs two to 255 children, a merge at least two parents; `count` given.
    error LandRegistryBadParcelCount(uint256 count);

    /// @dev The same key occurs twice among the parcels of a split or merge.
    error LandRegistryDuplicateKey(string capakey);

    /// @dev Parents of a merge have different owners.
    error LandRegistryOwnerMismatch(address expected, address found);

    /// @dev A right carry mask names a child that does not exist (or no child at all).
    error LandRegistryBadChildMask(uint256 rightId, uint256 childMask);

    /// @dev Right `rightId` is listed twice in one split or merge.
    error LandRegistryDuplicateRight(uint256 rightId);

    /// @dev The court that froze the parcel may not unfreeze it.
    error LandRegistrySameCourt(address court);

    /// @dev The parcel was frozen in case `frozenCase`; an unfreeze names `givenCase`.
    error LandRegistryCaseMismatch(string capakey, bytes32 frozenCase, bytes32 givenCase);

    /// @dev `caller` holds neither REGISTRAR_ROLE nor COURT_ROLE.
    error LandRegistryNotRegistrarOrCourt(address caller);

    /// @dev `account` holds `heldRole`, which may not go with `role` (one official, one duty).
    error LandRegistryRoleConflict(address account, bytes32 role, bytes32 heldRole);

    /// @dev Official `official` would act on its own parcel, its own transfer or a right for itself.
    error LandRegistryOwnInterest(string capakey, address official);
}

/**
 * @dev The functions of the land registry; its model, types, events and errors are in
 * {ILandRegistryTypes}.
 */
interface ILandRegistry is ILandRegistryTypes, ISignatureNonces {
    /**
     * @dev Registers a new active parcel (version 1).
     *
     * Requirements:
     * - the caller has REGISTRAR_ROLE and the contract is not paused;
     * - `capakey` is canonical and was never registered;
     * - `owner` is not zero nor the caller, `areaM2` not zero, `deedHash` not zero.
     *
     * Emits a {ParcelRegistered} event.
     */
    function registerParcel(
        string calldata capakey,
        address owner,
        uint48 areaM2,
        LandUse landUse,
        bytes32 deedHash
    ) external;

    /**
     * @dev Registers many new active parcels in one transaction (bulk imports), each with
     * exactly the checks of {registerParcel}. All or nothing: the first parcel that fails
     * reverts the whole batch with that parcel's error.
     *
     * Requirements:
     * - as {registerParcel}, for every parcel (a key listed twice reverts as already
     *   registered);
     * - `parcels` is not empty ({LandRegistryBadParcelCount}).
     *
     * Emits one {ParcelRegistered} event per parcel, in order.
     */
    function registerParcels(ParcelRegistration[] calldata parcels) external;

    /**
     * @dev The owner opens a transfer to `buyer` for deed `deedHash`, valid until `expiry`.
     * Returns the transfer id. Pre-emption rights are checked when it completes.
     *
     * Requirements: caller is the owner; the parcel is active; no live transfer is pending
     * (an expired one is released with {TransferLapsed}); `expiry` is in the future and at
     * most {MAX_TRANSFER_PERIOD} away ({LandRegistryExpiryTooLate}).
     *
     * Emits a {TransferOpened} event.
     */
    function openTransfer(
        string calldata capakey,
        address buyer,
        bytes32 deedHash,
        uint64 expiry
    ) external returns (uint256 transferId);

    /**
     * @dev The buyer accepts the pending transfer at the parcel's current version. After the
     * parcel changed (a right added or ended, a freeze), the buyer accepts again.
     *
     * Requirements: caller is the buyer; the transfer is opened, or accepted at an older
     * version; not expired; the parcel is active.
     *
     * Emits a {TransferAccepted} event.
     */
    function acceptTransfer(string calldata capakey) external;

    /**
     * @dev The holder of pre-emption right `rightId` on the parcel waives it for the pending
     * transfer (also before the right's validity starts).
     *
     * Requirements: the parcel is active; the transfer is pending and not expired; the right
     * is an active pre-emption right of this parcel, not past its validity, held by the caller
     * ({LandRegistryNotPreemptionHolder}) and not yet waived ({LandRegistryAlreadyWaived}).
     *
     * Emits a {PreemptionWaived} event.
     */
    function waivePreemption(string calldata capakey, uint256 rightId) external;

    /**
     * @dev Seller or buyer cancels the pending transfer (also after its expiry, on a frozen
     * parcel and while the registry is paused: consent can always be withdrawn).
     *
     * Emits a {TransferCancelled} event.
     */
    function cancelTransfer(string calldata capakey) external;

    /**
     * @dev A registrar or a court revokes the pending transfer (also on a frozen parcel, also
     * after its expiry), for the reason set out in document `reasonHash`.
     *
     * Requirements: the caller has REGISTRAR_ROLE or COURT_ROLE
     * ({LandRegistryNotRegistrarOrCourt}) and is neither seller nor buyer; `reasonHash` is
     * not zero; a transfer is pending.
     *
     * Emits a {TransferRevoked} event.
     */
    function revokeTransfer(string calldata capakey, bytes32 reasonHash) external;

    /**
     * @dev A notary authenticates the accepted transfer; ownership passes to the buyer and
     * the seller's signature nonce is used up.
     *
     * Requirements: caller has NOTARY_ROLE and is neither seller nor buyer; the parcel is
     * active; the transfer accepted at the parcel's current version
     * ({LandRegistryStaleVersion}) and not expired; every pre-emption right in force now is
     * waived for it or past its notice ({LandRegistryPreemptionNotCleared}).
     *
     * Emits {NonceUsed} and {ParcelTransferred} events.
     */
    function authenticateTransfer(string calldata capakey) external;

    /**
     * @dev A notary submits a transfer that seller (the owner) and buyer signed off chain as
     * EIP-712 typed data `Transfer(bytes32 parcelId,uint32 parcelVersion,address seller,
     * address buyer,bytes32 deedHash,uint256 nonce,uint256 buyerNonce,uint256 deadline)`
     * (domain "Blokketen LandRegistry", version "2") at the parcel's current version and the
     * seller's and the buyer's current nonces. The seller's nonce is used up; the buyer's is
     * not (a buyer may have signed for several parcels), but a buyer that uses it up itself
     * withdraws from every purchase it signed with it.
     *
     * Requirements: caller has NOTARY_ROLE and is neither seller nor buyer; the parcel is
     * active, has no live pending transfer and no pre-emption right in force; the version
     * ({LandRegistryStaleVersion}) and both nonces ({LandRegistryStaleNonce}) are current;
     * both signatures are valid and the deadline not passed.
     *
     * Emits {NonceUsed} and {ParcelTransferred} events.
     */
    function transferWithSignatures(
        string calldata capakey,
        TransferTerms calldata terms,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) external;

    /**
     * @dev Uses up the caller's current signature nonce, invalidating anything signed with it
     * (also while the registry is paused: consent can always be withdrawn).
     *
     * Emits a {NonceUsed} event.
     */
    function useNonce() external;

    /**
     * @dev Adds a right, restriction or responsibility to an active parcel. Returns its id.
     *
     * Requirements: caller has REGISTRAR_ROLE and is neither the owner nor `holder`; holder
     * not zero; `sourceHash` not zero; `validUntil` zero or after `validFrom`.
     *
     * Emits a {RightAdded} event.
     */
    function addRight(
        string calldata capakey,
        RightKind kind,
        address holder,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 sourceHash
    ) external returns (uint256 rightId);

    /**
     * @dev Ends an active right of an active parcel on document `sourceHash`; the only way a
     * right ends. The caller has REGISTRAR_ROLE and does not own the parcel.
     *
     * Emits a {RightEnded} event.
     */
    function endRight(string calldata capakey, uint256 rightId, bytes32 sourceHash) external;

    /**
     * @dev A surveyor (not the owner) splits an active parcel into `children` (at least two)
     * whose areas sum exactly to the parent's. The parent is retired; every active right of
     * the parent is copied onto the children `carries` names for it, or onto every child.
     *
     * Emits {ParcelDerived} per child, {RightAdded}+{RightCarried} per copy,
     * {RightEnded} per parent right (its copies live on) and {ParcelRetired}.
     */
    function split(
        string calldata parentKey,
        NewParcel[] calldata children,
        RightCarry[] calldata carries,
        bytes32 surveyHash
    ) external;

    /**
     * @dev A surveyor (not the owner) merges active parcels (at least two, one owner) into
     * `child` whose area equals their sum. Every active right of the parents moves to the child.
     *
     * Emits the same events as {split}.
     */
    function merge(string[] calldata parentKeys, NewParcel calldata child, bytes32 surveyHash) external;

    /**
     * @dev A court (not the owner) freezes an active parcel in case `caseRef`.
     *
     * Emits a {ParcelFrozen} event.
     */
    function freeze(string calldata capakey, bytes32 caseRef) external;

    /**
     * @dev A court other than the freezing one (and not the owner) unfreezes the parcel, in
     * the case it was frozen in ({LandRegistryCaseMismatch}).
     *
     * Emits a {ParcelUnfrozen} event.
     */
    function unfreeze(string calldata capakey, bytes32 caseRef) external;

    /// @dev Pauses all state changes except role management, {useNonce} and {cancelTransfer}. Admin only.
    function pause() external;

    /// @dev Ends a pause. Admin only.
    function unpause() external;

    /// @dev The parcel under `capakey`; reverts for an unknown or malformed key.
    function parcel(string calldata capakey) external view returns (Parcel memory);

    /**
     * @dev The fixed-size fields of many parcels by parcel id (`keccak256` of the key), in
     * one call, for bulk imports that check what is registered already. Unknown ids give
     * zero records; never reverts.
     */
    function parcelsById(bytes32[] calldata parcelIds) external view returns (ParcelFields[] memory);

    /// @dev The active rights of the parcel, in the order they were added.
    function rights(string calldata capakey) external view returns (Right[] memory);

    /// @dev Right `rightId` (ended ones too).
    function right(uint256 rightId) external view returns (Right memory);

    /// @dev Id and content of the parcel's pending transfer (id 0 when none).
    function pendingTransfer(string calldata capakey) external view returns (uint256 transferId, Transfer memory);

    /// @dev Transfer `transferId`.
    function transferInfo(uint256 transferId) external view returns (Transfer memory);

    /// @dev Whether the holder of right `rightId` waived it for transfer `transferId`.
    function isWaived(uint256 transferId, uint256 rightId) external view returns (bool);

    /// @dev Keys of the parcels this one came from and of those it was split or merged into.
    function lineage(string calldata capakey) external view returns (string[] memory parents, string[] memory children);

    /// @dev The court that froze the parcel and the case reference (zero when not frozen).
    function freezeInfo(string calldata capakey) external view returns (address court, bytes32 caseRef);

    /// @dev Current signature nonce of `owner`.
    function nonces(address owner) external view returns (uint256);

    /// @dev Whether `capakey` is a canonical CaPaKey.
    function isValidCapaKey(string calldata capakey) external pure returns (bool);

    /// @dev `keccak256(bytes(capakey))` for a canonical key; reverts for a malformed one.
    function parcelIdOf(string calldata capakey) external pure returns (bytes32);

    /// @dev The EIP-712 domain separator for the current chain.
    function domainSeparator() external view returns (bytes32);

    /// @dev The EIP-712 digest that seller and buyer sign for {transferWithSignatures}.
    function transferDigest(
        bytes32 parcelId,
        address seller,
        TransferTerms calldata terms
    ) external view returns (bytes32);

    /// @dev The survey module that runs {split} and {merge} in this registry's storage.
    function SURVEY() external view returns (address); // solhint-disable-line func-name-mixedcase

    /// @dev How long a pre-emption holder has to react before a transfer may complete unwaived (30 days).
    function PREEMPTION_NOTICE_PERIOD() external view returns (uint64); // solhint-disable-line func-name-mixedcase

    /**
     * @dev The longest a transfer may stay pending: 120 days, the four months in which a sale
     * agreement is usually passed as a notarial deed, and four times the pre-emption notice.
     */
    function MAX_TRANSFER_PERIOD() external view returns (uint64); // solhint-disable-line func-name-mixedcase
}
