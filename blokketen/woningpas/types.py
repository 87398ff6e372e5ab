"""Value types of the dwelling passport (woningpas): attestation types, EPC labels, dwelling
kinds, renovation states, and the frozen records the client returns."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from blokketen.common.status import Status
from blokketen.contract.trust import TrustedContract

__all__ = ["ADMIN_DELAY", "AttType", "Attestation", "AttestationCheck", "AttestationStatus",
           "DwellingInfo", "DwellingKind", "EpcRecord", "Label", "MandateInfo", "PassVerification",
           "Renovation", "RenovationState", "Scope"]

ADMIN_DELAY = 2 * 24 * 3600
"""Seconds between proposing a new admin of the registry and its taking over: two days."""


class AttType(enum.IntEnum):
    """Attestation types, as the contract numbers them."""

    EPC = 1
    ASBESTOS = 2
    SOIL = 3
    PERMIT = 4
    CONFORMITY = 5
    ELECTRICAL = 6
    OWNER_EVIDENCE = 7
    """Self-declared by a real-right holder: never meets a legal duty."""

    @property
    def role(self) -> str:
        """The issuer role that records this type (none for owner evidence)."""
        if self is AttType.OWNER_EVIDENCE:
            raise ValueError("owner evidence has no issuer role")
        return _ROLES[self]

    @property
    def self_declared(self) -> bool:
        """Whether the type is the owner's own word (it meets no legal duty)."""
        return self is AttType.OWNER_EVIDENCE

    @classmethod
    def parse(cls, text: str) -> AttType:
        """The type named ``text`` (``epc``, ``asbestos``, ``owner-evidence``...)."""
        from blokketen._exceptions import InputError

        key = text.strip().upper().replace("-", "_")
        try:
            return cls[key]
        except KeyError:
            names = ", ".join(t.name.lower().replace("_", "-") for t in cls)
            raise InputError("type", f"one of {names}, not {text!r}") from None


_ROLES = {
    AttType.EPC: "EPC_ISSUER_ROLE",
    AttType.ASBESTOS: "ASBESTOS_ISSUER_ROLE",
    AttType.SOIL: "SOIL_ISSUER_ROLE",
    AttType.PERMIT: "PERMIT_ISSUER_ROLE",
    AttType.CONFORMITY: "CONFORMITY_ISSUER_ROLE",
    AttType.ELECTRICAL: "INSPECTION_ISSUER_ROLE",
}


class Label(enum.IntEnum):
    """EPC labels of the Flemish residential scale (versioned: ``v1``; the EPBD recast's
    A..G scale would be a new enum), as the contract numbers them."""

    A_PLUS = 1
    A = 2
    B = 3
    C = 4
    D = 5
    E = 6
    F = 7

    @property
    def text(self) -> str:
        """``A+``, ``A`` .. ``F``."""
        return "A+" if self is Label.A_PLUS else self.name

    @classmethod
    def parse(cls, text: str) -> Label:
        """The label written ``text`` (``A+``, ``a``, ``F``); InputError otherwise."""
        from blokketen._exceptions import InputError

        key = text.strip().upper() if isinstance(text, str) else ""
        for label in cls:
            if label.text == key:
                return label
        raise InputError("label", f"one of A+, A, B, C, D, E, F, not {text!r}")


class DwellingKind(enum.IntEnum):
    """What the renovation targets from 2035 depend on."""

    UNKNOWN = 0
    HOUSE = 1
    APARTMENT = 2


class RenovationState(enum.IntEnum):
    """The renovation duty after a purchase."""

    NONE = 0
    STARTED = 1
    MET = 2
    BREACHED = 3
    EXEMPT = 4


class Scope(enum.IntFlag):
    """What a mandate lets its grantee see: one bit per attestation type."""

    EPC = 1 << AttType.EPC
    ASBESTOS = 1 << AttType.ASBESTOS
    SOIL = 1 << AttType.SOIL
    PERMIT = 1 << AttType.PERMIT
    CONFORMITY = 1 << AttType.CONFORMITY
    ELECTRICAL = 1 << AttType.ELECTRICAL
    OWNER_EVIDENCE = 1 << AttType.OWNER_EVIDENCE

    @classmethod
    def of(cls, types: tuple[AttType, ...]) -> Scope:
        """The scope covering ``types``."""
        scope = cls(0)
        for att_type in types:
            scope |= cls(1 << int(att_type))
        return scope


@dataclass(frozen=True)
class EpcRecord:
    """An EPC as it is committed: no expert name, EP code, company or address.

    ``score`` is the primary energy use in whole kWh/m² a year (rounded half up from the
    source), ``label`` the one its band gives (checked against a label the source states)."""

    certificate_number: str
    issue_date: date
    valid_until: date
    score: int
    label: Label
    epc_type: str
    build_year: int | None

    def canonical(self) -> dict[str, object]:
        """The record as committed (RFC 8785 JSON of this mapping)."""
        return {
            "build_year": self.build_year,
            "certificate_number": self.certificate_number,
            "epc_type": self.epc_type,
            "issue_date": self.issue_date.isoformat(),
            "label": self.label.text,
            "score_kwh_m2": self.score,
            "valid_until": self.valid_until.isoformat(),
        }


@dataclass(frozen=True)
class DwellingInfo:
    """What the registry holds of a dwelling (registered_at 0: unknown)."""

    dwelling_ref: bytes
    registered_at: int
    kind: DwellingKind
    parcel_commitment: bytes
    holders_root: bytes


@dataclass(frozen=True)
class Attestation:
    """What the registry holds of an attestation."""

    attestation_id: bytes
    issuer: str
    issued_at: int
    valid_until: int
    att_type: AttType
    status: Status
    dwelling_ref: bytes
    recorded_at: int
    ended_at: int
    reason: int
    epc_score: int
    epc_label: Label | None


@dataclass(frozen=True)
class AttestationStatus:
    """The status of an attestation at a time, with the reason code and whether its issuer
    held the issuer role of its type when the chain recorded it."""

    status: Status
    reason: int
    issuer_held_role: bool


@dataclass(frozen=True)
class Renovation:
    """A dwelling's renovation duty (deed date and deadline as unix times at 00:00 UTC)."""

    deed_date: int
    deadline: int
    target: Label | None
    state: RenovationState
    exempt_reason: int


@dataclass(frozen=True)
class MandateInfo:
    """A recorded mandate."""

    mandate_hash: bytes
    holder: str
    grantee: str
    dwelling_ref: bytes
    scope: Scope
    valid_until: int
    granted_at: int
    revoked_at: int


@dataclass(frozen=True)
class AttestationCheck:
    """The verdict on one attestation of a bundle at the verification time."""

    att_type: AttType
    attestation_id: bytes
    status: Status
    issuer: str | None
    issuer_held_role: bool
    issued_at: int
    valid_until: int
    label: Label | None
    problem: str | None

    @property
    def valid(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class PassVerification:
    """The verdict on a passport bundle at time ``at``: every attestation's check, the sale
    checks (EPC and, for buildings from before 2001, the asbestos attest valid at the deed
    date), the mandate and the rent claim where the bundle has them, and the registry the
    verdict comes from (chain id, address, code hash, block)."""

    trusted: TrustedContract
    dwelling_ref: bytes
    at: int
    checks: tuple[AttestationCheck, ...]
    problems: tuple[str, ...]
    for_sale: bool = False
    renovation: Renovation | None = None
    mandate_valid: bool | None = None
    rent_year: int | None = None

    @property
    def valid(self) -> bool:
        """Whether the chain vouches for everything the bundle claims, at ``at``."""
        return not self.problems
