"""Value types of the local decisions pilot: document kinds and states, references, the
chain's records, deadline evidence and the verdict on one decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.status import Status
from blokketen.contract import checks as check

if TYPE_CHECKING:
    from blokketen.contract.trust import TrustedContract

__all__ = [
    "ADMIN_DELAY",
    "AGENDA_DAYS_BEFORE",
    "BODY_ADMIN_ROLE",
    "CHAIR_ROLE",
    "COMPLAINT_DAYS",
    "DAY",
    "LIST_DAYS_AFTER",
    "PAGE_FORMAT",
    "SECRETARY_ROLE",
    "SIGNED_KINDS",
    "Annulment",
    "Deadlines",
    "DecisionVerification",
    "Document",
    "DocumentKind",
    "DocumentRef",
    "DocumentState",
    "StreamHead",
]

PAGE_FORMAT = "text/html"
"""The ``format`` of a published page as ``blokketen serve`` hands it to the verifier
(``{"format": "text/html", "html": <the page's text>}``)."""

ADMIN_DELAY = 2 * 24 * 3600
"""The admin hand-over delay the pilot deploys with (seconds)."""
DAY = 24 * 3600
"""Seconds in a day."""
AGENDA_DAYS_BEFORE = 8
"""An agenda is sent at least 8 days before the session (urgent items: 24 hours)."""
LIST_DAYS_AFTER = 10
"""The decision list is published within 10 days after the session."""
COMPLAINT_DAYS = 30
"""A complaint about a council decision comes within 30 days of its publication."""

CHAIR_ROLE = keccak(text="CHAIR_ROLE")
"""``keccak256("CHAIR_ROLE")``: the chair's mandate."""
SECRETARY_ROLE = keccak(text="SECRETARY_ROLE")
"""``keccak256("SECRETARY_ROLE")``: the secretary's mandate."""
BODY_ADMIN_ROLE = keccak(text="BODY_ADMIN_ROLE")
"""``keccak256("BODY_ADMIN_ROLE")``: retracts the body's documents."""


class DocumentKind(IntEnum):
    """What a document is (the contract's ``DocumentKind``)."""

    AGENDA = 0
    DECISION_LIST = 1
    MINUTES = 2
    EXTRACT = 3
    REGULATION = 4

    @property
    def label(self) -> str:
        return {0: "agenda", 1: "besluitenlijst", 2: "notulen", 3: "uittreksel",
                4: "reglement"}[int(self)]

    @property
    def needs_signatures(self) -> bool:
        return self in SIGNED_KINDS

    @classmethod
    def parse(cls, value: object, field: str = "kind") -> DocumentKind:
        """A kind from itself, its number, its English name or its Dutch label."""
        if isinstance(value, str):
            dutch = {k.label: k for k in cls}
            if value.strip().lower() in dutch:
                return dutch[value.strip().lower()]
        return check.member(field, value, cls)


SIGNED_KINDS = frozenset({DocumentKind.DECISION_LIST, DocumentKind.MINUTES, DocumentKind.EXTRACT})
"""The kinds that need the chair's and the secretary's signature before publication."""


class DocumentState(IntEnum):
    """The state of one document version (the contract's ``DocumentState``)."""

    NONE = 0
    ANCHORED = 1
    PUBLISHED = 2
    SUPERSEDED = 3
    RETRACTED = 4


@dataclass(frozen=True)
class DocumentRef:
    """The four parts of a document id: body, session, kind, version (from 1)."""

    body_id: bytes
    session_id: bytes
    kind: DocumentKind
    version: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "body_id", check.hash32("body_id", self.body_id, text_ok=False))
        object.__setattr__(self, "session_id",
                           check.hash32("session_id", self.session_id, text_ok=False))
        object.__setattr__(self, "kind", DocumentKind.parse(self.kind))
        object.__setattr__(self, "version", check.uint("version", self.version,
                                                       minimum=1, maximum=check.UINT16_MAX))

    def as_tuple(self) -> tuple[bytes, bytes, int, int]:
        return (self.body_id, self.session_id, int(self.kind), self.version)

    def with_version(self, version: int) -> DocumentRef:
        return DocumentRef(self.body_id, self.session_id, self.kind, version)

    @property
    def doc_id(self) -> bytes:
        """``keccak256(abi.encode(bodyId, sessionId, kind, version))``, as the contract."""
        from eth_abi import encode

        return keccak(encode(["bytes32", "bytes32", "uint8", "uint16"], list(self.as_tuple())))


@dataclass(frozen=True)
class Document:
    """One document version as the chain records it (times are unix seconds, 0 = not yet)."""

    doc_id: bytes
    content_root: bytes
    html_hash: bytes
    chair: str | None
    chair_signed_at: int
    secretary: str | None
    secretary_signed_at: int
    anchored_at: int
    published_at: int
    ended_at: int
    state: DocumentState
    end_reason: int

    @classmethod
    def from_tuple(cls, doc_id: bytes, row: Sequence[Any]) -> Document:
        (root, html, chair, chair_at, secretary, secretary_at, anchored, published, ended,
         state, reason) = row
        return cls(doc_id=doc_id, content_root=bytes(root), html_hash=bytes(html),
                   chair=None if int(chair, 16) == 0 else chair, chair_signed_at=chair_at,
                   secretary=None if int(secretary, 16) == 0 else secretary,
                   secretary_signed_at=secretary_at, anchored_at=anchored,
                   published_at=published, ended_at=ended, state=DocumentState(state),
                   end_reason=reason)


@dataclass(frozen=True)
class Annulment:
    """A supervisory annulment: when, in which document, the decision's hash."""

    annulled_at: int
    doc_id: bytes
    decision_ref: bytes


@dataclass(frozen=True)
class StreamHead:
    """The head of an event stream: the chained checkpoint hash and members covered."""

    head: bytes
    members: int
    updated_at: int


@dataclass(frozen=True)
class Deadlines:
    """Deadline evidence from the chain's times: reported, never enforced. ``None`` where
    the chain has no time to judge by (no agenda anchored, not yet published)."""

    session_start: int
    agenda_anchored_at: int | None
    decision_list_published_at: int | None
    published_at: int | None

    @property
    def agenda_days_before(self) -> float | None:
        if self.agenda_anchored_at is None:
            return None
        return (self.session_start - self.agenda_anchored_at) / DAY

    @property
    def agenda_in_time(self) -> bool | None:
        days = self.agenda_days_before
        return None if days is None else days >= AGENDA_DAYS_BEFORE

    @property
    def decision_list_days_after(self) -> float | None:
        if self.decision_list_published_at is None:
            return None
        return (self.decision_list_published_at - self.session_start) / DAY

    @property
    def decision_list_in_time(self) -> bool | None:
        days = self.decision_list_days_after
        return None if days is None else days <= LIST_DAYS_AFTER

    @property
    def complaint_until(self) -> int | None:
        """The last moment a complaint is in time (30 days after publication)."""
        return None if self.published_at is None else self.published_at + COMPLAINT_DAYS * DAY


@dataclass(frozen=True)
class DecisionVerification:
    """The verdict on one decision of a published page.

    ``status`` is the registry's (``ACTIVE`` only for a decision in the latest published
    version, signed as its kind needs, not retracted and not annulled); ``valid`` also
    requires the signatures to check out. ``reason`` says why not, in one line."""

    status: Status
    trusted: TrustedContract
    decision_uri: str
    reason: str | None
    doc_id: bytes | None = None
    version: int | None = None
    latest_version: int | None = None
    chair: str | None = None
    secretary: str | None = None
    chair_signed_at: int | None = None
    secretary_signed_at: int | None = None
    signatures_ok: bool = False
    html_exact: bool = False
    annulment: Annulment | None = None
    deadlines: Deadlines | None = None

    @property
    def valid(self) -> bool:
        return self.status is Status.ACTIVE and self.signatures_ok


def role_of(name: object) -> bytes:
    """The id of a signing role from ``chair``/``voorzitter`` or ``secretary``/``secretaris``."""
    text = str(name).strip().lower() if isinstance(name, str) else ""
    if text in ("chair", "voorzitter", "chair_role"):
        return CHAIR_ROLE
    if text in ("secretary", "secretaris", "secretary_role"):
        return SECRETARY_ROLE
    raise InputError("role", f"chair or secretary, not {name!r}")
