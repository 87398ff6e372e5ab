"""The energy-correction feed end to end: a woonmaatschappij names reference EPCs (one by
one, or as one yearly root for all its dwellings), the social rent takes its EC from a
supplied rule, the lease commitment names the EPC, and the tenant proves it; a wrong EPC, a
root of another woonmaatschappij or a forged proof is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from woningpaskit import epc, ref

from blokketen.housing.client import SocialRentRules
from blokketen.housing.demo import DEMO_2024
from blokketen.housing.params import parameters_from_mapping, rule_set
from blokketen.housing.rules import decision_digest
from blokketen.housing.types import Dwelling, Household
from blokketen.woningpas.bundle import PassBundle, RentClaim
from blokketen.woningpas.commitments import reference_leaf
from blokketen.woningpas.demo import DEMO_EC_RULES
from blokketen.woningpas.energy import parse_rules_csv

pytestmark = pytest.mark.usefixtures("bk_isolated")
HOMES = [ref(f"rent-{i}") for i in range(3)]


@pytest.fixture
def feed(registry, actors, bk_deploy, bk_isolated):
    """Three social dwellings of the landlord with an EPC each (2021), a SocialRentRules with
    the 2024 rules and the dwellings registered to the landlord."""
    office = registry.as_sender(actors.registrar)
    office.grant_window("landlord", actors.landlord.address)  # the woonmaatschappij, scope 0
    ids = {}
    for i, home in enumerate(HOMES):
        office.register_dwelling(home)
        office.grant_window("landlord", actors.landlord.address, scope=home)
        ids[home] = registry.as_sender(actors.veka).record_epc(
            home, epc(250 + 100 * i, issued=date(2021, 4, 1 + i)), b"epc%d" % i)
    rents = bk_deploy(SocialRentRules, actors.admin.address, 172_800)
    for role, who in (("rule_admin", actors.admin), ("registrar", actors.registrar),
                      ("landlord", actors.landlord)):
        rents.grant_role(role, who.address)
    rents.publish_rules(rule_set(2024, parameters_from_mapping(DEMO_2024)))
    rents.as_sender(actors.registrar).register_dwellings(actors.landlord.address, HOMES)
    return ids, rents


def _lease(registry, rents, actors, home, ident):
    found = registry.attestation(ident)
    ec = parse_rules_csv(DEMO_EC_RULES).rule(2024).correction(found.epc_label)
    lessor = rents.as_sender(actors.landlord)
    decision = lessor.decide(home, Household("other", 3_000_000, dependants=2),
                             Dwelling(70_000, 0, ec), year=2024, effective=date(2024, 3, 1))
    opened = lessor.open_lease(decision, evidence=ident)
    assert decision.breakdown.energy_correction == ec
    return decision_digest(decision, opened.salt)


def test_one_by_one_reference_and_the_tenants_proof(registry, actors, feed):
    ids, rents = feed
    home, done = HOMES[1], ids[HOMES[1]]
    registry.as_sender(actors.landlord).set_reference_epc(home, 2024, done.attestation_id)
    digest = _lease(registry, rents, actors, home, done.attestation_id)
    bundle = PassBundle(registry.chain.chain_id, registry.address, home, (done.receipt,),
                        rent=RentClaim(2024, digest))
    verdict = registry.verify(bundle, at=date(2024, 3, 1), rent_registry=rents)
    assert verdict.valid, verdict.problems
    # another EPC of the landlord's (another dwelling) is not this dwelling's reference
    other = PassBundle(registry.chain.chain_id, registry.address, home,
                       (ids[HOMES[0]].receipt,), rent=RentClaim(2024, digest))
    assert not registry.verify(other, at=date(2024, 3, 1), rent_registry=rents).valid
    # a decision digest the lease never committed with this EPC
    forged = replace(bundle, rent=RentClaim(2024, bytes(31) + b"\x01"))
    verdict = registry.verify(forged, at=date(2024, 3, 1), rent_registry=rents)
    assert verdict.problems == ("rent: no lease commitment names this EPC with that decision",)
    # a year without a reference EPC
    unset = replace(bundle, rent=RentClaim(2023, digest))
    assert "no reference EPC is set for 2023" in registry.verify(
        unset, at=date(2024, 3, 1), rent_registry=rents).problems[0]


def test_a_yearly_root_for_all_dwellings_in_one_transaction(registry, actors, feed):
    ids, rents = feed
    references = {home: ids[home].attestation_id for home in HOMES}
    keeper = registry.as_sender(actors.landlord)
    tree = keeper.set_reference_root(2024, references)
    assert registry.reference_root(actors.landlord.address, 2024) == tree.root
    home = HOMES[2]
    proof = registry.reference_proof(tree, home, 2024, references[home])
    assert registry.reference_epc_in_root(actors.landlord.address, 2024, home,
                                          references[home], proof)
    assert reference_leaf(home, 2024, references[home]) in tree.leaves
    digest = _lease(registry, rents, actors, home, references[home])
    claim = RentClaim(2024, digest, actors.landlord.address, proof)
    bundle = PassBundle(registry.chain.chain_id, registry.address, home, (ids[home].receipt,),
                        rent=claim)
    verdict = registry.verify(bundle, at=date(2024, 3, 1), rent_registry=rents)
    assert verdict.valid, verdict.problems
    assert PassBundle.loads(bundle.dumps()) == bundle
    # a proof for another dwelling's leaf, or for another year, proves nothing
    wrong = replace(claim, proof=registry.reference_proof(tree, HOMES[0], 2024,
                                                          references[HOMES[0]]))
    assert not registry.verify(replace(bundle, rent=wrong), at=date(2024, 3, 1),
                               rent_registry=rents).valid
    assert not registry.reference_epc_in_root(actors.landlord.address, 2025, home,
                                              references[home], proof)
    # once per woonmaatschappij and year
    with pytest.raises(registry.errors.DwellingPassRegistryReferenceRootSet):
        keeper.set_reference_root(2024, references)


def test_a_root_of_a_woonmaatschappij_that_does_not_keep_the_dwelling(registry, actors, feed):
    ids, rents = feed
    home = HOMES[0]
    registry.as_sender(actors.registrar).grant_window("landlord", actors.stranger.address)
    rogue = registry.as_sender(actors.stranger)
    tree = rogue.set_reference_root(2024, {home: ids[home].attestation_id})
    proof = registry.reference_proof(tree, home, 2024, ids[home].attestation_id)
    digest = _lease(registry, rents, actors, home, ids[home].attestation_id)
    bundle = PassBundle(registry.chain.chain_id, registry.address, home, (ids[home].receipt,),
                        rent=RentClaim(2024, digest, actors.stranger.address, proof))
    verdict = registry.verify(bundle, at=date(2024, 3, 1), rent_registry=rents)
    assert verdict.problems == ("rent: the root's woonmaatschappij does not keep this dwelling",)


def test_who_may_anchor_a_root_and_what_a_root_cannot_prove(registry, actors, feed):
    ids, _ = feed
    for who in (actors.veka, actors.registrar, actors.buyer):
        with pytest.raises(registry.errors.RoleWindowsNotHeld):
            registry.as_sender(who).set_reference_root(2024, {HOMES[0]: ids[HOMES[0]]
                                                              .attestation_id})
    # an EPC issued after 1 January of the rent year is not provable as its reference
    tree = registry.as_sender(actors.landlord).set_reference_root(
        2021, {HOMES[0]: ids[HOMES[0]].attestation_id})
    proof = registry.reference_proof(tree, HOMES[0], 2021, ids[HOMES[0]].attestation_id)
    assert not registry.reference_epc_in_root(actors.landlord.address, 2021, HOMES[0],
                                              ids[HOMES[0]].attestation_id, proof)
