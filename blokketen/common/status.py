"""The status every registry view answers with, and the reason-code convention.

Mirrors ``contracts/common/IStatus.sol`` (the enum) and ``StatusCodes.sol`` (shared reasons);
a test reads both Solidity files and compares.

Reason codes are ``uint16``: 0 means none; 1 to 255 are shared and mean the same in every
registry (:class:`Reason`); from :data:`REGISTRY_REASON_BASE` (256) up they belong to one
registry, which lists them in its interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from blokketen._exceptions import InputError

__all__ = [
    "LAST_SHARED_REASON",
    "REGISTRY_REASON_BASE",
    "Reason",
    "Status",
    "StatusReport",
    "check_reason",
]


class Status(IntEnum):
    """``enum Status`` of the contracts, in the same order."""

    UNKNOWN = 0
    """The registry never recorded this item (or the proof does not lead to it)."""
    PENDING = 1
    """Recorded but not yet in force (proposed, waiting for a second party)."""
    ACTIVE = 2
    """In force now: the only status a verifier reports as valid."""
    SUSPENDED = 3
    """Temporarily not in force; it can become active again."""
    REVOKED = 4
    """Ended by its issuer or an authority before its term. Final."""
    SUPERSEDED = 5
    """Replaced by a newer version of the same item. Final."""
    WITHDRAWN = 6
    """Taken back by whoever recorded it. Final."""
    RETRACTED = 7
    """Taken back by the body that published it ("intrekking"). Final."""
    ANNULLED = 8
    """Declared void by a supervising authority or a court ("vernietiging"). Final."""
    EXPIRED = 9
    """Its validity term has passed (derived from time)."""

    @property
    def is_final(self) -> bool:
        """Nothing brings the item back to ACTIVE (``StatusCodes.isFinal``)."""
        return self in _FINAL

    @property
    def label(self) -> str:
        """The Solidity member name (``Active``)."""
        return self.name.capitalize()


_FINAL = frozenset({Status.REVOKED, Status.SUPERSEDED, Status.WITHDRAWN, Status.RETRACTED,
                    Status.ANNULLED})


class Reason(IntEnum):
    """The shared reason codes (``StatusCodes`` constants), the same in every registry."""

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


LAST_SHARED_REASON = max(Reason)
REGISTRY_REASON_BASE = 256
"""The first code a registry may define for itself."""


def check_reason(
    status: Status, reason: int, *, highest_registry_reason: int = 0, field: str = "reason"
) -> int:
    """``reason`` if it may accompany a change to ``status`` (``StatusCodes.requireReason``):
    a known code (shared, or a registry code up to ``highest_registry_reason``), and not 0
    for SUSPENDED or a final status. InputError naming ``field`` otherwise."""
    if isinstance(reason, bool) or not isinstance(reason, int) or not 0 <= reason < 1 << 16:
        raise InputError(field, f"{reason!r} is not a uint16 reason code")
    shared = reason <= LAST_SHARED_REASON
    if not shared and not REGISTRY_REASON_BASE <= reason <= highest_registry_reason:
        raise InputError(field, f"{reason} is neither a shared reason (1-{int(LAST_SHARED_REASON)})"
                                " nor a reason of this registry")
    if reason == 0 and (status is Status.SUSPENDED or status.is_final):
        raise InputError(field, f"a change to {status.label} needs a reason code")
    return reason


@dataclass(frozen=True)
class StatusReport:
    """What a registry view answers: a status and a reason code (0 for none)."""

    status: Status
    reason: int = 0

    @property
    def is_valid(self) -> bool:
        """Only ACTIVE is valid."""
        return self.status is Status.ACTIVE

    @property
    def reason_name(self) -> str:
        """The shared reason's name, or ``registry reason N`` for a registry's own code."""
        if self.reason in Reason._value2member_map_:
            return Reason(self.reason).name.lower().replace("_", " ")
        if self.reason >= REGISTRY_REASON_BASE:
            return f"registry reason {self.reason}"
        return f"undefined shared reason {self.reason}"

    def __str__(self) -> str:
        if self.reason == 0:
            return self.status.label
        return f"{self.status.label} ({self.reason_name})"
