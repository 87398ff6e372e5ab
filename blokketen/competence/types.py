"""Value types of the competences pilot: frameworks, claim kinds, states, reasons and the
frozen results of the registry and the verifier."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from eth_utils import keccak

from blokketen._exceptions import ChainError, InputError
from blokketen.contract import checks as check
from blokketen.contract.trust import TrustedContract

__all__ = [
    "ADMIN_DELAY",
    "FRESHNESS",
    "MIN_TREE_SIZE",
    "OPEN_UNTIL",
    "VALIDATION_WINDOW",
    "Authenticity",
    "Batch",
    "BatchState",
    "ClaimKind",
    "DisclosedClaim",
    "Framework",
    "Mark",
    "MarkState",
    "Reason",
    "Verdict",
    "Verification",
]

ADMIN_DELAY = 3 * 24 * 3600
"""Seconds a new admin of the CompetenceRegistry waits before accepting (three days)."""
VALIDATION_WINDOW = 90 * 24 * 3600
"""Seconds VDAB has to validate or reject a proposed batch (90 days, the proposal's
estimate); after that the batch can only be proposed again under new salts."""
OPEN_UNTIL = check.UINT64_MAX
"""``validUntil`` of an accreditation or validator window that lasts until it is ended."""
MIN_TREE_SIZE = 16
"""A credential tree has at least 16 leaves (the holder leaf, claims, decoys)."""
FRESHNESS = 300
"""Seconds a presentation's signature stays fresh (5 minutes, as a KB-JWT's ``iat`` check)."""


class Framework(enum.StrEnum):
    """The competence frameworks a claim may cite; the id on chain is the keccak256 of the
    name."""

    COMPETENT = "competent:2.0"
    """SERV's Competent 2.0 occupational standards (VDAB's taxonomy)."""
    ESCO = "esco:v1.2.0"
    """The European ESCO classification, skills pillar."""

    @property
    def id(self) -> bytes:
        """``keccak256(name)``: the framework id the contract stores."""
        return keccak(text=self.value)

    @classmethod
    def parse(cls, value: object, *, field: str = "framework") -> Framework:
        """A framework by its name (``competent:2.0``, ``esco:v1.2.0``); InputError otherwise."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            for member in cls:
                if member.value == value:
                    return member
        names = ", ".join(m.value for m in cls)
        raise InputError(field, f"{value!r} is not a known framework ({names})")

    @classmethod
    def of_id(cls, framework_id: bytes) -> Framework | None:
        """The framework whose id is ``framework_id`` (None if unknown)."""
        for member in cls:
            if member.id == framework_id:
                return member
        return None


class ClaimKind(enum.StrEnum):
    """The four kinds of competence of Competent (and of the pilot's claims)."""

    SKILL = "skill"
    KNOWLEDGE = "knowledge"
    BEHAVIOUR = "behaviour"
    SOFT_SKILL = "soft-skill"


class Authenticity(enum.StrEnum):
    """Whether a claim was assessed by the school (``authentic``) or only stated by the
    learner or an employer (``self-declared``; never counted as validated)."""

    AUTHENTIC = "authentic"
    SELF_DECLARED = "self-declared"


class BatchState(enum.IntEnum):
    """``ICompetenceRegistry.BatchState``."""

    NONE = 0
    PROPOSED = 1
    VALIDATED = 2
    REJECTED = 3


class MarkState(enum.IntEnum):
    """``ICompetenceRegistry.MarkState``: a suspension or revocation of a batch or credential."""

    NONE = 0
    SUSPENDED = 1
    REVOKED = 2


class Reason(enum.IntEnum):
    """Reasons of a rejection, suspension or revocation: the shared codes and the registry's
    own (256, 257); 258-260 are verdict reasons the registry's ``status`` gives."""

    NONE = 0
    RECORDED_IN_ERROR = 1
    FRAUD = 2
    COURT_ORDER = 3
    SUPERVISORY_DECISION = 4
    SUBJECT_REQUEST = 5
    REPLACED = 6
    UNDER_INVESTIGATION = 7
    KEY_COMPROMISED = 8
    AUTHORITY_ENDED = 9
    ASSESSMENT_INVALID = 256
    EVIDENCE_INSUFFICIENT = 257
    VALIDATION_WINDOW_CLOSED = 258
    NOT_ACCREDITED_AT_PROPOSAL = 259
    VALIDATOR_NOT_HELD = 260

    @classmethod
    def parse(cls, value: object, *, field: str = "reason") -> Reason:
        """A reason someone may give (``fraud``, ``assessment-invalid``, ``2``): never NONE
        nor a verdict reason; InputError naming ``field`` otherwise."""
        reason = check.member(field, value, cls)
        if reason is cls.NONE or reason >= cls.VALIDATION_WINDOW_CLOSED:
            raise InputError(field, f"{reason.label} is not a reason one can give "
                                    f"(give one of: {cls.labels()})")
        return reason

    @classmethod
    def labels(cls) -> str:
        """The reasons one can give, as the command line writes them."""
        return ", ".join(m.label for m in cls if m is not cls.NONE
                         and m < cls.VALIDATION_WINDOW_CLOSED)

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def of_code(cls, code: int) -> Reason | int:
        """The reason of a code the chain gave (the bare number if it is not known)."""
        return cls(code) if code in cls._value2member_map_ else code


@dataclass(frozen=True)
class Batch:
    """A proposed batch as the registry stores it."""

    root: bytes
    assessor: str
    proposed_at: int
    valid_until: int
    state: BatchState
    min_level: int
    validator: str | None
    decided_at: int
    count: int
    max_level: int
    reject_reason: Reason | int
    framework: bytes

    @classmethod
    def from_tuple(cls, root: bytes, row: tuple[Any, ...]) -> Batch:
        """The batch of the ``batch(root)`` tuple an eth_call gives."""
        (assessor, proposed_at, valid_until, state, min_level, validator, decided_at, count,
         max_level, reject_reason, framework) = row
        return cls(root=root, assessor=str(assessor), proposed_at=int(proposed_at),
                   valid_until=int(valid_until), state=BatchState(int(state)),
                   min_level=int(min_level),
                   validator=None if int(str(validator), 16) == 0 else str(validator),
                   decided_at=int(decided_at), count=int(count), max_level=int(max_level),
                   reject_reason=Reason.of_code(int(reject_reason)), framework=bytes(framework))

    @property
    def framework_name(self) -> str:
        """The framework's name, or its id in hex if it is not a known one."""
        known = Framework.of_id(self.framework)
        return known.value if known is not None else "0x" + self.framework.hex()


@dataclass(frozen=True)
class Mark:
    """A suspension or revocation of a batch or credential: state, reason, by whom, when."""

    state: MarkState
    reason: Reason | int
    by: str | None
    changed_at: int

    @classmethod
    def from_tuple(cls, row: tuple[Any, ...]) -> Mark:
        """The mark of the tuple an eth_call gives."""
        state, reason, by, changed_at = row
        return cls(state=MarkState(int(state)), reason=Reason.of_code(int(reason)),
                   by=None if int(str(by), 16) == 0 else str(by), changed_at=int(changed_at))


class Verdict(enum.StrEnum):
    """The verdict on a presentation, in the order the verifier checks (the first failing
    check gives it); only VALID is valid."""

    VALID = "valid"
    WRONG_CHAIN = "wrong-chain"
    WRONG_REGISTRY = "wrong-registry"
    DECOY = "decoy-shown-as-claim"
    INVALID_PROOF = "invalid-proof"
    UNKNOWN = "unknown"
    WRONG_SCOPE = "outside-batch-scope"
    PENDING = "pending-validation"
    VALIDATION_WINDOW_CLOSED = "validation-window-closed"
    REJECTED = "rejected"
    REVOKED = "revoked"
    NOT_ACCREDITED_AT_PROPOSAL = "assessor-not-accredited-at-proposal"
    VALIDATOR_NOT_HELD = "validator-not-holding-role"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    WRONG_HOLDER = "holder-key-mismatch"
    WRONG_AUDIENCE = "wrong-audience"
    WRONG_NONCE = "wrong-nonce"
    BAD_SIGNATURE = "bad-signature"
    STALE = "stale"

    @classmethod
    def from_chain(cls, status: int, reason: int) -> Verdict:
        """The verdict of the registry's ``status`` answer."""
        from blokketen.common.status import Status

        found = Status(status)
        by_status = {Status.ACTIVE: cls.VALID, Status.UNKNOWN: cls.UNKNOWN,
                     Status.PENDING: cls.PENDING, Status.ANNULLED: cls.REJECTED,
                     Status.SUSPENDED: cls.SUSPENDED}
        if found in by_status:
            return by_status[found]
        if found is Status.EXPIRED:
            return (cls.VALIDATION_WINDOW_CLOSED if reason == Reason.VALIDATION_WINDOW_CLOSED
                    else cls.EXPIRED)
        if found is Status.REVOKED:
            if reason == Reason.NOT_ACCREDITED_AT_PROPOSAL:
                return cls.NOT_ACCREDITED_AT_PROPOSAL
            if reason == Reason.VALIDATOR_NOT_HELD:
                return cls.VALIDATOR_NOT_HELD
            return cls.REVOKED
        raise ChainError(f"the registry answered {found.label}, which it never gives: "
                         "not a CompetenceRegistry verdict")


@dataclass(frozen=True)
class DisclosedClaim:
    """One claim as the verifier reports it: its position, the claim, and whether it counts
    as validated (an authentic claim of a valid presentation) or is self-declared."""

    index: int
    framework: str
    code: str
    kind: str
    learning_outcome: str
    level: int
    assessed_on: str
    authenticity: str

    @property
    def validated(self) -> bool:
        """Only authentic claims count as validated; self-declared never do."""
        return self.authenticity == Authenticity.AUTHENTIC


@dataclass(frozen=True)
class Verification:
    """The verdict on a presentation: the registry it comes from (chain, address, code
    hash, block), the verdict and one line of reason, the claims (authentic and
    self-declared apart), and what the chain knows of the batch."""

    verdict: Verdict
    trusted: TrustedContract
    reason: str | None
    credential_root: bytes
    batch_root: bytes
    holder: str
    audience: str
    claims: tuple[DisclosedClaim, ...] = ()
    batch: Batch | None = None
    code: int = 0
    institution: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID

    @property
    def validated_claims(self) -> tuple[DisclosedClaim, ...]:
        """The claims that count as validated (authentic ones, only when valid)."""
        return tuple(c for c in self.claims if c.validated) if self.valid else ()

    @property
    def self_declared_claims(self) -> tuple[DisclosedClaim, ...]:
        """The claims the learner or an employer only stated: never validated."""
        return tuple(c for c in self.claims if not c.validated)
