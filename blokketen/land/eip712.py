"""EIP-712 typed data of the land registry's transfer with signatures.

The contract computes the same domain itself (OpenZeppelin's EIP712 needs Cancun); these
helpers build the typed data that a party signs (the client signs it with the party's
account) and the digest, hashed here without any account, so both sides can be compared.

The signed ``Transfer`` names the parcel's version, the seller's nonce and the buyer's nonce:
terms signed before any change to the parcel (a right added, a transfer, a freeze ...), before
the seller's next transfer, or before either party used up its nonce to withdraw are refused.
Domain version 2 has the version field; version 1 had none.
"""

from __future__ import annotations

from typing import Any

from blokketen.land.capakey import parcel_id

__all__ = [
    "DOMAIN_NAME",
    "DOMAIN_VERSION",
    "TRANSFER_TYPES",
    "domain",
    "transfer_digest",
    "transfer_message",
]

DOMAIN_NAME = "Blokketen LandRegistry"
"""The ``name`` of the registry's EIP-712 domain."""
DOMAIN_VERSION = "2"
"""The ``version`` of the registry's EIP-712 domain."""

TRANSFER_TYPES: dict[str, list[dict[str, str]]] = {
    "Transfer": [
        {"name": "parcelId", "type": "bytes32"},
        {"name": "parcelVersion", "type": "uint32"},
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "deedHash", "type": "bytes32"},
        {"name": "nonce", "type": "uint256"},
        {"name": "buyerNonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}
"""The typed-data ``types`` of the ``Transfer`` message both parties sign."""

_DOMAIN_TYPE = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"


def domain(chain_id: int, registry: str) -> dict[str, Any]:
    """The EIP-712 domain of the registry at address ``registry`` on ``chain_id``."""
    return {
        "name": DOMAIN_NAME,
        "version": DOMAIN_VERSION,
        "chainId": chain_id,
        "verifyingContract": registry,
    }


def transfer_message(*, capakey: str, parcel_version: int, seller: str, buyer: str,
                     deed_hash: bytes, nonce: int, buyer_nonce: int,
                     deadline: int) -> dict[str, Any]:
    """The ``Transfer`` message both parties sign, for the parcel at ``parcel_version``, with
    the seller's ``nonce`` and the buyer's ``buyer_nonce``."""
    return {
        "parcelId": parcel_id(capakey),
        "parcelVersion": parcel_version,
        "seller": seller,
        "buyer": buyer,
        "deedHash": deed_hash,
        "nonce": nonce,
        "buyerNonce": buyer_nonce,
        "deadline": deadline,
    }


def transfer_digest(*, chain_id: int, registry: str, message: dict[str, Any]) -> bytes:
    """The 32-byte digest that is signed: ``keccak256(0x1901 ‖ domainSeparator ‖
    structHash)``, every member of both structs being a static ABI word."""
    from eth_abi import encode
    from eth_hash.auto import keccak

    separator = keccak(encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [keccak(_DOMAIN_TYPE.encode()), keccak(DOMAIN_NAME.encode()),
         keccak(DOMAIN_VERSION.encode()), chain_id, registry]))
    fields = TRANSFER_TYPES["Transfer"]
    type_text = "Transfer(" + ",".join(f"{f['type']} {f['name']}" for f in fields) + ")"
    struct = keccak(encode(["bytes32", *(f["type"] for f in fields)],
                           [keccak(type_text.encode()), *(message[f["name"]] for f in fields)]))
    return bytes(keccak(b"\x19\x01" + separator + struct))
