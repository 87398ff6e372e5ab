"""Holder receipts: everything a verifier needs to check one diploma against the chain.

A receipt holds the document, its salt, the Merkle proof, the batch root, the registry address
and the chain id. The verifier recomputes the leaf from document and salt (a receipt never
states its own leaf), checks the proof and asks the registry for the status.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blokketen._exceptions import InputError
from blokketen.contract import checks as check
from blokketen.diploma.documents import DiplomaDocument, new_salt
from blokketen.diploma.merkle import MerkleTree, leaf_hash, verify_proof

__all__ = ["RECEIPT_FORMAT", "DiplomaReceipt", "PreparedBatch", "prepare_batch"]

RECEIPT_FORMAT = "blokketen.diploma-receipt/1"
"""Value of the ``format`` field of every receipt file this version writes."""

_WORD = re.compile(r"^0x[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class DiplomaReceipt:
    """One holder's proof of a diploma. ``registry`` is a checksummed address."""

    document: DiplomaDocument
    salt: bytes
    proof: tuple[bytes, ...]
    root: bytes
    registry: str
    chain_id: int

    @property
    def leaf(self) -> bytes:
        """The leaf recomputed from the document and the salt."""
        return leaf_hash(self.document.hash(), self.salt)

    def proof_holds(self) -> bool:
        """Whether the proof leads from the recomputed leaf to ``root`` (no chain needed)."""
        return verify_proof(self.leaf, self.proof, self.root)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to receipt files."""
        return {
            "format": RECEIPT_FORMAT,
            "chain_id": self.chain_id,
            "registry": self.registry,
            "root": _hex(self.root),
            "proof": [_hex(node) for node in self.proof],
            "salt": _hex(self.salt),
            "document": self.document.to_dict(),
        }

    def to_json(self) -> str:
        """Indented JSON text with a trailing newline."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | Path, *, overwrite: bool = True) -> Path:
        """Write the receipt to ``path`` (UTF-8) and return the path.

        With ``overwrite=False`` an existing file is refused. Any failure to write raises
        InputError naming the path."""
        target = Path(path)
        try:
            with target.open("w" if overwrite else "x", encoding="utf-8") as handle:
                handle.write(self.to_json())
        except FileExistsError:
            raise InputError(str(target), "exists already; not overwriting a receipt") from None
        except OSError as exc:
            raise InputError(str(target), f"cannot write the receipt: {exc.strerror or exc}") \
                from None
        return target

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiplomaReceipt:
        """Parse the JSON form; every problem raises InputError naming the field."""
        if not isinstance(data, Mapping):
            raise InputError("receipt", "must be a JSON object")
        if data.get("format") != RECEIPT_FORMAT:
            raise InputError("format", f"must be {RECEIPT_FORMAT!r}")
        chain_id = data.get("chain_id")
        if isinstance(chain_id, bool) or not isinstance(chain_id, int) or chain_id <= 0:
            raise InputError("chain_id", "must be a positive integer")
        proof = data.get("proof")
        if not isinstance(proof, list):
            raise InputError("proof", "must be a list of 32-byte hex words")
        return cls(
            document=DiplomaDocument.from_dict(data.get("document")),  # type: ignore[arg-type]
            salt=_word("salt", data.get("salt")),
            proof=tuple(_word("proof", node) for node in proof),
            root=_word("root", data.get("root")),
            registry=check.address("registry", data.get("registry")),
            chain_id=chain_id,
        )

    @classmethod
    def load(cls, path: str | Path) -> DiplomaReceipt:
        """Read a receipt file; unreadable or malformed files raise InputError."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("receipt", f"cannot read {path}: {exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError("receipt", f"{path} is not JSON: {exc}") from exc
        return cls.from_dict(data)


@dataclass(frozen=True)
class PreparedBatch:
    """Documents with fresh salts and their Merkle tree, ready to be anchored."""

    documents: tuple[DiplomaDocument, ...]
    salts: tuple[bytes, ...]
    leaves: tuple[bytes, ...]
    tree: MerkleTree
    level: int

    @property
    def root(self) -> bytes:
        """The root to anchor."""
        return self.tree.root

    def __len__(self) -> int:
        return len(self.documents)

    def receipts(self, *, registry: str, chain_id: int) -> list[DiplomaReceipt]:
        """One receipt per document, in the order the documents were given."""
        address = check.address("registry", registry)
        if isinstance(chain_id, bool) or not isinstance(chain_id, int) or chain_id <= 0:
            raise InputError("chain_id", "must be a positive integer")
        return [
            DiplomaReceipt(
                document=document,
                salt=salt,
                proof=self.tree.proof(leaf),
                root=self.tree.root,
                registry=address,
                chain_id=chain_id,
            )
            for document, salt, leaf in zip(self.documents, self.salts, self.leaves, strict=True)
        ]


def prepare_batch(
    documents: Iterable[DiplomaDocument], *, salts: Sequence[bytes] | None = None
) -> PreparedBatch:
    """Salt and hash ``documents`` (all of one EQF level) and build their tree.

    ``salts`` is for reproducible tests only; by default every document gets a fresh salt.
    """
    if isinstance(documents, (str, bytes, Mapping)) or not isinstance(documents, Iterable):
        raise InputError("documents", "must be a list of DiplomaDocument")
    docs = tuple(documents)
    for doc in docs:
        if not isinstance(doc, DiplomaDocument):
            raise InputError("documents", f"must hold DiplomaDocument objects, not "
                             f"{type(doc).__name__}")
    if not docs:
        raise InputError("documents", "a batch needs at least one document")
    levels = {doc.eqf_level for doc in docs}
    if len(levels) != 1:
        raise InputError("eqf_level", f"one batch holds one EQF level, got {sorted(levels)}")
    if salts is None:
        salt_list = tuple(new_salt() for _ in docs)
    else:
        if isinstance(salts, (str, bytes)) or not isinstance(salts, Sequence):
            raise InputError("salts", "must be a list of 32-byte salts")
        salt_list = tuple(salts)
        if len(salt_list) != len(docs):
            raise InputError("salts", "need one salt per document")
        for salt in salt_list:
            if not isinstance(salt, bytes) or len(salt) != 32:
                raise InputError("salts", "each salt must be 32 bytes")
    leaves = tuple(leaf_hash(doc.hash(), salt) for doc, salt in zip(docs, salt_list, strict=True))
    return PreparedBatch(
        documents=docs,
        salts=salt_list,
        leaves=leaves,
        tree=MerkleTree.build(leaves),
        level=levels.pop(),
    )


def _word(field: str, value: object) -> bytes:
    if not isinstance(value, str) or not _WORD.match(value):
        raise InputError(field, "must be a 0x-prefixed 32-byte hex word")
    return bytes.fromhex(value[2:])


def _hex(value: bytes) -> str:
    return "0x" + value.hex()
