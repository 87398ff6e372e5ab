"""The learner's receipt: everything needed to present claims later, as a JSON file.

A receipt names the chain and registry, the batch root and the credential's proof in it, the
credential root and id, the holder leaf's salt and proof, and every claim with its position,
salt and proof. It holds no decoy salts and no name: the learner keeps it (in a wallet, or a
personal data vault) and discloses from it with
:func:`blokketen.competence.client.present`.

Loading is strict: unknown fields, salts that are not 32 bytes, duplicate or out-of-range
positions, proofs longer than 32 or of unequal depth are refused with the field named.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blokketen._exceptions import InputError
from blokketen.common import canonical
from blokketen.common.leaves import MAX_PROOF_LENGTH, verify_indexed_proof, verify_proof
from blokketen.competence.claims import Claim
from blokketen.competence.credentials import (
    PreparedBatch,
    PreparedCredential,
    claim_leaf,
    credential_leaf,
    holder_leaf,
)
from blokketen.competence.types import MIN_TREE_SIZE, Framework
from blokketen.contract import checks as check

__all__ = ["CompetenceReceipt", "ReceiptClaim", "batch_receipts", "hex32", "hex_text",
           "object_fields", "parse_depth", "parse_index", "parse_proof", "parse_word"]

VERSION = 1
_FIELDS = ("version", "chainId", "registry", "framework", "batchRoot", "batchProof",
           "credentialRoot", "credentialId", "depth", "holder", "claims")
_HOLDER_FIELDS = ("address", "salt", "proof")
_CLAIM_FIELDS = ("index", "claim", "salt", "proof")


@dataclass(frozen=True)
class ReceiptClaim:
    """One claim of a receipt: its position, the claim, its salt and its proof."""

    index: int
    claim: Claim
    salt: bytes
    proof: tuple[bytes, ...]

    def leaf(self, credential_id: bytes) -> bytes:
        return claim_leaf(credential_id, self.index, self.salt, self.claim.digest())


@dataclass(frozen=True)
class CompetenceReceipt:
    """A learner's receipt of one credential (see the module description)."""

    chain_id: int
    registry: str
    framework: Framework
    batch_root: bytes
    batch_proof: tuple[bytes, ...]
    credential_root: bytes
    credential_id: bytes
    depth: int
    holder: str
    holder_salt: bytes
    holder_proof: tuple[bytes, ...]
    claims: tuple[ReceiptClaim, ...]

    @classmethod
    def of(cls, batch: PreparedBatch, credential: PreparedCredential, *, registry: str,
           chain_id: int) -> CompetenceReceipt:
        """The receipt of ``credential`` in ``batch`` for ``registry`` on ``chain_id``."""
        tree = credential.tree
        claims = tuple(
            ReceiptClaim(index=position, claim=claim, salt=credential.salts[position],
                         proof=tree.proof(position))
            for position, claim in sorted(zip(credential.positions, credential.claims,
                                              strict=True)))
        return cls(chain_id=check.uint("chain_id", chain_id, maximum=check.UINT64_MAX,
                                       minimum=1),
                   registry=check.address("registry", registry), framework=batch.framework,
                   batch_root=batch.root, batch_proof=batch.proof_of(credential),
                   credential_root=credential.root, credential_id=credential.credential_id,
                   depth=len(tree.levels) - 1, holder=credential.holder,
                   holder_salt=credential.holder_salt, holder_proof=tree.proof(0),
                   claims=claims)

    def holder_leaf(self) -> bytes:
        return holder_leaf(self.credential_id, self.holder_salt, self.holder)

    def proofs_hold(self) -> bool:
        """Whether every proof of the receipt leads to its roots (no chain needed)."""
        root = self.credential_root
        if not verify_indexed_proof(self.holder_leaf(), 0, self.holder_proof, root):
            return False
        if not all(verify_indexed_proof(c.leaf(self.credential_id), c.index, c.proof, root)
                   for c in self.claims):
            return False
        return verify_proof(credential_leaf(root), self.batch_proof, self.batch_root)

    # -- JSON ---------------------------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "chainId": self.chain_id,
            "registry": self.registry,
            "framework": self.framework.value,
            "batchRoot": hex32(self.batch_root),
            "batchProof": [hex32(p) for p in self.batch_proof],
            "credentialRoot": hex32(self.credential_root),
            "credentialId": hex32(self.credential_id),
            "depth": self.depth,
            "holder": {"address": self.holder, "salt": hex32(self.holder_salt),
                       "proof": [hex32(p) for p in self.holder_proof]},
            "claims": [{"index": c.index, "claim": c.claim.as_dict(), "salt": hex32(c.salt),
                        "proof": [hex32(p) for p in c.proof]} for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: object) -> CompetenceReceipt:
        record = object_fields("receipt", data, _FIELDS)
        if record.get("version") != VERSION:
            raise InputError("version", f"this is receipt version {VERSION}'s reader")
        depth = parse_depth("depth", record.get("depth"))
        holder = object_fields("holder", record.get("holder"), _HOLDER_FIELDS)
        items = record.get("claims")
        if not isinstance(items, list) or not items:
            raise InputError("claims", "must be a non-empty list")
        claims = []
        seen: set[int] = set()
        for i, item in enumerate(items):
            found = object_fields(f"claims[{i}]", item, _CLAIM_FIELDS)
            index = parse_index(f"claims[{i}].index", found.get("index"), depth, seen)
            try:
                claim = Claim.from_dict(found.get("claim"))
            except InputError as err:
                raise InputError(f"claims[{i}].claim.{err.field}", err.problem) from None
            claims.append(ReceiptClaim(
                index=index, claim=claim,
                salt=canonical.check_salt(hex_text(f"claims[{i}].salt", found.get("salt")),
                                          field=f"claims[{i}].salt"),
                proof=parse_proof(f"claims[{i}].proof", found.get("proof"), depth=depth)))
        return cls(
            chain_id=check.uint("chainId", record.get("chainId"), maximum=check.UINT64_MAX,
                                minimum=1),
            registry=check.address("registry", record.get("registry")),
            framework=Framework.parse(record.get("framework")),
            batch_root=parse_word("batchRoot", record.get("batchRoot")),
            batch_proof=parse_proof("batchProof", record.get("batchProof")),
            credential_root=parse_word("credentialRoot", record.get("credentialRoot")),
            credential_id=parse_word("credentialId", record.get("credentialId")),
            depth=depth,
            holder=check.address("holder.address", holder.get("address")),
            holder_salt=canonical.check_salt(hex_text("holder.salt", holder.get("salt")),
                                             field="holder.salt"),
            holder_proof=parse_proof("holder.proof", holder.get("proof"), depth=depth),
            claims=tuple(claims),
        )

    def save(self, path: Path, *, overwrite: bool = False) -> None:
        """Write the receipt as JSON (a new file unless ``overwrite``)."""
        text = json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            with path.open("w" if overwrite else "x", encoding="utf-8") as out:
                out.write(text)
        except FileExistsError:
            raise InputError(str(path), "exists already") from None
        except OSError as err:
            raise InputError(str(path), f"cannot write: {err.strerror or err}") from None

    @classmethod
    def load(cls, path: Path) -> CompetenceReceipt:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(str(path), f"cannot read the receipt: {err}") from None
        return cls.from_dict(canonical.loads(text, require_canonical=False))


def batch_receipts(prepared: PreparedBatch, *, registry: str,
                   chain_id: int) -> list[CompetenceReceipt]:
    """One holder receipt per credential of ``prepared``, naming the registry and chain."""
    check.instance("prepared", prepared, PreparedBatch)
    return [CompetenceReceipt.of(prepared, credential, registry=registry, chain_id=chain_id)
            for credential in prepared.credentials]


# -- parsing helpers shared with presentations -------------------------------------------
def hex32(value: bytes) -> str:
    """``0x`` and the hex of ``value``."""
    return "0x" + value.hex()


def parse_word(field: str, value: object) -> bytes:
    """A 0x-prefixed 32-byte hex word."""
    return check.word32(field, hex_text(field, value))


def parse_depth(field: str, value: object) -> int:
    """A credential tree's depth: 4 (16 leaves) to 32."""
    minimum = MIN_TREE_SIZE.bit_length() - 1
    return check.uint(field, value, maximum=MAX_PROOF_LENGTH, minimum=minimum)


def parse_index(field: str, value: object, depth: int, seen: set[int]) -> int:
    """A claim position: 1 to 2^depth - 1 (0 is the holder leaf), not given twice."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, "must be a whole number")
    if not 0 < value < 1 << depth:
        raise InputError(field, f"{value} is outside the tree's claim positions "
                                f"(1 to {(1 << depth) - 1})")
    if value in seen:
        raise InputError(field, f"position {value} is given twice")
    seen.add(value)
    return value


def parse_proof(field: str, value: object, *, depth: int | None = None) -> tuple[bytes, ...]:
    """A list of 0x words: at most 32, and exactly ``depth`` when given."""
    if not isinstance(value, list):
        raise InputError(field, "must be a list of 0x-prefixed 32-byte words")
    if len(value) > MAX_PROOF_LENGTH:
        raise InputError(field, f"{len(value)} siblings: a proof has at most "
                                f"{MAX_PROOF_LENGTH}")
    if depth is not None and len(value) != depth:
        raise InputError(field, f"{len(value)} siblings in a tree of depth {depth}")
    return tuple(parse_word(f"{field}[{i}]", item) for i, item in enumerate(value))


def object_fields(field: str, value: object, fields: tuple[str, ...]) -> Mapping[str, Any]:
    """``value`` as a JSON object with exactly ``fields`` (unknown and missing refused)."""
    if not isinstance(value, Mapping):
        raise InputError(field, "must be a JSON object")
    for key in value:
        if key not in fields:
            raise InputError(f"{field}.{key}" if field not in ("receipt", "presentation")
                             else str(key), f"is not a field here (fields: {', '.join(fields)})")
    for key in fields:
        if key not in value:
            raise InputError(f"{field}.{key}" if field not in ("receipt", "presentation")
                             else key, "is required")
    return value


def hex_text(field: str, value: object) -> str:
    """``value`` when it is text (hex is checked by the caller)."""
    if not isinstance(value, str):
        raise InputError(field, "must be 0x-prefixed hex text")
    return value

