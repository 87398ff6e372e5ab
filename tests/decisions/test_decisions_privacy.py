"""Nothing of a decision's text, and nothing of a closed decision at all, reaches the chain or
a node (transaction input, events, storage written, eth_call requests): only hashes of public
URIs, roots, HTML hashes, role addresses and times.

Known and documented: whoever proves or annuls a closed decision (the supervisor, who holds
the internal version) sends its URI hash, salt and graph hash in that one call or transaction.
"""

from __future__ import annotations

from decisionskit import ANNULLED, DL, OTHER, signature
from eth_utils import keccak

from blokketen.decisions.samples import COUNCIL_CLOSED_DECISION
from blokketen.privacy import PrivacyGuard


def _secrets(pages):
    found = {}
    for page in (pages["council_internal"], pages["college"]):
        for decision in page.decisions:
            found[f"{decision.uri}: title"] = decision.title
    closed = pages["council_internal"].decision(COUNCIL_CLOSED_DECISION)
    found["closed: salt"] = closed.salt
    found["closed: graph hash"] = closed.graph_hash
    found["closed: uri hash"] = closed.uri_hash
    found["closed: text"] = "tuchtstraf van de blaam"
    found["motivering"] = "Het betrokken personeelslid werd gehoord"
    return found


def test_the_decision_flow_leaks_nothing(registry, actors, pages, bk_chain, bk_accounts,
                                         bk_isolated):
    guard = PrivacyGuard(bk_chain, secrets=_secrets(pages))
    page = pages["council"]
    publisher = registry.as_sender(actors.publisher)
    with guard.watching():
        ref = publisher.ref(page, kind=DL)
        chair = signature(registry, ref, page, "chair", actors.chair)
        secretary = signature(registry, ref, page, "secretary", actors.secretary)
        publisher.anchor_sign_publish(page, kind=DL, chair=chair, secretary=secretary)
        for decision in page.decisions:
            registry.verify(page, decision=decision.uri)
        registry.as_sender(actors.governor).register_complaint(
            ref, page, OTHER, receipt_hash=keccak(text="ontvangstmelding"))
        registry.as_sender(actors.governor).annul(ref, page, ANNULLED,
                                                  decision_ref=keccak(text="besluit"))
        registry.verify(page, decision=ANNULLED)
    assert len(guard.transactions) == 3 and guard.calls
    guard.assert_clean()
    guard.prove_it_catches_a_leak(actors.stranger)


def test_the_guard_sees_a_closed_decision_when_it_is_proven(registry, actors, pages, bk_chain,
                                                             bk_isolated):
    """The positive control on this registry: proving the closed decision from the internal
    version sends its salt, and the guard finds it (so the clean result above means something)."""
    page = pages["council_internal"]
    publisher = registry.as_sender(actors.publisher)
    ref = publisher.ref(page, kind=DL)
    publisher.anchor_sign_publish(
        page, kind=DL, chair=signature(registry, ref, page, "chair", actors.chair),
        secretary=signature(registry, ref, page, "secretary", actors.secretary))
    guard = PrivacyGuard(bk_chain, secrets=_secrets(pages))
    with guard.watching():
        registry.verify(page, decision=COUNCIL_CLOSED_DECISION)
    found = guard.findings()
    assert any(f.place.startswith("eth_call") and "closed: salt" in f.detail for f in found)
