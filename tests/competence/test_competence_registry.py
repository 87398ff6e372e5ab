"""The registry's flows against the real contract: propose, validate or reject, the
validation window, suspension and reinstatement, revocation, expiry, accreditation and
validator mandates ended from the past; each read through the verifier."""

from __future__ import annotations

import time

import pytest
from competencekit import AUDIENCE, NONCE, SCHOOL, SEED, presentation

from blokketen._exceptions import CustomErrorRevert
from blokketen.common.status import Status
from blokketen.competence.samples import sample_learners
from blokketen.competence.types import (
    VALIDATION_WINDOW,
    BatchState,
    MarkState,
    Reason,
    Verdict,
)


def verdict(registry, receipt, number, **kwargs):
    return registry.verify(presentation(receipt, number, **kwargs), audience=AUDIENCE,
                           nonce=NONCE)


def test_a_proposed_batch_is_pending_then_valid_once_vdab_validates(registry, actors,
                                                                    proposed):
    receipt = proposed.receipts[0]
    pending = verdict(registry, receipt, 0)
    assert pending.verdict is Verdict.PENDING and not pending.valid
    assert pending.validated_claims == ()
    stored = registry.batch(proposed.root)
    assert (stored.assessor, stored.state, stored.count) == (
        actors.school.address, BatchState.PROPOSED, 4)
    assert (stored.min_level, stored.max_level, stored.framework_name) == (2, 4, "competent:2.0")
    registry.as_sender(actors.vdab).validate(proposed.root)
    result = verdict(registry, receipt, 0)
    assert result.verdict is Verdict.VALID and result.reason is None
    assert result.institution == SCHOOL
    assert result.batch.validator == actors.vdab.address
    assert result.trusted.address == registry.address
    assert [c.index for c in result.claims] == [c.index for c in receipt.claims[:2]]
    events = [e.name for e in registry.events(from_block=0)]
    assert "BatchProposed" in events and "BatchValidated" in events


def test_every_learner_of_the_batch_verifies(registry, validated):
    results = registry.verify_many(
        [presentation(r, n) for n, r in enumerate(validated.receipts)], audience=AUDIENCE,
        nonce=NONCE)
    assert [r.verdict for r in results] == [Verdict.VALID] * 4


def test_a_rejected_batch_never_verifies_and_its_root_is_spent(registry, actors, proposed):
    registry.as_sender(actors.vdab).reject(proposed.root, Reason.EVIDENCE_INSUFFICIENT)
    result = verdict(registry, proposed.receipts[1], 1)
    assert result.verdict is Verdict.REJECTED
    assert result.reason == (f"the batch was rejected by {actors.vdab.address}: "
                             "evidence-insufficient")
    assert registry.batch(proposed.root).state is BatchState.REJECTED
    with pytest.raises(registry.errors.CompetenceRegistryBatchNotProposed):
        registry.as_sender(actors.vdab2).validate(proposed.root)


def test_the_validation_window_closes(registry, actors, proposed, bk_chain):
    bk_chain.increase_time(VALIDATION_WINDOW)
    bk_chain.mine()
    assert verdict(registry, proposed.receipts[0], 0).verdict is (
        Verdict.VALIDATION_WINDOW_CLOSED)
    with pytest.raises(registry.errors.CompetenceRegistryValidationWindowClosed) as refused:
        registry.as_sender(actors.vdab).validate(proposed.root)
    assert refused.value.root == proposed.root
    assert refused.value.closedAt == registry.batch(proposed.root).proposed_at + (
        VALIDATION_WINDOW)


def test_suspension_is_lifted_only_by_whoever_suspended(registry, actors, validated):
    receipt = validated.receipts[2]
    registry.as_sender(actors.board).suspend(receipt, Reason.UNDER_INVESTIGATION)
    found = verdict(registry, receipt, 2)
    assert found.verdict is Verdict.SUSPENDED
    assert found.reason == "suspended: under-investigation"
    for other in (actors.school, actors.vdab):
        with pytest.raises(registry.errors.CompetenceRegistryNotSuspender) as refused:
            registry.as_sender(other).reinstate(receipt)
        assert refused.value.by == actors.board.address
    with pytest.raises(registry.errors.CompetenceRegistryAlreadySuspended):
        registry.as_sender(actors.vdab).suspend(receipt, Reason.FRAUD)
    registry.as_sender(actors.board).reinstate(receipt)
    assert verdict(registry, receipt, 2).verdict is Verdict.VALID
    assert verdict(registry, validated.receipts[3], 3).verdict is Verdict.VALID


def test_the_admin_may_lift_any_suspension(registry, actors, validated):
    receipt = validated.receipts[0]
    registry.as_sender(actors.school).suspend(receipt)
    registry.reinstate(receipt)
    assert registry.credential_mark(validated.root, receipt.credential_root).state is (
        MarkState.NONE)


def test_revocation_is_final_and_touches_one_credential(registry, actors, validated):
    receipt = validated.receipts[1]
    registry.as_sender(actors.school).revoke(receipt, Reason.ASSESSMENT_INVALID)
    found = verdict(registry, receipt, 1)
    assert (found.verdict, found.code) == (Verdict.REVOKED, Reason.ASSESSMENT_INVALID)
    mark = registry.credential_mark(validated.root, receipt.credential_root)
    assert (mark.state, mark.reason, mark.by) == (MarkState.REVOKED, Reason.ASSESSMENT_INVALID,
                                                  actors.school.address)
    with pytest.raises(registry.errors.CompetenceRegistryAlreadyRevoked):
        registry.as_sender(actors.board).revoke(receipt, Reason.FRAUD)
    with pytest.raises(registry.errors.CompetenceRegistryAlreadyRevoked):
        registry.as_sender(actors.board).suspend(receipt, Reason.FRAUD)
    assert verdict(registry, validated.receipts[0], 0).verdict is Verdict.VALID


def test_a_whole_batch_is_suspended_reinstated_and_revoked(registry, actors, validated):
    registry.as_sender(actors.vdab).suspend_batch(validated.root, Reason.UNDER_INVESTIGATION)
    assert {verdict(registry, r, n).verdict for n, r in enumerate(validated.receipts)} == {
        Verdict.SUSPENDED}
    with pytest.raises(registry.errors.CompetenceRegistryNotSuspender):
        registry.as_sender(actors.vdab2).reinstate_batch(validated.root)
    registry.as_sender(actors.vdab).reinstate_batch(validated.root)
    assert verdict(registry, validated.receipts[0], 0).valid
    registry.as_sender(actors.board).revoke_batch(validated.root, Reason.FRAUD)
    assert {verdict(registry, r, n).verdict for n, r in enumerate(validated.receipts)} == {
        Verdict.REVOKED}
    with pytest.raises(registry.errors.CompetenceRegistryAlreadyRevoked):
        registry.as_sender(actors.school).revoke_batch(validated.root, Reason.FRAUD)


def test_credentials_expire(registry, actors, bk_chain, bk_isolated):
    until = bk_chain.timestamp() + 1000
    receipts = registry.as_sender(actors.school).propose_batch(
        sample_learners(2, claims=3, seed=SEED), valid_until=until)
    registry.as_sender(actors.vdab).validate(receipts[0].batch_root)
    assert verdict(registry, receipts[0], 0).valid
    bk_chain.increase_time(1000)
    bk_chain.mine()
    found = verdict(registry, receipts[0], 0)
    assert found.verdict is Verdict.EXPIRED and found.reason == f"expired at unix time {until}"


def test_a_validator_mandate_ended_from_the_past_voids_its_validations(registry, actors,
                                                                       validated, bk_chain):
    validated_at = registry.batch(validated.root).decided_at
    bk_chain.increase_time(100)
    registry.end_validator(actors.vdab.address, effective_at=validated_at - 1)
    found = verdict(registry, validated.receipts[0], 0)
    assert found.verdict is Verdict.VALIDATOR_NOT_HELD
    assert registry.status(validated.root, validated.receipts[0].credential_root,
                           validated.receipts[0].batch_proof) == (
        Status.REVOKED, Reason.VALIDATOR_NOT_HELD)


def test_only_the_admin_ends_a_window_from_the_past(registry, actors, validated, bk_chain):
    bk_chain.increase_time(100)
    scope = registry.accreditation_scope("competent:2.0", 2)
    with pytest.raises(registry.errors.RoleWindowsRetroactiveEnd):
        registry.as_sender(actors.accreditor)._transact(
            "endWindowAt", scope, registry.role_id("assessor"), actors.school.address, 0, 5)
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount):
        registry.as_sender(actors.vdab2).end_validator(actors.vdab.address, effective_at=5)
    assert verdict(registry, validated.receipts[0], 0).valid


def test_an_accreditation_ended_from_the_past_voids_the_batch(registry, actors, validated,
                                                              bk_chain):
    proposed_at = registry.batch(validated.root).proposed_at
    bk_chain.increase_time(100)
    role = registry.role_id("assessor")
    scope = registry.accreditation_scope("competent:2.0", 3)
    registry._transact("endWindowAt", scope, role, actors.school.address, 0, proposed_at - 1)
    assert not registry.accredited_at(actors.school.address, framework="competent:2.0",
                                      level=3, timestamp=proposed_at)
    assert verdict(registry, validated.receipts[0], 0).verdict is (
        Verdict.NOT_ACCREDITED_AT_PROPOSAL)


def test_an_accreditation_ended_now_keeps_earlier_batches_valid(registry, actors, validated,
                                                                bk_chain):
    bk_chain.increase_time(1)  # an end counts from its block's second (one-block precision)
    registry.as_sender(actors.accreditor).end_accreditation(actors.school.address,
                                                            framework="competent:2.0")
    assert verdict(registry, validated.receipts[0], 0).valid
    with pytest.raises(registry.errors.CompetenceRegistryNotAccredited) as refused:
        registry.as_sender(actors.school).propose_batch(sample_learners(1, claims=2, seed=9))
    assert refused.value.level == 2


def test_self_declared_claims_are_reported_and_never_validated(registry, actors, bk_isolated):
    from blokketen.competence.claims import Claim
    from blokketen.competence.credentials import LearnerEntry

    entry = sample_learners(1, claims=3, seed=SEED)[0]
    own = Claim(framework="competent:2.0", code="N123456", kind="soft-skill",
                learning_outcome="presenteren voor een groep", level=3,
                assessed_on="2026-04-02", authenticity="self-declared")
    receipts = registry.as_sender(actors.school).propose_batch(
        [LearnerEntry(holder=entry.holder, claims=(*entry.claims, own))])
    registry.as_sender(actors.vdab).validate(receipts[0].batch_root)
    shown = [c.index for c in receipts[0].claims]
    found = verdict(registry, receipts[0], 0, disclose=shown)
    assert found.valid
    assert [c.code for c in found.self_declared_claims] == ["N123456"]
    assert len(found.validated_claims) == 3
    assert found.notes == (f"claim N123456 (position {found.self_declared_claims[0].index}) "
                           "is self-declared: not validated",)


def test_freshness_is_checked_after_everything_else(registry, validated):
    old = presentation(validated.receipts[0], 0, issued_at=int(time.time()) - 301)
    found = registry.verify(old, audience=AUDIENCE, nonce=NONCE)
    assert found.verdict is Verdict.STALE
    ahead = presentation(validated.receipts[0], 0, issued_at=int(time.time()) + 3600)
    assert registry.verify(ahead, audience=AUDIENCE, nonce=NONCE).verdict is Verdict.STALE


def test_custom_errors_are_typed(registry):
    assert issubclass(registry.errors.CompetenceRegistryValidatorIsAssessor, CustomErrorRevert)
