"""Issue 9, social-rent items, tried as an attacker would against the real contract on anvil:
each attack fails with its exact typed error (or, for the node, finds nothing to see).

10  a landlord squats another landlord's dwelling;
11  a revoked landlord's leases can never be ended or handed over;
12  a typo rule year (20224) breaks a lease for good; revisions out of order;
13  the node sees the household in rent and eligibility calls;
16  role combinations that defeat separation of duties, and the single admin key.

On the contract of main before this change each of these attacks succeeded (see the
report of the change for the run against it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from eth_utils import keccak
from housingkit import completed, leefloon_only, ref

from blokketen._exceptions import InputError, RuleSetMismatch
from blokketen.housing.client import encode_parameters
from blokketen.housing.params import rule_set
from blokketen.housing.pilot import ADMIN_DELAY
from blokketen.housing.types import Dwelling, Household
from blokketen.privacy import PrivacyGuard

H = Household("other", 3_141_592, dependants=2)
W = Dwelling(70_000, 0, 1_500)
HOME = ref("6747170")
ADMIN_ROLE = bytes(32)
LANDLORD_ROLE = keccak(text="LANDLORD_ROLE")
RULE_ADMIN_ROLE = keccak(text="RULE_ADMIN_ROLE")
REGISTRAR_ROLE = keccak(text="REGISTRAR_ROLE")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def as_(housing, cast):
    """``as_("landlord")``: the registry as that part of the cast."""
    return lambda who: housing.as_sender(cast[who])


@pytest.fixture
def published(as_):
    as_("rule_admin").publish_rules(rule_set(2023, leefloon_only()))
    as_("rule_admin").publish_rules(completed(2024))


@pytest.fixture
def home(as_, cast, published):
    """HOME registered to the landlord."""
    as_("registrar").register_dwellings(cast["landlord"].address, [HOME])
    return HOME


def open_home(client, day=date(2023, 3, 1)):
    decision = client.decide(HOME, H, W, year=2023, effective=day)
    return client.open_lease(decision)


# ---------------------------------------------------------------------- 10: squatting


def test_10_a_second_landlord_cannot_open_a_lease_on_anothers_dwelling(as_, cast, home):
    squatter = as_("other_landlord")
    with pytest.raises(squatter.errors.SocialRentRulesNotDwellingLandlord) as caught:
        open_home(squatter)
    assert (caught.value.dwellingRef, caught.value.account) == (
        HOME, cast["other_landlord"].address)
    opened = open_home(as_("landlord"))  # the rightful landlord is not blocked
    assert as_("outsider").lease_history(opened.lease_id).opened_by == cast["landlord"].address


def test_10_no_lease_on_an_unregistered_dwelling(as_, published):
    landlord = as_("landlord")
    with pytest.raises(landlord.errors.SocialRentRulesUnknownDwelling) as caught:
        open_home(landlord)
    assert caught.value.dwellingRef == HOME


def test_10_a_landlord_cannot_register_or_move_dwellings_to_itself(as_, cast, home):
    squatter = as_("other_landlord")
    for call in (lambda: squatter.register_dwellings(cast["other_landlord"].address,
                                                     [ref("new")]),
                 lambda: squatter.transfer_dwellings(cast["other_landlord"].address, [HOME])):
        with pytest.raises(squatter.errors.AccessControlUnauthorizedAccount) as caught:
            call()
        assert caught.value.account == cast["other_landlord"].address
    with pytest.raises(squatter.errors.SocialRentRulesConflictingRoles) as conflict:
        as_("admin").grant_role("registrar", cast["other_landlord"].address)
    assert (conflict.value.role, conflict.value.heldRole) == (REGISTRAR_ROLE, LANDLORD_ROLE)


def test_10_a_registered_dwelling_is_not_registered_again(as_, cast, home):
    registrar = as_("registrar")
    with pytest.raises(registrar.errors.SocialRentRulesDwellingRegistered) as caught:
        registrar.register_dwellings(cast["other_landlord"].address, [HOME])
    assert (caught.value.dwellingRef, caught.value.landlord) == (HOME, cast["landlord"].address)
    assert registrar.dwelling_landlord(HOME) == cast["landlord"].address


def test_10_a_dwelling_reference_is_keyed_never_a_plain_hash(as_, home):
    landlord = as_("landlord")
    with pytest.raises(InputError) as caught:
        landlord.decide("6747170", H, W, year=2023, effective=date(2023, 3, 1))
    assert caught.value.field == "dwelling_ref" and "plain hash" in caught.value.problem
    assert HOME not in (keccak(text="6747170"), keccak(text="gebouweenheid:6747170"))


# ---------------------------------------------------------------------- 11: leases that never end


def test_11_a_revoked_landlords_leases_go_to_its_successor(as_, cast, home, bk_chain):
    landlord, successor = as_("landlord"), as_("successor")
    opened = open_home(landlord)
    admin = as_("admin")
    admin.revoke_role("landlord", cast["landlord"].address)  # the woonmaatschappij merged away
    with pytest.raises(landlord.errors.AccessControlUnauthorizedAccount):
        landlord.end_lease(opened.lease_id, date(2023, 12, 31))
    admin.grant_role("landlord", cast["successor"].address)
    with pytest.raises(successor.errors.SocialRentRulesNotLeaseLandlord):
        successor.end_lease(opened.lease_id, date(2023, 12, 31))  # not before the hand-over
    receipt = admin.succeed_landlord(cast["landlord"].address, cast["successor"].address)
    (event,) = [e for e in receipt.events if e.name == "LandlordSucceeded"]
    assert (event["predecessor"], event["successor"], event["admin"]) == (
        cast["landlord"].address, cast["successor"].address, cast["admin"].address)
    history = successor.lease_history(opened.lease_id)
    assert (history.landlord, history.opened_by) == (cast["successor"].address,
                                                     cast["landlord"].address)
    assert successor.dwelling_landlord(HOME) == cast["successor"].address
    yearly = successor.decide(HOME, H, W, year=2024, kind="yearly", effective=date(2024, 1, 1))
    successor.revise_lease(opened.lease_id, yearly)
    ended = successor.end_lease(opened.lease_id, date(2024, 6, 30))
    assert [e["landlord"] for e in ended.events] == [cast["successor"].address]
    again = successor.decide(HOME, H, W, year=2024, effective=date(2024, 7, 1))
    assert successor.open_lease(again).lease_id == opened.lease_id + 1


def test_11_a_landlord_still_in_role_is_handed_over_in_one_call(as_, cast, home):
    landlord, admin = as_("landlord"), as_("admin")
    opened = open_home(landlord)
    admin.grant_role("landlord", cast["successor"].address)
    receipt = admin.succeed_landlord(cast["landlord"].address, cast["successor"].address)
    assert [e.name for e in receipt.events] == ["RoleRevoked", "LandlordSucceeded"]
    assert not admin.has_role("landlord", cast["landlord"].address)
    with pytest.raises(landlord.errors.AccessControlUnauthorizedAccount):
        landlord.end_lease(opened.lease_id, date(2023, 12, 31))
    as_("successor").end_lease(opened.lease_id, date(2023, 12, 31))


@pytest.mark.parametrize("who", ["outsider", "landlord", "other_landlord", "registrar",
                                 "rule_admin", "successor"])
def test_11_only_the_admin_hands_a_landlord_over(as_, cast, home, who):
    as_("admin").grant_role("landlord", cast["successor"].address)
    client = as_(who)
    for call in (lambda: client.succeed_landlord(cast["landlord"].address,
                                                 cast[who].address),
                 lambda: client.transfer_dwellings(cast[who].address, [HOME])):
        with pytest.raises(client.errors.AccessControlUnauthorizedAccount) as caught:
            call()
        assert caught.value.account == cast[who].address
    assert client.dwelling_landlord(HOME) == cast["landlord"].address


def test_11_succession_refuses_what_would_lose_or_loop_leases(as_, cast, home):
    admin = as_("admin")
    e = admin.errors
    landlord, other = cast["landlord"].address, cast["other_landlord"].address
    for successor in (cast["outsider"].address, cast["admin"].address):
        with pytest.raises(e.SocialRentRulesNotLandlord) as caught:
            admin.succeed_landlord(landlord, successor)
        assert caught.value.account == successor
    with pytest.raises(e.SocialRentRulesSameLandlord):
        admin.succeed_landlord(landlord, landlord)
    admin.succeed_landlord(landlord, other)
    with pytest.raises(e.SocialRentRulesLandlordSucceeded) as twice:
        admin.succeed_landlord(landlord, other)
    assert (twice.value.landlord, twice.value.successor) == (landlord, other)
    with pytest.raises(e.SocialRentRulesNotLandlord):  # the way back would make a loop
        admin.succeed_landlord(other, landlord)
    with pytest.raises(e.SocialRentRulesLandlordSucceeded):
        admin.grant_role("landlord", landlord)
    with pytest.raises(e.SocialRentRulesNotLandlord):
        as_("registrar").register_dwellings(landlord, [ref("after the merger")])


def test_11_mergers_chain_and_cost_the_same_for_many_dwellings(as_, cast, home):
    admin, registrar = as_("admin"), as_("registrar")
    opened = open_home(as_("landlord"))
    admin.grant_role("landlord", cast["successor"].address)
    registrar.register_dwellings(cast["other_landlord"].address,
                                 [ref(f"big/{i}") for i in range(200)])
    small = admin.succeed_landlord(cast["landlord"].address, cast["successor"].address)
    large = admin.succeed_landlord(cast["other_landlord"].address, cast["successor"].address)
    assert abs(small.gas_used - large.gas_used) < 100  # one write, whatever the number
    admin.grant_role("landlord", cast["outsider"].address)
    admin.succeed_landlord(cast["successor"].address, cast["outsider"].address)  # A -> B -> C
    assert admin.current_landlord(cast["landlord"].address) == cast["outsider"].address
    assert admin.successor_of(cast["landlord"].address) == cast["successor"].address
    assert admin.dwelling_landlord(ref("big/7")) == cast["outsider"].address
    as_("outsider").end_lease(opened.lease_id, date(2023, 12, 31))


def test_11_a_split_moves_one_dwelling_with_its_lease(as_, cast, home):
    opened = open_home(as_("landlord"))
    receipt = as_("admin").transfer_dwellings(cast["other_landlord"].address, [HOME])
    (event,) = receipt.events
    assert (event.name, event["from"], event["to"]) == (
        "DwellingTransferred", cast["landlord"].address, cast["other_landlord"].address)
    with pytest.raises(as_("landlord").errors.SocialRentRulesNotLeaseLandlord):
        as_("landlord").end_lease(opened.lease_id, date(2023, 12, 31))
    as_("other_landlord").end_lease(opened.lease_id, date(2023, 12, 31))
    admin = as_("admin")
    with pytest.raises(admin.errors.SocialRentRulesSameLandlord):
        admin.transfer_dwellings(cast["other_landlord"].address, [HOME])
    with pytest.raises(admin.errors.SocialRentRulesUnknownDwelling):
        admin.transfer_dwellings(cast["landlord"].address, [ref("nowhere")])
    with pytest.raises(admin.errors.SocialRentRulesNotLandlord):
        admin.transfer_dwellings(cast["outsider"].address, [HOME])


# ---------------------------------------------------------------------- 12: typo years


def test_12_a_typo_year_is_refused_at_publication(as_, bk_chain):
    rules = as_("rule_admin")
    top = rules.max_rule_year()
    for year in (20224, 2204, top + 1, 2007):
        with pytest.raises(rules.errors.SocialRentRulesYearOutOfRange) as caught:
            rules.publish_rules(completed(2024).parameters, year=year)
        assert (caught.value.year, caught.value.minYear, caught.value.maxYear) == (
            year, 2008, top)
    assert rules.latest_version(20224) == 0


def test_12_yearly_revisions_go_forward_only(as_, home):
    landlord = as_("landlord")
    opened = open_home(landlord)
    as_("rule_admin").publish_rules(completed(2022))
    e = landlord.errors
    for year in (2023, 2022):
        with pytest.raises(e.SocialRentRulesRevisionOutOfOrder) as caught:
            landlord._transact("reviseYearly", opened.lease_id, keccak(b"y"), year, 1)
        assert (caught.value.ruleYear, caught.value.latestYear) == (year, 2023)
    yearly = landlord.decide(HOME, H, W, year=2024, kind="yearly", effective=date(2024, 1, 1))
    landlord.revise_lease(opened.lease_id, yearly)
    with pytest.raises(e.SocialRentRulesRevisionOutOfOrder):
        landlord.revise_lease(opened.lease_id, replace(yearly, household=replace(H, income=1)))


def test_12_a_decision_date_stays_in_its_rule_year(as_, home):
    """A mid-term typo year (2033 for 2023) would block every yearly revision until 2033."""
    landlord = as_("landlord")
    e = landlord.errors
    with pytest.raises(e.SocialRentRulesDateOutsideRuleYear) as caught:
        open_home(landlord, day=date(2022, 12, 31))
    assert (caught.value.date, caught.value.ruleYear) == (20221231, 2023)
    opened = open_home(landlord)
    for bad in (20330601, 20240102):
        with pytest.raises(e.SocialRentRulesDateOutsideRuleYear):
            landlord._transact("reviseMidTerm", opened.lease_id, keccak(b"m"), 1, bad)
    # 1 January of the next year still belongs (a change in December, effective next month),
    # and the yearly revision of that day still follows.
    landlord._transact("reviseMidTerm", opened.lease_id, keccak(b"m"), 1, 20240101)
    yearly = landlord.decide(HOME, H, W, year=2024, kind="yearly", effective=date(2024, 1, 1))
    landlord.revise_lease(opened.lease_id, yearly)
    landlord.end_lease(opened.lease_id, date(2024, 12, 31))


# ---------------------------------------------------------------------- 13: the node sees nothing


def test_13_the_private_path_shows_no_household_to_the_node(as_, home, bk_chain):
    client = as_("landlord")
    secrets = {"income": H.income, "base rent": W.base_rent, "energy correction": 1_733}
    dwelling = replace(W, energy_correction=1_733)
    guard = PrivacyGuard(bk_chain, secrets=secrets)
    with guard.watching():
        breakdown = client.rent(2023, H, dwelling)
        verdict = client.eligibility(2023, H)
        many = client.rent_many([(2023, None, H, dwelling), (2024, 1, H, dwelling)])
        decision = client.decide(HOME, H, dwelling, year=2023, effective=date(2023, 3, 1))
        opened = client.open_lease(decision)
        client.prove_decision(decision, opened.salt)
    assert guard.calls and guard.transactions
    guard.assert_clean()
    # The same guard sees the household in the on-chain view (the positive control) ...
    leaky = PrivacyGuard(bk_chain, secrets=secrets)
    with leaky.watching():
        audited = client.rent(2023, H, dwelling, on_chain=True)
        assert client.eligibility(2023, H, on_chain=True) == verdict
    found = {f.detail.split("'")[1] for f in leaky.findings() if f.kind == "secret"}
    assert found == {"income", "base rent", "energy correction"}
    # ... and the private path gave what the view gives.
    assert audited == breakdown == many[0] == decision.breakdown
    guard.prove_it_catches_a_leak(as_("outsider").sender)


def test_13_a_node_that_lies_about_the_rules_is_caught(as_, published, bk_chain, monkeypatch):
    client = as_("outsider")
    honest = bk_chain.rpc
    selector = "0x" + client.function("ruleSet").selector.hex()
    latest = "0x" + client.function("latestRuleSet").selector.hex()
    lowered = encode_parameters(completed(2024).parameters)[10]  # min_rent.low, as encoded

    def lying(method, params):
        answer = honest(method, params)
        data = params[0].get("data", "") if method == "eth_call" else ""
        if data.startswith((selector, latest)):
            word = lowered.to_bytes(32, "big").hex()
            assert word in answer
            answer = answer.replace(word, (lowered - 100).to_bytes(32, "big").hex(), 1)
        return answer

    monkeypatch.setitem(vars(bk_chain), "rpc", lying)  # removed again afterwards
    with pytest.raises(RuleSetMismatch, match="rule year 2024 version 1"):
        client.rent(2024, H, W)
    with pytest.raises(RuleSetMismatch):
        client.rule_set(2024, 1)


# ---------------------------------------------------------------------- 16: separation of duties


@pytest.mark.parametrize(
    ("holder", "role", "held"),
    [("landlord", "rule_admin", LANDLORD_ROLE), ("landlord", "registrar", LANDLORD_ROLE),
     ("rule_admin", "landlord", RULE_ADMIN_ROLE), ("registrar", "landlord", REGISTRAR_ROLE),
     ("admin", "landlord", ADMIN_ROLE)],
)
def test_16_role_combinations_that_defeat_separation_are_refused(as_, cast, holder, role,
                                                                 held):
    admin = as_("admin")
    with pytest.raises(admin.errors.SocialRentRulesConflictingRoles) as caught:
        admin.grant_role(role, cast[holder].address)
    assert (caught.value.account, caught.value.role, caught.value.heldRole) == (
        cast[holder].address, admin.role_id(role), held)


def test_16_rule_admin_and_registrar_may_be_one_authority(as_, cast):
    admin = as_("admin")
    admin.grant_role("registrar", cast["rule_admin"].address)
    assert admin.has_role("registrar", cast["rule_admin"].address)


def test_16_the_admin_is_handed_over_in_two_steps_after_the_delay(as_, cast, bk_chain):
    admin = as_("admin")
    e = admin.errors
    assert admin._call("defaultAdminDelay") == ADMIN_DELAY
    with pytest.raises(e.AccessControlEnforcedDefaultAdminRules):
        admin._transact("grantRole", ADMIN_ROLE, cast["outsider"].address)
    with pytest.raises(e.SocialRentRulesConflictingRoles):  # a landlord is never the admin
        admin._transact("beginDefaultAdminTransfer", cast["landlord"].address)
    admin._transact("beginDefaultAdminTransfer", cast["outsider"].address)
    with pytest.raises(e.SocialRentRulesConflictingRoles):  # nor the admin-to-be a landlord
        admin.grant_role("landlord", cast["outsider"].address)
    newcomer = as_("outsider")
    with pytest.raises(e.AccessControlEnforcedDefaultAdminDelay):
        newcomer._transact("acceptDefaultAdminTransfer")
    bk_chain.increase_time(ADMIN_DELAY + 1)
    with pytest.raises(e.AccessControlInvalidDefaultAdmin):
        as_("landlord")._transact("acceptDefaultAdminTransfer")
    newcomer._transact("acceptDefaultAdminTransfer")
    assert admin._call("defaultAdmin") == cast["outsider"].address
    with pytest.raises(e.AccessControlUnauthorizedAccount):
        admin.grant_role("registrar", cast["successor"].address)
    newcomer.grant_role("registrar", cast["successor"].address)
