"""Value types of the diploma registry: the contract's enums and frozen query results."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from blokketen._exceptions import InputError
from blokketen.contract import checks as check

__all__ = [
    "OPEN_UNTIL",
    "Accreditation",
    "Batch",
    "IssuerHistory",
    "IssuerState",
    "Recognition",
    "RevocationReason",
    "Status",
    "Verification",
]

OPEN_UNTIL = check.UINT64_MAX
"""``validUntil`` / ``untilBlock`` value meaning "no end"."""


class Status(enum.StrEnum):
    """Outcome of verifying a receipt. The first six are the contract's ``Status`` enum;
    ``WRONG_CHAIN`` and ``WRONG_REGISTRY`` are found before asking the chain."""

    UNKNOWN = "unknown"
    VALID = "valid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    ISSUER_NOT_ACCREDITED_AT_ISSUANCE = "issuer-not-accredited-at-issuance"
    EXPIRED = "expired"
    WRONG_CHAIN = "wrong-chain"
    WRONG_REGISTRY = "wrong-registry"

    @classmethod
    def from_chain(cls, code: int) -> Status:
        """The status of the contract's ``Status`` enum value ``code``."""
        return _CHAIN_STATUSES[code]


_CHAIN_STATUSES = (
    Status.UNKNOWN,
    Status.VALID,
    Status.REVOKED,
    Status.SUSPENDED,
    Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE,
    Status.EXPIRED,
)


class RevocationReason(enum.IntEnum):
    """The contract's fixed list of revocation reasons (``NONE`` = not revoked)."""

    NONE = 0
    ISSUED_IN_ERROR = 1
    SUPERSEDED = 2
    FRAUD = 3
    ACADEMIC_MISCONDUCT = 4
    COURT_ORDER = 5
    ACCREDITATION_WITHDRAWN = 6
    HOLDER_REQUEST = 7

    @classmethod
    def parse(cls, text: str) -> RevocationReason:
        """``"fraud"``, ``"issued-in-error"``, ``"FRAUD"`` or ``"3"``; InputError otherwise."""
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
            raise InputError("reason", "a revocation needs a reason other than NONE")
        return reason

    @property
    def label(self) -> str:
        """The name as the command line writes it (``issued-in-error``)."""
        return self.name.lower().replace("_", "-")


class IssuerState(enum.IntEnum):
    """An institution's state in the trust chain."""

    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    WITHDRAWN = 3


@dataclass(frozen=True)
class Accreditation:
    """One interval of an issuer's accreditation history.

    In force for blocks ``from_block <= b < until_block`` (``until_block`` None while open),
    for block timestamps ``valid_from <= t < valid_until``, for the EQF ``levels``.
    """

    accreditor: str
    country: str
    levels: tuple[int, ...]
    valid_from: int
    valid_until: int
    from_block: int
    until_block: int | None

    @classmethod
    def from_tuple(cls, raw: tuple[Any, ...]) -> Accreditation:
        """The contract's ``Accreditation`` struct (levels as a bitmask)."""
        accreditor, country, levels, valid_from, valid_until, from_block, until_block = raw
        return cls(
            accreditor=accreditor,
            country=bytes(country).decode("ascii"),
            levels=tuple(level for level in range(1, 9) if levels & (1 << level)),
            valid_from=valid_from,
            valid_until=valid_until,
            from_block=from_block,
            until_block=None if until_block == OPEN_UNTIL else until_block,
        )

    def covers(self, level: int, block: int, timestamp: int) -> bool:
        """Whether this interval accredits ``level`` at ``block`` with ``timestamp``."""
        until = OPEN_UNTIL if self.until_block is None else self.until_block
        return (
            level in self.levels
            and self.from_block <= block < until
            and self.valid_from <= timestamp < self.valid_until
        )


@dataclass(frozen=True)
class IssuerHistory:
    """An institution's country, current state and full accreditation history."""

    issuer: str
    country: str | None
    state: IssuerState
    accreditations: tuple[Accreditation, ...]


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
class Recognition:
    """A recognition decision recorded by an ENIC-NARIC centre."""

    recogniser: str
    equivalent_level: int
    decision_hash: bytes
    block: int


@dataclass(frozen=True)
class Verification:
    """The verdict on one receipt, with what the chain knows about the diploma.

    ``reasons`` holds the revocation reasons (batch and diploma); issuer, country, level and
    issue time are None when the registry does not know the diploma.
    """

    status: Status
    leaf: bytes
    root: bytes
    issuer: str | None = None
    country: str | None = None
    level: int | None = None
    issued_at: int | None = None
    issued_block: int | None = None
    expires_at: int | None = None
    reasons: tuple[RevocationReason, ...] = ()
    recognitions: tuple[Recognition, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the chain vouches for the diploma now."""
        return self.status is Status.VALID
