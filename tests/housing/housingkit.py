"""Helpers of the social-rent tests: complete hypothetical rule sets, dwelling references."""

from __future__ import annotations

from decimal import Decimal

from blokketen.housing.dwellings import dwelling_ref
from blokketen.housing.params import load_year, parameters_from_mapping
from blokketen.housing.types import RuleParameters, RuleSet

LEEFLOON = {"single": Decimal("14000"), "cohabiting": Decimal("9000"), "family": Decimal("18000")}

FILL = parameters_from_mapping(
    {
        # Hypothetical values, only to complete years whose sources lack them: the tests need
        # every value to compute; none of these is presented as sourced.
        "income_limit": {"single": Decimal("30000"), "single_disabled": Decimal("32500"),
                         "other": Decimal("45000"), "per_dependant": Decimal("2500")},
        "band_edges": [100, 125, 150],
        "family_discount": {"full": Decimal("21"), "half": Decimal("10.50"),
                            "double": Decimal("42")},
        "min_rent": {"low": Decimal("139"), "high": Decimal("278")},
        "patrimony_discount_max": Decimal("160"),
        "leefloon_annual": LEEFLOON,
    }
)

YEARS = (2008, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026)

KEY = bytes(range(32))
"""The registrar key of the tests (a real registrar draws one: dwellings.registrar_key)."""


def ref(building_unit: str | int) -> bytes:
    """The keyed reference of a test dwelling."""
    return dwelling_ref(KEY, building_unit)


def completed(year: int) -> RuleSet:
    """The sourced values of ``year``, completed with the hypothetical FILL where absent."""
    sourced = load_year(year).parameters
    completed = FILL.merged(sourced)
    assert set(sourced.supplied()) <= set(completed.supplied()), "a sourced value was dropped"
    return RuleSet(year=year, parameters=completed)


def leefloon_only() -> RuleParameters:
    return parameters_from_mapping({"leefloon_annual": LEEFLOON})
