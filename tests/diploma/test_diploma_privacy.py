"""No personal field of a diploma reaches the chain or a node (transaction input, event data
and topics, storage written, eth_call requests): the privacy guard watches the whole flow.

Known and documented: a diploma someone acts on (revokes, suspends, recognises, or a verifier
checks) has its document hash, its identity and its salt in that one transaction or call.
No diploma nobody acted on ever shows any of them.
"""

from __future__ import annotations

import dataclasses

import pytest

from blokketen.diploma import RevocationReason, keccak256
from blokketen.diploma.demo import sample_documents
from blokketen.privacy import PrivacyGuard


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


NATIONAL_NUMBER = "85073003328"  # a well-formed INSZ (mod 97), as an attacker might slip in


def _people():
    return [
        dataclasses.replace(doc, given_names=given, family_name=family, birth_date=born,
                            diploma_id=number, grade="summa cum laude")
        for doc, given, family, born, number in zip(
            sample_documents(6, seed=40),
            ("Zoë", "Ölçer", "Jan-Willem", "Anne-Sophie", "Lotte", "Noah"),
            ("Vandenbroucke", "Yılmaz", "De Wilde", "Ngozi", "Claeys", "Verhaegen"),
            ("2001-12-31", "2002-01-01", "1999-05-05", "2003-07-14", "2000-02-29", "1998-10-10"),
            ("r0123456", "r0777777", "s9999999", "u1234567", "r0000042", "q7654321"),
            strict=True,
        )
    ]


def test_the_diploma_flow_leaks_nothing(registry, actors, bk_chain, bk_accounts):
    docs = _people()
    guard = PrivacyGuard(bk_chain)
    for doc in docs:
        for field, value in doc.personal_values().items():
            guard.add_secret(f"{doc.diploma_id}: {field}", value)
    leuven = registry.as_sender(actors.leuven)
    with guard.watching():
        receipts = leuven.issue_batch(docs)
        leuven.suspend(receipts[0])
        leuven.reinstate(receipts[0])
        leuven.revoke(receipts[1], RevocationReason.FRAUD)
        registry.as_sender(actors.naric).recognise(
            receipts[2], equivalent_level=7, decision_hash=keccak256(b"decision"))
        registry.as_sender(actors.revoker).revoke_batch(receipts[0].root,
                                                        RevocationReason.COURT_ORDER)
        for receipt in receipts[:3]:
            registry.verify(receipt, with_recognitions=True)
        registry.issuer_history(actors.leuven.address)
    # diplomas nobody acted on: not even their document hash, identity or salt
    for receipt in receipts[3:]:
        name = receipt.document.diploma_id
        guard.add_secret(f"{name}: document hash", receipt.document.hash())
        guard.add_secret(f"{name}: diploma identity", receipt.diploma_id)
        guard.add_secret(f"{name}: salt", receipt.salt)
    assert len(guard.transactions) == 6 and guard.calls
    guard.assert_clean()
    guard.prove_it_catches_a_leak(bk_accounts[9])


def test_the_guard_sees_a_document_that_would_leak(registry, actors, bk_chain):
    """The positive control on this registry: a document hash handed in as a secret is
    found in the verifier's call that carries it (so the clean result above means something)."""
    (receipt,) = registry.as_sender(actors.leuven).issue_batch(_people()[:1])
    guard = PrivacyGuard(bk_chain, secrets={"document hash": receipt.document.hash(),
                                            "national number": NATIONAL_NUMBER})
    with guard.watching():
        registry.verify(receipt)
    found = guard.findings()
    assert any(f.place.startswith("eth_call") and "document hash" in f.detail for f in found)
