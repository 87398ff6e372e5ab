"""SocialRentRules on chain: rule versions, views, every revert path, access, lease register."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, date, datetime

import pytest
from eth_utils import keccak
from housingkit import FILL, completed, leefloon_only, ref

from blokketen._exceptions import CustomErrorRevert, InputError, MissingRuleParameter
from blokketen.contract.base import load_abi
from blokketen.housing.client import (
    RevisedLease,
    SocialRentRules,
    encode_parameters,
    parameters_hash,
)
from blokketen.housing.params import rule_set
from blokketen.housing.pilot import ADMIN_DELAY
from blokketen.housing.rules import eligibility, rent
from blokketen.housing.types import PARAMETER_NAMES, Dwelling, Household, RuleParameters, RuleSet

ZERO = b"\x00" * 32
H = Household("single", 1_800_000)
W = Dwelling(55_000, 4_000, 0)
HOME = ref("woonmij/0001")
DWELLINGS = ("woonmij/0001", "woonmij/0002", "woonmij/matrix", "woonmij/privacy")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def accounts(cast):
    return cast


@pytest.fixture
def rules(housing, accounts):
    """housing as the rule admin, with 2023 (+ leefloon) published as version 1."""
    client = housing.as_sender(accounts["rule_admin"])
    client.publish_rules(rule_set(2023, leefloon_only()))
    return client


@pytest.fixture
def landlord(rules, accounts):
    """housing as the landlord, its dwellings (DWELLINGS) registered to it."""
    rules.as_sender(accounts["registrar"]).register_dwellings(
        accounts["landlord"].address, [ref(name) for name in DWELLINGS])
    return rules.as_sender(accounts["landlord"])


def raw_household(**changes):
    base = {"category": 0, "income": 1_800_000, "dependants": 0, "dependantsHalf": 0,
            "dependantsDouble": 0, "leefloonCategory": 0}
    base.update(changes)
    return tuple(base.values())


def raw_dwelling(base_rent=55_000, pk=4_000, ec=0, high=False):
    return (base_rent, pk, ec, high)


def opening(client, dwelling="woonmij/0001", day=date(2023, 3, 1), household=H):
    decision = client.decide(ref(dwelling), household, W, year=2023, effective=day)
    return decision, client.open_lease(decision)


# ---------------------------------------------------------------------- rule sets


def test_publish_and_read_back(rules):
    assert rules.latest_version(2023) == 1
    published = rules.rule_set(2023)
    assert published.rules == rule_set(2023, leefloon_only())
    assert published.reason_hash == ZERO and published.published_at > 0
    assert published.parameters_hash == parameters_hash(leefloon_only().merged(
        rule_set(2023).parameters))
    (event,) = rules.events("RulesPublished")
    assert event["parametersHash"] == published.parameters_hash
    assert rules.rule_set(2023, 1) == published


def test_correction_is_a_new_version_with_reason_and_old_stays(rules):
    fixed = rule_set(2023, leefloon_only().merged(RuleParameters(min_rent_low=14_000)))
    result = rules.publish_rules(fixed, reason="MHP 2023 corrected")
    (event,) = result.receipt.events
    assert event.name == "RulesPublished" and result.version == 2
    assert event["reasonHash"] != ZERO
    assert rules.rule_set(2023, 1).rules.parameters.min_rent_low == 13_900
    assert rules.rule_set(2023, 2).rules.parameters.min_rent_low == 14_000
    low, cheap = Household("single", 0), Dwelling(55_000, 16_000)
    for on_chain in (False, True):
        assert rules.rent(2023, low, cheap, on_chain=on_chain).version == 2
        assert rules.rent(2023, low, cheap, on_chain=on_chain).rent == 14_000
        assert rules.rent(2023, low, cheap, version=1, on_chain=on_chain).rent == 13_900


def test_correction_without_reason_reverts(rules):
    with pytest.raises(rules.errors.SocialRentRulesCorrectionWithoutReason) as caught:
        rules.publish_rules(rule_set(2023, leefloon_only()))
    assert (caught.value.year, caught.value.version) == (2023, 2)


def test_views_and_the_private_path_equal_the_reference(rules):
    reference = rule_set(2023, leefloon_only())
    for household in (H, Household("other", 3_000_000, dependants=2),
                      Household("single", 600_000)):
        for on_chain in (False, True):
            assert rules.rent(2023, household, W, on_chain=on_chain) == rent(
                reference, household, W)
            assert rules.eligibility(2023, household, on_chain=on_chain) == eligibility(
                reference, household)


def test_views_store_nothing(rules, bk_chain):
    sent = bk_chain.rpc("eth_getTransactionCount", [rules.sender.address, "pending"])
    rules.rent(2023, H, W, on_chain=True)
    rules.eligibility(2023, H, on_chain=True)
    assert bk_chain.rpc("eth_getTransactionCount", [rules.sender.address, "pending"]) == sent


# ---------------------------------------------------------------------- revert paths


def test_zero_admin_or_long_delay_reverts(bk_chain, bk_accounts, bk_project):
    with pytest.raises(CustomErrorRevert) as caught:
        SocialRentRules.deploy(bk_chain, bk_accounts[0], "0x" + "00" * 20, ADMIN_DELAY)
    assert caught.value.error_name == "RegistryAdminRulesZeroAdmin"
    with pytest.raises(CustomErrorRevert) as caught:
        SocialRentRules.deploy(bk_chain, bk_accounts[0], bk_accounts[0].address, 31 * 86400)
    assert caught.value.error_name == "RegistryAdminRulesDelayTooLong"


@pytest.mark.parametrize("on_chain", [False, True])
def test_unknown_rules(rules, on_chain):
    """The private path reads the rule set and meets the contract's own typed error."""
    e = rules.errors
    with pytest.raises(e.SocialRentRulesUnknownRules) as caught:
        rules.rent(2022, H, W, on_chain=on_chain)
    assert (caught.value.year, caught.value.version) == (2022, 0)
    with pytest.raises(e.SocialRentRulesUnknownRules):
        rules.eligibility(2022, H, on_chain=on_chain)
    with pytest.raises(e.SocialRentRulesUnknownRules) as caught:
        rules.rent(2023, H, W, version=2, on_chain=on_chain)
    assert caught.value.version == 2
    with pytest.raises(e.SocialRentRulesUnknownRules):
        rules.rule_set(2023, 5)
    with pytest.raises(e.SocialRentRulesUnknownRules):
        rules.rule_set(2022)


def test_unknown_rules_in_the_lease_register(landlord):
    e = landlord.errors
    with pytest.raises(e.SocialRentRulesUnknownRules):
        landlord._transact("openLease", HOME, b"\x02" * 32, 2023, 9, 20230301)
    decision, opened = opening(landlord)
    with pytest.raises(e.SocialRentRulesUnknownRules):
        landlord._transact("reviseYearly", opened.lease_id, b"\x03" * 32, 2024, 1)
    with pytest.raises(e.SocialRentRulesUnknownRules):
        landlord._transact("reviseMidTerm", opened.lease_id, b"\x03" * 32, 3, 20230601)


def _without(name: str) -> RuleSet:
    full = completed(2023)
    return RuleSet(2023, replace(full.parameters, **{RuleParameters.attribute(name): None}))


def _needing(name: str) -> tuple[Household, Dwelling]:
    """A household and dwelling whose rent needs parameter ``name``."""
    group, _, sub = name.partition(".")
    h, d = Household("single", 3_000_000), Dwelling(90_000, 1_000, 0)
    if group == "income_limit":
        h = {"single": h, "single_disabled": Household("single_disabled", 3_000_000),
             "other": Household("other", 3_000_000),
             "per_dependant": Household("other", 3_000_000, dependants=1)}[sub]
    elif group == "family_discount":
        h = replace(h, **{{"full": "dependants", "half": "dependants_half",
                           "double": "dependants_double"}[sub]: 1})
    elif group == "min_rent":
        d = replace(d, min_rent_tier=sub)
    elif group == "leefloon_annual":
        h = replace(h, leefloon_category=sub)
    return h, d


@pytest.mark.parametrize("name", PARAMETER_NAMES)
def test_missing_parameter_reverts_naming_it(housing, accounts, name):
    client = housing.as_sender(accounts["rule_admin"])
    incomplete = _without(name)
    client.publish_rules(incomplete)
    h, d = _needing(name)
    with pytest.raises(client.errors.SocialRentRulesMissingParameter) as caught:
        client.rent(2023, h, d, on_chain=True)
    assert caught.value.parameter == name
    assert (caught.value.year, caught.value.version) == (2023, 1)
    for compute in (lambda: rent(incomplete, h, d), lambda: client.rent(2023, h, d)):
        with pytest.raises(MissingRuleParameter) as missing:  # the reference, the private path
            compute()
        assert missing.value.field == name


def test_missing_limit_in_eligibility(housing, accounts):
    client = housing.as_sender(accounts["rule_admin"])
    client.publish_rules(rule_set(2018, leefloon_only()))
    with pytest.raises(client.errors.SocialRentRulesMissingParameter) as caught:
        client.eligibility(2018, H, on_chain=True)
    assert caught.value.parameter == "income_limit.single"
    with pytest.raises(MissingRuleParameter) as missing:
        client.eligibility(2018, H)
    assert missing.value.field == "income_limit.single"


@pytest.mark.parametrize(
    ("household", "dwelling", "field", "value"),
    [
        (raw_household(income=-1), raw_dwelling(), "household.income", -1),
        (raw_household(income=10**18 + 1), raw_dwelling(), "household.income", 10**18 + 1),
        (raw_household(), raw_dwelling(base_rent=-5), "dwelling.base_rent", -5),
        (raw_household(), raw_dwelling(pk=-1), "dwelling.patrimony_discount", -1),
        (raw_household(), raw_dwelling(ec=-2), "dwelling.energy_correction", -2),
    ],
)
def test_negative_or_huge_amount_reverts(rules, household, dwelling, field, value):
    with pytest.raises(rules.errors.SocialRentRulesAmountOutOfRange) as caught:
        rules._call("rent", 2023, household, dwelling)
    assert (caught.value.field, caught.value.value) == (field, value)


def test_patrimony_discount_above_maximum_reverts(rules):
    with pytest.raises(rules.errors.SocialRentRulesPatrimonyDiscountTooHigh) as caught:
        rules.rent(2023, H, Dwelling(55_000, 16_001), on_chain=True)
    assert (caught.value.patrimonyDiscount, caught.value.maximum) == (16_001, 16_000)
    with pytest.raises(InputError) as private:
        rules.rent(2023, H, Dwelling(55_000, 16_001))
    assert private.value.field == "dwelling.patrimony_discount"


@pytest.mark.parametrize(
    ("household", "field", "value"),
    [(raw_household(category=3), "household.category", 3),
     (raw_household(leefloonCategory=4), "household.leefloon_category", 4)],
)
def test_invalid_category_reverts(rules, household, field, value):
    for call in (lambda: rules._call("rent", 2023, household, raw_dwelling()),
                 lambda: rules._call("eligibility", 2023, household)):
        with pytest.raises(rules.errors.SocialRentRulesInvalidCategory) as caught:
            call()
        assert (caught.value.field, caught.value.value) == (field, value)


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({0: 1 << 15}, "present"),
        ({0: 1 << 4, 5: [55, 0, 53, 52]}, "divisors"),
        ({5: [55, 54, 53, 52]}, "divisors"),
        ({0: 1 << 5, 6: [100, 150, 125]}, "band_edges"),
        ({0: 1 << 5, 6: [0, 125, 150]}, "band_edges"),
        ({6: [100, 125, 150]}, "band_edges"),
        ({8: 21}, "family_discount.half"),
        ({0: 1 << 9, 10: 10**18 + 1}, "min_rent.low"),
        ({15: 1}, "leefloon_annual.family"),
    ],
)
def test_invalid_parameters_revert(rules, change, parameter):
    raw = list(encode_parameters(RuleParameters()))
    for index, value in change.items():
        raw[index] = value
    with pytest.raises(rules.errors.SocialRentRulesInvalidParameter) as caught:
        rules._transact("publishRules", 2025, tuple(raw), ZERO)
    assert caught.value.parameter == parameter


def test_rule_years_are_bounded(rules, bk_chain):
    """From 2008 (the kaderbesluit's rent rules) to the year after the block's year."""
    this_year = datetime.fromtimestamp(bk_chain.timestamp(), UTC).year
    assert rules.max_rule_year() == this_year + 1
    for year in (0, 2007, this_year + 2, 20224, 65535):
        with pytest.raises(rules.errors.SocialRentRulesYearOutOfRange) as caught:
            rules._transact("publishRules", year, encode_parameters(FILL), ZERO)
        assert (caught.value.year, caught.value.minYear, caught.value.maxYear) == (
            year, 2008, this_year + 1)
    assert rules.publish_rules(FILL, year=2008).version == 1
    assert rules.publish_rules(FILL, year=this_year + 1).version == 1


# ---------------------------------------------------------------------- lease register


def test_lease_lifecycle_and_proof(landlord, rules, accounts):
    decision, opened = opening(landlord)
    (event,) = opened.receipt.events
    assert event.name == "LeaseOpened" and event["commitment"] == opened.commitment
    assert event["dwellingRef"] == HOME and event["landlord"] == accounts["landlord"].address
    rules.publish_rules(completed(2024))
    yearly = landlord.decide(HOME, H, W, year=2024, kind="yearly", effective=date(2024, 1, 1))
    first = landlord.revise_lease(opened.lease_id, yearly)
    assert isinstance(first, RevisedLease) and (first.lease_id, first.index) == (opened.lease_id, 1)
    with pytest.raises(FrozenInstanceError):
        first.index = 5  # type: ignore[misc]
    c1, salt1, receipt = first.commitment, first.salt, first.receipt
    assert receipt.events[0]["kind"] == 1 and receipt.events[0]["index"] == 1
    drop = landlord.decide(HOME, replace(H, income=1_000_000), W, year=2024,
                           kind="income_drop", effective=date(2024, 6, 1))
    second = landlord.revise_lease(opened.lease_id, drop)
    c2, salt2 = second.commitment, second.salt
    assert second.index == 2
    history = landlord.lease_history(opened.lease_id)
    assert [r.kind for r in history.records] == ["opening", "yearly", "mid_term"]
    assert [r.commitment for r in history.records] == [opened.commitment, c1, c2]
    assert [r.effective for r in history.records] == [date(2023, 3, 1), date(2024, 1, 1),
                                                      date(2024, 6, 1)]
    assert history.active and history.dwelling_ref == HOME
    assert history.landlord == history.opened_by == accounts["landlord"].address
    assert landlord.prove_decision(decision, opened.salt).valid
    assert landlord.prove_decision(drop, salt2).index == 2
    forged = replace(drop, household=replace(drop.household, income=999_999))
    assert not landlord.prove_decision(forged, salt2).valid
    assert not landlord.prove_decision(drop, salt1).valid
    ended = landlord.end_lease(opened.lease_id, date(2024, 12, 31))
    (end_event,) = ended.events
    assert (end_event.name, end_event["landlord"]) == ("LeaseEnded", accounts["landlord"].address)
    assert landlord.active_lease(HOME) is None
    assert landlord.lease_history(opened.lease_id).end_date == date(2024, 12, 31)
    _, again = opening(landlord, day=date(2023, 12, 1))
    assert again.lease_id == opened.lease_id + 1


def test_lease_reverts(landlord, rules, accounts):
    e = landlord.errors
    decision, opened = opening(landlord)
    lease_id = opened.lease_id
    with pytest.raises(e.SocialRentRulesDwellingLeased) as caught:
        opening(landlord)
    assert caught.value.leaseId == lease_id
    with pytest.raises(e.SocialRentRulesZeroValue) as zero:
        landlord._transact("openLease", ZERO, b"\x01" * 32, 2023, 1, 20230301)
    assert zero.value.field == "dwellingRef"
    with pytest.raises(e.SocialRentRulesUnknownDwelling) as unknown:
        landlord._transact("openLease", ref("nowhere"), b"\x01" * 32, 2023, 1, 20230301)
    assert unknown.value.dwellingRef == ref("nowhere")
    with pytest.raises(e.SocialRentRulesZeroValue) as zero:
        landlord._transact("reviseMidTerm", lease_id, ZERO, 1, 20230601)
    assert zero.value.field == "commitment"
    with pytest.raises(e.SocialRentRulesCommitmentUsed) as used:
        landlord._transact("reviseMidTerm", lease_id, opened.commitment, 1, 20230601)
    assert used.value.leaseId == lease_id
    for bad in (20230230, 20231301, 20230000, 18991231, 20230229, 20230431):
        with pytest.raises(e.SocialRentRulesInvalidDate) as caught:
            landlord._transact("reviseMidTerm", lease_id, b"\x05" * 32, 1, bad)
        assert caught.value.date == bad
    with pytest.raises(e.SocialRentRulesDateOutOfOrder) as order:
        landlord._transact("reviseMidTerm", lease_id, b"\x05" * 32, 1, 20230228)
    assert (order.value.date, order.value.latest) == (20230228, 20230301)
    with pytest.raises(e.SocialRentRulesRevisionOutOfOrder):
        landlord._transact("reviseYearly", lease_id, b"\x05" * 32, 2023, 1)
    with pytest.raises(e.SocialRentRulesNotLeaseLandlord) as keeper:
        landlord.as_sender(accounts["other_landlord"])._transact(
            "reviseMidTerm", lease_id, b"\x05" * 32, 1, 20230601)
    assert keeper.value.account == accounts["other_landlord"].address
    for fn, args in (("reviseMidTerm", (99, b"\x05" * 32, 1, 20230601)),
                     ("endLease", (99, 20230601))):
        with pytest.raises(e.SocialRentRulesUnknownLease):
            landlord._transact(fn, *args)
    for view in ("lease", "leaseRecords"):
        with pytest.raises(e.SocialRentRulesUnknownLease):
            landlord._call(view, 99)
    rules.publish_rules(completed(2024))
    landlord._transact("reviseYearly", lease_id, b"\x06" * 32, 2024, 1)
    landlord._transact("reviseMidTerm", lease_id, b"\x07" * 32, 1, 20240229)  # leap day
    landlord.end_lease(lease_id, date(2024, 3, 1))
    with pytest.raises(e.SocialRentRulesLeaseEnded):
        landlord._transact("reviseMidTerm", lease_id, b"\x08" * 32, 1, 20240301)
    with pytest.raises(e.SocialRentRulesLeaseEnded):
        landlord.end_lease(lease_id, date(2024, 3, 2))


def test_dwelling_register(landlord, rules, accounts):
    registrar = rules.as_sender(accounts["registrar"])
    fresh = [ref(f"fresh/{i}") for i in range(3)]
    receipt = registrar.register_dwellings(accounts["other_landlord"].address, fresh)
    assert [(e.name, e["dwellingRef"], e["landlord"], e["registrar"]) for e in receipt.events] == [
        ("DwellingRegistered", r, accounts["other_landlord"].address,
         accounts["registrar"].address) for r in fresh]
    assert registrar.dwelling_landlord(fresh[0]) == accounts["other_landlord"].address
    assert registrar.dwelling_landlord(ref("nowhere")) is None
    e = rules.errors
    with pytest.raises(e.SocialRentRulesDwellingRegistered) as again:
        registrar.register_dwellings(accounts["landlord"].address, [ref("fresh/9"), fresh[1]])
    assert (again.value.dwellingRef, again.value.landlord) == (
        fresh[1], accounts["other_landlord"].address)
    assert registrar.dwelling_landlord(ref("fresh/9")) is None  # the whole batch reverted
    with pytest.raises(e.SocialRentRulesNotLandlord) as not_landlord:
        registrar.register_dwellings(accounts["outsider"].address, [ref("fresh/9")])
    assert not_landlord.value.account == accounts["outsider"].address
    with pytest.raises(e.SocialRentRulesZeroValue) as zero:
        registrar._transact("registerDwellings", accounts["landlord"].address, [ZERO])
    assert zero.value.field == "dwellingRef"


# ---------------------------------------------------------------------- access matrix

ROLE_CALLS = {
    "publishRules": ("rule_admin", lambda c, a: c._transact(
        "publishRules", 2025, encode_parameters(FILL), ZERO)),
    "registerDwellings": ("registrar", lambda c, a: c._transact(
        "registerDwellings", a["landlord"].address, [ref("matrix/new")])),
    "transferDwellings": ("admin", lambda c, a: c._transact(
        "transferDwellings", a["other_landlord"].address, [ref("woonmij/matrix")])),
    "succeedLandlord": ("admin", lambda c, a: c._transact(
        "succeedLandlord", a["other_landlord"].address, a["landlord"].address)),
    "openLease": ("landlord", lambda c, a: c._transact(
        "openLease", ref("woonmij/0002"), b"\x0a" * 32, 2023, 1, 20230301)),
    "reviseYearly": ("landlord", lambda c, a: c._transact(
        "reviseYearly", 1, b"\x0b" * 32, 2024, 1)),
    "reviseMidTerm": ("landlord", lambda c, a: c._transact(
        "reviseMidTerm", 1, b"\x0c" * 32, 1, 20230601)),
    "endLease": ("landlord", lambda c, a: c._transact("endLease", 1, 20230601)),
    "grantRole": ("admin", lambda c, a: c._transact(
        "grantRole", keccak(text="LANDLORD_ROLE"), "0x" + "11" * 20)),
    "revokeRole": ("admin", lambda c, a: c._transact(
        "revokeRole", keccak(text="LANDLORD_ROLE"), a["other_landlord"].address)),
}


@pytest.mark.parametrize("who", ["admin", "rule_admin", "registrar", "landlord", "outsider"])
@pytest.mark.parametrize("fn", sorted(ROLE_CALLS))
def test_access_matrix(landlord, rules, accounts, fn, who):
    opening(landlord, dwelling="woonmij/matrix", day=date(2023, 2, 1))  # lease 1
    rules.publish_rules(completed(2024))
    needed, call = ROLE_CALLS[fn]
    client = landlord.as_sender(accounts[who])
    if who == needed:
        assert call(client, accounts).succeeded
    else:
        with pytest.raises(landlord.errors.AccessControlUnauthorizedAccount) as caught:
            call(client, accounts)
        assert caught.value.account == accounts[who].address


def test_views_open_to_anyone(landlord, accounts):
    anyone = landlord.as_sender(accounts["outsider"])
    _, opened = opening(landlord)
    assert anyone.rent(2023, H, W).rent == 28_727
    assert anyone.rent(2023, H, W, on_chain=True).rent == 28_727
    assert anyone.lease_history(opened.lease_id).records
    assert anyone.has_role("landlord", accounts["landlord"].address)
    assert anyone.dwelling_landlord(HOME) == accounts["landlord"].address


# ---------------------------------------------------------------------- every custom error


def _open_twice(c):
    opening(c["landlord"])
    opening(c["landlord"])


def _end_twice(c):
    _, opened = opening(c["landlord"])
    c["landlord"].end_lease(opened.lease_id, date(2023, 6, 1))
    c["landlord"].end_lease(opened.lease_id, date(2023, 6, 2))


def _revise_as_other_landlord(c):
    _, opened = opening(c["landlord"])
    c["landlord"].as_sender(c["accounts"]["other_landlord"])._transact(
        "reviseMidTerm", opened.lease_id, b"\x05" * 32, 1, 20230601)


def _reuse_commitment(c):
    _, opened = opening(c["landlord"])
    c["landlord"]._transact("reviseMidTerm", opened.lease_id, opened.commitment, 1, 20230601)


def _revise(date_value: int) -> Callable[[dict], object]:
    def trigger(c):
        _, opened = opening(c["landlord"])
        c["landlord"]._transact("reviseMidTerm", opened.lease_id, b"\x05" * 32, 1, date_value)

    return trigger


def _yearly_for_the_same_year(c):
    _, opened = opening(c["landlord"])
    c["landlord"]._transact("reviseYearly", opened.lease_id, b"\x05" * 32, 2023, 1)


def _publish_2018_and_test_eligibility(c):
    c["rules"].publish_rules(rule_set(2018, leefloon_only()))
    c["rules"].eligibility(2018, H, on_chain=True)


def _as(c, who):
    return c["rules"].as_sender(c["accounts"][who])


ERROR_TRIGGERS: dict[str, Callable[[dict], object]] = {
    "SocialRentRulesUnknownRules": lambda c: c["rules"].rent(2022, H, W, on_chain=True),
    "SocialRentRulesYearOutOfRange": lambda c: c["rules"]._transact(
        "publishRules", 20224, encode_parameters(FILL), ZERO),
    "SocialRentRulesMissingParameter": _publish_2018_and_test_eligibility,
    "SocialRentRulesInvalidParameter": lambda c: c["rules"]._transact(
        "publishRules", 2025, (1 << 15, *encode_parameters(FILL)[1:]), ZERO),
    "SocialRentRulesCorrectionWithoutReason": lambda c: c["rules"].publish_rules(
        rule_set(2023, leefloon_only())),
    "SocialRentRulesAmountOutOfRange": lambda c: c["rules"]._call(
        "rent", 2023, raw_household(income=-1), raw_dwelling()),
    "SocialRentRulesPatrimonyDiscountTooHigh": lambda c: c["rules"].rent(
        2023, H, Dwelling(55_000, 16_001), on_chain=True),
    "SocialRentRulesInvalidCategory": lambda c: c["rules"]._call(
        "eligibility", 2023, raw_household(category=3)),
    "SocialRentRulesConflictingRoles": lambda c: _as(c, "admin").grant_role(
        "registrar", c["accounts"]["landlord"].address),
    "SocialRentRulesNotLandlord": lambda c: _as(c, "registrar").register_dwellings(
        c["accounts"]["outsider"].address, [ref("x")]),
    "SocialRentRulesLandlordSucceeded": lambda c: (
        _as(c, "admin").succeed_landlord(c["accounts"]["other_landlord"].address,
                                         c["accounts"]["landlord"].address),
        _as(c, "admin").grant_role("landlord", c["accounts"]["other_landlord"].address)),
    "SocialRentRulesSameLandlord": lambda c: _as(c, "admin").succeed_landlord(
        c["accounts"]["landlord"].address, c["accounts"]["landlord"].address),
    "SocialRentRulesUnknownDwelling": lambda c: c["landlord"]._transact(
        "openLease", ref("nowhere"), b"\x01" * 32, 2023, 1, 20230301),
    "SocialRentRulesDwellingRegistered": lambda c: _as(c, "registrar").register_dwellings(
        c["accounts"]["other_landlord"].address, [HOME]),
    "SocialRentRulesNotDwellingLandlord": lambda c: opening(
        c["landlord"].as_sender(c["accounts"]["other_landlord"])),
    "SocialRentRulesDwellingLeased": _open_twice,
    "SocialRentRulesUnknownLease": lambda c: c["landlord"]._call("lease", 99),
    "SocialRentRulesLeaseEnded": _end_twice,
    "SocialRentRulesNotLeaseLandlord": _revise_as_other_landlord,
    "SocialRentRulesZeroValue": lambda c: c["landlord"]._transact(
        "openLease", ZERO, b"\x01" * 32, 2023, 1, 20230301),
    "SocialRentRulesCommitmentUsed": _reuse_commitment,
    "SocialRentRulesInvalidDate": _revise(20230230),
    "SocialRentRulesDateOutOfOrder": _revise(20230228),
    "SocialRentRulesDateOutsideRuleYear": _revise(20240102),
    "SocialRentRulesRevisionOutOfOrder": _yearly_for_the_same_year,
}


def _declared_errors() -> set[str]:
    return {item["name"] for item in load_abi("SocialRentRules")
            if item["type"] == "error" and item["name"].startswith("SocialRentRules")}


def test_every_custom_error_has_a_trigger():
    assert len(_declared_errors()) >= 25
    assert _declared_errors() == set(ERROR_TRIGGERS)


@pytest.mark.parametrize("name", sorted(ERROR_TRIGGERS))
def test_custom_error_is_raised(name, rules, landlord, accounts, bk_chain):
    context = {"rules": rules, "landlord": landlord, "accounts": accounts, "chain": bk_chain}
    expected = getattr(rules.errors, name)
    with pytest.raises(CustomErrorRevert) as caught:
        ERROR_TRIGGERS[name](context)
    assert type(caught.value) is expected and caught.value.error_name == name
