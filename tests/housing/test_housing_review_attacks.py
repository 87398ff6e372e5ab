"""Review of the social-rent register after issue 9, as an attacker would try it on anvil.

The tenant's proof (``prove_decision``) is a verifier: it answers ``valid`` or not. It must
never say ``valid`` for something the chain does not vouch for:

R1  a landlord hands the tenant the address of a registry of its own (the same code, or any
    code that answers ``findCommitment``) where it recorded the commitment: the proof checked
    no code and no address, and said valid;
R2  a landlord commits to a decision whose rent is not what the published rules give for the
    household and dwelling it states (a few euros a month more): the proof compared the rule
    year and version the register holds, not the rent, and said valid;
R3  a landlord hands the tenant the address of a registry of its own (the same code) or of
    other code, with rules of its own making: ``rent`` and ``eligibility`` took the rules
    from whatever answered there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from housingkit import completed, leefloon_only, ref

from blokketen._exceptions import UntrustedContract
from blokketen.contract.trust import PinnedCode, code_hash
from blokketen.housing.client import SocialRentRules
from blokketen.housing.params import rule_set
from blokketen.housing.pilot import ADMIN_DELAY
from blokketen.housing.types import Dwelling, Household

H = Household("other", 3_141_592, dependants=2)
W = Dwelling(70_000, 0, 1_500)
HOME = ref("6747170")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def as_(housing, cast):
    """``as_("landlord")``: the registry as that part of the cast."""
    return lambda who: housing.as_sender(cast[who])


@pytest.fixture
def home(as_, cast):
    """HOME registered to the landlord, rule years 2023 and 2024 published."""
    as_("rule_admin").publish_rules(rule_set(2023, leefloon_only()))
    as_("rule_admin").publish_rules(completed(2024))
    as_("registrar").register_dwellings(cast["landlord"].address, [HOME])
    return HOME


def _own_registry(bk_chain, cast):
    """A SocialRentRules of the landlord's own making: its accomplice ("outsider") is the
    admin, the landlord's own key the landlord, the same rules published."""
    accomplice, landlord = cast["outsider"], cast["landlord"]
    fake = SocialRentRules.deploy(bk_chain, accomplice, accomplice.address, ADMIN_DELAY)
    for role in ("rule_admin", "registrar"):
        fake.grant_role(role, accomplice.address)
    fake.grant_role("landlord", landlord.address)
    fake.publish_rules(rule_set(2023, leefloon_only()))
    fake.register_dwellings(landlord.address, [HOME])
    return fake.as_sender(landlord)


def test_r1_a_proof_from_a_registry_of_the_landlords_own_is_refused(as_, cast, home,
                                                                    bk_chain):
    fake = _own_registry(bk_chain, cast)
    decision = fake.decide(HOME, H, W, year=2023, effective=date(2023, 3, 1))
    opened = fake.open_lease(decision)
    # The tenant's tool, given the address in the landlord's letter: no code to compare with.
    tenant = SocialRentRules(bk_chain, fake.address)
    with pytest.raises(UntrustedContract) as caught:
        tenant.prove_decision(decision, opened.salt)
    assert "no expected code" in str(caught.value)
    # Expecting the real registry (its address and code hash) at that address: refused too,
    # although the code is the same.
    real = as_("outsider")
    genuine = PinnedCode(name="SocialRentRules", address=real.address,
                         code_hash=code_hash(bk_chain, real.address) or "")
    with pytest.raises(UntrustedContract) as caught:
        tenant.trusting(genuine).prove_decision(decision, opened.salt)
    assert caught.value.address == fake.address
    # The real registry never recorded it, and says so.
    assert real.prove_decision(decision, opened.salt).problem == "commitment not recorded"


def test_r1_a_proof_names_the_registry_it_comes_from(as_, home, bk_chain):
    keeper = as_("landlord")
    decision = keeper.decide(HOME, H, W, year=2023, effective=date(2023, 3, 1))
    opened = keeper.open_lease(decision)
    proof = as_("outsider").prove_decision(decision, opened.salt)
    assert proof.valid
    assert proof.trusted is not None
    assert (proof.trusted.address, proof.trusted.chain_id) == (keeper.address, bk_chain.chain_id)
    assert proof.trusted.code_hash == code_hash(bk_chain, keeper.address)
    assert proof.trusted.block is not None


def test_r2_a_rent_the_rules_do_not_give_does_not_prove(as_, home):
    keeper = as_("landlord")
    honest = keeper.decide(HOME, H, W, year=2023, effective=date(2023, 3, 1))
    b = honest.breakdown
    inflated = replace(honest, breakdown=replace(b, income_share=b.income_share + 2_500,
                                                  income_based=b.income_based + 2_500,
                                                  rent=b.rent + 2_500))
    opened = keeper.open_lease(inflated)  # the register holds commitments only
    proof = as_("outsider").prove_decision(inflated, opened.salt)
    assert not proof.valid
    assert proof.problem.startswith("rent differs from the rules")
    assert str(b.rent) in proof.problem and str(b.rent + 2_500) in proof.problem
    assert (proof.lease_id, proof.index) == (opened.lease_id, 0)
    # The honest decision of the same lease proves, on the same register.
    revised = keeper.decide(HOME, H, W, year=2024, kind="yearly", effective=date(2024, 1, 1))
    assert as_("outsider").prove_decision(revised, keeper.revise_lease(
        opened.lease_id, revised).salt).valid


def test_r2_a_breakdown_step_the_rules_do_not_give_does_not_prove(as_, home):
    keeper = as_("landlord")
    honest = keeper.decide(HOME, H, W, year=2023, effective=date(2023, 3, 1))
    # Same rent, but a family discount the rules do not give (the tenant would be told its
    # children were counted when they were not).
    shifted = replace(honest, breakdown=replace(
        honest.breakdown, family_discount=honest.breakdown.family_discount + 100))
    opened = keeper.open_lease(shifted)
    proof = as_("outsider").prove_decision(shifted, opened.salt)
    assert not proof.valid and proof.problem.startswith("rent differs from the rules")
    assert "family_discount" in proof.problem


def _asks(client):
    """Every way to ask a registry for a rent or an eligibility, private and on chain."""
    return [
        lambda: client.rent(2023, H, W),
        lambda: client.rent(2023, H, W, on_chain=True),
        lambda: client.rent_many([(2023, None, H, W)]),
        lambda: client.rent_many([(2023, 1, H, W)], on_chain=True),
        lambda: client.eligibility(2023, H),
        lambda: client.eligibility(2023, H, version=1, on_chain=True),
        lambda: client.rule_set(2023),
        lambda: client.decide(HOME, H, W, year=2023, effective=date(2023, 3, 1)),
    ]


def test_r3_rules_from_a_registry_of_the_landlords_own_are_refused(as_, cast, home, bk_chain):
    fake = _own_registry(bk_chain, cast)
    real = as_("outsider")
    genuine = PinnedCode(name="SocialRentRules", address=real.address,
                         code_hash=code_hash(bk_chain, real.address) or "")
    for tenant, problem in ((SocialRentRules(bk_chain, fake.address), "no expected code"),
                            (SocialRentRules(bk_chain, fake.address).trusting(genuine),
                             f"is not the SocialRentRules expected at {real.address}")):
        for ask in _asks(tenant):
            with pytest.raises(UntrustedContract, match=problem) as caught:
                ask()
            assert caught.value.address == fake.address


def test_r3_rules_from_other_code_are_refused(as_, cast, home, bk_chain):
    other = SocialRentRules.deploy(bk_chain, cast["outsider"], name="LandSurvey")
    real = as_("outsider")
    pinned = PinnedCode(name="SocialRentRules", address=other.address,
                        code_hash=code_hash(bk_chain, real.address) or "")
    for ask in _asks(SocialRentRules(bk_chain, other.address).trusting(pinned)):
        with pytest.raises(UntrustedContract, match="runs other code") as caught:
            ask()
        assert caught.value.found == code_hash(bk_chain, other.address)


def test_r3_the_register_answers_and_names_itself(as_, home, bk_chain):
    real = as_("outsider")
    for ask in _asks(real):
        ask()
    published = real.rule_set(2023)
    assert published.trusted is not None
    assert (published.trusted.chain_id, published.trusted.address,
            published.trusted.code_hash) == (bk_chain.chain_id, real.address,
                                             code_hash(bk_chain, real.address))
    assert published.trusted.block == bk_chain.block_number
