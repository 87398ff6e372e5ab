"""The pure-Python reference: worked examples, every branch, missing values, exactness."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from eth_utils import keccak
from housingkit import leefloon_only

from blokketen import MissingRuleParameter
from blokketen._exceptions import InputError
from blokketen.common.leaves import tag, tagged_leaf
from blokketen.housing.dwellings import dwelling_ref, registrar_key
from blokketen.housing.params import parameters_from_mapping, rule_set
from blokketen.housing.rules import (
    LEASE_DECISION_TAG,
    NO_EVIDENCE,
    commitment,
    commitment_of,
    decision_digest,
    divisor,
    eligibility,
    income_drop_applies,
    income_limit,
    leefloon_category,
    rent,
)
from blokketen.housing.types import (
    Decision,
    Dwelling,
    Household,
    RuleParameters,
    RuleSet,
    format_cents,
    to_cents,
)


def r2023() -> RuleSet:
    return rule_set(2023, leefloon_only())


def test_worked_example_1():
    b = rent(r2023(), Household("single", 1_800_000), Dwelling(55_000, 4_000, 0, "low"))
    assert (b.divisor, b.rent) == (55, 28_727)
    assert eligibility(r2023(), Household("single", 1_800_000)).eligible


def test_worked_example_2():
    b = rent(r2023(), Household("other", 3_000_000, dependants=2), Dwelling(70_000, 0, 1_500))
    assert income_limit(r2023(), Household("other", 3_000_000, dependants=2)) == 4_686_800
    assert (b.divisor, b.family_discount, b.rent) == (55, 4_200, 51_845)


def test_worked_example_4_floor_then_minimum():
    b = rent(r2023(), Household("single", 600_000), Dwelling(55_000, 12_000, 0))
    assert b.income_used == 1_400_000
    assert b.income_based == 13_455 and b.minimum == 13_900 and b.rent == 13_900


def test_worked_example_7_and_its_2023_comparison():
    extra = parameters_from_mapping({"min_rent": {"low": Decimal("139"), "high": Decimal("278")}})
    r2024 = rule_set(2024, leefloon_only().merged(extra))
    h, d = Household("other", 4_000_000, dependants=1), Dwelling(80_000, 0, 2_000)
    assert income_limit(r2024, h) == 4_674_500
    assert rent(r2024, h, d).divisor == 54 and rent(r2024, h, d).rent == 73_874
    assert rent(r2023(), h, d).rent == 72_627


@pytest.mark.parametrize(
    ("income", "expected"),
    [(2_810_500, 55), (2_810_501, 54), (3_513_124, 54), (3_513_125, 53), (4_215_749, 53),
     (4_215_750, 52), (0, 55)],
)
def test_divisor_band_edges(income, expected):
    assert divisor(r2023(), Household("single", income)) == expected


def test_divisor_without_bands_needs_no_limit_nor_edges():
    rules = RuleSet(2018, RuleParameters(divisors=(55, 55, 55, 55)))
    assert divisor(rules, Household("other", 10**12, dependants=3)) == 55


def test_band_edges_needed_when_divisors_differ():
    rules = RuleSet(2030, RuleParameters(divisors=(55, 54, 53, 52)))
    with pytest.raises(MissingRuleParameter) as caught:
        divisor(rules, Household("single", 1))
    assert caught.value.field == "band_edges" and caught.value.year == 2030


@pytest.mark.parametrize(
    ("household", "expected"),
    [
        (Household("single", 0), "single"),
        (Household("single_disabled", 0), "single"),
        (Household("other", 0), "cohabiting"),
        (Household("other", 0, dependants_half=1), "family"),
        (Household("single", 0, dependants_double=1), "family"),
        (Household("other", 0, dependants=1, leefloon_category="cohabiting"), "cohabiting"),
    ],
)
def test_leefloon_category(household, expected):
    assert leefloon_category(household) == expected


@pytest.mark.parametrize(
    ("year", "household", "dwelling", "missing"),
    [
        (2024, Household("single", 1), Dwelling(1), "leefloon_annual.single"),
        (2024, Household("other", 1), Dwelling(1), "leefloon_annual.cohabiting"),
        (2024, Household("other", 1, dependants=1), Dwelling(1), "leefloon_annual.family"),
        (2024, Household("single", 1), Dwelling(1, patrimony_discount=1),
         "patrimony_discount_max"),
        (2018, Household("single", 1), Dwelling(1), "leefloon_annual.single"),
        (2025, Household("single", 1), Dwelling(1), "income_limit.single"),
        (2026, Household("other", 1, dependants=1), Dwelling(1), "income_limit.other"),
        (2012, Household("single", 1), Dwelling(1), "divisors"),
    ],
)
def test_missing_value_is_named(year, household, dwelling, missing):
    with pytest.raises(MissingRuleParameter) as caught:
        rent(rule_set(year), household, dwelling)
    assert caught.value.field == missing
    assert str(year) in str(caught.value) and missing in str(caught.value)


def test_missing_minimum_rent_is_named_once_floor_is_supplied():
    with pytest.raises(MissingRuleParameter, match="min_rent.high"):
        rent(rule_set(2024, leefloon_only()), Household("single", 1),
             Dwelling(1, min_rent_tier="high"))


def test_values_only_needed_when_used():
    # 2024 has no patrimony maximum; PK 0 does not need it. No half dependant: no half GK.
    rules = rule_set(2024, leefloon_only().merged(
        parameters_from_mapping({"min_rent": {"low": Decimal("1")}})))
    assert rent(rules, Household("other", 3_000_000, dependants=1), Dwelling(90_000)).rent > 0


def test_per_dependant_limit_needed_only_with_dependants():
    rules = RuleSet(2030, RuleParameters(income_limit_other=100))
    assert income_limit(rules, Household("other", 0)) == 100
    with pytest.raises(MissingRuleParameter, match="income_limit.per_dependant"):
        income_limit(rules, Household("other", 0, dependants_half=1))


def test_double_dependant_counts_twice_for_the_limit():
    limit = income_limit(r2023(), Household("other", 0, dependants_double=1))
    assert limit == 4_215_600 + 2 * 235_600


def test_patrimony_discount_above_maximum():
    with pytest.raises(InputError) as caught:
        rent(r2023(), Household("single", 1_800_000), Dwelling(55_000, 16_001))
    assert caught.value.field == "dwelling.patrimony_discount"
    assert rent(r2023(), Household("single", 1_800_000), Dwelling(55_000, 16_000)).rent == 16_727


@pytest.mark.parametrize("field", ["base_rent", "patrimony_discount", "energy_correction"])
def test_negative_dwelling_amount_refused(field):
    kwargs = {"base_rent": 1, field: -1}
    with pytest.raises(InputError) as caught:
        Dwelling(**kwargs)
    assert caught.value.field == f"dwelling.{field}"


def test_negative_income_and_bad_codes_refused():
    with pytest.raises(InputError, match="household.income"):
        Household("single", -1)
    with pytest.raises(InputError, match="household.category"):
        Household("couple", 1)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="household.dependants"):
        Household("single", 1, dependants=-1)
    with pytest.raises(InputError, match="household.income"):
        Household("single", 10**18 + 1)


def test_minimum_with_energy_correction_and_cap_tie_break():
    h = Household("single", 600_000)
    assert rent(r2023(), h, Dwelling(60_000, 16_000, 1_713)).rent == 13_900 + 1_713
    assert rent(r2023(), h, Dwelling(13_000, 0, 1_000)).rent == 13_000  # MHP + EC > BH: BH


def test_final_rent_is_exact_then_rounded_half_up():
    h = Household("single", 2_970_027)  # / 54 = 55000.5 cents exactly
    b = rent(r2023(), h, Dwelling(90_000))
    assert b.divisor == 54 and b.rent == 55_001
    assert rent(r2023(), h, Dwelling(90_000), rounding="half_even").rent == 55_000
    assert rent(r2023(), h, Dwelling(90_000), rounding="floor").rent == 55_000
    assert rent(r2023(), Household("single", 2_970_001), Dwelling(90_000),
                rounding="ceiling").rent == 55_001
    exact = Fraction(2_970_027, 54)
    assert b.income_share == 55_001 and exact - 55_000 == Fraction(1, 2)


def test_breakdown_adds_up():
    b = rent(r2023(), Household("other", 3_000_000, dependants=1, dependants_half=1,
                                dependants_double=1), Dwelling(90_000, 3_300, 1_200))
    assert b.family_discount == 2_100 + 1_050 + 4_200
    assert b.income_based == b.income_share - b.patrimony_discount - b.family_discount + 1_200
    assert b.rent == min(b.cap, max(b.minimum, b.income_based))


@pytest.mark.parametrize(
    ("used", "three_months", "applies"),
    [(3_150_000, 630_000, True), (3_150_000, 630_001, False), (3_150_000, 0, True),
     (0, 0, True), (100, 20, True), (100, 21, False)],
)
def test_income_drop_rule_at_least_twenty_percent(used, three_months, applies):
    assert income_drop_applies(used, three_months) is applies


def test_to_cents_is_exact_and_refuses_floats():
    assert to_cents(Decimal("287.27"), "x") == 28_727
    assert to_cents("0.10", "x") == 10 and to_cents(3, "x") == 300
    for bad in (287.27, "1.001", "abc", "NaN"):
        with pytest.raises(InputError):
            to_cents(bad, "x")
    assert format_cents(-5) == "-0.05" and format_cents(28_727) == "287.27"


def test_rule_parameters_validation():
    with pytest.raises(InputError, match="divisors"):
        RuleParameters(divisors=(55, 0, 53, 52))
    with pytest.raises(InputError, match="band_edges"):
        RuleParameters(band_edges=(100, 150, 125))
    with pytest.raises(InputError, match="min_rent.low"):
        RuleParameters(min_rent_low=-1)


def test_commitment_is_deterministic_and_salted():
    b = rent(r2023(), Household("single", 1_800_000), Dwelling(55_000, 4_000))
    decision = Decision(b"\x01" * 32, "opening", date(2023, 3, 1),
                        Household("single", 1_800_000), Dwelling(55_000, 4_000), b)
    salt = b"\x02" * 32
    assert commitment(decision, salt) == commitment(decision, salt)
    assert commitment(decision, salt) != commitment(decision, b"\x03" * 32)
    assert b'"income":1800000' in decision.canonical()
    assert b'"schema":"blokketen.housing.decision/2"' in decision.canonical()
    assert b'"dwelling_ref":"0x0101' in decision.canonical()
    with pytest.raises(InputError, match="salt"):
        commitment(decision, b"short")


def test_lease_commitment_layout_has_room_for_an_attestation():
    """commitment = keccak(keccak(abi.encode(TAG, keccak(salt || decision), evidence))):
    evidence is zero today; an EPC attestation id later, provable without the household."""
    b = rent(r2023(), Household("single", 1_800_000), Dwelling(55_000, 4_000))
    decision = Decision(b"\x01" * 32, "opening", date(2023, 3, 1),
                        Household("single", 1_800_000), Dwelling(55_000, 4_000), b)
    salt = b"\x02" * 32
    assert LEASE_DECISION_TAG == tag("housing", "lease-decision")
    digest = decision_digest(decision, salt)
    assert digest == keccak(salt + decision.canonical())
    assert commitment(decision, salt) == commitment_of(digest) == keccak(
        keccak(LEASE_DECISION_TAG + digest + NO_EVIDENCE))
    assert commitment_of(digest) == tagged_leaf(LEASE_DECISION_TAG, ("bytes32", "bytes32"),
                                                (digest, NO_EVIDENCE))
    attestation = keccak(b"an EPC attestation id")
    named = commitment(decision, salt, evidence=attestation)
    assert named == commitment_of(digest, attestation) != commitment(decision, salt)
    with pytest.raises(InputError, match="evidence"):
        commitment_of(digest, b"short")


def test_dwelling_references_are_keyed():
    key = bytes(range(32))
    expected = hmac.new(key, b"gebouweenheid:6747170", hashlib.sha256).digest()
    assert dwelling_ref(key, "6747170") == dwelling_ref(key, 6747170) == expected
    assert dwelling_ref(bytes(32), "6747170") != expected
    assert len(registrar_key()) == 32 and registrar_key() != registrar_key()
    for bad_key in (b"short", "text key" * 4):
        with pytest.raises(InputError) as caught:
            dwelling_ref(bad_key, "6747170")
        assert caught.value.field == "key"
    for unit in ("", " ", "-5", None, True, 1.5):
        with pytest.raises(InputError) as caught:
            dwelling_ref(key, unit)
        assert caught.value.field == "building_unit"
