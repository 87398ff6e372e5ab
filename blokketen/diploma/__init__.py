"""The international diploma exchange pilot, one room:

- :mod:`~blokketen.diploma.types` value types (statuses, reasons, issuer histories, verdicts);
  :mod:`~blokketen.diploma.documents` canonical documents; :mod:`~blokketen.diploma.claims`
  what a document claims, hashed as the registry hashes it (institution ids, diploma
  identities, tagged leaves); :mod:`~blokketen.diploma.receipts` holder receipts and batches.
  None needs a chain.
- :mod:`~blokketen.diploma.client` the typed client :class:`DiplomaRegistry`.
- :mod:`~blokketen.diploma.cli` the ``blokketen diploma ...`` verbs,
  :mod:`~blokketen.diploma.demo` its part of ``make demo``, :mod:`~blokketen.diploma.pilot`
  its registration.

This package exports what needs no chain; import the client from its module.
"""

from blokketen.common.leaves import MerkleTree, hash_pair, process_proof, verify_proof
from blokketen.diploma.claims import (
    DIPLOMA_ID_TAG,
    DIPLOMA_TAG,
    EQF_FRAMEWORK,
    INSTITUTION_TAG,
    DiplomaClaim,
    accreditation_scope,
    diploma_id,
    institution_id,
    institution_name_hash,
    leaf_hash,
)
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
from blokketen.diploma.receipts import RECEIPT_FORMAT, DiplomaReceipt, PreparedBatch, prepare_batch
from blokketen.diploma.types import (
    ADMIN_DELAY,
    MISMATCH_FIELDS,
    OPEN_UNTIL,
    REASON_NOT_ACCREDITED_AT_ISSUANCE,
    Authority,
    Batch,
    DiplomaRecord,
    DiplomaState,
    IssuerHistory,
    IssuerState,
    Recognition,
    RetroactiveWithdrawal,
    RevocationReason,
    Status,
    Verification,
    VoidedSpan,
)

__all__ = [
    "ADMIN_DELAY",
    "DIPLOMA_ID_TAG",
    "DIPLOMA_TAG",
    "EQF_FRAMEWORK",
    "FIELDS",
    "INSTITUTION_TAG",
    "MISMATCH_FIELDS",
    "OPEN_UNTIL",
    "PERSONAL_FIELDS",
    "REASON_NOT_ACCREDITED_AT_ISSUANCE",
    "RECEIPT_FORMAT",
    "SCHEMA",
    "Authority",
    "Batch",
    "DiplomaClaim",
    "DiplomaDocument",
    "DiplomaReceipt",
    "DiplomaRecord",
    "DiplomaState",
    "IssuerHistory",
    "IssuerState",
    "MerkleTree",
    "PreparedBatch",
    "Recognition",
    "RetroactiveWithdrawal",
    "RevocationReason",
    "Status",
    "Verification",
    "VoidedSpan",
    "accreditation_scope",
    "canonical_json",
    "country_code",
    "diploma_hash",
    "diploma_id",
    "eqf_level",
    "hash_pair",
    "institution_id",
    "institution_name_hash",
    "keccak256",
    "leaf_hash",
    "new_salt",
    "prepare_batch",
    "process_proof",
    "verify_proof",
]
