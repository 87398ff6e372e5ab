// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {RegistryAdminRules} from "../common/RegistryAdminRules.sol";
import {RoleWindows} from "../common/RoleWindows.sol";
import {Status} from "../common/IStatus.sol";
import {StatusCodes} from "../common/StatusCodes.sol";
import {TaggedLeaves} from "../common/TaggedLeaves.sol";
import {IDiplomaRegistry} from "./IDiplomaRegistry.sol";

/**
 * @title DiplomaRegistry
 * @dev Accredited issuers, Merkle-batch anchoring, revocation, suspension and recognition of
 * diplomas. See {IDiplomaRegistry}.
 *
 * Roles: the default admin (one account, handed over in two steps after a delay:
 * {RegistryAdminRules}) appoints accreditors and grants the roles below; `ACCREDITOR_ROLE`
 * (given by {appointAccreditor}, with a country) accredits institutions, which then hold
 * `ISSUER_ROLE` in role windows per EQF level; `REVOKER_ROLE` (an exam board, a court) revokes
 * and suspends any diploma, as the issuing institution can for its own; `RECOGNISER_ROLE` (an
 * ENIC-NARIC centre) records recognition decisions.
 */
contract DiplomaRegistry is IDiplomaRegistry, RoleWindows {
    /// @dev Granted with a country by {appointAccreditor}.
    bytes32 public constant ACCREDITOR_ROLE = keccak256("ACCREDITOR_ROLE");
    /// @dev May revoke and suspend any diploma.
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");
    /// @dev May record recognition decisions.
    bytes32 public constant RECOGNISER_ROLE = keccak256("RECOGNISER_ROLE");
    /// @dev Held in role windows per {accreditationScope}, only through {accredit}.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @dev The tag of a diploma leaf.
    bytes32 public constant DIPLOMA_TAG = keccak256("blokketen.diploma.document.v1");
    /// @dev The tag of a diploma identity ({diplomaIdOf}).
    bytes32 public constant DIPLOMA_ID_TAG = keccak256("blokketen.diploma.id.v1");
    /// @dev The tag of an institution id ({institutionIdOf}).
    bytes32 public constant INSTITUTION_TAG = keccak256("blokketen.diploma.institution.v1");
    /// @dev The framework of the accreditation scopes: the EQF (Council Recommendation of 22 May 2017).
    bytes32 public constant EQF_FRAMEWORK = keccak256("eqf:2017");

    /// @dev Revocation reason of this registry: academic misconduct (plagiarism, exam fraud).
    uint16 public constant REASON_ACADEMIC_MISCONDUCT = 256;
    /// @dev Verdict reason: the document's EQF level is not the batch's.
    uint16 public constant REASON_LEVEL_MISMATCH = 257;
    /// @dev Verdict reason: the document's country is not the issuer's.
    uint16 public constant REASON_COUNTRY_MISMATCH = 258;
    /// @dev Verdict reason: the document's institution is not the one the issuer was accredited as.
    uint16 public constant REASON_INSTITUTION_MISMATCH = 259;
    /// @dev Verdict reason: the issuer was not accredited for the level when it anchored the batch.
    uint16 public constant REASON_NOT_ACCREDITED_AT_ISSUANCE = 260;

    uint8 private constant _MAX_LEVEL = 8;
    uint256 private constant _INDEX_BITS = 32;

    mapping(address accreditor => bytes2 country) private _accreditorCountries;
    mapping(address account => Issuer record) private _issuers;
    /// @dev Per institution, the index of its latest window per level (32 bits per level).
    mapping(address account => uint256 indexes) private _windowIndexes;
    mapping(address account => RetroactiveWithdrawal proposal) private _pending;
    mapping(address account => VoidedSpan[] spans) private _voided;
    mapping(bytes32 root => Batch batch) private _batches;
    mapping(bytes32 diplomaId => DiplomaRecord record) private _diplomas;
    mapping(bytes32 diplomaId => mapping(address recogniser => Recognition decision)) private _recognitions;

    /// @dev `admin` becomes the default admin; a hand-over to another admin waits `adminDelay` seconds.
    constructor(address admin, uint48 adminDelay) RegistryAdminRules(admin, adminDelay) {}

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
     * @dev Grants `role` to `account`, except `ACCREDITOR_ROLE` (see {appointAccreditor}) and
     * `ISSUER_ROLE` (see {accredit}).
     *
     * Requirements:
     * - the caller must have the admin role of `role`;
     * - the roles of `account` stay separate (see {DiplomaRegistryRoleConflict}).
     */
    function grantRole(
        bytes32 role,
        address account
    ) public override(AccessControlDefaultAdminRules, IAccessControl) onlyRole(getRoleAdmin(role)) {
        _refuseAppointedRole(role, account);
        super.grantRole(role, account);
    }

    /**
     * @dev Revokes `role` from `account`, except `ACCREDITOR_ROLE` (see {dismissAccreditor})
     * and `ISSUER_ROLE` (see {withdrawAccreditation}).
     *
     * Requirements:
     * - the caller must have the admin role of `role`.
     */
    function revokeRole(
        bytes32 role,
        address account
    ) public override(AccessControlDefaultAdminRules, IAccessControl) onlyRole(getRoleAdmin(role)) {
        _refuseAppointedRole(role, account);
        super.revokeRole(role, account);
    }

    /// @inheritdoc IDiplomaRegistry
    function accredit(
        address issuer,
        bytes2 country,
        bytes32 institutionNameHash,
        uint8[] calldata levels,
        uint64 validFrom,
        uint64 validUntil
    ) external onlyRole(ACCREDITOR_ROLE) {
        if (issuer == address(0)) revert DiplomaRegistryZeroAccount();
        if (institutionNameHash == bytes32(0)) revert DiplomaRegistryZeroInstitution();
        address accreditor = _msgSender();
        _checkAccreditorCountry(accreditor, country);
        _requireNoConflict(issuer, ISSUER_ROLE);
        uint16 scope = _levelSet(levels);
        bytes32 institution = _institutionId(country, institutionNameHash);
        Issuer storage record = _issuers[issuer];
        if (record.state == IssuerState.None) {
            record.institution = institution;
            record.country = country;
        } else {
            if (record.country != country) revert DiplomaRegistryWrongCountry(accreditor, country, record.country);
            if (record.institution != institution) {
                revert DiplomaRegistryWrongInstitution(issuer, institution, record.institution);
            }
            if (record.state == IssuerState.Active) _endWindows(issuer, record.levels, _afterNow());
        }
        record.state = IssuerState.Active;
        record.levels = scope;
        record.validFrom = validFrom;
        record.validUntil = validUntil;
        _grantWindows(issuer, scope, validFrom, validUntil);
        emit IssuerAccredited(issuer, accreditor, country, institution, scope, validFrom, validUntil);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspendIssuer(address issuer) external onlyRole(ACCREDITOR_ROLE) {
        Issuer storage record = _issuerIn(issuer, IssuerState.Active);
        _endWindows(issuer, record.levels, _afterNow());
        record.state = IssuerState.Suspended;
        emit IssuerSuspended(issuer, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstateIssuer(address issuer) external onlyRole(ACCREDITOR_ROLE) {
        Issuer storage record = _issuerIn(issuer, IssuerState.Suspended);
        record.state = IssuerState.Active;
        _grantWindows(issuer, record.levels, record.validFrom, record.validUntil);
        emit IssuerReinstated(issuer, _msgSender());
    }

    /// @inheritdoc IDiplomaRegistry
    function withdrawAccreditation(address issuer) external onlyRole(ACCREDITOR_ROLE) {
        Issuer storage record = _issuers[issuer];
        IssuerState state = record.state;
        if (state != IssuerState.Active && state != IssuerState.Suspended) {
            revert DiplomaRegistryIssuerState(issuer, state);
        }
        _checkAccreditorCountry(_msgSender(), record.country);
        _withdraw(issuer, record);
    }

    /// @inheritdoc IDiplomaRegistry
    function proposeRetroactiveWithdrawal(address issuer, uint64 effectiveAt) external onlyRole(ACCREDITOR_ROLE) {
        Issuer storage record = _issuers[issuer];
        if (record.state == IssuerState.None) revert DiplomaRegistryIssuerState(issuer, IssuerState.None);
        address proposer = _msgSender();
        _checkAccreditorCountry(proposer, record.country);
        uint64 nowTime = uint64(block.timestamp);
        if (effectiveAt >= nowTime) revert DiplomaRegistryNotRetroactive(effectiveAt, nowTime);
        RetroactiveWithdrawal storage pending = _pending[issuer];
        if (pending.proposer != address(0)) revert DiplomaRegistryWithdrawalPending(issuer, pending.effectiveAt);
        if (record.state != IssuerState.Withdrawn) _withdraw(issuer, record);
        _pending[issuer] = RetroactiveWithdrawal({proposer: proposer, effectiveAt: effectiveAt, withdrawnAt: nowTime});
        emit RetroactiveWithdrawalProposed(issuer, proposer, effectiveAt);
    }

    /// @inheritdoc IDiplomaRegistry
    function confirmRetroactiveWithdrawal(address issuer, uint64 effectiveAt) external {
        RetroactiveWithdrawal memory pending = _pending[issuer];
        if (pending.proposer == address(0)) revert DiplomaRegistryNoPendingWithdrawal(issuer);
        if (pending.effectiveAt != effectiveAt) {
            revert DiplomaRegistryWithdrawalMismatch(issuer, pending.effectiveAt, effectiveAt);
        }
        address confirmer = _msgSender();
        if (
            confirmer != defaultAdmin() &&
            (confirmer == pending.proposer || _accreditorCountries[confirmer] != _issuers[issuer].country)
        ) {
            revert DiplomaRegistryUnauthorizedConfirmation(confirmer, issuer);
        }
        delete _pending[issuer];
        uint64 until = pending.withdrawnAt + 1;
        _voided[issuer].push(VoidedSpan({from: effectiveAt, until: until}));
        emit RetroactiveWithdrawalConfirmed(issuer, confirmer, effectiveAt, until);
    }

    /// @inheritdoc IDiplomaRegistry
    function cancelRetroactiveWithdrawal(address issuer) external {
        address proposer = _pending[issuer].proposer;
        if (proposer == address(0)) revert DiplomaRegistryNoPendingWithdrawal(issuer);
        address caller = _msgSender();
        if (caller != proposer && caller != defaultAdmin()) revert DiplomaRegistryUnauthorizedConfirmation(caller, issuer);
        delete _pending[issuer];
        emit RetroactiveWithdrawalCancelled(issuer, caller);
    }

    /// @inheritdoc IDiplomaRegistry
    function issueBatch(bytes32 root, uint32 size, uint8 level, uint64 expiresAt) external {
        address issuer = _msgSender();
        if (root == bytes32(0)) revert DiplomaRegistryZeroRoot();
        if (size == 0) revert DiplomaRegistryEmptyBatch();
        if (level == 0 || level > _MAX_LEVEL) revert DiplomaRegistryInvalidLevel(level);
        uint64 nowTime = uint64(block.timestamp);
        if (expiresAt != 0 && expiresAt <= nowTime) revert DiplomaRegistryInvalidExpiry(expiresAt);
        if (_batches[root].issuer != address(0)) revert DiplomaRegistryBatchExists(root);
        Issuer storage record = _issuers[issuer];
        // Active now, the level in its current accreditation, and a window that counts now.
        if (
            record.state != IssuerState.Active ||
            record.levels & (uint16(1) << level) == 0 ||
            !_accreditedAt(issuer, level, nowTime)
        ) {
            revert DiplomaRegistryIssuerNotAccredited(issuer, level);
        }
        _batches[root] = Batch({
            issuer: issuer,
            size: size,
            level: level,
            revokedReason: StatusCodes.NONE,
            issuedAt: nowTime,
            issuedBlock: uint64(block.number),
            expiresAt: expiresAt
        });
        emit BatchIssued(root, issuer, level, size, expiresAt);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeBatch(bytes32 root, uint16 reason) external {
        Batch storage anchored = _batches[root];
        if (anchored.issuer == address(0)) revert DiplomaRegistryUnknownBatch(root);
        _authority(anchored, root);
        _requireReason(reason);
        if (anchored.revokedReason != StatusCodes.NONE) revert DiplomaRegistryBatchRevoked(root);
        anchored.revokedReason = reason;
        emit BatchRevoked(root, _msgSender(), reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function revoke(bytes32 root, bytes32[] calldata proof, DiplomaClaim calldata claim, uint16 reason) external {
        (Batch storage anchored, bytes32 diplomaId) = _provenDiploma(root, proof, claim);
        Authority authority = _authority(anchored, root);
        _requireReason(reason);
        if (_diplomas[diplomaId].state == DiplomaState.Revoked) revert DiplomaRegistryAlreadyRevoked(diplomaId);
        _diplomas[diplomaId] = DiplomaRecord({
            state: DiplomaState.Revoked,
            reason: reason,
            authority: authority,
            by: _msgSender(),
            changedAt: uint64(block.timestamp)
        });
        emit DiplomaRevoked(diplomaId, root, _msgSender(), reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspend(bytes32 root, bytes32[] calldata proof, DiplomaClaim calldata claim, uint16 reason) external {
        (Batch storage anchored, bytes32 diplomaId) = _provenDiploma(root, proof, claim);
        Authority authority = _authority(anchored, root);
        _requireReason(reason);
        DiplomaRecord storage record = _diplomas[diplomaId];
        if (record.state == DiplomaState.Revoked) revert DiplomaRegistryAlreadyRevoked(diplomaId);
        // A suspension stands unless a higher authority takes it over (a REVOKER over the issuer).
        if (record.state == DiplomaState.Suspended && record.authority >= authority) {
            revert DiplomaRegistryAlreadySuspended(diplomaId, record.by);
        }
        _diplomas[diplomaId] = DiplomaRecord({
            state: DiplomaState.Suspended,
            reason: reason,
            authority: authority,
            by: _msgSender(),
            changedAt: uint64(block.timestamp)
        });
        emit DiplomaSuspended(diplomaId, root, _msgSender(), reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstate(bytes32 diplomaId) external {
        DiplomaRecord storage record = _diplomas[diplomaId];
        if (record.state != DiplomaState.Suspended) revert DiplomaRegistryNotSuspended(diplomaId);
        address caller = _msgSender();
        address suspendedBy = record.by;
        // The authority that suspended (a REVOKER only while it still is one), or the admin.
        bool bySuspender = caller == suspendedBy &&
            (record.authority != Authority.Revoker || hasRole(REVOKER_ROLE, caller));
        if (!bySuspender && caller != defaultAdmin()) {
            revert DiplomaRegistryUnauthorizedReinstatement(caller, diplomaId, suspendedBy);
        }
        _diplomas[diplomaId] = DiplomaRecord({
            state: DiplomaState.Active,
            reason: StatusCodes.NONE,
            authority: Authority.None,
            by: caller,
            changedAt: uint64(block.timestamp)
        });
        emit DiplomaReinstated(diplomaId, caller);
    }

    /// @inheritdoc IDiplomaRegistry
    function recognise(
        bytes32 root,
        bytes32[] calldata proof,
        DiplomaClaim calldata claim,
        uint8 equivalentLevel,
        bytes32 decisionHash
    ) external onlyRole(RECOGNISER_ROLE) {
        if (equivalentLevel == 0 || equivalentLevel > _MAX_LEVEL) revert DiplomaRegistryInvalidLevel(equivalentLevel);
        if (decisionHash == bytes32(0)) revert DiplomaRegistryZeroDecisionHash();
        bytes32 diplomaId = _diplomaId(_institutionId(claim.country, claim.institutionNameHash), claim.documentHash);
        (Status status, uint16 reason) = _status(root, proof, claim);
        if (status != Status.Active) revert DiplomaRegistryNotValid(diplomaId, status, reason);
        address recogniser = _msgSender();
        Recognition storage decision = _recognitions[diplomaId][recogniser];
        if (decision.recognisedBlock != 0) revert DiplomaRegistryAlreadyRecognised(diplomaId, recogniser);
        decision.equivalentLevel = equivalentLevel;
        decision.recognisedBlock = uint64(block.number);
        decision.decisionHash = decisionHash;
        emit DiplomaRecognised(diplomaId, root, recogniser, equivalentLevel, decisionHash);
    }

    /// @inheritdoc IDiplomaRegistry
    function verify(
        bytes32 root,
        bytes32[] calldata proof,
        DiplomaClaim calldata claim
    ) external view returns (Status status, uint16 reason) {
        return _status(root, proof, claim);
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditedAt(address issuer, uint8 level, uint64 t) external view returns (bool) {
        return _accreditedAt(issuer, level, t);
    }

    /// @inheritdoc IDiplomaRegistry
    function issuerRecord(address account) external view returns (Issuer memory) {
        return _issuers[account];
    }

    /// @inheritdoc IDiplomaRegistry
    function voidedSpans(address account) external view returns (VoidedSpan[] memory) {
        return _voided[account];
    }

    /// @inheritdoc IDiplomaRegistry
    function pendingWithdrawal(address account) external view returns (RetroactiveWithdrawal memory) {
        return _pending[account];
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
    function diplomaRecord(bytes32 diplomaId) external view returns (DiplomaRecord memory) {
        return _diplomas[diplomaId];
    }

    /// @inheritdoc IDiplomaRegistry
    function recognition(bytes32 diplomaId, address recogniser) external view returns (Recognition memory) {
        return _recognitions[diplomaId][recogniser];
    }

    /// @inheritdoc IDiplomaRegistry
    function leafOf(DiplomaClaim calldata claim, address anchoredBy) external pure returns (bytes32) {
        return _leaf(claim, anchoredBy, _institutionId(claim.country, claim.institutionNameHash));
    }

    /// @inheritdoc IDiplomaRegistry
    function diplomaIdOf(DiplomaClaim calldata claim) external pure returns (bytes32) {
        return _diplomaId(_institutionId(claim.country, claim.institutionNameHash), claim.documentHash);
    }

    /// @inheritdoc IDiplomaRegistry
    function institutionIdOf(bytes2 country, bytes32 nameHash) external pure returns (bytes32) {
        return _institutionId(country, nameHash);
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditationScope(uint8 level) external pure returns (bytes32) {
        return _scope(level);
    }

    /// @dev Every grant of `ACCREDITOR_ROLE` needs the country set by {appointAccreditor}; no
    /// grant may combine roles that must stay separate.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == ACCREDITOR_ROLE && _accreditorCountries[account] == bytes2(0)) {
            revert DiplomaRegistryRoleByAppointment(role, account);
        }
        _requireNoConflict(account, role);
        return super._grantRole(role, account);
    }

    /// @dev Losing `ACCREDITOR_ROLE` (dismissal or renouncement) also drops the country.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (role == ACCREDITOR_ROLE && _accreditorCountries[account] != bytes2(0)) {
            delete _accreditorCountries[account];
            emit AccreditorDismissed(account, _msgSender());
        }
    }

    /// @dev A new admin must hold no working role (renouncing, to the zero address, stays possible).
    function _beginDefaultAdminTransfer(address newAdmin) internal override {
        if (newAdmin != address(0)) _requireNoConflict(newAdmin, DEFAULT_ADMIN_ROLE);
        super._beginDefaultAdminTransfer(newAdmin);
    }

    /**
     * @dev Windows change only through {accredit} and the functions after it, never through
     * the generic {grantWindow}, {endWindow} and {endWindowAt}: every role is refused here
     * (the default admin role goes on to {RoleWindows}, which refuses windows of it).
     */
    function _authorizeWindowChange(bytes32 scope, bytes32 role, address account) internal view override {
        if (role != DEFAULT_ADMIN_ROLE) revert DiplomaRegistryWindowsByAccreditation(role);
        super._authorizeWindowChange(scope, role, account);
    }

    /// @dev Withdraws the accreditation of an active or suspended issuer after the current block time.
    function _withdraw(address issuer, Issuer storage record) private {
        if (record.state == IssuerState.Active) _endWindows(issuer, record.levels, _afterNow());
        record.state = IssuerState.Withdrawn;
        emit AccreditationWithdrawn(issuer, _msgSender());
    }

    /// @dev Grants `issuer` a window per level of `levels` and remembers the windows' indexes.
    function _grantWindows(address issuer, uint16 levels, uint64 validFrom, uint64 validUntil) private {
        uint256 indexes = _windowIndexes[issuer];
        for (uint8 level = 1; level <= _MAX_LEVEL; ++level) {
            if (levels & (uint16(1) << level) == 0) continue;
            uint256 index = _grantWindow(_scope(level), ISSUER_ROLE, issuer, validFrom, validUntil);
            uint256 shift = uint256(level - 1) * _INDEX_BITS;
            indexes = (indexes & ~(uint256(type(uint32).max) << shift)) | (index << shift);
        }
        _windowIndexes[issuer] = indexes;
    }

    /// @dev Ends the latest window of `issuer` for each level of `levels` with effect from `endAt`.
    function _endWindows(address issuer, uint16 levels, uint64 endAt) private {
        uint256 indexes = _windowIndexes[issuer];
        for (uint8 level = 1; level <= _MAX_LEVEL; ++level) {
            if (levels & (uint16(1) << level) == 0) continue;
            uint256 index = (indexes >> (uint256(level - 1) * _INDEX_BITS)) & type(uint32).max;
            _endWindow(_scope(level), ISSUER_ROLE, issuer, index, endAt);
        }
    }

    /// @dev The batch of a claim proven by `proof`, and the claim's diploma identity; reverts
    /// unless the batch exists, the proof holds and the claim matches the chain.
    function _provenDiploma(
        bytes32 root,
        bytes32[] calldata proof,
        DiplomaClaim calldata claim
    ) private view returns (Batch storage anchored, bytes32 diplomaId) {
        anchored = _batches[root];
        if (anchored.issuer == address(0)) revert DiplomaRegistryUnknownBatch(root);
        bytes32 institution = _institutionId(claim.country, claim.institutionNameHash);
        bytes32 leaf = _leaf(claim, anchored.issuer, institution);
        if (!TaggedLeaves.verifyCalldata(proof, root, leaf)) revert DiplomaRegistryInvalidProof(root, leaf);
        uint16 mismatch = _mismatch(anchored, claim, institution);
        if (mismatch != StatusCodes.NONE) revert DiplomaRegistryClaimMismatch(root, mismatch);
        diplomaId = _diplomaId(institution, claim.documentHash);
    }

    /// @dev The caller's authority over the batch: its issuer or a REVOKER.
    function _authority(Batch storage anchored, bytes32 root) private view returns (Authority) {
        address caller = _msgSender();
        if (caller == anchored.issuer) return Authority.Issuer;
        if (hasRole(REVOKER_ROLE, caller)) return Authority.Revoker;
        revert DiplomaRegistryUnauthorizedRevoker(caller, root);
    }

    function _status(
        bytes32 root,
        bytes32[] calldata proof,
        DiplomaClaim calldata claim
    ) private view returns (Status, uint16) {
        Batch storage anchored = _batches[root];
        if (anchored.issuer == address(0)) return (Status.Unknown, StatusCodes.NONE);
        bytes32 institution = _institutionId(claim.country, claim.institutionNameHash);
        if (!TaggedLeaves.verifyCalldata(proof, root, _leaf(claim, anchored.issuer, institution))) {
            return (Status.Unknown, StatusCodes.NONE);
        }
        uint16 mismatch = _mismatch(anchored, claim, institution);
        if (mismatch != StatusCodes.NONE) return (Status.Unknown, mismatch);
        if (anchored.revokedReason != StatusCodes.NONE) return (Status.Revoked, anchored.revokedReason);
        DiplomaRecord storage record = _diplomas[_diplomaId(institution, claim.documentHash)];
        if (record.state == DiplomaState.Revoked) return (Status.Revoked, record.reason);
        if (!_accreditedAt(anchored.issuer, anchored.level, anchored.issuedAt)) {
            return (Status.Revoked, REASON_NOT_ACCREDITED_AT_ISSUANCE);
        }
        if (record.state == DiplomaState.Suspended) return (Status.Suspended, record.reason);
        if (anchored.expiresAt != 0 && block.timestamp >= anchored.expiresAt) return (Status.Expired, StatusCodes.NONE);
        return (Status.Active, StatusCodes.NONE);
    }

    /// @dev The mismatch between a claim proven in `anchored` and the chain, or 0 for none.
    function _mismatch(
        Batch storage anchored,
        DiplomaClaim calldata claim,
        bytes32 institution
    ) private view returns (uint16) {
        if (claim.level != anchored.level) return REASON_LEVEL_MISMATCH;
        Issuer storage record = _issuers[anchored.issuer];
        if (claim.country != record.country) return REASON_COUNTRY_MISMATCH;
        if (institution != record.institution) return REASON_INSTITUTION_MISMATCH;
        return StatusCodes.NONE;
    }

    function _accreditedAt(address issuer, uint8 level, uint64 t) private view returns (bool) {
        if (level == 0 || level > _MAX_LEVEL) return false;
        if (!_holdsAt(_scope(level), ISSUER_ROLE, issuer, t)) return false;
        VoidedSpan[] storage spans = _voided[issuer];
        uint256 count = spans.length;
        for (uint256 i = 0; i < count; ++i) {
            VoidedSpan storage span = spans[i];
            if (span.from <= t && t < span.until) return false;
        }
        return true;
    }

    /// @dev The record of `issuer`, after checking its state and the caller's country.
    function _issuerIn(address issuer, IssuerState expected) private view returns (Issuer storage record) {
        record = _issuers[issuer];
        if (record.state != expected) revert DiplomaRegistryIssuerState(issuer, record.state);
        _checkAccreditorCountry(_msgSender(), record.country);
    }

    /**
     * @dev Reverts when `account` holds a role that must not be combined with `wanted`: the
     * admin holds no other role; an institution (`ISSUER_ROLE`, once accredited) is never an
     * accreditor, revoker or recogniser. The proposed next admin is not accredited either: an
     * accreditation is for good, so it would stop the hand-over the admin began.
     */
    function _requireNoConflict(address account, bytes32 wanted) private view {
        if (wanted != DEFAULT_ADMIN_ROLE && account == defaultAdmin()) {
            revert DiplomaRegistryRoleConflict(account, DEFAULT_ADMIN_ROLE, wanted);
        }
        if (wanted == ISSUER_ROLE) {
            (address proposed, ) = pendingDefaultAdmin();
            if (account == proposed) revert DiplomaRegistryRoleConflict(account, DEFAULT_ADMIN_ROLE, wanted);
        }
        if (wanted == DEFAULT_ADMIN_ROLE || wanted == ISSUER_ROLE) {
            _refuseHeld(account, ACCREDITOR_ROLE, wanted);
            _refuseHeld(account, REVOKER_ROLE, wanted);
            _refuseHeld(account, RECOGNISER_ROLE, wanted);
        }
        if (wanted != ISSUER_ROLE && _issuers[account].state != IssuerState.None) {
            revert DiplomaRegistryRoleConflict(account, ISSUER_ROLE, wanted);
        }
    }

    function _refuseHeld(address account, bytes32 held, bytes32 wanted) private view {
        if (hasRole(held, account)) revert DiplomaRegistryRoleConflict(account, held, wanted);
    }

    function _refuseAppointedRole(bytes32 role, address account) private pure {
        if (role == ACCREDITOR_ROLE || role == ISSUER_ROLE) revert DiplomaRegistryRoleByAppointment(role, account);
    }

    function _checkAccreditorCountry(address accreditor, bytes2 country) private view {
        bytes2 own = _accreditorCountries[accreditor];
        if (own != country) revert DiplomaRegistryWrongCountry(accreditor, own, country);
    }

    /// @dev A revocation or suspension reason: a shared code or academic misconduct.
    function _requireReason(uint16 reason) private pure {
        if (
            reason == StatusCodes.NONE ||
            (reason > StatusCodes.LAST_SHARED_REASON && reason != REASON_ACADEMIC_MISCONDUCT)
        ) {
            revert DiplomaRegistryInvalidReason(reason);
        }
    }

    function _afterNow() private view returns (uint64) {
        return uint64(block.timestamp) + 1;
    }

    function _leaf(DiplomaClaim calldata claim, address anchoredBy, bytes32 institution) private pure returns (bytes32) {
        return TaggedLeaves.leafOfEncoded(
            DIPLOMA_TAG,
            abi.encode(claim.documentHash, claim.salt, anchoredBy, claim.level, claim.country, institution)
        );
    }

    function _diplomaId(bytes32 institution, bytes32 documentHash) private pure returns (bytes32) {
        return keccak256(abi.encode(DIPLOMA_ID_TAG, institution, documentHash));
    }

    function _institutionId(bytes2 country, bytes32 nameHash) private pure returns (bytes32) {
        return keccak256(abi.encode(INSTITUTION_TAG, country, nameHash));
    }

    function _scope(uint8 level) private pure returns (bytes32) {
        return keccak256(abi.encode(EQF_FRAMEWORK, level));
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
