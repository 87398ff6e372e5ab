"""Selective presentations: the learner discloses chosen claims to one audience.

A presentation carries the disclosed claims with their positions, salts and proofs to the
credential root, the holder leaf opened (address, salt, proof), the credential's proof to the
batch root, and the learner's EIP-712 signature over ::

    Presentation(bytes32 credentialRoot,bytes32 disclosedDigest,string audience,
                 string nonce,uint64 issuedAt)

in the domain ``("Blokketen CompetenceRegistry", "1", chainId, registry)``, where
``disclosedDigest`` is the keccak256 of the disclosed claim leaves in ascending order. The key
that signs is the one the holder leaf commits to, so only the learner can present; the audience
and nonce come from the verifier, so a presentation is no good to anyone else (the KB-JWT idea
of SD-JWT).

:func:`check_offline` makes every check that needs no chain, in the verifier's order; the
client's ``verify`` adds the registry's answer between the proofs and the signature. Signing
and recovering (EIP-712, :mod:`blokketen.common.typed_data`) live in
:mod:`blokketen.competence.client` (:func:`~blokketen.competence.client.present`,
:func:`~blokketen.competence.client.signer_of`), which may load the signing libraries.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common import canonical
from blokketen.common.leaves import verify_indexed_proof, verify_proof
from blokketen.competence.claims import Claim
from blokketen.competence.credentials import claim_leaf, credential_leaf, decoy_leaf, holder_leaf
from blokketen.competence.receipts import (
    CompetenceReceipt,
    hex32,
    hex_text,
    object_fields,
    parse_depth,
    parse_index,
    parse_proof,
    parse_word,
)
from blokketen.competence.types import FRESHNESS, Verdict
from blokketen.contract import checks as check

__all__ = ["DOMAIN_NAME", "DOMAIN_VERSION", "PRESENTATION_FORMAT", "PRESENTATION_TYPE",
           "Disclosure", "OfflineResult",
           "Presentation", "check_holder", "check_offline", "check_proofs", "disclosed_digest",
           "select"]

DOMAIN_NAME = "Blokketen CompetenceRegistry"
"""The EIP-712 domain name of presentations (with version 1, the chain id and the registry)."""
DOMAIN_VERSION = "1"
"""The EIP-712 domain version of presentations."""
PRESENTATION_TYPE = ("Presentation(bytes32 credentialRoot,bytes32 disclosedDigest,"
                     "string audience,string nonce,uint64 issuedAt)")
"""The EIP-712 type the learner signs."""
CLOCK_SKEW = 60
"""Seconds a presentation may be dated after the verifier's clock."""
MAX_TEXT = 200
VERSION = 1
PRESENTATION_FORMAT = "blokketen.competence-presentation/1"
"""The ``format`` of a presentation file (what ``blokketen serve`` dispatches on; a file
without it is read as a presentation too)."""
_FIELDS = ("version", "chainId", "registry", "batchRoot", "batchProof", "credentialRoot",
           "credentialId", "depth", "holder", "disclosed", "audience", "nonce", "issuedAt",
           "signature")
_HOLDER_FIELDS = ("address", "salt", "proof")
_DISCLOSED_FIELDS = ("index", "claim", "salt", "proof")


@dataclass(frozen=True)
class Disclosure:
    """One disclosed claim: position, claim, salt and proof to the credential root."""

    index: int
    claim: Claim
    salt: bytes
    proof: tuple[bytes, ...]


@dataclass(frozen=True)
class Presentation:
    """What a learner hands a verifier (see the module description)."""

    chain_id: int
    registry: str
    batch_root: bytes
    batch_proof: tuple[bytes, ...]
    credential_root: bytes
    credential_id: bytes
    depth: int
    holder: str
    holder_salt: bytes
    holder_proof: tuple[bytes, ...]
    disclosed: tuple[Disclosure, ...]
    audience: str
    nonce: str
    issued_at: int
    signature: bytes

    def claim_leaves(self) -> tuple[bytes, ...]:
        """The leaves of the disclosed claims, as recomputed from claim and salt."""
        return tuple(claim_leaf(self.credential_id, d.index, d.salt, d.claim.digest())
                     for d in self.disclosed)

    def message(self) -> dict[str, object]:
        """The EIP-712 values that are signed."""
        return {"credentialRoot": self.credential_root,
                "disclosedDigest": disclosed_digest(self.claim_leaves()),
                "audience": self.audience, "nonce": self.nonce, "issuedAt": self.issued_at}

    # -- JSON ---------------------------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        return {
            "format": PRESENTATION_FORMAT,
            "version": VERSION,
            "chainId": self.chain_id,
            "registry": self.registry,
            "batchRoot": hex32(self.batch_root),
            "batchProof": [hex32(p) for p in self.batch_proof],
            "credentialRoot": hex32(self.credential_root),
            "credentialId": hex32(self.credential_id),
            "depth": self.depth,
            "holder": {"address": self.holder, "salt": hex32(self.holder_salt),
                       "proof": [hex32(p) for p in self.holder_proof]},
            "disclosed": [{"index": d.index, "claim": d.claim.as_dict(), "salt": hex32(d.salt),
                           "proof": [hex32(p) for p in d.proof]} for d in self.disclosed],
            "audience": self.audience,
            "nonce": self.nonce,
            "issuedAt": self.issued_at,
            "signature": "0x" + self.signature.hex(),
        }

    @classmethod
    def from_dict(cls, data: object) -> Presentation:
        """A presentation from its JSON object, strictly: unknown or missing fields, salts
        other than 32 bytes, duplicate or out-of-range positions, proofs of another depth or
        longer than 32, non-canonical claims are refused with the field named."""
        if isinstance(data, dict) and "format" in data:
            if data["format"] != PRESENTATION_FORMAT:
                raise InputError("format", f"{PRESENTATION_FORMAT} expected, not "
                                           f"{data['format']!r}")
            data = {key: value for key, value in data.items() if key != "format"}
        record = object_fields("presentation", data, _FIELDS)
        if record.get("version") != VERSION:
            raise InputError("version", f"this is presentation version {VERSION}'s reader")
        depth = parse_depth("depth", record.get("depth"))
        holder = object_fields("holder", record.get("holder"), _HOLDER_FIELDS)
        items = record.get("disclosed")
        if not isinstance(items, list) or not items:
            raise InputError("disclosed", "must be a non-empty list")
        seen: set[int] = set()
        disclosed = []
        for i, item in enumerate(items):
            where = f"disclosed[{i}]"
            found = object_fields(where, item, _DISCLOSED_FIELDS)
            index = parse_index(f"{where}.index", found.get("index"), depth, seen)
            raw_claim = found.get("claim")
            try:
                claim = Claim.from_dict(raw_claim)
                if claim.as_dict() != raw_claim:
                    raise InputError("claim", "is not in its canonical form")
            except InputError as err:
                raise InputError(f"{where}.claim.{err.field}", err.problem) from None
            disclosed.append(Disclosure(
                index=index, claim=claim,
                salt=canonical.check_salt(hex_text(f"{where}.salt", found.get("salt")),
                                          field=f"{where}.salt"),
                proof=parse_proof(f"{where}.proof", found.get("proof"), depth=depth)))
        signature = hex_text("signature", record.get("signature"))
        try:
            raw_signature = bytes.fromhex(signature.removeprefix("0x"))
        except ValueError:
            raise InputError("signature", "is not hex") from None
        if len(raw_signature) != 65:
            raise InputError("signature", "must be 65 bytes (r, s, v)")
        return cls(
            chain_id=check.uint("chainId", record.get("chainId"), maximum=check.UINT64_MAX,
                                minimum=1),
            registry=check.address("registry", record.get("registry")),
            batch_root=parse_word("batchRoot", record.get("batchRoot")),
            batch_proof=parse_proof("batchProof", record.get("batchProof")),
            credential_root=parse_word("credentialRoot", record.get("credentialRoot")),
            credential_id=parse_word("credentialId", record.get("credentialId")),
            depth=depth,
            holder=check.address("holder.address", holder.get("address")),
            holder_salt=canonical.check_salt(hex_text("holder.salt", holder.get("salt")),
                                             field="holder.salt"),
            holder_proof=parse_proof("holder.proof", holder.get("proof"), depth=depth),
            disclosed=tuple(disclosed),
            audience=_short_text("audience", record.get("audience")),
            nonce=_short_text("nonce", record.get("nonce")),
            issued_at=check.uint("issuedAt", record.get("issuedAt"), maximum=check.UINT64_MAX,
                                 minimum=1),
            signature=raw_signature,
        )

    def save(self, path: Path, *, overwrite: bool = False) -> None:
        text = json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            with path.open("w" if overwrite else "x", encoding="utf-8") as out:
                out.write(text)
        except FileExistsError:
            raise InputError(str(path), "exists already") from None
        except OSError as err:
            raise InputError(str(path), f"cannot write: {err.strerror or err}") from None

    @classmethod
    def load(cls, path: Path) -> Presentation:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(str(path), f"cannot read the presentation: {err}") from None
        return cls.from_dict(canonical.loads(text, require_canonical=False))


def disclosed_digest(leaves: Iterable[bytes]) -> bytes:
    """keccak256 of the disclosed leaves in ascending order."""
    return keccak(b"".join(sorted(leaves)))


def select(receipt: CompetenceReceipt, *, disclose: Iterable[int | str], audience: str,
           nonce: str, issued_at: int) -> Presentation:
    """The unsigned presentation of the claims ``disclose`` (positions, or codes of claims)
    of ``receipt`` for ``audience`` and ``nonce`` at unix time ``issued_at`` (its signature
    empty: :func:`blokketen.competence.client.present` signs it)."""
    check.instance("receipt", receipt, CompetenceReceipt)
    by_index = {c.index: c for c in receipt.claims}
    chosen = []
    for item in disclose:
        found = None
        if isinstance(item, int) and not isinstance(item, bool):
            found = by_index.get(item)
            if found is None:
                raise InputError("disclose", f"position {item} holds no claim of this receipt "
                                             "(a decoy or the holder leaf is never disclosed)")
        elif isinstance(item, str):
            matches = [c for c in receipt.claims if c.claim.code == item]
            if len(matches) != 1:
                raise InputError("disclose", f"{item!r} names {len(matches)} claims of this "
                                             "receipt; name a claim by its position instead")
            found = matches[0]
        else:
            raise InputError("disclose", f"{item!r} is neither a position nor a code")
        if found in chosen:
            raise InputError("disclose", f"position {found.index} is chosen twice")
        chosen.append(found)
    if not chosen:
        raise InputError("disclose", "choose at least one claim to disclose")
    unsigned = Presentation(
        chain_id=receipt.chain_id, registry=receipt.registry, batch_root=receipt.batch_root,
        batch_proof=receipt.batch_proof, credential_root=receipt.credential_root,
        credential_id=receipt.credential_id, depth=receipt.depth, holder=receipt.holder,
        holder_salt=receipt.holder_salt, holder_proof=receipt.holder_proof,
        disclosed=tuple(Disclosure(index=c.index, claim=c.claim, salt=c.salt, proof=c.proof)
                        for c in sorted(chosen, key=lambda c: c.index)),
        audience=_short_text("audience", audience), nonce=_short_text("nonce", nonce),
        issued_at=check.uint("issued_at", issued_at, maximum=check.UINT64_MAX, minimum=1),
        signature=b"",
    )
    return unsigned


@dataclass(frozen=True)
class OfflineResult:
    """What :func:`check_offline` found: a failing verdict with its reason, or None."""

    verdict: Verdict | None
    reason: str | None = None


def check_proofs(presentation: Presentation) -> OfflineResult:
    """Step 3 of the verifier: every disclosed claim re-hashes to a leaf its proof leads to
    the credential root (a decoy opened as a claim is named as such), the holder leaf proves
    at position 0, and the credential proves to the batch root."""
    p = presentation
    root = p.credential_root
    for i, (disclosure, leaf) in enumerate(zip(p.disclosed, p.claim_leaves(), strict=True)):
        if verify_indexed_proof(leaf, disclosure.index, disclosure.proof, root):
            continue
        decoy = decoy_leaf(p.credential_id, disclosure.index, disclosure.salt)
        if verify_indexed_proof(decoy, disclosure.index, disclosure.proof, root):
            return OfflineResult(Verdict.DECOY, f"disclosed[{i}]: position {disclosure.index} "
                                 "is a decoy, not a claim")
        return OfflineResult(Verdict.INVALID_PROOF, f"disclosed[{i}]: the claim, its salt or "
                             "its proof do not lead to the credential root")
    holder = holder_leaf(p.credential_id, p.holder_salt, p.holder)
    if not verify_indexed_proof(holder, 0, p.holder_proof, root):
        return OfflineResult(Verdict.INVALID_PROOF, "holder: the holder leaf does not lead to "
                             "the credential root")
    if not verify_proof(credential_leaf(root), p.batch_proof, p.batch_root):
        return OfflineResult(Verdict.INVALID_PROOF, "batchProof: the credential does not lead "
                             "to the batch root")
    return OfflineResult(None)


def check_holder(presentation: Presentation, *, signer: str | None, audience: str, nonce: str,
                 now: int) -> OfflineResult:
    """Steps 5 and 6 of the verifier: the signature (which recovers to ``signer``) is the
    committed holder's, for this audience, nonce and disclosed set, and fresh at ``now``."""
    p = presentation
    if p.audience != audience:
        return OfflineResult(Verdict.WRONG_AUDIENCE,
                             f"signed for audience {p.audience!r}, not {audience!r}")
    if p.nonce != nonce:
        return OfflineResult(Verdict.WRONG_NONCE, f"signed for nonce {p.nonce!r}, not {nonce!r}")
    if signer != p.holder:
        return OfflineResult(Verdict.BAD_SIGNATURE,
                             "the signature is not the committed holder's over this "
                             "credential, disclosed set, audience, nonce and time")
    if p.issued_at + FRESHNESS < now:
        return OfflineResult(Verdict.STALE, f"signed at {p.issued_at}, more than {FRESHNESS} s "
                             f"before {now}")
    if p.issued_at > now + CLOCK_SKEW:
        return OfflineResult(Verdict.STALE, f"dated {p.issued_at}, after {now}")
    return OfflineResult(None)


def check_offline(presentation: Presentation, *, signer: str | None, audience: str, nonce: str,
                  now: int) -> OfflineResult:
    """Every check without the chain, in the verifier's order (proofs, then holder)."""
    found = check_proofs(presentation)
    if found.verdict is not None:
        return found
    return check_holder(presentation, signer=signer, audience=audience, nonce=nonce, now=now)


def _short_text(field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, "must be a non-empty text")
    if len(value) > MAX_TEXT:
        raise InputError(field, f"at most {MAX_TEXT} characters")
    if unicodedata.normalize("NFC", value) != value:
        raise InputError(field, "is not in Unicode NFC")
    return value
