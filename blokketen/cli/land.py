"""``blokketen land ...``: parcels, transfers, rights, split/merge, freezes and history.

Queries (``parcel``, ``rights``, ``history``, ``owner-at``, ``lineage``, ``pending``) take the
shared ``--network`` option and ``--address``; commands that change state sign with
``--keystore``, ``--dev-account N`` (local dev chains) or dev account 0. ``validate`` needs
no chain. ``--json`` prints machine-readable output.
Exit codes: 0 done, 1 the contract refused (the typed error is printed), 2 bad input or no chain.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import BlokketenError, ContractRevert, InputError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.tx import Receipt
    from blokketen.land.client import LandRegistry

__all__ = ["register"]

_TERSE = frozenset({"capakey", "parcel_id", "tx_hash", "log_index", "timestamp"})
"""Fields left out of the text (not JSON) listing of events and rights."""
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``land <command>`` to the ``blokketen`` command."""
    parser = subparsers.add_parser("land", help="land registry: parcels, transfers, rights")
    commands = parser.add_subparsers(dest="land_command", metavar="COMMAND", required=True)

    def add(name: str, help_: str, *, signer: bool, chain: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_)
        sub.add_argument("--json", action="store_true", help="print JSON")
        if chain:
            _chain_options(sub, signer=signer)
        return sub

    sub = add("validate", "normalise and check a CaPaKey (no chain)", signer=False, chain=False)
    sub.add_argument("capakey")
    sub.set_defaults(func=_validate)

    sub = add("grant", "admin grants a role (registrar, notary, surveyor, court)", signer=True)
    sub.add_argument("role")
    sub.add_argument("account")
    sub.set_defaults(func=_tx, call=lambda r, a: r.grant_role(a.role, a.account))

    for name, help_ in [("parcel", "show a parcel"), ("rights", "list a parcel's rights"),
                        ("history", "a parcel's history from events"),
                        ("lineage", "parents and children of a parcel"),
                        ("pending", "the parcel's pending transfer")]:
        sub = add(name, help_, signer=False)
        sub.add_argument("capakey")
        sub.set_defaults(func=_query)

    sub = add("owner-at", "owner at a block number or an ISO time", signer=False)
    sub.add_argument("capakey")
    sub.add_argument("when", help="block number, or ISO time with zone (2026-05-01T12:00Z)")
    sub.set_defaults(func=_query)

    sub = add("register", "registrar registers a parcel", signer=True)
    sub.add_argument("capakey")
    sub.add_argument("--owner", required=True)
    sub.add_argument("--area", type=int, required=True, help="area in m²")
    sub.add_argument("--land-use", default="forest", help=_choices("LandUse"))
    sub.add_argument("--deed-hash", required=True)
    sub.set_defaults(func=_tx, call=lambda r, a: r.register_parcel(
        a.capakey, owner=a.owner, area_m2=a.area, land_use=_enum("LandUse", a.land_use),
        deed_hash=a.deed_hash))

    sub = add("open-transfer", "owner opens a transfer to a buyer", signer=True)
    sub.add_argument("capakey")
    sub.add_argument("--buyer", required=True)
    sub.add_argument("--deed-hash", required=True)
    sub.add_argument("--expiry", required=True, help="unix time or ISO time with zone")
    sub.set_defaults(func=_tx, call=lambda r, a: r.open_transfer(
        a.capakey, buyer=a.buyer, deed_hash=a.deed_hash, expiry=_when("expiry", a.expiry)))

    for name, method, help_ in [
        ("accept-transfer", "accept_transfer", "buyer accepts the pending transfer"),
        ("cancel-transfer", "cancel_transfer", "seller or buyer cancels the pending transfer"),
        ("authenticate", "authenticate_transfer", "notary authenticates the accepted transfer"),
    ]:
        sub = add(name, help_, signer=True)
        sub.add_argument("capakey")
        sub.set_defaults(func=_tx, call=lambda r, a, m=method: getattr(r, m)(a.capakey))

    sub = add("waive", "pre-emption holder waives for the pending transfer", signer=True)
    sub.add_argument("capakey")
    sub.add_argument("right_id", type=int)
    sub.set_defaults(func=_tx, call=lambda r, a: r.waive_preemption(a.capakey, a.right_id))

    sub = add("sign-transfer", "sign transfer terms (EIP-712) as seller or buyer", signer=True)
    _terms(sub)
    sub.set_defaults(func=_sign)

    sub = add("transfer-signed", "notary submits a transfer signed by both parties",
              signer=True)
    _terms(sub)
    sub.add_argument("--seller-signature", required=True)
    sub.add_argument("--buyer-signature", required=True)
    sub.set_defaults(func=_tx, call=lambda r, a: r.transfer_with_signatures(
        a.capakey, buyer=a.buyer, deed_hash=a.deed_hash, deadline=_when("deadline", a.deadline),
        seller_signature=_hex("seller_signature", a.seller_signature),
        buyer_signature=_hex("buyer_signature", a.buyer_signature)))

    sub = add("add-right", "registrar adds a right, restriction or responsibility",
              signer=True)
    sub.add_argument("capakey")
    sub.add_argument("--kind", required=True, help=_choices("RightKind"))
    sub.add_argument("--holder", required=True)
    sub.add_argument("--source-hash", required=True)
    sub.add_argument("--valid-from", default=None, help="unix or ISO time (default: always)")
    sub.add_argument("--valid-until", default=None, help="unix or ISO time (default: open)")
    sub.set_defaults(func=_tx, call=lambda r, a: r.add_right(
        a.capakey, kind=_enum("RightKind", a.kind), holder=a.holder, source_hash=a.source_hash,
        valid_from=_when("valid_from", a.valid_from) if a.valid_from else 0,
        valid_until=_when("valid_until", a.valid_until) if a.valid_until else None))

    sub = add("end-right", "registrar ends a right", signer=True)
    sub.add_argument("capakey")
    sub.add_argument("right_id", type=int)
    sub.add_argument("--source-hash", required=True)
    sub.set_defaults(func=_tx, call=lambda r, a: r.end_right(
        a.capakey, a.right_id, source_hash=a.source_hash))

    sub = add("split", "surveyor splits a parcel", signer=True)
    sub.add_argument("capakey")
    sub.add_argument("--child", action="append", required=True, metavar="KEY:AREA[:USE]")
    sub.add_argument("--carry", action="append", default=[], metavar="RIGHT:I,J",
                     help="right id and the child indexes (0-based) that keep it")
    sub.add_argument("--survey-hash", required=True)
    sub.set_defaults(func=_tx, call=lambda r, a: r.split(
        a.capakey, [_new_parcel(c) for c in a.child], survey_hash=a.survey_hash,
        carries=dict(_carry(c) for c in a.carry)))

    sub = add("merge", "surveyor merges parcels of one owner", signer=True)
    sub.add_argument("capakeys", nargs="+")
    sub.add_argument("--into", required=True, metavar="KEY:AREA[:USE]")
    sub.add_argument("--carry", action="append", type=int, default=[], metavar="RIGHT")
    sub.add_argument("--survey-hash", required=True)
    sub.set_defaults(func=_tx, call=lambda r, a: r.merge(
        a.capakeys, _new_parcel(a.into), survey_hash=a.survey_hash, carried_rights=a.carry))

    sub = add("import", "register every parcel of a CSV file (resumable, pipelined)",
              signer=True)
    sub.add_argument("file", help="CSV with columns capakey, owner, area_m2, land_use, deed_hash")
    sub.add_argument("--batch", type=int, default=None, metavar="N",
                     help="records per transaction (default 100 through registerParcels; "
                     "1 sends one registerParcel per record)")
    sub.add_argument("--journal", default=None,
                     help="journal file (default: FILE.journal next to the input)")
    sub.add_argument("--no-progress", action="store_true", help="no progress bar")
    sub.set_defaults(func=_import)

    for name, method in [("freeze", "freeze"), ("unfreeze", "unfreeze")]:
        sub = add(name, f"court {name}s a parcel", signer=True)
        sub.add_argument("capakey")
        sub.add_argument("--case-ref", required=True, help="32-byte case reference (0x hex)")
        sub.set_defaults(func=_tx, call=lambda r, a, m=method: getattr(r, m)(
            a.capakey, case_ref=a.case_ref))


def _chain_options(parser: argparse.ArgumentParser, *, signer: bool) -> None:
    from blokketen.cli import common

    common.add_network_options(parser, sender=signer)
    parser.add_argument("--address", default=None,
                        help="LandRegistry address (default: the chain's manifest)")


def _terms(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("capakey")
    parser.add_argument("--buyer", required=True)
    parser.add_argument("--deed-hash", required=True)
    parser.add_argument("--deadline", required=True, help="unix time or ISO time with zone")


# -- handlers ---------------------------------------------------------------------------
def _validate(args: argparse.Namespace) -> int:
    from blokketen.land.capakey import CapaKey, parcel_id

    try:
        key = CapaKey.parse(args.capakey)
    except InputError as err:
        return _fail(err)
    out = {"capakey": str(key), "parcel_id": "0x" + parcel_id(str(key)).hex(),
           **dataclasses.asdict(key)}
    print(json.dumps(out, indent=2) if args.json else f"{key}  0x{parcel_id(str(key)).hex()}")
    return 0


def _query(args: argparse.Namespace) -> int:
    from blokketen.cli import common

    try:
        with common.open_chain(args) as chain:
            result = _ask(_registry(args, chain, signer=False), args)
    except ContractRevert as err:
        return _fail(err)
    except BlokketenError as err:
        return _fail(err)
    plain = _plain(result)
    if args.json:
        print(json.dumps(plain, indent=2))
    elif isinstance(plain, list):
        for item in plain:
            if isinstance(item, dict):
                item = {k: v for k, v in item.items() if k not in _TERSE}
            print(_line(item))
    else:
        print(_line(plain) if plain is not None else "none")
    return 0


def _ask(registry: LandRegistry, args: argparse.Namespace) -> Any:
    command = args.land_command
    if command == "parcel":
        return registry.parcel(args.capakey)
    if command == "rights":
        return list(registry.rights(args.capakey))
    if command == "history":
        return [{"event": type(e).__name__, **_plain(e)} for e in registry.history(args.capakey)]
    if command == "lineage":
        return registry.lineage(args.capakey)
    if command == "pending":
        return registry.pending_transfer(args.capakey)
    when: int | datetime = int(args.when) if args.when.isdigit() else _when("when", args.when)
    return {"capakey": args.capakey, "when": args.when,
            "owner": registry.owner_at(args.capakey, when)}


def _tx(args: argparse.Namespace) -> int:
    from blokketen.cli import common

    try:
        with common.open_chain(args) as chain:
            outcome = args.call(_registry(args, chain, signer=True), args)
    except ContractRevert as err:
        return _fail(err)
    except BlokketenError as err:
        return _fail(err)
    receipt: Receipt = getattr(outcome, "receipt", outcome)
    out: dict[str, Any] = {
        "tx_hash": receipt.tx_hash,
        "block": receipt.block_number,
        "gas_used": receipt.gas_used,
        "events": [{"event": e.name, **_plain(e.args)} for e in receipt.events],
    }
    if hasattr(outcome, "id"):
        out["id"] = outcome.id
    text = [f"{e['event']}: {_line({k: v for k, v in e.items() if k != 'event'})}"
            for e in out["events"]]
    _emit(args, out, "\n".join([f"tx {receipt.tx_hash} (block {receipt.block_number})", *text]))
    return 0


def _import(args: argparse.Namespace) -> int:
    """Validate the whole file first (exit 2, one line per bad row), then import."""
    from blokketen.bulk import BadRowsError, journal_path, read_parcels_csv
    from blokketen.cli import common

    try:
        records = read_parcels_csv(args.file)
    except BadRowsError as err:
        for problem in err.problems:
            print(f"{args.file}:{problem.line}: {problem.field}: {problem.problem}",
                  file=sys.stderr)
        print(f"error: {len(err.problems)} problem(s) in {len({p.line for p in err.problems})} "
              "row(s); nothing was sent", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InputError as err:
        return _fail(err)
    journal = args.journal or journal_path(args.file)
    bar: Any = None
    try:
        with common.open_chain(args) as chain:
            registry = _registry(args, chain, signer=True)
            if not args.no_progress and not args.json:
                from tqdm import tqdm  # type: ignore[import-untyped]

                bar = tqdm(total=len(records), unit="parcel", dynamic_ncols=True,
                           desc="import", file=sys.stderr)
            summary = registry.import_parcels(records, journal=journal, batch_size=args.batch,
                                              progress=bar.update if bar else None)
    except ContractRevert as err:
        return _fail(err)
    except BlokketenError as err:
        return _fail(err)
    finally:
        if bar is not None:
            bar.close()
    out = {k: v for k, v in _plain(summary).items() if k not in ("conflict_details", "failures")}
    out["journal"] = str(journal)
    out["conflict_details"] = _plain(summary.conflict_details)
    out["failures"] = _plain(summary.failures)
    lines = [f"{summary.total} records: sent {summary.sent}, confirmed {summary.confirmed}, "
             f"skipped {summary.skipped} (already on chain), failed {summary.failed}, "
             f"conflicts {summary.conflicts}",
             f"{summary.transactions} transactions, {summary.gas_used:,} gas, "
             f"{summary.seconds:.2f} s ({summary.rate:,.0f} records/s); journal {journal}"]
    if summary.lost:
        lines.append(f"{summary.lost} records the journal had confirmed were missing on chain "
                     "and were sent again")
    lines += [f"conflict: line {c.line}: {c.capakey} is on chain as "
              f"{_line(c.on_chain)}" for c in summary.conflict_details]
    lines += [f"failed: line {f.line}: {f.capakey}: {f.reason}" for f in summary.failures]
    _emit(args, out, "\n".join(lines))
    return 0 if summary.complete else EXIT_REFUSED


def _sign(args: argparse.Namespace) -> int:
    from blokketen.cli import common

    try:
        with common.open_chain(args) as chain:
            registry = _registry(args, chain, signer=True)
            message = registry.transfer_message(args.capakey, buyer=args.buyer,
                                                deed_hash=args.deed_hash,
                                                deadline=_when("deadline", args.deadline))
            assert registry.sender is not None
            signature = registry.sign_transfer(registry.sender, message)
    except ContractRevert as err:
        return _fail(err)
    except BlokketenError as err:
        return _fail(err)
    out = {"signer": registry.sender.address, "signature": "0x" + signature.hex(),
           "message": _plain(message)}
    _emit(args, out, out["signature"])
    return 0


# -- helpers ----------------------------------------------------------------------------
def _registry(args: argparse.Namespace, chain: Chain, *, signer: bool) -> LandRegistry:
    from blokketen.cli.common import contract_client
    from blokketen.land.client import LandRegistry

    return contract_client(args, chain, LandRegistry, sender=signer)


def _signer(args: argparse.Namespace, chain: Chain) -> LocalAccount:
    from blokketen.cli import common

    return common.signer(args, chain)


def _enum(name: str, text: str) -> Any:
    from blokketen.land import types

    enum = getattr(types, name)
    try:
        return enum[text.upper().replace("-", "_")]
    except KeyError:
        raise InputError(_snake(name), _choices(name)) from None


def _choices(name: str) -> str:
    from blokketen.land import types

    names = [m.name.lower().replace("_", "-") for m in getattr(types, name)]
    return "one of " + ", ".join(names)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _when(field: str, text: str) -> int | datetime:
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(field, f"not a unix or ISO time: {text!r}") from None
    if moment.tzinfo is None:
        raise InputError(field, "an ISO time needs a zone (Z or +01:00)")
    return moment


def _hex(field: str, text: str) -> bytes:
    try:
        return bytes.fromhex(text[2:] if text.startswith("0x") else text)
    except ValueError:
        raise InputError(field, "not hex") from None


def _new_parcel(text: str) -> Any:
    from blokketen.land import LandUse, NewParcel

    parts = text.rsplit(":", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise InputError("child", f"expected KEY:AREA[:USE], got {text!r}")
    use = _enum("LandUse", parts[2]) if len(parts) == 3 else LandUse.FOREST
    return NewParcel(parts[0], int(parts[1]), use)


def _carry(text: str) -> tuple[int, list[int]]:
    right, _, children = text.partition(":")
    try:
        return int(right), [int(c) for c in children.split(",") if c]
    except ValueError:
        raise InputError("carry", f"expected RIGHT:I,J, got {text!r}") from None


def _plain(value: Any) -> Any:
    """JSON-friendly: dataclasses to dicts, bytes to 0x hex, enums to lower-case names."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name.rstrip("_"): _plain(getattr(value, f.name))
                for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, Enum):
        return value.name.lower()
    return value


def _line(value: Any) -> str:
    if isinstance(value, dict):
        return "  ".join(f"{k}={_line(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_line(v) for v in value) + "]"
    return str(value)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, indent=2) if args.json else text)


def _fail(err: BlokketenError) -> int:
    from blokketen.cli.common import fail

    return fail(err)
