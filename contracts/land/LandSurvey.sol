// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {LandRegistryCore} from "./LandRegistryCore.sol";

/**
 * @dev The survey module of {LandRegistry}: split and merge, which the registry runs in its own
 * storage by `delegatecall` (they do not fit in the registry's code under the 24 KiB limit).
 * The registry creates this module in its constructor; the checks (surveyor role, pause) are
 * made here, so a call on the module itself acts only on the module's own, empty, state and
 * no one holds a role there.
 */
contract LandSurvey is LandRegistryCore {
    /// @dev The module administers nothing: its creator becomes the admin of its own, unused state.
    constructor() LandRegistryCore(msg.sender, 0) {}

    /// @dev {ILandRegistry-split}, run in the registry's storage.
    function split(
        string calldata parentKey,
        NewParcel[] calldata children,
        RightCarry[] calldata carries,
        bytes32 surveyHash
    ) external onlyRole(SURVEYOR_ROLE) whenNotPaused {
        if (children.length < 2 || children.length > 255) revert LandRegistryBadParcelCount(children.length);
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

    /// @dev {ILandRegistry-merge}, run in the registry's storage.
    function merge(
        string[] calldata parentKeys,
        NewParcel calldata child,
        bytes32 surveyHash
    ) external onlyRole(SURVEYOR_ROLE) whenNotPaused {
        if (parentKeys.length < 2) revert LandRegistryBadParcelCount(parentKeys.length);
        if (surveyHash == bytes32(0)) revert LandRegistryMissingHash();
        (bytes32[] memory parentIds, address owner, uint256 total) = _checkMergeParents(parentKeys);
        if (child.areaM2 != total) revert LandRegistryAreaMismatch(total, child.areaM2);
        bytes32 childId = _createChild(child, owner, surveyHash, parentKeys);
        string[] memory childKeys = new string[](1);
        childKeys[0] = child.capakey;
        for (uint256 i = 0; i < parentIds.length; ++i) {
            uint256[] storage ids = _activeRights[parentIds[i]];
            for (uint256 k = 0; k < ids.length; ++k) {
                _copyRight(childId, child.capakey, ids[k]);
            }
            _link(parentIds[i], childId);
            _retire(parentIds[i], parentKeys[i], surveyHash, childKeys);
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
     * @dev Copies every active right of a split parent onto children: those named by the
     * right's carry mask, or every child when no carry names the right. Checks the carries
     * first (each names an active right of the parent once, with a mask of existing children).
     */
    function _carrySplitRights(
        bytes32 parentId,
        string calldata parentKey,
        NewParcel[] calldata children,
        bytes32[] memory childIds,
        RightCarry[] calldata carries
    ) internal {
        uint256 every = (uint256(1) << children.length) - 1;
        for (uint256 i = 0; i < carries.length; ++i) {
            uint256 rightId = carries[i].rightId;
            uint256 mask = carries[i].childMask;
            for (uint256 k = 0; k < i; ++k) {
                if (carries[k].rightId == rightId) revert LandRegistryDuplicateRight(rightId);
            }
            Right storage r = _rights[rightId];
            if (!r.active || r.parcelId != parentId) revert LandRegistryUnknownRight(parentKey, rightId);
            if (mask == 0 || (mask & ~every) != 0) revert LandRegistryBadChildMask(rightId, mask);
        }
        uint256[] storage ids = _activeRights[parentId];
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 rightId = ids[i];
            uint256 mask = every;
            for (uint256 k = 0; k < carries.length; ++k) {
                if (carries[k].rightId == rightId) mask = carries[k].childMask;
            }
            for (uint256 j = 0; j < children.length; ++j) {
                if ((mask >> j) & 1 == 1) _copyRight(childIds[j], children[j].capakey, rightId);
            }
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
        Parcel storage p;
        (id, p) = _requireActive(capakey);
        _requireDisinterested(capakey, p.owner, p.owner);
        _clearLock(id, p, capakey);
    }
}
