"""Typed client of ``SocialRentRules``: rule sets, rent and eligibility views, lease register.

Household figures go only into ``eth_call`` views (nothing stored); the lease register gets
``keccak256(salt ‖ canonical decision)`` commitments, rule years/versions and dates.

Every public method checks its arguments before anything is encoded or sent: bad input
raises :class:`~blokketen.InputError` naming the Python argument (``year``, ``role``,
``lease_id``, ``household``, ...), never an ABI encoding message.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eth_utils import keccak

from blokketen._exceptions import InputError, RpcError
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.tx import Receipt
from blokketen.housing.rules import commitment
from blokketen.housing.types import (
    CATEGORIES,
    DECISION_KINDS,
    LEEFLOON_CATEGORIES,
    PARAMETER_NAMES,
    RECORD_KINDS,
    Decision,
    DecisionKind,
    DecisionProof,
    Dwelling,
    Eligibility,
    Household,
    LeaseHistory,
    LeaseRecord,
    PublishedRuleSet,
    RentBreakdown,
    RuleParameters,
    RuleSet,
)

__all__ = [
    "OpenedLease",
    "PublishedRules",
    "RevisedLease",
    "SocialRentRules",
    "date_code",
    "dwelling_key",
    "encode_dwelling",
    "encode_household",
    "encode_parameters",
]


def dwelling_key(dwelling_id: str | bytes, field: str = "dwelling_id") -> bytes:
    """A dwelling id as bytes32: 32 bytes as given, a text id as keccak256 of its UTF-8."""
    if isinstance(dwelling_id, bytes):
        if len(dwelling_id) != 32:
            raise InputError(field, "32 bytes or a text id expected")
        return dwelling_id
    if not isinstance(dwelling_id, str):
        raise InputError(field, f"a text id or 32 bytes expected, not {dwelling_id!r}")
    if not dwelling_id:
        raise InputError(field, "empty")
    return bytes(keccak(text=dwelling_id))


def date_code(day: date, field: str = "date") -> int:
    """``date(2024, 1, 1)`` -> ``20240101`` (the contract's date format)."""
    if not isinstance(day, date):
        raise InputError(field, f"a datetime.date expected, not {day!r}")
    return day.year * 10_000 + day.month * 100 + day.day


def _decision(value: object) -> Decision:
    """A decision whose fields can be committed and recorded."""
    decision = check.instance("decision", value, Decision)
    dwelling_key(decision.dwelling_id, "decision.dwelling_id")
    if decision.kind not in DECISION_KINDS:
        raise InputError("decision.kind", f"one of {', '.join(DECISION_KINDS)}")
    date_code(decision.effective, "decision.effective")
    breakdown = check.instance("decision.breakdown", decision.breakdown, RentBreakdown)
    check.uint("decision.breakdown.year", breakdown.year, minimum=1, maximum=check.UINT16_MAX)
    check.uint("decision.breakdown.version", breakdown.version, minimum=1,
               maximum=check.UINT32_MAX)
    return decision


def _from_date_code(code: int) -> date:
    return date(code // 10_000, (code // 100) % 100, code % 100)


@dataclass(frozen=True)
class PublishedRules:
    """A publication: rule year, the version it got, its transaction."""

    year: int
    version: int
    receipt: Receipt


@dataclass(frozen=True)
class OpenedLease:
    """A newly opened lease: its number, the first commitment and the salt (for the tenant)."""

    lease_id: int
    commitment: bytes
    salt: bytes
    receipt: Receipt


@dataclass(frozen=True)
class RevisedLease:
    """A recorded revision: the lease, the record number it got, its commitment and salt."""

    lease_id: int
    index: int
    commitment: bytes
    salt: bytes
    receipt: Receipt


class SocialRentRules(ContractClient):
    """Client of ``contracts/housing/SocialRentRules.sol``.

    Roles (``grant_role`` and the rest, from :class:`ContractClient`): ``rule_admin``
    publishes rule years, ``landlord`` keeps leases, ``admin`` grants roles."""

    CONTRACT = "SocialRentRules"

    # -- rule sets -----------------------------------------------------------------------
    def publish_rules(
        self, rules: RuleSet | RuleParameters, *, year: int | None = None,
        reason: bytes | str | None = None,
    ) -> PublishedRules:
        """Publish the next version of a rule year. ``reason`` (text, hashed, or a 32-byte
        hash) is required for a correction (version > 1)."""
        if isinstance(rules, RuleSet):
            params, year = rules.parameters, rules.year if year is None else year
        elif isinstance(rules, RuleParameters):
            params = rules
        else:
            raise InputError("rules", f"a RuleSet or RuleParameters expected, not "
                             f"{type(rules).__name__}")
        if year is None:
            raise InputError("year", "give the rule year")
        year = check.uint("year", year, minimum=1, maximum=check.UINT16_MAX)
        reason_hash = _reason_hash(reason)
        receipt = self._transact("publishRules", year, encode_parameters(params), reason_hash)
        (event,) = [e for e in receipt.events if e.name == "RulesPublished"]
        return PublishedRules(year=year, version=int(event["version"]), receipt=receipt)

    def latest_version(self, year: int) -> int:
        """The latest published version of ``year`` (0: none)."""
        year = check.uint("year", year, minimum=1, maximum=check.UINT16_MAX)
        return int(self._call("latestVersion", year))

    def rule_set(self, year: int, version: int | None = None) -> PublishedRuleSet:
        """A published version of ``year`` (default: the latest)."""
        year = check.uint("year", year, minimum=1, maximum=check.UINT16_MAX)
        if version is None:
            version = self.latest_version(year)
        else:
            version = check.uint("version", version, minimum=1, maximum=check.UINT32_MAX)
        params, reason, published = self._call("ruleSet", year, version)
        return PublishedRuleSet(
            RuleSet(year=year, parameters=RuleParameters.from_tuple(params), version=version),
            bytes(reason),
            int(published),
        )

    # -- views ---------------------------------------------------------------------------
    def eligibility(
        self, year: int, household: Household, *, version: int | None = None
    ) -> Eligibility:
        """Registration income test on chain (eth_call; nothing stored)."""
        year = check.uint("year", year, minimum=1, maximum=check.UINT16_MAX)
        h = encode_household(household)
        if version is None:
            raw = self._call("eligibility", year, h)
        else:
            version = check.uint("version", version, minimum=1, maximum=check.UINT32_MAX)
            raw = self._call("eligibilityAtVersion", year, version, h)
        return Eligibility(int(raw[0]), int(raw[1]), int(raw[2]), int(raw[3]), bool(raw[4]))

    def rent(
        self, year: int, household: Household, dwelling: Dwelling, *, version: int | None = None
    ) -> RentBreakdown:
        """Monthly rent and breakdown on chain (eth_call; nothing stored)."""
        fn, args = _rent_call(year, version, household, dwelling)
        return RentBreakdown.from_tuple(self._call(fn, *args))

    def rent_many(
        self,
        items: Sequence[tuple[int, int | None, Household, Dwelling]],
        *,
        batch_size: int = 500,
    ) -> list[RentBreakdown]:
        """Many rents, ``(year, version or None, household, dwelling)`` each, in JSON-RPC
        batches of eth_call (one at a time if the node refuses batches). The first revert
        is raised."""
        check.uint("batch_size", batch_size, minimum=1, maximum=100_000)
        calls = []
        for i, item in enumerate(items):
            if not isinstance(item, tuple) or len(item) != 4:
                raise InputError(f"items[{i}]", "(year, version or None, household, dwelling) "
                                 "expected")
            calls.append(_rent_call(*item, field=f"items[{i}]."))
        out: list[RentBreakdown] = []
        batched = True
        for start in range(0, len(calls), batch_size):
            chunk = calls[start : start + batch_size]
            if batched:
                try:
                    raws = self._call_many(chunk)
                except RpcError:  # a node that refuses JSON-RPC batches
                    batched = False
            if not batched:
                raws = [self._call(fn, *args) for fn, args in chunk]
            out.extend(RentBreakdown.from_tuple(raw) for raw in raws)
        return out

    # -- lease register ------------------------------------------------------------------
    def decide(
        self,
        dwelling_id: str | bytes,
        household: Household,
        dwelling: Dwelling,
        *,
        year: int,
        version: int | None = None,
        kind: DecisionKind = "opening",
        effective: date,
    ) -> Decision:
        """A decision computed on chain (rent view), ready to commit and hand to the tenant."""
        key = dwelling_key(dwelling_id)
        if kind not in DECISION_KINDS:
            raise InputError("kind", f"one of {', '.join(DECISION_KINDS)}, not {kind!r}")
        date_code(effective, "effective")
        breakdown = self.rent(year, household, dwelling, version=version)
        return Decision(key, kind, effective, household, dwelling, breakdown)

    def open_lease(self, decision: Decision, *, salt: bytes | None = None) -> OpenedLease:
        """Open a lease of the decision's dwelling with its commitment (LANDLORD)."""
        decision = _decision(decision)
        if decision.kind != "opening":
            raise InputError("decision.kind", "an opening decision expected")
        if salt is None:
            salt = secrets.token_bytes(32)
        salt = check.word32("salt", salt, text_ok=False)
        digest = commitment(decision, salt)
        b = decision.breakdown
        receipt = self._transact(
            "openLease", decision.dwelling_id, digest, b.year, b.version,
            date_code(decision.effective),
        )
        (event,) = [e for e in receipt.events if e.name == "LeaseOpened"]
        return OpenedLease(int(event["leaseId"]), digest, salt, receipt)

    def revise_lease(
        self, lease_id: int, decision: Decision, *, salt: bytes | None = None
    ) -> RevisedLease:
        """Record a revision (yearly, income drop, family change) as a new commitment
        (LANDLORD keeping the lease); the salt goes to the tenant with the decision."""
        lease_id = check.serial("lease_id", lease_id)
        decision = _decision(decision)
        if salt is None:
            salt = secrets.token_bytes(32)
        salt = check.word32("salt", salt, text_ok=False)
        digest = commitment(decision, salt)
        b = decision.breakdown
        if decision.kind == "yearly":
            if decision.effective != date(b.year, 1, 1):
                raise InputError("decision.effective", f"a yearly revision is 1 January {b.year}")
            receipt = self._transact("reviseYearly", lease_id, digest, b.year, b.version)
        elif decision.kind in ("income_drop", "family_change"):
            receipt = self._transact(
                "reviseMidTerm", lease_id, digest, b.version, date_code(decision.effective)
            )
        else:
            raise InputError("decision.kind", "yearly, income_drop or family_change expected")
        (event,) = [e for e in receipt.events if e.name == "LeaseRevised"]
        return RevisedLease(lease_id, int(event["index"]), digest, salt, receipt)

    def end_lease(self, lease_id: int, end: date) -> Receipt:
        """End a lease (LANDLORD keeping it)."""
        return self._transact("endLease", check.serial("lease_id", lease_id), date_code(end, "end"))

    def active_lease(self, dwelling_id: str | bytes) -> int | None:
        """The open lease of a dwelling, if any."""
        lease_id = int(self._call("activeLease", dwelling_key(dwelling_id)))
        return lease_id or None

    def lease_history(self, lease_id: int) -> LeaseHistory:
        """The lease and all its recorded decisions."""
        lease_id = check.serial("lease_id", lease_id)
        info, records = self._call_many(
            [("lease", (lease_id,)), ("leaseRecords", (lease_id,))]
        )
        dwelling_id, landlord, _count, active, end = info
        return LeaseHistory(
            lease_id=lease_id,
            dwelling_id=bytes(dwelling_id),
            landlord=str(landlord),
            active=bool(active),
            end_date=_from_date_code(int(end)) if end else None,
            records=tuple(
                LeaseRecord(
                    index=i,
                    commitment=bytes(r[0]),
                    kind=RECORD_KINDS[int(r[1])],
                    rule_year=int(r[2]),
                    rule_version=int(r[3]),
                    effective=_from_date_code(int(r[4])),
                )
                for i, r in enumerate(records)
            ),
        )

    def prove_decision(self, decision: Decision, salt: bytes) -> DecisionProof:
        """Check a tenant's decision and salt against the register, locally: only the
        commitment is looked up; the decision itself is never sent to the node."""
        digest = commitment(_decision(decision), check.word32("salt", salt, text_ok=False))
        lease_id, index = self._call("findCommitment", digest)
        if not lease_id:
            return DecisionProof(False, digest, problem="commitment not recorded")
        history = self.lease_history(int(lease_id))
        record = history.records[int(index)]
        b = decision.breakdown
        expected_kind = {"opening": "opening", "yearly": "yearly"}.get(decision.kind, "mid_term")
        checks = (
            (history.dwelling_id == decision.dwelling_id, "dwelling id differs"),
            (record.rule_year == b.year and record.rule_version == b.version, "rules differ"),
            (record.effective == decision.effective, "effective date differs"),
            (record.kind == expected_kind, "kind differs"),
        )
        for ok, problem in checks:
            if not ok:
                return DecisionProof(False, digest, int(lease_id), int(index), problem)
        return DecisionProof(True, digest, int(lease_id), int(index))


# ---------------------------------------------------------------------- encoding


def encode_parameters(params: RuleParameters) -> tuple[Any, ...]:
    """A RuleParameters as the contract's tuple, with its presence bitmask."""
    present = 0
    for bit, name in enumerate(PARAMETER_NAMES):
        if params.get(name) is not None:
            present |= 1 << bit

    def money(value: int | None) -> int:
        return 0 if value is None else value

    return (
        present,
        money(params.income_limit_single),
        money(params.income_limit_single_disabled),
        money(params.income_limit_other),
        money(params.income_limit_per_dependant),
        list(params.divisors or (0, 0, 0, 0)),
        list(params.band_edges or (0, 0, 0)),
        money(params.family_discount_full),
        money(params.family_discount_half),
        money(params.family_discount_double),
        money(params.min_rent_low),
        money(params.min_rent_high),
        money(params.patrimony_discount_max),
        money(params.leefloon_annual_single),
        money(params.leefloon_annual_cohabiting),
        money(params.leefloon_annual_family),
    )


def encode_household(
    h: Household, field: str = "household"
) -> tuple[int, int, int, int, int, int]:
    """A Household as the contract's tuple (categories as enum numbers)."""
    check.instance(field, h, Household)
    leefloon = 0 if h.leefloon_category is None else LEEFLOON_CATEGORIES.index(
        h.leefloon_category) + 1
    return (CATEGORIES.index(h.category), h.income, h.dependants, h.dependants_half,
            h.dependants_double, leefloon)


def encode_dwelling(d: Dwelling, field: str = "dwelling") -> tuple[int, int, int, bool]:
    """A Dwelling as the contract's tuple."""
    check.instance(field, d, Dwelling)
    return (d.base_rent, d.patrimony_discount, d.energy_correction, d.min_rent_tier == "high")


def _rent_call(
    year: int, version: int | None, household: Household, dwelling: Dwelling, *,
    field: str = "",
) -> tuple[str, tuple[Any, ...]]:
    year = check.uint(f"{field}year", year, minimum=1, maximum=check.UINT16_MAX)
    h = encode_household(household, f"{field}household")
    d = encode_dwelling(dwelling, f"{field}dwelling")
    if version is None:
        return "rent", (year, h, d)
    version = check.uint(f"{field}version", version, minimum=1, maximum=check.UINT32_MAX)
    return "rentAtVersion", (year, version, h, d)


def _reason_hash(reason: bytes | str | None) -> bytes:
    if reason is None:
        return b"\x00" * 32
    if isinstance(reason, str):
        return bytes(keccak(text=reason))
    if not isinstance(reason, bytes) or len(reason) != 32:
        raise InputError("reason", "a text or a 32-byte hash expected")
    return reason
