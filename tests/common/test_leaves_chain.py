"""Python's leaves and trees equal the contract's; the attacks on leaves fail on chain."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from blokketen.common.leaves import IndexedMerkleTree, MerkleTree, tag, tagged_leaf

TEST_CLAIM = tag("test", "claim")
OTHER_CLAIM = tag("other", "claim")
CLAIM_TYPES = ["bytes32", "uint256", "bytes32", "bytes32"]
CREDENTIAL = keccak(b"credential 1")


def _claim(i: int, leaf_tag: bytes = TEST_CLAIM) -> tuple[bytes, list[object]]:
    values: list[object] = [CREDENTIAL, i, keccak(b"salt %d" % i), keccak(b"content %d" % i)]
    return tagged_leaf(leaf_tag, CLAIM_TYPES, values), values


def test_tags_and_leaves_equal_the_contract(leaves_contract):
    assert leaves_contract.call("TAG_CLAIM") == TEST_CLAIM
    assert leaves_contract.call("TAG_OTHER") == OTHER_CLAIM
    words = [keccak(b"%d" % i) for i in range(4)]
    for n, fn in enumerate(("leaf1", "leaf2", "leaf3", "leaf4"), start=1):
        expected = tagged_leaf(TEST_CLAIM, ["bytes32"] * n, words[:n])
        assert leaves_contract.call(fn, TEST_CLAIM, *words[:n]) == expected
    leaf, values = _claim(7)
    assert leaves_contract.call("claimLeaf", TEST_CLAIM, *values) == leaf


def test_sorted_proofs_from_python_verify_on_chain(leaves_contract):
    claims = [_claim(i) for i in range(11)]
    tree = MerkleTree.build(leaf for leaf, _ in claims)
    for leaf, values in claims:
        assert leaves_contract.call("verifyClaim", tree.root, *values, list(tree.proof(leaf)))
        assert leaves_contract.call("verify", list(tree.proof(leaf)), tree.root, leaf)
    # a changed field (another index, another salt) is not in the tree
    _, values = claims[3]
    assert not leaves_contract.call("verifyClaim", tree.root, values[0], 4, values[2], values[3],
                                    list(tree.proof(claims[3][0])))


def test_indexed_proofs_from_python_verify_at_their_position_only(leaves_contract):
    leaves = [_claim(i)[0] for i in range(8)]
    tree = IndexedMerkleTree.build(leaves)
    for i, leaf in enumerate(leaves):
        assert leaves_contract.call("verifyAt", list(tree.proof(i)), tree.root, leaf, i)
        assert not leaves_contract.call("verifyAt", list(tree.proof(i)), tree.root, leaf, i ^ 1)


def test_a_leaf_of_another_tag_does_not_verify(leaves_contract):
    """The same fields hashed under another registry's tag form a tree the claim check refuses."""
    other = [_claim(i, OTHER_CLAIM) for i in range(4)]
    tree = MerkleTree.build(leaf for leaf, _ in other)
    leaf, values = other[2]
    assert leaves_contract.call("verify", list(tree.proof(leaf)), tree.root, leaf)
    assert not leaves_contract.call("verifyClaim", tree.root, *values, list(tree.proof(leaf)))


def test_an_inner_node_presented_as_a_leaf_fails(leaves_contract):
    """Without the double hash, the children (a, b) of an inner node would be a valid leaf."""
    pair = ["bytes32", "bytes32"]
    leaves = [tagged_leaf(TEST_CLAIM, pair, [keccak(b"a%d" % i), keccak(b"b%d" % i)])
              for i in range(4)]
    tree = MerkleTree.build(leaves)
    a, b = sorted([tree.nodes[3], tree.nodes[4]])  # the children of inner node 1
    proof_of_node_1 = [tree.nodes[2]]
    assert keccak(a + b) == tree.nodes[1]
    with pytest.raises(leaves_contract.errors.TaggedLeavesInvalidProof) as caught:
        leaves_contract.call("requirePair", tree.root, a, b, proof_of_node_1)
    assert caught.value.root == tree.root
    # the genuine leaf passes the same check
    real = MerkleTree.build(leaves)
    first = leaves[0]
    leaves_contract.call("requirePair", real.root, keccak(b"a0"), keccak(b"b0"),
                         list(real.proof(first)))


def test_a_proof_that_is_too_long_is_refused(leaves_contract):
    leaf = _claim(0)[0]
    with pytest.raises(leaves_contract.errors.TaggedLeavesProofTooLong) as caught:
        leaves_contract.call("verify", [bytes(32)] * 33, bytes(32), leaf)
    assert (caught.value.length, caught.value.maxLength) == (33, 32)
    with pytest.raises(leaves_contract.errors.TaggedLeavesProofTooLong):
        leaves_contract.call("verifyClaim", bytes(32), *_claim(0)[1], [bytes(32)] * 33)
    assert not leaves_contract.call("verify", [bytes(32)] * 32, bytes(32), leaf)  # 32 is allowed


def test_an_index_beyond_the_tree_and_a_zero_tag_are_refused(leaves_contract):
    with pytest.raises(leaves_contract.errors.TaggedLeavesIndexOutOfRange) as caught:
        leaves_contract.call("verifyAt", [bytes(32)] * 3, bytes(32), bytes(32), 8)
    assert (caught.value.index, caught.value.depth) == (8, 3)
    with pytest.raises(leaves_contract.errors.TaggedLeavesZeroTag):
        leaves_contract.call("leaf1", bytes(32), bytes(32))
