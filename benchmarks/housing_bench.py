"""Social-rent benchmark: replaying 1,000 scenario cases (reference vs on chain), the private
rent path against the on-chain view, and gas per operation side by side with the contract
before issue 9. Run: ``.venv/bin/python benchmarks/housing_bench.py`` (starts its own anvil);
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
from blokketen.housing.deployment import ADMIN_DELAY
from blokketen.housing.dwellings import dwelling_ref, registrar_key
from blokketen.housing.params import parameters_from_mapping, rule_set
from blokketen.housing.replay import ChainReplayer, replay
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

BEFORE = {
    "publishRules (2024, 12 values)": 249_908,
    "publishRules correction (v2, 15)": 253_142,
    "openLease": 212_836,
    "reviseYearly": 130_645,
    "reviseMidTerm (income drop)": 131_821,
    "reviseMidTerm (family change)": 131_838,
    "endLease": 39_199,
}
"""The same operations on SocialRentRules before issue 9 (main at 62064e7, this script's
previous version, 2026-12-01). Operations that did not exist then have no baseline."""


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
        admin, rule_admin, registrar, landlord, successor, big = chain.dev_accounts(6)
        replayer = ChainReplayer.deploy(chain, admin, landlord=landlord)
        start = time.perf_counter()
        rows = replay([scenario], replayer)
        chain_s = time.perf_counter() - start
        assert all(r.ok for r in rows)
        say(f"on-chain replay of {CASES} cases (batched eth_call, incl. one publish): "
            f"{chain_s:.3f} s ({CASES / chain_s:,.0f} cases/s)")

        client = SocialRentRules.deploy(chain, admin, admin.address, ADMIN_DELAY)
        for role, who in (("rule_admin", rule_admin), ("registrar", registrar),
                          ("landlord", landlord), ("landlord", successor), ("landlord", big)):
            client.grant_role(role, who.address)
        rules = client.as_sender(rule_admin)
        published = rules.publish_rules(rule_set(2023, LEEFLOON))
        items = [(2023, None, c.household, c.dwelling) for c in scenario.cases]
        timings = {}
        for label, call in (
            ("rent_many on chain (batches of 500)", lambda: rules.rent_many(items, on_chain=True)),
            ("rent_many private (one rule-set read)", lambda: rules.rent_many(items)),
            ("one on-chain eth_call each", lambda: [rules.rent(y, h, d, on_chain=True)
                                                    for y, _, h, d in items]),
            ("private rent() each (a latestVersion call each)",
             lambda: [rules.rent(y, h, d) for y, _, h, d in items]),
        ):
            start = time.perf_counter()
            call()
            timings[label] = time.perf_counter() - start
        say(f"{CASES} rents: " + "; ".join(f"{k}: {v:.3f} s" for k, v in timings.items()))
        case = scenario.cases[0]
        call = {"to": client.address, "data": "0x" + client.encode(
            "rent", 2023, *_raw(case.household, case.dwelling)).hex()}
        view_gas = int(chain.rpc("eth_estimateGas", [call]), 16)
        say(f"gas of the rent view (eth_estimateGas, not paid: eth_call): {view_gas:,}")

        gas: dict[str, int] = {}
        v2024 = rules.publish_rules(rule_set(2024, LEEFLOON))
        gas["publishRules (2024, 12 values)"] = v2024.receipt.gas_used
        corrected = rules.publish_rules(rule_set(2024, EXTRA_2024), reason="bench correction")
        gas["publishRules correction (v2, 15)"] = corrected.receipt.gas_used
        key = registrar_key()
        registry = client.as_sender(registrar)
        home = dwelling_ref(key, "bench/1")
        gas["registerDwellings (1 dwelling)"] = registry.register_dwellings(
            landlord.address, [home]).gas_used
        hundred = [dwelling_ref(key, f"bench/block/{i}") for i in range(100)]
        gas["registerDwellings (100 dwellings), per dwelling"] = registry.register_dwellings(
            landlord.address, hundred).gas_used // 100
        keeper = client.as_sender(landlord)
        h, d = case.household, case.dwelling
        decision = keeper.decide(home, h, d, year=2023, effective=date(2023, 3, 1))
        opened = keeper.open_lease(decision)
        gas["openLease"] = opened.receipt.gas_used
        yearly = keeper.decide(home, h, d, year=2024, kind="yearly", effective=date(2024, 1, 1))
        gas["reviseYearly"] = keeper.revise_lease(opened.lease_id, yearly).receipt.gas_used
        drop = keeper.decide(home, h, d, year=2024, kind="income_drop",
                             effective=date(2024, 6, 1))
        gas["reviseMidTerm (income drop)"] = keeper.revise_lease(
            opened.lease_id, drop).receipt.gas_used
        change = keeper.decide(home, h, d, year=2024, kind="family_change",
                               effective=date(2024, 9, 1))
        gas["reviseMidTerm (family change)"] = keeper.revise_lease(
            opened.lease_id, change).receipt.gas_used
        gas["endLease"] = keeper.end_lease(opened.lease_id, date(2024, 12, 31)).gas_used
        gas["transferDwellings (1 dwelling)"] = client.transfer_dwellings(
            successor.address, [hundred[0]]).gas_used
        for start_at in range(0, 1_000, 250):
            registry.register_dwellings(big.address, [dwelling_ref(key, f"bench/big/{i}")
                                                      for i in range(start_at, start_at + 250)])
        gas["succeedLandlord (101 dwellings)"] = client.succeed_landlord(
            landlord.address, successor.address).gas_used
        gas["succeedLandlord (1,000 dwellings)"] = client.succeed_landlord(
            big.address, successor.address).gas_used
        again = client.as_sender(successor)
        reopened = again.open_lease(again.decide(home, h, d, year=2024,
                                                 effective=date(2024, 12, 31)))
        gas["openLease by a successor (1 hop)"] = reopened.receipt.gas_used
        assert published.version == 1

        say("gas per operation (receipt gasUsed), before issue 9 and now:")
        say(f"  {'operation':<48} {'before':>9} {'now':>9} {'change':>8}")
        for name, used in gas.items():
            before = BEFORE.get(name)
            shown = "-" if before is None else f"{before:,}"
            delta = "" if before is None else f"{used - before:+,}"
            say(f"  {name:<48} {shown:>9} {used:>9,} {delta:>8}")

    Path(__file__).with_name("housing_bench.txt").write_text("\n".join(out) + "\n")


def _raw(h: Household, d: Dwelling) -> tuple[object, object]:
    from blokketen.housing.client import encode_dwelling, encode_household

    return encode_household(h), encode_dwelling(d)


if __name__ == "__main__":
    main()
