"""EIP-712 in Python: equal to eth-account's encoder, signing and recovering, refusals."""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common.typed_data import (
    SECP256K1_N,
    Domain,
    TypedStruct,
    digest,
    recover,
    recover_digest,
    sign,
    sign_digest,
)

MANDATE = TypedStruct.parse(
    "Mandate(bytes32 dwellingRef,address grantee,uint16 scopeMask,uint64 validUntil,"
    "uint256 nonce,string audience,bytes evidence,bytes32[] leaves)")
DOMAIN = Domain(name="Blokketen DwellingPass", version="1", chain_id=31337,
                verifying_contract="0x" + "ab" * 20)
KEY = Account.create("typed data tests")
VALUES = {
    "dwellingRef": keccak(b"gebouweenheid:6747170"), "grantee": "0x" + "12" * 20,
    "scopeMask": 5, "validUntil": 1_800_000_000, "nonce": 0, "audience": "did:web:notaris.be",
    "evidence": b"\x00\x01", "leaves": [keccak(b"a"), keccak(b"b")],
}


def test_digest_equals_eth_account():
    signable = encode_typed_data(DOMAIN.as_dict(), MANDATE.types(), VALUES)
    assert digest(DOMAIN, MANDATE, VALUES) == bytes(_hash_eip191_message(signable))
    assert MANDATE.encode_type.startswith("Mandate(bytes32 dwellingRef,address grantee,")
    assert MANDATE.type_hash == keccak(text=MANDATE.encode_type)


def test_sign_recovers_to_the_signer_and_equals_eth_account():
    signature = sign(KEY, DOMAIN, MANDATE, VALUES)
    assert recover(DOMAIN, MANDATE, VALUES, signature) == KEY.address
    theirs = KEY.sign_typed_data(DOMAIN.as_dict(), MANDATE.types(), VALUES).signature
    assert signature == bytes(theirs)
    assert signature[64] in (27, 28)


def test_another_domain_or_message_recovers_to_someone_else():
    signature = sign(KEY, DOMAIN, MANDATE, VALUES)
    other_chain = Domain(name=DOMAIN.name, version="1", chain_id=1,
                         verifying_contract=DOMAIN.verifying_contract)
    assert recover(other_chain, MANDATE, VALUES, signature) != KEY.address
    assert recover(DOMAIN, MANDATE, {**VALUES, "nonce": 1}, signature) != KEY.address


def test_recover_refuses_what_the_contract_refuses():
    message = digest(DOMAIN, MANDATE, VALUES)
    signature = sign_digest(KEY.key, message)
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    high_s = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])
    with pytest.raises(InputError, match="malleable"):
        recover_digest(message, high_s)
    with pytest.raises(InputError, match="v is 1"):
        recover_digest(message, signature[:64] + b"\x01")
    with pytest.raises(InputError, match="65 bytes"):
        recover_digest(message, signature[:64])
    with pytest.raises(InputError, match="out of range"):
        recover_digest(message, bytes(32) + signature[32:])


@pytest.mark.parametrize(("change", "field"), [
    ({"nonce": -1}, "nonce"), ({"scopeMask": 70000}, "scopeMask"), ({"grantee": "0x12"}, "grantee"),
    ({"dwellingRef": b"short"}, "dwellingRef"), ({"audience": b"bytes"}, "audience"),
    ({"leaves": keccak(b"x")}, "leaves"), ({"extra": 1}, "extra"), ({"nonce": True}, "nonce"),
])
def test_values_that_do_not_fit_name_the_field(change, field):
    with pytest.raises(InputError) as caught:
        digest(DOMAIN, MANDATE, {**VALUES, **change})
    assert caught.value.field == field


def test_a_missing_field_is_named():
    values = dict(VALUES)
    del values["nonce"]
    with pytest.raises(InputError) as caught:
        digest(DOMAIN, MANDATE, values)
    assert caught.value.field == "nonce"


@pytest.mark.parametrize("text", ["Mandate", "Mandate(uint nonce)", "Mandate(Other x)",
                                  "Mandate(uint256 a,uint256 a)", "Mandate(uint256[][] a)"])
def test_unsupported_type_strings_are_refused(text):
    with pytest.raises(InputError):
        TypedStruct.parse(text)


def test_domain_checks_its_fields():
    with pytest.raises(InputError) as caught:
        Domain(name="x", version="1", chain_id=0, verifying_contract=DOMAIN.verifying_contract)
    assert caught.value.field == "chain_id"
    with pytest.raises(InputError) as caught:
        Domain(name="x", version="1", chain_id=1, verifying_contract="0x1234")
    assert caught.value.field == "verifying_contract"
