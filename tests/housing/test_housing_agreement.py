"""The contract, the private path and the reference agree, per rule year.

Two complementary sets per rule year, each sent to the chain in JSON-RPC batches of eth_call:

- boundary cases, built (no search): every household shape (category, dependant counts,
  leefloon category) at every edge the rules have: each band edge and the limit (the
  incomes on both sides of ``I * 100 = L * edge``), each leefloon floor, zero, the largest
  amount, and incomes whose share lands on a half cent, just below and just above it (the
  rounding); each with dwellings where the cap, the minimum (MHP + EC) and the patrimony
  maximum bind, are one cent away, or do not bind;
- random households and dwellings drawn by Hypothesis (biased to the band edges), to look
  where no edge was foreseen: ``BLOKKETEN_HOUSING_EXAMPLES`` per rule year (default 300).

The private path (parameters read from the chain, computed here) must give the same breakdown
on all of them.
"""

from __future__ import annotations

import os

import pytest
from housingkit import YEARS, completed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blokketen.housing.client import encode_household
from blokketen.housing.rules import eligibility, income_limit, leefloon_category, rent
from blokketen.housing.types import MAX_AMOUNT, Dwelling, Household, RuleSet

BATCH = 25
EXAMPLES = int(os.environ.get("BLOKKETEN_HOUSING_EXAMPLES", "300"))
SHAPES = ((0, 0, 0), (1, 0, 0), (2, 1, 0), (0, 0, 1), (4, 2, 2))
"""Dependant counts (full, half, double): none, one, mixed, a disabled one, many."""


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


# ---------------------------------------------------------------------- boundary cases


def _edge_incomes(rules: RuleSet, shell: Household) -> set[int]:
    """Incomes on both sides of every band edge (``I * 100`` against ``L * edge``), and the
    extremes."""
    limit = income_limit(rules, shell)
    found = {0, 1, MAX_AMOUNT - 1, MAX_AMOUNT}
    for edge in rules.parameters.band_edges or (100, 125, 150):
        low, rest = divmod(limit * edge, 100)
        for base in {low, low + (1 if rest else 0)}:
            found |= {base - 1, base, base + 1}
    return found


def _floor_incomes(rules: RuleSet, shell: Household) -> set[int]:
    """Incomes on both sides of the household's leefloon floor."""
    floor = rules.need_money(f"leefloon_annual.{leefloon_category(shell)}")
    return {floor - 1, floor, floor + 1}


def _rounding_incomes(rules: RuleSet, shell: Household) -> set[int]:
    """In every band, the two incomes around half a cent of share: ``(d - 1) // 2`` cents
    over a multiple of ``d`` rounds down, ``(d + 1) // 2`` rounds up (exactly half a cent
    when ``d`` is even)."""
    limit = income_limit(rules, shell)
    floor = max(_floor_incomes(rules, shell))
    middles = (limit // 2, limit * 112 // 100, limit * 137 // 100, limit * 3)
    found = set()
    for divisor, middle in zip(rules.parameters.divisors or (), middles, strict=True):
        base = max(middle, floor + divisor) // divisor * divisor
        found |= {base + (divisor - 1) // 2, base + (divisor + 1) // 2}
    return found


def _dwellings(rules: RuleSet, household: Household, *, clamps: bool) -> list[Dwelling]:
    """An open dwelling and a high-tier one at the patrimony maximum; with ``clamps`` also
    dwellings where the cap or the minimum (MHP + EC) binds or is one cent away."""
    pk_max = rules.need_money("patrimony_discount_max")
    open_ = Dwelling(10**9, 0, 0, "low")
    out = [open_, Dwelling(10**9, pk_max, 1_733, "high")]
    if not clamps:
        return out
    free = rent(rules, household, open_)
    out += [Dwelling(free.income_based + delta, 0, 0, "low") for delta in (-1, 0, 1)
            if free.income_based + delta >= 0]
    gap = free.income_based - free.minimum  # the patrimony discount that reaches the minimum
    out += [Dwelling(10**9, gap + delta, 0, "low") for delta in (-1, 0, 1)
            if 0 <= gap + delta <= pk_max]
    return out


def boundary_cases(rules: RuleSet) -> list[tuple[Household, Dwelling]]:
    """Every household shape at every edge, with the dwellings that make the clamps bind."""
    cases = []
    for category in ("single", "single_disabled", "other"):
        for counts in SHAPES:
            for leefloon in (None, "single", "cohabiting", "family"):
                shell = Household(category, 0, *counts, leefloon)
                incomes = {i: False for i in _floor_incomes(rules, shell)}
                if leefloon is None:  # the edges, rounding and clamps: derived floor only
                    incomes.update({i: False for i in _edge_incomes(rules, shell)})
                    incomes.update({i: True for i in _floor_incomes(rules, shell)})
                    incomes.update({i: True for i in _rounding_incomes(rules, shell)})
                for income, clamps in sorted(incomes.items()):
                    if not 0 <= income <= MAX_AMOUNT:
                        continue
                    household = Household(category, income, *counts, leefloon)
                    cases.extend((household, d)
                                 for d in _dwellings(rules, household, clamps=clamps))
    return cases


# ---------------------------------------------------------------------- checks


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
    onchain = client.rent_many(items, on_chain=True)
    private = client.rent_many(items)
    for (h, d), got, local in zip(batch, onchain, private, strict=True):
        expected = rent(rules, h, d)
        assert got == expected, (h, d)
        assert local == expected, (h, d)
    households = list(dict.fromkeys(h for h, _ in batch))
    calls = [("eligibilityAtVersion", (rules.year, rules.version, encode_household(h)))
             for h in households]
    for h, raw in zip(households, client._call_many(calls), strict=True):
        assert bool(raw[4]) == eligibility(rules, h).eligible and raw[2] == income_limit(rules, h)


@pytest.mark.parametrize("year", YEARS)
def test_contract_agrees_with_reference_on_every_boundary(published, year):
    client, sets = published
    rules = sets[year]
    cases = boundary_cases(rules)
    assert len(cases) > 1_200
    minimum_binds = [h for h, d in cases if (b := rent(rules, h, d)).rent == b.minimum]
    capped = [h for h, d in cases if (b := rent(rules, h, d)).rent == b.cap]
    assert minimum_binds and capped, "the clamps must bind in some cases"
    for start in range(0, len(cases), 500):
        _agree(client, rules, cases[start : start + 500])


@pytest.mark.parametrize("year", YEARS)
def test_contract_agrees_with_reference(published, year):
    client, sets = published
    rules = sets[year]
    pairs = st.tuples(households(rules), dwellings(rules))

    @settings(max_examples=max(1, EXAMPLES // BATCH), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(pairs, min_size=BATCH, max_size=BATCH))
    def check(batch):
        _agree(client, rules, batch)

    check()


def test_boundary_cases_sit_on_the_edges(published):
    """The built incomes really straddle the band edges, the floor and the half cent."""
    _, sets = published
    rules = sets[2024]
    shell = Household("single", 0)
    incomes = _edge_incomes(rules, shell) | _rounding_incomes(rules, shell)
    limit = income_limit(rules, shell)
    divisors = {rent(rules, Household("single", i), Dwelling(10**9)).divisor for i in incomes}
    assert divisors == set(rules.parameters.divisors or ())
    assert {limit, limit + 1} <= incomes
    used = [(i, rent(rules, Household("single", i), Dwelling(10**9)).divisor) for i in incomes
            if i > rules.need_money("leefloon_annual.single")]
    assert any(2 * i % (2 * d) == d for i, d in used if d % 2 == 0)  # exactly half a cent
    assert any(2 * i % (2 * d) == d - 1 for i, d in used if d % 2)  # just below half
