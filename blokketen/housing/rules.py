"""Exact reference of the social-rent rules (domain file §1–§3), usable without a chain.

Money is integer euro cents everywhere; divisions are exact (:class:`fractions.Fraction`)
and only the final rent is rounded (half-up to the cent by default). The same rules run on
chain in ``contracts/housing/SocialRentRules.sol``; this module is the oracle the tests
compare it with.

The rent is ``min(BH, max(MHP + EC, I_eff / d - PK - GK + EC))`` with
``I_eff = max(I, leefloon)`` and the divisor ``d`` chosen by comparing the income ``I``
(before the leefloon floor) with the registration limit ``L``: ``I <= L``,
``L < I < 1.25 L``, ``1.25 L <= I < 1.5 L``, ``I >= 1.5 L`` (band edges in percent are a
parameter of the rule set).

A value that a rule set lacks (``None``) is never replaced by a default: using it raises
:class:`MissingRuleParameter` naming it (``min_rent.low``, ``leefloon_annual.family`` ...).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

from blokketen._exceptions import InputError, MissingRuleParameter

__all__ = [
    "CATEGORIES",
    "LEEFLOON_CATEGORIES",
    "MAX_AMOUNT",
    "PARAMETER_NAMES",
    "ROUNDING_MODES",
    "Decision",
    "Dwelling",
    "Eligibility",
    "Household",
    "MissingRuleParameter",
    "RentBreakdown",
    "RuleParameters",
    "RuleSet",
    "commitment",
    "divisor",
    "eligibility",
    "format_cents",
    "income_drop_applies",
    "income_limit",
    "leefloon_category",
    "rent",
    "to_cents",
]

Category = Literal["single", "single_disabled", "other"]
LeefloonCategory = Literal["single", "cohabiting", "family"]
MinRentTier = Literal["low", "high"]
Rounding = Literal["half_up", "half_even", "floor", "ceiling"]

CATEGORIES: tuple[Category, ...] = ("single", "single_disabled", "other")
LEEFLOON_CATEGORIES: tuple[LeefloonCategory, ...] = ("single", "cohabiting", "family")
ROUNDING_MODES: tuple[Rounding, ...] = ("half_up", "half_even", "floor", "ceiling")

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




# ------------------------------------------------------------------ money helpers


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


def _round(value: Fraction, mode: Rounding) -> int:
    floor = value.numerator // value.denominator
    rest = value - floor
    if mode == "floor" or rest == 0:
        return floor
    if mode == "ceiling":
        return floor + 1
    if rest > Fraction(1, 2):
        return floor + 1
    if rest < Fraction(1, 2):
        return floor
    if mode == "half_up":  # away from zero
        return floor + 1 if value > 0 else floor
    if mode == "half_even":
        return floor if floor % 2 == 0 else floor + 1
    raise InputError("rounding", f"unknown mode {mode!r}; one of {', '.join(ROUNDING_MODES)}")


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
        _check_amount("household.income", self.income)
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
        _check_amount("dwelling.base_rent", self.base_rent)
        _check_amount("dwelling.patrimony_discount", self.patrimony_discount)
        _check_amount("dwelling.energy_correction", self.energy_correction)
        if self.min_rent_tier not in ("low", "high"):
            raise InputError("dwelling.min_rent_tier", "low or high")


def _check_amount(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(name, f"integer cents expected, not {value!r}")
    if value < 0:
        raise InputError(name, f"negative amount {format_cents(value)}")
    if value > MAX_AMOUNT:
        raise InputError(name, f"amount above {MAX_AMOUNT} cents")


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
                _check_amount(name, value)

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


# ------------------------------------------------------------------ the rules


def income_limit(rules: RuleSet, household: Household) -> int:
    """The registration limit L of the household (annual cents)."""
    if household.category == "single":
        return rules.need_money("income_limit.single")
    if household.category == "single_disabled":
        return rules.need_money("income_limit.single_disabled")
    base = rules.need_money("income_limit.other")
    weight = household.dependants + household.dependants_half + 2 * household.dependants_double
    if weight == 0:
        return base
    return base + weight * rules.need_money("income_limit.per_dependant")


def eligibility(rules: RuleSet, household: Household) -> Eligibility:
    """Whether the income is within the registration limit (``I <= L``)."""
    limit = income_limit(rules, household)
    return Eligibility(
        year=rules.year,
        version=rules.version,
        limit=limit,
        income=household.income,
        eligible=household.income <= limit,
    )


def divisor(rules: RuleSet, household: Household) -> int:
    """The income share divisor: the band of I (before the floor) against the limit L.

    When all four divisors are equal (the rules before 2019) no limit or band edge is needed."""
    divisors = rules.need_divisors()
    if divisors[0] == divisors[1] == divisors[2] == divisors[3]:
        return divisors[0]
    edges = rules.need_band_edges()
    limit = income_limit(rules, household)
    scaled = household.income * 100
    if scaled <= limit * edges[0]:
        return divisors[0]
    if scaled < limit * edges[1]:
        return divisors[1]
    if scaled < limit * edges[2]:
        return divisors[2]
    return divisors[3]


def leefloon_category(household: Household) -> LeefloonCategory:
    """The floor category: as given, else ``family`` with any dependant, ``single`` for the
    single categories, ``cohabiting`` otherwise."""
    if household.leefloon_category is not None:
        return household.leefloon_category
    if household.dependants or household.dependants_half or household.dependants_double:
        return "family"
    if household.category in ("single", "single_disabled"):
        return "single"
    return "cohabiting"


def _family_discount(rules: RuleSet, household: Household) -> int:
    total = 0
    for count, name in (
        (household.dependants, "family_discount.full"),
        (household.dependants_half, "family_discount.half"),
        (household.dependants_double, "family_discount.double"),
    ):
        if count:
            total += count * rules.need_money(name)
    return total


def rent(
    rules: RuleSet,
    household: Household,
    dwelling: Dwelling,
    *,
    rounding: Rounding = "half_up",
) -> RentBreakdown:
    """The monthly rent and its breakdown; exact until the final rounding.

    Raises :class:`MissingRuleParameter` for a needed value the rule set lacks, and
    :class:`InputError` (field ``dwelling.patrimony_discount``) when PK exceeds its maximum."""
    if rounding not in ROUNDING_MODES:
        raise InputError("rounding", f"one of {', '.join(ROUNDING_MODES)}")
    pk = dwelling.patrimony_discount
    if pk > 0:
        pk_max = rules.need_money("patrimony_discount_max")
        if pk > pk_max:
            raise InputError(
                "dwelling.patrimony_discount",
                f"{format_cents(pk)} above the maximum {format_cents(pk_max)} of {rules.year}",
            )
    d = divisor(rules, household)
    floor = rules.need_money(f"leefloon_annual.{leefloon_category(household)}")
    income_used = max(household.income, floor)
    gk = _family_discount(rules, household)
    ec = dwelling.energy_correction
    mhp = rules.need_money(f"min_rent.{dwelling.min_rent_tier}")
    share = Fraction(income_used, d)
    income_based = share - pk - gk + ec
    minimum = mhp + ec
    cap = dwelling.base_rent
    exact = min(Fraction(cap), max(Fraction(minimum), income_based))
    share_cents = _round(share, rounding)
    return RentBreakdown(
        year=rules.year,
        version=rules.version,
        divisor=d,
        income_used=income_used,
        income_share=share_cents,
        family_discount=gk,
        patrimony_discount=pk,
        energy_correction=ec,
        income_based=share_cents - pk - gk + ec,
        minimum=minimum,
        cap=cap,
        rent=_round(exact, rounding),
    )


# ------------------------------------------------------------------ revisions (§3)


def income_drop_applies(income_used: int, income_three_months: int) -> bool:
    """Mid-term revision on an income drop: the last 3 months, annualised (x4), are at least
    20 % below the income used for the current rent (``4 * q <= 0.8 * used``)."""
    _check_amount("income_three_months", income_three_months)
    return 4 * income_three_months * 5 <= income_used * 4


# ------------------------------------------------------------------ decisions and commitments

DecisionKind = Literal["opening", "yearly", "income_drop", "family_change"]
DECISION_KINDS: tuple[DecisionKind, ...] = ("opening", "yearly", "income_drop", "family_change")


@dataclass(frozen=True)
class Decision:
    """A rent decision the landlord hands to the tenant (with a salt). Only
    ``keccak256(salt ‖ canonical())`` goes on chain."""

    dwelling_id: bytes
    kind: DecisionKind
    effective: date
    household: Household
    dwelling: Dwelling
    breakdown: RentBreakdown

    def canonical(self) -> bytes:
        """Canonical bytes: compact JSON, sorted keys, integers only, ASCII."""
        b = self.breakdown
        doc = {
            "schema": "blokketen.housing.decision/1",
            "dwelling_id": "0x" + self.dwelling_id.hex(),
            "kind": self.kind,
            "effective": self.effective.isoformat(),
            "rules": {"year": b.year, "version": b.version},
            "household": {f.name: getattr(self.household, f.name) for f in fields(Household)},
            "dwelling": {f.name: getattr(self.dwelling, f.name) for f in fields(Dwelling)},
            "breakdown": {f.name: getattr(b, f.name) for f in fields(RentBreakdown)},
        }
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("ascii")


def commitment(decision: Decision, salt: bytes) -> bytes:
    """``keccak256(salt ‖ canonical decision)``; the salt must be 32 bytes."""
    if len(salt) != 32:
        raise InputError("salt", "32 bytes expected")
    from eth_utils import keccak

    return bytes(keccak(salt + decision.canonical()))
