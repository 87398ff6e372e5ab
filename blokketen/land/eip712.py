"""EIP-712 typed data of the land registry's transfer with signatures.

The contract computes the same domain itself (OpenZeppelin's EIP712 needs Cancun); these
helpers build the typed data for eth-account and the digest, so both sides can be compared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from blokketen.land.capakey import parcel_id

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

DOMAIN_NAME = "Blokketen LandRegistry"
DOMAIN_VERSION = "1"

TRANSFER_TYPES: dict[str, list[dict[str, str]]] = {
    "Transfer": [
        {"name": "parcelId", "type": "bytes32"},
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "deedHash", "type": "bytes32"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


def domain(chain_id: int, registry: str) -> dict[str, Any]:
    """The EIP-712 domain of the registry at address ``registry`` on ``chain_id``."""
    return {
        "name": DOMAIN_NAME,
        "version": DOMAIN_VERSION,
        "chainId": chain_id,
        "verifyingContract": registry,
    }


def transfer_message(*, capakey: str, seller: str, buyer: str, deed_hash: bytes, nonce: int,
                     deadline: int) -> dict[str, Any]:
    """The ``Transfer`` message both parties sign."""
    return {
        "parcelId": parcel_id(capakey),
        "seller": seller,
        "buyer": buyer,
        "deedHash": deed_hash,
        "nonce": nonce,
        "deadline": deadline,
    }


def transfer_digest(*, chain_id: int, registry: str, message: dict[str, Any]) -> bytes:
    """The 32-byte digest that is signed (``\\x19\\x01 ‖ domainSeparator ‖ structHash``)."""
    from eth_account.messages import _hash_eip191_message, encode_typed_data

    signable = encode_typed_data(domain(chain_id, registry), TRANSFER_TYPES, message)
    return bytes(_hash_eip191_message(signable))


def sign_transfer(account: LocalAccount, *, chain_id: int, registry: str,
                  message: dict[str, Any]) -> bytes:
    """``account``'s 65-byte signature over the typed ``Transfer`` message."""
    signed = account.sign_typed_data(domain(chain_id, registry), TRANSFER_TYPES, message)
    return bytes(signed.signature)
