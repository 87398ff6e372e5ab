"""What a holder keeps and shows: attestation receipts and passport bundles (JSON files).

An :class:`AttestationReceipt` is what the issuer hands the holder when it records an
attestation: the type, the salt, the canonical record (without personal fields) and the
sha256 of the source document. A :class:`PassBundle` is what a holder (or the notary, buyer
or tenant it mandated) shows a verifier: the registry it was recorded in, the dwelling
reference, receipts, and optionally the mandate that lets the reader see them and the rent
year whose reference EPC a lease named.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from blokketen._exceptions import InputError
from blokketen.common.canonical import check_salt
from blokketen.privacy.detectors import DENY_FIELDS
from blokketen.woningpas.commitments import attestation_id, commitment
from blokketen.woningpas.types import AttType, Scope

__all__ = ["BUNDLE_SCHEMA", "AttestationReceipt", "MandateProof", "PassBundle", "RentClaim",
           "check_record_fields"]

BUNDLE_SCHEMA = "blokketen.woningpas.bundle/1"
"""The ``schema`` of a passport bundle file."""
_DENY = frozenset(f.lower() for f in DENY_FIELDS) | {"epcode", "personen", "persoon",
                                                      "firmanaam", "kbonummer", "adres"}


def check_record_fields(record: Mapping[str, Any], *, path: str = "record") -> None:
    """Refuse a record carrying a personal field (an expert's name, ``EpCode``, an INSZ, an
    address) anywhere inside: a record is hashed, but a refused field never even gets there."""
    for key, value in record.items():
        if not isinstance(key, str):
            raise InputError(path, "keys must be text")
        if key.lower() in _DENY:
            raise InputError(f"{path}.{key}", "is a personal field and is never committed")
        if isinstance(value, Mapping):
            check_record_fields(value, path=f"{path}.{key}")


def _hex32(field: str, value: object) -> bytes:
    if not isinstance(value, str):
        raise InputError(field, "0x-prefixed 32-byte hex expected")
    text = value[2:] if value.startswith("0x") else value
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise InputError(field, "is not hex") from None
    if len(raw) != 32:
        raise InputError(field, f"is {len(raw)} bytes, 32 expected")
    return raw


def _int(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(field, f"a non-negative whole number expected, not {value!r}")
    return value


def _mapping(field: str, value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(field, "an object expected")
    return value


@dataclass(frozen=True)
class AttestationReceipt:
    """One attestation as the holder keeps it."""

    att_type: AttType
    dwelling_ref: bytes
    salt: bytes
    record: Mapping[str, Any]
    document_sha256: bytes

    @property
    def commitment(self) -> bytes:
        return commitment(self.att_type, self.salt, self.record, self.document_sha256)

    @property
    def attestation_id(self) -> bytes:
        return attestation_id(self.dwelling_ref, self.att_type, self.commitment)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.att_type.name.lower().replace("_", "-"),
                "salt": "0x" + self.salt.hex(), "record": dict(self.record),
                "document_sha256": "0x" + self.document_sha256.hex()}

    @classmethod
    def from_json(cls, data: object, *, dwelling_ref: bytes, field: str = "attestation"
                  ) -> AttestationReceipt:
        body = _mapping(field, data)
        unknown = sorted(set(body) - {"type", "salt", "record", "document_sha256"})
        if unknown:
            raise InputError(f"{field}.{unknown[0]}", "is not a receipt field")
        if not isinstance(body.get("type"), str):
            raise InputError(f"{field}.type", "an attestation type expected")
        record = _mapping(f"{field}.record", body.get("record"))
        check_record_fields(record, path=f"{field}.record")
        return cls(att_type=AttType.parse(body["type"]), dwelling_ref=dwelling_ref,
                   salt=check_salt(body.get("salt", ""), field=f"{field}.salt"),
                   record=record,
                   document_sha256=_hex32(f"{field}.document_sha256", body.get("document_sha256")))


@dataclass(frozen=True)
class MandateProof:
    """A recorded mandate, as its grantee shows it: the mandate's hash, the grantee and the
    holder's Merkle proof under the dwelling's holders' root."""

    mandate_hash: bytes
    grantee: str
    holder_proof: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        return {"hash": "0x" + self.mandate_hash.hex(), "grantee": self.grantee,
                "holder_proof": ["0x" + p.hex() for p in self.holder_proof]}

    @classmethod
    def from_json(cls, data: object) -> MandateProof:
        body = _mapping("mandate", data)
        proof = body.get("holder_proof", [])
        if not isinstance(proof, list) or len(proof) > 32:
            raise InputError("mandate.holder_proof", "a list of at most 32 hashes expected")
        grantee = body.get("grantee")
        if not isinstance(grantee, str):
            raise InputError("mandate.grantee", "an address expected")
        return cls(_hex32("mandate.hash", body.get("hash")), grantee,
                   tuple(_hex32("mandate.holder_proof", p) for p in proof))


@dataclass(frozen=True)
class RentClaim:
    """A tenant's claim: the rent of ``year`` took its energy correction from the dwelling's
    reference EPC (the receipt of that EPC is in the bundle), and the lease commitment with
    decision digest ``decision_digest`` names it as its evidence. When the woonmaatschappij
    anchored its reference EPCs of the year as one root, ``landlord`` and ``proof`` lead from
    the dwelling's leaf to that root."""

    year: int
    decision_digest: bytes
    landlord: str | None = None
    proof: tuple[bytes, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"year": self.year,
                                "decision_digest": "0x" + self.decision_digest.hex()}
        if self.landlord is not None:
            data["landlord"] = self.landlord
            data["proof"] = ["0x" + p.hex() for p in self.proof]
        return data

    @classmethod
    def from_json(cls, data: object) -> RentClaim:
        body = _mapping("rent", data)
        unknown = sorted(set(body) - {"year", "decision_digest", "landlord", "proof"})
        if unknown:
            raise InputError(f"rent.{unknown[0]}", "is not a rent claim field")
        landlord = body.get("landlord")
        if landlord is not None and not isinstance(landlord, str):
            raise InputError("rent.landlord", "an address expected")
        proof = body.get("proof", [])
        if not isinstance(proof, list) or len(proof) > 32:
            raise InputError("rent.proof", "a list of at most 32 hashes expected")
        return cls(_int("rent.year", body.get("year")),
                   _hex32("rent.decision_digest", body.get("decision_digest")), landlord,
                   tuple(_hex32("rent.proof", p) for p in proof))


@dataclass(frozen=True)
class PassBundle:
    """What a verifier is shown."""

    chain_id: int
    registry: str
    dwelling_ref: bytes
    attestations: tuple[AttestationReceipt, ...]
    mandate: MandateProof | None = None
    rent: RentClaim | None = None

    def scope(self) -> Scope:
        """The attestation types the bundle shows."""
        return Scope.of(tuple(r.att_type for r in self.attestations))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": BUNDLE_SCHEMA, "chain_id": self.chain_id, "registry": self.registry,
            "dwelling_ref": "0x" + self.dwelling_ref.hex(),
            "attestations": [r.to_json() for r in self.attestations]}
        if self.mandate is not None:
            data["mandate"] = self.mandate.to_json()
        if self.rent is not None:
            data["rent"] = self.rent.to_json()
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def loads(cls, text: str | bytes) -> PassBundle:
        """A bundle from its JSON (strict: unknown fields and another schema are refused)."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError("bundle", f"is not JSON: {err}") from None
        return cls.from_json(data)

    @classmethod
    def from_json(cls, data: object) -> PassBundle:
        """A bundle from its parsed JSON (as strict as :meth:`loads`)."""
        body = _mapping("bundle", data)
        if body.get("schema") != BUNDLE_SCHEMA:
            raise InputError("schema", f"{BUNDLE_SCHEMA} expected, not {body.get('schema')!r}")
        unknown = sorted(set(body) - {"schema", "chain_id", "registry", "dwelling_ref",
                                      "attestations", "mandate", "rent"})
        if unknown:
            raise InputError(unknown[0], "is not a bundle field")
        ref = _hex32("dwelling_ref", body.get("dwelling_ref"))
        items = body.get("attestations")
        if not isinstance(items, list) or not items:
            raise InputError("attestations", "a non-empty list expected")
        registry = body.get("registry")
        if not isinstance(registry, str):
            raise InputError("registry", "an address expected")
        return cls(
            chain_id=_int("chain_id", body.get("chain_id")), registry=registry, dwelling_ref=ref,
            attestations=tuple(AttestationReceipt.from_json(item, dwelling_ref=ref,
                                                            field=f"attestations[{i}]")
                               for i, item in enumerate(items)),
            mandate=MandateProof.from_json(body["mandate"]) if "mandate" in body else None,
            rent=RentClaim.from_json(body["rent"]) if "rent" in body else None)
