"""The registry on anvil: the happy path, every refusal of the pilot's list with its exact
error and nothing changed, and the attacks (a signer without the role at its time, the same
address twice, a replayed or stale signature, a signature for another body, version, chain or
contract, a decision the chain never anchored, an annulled one)."""

from __future__ import annotations

import pytest
from decisionskit import (
    ANNULLED,
    DL,
    MINUTES,
    OTHER,
    deploy,
    publish_signed,
    signature,
    state,
    watch_signers,
)
from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.status import Status
from blokketen.decisions import DocumentKind, DocumentRef, DocumentState, read_page
from blokketen.decisions.client import domain_of
from blokketen.decisions.samples import COLLEGE, COUNCIL, COUNCIL_CLOSED_DECISION, sample_path

REF_HASH = keccak(text="Besluit van de gouverneur van 2 april 2026")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated, actors):
    watch_signers(actors.chair, actors.secretary, actors.college_chair, actors.former_chair)


@pytest.fixture
def council_ref(registry, actors, pages):
    return publish_signed(registry, actors, pages["council"])


# -- the happy path ----------------------------------------------------------------------
def test_a_signed_decision_list_verifies_per_decision(registry, actors, pages, council_ref):
    page = pages["council"]
    doc = registry.document(council_ref)
    assert doc.state is DocumentState.PUBLISHED
    assert (doc.chair, doc.secretary) == (actors.chair.address, actors.secretary.address)
    assert doc.content_root == page.root and doc.html_hash == page.html_hash
    for decision in page.decisions:
        verdict = registry.verify(page, decision=decision.uri)
        assert verdict.valid, verdict.reason
        assert verdict.html_exact and verdict.version == 1 and verdict.signatures_ok
        assert verdict.trusted.address == registry.address
    # the internal version (closed decision in full, salted) proves the closed decision
    internal = pages["council_internal"]
    assert internal.root == page.root and internal.html_hash != page.html_hash
    closed = registry.verify(internal, decision=COUNCIL_CLOSED_DECISION)
    assert closed.status is Status.ACTIVE and not closed.html_exact


def test_python_and_solidity_agree_on_ids_and_leaves(registry, pages, council_ref):
    assert registry._call("docIdOf", council_ref.as_tuple()) == council_ref.doc_id
    for page in (pages["council_internal"], pages["college"]):
        for decision in page.decisions:
            assert registry.leaf_of(decision) == decision.leaf
    assert registry._call("DECISION_TAG") == keccak(text="blokketen.lblod.besluit.v1")
    domain = registry.domain()
    assert registry._call("domainSeparator") == domain.separator
    assert domain == domain_of(chain_id=registry.chain.chain_id, registry=registry.address)


def test_one_transaction_anchor_sign_publish(registry, actors, pages):
    page = pages["college"]
    publisher = registry.as_sender(actors.publisher)
    ref = publisher.ref(page, kind=DL)
    chair = signature(registry, ref, page, "chair", actors.college_chair)
    secretary = signature(registry, ref, page, "secretary", actors.secretary)
    publisher.anchor_sign_publish(page, kind=DL, chair=chair, secretary=secretary)
    assert registry.verify(page, decision=page.decisions[0].uri).valid


def test_amended_minutes_supersede_the_first_version(registry, actors, pages):
    v1 = publish_signed(registry, actors, pages["minutes_v1"], MINUTES)
    v2 = publish_signed(registry, actors, pages["minutes_v2"], MINUTES)
    assert v2.version == 2
    old = registry.verify(pages["minutes_v1"], decision=ANNULLED, kind=MINUTES)
    assert old.status is Status.SUPERSEDED and not old.valid
    assert "latest is version 2" in old.reason
    assert registry.verify(pages["minutes_v2"], decision=ANNULLED, kind=MINUTES).valid
    assert registry.document(v1).state is DocumentState.SUPERSEDED
    # a decision whose text did not change proves in both versions, with different statuses
    assert registry.verify(pages["minutes_v1"], decision=OTHER, kind=MINUTES).status \
        is Status.SUPERSEDED


def test_retraction_by_the_body(registry, actors, pages, council_ref):
    registry.as_sender(actors.body_admin).retract(council_ref, reason=1,
                                                  reason_hash=keccak(text="intrekking"))
    verdict = registry.verify(pages["council"], decision=OTHER)
    assert verdict.status is Status.RETRACTED and "reason code 1" in verdict.reason


def test_an_annulled_decision_is_reported_and_its_neighbours_stay(registry, governor, pages,
                                                                  council_ref):
    governor.annul(council_ref, pages["council"], ANNULLED, decision_ref=REF_HASH)
    verdict = registry.verify(pages["council"], decision=ANNULLED)
    assert verdict.status is Status.ANNULLED and not verdict.valid
    assert verdict.annulment.decision_ref == REF_HASH
    assert registry.verify(pages["council"], decision=OTHER).valid


def test_annulment_holds_in_later_minutes_too(registry, actors, governor, pages):
    v1 = publish_signed(registry, actors, pages["minutes_v1"], MINUTES)
    governor.annul(v1, pages["minutes_v1"], OTHER, decision_ref=REF_HASH)
    publish_signed(registry, actors, pages["minutes_v2"], MINUTES)
    assert registry.verify(pages["minutes_v2"], decision=OTHER, kind=MINUTES).status \
        is Status.ANNULLED


def test_complaint_receipts_report_whether_in_time(registry, governor, pages, council_ref):
    late = keccak(text="klacht 2")
    result = governor.register_complaint(council_ref, pages["council"], ANNULLED,
                                         receipt_hash=keccak(text="klacht 1"))
    assert [e["inTime"] for e in registry.decode_events(result)] == [True]
    registry.chain.increase_time(31 * 24 * 3600)
    result = governor.register_complaint(council_ref, pages["council"], ANNULLED,
                                         receipt_hash=late)
    assert [e["inTime"] for e in registry.decode_events(result)] == [False]
    with pytest.raises(registry.errors.LocalDecisionRegistryComplaintExists):
        governor.register_complaint(council_ref, pages["council"], ANNULLED, receipt_hash=late)


def test_deadline_evidence_is_reported_not_enforced(registry, actors, pages, council_ref):
    deadlines = registry.verify(pages["council"], decision=OTHER).deadlines
    assert deadlines.session_start == pages["council"].session_start
    assert deadlines.agenda_anchored_at is None and deadlines.agenda_in_time is None
    # the sample session lies months before the chain's time: late, and still published
    assert deadlines.decision_list_days_after > 10 and deadlines.decision_list_in_time is False
    assert deadlines.complaint_until == registry.document(council_ref).published_at + 30 * 86400


def test_verdict_as_of_an_earlier_time(registry, actors, governor, pages, council_ref):
    before = registry.chain.timestamp()
    registry.chain.increase_time(100)
    governor.annul(council_ref, pages["council"], ANNULLED, decision_ref=REF_HASH)
    assert registry.verify(pages["council"], decision=ANNULLED).status is Status.ANNULLED
    assert registry.verify(pages["council"], decision=ANNULLED, at=before).valid


# -- attacks -----------------------------------------------------------------------------
def _anchored(registry, actors, page, kind=DL):
    return registry.as_sender(actors.publisher).anchor(page, kind=kind)


def test_a_signer_without_the_mandate_is_refused(registry, actors, pages):
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    before = state(registry, ref)
    for key, role in ((actors.stranger, "chair"), (actors.college_chair, "chair"),
                      (actors.former_chair, "chair"), (actors.chair, "secretary")):
        with pytest.raises(registry.errors.RoleWindowsNotHeld) as err:
            registry.submit_signature(ref, role=role,
                                      signature=signature(registry, ref, page, role, key))
        assert err.value.holder == key.address
    assert state(registry, ref) == before


def test_a_mandate_granted_later_does_not_cover_an_earlier_signature(registry, actors, pages):
    """A window counts only from when the chain recorded it, even when its decision is
    backdated: the college chair, made council chair now, held nothing earlier."""
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    registry.as_sender(actors.publisher).submit_signature(
        ref, role="chair", signature=signature(registry, ref, page, "chair", actors.chair))
    signed_at = registry.document(ref).chair_signed_at
    registry.as_sender(actors.registrar).grant_mandate(COUNCIL, "chair",
                                                       actors.college_chair.address,
                                                       valid_from=1)
    assert not registry.held_at(COUNCIL, "chair", actors.college_chair.address, signed_at - 1)


def test_the_same_address_cannot_sign_as_both_roles(registry, actors, pages):
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    # the council's secretary is made its chair too: still one signature per address
    registry.as_sender(actors.registrar).grant_mandate(COUNCIL, "chair", actors.secretary.address)
    registry.submit_signature(ref, role="secretary",
                              signature=signature(registry, ref, page, "secretary",
                                                  actors.secretary))
    before = state(registry, ref)
    with pytest.raises(registry.errors.LocalDecisionRegistrySameSigner):
        registry.submit_signature(ref, role="chair",
                                  signature=signature(registry, ref, page, "chair",
                                                      actors.secretary))
    assert state(registry, ref) == before
    with pytest.raises(registry.errors.LocalDecisionRegistryMissingSignature):
        registry.as_sender(actors.publisher).publish(ref)


def test_a_replayed_or_stale_signature_is_refused(registry, actors, pages):
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    chair = signature(registry, ref, page, "chair", actors.chair)
    registry.submit_signature(ref, role="chair", signature=chair)
    before = state(registry, ref)
    with pytest.raises(registry.errors.LocalDecisionRegistryAlreadySigned):
        registry.submit_signature(ref, role="chair", signature=chair)
    # the same signature on the next version (nonce used, and another document)
    registry.submit_signature(ref, role="secretary",
                              signature=signature(registry, ref, page, "secretary",
                                                  actors.secretary))
    registry.as_sender(actors.publisher).publish(ref)
    v2 = registry.as_sender(actors.publisher).anchor(pages["council"], kind=DL)
    with pytest.raises(registry.errors.TypedSignaturesInvalidNonce):
        registry.submit_signature(v2, role="chair", signature=chair)
    # a signature made for v2 with a nonce that another signature used first
    stale = signature(registry, v2, page, "chair", actors.chair)
    registry.as_sender(actors.chair)._transact("useNonce")
    with pytest.raises(registry.errors.TypedSignaturesInvalidNonce):
        registry.submit_signature(v2, role="chair", signature=stale)
    assert registry.document(v2).chair is None
    assert registry.document(ref).chair == before[0].chair


def test_an_expired_signature_is_refused(registry, actors, pages):
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    deadline = registry.chain.timestamp() + 60
    late = signature(registry, ref, page, "chair", actors.chair, deadline=deadline)
    registry.chain.increase_time(120)
    before = state(registry, ref)
    with pytest.raises(registry.errors.TypedSignaturesExpired):
        registry.submit_signature(ref, role="chair", signature=late)
    assert state(registry, ref) == before


@pytest.mark.parametrize("other", ["body", "session", "version", "kind", "chain", "contract",
                                   "root", "role"])
def test_a_signature_for_something_else_is_refused(registry, actors, pages, other):
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    request = registry.sign_request(ref, page, role="chair", signer=actors.chair.address)
    fields = {"ref": ref, "content_root": page.root, "html_hash": page.html_hash,
              "role": request.role, "nonce": request.nonce, "deadline": request.deadline}
    domain = registry.domain()
    if other == "body":
        fields["ref"] = DocumentRef(keccak(text=COLLEGE), ref.session_id, DL, 1)
    elif other == "session":
        fields["ref"] = DocumentRef(ref.body_id, keccak(text="zitting"), DL, 1)
    elif other == "version":
        fields["ref"] = ref.with_version(2)
    elif other == "kind":
        fields["ref"] = DocumentRef(ref.body_id, ref.session_id, MINUTES, 1)
    elif other == "chain":
        domain = domain_of(chain_id=1, registry=registry.address)
    elif other == "contract":
        domain = domain_of(chain_id=registry.chain.chain_id,
                           registry="0x" + "12" * 20)
    elif other == "root":
        fields["content_root"] = keccak(text="another root")
    elif other == "role":
        fields["role"] = registry.role_id("secretary")
    forged = type(request)(**fields).sign(actors.chair, domain)
    before = state(registry, ref)
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature):
        registry.submit_signature(ref, role="chair", signature=(
            actors.chair.address, request.nonce, request.deadline, forged))
    assert state(registry, ref) == before


def test_a_decision_the_chain_never_anchored_is_unknown(registry, actors, pages, council_ref):
    never = registry.verify(pages["college"], decision=pages["college"].decisions[0].uri)
    assert never.status is Status.UNKNOWN and not never.valid
    assert "holds no besluitenlijst" in never.reason
    # a page edited after anchoring: same session, other root
    edited = read_page(sample_path("gr-2026-02-24-notulen-v1.html"))
    verdict = registry.verify(edited, decision=OTHER, kind=DL)
    assert verdict.status is Status.UNKNOWN and "differs from what was anchored" in verdict.reason


def test_a_look_alike_registry_gets_no_verdict(registry, bk_chain, bk_project, actors, pages):
    from blokketen._exceptions import UntrustedContract
    from blokketen.contract.trust import PinnedCode

    other = deploy(bk_chain, bk_project, actors.admin)
    pinned = PinnedCode(name="LocalDecisionRegistry", address=registry.address,
                        code_hash=registry.trusted().code_hash)
    with pytest.raises(UntrustedContract):
        other.trusting(pinned).verify(pages["council"], decision=OTHER)


# -- bad inputs: each its own error, nothing changed ------------------------------------
def test_publishing_a_signed_kind_needs_both_signatures(registry, actors, pages):
    page = pages["council"]
    ref = _anchored(registry, actors, page)
    publisher = registry.as_sender(actors.publisher)
    before = state(registry, ref)
    with pytest.raises(registry.errors.LocalDecisionRegistryMissingSignature) as err:
        publisher.publish(ref)
    assert err.value.role == registry.role_id("chair")
    registry.submit_signature(ref, role="chair",
                              signature=signature(registry, ref, page, "chair", actors.chair))
    with pytest.raises(registry.errors.LocalDecisionRegistryMissingSignature) as err:
        publisher.publish(ref)
    assert err.value.role == registry.role_id("secretary")
    assert state(registry, ref)[1:3] == before[1:3]


def test_an_agenda_may_be_published_unsigned(registry, actors, pages):
    publisher = registry.as_sender(actors.publisher)
    ref = publisher.anchor(pages["council"], kind=DocumentKind.AGENDA)
    publisher.publish(ref)
    assert registry.document(ref).state is DocumentState.PUBLISHED
    verdict = registry.verify(pages["council"], decision=OTHER, kind=DocumentKind.AGENDA)
    assert verdict.valid and verdict.chair is None


def test_republishing_and_versions_that_do_not_increase(registry, actors, pages, council_ref):
    publisher = registry.as_sender(actors.publisher)
    page = pages["council"]
    before = state(registry, council_ref)
    with pytest.raises(registry.errors.LocalDecisionRegistryAlreadyPublished):
        publisher.publish(council_ref)
    for version in (1, 3):
        with pytest.raises(registry.errors.LocalDecisionRegistryVersionNotNext) as err:
            publisher.anchor(page, kind=DL, version=version)
        assert err.value.expected == 2
    assert state(registry, council_ref) == before


def test_a_new_version_needs_the_previous_one_published(registry, actors, pages):
    ref = _anchored(registry, actors, pages["council"])
    with pytest.raises(registry.errors.LocalDecisionRegistryDocumentState):
        registry.as_sender(actors.publisher).anchor(pages["council"], kind=DL)
    assert registry.latest_version(ref.body_id, ref.session_id, DL) == 1


def test_zero_roots_and_hashes_are_refused(registry, actors, pages):
    page = pages["council"]
    publisher = registry.as_sender(actors.publisher)
    ref = DocumentRef(page.body_id, page.session_id, DL, 1)
    for root, html, start, error in (
            (bytes(32), page.html_hash, page.session_start, "LocalDecisionRegistryZeroRoot"),
            (page.root, bytes(32), page.session_start, "LocalDecisionRegistryZeroHtmlHash"),
            (page.root, page.html_hash, 0, "LocalDecisionRegistryZeroSessionStart")):
        with pytest.raises(getattr(registry.errors, error)):
            publisher._transact("anchor", ref.as_tuple(), root, html, start)
    assert registry.document(ref).state is DocumentState.NONE


def test_a_session_stays_with_its_body_and_start(registry, actors, pages, council_ref):
    page = pages["council"]
    publisher = registry.as_sender(actors.publisher)
    college = DocumentRef(keccak(text=COLLEGE), page.session_id, DL, 1)
    with pytest.raises(registry.errors.LocalDecisionRegistrySessionOfOtherBody):
        publisher._transact("anchor", college.as_tuple(), page.root, page.html_hash,
                            page.session_start)
    minutes = DocumentRef(page.body_id, page.session_id, MINUTES, 1)
    with pytest.raises(registry.errors.LocalDecisionRegistrySessionStartMismatch):
        publisher._transact("anchor", minutes.as_tuple(), page.root, page.html_hash,
                            page.session_start + 3600)


def test_an_unregistered_body_is_refused(registry, actors, pages):
    page = pages["council"]
    ref = DocumentRef(keccak(text="http://data.lblod.info/id/bestuursorganen/onbekend"),
                      page.session_id, DL, 1)
    with pytest.raises(registry.errors.LocalDecisionRegistryUnknownBody):
        registry.as_sender(actors.publisher)._transact("anchor", ref.as_tuple(), page.root,
                                                       page.html_hash, page.session_start)
    with pytest.raises(registry.errors.LocalDecisionRegistryUnknownBody):
        registry.as_sender(actors.registrar).grant_mandate(ref.body_id, "chair",
                                                           actors.stranger.address)
    with pytest.raises(registry.errors.LocalDecisionRegistryBodyExists):
        registry.as_sender(actors.registrar).register_body(COUNCIL)


def test_mandate_roles_are_windows_only(registry, actors):
    with pytest.raises(InputError) as err:
        registry.grant_role("chair", actors.stranger.address)
    assert err.value.field == "role"
    with pytest.raises(registry.errors.LocalDecisionRegistryWindowRole):
        registry.as_sender(actors.registrar)._transact("grantRole", registry.role_id("chair"),
                                                       actors.stranger.address)
    with pytest.raises(registry.errors.LocalDecisionRegistryNotWindowRole):
        registry.as_sender(actors.registrar)._transact(
            "grantWindow", keccak(text=COUNCIL), registry.role_id("publisher"),
            actors.stranger.address, 0, 2**64 - 1)


def test_annulling_a_leaf_not_in_the_document(registry, governor, pages, council_ref):
    before = state(registry, council_ref)
    with pytest.raises(registry.errors.LocalDecisionRegistryLeafNotInDocument):
        governor.annul(council_ref, pages["college"], pages["college"].decisions[0].uri,
                       decision_ref=REF_HASH)
    assert state(registry, council_ref) == before


def test_an_unsalted_closed_decision_is_refused(registry, governor, pages, council_ref):
    closed = pages["council_internal"].decision(COUNCIL_CLOSED_DECISION)
    proof = list(pages["council_internal"].proof(COUNCIL_CLOSED_DECISION))
    before = state(registry, council_ref)
    with pytest.raises(registry.errors.LocalDecisionRegistryUnsaltedPrivateLeaf):
        governor._transact("annul", council_ref.as_tuple(),
                           (closed.uri_hash, closed.graph_hash, bytes(32), False), proof,
                           REF_HASH)
    with pytest.raises(registry.errors.LocalDecisionRegistrySaltedPublicLeaf):
        governor._transact("annul", council_ref.as_tuple(),
                           (closed.uri_hash, closed.graph_hash, closed.salt, True), proof,
                           REF_HASH)
    assert state(registry, council_ref) == before
    governor.annul(council_ref, pages["council_internal"], COUNCIL_CLOSED_DECISION,
                   decision_ref=REF_HASH)
    with pytest.raises(registry.errors.LocalDecisionRegistryAlreadyAnnulled):
        governor.annul(council_ref, pages["council_internal"], COUNCIL_CLOSED_DECISION,
                       decision_ref=REF_HASH)


def test_annulment_needs_a_published_document_and_a_reference(registry, actors, governor,
                                                                 pages):
    ref = _anchored(registry, actors, pages["council"])
    with pytest.raises(registry.errors.LocalDecisionRegistryDocumentState):
        governor.annul(ref, pages["council"], OTHER, decision_ref=REF_HASH)
    with pytest.raises(registry.errors.LocalDecisionRegistryZeroReference):
        governor.annul(ref, pages["council"], OTHER, decision_ref=bytes(32))


def test_python_proofs_are_the_contracts_proofs(registry, pages, council_ref):
    """Every Python proof of the internal version (public and closed decisions) proves on
    chain; a proof of another decision, or one sibling short, does not."""
    page = pages["council_internal"]
    for decision in page.decisions:
        assert registry.decision_status(council_ref, page, decision.uri) == (Status.ACTIVE, 0)
    first, second = page.decisions[0], page.decisions[1]
    leaf = (first.uri_hash, first.graph_hash, bytes(32), True)
    for proof in (list(page.proof(second.uri)), list(page.proof(first.uri))[:-1]):
        status, _ = registry._call("decisionStatus", council_ref.as_tuple(), leaf, proof)
        assert Status(status) is Status.UNKNOWN
