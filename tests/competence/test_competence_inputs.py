"""Every bad input of the pilot's refusal list, each with its own error, and nothing changed
on chain: malformed presentations and claims (InputError naming the field), presentations
the chain does not vouch for (a verdict that is not valid, with its reason), and calls the
registry refuses (its typed error)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from competencekit import AUDIENCE, NONCE, SEED, chain_state, presentation

from blokketen._exceptions import InputError, UntrustedContract
from blokketen.common import typed_data
from blokketen.competence.claims import Claim
from blokketen.competence.client import PRESENTATION, presentation_domain
from blokketen.competence.credentials import LearnerEntry, prepare_batch
from blokketen.competence.presentation import Disclosure, Presentation
from blokketen.competence.receipts import batch_receipts
from blokketen.competence.samples import learner_key, sample_claims, sample_learners
from blokketen.competence.types import Verdict

CLAIM = {"framework": "competent:2.0", "code": "H230201", "kind": "skill",
         "learningOutcome": "bovenfreesmachine instellen en bedienen", "level": 3,
         "assessedOn": "2026-05-12", "authenticity": "authentic"}


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def signed(item: Presentation, key: bytes) -> Presentation:
    """``item`` signed again with ``key`` (a learner, or an attacker, re-signing an edit)."""
    signature = typed_data.sign(key, presentation_domain(item.chain_id, item.registry),
                                PRESENTATION, item.message())
    return dataclasses.replace(item, signature=signature)


def shown(validated, number=0) -> dict:
    return presentation(validated.receipts[number], number).as_dict()


def refused_field(data) -> InputError:
    with pytest.raises(InputError) as refused:
        Presentation.from_dict(data)
    return refused.value


def judge(registry, item, **kwargs):
    return registry.verify(item, audience=kwargs.get("audience", AUDIENCE),
                           nonce=kwargs.get("nonce", NONCE))


# -- malformed: InputError naming the field (exit 2 on the command line) ------------------
@pytest.mark.parametrize(("size", "problem"), [(15, "too weak"), (8, "too weak"),
                                               (31, "salts are 32 bytes")])
def test_a_salt_not_32_bytes_is_refused(validated, size, problem):
    data = shown(validated)
    data["disclosed"][0]["salt"] = "0x" + "ab" * size
    err = refused_field(data)
    assert err.field == "disclosed[0].salt" and problem in err.problem
    data = shown(validated)
    data["holder"]["salt"] = "0x" + "ab" * size
    assert refused_field(data).field == "holder.salt"


def test_a_duplicate_index_is_refused(validated):
    data = shown(validated)
    data["disclosed"][1]["index"] = data["disclosed"][0]["index"]
    err = refused_field(data)
    assert (err.field, err.problem) == ("disclosed[1].index",
                                        f"position {data['disclosed'][0]['index']} is given twice")


@pytest.mark.parametrize("index", [0, 32, 2**40, -1])
def test_an_index_outside_the_padded_tree_is_refused(validated, index):
    data = shown(validated)
    data["disclosed"][0]["index"] = index
    err = refused_field(data)
    assert err.field == "disclosed[0].index" and "outside the tree's claim positions" in (
        err.problem)


def test_a_float_is_refused(validated):
    data = shown(validated)
    data["disclosed"][0]["claim"]["level"] = 3.0
    err = refused_field(data)
    assert err.field == "disclosed[0].claim.level" and "floating-point" in err.problem
    with pytest.raises(InputError, match="floats are refused"):
        Claim.loads(json.dumps(CLAIM).replace('"level": 3', '"level": 3.0'))


def test_non_nfc_text_is_refused(validated):
    data = shown(validated)
    data["disclosed"][0]["claim"]["learningOutcome"] = "cafe\u0301 inrichten"
    err = refused_field(data)
    assert (err.field, err.problem) == ("disclosed[0].claim.learningOutcome",
                                        "is not in Unicode NFC")


def test_a_duplicate_key_is_refused():
    text = json.dumps(CLAIM)[:-1] + ', "level": 4}'
    with pytest.raises(InputError) as refused:
        Claim.loads(text)
    assert (refused.value.field, refused.value.problem) == ("level",
                                                            "appears twice in one object")


def test_an_unknown_field_is_refused(validated):
    data = shown(validated)
    data["disclosed"][0]["claim"]["grade"] = "A"
    err = refused_field(data)
    assert err.field == "disclosed[0].claim.grade" and "is not a field" in err.problem
    data = shown(validated)
    data["extra"] = 1
    assert refused_field(data).field == "extra"


@pytest.mark.parametrize("name", ["salt", "index", "proof", "_sd", "holder", "decoy"])
def test_a_reserved_field_name_is_refused(name):
    with pytest.raises(InputError) as refused:
        Claim.from_dict({**CLAIM, name: "x"})
    assert (refused.value.field, refused.value.problem) == (
        name, "is a reserved field name, not a claim field")


@pytest.mark.parametrize("level", [0, 9, -1, True])
def test_a_level_outside_1_to_8_is_refused(level):
    with pytest.raises(InputError) as refused:
        Claim.from_dict({**CLAIM, "level": level})
    assert refused.value.field == "level"


def test_a_proof_longer_than_32_is_refused(registry, validated):
    data = shown(validated)
    data["batchProof"] = ["0x" + "11" * 32] * 33
    err = refused_field(data)
    assert err.field == "batchProof" and "at most 32" in err.problem
    receipt = validated.receipts[0]
    with pytest.raises(registry.errors.TaggedLeavesProofTooLong) as too_long:
        registry._call("status", receipt.batch_root, receipt.credential_root, [b"\x11" * 32] * 33)
    assert (too_long.value.length, too_long.value.maxLength) == (33, 32)


def test_an_identity_number_or_e_mail_in_any_input_is_refused():
    with pytest.raises(InputError) as refused:
        Claim.from_dict({**CLAIM, "learningOutcome": "leerling 85073003328 kan frezen"})
    assert refused.value.field == "learningOutcome"
    assert "national number" in refused.value.problem
    with pytest.raises(InputError, match="e mail"):
        Claim.from_dict({**CLAIM, "learningOutcome": "zie jan.peeters@school.be"})
    entry = {"holder": "0x" + "12" * 20, "claims": [CLAIM], "insz": "85073003328"}
    with pytest.raises(InputError) as refused:
        LearnerEntry.from_dict(entry)
    assert refused.value.field == "insz"


def test_an_empty_batch_is_refused(registry, actors):
    with pytest.raises(InputError) as refused:
        prepare_batch([])
    assert refused.value.field == "learners"
    before = chain_state(registry, [], [], [actors.school.address])
    with pytest.raises(registry.errors.CompetenceRegistryEmptyBatch):
        registry.as_sender(actors.school)._transact(
            "proposeBatch", b"\x01" * 32, b"\x02" * 32, 2, 3, 0, 0)
    assert chain_state(registry, [], [], [actors.school.address]) == before


# -- not vouched for: a verdict that is not valid (exit 1) ---------------------------------
def test_a_decoy_shown_as_a_claim_is_named(registry, actors, bk_chain):
    entries = sample_learners(1, claims=3, seed=SEED)
    prepared = prepare_batch(entries)
    registry.as_sender(actors.school).propose(prepared)
    registry.as_sender(actors.vdab).validate(prepared.root)
    receipt = batch_receipts(prepared, registry=registry.address, chain_id=bk_chain.chain_id)[0]
    credential = prepared.credentials[0]
    decoy = credential.decoy_positions()[0]
    with pytest.raises(InputError) as refused:
        presentation(receipt, 0, disclose=[decoy])
    assert refused.value.field == "disclose" and "decoy" in refused.value.problem
    honest = presentation(receipt, 0)
    fake = Disclosure(index=decoy, claim=Claim.from_dict(CLAIM), salt=credential.salts[decoy],
                      proof=credential.tree.proof(decoy))
    forged = signed(dataclasses.replace(honest, disclosed=(*honest.disclosed, fake)),
                    learner_key(SEED, 0))
    result = judge(registry, forged)
    assert result.verdict is Verdict.DECOY
    assert result.reason == f"disclosed[2]: position {decoy} is a decoy, not a claim"


def test_a_proof_for_another_root_is_refused(registry, validated):
    first, second = validated.receipts[0], validated.receipts[1]
    mine = presentation(first, 0)
    other = dataclasses.replace(mine, credential_root=second.credential_root,
                                batch_proof=second.batch_proof)
    found = judge(registry, signed(other, learner_key(SEED, 0)))
    assert found.verdict is Verdict.INVALID_PROOF and found.reason.startswith("disclosed[0]:")
    wrong_batch = dataclasses.replace(mine, batch_root=b"\x42" * 32)
    found = judge(registry, signed(wrong_batch, learner_key(SEED, 0)))
    assert found.verdict is Verdict.INVALID_PROOF and found.reason.startswith("batchProof:")
    swapped = dataclasses.replace(mine, batch_proof=second.batch_proof)
    assert judge(registry, swapped).verdict is Verdict.INVALID_PROOF


def test_a_presentation_for_another_chain_or_registry_is_refused(registry, validated):
    item = presentation(validated.receipts[0], 0)
    found = judge(registry, dataclasses.replace(item, chain_id=item.chain_id + 1))
    assert found.verdict is Verdict.WRONG_CHAIN
    other = "0x" + "ab" * 20
    found = judge(registry, dataclasses.replace(item, registry=typed_data.Domain(
        name="x", version="1", chain_id=1, verifying_contract=other).verifying_contract))
    assert found.verdict is Verdict.WRONG_REGISTRY


def test_a_batch_still_proposed_or_rejected_is_not_valid(registry, actors, proposed):
    assert judge(registry, presentation(proposed.receipts[0], 0)).verdict is Verdict.PENDING
    registry.as_sender(actors.vdab).reject(proposed.root, "assessment-invalid")
    assert judge(registry, presentation(proposed.receipts[0], 0)).verdict is Verdict.REJECTED


def test_a_wrong_count_shows_in_the_proof_length(registry, actors, bk_chain):
    prepared = prepare_batch(sample_learners(4, claims=2, seed=SEED))
    registry.as_sender(actors.school)._transact(
        "proposeBatch", prepared.root, prepared.framework.id, prepared.min_level,
        prepared.max_level, 1, 0)
    registry.as_sender(actors.vdab).validate(prepared.root)
    receipt = batch_receipts(prepared, registry=registry.address, chain_id=bk_chain.chain_id)[0]
    found = judge(registry, presentation(receipt, 0))
    assert found.verdict is Verdict.INVALID_PROOF
    assert found.reason == "batchProof: 2 siblings, more than a batch of 1 credentials has"


def test_a_claim_outside_the_batch_scope_is_refused(registry, actors, bk_chain):
    entry = sample_learners(1, claims=8, seed=SEED)[0]
    prepared = prepare_batch([entry])
    # the school's own software declares a narrower level range than its claims have
    registry.as_sender(actors.school)._transact(
        "proposeBatch", prepared.root, prepared.framework.id, 4, 4, 1, 0)
    registry.as_sender(actors.vdab).validate(prepared.root)
    receipt = batch_receipts(prepared, registry=registry.address, chain_id=bk_chain.chain_id)[0]
    low = [c.index for c in receipt.claims if c.claim.level < 4]
    assert low, "the sample should hold a claim below level 4"
    found = judge(registry, presentation(receipt, 0, disclose=low[:1]))
    assert found.verdict is Verdict.WRONG_SCOPE and "outside the batch's levels 4-4" in (
        found.reason)


def test_a_signature_for_another_audience_nonce_or_set_is_refused(registry, validated):
    item = presentation(validated.receipts[0], 0)
    assert judge(registry, item, audience="did:web:ander.be").verdict is Verdict.WRONG_AUDIENCE
    assert judge(registry, item, nonce="n-0002").verdict is Verdict.WRONG_NONCE
    retargeted = dataclasses.replace(item, audience="did:web:ander.be")
    assert judge(registry, retargeted, audience="did:web:ander.be").verdict is (
        Verdict.BAD_SIGNATURE)
    fewer = dataclasses.replace(item, disclosed=item.disclosed[:1])
    assert judge(registry, fewer).verdict is Verdict.BAD_SIGNATURE
    stranger = signed(item, learner_key(SEED, 1))  # another learner's key
    assert judge(registry, stranger).verdict is Verdict.BAD_SIGNATURE
    assert judge(registry, item).verdict is Verdict.VALID


def test_only_the_committed_key_can_present(validated):
    with pytest.raises(InputError) as refused:
        presentation(validated.receipts[0], 1)
    assert refused.value.field == "key"


# -- refused by the registry: its typed error, nothing changed ----------------------------
def test_an_assessor_not_accredited_at_proposal_is_refused(registry, actors):
    accounts = [actors.school.address, actors.school2.address]
    before = chain_state(registry, [], [], accounts)
    with pytest.raises(registry.errors.CompetenceRegistryNotAccredited) as refused:
        registry.as_sender(actors.school2).propose_batch(sample_learners(1, claims=2, seed=5))
    assert refused.value.assessor == actors.school2.address
    high = LearnerEntry(holder=actors.employer.address, claims=tuple(
        sample_claims(2, seed=6, levels=(5, 5))))
    with pytest.raises(registry.errors.CompetenceRegistryNotAccredited) as refused:
        registry.as_sender(actors.school).propose_batch([high])
    assert refused.value.level == 5
    assert chain_state(registry, [], [], accounts) == before


def test_the_validator_is_never_the_assessor(registry, actors):
    accounts = [actors.school.address, actors.vdab.address]
    before = chain_state(registry, [], [], accounts)
    with pytest.raises(registry.errors.CompetenceRegistryRoleConflict) as refused:
        registry.grant_validator(actors.school.address)
    assert refused.value.held == registry.role_id("assessor")
    with pytest.raises(registry.errors.CompetenceRegistryRoleConflict) as refused:
        registry.as_sender(actors.accreditor).accredit(
            actors.vdab.address, institution=9, framework="competent:2.0", min_level=1,
            max_level=2)
    assert refused.value.held == registry.role_id("validator")
    assert chain_state(registry, [], [], accounts) == before


def test_a_root_is_never_proposed_twice(registry, actors, proposed):
    before = chain_state(registry, [proposed.root], [], [actors.school.address])
    with pytest.raises(registry.errors.CompetenceRegistryBatchExists) as refused:
        registry.as_sender(actors.school)._transact(
            "proposeBatch", proposed.root, b"\x01" * 32, 2, 3, 4, 0)
    assert refused.value.root == proposed.root
    assert chain_state(registry, [proposed.root], [], [actors.school.address]) == before
    registry.as_sender(actors.vdab).reject(proposed.root, "fraud")
    rejected = chain_state(registry, [proposed.root], [], [actors.school.address])
    with pytest.raises(registry.errors.CompetenceRegistryBatchExists):
        registry.as_sender(actors.school)._transact(
            "proposeBatch", proposed.root, b"\x01" * 32, 2, 3, 4, 0)
    assert chain_state(registry, [proposed.root], [], [actors.school.address]) == rejected


def test_levels_outside_1_to_8_are_refused_on_chain(registry, actors):
    for low, high in ((0, 3), (3, 9), (5, 4)):
        with pytest.raises(registry.errors.CompetenceRegistryInvalidLevels) as refused:
            registry.as_sender(actors.school)._transact(
                "proposeBatch", b"\x01" * 32, b"\x02" * 32, low, high, 1, 0)
        assert (refused.value.minLevel, refused.value.maxLevel) == (low, high)


def test_a_registry_with_other_code_gives_no_verdict(registry, validated, bk_chain, bk_project,
                                                     actors):
    from blokketen.competence.client import CompetenceRegistry
    from blokketen.contract.trust import PinnedCode

    item = presentation(validated.receipts[0], 0)
    bare = CompetenceRegistry(bk_chain, registry.address)
    with pytest.raises(UntrustedContract):
        bare.verify(item, audience=AUDIENCE, nonce=NONCE)
    pinned = bare.trusting(PinnedCode(name="CompetenceRegistry", address=registry.address,
                                      code_hash="0x" + "00" * 32))
    with pytest.raises(UntrustedContract):
        pinned.verify(item, audience=AUDIENCE, nonce=NONCE)


def test_a_claim_the_chain_never_made_is_unknown(registry, validated, bk_chain):
    """A learner's own software builds a consistent credential and batch (proofs, holder
    leaf, signature all fine) and never proposes it: the verdict is unknown, never valid."""
    prepared = prepare_batch(sample_learners(1, claims=4, seed=SEED))
    (receipt,) = batch_receipts(prepared, registry=registry.address, chain_id=bk_chain.chain_id)
    forged = presentation(receipt, 0)
    honest = presentation(validated.receipts[1], 1)
    found = registry.verify_many([forged, honest], audience=AUDIENCE, nonce=NONCE)
    assert [f.verdict for f in found] == [Verdict.UNKNOWN, Verdict.VALID]
    assert found[0].reason.startswith("the registry knows no batch with this root")
    assert found[0].batch is None and found[1].institution == 32151
