"""Social-rent benchmark: replaying 1,000 scenario cases (reference vs on chain) and gas per
lease operation. Run: ``.venv/bin/python benchmarks/housing_bench.py`` (starts its own anvil);
the recorded output is benchmarks/housing_bench.txt."""

from __future__ import annotations

import platform
import random
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from blokketen.chain import Chain, LocalNode
from blokketen.housing.client import SocialRentRules
from blokketen.housing.params import parameters_from_mapping, rule_set
from blokketen.housing.replay import replay
from blokketen.housing.rules import rent
from blokketen.housing.scenarios import Case, Expect, Scenario
from blokketen.housing.types import Dwelling, Household

CASES = 1_000
LEEFLOON = parameters_from_mapping({"leefloon_annual": {
    "single": Decimal("14000"), "cohabiting": Decimal("9000"), "family": Decimal("18000")}})
# 2024 lacks these in the sources: hypothetical inputs for the benchmark only.
EXTRA_2024 = LEEFLOON.merged(parameters_from_mapping({
    "min_rent": {"low": Decimal("145"), "high": Decimal("290")},
    "patrimony_discount_max": Decimal("165")}))


def make_scenario(n: int, seed: int = 5) -> Scenario:
    rng = random.Random(seed)
    rules = rule_set(2023, LEEFLOON)
    cases = []
    for i in range(n):
        household = Household(
            rng.choice(("single", "single_disabled", "other")), rng.randrange(0, 8_000_000),
            rng.randrange(0, 4), rng.randrange(0, 2), rng.randrange(0, 2))
        dwelling = Dwelling(rng.randrange(30_000, 120_000), rng.randrange(0, 16_001),
                            rng.randrange(0, 3_500), rng.choice(("low", "high")))
        expected = rent(rules, household, dwelling).rent
        cases.append(Case(f"case {i}", household, dwelling, Expect(rent=expected)))
    return Scenario(Path("generated-1000.yaml"), 2023, LEEFLOON, {}, tuple(cases))


def main() -> None:
    out: list[str] = []

    def say(line: str) -> None:
        print(line)
        out.append(line)

    say(f"# housing_bench: {CASES} cases, Python {platform.python_version()}, "
        f"{platform.machine()}, anvil (automine)")
    scenario = make_scenario(CASES)
    start = time.perf_counter()
    rows = replay([scenario])
    ref_s = time.perf_counter() - start
    assert all(r.ok for r in rows)
    say(f"reference replay of {CASES} cases: {ref_s:.3f} s ({CASES / ref_s:,.0f} cases/s)")

    with LocalNode() as node:
        chain = Chain.connect(node.url)
        admin, landlord = chain.dev_accounts(2)
        client = SocialRentRules.deploy(chain, admin, admin.address)
        client.grant_role("rule_admin", admin.address)
        client.grant_role("landlord", admin.address)
        client.grant_role("landlord", landlord.address)
        client.rent_many([])  # warm up
        start = time.perf_counter()
        rows = replay([scenario], client)
        chain_s = time.perf_counter() - start
        assert all(r.ok for r in rows)
        say(f"on-chain replay of {CASES} cases (batched eth_call, incl. one publish): "
            f"{chain_s:.3f} s ({CASES / chain_s:,.0f} cases/s)")
        items = [(2023, None, c.household, c.dwelling) for c in scenario.cases]
        start = time.perf_counter()
        client.rent_many(items)
        batch_s = time.perf_counter() - start
        start = time.perf_counter()
        for item in items:
            client.rent(item[0], item[2], item[3])
        seq_s = time.perf_counter() - start
        say(f"  rent_many {CASES} (batches of 500): {batch_s:.3f} s; one eth_call each: "
            f"{seq_s:.3f} s")
        case = scenario.cases[0]
        call = {"to": client.address, "data": "0x" + client.encode(
            "rent", 2023, *_raw(case.household, case.dwelling)).hex()}
        view_gas = int(chain.rpc("eth_estimateGas", [call]), 16)
        say(f"gas of the rent view (eth_estimateGas, not paid: eth_call): {view_gas:,}")

        say("gas per operation (receipt gasUsed):")
        published = client.publish_rules(rule_set(2024, LEEFLOON))
        say(f"  publishRules (2024, 12 values)         {published.receipt.gas_used:>9,}")
        corrected = client.publish_rules(rule_set(2024, EXTRA_2024), reason="bench correction")
        say(f"  publishRules correction (v2, 15)       {corrected.receipt.gas_used:>9,}")
        keeper = client.as_sender(landlord)
        h, d = case.household, case.dwelling
        decision = keeper.decide("bench/1", h, d, year=2023, effective=date(2023, 3, 1))
        opened = keeper.open_lease(decision)
        say(f"  openLease                              {opened.receipt.gas_used:>9,}")
        yearly = keeper.decide("bench/1", h, d, year=2024, kind="yearly",
                               effective=date(2024, 1, 1))
        r_year = keeper.revise_lease(opened.lease_id, yearly).receipt
        say(f"  reviseYearly                           {r_year.gas_used:>9,}")
        drop = keeper.decide("bench/1", h, d, year=2024, kind="income_drop",
                             effective=date(2024, 6, 1))
        r_mid = keeper.revise_lease(opened.lease_id, drop).receipt
        say(f"  reviseMidTerm (income drop)            {r_mid.gas_used:>9,}")
        change = keeper.decide("bench/1", h, d, year=2024, kind="family_change",
                               effective=date(2024, 9, 1))
        r_fam = keeper.revise_lease(opened.lease_id, change).receipt
        say(f"  reviseMidTerm (family change)          {r_fam.gas_used:>9,}")
        r_end = keeper.end_lease(opened.lease_id, date(2024, 12, 31))
        say(f"  endLease                               {r_end.gas_used:>9,}")

    Path(__file__).with_name("housing_bench.txt").write_text("\n".join(out) + "\n")


def _raw(h: Household, d: Dwelling) -> tuple[object, object]:
    from blokketen.housing.client import encode_dwelling, encode_household

    return encode_household(h), encode_dwelling(d)


if __name__ == "__main__":
    main()
