"""Value types of the diploma registry: its states, reasons and frozen query results."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from blokketen._exceptions import ChainError, InputError
from blokketen.common.roles import RoleWindow
from blokketen.common.status import Status as ChainStatus
from blokketen.contract import checks as check
from blokketen.contract.trust import TrustedContract

__all__ = [
    "ADMIN_DELAY",
    "MISMATCH_FIELDS",
    "OPEN_UNTIL",
    "REASON_NOT_ACCREDITED_AT_ISSUANCE",
    "Authority",
    "Batch",
    "DiplomaRecord",
    "DiplomaState",
    "IssuerHistory",
    "IssuerState",
    "Recognition",
    "RetroactiveWithdrawal",
    "RevocationReason",
    "Status",
    "Verification",
    "VoidedSpan",
]

ADMIN_DELAY = 3 * 24 * 3600
"""Seconds a new admin of the DiplomaRegistry waits before it can accept the role (three
days: long enough for the accreditors and institutions to notice a hand-over they did not
expect, short enough to replace a lost key within a working week). The pilot's
``constructor_args`` deploy with it."""
OPEN_UNTIL = check.UINT64_MAX
"""``validUntil`` value meaning "until ended" (``RoleWindows.OPEN_ENDED``)."""

MISMATCH_FIELDS: dict[int, str] = {257: "eqf_level", 258: "country", 259: "institution"}
"""The registry's mismatch reason codes and the document field each names."""
REASON_NOT_ACCREDITED_AT_ISSUANCE = 260
"""The verdict reason of a batch whose issuer was not accredited when it anchored it."""


class Status(enum.StrEnum):
    """The verdict on a receipt. ``WRONG_CHAIN`` and ``WRONG_REGISTRY`` are found before
    asking the chain; the others come from the contract's ``verify`` (status and reason)."""

    VALID = "valid"
    UNKNOWN = "unknown"
    MISMATCH = "mismatch"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    ISSUER_NOT_ACCREDITED_AT_ISSUANCE = "issuer-not-accredited-at-issuance"
    EXPIRED = "expired"
    WRONG_CHAIN = "wrong-chain"
    WRONG_REGISTRY = "wrong-registry"

    @classmethod
    def from_chain(cls, status: int, reason: int) -> Status:
        """The verdict of the contract's answer ``(status, reason)``."""
        found = ChainStatus(status)
        if found is ChainStatus.ACTIVE:
            return cls.VALID
        if found is ChainStatus.UNKNOWN:
            return cls.MISMATCH if reason in MISMATCH_FIELDS else cls.UNKNOWN
        if found is ChainStatus.REVOKED:
            return (cls.ISSUER_NOT_ACCREDITED_AT_ISSUANCE
                    if reason == REASON_NOT_ACCREDITED_AT_ISSUANCE else cls.REVOKED)
        if found is ChainStatus.SUSPENDED:
            return cls.SUSPENDED
        if found is ChainStatus.EXPIRED:
            return cls.EXPIRED
        raise ChainError(f"the registry answered {found.label}, which it never gives: "
                         "not a DiplomaRegistry verdict")


class RevocationReason(enum.IntEnum):
    """Reasons of a revocation or suspension: the shared reason codes of every registry
    (``blokketen.common.status.Reason``) under their diploma names, plus the registry's own
    ``ACADEMIC_MISCONDUCT`` (256). ``NONE`` means not revoked."""

    NONE = 0
    ISSUED_IN_ERROR = 1
    FRAUD = 2
    COURT_ORDER = 3
    SUPERVISORY_DECISION = 4
    HOLDER_REQUEST = 5
    SUPERSEDED = 6
    UNDER_INVESTIGATION = 7
    KEY_COMPROMISED = 8
    ACCREDITATION_WITHDRAWN = 9
    ACADEMIC_MISCONDUCT = 256

    @classmethod
    def parse(cls, text: str) -> RevocationReason:
        """``"fraud"``, ``"issued-in-error"``, ``"FRAUD"`` or ``"2"``; InputError otherwise."""
        return cls._given(check.member("reason", text, cls))

    @classmethod
    def of(cls, value: object) -> RevocationReason:
        """A reason given as a member or its number, never NONE; InputError otherwise."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError("reason", "must be a RevocationReason")
        return cls._given(check.member("reason", value, cls))

    @classmethod
    def _given(cls, reason: RevocationReason) -> RevocationReason:
        if reason is cls.NONE:
            raise InputError("reason", "a revocation or suspension needs a reason other "
                                       "than NONE")
        return reason

    @property
    def label(self) -> str:
        """The name as the command line writes it (``issued-in-error``)."""
        return self.name.lower().replace("_", "-")

    @classmethod
    def labels(cls) -> str:
        """Every reason but NONE, as the command line writes them."""
        return ", ".join(reason.label for reason in cls if reason is not cls.NONE)


class IssuerState(enum.IntEnum):
    """An institution's state in the trust chain."""

    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    WITHDRAWN = 3


class DiplomaState(enum.IntEnum):
    """A diploma's state, kept under its identity across batches."""

    ACTIVE = 0
    SUSPENDED = 1
    REVOKED = 2


class Authority(enum.IntEnum):
    """Who changed a diploma's state: its issuing institution or a REVOKER."""

    NONE = 0
    ISSUER = 1
    REVOKER = 2


@dataclass(frozen=True)
class VoidedSpan:
    """A confirmed retroactive withdrawal: nothing the issuer anchored at block times
    ``start <= t < until`` counts."""

    start: int
    until: int


@dataclass(frozen=True)
class RetroactiveWithdrawal:
    """A proposed withdrawal with effect from ``effective_at``, waiting for a second party."""

    proposer: str
    effective_at: int
    withdrawn_at: int


@dataclass(frozen=True)
class IssuerHistory:
    """An institution as the chain knows it: its institution id and country (fixed at its
    first accreditation), state, latest accreditation (EQF ``levels`` and decision window),
    every role window per EQF level, confirmed retroactive withdrawals and a pending one."""

    issuer: str
    institution: bytes | None
    country: str | None
    state: IssuerState
    levels: tuple[int, ...]
    valid_from: int
    valid_until: int
    windows: dict[int, tuple[RoleWindow, ...]] = field(default_factory=dict)
    voided: tuple[VoidedSpan, ...] = ()
    pending: RetroactiveWithdrawal | None = None

    def accredited_at(self, level: int, timestamp: int, *, now: int) -> bool:
        """Whether the issuer was accredited for ``level`` at ``timestamp`` (as the
        contract's ``accreditedAt`` answers, from the windows and voided spans)."""
        if timestamp > now:
            return False
        if not any(window.counts_at(timestamp) for window in self.windows.get(level, ())):
            return False
        return not any(span.start <= timestamp < span.until for span in self.voided)


@dataclass(frozen=True)
class Batch:
    """An anchored batch. ``expires_at`` is None when its diplomas never lapse."""

    root: bytes
    issuer: str
    size: int
    level: int
    revoked_reason: RevocationReason
    issued_at: int
    issued_block: int
    expires_at: int | None

    @classmethod
    def from_tuple(cls, root: bytes, raw: tuple[Any, ...]) -> Batch:
        """The contract's ``Batch`` struct of the batch anchored under ``root``."""
        issuer, size, level, reason, issued_at, issued_block, expires_at = raw
        return cls(root=root, issuer=issuer, size=size, level=level,
                   revoked_reason=RevocationReason(reason), issued_at=issued_at,
                   issued_block=issued_block, expires_at=expires_at or None)


@dataclass(frozen=True)
class DiplomaRecord:
    """The status record of one diploma: its state, the reason, who changed it last (with
    which authority) and when (block time)."""

    diploma_id: bytes
    state: DiplomaState
    reason: RevocationReason
    authority: Authority
    by: str | None
    changed_at: int

    @classmethod
    def from_tuple(cls, diploma_id: bytes, raw: tuple[Any, ...]) -> DiplomaRecord:
        """The contract's ``DiplomaRecord`` struct of ``diploma_id``."""
        by, changed_at, reason, state, authority = raw
        return cls(diploma_id=diploma_id, state=DiplomaState(state),
                   reason=RevocationReason(reason), authority=Authority(authority),
                   by=None if int(by, 16) == 0 else by, changed_at=changed_at)


@dataclass(frozen=True)
class Recognition:
    """A recognition decision recorded by an ENIC-NARIC centre."""

    recogniser: str
    equivalent_level: int
    decision_hash: bytes
    block: int


@dataclass(frozen=True)
class Verification:
    """The verdict on one receipt, and the registry it comes from.

    ``trusted`` names the chain, the registry address and its code hash, checked before the
    verdict. ``reason`` says why a diploma is not valid (None when valid); on a mismatch it
    starts with the document ``field`` that disagrees with the chain. ``code`` is the
    registry's reason code. The rest is what the chain knows of the diploma (None when it
    does not know it).
    """

    status: Status
    trusted: TrustedContract
    root: bytes
    diploma_id: bytes
    reason: str | None = None
    field: str | None = None
    code: int = 0
    issuer: str | None = None
    country: str | None = None
    level: int | None = None
    issued_at: int | None = None
    issued_block: int | None = None
    expires_at: int | None = None
    revocation: RevocationReason | None = None
    recognitions: tuple[Recognition, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the chain vouches for the diploma now."""
        return self.status is Status.VALID
