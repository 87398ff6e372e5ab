"""The sourced parameter files: every value sourced, not-found values absent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from blokketen._exceptions import InputError
from blokketen.housing.params import (
    available_years,
    load_year,
    parameters_from_mapping,
    read_yaml,
    rule_set,
)
from blokketen.housing.types import PARAMETER_NAMES


def test_sourced_years():
    assert available_years() == (2008, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026)


@pytest.mark.parametrize("year", available_years())
def test_every_value_has_source_status_and_confidence(year):
    y = load_year(year)
    assert set(y.sources) == set(y.parameters.supplied())
    for src in y.sources.values():
        assert src.source and src.status in ("V", "V?", "I")
        assert src.confidence in ("high", "medium", "low")


@pytest.mark.parametrize("year", available_years())
def test_leefloon_date_not_found_so_always_absent(year):
    params = load_year(year).parameters
    assert params.leefloon_annual_single is None and params.leefloon_annual_family is None


@pytest.mark.parametrize(
    ("year", "absent"),
    [
        (2018, "income_limit.single"),
        (2024, "min_rent.low"),
        (2024, "min_rent.high"),
        (2024, "patrimony_discount_max"),
        (2025, "income_limit.other"),
        (2026, "family_discount.full"),
        (2022, "min_rent.high"),
        (2022, "family_discount.full"),
        (2020, "family_discount.half"),
        (2019, "min_rent.low"),
    ],
)
def test_not_found_values_are_absent(year, absent):
    assert load_year(year).parameters.get(absent) is None


@pytest.mark.parametrize(
    ("year", "name", "cents"),
    [
        (2019, "income_limit.single", 2_485_200),
        (2020, "income_limit.other", 3_797_400),
        (2021, "income_limit.per_dependant", 214_300),
        (2022, "income_limit.single_disabled", 2_801_500),
        (2023, "income_limit.other", 4_215_600),
        (2024, "income_limit.per_dependant", 247_500),
        (2023, "family_discount.half", 1_050),
        (2024, "family_discount.double", 4_200),
        (2018, "family_discount.full", 1_900),
        (2023, "min_rent.high", 27_800),
        (2023, "patrimony_discount_max", 16_000),
        (2019, "patrimony_discount_max", 13_900),
        (2008, "min_rent.low", 10_000),
    ],
)
def test_values_match_the_domain_tables(year, name, cents):
    assert load_year(year).parameters.get(name) == cents


def test_divisors_per_period():
    assert load_year(2018).parameters.divisors == (55, 55, 55, 55)
    assert load_year(2019).parameters.divisors == (55, 54, 53, 52)
    assert load_year(2024).parameters.divisors == (54, 53, 52, 51)
    assert load_year(2018).parameters.band_edges is None


def test_unsourced_year_is_empty_and_overrides_apply():
    assert load_year(2012).parameters.supplied() == ()
    merged = rule_set(2024, parameters_from_mapping({"min_rent": {"low": Decimal("150")}}))
    assert merged.parameters.min_rent_low == 15_000
    assert merged.parameters.income_limit_single == 2_951_500


def test_schema_errors_name_the_field():
    with pytest.raises(InputError) as caught:
        parameters_from_mapping({"min_rent": {"medium": Decimal(1)}})
    assert caught.value.field == "parameters.min_rent.medium"
    with pytest.raises(InputError, match="parameters.divisors"):
        parameters_from_mapping({"divisors": [55, 54]})
    with pytest.raises(InputError, match="parameters.rent_cap"):
        parameters_from_mapping({"rent_cap": Decimal(1)})
    with pytest.raises(InputError, match="more than two decimals"):
        parameters_from_mapping({"patrimony_discount_max": Decimal("1.005")})
    assert len(PARAMETER_NAMES) == 15


def test_yaml_numbers_are_exact(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 0.1\nb: 287.27\nc: 3\n")
    assert read_yaml(path) == {"a": Decimal("0.1"), "b": Decimal("287.27"), "c": 3}
