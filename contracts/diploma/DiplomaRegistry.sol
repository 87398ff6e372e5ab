// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IDiplomaRegistry} from "./IDiplomaRegistry.sol";

/**
 * @title DiplomaRegistry
 * @dev Accredited issuers, Merkle-batch anchoring, revocation, suspension and recognition of
 * diplomas. See {IDiplomaRegistry}.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` appoints accreditors; `ACCREDITOR_ROLE` (given by
 * {appointAccreditor}, with a country) accredits institutions; `REVOKER_ROLE` (an exam board,
 * a court) revokes and suspends any diploma, as the issuing institution can for its own;
 * `RECOGNISER_ROLE` (an ENIC-NARIC centre) records recognition decisions.
 */
contract DiplomaRegistry is IDiplomaRegistry, AccessControl {
    /// @dev Granted with a country by {appointAccreditor}.
    bytes32 public constant ACCREDITOR_ROLE = keccak256("ACCREDITOR_ROLE");
    /// @dev May revoke, suspend and reinstate any diploma.
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");
    /// @dev May record recognition decisions.
    bytes32 public constant RECOGNISER_ROLE = keccak256("RECOGNISER_ROLE");

    uint64 private constant _OPEN = type(uint64).max;
    uint8 private constant _MAX_LEVEL = 8;

    mapping(address accreditor => bytes2 country) private _accreditorCountries;
    mapping(address issuer => IssuerState state) private _issuerStates;
    mapping(address issuer => bytes2 country) private _issuerCountries;
    mapping(address issuer => Accreditation[] history) private _accreditations;
    mapping(bytes32 root => Batch batch) private _batches;
    mapping(bytes32 root => mapping(bytes32 leaf => LeafRecord record)) private _leaves;
    mapping(bytes32 root => mapping(bytes32 leaf => mapping(address recogniser => Recognition decision)))
        private _recognitions;

    /// @dev Grants `DEFAULT_ADMIN_ROLE` to `admin`.
    constructor(address admin) {
        if (admin == address(0)) revert DiplomaRegistryZeroAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IDiplomaRegistry
    function appointAccreditor(address accreditor, bytes2 country) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (accreditor == address(0)) revert DiplomaRegistryZeroAccount();
        _checkCountry(country);
        _accreditorCountries[accreditor] = country;
        _grantRole(ACCREDITOR_ROLE, accreditor);
        emit AccreditorAppointed(accreditor, country, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function dismissAccreditor(address accreditor) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_accreditorCountries[accreditor] == bytes2(0)) revert DiplomaRegistryUnknownAccreditor(accreditor);
        _revokeRole(ACCREDITOR_ROLE, accreditor);
    }

    /**
     * @dev Grants `role` to `account`, except `ACCREDITOR_ROLE`: that one comes with a country
     * from {appointAccreditor}.
     *
     * Requirements:
     * - the caller must have the admin role of `role`.
     */
    function grantRole(bytes32 role, address account) public override onlyRole(getRoleAdmin(role)) {
        if (role == ACCREDITOR_ROLE) revert DiplomaRegistryAccreditorRoleByAppointment(account);
        _grantRole(role, account);
    }

    /**
     * @dev Revokes `role` from `account`, except `ACCREDITOR_ROLE`: see {dismissAccreditor}.
     *
     * Requirements:
     * - the caller must have the admin role of `role`.
     */
    function revokeRole(bytes32 role, address account) public override onlyRole(getRoleAdmin(role)) {
        if (role == ACCREDITOR_ROLE) revert DiplomaRegistryAccreditorRoleByAppointment(account);
        _revokeRole(role, account);
    }

    /// @dev Every grant of `ACCREDITOR_ROLE` needs the country set by {appointAccreditor}.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == ACCREDITOR_ROLE && _accreditorCountries[account] == bytes2(0)) {
            revert DiplomaRegistryAccreditorRoleByAppointment(account);
        }
        return super._grantRole(role, account);
    }

    /// @dev Losing `ACCREDITOR_ROLE` (dismissal or renouncement) also drops the country.
    function _revokeRole(bytes32 role, address account) internal override returns (bool) {
        bool revoked = super._revokeRole(role, account);
        if (role == ACCREDITOR_ROLE && _accreditorCountries[account] != bytes2(0)) {
            delete _accreditorCountries[account];
            emit AccreditorDismissed(account, _msgSender());
        }
        return revoked;
    }

    /// @inheritdoc IDiplomaRegistry
    function accredit(
        address issuer,
        bytes2 country,
        uint8[] calldata levels,
        uint64 validFrom,
        uint64 validUntil
    ) external onlyRole(ACCREDITOR_ROLE) {
        if (issuer == address(0)) revert DiplomaRegistryZeroAccount();
        _checkAccreditorCountry(_msgSender(), country);
        bytes2 known = _issuerCountries[issuer];
        if (known != bytes2(0) && known != country) {
            revert DiplomaRegistryWrongCountry(_msgSender(), country, known);
        }
        if (validUntil <= validFrom) revert DiplomaRegistryInvalidValidity(validFrom, validUntil);
        uint16 scope = _levelSet(levels);
        if (_issuerStates[issuer] == IssuerState.Active) _closeOpenInterval(issuer);
        _issuerCountries[issuer] = country;
        _issuerStates[issuer] = IssuerState.Active;
        _accreditations[issuer].push(
            Accreditation({
                accreditor: _msgSender(),
                country: country,
                levels: scope,
                validFrom: validFrom,
                validUntil: validUntil,
                fromBlock: uint64(block.number),
                untilBlock: _OPEN
            })
        );
        emit IssuerAccredited(issuer, _msgSender(), country, scope, validFrom, validUntil);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspendIssuer(address issuer) external onlyRole(ACCREDITOR_ROLE) {
        _requireIssuerState(issuer, IssuerState.Active);
        _checkAccreditorCountry(_msgSender(), _issuerCountries[issuer]);
        _closeOpenInterval(issuer);
        _issuerStates[issuer] = IssuerState.Suspended;
        emit IssuerSuspended(issuer, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstateIssuer(address issuer) external onlyRole(ACCREDITOR_ROLE) {
        _requireIssuerState(issuer, IssuerState.Suspended);
        _checkAccreditorCountry(_msgSender(), _issuerCountries[issuer]);
        Accreditation[] storage history = _accreditations[issuer];
        Accreditation memory renewed = history[history.length - 1];
        renewed.fromBlock = uint64(block.number);
        renewed.untilBlock = _OPEN;
        history.push(renewed);
        _issuerStates[issuer] = IssuerState.Active;
        emit IssuerReinstated(issuer, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function withdrawAccreditation(address issuer, uint64 effectiveBlock) external onlyRole(ACCREDITOR_ROLE) {
        IssuerState state = _issuerStates[issuer];
        if (state != IssuerState.Active && state != IssuerState.Suspended) {
            revert DiplomaRegistryIssuerState(issuer, state);
        }
        _checkAccreditorCountry(_msgSender(), _issuerCountries[issuer]);
        if (effectiveBlock > block.number) {
            revert DiplomaRegistryInvalidEffectiveBlock(effectiveBlock, uint64(block.number));
        }
        Accreditation[] storage history = _accreditations[issuer];
        for (uint256 i = 0; i < history.length; ++i) {
            Accreditation storage interval = history[i];
            if (interval.untilBlock > effectiveBlock) {
                interval.untilBlock = effectiveBlock < interval.fromBlock ? interval.fromBlock : effectiveBlock;
            }
        }
        _issuerStates[issuer] = IssuerState.Withdrawn;
        emit AccreditationWithdrawn(issuer, _msgSender(), effectiveBlock);
    }

    /// @inheritdoc IDiplomaRegistry
    function issueBatch(bytes32 root, uint32 size, uint8 level, uint64 expiresAt) external {
        address issuer = _msgSender();
        if (root == bytes32(0)) revert DiplomaRegistryZeroRoot();
        if (size == 0) revert DiplomaRegistryEmptyBatch();
        if (level == 0 || level > _MAX_LEVEL) revert DiplomaRegistryInvalidLevel(level);
        // solhint-disable-next-line not-rely-on-time
        uint64 nowTime = uint64(block.timestamp);
        if (expiresAt != 0 && expiresAt <= nowTime) revert DiplomaRegistryInvalidExpiry(expiresAt);
        if (_batches[root].issuer != address(0)) revert DiplomaRegistryBatchExists(root);
        if (_issuerStates[issuer] != IssuerState.Active || !_currentScopeCovers(issuer, level, nowTime)) {
            revert DiplomaRegistryIssuerNotAccredited(issuer, level);
        }
        _batches[root] = Batch({
            issuer: issuer,
            size: size,
            level: level,
            revokedReason: RevocationReason.None,
            issuedAt: nowTime,
            issuedBlock: uint64(block.number),
            expiresAt: expiresAt
        });
        emit BatchIssued(root, issuer, level, size, expiresAt);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeBatch(bytes32 root, RevocationReason reason) external {
        Batch storage anchored = _authorisedBatch(root);
        if (reason == RevocationReason.None) revert DiplomaRegistryMissingReason();
        if (anchored.revokedReason != RevocationReason.None) revert DiplomaRegistryAlreadyRevoked(root, root);
        anchored.revokedReason = reason;
        emit BatchRevoked(root, _msgSender(), reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function revoke(bytes32 root, bytes32 leaf, bytes32[] calldata proof, RevocationReason reason) external {
        LeafRecord storage record = _authorisedLeaf(root, leaf, proof);
        if (reason == RevocationReason.None) revert DiplomaRegistryMissingReason();
        if (record.state == LeafState.Revoked || _batches[root].revokedReason != RevocationReason.None) {
            revert DiplomaRegistryAlreadyRevoked(root, leaf);
        }
        record.state = LeafState.Revoked;
        record.reason = reason;
        record.changedBlock = uint64(block.number);
        emit DiplomaRevoked(root, leaf, _msgSender(), reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspend(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external {
        LeafRecord storage record = _authorisedLeaf(root, leaf, proof);
        if (record.state == LeafState.Revoked || _batches[root].revokedReason != RevocationReason.None) {
            revert DiplomaRegistryAlreadyRevoked(root, leaf);
        }
        if (record.state == LeafState.Suspended) revert DiplomaRegistryAlreadySuspended(root, leaf);
        record.state = LeafState.Suspended;
        record.changedBlock = uint64(block.number);
        emit DiplomaSuspended(root, leaf, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstate(bytes32 root, bytes32 leaf) external {
        _authorisedBatch(root);
        LeafRecord storage record = _leaves[root][leaf];
        if (record.state != LeafState.Suspended) revert DiplomaRegistryNotSuspended(root, leaf);
        record.state = LeafState.Active;
        record.changedBlock = uint64(block.number);
        emit DiplomaReinstated(root, leaf, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function recognise(
        bytes32 root,
        bytes32 leaf,
        bytes32[] calldata proof,
        uint8 equivalentLevel,
        bytes32 decisionHash
    ) external onlyRole(RECOGNISER_ROLE) {
        if (equivalentLevel == 0 || equivalentLevel > _MAX_LEVEL) revert DiplomaRegistryInvalidLevel(equivalentLevel);
        if (decisionHash == bytes32(0)) revert DiplomaRegistryZeroDecisionHash();
        Status status = _status(root, leaf, proof);
        if (status != Status.Valid) revert DiplomaRegistryNotValid(root, leaf, status);
        Recognition storage decision = _recognitions[root][leaf][_msgSender()];
        if (decision.recognisedBlock != 0) revert DiplomaRegistryAlreadyRecognised(root, leaf, _msgSender());
        decision.equivalentLevel = equivalentLevel;
        decision.recognisedBlock = uint64(block.number);
        decision.decisionHash = decisionHash;
        emit DiplomaRecognised(root, leaf, _msgSender(), equivalentLevel, decisionHash);
    }

    /// @inheritdoc IDiplomaRegistry
    function verify(bytes32 leaf, bytes32[] calldata proof, bytes32 root) external view returns (Status) {
        return _status(root, leaf, proof);
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditedAt(
        address issuer,
        uint8 level,
        uint64 blockNumber,
        uint64 timestamp
    ) external view returns (bool) {
        return _accreditedAt(issuer, level, blockNumber, timestamp);
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditations(address issuer) external view returns (Accreditation[] memory) {
        return _accreditations[issuer];
    }

    /// @inheritdoc IDiplomaRegistry
    function issuerState(address issuer) external view returns (IssuerState) {
        return _issuerStates[issuer];
    }

    /// @inheritdoc IDiplomaRegistry
    function issuerCountry(address issuer) external view returns (bytes2) {
        return _issuerCountries[issuer];
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditorCountry(address account) external view returns (bytes2) {
        return _accreditorCountries[account];
    }

    /// @inheritdoc IDiplomaRegistry
    function batch(bytes32 root) external view returns (Batch memory) {
        Batch memory anchored = _batches[root];
        if (anchored.issuer == address(0)) revert DiplomaRegistryUnknownBatch(root);
        return anchored;
    }

    /// @inheritdoc IDiplomaRegistry
    function leafRecord(bytes32 root, bytes32 leaf) external view returns (LeafRecord memory) {
        return _leaves[root][leaf];
    }

    /// @inheritdoc IDiplomaRegistry
    function recognition(
        bytes32 root,
        bytes32 leaf,
        address recogniser
    ) external view returns (Recognition memory) {
        return _recognitions[root][leaf][recogniser];
    }

    /// @inheritdoc IDiplomaRegistry
    function leafOf(bytes32 diplomaHash, bytes32 salt) external pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(diplomaHash, salt))));
    }

    /// @inheritdoc IDiplomaRegistry
    function computeRoot(bytes32 leaf, bytes32[] calldata proof) external pure returns (bytes32) {
        return MerkleProof.processProofCalldata(proof, leaf);
    }

    /// @dev The batch `root`, after checking that the caller may revoke or suspend in it.
    function _authorisedBatch(bytes32 root) private view returns (Batch storage anchored) {
        anchored = _batches[root];
        if (anchored.issuer == address(0)) revert DiplomaRegistryUnknownBatch(root);
        address caller = _msgSender();
        if (caller != anchored.issuer && !hasRole(REVOKER_ROLE, caller)) {
            revert DiplomaRegistryUnauthorizedRevoker(caller, root);
        }
    }

    /// @dev The record of `leaf`, after checking the caller's rights and the proof.
    function _authorisedLeaf(
        bytes32 root,
        bytes32 leaf,
        bytes32[] calldata proof
    ) private view returns (LeafRecord storage) {
        _authorisedBatch(root);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert DiplomaRegistryInvalidProof(root, leaf);
        return _leaves[root][leaf];
    }

    /// @dev Ends the open interval of an active issuer after the current block.
    function _closeOpenInterval(address issuer) private {
        Accreditation[] storage history = _accreditations[issuer];
        history[history.length - 1].untilBlock = uint64(block.number) + 1;
    }

    function _status(bytes32 root, bytes32 leaf, bytes32[] calldata proof) private view returns (Status) {
        Batch storage anchored = _batches[root];
        if (anchored.issuer == address(0) || !MerkleProof.verifyCalldata(proof, root, leaf)) {
            return Status.Unknown;
        }
        if (anchored.revokedReason != RevocationReason.None) return Status.Revoked;
        LeafState state = _leaves[root][leaf].state;
        if (state == LeafState.Revoked) return Status.Revoked;
        if (state == LeafState.Suspended) return Status.Suspended;
        if (!_accreditedAt(anchored.issuer, anchored.level, anchored.issuedBlock, anchored.issuedAt)) {
            return Status.IssuerNotAccreditedAtIssuance;
        }
        // solhint-disable-next-line not-rely-on-time
        if (anchored.expiresAt != 0 && block.timestamp >= anchored.expiresAt) return Status.Expired;
        return Status.Valid;
    }

    /// @dev Whether the open (latest) accreditation of an active issuer covers `level` at `timestamp`.
    function _currentScopeCovers(address issuer, uint8 level, uint64 timestamp) private view returns (bool) {
        Accreditation[] storage history = _accreditations[issuer];
        Accreditation storage current = history[history.length - 1];
        return
            current.levels & (uint16(1) << level) != 0 &&
            current.validFrom <= timestamp &&
            timestamp < current.validUntil;
    }

    function _accreditedAt(
        address issuer,
        uint8 level,
        uint64 blockNumber,
        uint64 timestamp
    ) private view returns (bool) {
        if (level == 0 || level > _MAX_LEVEL) return false;
        uint16 bit = uint16(1) << level;
        Accreditation[] storage history = _accreditations[issuer];
        for (uint256 i = history.length; i > 0; --i) {
            Accreditation storage interval = history[i - 1];
            if (
                interval.levels & bit != 0 &&
                interval.fromBlock <= blockNumber &&
                blockNumber < interval.untilBlock &&
                interval.validFrom <= timestamp &&
                timestamp < interval.validUntil
            ) {
                return true;
            }
        }
        return false;
    }

    function _requireIssuerState(address issuer, IssuerState expected) private view {
        IssuerState state = _issuerStates[issuer];
        if (state != expected) revert DiplomaRegistryIssuerState(issuer, state);
    }

    function _checkAccreditorCountry(address accreditor, bytes2 country) private view {
        bytes2 own = _accreditorCountries[accreditor];
        if (own != country) revert DiplomaRegistryWrongCountry(accreditor, own, country);
    }

    function _checkCountry(bytes2 country) private pure {
        bytes1 first = country[0];
        bytes1 second = country[1];
        if (first < 0x41 || first > 0x5A || second < 0x41 || second > 0x5A) {
            revert DiplomaRegistryInvalidCountry(country);
        }
    }

    function _levelSet(uint8[] calldata levels) private pure returns (uint16 scope) {
        if (levels.length == 0) revert DiplomaRegistryInvalidLevel(0);
        for (uint256 i = 0; i < levels.length; ++i) {
            uint8 level = levels[i];
            if (level == 0 || level > _MAX_LEVEL) revert DiplomaRegistryInvalidLevel(level);
            scope |= uint16(1) << level;
        }
    }
}
