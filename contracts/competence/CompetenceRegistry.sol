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
import {ICompetenceRegistry} from "./ICompetenceRegistry.sol";

/**
 * @title CompetenceRegistry
 * @dev Two-party validated competence credentials (a school proposes, VDAB validates),
 * disclosed claim by claim off chain. See {ICompetenceRegistry}.
 */
contract CompetenceRegistry is ICompetenceRegistry, RoleWindows {
    /// @dev Accredits assessors ({accredit}) and ends their windows.
    bytes32 public constant ACCREDITOR_ROLE = keccak256("ACCREDITOR_ROLE");
    /// @dev Held in role windows per {accreditationScope}, only through {accredit}.
    bytes32 public constant ASSESSOR_ROLE = keccak256("ASSESSOR_ROLE");
    /// @dev Held in role windows in {VALIDATION_SCOPE}, granted by the admin: validates batches.
    bytes32 public constant VALIDATOR_ROLE = keccak256("VALIDATOR_ROLE");
    /// @dev May revoke and suspend any validated batch or credential (an exam board).
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");

    /// @dev The one scope in which `VALIDATOR_ROLE` windows count.
    bytes32 public constant VALIDATION_SCOPE = keccak256("blokketen.competence.validation.v1");

    /// @dev The tag of a credential's leaf in its batch tree.
    bytes32 public constant CREDENTIAL_TAG = keccak256("blokketen.competence.credential.v1");
    /// @dev The tag of a claim leaf.
    bytes32 public constant CLAIM_TAG = keccak256("blokketen.competence.claim.v1");
    /// @dev The tag of a decoy leaf.
    bytes32 public constant DECOY_TAG = keccak256("blokketen.competence.decoy.v1");
    /// @dev The tag of the holder leaf.
    bytes32 public constant HOLDER_TAG = keccak256("blokketen.competence.holder.v1");

    /// @dev Reason: the assessment did not meet the standard (revocation or rejection).
    uint16 public constant REASON_ASSESSMENT_INVALID = 256;
    /// @dev Reason: the evidence of the assessment is missing or insufficient.
    uint16 public constant REASON_EVIDENCE_INSUFFICIENT = 257;
    /// @dev Verdict reason: the batch was not validated within the validation window.
    uint16 public constant REASON_VALIDATION_WINDOW_CLOSED = 258;
    /// @dev Verdict reason: the assessor was not accredited for the batch's levels when it proposed.
    uint16 public constant REASON_NOT_ACCREDITED_AT_PROPOSAL = 259;
    /// @dev Verdict reason: the validator did not hold its role when it validated.
    uint16 public constant REASON_VALIDATOR_NOT_HELD = 260;

    uint8 private constant _MAX_LEVEL = 8;

    /// @dev Kept in storage, not as an immutable: the runtime code then equals the build's,
    /// which is what a verifier compares the code hash with.
    uint64 private _validationWindow;

    mapping(address assessor => uint32 institution) private _institutions;
    mapping(address account => bool everValidator) private _validators;
    mapping(bytes32 root => Batch record) private _batches;
    mapping(bytes32 root => Mark mark) private _batchMarks;
    mapping(bytes32 root => mapping(bytes32 credentialRoot => Mark mark)) private _credentialMarks;

    /// @dev `admin` becomes the default admin (hand-over after `adminDelay` seconds); a
    /// proposed batch can be validated for `validationWindow_` seconds.
    constructor(
        address admin,
        uint48 adminDelay,
        uint64 validationWindow_
    ) RegistryAdminRules(admin, adminDelay) {
        _validationWindow = validationWindow_;
    }

    /**
     * @dev Grants `role` to `account`: `ACCREDITOR_ROLE` or `REVOKER_ROLE` (the assessor and
     * validator roles are held in windows: {accredit}, {grantWindow}).
     *
     * Requirements: the caller has the admin role of `role`; the roles stay separate.
     */
    function grantRole(
        bytes32 role,
        address account
    ) public override(AccessControlDefaultAdminRules, IAccessControl) onlyRole(getRoleAdmin(role)) {
        if (role == ASSESSOR_ROLE || role == VALIDATOR_ROLE) revert CompetenceRegistryWindowsByAccreditation(role);
        super.grantRole(role, account);
    }

    /**
     * @dev Grants a role window: only `VALIDATOR_ROLE` windows in {VALIDATION_SCOPE}, by the
     * admin (assessors are accredited through {accredit}).
     */
    function grantWindow(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 validFrom,
        uint64 validUntil
    ) external override returns (uint256 index) {
        if (role != VALIDATOR_ROLE) revert CompetenceRegistryWindowsByAccreditation(role);
        if (scope != VALIDATION_SCOPE) revert CompetenceRegistryWrongScope(scope, VALIDATION_SCOPE);
        _authorizeWindowChange(scope, role, _msgSender());
        _requireNoConflict(holder, VALIDATOR_ROLE);
        _validators[holder] = true;
        return _grantWindow(scope, role, holder, validFrom, validUntil);
    }

    /// @inheritdoc ICompetenceRegistry
    function accredit(
        address assessor,
        uint32 institutionNumber,
        bytes32 framework,
        uint8 minLevel,
        uint8 maxLevel,
        uint64 validFrom,
        uint64 validUntil
    ) external onlyRole(ACCREDITOR_ROLE) {
        if (assessor == address(0)) revert CompetenceRegistryZeroAccount();
        if (framework == bytes32(0)) revert CompetenceRegistryZeroFramework();
        if (institutionNumber == 0) revert CompetenceRegistryZeroInstitution();
        _checkLevels(minLevel, maxLevel);
        _requireNoConflict(assessor, ASSESSOR_ROLE);
        uint32 known = _institutions[assessor];
        if (known != 0 && known != institutionNumber) {
            revert CompetenceRegistryInstitutionMismatch(assessor, known, institutionNumber);
        }
        _institutions[assessor] = institutionNumber;
        for (uint8 level = minLevel; level <= maxLevel; ++level) {
            _grantWindow(_scope(framework, level), ASSESSOR_ROLE, assessor, validFrom, validUntil);
        }
        emit AssessorAccredited(
            assessor, framework, institutionNumber, minLevel, maxLevel, validFrom, validUntil, _msgSender()
        );
    }

    /// @inheritdoc ICompetenceRegistry
    function proposeBatch(
        bytes32 root,
        bytes32 framework,
        uint8 minLevel,
        uint8 maxLevel,
        uint32 count,
        uint40 validUntil
    ) external {
        if (root == bytes32(0)) revert CompetenceRegistryZeroRoot();
        if (framework == bytes32(0)) revert CompetenceRegistryZeroFramework();
        if (count == 0) revert CompetenceRegistryEmptyBatch();
        _checkLevels(minLevel, maxLevel);
        uint40 nowTime = uint40(block.timestamp);
        if (validUntil != 0 && validUntil <= nowTime) revert CompetenceRegistryInvalidExpiry(validUntil, nowTime);
        if (_batches[root].state != BatchState.None) revert CompetenceRegistryBatchExists(root);
        address assessor = _msgSender();
        for (uint8 level = minLevel; level <= maxLevel; ++level) {
            if (!_holdsAt(_scope(framework, level), ASSESSOR_ROLE, assessor, nowTime)) {
                revert CompetenceRegistryNotAccredited(assessor, framework, level, nowTime);
            }
        }
        _batches[root] = Batch({
            assessor: assessor,
            proposedAt: nowTime,
            validUntil: validUntil,
            state: BatchState.Proposed,
            minLevel: minLevel,
            validator: address(0),
            decidedAt: 0,
            count: count,
            maxLevel: maxLevel,
            rejectReason: StatusCodes.NONE,
            framework: framework
        });
        emit BatchProposed(root, assessor, framework, minLevel, maxLevel, count, validUntil);
    }

    /// @inheritdoc ICompetenceRegistry
    function validateBatch(bytes32 root) external {
        Batch storage proposed = _decidable(root);
        address validator = _msgSender();
        proposed.state = BatchState.Validated;
        proposed.validator = validator;
        proposed.decidedAt = uint40(block.timestamp);
        emit BatchValidated(root, validator);
    }

    /// @inheritdoc ICompetenceRegistry
    function rejectBatch(bytes32 root, uint16 reason) external {
        Batch storage proposed = _decidable(root);
        _requireReason(reason);
        address validator = _msgSender();
        proposed.state = BatchState.Rejected;
        proposed.validator = validator;
        proposed.decidedAt = uint40(block.timestamp);
        proposed.rejectReason = reason;
        emit BatchRejected(root, validator, reason);
    }

    /// @inheritdoc ICompetenceRegistry
    function revokeBatch(bytes32 root, uint16 reason) external {
        _authority(_validated(root), root);
        _requireReason(reason);
        Mark storage mark = _batchMarks[root];
        if (mark.state == MarkState.Revoked) revert CompetenceRegistryAlreadyRevoked(root, root);
        _setMark(mark, MarkState.Revoked, reason);
        emit BatchRevoked(root, _msgSender(), reason);
    }

    /// @inheritdoc ICompetenceRegistry
    function suspendBatch(bytes32 root, uint16 reason) external {
        _authority(_validated(root), root);
        _requireReason(reason);
        _suspend(_batchMarks[root], root, root);
        _setMark(_batchMarks[root], MarkState.Suspended, reason);
        emit BatchSuspended(root, _msgSender(), reason);
    }

    /// @inheritdoc ICompetenceRegistry
    function reinstateBatch(bytes32 root) external {
        _reinstate(_batchMarks[root], root, root);
        emit BatchReinstated(root, _msgSender());
    }

    /// @inheritdoc ICompetenceRegistry
    function revokeCredential(
        bytes32 root,
        bytes32 credentialRoot,
        bytes32[] calldata proof,
        uint16 reason
    ) external {
        _authority(_provenCredential(root, credentialRoot, proof), root);
        _requireReason(reason);
        Mark storage mark = _credentialMarks[root][credentialRoot];
        if (mark.state == MarkState.Revoked) revert CompetenceRegistryAlreadyRevoked(root, credentialRoot);
        _setMark(mark, MarkState.Revoked, reason);
        emit CredentialRevoked(root, credentialRoot, _msgSender(), reason);
    }

    /// @inheritdoc ICompetenceRegistry
    function suspendCredential(
        bytes32 root,
        bytes32 credentialRoot,
        bytes32[] calldata proof,
        uint16 reason
    ) external {
        _authority(_provenCredential(root, credentialRoot, proof), root);
        _requireReason(reason);
        Mark storage mark = _credentialMarks[root][credentialRoot];
        _suspend(mark, root, credentialRoot);
        _setMark(mark, MarkState.Suspended, reason);
        emit CredentialSuspended(root, credentialRoot, _msgSender(), reason);
    }

    /// @inheritdoc ICompetenceRegistry
    function reinstateCredential(bytes32 root, bytes32 credentialRoot) external {
        _reinstate(_credentialMarks[root][credentialRoot], root, credentialRoot);
        emit CredentialReinstated(root, credentialRoot, _msgSender());
    }

    /// @inheritdoc ICompetenceRegistry
    function status(
        bytes32 root,
        bytes32 credentialRoot,
        bytes32[] calldata proof
    ) external view returns (Status, uint16) {
        Batch storage record = _batches[root];
        BatchState state = record.state;
        if (state == BatchState.None) return (Status.Unknown, StatusCodes.NONE);
        if (!TaggedLeaves.verifyCalldata(proof, root, _credentialLeaf(credentialRoot))) {
            return (Status.Unknown, StatusCodes.NONE);
        }
        if (state == BatchState.Proposed) {
            if (block.timestamp < uint256(record.proposedAt) + _validationWindow) {
                return (Status.Pending, StatusCodes.NONE);
            }
            return (Status.Expired, REASON_VALIDATION_WINDOW_CLOSED);
        }
        if (state == BatchState.Rejected) return (Status.Annulled, record.rejectReason);
        Mark storage batchMark_ = _batchMarks[root];
        Mark storage credentialMark_ = _credentialMarks[root][credentialRoot];
        if (batchMark_.state == MarkState.Revoked) return (Status.Revoked, batchMark_.reason);
        if (credentialMark_.state == MarkState.Revoked) return (Status.Revoked, credentialMark_.reason);
        for (uint8 level = record.minLevel; level <= record.maxLevel; ++level) {
            if (!_holdsAt(_scope(record.framework, level), ASSESSOR_ROLE, record.assessor, record.proposedAt)) {
                return (Status.Revoked, REASON_NOT_ACCREDITED_AT_PROPOSAL);
            }
        }
        if (!_holdsAt(VALIDATION_SCOPE, VALIDATOR_ROLE, record.validator, record.decidedAt)) {
            return (Status.Revoked, REASON_VALIDATOR_NOT_HELD);
        }
        if (batchMark_.state == MarkState.Suspended) return (Status.Suspended, batchMark_.reason);
        if (credentialMark_.state == MarkState.Suspended) return (Status.Suspended, credentialMark_.reason);
        if (record.validUntil != 0 && block.timestamp >= record.validUntil) return (Status.Expired, StatusCodes.NONE);
        return (Status.Active, StatusCodes.NONE);
    }

    /// @inheritdoc ICompetenceRegistry
    function batch(bytes32 root) external view returns (Batch memory) {
        Batch storage record = _batches[root];
        BatchState state = record.state;
        if (state == BatchState.None) revert CompetenceRegistryUnknownBatch(root);
        return record;
    }

    /// @inheritdoc ICompetenceRegistry
    function batchMark(bytes32 root) external view returns (Mark memory) {
        return _batchMarks[root];
    }

    /// @inheritdoc ICompetenceRegistry
    function credentialMark(bytes32 root, bytes32 credentialRoot) external view returns (Mark memory) {
        return _credentialMarks[root][credentialRoot];
    }

    /// @inheritdoc ICompetenceRegistry
    function accreditedAt(address assessor, bytes32 framework, uint8 level, uint64 t) external view returns (bool) {
        if (level == 0 || level > _MAX_LEVEL) return false;
        return _holdsAt(_scope(framework, level), ASSESSOR_ROLE, assessor, t);
    }

    /// @inheritdoc ICompetenceRegistry
    function institutionOf(address assessor) external view returns (uint32) {
        return _institutions[assessor];
    }

    /// @inheritdoc ICompetenceRegistry
    function validationWindow() external view returns (uint64) {
        return _validationWindow;
    }

    /// @inheritdoc ICompetenceRegistry
    function accreditationScope(bytes32 framework, uint8 level) external pure returns (bytes32) {
        return _scope(framework, level);
    }

    /// @inheritdoc ICompetenceRegistry
    function credentialLeafOf(bytes32 credentialRoot) external pure returns (bytes32) {
        return _credentialLeaf(credentialRoot);
    }

    /// @inheritdoc ICompetenceRegistry
    function claimLeafOf(
        bytes32 credentialId,
        uint256 index,
        bytes32 salt,
        bytes32 claimHash
    ) external pure returns (bytes32) {
        return TaggedLeaves.leaf(CLAIM_TAG, credentialId, bytes32(index), salt, claimHash);
    }

    /// @inheritdoc ICompetenceRegistry
    function decoyLeafOf(bytes32 credentialId, uint256 index, bytes32 salt) external pure returns (bytes32) {
        return TaggedLeaves.leaf(DECOY_TAG, credentialId, bytes32(index), salt);
    }

    /// @inheritdoc ICompetenceRegistry
    function holderLeafOf(bytes32 credentialId, bytes32 salt, address holder) external pure returns (bytes32) {
        return TaggedLeaves.leaf(HOLDER_TAG, credentialId, salt, bytes32(uint256(uint160(holder))));
    }

    /// @inheritdoc ICompetenceRegistry
    function provenAt(
        bytes32 credentialRoot,
        bytes32 leaf,
        uint256 index,
        bytes32[] calldata proof
    ) external pure returns (bool) {
        return TaggedLeaves.verifyAt(proof, credentialRoot, leaf, index);
    }

    /**
     * @dev Who may change role windows: the admin for `VALIDATOR_ROLE`, an accreditor or the
     * admin for `ASSESSOR_ROLE` (ending them; granting goes through {accredit}); nobody for
     * other roles.
     */
    function _authorizeWindowChange(bytes32 scope, bytes32 role, address account) internal view override {
        if (role == ASSESSOR_ROLE) {
            if (account != defaultAdmin()) _checkRole(ACCREDITOR_ROLE, account);
            return;
        }
        if (role != VALIDATOR_ROLE) revert CompetenceRegistryWindowsByAccreditation(role);
        super._authorizeWindowChange(scope, role, account);
    }

    /**
     * @dev Only the admin ends a window retroactively (a school's accreditation or a
     * validator's mandate found void from an earlier date): batches proposed or validated
     * after that date then read as `Revoked`.
     */
    function _authorizeRetroactiveEnd(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 effectiveAt,
        address account
    ) internal view override {
        if (account != defaultAdmin()) super._authorizeRetroactiveEnd(scope, role, holder, effectiveAt, account);
    }

    /// @dev Every role grant keeps the roles separate.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        _requireNoConflict(account, role);
        return super._grantRole(role, account);
    }

    /// @dev A new admin must hold no working role (renouncing, to the zero address, stays possible).
    function _beginDefaultAdminTransfer(address newAdmin) internal override {
        if (newAdmin != address(0)) _requireNoConflict(newAdmin, DEFAULT_ADMIN_ROLE);
        super._beginDefaultAdminTransfer(newAdmin);
    }

    /// @dev The proposed batch `root` after the checks of {validateBatch}.
    function _decidable(bytes32 root) private view returns (Batch storage proposed) {
        proposed = _batches[root];
        BatchState state = proposed.state;
        if (state == BatchState.None) revert CompetenceRegistryUnknownBatch(root);
        address validator = _msgSender();
        _requireHoldsAt(VALIDATION_SCOPE, VALIDATOR_ROLE, validator, uint64(block.timestamp));
        if (state != BatchState.Proposed) revert CompetenceRegistryBatchNotProposed(root, state);
        if (validator == proposed.assessor) revert CompetenceRegistryValidatorIsAssessor(root, validator);
        uint64 closedAt = uint64(proposed.proposedAt) + _validationWindow;
        if (block.timestamp >= closedAt) {
            revert CompetenceRegistryValidationWindowClosed(root, closedAt, uint64(block.timestamp));
        }
    }

    /// @dev The validated batch `root`.
    function _validated(bytes32 root) private view returns (Batch storage record) {
        record = _batches[root];
        BatchState state = record.state;
        if (state == BatchState.None) revert CompetenceRegistryUnknownBatch(root);
        if (state != BatchState.Validated) revert CompetenceRegistryBatchNotValidated(root, state);
    }

    /// @dev The validated batch `root`, once `proof` proves `credentialRoot` in it.
    function _provenCredential(
        bytes32 root,
        bytes32 credentialRoot,
        bytes32[] calldata proof
    ) private view returns (Batch storage record) {
        record = _validated(root);
        if (!TaggedLeaves.verifyCalldata(proof, root, _credentialLeaf(credentialRoot))) {
            revert CompetenceRegistryInvalidProof(root, credentialRoot);
        }
    }

    /// @dev Reverts unless the caller is the batch's assessor, a validator now, or a revoker.
    function _authority(Batch storage record, bytes32 root) private view {
        address caller = _msgSender();
        if (caller == record.assessor) return;
        if (hasRole(REVOKER_ROLE, caller)) return;
        if (_holdsAt(VALIDATION_SCOPE, VALIDATOR_ROLE, caller, uint64(block.timestamp))) return;
        revert CompetenceRegistryUnauthorized(caller, root);
    }

    /// @dev Reverts when `mark` is revoked or suspended already.
    function _suspend(Mark storage mark, bytes32 root, bytes32 item) private view {
        MarkState state = mark.state;
        if (state == MarkState.Revoked) revert CompetenceRegistryAlreadyRevoked(root, item);
        if (state == MarkState.Suspended) revert CompetenceRegistryAlreadySuspended(root, item, mark.by);
    }

    /// @dev Lifts a suspension after checking that the caller suspended it (or is the admin).
    function _reinstate(Mark storage mark, bytes32 root, bytes32 item) private {
        if (mark.state != MarkState.Suspended) revert CompetenceRegistryNotSuspended(root, item);
        address caller = _msgSender();
        if (caller != mark.by && caller != defaultAdmin()) revert CompetenceRegistryNotSuspender(caller, item, mark.by);
        mark.state = MarkState.None;
        mark.reason = StatusCodes.NONE;
        mark.by = caller;
        mark.changedAt = uint40(block.timestamp);
    }

    function _setMark(Mark storage mark, MarkState state, uint16 reason) private {
        mark.state = state;
        mark.reason = reason;
        mark.by = _msgSender();
        mark.changedAt = uint40(block.timestamp);
    }

    /**
     * @dev Reverts when `account` holds a role that must not be combined with `wanted`: the
     * admin holds no working role; an assessor (a school) holds no other role.
     */
    function _requireNoConflict(address account, bytes32 wanted) private view {
        if (wanted != DEFAULT_ADMIN_ROLE && account == defaultAdmin()) {
            revert CompetenceRegistryRoleConflict(account, DEFAULT_ADMIN_ROLE, wanted);
        }
        if (wanted == ASSESSOR_ROLE || wanted == DEFAULT_ADMIN_ROLE) {
            _refuseHeld(account, ACCREDITOR_ROLE, wanted);
            _refuseHeld(account, REVOKER_ROLE, wanted);
            if (_validators[account]) revert CompetenceRegistryRoleConflict(account, VALIDATOR_ROLE, wanted);
        }
        if (wanted != ASSESSOR_ROLE && _institutions[account] != 0) {
            revert CompetenceRegistryRoleConflict(account, ASSESSOR_ROLE, wanted);
        }
    }

    function _refuseHeld(address account, bytes32 held, bytes32 wanted) private view {
        if (hasRole(held, account)) revert CompetenceRegistryRoleConflict(account, held, wanted);
    }

    /// @dev A reason for a rejection, suspension or revocation: a shared code or one of the two own codes.
    function _requireReason(uint16 reason) private pure {
        if (
            reason == StatusCodes.NONE ||
            (reason > StatusCodes.LAST_SHARED_REASON && reason != REASON_ASSESSMENT_INVALID &&
                reason != REASON_EVIDENCE_INSUFFICIENT)
        ) {
            revert CompetenceRegistryInvalidReason(reason);
        }
    }

    function _checkLevels(uint8 minLevel, uint8 maxLevel) private pure {
        if (minLevel == 0 || maxLevel > _MAX_LEVEL || minLevel > maxLevel) {
            revert CompetenceRegistryInvalidLevels(minLevel, maxLevel);
        }
    }

    function _credentialLeaf(bytes32 credentialRoot) private pure returns (bytes32) {
        return TaggedLeaves.leaf(CREDENTIAL_TAG, credentialRoot);
    }

    function _scope(bytes32 framework, uint8 level) private pure returns (bytes32) {
        return keccak256(abi.encode(ASSESSOR_ROLE, framework, level));
    }
}
