"""Typed client of the LocalDecisionRegistry contract (local council decisions, LBLOD).

Bodies and mandates (per-body role windows of chair, secretary and body admin), anchoring a
checked page, signatures from the signers' own keys (EIP-712; the client signs only with a
key it is handed, for its holder), publication, amendment (the next version), retraction,
complaint receipts, annulment of one decision, stream checkpoints, and the verdict on one
decision of a published page against a registry whose code was checked first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_abi import encode
from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.leaves import MAX_PROOF_LENGTH
from blokketen.common.roles import OPEN_ENDED, RoleWindow
from blokketen.common.status import Status
from blokketen.common.typed_data import Domain, TypedStruct, digest, sign_digest
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.decisions.page import Decision, DecisionPage, uri_hash
from blokketen.decisions.types import (
    BODY_ADMIN_ROLE,
    CHAIR_ROLE,
    SECRETARY_ROLE,
    Annulment,
    Deadlines,
    DecisionVerification,
    Document,
    DocumentKind,
    DocumentRef,
    StreamHead,
    role_of,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.contract.tx import Receipt

__all__ = ["CHECKPOINT_TAG", "DOMAIN_NAME", "DOMAIN_VERSION", "SIGN_DOCUMENT",
           "LocalDecisionRegistry", "SignRequest", "checkpoint_head", "domain_of"]

# -- the EIP-712 message a chair or a secretary signs --------------------------------------
DOMAIN_NAME = "Blokketen LocalDecisionRegistry"
"""The EIP-712 domain name of the registry."""
DOMAIN_VERSION = "1"
"""The EIP-712 domain version of the registry."""
SIGN_DOCUMENT = TypedStruct.parse(
    "SignDocument(bytes32 bodyId,bytes32 sessionId,uint8 kind,uint16 version,bytes32 contentRoot,"
    "bytes32 htmlHash,bytes32 role,uint256 nonce,uint256 deadline)")
"""The signed type, equal to the contract's ``SIGN_DOCUMENT_TYPEHASH``."""


def domain_of(*, chain_id: int, registry: str) -> Domain:
    """The registry's EIP-712 domain on chain ``chain_id``."""
    return Domain(name=DOMAIN_NAME, version=DOMAIN_VERSION, chain_id=chain_id,
                  verifying_contract=registry)


@dataclass(frozen=True)
class SignRequest:
    """What one signer is asked to sign: the document, its root and HTML hash, the role,
    the signer's nonce and a deadline (unix seconds)."""

    ref: DocumentRef
    content_root: bytes
    html_hash: bytes
    role: bytes
    nonce: int
    deadline: int

    def __post_init__(self) -> None:
        check.instance("ref", self.ref, DocumentRef)
        object.__setattr__(self, "content_root",
                           check.hash32("content_root", self.content_root, text_ok=False))
        object.__setattr__(self, "html_hash", check.hash32("html_hash", self.html_hash,
                                                           text_ok=False))
        role = self.role if isinstance(self.role, bytes) else role_of(self.role)
        if role not in (CHAIR_ROLE, SECRETARY_ROLE):
            raise InputError("role", "must be the chair's or the secretary's role id")
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "nonce", check.uint("nonce", self.nonce,
                                                     maximum=check.UINT256_MAX))
        object.__setattr__(self, "deadline", check.uint("deadline", self.deadline,
                                                        maximum=check.UINT256_MAX))

    def values(self) -> dict[str, object]:
        """The typed message's fields."""
        return {"bodyId": self.ref.body_id, "sessionId": self.ref.session_id,
                "kind": int(self.ref.kind), "version": self.ref.version,
                "contentRoot": self.content_root, "htmlHash": self.html_hash, "role": self.role,
                "nonce": self.nonce, "deadline": self.deadline}

    def digest(self, domain: Domain) -> bytes:
        """The 32 bytes the signer signs."""
        return digest(domain, SIGN_DOCUMENT, self.values())

    def typed_data(self, domain: Domain) -> dict[str, object]:
        """The message as ``eth_signTypedData_v4`` takes it (for a wallet or an HSM)."""
        def shown(value: object) -> object:
            return "0x" + value.hex() if isinstance(value, bytes) else value

        return {"types": {"EIP712Domain": [
                    {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"}],
                    **SIGN_DOCUMENT.types()},
                "primaryType": SIGN_DOCUMENT.name, "domain": domain.as_dict(),
                "message": {k: shown(v) for k, v in self.values().items()}}

    def sign(self, key: LocalAccount | bytes | str, domain: Domain) -> bytes:
        """The signer's 65-byte signature (its own key)."""
        return sign_digest(key, self.digest(domain))


CHECKPOINT_TAG = keccak(text="blokketen.lblod.checkpoint.v1")
"""``keccak256("blokketen.lblod.checkpoint.v1")``: the tag of a stream checkpoint head."""
_MANDATES = {"chair": CHAIR_ROLE, "voorzitter": CHAIR_ROLE, "secretary": SECRETARY_ROLE,
             "secretaris": SECRETARY_ROLE, "body-admin": BODY_ADMIN_ROLE,
             "body_admin": BODY_ADMIN_ROLE}
_SIGN_DEADLINE = 7 * 24 * 3600


def checkpoint_head(stream_id: bytes, previous: bytes, from_member: int, to_member: int,
                    members_root: bytes) -> bytes:
    """The head after a checkpoint, as the contract chains it."""
    return keccak(encode(["bytes32", "bytes32", "bytes32", "uint64", "uint64", "bytes32"],
                         [CHECKPOINT_TAG, stream_id, previous, from_member, to_member,
                          members_root]))


def _body(value: str | bytes, field: str = "body") -> bytes:
    """A body id from its URI or from the 32-byte id itself."""
    if isinstance(value, bytes):
        return check.hash32(field, value, text_ok=False)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return uri_hash(value)
    return check.hash32(field, value)


def _mandate(role: str | bytes) -> bytes:
    if isinstance(role, bytes) and role in _MANDATES.values():
        return role
    if isinstance(role, str) and role.strip().lower() in _MANDATES:
        return _MANDATES[role.strip().lower()]
    raise InputError("role", f"chair, secretary or body-admin, not {role!r}")


def _leaf_args(decision: Decision) -> tuple[bytes, bytes, bytes, bool]:
    return (decision.uri_hash, decision.graph_hash, decision.salt or bytes(32), decision.public)


def _proof(page: DecisionPage, decision: Decision) -> list[bytes]:
    proof = list(page.tree.proof(decision.leaf))
    if len(proof) > MAX_PROOF_LENGTH:
        raise InputError("proof", f"{len(proof)} siblings: at most {MAX_PROOF_LENGTH}")
    return proof


class LocalDecisionRegistry(ContractClient):
    """Client of ``contracts/decisions/LocalDecisionRegistry.sol``.

    Plain roles (``grant_role``): ``registrar``, ``publisher``, ``supervisor``. Chair,
    secretary and body admin are mandates per body, given with :meth:`grant_mandate`."""

    CONTRACT = "LocalDecisionRegistry"
    APPOINTED_ROLES = {"chair": ("grant_mandate", "end_mandate"),
                       "secretary": ("grant_mandate", "end_mandate"),
                       "body_admin": ("grant_mandate", "end_mandate")}

    # -- bodies and mandates ---------------------------------------------------------------
    def register_body(self, body: str | bytes) -> Receipt:
        """REGISTRAR: register a governing body by its URI (or its id)."""
        return self._transact("registerBody", _body(body))

    def is_body(self, body: str | bytes) -> bool:
        return bool(self._call("isBody", _body(body)))

    def grant_mandate(self, body: str | bytes, role: str | bytes, holder: str, *,
                      valid_from: int = 0, valid_until: int = OPEN_ENDED) -> Receipt:
        """REGISTRAR: give ``holder`` the ``role`` (chair, secretary, body-admin) of ``body``
        for [valid_from, valid_until) (unix seconds, from the mandates database)."""
        start = check.uint("valid_from", valid_from, maximum=check.UINT64_MAX)
        end = check.uint("valid_until", valid_until, maximum=check.UINT64_MAX)
        if end <= start:
            raise InputError("valid_until", "must be after valid_from")
        return self._transact("grantWindow", _body(body), _mandate(role),
                              check.address("holder", holder), start, end)

    def end_mandate(self, body: str | bytes, role: str | bytes, holder: str,
                    index: int) -> Receipt:
        """REGISTRAR: end mandate window ``index`` of ``holder`` now."""
        return self._transact("endWindow", _body(body), _mandate(role),
                              check.address("holder", holder),
                              check.uint("index", index, maximum=check.UINT256_MAX))

    def mandates(self, body: str | bytes, role: str | bytes,
                 holder: str) -> tuple[RoleWindow, ...]:
        """Every window of ``holder`` for ``role`` in ``body``, oldest first."""
        rows = self._call("windowsOf", _body(body), _mandate(role),
                          check.address("holder", holder))
        return tuple(RoleWindow.from_tuple(row) for row in rows)

    def held_at(self, body: str | bytes, role: str | bytes, holder: str, t: int,
                *, block: int | str = "latest") -> bool:
        return bool(self._call("holdsAt", _body(body), _mandate(role),
                               check.address("holder", holder),
                               check.uint("t", t, maximum=check.UINT64_MAX), block=block))

    # -- documents -------------------------------------------------------------------------
    def ref(self, page: DecisionPage, *, kind: DocumentKind | str | int,
            version: int | None = None) -> DocumentRef:
        """The reference of ``page`` as a ``kind``; ``version`` defaults to the next one."""
        check.instance("page", page, DecisionPage)
        chosen = DocumentKind.parse(kind)
        if version is None:
            version = self.latest_version(page.body_id, page.session_id, chosen) + 1
        return DocumentRef(page.body_id, page.session_id, chosen, version)

    def anchor(self, page: DecisionPage, *, kind: DocumentKind | str | int,
               version: int | None = None) -> DocumentRef:
        """PUBLISHER: anchor the checked ``page`` as the next version (or ``version``) of its
        ``kind``; returns its reference. An amendment is the next version of a published one."""
        ref = self.ref(page, kind=kind, version=version)
        self._transact("anchor", ref.as_tuple(), page.root, page.html_hash, page.session_start)
        return ref

    def domain(self) -> Domain:
        """This registry's EIP-712 domain."""
        return domain_of(chain_id=self.chain.chain_id, registry=self.address)

    def sign_request(self, ref: DocumentRef, page: DecisionPage, *, role: str | bytes,
                     signer: str, deadline: int | None = None) -> SignRequest:
        """What ``signer`` signs as ``role`` for ``page`` as ``ref``: its current nonce, and a
        deadline (default a week from the chain's time)."""
        check.instance("ref", ref, DocumentRef)
        nonce = int(self._call("nonces", check.address("signer", signer)))
        until = deadline if deadline is not None else self.chain.timestamp() + _SIGN_DEADLINE
        return SignRequest(ref=ref, content_root=page.root, html_hash=page.html_hash,
                           role=_signing_role(role), nonce=nonce, deadline=until)

    def signature_of(self, key: LocalAccount, request: SignRequest) -> tuple[Any, ...]:
        """``key``'s signature of ``request`` as the contract's ``Signature`` tuple (the key
        is the signer's own; a well-known dev key is refused off dev chains)."""
        from blokketen.chain.devkeys import refuse_dev_key

        refuse_dev_key(key, self.chain)
        return (key.address, request.nonce, request.deadline, request.sign(key, self.domain()))

    def submit_signature(self, ref: DocumentRef, *, role: str | bytes,
                         signature: tuple[Any, ...]) -> Receipt:
        """Anyone: record a signature (signer, nonce, deadline, 65 bytes) for ``ref``."""
        check.instance("ref", ref, DocumentRef)
        signer, nonce, deadline, raw = signature
        return self._transact("sign", ref.as_tuple(), _signing_role(role),
                              (check.address("signer", signer),
                               check.uint("nonce", nonce, maximum=check.UINT256_MAX),
                               check.uint("deadline", deadline, maximum=check.UINT256_MAX),
                               _signature_bytes(raw)))

    def sign(self, ref: DocumentRef, page: DecisionPage, *, role: str | bytes,
             key: LocalAccount, deadline: int | None = None) -> Receipt:
        """Sign ``page`` as ``ref`` with the signer's own ``key`` as ``role`` and submit it."""
        request = self.sign_request(ref, page, role=role, signer=key.address, deadline=deadline)
        return self.submit_signature(ref, role=role, signature=self.signature_of(key, request))

    def publish(self, ref: DocumentRef) -> Receipt:
        """PUBLISHER: publish ``ref`` (supersedes the previous version)."""
        return self._transact("publish", check.instance("ref", ref, DocumentRef).as_tuple())

    def anchor_sign_publish(self, page: DecisionPage, *, kind: DocumentKind | str | int,
                            chair: tuple[Any, ...], secretary: tuple[Any, ...],
                            version: int | None = None) -> DocumentRef:
        """PUBLISHER: anchor, record both signatures and publish in one transaction. The
        signatures come from :meth:`signature_of` on :meth:`sign_request` of the same ref."""
        ref = self.ref(page, kind=kind, version=version)
        self._transact("anchorSignPublish", ref.as_tuple(), page.root, page.html_hash,
                       page.session_start, _sig_tuple(chair), _sig_tuple(secretary))
        return ref

    def retract(self, ref: DocumentRef, *, reason: int, reason_hash: bytes) -> Receipt:
        """The body's admin: retract the published ``ref`` for status ``reason`` (not 0),
        decided in the decision whose hash is ``reason_hash``."""
        return self._transact("retract", check.instance("ref", ref, DocumentRef).as_tuple(),
                              check.uint("reason", reason, maximum=check.UINT16_MAX),
                              check.word32("reason_hash", reason_hash, text_ok=False))

    def register_complaint(self, ref: DocumentRef, page: DecisionPage, decision_uri: str, *,
                           receipt_hash: bytes) -> Receipt:
        """SUPERVISOR: register the receipt of a complaint about one decision."""
        decision = page.decision(decision_uri)
        return self._transact("registerComplaint",
                              check.instance("ref", ref, DocumentRef).as_tuple(),
                              _leaf_args(decision), _proof(page, decision),
                              check.word32("receipt_hash", receipt_hash, text_ok=False))

    def annul(self, ref: DocumentRef, page: DecisionPage, decision_uri: str, *,
              decision_ref: bytes) -> Receipt:
        """SUPERVISOR: annul one decision of ``page`` (published as ``ref``) by the
        supervisory decision whose hash is ``decision_ref``."""
        decision = page.decision(decision_uri)
        return self._transact("annul", check.instance("ref", ref, DocumentRef).as_tuple(),
                              _leaf_args(decision), _proof(page, decision),
                              check.word32("decision_ref", decision_ref, text_ok=False))

    def checkpoint(self, stream_id: bytes, *, previous_head: bytes, from_member: int,
                   to_member: int, members_root: bytes) -> bytes:
        """PUBLISHER: anchor a checkpoint continuing the stream; returns the new head."""
        stream = check.word32("stream_id", stream_id, text_ok=False)
        previous = check.word32("previous_head", previous_head, text_ok=False)
        start = check.uint("from_member", from_member, maximum=check.UINT64_MAX)
        end = check.uint("to_member", to_member, maximum=check.UINT64_MAX)
        root = check.word32("members_root", members_root, text_ok=False)
        self._transact("checkpoint", stream, previous, start, end, root)
        return checkpoint_head(stream, previous, start, end, root)

    # -- reading ---------------------------------------------------------------------------
    def document(self, ref: DocumentRef | bytes, *, block: int | str = "latest") -> Document:
        doc_id = ref.doc_id if isinstance(ref, DocumentRef) else check.word32(
            "doc_id", ref, text_ok=False)
        return Document.from_tuple(doc_id, self._call("document", doc_id, block=block))

    def latest_version(self, body: str | bytes, session_id: bytes,
                       kind: DocumentKind | str | int, *, block: int | str = "latest") -> int:
        return int(self._call("latestVersion", _body(body),
                              check.word32("session_id", session_id, text_ok=False),
                              int(DocumentKind.parse(kind)), block=block))

    def session_of(self, session_id: bytes, *,
                   block: int | str = "latest") -> tuple[bytes, int]:
        body, start = self._call("sessionOf", check.word32("session_id", session_id,
                                                           text_ok=False), block=block)
        return bytes(body), int(start)

    def annulment(self, body: str | bytes, decision_uri: str, *,
                  block: int | str = "latest") -> Annulment | None:
        at, doc_id, ref = self._call("annulment", _body(body), uri_hash(decision_uri),
                                     block=block)
        return None if at == 0 else Annulment(annulled_at=at, doc_id=bytes(doc_id),
                                              decision_ref=bytes(ref))

    def stream_head(self, stream_id: bytes) -> StreamHead:
        head, members, at = self._call("streamHead", check.word32("stream_id", stream_id,
                                                                  text_ok=False))
        return StreamHead(head=bytes(head), members=members, updated_at=at)

    def decision_status(self, ref: DocumentRef, page: DecisionPage, decision_uri: str, *,
                        block: int | str = "latest") -> tuple[Status, int]:
        """The contract's raw status of one decision and its reason code."""
        decision = page.decision(decision_uri)
        status, reason = self._call("decisionStatus", ref.as_tuple(), _leaf_args(decision),
                                    _proof(page, decision), block=block)
        return Status(status), int(reason)

    def leaf_of(self, decision: Decision) -> bytes:
        """The contract's ``leafOf`` (to cross-check the Python leaves)."""
        value: bytes = self._call("leafOf", _leaf_args(decision))
        return value

    def block_at(self, timestamp: int) -> int:
        """The last block mined at or before unix time ``timestamp`` (InputError before the
        chain's first block)."""
        when = check.uint("at", timestamp, maximum=check.UINT64_MAX)
        low, high = 0, self.chain.block_number
        if self.chain.timestamp(low) > when:
            raise InputError("at", "is before the chain's first block")
        while low < high:
            middle = (low + high + 1) // 2
            if self.chain.timestamp(middle) <= when:
                low = middle
            else:
                high = middle - 1
        return low

    # -- verification ----------------------------------------------------------------------
    def verify(self, page: DecisionPage, *, decision: str | None = None,
               kind: DocumentKind | str | int = DocumentKind.DECISION_LIST,
               at: int | None = None) -> DecisionVerification:
        """The verdict on one decision of ``page`` (its URI; optional when the page shows one
        decision), as of unix time ``at`` (default now). First the registry: its code must
        be the code expected (:class:`~blokketen.UntrustedContract` otherwise). Then the chain
        must hold a version of this body's ``kind`` for this session whose root is the page's
        root, and the decision's leaf must be proven in it."""
        check.instance("page", page, DecisionPage)
        chosen = DocumentKind.parse(kind)
        uri = _chosen_decision(page, decision)
        found = page.decision(uri)
        block = self.block_at(at) if at is not None else self.chain.block_number
        trusted = self.trusted(block=block)

        def verdict(status: Status, reason: str, **more: Any) -> DecisionVerification:
            return DecisionVerification(status=status, trusted=trusted, decision_uri=uri,
                                        reason=reason, **more)

        latest = self.latest_version(page.body_id, page.session_id, chosen, block=block)
        if latest == 0:
            return verdict(Status.UNKNOWN, f"the chain holds no {chosen.label} of session "
                           f"{page.session_uri} of {page.body_uri}")
        base = DocumentRef(page.body_id, page.session_id, chosen, latest)
        doc, ref = None, base
        for version in range(latest, 0, -1):
            candidate = self.document(base.with_version(version), block=block)
            if candidate.content_root == page.root:
                doc, ref = candidate, base.with_version(version)
                break
        if doc is None:
            return verdict(Status.UNKNOWN, f"no version of the {chosen.label} (1 to {latest}) "
                           "has this page's root: the page differs from what was anchored")
        status, code = self.decision_status(ref, page, uri, block=block)
        signatures_ok, problem = self._signatures(ref, doc, chosen, block)
        annulled = (self.annulment(page.body_id, uri, block=block)
                    if status is Status.ANNULLED else None)
        return DecisionVerification(
            status=status, trusted=trusted, decision_uri=uri,
            reason=_why(status, code, found, ref, latest, doc, annulled, problem),
            doc_id=ref.doc_id, version=ref.version, latest_version=latest,
            chair=doc.chair, secretary=doc.secretary,
            chair_signed_at=doc.chair_signed_at or None,
            secretary_signed_at=doc.secretary_signed_at or None,
            signatures_ok=signatures_ok, html_exact=doc.html_hash == page.html_hash,
            annulment=annulled, deadlines=self._deadlines(page, doc, block))

    def _signatures(self, ref: DocumentRef, doc: Document, kind: DocumentKind,
                    block: int) -> tuple[bool, str | None]:
        if doc.chair is None and doc.secretary is None:
            return (not kind.needs_signatures,
                    "unsigned" if kind.needs_signatures else None)
        if doc.chair is None or doc.secretary is None:
            return False, "only one of the two signatures is recorded"
        if doc.chair == doc.secretary:
            return False, "chair and secretary are the same address"
        published = doc.published_at or None
        for role, who, when in ((CHAIR_ROLE, doc.chair, doc.chair_signed_at),
                                (SECRETARY_ROLE, doc.secretary, doc.secretary_signed_at)):
            name = "chair" if role == CHAIR_ROLE else "secretary"
            if not self.held_at(ref.body_id, role, who, when, block=block):
                return False, f"the {name} {who} did not hold the mandate at {when}"
            if published is not None and when > published:
                return False, f"the {name} signed after publication"
        return True, None

    def _deadlines(self, page: DecisionPage, doc: Document, block: int) -> Deadlines:
        agenda = self.latest_version(page.body_id, page.session_id, DocumentKind.AGENDA,
                                     block=block)
        agenda_at = None
        if agenda:
            ref = DocumentRef(page.body_id, page.session_id, DocumentKind.AGENDA, 1)
            agenda_at = self.document(ref, block=block).anchored_at or None
        listed = self.latest_version(page.body_id, page.session_id,
                                     DocumentKind.DECISION_LIST, block=block)
        list_at = None
        if listed:
            ref = DocumentRef(page.body_id, page.session_id, DocumentKind.DECISION_LIST, 1)
            list_at = self.document(ref, block=block).published_at or None
        _, start = self.session_of(page.session_id, block=block)
        return Deadlines(session_start=start or page.session_start,
                         agenda_anchored_at=agenda_at, decision_list_published_at=list_at,
                         published_at=doc.published_at or None)


def _chosen_decision(page: DecisionPage, decision: str | None) -> str:
    if decision is not None:
        return page.decision(decision).uri
    if len(page.decisions) == 1:
        return page.decisions[0].uri
    known = ", ".join(d.uri for d in page.decisions)
    raise InputError("decision", f"the page has {len(page.decisions)} decisions: name one "
                     f"({known})")


def _why(status: Status, code: int, decision: Decision, ref: DocumentRef, latest: int,
         doc: Document, annulled: Annulment | None, problem: str | None) -> str | None:
    if status is Status.ANNULLED and annulled is not None:
        return (f"annulled by the supervisory authority at {annulled.annulled_at} "
                f"(decision 0x{annulled.decision_ref.hex()})")
    if status is Status.SUPERSEDED:
        return f"version {ref.version} was superseded: the latest is version {latest}"
    if status is Status.RETRACTED:
        return f"retracted by the body at {doc.ended_at} (reason code {code})"
    if status is Status.PENDING:
        return "anchored but not published"
    if status is Status.UNKNOWN:
        return f"the decision {decision.uri} is not proven in version {ref.version}"
    if problem is not None:
        return f"signatures: {problem}"
    return None


def _signing_role(role: str | bytes) -> bytes:
    chosen = _mandate(role)
    if chosen == BODY_ADMIN_ROLE:
        raise InputError("role", "only the chair and the secretary sign documents")
    return chosen


def _signature_bytes(raw: object) -> bytes:
    if not isinstance(raw, bytes | bytearray) or not raw:
        raise InputError("signature", "must be the signature's bytes")
    return bytes(raw)


def _sig_tuple(signature: tuple[Any, ...]) -> tuple[str, int, int, bytes]:
    if not isinstance(signature, tuple) or len(signature) != 4:
        raise InputError("signature", "must be (signer, nonce, deadline, signature bytes)")
    signer, nonce, deadline, raw = signature
    return (check.address("signer", signer),
            check.uint("nonce", nonce, maximum=check.UINT256_MAX),
            check.uint("deadline", deadline, maximum=check.UINT256_MAX), _signature_bytes(raw))

