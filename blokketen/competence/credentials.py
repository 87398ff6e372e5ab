"""Competence credentials: salted claim leaves, decoys, the holder leaf, and batches.

A learner's credential is an index-ordered Merkle tree (:class:`IndexedMerkleTree`) of
``size = max(16, next power of two above the claim count)`` leaves:

- position 0, the **holder leaf** ``H2(HOLDER_TAG, credentialId, salt, holder)``: it commits to
  the learner's own key (an address), never to an identity number;
- the claims, each at a random position, ``H2(CLAIM_TAG, credentialId, index, salt,
  sha256(JCS(claim)))`` with its own 32-byte salt;
- **decoys** everywhere else, ``H2(DECOY_TAG, credentialId, index, salt)``, so neither the tree
  size nor a disclosed position tells how many claims there are.

``H2`` is the shared double-hashed tagged leaf (``contracts/common/TaggedLeaves.sol``). A batch
is a sorted-pair tree over the credential leaves ``H2(CREDENTIAL_TAG, credentialRoot)`` of every
learner of one school's batch: one root, one transaction. The learner's
:class:`~blokketen.competence.receipts.CompetenceReceipt` (see
:func:`~blokketen.competence.receipts.batch_receipts`) keeps claims, salts and proofs.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common import canonical
from blokketen.common.leaves import IndexedMerkleTree, MerkleTree, tag, tagged_leaf
from blokketen.competence.claims import Claim
from blokketen.competence.types import MIN_TREE_SIZE, Framework
from blokketen.contract import checks as check

__all__ = [
    "CLAIM_TAG",
    "CREDENTIAL_TAG",
    "DECOY_TAG",
    "HOLDER_TAG",
    "LearnerEntry",
    "PreparedBatch",
    "PreparedCredential",
    "claim_leaf",
    "credential_leaf",
    "decoy_leaf",
    "holder_leaf",
    "prepare_batch",
    "prepare_credential",
    "tree_size",
]

CREDENTIAL_TAG = tag("competence", "credential")
"""``keccak256("blokketen.competence.credential.v1")``: a credential's leaf in its batch."""
CLAIM_TAG = tag("competence", "claim")
"""``keccak256("blokketen.competence.claim.v1")``: a claim leaf."""
DECOY_TAG = tag("competence", "decoy")
"""``keccak256("blokketen.competence.decoy.v1")``: a decoy leaf."""
HOLDER_TAG = tag("competence", "holder")
"""``keccak256("blokketen.competence.holder.v1")``: the holder leaf."""

MAX_CLAIMS = 4095
"""At most this many claims per credential (a tree of 4,096 leaves, proofs of 12)."""
_ENTRY_FIELDS = ("holder", "claims")


def claim_leaf(credential_id: bytes, index: int, salt: bytes, claim_hash: bytes) -> bytes:
    """The leaf of a claim (``claimLeafOf`` on chain): the shared tagged leaf of
    ``(bytes32 credentialId, uint256 index, bytes32 salt, bytes32 claimHash)``."""
    return _words_leaf(CLAIM_TAG, credential_id, _index_word(index), salt, claim_hash)


def decoy_leaf(credential_id: bytes, index: int, salt: bytes) -> bytes:
    """The leaf of a decoy (``decoyLeafOf``): ``(credentialId, index, salt)``."""
    return _words_leaf(DECOY_TAG, credential_id, _index_word(index), salt)


def _words_leaf(leaf_tag: bytes, *words: bytes) -> bytes:
    """:func:`~blokketen.common.leaves.tagged_leaf` for fields that are all 32-byte words,
    without its per-call ABI type parsing (a school hashes millions of these; the tests
    compare both, and the contract)."""
    for word in words:
        if not isinstance(word, bytes) or len(word) != 32:
            raise InputError("values", "a bytes32 value must be exactly 32 bytes")
    return keccak(keccak(leaf_tag + b"".join(words)))


def _index_word(index: int) -> bytes:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < 2**256:
        raise InputError("index", f"{index!r} is not a uint256 position")
    return index.to_bytes(32, "big")


def holder_leaf(credential_id: bytes, salt: bytes, holder: str) -> bytes:
    """The holder leaf at position 0 (``holderLeafOf``): commits to the learner's address."""
    return tagged_leaf(HOLDER_TAG, ("bytes32", "bytes32", "address"),
                       (credential_id, salt, check.address("holder", holder)))


def credential_leaf(credential_root: bytes) -> bytes:
    """The leaf of a credential in its batch tree (``credentialLeafOf``)."""
    return tagged_leaf(CREDENTIAL_TAG, ("bytes32",), (credential_root,))


def tree_size(claim_count: int) -> int:
    """The leaf count of a credential of ``claim_count`` claims: a power of two of at least
    :data:`MIN_TREE_SIZE` above the claims and the holder leaf."""
    size = MIN_TREE_SIZE
    while size < claim_count + 1:
        size *= 2
    return size


@dataclass(frozen=True)
class LearnerEntry:
    """What a school gives for one learner: the learner's address (from the key the learner
    made) and the claims. Nothing else: the school keeps who the learner is in its own files."""

    holder: str
    claims: tuple[Claim, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "holder", check.address("holder", self.holder))
        if not self.claims:
            raise InputError("claims", "a credential needs at least one claim")
        if len(self.claims) > MAX_CLAIMS:
            raise InputError("claims", f"at most {MAX_CLAIMS} claims per credential")
        for i, claim in enumerate(self.claims):
            if not isinstance(claim, Claim):
                raise InputError(f"claims[{i}]", "must be a Claim")

    @classmethod
    def from_dict(cls, data: object) -> LearnerEntry:
        """An entry from ``{"holder": "0x…", "claims": [{…}, …]}``; any other field (a name,
        a national number) is refused."""
        if not isinstance(data, Mapping):
            raise InputError("learner", "must be a JSON object with holder and claims")
        unknown = sorted(str(k) for k in data if k not in _ENTRY_FIELDS)
        if unknown:
            raise InputError(unknown[0], "is not a field of a learner entry (holder, claims): "
                                         "the chain side never gets names or numbers")
        claims = data.get("claims")
        if not isinstance(claims, list):
            raise InputError("claims", "must be a list of claims")
        parsed = []
        for i, item in enumerate(claims):
            try:
                parsed.append(Claim.from_dict(item))
            except InputError as err:
                raise InputError(f"claims[{i}].{err.field}", err.problem) from None
        return cls(holder=data.get("holder"), claims=tuple(parsed))  # type: ignore[arg-type]

    @classmethod
    def loads(cls, text: str | bytes) -> LearnerEntry:
        """An entry from one JSON line, strictly (duplicate keys and floats refused)."""
        return cls.from_dict(canonical.loads(text, require_canonical=False))


@dataclass(frozen=True)
class PreparedCredential:
    """A credential with its salts and tree, before anchoring (issuer side)."""

    credential_id: bytes
    holder: str
    holder_salt: bytes
    positions: tuple[int, ...]
    """The tree position of each claim, in the entry's order."""
    claims: tuple[Claim, ...]
    salts: tuple[bytes, ...]
    """The salt of every position (holder, claims and decoys)."""
    tree: IndexedMerkleTree

    @property
    def root(self) -> bytes:
        return self.tree.root

    @property
    def size(self) -> int:
        return len(self.tree)

    def decoy_positions(self) -> tuple[int, ...]:
        taken = {0, *self.positions}
        return tuple(i for i in range(self.size) if i not in taken)


def prepare_credential(entry: LearnerEntry, *, credential_id: bytes | None = None,
                       salts: Sequence[bytes] | None = None,
                       positions: Sequence[int] | None = None) -> PreparedCredential:
    """Salt and place the claims of ``entry``: fresh random id, salts and positions unless
    given (tests pin them)."""
    check.instance("entry", entry, LearnerEntry)
    size = tree_size(len(entry.claims))
    ident = secrets.token_bytes(32) if credential_id is None else check.hash32(
        "credential_id", credential_id, text_ok=False)
    if salts is None:
        salt_list = [canonical.salt() for _ in range(size)]
    else:
        salt_list = [canonical.check_salt(s, field=f"salts[{i}]") for i, s in enumerate(salts)]
        if len(salt_list) != size:
            raise InputError("salts", f"{len(salt_list)} salts for a tree of {size} leaves")
    if positions is None:
        free = list(range(1, size))
        chosen = []
        for _ in entry.claims:
            chosen.append(free.pop(secrets.randbelow(len(free))))
    else:
        chosen = list(positions)
        if (len(chosen) != len(entry.claims) or len(set(chosen)) != len(chosen)
                or any(isinstance(p, bool) or not isinstance(p, int) or not 0 < p < size
                       for p in chosen)):
            raise InputError("positions", f"one distinct position from 1 to {size - 1} "
                                          "per claim")
    leaves = [decoy_leaf(ident, i, salt_list[i]) for i in range(size)]
    leaves[0] = holder_leaf(ident, salt_list[0], entry.holder)
    for position, claim in zip(chosen, entry.claims, strict=True):
        leaves[position] = claim_leaf(ident, position, salt_list[position], claim.digest())
    return PreparedCredential(credential_id=ident, holder=entry.holder,
                              holder_salt=salt_list[0], positions=tuple(chosen),
                              claims=entry.claims, salts=tuple(salt_list),
                              tree=IndexedMerkleTree.build(leaves))


@dataclass(frozen=True)
class PreparedBatch:
    """A school's batch before anchoring: its credentials, framework, level range and the
    sorted-pair tree over the credential leaves."""

    framework: Framework
    min_level: int
    max_level: int
    credentials: tuple[PreparedCredential, ...]
    tree: MerkleTree

    @property
    def root(self) -> bytes:
        return self.tree.root

    @property
    def count(self) -> int:
        return len(self.credentials)

    def __len__(self) -> int:
        return len(self.credentials)

    def proof_of(self, credential: PreparedCredential) -> tuple[bytes, ...]:
        """The proof of ``credential`` in the batch tree."""
        return self.tree.proof(credential_leaf(credential.root))


def prepare_batch(entries: Iterable[LearnerEntry], *, framework: Framework | str | None = None
                  ) -> PreparedBatch:
    """Salt and hash the credentials of ``entries`` into one batch. Every claim must be of
    the batch's framework (``framework``, or that of the first claim); the level range is
    that of the claims."""
    items = list(entries)
    if not items:
        raise InputError("learners", "a batch needs at least one learner (an empty batch is "
                                     "refused)")
    if len(items) > check.UINT32_MAX:
        raise InputError("learners", f"at most {check.UINT32_MAX} learners per batch")
    for i, entry in enumerate(items):
        check.instance(f"learners[{i}]", entry, LearnerEntry)
    chosen = (Framework.parse(framework) if framework is not None
              else Framework.parse(items[0].claims[0].framework))
    levels = []
    for i, entry in enumerate(items):
        for j, claim in enumerate(entry.claims):
            if claim.framework != chosen.value:
                raise InputError(f"learners[{i}].claims[{j}].framework",
                                 f"{claim.framework} in a batch for {chosen.value}: one "
                                 "framework per batch")
            levels.append(claim.level)
    credentials = tuple(prepare_credential(entry) for entry in items)
    tree = MerkleTree.build(credential_leaf(c.root) for c in credentials)
    return PreparedBatch(framework=chosen, min_level=min(levels), max_level=max(levels),
                         credentials=credentials, tree=tree)
