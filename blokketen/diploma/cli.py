"""``blokketen diploma ...``: issue batches, verify receipts, revoke diplomas.

Network and keystore options are the shared ones (:mod:`blokketen.cli.common`); ``--dev-account
N`` picks another dev account on a local dev chain. ``--address`` defaults to the DiplomaRegistry
of the chain's deployment manifest.

``verify`` never trusts the registry a receipt names, nor code it cannot check: it compares
the registry's code on chain with the code hash the manifest records for it (or the
``--code-hash`` given with an ``--address`` the manifest does not know) before any verdict,
and every verdict names the chain, the registry and the code hash it comes from. A receipt of
another registry is ``wrong-registry``.

``issue`` writes every receipt (new files only) before it anchors the batch, so the salts are
never lost to a failed write. ``revoke`` refuses receipts of another registry or chain.

``verify`` answers with a verdict: exit 0 when the diploma is valid, 1 when it is not (the
reason is printed: on a mismatch it names the document field), 2 on bad input or a registry
whose code is not the one expected. Errors and their exit codes are
:mod:`blokketen.cli.report`'s.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import BlokketenError, ContractRevert, InputError
from blokketen.cli.common import (
    add_contract_options,
    add_trust_options,
    contract_client,
    open_chain,
    verifier_client,
    write_new_files,
)
from blokketen.cli.report import Verdict
from blokketen.contract import checks as check
from blokketen.diploma.receipts import DiplomaReceipt
from blokketen.diploma.types import RevocationReason

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.diploma.documents import DiplomaDocument
    from blokketen.diploma.types import Verification

__all__ = ["register"]

_STEM_LIMIT = 100


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``diploma issue|verify|revoke`` to the ``blokketen`` command."""
    parser = subparsers.add_parser("diploma", help="diploma registry: issue, verify, revoke")
    commands = parser.add_subparsers(dest="diploma_command", metavar="COMMAND", required=True)

    issue = commands.add_parser("issue", help="anchor JSON diploma documents as one batch")
    issue.add_argument("files", nargs="+", type=Path, metavar="FILES",
                       help="JSON files, each one document or a list of documents")
    issue.add_argument("--out", type=Path, required=True, metavar="DIR",
                       help="folder for the holder receipts (created if missing)")
    issue.add_argument("--expires-at", type=int, default=None, metavar="UNIX",
                       help="the diplomas lapse at this unix time (default: never)")
    add_contract_options(issue, "DiplomaRegistry", sender=True)
    issue.set_defaults(func=_issue)

    verify = commands.add_parser("verify", help="verify a holder receipt (exit 0 valid, "
                                 "1 not valid, 2 bad input)")
    verify.add_argument("receipt", type=Path, metavar="RECEIPT")
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    add_contract_options(verify, "DiplomaRegistry", sender=False)
    add_trust_options(verify)
    verify.set_defaults(func=_verify)

    revoke = commands.add_parser("revoke", help="revoke diplomas (by receipt) or a batch")
    revoke.add_argument("receipts", nargs="*", type=Path, metavar="RECEIPT")
    revoke.add_argument("--batch", default=None, metavar="ROOT",
                        help="revoke the whole batch with this 0x root instead")
    revoke.add_argument("--reason", required=True, help=RevocationReason.labels())
    add_contract_options(revoke, "DiplomaRegistry", sender=True)
    revoke.set_defaults(func=_revoke)


# -- handlers ---------------------------------------------------------------------------
def _issue(args: argparse.Namespace) -> None:
    from blokketen.diploma.receipts import prepare_batch

    documents = [doc for path in args.files for doc in _read_documents(path)]
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        assert registry.sender is not None
        prepared = prepare_batch(documents, issuer=registry.sender.address)
        # Everything that can fail before sending fails here: a dry run of the anchoring,
        # then every receipt on disk. Only then is the batch anchored.
        registry.check_anchor(prepared, expires_at=args.expires_at)
        receipts = prepared.receipts(registry=registry.address, chain_id=chain.chain_id)
        paths = _receipt_paths(args.out, receipts)
        write_new_files(args.out, [(path, functools.partial(receipt.save, overwrite=False))
                                   for receipt, path in zip(receipts, paths, strict=True)])
        try:
            registry.anchor(prepared, expires_at=args.expires_at)
        except (ContractRevert, InputError):
            _remove(paths)  # refused, so nothing is anchored: the receipts are void
            raise
        except BlokketenError as err:
            err.add_note(f"the receipts of batch 0x{prepared.root.hex()} are in {args.out}; "
                         "check whether it was anchored before issuing again")
            raise
    print(f"anchored {len(receipts)} diplomas, root 0x{prepared.root.hex()}")
    print(f"receipts written to {args.out}")


def _verify(args: argparse.Namespace) -> Verdict:
    from blokketen.diploma.client import DiplomaRegistry

    receipt = DiplomaReceipt.load(args.receipt)
    with open_chain(args) as chain:
        registry = verifier_client(args, chain, DiplomaRegistry)
        result = registry.verify(receipt, with_recognitions=True)
    if args.json:
        print(json.dumps(_verdict(result), indent=2))
        return Verdict(ok=result.valid)
    document = receipt.document
    print(f"{result.status.value}: {document.qualification} ({document.institution}, "
          f"{document.awarded_on})")
    if result.reason is not None:
        print(f"  reason: {result.reason}")
    trusted = result.trusted
    print(f"  registry {trusted.address} on chain {trusted.chain_id} at block {trusted.block}, "
          f"code {trusted.code_hash}")
    if result.issuer is not None:
        print(f"  issuer {result.issuer} ({result.country}), EQF {result.level}, "
              f"block {result.issued_block}")
    for found in result.recognitions:
        print(f"  recognised as EQF {found.equivalent_level} by {found.recogniser}")
    return Verdict(ok=result.valid)


def _revoke(args: argparse.Namespace) -> None:
    reason = RevocationReason.parse(args.reason)
    if bool(args.receipts) == (args.batch is not None):
        raise InputError("receipts", "give receipt files or --batch ROOT, not both")
    receipts = [_load_receipt(path) for path in args.receipts]
    _refuse_duplicates(args.receipts, receipts)
    root = check.word32("--batch", args.batch) if args.batch is not None else None
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        for path, receipt in zip(args.receipts, receipts, strict=True):
            _check_target(path, receipt, registry)
        if root is not None:
            registry.revoke_batch(root, reason)
            print(f"revoked batch {args.batch}: {reason.label}")
        for receipt in receipts:
            registry.revoke(receipt, reason)
            print(f"revoked {receipt.document.diploma_id}: {reason.label}")


# -- helpers ----------------------------------------------------------------------------
def _load_receipt(path: Path) -> DiplomaReceipt:
    try:
        return DiplomaReceipt.load(path)
    except InputError as err:
        if err.field == "receipt":
            raise
        raise InputError(f"{path}: {err.field}", err.problem) from None


def _refuse_duplicates(paths: list[Path], receipts: list[DiplomaReceipt]) -> None:
    seen: dict[bytes, Path] = {}
    for path, receipt in zip(paths, receipts, strict=True):
        key = receipt.diploma_id
        if key in seen:
            raise InputError(str(path), f"is the same diploma as {seen[key]}")
        seen[key] = path


def _check_target(path: Path, receipt: DiplomaReceipt, registry: DiplomaRegistry) -> None:
    """Refuse a receipt of another registry or chain, or a broken one, before sending."""
    chain_id = registry.chain.chain_id
    if receipt.chain_id != chain_id or receipt.registry != registry.address:
        raise InputError(
            str(path),
            f"is for registry {receipt.registry} on chain {receipt.chain_id}, "
            f"not {registry.address} on chain {chain_id}",
        )
    if not receipt.proof_holds():
        raise InputError(str(path), "its proof does not lead from the document to its root")


def _receipt_paths(out: Path, receipts: list[DiplomaReceipt]) -> list[Path]:
    """One new file per receipt: the diploma id as name, numbered when two ids collide."""
    used: set[str] = set()
    paths = []
    for receipt in receipts:
        stem = _file_stem(receipt.document.diploma_id)
        name, number = stem, 1
        while name.casefold() in used:  # case-insensitive file systems collide too
            number += 1
            name = f"{stem}-{number}"
        used.add(name.casefold())
        paths.append(out / f"{name}.receipt.json")
    return paths


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _registry(args: argparse.Namespace, chain: Chain, *, signer: bool) -> DiplomaRegistry:
    from blokketen.diploma.client import DiplomaRegistry

    return contract_client(args, chain, DiplomaRegistry, sender=signer)


def _read_documents(path: Path) -> list[DiplomaDocument]:
    from blokketen.diploma.documents import DiplomaDocument

    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(str(path), f"cannot read a JSON document: {err}") from None
    items = data if isinstance(data, list) else [data]
    documents = []
    for item in items:
        try:
            documents.append(DiplomaDocument.from_dict(item))
        except InputError as err:
            raise InputError(f"{path}: {err.field}", err.problem) from None
    return documents


def _file_stem(diploma_id: str) -> str:
    stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_"
                   for ch in diploma_id[:_STEM_LIMIT])
    return "_" + stem if stem.startswith(".") else stem


def _verdict(result: Verification) -> dict[str, Any]:
    trusted = result.trusted
    return {
        "status": result.status.value,
        "valid": result.valid,
        "reason": result.reason,
        "field": result.field,
        "code": result.code,
        "registry": {"chain_id": trusted.chain_id, "address": trusted.address,
                     "code_hash": trusted.code_hash, "block": trusted.block},
        "diploma_id": "0x" + result.diploma_id.hex(),
        "root": "0x" + result.root.hex(),
        "issuer": result.issuer,
        "country": result.country,
        "level": result.level,
        "issued_at": result.issued_at,
        "issued_block": result.issued_block,
        "expires_at": result.expires_at,
        "revocation": None if result.revocation is None else result.revocation.label,
        "recognitions": [
            {"recogniser": r.recogniser, "equivalent_level": r.equivalent_level,
             "decision_hash": "0x" + r.decision_hash.hex(), "block": r.block}
            for r in result.recognitions
        ],
    }
