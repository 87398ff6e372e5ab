"""What a document claims, hashed as the registry hashes it (no chain): tags, institution
ids, diploma identities and leaves."""

from __future__ import annotations

import dataclasses

import pytest
from eth_abi import encode
from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.leaves import tag_name, tagged_leaf
from blokketen.diploma import (
    DIPLOMA_ID_TAG,
    DIPLOMA_TAG,
    INSTITUTION_TAG,
    DiplomaClaim,
    accreditation_scope,
    diploma_id,
    institution_id,
    institution_name_hash,
    leaf_hash,
)

ISSUER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
SALT = b"\x5a" * 32


def test_tags_follow_the_shared_naming():
    assert DIPLOMA_TAG == keccak(text=tag_name("diploma", "document"))
    assert DIPLOMA_ID_TAG == keccak(text="blokketen.diploma.id.v1")
    assert INSTITUTION_TAG == keccak(text="blokketen.diploma.institution.v1")
    assert len({DIPLOMA_TAG, DIPLOMA_ID_TAG, INSTITUTION_TAG}) == 3


def test_institution_id_binds_the_name_to_the_country():
    leuven_be = institution_id("BE", "KU Leuven")
    assert leuven_be == keccak(encode(["bytes32", "bytes2", "bytes32"],
                                      [INSTITUTION_TAG, b"BE", keccak(b"KU Leuven")]))
    assert leuven_be != institution_id("NL", "KU Leuven")
    assert leuven_be != institution_id("BE", "KU  Leuven")  # the official name, as written
    with pytest.raises(InputError) as caught:
        institution_name_hash(" ")
    assert caught.value.field == "institution"


def test_claim_of_a_document(document):
    claim = DiplomaClaim.of(document, SALT)
    assert claim.document_hash == document.hash() and claim.salt == SALT
    assert (claim.level, claim.country) == (7, "BE")
    assert claim.institution_name_hash == keccak(b"KU Leuven")
    assert claim.institution_id == institution_id("BE", "KU Leuven")
    assert claim.as_tuple() == (document.hash(), SALT, 7, b"BE", keccak(b"KU Leuven"))


def test_leaf_is_the_tagged_leaf_of_every_part(document):
    claim = DiplomaClaim.of(document, SALT)
    expected = tagged_leaf(
        DIPLOMA_TAG, ["bytes32", "bytes32", "address", "uint8", "bytes2", "bytes32"],
        [document.hash(), SALT, ISSUER, 7, b"BE", institution_id("BE", "KU Leuven")])
    assert leaf_hash(claim, ISSUER) == claim.leaf(ISSUER) == expected
    # every part changes the leaf: the document, the salt, the issuer, each claimed field
    variants = [
        claim.leaf(OTHER),
        dataclasses.replace(claim, salt=b"\x5b" * 32).leaf(ISSUER),
        dataclasses.replace(claim, document_hash=keccak(b"other")).leaf(ISSUER),
        dataclasses.replace(claim, level=6).leaf(ISSUER),
        dataclasses.replace(claim, country="NL").leaf(ISSUER),
        dataclasses.replace(claim, institution_name_hash=keccak(b"UGent")).leaf(ISSUER),
    ]
    assert len({expected, *variants}) == 7


def test_identity_does_not_depend_on_the_salt_or_issuer(document):
    first = DiplomaClaim.of(document, SALT)
    again = DiplomaClaim.of(document, b"\x01" * 32)
    assert first.diploma_id == again.diploma_id
    assert first.diploma_id == diploma_id(institution_id("BE", "KU Leuven"), document.hash())
    assert first.leaf(ISSUER) != again.leaf(ISSUER)
    # another document (any field) or another institution is another diploma
    graded = DiplomaClaim.of(dataclasses.replace(document, grade="cum laude"), SALT)
    assert graded.diploma_id != first.diploma_id
    elsewhere = dataclasses.replace(first, country="NL")
    assert elsewhere.diploma_id != first.diploma_id


def test_accreditation_scope_is_per_level():
    scopes = {accreditation_scope(level) for level in range(1, 9)}
    assert len(scopes) == 8
    with pytest.raises(InputError):
        accreditation_scope(9)


@pytest.mark.parametrize(("field", "value"), [
    ("document_hash", b"short"), ("salt", bytes(32)), ("salt", "0x" + "11" * 32),
    ("level", 0), ("level", 9), ("country", "be"), ("institution_name_hash", None)])
def test_claims_are_checked(document, field, value):
    claim = DiplomaClaim.of(document, SALT)
    with pytest.raises(InputError) as caught:
        dataclasses.replace(claim, **{field: value})
    assert caught.value.field == field


def test_leaf_needs_an_issuer_address(document):
    claim = DiplomaClaim.of(document, SALT)
    for bad in ("KU Leuven", None, "0x" + "00" * 20):
        with pytest.raises(InputError) as caught:
            claim.leaf(bad)
        assert caught.value.field == "issuer"
