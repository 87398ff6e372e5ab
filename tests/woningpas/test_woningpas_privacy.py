"""Privacy: the whole passport flow (an EPC read from the MAGDA XML with its energy expert, an
asbestos attest, a reference EPC, a sale, a mandate, verification) puts no personal data in
calldata, logs, storage or eth_calls; the guard's positive controls show it would see one."""

from __future__ import annotations

from datetime import date

import pytest
from woningpaskit import ref

from blokketen.privacy import PrivacyGuard
from blokketen.woningpas.bundle import MandateProof, PassBundle
from blokketen.woningpas.client import day_of
from blokketen.woningpas.demo import SAMPLE_EPC_XML
from blokketen.woningpas.epc import parse_epc
from blokketen.woningpas.types import AttType, DwellingKind, Scope

pytestmark = pytest.mark.usefixtures("bk_isolated")

NATIONAL_NUMBER = "85073003328"  # a valid check digit, the control module's own example


def test_the_passport_flow_leaks_nothing(registry, actors, bk_chain, bk_accounts):
    r = ref(6747170)
    guard = PrivacyGuard(bk_chain, secrets={
        "expert first name": "Griet", "expert name": "Voorbeeld", "EP code": "EP00000",
        "street": "Voorbeeldstraat", "building unit": "6747170",
        "owner's national number": NATIONAL_NUMBER})
    record = parse_epc(SAMPLE_EPC_XML)
    with guard.watching():
        office = registry.as_sender(actors.registrar)
        office.register_dwelling(r, kind=DwellingKind.HOUSE)
        office.grant_window("landlord", actors.landlord.address, scope=r)
        tree = office.set_holders(r, [actors.owner.address])
        e = registry.as_sender(actors.veka).record_epc(r, record, SAMPLE_EPC_XML.encode())
        a = registry.as_sender(actors.ovam).attest(
            r, AttType.ASBESTOS, {"attest": "asbestinventaris", "risico": "aanwezig"},
            b"asbestos pdf", issued=date(2023, 2, 1), valid_until=date(2033, 2, 1))
        registry.as_sender(actors.landlord).set_reference_epc(r, 2020, e.attestation_id)
        registry.as_sender(actors.notary).record_transfer(r, day_of(bk_chain.timestamp()))
        proof = registry.holder_proof(tree, r, actors.owner.address)
        mandate, signature = registry.sign_mandate(
            actors.owner, r, grantee=actors.buyer.address, scope=Scope.EPC | Scope.ASBESTOS,
            valid_until=bk_chain.timestamp() + 86_400)
        digest = registry.grant_mandate(mandate, signature, holder=actors.owner.address,
                                        holder_proof=proof)
        bundle = PassBundle(bk_chain.chain_id, registry.address, r, (e.receipt, a.receipt),
                            mandate=MandateProof(digest, actors.buyer.address, proof))
        verdict = registry.verify(bundle, at=day_of(bk_chain.timestamp()), for_sale=True)
    assert verdict.valid, verdict.problems
    # salts and record hashes stay with the holder too
    for receipt in (e.receipt, a.receipt):
        guard.add_secret(f"{receipt.att_type.name} salt", receipt.salt)
    assert len(guard.transactions) >= 8 and guard.calls
    guard.assert_clean()
    guard.prove_it_catches_a_leak(bk_accounts[9])


def test_the_guard_sees_an_expert_name_that_would_leak(registry, actors, bk_chain):
    """The positive control on this registry: had the expert's name gone into a field that
    reaches the chain (here: a commitment built from it by mistake, sent raw), the guard
    finds it."""
    r = ref(1)
    registry.as_sender(actors.registrar).register_dwelling(r)
    leaked = b"Griet Voorbeeld EP00000".ljust(32, b"\0")
    guard = PrivacyGuard(bk_chain, secrets={"expert": "Griet Voorbeeld"})
    with guard.watching():
        registry.as_sender(actors.ovam)._transact(
            "recordAttestation", r, 2, leaked, 1_700_000_000, 1_800_000_000, 0, 0, bytes(32))
    found = guard.findings()
    assert any("expert" in f.detail for f in found)
