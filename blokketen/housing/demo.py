"""The social-rent demo (``make demo``): publish the sourced rule years, compute rents on the
private path (and once on chain, to compare), register a dwelling to its landlord, open a
lease, run a yearly revision, prove a decision, hand the landlord over to its successor after
a merger, and replay ``tests/scenarios``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import PinnedCode

__all__ = ["run_demo"]

# Values the sources do not give (domain file: not found). The demo must supply them to
# compute; they are marked as demo inputs and published as a correction with that reason.
DEMO_PARAMETERS = {
    "leefloon_annual": {"single": Decimal("14000"), "cohabiting": Decimal("9000"),
                        "family": Decimal("18000")},
}
DEMO_2024 = {
    **DEMO_PARAMETERS,
    "min_rent": {"low": Decimal("145"), "high": Decimal("290")},
    "patrimony_discount_max": Decimal("165"),
}


def run_demo(
    chain: Chain,
    accounts: Sequence[LocalAccount],
    echo: Callable[[str], None],
    address: str | None = None,
    *,
    scenarios: Path | None = None,
) -> None:
    """Run the pilot's flow on the SocialRentRules at ``address`` (admin ``accounts[0]``),
    or on a freshly deployed one, printing through ``echo``."""
    from blokketen._exceptions import ContractRevert, MissingRuleParameter
    from blokketen.housing.client import SocialRentRules
    from blokketen.housing.dwellings import dwelling_ref, registrar_key
    from blokketen.housing.params import available_years, parameters_from_mapping, rule_set
    from blokketen.housing.rules import rent as reference_rent
    from blokketen.housing.types import Dwelling, Household, format_cents

    admin, rule_admin, landlord, registrar, successor = accounts[:5]
    if address is None:
        from blokketen.housing.deployment import ADMIN_DELAY

        client = SocialRentRules.deploy(chain, admin, admin.address, ADMIN_DELAY)
        echo(f"SocialRentRules deployed at {client.address}")
    else:  # the tenant's proof checks the code: the project's build for this chain's EVM
        client = SocialRentRules(chain, address, sender=admin).trusting(_built(chain, address))
    for role, who in (("rule_admin", rule_admin), ("registrar", registrar),
                      ("landlord", landlord), ("landlord", successor)):
        if not client.has_role(role, who.address):
            client.grant_role(role, who.address)
    rules = client.as_sender(rule_admin)

    for year in available_years():
        published = rules.publish_rules(rule_set(year))
        supplied = rule_set(year).parameters.supplied()
        echo(f"  rule year {year} v{published.version}: {len(supplied)} sourced values")

    single = Household("single", 1_800_000)
    flat = Dwelling(55_000, 4_000, 0, "low")
    try:
        rules.rent(2023, single, flat, on_chain=True)
    except ContractRevert as exc:  # the typed revert names the value the sources lack
        echo(f"  2023 rent without a leefloon: {exc}")
    try:
        reference_rent(rule_set(2023), single, flat)
    except MissingRuleParameter as exc:
        echo(f"  reference agrees: {exc}")

    v2023 = rules.publish_rules(
        rule_set(2023, parameters_from_mapping(DEMO_PARAMETERS)),
        reason="demo: leefloon supplied (not sourced)").version
    v2024 = rules.publish_rules(
        rule_set(2024, parameters_from_mapping(DEMO_2024)),
        reason="demo: leefloon, minimum rents and PK maximum supplied (not sourced)").version
    echo(f"  corrections with demo inputs: 2023 v{v2023}, 2024 v{v2024}")

    households = [
        ("single, income 18,000", single, flat),
        ("couple + 2 children, income 30,000", Household("other", 3_000_000, dependants=2),
         Dwelling(70_000, 0, 1_500)),
        ("single, income 6,000 (floor, minimum)", Household("single", 600_000),
         Dwelling(55_000, 12_000, 0)),
        ("couple + 1 child, income 40,000", Household("other", 4_000_000, dependants=1),
         Dwelling(80_000, 0, 2_000)),
    ]
    for label, household, dwelling in households:
        b23 = rules.rent(2023, household, dwelling)      # private: parameters read, computed here
        b24 = rules.rent(2024, household, dwelling)
        echo(f"  {label}: 2023 v{b23.version} 1/{b23.divisor} -> {format_cents(b23.rent)}; "
             f"2024 v{b24.version} 1/{b24.divisor} -> {format_cents(b24.rent)}")
    audited = rules.rent(2023, households[1][1], households[1][2], on_chain=True)
    echo(f"  the contract's view (an auditor's eth_call) agrees: {format_cents(audited.rent)}")

    key = registrar_key()  # kept by the registrar; the chain sees only keyed references
    home_ref = dwelling_ref(key, "6747170")
    client.as_sender(registrar).register_dwellings(landlord.address, [home_ref])
    echo(f"dwelling 0x{home_ref.hex()[:16]}… registered to landlord {landlord.address}")
    keeper = client.as_sender(landlord)
    family, home = households[1][1], households[1][2]
    decision = keeper.decide(home_ref, family, home, year=2023, effective=date(2023, 3, 1))
    opened = keeper.open_lease(decision)
    echo(f"lease {opened.lease_id} opened: rent {format_cents(decision.breakdown.rent)}, "
         f"commitment 0x{opened.commitment.hex()[:16]}… (gas {opened.receipt.gas_used})")
    yearly = keeper.decide(home_ref, family, Dwelling(73_500, 0, 1_500), year=2024,
                           kind="yearly", effective=date(2024, 1, 1))
    revised = keeper.revise_lease(opened.lease_id, yearly)
    echo(f"yearly revision 1 January 2024: rent {format_cents(yearly.breakdown.rent)} "
         f"(gas {revised.receipt.gas_used})")
    history = keeper.lease_history(opened.lease_id)
    steps = [(r.kind, r.rule_year, r.effective.isoformat()) for r in history.records]
    echo(f"lease history: {steps}")
    proof = keeper.prove_decision(yearly, revised.salt)
    echo(f"tenant proves the 2024 decision: valid={proof.valid} (record {proof.index})")

    merged = client.succeed_landlord(landlord.address, successor.address)
    echo(f"merger: landlord {landlord.address} handed over to {successor.address} in one "
         f"transaction (gas {merged.gas_used}); the lease is now kept by "
         f"{client.lease_history(opened.lease_id).landlord}")

    folder = scenarios
    if folder is None:
        from blokketen.project import Project

        folder = Project.find().root / "tests" / "scenarios"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if files:
        from blokketen.housing.replay import ChainReplayer, replay
        from blokketen.housing.scenarios import load_scenario

        # The replay publishes (rule admin), registers (registrar) and keeps leases (the
        # successor landlord), each with its own account.
        replayer = ChainReplayer(rules, registrar=client.as_sender(registrar),
                                 landlord=client.as_sender(successor))
        rows = replay([load_scenario(p) for p in files], replayer)
        bad = [r for r in rows if not r.ok]
        echo(f"replayed {len(rows)} scenario cases from {len(files)} files: "
             f"{len(rows) - len(bad)} match" + (f", {len(bad)} MISMATCH" if bad else ""))
        for row in bad:
            echo(f"  MISMATCH {row.file}: {row.name}: {row.detail}")


def _built(chain: Chain, address: str) -> PinnedCode:
    """The runtime code of the project's build of SocialRentRules for this chain's EVM (what
    `make demo` and `blokketen network demo` deploy), expected at ``address``."""
    from eth_utils import keccak

    from blokketen.chain.evm import chain_evm
    from blokketen.contract.trust import PinnedCode
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project, target_for

    build = compile_project(Project.find(), evm_version=target_for(chain_evm(chain)))
    artifact = build.store.get("SocialRentRules")
    code = bytes.fromhex(artifact.deployed_bytecode.removeprefix("0x"))
    return PinnedCode(name=artifact.name, address=address, code_hash="0x" + keccak(code).hex())
