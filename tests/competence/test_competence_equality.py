"""Python computes exactly what the contract computes: tags, leaves, index-ordered credential
proofs, sorted-pair batch proofs, constants and reason codes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blokketen.common.leaves import IndexedMerkleTree, tagged_leaf
from blokketen.competence import credentials as cred
from blokketen.competence.client import VALIDATION_SCOPE
from blokketen.competence.samples import sample_learners
from blokketen.competence.types import VALIDATION_WINDOW, Framework, Reason

WORDS = st.binary(min_size=32, max_size=32)
ADDRESSES = st.binary(min_size=20, max_size=20).map(lambda raw: "0x" + raw.hex())
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
"""Bounded, and no health check on timing: the machine is shared, the test is about values."""


def test_tags_constants_and_reasons_match(registry):
    for name, value in (("CLAIM_TAG", cred.CLAIM_TAG), ("DECOY_TAG", cred.DECOY_TAG),
                        ("HOLDER_TAG", cred.HOLDER_TAG), ("CREDENTIAL_TAG", cred.CREDENTIAL_TAG),
                        ("VALIDATION_SCOPE", VALIDATION_SCOPE)):
        assert registry._call(name) == value, name
    assert registry._call("validationWindow") == VALIDATION_WINDOW
    for reason in (Reason.ASSESSMENT_INVALID, Reason.EVIDENCE_INSUFFICIENT,
                   Reason.VALIDATION_WINDOW_CLOSED, Reason.NOT_ACCREDITED_AT_PROPOSAL,
                   Reason.VALIDATOR_NOT_HELD):
        assert registry._call(f"REASON_{reason.name}") == reason


@SETTINGS
@given(credential_id=WORDS, index=st.integers(0, 2**32 - 1), salt=WORDS, claim_hash=WORDS,
       holder=ADDRESSES)
def test_leaves_match(registry, credential_id, index, salt, claim_hash, holder):
    from eth_utils import to_checksum_address

    holder = to_checksum_address(holder)
    assert registry.claim_leaf_of(credential_id, index, salt, claim_hash) == cred.claim_leaf(
        credential_id, index, salt, claim_hash)
    assert registry.decoy_leaf_of(credential_id, index, salt) == cred.decoy_leaf(
        credential_id, index, salt)
    if int(holder, 16):
        assert registry.holder_leaf_of(credential_id, salt, holder) == cred.holder_leaf(
            credential_id, salt, holder)
    assert registry.credential_leaf_of(claim_hash) == cred.credential_leaf(claim_hash)
    # the fast word-leaf path equals the shared tagged_leaf
    assert cred.claim_leaf(credential_id, index, salt, claim_hash) == tagged_leaf(
        cred.CLAIM_TAG, ("bytes32", "uint256", "bytes32", "bytes32"),
        (credential_id, index, salt, claim_hash))
    assert cred.decoy_leaf(credential_id, index, salt) == tagged_leaf(
        cred.DECOY_TAG, ("bytes32", "uint256", "bytes32"), (credential_id, index, salt))


@SETTINGS
@given(leaves=st.lists(WORDS, min_size=16, max_size=16, unique=True), index=st.integers(0, 15))
def test_credential_proofs_match(registry, leaves, index):
    tree = IndexedMerkleTree.build(leaves)
    proof = tree.proof(index)
    assert registry.proven_at(tree.root, leaves[index], index, proof)
    assert not registry.proven_at(tree.root, leaves[index], index ^ 1, proof)


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_batch_roots_and_proofs_match(registry, actors, bk_isolated, count):
    receipts = registry.as_sender(actors.school).propose_batch(
        sample_learners(count, claims=2, seed=count))
    for receipt in receipts:
        assert receipt.proofs_hold()
        status, _ = registry.status(receipt.batch_root, receipt.credential_root,
                                    receipt.batch_proof)
        assert status == 1  # Pending: the contract found the credential in the batch


def test_framework_ids_and_scopes_match(registry):
    from eth_abi import encode
    from eth_utils import keccak

    assessor = registry.role_id("assessor")
    for framework in Framework:
        assert framework.id == keccak(text=framework.value)
        for level in (1, 8):
            assert registry.accreditation_scope(framework, level) == keccak(
                encode(["bytes32", "bytes32", "uint8"], [assessor, framework.id, level]))
