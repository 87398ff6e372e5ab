"""Bad input to every public SocialRentRules method: an InputError naming the Python
argument, raised before anything is encoded or sent (no eth-abi message, no transaction)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from housingkit import leefloon_only, ref

from blokketen._exceptions import InputError
from blokketen.contract.base import load_abi
from blokketen.housing.client import SocialRentRules
from blokketen.housing.params import rule_set
from blokketen.housing.rules import rent
from blokketen.housing.types import Decision, Dwelling, Household, RuleParameters

H = Household("single", 1_800_000)
W = Dwelling(55_000, 4_000)
DAY = date(2023, 3, 1)
ADDRESS = "0x" + "11" * 20
HOME = ref("woonmij/input")
OPENING = Decision(HOME, "opening", DAY, H, W,
                   rent(rule_set(2023, leefloon_only()), H, W))
YEARLY = replace(OPENING, kind="yearly", effective=date(2023, 1, 1))

CASES = [
    ("grant_role", lambda c: c.grant_role("nonsense", ADDRESS), "role"),
    ("grant_role", lambda c: c.grant_role(b"\x01" * 32, ADDRESS), "role"),
    ("grant_role", lambda c: c.grant_role("landlord", "0x123"), "account"),
    ("has_role", lambda c: c.has_role("tenant", ADDRESS), "role"),
    ("has_role", lambda c: c.has_role("landlord", 42), "account"),
    ("publish_rules", lambda c: c.publish_rules(leefloon_only(), year=70000), "year"),
    ("publish_rules", lambda c: c.publish_rules(leefloon_only(), year=0), "year"),
    ("publish_rules", lambda c: c.publish_rules(leefloon_only(), year="2023"), "year"),
    ("publish_rules", lambda c: c.publish_rules(leefloon_only()), "year"),
    ("publish_rules", lambda c: c.publish_rules({"min_rent": 1}, year=2023), "rules"),
    ("publish_rules", lambda c: c.publish_rules(rule_set(2023), reason=b"short"), "reason"),
    ("publish_rules", lambda c: c.publish_rules(rule_set(2023), reason=7), "reason"),
    ("latest_version", lambda c: c.latest_version(-1), "year"),
    ("latest_version", lambda c: c.latest_version(2023.0), "year"),
    ("rule_set", lambda c: c.rule_set(70000), "year"),
    ("rule_set", lambda c: c.rule_set(2023, 0), "version"),
    ("rule_set", lambda c: c.rule_set(2023, 2**32), "version"),
    ("published_rules", lambda c: c.published_rules(2023.5), "year"),
    ("published_rules", lambda c: c.published_rules(2023, 0), "version"),
    ("eligibility", lambda c: c.eligibility(True, H), "year"),
    ("eligibility", lambda c: c.eligibility(2023, {"income": 1}), "household"),
    ("eligibility", lambda c: c.eligibility(2023, H, version=-1), "version"),
    ("eligibility", lambda c: c.eligibility(2023, {"income": 1}, on_chain=True), "household"),
    ("rent", lambda c: c.rent(2**16, H, W), "year"),
    ("rent", lambda c: c.rent(2023, W, W), "household"),
    ("rent", lambda c: c.rent(2023, H, "flat"), "dwelling"),
    ("rent", lambda c: c.rent(2023, H, W, version="1"), "version"),
    ("rent", lambda c: c.rent(2023, H, "flat", on_chain=True), "dwelling"),
    ("rent_many", lambda c: c.rent_many([(2023, None, H, W), (2023, None, H)]), "items[1]"),
    ("rent_many", lambda c: c.rent_many([(70000, None, H, W)]), "items[0].year"),
    ("rent_many", lambda c: c.rent_many([(2023, 0, H, W)]), "items[0].version"),
    ("rent_many", lambda c: c.rent_many([(2023, None, None, W)]), "items[0].household"),
    ("rent_many", lambda c: c.rent_many([(2023, None, H, W)], batch_size=0), "batch_size"),
    ("register_dwellings", lambda c: c.register_dwellings("0x12", [HOME]), "landlord"),
    ("register_dwellings", lambda c: c.register_dwellings(ADDRESS, []), "dwelling_refs"),
    ("register_dwellings", lambda c: c.register_dwellings(ADDRESS, HOME), "dwelling_refs"),
    ("register_dwellings", lambda c: c.register_dwellings(ADDRESS, [HOME, "woonmij/1"]),
     "dwelling_refs[1]"),
    ("transfer_dwellings", lambda c: c.transfer_dwellings(ADDRESS, [b"\x00" * 32]),
     "dwelling_refs[0]"),
    ("transfer_dwellings", lambda c: c.transfer_dwellings(None, [HOME]), "to"),
    ("succeed_landlord", lambda c: c.succeed_landlord("0x" + "00" * 20, ADDRESS),
     "predecessor"),
    ("succeed_landlord", lambda c: c.succeed_landlord(ADDRESS, "landlord"), "successor"),
    ("dwelling_landlord", lambda c: c.dwelling_landlord("woonmij/1"), "dwelling_ref"),
    ("current_landlord", lambda c: c.current_landlord(b"\x11" * 20), "landlord"),
    ("successor_of", lambda c: c.successor_of("0x1234"), "landlord"),
    ("decide", lambda c: c.decide("", H, W, year=2023, effective=DAY), "dwelling_ref"),
    ("decide", lambda c: c.decide("woonmij/1", H, W, year=2023, effective=DAY),
     "dwelling_ref"),
    ("decide", lambda c: c.decide(5, H, W, year=2023, effective=DAY), "dwelling_ref"),
    ("decide", lambda c: c.decide(HOME, H, W, year=2023, kind="moved", effective=DAY), "kind"),
    ("decide", lambda c: c.decide(HOME, H, W, year=2023, effective="2023-03-01"), "effective"),
    ("decide", lambda c: c.decide(HOME, H, W, year=70000, effective=DAY), "year"),
    ("decide", lambda c: c.decide(HOME, H, W, year=2023, version=0, effective=DAY), "version"),
    ("open_lease", lambda c: c.open_lease("decision"), "decision"),
    ("open_lease", lambda c: c.open_lease(OPENING, salt=b"short"), "salt"),
    ("open_lease", lambda c: c.open_lease(YEARLY), "decision.kind"),
    ("open_lease", lambda c: c.open_lease(replace(OPENING, dwelling_ref=b"1")),
     "decision.dwelling_ref"),
    ("open_lease", lambda c: c.open_lease(OPENING, evidence=b"short"), "evidence"),
    ("open_lease", lambda c: c.open_lease(replace(OPENING, effective="2023")),
     "decision.effective"),
    ("open_lease", lambda c: c.open_lease(
        replace(OPENING, breakdown=replace(OPENING.breakdown, year=70000))),
     "decision.breakdown.year"),
    ("revise_lease", lambda c: c.revise_lease(-1, YEARLY), "lease_id"),
    ("revise_lease", lambda c: c.revise_lease(0, YEARLY), "lease_id"),
    ("revise_lease", lambda c: c.revise_lease(1, "decision"), "decision"),
    ("revise_lease", lambda c: c.revise_lease(1, YEARLY, salt="salt"), "salt"),
    ("revise_lease", lambda c: c.revise_lease(1, YEARLY, evidence="0x00"), "evidence"),
    ("revise_lease", lambda c: c.revise_lease(1, OPENING), "decision.kind"),
    ("revise_lease", lambda c: c.revise_lease(1, replace(YEARLY, effective=DAY)),
     "decision.effective"),
    ("end_lease", lambda c: c.end_lease(-1, DAY), "lease_id"),
    ("end_lease", lambda c: c.end_lease(1, "2024-01-01"), "end"),
    ("active_lease", lambda c: c.active_lease(42), "dwelling_ref"),
    ("active_lease", lambda c: c.active_lease(b"short"), "dwelling_ref"),
    ("find_commitment", lambda c: c.find_commitment(b"short"), "digest"),
    ("find_commitment", lambda c: c.find_commitment("0x" + "00" * 32), "digest"),
    ("lease_history", lambda c: c.lease_history(-1), "lease_id"),
    ("lease_history", lambda c: c.lease_history("1"), "lease_id"),
    ("lease_history", lambda c: c.lease_history(2**256), "lease_id"),
    ("prove_decision", lambda c: c.prove_decision(OPENING, b"short"), "salt"),
    ("prove_decision", lambda c: c.prove_decision("decision", b"\x00" * 32), "decision"),
    ("prove_decision", lambda c: c.prove_decision(OPENING, b"\x00" * 32, evidence=b""),
     "evidence"),
]

SOLIDITY_NAMES = sorted({item["name"] for item in load_abi("SocialRentRules")
                         if item["type"] == "function" and re.search(r"[a-z][A-Z]", item["name"])})


@pytest.mark.parametrize(("method", "call", "field"), CASES,
                         ids=[f"{m}-{f}-{i}" for i, (m, _, f) in enumerate(CASES)])
def test_bad_input_names_the_python_argument(housing, bk_chain, method, call, field):
    # Interval blocks keep coming on the dev node: count the sender's transactions instead.
    sent = bk_chain.rpc("eth_getTransactionCount", [housing.sender.address, "pending"])
    with pytest.raises(InputError) as caught:
        call(housing)
    assert caught.value.field == field, str(caught.value)
    message = str(caught.value)
    assert [n for n in SOLIDITY_NAMES if n in message] == [], message
    assert "abi" not in message.lower() and len(message) < 200, message
    assert bk_chain.rpc("eth_getTransactionCount", [housing.sender.address, "pending"]) == sent


def test_every_public_method_has_a_bad_input_case():
    public = {name for name, value in vars(SocialRentRules).items()
              if callable(value) and not name.startswith("_")}
    public |= {"grant_role", "has_role"}
    public -= {"max_rule_year"}  # takes no argument
    assert public - {method for method, _, _ in CASES} == set()


def test_defaults_still_work_after_validation(housing, bk_accounts):
    """The checks accept what the docs show: role names, ids, checksummed or lower-case."""
    admin = bk_accounts[0].address
    assert housing.has_role("admin", admin) and housing.has_role("admin", admin.lower())
    assert housing.has_role("rule_admin", bk_accounts[1].address)
    assert housing.latest_version(65535) == 0
    assert RuleParameters() == RuleParameters()
