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
 * Roles: the admin pauses and grants roles; a REGISTRAR registers parcels and adds or ends
 * rights; a NOTARY authenticates transfers; a SURVEYOR splits and merges parcels; a COURT
 * freezes and unfreezes parcels (never the same court address for both).
 *
 * A transfer is either the three-step flow {openTransfer} (owner) -> {acceptTransfer} (buyer)
 * -> {authenticateTransfer} (notary), or one {transferWithSignatures} call in which a notary
 * submits the EIP-712 signatures of seller and buyer. A pending transfer locks the parcel
 * (first filed wins) until it completes, is cancelled or expires.
 *
 * Every state change emits an event; the events alone rebuild any parcel's history. The
 * signature nonce event `NonceUsed(owner, nonce)` comes from {ISignatureNonces} (a signature
 * transfer or {useNonce} uses a nonce up).
 */
interface ILandRegistry is ISignatureNonces {
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
        Lapsed
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
     * ended; `active` is false once the right has ended. `id` is filled in by the views (the
     * registry keeps rights under their id and does not store it twice).
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
    }

    /**
     * @dev A three-step transfer. `noticeEnds` is non-zero when a pre-emption right was active
     * at opening: then every pre-emption holder must waive, or the notice period must run out.
     */
    struct Transfer {
        bytes32 parcelId;
        bytes32 deedHash;
        address seller;
        uint64 expiry;
        uint16 waiversNeeded;
        uint16 waiversGiven;
        address buyer;
        uint64 noticeEnds;
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
     * right is copied onto child `i`. Rights of a parent that are not listed end.
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

    /// @dev The terms that seller and buyer sign for {transferWithSignatures}.
    struct TransferTerms {
        address buyer;
        bytes32 deedHash;
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
        uint64 expiry,
        uint64 noticeEnds
    );

    /// @dev The buyer accepted transfer `transferId`.
    event TransferAccepted(bytes32 indexed parcelId, string capakey, uint256 indexed transferId, address buyer);

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

    /// @dev A court (not the one that froze it) unfroze the parcel.
    event ParcelUnfrozen(bytes32 indexed parcelId, string capakey, address indexed court, bytes32 caseRef);

    /// @dev The admin address given to the constructor is zero.
    error LandRegistryZeroAdmin();

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

    /// @dev Pre-emption is neither fully waived nor is its notice over (ends at `noticeEnds`).
    error LandRegistryPreemptionNotCleared(
        uint256 transferId,
        uint16 waiversGiven,
        uint16 waiversNeeded,
        uint64 noticeEnds
    );

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

    /// @dev No active right `rightId` on the parcel (for a merge: on any parent; the key is the merged parcel's).
    error LandRegistryUnknownRight(string capakey, uint256 rightId);

    /// @dev A validity window that ends (`validUntil`) at or before it starts (`validFrom`).
    error LandRegistryBadValidity(uint64 validFrom, uint64 validUntil);

    /// @dev Children (or parents) area `childTotal` differs from the parents' `parentTotal`.
    error LandRegistryAreaMismatch(uint256 parentTotal, uint256 childTotal);

    /// @dev A split needs at least two children, a merge at least two parents; `count` given.
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

    /**
     * @dev Registers a new active parcel.
     *
     * Requirements:
     * - the caller has REGISTRAR_ROLE and the contract is not paused;
     * - `capakey` is canonical and was never registered;
     * - `owner` is not zero, `areaM2` not zero, `deedHash` not zero.
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
     * If an active pre-emption right exists, the transfer needs every holder's waiver or the
     * end of the notice period. Returns the transfer id.
     *
     * Requirements: caller is the owner; the parcel is active; no live transfer is pending
     * (an expired one is released with {TransferLapsed}); `expiry` is in the future.
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
     * @dev The buyer accepts the pending transfer.
     *
     * Requirements: caller is the buyer; the transfer is opened and not expired; the parcel is active.
     *
     * Emits a {TransferAccepted} event.
     */
    function acceptTransfer(string calldata capakey) external;

    /**
     * @dev The holder of pre-emption right `rightId` waives it for the pending transfer.
     *
     * Emits a {PreemptionWaived} event.
     */
    function waivePreemption(string calldata capakey, uint256 rightId) external;

    /**
     * @dev Seller or buyer cancels the pending transfer (also after its expiry).
     *
     * Emits a {TransferCancelled} event.
     */
    function cancelTransfer(string calldata capakey) external;

    /**
     * @dev A notary authenticates the accepted transfer; ownership passes to the buyer.
     *
     * Requirements: caller has NOTARY_ROLE; transfer accepted, not expired; pre-emption
     * cleared; the parcel is active.
     *
     * Emits a {ParcelTransferred} event.
     */
    function authenticateTransfer(string calldata capakey) external;

    /**
     * @dev A notary submits a transfer that seller (the owner) and buyer signed off chain as
     * EIP-712 typed data `Transfer(bytes32 parcelId,address seller,address buyer,bytes32
     * deedHash,uint256 nonce,uint256 deadline)` with the seller's current nonce.
     *
     * Requirements: caller has NOTARY_ROLE; the parcel is active, has no live pending transfer
     * and no active pre-emption right; both signatures are valid and the deadline not passed.
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
     * @dev Uses up the caller's current signature nonce, invalidating anything signed with it.
     *
     * Emits a {NonceUsed} event.
     */
    function useNonce() external;

    /**
     * @dev Adds a right, restriction or responsibility to an active parcel. Returns its id.
     *
     * Requirements: caller has REGISTRAR_ROLE; holder not zero; `sourceHash` not zero;
     * `validUntil` zero or after `validFrom`.
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
     * @dev Ends an active right of an active parcel on document `sourceHash`.
     *
     * Emits a {RightEnded} event.
     */
    function endRight(string calldata capakey, uint256 rightId, bytes32 sourceHash) external;

    /**
     * @dev A surveyor splits an active parcel into `children` (at least two) whose areas sum
     * exactly to the parent's. The parent is retired; rights carry over as `carries` maps them.
     *
     * Emits {ParcelDerived} per child, {RightAdded}+{RightCarried} per copied right,
     * {RightEnded} per parent right and {ParcelRetired}.
     */
    function split(
        string calldata parentKey,
        NewParcel[] calldata children,
        RightCarry[] calldata carries,
        bytes32 surveyHash
    ) external;

    /**
     * @dev A surveyor merges active parcels (at least two, one owner) into `child` whose area
     * equals their sum. Rights listed in `carriedRightIds` move to the child; others end.
     *
     * Emits the same events as {split}.
     */
    function merge(
        string[] calldata parentKeys,
        NewParcel calldata child,
        uint256[] calldata carriedRightIds,
        bytes32 surveyHash
    ) external;

    /**
     * @dev A court freezes an active parcel in case `caseRef`.
     *
     * Emits a {ParcelFrozen} event.
     */
    function freeze(string calldata capakey, bytes32 caseRef) external;

    /**
     * @dev A court other than the freezing one unfreezes the parcel.
     *
     * Emits a {ParcelUnfrozen} event.
     */
    function unfreeze(string calldata capakey, bytes32 caseRef) external;

    /// @dev Pauses all state changes except role management. Admin only.
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
        TransferTerms calldata terms,
        uint256 nonce
    ) external view returns (bytes32);
}
