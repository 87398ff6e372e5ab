// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ILandRegistryTypes} from "./ILandRegistry.sol";
import {CapaKey} from "./CapaKey.sol";
import {RegistryAdminRules} from "../common/RegistryAdminRules.sol";
import {TypedSignaturesCore} from "../common/TypedSignaturesCore.sol";

/**
 * @dev The state of the land registry and the steps that {LandRegistry} and its survey module
 * {LandSurvey} share. Both inherit this contract and declare no state of their own, so the
 * module's code, run by `delegatecall`, sees the registry's storage exactly as the registry
 * does. The roles, the pause and the nonces are part of that storage.
 */
abstract contract LandRegistryCore is ILandRegistryTypes, RegistryAdminRules, Pausable, TypedSignaturesCore {
    /// @dev Who froze a parcel, and in which case.
    struct FreezeRecord {
        address court;
        bytes32 caseRef;
    }

    /// @dev Agency officers: register parcels, add and end rights, revoke pending transfers.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @dev Notaries: authenticate transfers.
    bytes32 public constant NOTARY_ROLE = keccak256("NOTARY_ROLE");
    /// @dev Surveyors: split and merge parcels.
    bytes32 public constant SURVEYOR_ROLE = keccak256("SURVEYOR_ROLE");
    /// @dev Courts: freeze and unfreeze parcels in a dispute, revoke pending transfers.
    bytes32 public constant COURT_ROLE = keccak256("COURT_ROLE");

    mapping(bytes32 parcelId => Parcel) internal _parcels;
    mapping(bytes32 parcelId => bytes32[] parentIds) internal _parentsOf;
    mapping(bytes32 parcelId => bytes32[] childIds) internal _childrenOf;
    mapping(bytes32 parcelId => FreezeRecord) internal _freezes;
    mapping(uint256 rightId => Right) internal _rights;
    mapping(bytes32 parcelId => uint256[] rightIds) internal _activeRights;
    uint256 internal _rightCount;
    mapping(uint256 transferId => Transfer) internal _transfers;
    mapping(bytes32 parcelId => uint256 transferId) internal _pending;
    mapping(uint256 transferId => mapping(uint256 rightId => bool waived)) internal _waived;
    uint256 internal _transferCount;

    /**
     * @dev `admin` becomes the default admin; a later hand-over waits `adminDelay` seconds
     * (at most {MAX_ADMIN_DELAY}).
     */
    constructor(address admin, uint48 adminDelay) RegistryAdminRules(admin, adminDelay) {}

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
     * @dev Releases an expired pending transfer (emitting {TransferLapsed}); reverts with
     * {LandRegistryTransferPending} while a pending transfer is still live.
     */
    function _clearLock(bytes32 id, Parcel storage p, string calldata capakey) internal {
        uint256 transferId = _pending[id];
        if (transferId == 0) return;
        Transfer storage t = _transfers[transferId];
        if (block.timestamp < t.expiry) revert LandRegistryTransferPending(capakey, transferId);
        _closePending(id, p, t, TransferState.Lapsed);
        emit TransferLapsed(id, capakey, transferId);
    }

    /**
     * @dev Ends the parcel's pending transfer `t` in `state` (cancelled, revoked or lapsed):
     * the lock is released and the parcel's version bumped.
     */
    function _closePending(bytes32 id, Parcel storage p, Transfer storage t, TransferState state) internal {
        t.state = state;
        delete _pending[id];
        ++p.version;
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
     * @dev The parcel id of a canonical key; reverts with {LandRegistryMalformedCapaKey} otherwise.
     */
    function _idOf(string calldata capakey) internal pure returns (bytes32) {
        if (!CapaKey.isValid(capakey)) revert LandRegistryMalformedCapaKey(capakey);
        return keccak256(bytes(capakey));
    }

    /**
     * @dev Reverts with {LandRegistryOwnInterest} when the caller (an official) is `a` or `b`:
     * the owner of the parcel it acts on, a party to the transfer or the holder of the right.
     */
    function _requireDisinterested(string calldata capakey, address a, address b) internal view {
        if (msg.sender == a || msg.sender == b) revert LandRegistryOwnInterest(capakey, msg.sender);
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
        return "2";
    }
}
