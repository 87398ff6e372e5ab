"""What the registry stores instead of documents: commitments, ids and leaves, equal to the
contract's (a test compares them).

- attestation commitment: ``leaf(ATTESTATION_TAG, attType, salt, sha256(canonical record),
  sha256(source document))``; the salt (32 random bytes, at least 16 accepted) hides a record
  that could be guessed from few candidates;
- attestation id: ``leaf(ATTESTATION_ID_TAG, dwellingRef, attType, commitment)``;
- parcel commitment: ``leaf(PARCEL_TAG, dwellingRef, keccak256(capakey), salt)``;
- real-right holder leaf: ``leaf(HOLDER_TAG, dwellingRef, holder address)``.

Tags are ``keccak256("blokketen.woningpas.<kind>.v1")``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.canonical import canonical_json, check_salt
from blokketen.common.leaves import MerkleTree, tag, tagged_leaf
from blokketen.woningpas.types import AttType

__all__ = ["ATTESTATION_ID_TAG", "ATTESTATION_TAG", "HOLDER_TAG", "PARCEL_TAG", "REFERENCE_TAG",
           "attestation_id", "commitment", "document_hash", "holder_leaf", "holders_tree",
           "parcel_commitment", "record_hash", "reference_leaf", "reference_tree"]

ATTESTATION_TAG = tag("woningpas", "attestation")
"""Tag of an attestation commitment."""
ATTESTATION_ID_TAG = tag("woningpas", "attestation-id")
"""Tag of an attestation id."""
PARCEL_TAG = tag("woningpas", "parcel")
"""Tag of a parcel commitment."""
HOLDER_TAG = tag("woningpas", "holder")
"""Tag of a real-right holder leaf."""
REFERENCE_TAG = tag("woningpas", "reference-epc")
"""Tag of a reference-EPC leaf of a woonmaatschappij's yearly root."""
"""Tag of a real-right holder leaf."""


def _word(field: str, value: object) -> bytes:
    if not isinstance(value, bytes) or len(value) != 32:
        raise InputError(field, "32 bytes expected")
    if value == bytes(32):
        raise InputError(field, "must not be zero")
    return value


def record_hash(record: Mapping[str, Any]) -> bytes:
    """``sha256`` of the RFC 8785 JSON of ``record`` (NFC; floats refused)."""
    return hashlib.sha256(canonical_json(record)).digest()


def document_hash(document: bytes) -> bytes:
    """``sha256`` of a source document's bytes (the PDF or XML the issuer holds)."""
    if not isinstance(document, bytes) or not document:
        raise InputError("document", "the source document's bytes expected")
    return hashlib.sha256(document).digest()


def commitment(att_type: AttType, salt: bytes, record: Mapping[str, Any],
               document_sha256: bytes) -> bytes:
    """The commitment of an attestation of ``att_type``: its salted canonical record and the
    sha256 of the source document (:func:`document_hash`)."""
    kind = AttType(att_type)
    salt = check_salt(salt)
    if len(salt) != 32:
        raise InputError("salt", "32 bytes expected")
    return tagged_leaf(ATTESTATION_TAG, ("uint8", "bytes32", "bytes32", "bytes32"),
                       (int(kind), salt, record_hash(record),
                        _word("document_sha256", document_sha256)))


def attestation_id(dwelling_ref: bytes, att_type: AttType, commitment_: bytes) -> bytes:
    """The id the registry gives the attestation (``DwellingPassRegistry._store``)."""
    return tagged_leaf(ATTESTATION_ID_TAG, ("bytes32", "uint256", "bytes32"),
                       (_word("dwelling_ref", dwelling_ref), int(AttType(att_type)),
                        _word("commitment", commitment_)))


def parcel_commitment(dwelling_ref: bytes, capakey: str, salt: bytes) -> bytes:
    """The commitment linking a dwelling to its cadastral parcel (CaPaKey as written by the
    land registry, e.g. ``11001B0001/00A000``)."""
    if not isinstance(capakey, str) or not capakey.strip():
        raise InputError("capakey", "a CaPaKey expected")
    salt = check_salt(salt)
    if len(salt) != 32:
        raise InputError("salt", "32 bytes expected")
    return tagged_leaf(PARCEL_TAG, ("bytes32", "bytes32", "bytes32"),
                       (_word("dwelling_ref", dwelling_ref),
                        bytes(keccak(text=capakey.strip().upper())), salt))


def holder_leaf(dwelling_ref: bytes, holder: str) -> bytes:
    """The leaf of a real-right holder's account under a dwelling's holders' root."""
    from blokketen.contract import checks as check

    return tagged_leaf(HOLDER_TAG, ("bytes32", "address"),
                       (_word("dwelling_ref", dwelling_ref), check.address("holder", holder)))


def holders_tree(dwelling_ref: bytes, holders: list[str]) -> MerkleTree:
    """The Merkle tree (sorted pairs) of a dwelling's real-right holders."""
    if not holders:
        raise InputError("holders", "at least one real-right holder expected")
    return MerkleTree.build(holder_leaf(dwelling_ref, h) for h in holders)


def reference_leaf(dwelling_ref: bytes, year: int, attestation_id_: bytes) -> bytes:
    """The leaf naming ``attestation_id_`` the reference EPC of a dwelling for rent ``year``."""
    if isinstance(year, bool) or not isinstance(year, int) or not 2020 <= year <= 2100:
        raise InputError("year", f"a rent year from 2020 to 2100 expected, not {year!r}")
    return tagged_leaf(REFERENCE_TAG, ("bytes32", "uint256", "bytes32"),
                       (_word("dwelling_ref", dwelling_ref), year,
                        _word("attestation_id", attestation_id_)))


def reference_tree(year: int, references: Mapping[bytes, bytes]) -> MerkleTree:
    """The yearly root of a woonmaatschappij: one leaf per dwelling (reference -> EPC id)."""
    if not references:
        raise InputError("references", "at least one dwelling expected")
    return MerkleTree.build(reference_leaf(r, year, i) for r, i in references.items())
