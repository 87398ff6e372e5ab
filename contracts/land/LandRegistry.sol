// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {CapaKey} from "./CapaKey.sol";
import {LandRegistryCore} from "./LandRegistryCore.sol";
import {LandSurvey} from "./LandSurvey.sol";

/**
 * @dev Land registry of the grondbeheer pilot; see {ILandRegistry} and {ILandRegistryTypes}
 * for the model. Its state and shared steps are {LandRegistryCore}; split and merge run in
 * the survey module {LandSurvey}, which the constructor creates and {split} and {merge}
 * call by `delegatecall`.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` (pause, grant roles; one address, handed over in two steps
 * after a delay: {RegistryAdminRules}), `REGISTRAR_ROLE`, `NOTARY_ROLE`, `SURVEYOR_ROLE`,
 * `COURT_ROLE`, one of them per address. Signed transfers use the shared EIP-712 machinery
 * ({TypedSignaturesCore}: domain name "Blokketen LandRegistry", version "2"; EOA signers).
 */
contract LandRegistry is ILandRegistry, LandRegistryCore {
    /// @inheritdoc ILandRegistry
    uint64 public constant PREEMPTION_NOTICE_PERIOD = 30 days;
    /// @inheritdoc ILandRegistry
    uint64 public constant MAX_TRANSFER_PERIOD = 120 days;
    /// @dev EIP-712 type hash of the signed transfer terms.
    bytes32 public constant TRANSFER_TYPEHASH = keccak256(
        "Transfer(bytes32 parcelId,uint32 parcelVersion,address seller,address buyer,bytes32 deedHash,"
        "uint256 nonce,uint256 buyerNonce,uint256 deadline)"
    );

    /// @inheritdoc ILandRegistry
    address public immutable SURVEY;

    /**
     * @dev `admin` becomes the default admin; a later hand-over waits `adminDelay` seconds
     * (at most {MAX_ADMIN_DELAY}). Creates the survey module.
     */
    constructor(address admin, uint48 adminDelay) LandRegistryCore(admin, adminDelay) {
        SURVEY = address(new LandSurvey());
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
        uint256 latest = block.timestamp + MAX_TRANSFER_PERIOD;
        if (expiry > latest) revert LandRegistryExpiryTooLate(expiry, latest);
        _clearLock(id, p, capakey);
        transferId = ++_transferCount;
        _transfers[transferId] = Transfer({
            parcelId: id,
            seller: msg.sender,
            buyer: buyer,
            deedHash: deedHash,
            expiry: expiry,
            openedAt: uint64(block.timestamp),
            acceptedVersion: 0,
            state: TransferState.Opened
        });
        _pending[id] = transferId;
        ++p.version;
        emit TransferOpened(id, capakey, transferId, msg.sender, buyer, deedHash, expiry);
    }

    /// @inheritdoc ILandRegistry
    function acceptTransfer(string calldata capakey) external whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        if (msg.sender != t.buyer) revert LandRegistryNotBuyer(transferId, msg.sender);
        uint32 version = p.version;
        if (t.state != TransferState.Opened && t.acceptedVersion == version) {
            revert LandRegistryTransferWrongState(transferId, t.state);
        }
        _requireNotExpired(transferId, t);
        t.state = TransferState.Accepted;
        t.acceptedVersion = version;
        emit TransferAccepted(id, capakey, transferId, msg.sender, version);
    }

    /// @inheritdoc ILandRegistry
    function waivePreemption(string calldata capakey, uint256 rightId) external whenNotPaused {
        (bytes32 id, ) = _requireActive(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        _requireNotExpired(transferId, t);
        Right storage r = _rights[rightId];
        if (
            r.parcelId != id || !r.active || r.kind != RightKind.PreEmption || r.holder != msg.sender ||
            (r.validUntil != 0 && block.timestamp >= r.validUntil)
        ) revert LandRegistryNotPreemptionHolder(rightId, msg.sender);
        if (_waived[transferId][rightId]) revert LandRegistryAlreadyWaived(transferId, rightId);
        _waived[transferId][rightId] = true;
        emit PreemptionWaived(id, capakey, transferId, rightId, msg.sender);
    }

    /// @inheritdoc ILandRegistry
    function cancelTransfer(string calldata capakey) external {
        (bytes32 id, Parcel storage p) = _requireKnown(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        if (msg.sender != t.seller && msg.sender != t.buyer) {
            revert LandRegistryNotTransferParty(transferId, msg.sender);
        }
        _closePending(id, p, t, TransferState.Cancelled);
        emit TransferCancelled(id, capakey, transferId, msg.sender);
    }

    /// @inheritdoc ILandRegistry
    function revokeTransfer(string calldata capakey, bytes32 reasonHash) external whenNotPaused {
        if (!hasRole(REGISTRAR_ROLE, msg.sender) && !hasRole(COURT_ROLE, msg.sender)) {
            revert LandRegistryNotRegistrarOrCourt(msg.sender);
        }
        if (reasonHash == bytes32(0)) revert LandRegistryMissingHash();
        (bytes32 id, Parcel storage p) = _requireKnown(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        _requireDisinterested(capakey, t.seller, t.buyer);
        _closePending(id, p, t, TransferState.Revoked);
        emit TransferRevoked(id, capakey, transferId, msg.sender, reasonHash);
    }

    /// @inheritdoc ILandRegistry
    function authenticateTransfer(string calldata capakey) external onlyRole(NOTARY_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        (uint256 transferId, Transfer storage t) = _requirePending(id, capakey);
        if (t.state != TransferState.Accepted) revert LandRegistryTransferWrongState(transferId, t.state);
        _requireDisinterested(capakey, t.seller, t.buyer);
        if (t.acceptedVersion != p.version) revert LandRegistryStaleVersion(capakey, t.acceptedVersion, p.version);
        _requireNotExpired(transferId, t);
        _requirePreemptionCleared(id, transferId, t.openedAt);
        t.state = TransferState.Completed;
        delete _pending[id];
        _useNonce(t.seller);
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
        bytes32 digest = _checkSignedTerms(id, p, capakey, terms);
        _requireSigner(digest, sellerSignature, p.owner);
        _requireSigner(digest, buyerSignature, terms.buyer);
        _useNonce(p.owner);
        _changeOwner(id, p, capakey, terms.buyer, terms.deedHash, 0);
    }

    /// @inheritdoc ILandRegistry
    function useNonce() external {
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
        _requireDisinterested(capakey, p.owner, holder);
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
            active: true,
            recordedAt: uint64(block.timestamp)
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
        _requireDisinterested(capakey, p.owner, p.owner);
        Right storage r = _rights[rightId];
        if (!r.active || r.parcelId != id) revert LandRegistryUnknownRight(capakey, rightId);
        if (sourceHash == bytes32(0)) revert LandRegistryMissingHash();
        _removeActiveRight(id, rightId);
        _endRight(id, capakey, rightId, sourceHash);
        ++p.version;
    }

    /// @inheritdoc ILandRegistry
    function split(
        string calldata,
        NewParcel[] calldata,
        RightCarry[] calldata,
        bytes32
    ) external {
        _runSurvey();
    }

    /// @inheritdoc ILandRegistry
    function merge(string[] calldata, NewParcel calldata, bytes32) external {
        _runSurvey();
    }

    /// @inheritdoc ILandRegistry
    function freeze(string calldata capakey, bytes32 caseRef) external onlyRole(COURT_ROLE) whenNotPaused {
        (bytes32 id, Parcel storage p) = _requireActive(capakey);
        _requireDisinterested(capakey, p.owner, p.owner);
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
        _requireDisinterested(capakey, p.owner, p.owner);
        if (caseRef == bytes32(0)) revert LandRegistryMissingHash();
        FreezeRecord storage f = _freezes[id];
        if (f.court == msg.sender) revert LandRegistrySameCourt(msg.sender);
        if (f.caseRef != caseRef) revert LandRegistryCaseMismatch(capakey, f.caseRef, caseRef);
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
    function isWaived(uint256 transferId, uint256 rightId) external view returns (bool) {
        return _waived[transferId][rightId];
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
        TransferTerms calldata terms
    ) external view returns (bytes32) {
        return _transferDigest(parcelId, seller, terms);
    }

    /**
     * @dev Runs this call (split or merge, as it came) in the survey module, in this
     * registry's storage; a revert comes back as the module raised it.
     */
    function _runSurvey() private {
        if (!LowLevelCall.delegatecallNoReturn(SURVEY, msg.data)) LowLevelCall.bubbleRevert();
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
        _requireDisinterested(capakey, owner, owner);
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
     * @dev Reverts with {LandRegistryPreemptionNotCleared} for the first pre-emption right in
     * force now that is neither waived for `transferId` nor past its notice, which runs from
     * the latest of `openedAt`, the right's recording and the start of its validity.
     */
    function _requirePreemptionCleared(bytes32 id, uint256 transferId, uint64 openedAt) internal view {
        uint256[] storage ids = _activeRights[id];
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 rightId = ids[i];
            Right storage r = _rights[rightId];
            if (!_isLivePreemption(r) || _waived[transferId][rightId]) continue;
            uint256 start = openedAt;
            if (r.recordedAt > start) start = r.recordedAt;
            if (r.validFrom > start) start = r.validFrom;
            uint256 noticeEnds = start + PREEMPTION_NOTICE_PERIOD;
            if (block.timestamp < noticeEnds) revert LandRegistryPreemptionNotCleared(transferId, rightId, noticeEnds);
        }
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
     * @dev Checks signed transfer terms against the parcel (buyer, deed, no official's own
     * interest, deadline, version (before an expired transfer is released), lock,
     * pre-emption, the seller's and the buyer's nonces); returns their digest.
     */
    function _checkSignedTerms(
        bytes32 id,
        Parcel storage p,
        string calldata capakey,
        TransferTerms calldata terms
    ) internal returns (bytes32) {
        address seller = p.owner;
        _checkTerms(seller, terms.buyer, terms.deedHash);
        _requireDisinterested(capakey, seller, terms.buyer);
        if (block.timestamp > terms.deadline) revert LandRegistrySignatureExpired(terms.deadline);
        // the version the parties saw; releasing an expired transfer below changes it
        if (terms.parcelVersion != p.version) revert LandRegistryStaleVersion(capakey, terms.parcelVersion, p.version);
        _clearLock(id, p, capakey);
        _requireNoPreemption(id, capakey);
        uint256 nonce = _nonceOf(seller);
        if (terms.nonce != nonce) revert LandRegistryStaleNonce(seller, terms.nonce, nonce);
        // the buyer withdraws by using up its nonce; a purchase does not spend it
        nonce = _nonceOf(terms.buyer);
        if (terms.buyerNonce != nonce) revert LandRegistryStaleNonce(terms.buyer, terms.buyerNonce, nonce);
        return _transferDigest(id, seller, terms);
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
     * @dev The EIP-712 digest of transfer terms for `seller`.
     */
    function _transferDigest(
        bytes32 parcelId,
        address seller,
        TransferTerms calldata terms
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                TRANSFER_TYPEHASH,
                parcelId,
                terms.parcelVersion,
                seller,
                terms.buyer,
                terms.deedHash,
                terms.nonce,
                terms.buyerNonce,
                terms.deadline
            )
        );
        return _hashTypedData(structHash);
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
     * @dev Grants a role, refusing a second duty: an address holds at most one of the default
     * admin role and the four official roles ({LandRegistryRoleConflict}).
     */
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        bytes32[5] memory duties = [DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE, NOTARY_ROLE, SURVEYOR_ROLE, COURT_ROLE];
        bool isDuty = false;
        for (uint256 i = 0; i < 5; ++i) {
            if (duties[i] == role) isDuty = true;
        }
        if (isDuty) {
            for (uint256 i = 0; i < 5; ++i) {
                bytes32 held = duties[i];
                if (held != role && hasRole(held, account)) revert LandRegistryRoleConflict(account, role, held);
            }
        }
        return super._grantRole(role, account);
    }
}
