"""What a diploma claims, hashed as the registry hashes it: institution ids, diploma
identities and leaves, with their tags (``contracts/diploma/DiplomaRegistry.sol``).

- An **institution id** binds an institution's official name to its country:
  ``keccak256(abi.encode(INSTITUTION_TAG, country, keccak256(name)))``. An accreditor of one
  country cannot accredit an institution of another, whatever it is called.
- A **diploma identity** does not depend on the salt or the batch:
  ``keccak256(abi.encode(DIPLOMA_ID_TAG, institutionId, documentHash))``. Revocation,
  suspension and recognition are kept under it, so they hold in whatever batch the diploma is
  anchored again.
- A **leaf** is a tagged leaf (:mod:`blokketen.common.leaves`) under :data:`DIPLOMA_TAG` of
  ``(documentHash, salt, issuer, level, country, institutionId)``: it commits to what the
  document claims and to the account that anchored it. The registry builds it from these
  parts itself, so a proof node never passes as a leaf.

Every value here is a hash: the document, its salt and its fields never leave Python except
as the document hash (inside the identity and the leaf) and the salt of a diploma someone
acts on.
"""

from __future__ import annotations

from dataclasses import dataclass

from eth_abi import encode
from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.leaves import tag
from blokketen.contract import checks as check
from blokketen.diploma.documents import DiplomaDocument, country_code, eqf_level

__all__ = [
    "DIPLOMA_ID_TAG",
    "DIPLOMA_TAG",
    "EQF_FRAMEWORK",
    "INSTITUTION_TAG",
    "LEAF_TYPES",
    "DiplomaClaim",
    "accreditation_scope",
    "address_word",
    "diploma_id",
    "institution_id",
    "institution_name_hash",
    "leaf_hash",
    "leaf_of_parts",
]

DIPLOMA_TAG = tag("diploma", "document")
"""``keccak256("blokketen.diploma.document.v1")``: the tag of a diploma leaf."""
DIPLOMA_ID_TAG = tag("diploma", "id")
"""``keccak256("blokketen.diploma.id.v1")``: the tag of a diploma identity."""
INSTITUTION_TAG = tag("diploma", "institution")
"""``keccak256("blokketen.diploma.institution.v1")``: the tag of an institution id."""
EQF_FRAMEWORK = keccak(text="eqf:2017")
"""The framework of the accreditation scopes: the EQF (Council Recommendation of 22 May 2017)."""
LEAF_TYPES = ("bytes32", "bytes32", "address", "uint8", "bytes2", "bytes32")
"""ABI types of a leaf's fields: document hash, salt, issuer, level, country, institution id."""


def institution_name_hash(name: str) -> bytes:
    """``keccak256`` of an institution's official name as written (UTF-8)."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("institution", "must be the institution's official name")
    return keccak(name.encode("utf-8"))


def address_word(address: str) -> bytes:
    """A checked address as the 32-byte ABI word a leaf holds."""
    return _address_word(check.address("issuer", address))


def institution_id(country: str, name: str) -> bytes:
    """The institution id of ``name`` in ``country`` (see the module description)."""
    code = country_code("country", country).encode("ascii")
    return keccak(encode(["bytes32", "bytes2", "bytes32"],
                         [INSTITUTION_TAG, code, institution_name_hash(name)]))


def diploma_id(institution: bytes, document_hash: bytes) -> bytes:
    """The identity of the diploma ``document_hash`` of ``institution`` (an institution id)."""
    return keccak(encode(["bytes32", "bytes32", "bytes32"], [
        DIPLOMA_ID_TAG, check.word32("institution", institution, text_ok=False),
        check.word32("document_hash", document_hash, text_ok=False)]))


def accreditation_scope(level: int) -> bytes:
    """The role-window scope of an accreditation for EQF ``level``."""
    return keccak(encode(["bytes32", "uint8"], [EQF_FRAMEWORK, eqf_level("level", level)]))


@dataclass(frozen=True)
class DiplomaClaim:
    """What a document claims, as the registry's ``DiplomaClaim`` struct: the document's hash,
    the holder's salt, its EQF level, its country and the hash of its institution's name."""

    document_hash: bytes
    salt: bytes
    level: int
    country: str
    institution_name_hash: bytes

    def __post_init__(self) -> None:
        check.word32("document_hash", self.document_hash, text_ok=False)
        check.word32("salt", self.salt, text_ok=False)
        if self.salt == bytes(32):
            raise InputError("salt", "must be random, not zero")
        eqf_level("level", self.level)
        country_code("country", self.country)
        check.word32("institution_name_hash", self.institution_name_hash, text_ok=False)

    @classmethod
    def of(cls, document: DiplomaDocument, salt: bytes) -> DiplomaClaim:
        """The claim of ``document`` with ``salt`` (32 bytes)."""
        return cls(document_hash=document.hash(), salt=salt, level=document.eqf_level,
                   country=document.country,
                   institution_name_hash=institution_name_hash(document.institution))

    @property
    def institution_id(self) -> bytes:
        """The institution id the document names."""
        return keccak(encode(["bytes32", "bytes2", "bytes32"], [
            INSTITUTION_TAG, self.country.encode("ascii"), self.institution_name_hash]))

    @property
    def diploma_id(self) -> bytes:
        """The diploma's identity, under which its status is kept."""
        return diploma_id(self.institution_id, self.document_hash)

    def leaf(self, issuer: str) -> bytes:
        """The leaf of this claim anchored by ``issuer``."""
        return leaf_hash(self, issuer)

    def as_tuple(self) -> tuple[bytes, bytes, int, bytes, bytes]:
        """The struct as the ABI encoder takes it."""
        return (self.document_hash, self.salt, self.level, self.country.encode("ascii"),
                self.institution_name_hash)


def leaf_hash(claim: DiplomaClaim, issuer: str) -> bytes:
    """The leaf of ``claim`` anchored by ``issuer`` (see the module description): the
    tagged leaf of :data:`LEAF_TYPES` (``blokketen.common.leaves.tagged_leaf``), encoded
    here directly, word by word, as a batch of thousands needs it fast."""
    checked = check.instance("claim", claim, DiplomaClaim)
    return leaf_of_parts(checked.document_hash, checked.salt,
                         _address_word(check.address("issuer", issuer)), checked.level,
                         checked.country, checked.institution_id)


def leaf_of_parts(document_hash: bytes, salt: bytes, issuer_word: bytes, level: int,
                  country: str, institution: bytes) -> bytes:
    """The leaf of checked parts (``issuer_word`` is the address as a 32-byte word)."""
    encoded = b"".join((DIPLOMA_TAG, document_hash, salt, issuer_word, level.to_bytes(32, "big"),
                        country.encode("ascii").ljust(32, b"\0"), institution))
    return keccak(keccak(encoded))


def _address_word(address: str) -> bytes:
    return bytes.fromhex(address[2:]).rjust(32, b"\0")
