"""The international diploma exchange pilot, one room:

- :mod:`~blokketen.diploma.types` value types (statuses, reasons, accreditations, verdicts);
  :mod:`~blokketen.diploma.documents` canonical documents; :mod:`~blokketen.diploma.merkle`
  Merkle batches; :mod:`~blokketen.diploma.receipts` holder receipts. None needs a chain.
- :mod:`~blokketen.diploma.client` the typed client :class:`DiplomaRegistry`.
- :mod:`~blokketen.diploma.cli` the ``blokketen diploma ...`` verbs,
  :mod:`~blokketen.diploma.demo` its part of ``make demo``, :mod:`~blokketen.diploma.pilot`
  its registration.

This package exports what needs no chain; import the client from its module.
"""

from blokketen.diploma.documents import (
    FIELDS,
    PERSONAL_FIELDS,
    SCHEMA,
    DiplomaDocument,
    canonical_json,
    country_code,
    diploma_hash,
    eqf_level,
    keccak256,
    new_salt,
)
from blokketen.diploma.merkle import MerkleTree, hash_pair, leaf_hash, process_proof, verify_proof
from blokketen.diploma.receipts import RECEIPT_FORMAT, DiplomaReceipt, PreparedBatch, prepare_batch
from blokketen.diploma.types import (
    OPEN_UNTIL,
    Accreditation,
    Batch,
    IssuerHistory,
    IssuerState,
    Recognition,
    RevocationReason,
    Status,
    Verification,
)

__all__ = [
    "FIELDS",
    "OPEN_UNTIL",
    "PERSONAL_FIELDS",
    "RECEIPT_FORMAT",
    "SCHEMA",
    "Accreditation",
    "Batch",
    "DiplomaDocument",
    "DiplomaReceipt",
    "IssuerHistory",
    "IssuerState",
    "MerkleTree",
    "PreparedBatch",
    "Recognition",
    "RevocationReason",
    "Status",
    "Verification",
    "canonical_json",
    "country_code",
    "diploma_hash",
    "eqf_level",
    "hash_pair",
    "keccak256",
    "leaf_hash",
    "new_salt",
    "prepare_batch",
    "process_proof",
    "verify_proof",
]
