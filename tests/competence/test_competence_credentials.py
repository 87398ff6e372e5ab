"""The pure side: claims, credentials (decoys, holder leaf, positions), receipts and
presentations, without a chain."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from blokketen._exceptions import InputError
from blokketen.common.leaves import verify_indexed_proof
from blokketen.competence.claims import Claim
from blokketen.competence.client import present, signer_of
from blokketen.competence.credentials import (
    LearnerEntry,
    decoy_leaf,
    prepare_batch,
    prepare_credential,
    tree_size,
)
from blokketen.competence.presentation import Presentation, check_offline
from blokketen.competence.receipts import CompetenceReceipt, batch_receipts
from blokketen.competence.samples import learner_key, sample_claims, sample_learners
from blokketen.competence.types import Framework, Verdict

REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3"


@pytest.mark.parametrize(("claims", "size"), [(1, 16), (15, 16), (16, 32), (31, 32), (32, 64),
                                              (40, 64)])
def test_trees_are_a_power_of_two_of_at_least_16(claims, size):
    assert tree_size(claims) == size


def test_a_credential_hides_its_claims_among_decoys():
    entry = sample_learners(1, claims=5, seed=1)[0]
    credential = prepare_credential(entry)
    assert credential.size == 16 and 0 not in credential.positions
    assert len(set(credential.positions)) == 5
    assert len(credential.decoy_positions()) == 10
    for position in credential.decoy_positions():
        leaf = decoy_leaf(credential.credential_id, position, credential.salts[position])
        assert credential.tree.leaves[position] == leaf
    assert len(set(credential.salts)) == 16 and all(len(s) == 32 for s in credential.salts)
    # positions are drawn at random: two credentials of the same claims place them apart
    others = {prepare_credential(entry).positions for _ in range(8)}
    assert len(others) > 1


def test_claims_are_canonical_json():
    claim = Claim(framework="esco:v1.2.0",
                  code="http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
                  kind="knowledge", learning_outcome="houtsoorten herkennen", level=2,
                  assessed_on="2026-03-01", evidence_hash="0x" + "ab" * 32)
    assert claim.canonical().startswith(b'{"assessedOn":"2026-03-01","authenticity":"authentic"')
    assert Claim.loads(claim.canonical()) == claim
    with pytest.raises(InputError) as refused:
        Claim(framework="esco:v1.2.0", code="H230201", kind="skill", learning_outcome="x",
              level=2, assessed_on="2026-03-01")
    assert refused.value.field == "code"
    with pytest.raises(InputError) as refused:
        Claim(framework="competent:2.0", code="H230201", kind="skill", learning_outcome="x",
              level=2, assessed_on="2026-02-30")
    assert refused.value.field == "assessedOn"


def test_one_framework_per_batch():
    mixed = [sample_learners(1, claims=2, seed=1)[0],
             LearnerEntry(holder="0x" + "12" * 20,
                          claims=tuple(sample_claims(2, seed=2, framework=Framework.ESCO)))]
    with pytest.raises(InputError) as refused:
        prepare_batch(mixed)
    assert refused.value.field == "learners[1].claims[0].framework"


def test_receipts_and_presentations_survive_json(tmp_path: Path):
    prepared = prepare_batch(sample_learners(3, claims=20, seed=4))
    receipt = batch_receipts(prepared, registry=REGISTRY, chain_id=31337)[1]
    assert receipt.proofs_hold()
    receipt.save(tmp_path / "r.json")
    loaded = CompetenceReceipt.load(tmp_path / "r.json")
    assert loaded == receipt
    with pytest.raises(InputError):
        receipt.save(tmp_path / "r.json")
    now = int(time.time())
    item = present(loaded, disclose=[c.index for c in loaded.claims[:3]], audience="a",
                   nonce="n", key=learner_key(4, 1), issued_at=now)
    item.save(tmp_path / "p.json")
    again = Presentation.load(tmp_path / "p.json")
    assert again == item and signer_of(again) == receipt.holder
    fresh = check_offline(again, signer=receipt.holder, audience="a", nonce="n", now=now)
    assert fresh.verdict is None
    late = check_offline(again, signer=receipt.holder, audience="a", nonce="n", now=now + 301)
    assert late.verdict is Verdict.STALE
    # 3 of 20 claims disclosed: the file holds no other claim's code or salt
    text = (tmp_path / "p.json").read_text(encoding="utf-8")
    for hidden in loaded.claims[3:]:
        assert hidden.claim.code not in text and hidden.salt.hex() not in text
    assert len(item.disclosed) == 3 and item.depth == 5


def test_a_presentation_does_not_verify_offline_with_a_changed_claim():
    prepared = prepare_batch(sample_learners(1, claims=4, seed=5))
    receipt = batch_receipts(prepared, registry=REGISTRY, chain_id=31337)[0]
    now = int(time.time())
    item = present(receipt, disclose=[receipt.claims[0].index], audience="a", nonce="n",
                   key=learner_key(5, 0), issued_at=now)
    data = item.as_dict()
    data["disclosed"][0]["claim"]["level"] = 8
    changed = Presentation.from_dict(data)
    result = check_offline(changed, signer=receipt.holder, audience="a", nonce="n", now=now)
    assert result.verdict is Verdict.INVALID_PROOF
    claim = item.disclosed[0]
    assert verify_indexed_proof(item.claim_leaves()[0], claim.index, claim.proof,
                                item.credential_root)
