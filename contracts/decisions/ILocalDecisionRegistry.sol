// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {ITypedSignatures} from "../common/ITypedSignatures.sol";
import {Status} from "../common/IStatus.sol";

/**
 * @title ILocalDecisionRegistry
 * @dev Registry of local council decisions for the LBLOD pilot ("Lokale Besluiten als
 * Gelinkte Open Data"): agendas, decision lists, minutes, extracts and regulations that
 * municipalities publish as RDFa pages, signed by the chair and the secretary of the
 * governing body, and annulled decision by decision by the supervisory authority.
 *
 * Identifiers. A governing body (council, college, OCMW council) is `bodyId =
 * keccak256(bytes(bestuursorgaan URI))`, a session `sessionId = keccak256(bytes(zitting
 * URI))`: public URIs, so plain hashes. A document is one version of one kind for one session:
 * `docId = keccak256(abi.encode(bodyId, sessionId, kind, version))` ({docIdOf}); callers pass
 * the four parts ({DocumentRef}) and the registry recomputes the id.
 *
 * Roles. `REGISTRAR_ROLE` (the agency) registers bodies and gives per-body role windows
 * ({IRoleWindows}, scope = bodyId) of `CHAIR_ROLE`, `SECRETARY_ROLE` and `BODY_ADMIN_ROLE`
 * from the mandates database; those three roles exist only as windows. `PUBLISHER_ROLE` (the
 * minutes software) anchors and publishes documents and anchors event-stream checkpoints.
 * `SUPERVISOR_ROLE` (the agency on behalf of the minister or a governor) registers complaint
 * receipts and annuls decisions. A body's `BODY_ADMIN_ROLE` retracts its own documents.
 *
 * Versions. `None -> Anchored -> Published`, then `Superseded` (when the next version of the
 * same body, session and kind is published) or `Retracted` (by the body). Versions count from
 * 1 without gaps, and a new version needs the previous one published. Decision lists, minutes
 * and extracts need both signatures before publication; agendas and regulations may be
 * published unsigned.
 *
 * Signatures. EIP-712 `SignDocument` ({SIGN_DOCUMENT_TYPEHASH}) from the signer's own key or an
 * ERC-1271 contract; anyone may submit one. The signer must hold the role it signs as for that
 * body at the block's time, and the chair and the secretary of one document are two different
 * addresses. The registry keeps signer and time, so a verifier can ask {IRoleWindows-holdsAt}.
 *
 * Leaves. One leaf per decision ({leafOf}): a public decision is
 * `TaggedLeaves.leaf(DECISION_TAG, uriHash, graphHash)` with `graphHash` the sha256 of the
 * decision's RDFC-1.0 canonical N-Quads; a decision of a closed (non-public) treatment is
 * `TaggedLeaves.leaf(PRIVATE_DECISION_TAG, uriHash, salt, graphHash)`, salted so a guessable
 * text cannot be confirmed. Annulment is kept per body and decision URI, so an annulled
 * decision stays annulled in later versions of the minutes.
 *
 * Deadlines (agenda at least 8 days before the session, decision list within 10 days after,
 * complaint within 30 days of publication) are evidence from the recorded times, reported and
 * never enforced: {ComplaintRegistered} says whether a complaint was in time.
 *
 * Nothing personal is stored: hashes of public URIs, roots, HTML hashes, role addresses, times.
 */
interface ILocalDecisionRegistry is ITypedSignatures {
    /// @dev The kinds of documents a body publishes.
    enum DocumentKind {
        Agenda,
        DecisionList,
        Minutes,
        Extract,
        Regulation
    }

    /// @dev The state of one document version.
    enum DocumentState {
        None,
        Anchored,
        Published,
        Superseded,
        Retracted
    }

    /// @dev The four parts a document id is computed from.
    struct DocumentRef {
        bytes32 bodyId;
        bytes32 sessionId;
        DocumentKind kind;
        uint16 version;
    }

    /**
     * @dev One document version: its Merkle root over decision leaves, the sha256 of the exact
     * published HTML bytes, both signers with their signing times, when it was anchored,
     * published and ended (superseded or retracted), its state and the reason code of its end.
     */
    struct Document {
        bytes32 contentRoot;
        bytes32 htmlHash;
        address chair;
        uint64 chairSignedAt;
        address secretary;
        uint64 secretarySignedAt;
        uint64 anchoredAt;
        uint64 publishedAt;
        uint64 endedAt;
        DocumentState state;
        uint16 endReason;
    }

    /**
     * @dev The fields of one decision leaf: the keccak256 of the decision's URI, the sha256 of
     * its canonical graph, its salt (zero for a public decision, non-zero for a non-public one)
     * and whether it is public.
     */
    struct DecisionLeaf {
        bytes32 uriHash;
        bytes32 graphHash;
        bytes32 salt;
        bool isPublic;
    }

    /// @dev A signed approval: the signer, the nonce and deadline it signed, the signature.
    struct Signature {
        address signer;
        uint256 nonce;
        uint256 deadline;
        bytes signature;
    }

    /// @dev A supervisory annulment: when, in which document, and the hash of the decision.
    struct Annulment {
        uint64 annulledAt;
        bytes32 docId;
        bytes32 decisionRef;
    }

    /// @dev The head of an event stream: the chained checkpoint hash, members covered, time.
    struct StreamHead {
        bytes32 head;
        uint64 members;
        uint64 updatedAt;
    }

    /// @dev `registrar` registered the governing body `bodyId`.
    event BodyRegistered(bytes32 indexed bodyId, address indexed registrar);

    /// @dev The session `sessionId` of body `bodyId` starts (or started) at `start`.
    event SessionRecorded(bytes32 indexed sessionId, bytes32 indexed bodyId, uint64 start);

    /// @dev Document `docId` (body, session, kind, version) was anchored with its root and HTML hash.
    event DocumentAnchored(
        bytes32 indexed docId,
        bytes32 indexed bodyId,
        bytes32 indexed sessionId,
        DocumentKind kind,
        uint16 version,
        bytes32 contentRoot,
        bytes32 htmlHash
    );

    /// @dev `signer` signed document `docId` as `role`.
    event DocumentSigned(bytes32 indexed docId, bytes32 indexed role, address indexed signer);

    /// @dev Document `docId` was published, `daysAfterSession` whole days after the session start
    /// (negative: before it, as an agenda is).
    event DocumentPublished(bytes32 indexed docId, bytes32 contentRoot, bytes32 htmlHash, int64 daysAfterSession);

    /// @dev Publishing `newDocId` superseded the previous version `oldDocId`.
    event DocumentSuperseded(bytes32 indexed oldDocId, bytes32 indexed newDocId);

    /// @dev The body retracted document `docId` (`by` its admin) for `reason`, decision `reasonHash`.
    event DocumentRetracted(bytes32 indexed docId, address indexed by, uint16 reason, bytes32 reasonHash);

    /// @dev A complaint receipt about decision `uriHash` of `docId`; `inTime`: within 30 days of publication.
    event ComplaintRegistered(bytes32 indexed docId, bytes32 indexed uriHash, bytes32 receiptHash, bool inTime);

    /// @dev The supervisor annulled decision `uriHash` of body `bodyId`, proven in `docId`.
    event DecisionAnnulled(
        bytes32 indexed bodyId,
        bytes32 indexed uriHash,
        bytes32 indexed docId,
        bytes32 decisionRef,
        address supervisor
    );

    /// @dev A checkpoint of stream `streamId` over members [fromMember, toMember) with `membersRoot`; new `head`.
    event LdesCheckpoint(
        bytes32 indexed streamId,
        uint64 fromMember,
        uint64 toMember,
        bytes32 membersRoot,
        bytes32 head
    );

    /// @dev A body id, session id, stream id or receipt hash must not be zero.
    error LocalDecisionRegistryZeroId();

    /// @dev Body `bodyId` is registered already.
    error LocalDecisionRegistryBodyExists(bytes32 bodyId);

    /// @dev Body `bodyId` is not registered.
    error LocalDecisionRegistryUnknownBody(bytes32 bodyId);

    /// @dev `role` is held only in per-body windows ({IRoleWindows-grantWindow}), not as a plain role.
    error LocalDecisionRegistryWindowRole(bytes32 role);

    /// @dev `role` cannot be held in windows here (only chair, secretary and body admin can).
    error LocalDecisionRegistryNotWindowRole(bytes32 role);

    /// @dev `role` is neither `CHAIR_ROLE` nor `SECRETARY_ROLE`.
    error LocalDecisionRegistryNotSignerRole(bytes32 role);

    /// @dev The content root of a document must not be zero.
    error LocalDecisionRegistryZeroRoot();

    /// @dev The HTML hash of a document must not be zero.
    error LocalDecisionRegistryZeroHtmlHash();

    /// @dev The session start must not be zero.
    error LocalDecisionRegistryZeroSessionStart();

    /// @dev Session `sessionId` belongs to body `knownBody`, not `bodyId`.
    error LocalDecisionRegistrySessionOfOtherBody(bytes32 sessionId, bytes32 bodyId, bytes32 knownBody);

    /// @dev Session `sessionId` was recorded to start at `known`, not `start`.
    error LocalDecisionRegistrySessionStartMismatch(bytes32 sessionId, uint64 start, uint64 known);

    /// @dev The next version of this series is `expected`, not `version` (versions count up from 1).
    error LocalDecisionRegistryVersionNotNext(bytes32 docId, uint16 version, uint16 expected);

    /// @dev Document `docId` is `state`, which the operation does not allow.
    error LocalDecisionRegistryDocumentState(bytes32 docId, DocumentState state);

    /// @dev Document `docId` is published already.
    error LocalDecisionRegistryAlreadyPublished(bytes32 docId);

    /// @dev Document `docId` has a signature as `role` already (by `signer`).
    error LocalDecisionRegistryAlreadySigned(bytes32 docId, bytes32 role, address signer);

    /// @dev `signer` signed `docId` as the other role already: chair and secretary are two addresses.
    error LocalDecisionRegistrySameSigner(bytes32 docId, address signer);

    /// @dev Document `docId` of this kind needs a signature as `role` before publication.
    error LocalDecisionRegistryMissingSignature(bytes32 docId, bytes32 role);

    /// @dev A non-public decision's leaf needs a salt.
    error LocalDecisionRegistryUnsaltedPrivateLeaf(bytes32 uriHash);

    /// @dev A public decision's leaf has no salt.
    error LocalDecisionRegistrySaltedPublicLeaf(bytes32 uriHash);

    /// @dev `leaf` is not a decision of document `docId` (the proof does not lead to its root).
    error LocalDecisionRegistryLeafNotInDocument(bytes32 docId, bytes32 leaf);

    /// @dev Decision `uriHash` of body `bodyId` was annulled already.
    error LocalDecisionRegistryAlreadyAnnulled(bytes32 bodyId, bytes32 uriHash);

    /// @dev The receipt `receiptHash` was registered already.
    error LocalDecisionRegistryComplaintExists(bytes32 receiptHash);

    /// @dev A reference (annulment decision, retraction decision) must not be zero.
    error LocalDecisionRegistryZeroReference();

    /// @dev The checkpoint does not continue stream `streamId`: its head is `head` after
    /// `members` members, the checkpoint said `previousHead` and `fromMember`.
    error LocalDecisionRegistryCheckpointGap(
        bytes32 streamId,
        bytes32 head,
        uint64 members,
        bytes32 previousHead,
        uint64 fromMember
    );

    /// @dev A checkpoint must cover at least one member: [fromMember, toMember) is empty.
    error LocalDecisionRegistryEmptyCheckpoint(uint64 fromMember, uint64 toMember);

    /**
     * @dev Registers governing body `bodyId` (keccak256 of its URI).
     *
     * Requirements: the caller has `REGISTRAR_ROLE`; `bodyId` is not zero and not registered.
     *
     * Emits a {BodyRegistered} event.
     */
    function registerBody(bytes32 bodyId) external;

    /**
     * @dev Anchors document `ref` with its `contentRoot` and `htmlHash`; the first document of
     * a session records the session's body and `sessionStart` (unix seconds).
     *
     * Requirements: the caller has `PUBLISHER_ROLE`; the body is registered; the ids, root,
     * HTML hash and start are not zero; the session belongs to this body and starts at
     * `sessionStart`; `ref.version` is the next version of its series, and the previous
     * version is published.
     *
     * Emits {DocumentAnchored} (and {SessionRecorded} for a new session).
     */
    function anchor(DocumentRef calldata ref, bytes32 contentRoot, bytes32 htmlHash, uint64 sessionStart) external;

    /**
     * @dev Records `sig` as the signature of `ref` by a holder of `role` (`CHAIR_ROLE` or
     * `SECRETARY_ROLE`). Anyone may submit it.
     *
     * Requirements: the document is anchored and not published; no signature as `role` yet;
     * the signer holds `role` for the body now and did not sign as the other role; the
     * deadline has not passed; the nonce is the signer's current nonce; the signature is the
     * signer's over `SignDocument` of this document.
     *
     * Emits {DocumentSigned} and {ITypedSignatures-NonceUsed}.
     */
    function sign(DocumentRef calldata ref, bytes32 role, Signature calldata sig) external;

    /**
     * @dev Publishes document `ref`; publishing version n > 1 supersedes version n - 1.
     *
     * Requirements: the caller has `PUBLISHER_ROLE`; the document is anchored, not published;
     * a decision list, minutes or extract carries both signatures.
     *
     * Emits {DocumentPublished} (and {DocumentSuperseded}).
     */
    function publish(DocumentRef calldata ref) external;

    /**
     * @dev {anchor}, {sign} as chair and as secretary, and {publish} in one transaction.
     */
    function anchorSignPublish(
        DocumentRef calldata ref,
        bytes32 contentRoot,
        bytes32 htmlHash,
        uint64 sessionStart,
        Signature calldata chair,
        Signature calldata secretary
    ) external;

    /**
     * @dev The body retracts its published document `ref` ("intrekking") for `reason` (a
     * status reason code, not 0), decided in the decision whose hash is `reasonHash`.
     *
     * Requirements: the caller holds `BODY_ADMIN_ROLE` for the body now; the document is
     * published; `reasonHash` is not zero.
     *
     * Emits a {DocumentRetracted} event.
     */
    function retract(DocumentRef calldata ref, uint16 reason, bytes32 reasonHash) external;

    /**
     * @dev Registers the receipt `receiptHash` of a complaint about decision `leaf`, proven in
     * the published (or superseded) document `ref`; reports whether it came within 30 days of
     * publication.
     *
     * Requirements: the caller has `SUPERVISOR_ROLE`; the proof holds; the receipt is new.
     *
     * Emits a {ComplaintRegistered} event.
     */
    function registerComplaint(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof,
        bytes32 receiptHash
    ) external;

    /**
     * @dev Annuls decision `leaf`, proven in the published (or superseded) document `ref`,
     * by the supervisory decision whose hash is `decisionRef`.
     *
     * Requirements: the caller has `SUPERVISOR_ROLE`; the leaf is well formed and proven;
     * the decision is not annulled yet; `decisionRef` is not zero.
     *
     * Emits a {DecisionAnnulled} event.
     */
    function annul(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof,
        bytes32 decisionRef
    ) external;

    /**
     * @dev Anchors a checkpoint of event stream `streamId` (all bodies together): the
     * `membersRoot` of members [fromMember, toMember). It must continue the stream: `fromMember`
     * is the number of members covered so far and `previousHead` the current head. The new
     * head is `keccak256(abi.encode(CHECKPOINT_TAG, streamId, previousHead, fromMember,
     * toMember, membersRoot))`.
     *
     * Requirements: the caller has `PUBLISHER_ROLE`; `streamId` and `membersRoot` are not
     * zero; `fromMember < toMember`.
     *
     * Emits a {LdesCheckpoint} event.
     */
    function checkpoint(
        bytes32 streamId,
        bytes32 previousHead,
        uint64 fromMember,
        uint64 toMember,
        bytes32 membersRoot
    ) external;

    /// @dev `keccak256(abi.encode(bodyId, sessionId, kind, version))`.
    function docIdOf(DocumentRef calldata ref) external pure returns (bytes32);

    /// @dev The leaf of a decision (reverts on a public leaf with a salt or a private one without).
    function leafOf(DecisionLeaf calldata leaf) external pure returns (bytes32);

    /// @dev The document `docId` (all zero when unknown).
    function document(bytes32 docId) external view returns (Document memory);

    /// @dev The latest anchored version of a series (0 when none).
    function latestVersion(bytes32 bodyId, bytes32 sessionId, DocumentKind kind) external view returns (uint16);

    /// @dev The body and start of session `sessionId` (zero when unknown).
    function sessionOf(bytes32 sessionId) external view returns (bytes32 bodyId, uint64 start);

    /// @dev Whether body `bodyId` is registered.
    function isBody(bytes32 bodyId) external view returns (bool);

    /// @dev The annulment of decision `uriHash` of body `bodyId` (all zero when none).
    function annulment(bytes32 bodyId, bytes32 uriHash) external view returns (Annulment memory);

    /// @dev The head of stream `streamId`.
    function streamHead(bytes32 streamId) external view returns (StreamHead memory);

    /**
     * @dev The status of decision `leaf` in document `ref` with its reason code: `Unknown`
     * (no such document, or the proof does not lead to its root), `Pending` (anchored, not
     * published), `Active`, `Superseded` (reason 6), `Retracted` (the body's reason) or
     * `Annulled` (reason 4; annulment wins over the document's state).
     */
    function decisionStatus(
        DocumentRef calldata ref,
        DecisionLeaf calldata leaf,
        bytes32[] calldata proof
    ) external view returns (Status status, uint16 reason);
}
