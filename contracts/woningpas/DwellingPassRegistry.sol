// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {RegistryAdminRules} from "../common/RegistryAdminRules.sol";
import {RoleWindows} from "../common/RoleWindows.sol";
import {Status} from "../common/IStatus.sol";
import {StatusCodes} from "../common/StatusCodes.sol";
import {TaggedLeaves} from "../common/TaggedLeaves.sol";
import {TypedSignatures} from "../common/TypedSignatures.sol";
import {IDwellingPassRegistry} from "./IDwellingPassRegistry.sol";

/**
 * @title DwellingPassRegistry
 * @dev The dwelling passport (woningpas). See {IDwellingPassRegistry}.
 *
 * Roles, all held in role windows ({RoleWindows}) so a verifier can ask whether an issuer held
 * its role when it recorded: REGISTRAR_ROLE (registers dwellings, holders' roots, exemptions,
 * grants LANDLORD_ROLE per dwelling), one issuer role per attestation type, SUPERVISOR_ROLE
 * (withdraws any attestation), NOTARY_ROLE (records transfers) and LANDLORD_ROLE in the scope
 * of one dwelling (names its reference EPC per rent year). The default admin grants the
 * windows of every role but LANDLORD_ROLE.
 */
contract DwellingPassRegistry is IDwellingPassRegistry, RoleWindows, TypedSignatures {
    /// @dev Registers dwellings, holders' roots and exemptions; grants LANDLORD_ROLE per dwelling.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @dev Records EPCs (VEKA).
    bytes32 public constant EPC_ISSUER_ROLE = keccak256("EPC_ISSUER_ROLE");
    /// @dev Records asbestos attests (OVAM).
    bytes32 public constant ASBESTOS_ISSUER_ROLE = keccak256("ASBESTOS_ISSUER_ROLE");
    /// @dev Records soil attests (OVAM).
    bytes32 public constant SOIL_ISSUER_ROLE = keccak256("SOIL_ISSUER_ROLE");
    /// @dev Records permits (a municipality, Departement Omgeving).
    bytes32 public constant PERMIT_ISSUER_ROLE = keccak256("PERMIT_ISSUER_ROLE");
    /// @dev Records conformity attests (a municipality).
    bytes32 public constant CONFORMITY_ISSUER_ROLE = keccak256("CONFORMITY_ISSUER_ROLE");
    /// @dev Records electrical inspections (an accredited inspection body).
    bytes32 public constant INSPECTION_ISSUER_ROLE = keccak256("INSPECTION_ISSUER_ROLE");
    /// @dev Withdraws any attestation with a reason (VEKA / OVAM enforcement).
    bytes32 public constant SUPERVISOR_ROLE = keccak256("SUPERVISOR_ROLE");
    /// @dev Records transfers (deed dates).
    bytes32 public constant NOTARY_ROLE = keccak256("NOTARY_ROLE");
    /// @dev Held in the scope of one dwelling: names its reference EPC per rent year.
    bytes32 public constant LANDLORD_ROLE = keccak256("LANDLORD_ROLE");

    /// @dev Tag of an attestation commitment (computed off chain).
    bytes32 public constant ATTESTATION_TAG = keccak256("blokketen.woningpas.attestation.v1");
    /// @dev Tag of an attestation id.
    bytes32 public constant ATTESTATION_ID_TAG = keccak256("blokketen.woningpas.attestation-id.v1");
    /// @dev Tag of a parcel commitment.
    bytes32 public constant PARCEL_TAG = keccak256("blokketen.woningpas.parcel.v1");
    /// @dev Tag of a reference-EPC leaf of a woonmaatschappij's yearly root.
    bytes32 public constant REFERENCE_TAG = keccak256("blokketen.woningpas.reference-epc.v1");
    /// @dev Tag of a real-right holder leaf.
    bytes32 public constant HOLDER_TAG = keccak256("blokketen.woningpas.holder.v1");
    /// @dev EIP-712 type of a mandate.
    bytes32 public constant MANDATE_TYPEHASH =
        keccak256("Mandate(bytes32 dwellingRef,address grantee,uint16 scope,uint64 validUntil,uint256 nonce)");

    /// @dev Attestation types.
    uint8 public constant EPC = 1;
    uint8 public constant ASBESTOS = 2;
    uint8 public constant SOIL = 3;
    uint8 public constant PERMIT = 4;
    uint8 public constant CONFORMITY = 5;
    uint8 public constant ELECTRICAL = 6;
    uint8 public constant OWNER_EVIDENCE = 7;

    /// @dev EPC labels D (the first renovation target) and worst (F).
    uint8 public constant LABEL_A = 2;
    uint8 public constant LABEL_B = 3;
    uint8 public constant LABEL_C = 4;
    uint8 public constant LABEL_D = 5;
    uint8 public constant LABEL_F = 7;

    /// @dev Longest validity of an EPC and an asbestos attest: ten years with three leap days.
    uint40 public constant MAX_VALIDITY = 3653 days;

    /// @dev Exemption reason: the dwelling will be demolished.
    uint16 public constant REASON_DEMOLITION = 256;
    /// @dev Exemption reason: the dwelling is protected heritage.
    uint16 public constant REASON_PROTECTED_HERITAGE = 257;

    uint8 private constant _NONE = 0;
    uint8 private constant _STARTED = 1;
    uint8 private constant _MET = 2;
    uint8 private constant _BREACHED = 3;
    uint8 private constant _EXEMPT = 4;
    uint16 private constant _SCOPE_BITS = 0xFE; // bits 1..7
    int16 private constant _MIN_SCORE = -500;
    int16 private constant _MAX_SCORE = 2000;

    mapping(bytes32 dwellingRef => Dwelling) private _dwellings;
    mapping(bytes32 id => Attestation) private _attestations;
    mapping(bytes32 dwellingRef => mapping(uint8 attType => bytes32 id)) private _current;
    mapping(bytes32 dwellingRef => mapping(uint16 year => bytes32 id)) private _reference;
    mapping(address landlord => mapping(uint16 year => bytes32 root)) private _referenceRoots;
    mapping(bytes32 dwellingRef => Renovation) private _renovations;
    mapping(bytes32 mandateHash => MandateRecord) private _mandates;

    /// @dev `admin` becomes the default admin; a hand-over to another admin waits `adminDelay` seconds.
    constructor(address admin, uint48 adminDelay) RegistryAdminRules(admin, adminDelay) {}

    // ------------------------------------------------------------------ dwellings

    /// @inheritdoc IDwellingPassRegistry
    function registerDwelling(bytes32 dwellingRef, uint8 kind, bytes32 parcelCommitment) external {
        _requireNow(REGISTRAR_ROLE);
        if (dwellingRef == bytes32(0)) revert DwellingPassRegistryZeroValue("dwellingRef");
        if (kind > 2) revert DwellingPassRegistryBadKind(kind);
        Dwelling storage entry = _dwellings[dwellingRef];
        if (entry.registeredAt != 0) revert DwellingPassRegistryDwellingRegistered(dwellingRef);
        entry.registeredAt = uint40(block.timestamp);
        entry.kind = kind;
        entry.parcelCommitment = parcelCommitment;
        emit DwellingRegistered(dwellingRef, kind, parcelCommitment, _msgSender());
    }

    /// @inheritdoc IDwellingPassRegistry
    function setHoldersRoot(bytes32 dwellingRef, bytes32 holdersRoot) external {
        _requireNow(REGISTRAR_ROLE);
        if (holdersRoot == bytes32(0)) revert DwellingPassRegistryZeroValue("holdersRoot");
        _known(dwellingRef).holdersRoot = holdersRoot;
        emit HoldersRootSet(dwellingRef, holdersRoot, _msgSender());
    }

    // ------------------------------------------------------------------ attestations

    /// @inheritdoc IDwellingPassRegistry
    function recordAttestation(
        bytes32 dwellingRef,
        uint8 attType,
        bytes32 commitment,
        uint40 issuedAt,
        uint40 validUntil,
        int16 epcScore,
        uint8 epcLabel,
        bytes32 supersedes
    ) external returns (bytes32 id) {
        if (attType == 0 || attType > ELECTRICAL) revert DwellingPassRegistryBadType(attType);
        _requireNow(_issuerRole(attType));
        _known(dwellingRef);
        if (commitment == bytes32(0)) revert DwellingPassRegistryZeroValue("commitment");
        _checkDates(attType, issuedAt, validUntil);
        if (attType == EPC) {
            _checkLabel(epcScore, epcLabel);
        } else if (epcLabel != 0 || epcScore != 0) {
            revert DwellingPassRegistryBadLabel(attType, epcLabel);
        }
        id = _store(dwellingRef, attType, commitment, issuedAt, validUntil);
        Attestation storage entry = _attestations[id];
        entry.epcScore = epcScore;
        entry.epcLabel = epcLabel;
        bytes32 current = _current[dwellingRef][attType];
        if (supersedes != current) revert DwellingPassRegistryWrongSupersedes(dwellingRef, attType, supersedes, current);
        if (current != bytes32(0)) {
            Attestation storage old = _attestations[current];
            if (issuedAt < old.issuedAt) revert DwellingPassRegistryNotNewer(issuedAt, old.issuedAt);
            old.status = Status.Superseded;
            old.endedAt = issuedAt == 0 ? 1 : issuedAt; // replaced from the new one's issue date
            old.reason = StatusCodes.REPLACED;
            emit AttestationSuperseded(current, id);
        }
        _current[dwellingRef][attType] = id;
        if (attType == EPC) _meetRenovation(dwellingRef, id, issuedAt, epcLabel);
    }

    /// @inheritdoc IDwellingPassRegistry
    function recordOwnerEvidence(
        bytes32 dwellingRef,
        bytes32 commitment,
        uint40 issuedAt,
        bytes32[] calldata holderProof
    ) external returns (bytes32 id) {
        _requireHolder(dwellingRef, _msgSender(), holderProof);
        if (commitment == bytes32(0)) revert DwellingPassRegistryZeroValue("commitment");
        if (issuedAt > block.timestamp) revert DwellingPassRegistryIssuedInFuture(issuedAt, block.timestamp);
        id = _store(dwellingRef, OWNER_EVIDENCE, commitment, issuedAt, type(uint40).max);
    }

    /// @inheritdoc IDwellingPassRegistry
    function withdraw(bytes32 id, uint16 reason) external {
        Attestation storage entry = _attestations[id];
        if (entry.issuer == address(0)) revert DwellingPassRegistryUnknownAttestation(id);
        if (entry.status != Status.Active) revert DwellingPassRegistryNotCurrent(id, entry.status);
        address sender = _msgSender();
        if (sender != entry.issuer && !_holdsAt(bytes32(0), SUPERVISOR_ROLE, sender, uint64(block.timestamp))) {
            revert DwellingPassRegistryNotIssuerOrSupervisor(id, sender);
        }
        if (reason == StatusCodes.NONE || reason == StatusCodes.REPLACED || !StatusCodes.isKnownReason(reason, 0)) {
            revert DwellingPassRegistryBadReason(reason);
        }
        entry.status = Status.Withdrawn;
        entry.endedAt = uint40(block.timestamp);
        entry.reason = reason;
        if (_current[entry.dwellingRef][entry.attType] == id) delete _current[entry.dwellingRef][entry.attType];
        emit AttestationWithdrawn(id, reason, sender);
    }

    // ------------------------------------------------------------------ energy correction feed

    /// @inheritdoc IDwellingPassRegistry
    function setReferenceEpc(bytes32 dwellingRef, uint16 year, bytes32 id) external {
        _requireHoldsAt(dwellingRef, LANDLORD_ROLE, _msgSender(), uint64(block.timestamp));
        if (year < 2020 || year > 2100) revert DwellingPassRegistryBadYear(year);
        bytes32 existing = _reference[dwellingRef][year];
        if (existing != bytes32(0)) revert DwellingPassRegistryReferenceSet(dwellingRef, year, existing);
        Attestation storage entry = _attestations[id];
        if (entry.attType != EPC || entry.dwellingRef != dwellingRef) revert DwellingPassRegistryNotEpcOf(id, dwellingRef);
        uint40 janFirst = uint40(_daysFromCivil(year, 1, 1) * 1 days);
        (Status status,,) = _statusAt(id, janFirst);
        if (status != Status.Active) revert DwellingPassRegistryNotActiveAt(id, janFirst);
        _reference[dwellingRef][year] = id;
        emit ReferenceEpcSet(dwellingRef, year, id, _msgSender());
    }

    /// @inheritdoc IDwellingPassRegistry
    function setReferenceRoot(uint16 year, bytes32 root) external {
        address landlord = _msgSender();
        _requireHoldsAt(bytes32(0), LANDLORD_ROLE, landlord, uint64(block.timestamp));
        if (year < 2020 || year > 2100) revert DwellingPassRegistryBadYear(year);
        if (root == bytes32(0)) revert DwellingPassRegistryZeroValue("root");
        bytes32 existing = _referenceRoots[landlord][year];
        if (existing != bytes32(0)) revert DwellingPassRegistryReferenceRootSet(landlord, year, existing);
        _referenceRoots[landlord][year] = root;
        emit ReferenceRootSet(landlord, year, root);
    }

    // ------------------------------------------------------------------ renovation duty

    /// @inheritdoc IDwellingPassRegistry
    function recordTransfer(bytes32 dwellingRef, uint40 deedDate) external {
        _requireNow(NOTARY_ROLE);
        Dwelling storage entry = _known(dwellingRef);
        if (deedDate < entry.registeredAt - entry.registeredAt % 1 days || deedDate > block.timestamp) {
            revert DwellingPassRegistryBadDeedDate(deedDate, entry.registeredAt, block.timestamp);
        }
        emit TransferRecorded(dwellingRef, deedDate, _msgSender());
        Renovation storage duty = _renovations[dwellingRef];
        // a resale inherits a running term; an exemption outlives sales
        if (duty.state == _STARTED || duty.state == _BREACHED || duty.state == _EXEMPT) return;
        (uint8 target, uint40 deadline) = _renovationTerms(deedDate, entry.kind);
        if (target == 0) return;
        bytes32 epcId = _current[dwellingRef][EPC];
        if (epcId == bytes32(0)) return;
        (Status status,,) = _statusAt(epcId, deedDate);
        uint8 label = _attestations[epcId].epcLabel;
        if (status != Status.Active || label <= target) return;
        _renovations[dwellingRef] = Renovation({
            deedDate: deedDate, deadline: deadline, targetLabel: target, state: _STARTED, exemptReason: 0
        });
        emit RenovationObligationStarted(dwellingRef, deadline, target);
    }

    /// @inheritdoc IDwellingPassRegistry
    function markBreached(bytes32 dwellingRef) external {
        Renovation storage duty = _renovations[dwellingRef];
        if (duty.state != _STARTED) revert DwellingPassRegistryNoRunningObligation(dwellingRef, duty.state);
        if (block.timestamp <= duty.deadline) {
            revert DwellingPassRegistryDeadlineNotPassed(dwellingRef, duty.deadline, block.timestamp);
        }
        duty.state = _BREACHED;
        emit RenovationObligationBreached(dwellingRef, _msgSender());
    }

    /// @inheritdoc IDwellingPassRegistry
    function recordExemption(bytes32 dwellingRef, uint16 reason) external {
        _requireNow(REGISTRAR_ROLE);
        _known(dwellingRef);
        if (reason != REASON_DEMOLITION && reason != REASON_PROTECTED_HERITAGE) revert DwellingPassRegistryBadReason(reason);
        Renovation storage duty = _renovations[dwellingRef];
        duty.state = _EXEMPT;
        duty.exemptReason = reason;
        emit ExemptionRecorded(dwellingRef, reason, _msgSender());
    }

    // ------------------------------------------------------------------ mandates

    /// @inheritdoc IDwellingPassRegistry
    function grantMandate(
        Mandate calldata m,
        address holder,
        bytes calldata signature,
        bytes32[] calldata holderProof
    ) external returns (bytes32 hash_) {
        if (m.grantee == address(0)) revert DwellingPassRegistryZeroValue("grantee");
        if (m.scope == 0 || m.scope & ~_SCOPE_BITS != 0) revert DwellingPassRegistryBadScope(m.scope);
        if (m.validUntil <= block.timestamp) revert DwellingPassRegistryMandateLapsed(m.validUntil, block.timestamp);
        _requireHolder(m.dwellingRef, holder, holderProof);
        hash_ = _mandateHash(m);
        _useCheckedNonce(holder, m.nonce);
        _requireValidSignature(holder, _hashTypedData(hash_), signature);
        _mandates[hash_] = MandateRecord({
            holder: holder,
            grantee: m.grantee,
            dwellingRef: m.dwellingRef,
            scope: m.scope,
            validUntil: m.validUntil,
            grantedAt: uint64(block.timestamp),
            revokedAt: 0
        });
        emit MandateGranted(hash_, m.dwellingRef, m.grantee, holder);
    }

    /// @inheritdoc IDwellingPassRegistry
    function revokeMandate(bytes32 hash_) external {
        MandateRecord storage entry = _mandates[hash_];
        if (entry.grantedAt == 0) revert DwellingPassRegistryUnknownMandate(hash_);
        if (entry.holder != _msgSender()) revert DwellingPassRegistryNotMandateHolder(hash_, _msgSender());
        if (entry.revokedAt != 0) revert DwellingPassRegistryMandateRevoked(hash_, entry.revokedAt);
        entry.revokedAt = uint64(block.timestamp);
        emit MandateRevoked(hash_, entry.holder);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDwellingPassRegistry
    function dwelling(bytes32 dwellingRef) external view returns (Dwelling memory) {
        return _dwellings[dwellingRef];
    }

    /// @inheritdoc IDwellingPassRegistry
    function attestation(bytes32 id) external view returns (Attestation memory) {
        return _attestations[id];
    }

    /// @inheritdoc IDwellingPassRegistry
    function currentAttestation(bytes32 dwellingRef, uint8 attType) external view returns (bytes32) {
        return _current[dwellingRef][attType];
    }

    /// @inheritdoc IDwellingPassRegistry
    function statusAt(bytes32 id, uint40 t) external view returns (Status status, uint16 reason, bool issuerHeldRole) {
        return _statusAt(id, t);
    }

    /// @inheritdoc IDwellingPassRegistry
    function referenceEpc(bytes32 dwellingRef, uint16 year) external view returns (bytes32 id) {
        id = _reference[dwellingRef][year];
        if (id == bytes32(0)) revert DwellingPassRegistryNoReferenceEpc(dwellingRef, year);
    }

    /// @inheritdoc IDwellingPassRegistry
    function referenceRoot(address landlord, uint16 year) external view returns (bytes32) {
        return _referenceRoots[landlord][year];
    }

    /// @inheritdoc IDwellingPassRegistry
    function referenceEpcInRoot(
        address landlord,
        uint16 year,
        bytes32 dwellingRef,
        bytes32 id,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 root = _referenceRoots[landlord][year];
        if (root == bytes32(0)) return false;
        bytes32 leaf = TaggedLeaves.leaf(REFERENCE_TAG, dwellingRef, bytes32(uint256(year)), id);
        if (!TaggedLeaves.verifyCalldata(proof, root, leaf)) return false;
        Attestation storage entry = _attestations[id];
        if (entry.attType != EPC || entry.dwellingRef != dwellingRef) return false;
        (Status status,,) = _statusAt(id, uint40(_daysFromCivil(year, 1, 1) * 1 days));
        return status == Status.Active;
    }

    /// @inheritdoc IDwellingPassRegistry
    function renovation(bytes32 dwellingRef) external view returns (Renovation memory) {
        return _renovations[dwellingRef];
    }

    /// @inheritdoc IDwellingPassRegistry
    function renovationTerms(uint40 deedDate, uint8 kind) external pure returns (uint8 targetLabel, uint40 deadline) {
        return _renovationTerms(deedDate, kind);
    }

    /// @inheritdoc IDwellingPassRegistry
    function labelOf(int16 score) external pure returns (uint8) {
        return _labelOf(score);
    }

    /// @inheritdoc IDwellingPassRegistry
    function mandateHash(Mandate calldata m) external pure returns (bytes32) {
        return _mandateHash(m);
    }

    /// @inheritdoc IDwellingPassRegistry
    function mandate(bytes32 hash_) external view returns (MandateRecord memory) {
        return _mandates[hash_];
    }

    /// @inheritdoc IDwellingPassRegistry
    function mandateValidAt(
        bytes32 hash_,
        address grantee,
        uint16 scope,
        uint64 t,
        bytes32[] calldata holderProof
    ) external view returns (bool) {
        MandateRecord storage entry = _mandates[hash_];
        if (entry.grantedAt == 0 || entry.grantee != grantee || t > block.timestamp) return false;
        if (scope == 0 || scope & ~entry.scope != 0) return false;
        if (t < entry.grantedAt || t >= entry.validUntil) return false;
        if (entry.revokedAt != 0 && t >= entry.revokedAt) return false;
        bytes32 root = _dwellings[entry.dwellingRef].holdersRoot;
        bytes32 holderLeaf = TaggedLeaves.leaf(HOLDER_TAG, entry.dwellingRef, bytes32(uint256(uint160(entry.holder))));
        return TaggedLeaves.verifyCalldata(holderProof, root, holderLeaf);
    }

    // ------------------------------------------------------------------ internals

    /**
     * @dev LANDLORD_ROLE windows (per dwelling) are granted and ended by a REGISTRAR; every
     * other role's by the default admin.
     */
    function _authorizeWindowChange(bytes32 scope, bytes32 role, address account) internal view override {
        if (role == LANDLORD_ROLE) {
            _requireHoldsAt(bytes32(0), REGISTRAR_ROLE, account, uint64(block.timestamp));
        } else {
            super._authorizeWindowChange(scope, role, account);
        }
    }

    function _eip712Name() internal pure override returns (string memory) {
        return "Blokketen DwellingPassRegistry";
    }

    function _eip712Version() internal pure override returns (string memory) {
        return "1";
    }

    function _requireNow(bytes32 role) private view {
        _requireHoldsAt(bytes32(0), role, _msgSender(), uint64(block.timestamp));
    }

    function _known(bytes32 dwellingRef) private view returns (Dwelling storage entry) {
        entry = _dwellings[dwellingRef];
        if (entry.registeredAt == 0) revert DwellingPassRegistryUnknownDwelling(dwellingRef);
    }

    function _requireHolder(bytes32 dwellingRef, address account, bytes32[] calldata proof) private view {
        bytes32 root = _known(dwellingRef).holdersRoot;
        bytes32 holderLeaf = TaggedLeaves.leaf(HOLDER_TAG, dwellingRef, bytes32(uint256(uint160(account))));
        if (root == bytes32(0) || !TaggedLeaves.verifyCalldata(proof, root, holderLeaf)) {
            revert DwellingPassRegistryNotHolder(dwellingRef, account);
        }
    }

    function _store(
        bytes32 dwellingRef,
        uint8 attType,
        bytes32 commitment,
        uint40 issuedAt,
        uint40 validUntil
    ) private returns (bytes32 id) {
        id = TaggedLeaves.leaf(ATTESTATION_ID_TAG, dwellingRef, bytes32(uint256(attType)), commitment);
        Attestation storage entry = _attestations[id];
        if (entry.issuer != address(0)) revert DwellingPassRegistryAlreadyRecorded(id);
        address issuer = _msgSender();
        entry.issuer = issuer;
        entry.issuedAt = issuedAt;
        entry.validUntil = validUntil;
        entry.attType = attType;
        entry.status = Status.Active;
        entry.dwellingRef = dwellingRef;
        entry.recordedAt = uint40(block.timestamp);
        emit AttestationRecorded(id, dwellingRef, attType, issuer, issuedAt, validUntil);
    }

    function _checkDates(uint8 attType, uint40 issuedAt, uint40 validUntil) private view {
        if (issuedAt > block.timestamp) revert DwellingPassRegistryIssuedInFuture(issuedAt, block.timestamp);
        uint40 longest = (attType == EPC || attType == ASBESTOS) ? MAX_VALIDITY : type(uint40).max;
        if (validUntil <= issuedAt || validUntil - issuedAt > longest) {
            revert DwellingPassRegistryBadValidity(issuedAt, validUntil, longest);
        }
    }

    function _checkLabel(int16 score, uint8 label) private pure {
        if (label == 0 || label > LABEL_F) revert DwellingPassRegistryBadLabel(EPC, label);
        if (_labelOf(score) != label) revert DwellingPassRegistryLabelMismatch(score, label);
    }

    function _labelOf(int16 score) private pure returns (uint8) {
        if (score < _MIN_SCORE || score > _MAX_SCORE) revert DwellingPassRegistryScoreOutOfRange(score);
        if (score < 0) return 1;
        if (score > 500) return LABEL_F;
        // A 0..100, B 101..200, C 201..300, D 301..400, E 401..500
        return score == 0 ? LABEL_A : uint8(uint16((score - 1) / 100)) + LABEL_A;
    }

    function _statusAt(bytes32 id, uint40 t) private view returns (Status status, uint16 reason, bool heldRole) {
        Attestation storage entry = _attestations[id];
        address issuer = entry.issuer;
        if (issuer == address(0) || t > block.timestamp) return (Status.Unknown, 0, false);
        uint8 attType = entry.attType;
        heldRole = attType != OWNER_EVIDENCE &&
            _holdsAt(bytes32(0), _issuerRole(attType), issuer, uint64(entry.recordedAt));
        if (t < entry.issuedAt) return (Status.Pending, 0, heldRole);
        if (entry.endedAt != 0 && t >= entry.endedAt) return (entry.status, entry.reason, heldRole);
        if (t >= entry.validUntil) return (Status.Expired, 0, heldRole);
        return (Status.Active, 0, heldRole);
    }

    function _meetRenovation(bytes32 dwellingRef, bytes32 id, uint40 issuedAt, uint8 label) private {
        Renovation storage duty = _renovations[dwellingRef];
        if (duty.state == _STARTED && label <= duty.targetLabel && issuedAt >= duty.deedDate) {
            duty.state = _MET;
            emit RenovationObligationMet(dwellingRef, id);
        }
    }

    function _issuerRole(uint8 attType) private pure returns (bytes32) {
        if (attType == EPC) return EPC_ISSUER_ROLE;
        if (attType == ASBESTOS) return ASBESTOS_ISSUER_ROLE;
        if (attType == SOIL) return SOIL_ISSUER_ROLE;
        if (attType == PERMIT) return PERMIT_ISSUER_ROLE;
        if (attType == CONFORMITY) return CONFORMITY_ISSUER_ROLE;
        return INSPECTION_ISSUER_ROLE;
    }

    function _mandateHash(Mandate calldata m) private pure returns (bytes32) {
        return keccak256(abi.encode(MANDATE_TYPEHASH, m.dwellingRef, m.grantee, m.scope, m.validUntil, m.nonce));
    }

    /**
     * @dev Target label and deadline of a purchase by a deed of `deedDate` (00:00 UTC): none
     * before 2023; D for deeds of 2023-2027, C for 2028-2034, from 2035 B for a house (or a
     * dwelling of unknown kind) and C for an apartment, A from 2045. The deadline is the same
     * calendar day five years later (29 February: 1 March).
     */
    function _renovationTerms(uint40 deedDate, uint8 kind) private pure returns (uint8 target, uint40 deadline) {
        uint256 day = deedDate / 1 days;
        (uint256 y, uint256 m, uint256 d) = _civilFromDays(day);
        if (y < 2023) return (0, 0);
        if (y < 2028) target = LABEL_D;
        else if (y < 2035) target = LABEL_C;
        else if (y < 2045) target = kind == 2 ? LABEL_C : LABEL_B;
        else target = LABEL_A;
        deadline = uint40(_daysFromCivil(y + 5, m, d) * 1 days);
    }

    /// @dev Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    function _daysFromCivil(uint256 y, uint256 m, uint256 d) private pure returns (uint256) {
        if (m <= 2) y -= 1;
        uint256 era = y / 400;
        uint256 yoe = y - era * 400;
        uint256 mp = m > 2 ? m - 3 : m + 9;
        uint256 doy = (153 * mp + 2) / 5 + d - 1;
        uint256 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /// @dev The date of day `z` since 1970-01-01 (H. Hinnant's algorithm).
    function _civilFromDays(uint256 z) private pure returns (uint256 y, uint256 m, uint256 d) {
        z += 719468;
        uint256 era = z / 146097;
        uint256 doe = z - era * 146097;
        uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        uint256 mp = (5 * doy + 2) / 153;
        d = doy - (153 * mp + 2) / 5 + 1;
        m = mp < 10 ? mp + 3 : mp - 9;
        y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    }
}
