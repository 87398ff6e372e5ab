"""Merkle trees of diploma leaves, with proofs that OpenZeppelin's ``MerkleProof`` accepts.

Leaves are double hashed, ``keccak256(keccak256(abi.encode(diplomaHash, salt)))``, so a leaf
is never 64 bytes of inner-node material (no second-preimage trick) and a low-entropy document
cannot be guessed without its salt. Inner nodes hash the *sorted* pair, as
``Hashes.commutativeKeccak256`` does, so a proof is just the list of siblings.

The layout is the one of OpenZeppelin's ``@openzeppelin/merkle-tree`` (leaves sorted, stored
at the end of one array in reverse order), so a set of leaves always gives the same root.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from blokketen._exceptions import InputError
from blokketen.diploma.documents import keccak256

__all__ = ["MerkleTree", "hash_pair", "leaf_hash", "process_proof", "verify_proof"]


def leaf_hash(diploma_hash: bytes, salt: bytes) -> bytes:
    """The leaf of a document: ``keccak256(bytes.concat(keccak256(abi.encode(h, salt))))``."""
    _check_word("diploma_hash", diploma_hash)
    _check_word("salt", salt)
    # abi.encode of two bytes32 values is their plain concatenation.
    return keccak256(keccak256(diploma_hash + salt))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """``keccak256`` of the two words in ascending order (commutative)."""
    return keccak256(a + b) if a < b else keccak256(b + a)


def process_proof(leaf: bytes, proof: Iterable[bytes]) -> bytes:
    """The root that ``proof`` leads to from ``leaf``."""
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node


def verify_proof(leaf: bytes, proof: Iterable[bytes], root: bytes) -> bool:
    """Whether ``proof`` proves ``leaf`` under ``root``."""
    return process_proof(leaf, proof) == root


@dataclass(frozen=True)
class MerkleTree:
    """A complete binary tree over distinct 32-byte leaves, kept as one array.

    ``nodes[0]`` is the root; the children of node ``i`` are ``2i+1`` and ``2i+2``; the
    ``n`` leaves fill the last ``n`` slots. A single leaf is its own root (empty proof).
    """

    nodes: tuple[bytes, ...]
    leaves: tuple[bytes, ...]

    @classmethod
    def build(cls, leaves: Iterable[bytes]) -> MerkleTree:
        """Build the tree over ``leaves`` (order does not matter: they are sorted)."""
        ordered = sorted(leaves)
        if not ordered:
            raise InputError("leaves", "a Merkle tree needs at least one leaf")
        for leaf in ordered:
            _check_word("leaf", leaf)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before == after:
                raise InputError("leaves", f"duplicate leaf 0x{before.hex()}")
        size = 2 * len(ordered) - 1
        nodes: list[bytes] = [b""] * size
        for i, leaf in enumerate(ordered):
            nodes[size - 1 - i] = leaf
        for i in range(size - 1 - len(ordered), -1, -1):
            nodes[i] = hash_pair(nodes[2 * i + 1], nodes[2 * i + 2])
        return cls(nodes=tuple(nodes), leaves=tuple(ordered))

    @property
    def root(self) -> bytes:
        """The Merkle root that goes on chain."""
        return self.nodes[0]

    def __len__(self) -> int:
        return len(self.leaves)

    def proof(self, leaf: bytes) -> tuple[bytes, ...]:
        """The sibling hashes from ``leaf`` up to the root."""
        index = self._node_index(leaf)
        path: list[bytes] = []
        while index > 0:
            sibling = index - 1 if index % 2 == 0 else index + 1
            path.append(self.nodes[sibling])
            index = (index - 1) // 2
        return tuple(path)

    def proofs(self) -> dict[bytes, tuple[bytes, ...]]:
        """A proof for every leaf."""
        return {leaf: self.proof(leaf) for leaf in self.leaves}

    def _node_index(self, leaf: bytes) -> int:
        position = _bisect(self.leaves, leaf)
        if position is None:
            raise InputError("leaf", f"0x{leaf.hex()} is not in the tree")
        return len(self.nodes) - 1 - position


def _bisect(items: Sequence[bytes], value: bytes) -> int | None:
    low, high = 0, len(items)
    while low < high:
        middle = (low + high) // 2
        if items[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low if low < len(items) and items[low] == value else None


def _check_word(name: str, value: bytes) -> None:
    if not isinstance(value, bytes) or len(value) != 32:
        raise InputError(name, "must be 32 bytes")
