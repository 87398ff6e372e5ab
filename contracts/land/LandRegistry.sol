// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {CapaKey} from "./CapaKey.sol";
import {TypedSignaturesCore} from "../common/TypedSignaturesCore.sol";

/**
 * @dev Land registry of the grondbeheer pilot; see {ILandRegistry} for the model.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` (pause, grant roles), `REGISTRAR_ROLE`, `NOTARY_ROLE`,
 * `SURVEYOR_ROLE`, `COURT_ROLE`. Signed transfers use the shared EIP-712 machinery
 * ({TypedSignaturesCore}: domain name "Blokketen LandRegistry", version "1"; EOA signers).
 */
contract LandRegistry is ILandRegistry, AccessControl, Pausable, TypedSignaturesCore {
    /// @dev Who froze a parcel, and in which case.
    struct FreezeRecord {
        address court;
        bytes32 caseRef;
    }

    /// @dev Agency officers: register parcels, add and end rights.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @dev Notaries: authenticate transfers.
    bytes32 public constant NOTARY_ROLE = keccak256("NOTARY_ROLE");
    /// @dev Surveyors: split and merge parcels.
    bytes32 public constant SURVEYOR_ROLE = keccak256("SURVEYOR_ROLE");
    /// @dev Courts: freeze and unfreeze parcels in a dispute.
    bytes32 public constant COURT_ROLE = keccak256("COURT_ROLE");
    /// @dev How long a pre-emption holder has to react before a transfer may go ahead unwaived.
    uint64 public constant PREEMPTION_NOTICE_PERIOD = 30 days;
    /// @dev EIP-712 type hash of the signed transfer terms.
    bytes32 public constant TRANSFER_TYPEHASH = keccak256(
        "Transfer(bytes32 parcelId,address seller,address buyer,bytes32 deedHash,uint256 nonce,uint256 deadline)"
    );

    uint8 private constant _WAIVER_REQUIRED = 1;
    uint8 private constant _WAIVER_GIVEN = 2;

    mapping(bytes32 parcelId => Parcel) private _parcels;
    mapping(bytes32 parcelId => bytes32[] parentIds) private _parentsOf;
    mapping(bytes32 parcelId => bytes32[] childIds) private _childrenOf;
    mapping(bytes32 parcelId => FreezeRecord) private _freezes;
    mapping(uint256 rightId => Right) private _rights;
    mapping(bytes32 parcelId => uint256[] rightIds) private _activeRights;
    uint256 private _rightCount;
    mapping(uint256 transferId => Transfer) private _transfers;
    mapping(bytes32 parcelId => uint256 transferId) private _pending;
    mapping(uint256 transferId => mapping(uint256 rightId => uint8 waiver)) private _waivers;
    uint256 private _transferCount;

    /**
     * @dev Grants `DEFAULT_ADMIN_ROLE` to `admin`; reverts with {LandRegistryZeroAdmin} on zero.
     */
    constructor(address admin) {
        if (admin == address(0)) revert LandRegistryZeroAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ILandRegistry
    function registerParcel(
        string calldata capakey,
        address owner,
        uint48 areaM2,
        LandUse landUse,
        bytes32 deedHash
    ) external onlyRole(REGISTRAR_ROLE) whenNotPaused {
        _register(capakey, owner, areaM2, landUse, deedHash);
    }

    /// @inheritdoc ILandRegistry
    function registerParcels(
        ParcelRegistration[] calldata parcels
    ) external onlyRole(REGISTRAR_ROLE) whenNotPaused {
        uint256 count = parcels.length;
        if (count == 0) revert LandRegistryBadParcelCount(0);
        for (uint256 i = 0; i < count; ++i) {
            ParcelRegistration calldata p = parcels[i];
            _register(p.capakey, p.owner, p.areaM2, p.landUse, p.deedHash);
        }
    }

    /// @inheritdoc ILandRegistry
    function openTransfer(
        string calldata capakey,
        address buyer,
        bytes32 deedHash,
        uint64 expiry
    ) external whenNotPaused returns (uint256 transferId) {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        if (msg.sender != p.owner) revert LandRegistryNotOwner(capakey, msg.sender, p.owner);
        _checkTerms(p.owner, buyer, deedHash);
        if (expiry <= block.timestamp) revert LandRegistryExpiryInPast(expiry);
        _clearLock(id, capakey);
        transferId = ++_transferCount;
        uint16 needed = _requireWaivers(id, transferId);
        uint64 noticeEnds = needed == 0 ? 0 : uint64(block.timestamp) + PREEMPTION_NOTICE_PERIOD;
        _transfers[transferId] = Transfer({
            parcelId: id,
            seller: msg.sender,
            buyer: buyer,
            deedHash: deedHash,
            expiry: expiry,
            noticeEnds: noticeEnds,
            waiversNeeded: needed,
            waiversGiven: 0,
            state: TransferState.Opened
        });
        _pending[id] = transferId;
        emit TransferOpened(id, capakey, transferId, msg.sender, buyer, deedHash, expiry, noticeEnds);
    }

    /// @inheritdoc ILandRegistry
    function acceptTransfer(string calldata capakey) external whenNotPaused {
        (bytes32 id, ) = _requireActive(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        if (msg.sender != t.buyer) revert LandRegistryNotBuyer(transferId, msg.sender);
        if (t.state != TransferState.Opened) revert LandRegistryTransferWrongState(transferId, t.state);
        _requireNotExpired(transferId, t);
        t.state = TransferState.Accepted;
        emit TransferAccepted(id, capakey, transferId, msg.sender);
    }

    /// @inheritdoc ILandRegistry
    function waivePreemption(string calldata capakey, uint256 rightId) external whenNotPaused {
        (bytes32 id, ) = _requireActive(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        _requireNotExpired(transferId, t);
        Right storage r = _rights[rightId];
        uint8 waiver = _waivers[transferId][rightId];
        if (waiver == _WAIVER_GIVEN) revert LandRegistryAlreadyWaived(transferId, rightId);
        if (waiver != _WAIVER_REQUIRED || !r.active || r.holder != msg.sender) {
            revert LandRegistryNotPreemptionHolder(rightId, msg.sender);
        }
        _waivers[transferId][rightId] = _WAIVER_GIVEN;
        ++t.waiversGiven;
        emit PreemptionWaived(id, capakey, transferId, rightId, msg.sender);
    }

    /// @inheritdoc ILandRegistry
    function cancelTransfer(string calldata capakey) external whenNotPaused {
        (bytes32 id, ) = _requireKnown(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        if (msg.sender != t.seller && msg.sender != t.buyer) {
            revert LandRegistryNotTransferParty(transferId, msg.sender);
        }
        t.state = TransferState.Cancelled;
        delete _pending[id];
        emit TransferCancelled(id, capakey, transferId, msg.sender);
    }

    /// @inheritdoc ILandRegistry
    function authenticateTransfer(string calldata capakey) external onlyRole(NOTARY_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        if (t.state != TransferState.Accepted) revert LandRegistryTransferWrongState(transferId, t.state);
        _requireNotExpired(transferId, t);
        if (t.waiversGiven < t.waiversNeeded && block.timestamp < t.noticeEnds) {
            revert LandRegistryPreemptionNotCleared(transferId, t.waiversGiven, t.waiversNeeded, t.noticeEnds);
        }
        t.state = TransferState.Completed;
        delete _pending[id];
        _changeOwner(id, p, capakey, t.buyer, t.deedHash, transferId);
    }

    /// @inheritdoc ILandRegistry
    function transferWithSignatures(
        string calldata capakey,
        TransferTerms calldata terms,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) external onlyRole(NOTARY_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        _checkTerms(p.owner, terms.buyer, terms.deedHash);
        if (block.timestamp > terms.deadline) revert LandRegistrySignatureExpired(terms.deadline);
        _clearLock(id, capakey);
        _requireNoPreemption(id, capakey);
        _consumeSignatures(id, p.owner, terms, sellerSignature, buyerSignature);
        _changeOwner(id, p, capakey, terms.buyer, terms.deedHash, 0);
    }

    /// @inheritdoc ILandRegistry
    function useNonce() external whenNotPaused {
        _useNonce(msg.sender);
    }

    /// @inheritdoc ILandRegistry
    function addRight(
        string calldata capakey,
        RightKind kind,
        address holder,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 sourceHash
    ) external onlyRole(REGISTRAR_ROLE) whenNotPaused returns (uint256 rightId) {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        if (holder == address(0)) revert LandRegistryZeroAddress();
        if (sourceHash == bytes32(0)) revert LandRegistryMissingHash();
        if (validUntil != 0 && validUntil <= validFrom) revert LandRegistryBadValidity(validFrom, validUntil);
        Right memory r = Right({
            id: 0,
            parcelId: id,
            kind: kind,
            holder: holder,
            validFrom: validFrom,
            validUntil: validUntil,
            sourceHash: sourceHash,
            active: true
        });
        rightId = _addRight(id, capakey, r);
        ++p.version;
    }

    /// @inheritdoc ILandRegistry
    function endRight(
        string calldata capakey,
        uint256 rightId,
        bytes32 sourceHash
    ) external onlyRole(REGISTRAR_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        Right storage r = _rights[rightId];
        if (!r.active || r.parcelId != id) revert LandRegistryUnknownRight(capakey, rightId);
        if (sourceHash == bytes32(0)) revert LandRegistryMissingHash();
        _removeActiveRight(id, rightId);
        _endRight(id, capakey, rightId, sourceHash);
        ++p.version;
    }

    /// @inheritdoc ILandRegistry
    function split(
        string calldata parentKey,
        NewParcel[] calldata children,
        RightCarry[] calldata carries,
        bytes32 surveyHash
    ) external onlyRole(SURVEYOR_ROLE) whenNotPaused {
        if (children.length < 2) revert LandRegistryBadParcelCount(children.length);
        if (surveyHash == bytes32(0)) revert LandRegistryMissingHash();
        bytes32 parentId = _requireReparcelable(parentKey);
        (bytes32[] memory childIds, string[] memory childKeys) = _createSplitChildren(
            parentId,
            parentKey,
            children,
            surveyHash
        );
        _carrySplitRights(parentId, parentKey, children, childIds, carries);
        _retire(parentId, parentKey, surveyHash, childKeys);
    }

    /// @inheritdoc ILandRegistry
    function merge(
        string[] calldata parentKeys,
        NewParcel calldata child,
        uint256[] calldata carriedRightIds,
        bytes32 surveyHash
    ) external onlyRole(SURVEYOR_ROLE) whenNotPaused {
        if (parentKeys.length < 2) revert LandRegistryBadParcelCount(parentKeys.length);
        if (surveyHash == bytes32(0)) revert LandRegistryMissingHash();
        (bytes32[] memory parentIds, address owner, uint256 total) = _checkMergeParents(parentKeys);
        if (child.areaM2 != total) revert LandRegistryAreaMismatch(total, child.areaM2);
        bytes32 childId = _createChild(child, owner, surveyHash, parentKeys);
        _carryMergeRights(parentIds, childId, child.capakey, carriedRightIds);
        string[] memory childKeys = new string[](1);
        childKeys[0] = child.capakey;
        for (uint256 i = 0; i < parentIds.length; ++i) {
            _link(parentIds[i], childId);
            _retire(parentIds[i], parentKeys[i], surveyHash, childKeys);
        }
    }

    /// @inheritdoc ILandRegistry
    function freeze(string calldata capakey, bytes32 caseRef) external onlyRole(COURT_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        if (caseRef == bytes32(0)) revert LandRegistryMissingHash();
        p.status = ParcelStatus.Frozen;
        ++p.version;
        _freezes[id] = FreezeRecord({court: msg.sender, caseRef: caseRef});
        emit ParcelFrozen(id, capakey, msg.sender, caseRef);
    }

    /// @inheritdoc ILandRegistry
    function unfreeze(string calldata capakey, bytes32 caseRef) external onlyRole(COURT_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireKnown(capakey);
        if (p.status != ParcelStatus.Frozen) revert LandRegistryParcelNotFrozen(capakey);
        if (caseRef == bytes32(0)) revert LandRegistryMissingHash();
        if (_freezes[id].court == msg.sender) revert LandRegistrySameCourt(msg.sender);
        p.status = ParcelStatus.Active;
        ++p.version;
        delete _freezes[id];
        emit ParcelUnfrozen(id, capakey, msg.sender, caseRef);
    }

    /// @inheritdoc ILandRegistry
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc ILandRegistry
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc ILandRegistry
    function parcel(string calldata capakey) external view returns (Parcel memory) {
        (, Parcel storage p) = _requireKnown(capakey);
        return p;
    }

    /// @inheritdoc ILandRegistry
    function parcelsById(bytes32[] calldata parcelIds) external view returns (ParcelFields[] memory list) {
        list = new ParcelFields[](parcelIds.length);
        for (uint256 i = 0; i < parcelIds.length; ++i) {
            Parcel storage p = _parcels[parcelIds[i]];
            list[i] = ParcelFields(p.owner, p.areaM2, p.version, p.landUse, p.status, p.deedHash);
        }
    }

    /// @inheritdoc ILandRegistry
    function rights(string calldata capakey) external view returns (Right[] memory list) {
        (bytes32 id, ) = _requireKnown(capakey);
        uint256[] storage ids = _activeRights[id];
        list = new Right[](ids.length);
        for (uint256 i = 0; i < ids.length; ++i) {
            list[i] = _rights[ids[i]];
            list[i].id = ids[i];
        }
    }

    /// @inheritdoc ILandRegistry
    function right(uint256 rightId) external view returns (Right memory r) {
        r = _rights[rightId];
        if (r.parcelId != bytes32(0)) r.id = rightId;
    }

    /// @inheritdoc ILandRegistry
    function pendingTransfer(string calldata capakey) external view returns (uint256 transferId, Transfer memory) {
        (bytes32 id, ) = _requireKnown(capakey);
        transferId = _pending[id];
        return (transferId, _transfers[transferId]);
    }

    /// @inheritdoc ILandRegistry
    function transferInfo(uint256 transferId) external view returns (Transfer memory) {
        return _transfers[transferId];
    }

    /// @inheritdoc ILandRegistry
    function lineage(
        string calldata capakey
    ) external view returns (string[] memory parents, string[] memory children) {
        (bytes32 id, ) = _requireKnown(capakey);
        parents = _keysOf(_parentsOf[id]);
        children = _keysOf(_childrenOf[id]);
    }

    /// @inheritdoc ILandRegistry
    function freezeInfo(string calldata capakey) external view returns (address court, bytes32 caseRef) {
        (bytes32 id, ) = _requireKnown(capakey);
        FreezeRecord storage f = _freezes[id];
        return (f.court, f.caseRef);
    }

    /// @inheritdoc ILandRegistry
    function nonces(address owner) external view returns (uint256) {
        return _nonceOf(owner);
    }

    /// @inheritdoc ILandRegistry
    function isValidCapaKey(string calldata capakey) external pure returns (bool) {
        return CapaKey.isValid(capakey);
    }

    /// @inheritdoc ILandRegistry
    function parcelIdOf(string calldata capakey) external pure returns (bytes32) {
        return _idOf(capakey);
    }

    /// @inheritdoc ILandRegistry
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @inheritdoc ILandRegistry
    function transferDigest(
        bytes32 parcelId,
        address seller,
        TransferTerms calldata terms,
        uint256 nonce
    ) external view returns (bytes32) {
        return _transferDigest(parcelId, seller, terms, nonce);
    }

    /**
     * @dev Registers one parcel after the checks of {registerParcel}; emits {ParcelRegistered}.
     */
    function _register(
        string calldata capakey,
        address owner,
        uint48 areaM2,
        LandUse landUse,
        bytes32 deedHash
    ) internal {
        bytes32 id = _idOf(capakey);
        if (_parcels[id].status != ParcelStatus.Unregistered) revert LandRegistryParcelExists(capakey);
        if (owner == address(0)) revert LandRegistryZeroAddress();
        if (areaM2 == 0) revert LandRegistryZeroArea();
        if (deedHash == bytes32(0)) revert LandRegistryMissingHash();
        _parcels[id] = Parcel({
            owner: owner,
            areaM2: areaM2,
            landUse: landUse,
            status: ParcelStatus.Active,
            version: 1,
            deedHash: deedHash,
            capakey: capakey
        });
        emit ParcelRegistered(id, capakey, owner, areaM2, landUse, deedHash);
    }

    /**
     * @dev Stores a right on a parcel (the parcel id and active flag of `r` are set here) and
     * emits {RightAdded}. Returns the new right id.
     */
    function _addRight(bytes32 id, string calldata capakey, Right memory r) internal returns (uint256 rightId) {
        rightId = ++_rightCount;
        r.id = 0; // the mapping key is the id: not stored, filled in by the views
        r.parcelId = id;
        r.active = true;
        _rights[rightId] = r;
        _activeRights[id].push(rightId);
        emit RightAdded(id, capakey, rightId, r.kind, r.holder, r.validFrom, r.validUntil, r.sourceHash);
    }

    /**
     * @dev Marks a right ended and emits {RightEnded}; the caller removes it from the active list.
     */
    function _endRight(bytes32 id, string calldata capakey, uint256 rightId, bytes32 sourceHash) internal {
        _rights[rightId].active = false;
        emit RightEnded(id, capakey, rightId, sourceHash);
    }

    /**
     * @dev Removes `rightId` from the parcel's active list, keeping the order of the others.
     */
    function _removeActiveRight(bytes32 id, uint256 rightId) internal {
        uint256[] storage ids = _activeRights[id];
        uint256 n = ids.length;
        uint256 i = 0;
        while (ids[i] != rightId) ++i;
        for (; i + 1 < n; ++i) {
            ids[i] = ids[i + 1];
        }
        ids.pop();
    }

    /**
     * @dev Passes ownership to `to`, records the deed, bumps the version, emits {ParcelTransferred}.
     */
    function _changeOwner(
        bytes32 id,
        Parcel storage p,
        string calldata capakey,
        address to,
        bytes32 deedHash,
        uint256 transferId
    ) internal {
        address from = p.owner;
        p.owner = to;
        p.deedHash = deedHash;
        uint32 version = p.version + 1;
        p.version = version;
        emit ParcelTransferred(id, capakey, from, to, deedHash, transferId, msg.sender, version);
    }

    /**
     * @dev Releases an expired pending transfer (emitting {TransferLapsed}); reverts with
     * {LandRegistryTransferPending} while a pending transfer is still live.
     */
    function _clearLock(bytes32 id, string calldata capakey) internal {
        uint256 transferId = _pending[id];
        if (transferId == 0) return;
        Transfer storage t = _transfers[transferId];
        if (block.timestamp < t.expiry) revert LandRegistryTransferPending(capakey, transferId);
        t.state = TransferState.Lapsed;
        delete _pending[id];
        emit TransferLapsed(id, capakey, transferId);
    }

    /**
     * @dev Marks every pre-emption right active now as needing a waiver for `transferId`;
     * returns how many there are.
     */
    function _requireWaivers(bytes32 id, uint256 transferId) internal returns (uint16 needed) {
        uint256[] storage ids = _activeRights[id];
        for (uint256 i = 0; i < ids.length; ++i) {
            if (_isLivePreemption(_rights[ids[i]])) {
                _waivers[transferId][ids[i]] = _WAIVER_REQUIRED;
                ++needed;
            }
        }
    }

    /**
     * @dev Creates an active child parcel of a split or merge and emits {ParcelDerived}.
     */
    function _createChild(
        NewParcel calldata c,
        address owner,
        bytes32 surveyHash,
        string[] memory parentKeys
    ) internal returns (bytes32 id) {
        id = _idOf(c.capakey);
        if (_parcels[id].status != ParcelStatus.Unregistered) revert LandRegistryParcelExists(c.capakey);
        if (c.areaM2 == 0) revert LandRegistryZeroArea();
        _parcels[id] = Parcel({
            owner: owner,
            areaM2: c.areaM2,
            landUse: c.landUse,
            status: ParcelStatus.Active,
            version: 1,
            deedHash: surveyHash,
            capakey: c.capakey
        });
        emit ParcelDerived(id, c.capakey, owner, c.areaM2, c.landUse, surveyHash, parentKeys);
    }

    /**
     * @dev Checks the children's total area against the parent's, then creates and links them.
     */
    function _createSplitChildren(
        bytes32 parentId,
        string calldata parentKey,
        NewParcel[] calldata children,
        bytes32 surveyHash
    ) internal returns (bytes32[] memory childIds, string[] memory childKeys) {
        uint256 childTotal = 0;
        for (uint256 i = 0; i < children.length; ++i) {
            childTotal += children[i].areaM2;
        }
        Parcel storage parent = _parcels[parentId];
        if (childTotal != parent.areaM2) revert LandRegistryAreaMismatch(parent.areaM2, childTotal);
        string[] memory parentKeys = new string[](1);
        parentKeys[0] = parentKey;
        childKeys = new string[](children.length);
        childIds = new bytes32[](children.length);
        for (uint256 i = 0; i < children.length; ++i) {
            childIds[i] = _createChild(children[i], parent.owner, surveyHash, parentKeys);
            childKeys[i] = children[i].capakey;
            _link(parentId, childIds[i]);
        }
    }

    /**
     * @dev Records a parent -> child lineage edge.
     */
    function _link(bytes32 parentId, bytes32 childId) internal {
        _childrenOf[parentId].push(childId);
        _parentsOf[childId].push(parentId);
    }

    /**
     * @dev Copies the rights of a split parent onto the children named by each carry's mask.
     */
    function _carrySplitRights(
        bytes32 parentId,
        string calldata parentKey,
        NewParcel[] calldata children,
        bytes32[] memory childIds,
        RightCarry[] calldata carries
    ) internal {
        for (uint256 i = 0; i < carries.length; ++i) {
            uint256 rightId = carries[i].rightId;
            uint256 mask = carries[i].childMask;
            for (uint256 k = 0; k < i; ++k) {
                if (carries[k].rightId == rightId) revert LandRegistryDuplicateRight(rightId);
            }
            Right storage r = _rights[rightId];
            if (!r.active || r.parcelId != parentId) revert LandRegistryUnknownRight(parentKey, rightId);
            if (mask == 0 || (mask >> children.length) != 0) revert LandRegistryBadChildMask(rightId, mask);
            for (uint256 j = 0; j < children.length; ++j) {
                if ((mask >> j) & 1 == 1) _copyRight(childIds[j], children[j].capakey, rightId);
            }
        }
    }

    /**
     * @dev Copies the listed rights of merged parents onto the merged parcel.
     */
    function _carryMergeRights(
        bytes32[] memory parentIds,
        bytes32 childId,
        string calldata childKey,
        uint256[] calldata rightIds
    ) internal {
        for (uint256 i = 0; i < rightIds.length; ++i) {
            uint256 rightId = rightIds[i];
            for (uint256 k = 0; k < i; ++k) {
                if (rightIds[k] == rightId) revert LandRegistryDuplicateRight(rightId);
            }
            Right storage r = _rights[rightId];
            if (!r.active || !_contains(parentIds, r.parcelId)) revert LandRegistryUnknownRight(childKey, rightId);
            _copyRight(childId, childKey, rightId);
        }
    }

    /**
     * @dev Adds a copy of right `fromRightId` to a child parcel and emits {RightCarried}.
     */
    function _copyRight(bytes32 childId, string calldata childKey, uint256 fromRightId) internal {
        uint256 rightId = _addRight(childId, childKey, _rights[fromRightId]);
        emit RightCarried(childId, childKey, rightId, fromRightId);
    }

    /**
     * @dev Ends every active right of a parcel, retires it and emits {ParcelRetired}.
     */
    function _retire(bytes32 id, string calldata capakey, bytes32 surveyHash, string[] memory childKeys) internal {
        uint256[] storage ids = _activeRights[id];
        for (uint256 i = 0; i < ids.length; ++i) {
            _endRight(id, capakey, ids[i], surveyHash);
        }
        delete _activeRights[id];
        Parcel storage p = _parcels[id];
        p.status = ParcelStatus.Retired;
        ++p.version;
        emit ParcelRetired(id, capakey, surveyHash, childKeys);
    }

    /**
     * @dev Checks the parents of a merge: reparcelable, distinct, one owner. Returns their ids,
     * the owner and their total area.
     */
    function _checkMergeParents(
        string[] calldata parentKeys
    ) internal returns (bytes32[] memory ids, address owner, uint256 total) {
        ids = new bytes32[](parentKeys.length);
        for (uint256 i = 0; i < parentKeys.length; ++i) {
            ids[i] = _requireReparcelable(parentKeys[i]);
            for (uint256 k = 0; k < i; ++k) {
                if (ids[k] == ids[i]) revert LandRegistryDuplicateKey(parentKeys[i]);
            }
            Parcel storage p = _parcels[ids[i]];
            if (i == 0) owner = p.owner;
            else if (p.owner != owner) revert LandRegistryOwnerMismatch(owner, p.owner);
            total += p.areaM2;
        }
    }

    /**
     * @dev An active parcel without a live pending transfer (an expired one is released).
     */
    function _requireReparcelable(string calldata capakey) internal returns (bytes32 id) {
        (id, ) = _requireActive(capakey);
        _clearLock(id, capakey);
    }

    /**
     * @dev The parcel's pending transfer; reverts with {LandRegistryNoPendingTransfer} when none.
     */
    function _requirePending(
        bytes32 id,
        string calldata capakey
    ) internal view returns (uint256 transferId, Transfer storage t) {
        transferId = _pending[id];
        if (transferId == 0) revert LandRegistryNoPendingTransfer(capakey);
        t = _transfers[transferId];
    }

    /**
     * @dev Reverts with {LandRegistryTransferExpired} once the transfer's expiry has come.
     */
    function _requireNotExpired(uint256 transferId, Transfer storage t) internal view {
        if (block.timestamp >= t.expiry) revert LandRegistryTransferExpired(transferId, t.expiry);
    }

    /**
     * @dev A registered parcel that is active; reverts otherwise.
     */
    function _requireActive(string calldata capakey) internal view returns (bytes32 id, Parcel storage p) {
        (id, p) = _requireKnown(capakey);
        if (p.status != ParcelStatus.Active) revert LandRegistryParcelNotActive(capakey, p.status);
    }

    /**
     * @dev A registered parcel in any status; reverts for a malformed or unknown key.
     */
    function _requireKnown(string calldata capakey) internal view returns (bytes32 id, Parcel storage p) {
        id = _idOf(capakey);
        p = _parcels[id];
        if (p.status == ParcelStatus.Unregistered) revert LandRegistryUnknownParcel(capakey);
    }

    /**
     * @dev Checks seller's and buyer's signatures over the terms at the seller's current nonce,
     * then uses the nonce up (emitting {NonceUsed}).
     */
    function _consumeSignatures(
        bytes32 id,
        address seller,
        TransferTerms calldata terms,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) internal {
        bytes32 digest = _transferDigest(id, seller, terms, _nonceOf(seller));
        _requireSigner(digest, sellerSignature, seller);
        _requireSigner(digest, buyerSignature, terms.buyer);
        _useNonce(seller);
    }

    /**
     * @dev Reverts with {LandRegistryPreemptionActive} while a pre-emption right is in force.
     */
    function _requireNoPreemption(bytes32 id, string calldata capakey) internal view {
        uint256[] storage ids = _activeRights[id];
        for (uint256 i = 0; i < ids.length; ++i) {
            if (_isLivePreemption(_rights[ids[i]])) revert LandRegistryPreemptionActive(capakey, ids[i]);
        }
    }

    /**
     * @dev Reverts unless `signature` over `digest` recovers to `expected` (an EOA signature;
     * `recovered` is zero for a malformed or malleable one).
     */
    function _requireSigner(bytes32 digest, bytes calldata signature, address expected) internal pure {
        address recovered = _recoverSigner(digest, signature);
        if (recovered == address(0) || recovered != expected) {
            revert LandRegistryInvalidSignature(expected, recovered);
        }
    }

    /**
     * @dev The EIP-712 digest of transfer terms for `seller` at `nonce`.
     */
    function _transferDigest(
        bytes32 parcelId,
        address seller,
        TransferTerms calldata terms,
        uint256 nonce
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(TRANSFER_TYPEHASH, parcelId, seller, terms.buyer, terms.deedHash, nonce, terms.deadline)
        );
        return _hashTypedData(structHash);
    }

    /**
     * @dev The EIP-712 domain name of signed transfers.
     */
    function _eip712Name() internal pure override returns (string memory) {
        return "Blokketen LandRegistry";
    }

    /**
     * @dev The EIP-712 domain version of signed transfers.
     */
    function _eip712Version() internal pure override returns (string memory) {
        return "1";
    }

    /**
     * @dev Checks buyer and deed of new transfer terms.
     */
    function _checkTerms(address seller, address buyer, bytes32 deedHash) internal pure {
        if (buyer == address(0)) revert LandRegistryZeroAddress();
        if (buyer == seller) revert LandRegistrySelfTransfer(buyer);
        if (deedHash == bytes32(0)) revert LandRegistryMissingHash();
    }

    /**
     * @dev The parcel keys of `ids`.
     */
    function _keysOf(bytes32[] storage ids) internal view returns (string[] memory keys) {
        keys = new string[](ids.length);
        for (uint256 i = 0; i < ids.length; ++i) {
            keys[i] = _parcels[ids[i]].capakey;
        }
    }

    /**
     * @dev Whether right `r` is a pre-emption right in force now.
     */
    function _isLivePreemption(Right storage r) internal view returns (bool) {
        return r.kind == RightKind.PreEmption &&
            r.validFrom <= block.timestamp &&
            (r.validUntil == 0 || block.timestamp < r.validUntil);
    }

    /**
     * @dev The parcel id of a canonical key; reverts with {LandRegistryMalformedCapaKey} otherwise.
     */
    function _idOf(string calldata capakey) internal pure returns (bytes32) {
        if (!CapaKey.isValid(capakey)) revert LandRegistryMalformedCapaKey(capakey);
        return keccak256(bytes(capakey));
    }

    /**
     * @dev Whether `ids` contains `id`.
     */
    function _contains(bytes32[] memory ids, bytes32 id) private pure returns (bool) {
        for (uint256 i = 0; i < ids.length; ++i) {
            if (ids[i] == id) return true;
        }
        return false;
    }
}
