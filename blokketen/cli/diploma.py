"""``blokketen diploma ...``: issue batches, verify receipts, revoke diplomas.

Network and keystore options are the shared ones (:mod:`blokketen.cli.common`); ``--dev-account
N`` picks another dev account on a local dev chain. ``--address`` defaults to the manifest's
DiplomaRegistry (``verify``: to the registry the receipt names).

``verify`` exits 0 when the diploma is valid, 1 when it is not (any other status), and 2 on
bad input (unreadable receipt, bad option) or when the chain cannot be asked. ``issue`` and
``revoke`` exit 1 when the contract refuses (the typed error is printed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import BlokketenError, ContractRevert, InputError

if TYPE_CHECKING:

    from blokketen.chain.connection import Chain
    from blokketen.clients.diploma import DiplomaRegistry
    from blokketen.diploma.documents import DiplomaDocument

__all__ = ["register"]

EXIT_VALID = 0
EXIT_NOT_VALID = 1
EXIT_BAD_INPUT = 2


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
    _chain_options(issue, signer=True)
    issue.set_defaults(func=_issue)

    verify = commands.add_parser("verify", help="verify a holder receipt (exit 0 valid, "
                                 "1 not valid, 2 bad input)")
    verify.add_argument("receipt", type=Path, metavar="RECEIPT")
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    _chain_options(verify, signer=False)
    verify.set_defaults(func=_verify)

    revoke = commands.add_parser("revoke", help="revoke diplomas (by receipt) or a batch")
    revoke.add_argument("receipts", nargs="*", type=Path, metavar="RECEIPT")
    revoke.add_argument("--batch", default=None, metavar="ROOT",
                        help="revoke the whole batch with this 0x root instead")
    revoke.add_argument("--reason", required=True,
                        help="issued-in-error, superseded, fraud, academic-misconduct, "
                        "court-order, accreditation-withdrawn, holder-request")
    _chain_options(revoke, signer=True)
    revoke.set_defaults(func=_revoke)


def _chain_options(parser: argparse.ArgumentParser, *, signer: bool) -> None:
    from blokketen.cli.common import add_network_options

    add_network_options(parser, sender=signer)
    parser.add_argument("--address", default=None,
                        help="DiplomaRegistry address (default: " + (
                            "the manifest's)" if signer else "the receipt's)"))


# -- handlers ---------------------------------------------------------------------------
def _issue(args: argparse.Namespace) -> int:
    try:
        documents = [doc for path in args.files for doc in _read_documents(path)]
        with _open_chain(args) as chain:
            registry = _registry(args, chain, signer=True)
            receipts = registry.issue_batch(documents, expires_at=args.expires_at)
        args.out.mkdir(parents=True, exist_ok=True)
        for receipt in receipts:
            receipt.save(args.out / f"{_file_stem(receipt.document.diploma_id)}.receipt.json")
    except BlokketenError as err:
        return _fail(err)
    print(f"anchored {len(receipts)} diplomas, root 0x{receipts[0].root.hex()}")
    print(f"receipts written to {args.out}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from blokketen.diploma.receipts import Receipt

    try:
        receipt = Receipt.load(args.receipt)
        if args.address is None:
            args.address = receipt.registry
        with _open_chain(args) as chain:
            registry = _registry(args, chain, signer=False)
            result = registry.verify(receipt, with_recognitions=True)
    except BlokketenError as err:
        return _fail(err)
    if args.json:
        print(json.dumps(_verdict(result), indent=2))
    else:
        print(f"{result.status.value}: {receipt.document.qualification} "
              f"({receipt.document.institution}, {receipt.document.awarded_on})")
        if result.issuer is not None:
            print(f"  issuer {result.issuer} ({result.country}), EQF {result.level}, "
                  f"block {result.issued_block}")
        for reason in result.reasons:
            print(f"  revoked: {reason.label}")
        for found in result.recognitions:
            print(f"  recognised as EQF {found.equivalent_level} by {found.recogniser}")
    return EXIT_VALID if result.valid else EXIT_NOT_VALID


def _revoke(args: argparse.Namespace) -> int:
    from blokketen.clients.diploma import RevocationReason
    from blokketen.diploma.receipts import Receipt

    try:
        reason = RevocationReason.parse(args.reason)
        if bool(args.receipts) == (args.batch is not None):
            raise InputError("receipts", "give receipt files or --batch ROOT, not both")
        receipts = [Receipt.load(path) for path in args.receipts]
        root = _root(args.batch) if args.batch is not None else None
        with _open_chain(args) as chain:
            registry = _registry(args, chain, signer=True)
            if root is not None:
                registry.revoke_batch(root, reason)
                print(f"revoked batch {args.batch}: {reason.label}")
            for receipt in receipts:
                registry.revoke(receipt, reason)
                print(f"revoked {receipt.document.diploma_id}: {reason.label}")
    except BlokketenError as err:
        return _fail(err)
    return 0


# -- helpers ----------------------------------------------------------------------------
def _open_chain(args: argparse.Namespace) -> contextlib.AbstractContextManager[Chain]:
    from blokketen.cli.common import open_chain

    return open_chain(args)


def _registry(args: argparse.Namespace, chain: Chain, *, signer: bool) -> DiplomaRegistry:
    from blokketen.cli.common import contract_client
    from blokketen.clients.diploma import DiplomaRegistry

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


def _root(text: str) -> bytes:
    if not (text.startswith("0x") and len(text) == 66):
        raise InputError("--batch", "must be a 0x-prefixed 32-byte root")
    try:
        return bytes.fromhex(text[2:])
    except ValueError:
        raise InputError("--batch", "must be hex") from None


def _file_stem(diploma_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in diploma_id)


def _verdict(result: Any) -> dict[str, Any]:
    return {
        "status": result.status.value,
        "valid": result.valid,
        "leaf": "0x" + result.leaf.hex(),
        "root": "0x" + result.root.hex(),
        "issuer": result.issuer,
        "country": result.country,
        "level": result.level,
        "issued_at": result.issued_at,
        "issued_block": result.issued_block,
        "expires_at": result.expires_at,
        "reasons": [reason.label for reason in result.reasons],
        "recognitions": [
            {"recogniser": r.recogniser, "equivalent_level": r.equivalent_level,
             "decision_hash": "0x" + r.decision_hash.hex(), "block": r.block}
            for r in result.recognitions
        ],
    }


def _fail(err: BlokketenError) -> int:
    kind = "reverted" if isinstance(err, ContractRevert) else "error"
    print(f"{kind}: {err}", file=sys.stderr)
    return EXIT_BAD_INPUT if not isinstance(err, ContractRevert) else EXIT_NOT_VALID
