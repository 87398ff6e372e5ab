// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {RegistryAdminRules} from "../common/RegistryAdminRules.sol";
import {RoleWindows} from "../common/RoleWindows.sol";
import {Status} from "../common/IStatus.sol";
import {StatusCodes} from "../common/StatusCodes.sol";
import {TaggedLeaves} from "../common/TaggedLeaves.sol";
import {TypedSignatures} from "../common/TypedSignatures.sol";
import {ILocalDecisionRegistry} from "./ILocalDecisionRegistry.sol";

/**
 * @title LocalDecisionRegistry
 * @dev Signed council decisions, provable one by one. See {ILocalDecisionRegistry}.
 */
contract LocalDecisionRegistry is ILocalDecisionRegistry, RoleWindows, TypedSignatures {
    /// @dev Registers bodies and gives the per-body role windows.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @dev Anchors and publishes documents and stream checkpoints.
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");
    /// @dev Registers complaint receipts and annuls decisions.
    bytes32 public constant SUPERVISOR_ROLE = keccak256("SUPERVISOR_ROLE");
    /// @dev The chair (voorzitter) of a body; held in windows per body.
    bytes32 public constant CHAIR_ROLE = keccak256("CHAIR_ROLE");
    /// @dev The secretary (algemeen directeur or deputy) of a body; held in windows per body.
    bytes32 public constant SECRETARY_ROLE = keccak256("SECRETARY_ROLE");
    /// @dev Retracts the body's documents; held in windows per body.
    bytes32 public constant BODY_ADMIN_ROLE = keccak256("BODY_ADMIN_ROLE");

    /// @dev The tag of a public decision leaf.
    bytes32 public constant DECISION_TAG = keccak256("blokketen.lblod.besluit.v1");
    /// @dev The tag of a non-public (salted) decision leaf.
    bytes32 public constant PRIVATE_DECISION_TAG = keccak256("blokketen.lblod.besluit-private.v1");
    /// @dev The tag of a stream checkpoint head.
    bytes32 public constant CHECKPOINT_TAG = keccak256("blokketen.lblod.checkpoint.v1");

    /// @dev The EIP-712 type every signer signs.
    bytes32 public constant SIGN_DOCUMENT_TYPEHASH = keccak256(
        "SignDocument(bytes32 bodyId,bytes32 sessionId,uint8 kind,uint16 version,bytes32 contentRoot,"
        "bytes32 htmlHash,bytes32 role,uint256 nonce,uint256 deadline)"
    );

    uint64 private constant _COMPLAINT_PERIOD = 30 days;

    struct Session {
        bytes32 bodyId;
        uint64 start;
    }

    mapping(bytes32 bodyId => bool registered) private _bodies;
    mapping(bytes32 sessionId => Session session) private _sessions;
    mapping(bytes32 docId => Document doc) private _documents;
    mapping(bytes32 seriesId => uint16 version) private _latest;
    mapping(bytes32 bodyId => mapping(bytes32 uriHash => Annulment record)) private _annulments;
    mapping(bytes32 receiptHash => bool registered) private _complaints;
    mapping(bytes32 streamId => StreamHead head) private _streams;

    /// @dev `admin` becomes the default admin; a hand-over waits `adminDelay` seconds. The
    /// registrar administers the per-body windows.
    constructor(address admin, uint48 adminDelay) RegistryAdminRules(admin, adminDelay) {
        _setRoleAdmin(CHAIR_ROLE, REGISTRAR_ROLE);
        _setRoleAdmin(SECRETARY_ROLE, REGISTRAR_ROLE);
        _setRoleAdmin(BODY_ADMIN_ROLE, REGISTRAR_ROLE);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function registerBody(bytes32 bodyId) external onlyRole(REGISTRAR_ROLE) {
        if (bodyId == bytes32(0)) revert LocalDecisionRegistryZeroId();
        if (_bodies[bodyId]) revert LocalDecisionRegistryBodyExists(bodyId);
        _bodies[bodyId] = true;
        emit BodyRegistered(bodyId, _msgSender());
    }

    /// @inheritdoc ILocalDecisionRegistry
    function anchor(
        DocumentRef calldata ref,
        bytes32 contentRoot,
        bytes32 htmlHash,
        uint64 sessionStart
    ) external onlyRole(PUBLISHER_ROLE) {
        _anchor(ref, contentRoot, htmlHash, sessionStart);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function sign(DocumentRef calldata ref, bytes32 role, Signature calldata sig) external {
        _sign(_docIdOf(ref), ref, role, sig);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function publish(DocumentRef calldata ref) external onlyRole(PUBLISHER_ROLE) {
        _publish(_docIdOf(ref), ref);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function anchorSignPublish(
        DocumentRef calldata ref,
        bytes32 contentRoot,
        bytes32 htmlHash,
        uint64 sessionStart,
        Signature calldata chair,
        Signature calldata secretary
    ) external onlyRole(PUBLISHER_ROLE) {
        bytes32 docId = _anchor(ref, contentRoot, htmlHash, sessionStart);
        _sign(docId, ref, CHAIR_ROLE, chair);
        _sign(docId, ref, SECRETARY_ROLE, secretary);
        _publish(docId, ref);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function retract(DocumentRef calldata ref, uint16 reason, bytes32 reasonHash) external {
        address sender = _msgSender();
        _requireHoldsAt(ref.bodyId, BODY_ADMIN_ROLE, sender, uint64(block.timestamp));
        StatusCodes.requireReason(Status.Retracted, reason, 0);
        if (reasonHash == bytes32(0)) revert LocalDecisionRegistryZeroReference();
        bytes32 docId = _docIdOf(ref);
        Document storage doc = _documents[docId];
        if (doc.state != DocumentState.Published) revert LocalDecisionRegistryDocumentState(docId, doc.state);
        doc.state = DocumentState.Retracted;
        doc.endedAt = uint64(block.timestamp);
        doc.endReason = reason;
        emit DocumentRetracted(docId, sender, reason, reasonHash);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function registerComplaint(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof,
        bytes32 receiptHash
    ) external onlyRole(SUPERVISOR_ROLE) {
        if (receiptHash == bytes32(0)) revert LocalDecisionRegistryZeroId();
        if (_complaints[receiptHash]) revert LocalDecisionRegistryComplaintExists(receiptHash);
        (bytes32 docId, Document storage doc) = _provenIn(ref, leaf, proof);
        _complaints[receiptHash] = true;
        bool inTime = block.timestamp <= uint256(doc.publishedAt) + _COMPLAINT_PERIOD;
        emit ComplaintRegistered(docId, leaf.uriHash, receiptHash, inTime);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function annul(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof,
        bytes32 decisionRef
    ) external onlyRole(SUPERVISOR_ROLE) {
        if (decisionRef == bytes32(0)) revert LocalDecisionRegistryZeroReference();
        (bytes32 docId, ) = _provenIn(ref, leaf, proof);
        Annulment storage record = _annulments[ref.bodyId][leaf.uriHash];
        if (record.annulledAt != 0) revert LocalDecisionRegistryAlreadyAnnulled(ref.bodyId, leaf.uriHash);
        record.annulledAt = uint64(block.timestamp);
        record.docId = docId;
        record.decisionRef = decisionRef;
        emit DecisionAnnulled(ref.bodyId, leaf.uriHash, docId, decisionRef, _msgSender());
    }

    /// @inheritdoc ILocalDecisionRegistry
    function checkpoint(
        bytes32 streamId,
        bytes32 previousHead,
        uint64 fromMember,
        uint64 toMember,
        bytes32 membersRoot
    ) external onlyRole(PUBLISHER_ROLE) {
        if (streamId == bytes32(0)) revert LocalDecisionRegistryZeroId();
        if (membersRoot == bytes32(0)) revert LocalDecisionRegistryZeroRoot();
        if (toMember <= fromMember) revert LocalDecisionRegistryEmptyCheckpoint(fromMember, toMember);
        StreamHead storage stream = _streams[streamId];
        if (stream.head != previousHead || stream.members != fromMember) {
            revert LocalDecisionRegistryCheckpointGap(streamId, stream.head, stream.members, previousHead, fromMember);
        }
        bytes32 head = keccak256(abi.encode(CHECKPOINT_TAG, streamId, previousHead, fromMember, toMember, membersRoot));
        stream.head = head;
        stream.members = toMember;
        stream.updatedAt = uint64(block.timestamp);
        emit LdesCheckpoint(streamId, fromMember, toMember, membersRoot, head);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function docIdOf(DocumentRef calldata ref) external pure returns (bytes32) {
        return _docIdOf(ref);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function leafOf(DecisionLeaf calldata leaf) external pure returns (bytes32) {
        return _leafOf(leaf);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function document(bytes32 docId) external view returns (Document memory) {
        return _documents[docId];
    }

    /// @inheritdoc ILocalDecisionRegistry
    function latestVersion(bytes32 bodyId, bytes32 sessionId, DocumentKind kind) external view returns (uint16) {
        return _latest[_seriesId(bodyId, sessionId, kind)];
    }

    /// @inheritdoc ILocalDecisionRegistry
    function sessionOf(bytes32 sessionId) external view returns (bytes32 bodyId, uint64 start) {
        Session storage session = _sessions[sessionId];
        return (session.bodyId, session.start);
    }

    /// @inheritdoc ILocalDecisionRegistry
    function isBody(bytes32 bodyId) external view returns (bool) {
        return _bodies[bodyId];
    }

    /// @inheritdoc ILocalDecisionRegistry
    function annulment(bytes32 bodyId, bytes32 uriHash) external view returns (Annulment memory) {
        return _annulments[bodyId][uriHash];
    }

    /// @inheritdoc ILocalDecisionRegistry
    function streamHead(bytes32 streamId) external view returns (StreamHead memory) {
        return _streams[streamId];
    }

    /// @inheritdoc ILocalDecisionRegistry
    function decisionStatus(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof
    ) external view returns (Status status, uint16 reason) {
        bytes32 docId = _docIdOf(ref);
        Document storage doc = _documents[docId];
        DocumentState state = doc.state;
        if (state == DocumentState.None || !TaggedLeaves.verifyCalldata(proof, doc.contentRoot, _leafOf(leaf))) {
            return (Status.Unknown, StatusCodes.NONE);
        }
        if (state == DocumentState.Anchored) return (Status.Pending, StatusCodes.NONE);
        if (_annulments[ref.bodyId][leaf.uriHash].annulledAt != 0) {
            return (Status.Annulled, StatusCodes.SUPERVISORY_DECISION);
        }
        if (state == DocumentState.Retracted) return (Status.Retracted, doc.endReason);
        if (state == DocumentState.Superseded) return (Status.Superseded, StatusCodes.REPLACED);
        return (Status.Active, StatusCodes.NONE);
    }

    // -- internals --------------------------------------------------------------------------

    function _anchor(
        DocumentRef calldata ref,
        bytes32 contentRoot,
        bytes32 htmlHash,
        uint64 sessionStart
    ) private returns (bytes32 docId) {
        bytes32 bodyId = ref.bodyId;
        bytes32 sessionId = ref.sessionId;
        if (bodyId == bytes32(0) || sessionId == bytes32(0)) revert LocalDecisionRegistryZeroId();
        if (!_bodies[bodyId]) revert LocalDecisionRegistryUnknownBody(bodyId);
        if (contentRoot == bytes32(0)) revert LocalDecisionRegistryZeroRoot();
        if (htmlHash == bytes32(0)) revert LocalDecisionRegistryZeroHtmlHash();
        if (sessionStart == 0) revert LocalDecisionRegistryZeroSessionStart();
        docId = _docIdOf(ref);
        _recordSession(bodyId, sessionId, sessionStart);
        bytes32 series = _seriesId(bodyId, sessionId, ref.kind);
        uint16 latest = _latest[series];
        if (ref.version != latest + 1) revert LocalDecisionRegistryVersionNotNext(docId, ref.version, latest + 1);
        if (latest != 0) {
            bytes32 previous = _docId(bodyId, sessionId, ref.kind, latest);
            DocumentState previousState = _documents[previous].state;
            if (previousState != DocumentState.Published) {
                revert LocalDecisionRegistryDocumentState(previous, previousState);
            }
        }
        _latest[series] = ref.version;
        Document storage doc = _documents[docId];
        doc.contentRoot = contentRoot;
        doc.htmlHash = htmlHash;
        doc.anchoredAt = uint64(block.timestamp);
        doc.state = DocumentState.Anchored;
        emit DocumentAnchored(docId, bodyId, sessionId, ref.kind, ref.version, contentRoot, htmlHash);
    }

    function _recordSession(bytes32 bodyId, bytes32 sessionId, uint64 start) private {
        Session storage session = _sessions[sessionId];
        if (session.bodyId == bytes32(0)) {
            session.bodyId = bodyId;
            session.start = start;
            emit SessionRecorded(sessionId, bodyId, start);
            return;
        }
        if (session.bodyId != bodyId) revert LocalDecisionRegistrySessionOfOtherBody(sessionId, bodyId, session.bodyId);
        if (session.start != start) revert LocalDecisionRegistrySessionStartMismatch(sessionId, start, session.start);
    }

    function _sign(bytes32 docId, DocumentRef calldata ref, bytes32 role, Signature calldata sig) private {
        if (role != CHAIR_ROLE && role != SECRETARY_ROLE) revert LocalDecisionRegistryNotSignerRole(role);
        Document storage doc = _documents[docId];
        if (doc.state != DocumentState.Anchored) revert LocalDecisionRegistryDocumentState(docId, doc.state);
        bool asChair = role == CHAIR_ROLE;
        address already = asChair ? doc.chair : doc.secretary;
        if (already != address(0)) revert LocalDecisionRegistryAlreadySigned(docId, role, already);
        address signer = sig.signer;
        if (signer == (asChair ? doc.secretary : doc.chair)) revert LocalDecisionRegistrySameSigner(docId, signer);
        uint64 nowTime = uint64(block.timestamp);
        _requireHoldsAt(ref.bodyId, role, signer, nowTime);
        _requireDeadline(sig.deadline);
        bytes32 structHash = keccak256(
            abi.encode(
                SIGN_DOCUMENT_TYPEHASH,
                ref.bodyId,
                ref.sessionId,
                uint8(ref.kind),
                ref.version,
                doc.contentRoot,
                doc.htmlHash,
                role,
                sig.nonce,
                sig.deadline
            )
        );
        _useCheckedNonce(signer, sig.nonce);
        _requireValidSignature(signer, _hashTypedData(structHash), sig.signature);
        if (asChair) {
            doc.chair = signer;
            doc.chairSignedAt = nowTime;
        } else {
            doc.secretary = signer;
            doc.secretarySignedAt = nowTime;
        }
        emit DocumentSigned(docId, role, signer);
    }

    function _publish(bytes32 docId, DocumentRef calldata ref) private {
        Document storage doc = _documents[docId];
        DocumentState state = doc.state;
        if (state == DocumentState.Published) revert LocalDecisionRegistryAlreadyPublished(docId);
        if (state != DocumentState.Anchored) revert LocalDecisionRegistryDocumentState(docId, state);
        if (_needsSignatures(ref.kind)) {
            if (doc.chair == address(0)) revert LocalDecisionRegistryMissingSignature(docId, CHAIR_ROLE);
            if (doc.secretary == address(0)) revert LocalDecisionRegistryMissingSignature(docId, SECRETARY_ROLE);
        }
        uint64 nowTime = uint64(block.timestamp);
        doc.state = DocumentState.Published;
        doc.publishedAt = nowTime;
        if (ref.version > 1) {
            bytes32 previous = _docId(ref.bodyId, ref.sessionId, ref.kind, ref.version - 1);
            Document storage old = _documents[previous];
            if (old.state == DocumentState.Published) {
                old.state = DocumentState.Superseded;
                old.endedAt = nowTime;
                old.endReason = StatusCodes.REPLACED;
                emit DocumentSuperseded(previous, docId);
            }
        }
        int64 days_ = (int64(nowTime) - int64(_sessions[ref.sessionId].start)) / 1 days;
        emit DocumentPublished(docId, doc.contentRoot, doc.htmlHash, days_);
    }

    /// @dev The document of `ref`, which must be published or superseded, with `leaf` proven in it.
    function _provenIn(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof
    ) private view returns (bytes32 docId, Document storage doc) {
        docId = _docIdOf(ref);
        doc = _documents[docId];
        DocumentState state = doc.state;
        if (state != DocumentState.Published && state != DocumentState.Superseded) {
            revert LocalDecisionRegistryDocumentState(docId, state);
        }
        bytes32 leafHash = _leafOf(leaf);
        if (!TaggedLeaves.verifyCalldata(proof, doc.contentRoot, leafHash)) {
            revert LocalDecisionRegistryLeafNotInDocument(docId, leafHash);
        }
    }

    function _leafOf(DecisionLeaf calldata leaf) private pure returns (bytes32) {
        if (leaf.isPublic) {
            if (leaf.salt != bytes32(0)) revert LocalDecisionRegistrySaltedPublicLeaf(leaf.uriHash);
            return TaggedLeaves.leaf(DECISION_TAG, leaf.uriHash, leaf.graphHash);
        }
        if (leaf.salt == bytes32(0)) revert LocalDecisionRegistryUnsaltedPrivateLeaf(leaf.uriHash);
        return TaggedLeaves.leaf(PRIVATE_DECISION_TAG, leaf.uriHash, leaf.salt, leaf.graphHash);
    }

    function _needsSignatures(DocumentKind kind) private pure returns (bool) {
        return kind == DocumentKind.DecisionList || kind == DocumentKind.Minutes || kind == DocumentKind.Extract;
    }

    function _docIdOf(DocumentRef calldata ref) private pure returns (bytes32) {
        return _docId(ref.bodyId, ref.sessionId, ref.kind, ref.version);
    }

    function _docId(bytes32 bodyId, bytes32 sessionId, DocumentKind kind, uint16 version) private pure returns (bytes32) {
        return keccak256(abi.encode(bodyId, sessionId, kind, version));
    }

    function _seriesId(bytes32 bodyId, bytes32 sessionId, DocumentKind kind) private pure returns (bytes32) {
        return keccak256(abi.encode(bodyId, sessionId, kind));
    }

    /**
     * @dev Chair, secretary and body admin exist only as per-body windows; only the registrar
     * changes them, and only for a registered body.
     */
    function _authorizeWindowChange(bytes32 scope, bytes32 role, address account) internal view override {
        if (role != CHAIR_ROLE && role != SECRETARY_ROLE && role != BODY_ADMIN_ROLE) {
            revert LocalDecisionRegistryNotWindowRole(role);
        }
        _checkRole(REGISTRAR_ROLE, account);
        if (!_bodies[scope]) revert LocalDecisionRegistryUnknownBody(scope);
    }

    /// @dev The window roles cannot be granted as plain roles.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == CHAIR_ROLE || role == SECRETARY_ROLE || role == BODY_ADMIN_ROLE) {
            revert LocalDecisionRegistryWindowRole(role);
        }
        return super._grantRole(role, account);
    }

    function _eip712Name() internal pure override returns (string memory) {
        return "Blokketen LocalDecisionRegistry";
    }

    function _eip712Version() internal pure override returns (string memory) {
        return "1";
    }
}
