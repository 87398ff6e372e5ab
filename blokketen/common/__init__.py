"""The Python half of ``contracts/common``: the building blocks every pilot shares.

- :mod:`~blokketen.common.leaves`: domain-tagged leaves, Merkle trees and proofs;
- :mod:`~blokketen.common.typed_data`: EIP-712 domains, struct hashes, signing, recovering;
- :mod:`~blokketen.common.status`: the status enum and reason codes of every registry view;
- :mod:`~blokketen.common.roles`: role windows as verifiers read them;
- :mod:`~blokketen.common.canonical`: canonical JSON (RFC 8785, NFC) and salts;
- :mod:`~blokketen.common.keyset`: a compact set of keys (8 bytes each) for bulk work.

Pure code: nothing here talks to a chain.
"""

from blokketen.common.canonical import canonical_json, check_salt, loads, nfc, salt
from blokketen.common.leaves import (
    MAX_PROOF_LENGTH,
    IndexedMerkleTree,
    MerkleTree,
    process_indexed_proof,
    process_proof,
    tag,
    tagged_leaf,
    verify_indexed_proof,
    verify_proof,
)
from blokketen.common.roles import OPEN_ENDED, RoleWindow, holds_at
from blokketen.common.status import Reason, Status, StatusReport, check_reason
from blokketen.common.typed_data import Domain, TypedStruct, digest, recover, sign

__all__ = [
    "MAX_PROOF_LENGTH",
    "OPEN_ENDED",
    "Domain",
    "IndexedMerkleTree",
    "MerkleTree",
    "Reason",
    "RoleWindow",
    "Status",
    "StatusReport",
    "TypedStruct",
    "canonical_json",
    "check_reason",
    "check_salt",
    "digest",
    "holds_at",
    "loads",
    "nfc",
    "process_indexed_proof",
    "process_proof",
    "recover",
    "salt",
    "sign",
    "tag",
    "tagged_leaf",
    "verify_indexed_proof",
    "verify_proof",
]
