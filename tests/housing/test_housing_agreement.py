"""The contract and the reference agree on random households and dwellings, per rule year.

Hypothesis draws batches of households (biased to the band edges) and dwellings; each batch
goes to the chain as one JSON-RPC batch of eth_calls. The number of households per rule year
is ``BLOKKETEN_HOUSING_EXAMPLES`` (default 300); the slow test runs 10,000 per year.
"""

from __future__ import annotations

import os

import pytest
from housingkit import YEARS, completed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blokketen.housing.rules import eligibility, income_limit, rent
from blokketen.housing.types import MAX_AMOUNT, Dwelling, Household, RuleSet

BATCH = 25
EXAMPLES = int(os.environ.get("BLOKKETEN_HOUSING_EXAMPLES", "300"))
SLOW_EXAMPLES = 10_000


@st.composite
def households(draw, rules: RuleSet) -> Household:
    category = draw(st.sampled_from(("single", "single_disabled", "other")))
    counts = [draw(st.integers(0, 4)), draw(st.integers(0, 2)), draw(st.integers(0, 2))]
    leefloon = draw(st.sampled_from((None, None, "single", "cohabiting", "family")))
    shell = Household(category, 0, *counts, leefloon)
    limit = income_limit(rules, shell)
    edges = rules.parameters.band_edges or (100, 125, 150)
    near_edge = st.builds(
        lambda pct, delta: max(0, limit * pct // 100 + delta),
        st.sampled_from(edges), st.integers(-2, 2))
    income = draw(st.one_of(
        st.integers(0, 12_000_000),        # up to 120,000 euro
        near_edge,
        st.integers(0, 2_000_000),         # around the leefloon floors
        st.integers(0, MAX_AMOUNT),        # extreme but valid
    ))
    return Household(category, income, *counts, leefloon)


@st.composite
def dwellings(draw, rules: RuleSet) -> Dwelling:
    pk_max = rules.parameters.patrimony_discount_max or 0
    return Dwelling(
        base_rent=draw(st.one_of(st.integers(0, 250_000), st.integers(0, 20_000))),
        patrimony_discount=draw(st.one_of(st.just(0), st.just(pk_max), st.integers(0, pk_max))),
        energy_correction=draw(st.one_of(st.just(0), st.integers(0, 5_000))),
        min_rent_tier=draw(st.sampled_from(("low", "high"))),
    )


@pytest.fixture(scope="module")
def published(housing, bk_accounts):
    """Every rule year, completed where its sources lack values, published once."""
    client = housing.as_sender(bk_accounts[1])
    out = {}
    for year in YEARS:
        rules = completed(year)
        version = client.publish_rules(rules).version
        out[year] = RuleSet(year, rules.parameters, version)
    return client, out


def _agree(client, rules: RuleSet, batch) -> None:
    items = [(rules.year, rules.version, h, d) for h, d in batch]
    onchain = client.rent_many(items)
    for (h, d), got in zip(batch, onchain, strict=True):
        assert got == rent(rules, h, d), (h, d)
    calls = [("eligibilityAtVersion", (rules.year, rules.version,
                                       (("single", "single_disabled", "other").index(h.category),
                                        h.income, h.dependants, h.dependants_half,
                                        h.dependants_double, 0)))
             for h, _ in batch]
    for (h, _), raw in zip(batch, client._call_many(calls), strict=True):
        assert bool(raw[4]) == eligibility(rules, h).eligible and raw[2] == income_limit(rules, h)


def _run(published, year: int, total: int) -> None:
    client, sets = published
    rules = sets[year]
    pairs = st.tuples(households(rules), dwellings(rules))

    @settings(max_examples=max(1, total // BATCH), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(pairs, min_size=BATCH, max_size=BATCH))
    def check(batch):
        _agree(client, rules, batch)

    check()


@pytest.mark.parametrize("year", YEARS)
def test_contract_agrees_with_reference(published, year):
    _run(published, year, EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("year", YEARS)
def test_contract_agrees_with_reference_10000_per_year(published, year):
    _run(published, year, SLOW_EXAMPLES)


def test_band_edges_exactly(published):
    client, sets = published
    for year in (2019, 2023, 2024):
        rules = sets[year]
        batch = []
        for category in ("single", "single_disabled", "other"):
            limit = income_limit(rules, Household(category, 0, 1))
            for pct in (100, 125, 150):
                for delta in (-1, 0, 1):
                    batch.append((Household(category, limit * pct // 100 + delta, 1),
                                  Dwelling(10**9)))
        _agree(client, rules, batch)
