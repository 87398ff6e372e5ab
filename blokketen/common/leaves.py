"""Domain-tagged leaves and their Merkle trees, equal to ``contracts/common/TaggedLeaves.sol``.

A leaf is ``keccak256(keccak256(abi.encode(TAG, field1, field2, ...)))``:

- ``TAG = keccak256("blokketen.<pilot>.<kind>.v<version>")`` (:func:`tag`), one per registry
  and leaf kind, so a leaf of one registry or kind never verifies in another;
- the fields are static ABI types; text and documents go in as their hash, so the encoding
  is the tag followed by one word per field, exactly what the contract hashes;
- the double hash makes a leaf the hash of 32 bytes, an inner node the hash of 64, so an inner
  node never passes as a leaf.

Two tree shapes:

- :class:`MerkleTree`: sorted pairs, the layout of OpenZeppelin's merkle-tree library (leaves
  sorted, a proof is a list of siblings); what ``MerkleProof`` and ``TaggedLeaves.verify``
  check on chain. For sets: batches, roots of roots.
- :class:`IndexedMerkleTree`: positions matter (claim ``i`` is leaf ``i``); nodes hash
  ``(left, right)``; the leaf count is a power of two (pad with decoys). Checked on chain by
  ``TaggedLeaves.verifyAt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eth_abi import encode
from eth_abi.exceptions import ABITypeError, EncodingError, ParseError
from eth_abi.grammar import parse
from eth_abi.registry import registry as default_registry
from eth_utils import keccak

from blokketen._exceptions import InputError

__all__ = [
    "MAX_PROOF_LENGTH",
    "IndexedMerkleTree",
    "MerkleTree",
    "hash_ordered",
    "hash_pair",
    "process_indexed_proof",
    "process_proof",
    "tag",
    "tag_name",
    "tagged_leaf",
    "verify_indexed_proof",
    "verify_proof",
]

MAX_PROOF_LENGTH = 32
"""The longest proof the contracts accept (``TaggedLeaves.MAX_PROOF_LENGTH``): 2^32 leaves."""

_NAME_PART = re.compile(r"[a-z][a-z0-9-]*")
_FIXED_BYTES = re.compile(r"bytes([0-9]+)")


def tag_name(pilot: str, kind: str, *, version: int = 1) -> str:
    """The tag's text, ``blokketen.<pilot>.<kind>.v<version>`` (lower case, digits, dashes)."""
    for field, value in (("pilot", pilot), ("kind", kind)):
        if not isinstance(value, str) or not _NAME_PART.fullmatch(value):
            raise InputError(field, f"{value!r} must be lower-case letters, digits and dashes")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError("version", f"{version!r} must be a whole number from 1")
    return f"blokketen.{pilot}.{kind}.v{version}"


def tag(pilot: str, kind: str, *, version: int = 1) -> bytes:
    """``keccak256("blokketen.<pilot>.<kind>.v<version>")``: the tag of one leaf kind."""
    return keccak(text=tag_name(pilot, kind, version=version))


def tagged_leaf(leaf_tag: bytes, types: Sequence[str], values: Sequence[object]) -> bytes:
    """The leaf of ``values`` (ABI ``types``, static only) under ``leaf_tag``.

    Equal to the contract's ``TaggedLeaves.leaf(tag, ...)`` and ``leafOfEncoded(tag,
    abi.encode(...))``. A dynamic type (``string``, ``bytes``, ``T[]``) is refused: hash the
    value first and put the hash in as ``bytes32``.
    """
    _check_word("tag", leaf_tag)
    if leaf_tag == bytes(32):
        raise InputError("tag", "must not be zero")
    if len(types) != len(values):
        raise InputError("values", f"{len(values)} values for {len(types)} types")
    for abi_type in types:
        try:
            parsed = parse(abi_type)
            parsed.validate()
            dynamic = parsed.is_dynamic
            known = default_registry.has_encoder(abi_type)
        except (ParseError, ABITypeError, ValueError):
            known = False
        if not known:
            raise InputError("types", f"{abi_type!r} is not an ABI type") from None
        if dynamic:
            raise InputError("types", f"{abi_type} is dynamic: put its hash in as bytes32")
    for abi_type, value in zip(types, values, strict=True):
        size = _FIXED_BYTES.fullmatch(abi_type)
        if size and not (isinstance(value, bytes) and len(value) == int(size.group(1))):
            # eth-abi would pad a short value: a truncated salt must not pass unnoticed
            raise InputError("values", f"a {abi_type} value must be exactly {size.group(1)} bytes")
    try:
        encoded = encode(["bytes32", *types], [leaf_tag, *values])
    except (EncodingError, TypeError, ValueError, OverflowError) as err:
        raise InputError("values", f"do not fit the types {list(types)}: {err}") from None
    return keccak(keccak(encoded))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """An inner node of a sorted-pair tree: ``keccak256`` of the two in ascending order."""
    return keccak(a + b) if a < b else keccak(b + a)


def hash_ordered(left: bytes, right: bytes) -> bytes:
    """An inner node of an index-ordered tree: ``keccak256(left ‖ right)``."""
    return keccak(left + right)


def process_proof(leaf: bytes, proof: Iterable[bytes]) -> bytes:
    """The root a sorted-pair ``proof`` leads to from ``leaf``."""
    siblings = _check_proof(proof)
    node = leaf
    for sibling in siblings:
        node = hash_pair(node, sibling)
    return node


def verify_proof(leaf: bytes, proof: Iterable[bytes], root: bytes) -> bool:
    """Whether the sorted-pair ``proof`` proves ``leaf`` under ``root``.

    A proof longer than :data:`MAX_PROOF_LENGTH` raises InputError, as the contract reverts."""
    return process_proof(leaf, proof) == root


def process_indexed_proof(leaf: bytes, index: int, proof: Iterable[bytes]) -> bytes:
    """The root an index-ordered ``proof`` leads to from ``leaf`` at position ``index``."""
    siblings = _check_proof(proof)
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise InputError("index", f"{index!r} must be a whole number from 0")
    if index >> len(siblings):
        raise InputError("index", f"{index} is outside a tree of depth {len(siblings)}")
    node = leaf
    for level, sibling in enumerate(siblings):
        is_left = (index >> level) & 1 == 0
        node = hash_ordered(node, sibling) if is_left else hash_ordered(sibling, node)
    return node


def verify_indexed_proof(leaf: bytes, index: int, proof: Iterable[bytes], root: bytes) -> bool:
    """Whether the index-ordered ``proof`` proves ``leaf`` at ``index`` under ``root``."""
    return process_indexed_proof(leaf, index, proof) == root


@dataclass(frozen=True)
class MerkleTree:
    """A sorted-pair tree over distinct 32-byte leaves, kept as one array.

    ``nodes[0]`` is the root; the children of node ``i`` are ``2i+1`` and ``2i+2``; the ``n``
    sorted leaves fill the last ``n`` slots in reverse order (OpenZeppelin's layout, so a set
    of leaves always gives the same root). A single leaf is its own root.
    """

    nodes: tuple[bytes, ...]
    leaves: tuple[bytes, ...]

    @classmethod
    def build(cls, leaves: Iterable[bytes]) -> MerkleTree:
        """The tree over ``leaves`` (their order does not matter)."""
        ordered = sorted(leaves)
        if not ordered:
            raise InputError("leaves", "a Merkle tree needs at least one leaf")
        for leaf in ordered:
            _check_word("leaves", leaf)
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
        return self.nodes[0]

    def __len__(self) -> int:
        return len(self.leaves)

    def __contains__(self, leaf: object) -> bool:
        return isinstance(leaf, bytes) and _find(self.leaves, leaf) is not None

    def proof(self, leaf: bytes) -> tuple[bytes, ...]:
        """The siblings from ``leaf`` up to the root."""
        position = _find(self.leaves, leaf)
        if position is None:
            raise InputError("leaf", f"0x{leaf.hex()} is not in the tree")
        index = len(self.nodes) - 1 - position
        path: list[bytes] = []
        while index > 0:
            path.append(self.nodes[index - 1 if index % 2 == 0 else index + 1])
            index = (index - 1) // 2
        return tuple(path)

    def proofs(self) -> dict[bytes, tuple[bytes, ...]]:
        """A proof for every leaf."""
        return {leaf: self.proof(leaf) for leaf in self.leaves}


@dataclass(frozen=True)
class IndexedMerkleTree:
    """An index-ordered tree: leaf ``i`` stays at position ``i``; the count is a power of two.

    ``levels[0]`` are the leaves, ``levels[-1]`` is ``(root,)``. Pad a short list with decoy
    leaves (their own tag) up to the next power of two, so the count does not show.
    """

    levels: tuple[tuple[bytes, ...], ...]

    @classmethod
    def build(cls, leaves: Sequence[bytes]) -> IndexedMerkleTree:
        """The tree over ``leaves`` in their order (a power-of-two count, at most 2^32)."""
        row = tuple(leaves)
        count = len(row)
        if count == 0 or count & (count - 1):
            raise InputError("leaves", f"{count} leaves: the count must be a power of two "
                                       "(pad with decoy leaves)")
        if count > 1 << MAX_PROOF_LENGTH:
            raise InputError("leaves", f"{count} leaves: at most 2^{MAX_PROOF_LENGTH}")
        for leaf in row:
            _check_word("leaves", leaf)
        levels = [row]
        while len(row) > 1:
            row = tuple(hash_ordered(row[i], row[i + 1]) for i in range(0, len(row), 2))
            levels.append(row)
        return cls(levels=tuple(levels))

    @property
    def root(self) -> bytes:
        return self.levels[-1][0]

    @property
    def leaves(self) -> tuple[bytes, ...]:
        return self.levels[0]

    def __len__(self) -> int:
        return len(self.levels[0])

    def proof(self, index: int) -> tuple[bytes, ...]:
        """The siblings of leaf ``index`` from the bottom up."""
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self):
            raise InputError("index", f"{index!r} is not a position of this tree "
                                      f"(0 to {len(self) - 1})")
        path: list[bytes] = []
        for row in self.levels[:-1]:
            path.append(row[index ^ 1])
            index >>= 1
        return tuple(path)


def _check_proof(proof: Iterable[bytes]) -> tuple[bytes, ...]:
    siblings = tuple(proof)
    if len(siblings) > MAX_PROOF_LENGTH:
        raise InputError("proof", f"{len(siblings)} siblings: at most {MAX_PROOF_LENGTH}")
    for sibling in siblings:
        _check_word("proof", sibling)
    return siblings


def _find(items: Sequence[bytes], value: bytes) -> int | None:
    low, high = 0, len(items)
    while low < high:
        middle = (low + high) // 2
        if items[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low if low < len(items) and items[low] == value else None


def _check_word(field: str, value: object) -> None:
    if not isinstance(value, bytes) or len(value) != 32:
        raise InputError(field, "must be 32 bytes")
