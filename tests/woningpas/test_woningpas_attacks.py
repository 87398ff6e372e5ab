"""Attacks on the real contract: a claim the chain never made, a look-alike registry, a
replayed or stale mandate, another grantee, a holder no longer entitled, an issuer whose role
ended, a plain role grant, owner evidence passed off as an attest, a withdrawn EPC, a rent
claim naming another EPC. Each fails with its typed error or a verdict of not valid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from woningpaskit import epc, ref

from blokketen._exceptions import InputError, UntrustedContract
from blokketen.common.status import Reason, Status
from blokketen.contract.trust import PinnedCode
from blokketen.privacy.control import deploy_leak_sink
from blokketen.woningpas.bundle import MandateProof, PassBundle
from blokketen.woningpas.client import DwellingPassRegistry, day_of, unix_day
from blokketen.woningpas.types import ADMIN_DELAY, AttType, DwellingKind, Scope

pytestmark = pytest.mark.usefixtures("bk_isolated")
R = ref(700)


@pytest.fixture
def sale(registry, actors, bk_isolated):
    """A house from 1958 with an EPC (F) and an asbestos attest, one holder (the owner)."""
    office = registry.as_sender(actors.registrar)
    office.register_dwelling(R, kind=DwellingKind.HOUSE)
    tree = office.set_holders(R, [actors.owner.address])
    e = registry.as_sender(actors.veka).record_epc(R, epc(612, issued=date(2022, 3, 1),
                                                          build_year=1958), b"epc")
    a = registry.as_sender(actors.ovam).attest(R, AttType.ASBESTOS, {"attest": "a"}, b"asb",
                                               issued=date(2023, 1, 1),
                                               valid_until=date(2032, 1, 1))
    bundle = PassBundle(registry.chain.chain_id, registry.address, R, (e.receipt, a.receipt))
    return bundle, tree, e, a


def today(registry):
    return day_of(registry.chain.timestamp())


def test_the_honest_bundle_is_valid(registry, sale):
    bundle, *_ = sale
    verdict = registry.verify(bundle, at=today(registry), for_sale=True)
    assert verdict.valid, verdict.problems
    assert verdict.trusted.address == registry.address and verdict.trusted.code_hash


def test_a_claim_the_chain_never_made(registry, sale):
    bundle, *_ = sale
    forged = replace(bundle.attestations[0],
                     record={**bundle.attestations[0].record, "score_kwh_m2": 380, "label": "D"})
    verdict = registry.verify(replace(bundle, attestations=(forged, bundle.attestations[1])),
                              at=today(registry), for_sale=True)
    assert not verdict.valid
    assert verdict.checks[0].status is Status.UNKNOWN
    assert "sale: no EPC valid at the deed date" in verdict.problems


def test_a_look_alike_registry_is_not_trusted(registry, actors, sale, bk_chain):
    bundle, *_ = sale
    sink = deploy_leak_sink(bk_chain, actors.stranger)
    fake = DwellingPassRegistry(bk_chain, sink).trusting(
        PinnedCode(name="DwellingPassRegistry", address=sink,
                   code_hash=registry.trusted().code_hash))
    with pytest.raises(UntrustedContract):
        fake.verify(replace(bundle, registry=sink), at=today(registry))
    bare = DwellingPassRegistry(bk_chain, registry.address)
    with pytest.raises(UntrustedContract):
        bare.verify(bundle, at=today(registry))


def test_a_bundle_of_another_registry(registry, actors, sale, bk_deploy):
    bundle, *_ = sale
    twin = bk_deploy(DwellingPassRegistry, actors.admin.address, ADMIN_DELAY)
    verdict = twin.verify(bundle, at=today(registry))
    assert not verdict.valid and "names registry" in verdict.problems[0]


def _mandate(registry, actors, tree, *, grantee=None, days=10, scope=Scope.EPC | Scope.ASBESTOS):
    proof = registry.holder_proof(tree, R, actors.owner.address)
    mandate, signature = registry.sign_mandate(
        actors.owner, R, grantee=(grantee or actors.buyer).address, scope=scope,
        valid_until=registry.chain.timestamp() + days * 86_400)
    digest = registry.as_sender(actors.stranger).grant_mandate(  # a relayer submits
        mandate, signature, holder=actors.owner.address, holder_proof=proof)
    return mandate, signature, MandateProof(digest, (grantee or actors.buyer).address, proof)


def test_a_replayed_mandate_signature(registry, actors, sale, bk_deploy):
    bundle, tree, *_ = sale
    mandate, signature, _ = _mandate(registry, actors, tree)
    proof = registry.holder_proof(tree, R, actors.owner.address)
    with pytest.raises(registry.errors.TypedSignaturesInvalidNonce):
        registry.grant_mandate(mandate, signature, holder=actors.owner.address,
                               holder_proof=proof)
    # the same signature on another registry (another EIP-712 domain)
    twin = bk_deploy(DwellingPassRegistry, actors.admin.address, ADMIN_DELAY)
    twin.grant_window("registrar", actors.registrar.address)
    twin.as_sender(actors.registrar).register_dwelling(R)
    twin.as_sender(actors.registrar).set_holders(R, [actors.owner.address])
    with pytest.raises(twin.errors.TypedSignaturesInvalidSignature):
        twin.grant_mandate(mandate, signature, holder=actors.owner.address, holder_proof=proof)


def test_a_mandate_checked_before_anything_is_shown(registry, actors, sale):
    bundle, tree, *_ = sale
    _, _, proof = _mandate(registry, actors, tree)
    ok = registry.verify(replace(bundle, mandate=proof), at=today(registry))
    assert ok.valid and ok.mandate_valid
    # another grantee presenting the buyer's mandate
    thief = replace(proof, grantee=actors.stranger.address)
    verdict = registry.verify(replace(bundle, mandate=thief), at=today(registry))
    assert not verdict.valid and verdict.checks == () and verdict.mandate_valid is False
    # a scope the mandate does not cover: the EPC only
    _, _, narrow = _mandate(registry, actors, tree, scope=Scope.EPC)
    assert not registry.verify(replace(bundle, mandate=narrow), at=today(registry)).valid


def test_a_stale_or_revoked_mandate(registry, actors, sale):
    bundle, tree, *_ = sale
    _, _, proof = _mandate(registry, actors, tree, days=2)
    granted = registry.chain.timestamp()
    registry.chain.increase_time(3 * 86_400)
    registry.chain.mine()
    assert not registry.verify(replace(bundle, mandate=proof), at=today(registry)).valid
    assert registry.mandate_valid_at(proof, Scope.EPC, granted)  # it was valid back then
    _, _, fresh = _mandate(registry, actors, tree)
    with pytest.raises(registry.errors.DwellingPassRegistryNotMandateHolder):
        registry.as_sender(actors.buyer).revoke_mandate(fresh.mandate_hash)
    registry.as_sender(actors.owner).revoke_mandate(fresh.mandate_hash)
    registry.chain.increase_time(86_400)
    registry.chain.mine()
    assert not registry.verify(replace(bundle, mandate=fresh), at=today(registry)).valid


def test_a_holder_no_longer_entitled(registry, actors, sale):
    bundle, tree, *_ = sale
    _, _, proof = _mandate(registry, actors, tree)
    registry.as_sender(actors.registrar).set_holders(R, [actors.buyer.address])  # sold
    assert not registry.verify(replace(bundle, mandate=proof), at=today(registry)).valid
    with pytest.raises(registry.errors.DwellingPassRegistryNotHolder):
        registry.as_sender(actors.owner).record_owner_evidence(
            R, {"photo": "x"}, b"x", issued=date(2024, 1, 1), holder_proof=proof.holder_proof)


def test_an_issuer_whose_role_ended(registry, actors, sale):
    bundle, _, e, _ = sale
    (window,) = registry.windows("epc_issuer", actors.veka.address)
    registry.chain.increase_time(10)  # block times have a precision of one second
    registry.end_window("epc_issuer", actors.veka.address, 0)
    with pytest.raises(registry.errors.RoleWindowsNotHeld) as err:
        registry.as_sender(actors.veka).record_epc(R, epc(300, issued=date(2023, 6, 1)), b"n")
    assert err.value.holder == actors.veka.address
    # what it recorded while it held the role stays vouched for
    state = registry.status_at(e.attestation_id, registry.chain.timestamp())
    assert state.status is Status.ACTIVE and state.issuer_held_role
    assert window.recorded_at > 0


def test_a_plain_role_grant_authorises_nothing(registry, actors, sale):
    with pytest.raises(InputError) as err:
        registry.grant_role("epc_issuer", actors.stranger.address)
    assert err.value.field == "role"
    registry._transact("grantRole", registry.role_id("epc_issuer"), actors.stranger.address)
    with pytest.raises(registry.errors.RoleWindowsNotHeld):
        registry.as_sender(actors.stranger).record_epc(R, epc(300, issued=date(2023, 6, 1)),
                                                       b"n")


def test_owner_evidence_never_meets_a_duty(registry, actors, sale):
    bundle, tree, *_ = sale
    proof = registry.holder_proof(tree, R, actors.owner.address)
    note = registry.as_sender(actors.owner).record_owner_evidence(
        R, {"note": "eigen verklaring: geen asbest"}, b"pdf", issued=date(2024, 1, 1),
        holder_proof=proof)
    state = registry.status_at(note.attestation_id, registry.chain.timestamp())
    assert state.status is Status.ACTIVE and not state.issuer_held_role
    verdict = registry.verify(replace(bundle, attestations=(bundle.attestations[0],
                                                            note.receipt)),
                              at=today(registry), for_sale=True)
    assert not verdict.valid
    assert any("no asbestos attest" in p for p in verdict.problems)


def test_a_withdrawn_epc_is_valid_only_before_its_withdrawal(registry, actors, sale):
    bundle, _, e, _ = sale
    before = today(registry) - timedelta(days=1)
    registry.chain.increase_time(86_400)
    registry.chain.mine()
    registry.as_sender(actors.supervisor).withdraw(e.attestation_id, Reason.FRAUD)
    registry.chain.increase_time(86_400)
    registry.chain.mine()
    assert registry.verify(bundle, at=before, for_sale=True).valid
    late = registry.verify(bundle, at=today(registry), for_sale=True)
    assert not late.valid and late.checks[0].status is Status.WITHDRAWN
    assert registry.status_at(e.attestation_id, unix_day(today(registry))).reason == Reason.FRAUD


def test_a_renovation_duty_breached_by_anyone_after_its_deadline(registry, actors, sale):
    registry.as_sender(actors.notary).record_transfer(R, today(registry))
    with pytest.raises(registry.errors.DwellingPassRegistryDeadlineNotPassed):
        registry.as_sender(actors.stranger).mark_breached(R)
    registry.chain.increase_time(5 * 366 * 86_400)
    registry.chain.mine()
    registry.as_sender(actors.stranger).mark_breached(R)
    assert registry.renovation(R).state.name == "BREACHED"
    with pytest.raises(registry.errors.DwellingPassRegistryNoRunningObligation):
        registry.as_sender(actors.stranger).mark_breached(R)
