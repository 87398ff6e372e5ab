"""The EIP-712 message a chair or a secretary signs for one document version, equal to the
contract's ``SIGN_DOCUMENT_TYPEHASH`` and domain ("Blokketen LocalDecisionRegistry", "1",
chain id, registry address). The signer signs with its own key (or its ERC-1271 contract
accepts the digest); nothing here holds a key for anyone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from blokketen.common.typed_data import Domain, TypedStruct, digest, sign_digest
from blokketen.contract import checks as check
from blokketen._exceptions import InputError
from blokketen.decisions.types import CHAIR_ROLE, SECRETARY_ROLE, DocumentRef, role_of

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

__all__ = ["DOMAIN_NAME", "DOMAIN_VERSION", "SIGN_DOCUMENT", "SignRequest", "domain_of"]

DOMAIN_NAME = "Blokketen LocalDecisionRegistry"
DOMAIN_VERSION = "1"
SIGN_DOCUMENT = TypedStruct.parse(
    "SignDocument(bytes32 bodyId,bytes32 sessionId,uint8 kind,uint16 version,bytes32 contentRoot,"
    "bytes32 htmlHash,bytes32 role,uint256 nonce,uint256 deadline)")


def domain_of(*, chain_id: int, registry: str) -> Domain:
    """The registry's EIP-712 domain on chain ``chain_id``."""
    return Domain(name=DOMAIN_NAME, version=DOMAIN_VERSION, chain_id=chain_id,
                  verifying_contract=registry)


@dataclass(frozen=True)
class SignRequest:
    """What one signer is asked to sign: the document, its root and HTML hash, the role,
    the signer's nonce and a deadline (unix seconds)."""

    ref: DocumentRef
    content_root: bytes
    html_hash: bytes
    role: bytes
    nonce: int
    deadline: int

    def __post_init__(self) -> None:
        check.instance("ref", self.ref, DocumentRef)
        object.__setattr__(self, "content_root",
                           check.hash32("content_root", self.content_root, text_ok=False))
        object.__setattr__(self, "html_hash", check.hash32("html_hash", self.html_hash,
                                                           text_ok=False))
        role = self.role if isinstance(self.role, bytes) else role_of(self.role)
        if role not in (CHAIR_ROLE, SECRETARY_ROLE):
            raise InputError("role", "must be the chair's or the secretary's role id")
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "nonce", check.uint("nonce", self.nonce,
                                                     maximum=check.UINT256_MAX))
        object.__setattr__(self, "deadline", check.uint("deadline", self.deadline,
                                                        maximum=check.UINT256_MAX))

    def values(self) -> dict[str, object]:
        """The typed message's fields."""
        return {"bodyId": self.ref.body_id, "sessionId": self.ref.session_id,
                "kind": int(self.ref.kind), "version": self.ref.version,
                "contentRoot": self.content_root, "htmlHash": self.html_hash, "role": self.role,
                "nonce": self.nonce, "deadline": self.deadline}

    def digest(self, domain: Domain) -> bytes:
        """The 32 bytes the signer signs."""
        return digest(domain, SIGN_DOCUMENT, self.values())

    def typed_data(self, domain: Domain) -> dict[str, object]:
        """The message as ``eth_signTypedData_v4`` takes it (for a wallet or an HSM)."""
        def shown(value: object) -> object:
            return "0x" + value.hex() if isinstance(value, bytes) else value

        return {"types": {"EIP712Domain": [
                    {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"}],
                    **SIGN_DOCUMENT.types()},
                "primaryType": SIGN_DOCUMENT.name, "domain": domain.as_dict(),
                "message": {k: shown(v) for k, v in self.values().items()}}

    def sign(self, key: LocalAccount | bytes | str, domain: Domain) -> bytes:
        """The signer's 65-byte signature (its own key)."""
        return sign_digest(key, self.digest(domain))

