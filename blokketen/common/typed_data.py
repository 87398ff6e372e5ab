"""EIP-712 typed data for the registries' approvals, equal to ``TypedSignaturesCore.sol``.

A registry's approval type is written once, as its Solidity type string::

    APPROVAL = TypedStruct.parse(
        "Approval(bytes32 subject,string note,address signer,uint256 nonce,uint256 deadline)")
    domain = Domain(name="Blokketen CommonHarness", version="1", chain_id=31337,
                    verifying_contract="0x...")
    signature = sign(key, domain, APPROVAL, values)      # 65 bytes r ‖ s ‖ v, low s
    signer = recover(domain, APPROVAL, values, signature)

Fields are flat: atomic types (``address``, ``bool``, ``bytesN``, ``uintN``, ``intN``),
``string`` and ``bytes`` (hashed), and arrays of those. ``recover`` refuses what the contract
refuses: other lengths than 65 bytes, ``v`` other than 27 or 28, a high ``s`` (malleable).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_abi import encode
from eth_abi.exceptions import EncodingError
from eth_utils import is_address, keccak, to_checksum_address

from blokketen._exceptions import InputError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

__all__ = [
    "Domain",
    "TypedStruct",
    "digest",
    "recover",
    "recover_digest",
    "sign",
    "sign_digest",
]

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_HALF_N = SECP256K1_N // 2

_DOMAIN_TYPE = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BITS = "|".join(str(8 * i) for i in range(32, 0, -1))
_ATOMIC = re.compile(rf"address|bool|bytes([1-9]|[12][0-9]|3[0-2])|u?int({_BITS})")
_ARRAY = re.compile(r"(?P<inner>.+?)\[(?P<size>[0-9]*)\]")


@dataclass(frozen=True)
class Domain:
    """The EIP-712 domain of one registry on one chain (name, version, chainId, contract)."""

    name: str
    version: str
    chain_id: int
    verifying_contract: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InputError("name", "the domain name must be a non-empty text")
        if not isinstance(self.version, str) or not self.version:
            raise InputError("version", "the domain version must be a non-empty text")
        chain_id = self.chain_id
        if isinstance(chain_id, bool) or not isinstance(chain_id, int) or chain_id <= 0:
            raise InputError("chain_id", f"{self.chain_id!r} must be a positive whole number")
        if not isinstance(self.verifying_contract, str) or not is_address(self.verifying_contract):
            raise InputError("verifying_contract", f"{self.verifying_contract!r} is not an address")
        object.__setattr__(self, "verifying_contract", to_checksum_address(self.verifying_contract))

    @property
    def separator(self) -> bytes:
        """``keccak256(abi.encode(DOMAIN_TYPEHASH, name, version, chainId, contract))``."""
        return keccak(encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [keccak(text=_DOMAIN_TYPE), keccak(text=self.name), keccak(text=self.version),
             self.chain_id, self.verifying_contract],
        ))

    def as_dict(self) -> dict[str, Any]:
        """The domain as eth-account and wallets take it."""
        return {"name": self.name, "version": self.version, "chainId": self.chain_id,
                "verifyingContract": self.verifying_contract}


@dataclass(frozen=True)
class TypedStruct:
    """One flat EIP-712 struct type: its name and ``(field name, type)`` pairs in order."""

    name: str
    fields: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        if not _IDENT.fullmatch(self.name or ""):
            raise InputError("name", f"{self.name!r} is not a type name")
        if not self.fields:
            raise InputError("fields", f"{self.name} has no fields")
        seen: set[str] = set()
        for field_name, field_type in self.fields:
            if not _IDENT.fullmatch(field_name) or field_name in seen:
                raise InputError("fields", f"{field_name!r} is not a new field name")
            seen.add(field_name)
            _element_type(field_type)  # raises on an unsupported type

    @classmethod
    def parse(cls, signature: str) -> TypedStruct:
        """The struct of a Solidity type string such as ``"Mandate(bytes32 ref,uint256 nonce)"``."""
        match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)\((.*)\)", signature.strip())
        if not match:
            raise InputError("type", f"{signature!r} is not of the form Name(type name,...)")
        parts = [p.strip() for p in match.group(2).split(",")] if match.group(2) else []
        fields: list[tuple[str, str]] = []
        for part in parts:
            pieces = part.split()
            if len(pieces) != 2:
                raise InputError("type", f"{part!r} in {signature!r} is not 'type name'")
            fields.append((pieces[1], pieces[0]))
        return cls(name=match.group(1), fields=tuple(fields))

    @property
    def encode_type(self) -> str:
        """``Name(type1 name1,type2 name2,...)``, what the type hash hashes."""
        return f"{self.name}({','.join(f'{t} {n}' for n, t in self.fields)})"

    @property
    def type_hash(self) -> bytes:
        """``keccak256(encodeType)``: the registry's ``..._TYPEHASH`` constant."""
        return keccak(text=self.encode_type)

    def types(self) -> dict[str, list[dict[str, str]]]:
        """The ``types`` mapping eth-account and wallets take (without EIP712Domain)."""
        return {self.name: [{"name": n, "type": t} for n, t in self.fields]}

    def hash(self, values: Mapping[str, object]) -> bytes:
        """The struct hash ``keccak256(typeHash ‖ encodeData(values))``."""
        names = [n for n, _ in self.fields]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise InputError(unknown[0], f"is not a field of {self.name}")
        missing = [n for n in names if n not in values]
        if missing:
            raise InputError(missing[0], f"is missing ({self.name} needs {', '.join(names)})")
        words = [self.type_hash]
        words.extend(_encode_value(n, t, values[n]) for n, t in self.fields)
        return keccak(b"".join(words))


def digest(domain: Domain, struct: TypedStruct, values: Mapping[str, object]) -> bytes:
    """The 32 bytes that are signed: ``keccak256("\\x19\\x01" ‖ separator ‖ structHash)``."""
    return keccak(b"\x19\x01" + domain.separator + struct.hash(values))


def sign_digest(key: LocalAccount | bytes | str, message_digest: bytes) -> bytes:
    """A 65-byte signature ``r ‖ s ‖ v`` (v 27 or 28, low s) of ``message_digest``."""
    from eth_keys.datatypes import PrivateKey

    if not isinstance(message_digest, bytes) or len(message_digest) != 32:
        raise InputError("digest", "must be 32 bytes")
    signature = PrivateKey(_key_bytes(key)).sign_msg_hash(message_digest)
    r, s, recovery = int(signature.r), int(signature.s), int(signature.v)
    if s > _HALF_N:  # libsecp256k1 already gives low s; the pure-Python backend may not
        s, recovery = SECP256K1_N - s, recovery ^ 1
    return r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([27 + recovery])


def sign(
    key: LocalAccount | bytes | str,
    domain: Domain,
    struct: TypedStruct,
    values: Mapping[str, object],
) -> bytes:
    """``key``'s signature over the typed message (what ``eth_signTypedData_v4`` gives)."""
    return sign_digest(key, digest(domain, struct, values))


def recover_digest(message_digest: bytes, signature: bytes) -> str:
    """The address that signed ``message_digest``; InputError for a signature the contract
    refuses (not 65 bytes, ``v`` not 27/28, ``r`` or ``s`` out of range, high ``s``)."""
    from eth_keys.datatypes import Signature
    from eth_keys.exceptions import BadSignature

    if not isinstance(message_digest, bytes) or len(message_digest) != 32:
        raise InputError("digest", "must be 32 bytes")
    if not isinstance(signature, bytes) or len(signature) != 65:
        raise InputError("signature", "must be 65 bytes (r, s, v)")
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:64], "big")
    v = signature[64]
    if v not in (27, 28):
        raise InputError("signature", f"v is {v}: must be 27 or 28")
    if not 0 < r < SECP256K1_N or not 0 < s < SECP256K1_N:
        raise InputError("signature", "r or s is out of range")
    if s > _HALF_N:
        raise InputError("signature", "s is in the upper half of the curve order (malleable)")
    try:
        public = Signature(vrs=(v - 27, r, s)).recover_public_key_from_msg_hash(message_digest)
    except BadSignature:
        raise InputError("signature", "recovers to no key") from None
    return str(public.to_checksum_address())


def recover(
    domain: Domain, struct: TypedStruct, values: Mapping[str, object], signature: bytes
) -> str:
    """The address that signed the typed message."""
    return recover_digest(digest(domain, struct, values), signature)


def _key_bytes(key: LocalAccount | bytes | str) -> bytes:
    if isinstance(key, bytes):
        raw = key
    elif isinstance(key, str):
        text = key[2:] if key.startswith(("0x", "0X")) else key
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raise InputError("key", "is not a hex private key") from None
    else:
        raw = bytes(key.key)  # a LocalAccount
    if len(raw) != 32:
        raise InputError("key", "a private key is 32 bytes")
    return raw


def _element_type(abi_type: str) -> tuple[str, bool]:
    """(element type, is array) of a supported field type; InputError otherwise."""
    array = _ARRAY.fullmatch(abi_type)
    inner = array.group("inner") if array else abi_type
    if inner in ("string", "bytes") or _ATOMIC.fullmatch(inner):
        if array and _ARRAY.fullmatch(inner):
            raise InputError("fields", f"{abi_type}: nested arrays are not supported")
        return inner, array is not None
    raise InputError("fields", f"{abi_type} is not supported (atomic types, string, bytes and "
                               "arrays of them)")


def _encode_value(field: str, abi_type: str, value: object) -> bytes:
    element, is_array = _element_type(abi_type)
    if is_array:
        if not isinstance(value, list | tuple):
            raise InputError(field, f"must be a list for {abi_type}")
        size = _ARRAY.fullmatch(abi_type).group("size")  # type: ignore[union-attr]
        if size and int(size) != len(value):
            raise InputError(field, f"{len(value)} items for {abi_type}")
        return keccak(b"".join(_encode_value(field, element, item) for item in value))
    if element == "string":
        if not isinstance(value, str):
            raise InputError(field, "must be a text")
        return keccak(text=value)
    if element == "bytes":
        if not isinstance(value, bytes):
            raise InputError(field, "must be bytes")
        return keccak(value)
    fixed = element.startswith("bytes")
    if fixed and (not isinstance(value, bytes) or len(value) != int(element[5:])):
        raise InputError(field, f"must be exactly {element[5:]} bytes for {element}")
    if element == "bool" and not isinstance(value, bool):
        raise InputError(field, "must be True or False")
    if "int" in element and (isinstance(value, bool) or not isinstance(value, int)):
        raise InputError(field, f"must be a whole number for {element}")
    if element == "address" and not (isinstance(value, str) and is_address(value)):
        raise InputError(field, f"{value!r} is not an address")
    try:
        return encode([element], [value])
    except (EncodingError, TypeError, ValueError, OverflowError):
        raise InputError(field, f"{value!r} does not fit {element}") from None
