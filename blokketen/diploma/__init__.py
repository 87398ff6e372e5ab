"""Diploma pilot: canonical documents, Merkle batches and holder receipts (no chain needed).

The chain side is :class:`blokketen.diploma.client.DiplomaRegistry`.
"""

from blokketen.diploma.documents import (
    FIELDS,
    PERSONAL_FIELDS,
    SCHEMA,
    DiplomaDocument,
    canonical_json,
    diploma_hash,
    keccak256,
    new_salt,
)
from blokketen.diploma.merkle import MerkleTree, hash_pair, leaf_hash, process_proof, verify_proof
from blokketen.diploma.receipts import RECEIPT_FORMAT, PreparedBatch, Receipt, prepare_batch

__all__ = [
    "FIELDS",
    "PERSONAL_FIELDS",
    "RECEIPT_FORMAT",
    "SCHEMA",
    "DiplomaDocument",
    "MerkleTree",
    "PreparedBatch",
    "Receipt",
    "canonical_json",
    "diploma_hash",
    "hash_pair",
    "keccak256",
    "leaf_hash",
    "new_salt",
    "prepare_batch",
    "process_proof",
    "verify_proof",
]
