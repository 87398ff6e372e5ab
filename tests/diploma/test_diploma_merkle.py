"""Merkle trees and proofs in the OpenZeppelin layout (no chain)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blokketen._exceptions import InputError
from blokketen.diploma import (
    MerkleTree,
    hash_pair,
    keccak256,
    leaf_hash,
    process_proof,
    verify_proof,
)


def _leaves(count: int) -> list[bytes]:
    return [keccak256(i.to_bytes(4, "big")) for i in range(count)]


def test_leaf_is_double_keccak_of_hash_and_salt():
    h, salt = b"\x11" * 32, b"\x22" * 32
    assert leaf_hash(h, salt) == keccak256(keccak256(h + salt))


def test_pair_hash_is_commutative_and_sorted():
    a, b = b"\x01" * 32, b"\x02" * 32
    assert hash_pair(a, b) == hash_pair(b, a) == keccak256(a + b)


def test_single_leaf_is_its_own_root_with_empty_proof():
    (leaf,) = _leaves(1)
    tree = MerkleTree.build([leaf])
    assert tree.root == leaf and tree.proof(leaf) == ()


def test_two_leaves_root_is_their_pair_hash():
    a, b = _leaves(2)
    assert MerkleTree.build([a, b]).root == hash_pair(a, b)


def test_three_leaves_follow_the_openzeppelin_layout():
    a, b, c = sorted(_leaves(3))
    # nodes: [root, hash(b, a), c, b, a]: sorted leaves stored from the end backwards
    tree = MerkleTree.build([c, a, b])
    assert tree.nodes[2:] == (c, b, a)
    assert tree.root == hash_pair(hash_pair(a, b), c)
    assert tree.proof(a) == (b, c)
    assert tree.proof(c) == (hash_pair(a, b),)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 9, 33, 100])
def test_every_proof_verifies_and_root_ignores_order(count):
    leaves = _leaves(count)
    tree = MerkleTree.build(leaves)
    assert MerkleTree.build(reversed(leaves)).root == tree.root
    for leaf in leaves:
        assert verify_proof(leaf, tree.proof(leaf), tree.root)


def test_wrong_leaf_or_proof_does_not_verify():
    leaves = _leaves(6)
    tree = MerkleTree.build(leaves)
    proof = tree.proof(leaves[0])
    assert not verify_proof(leaves[1], proof, tree.root)
    assert not verify_proof(leaves[0], proof[:-1], tree.root)
    assert not verify_proof(leaves[0], (b"\x00" * 32, *proof[1:]), tree.root)


def test_tree_rejects_empty_duplicate_and_malformed_leaves():
    with pytest.raises(InputError):
        MerkleTree.build([])
    (leaf,) = _leaves(1)
    with pytest.raises(InputError, match="duplicate"):
        MerkleTree.build([leaf, leaf])
    with pytest.raises(InputError):
        MerkleTree.build([b"short"])
    with pytest.raises(InputError, match="not in the tree"):
        MerkleTree.build(_leaves(2)).proof(b"\x09" * 32)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=40, unique=True))
def test_random_trees_prove_every_leaf(leaves):
    tree = MerkleTree.build(leaves)
    for leaf in leaves:
        assert process_proof(leaf, tree.proof(leaf)) == tree.root


def test_random_salts_give_different_leaves_for_equal_documents():
    h = keccak256(b"same document")
    assert leaf_hash(h, os.urandom(32)) != leaf_hash(h, os.urandom(32))
