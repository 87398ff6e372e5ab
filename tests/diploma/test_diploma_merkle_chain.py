"""Python and Solidity (OpenZeppelin MerkleProof) agree on leaves, proofs and roots."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blokketen.diploma import MerkleTree, leaf_hash, prepare_batch
from blokketen.diploma.demo import sample_documents

WORDS = st.binary(min_size=32, max_size=32)


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(leaves=st.lists(WORDS, min_size=1, max_size=64, unique=True), data=st.data())
def test_random_trees_agree_with_merkle_proof(registry, leaves, data):
    tree = MerkleTree.build(leaves)
    picked = data.draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=4, unique=True))
    calls = [("computeRoot", (leaf, list(tree.proof(leaf)))) for leaf in picked]
    assert registry._call_many(calls) == [tree.root] * len(picked)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(diploma_hash=WORDS, salt=WORDS)
def test_leaf_hashing_agrees(registry, diploma_hash, salt):
    assert registry.leaf_of(diploma_hash, salt) == leaf_hash(diploma_hash, salt)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(count=st.integers(min_value=1, max_value=40), seed=st.integers(0, 10_000))
def test_anchored_random_batches_verify_every_leaf(registry, actors, bk_chain, count, seed):
    snapshot = bk_chain.snapshot()
    try:
        prepared = prepare_batch(sample_documents(count, seed=seed))
        registry.as_sender(actors.leuven).anchor(prepared)
        calls = [("verify", (leaf, list(prepared.tree.proof(leaf)), prepared.root))
                 for leaf in prepared.leaves]
        assert registry._call_many(calls) == [1] * count  # Status.Valid
    finally:
        bk_chain.revert(snapshot)
