"""Typed client of ``SocialRentRules``: rule sets, rent and eligibility, dwellings and
landlords, the lease register.

Rent and eligibility take the **private path** by default: the client reads the published
parameter set of the rule year (a request that holds only the year and version), checks it
against the hash the chain stored when it was published, and computes locally with the exact
reference (:mod:`blokketen.housing.rules`, the same integer-cent rules as the contract). The
node never sees the household. ``on_chain=True`` asks the contract's views instead (an
``eth_call`` that hands the household's figures to the node): for contracts and auditors.
On either path the registry's code is checked first (:meth:`~ContractClient.trusted`, else
:class:`~blokketen.UntrustedContract`): rules read from a registry someone else deployed,
even with the same code, are no rules at all.

The lease register gets commitments (:func:`blokketen.housing.rules.commitment`), rule
years/versions and dates, and dwellings by their keyed reference
(:func:`blokketen.housing.dwellings.dwelling_ref`), never an id anyone could hash.

Every public method checks its arguments before anything is encoded or sent: bad input
raises :class:`~blokketen.InputError` naming the Python argument (``year``, ``role``,
``lease_id``, ``household``, ...), never an ABI encoding message.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from eth_utils import keccak

from blokketen._exceptions import InputError, RpcError, RuleSetMismatch
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.trust import TrustedContract
from blokketen.contract.tx import Receipt
from blokketen.housing import rules as reference
from blokketen.housing.rules import NO_EVIDENCE, commitment
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
    "PARAMETERS_ABI_TYPE",
    "OpenedLease",
    "PublishedRules",
    "RevisedLease",
    "SocialRentRules",
    "check_dwelling_ref",
    "date_code",
    "encode_dwelling",
    "encode_household",
    "encode_parameters",
    "parameters_hash",
]

PARAMETERS_ABI_TYPE = ("(uint16,uint64,uint64,uint64,uint64,uint16[4],uint16[3],uint64,uint64,"
                       "uint64,uint64,uint64,uint64,uint64,uint64,uint64)")
"""The ABI type of the contract's ``RuleParameters``: what :func:`parameters_hash` encodes."""

RentItem = tuple[int, int | None, Household, Dwelling]
"""One rent of :meth:`SocialRentRules.rent_many`: year, version (None: latest), household,
dwelling."""


def check_dwelling_ref(value: object, field: str = "dwelling_ref") -> bytes:
    """A dwelling reference: 32 non-zero bytes (from
    :func:`~blokketen.housing.dwellings.dwelling_ref`). Text is refused: a hash of a public
    id is recomputed by anyone and names the address."""
    if isinstance(value, str):
        raise InputError(field, "a 32-byte keyed dwelling reference expected "
                         "(blokketen.housing.dwellings.dwelling_ref), not text: a plain hash of "
                         "a public id reveals the dwelling")
    return check.hash32(field, value, text_ok=False)


def date_code(day: date, field: str = "date") -> int:
    """``date(2024, 1, 1)`` -> ``20240101`` (the contract's date format)."""
    if not isinstance(day, date):
        raise InputError(field, f"a datetime.date expected, not {day!r}")
    return day.year * 10_000 + day.month * 100 + day.day


def parameters_hash(params: RuleParameters) -> bytes:
    """``keccak256(abi.encode(params))`` as the contract computes it on publication."""
    from eth_abi import encode

    return bytes(keccak(encode([PARAMETERS_ABI_TYPE], [encode_parameters(params)])))


def _decision(value: object) -> Decision:
    """A decision whose fields can be committed and recorded."""
    decision = check.instance("decision", value, Decision)
    check_dwelling_ref(decision.dwelling_ref, "decision.dwelling_ref")
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


def _year(value: object, field: str = "year") -> int:
    return check.uint(field, value, minimum=1, maximum=check.UINT16_MAX)


def _version(value: object, field: str = "version") -> int | None:
    if value is None:
        return None
    return check.uint(field, value, minimum=1, maximum=check.UINT32_MAX)


@dataclass(frozen=True)
class PublishedRules:
    """A publication: rule year, the version it got, its transaction."""

    year: int
    version: int
    receipt: Receipt


@dataclass(frozen=True)
class OpenedLease:
    """A newly opened lease: its number, the first commitment, the salt and the evidence word
    (for the tenant: with the decision they prove it)."""

    lease_id: int
    commitment: bytes
    salt: bytes
    receipt: Receipt
    evidence: bytes = NO_EVIDENCE


@dataclass(frozen=True)
class RevisedLease:
    """A recorded revision: the lease, the record number it got, its commitment, salt and
    evidence word."""

    lease_id: int
    index: int
    commitment: bytes
    salt: bytes
    receipt: Receipt
    evidence: bytes = NO_EVIDENCE


class SocialRentRules(ContractClient):
    """Client of ``contracts/housing/SocialRentRules.sol``.

    Roles (``grant_role`` and the rest, from :class:`ContractClient`): ``rule_admin``
    publishes rule years, ``registrar`` registers dwellings to landlords, ``landlord`` keeps
    the leases of its dwellings, ``admin`` grants roles and hands landlords over. A landlord
    holds no other role (the contract refuses the grant)."""

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
        year = _year(year)
        reason_hash = _reason_hash(reason)
        receipt = self._transact("publishRules", year, encode_parameters(params), reason_hash)
        (event,) = [e for e in receipt.events if e.name == "RulesPublished"]
        return PublishedRules(year=year, version=int(event["version"]), receipt=receipt)

    def latest_version(self, year: int, *, block: int | str = "latest") -> int:
        """The latest published version of ``year`` (0: none)."""
        return int(self._call("latestVersion", _year(year), block=block))

    def max_rule_year(self) -> int:
        """The latest rule year the contract accepts now (the year after the block's)."""
        return int(self._call("maxRuleYear"))

    def rule_set(self, year: int, version: int | None = None) -> PublishedRuleSet:
        """A published version of ``year`` (default: the latest), from this registry only:
        first its code must be the code expected (:meth:`trusted`, else
        :class:`~blokketen.UntrustedContract`), then the rules are read at that block and
        their parameters checked against the hash the chain stored on publication
        (:class:`RuleSetMismatch` if they differ). The request holds the year and version
        only; ``trusted`` names the chain, registry, code hash and block."""
        year, version = _year(year), _version(version)
        block = self.chain.block_number
        return self._rule_set(year, version, block, self.trusted(block=block))

    def _rule_set(self, year: int, version: int | None, block: int,
                  trusted: TrustedContract) -> PublishedRuleSet:
        raw = (self._call("latestRuleSet", year, block=block) if version is None
               else self._call("ruleSet", year, version, block=block))
        return replace(_published_rule_set(raw, year, version), trusted=trusted)

    def published_rules(self, year: int, version: int | None = None) -> RuleSet:
        """The rule set the private path computes with: :meth:`rule_set`'s parameters, read
        once per version (a published version never changes) and kept. The registry's code
        is checked on every call, kept rules or not (:meth:`trusted`)."""
        year, version = _year(year), _version(version)
        block = self.chain.block_number
        trusted = self.trusted(block=block)
        cache: dict[tuple[int, int], RuleSet] = self.__dict__.setdefault("_rule_sets", {})
        if version is None:
            version = self.latest_version(year, block=block)
            if version == 0:  # the contract's own typed error for an unpublished year
                self._call("ruleSet", year, 0, block=block)
        key = (year, version)
        if key not in cache:
            cache[key] = self._rule_set(year, version, block, trusted).rules
        return cache[key]

    # -- rent and eligibility --------------------------------------------------------------
    def eligibility(
        self, year: int, household: Household, *, version: int | None = None,
        on_chain: bool = False,
    ) -> Eligibility:
        """Registration income test. Private by default (published parameters, computed
        here); ``on_chain=True`` asks the contract's view, which shows the household to the
        node. Either way the registry's code is checked first (:meth:`trusted`)."""
        year, version = _year(year), _version(version)
        h = encode_household(household)
        if not on_chain:
            return reference.eligibility(self.published_rules(year, version), household)
        self.trusted()
        if version is None:
            raw = self._call("eligibility", year, h)
        else:
            raw = self._call("eligibilityAtVersion", year, version, h)
        return Eligibility(int(raw[0]), int(raw[1]), int(raw[2]), int(raw[3]), bool(raw[4]))

    def rent(
        self, year: int, household: Household, dwelling: Dwelling, *,
        version: int | None = None, on_chain: bool = False,
    ) -> RentBreakdown:
        """Monthly rent and breakdown. Private by default (published parameters, computed
        here with the exact reference); ``on_chain=True`` asks the contract's view, which
        shows the household to the node. Both give the same breakdown, and both check the
        registry's code first (:meth:`trusted`, else :class:`~blokketen.UntrustedContract`);
        :meth:`rule_set` names the registry the rules come from."""
        fn, args = _rent_call(year, version, household, dwelling)
        if not on_chain:
            return reference.rent(self.published_rules(year, version), household, dwelling)
        self.trusted()
        return RentBreakdown.from_tuple(self._call(fn, *args))

    def rent_many(
        self,
        items: Sequence[RentItem],
        *,
        batch_size: int = 500,
        on_chain: bool = False,
    ) -> list[RentBreakdown]:
        """Many rents, ``(year, version or None, household, dwelling)`` each. Private by
        default (each rule set read once); with ``on_chain=True`` in JSON-RPC batches of
        eth_call (one at a time if the node refuses batches), the first revert raised."""
        check.uint("batch_size", batch_size, minimum=1, maximum=100_000)
        calls = []
        for i, item in enumerate(items):
            if not isinstance(item, tuple) or len(item) != 4:
                raise InputError(f"items[{i}]", "(year, version or None, household, dwelling) "
                                 "expected")
            calls.append(_rent_call(*item, field=f"items[{i}]."))
        if not on_chain:
            keys = dict.fromkeys((y, v) for y, v, _, _ in items)
            rule_sets = {key: self.published_rules(*key) for key in keys}
            return [reference.rent(rule_sets[(y, v)], household, dwelling)
                    for y, v, household, dwelling in items]
        self.trusted()
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

    # -- dwellings and landlords ---------------------------------------------------------
    def register_dwellings(self, landlord: str, dwelling_refs: Sequence[bytes]) -> Receipt:
        """Register dwellings to ``landlord`` (REGISTRAR); ``landlord`` holds LANDLORD_ROLE."""
        return self._transact("registerDwellings", check.address("landlord", landlord),
                              _refs(dwelling_refs))

    def transfer_dwellings(self, to: str, dwelling_refs: Sequence[bytes]) -> Receipt:
        """Move dwellings, with their active leases, to landlord ``to`` (admin)."""
        return self._transact("transferDwellings", check.address("to", to), _refs(dwelling_refs))

    def succeed_landlord(self, predecessor: str, successor: str) -> Receipt:
        """Hand every dwelling and lease of ``predecessor`` to ``successor`` (admin): one
        transaction whatever their number; ``predecessor`` loses LANDLORD_ROLE for good."""
        return self._transact("succeedLandlord", check.address("predecessor", predecessor),
                              check.address("successor", successor))

    def dwelling_landlord(self, dwelling_ref: bytes) -> str | None:
        """The landlord that keeps a dwelling now (None: not registered)."""
        found = str(self._call("dwellingLandlord", check_dwelling_ref(dwelling_ref)))
        return None if int(found, 16) == 0 else found

    def current_landlord(self, landlord: str) -> str:
        """Who keeps what ``landlord`` kept: itself, or its last successor."""
        return str(self._call("currentLandlord", check.address("landlord", landlord)))

    def successor_of(self, landlord: str) -> str | None:
        """The direct successor of ``landlord`` (None: never handed over)."""
        found = str(self._call("successorOf", check.address("landlord", landlord)))
        return None if int(found, 16) == 0 else found

    # -- lease register ------------------------------------------------------------------
    def decide(
        self,
        dwelling_ref: bytes,
        household: Household,
        dwelling: Dwelling,
        *,
        year: int,
        version: int | None = None,
        kind: DecisionKind = "opening",
        effective: date,
        on_chain: bool = False,
    ) -> Decision:
        """A decision ready to commit and hand to the tenant, computed on the private path
        (``on_chain=True``: by the contract's view)."""
        key = check_dwelling_ref(dwelling_ref)
        if kind not in DECISION_KINDS:
            raise InputError("kind", f"one of {', '.join(DECISION_KINDS)}, not {kind!r}")
        date_code(effective, "effective")
        breakdown = self.rent(year, household, dwelling, version=version, on_chain=on_chain)
        return Decision(key, kind, effective, household, dwelling, breakdown)

    def open_lease(
        self, decision: Decision, *, salt: bytes | None = None, evidence: bytes = NO_EVIDENCE,
    ) -> OpenedLease:
        """Open a lease of the decision's dwelling with its commitment (its LANDLORD)."""
        decision = _decision(decision)
        if decision.kind != "opening":
            raise InputError("decision.kind", "an opening decision expected")
        salt, evidence = _salt(salt), check.word32("evidence", evidence, text_ok=False)
        digest = commitment(decision, salt, evidence=evidence)
        b = decision.breakdown
        receipt = self._transact(
            "openLease", decision.dwelling_ref, digest, b.year, b.version,
            date_code(decision.effective),
        )
        (event,) = [e for e in receipt.events if e.name == "LeaseOpened"]
        return OpenedLease(int(event["leaseId"]), digest, salt, receipt, evidence)

    def revise_lease(
        self, lease_id: int, decision: Decision, *, salt: bytes | None = None,
        evidence: bytes = NO_EVIDENCE,
    ) -> RevisedLease:
        """Record a revision (yearly, income drop, family change) as a new commitment
        (the LANDLORD keeping the lease); the salt goes to the tenant with the decision."""
        lease_id = check.serial("lease_id", lease_id)
        decision = _decision(decision)
        salt, evidence = _salt(salt), check.word32("evidence", evidence, text_ok=False)
        digest = commitment(decision, salt, evidence=evidence)
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
        return RevisedLease(lease_id, int(event["index"]), digest, salt, receipt, evidence)

    def end_lease(self, lease_id: int, end: date) -> Receipt:
        """End a lease (the LANDLORD keeping it)."""
        return self._transact("endLease", check.serial("lease_id", lease_id), date_code(end, "end"))

    def active_lease(self, dwelling_ref: bytes) -> int | None:
        """The open lease of a dwelling, if any."""
        lease_id = int(self._call("activeLease", check_dwelling_ref(dwelling_ref)))
        return lease_id or None

    def lease_history(self, lease_id: int, *, block: int | str = "latest") -> LeaseHistory:
        """The lease and all its recorded decisions (as of ``block``)."""
        return self._lease_history(check.serial("lease_id", lease_id), block=block)

    def _lease_history(self, lease_id: int, *, block: int | str = "latest") -> LeaseHistory:
        info, records = self._call_many(
            [("lease", (lease_id,)), ("leaseRecords", (lease_id,))], block=block
        )
        dwelling_ref, landlord, opened_by, _count, active, end = info
        return LeaseHistory(
            lease_id=lease_id,
            dwelling_ref=bytes(dwelling_ref),
            landlord=str(landlord),
            opened_by=str(opened_by),
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

    def find_commitment(self, digest: bytes, *,
                        block: int | str = "latest") -> tuple[int, int]:
        """Where the lease commitment ``digest`` is recorded: ``(lease_id, index)`` of its
        record in that lease's history, or ``(0, 0)`` when no lease holds it. Only the
        digest goes to the node."""
        lease_id, index = self._call("findCommitment",
                                     check.word32("digest", digest, text_ok=False),
                                     block=block)
        return int(lease_id), int(index)

    def prove_decision(
        self, decision: Decision, salt: bytes, *, evidence: bytes = NO_EVIDENCE,
    ) -> DecisionProof:
        """Check a tenant's decision and salt (and evidence word) against the register,
        locally: only the commitment is looked up; the decision is never sent to the node.

        A verifier: first the registry's code must be the code expected (:meth:`trusted`,
        else :class:`~blokketen.UntrustedContract`); then the commitment and its lease are
        read at that same block, and the proof names the registry it comes from. A recorded
        decision proves only if its rent breakdown is what the published rules of its year
        and version give for the household and dwelling it states (computed here, on the
        private path): the register holds a commitment, not the rent."""
        salt = check.word32("salt", salt, text_ok=False)
        evidence = check.word32("evidence", evidence, text_ok=False)
        decision = _decision(decision)
        digest = commitment(decision, salt, evidence=evidence)
        block = self.chain.block_number
        trusted = self.trusted(block=block)
        lease_id, index = self.find_commitment(digest, block=block)
        if not lease_id:
            return DecisionProof(False, digest, problem="commitment not recorded",
                                 trusted=trusted)
        history = self._lease_history(int(lease_id), block=block)
        record = history.records[int(index)]
        b = decision.breakdown
        expected_kind = {"opening": "opening", "yearly": "yearly"}.get(decision.kind, "mid_term")
        checks = (
            (history.dwelling_ref == decision.dwelling_ref, "dwelling differs"),
            (record.rule_year == b.year and record.rule_version == b.version, "rules differ"),
            (record.effective == decision.effective, "effective date differs"),
            (record.kind == expected_kind, "kind differs"),
        )
        for ok, problem in checks:
            if not ok:
                return DecisionProof(False, digest, int(lease_id), int(index), problem, trusted)
        wrong_rent = self._rent_problem(decision)
        if wrong_rent is not None:
            return DecisionProof(False, digest, int(lease_id), int(index), wrong_rent, trusted)
        return DecisionProof(True, digest, int(lease_id), int(index), trusted=trusted)

    def _rent_problem(self, decision: Decision) -> str | None:
        """What in the decision's breakdown the published rules of its year and version do
        not give for the household and dwelling it states (None: every step agrees). The
        register holds only a commitment, so this is the check that the rent is the rules'."""
        b = decision.breakdown
        try:
            expected = reference.rent(self.published_rules(b.year, b.version),
                                      decision.household, decision.dwelling)
        except InputError as err:
            return (f"rent differs from the rules: rules {b.year} v{b.version} give no rent "
                    f"for this household and dwelling ({err.field}: {err.problem})")
        if expected == b:
            return None
        steps = [f.name for f in fields(RentBreakdown)
                 if getattr(expected, f.name) != getattr(b, f.name)]
        return (f"rent differs from the rules: the decision says {b.rent} cents a month, "
                f"rules {b.year} v{b.version} give {expected.rent} (differing: "
                f"{', '.join(steps)})")


def _salt(salt: bytes | None) -> bytes:
    if salt is None:
        return secrets.token_bytes(32)
    return check.word32("salt", salt, text_ok=False)


def _refs(values: Sequence[bytes]) -> list[bytes]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InputError("dwelling_refs", "a list of 32-byte dwelling references expected")
    if not values:
        raise InputError("dwelling_refs", "empty")
    return [check_dwelling_ref(v, f"dwelling_refs[{i}]") for i, v in enumerate(values)]


def _published_rule_set(raw: Any, year: int, version: int | None) -> PublishedRuleSet:
    """The decoded ``PublishedRules``, checked: the year and version asked for, and
    parameters that hash to the hash stored on publication."""
    got_year, got_version, params_raw, stored_hash, reason, published = raw
    params = RuleParameters.from_tuple(params_raw)
    local = parameters_hash(params)
    where = f"rule year {year} version {version or int(got_version)}"
    if int(got_year) != year or (version is not None and int(got_version) != version):
        raise RuleSetMismatch(f"{where}: the node answered for year {got_year} version "
                              f"{got_version}")
    if local != bytes(stored_hash):
        raise RuleSetMismatch(f"{where}: the parameters the node returned hash to 0x"
                              f"{local.hex()}, the chain stored 0x{bytes(stored_hash).hex()}")
    return PublishedRuleSet(
        RuleSet(year=year, parameters=params, version=int(got_version)),
        bytes(reason), int(published), bytes(stored_hash),
    )


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
