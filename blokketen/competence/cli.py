"""``blokketen competence ...``: accredit schools, propose and validate batches, revoke,
suspend and reinstate, present claims and verify presentations.

Network and keystore options are the shared ones (:mod:`blokketen.cli.common`); ``--dev-account
N`` picks another dev account on a local dev chain. ``--address`` defaults to the
CompetenceRegistry of the chain's deployment manifest.

``propose`` reads one learner per line of a JSON Lines file (``{"holder": "0x…", "claims":
[…]}``) or a school's spreadsheet export (``.csv``, see
:mod:`blokketen.competence.spreadsheet`), writes every receipt (new files only) after a dry run
and before it anchors the batch, so the salts are never lost to a failed write. ``present``
signs with the learner's key (``--keystore``, or a dev account on a local dev chain).
``verify`` compares the registry's code with the manifest's (or ``--code-hash``) before any
verdict and exits 0 when the presentation is valid, 1 when it is not (the reason is printed), 2
on bad input."""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import BlokketenError, ContractRevert, InputError
from blokketen.cli.common import (
    add_contract_options,
    add_network_options,
    add_trust_options,
    contract_client,
    open_chain,
    parse_time,
    signer,
    verifier_client,
    write_new_files,
)
from blokketen.cli.report import Verdict
from blokketen.contract import checks as check

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.competence.client import CompetenceRegistry
    from blokketen.competence.credentials import LearnerEntry
    from blokketen.competence.receipts import CompetenceReceipt
    from blokketen.competence.types import Verification

__all__ = ["register"]

_CONTRACT = "CompetenceRegistry"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``competence accredit|propose|validate|reject|revoke|suspend|reinstate|present|
    verify`` to the ``blokketen`` command."""
    from blokketen.competence.types import Framework, Reason

    parser = subparsers.add_parser(
        "competence", help="competences (VDAB + GO!): propose, validate, present, verify")
    commands = parser.add_subparsers(dest="competence_command", metavar="COMMAND",
                                     required=True)
    frameworks = ", ".join(f.value for f in Framework)

    accredit = commands.add_parser("accredit", help="accredit a school for a framework and "
                                   "level range (sender: an accreditor)")
    accredit.add_argument("assessor", metavar="ADDRESS", help="the school's address")
    accredit.add_argument("--institution", type=int, required=True, metavar="NUMBER",
                          help="the school's public institution number")
    accredit.add_argument("--framework", required=True, help=frameworks)
    accredit.add_argument("--min-level", type=int, required=True, metavar="1-8")
    accredit.add_argument("--max-level", type=int, required=True, metavar="1-8")
    accredit.add_argument("--valid-from", default=None, metavar="TIME",
                          help="unix or ISO time (default: now)")
    accredit.add_argument("--valid-until", default=None, metavar="TIME",
                          help="unix or ISO time (default: until ended)")
    add_contract_options(accredit, _CONTRACT, sender=True)
    accredit.set_defaults(func=_accredit)

    propose = commands.add_parser("propose", help="propose a batch of learners' credentials "
                                  "(sender: the school)")
    propose.add_argument("learners", type=Path, metavar="LEARNERS",
                         help='a .jsonl file, one learner per line: {"holder": "0x…", '
                         '"claims": […]}; or a .csv spreadsheet export (";", Dutch columns '
                         "houder;kader;code;soort;leerresultaat;niveau;beoordeeld_op;"
                         "authenticiteit[;bewijs_hash], one row per claim)")
    propose.add_argument("--out", type=Path, required=True, metavar="DIR",
                         help="folder for the learners' receipts (created if missing)")
    propose.add_argument("--framework", default=None,
                         help=f"{frameworks} (default: that of the first claim)")
    propose.add_argument("--valid-until", default=None, metavar="TIME",
                         help="the credentials lapse at this unix or ISO time (default: never)")
    add_contract_options(propose, _CONTRACT, sender=True)
    propose.set_defaults(func=_propose)

    for verb, text in (("validate", "validate a proposed batch (sender: a VDAB validator)"),
                       ("reject", "reject a proposed batch (sender: a VDAB validator)")):
        sub = commands.add_parser(verb, help=text)
        sub.add_argument("batch_root", metavar="BATCH_ROOT", help="0x root of the batch")
        if verb == "reject":
            sub.add_argument("--reason", required=True, help=Reason.labels())
        add_contract_options(sub, _CONTRACT, sender=True)
        sub.set_defaults(func=_validate if verb == "validate" else _reject)

    for verb in ("revoke", "suspend", "reinstate"):
        sub = commands.add_parser(verb, help=f"{verb} credentials (by receipt) or a whole "
                                  "batch (sender: the school, a validator or a revoker"
                                  + ("; only the one that suspended reinstates)"
                                     if verb == "reinstate" else ")"))
        sub.add_argument("receipts", nargs="*", type=Path, metavar="RECEIPT")
        sub.add_argument("--batch", default=None, metavar="ROOT",
                         help=f"{verb} the whole batch with this 0x root instead")
        if verb == "revoke":
            sub.add_argument("--reason", required=True, help=Reason.labels())
        elif verb == "suspend":
            sub.add_argument("--reason", default="under-investigation", help=Reason.labels())
        add_contract_options(sub, _CONTRACT, sender=True)
        sub.set_defaults(func=_mark, verb=verb)

    present = commands.add_parser("present", help="disclose chosen claims of a receipt to "
                                  "one audience (signed with the learner's key)")
    present.add_argument("receipt", type=Path, metavar="RECEIPT")
    present.add_argument("--disclose", required=True, metavar="ITEMS",
                         help="comma-separated claim positions or codes")
    present.add_argument("--audience", required=True, help="who the presentation is for")
    present.add_argument("--nonce", required=True, help="the verifier's nonce")
    present.add_argument("--out", type=Path, required=True, metavar="FILE",
                         help="the presentation file to write (a new file)")
    add_network_options(present, sender=True)
    present.set_defaults(func=_present)

    verify = commands.add_parser("verify", help="verify a presentation (exit 0 valid, "
                                 "1 not valid, 2 bad input)")
    verify.add_argument("presentation", type=Path, metavar="PRESENTATION")
    verify.add_argument("--audience", required=True, help="who you are (as you asked)")
    verify.add_argument("--nonce", required=True, help="the nonce you handed out")
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    add_contract_options(verify, _CONTRACT, sender=False)
    add_trust_options(verify)
    verify.set_defaults(func=_verify)


# -- handlers ---------------------------------------------------------------------------
def _accredit(args: argparse.Namespace) -> None:
    from blokketen.competence.types import OPEN_UNTIL

    start = 0 if args.valid_from is None else _unix("--valid-from", args.valid_from)
    end = OPEN_UNTIL if args.valid_until is None else _unix("--valid-until", args.valid_until)
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        registry.accredit(args.assessor, institution=args.institution,
                          framework=args.framework, min_level=args.min_level,
                          max_level=args.max_level, valid_from=start, valid_until=end)
    print(f"accredited {args.assessor} (institution {args.institution}) for {args.framework} "
          f"levels {args.min_level}-{args.max_level}")


def _propose(args: argparse.Namespace) -> None:
    from blokketen.competence.credentials import prepare_batch
    from blokketen.competence.receipts import batch_receipts

    entries = _read_learners(args.learners)
    until = None if args.valid_until is None else _unix("--valid-until", args.valid_until)
    prepared = prepare_batch(entries, framework=args.framework)
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        registry.check_proposal(prepared, valid_until=until)
        receipts = batch_receipts(prepared, registry=registry.address, chain_id=chain.chain_id)
        paths = _receipt_paths(args.out, receipts)
        write_new_files(args.out, [(path, receipt.save)
                                   for receipt, path in zip(receipts, paths, strict=True)])
        try:
            registry.propose(prepared, valid_until=until)
        except (ContractRevert, InputError):
            _remove(paths)  # refused: nothing is anchored, the receipts are void
            raise
        except BlokketenError as err:
            err.add_note(f"the receipts of batch 0x{prepared.root.hex()} are in {args.out}; "
                         "check whether it was proposed before proposing again")
            raise
    print(f"proposed {len(receipts)} credentials, batch root 0x{prepared.root.hex()}")
    print(f"receipts written to {args.out}; VDAB validates with "
          f"`blokketen competence validate 0x{prepared.root.hex()}`")


def _validate(args: argparse.Namespace) -> None:
    root = check.hash32("BATCH_ROOT", args.batch_root)
    with open_chain(args) as chain:
        _registry(args, chain, signer=True).validate(root)
    print(f"validated batch {args.batch_root}")


def _reject(args: argparse.Namespace) -> None:
    from blokketen.competence.types import Reason

    reason = Reason.parse(args.reason, field="--reason")
    root = check.hash32("BATCH_ROOT", args.batch_root)
    with open_chain(args) as chain:
        _registry(args, chain, signer=True).reject(root, reason)
    print(f"rejected batch {args.batch_root}: {reason.label}")


def _mark(args: argparse.Namespace) -> None:
    from blokketen.competence.receipts import CompetenceReceipt
    from blokketen.competence.types import Reason

    verb: str = args.verb
    reason = (Reason.parse(args.reason, field="--reason") if verb != "reinstate" else None)
    if bool(args.receipts) == (args.batch is not None):
        raise InputError("receipts", "give receipt files or --batch ROOT, not both")
    receipts = [_load(path, CompetenceReceipt.load) for path in args.receipts]
    root = check.hash32("--batch", args.batch) if args.batch is not None else None
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        for path, receipt in zip(args.receipts, receipts, strict=True):
            _check_target(path, receipt, registry)
        label = "" if reason is None else f": {reason.label}"
        if root is not None:
            if verb == "revoke":
                assert reason is not None
                registry.revoke_batch(root, reason)
            elif verb == "suspend":
                assert reason is not None
                registry.suspend_batch(root, reason)
            else:
                registry.reinstate_batch(root)
            print(f"{_past(verb)} batch {args.batch}{label}")
        for path, receipt in zip(args.receipts, receipts, strict=True):
            if verb == "revoke":
                assert reason is not None
                registry.revoke(receipt, reason)
            elif verb == "suspend":
                assert reason is not None
                registry.suspend(receipt, reason)
            else:
                registry.reinstate(receipt)
            print(f"{_past(verb)} credential 0x{receipt.credential_root.hex()} ({path.name})"
                  f"{label}")


def _present(args: argparse.Namespace) -> None:
    from blokketen.competence.client import present
    from blokketen.competence.receipts import CompetenceReceipt

    receipt = _load(args.receipt, CompetenceReceipt.load)
    chosen: list[int | str] = []
    for item in (part.strip() for part in args.disclose.split(",")):
        if not item:
            raise InputError("--disclose", "an empty item")
        chosen.append(int(item) if item.isdigit() else item)
    if args.out.exists():
        raise InputError(str(args.out), "exists already: choose another --out")
    with open_chain(args) as chain:
        key = signer(args, chain)
    presentation = present(receipt, disclose=chosen, audience=args.audience, nonce=args.nonce,
                           key=key, issued_at=int(time.time()))
    presentation.save(args.out)
    print(f"presented {len(presentation.disclosed)} claims to {args.audience}: {args.out}")


def _verify(args: argparse.Namespace) -> Verdict:
    from blokketen.competence.client import CompetenceRegistry
    from blokketen.competence.presentation import Presentation

    presentation = _load(args.presentation, Presentation.load)
    with open_chain(args) as chain:
        registry = verifier_client(args, chain, CompetenceRegistry)
        result = registry.verify(presentation, audience=args.audience, nonce=args.nonce)
    if args.json:
        print(json.dumps(_verdict(result), indent=2, ensure_ascii=False))
        return Verdict(ok=result.valid)
    print(f"{result.verdict.value}: {len(result.claims)} claims disclosed by {result.holder}")
    if result.reason is not None:
        print(f"  reason: {result.reason}")
    trusted = result.trusted
    print(f"  registry {trusted.address} on chain {trusted.chain_id} at block {trusted.block}, "
          f"code {trusted.code_hash}")
    if result.batch is not None:
        batch = result.batch
        print(f"  proposed by {batch.assessor} (institution {result.institution}), "
              f"validated by {batch.validator}; {batch.framework_name} levels "
              f"{batch.min_level}-{batch.max_level}")
    for claim in result.claims:
        tag = "validated" if result.valid and claim.validated else (
            "self-declared, not validated" if not claim.validated else "not validated")
        print(f"  [{tag}] {claim.code} level {claim.level}: {claim.learning_outcome}")
    return Verdict(ok=result.valid)


# -- helpers ----------------------------------------------------------------------------
def _past(verb: str) -> str:
    return {"revoke": "revoked", "suspend": "suspended", "reinstate": "reinstated"}[verb]


def _unix(field: str, text: str) -> int:
    moment = parse_time(field, text)
    return int(moment.timestamp()) if not isinstance(moment, int) else moment


def _load(path: Path, loader: Any) -> Any:
    try:
        return loader(path)
    except InputError as err:
        if err.field == str(path):
            raise
        raise InputError(f"{path}: {err.field}", err.problem) from None


def _read_learners(path: Path) -> list[LearnerEntry]:
    from blokketen.competence.credentials import LearnerEntry

    if path.suffix.lower() == ".csv":
        from blokketen.competence.spreadsheet import read_learners_csv

        return read_learners_csv(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read the learners: {err}") from None
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(LearnerEntry.loads(line))
        except InputError as err:
            raise InputError(f"{path}: line {number}: {err.field}", err.problem) from None
    if not entries:
        raise InputError(str(path), "holds no learners (an empty batch is refused)")
    return entries


def _check_target(path: Path, receipt: CompetenceReceipt, registry: CompetenceRegistry) -> None:
    chain_id = registry.chain.chain_id
    if receipt.chain_id != chain_id or receipt.registry != registry.address:
        raise InputError(str(path), f"is for registry {receipt.registry} on chain "
                         f"{receipt.chain_id}, not {registry.address} on chain {chain_id}")
    if not receipt.proofs_hold():
        raise InputError(str(path), "its proofs do not lead to its roots")


def _receipt_paths(out: Path, receipts: list[CompetenceReceipt]) -> list[Path]:
    paths = [out / f"{n:05d}-{r.holder}.receipt.json" for n, r in enumerate(receipts, start=1)]
    return paths


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _registry(args: argparse.Namespace, chain: Chain, *, signer: bool) -> CompetenceRegistry:
    from blokketen.competence.client import CompetenceRegistry

    return contract_client(args, chain, CompetenceRegistry, sender=signer)


def _verdict(result: Verification) -> dict[str, Any]:
    trusted = result.trusted
    batch = result.batch
    return {
        "verdict": result.verdict.value,
        "valid": result.valid,
        "reason": result.reason,
        "code": result.code,
        "registry": {"chain_id": trusted.chain_id, "address": trusted.address,
                     "code_hash": trusted.code_hash, "block": trusted.block},
        "batch_root": "0x" + result.batch_root.hex(),
        "credential_root": "0x" + result.credential_root.hex(),
        "holder": result.holder,
        "audience": result.audience,
        "assessor": None if batch is None else batch.assessor,
        "institution": result.institution,
        "validator": None if batch is None else batch.validator,
        "framework": None if batch is None else batch.framework_name,
        "claims": [{"index": c.index, "framework": c.framework, "code": c.code,
                    "kind": c.kind, "learningOutcome": c.learning_outcome, "level": c.level,
                    "assessedOn": c.assessed_on, "authenticity": c.authenticity,
                    "validated": result.valid and c.validated} for c in result.claims],
        "notes": list(result.notes),
    }
