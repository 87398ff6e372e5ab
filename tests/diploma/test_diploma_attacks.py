"""Issue 9, diploma registry: every attack performed against the real contract on anvil, and
the typed error or verdict that stops it now.

1. claims the chain never made; 2. a revoked diploma re-anchored; 3. an institution lifting a
court's suspension; 4. one accreditor voiding an issuer's past; 5. a proof node passed as a
leaf; 15. a verifier trusting any code at the address; 16. role combinations that defeat
separation of duties. Then holes of the same classes elsewhere.
"""

from __future__ import annotations

import dataclasses

import pytest
from diplomakit import LEUVEN, ROGUE, UTRECHT, anchor_raw, deploy

from blokketen._exceptions import InputError, UntrustedContract
from blokketen.contract.trust import PinnedCode, TrustedContract, code_hash
from blokketen.diploma import (
    MerkleTree,
    RevocationReason,
    Status,
    keccak256,
)
from blokketen.diploma.client import DiplomaRegistry
from blokketen.diploma.demo import sample_documents

DECISION = keccak256(b"NARIC decision 2026/99")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _raises(registry, name):
    return pytest.raises(getattr(registry.errors, name))


def _kul_master(seed: int = 80, count: int = 1):
    """Documents that say "KU Leuven, BE, EQF 7"."""
    return sample_documents(count, institution=LEUVEN, country="BE", level=7, seed=seed)


# -- 1. a verifier trusts claims the chain never made ------------------------------------
def test_issuer_of_another_country_and_level_cannot_vouch_for_a_kul_master(registry, actors):
    """The rogue school, accredited in NL for EQF 4, anchors "KU Leuven, BE, EQF 7"."""
    rogue = registry.as_sender(actors.rogue)
    (forged,) = anchor_raw(rogue, _kul_master(), level=4)
    result = registry.verify(forged)
    assert result.status is Status.MISMATCH and not result.valid
    assert result.field == "eqf_level" and result.code == 257
    assert result.reason == ("eqf_level: the document says EQF 7, the batch was anchored for "
                             "EQF 4")
    assert registry.status(forged) == (0, 257)  # the on-chain view: Unknown, level mismatch


def test_country_and_institution_must_be_the_issuers(registry, actors):
    rogue = registry.as_sender(actors.rogue)
    (kul,) = anchor_raw(rogue, sample_documents(1, institution=LEUVEN, country="BE", level=4,
                                                seed=81))
    result = registry.verify(kul)
    assert (result.status, result.field, result.code) == (Status.MISMATCH, "country", 258)
    assert result.reason == "country: the document says BE, the issuer is accredited in NL"
    (leiden,) = anchor_raw(rogue, sample_documents(1, institution="Universiteit Leiden",
                                                   country="NL", level=4, seed=82))
    result = registry.verify(leiden)
    assert (result.status, result.field, result.code) == (Status.MISMATCH, "institution", 259)
    assert result.reason.startswith("institution: the document names 'Universiteit Leiden'")
    # its own diplomas, as they are, verify
    (own,) = rogue.issue_batch(sample_documents(1, institution=ROGUE, country="NL", level=4,
                                                seed=83))
    assert registry.verify(own).valid


def test_the_client_refuses_to_anchor_what_the_chain_would_call_a_mismatch(registry, actors):
    rogue = registry.as_sender(actors.rogue)
    for kwargs, field in ((dict(institution=LEUVEN, country="BE", level=4), "country"),
                          (dict(institution=UTRECHT, country="NL", level=4), "institution")):
        with pytest.raises(InputError) as caught:
            rogue.issue_batch(sample_documents(1, seed=84, **kwargs))
        assert caught.value.field == field
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        rogue.issue_batch(sample_documents(1, institution=ROGUE, country="NL", level=7,
                                           seed=85))  # EQF 7: not in its scope
    assert not registry.events("BatchIssued")


def test_a_mismatched_claim_cannot_be_acted_on(registry, actors, issued):
    """The rogue cannot use its lying leaf to revoke, suspend or get recognised the genuine
    KU Leuven diploma with the same identity."""
    rogue = registry.as_sender(actors.rogue)
    (copy,) = anchor_raw(rogue, [issued[0].document], level=4)
    assert copy.diploma_id == issued[0].diploma_id
    for act in (lambda c: c.revoke(copy, RevocationReason.FRAUD), lambda c: c.suspend(copy)):
        for client in (rogue, registry.as_sender(actors.revoker)):
            with _raises(registry, "DiplomaRegistryClaimMismatch") as caught:
                act(client)
            assert caught.value.reason == 257
    with _raises(registry, "DiplomaRegistryNotValid") as caught:
        registry.as_sender(actors.naric).recognise(copy, equivalent_level=7,
                                                   decision_hash=DECISION)
    assert (caught.value.status, caught.value.reason) == (0, 257)
    assert registry.verify(issued[0]).valid


# -- 2. a revoked diploma comes back -----------------------------------------------------
def test_a_revoked_diploma_stays_revoked_in_a_new_batch(registry, leuven, issued):
    leuven.revoke(issued[0], RevocationReason.FRAUD)
    document, salt = issued[0].document, issued[0].salt
    # the very same leaf, with a new companion so the root is new
    prepared = leuven.prepare([document, *sample_documents(1, seed=86)])
    from blokketen.diploma import prepare_batch

    same_leaf = prepare_batch([document, prepared.documents[1]], issuer=leuven.sender.address,
                              salts=[salt, prepared.salts[1]])
    leuven.anchor(same_leaf)
    again = same_leaf.receipts(registry=registry.address, chain_id=registry.chain.chain_id)[0]
    assert again.leaf == issued[0].leaf and again.root != issued[0].root
    # and with a fresh salt, alone in a batch
    (fresh,) = leuven.issue_batch([document])
    assert fresh.leaf != issued[0].leaf and fresh.diploma_id == issued[0].diploma_id
    for receipt in (issued[0], again, fresh):
        result = registry.verify(receipt)
        assert result.status is Status.REVOKED, receipt.root.hex()
        assert result.revocation is RevocationReason.FRAUD
    assert registry.verify(issued[1]).valid


def test_a_suspended_diploma_stays_suspended_in_a_new_batch(registry, leuven, actors, issued):
    registry.as_sender(actors.revoker).suspend(issued[1], RevocationReason.COURT_ORDER)
    (fresh,) = leuven.issue_batch([issued[1].document])
    result = registry.verify(fresh)
    assert result.status is Status.SUSPENDED and result.revocation is RevocationReason.COURT_ORDER
    with _raises(registry, "DiplomaRegistryAlreadySuspended"):
        leuven.suspend(fresh)  # nor can the issuer take the suspension over through it


def test_revoking_a_diploma_of_a_revoked_batch_makes_it_stick(registry, leuven, actors, issued):
    court = registry.as_sender(actors.revoker)
    court.revoke_batch(issued[0].root, RevocationReason.COURT_ORDER)
    court.revoke(issued[2], RevocationReason.COURT_ORDER)
    (fresh,) = leuven.issue_batch([issued[2].document])
    assert registry.verify(fresh).status is Status.REVOKED


# -- 3. an institution lifts a court's suspension ----------------------------------------
def test_only_the_suspending_authority_or_the_admin_reinstates(registry, leuven, actors,
                                                               issued):
    court = registry.as_sender(actors.revoker)
    receipt = court.suspend(issued[0], RevocationReason.COURT_ORDER)
    assert receipt.events[0]["suspender"] == actors.revoker.address
    with _raises(registry, "DiplomaRegistryUnauthorizedReinstatement") as caught:
        leuven.reinstate(issued[0])
    assert caught.value.args_dict == {"account": actors.leuven.address,
                                      "diplomaId": issued[0].diploma_id,
                                      "suspendedBy": actors.revoker.address}
    with _raises(registry, "DiplomaRegistryAlreadySuspended"):
        leuven.suspend(issued[0])  # it cannot take the suspension over either
    record = registry.diploma_record(issued[0])
    assert record.by == actors.revoker.address and record.authority.name == "REVOKER"
    assert court.reinstate(issued[0]).succeeded
    assert registry.verify(issued[0]).valid
    court.suspend(issued[0], RevocationReason.COURT_ORDER)
    assert registry.reinstate(issued[0]).succeeded  # the admin, above every authority
    assert registry.diploma_record(issued[0]).by == actors.admin.address


def test_a_court_takes_over_an_issuers_suspension(registry, leuven, actors, issued):
    leuven.suspend(issued[0], RevocationReason.UNDER_INVESTIGATION)
    registry.as_sender(actors.revoker).suspend(issued[0], RevocationReason.COURT_ORDER)
    with _raises(registry, "DiplomaRegistryUnauthorizedReinstatement"):
        leuven.reinstate(issued[0])
    assert registry.verify(issued[0]).revocation is RevocationReason.COURT_ORDER


def test_a_dismissed_revoker_no_longer_reinstates(registry, actors, issued):
    court = registry.as_sender(actors.revoker)
    court.suspend(issued[0], RevocationReason.COURT_ORDER)
    registry.revoke_role("revoker", actors.revoker.address)
    with _raises(registry, "DiplomaRegistryUnauthorizedReinstatement"):
        court.reinstate(issued[0])
    assert registry.reinstate(issued[0]).succeeded


# -- 4. one accreditor voids an issuer's whole past --------------------------------------
def test_one_accreditor_alone_voids_nothing(registry, actors, issued, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    bk_chain.increase_time(10)
    receipt = be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    assert [e.name for e in receipt.events][-2:] == ["AccreditationWithdrawn",
                                                     "RetroactiveWithdrawalProposed"]
    assert registry.verify(issued[0]).valid  # pending: the past stands
    with _raises(registry, "DiplomaRegistryUnauthorizedConfirmation") as caught:
        be.confirm_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    assert caught.value.account == actors.accreditor_be.address
    for outsider in (actors.accreditor_nl, actors.stranger, actors.leuven, actors.revoker):
        with _raises(registry, "DiplomaRegistryUnauthorizedConfirmation"):
            registry.as_sender(outsider).confirm_retroactive_withdrawal(
                actors.leuven.address, effective_at=0)
    assert registry.verify(issued[0]).valid
    # the withdrawal from now took effect: nothing new can be anchored
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.leuven).issue_batch(sample_documents(1, seed=87))


def test_a_second_accreditor_confirms_and_the_past_stays_void(registry, actors, leuven,
                                                              bk_chain):
    early = leuven.issue_batch(sample_documents(1, seed=88))
    bk_chain.increase_time(100)
    cutoff = bk_chain.timestamp() + 1
    bk_chain.increase_time(100)
    late = leuven.issue_batch(sample_documents(1, seed=89))
    bk_chain.increase_time(10)
    be, be2 = (registry.as_sender(a) for a in (actors.accreditor_be, actors.accreditor_be2))
    be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=cutoff)
    with _raises(registry, "DiplomaRegistryWithdrawalMismatch"):
        be2.confirm_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    receipt = be2.confirm_retroactive_withdrawal(actors.leuven.address, effective_at=cutoff)
    (event,) = receipt.events
    assert event.name == "RetroactiveWithdrawalConfirmed" and event["effectiveAt"] == cutoff
    assert registry.verify(early[0]).valid  # anchored before the cut-off
    result = registry.verify(late[0])
    assert result.status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE and result.code == 260
    # re-accreditation does not bring the voided diplomas back
    be.accredit(actors.leuven.address, country="BE", institution=LEUVEN, levels=[7])
    bk_chain.increase_time(5)
    assert registry.verify(late[0]).status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE
    (newer,) = leuven.issue_batch(sample_documents(1, seed=90))
    assert registry.verify(newer).valid
    history = registry.issuer_history(actors.leuven.address)
    (span,) = history.voided
    assert span.start == cutoff and history.pending is None
    assert not registry.accredited_at(actors.leuven.address, 7, registry.batch(late[0].root)
                                      .issued_at)


def test_the_admin_may_confirm_and_bad_proposals_are_refused(registry, actors, issued,
                                                             bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    now = bk_chain.timestamp()
    with _raises(registry, "DiplomaRegistryNotRetroactive"):
        be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=now + 60)
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).propose_retroactive_withdrawal(
            actors.leuven.address, effective_at=0)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.propose_retroactive_withdrawal(actors.stranger.address, effective_at=0)
    with _raises(registry, "DiplomaRegistryNoPendingWithdrawal"):
        registry.confirm_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    bk_chain.increase_time(10)
    be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    with _raises(registry, "DiplomaRegistryWithdrawalPending"):
        registry.as_sender(actors.accreditor_be2).propose_retroactive_withdrawal(
            actors.leuven.address, effective_at=5)
    assert registry.issuer_history(actors.leuven.address).pending.proposer == (
        actors.accreditor_be.address)
    registry.confirm_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    assert registry.verify(issued[0]).status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE


def test_a_proposal_can_be_cancelled_by_its_proposer_or_the_admin(registry, actors, issued,
                                                                 bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    bk_chain.increase_time(10)
    be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    with _raises(registry, "DiplomaRegistryUnauthorizedConfirmation"):
        registry.as_sender(actors.accreditor_be2).cancel_retroactive_withdrawal(
            actors.leuven.address)
    assert be.cancel_retroactive_withdrawal(actors.leuven.address).events[0].name == (
        "RetroactiveWithdrawalCancelled")
    with _raises(registry, "DiplomaRegistryNoPendingWithdrawal"):
        registry.as_sender(actors.accreditor_be2).confirm_retroactive_withdrawal(
            actors.leuven.address, effective_at=0)
    be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=0)
    registry.cancel_retroactive_withdrawal(actors.leuven.address)
    assert registry.verify(issued[0]).valid


# -- 5. a proof node passes as a leaf ----------------------------------------------------
def test_no_tree_node_passes_as_a_diploma(registry, leuven, issued):
    """The view builds the leaf from the claim: an inner node, or the root itself, cannot be
    handed in as a leaf any more; whatever words a caller passes as the claim, their leaf is
    a 32-byte preimage's hash, never a node."""
    receipts = leuven.issue_batch(sample_documents(4, seed=91))
    tree = MerkleTree.build([r.leaf for r in receipts])
    root = tree.root
    inner = [node for node in tree.nodes if node not in tree.leaves]
    assert root in inner and len(inner) == 3
    claim = receipts[0].claim
    proof = list(tree.proof(receipts[0].leaf))
    for node in inner:
        for as_field in ("document_hash", "salt", "institution_name_hash"):
            forged = dataclasses.replace(claim, **{as_field: node})
            assert registry._call("verify", root, [], forged.as_tuple()) == (0, 0)
    for cut in range(1, len(proof) + 1):  # stopping at an inner node proves nothing
        assert registry._call("verify", root, proof[:-cut], claim.as_tuple()) == (0, 0)
    assert registry._call("verify", root, proof, claim.as_tuple()) == (2, 0)
    # and the contract's leaf is the tagged leaf, never equal to a node of the tree
    assert registry.leaf_of(claim, leuven.sender.address) == receipts[0].leaf
    assert receipts[0].leaf not in inner


def test_a_receipt_names_no_leaf_and_a_truncated_proof_is_unknown(registry, leuven):
    receipts = leuven.issue_batch(sample_documents(4, seed=92))
    for cut in range(1, len(receipts[0].proof) + 1):
        truncated = dataclasses.replace(receipts[0], proof=receipts[0].proof[:-cut])
        assert registry.verify(truncated).status is Status.UNKNOWN
    assert "leaf" not in receipts[0].to_dict()


def test_an_overlong_proof_is_refused_before_asking(registry, issued):
    long = dataclasses.replace(issued[0], proof=issued[0].proof + (b"\x01" * 32,) * 33)
    with pytest.raises(InputError) as caught:
        registry.verify(long)
    assert caught.value.field == "proof"
    with _raises(registry, "TaggedLeavesProofTooLong"):
        registry._call("verify", long.root, list(long.proof), long.claim.as_tuple())


# -- 15. verify trusts any code at the address -------------------------------------------
@pytest.fixture
def yes_man(bk_chain, test_contracts, actors):
    """A look-alike registry whose every answer decodes as "Active"."""
    from blokketen.contract.base import ContractClient

    class YesMan(ContractClient):
        CONTRACT = "YesManRegistry"

    return YesMan.deploy(bk_chain, actors.stranger, store=test_contracts)


def test_a_look_alike_registry_gets_no_verdict(registry, yes_man, issued, bk_chain):
    receipt = dataclasses.replace(issued[0], registry=yes_man.address)
    fooled = DiplomaRegistry(bk_chain, yes_man.address, abi=registry.abi)
    assert fooled.status(receipt) == (2, 0)  # what a verifier without the check would hear
    with pytest.raises(UntrustedContract) as caught:
        fooled.verify(receipt)  # nothing expected: no verdict
    assert caught.value.address == yes_man.address
    with pytest.raises(UntrustedContract) as caught:  # the manifest's record is the registry's
        fooled.trusting(registry.expected_code).verify(receipt)
    assert "is not the DiplomaRegistry expected" in str(caught.value)
    pinned = PinnedCode(name="DiplomaRegistry", address=yes_man.address,
                        code_hash=registry.expected_code.code_hash)
    with pytest.raises(UntrustedContract) as caught:  # the registry's code hash, pinned
        fooled.trusting(pinned).verify(receipt)
    assert caught.value.found == code_hash(bk_chain, yes_man.address)
    assert caught.value.expected == registry.expected_code.code_hash


def test_every_verdict_names_chain_registry_and_code(registry, issued, bk_chain):
    result = registry.verify(issued[0])
    assert result.trusted == TrustedContract(
        name="DiplomaRegistry", chain_id=bk_chain.chain_id, address=registry.address,
        code_hash=code_hash(bk_chain, registry.address), block=bk_chain.block_number)
    assert str(result.trusted).startswith(f"DiplomaRegistry {registry.address} on chain ")
    wrong = registry.verify(dataclasses.replace(issued[0], chain_id=1))
    assert wrong.status is Status.WRONG_CHAIN and wrong.trusted == result.trusted


def test_a_registry_without_code_gets_no_verdict(registry, issued, bk_chain):
    empty = "0x000000000000000000000000000000000000dEaD"
    ghost = DiplomaRegistry(bk_chain, empty, abi=registry.abi).trusting(
        PinnedCode(name="DiplomaRegistry", address=empty,
                   code_hash=registry.expected_code.code_hash))
    with pytest.raises(UntrustedContract, match="has no code"):
        ghost.verify(dataclasses.replace(issued[0], registry=empty))


# -- 16. separation of duties ------------------------------------------------------------
def test_an_accreditor_cannot_accredit_itself(registry, actors):
    be = registry.as_sender(actors.accreditor_be)
    with _raises(registry, "DiplomaRegistryRoleConflict") as caught:
        be.accredit(actors.accreditor_be.address, country="BE", institution="NVAO",
                    levels=[7])
    assert caught.value.held == registry.role_id("accreditor")
    assert caught.value.wanted == registry.role_id("issuer")
    with _raises(registry, "DiplomaRegistryRoleConflict"):  # nor another accreditor
        be.accredit(actors.accreditor_be2.address, country="BE", institution="X", levels=[7])


@pytest.mark.parametrize("holder", ["admin", "revoker", "naric"])
def test_no_governing_role_holder_becomes_an_institution(registry, actors, holder):
    with _raises(registry, "DiplomaRegistryRoleConflict") as caught:
        registry.as_sender(actors.accreditor_be).accredit(
            getattr(actors, holder).address, country="BE", institution="X", levels=[7])
    assert caught.value.account == getattr(actors, holder).address


def test_no_institution_gets_a_governing_role(registry, actors):
    leuven = actors.leuven.address
    with _raises(registry, "DiplomaRegistryRoleConflict") as caught:
        registry.appoint_accreditor(leuven, "BE")
    assert caught.value.held == registry.role_id("issuer")
    for role in ("revoker", "recogniser"):
        with _raises(registry, "DiplomaRegistryRoleConflict"):
            registry.grant_role(role, leuven)
    with _raises(registry, "DiplomaRegistryRoleConflict"):
        registry._transact("beginDefaultAdminTransfer", leuven)


def test_the_admin_holds_no_working_role(registry, actors, bk_chain):
    with _raises(registry, "DiplomaRegistryRoleConflict") as caught:
        registry.appoint_accreditor(actors.admin.address, "BE")
    assert caught.value.held == bytes(32)
    for role in ("revoker", "recogniser"):
        with _raises(registry, "DiplomaRegistryRoleConflict"):
            registry.grant_role(role, actors.admin.address)
    for holder in (actors.accreditor_be, actors.revoker, actors.naric):
        with _raises(registry, "DiplomaRegistryRoleConflict"):
            registry._transact("beginDefaultAdminTransfer", holder.address)
    # a role granted to the pending admin before it accepts stops the hand-over
    registry._transact("beginDefaultAdminTransfer", actors.stranger.address)
    registry.grant_role("revoker", actors.stranger.address)
    bk_chain.increase_time(4 * 86400)
    with _raises(registry, "DiplomaRegistryRoleConflict"):
        registry.as_sender(actors.stranger)._transact("acceptDefaultAdminTransfer")


def test_the_issuer_role_comes_only_with_an_accreditation(registry, actors):
    with pytest.raises(InputError) as caught:
        registry.grant_role("issuer", actors.stranger.address)
    assert caught.value.field == "role"
    role = registry.role_id("issuer")
    for fn in ("grantRole", "revokeRole"):
        with _raises(registry, "DiplomaRegistryRoleByAppointment") as caught:
            registry._transact(fn, role, actors.leuven.address)
        assert caught.value.role == role


# -- the same classes of hole, elsewhere -------------------------------------------------
def test_another_issuer_cannot_carry_a_copied_leaf(registry, actors, issued):
    """Utrecht anchors Leuven's leaf as a batch of one: the leaf binds the issuer, so the
    receipt (named with either issuer) does not verify there."""
    utrecht = registry.as_sender(actors.utrecht)
    utrecht._transact("issueBatch", issued[0].leaf, 1, 7, 0)
    for issuer in (actors.leuven.address, actors.utrecht.address):
        moved = dataclasses.replace(issued[0], root=issued[0].leaf, proof=(), issuer=issuer)
        assert registry.verify(moved).status is Status.UNKNOWN


def test_a_stolen_root_never_makes_a_receipt_valid(registry, actors, leuven):
    """Utrecht anchors the root Leuven is about to anchor (front-running): Leuven's anchoring
    fails and its receipts are unknown, never valid under Utrecht's name."""
    prepared = leuven.prepare(_kul_master(seed=93, count=3))
    registry.as_sender(actors.utrecht)._transact("issueBatch", prepared.root, 3, 7, 0)
    with _raises(registry, "DiplomaRegistryBatchExists"):
        leuven.anchor(prepared)
    for receipt in prepared.receipts(registry=registry.address,
                                     chain_id=registry.chain.chain_id):
        assert registry.verify(receipt).status is Status.UNKNOWN


def test_a_recognition_follows_the_diploma_not_the_batch(registry, actors, issued, leuven):
    registry.as_sender(actors.naric).recognise(issued[0], equivalent_level=7,
                                               decision_hash=DECISION)
    (again,) = leuven.issue_batch([issued[0].document])
    assert [r.equivalent_level for r in registry.verify(again, with_recognitions=True)
            .recognitions] == [7]
    with _raises(registry, "DiplomaRegistryAlreadyRecognised"):
        registry.as_sender(actors.naric).recognise(again, equivalent_level=6,
                                                   decision_hash=DECISION)


def test_a_second_deployment_is_another_registry(bk_chain, bk_project, actors, registry,
                                                 issued):
    """Same code, other address: a receipt of one is wrong-registry at the other, and the
    other's client does not trust the first's address."""
    other = deploy(bk_chain, bk_project, actors.admin)
    assert other.expected_code.code_hash == registry.expected_code.code_hash
    assert other.verify(issued[0]).status is Status.WRONG_REGISTRY
    with pytest.raises(UntrustedContract):
        DiplomaRegistry(bk_chain, registry.address).trusting(other.expected_code).trusted()

