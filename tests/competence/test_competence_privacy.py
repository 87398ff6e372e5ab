"""Nothing of a learner reaches the chain or a node (transaction input, events, storage
written, eth_call requests): no claim text or code, no claim hash, no salt, no credential id,
no learner key, no national number. The privacy guard watches the whole flow: propose,
validate, suspend, reinstate, revoke, and an employer's verification.

Known and documented: a credential someone acts on (suspends, revokes, or a verifier checks)
has its credential root (a salted hash) in that transaction or call."""

from __future__ import annotations

import pytest
from competencekit import AUDIENCE, NONCE, presentation

from blokketen.competence.credentials import LearnerEntry
from blokketen.competence.samples import sample_learners
from blokketen.competence.types import Reason
from blokketen.privacy import PrivacyGuard

NATIONAL_NUMBER = "85073003328"  # a well-formed INSZ (mod 97), as an attacker might slip in


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _secrets(guard: PrivacyGuard, receipts) -> None:
    for n, receipt in enumerate(receipts):
        guard.add_secret(f"learner {n}: key", bytes.fromhex(receipt.holder[2:]))
        guard.add_secret(f"learner {n}: key text", receipt.holder)
        guard.add_secret(f"learner {n}: credential id", receipt.credential_id)
        guard.add_secret(f"learner {n}: holder salt", receipt.holder_salt)
        for item in receipt.claims:
            where = f"learner {n}: claim {item.index}"
            guard.add_secret(f"{where}: salt", item.salt)
            guard.add_secret(f"{where}: hash", item.claim.digest())
            guard.add_secret(f"{where}: code", item.claim.code)
            guard.add_secret(f"{where}: outcome", item.claim.learning_outcome)


def test_the_competence_flow_leaks_nothing(registry, actors, bk_chain, bk_accounts):
    entries = sample_learners(4, claims=5, seed=3)
    guard = PrivacyGuard(bk_chain, secrets={"national number": NATIONAL_NUMBER})
    with guard.watching():
        receipts = registry.as_sender(actors.school).propose_batch(entries)
        registry.as_sender(actors.vdab).validate(receipts[0].batch_root)
        registry.as_sender(actors.vdab).suspend(receipts[0], Reason.UNDER_INVESTIGATION)
        registry.as_sender(actors.vdab).reinstate(receipts[0])
        registry.as_sender(actors.board).revoke(receipts[1], Reason.FRAUD)
        results = registry.verify_many([presentation(r, n) for n, r in enumerate(receipts)],
                                       audience=AUDIENCE, nonce=NONCE)
    assert [r.verdict.value for r in results] == ["valid", "revoked", "valid", "valid"]
    _secrets(guard, receipts)
    assert len(guard.transactions) == 5 and guard.calls
    guard.assert_clean()
    guard.prove_it_catches_a_leak(bk_accounts[9])


def test_a_national_number_never_gets_as_far_as_the_chain():
    with pytest.raises(Exception, match="national number"):
        LearnerEntry.from_dict({"holder": "0x" + "12" * 20, "claims": [{
            "framework": "competent:2.0", "code": "H230201", "kind": "skill",
            "learningOutcome": f"rijksregisternummer {NATIONAL_NUMBER}", "level": 3,
            "assessedOn": "2026-05-12", "authenticity": "authentic"}]})


def test_the_guard_sees_a_credential_the_verifier_sends(registry, actors, bk_chain):
    """The positive control on this registry: the credential root handed in as a secret is
    found in the verifier's status call that carries it (so the clean result means something)."""
    receipts = registry.as_sender(actors.school).propose_batch(sample_learners(1, claims=2,
                                                                               seed=3))
    guard = PrivacyGuard(bk_chain, secrets={"credential root": receipts[0].credential_root})
    with guard.watching():
        registry.verify(presentation(receipts[0], 0), audience=AUDIENCE, nonce=NONCE)
    found = guard.findings()
    assert any(f.place.startswith("eth_call") and "credential root" in f.detail for f in found)
