"""Holder receipts: everything a verifier needs to check one diploma against the chain.

A receipt holds the document, its salt, the Merkle proof, the batch root, the issuer that
anchored it, the registry address and the chain id. The verifier recomputes the claim (and
so the leaf) from the document and the salt (a receipt never states its own leaf), and the
registry judges the claim against what the chain knows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blokketen._exceptions import InputError
from blokketen.common.leaves import MerkleTree, verify_proof
from blokketen.contract import checks as check
from blokketen.diploma.claims import DiplomaClaim, address_word, leaf_of_parts
from blokketen.diploma.documents import DiplomaDocument, new_salt

__all__ = ["RECEIPT_FORMAT", "DiplomaReceipt", "PreparedBatch", "prepare_batch"]

RECEIPT_FORMAT = "blokketen.diploma-receipt/2"
"""Value of the ``format`` field of every receipt file this version writes."""

_WORD = re.compile(r"^0x[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class DiplomaReceipt:
    """One holder's proof of a diploma. ``issuer`` and ``registry`` are checksummed
    addresses."""

    document: DiplomaDocument
    salt: bytes
    proof: tuple[bytes, ...]
    root: bytes
    issuer: str
    registry: str
    chain_id: int

    @property
    def claim(self) -> DiplomaClaim:
        """What the document claims, with the salt (what the registry judges)."""
        return DiplomaClaim.of(self.document, self.salt)

    @property
    def leaf(self) -> bytes:
        """The leaf recomputed from the document, the salt and the issuer."""
        return self.claim.leaf(self.issuer)

    @property
    def diploma_id(self) -> bytes:
        """The diploma's identity, under which the registry keeps its status."""
        return self.claim.diploma_id

    def proof_holds(self) -> bool:
        """Whether the proof leads from the recomputed leaf to ``root`` (no chain needed)."""
        return verify_proof(self.leaf, self.proof, self.root)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to receipt files."""
        return {
            "format": RECEIPT_FORMAT,
            "chain_id": self.chain_id,
            "registry": self.registry,
            "issuer": self.issuer,
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
            issuer=check.address("issuer", data.get("issuer")),
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
    """Documents with fresh salts and their Merkle tree, ready to be anchored by ``issuer``."""

    documents: tuple[DiplomaDocument, ...]
    salts: tuple[bytes, ...]
    leaves: tuple[bytes, ...]
    tree: MerkleTree
    level: int
    issuer: str

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
                issuer=self.issuer,
                registry=address,
                chain_id=chain_id,
            )
            for document, salt, leaf in zip(self.documents, self.salts, self.leaves, strict=True)
        ]


def prepare_batch(
    documents: Iterable[DiplomaDocument], *, issuer: str, salts: Sequence[bytes] | None = None
) -> PreparedBatch:
    """Salt and hash ``documents`` for anchoring by ``issuer`` and build their tree.

    A batch holds diplomas of one EQF level, one country and one institution (the issuer's).
    ``salts`` is for reproducible tests only; by default every document gets a fresh salt.
    """
    anchored_by = check.address("issuer", issuer)
    if isinstance(documents, (str, bytes, Mapping)) or not isinstance(documents, Iterable):
        raise InputError("documents", "must be a list of DiplomaDocument")
    docs = tuple(documents)
    for doc in docs:
        if not isinstance(doc, DiplomaDocument):
            raise InputError("documents", f"must hold DiplomaDocument objects, not "
                             f"{type(doc).__name__}")
    if not docs:
        raise InputError("documents", "a batch needs at least one document")
    for name in ("eqf_level", "country", "institution"):
        values = {getattr(doc, name) for doc in docs}
        if len(values) != 1:
            raise InputError(name, f"one batch holds one {name}, got {sorted(values)}")
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
    # One institution, country, level and issuer for the whole batch: hashed once.
    first = DiplomaClaim.of(docs[0], salt_list[0])
    issuer_word = address_word(anchored_by)
    institution = first.institution_id
    leaves = tuple(leaf_of_parts(doc.hash(), _salt(salt), issuer_word, first.level,
                                 first.country, institution)
                   for doc, salt in zip(docs, salt_list, strict=True))
    return PreparedBatch(
        documents=docs,
        salts=salt_list,
        leaves=leaves,
        tree=MerkleTree.build(leaves),
        level=docs[0].eqf_level,
        issuer=anchored_by,
    )


def _salt(salt: bytes) -> bytes:
    if salt == bytes(32):
        raise InputError("salt", "must be random, not zero")
    return salt


def _word(field: str, value: object) -> bytes:
    if not isinstance(value, str) or not _WORD.match(value):
        raise InputError(field, "must be a 0x-prefixed 32-byte hex word")
    return bytes.fromhex(value[2:])


def _hex(value: bytes) -> str:
    return "0x" + value.hex()
