"""Exact reference of the social-rent rules (domain file §1–§3), usable without a chain.

Money is integer euro cents everywhere (the value types are in
:mod:`blokketen.housing.types`); divisions are exact (:class:`fractions.Fraction`)
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

from fractions import Fraction
from typing import Literal

from blokketen._exceptions import InputError
from blokketen.housing.types import (
    Decision,
    Dwelling,
    Eligibility,
    Household,
    LeefloonCategory,
    RentBreakdown,
    RuleSet,
    check_amount,
    format_cents,
)

__all__ = [
    "LEASE_DECISION_TAG",
    "NO_EVIDENCE",
    "ROUNDING_MODES",
    "Rounding",
    "commitment",
    "commitment_of",
    "decision_digest",
    "divisor",
    "eligibility",
    "income_drop_applies",
    "income_limit",
    "leefloon_category",
    "rent",
]

Rounding = Literal["half_up", "half_even", "floor", "ceiling"]
"""How the final rent is rounded to the cent."""
ROUNDING_MODES: tuple[Rounding, ...] = ("half_up", "half_even", "floor", "ceiling")
"""Every :data:`Rounding`."""


# ------------------------------------------------------------------ rounding


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
    check_amount("income_three_months", income_three_months)
    return 4 * income_three_months * 5 <= income_used * 4


# ------------------------------------------------------------------ decisions and commitments

LEASE_DECISION_TAG = bytes.fromhex(
    "88ea6d21a8ef31dbd2422db49bdf414fa728a41b6a96c33087b690c88d1bd929")
"""``keccak256("blokketen.housing.lease-decision.v1")`` (``blokketen.common.leaves.tag``):
the tag of a lease commitment. Written out so that importing the rules loads no hashing
library (a test checks it)."""
NO_EVIDENCE = bytes(32)
"""The evidence word of a decision that names no attestation (every decision until the
dwelling passport feeds the energy correction)."""


def decision_digest(decision: Decision, salt: bytes) -> bytes:
    """``keccak256(salt ‖ canonical decision)``: hides the decision; the salt is 32 bytes."""
    if not isinstance(salt, bytes) or len(salt) != 32:
        raise InputError("salt", "32 bytes expected")
    from eth_utils import keccak

    return bytes(keccak(salt + decision.canonical()))


def commitment_of(digest: bytes, evidence: bytes = NO_EVIDENCE) -> bytes:
    """The lease commitment of a decision digest and an evidence word: the tagged leaf
    ``keccak256(keccak256(abi.encode(LEASE_DECISION_TAG, digest, evidence)))``.

    ``evidence`` is zero today; the dwelling passport pilot puts the id of the EPC
    attestation the energy correction came from there. A tenant can then show which
    attestation set their rent by disclosing ``digest`` and ``evidence`` only: the salted
    digest reveals nothing of the household."""
    for name, value in (("digest", digest), ("evidence", evidence)):
        if not isinstance(value, bytes) or len(value) != 32:
            raise InputError(name, "32 bytes expected")
    from blokketen.common.leaves import tagged_leaf

    return tagged_leaf(LEASE_DECISION_TAG, ("bytes32", "bytes32"), (digest, evidence))


def commitment(decision: Decision, salt: bytes, *, evidence: bytes = NO_EVIDENCE) -> bytes:
    """The commitment a lease record stores for ``decision`` with ``salt`` (and ``evidence``,
    zero unless an attestation is named): :func:`commitment_of` of :func:`decision_digest`."""
    return commitment_of(decision_digest(decision, salt), evidence)
