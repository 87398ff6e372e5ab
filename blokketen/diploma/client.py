"""Typed client of the DiplomaRegistry contract (international diploma exchange pilot).

The trust chain (admin -> accreditors per country -> accredited institutions), batch issuance
of Merkle roots, revocation with reason codes, reversible suspension, cross-border recognition
and verification of holder receipts. Documents, salts and proofs never leave Python except as
the leaf hash and proof nodes; see :mod:`blokketen.diploma`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from blokketen._exceptions import InputError
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.tx import Receipt as TxReceipt
from blokketen.diploma.documents import DiplomaDocument
from blokketen.diploma.receipts import PreparedBatch, Receipt, prepare_batch

__all__ = [
    "Accreditation",
    "Batch",
    "DiplomaRegistry",
    "IssuerHistory",
    "IssuerState",
    "Recognition",
    "RevocationReason",
    "Status",
    "Verification",
]

_COUNTRY = re.compile(r"^[A-Z]{2}$")

_UINT32_MAX = 2**32 - 1

OPEN_UNTIL = 2**64 - 1
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
        key = text.strip().upper().replace("-", "_")
        if key.isdigit() and int(key) in cls._value2member_map_:
            reason = cls(int(key))
        elif key in cls.__members__:
            reason = cls[key]
        else:
            choices = ", ".join(r.label for r in cls if r is not cls.NONE)
            raise InputError("reason", f"{text!r} is not one of: {choices}")
        if reason is cls.NONE:
            raise InputError("reason", "a revocation needs a reason")
        return reason

    @property
    def label(self) -> str:
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
        return self.status is Status.VALID


class DiplomaRegistry(ContractClient):
    """Client of ``contracts/diploma/DiplomaRegistry.sol``."""

    CONTRACT = "DiplomaRegistry"

    # -- roles ---------------------------------------------------------------------------
    def role(self, name: str | bytes) -> bytes:
        """The ``bytes32`` id of a role of the contract (``"REVOKER_ROLE"``, ``"revoker"``,
        ``"DEFAULT_ADMIN_ROLE"``...); InputError naming ``role`` for anything else."""
        if not isinstance(name, (str, bytes)):
            raise InputError("role", "must be a role name such as 'REVOKER_ROLE'")
        return self.role_id(name)

    def grant_role(self, role: str | bytes, account: str) -> TxReceipt:
        """Admin: grant ``role`` (e.g. ``"REVOKER_ROLE"``) to ``account``.

        ``ACCREDITOR_ROLE`` comes with a country: use :meth:`appoint_accreditor`."""
        role_id = self._plain_role(role, "ACCREDITOR_ROLE is given by appoint_accreditor")
        return super().grant_role(role_id, account)

    def revoke_role(self, role: str | bytes, account: str) -> TxReceipt:
        """Admin: take ``role`` away from ``account``.

        ``ACCREDITOR_ROLE`` is taken away by :meth:`dismiss_accreditor`."""
        role_id = self._plain_role(role, "ACCREDITOR_ROLE is taken away by dismiss_accreditor")
        return super().revoke_role(role_id, account)

    def has_role(self, role: str | bytes, account: str) -> bool:
        return super().has_role(self.role(role), account)

    def _plain_role(self, role: str | bytes, accreditor_problem: str) -> bytes:
        role_id = self.role(role)
        if role_id == self.role_id("ACCREDITOR_ROLE"):
            raise InputError("role", accreditor_problem)
        return role_id

    # -- trust chain ---------------------------------------------------------------------
    def appoint_accreditor(self, accreditor: str, country: str) -> TxReceipt:
        """Admin: let ``accreditor`` accredit institutions of ``country`` ("BE", "NL", ...)."""
        return self._transact(
            "appointAccreditor", _address("accreditor", accreditor), _country(country)
        )

    def dismiss_accreditor(self, accreditor: str) -> TxReceipt:
        """Admin: take the accreditor role away (its accreditations stay)."""
        return self._transact("dismissAccreditor", _address("accreditor", accreditor))

    def accredit(
        self,
        issuer: str,
        *,
        country: str,
        levels: Iterable[int],
        valid_from: int = 0,
        valid_until: int = OPEN_UNTIL,
    ) -> TxReceipt:
        """Accreditor: accredit ``issuer`` for EQF ``levels`` within [valid_from, valid_until)
        (unix seconds). Replaces an open accreditation of the same issuer."""
        if isinstance(levels, (str, bytes)) or not isinstance(levels, Iterable):
            raise InputError("levels", "must be a list of EQF levels (1 to 8)")
        scope = [_level("levels", level) for level in levels]
        if not scope:
            raise InputError("levels", "give at least one EQF level")
        start = _uint64("valid_from", valid_from)
        end = _uint64("valid_until", valid_until)
        if end <= start:
            raise InputError("valid_until", "must be after valid_from")
        return self._transact(
            "accredit", _address("issuer", issuer), _country(country), scope, start, end
        )

    def suspend_issuer(self, issuer: str) -> TxReceipt:
        """Accreditor: suspend ``issuer`` after this block (earlier batches stay valid)."""
        return self._transact("suspendIssuer", _address("issuer", issuer))

    def reinstate_issuer(self, issuer: str) -> TxReceipt:
        """Accreditor: end the suspension of ``issuer``."""
        return self._transact("reinstateIssuer", _address("issuer", issuer))

    def withdraw_accreditation(self, issuer: str, *, effective_block: int) -> TxReceipt:
        """Accreditor: withdraw ``issuer``'s accreditation from ``effective_block`` on
        (may lie in the past: batches anchored since then stop verifying)."""
        return self._transact(
            "withdrawAccreditation",
            _address("issuer", issuer),
            _uint64("effective_block", effective_block),
        )

    def issuer_history(self, issuer: str) -> IssuerHistory:
        """Country, state and accreditation intervals of ``issuer``, oldest first."""
        address = _address("issuer", issuer)
        raw, state, country = self._call_many(
            [
                ("accreditations", (address,)),
                ("issuerState", (address,)),
                ("issuerCountry", (address,)),
            ]
        )
        return IssuerHistory(
            issuer=address,
            country=_country_text(country),
            state=IssuerState(state),
            accreditations=tuple(_accreditation(item) for item in raw),
        )

    def accredited_at(self, issuer: str, level: int, block: int) -> bool:
        """Whether ``issuer`` was accredited for EQF ``level`` at block ``block``."""
        address = _address("issuer", issuer)
        checked_level = _level("level", level)
        timestamp = self.chain.timestamp(_uint64("block", block))
        value: bool = self._call("accreditedAt", address, checked_level, block, timestamp)
        return value

    def accreditor_country(self, account: str) -> str | None:
        return _country_text(self._call("accreditorCountry", _address("account", account)))

    # -- issuance ------------------------------------------------------------------------
    def issue_batch(
        self, documents: Iterable[DiplomaDocument], *, expires_at: int | None = None
    ) -> list[Receipt]:
        """Salt, hash and anchor ``documents`` (one EQF level) in one transaction; the sender
        is the issuer. Returns one holder receipt per document, in order."""
        prepared = prepare_batch(documents)
        self.anchor(prepared, expires_at=expires_at)
        return prepared.receipts(registry=self.address, chain_id=self.chain.chain_id)

    def anchor(self, prepared: PreparedBatch, *, expires_at: int | None = None) -> TxReceipt:
        """Anchor an already prepared batch (see :func:`prepare_batch`)."""
        return self._transact("issueBatch", *self._issue_args(prepared, expires_at))

    def check_anchor(self, prepared: PreparedBatch, *, expires_at: int | None = None) -> None:
        """Dry-run :meth:`anchor` (an ``eth_call`` from the sender): raises what anchoring
        would raise now, sends nothing. Lets a caller store the receipts before anchoring."""
        if self.sender is None:
            raise InputError("sender", "checking an issuance needs the issuer as sender")
        self._call("issueBatch", *self._issue_args(prepared, expires_at))

    def _issue_args(
        self, prepared: PreparedBatch, expires_at: int | None
    ) -> tuple[bytes, int, int, int]:
        if not isinstance(prepared, PreparedBatch):
            raise InputError("prepared", "must be a PreparedBatch (see prepare_batch)")
        if len(prepared) > _UINT32_MAX:
            raise InputError("documents", f"a batch holds at most {_UINT32_MAX} documents")
        if self.sender is not None:
            country = _country_text(self._call("issuerCountry", self.sender.address))
            for document in prepared.documents:
                if country is not None and document.country != country:
                    raise InputError(
                        "country",
                        f"document {document.diploma_id!r} says {document.country}, "
                        f"the issuer is accredited in {country}",
                    )
        expiry = 0 if expires_at is None else _uint64("expires_at", expires_at)
        return prepared.root, len(prepared), prepared.level, expiry

    def batch(self, root: bytes) -> Batch:
        """The batch anchored under ``root`` (typed revert if unknown)."""
        raw = self._call("batch", _word("root", root))
        return _batch(root, raw)

    # -- status changes ------------------------------------------------------------------
    def revoke(self, receipt: Receipt, reason: RevocationReason) -> TxReceipt:
        """Issuer or REVOKER: revoke the diploma of ``receipt`` for ``reason`` (final)."""
        checked = _receipt(receipt)
        return self.revoke_leaf(checked.root, checked.leaf, checked.proof, reason)

    def revoke_leaf(
        self, root: bytes, leaf: bytes, proof: Sequence[bytes], reason: RevocationReason
    ) -> TxReceipt:
        """:meth:`revoke` for a known leaf and proof, without the document."""
        return self._transact(
            "revoke", _word("root", root), _word("leaf", leaf), _proof(proof), _reason(reason)
        )

    def revoke_batch(self, root: bytes, reason: RevocationReason) -> TxReceipt:
        """Issuer or REVOKER: revoke every diploma of the batch ``root``."""
        return self._transact("revokeBatch", _word("root", root), _reason(reason))

    def suspend(self, receipt: Receipt) -> TxReceipt:
        """Issuer or REVOKER: suspend the diploma of ``receipt`` (reversible)."""
        checked = _receipt(receipt)
        return self._transact("suspend", checked.root, checked.leaf, _proof(checked.proof))

    def reinstate(self, receipt: Receipt) -> TxReceipt:
        """Issuer or REVOKER: end the suspension of the diploma of ``receipt``."""
        checked = _receipt(receipt)
        return self._transact("reinstate", checked.root, checked.leaf)

    def recognise(
        self, receipt: Receipt, *, equivalent_level: int, decision_hash: bytes
    ) -> TxReceipt:
        """RECOGNISER: record that the diploma of ``receipt`` is equivalent to EQF
        ``equivalent_level``; ``decision_hash`` (32 bytes, not zero) commits to the decision
        document."""
        checked = _receipt(receipt)
        level = _level("equivalent_level", equivalent_level)
        decision = _word("decision_hash", decision_hash)
        if decision == bytes(32):
            raise InputError("decision_hash", "must be the hash of the decision, not zero")
        return self._transact(
            "recognise", checked.root, checked.leaf, _proof(checked.proof), level, decision
        )

    def recognitions(self, root: bytes, leaf: bytes) -> tuple[Recognition, ...]:
        """Every recognition recorded for ``leaf`` of ``root`` (from the events)."""
        records = self.events(
            "DiplomaRecognised",
            argument_filters={"root": _word("root", root), "leaf": _word("leaf", leaf)},
        )
        return tuple(
            Recognition(
                recogniser=record["recogniser"],
                equivalent_level=record["equivalentLevel"],
                decision_hash=record["decisionHash"],
                block=record.block_number,
            )
            for record in records
        )

    # -- verification --------------------------------------------------------------------
    def status(self, root: bytes, leaf: bytes, proof: Sequence[bytes]) -> Status:
        """The contract's ``verify(leaf, proof, root)``."""
        code = self._call("verify", _word("leaf", leaf), _proof(proof), _word("root", root))
        return Status.from_chain(int(code))

    def verify(self, receipt: Receipt, *, with_recognitions: bool = False) -> Verification:
        """Check a holder receipt: chain and registry first, then the leaf recomputed from the
        document and salt, the proof and the on-chain status."""
        receipt = _receipt(receipt)
        leaf = receipt.leaf
        if receipt.chain_id != self.chain.chain_id:
            return Verification(status=Status.WRONG_CHAIN, leaf=leaf, root=receipt.root)
        if receipt.registry != self.address:
            return Verification(status=Status.WRONG_REGISTRY, leaf=leaf, root=receipt.root)
        status = self.status(receipt.root, leaf, receipt.proof)
        if status is Status.UNKNOWN:
            return Verification(status=status, leaf=leaf, root=receipt.root)
        raw_batch, record = self._call_many(
            [("batch", (receipt.root,)), ("leafRecord", (receipt.root, leaf))]
        )
        found = _batch(receipt.root, raw_batch)
        country = _country_text(self._call("issuerCountry", found.issuer))
        reasons = tuple(
            r
            for r in (found.revoked_reason, RevocationReason(record[1]))
            if r is not RevocationReason.NONE
        )
        return Verification(
            status=status,
            leaf=leaf,
            root=receipt.root,
            issuer=found.issuer,
            country=country,
            level=found.level,
            issued_at=found.issued_at,
            issued_block=found.issued_block,
            expires_at=found.expires_at,
            reasons=reasons,
            recognitions=self.recognitions(receipt.root, leaf) if with_recognitions else (),
        )

    # -- Merkle helpers evaluated by the contract ---------------------------------------
    def leaf_of(self, diploma_hash: bytes, salt: bytes) -> bytes:
        """The contract's ``leafOf`` (for cross-checking the Python hashing)."""
        value: bytes = self._call(
            "leafOf", _word("diploma_hash", diploma_hash), _word("salt", salt)
        )
        return value

    def compute_root(self, leaf: bytes, proof: Sequence[bytes]) -> bytes:
        """The contract's ``computeRoot`` (OpenZeppelin ``MerkleProof.processProof``)."""
        value: bytes = self._call("computeRoot", _word("leaf", leaf), _proof(proof))
        return value


def _accreditation(raw: tuple[Any, ...]) -> Accreditation:
    accreditor, country, levels, valid_from, valid_until, from_block, until_block = raw
    return Accreditation(
        accreditor=accreditor,
        country=bytes(country).decode("ascii"),
        levels=tuple(level for level in range(1, 9) if levels & (1 << level)),
        valid_from=valid_from,
        valid_until=valid_until,
        from_block=from_block,
        until_block=None if until_block == OPEN_UNTIL else until_block,
    )


def _batch(root: bytes, raw: tuple[Any, ...]) -> Batch:
    issuer, size, level, reason, issued_at, issued_block, expires_at = raw
    return Batch(
        root=root,
        issuer=issuer,
        size=size,
        level=level,
        revoked_reason=RevocationReason(reason),
        issued_at=issued_at,
        issued_block=issued_block,
        expires_at=expires_at or None,
    )


def _country_text(raw: bytes) -> str | None:
    return None if raw == b"\x00\x00" else bytes(raw).decode("ascii")


def _address(field: str, value: str) -> str:
    return check.address(field, value, zero_ok=True)  # the contract names a zero address


def _country(value: str) -> bytes:
    if not isinstance(value, str) or not _COUNTRY.match(value):
        raise InputError("country", "must be an ISO 3166 alpha-2 code such as 'BE'")
    return value.encode("ascii")


def _level(field: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        raise InputError(field, "EQF levels run from 1 to 8")
    return value


def _uint64(field: str, value: int) -> int:
    return check.uint(field, value, maximum=OPEN_UNTIL)


def _word(field: str, value: bytes) -> bytes:
    if not isinstance(value, bytes):
        raise InputError(field, "must be 32 bytes")
    return check.word32(field, value)


def _proof(proof: Sequence[bytes]) -> list[bytes]:
    if isinstance(proof, (str, bytes)) or not isinstance(proof, Iterable):
        raise InputError("proof", "must be a list of 32-byte words")
    return [_word("proof", node) for node in proof]


def _reason(value: RevocationReason) -> int:
    """A revocation reason other than NONE, from the contract's fixed list."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError("reason", "must be a RevocationReason")
    if value not in RevocationReason._value2member_map_:
        choices = ", ".join(r.label for r in RevocationReason if r is not RevocationReason.NONE)
        raise InputError("reason", f"{value!r} is not one of: {choices}")
    if value == RevocationReason.NONE:
        raise InputError("reason", "a revocation needs a reason other than NONE")
    return int(value)


def _receipt(value: Receipt) -> Receipt:
    if not isinstance(value, Receipt):
        raise InputError("receipt", "must be a blokketen.diploma.Receipt (see Receipt.load)")
    return value
