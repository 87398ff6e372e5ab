"""``blokketen land ...``: parcels, transfers, rights, split/merge, freezes, history, import.

Each verb is a small function below, declared with its arguments by :func:`_verb`:

- ``offline`` verbs need no chain (``validate``);
- ``query`` verbs read the registry (``--network``, ``--address``, ``--code-hash``), but
  only after its code is the code expected: the manifest's record for the address, or the
  ``--code-hash`` given for an address the manifest does not know
  (:func:`~blokketen.cli.common.verifier_client`); every answer names the chain, the
  registry, the block it was read at and the code hash. Look-alike code is refused with
  exit 2 and one line, as ``blokketen diploma verify`` refuses it;
- ``send`` verbs sign with ``--keystore``, ``--dev-account N`` (local dev chains) or dev
  account 0, and print the transaction and its events;
- ``custom`` verbs open what they need themselves (``sign-transfer``, ``import``).

``--json`` prints machine-readable output. Errors and exit codes are
:mod:`blokketen.cli.report`'s; ``import`` answers with a verdict (exit 1 when records are
left out: conflicts or failures).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from blokketen._exceptions import InputError
from blokketen.cli.common import (
    add_contract_options,
    add_trust_options,
    contract_client,
    open_chain,
    parse_hex,
    parse_time,
    verifier_client,
)
from blokketen.cli.output import emit, line, plain
from blokketen.cli.report import Verdict
from blokketen.contract import checks as check
from blokketen.land.types import LandUse, NewParcel, RightKind

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import TrustedContract
    from blokketen.land.client import LandRegistry

__all__ = ["register"]

Kind = Literal["offline", "query", "send", "custom"]
E = TypeVar("E", bound=Enum)

_TERSE = frozenset({"capakey", "parcel_id", "tx_hash", "log_index", "timestamp"})
"""Fields left out of the text (not JSON) listing of events and rights."""


@dataclass(frozen=True)
class _Arg:
    """One command-line argument: the flags and keywords of ``add_argument``."""

    flags: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


def _arg(*flags: str, **options: Any) -> _Arg:
    return _Arg(flags, options)


@dataclass(frozen=True)
class _Verb:
    name: str
    help: str
    kind: Kind
    run: Callable[..., Any]
    arguments: tuple[_Arg, ...]


_VERBS: list[_Verb] = []
"""Every verb, in the order of this file (the order of ``blokketen land --help``)."""

F = TypeVar("F", bound=Callable[..., Any])


def _verb(name: str, help_: str, *arguments: _Arg, kind: Kind) -> Callable[[F], F]:
    """Declare the function below as the verb ``name`` with these arguments."""

    def declare(run: F) -> F:
        _VERBS.append(_Verb(name, help_, kind, run, arguments))
        return run

    return declare


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``land <verb>`` to the ``blokketen`` command."""
    parser = subparsers.add_parser("land", help="land registry: parcels, transfers, rights",
                                   description="The land registry (grondbeheer).")
    verbs = parser.add_subparsers(dest="land_command", metavar="COMMAND", required=True)
    for verb in _VERBS:
        sub = verbs.add_parser(verb.name, help=verb.help, description=verb.help)
        sub.add_argument("--json", action="store_true", help="print JSON")
        for argument in verb.arguments:
            sub.add_argument(*argument.flags, **argument.options)
        if verb.kind != "offline":
            add_contract_options(sub, "LandRegistry", sender=verb.kind != "query")
        if verb.kind == "query":
            add_trust_options(sub)
        sub.set_defaults(func=functools.partial(_RUNNERS[verb.kind], verb))


# -- how each kind of verb runs -----------------------------------------------------------
def _registry(args: argparse.Namespace, chain: Chain, *, sender: bool) -> LandRegistry:
    from blokketen.land.client import LandRegistry

    return contract_client(args, chain, LandRegistry, sender=sender)


def _run_alone(verb: _Verb, args: argparse.Namespace) -> Verdict | None:
    """An offline or custom verb opens what it needs itself."""
    result: Verdict | None = verb.run(args)
    return result


def _run_query(verb: _Verb, args: argparse.Namespace) -> None:
    """Check the registry's code first, then read the answer at the block it was checked at,
    and name that registry with the answer (``registry`` and ``result`` in JSON)."""
    from blokketen.land.client import LandRegistry

    with open_chain(args) as chain:
        registry = verifier_client(args, chain, LandRegistry)
        block = chain.block_number
        trusted = registry.trusted(block=block)
        result = plain(verb.run(registry, args, block))
    if isinstance(result, list):
        text = "\n".join(line({k: v for k, v in item.items() if k not in _TERSE}
                              if isinstance(item, dict) else item) for item in result) or "none"
    else:
        text = line(result) if result is not None else "none"
    emit({"result": result, "registry": _source(trusted)}, f"{text}\n{_named(trusted)}",
         as_json=args.json)


def _source(trusted: TrustedContract) -> dict[str, Any]:
    return {"chain_id": trusted.chain_id, "address": trusted.address,
            "code_hash": trusted.code_hash, "block": trusted.block}


def _named(trusted: TrustedContract) -> str:
    return (f"  registry {trusted.address} on chain {trusted.chain_id} at block "
            f"{trusted.block}, code {trusted.code_hash}")


def _run_send(verb: _Verb, args: argparse.Namespace) -> None:
    with open_chain(args) as chain:
        outcome = verb.run(_registry(args, chain, sender=True), args)
    receipt = getattr(outcome, "receipt", outcome)
    out: dict[str, Any] = {
        "tx_hash": receipt.tx_hash,
        "block": receipt.block_number,
        "gas_used": receipt.gas_used,
        "events": [{"event": e.name, **plain(e.args)} for e in receipt.events],
    }
    if hasattr(outcome, "id"):
        out["id"] = outcome.id
    text = [f"{e['event']}: {line({k: v for k, v in e.items() if k != 'event'})}"
            for e in out["events"]]
    emit(out, "\n".join([f"tx {receipt.tx_hash} (block {receipt.block_number})", *text]),
         as_json=args.json)


_RUNNERS: dict[Kind, Callable[[_Verb, argparse.Namespace], Verdict | None]] = {
    "offline": _run_alone, "query": _run_query, "send": _run_send, "custom": _run_alone}


# -- arguments used by several verbs ---------------------------------------------------------
CAPAKEY = _arg("capakey")
RIGHT_ID = _arg("right_id", type=int)
DEED_HASH = _arg("--deed-hash", required=True)
SURVEY_HASH = _arg("--survey-hash", required=True)
CASE_REF = _arg("--case-ref", required=True, help="32-byte case reference (0x hex)")
TERMS = (CAPAKEY, _arg("--buyer", required=True), DEED_HASH,
         _arg("--deadline", required=True, help="unix time or ISO time with zone"))
REASON_HASH = _arg("--reason-hash", required=True,
                   help="32-byte hash of the decision or judgment (0x hex)")


def _choices(kind: type[Enum]) -> str:
    return "one of " + ", ".join(m.name.lower().replace("_", "-") for m in kind)


# -- the verbs ------------------------------------------------------------------------------
@_verb("validate", "normalise and check a CaPaKey (no chain)", CAPAKEY, kind="offline")
def validate(args: argparse.Namespace) -> None:
    from blokketen.land.capakey import CapaKey, parcel_id

    key = CapaKey.parse(args.capakey)
    out = {"capakey": str(key), "parcel_id": "0x" + parcel_id(str(key)).hex(), **asdict(key)}
    emit(out, f"{key}  {out['parcel_id']}", as_json=args.json)


@_verb("grant", "admin grants a role (registrar, notary, surveyor, court; one per address)",
       _arg("role"), _arg("account"), kind="send")
def grant(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.grant_role(args.role, args.account)


@_verb("admin", "the admin, the hand-over delay and a proposed next admin", kind="query")
def admin(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    pending = registry.pending_admin(block=block)
    return {"admin": registry.admin(block=block),
            "delay_seconds": registry.admin_delay(block=block),
            "pending_admin": pending[0] if pending else None,
            "pending_from": pending[1] if pending else None}


@_verb("hand-over-admin", "admin proposes a new admin, who accepts after the delay",
       _arg("new_admin"), kind="send")
def hand_over_admin(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.begin_admin_transfer(args.new_admin)


@_verb("accept-admin", "the proposed admin takes over (after the delay)", kind="send")
def accept_admin(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.accept_admin_transfer()


@_verb("cancel-admin-hand-over", "admin withdraws a proposed hand-over", kind="send")
def cancel_admin_hand_over(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.cancel_admin_transfer()


@_verb("parcel", "show a parcel", CAPAKEY, kind="query")
def parcel(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    return registry.parcel(args.capakey, block=block)


@_verb("rights", "list a parcel's rights", CAPAKEY, kind="query")
def rights(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    return list(registry.rights(args.capakey, block=block))


@_verb("history", "a parcel's history from events", CAPAKEY, kind="query")
def history(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    return [{"event": type(e).__name__, **plain(e)}
            for e in registry.history(args.capakey, to_block=block)]


@_verb("lineage", "parents and children of a parcel", CAPAKEY, kind="query")
def lineage(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    return registry.lineage(args.capakey, block=block)


@_verb("pending", "the parcel's pending transfer", CAPAKEY, kind="query")
def pending(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    return registry.pending_transfer(args.capakey, block=block)


@_verb("preemption", "pre-emption rights in force against the pending transfer: waived, "
       "or when their notice ends", CAPAKEY, kind="query")
def preemption(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    return list(registry.preemption_checks(args.capakey, block=block))


@_verb("owner-at", "owner at a block number or an ISO time", CAPAKEY,
       _arg("when", help="block number, or ISO time with zone (2026-05-01T12:00Z)"),
       kind="query")
def owner_at(registry: LandRegistry, args: argparse.Namespace, block: int) -> Any:
    when: int | datetime = parse_time("when", args.when)
    return {"capakey": args.capakey, "when": args.when,
            "owner": registry.owner_at(args.capakey, when, block=block)}


@_verb("register", "registrar registers a parcel", CAPAKEY,
       _arg("--owner", required=True), _arg("--area", type=int, required=True, help="area in m²"),
       _arg("--land-use", default="forest", help=_choices(LandUse)), DEED_HASH, kind="send")
def register_parcel(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.register_parcel(
        args.capakey, owner=args.owner, area_m2=args.area,
        land_use=check.member("land_use", args.land_use, LandUse), deed_hash=args.deed_hash)


@_verb("open-transfer", "owner opens a transfer to a buyer", CAPAKEY,
       _arg("--buyer", required=True), DEED_HASH,
       _arg("--expiry", required=True,
            help="unix time or ISO time with zone, at most 120 days away"), kind="send")
def open_transfer(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.open_transfer(args.capakey, buyer=args.buyer, deed_hash=args.deed_hash,
                                  expiry=parse_time("expiry", args.expiry))


@_verb("accept-transfer", "buyer accepts the pending transfer (again after the parcel changed)",
       CAPAKEY, kind="send")
def accept_transfer(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.accept_transfer(args.capakey)


@_verb("cancel-transfer", "seller or buyer cancels the pending transfer", CAPAKEY, kind="send")
def cancel_transfer(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.cancel_transfer(args.capakey)


@_verb("revoke-transfer", "registrar or court revokes the pending transfer, with a reason",
       CAPAKEY, REASON_HASH, kind="send")
def revoke_transfer(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.revoke_transfer(args.capakey, reason_hash=args.reason_hash)


@_verb("authenticate", "notary authenticates the accepted transfer", CAPAKEY, kind="send")
def authenticate(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.authenticate_transfer(args.capakey)


@_verb("waive", "pre-emption holder waives for the pending transfer", CAPAKEY, RIGHT_ID,
       kind="send")
def waive(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.waive_preemption(args.capakey, args.right_id)


@_verb("sign-transfer", "sign transfer terms (EIP-712) as seller or buyer, at the parcel's "
       "version and the seller's and the buyer's nonces", *TERMS,
       _arg("--parcel-version", type=int, default=None,
            help="the parcel version the terms are for (default: the current one)"),
       _arg("--nonce", type=int, default=None,
            help="the seller's nonce (default: the current one)"),
       _arg("--buyer-nonce", type=int, default=None,
            help="the buyer's nonce (default: the current one)"),
       kind="custom")
def sign_transfer(args: argparse.Namespace) -> None:
    with open_chain(args) as chain:
        registry = _registry(args, chain, sender=True)
        message = registry.transfer_message(args.capakey, buyer=args.buyer,
                                            deed_hash=args.deed_hash,
                                            deadline=parse_time("deadline", args.deadline),
                                            parcel_version=args.parcel_version,
                                            nonce=args.nonce, buyer_nonce=args.buyer_nonce)
        assert registry.sender is not None
        signature = registry.sign_transfer(registry.sender, message)
    out = {"signer": registry.sender.address, "signature": "0x" + signature.hex(),
           "message": plain(message)}
    emit(out, f"{out['signature']}  (parcel version {message['parcelVersion']}, "
         f"nonce {message['nonce']}, buyer nonce {message['buyerNonce']})", as_json=args.json)


@_verb("transfer-signed", "notary submits a transfer signed by both parties", *TERMS,
       _arg("--parcel-version", type=int, required=True, help="as signed"),
       _arg("--nonce", type=int, required=True, help="as signed"),
       _arg("--buyer-nonce", type=int, default=None,
            help="as signed (default: the buyer's current nonce)"),
       _arg("--seller-signature", required=True), _arg("--buyer-signature", required=True),
       kind="send")
def transfer_signed(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.transfer_with_signatures(
        args.capakey, buyer=args.buyer, deed_hash=args.deed_hash,
        parcel_version=args.parcel_version, nonce=args.nonce, buyer_nonce=args.buyer_nonce,
        deadline=parse_time("deadline", args.deadline),
        seller_signature=parse_hex("seller_signature", args.seller_signature),
        buyer_signature=parse_hex("buyer_signature", args.buyer_signature))


@_verb("add-right", "registrar adds a right, restriction or responsibility", CAPAKEY,
       _arg("--kind", required=True, help=_choices(RightKind)), _arg("--holder", required=True),
       _arg("--source-hash", required=True),
       _arg("--valid-from", default=None, help="unix or ISO time (default: always)"),
       _arg("--valid-until", default=None, help="unix or ISO time (default: open)"),
       kind="send")
def add_right(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.add_right(
        args.capakey, kind=check.member("kind", args.kind, RightKind), holder=args.holder,
        source_hash=args.source_hash,
        valid_from=parse_time("valid_from", args.valid_from) if args.valid_from else 0,
        valid_until=parse_time("valid_until", args.valid_until) if args.valid_until else None)


@_verb("end-right", "registrar ends a right", CAPAKEY, RIGHT_ID,
       _arg("--source-hash", required=True), kind="send")
def end_right(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.end_right(args.capakey, args.right_id, source_hash=args.source_hash)


@_verb("split", "surveyor splits a parcel", CAPAKEY,
       _arg("--child", action="append", required=True, metavar="KEY:AREA[:USE]"),
       _arg("--carry", action="append", default=[], metavar="RIGHT:I,J",
            help="right id and the child indexes (0-based) that keep it; "
            "rights not named go to every child"),
       SURVEY_HASH, kind="send")
def split(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.split(args.capakey, [_new_parcel(c) for c in args.child],
                          survey_hash=args.survey_hash,
                          carries=dict(_carry(c) for c in args.carry))


@_verb("merge", "surveyor merges parcels of one owner (every right moves to the new parcel)",
       _arg("capakeys", nargs="+"), _arg("--into", required=True, metavar="KEY:AREA[:USE]"),
       SURVEY_HASH, kind="send")
def merge(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.merge(args.capakeys, _new_parcel(args.into), survey_hash=args.survey_hash)


@_verb("import", "register every parcel of a CSV file (resumable, pipelined)",
       _arg("file", help="CSV with columns capakey, owner, area_m2, land_use, deed_hash"),
       _arg("--batch", type=int, default=None, metavar="N",
            help="records per transaction (default 100 through registerParcels; "
            "1 sends one registerParcel per record)"),
       _arg("--journal", default=None,
            help="journal file (default: FILE.journal next to the input)"),
       _arg("--no-progress", action="store_true", help="no progress bar"),
       kind="custom")
def import_file(args: argparse.Namespace) -> Verdict:
    """Check the whole file first (every bad row is reported, nothing is sent), then import;
    the verdict is whether every record is on chain with its data."""
    from blokketen.bulk import journal_path
    from blokketen.land.csvfile import ParcelsCsv

    records = ParcelsCsv(args.file)  # read as a stream: a whole register in flat memory
    total = records.check()
    journal = args.journal or journal_path(args.file)
    bar: Any = None
    try:
        with open_chain(args) as chain:
            registry = _registry(args, chain, sender=True)
            if not args.no_progress and not args.json:
                from tqdm import tqdm  # type: ignore[import-untyped]

                bar = tqdm(total=total, unit="parcel", dynamic_ncols=True,
                           desc="import", file=sys.stderr)
            summary = registry.import_parcels(records, journal=journal, batch_size=args.batch,
                                              progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    out = {k: v for k, v in plain(summary).items() if k not in ("conflict_details", "failures")}
    out["journal"] = str(journal)
    out["conflict_details"] = plain(summary.conflict_details)
    out["failures"] = plain(summary.failures)
    lines = [f"{summary.total} records: sent {summary.sent}, confirmed {summary.confirmed}, "
             f"skipped {summary.skipped} (already on chain), failed {summary.failed}, "
             f"conflicts {summary.conflicts}",
             f"{summary.transactions} transactions, {summary.gas_used:,} gas, "
             f"{summary.seconds:.2f} s ({summary.rate:,.0f} records/s); journal {journal}"]
    if summary.lost:
        lines.append(f"{summary.lost} records the journal had confirmed were missing on chain "
                     "and were sent again")
    if summary.reorged:
        lines.append(f"{summary.reorged} confirmations were taken back by a reorganisation of "
                     "the chain; those records were confirmed again")
    lines += [f"conflict: line {c.line}: {c.capakey} is on chain as {line(c.on_chain)}"
              for c in summary.conflict_details]
    lines += [f"failed: line {f.line}: {f.capakey}: {f.reason}" for f in summary.failures]
    emit(out, "\n".join(lines), as_json=args.json)
    return Verdict(ok=summary.complete)


@_verb("freeze", "court freezes a parcel", CAPAKEY, CASE_REF, kind="send")
def freeze(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.freeze(args.capakey, case_ref=args.case_ref)


@_verb("unfreeze", "another court unfreezes a parcel, in the case it was frozen in", CAPAKEY,
       CASE_REF, kind="send")
def unfreeze(registry: LandRegistry, args: argparse.Namespace) -> Any:
    return registry.unfreeze(args.capakey, case_ref=args.case_ref)


# -- reading the compact notations ----------------------------------------------------------
def _new_parcel(text: str) -> NewParcel:
    """``KEY:AREA[:USE]``."""
    parts = text.rsplit(":", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise InputError("child", f"expected KEY:AREA[:USE], got {text!r}")
    use = check.member("land_use", parts[2], LandUse) if len(parts) == 3 else LandUse.FOREST
    return NewParcel(parts[0], int(parts[1]), use)


def _carry(text: str) -> tuple[int, list[int]]:
    """``RIGHT:I,J``."""
    right, _, children = text.partition(":")
    try:
        return int(right), [int(c) for c in children.split(",") if c]
    except ValueError:
        raise InputError("carry", f"expected RIGHT:I,J, got {text!r}") from None
