"""Review of the social-rent register after issue 9, as an attacker would try it on anvil.

The tenant's proof (``prove_decision``) is a verifier: it answers ``valid`` or not. It must
never say ``valid`` for something the chain does not vouch for:

R1  a landlord hands the tenant the address of a registry of its own (the same code, or any
    code that answers ``findCommitment``) where it recorded the commitment: the proof checked
    no code and no address, and said valid;
R2  a landlord commits to a decision whose rent is not what the published rules give for the
    household and dwelling it states (a few euros a month more): the proof compared the rule
    year and version the register holds, not the rent, and said valid.
"""

from __future__ import annotations

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
