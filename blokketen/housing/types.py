"""Value types of the social-rent pilot: households, dwellings, rule parameters and sets,
rent results, decisions, and what the rule register and the lease register answer.

Money is integer euro cents everywhere (:func:`to_cents` reads an exact euro amount,
:func:`format_cents` writes one). A value a rule set lacks is ``None``, never zero.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from blokketen._exceptions import InputError, MissingRuleParameter
from blokketen.contract.trust import TrustedContract

__all__ = [
    "CATEGORIES",
    "DECISION_KINDS",
    "DECISION_SCHEMA",
    "LEEFLOON_CATEGORIES",
    "MAX_AMOUNT",
    "PARAMETER_NAMES",
    "RECORD_KINDS",
    "Category",
    "Decision",
    "DecisionKind",
    "DecisionProof",
    "Dwelling",
    "Eligibility",
    "Household",
    "LeaseHistory",
    "LeaseRecord",
    "LeefloonCategory",
    "MinRentTier",
    "PublishedRuleSet",
    "RecordKind",
    "RentBreakdown",
    "RuleParameters",
    "RuleSet",
    "check_amount",
    "format_cents",
    "to_cents",
]

Category = Literal["single", "single_disabled", "other"]
"""Household categories of the registration income limit."""
LeefloonCategory = Literal["single", "cohabiting", "family"]
"""Categories of the leefloon (the income floor)."""
MinRentTier = Literal["low", "high"]
"""Which minimum rent applies to a dwelling."""

CATEGORIES: tuple[Category, ...] = ("single", "single_disabled", "other")
"""Every :data:`Category`, in the contract's enum order."""
LEEFLOON_CATEGORIES: tuple[LeefloonCategory, ...] = ("single", "cohabiting", "family")
"""Every :data:`LeefloonCategory`, in the contract's enum order (from 1; 0 is "derived")."""

MAX_AMOUNT = 10**18
"""Largest money amount (cents) accepted, here and on chain (keeps every product in range)."""

PARAMETER_NAMES: tuple[str, ...] = (
    "income_limit.single",
    "income_limit.single_disabled",
    "income_limit.other",
    "income_limit.per_dependant",
    "divisors",
    "band_edges",
    "family_discount.full",
    "family_discount.half",
    "family_discount.double",
    "min_rent.low",
    "min_rent.high",
    "patrimony_discount_max",
    "leefloon_annual.single",
    "leefloon_annual.cohabiting",
    "leefloon_annual.family",
)
"""The public parameter names of a rule set, in on-chain presence-bit order (bit i = name i)."""


# ------------------------------------------------------------------ money

def to_cents(value: object, field_name: str) -> int:
    """Euro amount (``Decimal``, ``int``, or a string such as ``"287.27"``) to integer cents.

    Floats are refused (they cannot hold cents exactly); so are more than two decimals."""
    if isinstance(value, bool) or isinstance(value, float):
        raise InputError(field_name, f"give an exact amount (Decimal or string), not {value!r}")
    if isinstance(value, int):
        return value * 100
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise InputError(field_name, f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise InputError(field_name, f"not a finite amount: {value!r}")
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise InputError(field_name, f"more than two decimals: {value!r}")
    return int(scaled)


def format_cents(cents: int) -> str:
    """``28727`` -> ``"287.27"`` (exact, with sign)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


# ------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Household:
    """A household as the rent rules see it. ``income`` is the indexed annual taxable
    income in cents; the three dependant counts give full, half and double family discount."""

    category: Category
    income: int
    dependants: int = 0
    dependants_half: int = 0
    dependants_double: int = 0
    leefloon_category: LeefloonCategory | None = None

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise InputError("household.category", f"one of {', '.join(CATEGORIES)}")
        check_amount("household.income", self.income)
        for name in ("dependants", "dependants_half", "dependants_double"):
            count = getattr(self, name)
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 65535:
                raise InputError(f"household.{name}", f"a count 0..65535, not {count!r}")
        if self.leefloon_category is not None and self.leefloon_category not in (
            LEEFLOON_CATEGORIES
        ):
            raise InputError(
                "household.leefloon_category", f"one of {', '.join(LEEFLOON_CATEGORIES)}"
            )


@dataclass(frozen=True)
class Dwelling:
    """The dwelling's monthly amounts in cents: basishuurprijs (cap), patrimony discount,
    energy correction, and which minimum rent applies (``low`` or ``high``)."""

    base_rent: int
    patrimony_discount: int = 0
    energy_correction: int = 0
    min_rent_tier: MinRentTier = "low"

    def __post_init__(self) -> None:
        check_amount("dwelling.base_rent", self.base_rent)
        check_amount("dwelling.patrimony_discount", self.patrimony_discount)
        check_amount("dwelling.energy_correction", self.energy_correction)
        if self.min_rent_tier not in ("low", "high"):
            raise InputError("dwelling.min_rent_tier", "low or high")


def check_amount(name: str, value: object) -> int:
    """An amount of money in cents: a whole number from 0 to :data:`MAX_AMOUNT`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(name, f"integer cents expected, not {value!r}")
    if value < 0:
        raise InputError(name, f"negative amount {format_cents(value)}")
    if value > MAX_AMOUNT:
        raise InputError(name, f"amount above {MAX_AMOUNT} cents")
    return value


# ------------------------------------------------------------------ rule parameters


@dataclass(frozen=True)
class RuleParameters:
    """One year's parameter values; ``None`` means not supplied (never zero by default).

    Money in cents (income limits and leefloon annual, discounts and minimum rents monthly);
    ``divisors`` for the four bands, ``band_edges`` in percent of the limit (100, 125, 150)."""

    income_limit_single: int | None = None
    income_limit_single_disabled: int | None = None
    income_limit_other: int | None = None
    income_limit_per_dependant: int | None = None
    divisors: tuple[int, int, int, int] | None = None
    band_edges: tuple[int, int, int] | None = None
    family_discount_full: int | None = None
    family_discount_half: int | None = None
    family_discount_double: int | None = None
    min_rent_low: int | None = None
    min_rent_high: int | None = None
    patrimony_discount_max: int | None = None
    leefloon_annual_single: int | None = None
    leefloon_annual_cohabiting: int | None = None
    leefloon_annual_family: int | None = None

    def __post_init__(self) -> None:
        for name in PARAMETER_NAMES:
            value = self.get(name)
            if value is None:
                continue
            if name == "divisors":
                if (
                    not isinstance(value, tuple)
                    or len(value) != 4
                    or not all(_is_int(d) and 0 < d <= 10_000 for d in value)
                ):
                    raise InputError(name, "four positive whole divisors expected")
            elif name == "band_edges":
                if (
                    not isinstance(value, tuple)
                    or len(value) != 3
                    or not all(_is_int(e) and 0 < e <= 10_000 for e in value)
                    or not value[0] < value[1] < value[2]
                ):
                    raise InputError(name, "three increasing whole percentages expected")
            else:
                check_amount(name, value)

    @staticmethod
    def attribute(name: str) -> str:
        """Python attribute of a public parameter name (``min_rent.low`` -> ``min_rent_low``)."""
        if name not in PARAMETER_NAMES:
            raise InputError(name, "unknown rule parameter")
        return name.replace(".", "_")

    def get(self, name: str) -> int | tuple[int, ...] | None:
        value: int | tuple[int, ...] | None = getattr(self, self.attribute(name))
        return value

    def supplied(self) -> tuple[str, ...]:
        """Names of the parameters present, in presence-bit order."""
        return tuple(n for n in PARAMETER_NAMES if self.get(n) is not None)

    @classmethod
    def from_tuple(cls, raw: Sequence[Any]) -> RuleParameters:
        """The contract's parameter tuple (values absent from its bitmask as None)."""
        present = int(raw[0])
        values: list[Any] = [
            raw[1], raw[2], raw[3], raw[4], tuple(raw[5]), tuple(raw[6]), *raw[7:16]
        ]
        kwargs = {
            cls.attribute(name): (
                (tuple(int(x) for x in value) if isinstance(value, tuple) else int(value))
                if present & (1 << bit)
                else None
            )
            for bit, (name, value) in enumerate(zip(PARAMETER_NAMES, values, strict=True))
        }
        return cls(**kwargs)  # type: ignore[arg-type]

    def merged(self, overrides: RuleParameters) -> RuleParameters:
        """These values, with every value present in ``overrides`` added or replaced."""
        changes = {
            f.name: getattr(overrides, f.name)
            for f in fields(overrides)
            if getattr(overrides, f.name) is not None
        }
        return replace(self, **changes)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class RuleSet:
    """The parameters of one rule year and the version they are (1 = first publication)."""

    year: int
    parameters: RuleParameters = field(default_factory=RuleParameters)
    version: int = 1

    def need_money(self, name: str) -> int:
        value = self.parameters.get(name)
        if value is None:
            raise MissingRuleParameter(name, self.year)
        assert isinstance(value, int)
        return value

    def need_divisors(self) -> tuple[int, int, int, int]:
        value = self.parameters.divisors
        if value is None:
            raise MissingRuleParameter("divisors", self.year)
        return value

    def need_band_edges(self) -> tuple[int, int, int]:
        value = self.parameters.band_edges
        if value is None:
            raise MissingRuleParameter("band_edges", self.year)
        return value


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class Eligibility:
    """Registration income test: ``income <= limit`` (cents, annual)."""

    year: int
    version: int
    limit: int
    income: int
    eligible: bool


@dataclass(frozen=True)
class RentBreakdown:
    """Every step of the monthly rent (cents). ``income_share`` is ``income_used / divisor``
    rounded; ``income_based`` = income_share - patrimony - family + energy; ``minimum`` is
    MHP + EC; ``cap`` is BH; ``rent`` the clamped result."""

    year: int
    version: int
    divisor: int
    income_used: int
    income_share: int
    family_discount: int
    patrimony_discount: int
    energy_correction: int
    income_based: int
    minimum: int
    cap: int
    rent: int

    @classmethod
    def from_tuple(cls, raw: Sequence[Any]) -> RentBreakdown:
        """The contract's breakdown tuple, in field order."""
        return cls(*(int(x) for x in raw))


# ------------------------------------------------------------------ decisions

DecisionKind = Literal["opening", "yearly", "income_drop", "family_change"]
"""Why a rent decision was made: a new lease, the yearly revision, or a mid-term one."""
DECISION_KINDS: tuple[DecisionKind, ...] = ("opening", "yearly", "income_drop", "family_change")
"""Every :data:`DecisionKind`."""


@dataclass(frozen=True)
class Decision:
    """A rent decision the landlord hands to the tenant (with a salt). Only its commitment
    (:func:`blokketen.housing.rules.commitment`) goes on chain. ``dwelling_ref`` is the
    dwelling's keyed reference (:func:`blokketen.housing.dwellings.dwelling_ref`)."""

    dwelling_ref: bytes
    kind: DecisionKind
    effective: date
    household: Household
    dwelling: Dwelling
    breakdown: RentBreakdown

    def canonical(self) -> bytes:
        """Canonical bytes: compact JSON, sorted keys, integers only, ASCII (RFC 8785 for
        this content)."""
        b = self.breakdown
        doc = {
            "schema": DECISION_SCHEMA,
            "dwelling_ref": "0x" + self.dwelling_ref.hex(),
            "kind": self.kind,
            "effective": self.effective.isoformat(),
            "rules": {"year": b.year, "version": b.version},
            "household": {f.name: getattr(self.household, f.name) for f in fields(Household)},
            "dwelling": {f.name: getattr(self.dwelling, f.name) for f in fields(Dwelling)},
            "breakdown": {f.name: getattr(b, f.name) for f in fields(RentBreakdown)},
        }
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("ascii")


DECISION_SCHEMA = "blokketen.housing.decision/2"
"""The ``schema`` of a decision's canonical document (2: keyed dwelling references)."""


# ------------------------------------------------------------------ what the registers answer

RecordKind = Literal["opening", "yearly", "mid_term"]
"""How the lease register records a decision."""
RECORD_KINDS: tuple[RecordKind, ...] = ("opening", "yearly", "mid_term")
"""Record kinds in the contract's enum order."""


@dataclass(frozen=True)
class PublishedRuleSet:
    """One published version as read back from chain (its parameters checked against the hash
    the chain stored when they were published)."""

    rules: RuleSet
    reason_hash: bytes
    published_at: int
    parameters_hash: bytes
    """``keccak256(abi.encode(parameters))`` as the chain computed it when they were published."""
    trusted: TrustedContract | None = None
    """The registry they were read from (chain, address, code hash, block), checked first."""


@dataclass(frozen=True)
class LeaseRecord:
    """One recorded decision: commitment, kind, rules used and effective date."""

    index: int
    commitment: bytes
    kind: RecordKind
    rule_year: int
    rule_version: int
    effective: date


@dataclass(frozen=True)
class LeaseHistory:
    """A lease and all its recorded decisions, oldest first. ``landlord`` keeps the dwelling
    now (the one that opened the lease, ``opened_by``, or its successor)."""

    lease_id: int
    dwelling_ref: bytes
    landlord: str
    opened_by: str
    active: bool
    end_date: date | None
    records: tuple[LeaseRecord, ...]


@dataclass(frozen=True)
class DecisionProof:
    """Whether a decision with its salt matches a recorded commitment, which one, and the
    registry (chain, address, code hash, block) the answer comes from."""

    valid: bool
    commitment: bytes
    lease_id: int | None = None
    index: int | None = None
    problem: str = ""
    trusted: TrustedContract | None = None
