"""Tagged leaves and Merkle trees in Python: the convention, the trees, the refusals."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st

from blokketen._exceptions import InputError
from blokketen.common.leaves import (
    MAX_PROOF_LENGTH,
    IndexedMerkleTree,
    MerkleTree,
    hash_pair,
    process_proof,
    tag,
    tag_name,
    tagged_leaf,
    verify_indexed_proof,
    verify_proof,
)
from blokketen.diploma import MerkleTree as DiplomaTree

CLAIM = tag("competence", "claim")
WORDS = st.binary(min_size=32, max_size=32)


def test_tag_follows_the_naming_convention():
    assert tag_name("competence", "claim") == "blokketen.competence.claim.v1"
    assert tag("lblod", "besluit-priv", version=2) == keccak(text="blokketen.lblod.besluit-priv.v2")
    assert tag("competence", "claim") != tag("competence", "decoy") != tag("woningpas", "claim")


@pytest.mark.parametrize(("pilot", "kind", "version", "field"), [
    ("Competence", "claim", 1, "pilot"), ("competence", "claim.x", 1, "kind"),
    ("competence", "", 1, "kind"), ("competence", "claim", 0, "version"),
    ("competence", "claim", True, "version"),
])
def test_tag_refuses_names_outside_the_convention(pilot, kind, version, field):
    with pytest.raises(InputError) as caught:
        tag(pilot, kind, version=version)
    assert caught.value.field == field


def test_leaf_is_the_double_hash_of_the_tag_and_the_fields():
    salt, content = bytes(range(32)), keccak(b"claim")
    types = ["bytes32", "uint256", "bytes32", "bytes32"]
    leaf = tagged_leaf(CLAIM, types, [keccak(b"c"), 3, salt, content])
    inner = keccak(encode(["bytes32", "bytes32", "uint256", "bytes32", "bytes32"],
                          [CLAIM, keccak(b"c"), 3, salt, content]))
    assert leaf == keccak(inner)
    assert leaf != tagged_leaf(tag("other", "claim"), ["bytes32", "uint256", "bytes32", "bytes32"],
                               [keccak(b"c"), 3, salt, content])


@pytest.mark.parametrize(("types", "values", "field"), [
    (["string"], ["Jan"], "types"),
    (["bytes"], [b"x"], "types"),
    (["uint256[]"], [[1]], "types"),
    (["uint8"], [256], "values"),
    (["bytes32"], [b"short"], "values"),
    (["bytes32", "uint256"], [bytes(32)], "values"),
    (["nonsense"], [1], "types"),
])
def test_leaf_refuses_dynamic_types_and_values_that_do_not_fit(types, values, field):
    with pytest.raises(InputError) as caught:
        tagged_leaf(CLAIM, types, values)
    assert caught.value.field == field


def test_leaf_refuses_a_zero_or_short_tag():
    with pytest.raises(InputError, match="tag"):
        tagged_leaf(bytes(32), ["uint256"], [1])
    with pytest.raises(InputError, match="tag"):
        tagged_leaf(b"blokketen", ["uint256"], [1])


@settings(max_examples=40, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40, unique=True))
def test_sorted_tree_proves_every_leaf_and_matches_the_diploma_tree(leaves):
    tree = MerkleTree.build(leaves)
    assert DiplomaTree is MerkleTree  # the diploma registry's batches are this tree
    for leaf, proof in tree.proofs().items():
        assert verify_proof(leaf, proof, tree.root)
        assert leaf in tree
    assert MerkleTree.build(reversed(leaves)).root == tree.root


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 6).flatmap(lambda k: st.lists(WORDS, min_size=2**k, max_size=2**k)))
def test_indexed_tree_proves_each_leaf_at_its_position_only(leaves):
    tree = IndexedMerkleTree.build(leaves)
    for i, leaf in enumerate(leaves):
        proof = tree.proof(i)
        assert verify_indexed_proof(leaf, i, proof, tree.root)
        if len(leaves) > 1 and leaves[i ^ 1] != leaf:
            assert not verify_indexed_proof(leaf, i ^ 1, proof, tree.root)


def test_an_inner_node_does_not_pass_as_a_leaf():
    leaves = [tagged_leaf(CLAIM, ["uint256"], [i]) for i in range(4)]
    tree = MerkleTree.build(leaves)
    left, right = tree.nodes[1], tree.nodes[2]
    assert hash_pair(left, right) == tree.root
    # presenting an inner node's children as the fields of a leaf gives another hash
    assert tagged_leaf(CLAIM, ["bytes32", "bytes32"], sorted([left, right])) != tree.root
    assert not verify_proof(tagged_leaf(CLAIM, ["bytes32"], [left]), [right], tree.root)


def test_trees_refuse_bad_input():
    with pytest.raises(InputError, match="at least one"):
        MerkleTree.build([])
    with pytest.raises(InputError, match="duplicate"):
        MerkleTree.build([bytes(32), bytes(32)])
    with pytest.raises(InputError, match="power of two"):
        IndexedMerkleTree.build([bytes(32)] * 3)
    with pytest.raises(InputError) as caught:
        IndexedMerkleTree.build([bytes(32)] * 4).proof(4)
    assert caught.value.field == "index"
    with pytest.raises(InputError, match="not in the tree"):
        MerkleTree.build([bytes(32)]).proof(b"\x01" * 32)


def test_a_proof_longer_than_32_siblings_is_refused():
    with pytest.raises(InputError) as caught:
        process_proof(bytes(32), [bytes(32)] * (MAX_PROOF_LENGTH + 1))
    assert caught.value.field == "proof"
    with pytest.raises(InputError, match="outside a tree of depth 2"):
        verify_indexed_proof(bytes(32), 4, [bytes(32)] * 2, bytes(32))
