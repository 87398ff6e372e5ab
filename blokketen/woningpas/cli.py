"""``blokketen woningpas ...``: the dwelling passport from the command line.

Network and keystore options are the shared ones (:mod:`blokketen.cli.common`); ``--address``
defaults to the DwellingPassRegistry of the chain's deployment manifest. Dates are
``YYYY-MM-DD``; a dwelling is given by its keyed reference (``0x`` + 64 hex, from
``register``), never by its address.

``verify`` never trusts the registry a bundle names, nor code it cannot check: it compares the
registry's code on chain with the manifest's code hash (or ``--code-hash``) first, and answers
with a verdict: exit 0 when everything the bundle claims holds at ``--at``, 1 when not (each
problem printed), 2 on bad input. ``rent`` takes the energy correction from the dwelling's
reference EPC and a supplied EC rule file, and computes the social rent with it.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import InputError
from blokketen.cli.common import (
    add_contract_options,
    add_trust_options,
    contract_client,
    open_chain,
    parse_hex,
    verifier_client,
)
from blokketen.cli.report import Verdict
from blokketen.common.status import Reason
from blokketen.woningpas.types import AttType, DwellingKind, Scope

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.woningpas.client import DwellingPassRegistry
    from blokketen.woningpas.types import PassVerification, Renovation

__all__ = ["register"]

_CONTRACT = "DwellingPassRegistry"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``woningpas register|attest|withdraw|reference-epc|transfer|renovation|grant|
    revoke-mandate|verify|rent`` to the ``blokketen`` command."""
    parser = subparsers.add_parser("woningpas", help="dwelling passport: attestations, "
                                   "renovation duty, mandates, verification")
    commands = parser.add_subparsers(dest="woningpas_command", metavar="COMMAND", required=True)

    reg = commands.add_parser("register", help="register a dwelling by its keyed reference")
    reg.add_argument("--building-unit", required=True, help="the gebouweenheid id")
    reg.add_argument("--registrar-key", required=True, type=Path, metavar="FILE",
                     help="file with the registrar's secret key (hex)")
    reg.add_argument("--kind", choices=("unknown", "house", "apartment"), default="unknown")
    reg.add_argument("--capakey", default=None, help="commit to this cadastral parcel too")
    add_contract_options(reg, _CONTRACT, sender=True)
    reg.set_defaults(func=_register)

    attest = commands.add_parser("attest", help="record an attestation (EPC from its XML or "
                                 "JSON; other types from a JSON record)")
    attest.add_argument("type", help="epc, asbestos, soil, permit, conformity or electrical")
    attest.add_argument("file", type=Path, metavar="FILE")
    attest.add_argument("--dwelling", required=True, metavar="REF")
    attest.add_argument("--out", required=True, type=Path, metavar="BUNDLE",
                        help="new file for the holder's receipt (a one-attestation bundle)")
    attest.add_argument("--document", type=Path, default=None,
                        help="the source document (default: FILE itself)")
    attest.add_argument("--issued", default=None, help="issue date (not for an EPC)")
    attest.add_argument("--valid-until", default=None, help="end of validity (not for an EPC)")
    add_contract_options(attest, _CONTRACT, sender=True)
    attest.set_defaults(func=_attest)

    withdraw = commands.add_parser("withdraw", help="withdraw an attestation (issuer or "
                                   "supervisor)")
    withdraw.add_argument("attestation", metavar="ID")
    withdraw.add_argument("--reason", required=True,
                          help="recorded-in-error, fraud, court-order, supervisory-decision, "
                          "subject-request, under-investigation, key-compromised, "
                          "authority-ended")
    add_contract_options(withdraw, _CONTRACT, sender=True)
    withdraw.set_defaults(func=_withdraw)

    ref = commands.add_parser("reference-epc", help="name the reference EPC of a rent year "
                              "(the dwelling's landlord), or of all dwellings as one root",
                              description="One dwelling: --dwelling and --attestation. All "
                              "dwellings of a woonmaatschappij in one transaction: --root FILE "
                              "(CSV `woning;attest` of dwelling references and EPC ids) and "
                              "--out PROOFS.json for the tenants' proofs.")
    ref.add_argument("--year", required=True, type=int)
    ref.add_argument("--dwelling", default=None, metavar="REF")
    ref.add_argument("--attestation", default=None, metavar="ID")
    ref.add_argument("--root", type=Path, default=None, metavar="CSV")
    ref.add_argument("--out", type=Path, default=None, metavar="PROOFS",
                     help="with --root: new file for every dwelling's proof")
    add_contract_options(ref, _CONTRACT, sender=True)
    ref.set_defaults(func=_reference)

    transfer = commands.add_parser("transfer", help="record a sale by its deed date (notary)")
    transfer.add_argument("--dwelling", required=True, metavar="REF")
    transfer.add_argument("--deed-date", required=True)
    add_contract_options(transfer, _CONTRACT, sender=True)
    transfer.set_defaults(func=_transfer)

    renovation = commands.add_parser("renovation", help="show the renovation duty; mark it "
                                     "breached or record an exemption")
    renovation.add_argument("--dwelling", required=True, metavar="REF")
    action = renovation.add_mutually_exclusive_group()
    action.add_argument("--mark-breached", action="store_true")
    action.add_argument("--exempt", choices=("demolition", "protected-heritage"))
    add_contract_options(renovation, _CONTRACT, sender=True)
    renovation.set_defaults(func=_renovation)

    grant = commands.add_parser("grant", help="sign and record a mandate (a real-right holder)")
    grant.add_argument("--dwelling", required=True, metavar="REF")
    grant.add_argument("--to", required=True, metavar="ADDRESS")
    grant.add_argument("--scope", required=True, help="types, e.g. epc,asbestos")
    grant.add_argument("--until", required=True, help="last day of the mandate")
    grant.add_argument("--holder-proof", default="", metavar="0xH,0xH",
                       help="the holder's Merkle proof under the holders' root")
    add_contract_options(grant, _CONTRACT, sender=True)
    grant.set_defaults(func=_grant)

    revoke = commands.add_parser("revoke-mandate", help="revoke a mandate (its holder)")
    revoke.add_argument("mandate", metavar="HASH")
    add_contract_options(revoke, _CONTRACT, sender=True)
    revoke.set_defaults(func=_revoke)

    verify = commands.add_parser("verify", help="verify a passport bundle (exit 0 valid, "
                                 "1 not valid, 2 bad input)")
    verify.add_argument("bundle", type=Path, metavar="BUNDLE")
    verify.add_argument("--at", required=True, help="the date to judge at (a deed date)")
    verify.add_argument("--for-sale", action="store_true",
                        help="also check what a sale needs (EPC; asbestos before 2001)")
    verify.add_argument("--rent-address", default=None,
                        help="SocialRentRules of a rent claim (default: the manifest's)")
    verify.add_argument("--rent-code-hash", default=None, metavar="0xHASH",
                        help="runtime code hash of that SocialRentRules to trust (default: "
                        "the manifest's)")
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    add_contract_options(verify, _CONTRACT, sender=False)
    add_trust_options(verify)
    verify.set_defaults(func=_verify)

    rent = commands.add_parser("rent", help="a social rent whose energy correction comes from "
                               "the dwelling's reference EPC")
    rent.add_argument("year", type=int)
    rent.add_argument("--dwelling", required=True, metavar="REF")
    rent.add_argument("--rules", required=True, type=Path,
                      help="supplied EC rules (CSV: jaar;label;ec_per_maand;besparingsplafond)")
    rent.add_argument("--category", required=True, choices=("single", "single_disabled",
                                                            "other"))
    rent.add_argument("--income", required=True, help="indexed annual income, euro")
    rent.add_argument("--dependants", type=int, default=0)
    rent.add_argument("--base-rent", required=True, help="basishuurprijs, monthly euro")
    rent.add_argument("--rent-address", default=None,
                      help="SocialRentRules (default: the manifest's)")
    rent.add_argument("--rent-code-hash", default=None, metavar="0xHASH",
                      help="runtime code hash of that SocialRentRules to trust (default: the "
                      "manifest's)")
    add_contract_options(rent, _CONTRACT, sender=False)
    rent.set_defaults(func=_rent)


# -- parsing ----------------------------------------------------------------------------
def _ref(text: str, field: str = "--dwelling") -> bytes:
    raw = parse_hex(field, text)
    if len(raw) != 32:
        raise InputError(field, "a 32-byte keyed dwelling reference expected (0x + 64 hex)")
    return raw


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def _read(path: Path, field: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(field, f"cannot read {path}: {err.strerror or err}") from None


def _new_file(path: Path) -> None:
    if path.exists():
        raise InputError("--out", f"{path} exists already; nothing was sent")


def _reason(text: str) -> Reason:
    key = text.strip().upper().replace("-", "_")
    if key in ("NONE", "REPLACED") or key not in Reason.__members__:
        raise InputError("--reason", f"{text!r} is not a withdrawal reason")
    return Reason[key]


def _scope(text: str) -> Scope:
    types = tuple(AttType.parse(part) for part in text.split(",") if part.strip())
    if not types:
        raise InputError("--scope", "name at least one attestation type")
    return Scope.of(types)


def _registry(args: argparse.Namespace, chain: Chain, *, signer: bool) -> DwellingPassRegistry:
    from blokketen.woningpas.client import DwellingPassRegistry

    return contract_client(args, chain, DwellingPassRegistry, sender=signer)


# -- handlers ---------------------------------------------------------------------------
def _register(args: argparse.Namespace) -> None:
    from blokketen.common.canonical import salt
    from blokketen.housing.dwellings import dwelling_ref
    from blokketen.woningpas.commitments import parcel_commitment

    key = parse_hex("--registrar-key", _read(args.registrar_key, "--registrar-key")
                    .decode("ascii", "replace").strip())
    reference = dwelling_ref(key, args.building_unit)
    parcel = parcel_salt = None
    if args.capakey is not None:
        parcel_salt = salt()
        parcel = parcel_commitment(reference, args.capakey, parcel_salt)
    with open_chain(args) as chain:
        _registry(args, chain, signer=True).register_dwelling(
            reference, kind=DwellingKind[args.kind.upper()], parcel_commitment=parcel)
    print(f"registered dwelling 0x{reference.hex()}")
    if parcel_salt is not None:
        print(f"parcel commitment 0x{(parcel or b'').hex()}, salt 0x{parcel_salt.hex()} "
              "(keep the salt: it opens the link to the parcel)")


def _attest(args: argparse.Namespace) -> None:
    from blokketen.woningpas.bundle import PassBundle, check_record_fields

    kind = AttType.parse(args.type)
    if kind is AttType.OWNER_EVIDENCE:
        raise InputError("type", "owner evidence is recorded by the holder, not here")
    reference = _ref(args.dwelling)
    _new_file(args.out)
    content = _read(args.file, "file")
    document = _read(args.document, "--document") if args.document else content
    if kind is AttType.EPC:
        from blokketen.woningpas.epc import parse_epc

        if args.issued or args.valid_until:
            raise InputError("--issued", "an EPC's dates come from the EPC itself")
        record: Any = parse_epc(content)
    else:
        try:
            record = json.loads(content)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError("file", f"is not a JSON record: {err}") from None
        if not isinstance(record, dict):
            raise InputError("file", "a JSON object expected")
        check_record_fields(record)
        if not args.issued or not args.valid_until:
            raise InputError("--issued", "--issued and --valid-until are needed for this type")
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        if kind is AttType.EPC:
            done = registry.record_epc(reference, record, document)
        else:
            done = registry.attest(reference, kind, record, document,
                                   issued=_date(args.issued, "--issued"),
                                   valid_until=_date(args.valid_until, "--valid-until"))
        bundle = PassBundle(chain.chain_id, registry.address, reference, (done.receipt,))
    args.out.write_text(bundle.dumps(), encoding="utf-8")
    print(f"recorded {kind.name.lower()} 0x{done.attestation_id.hex()}; receipt in {args.out}")


def _withdraw(args: argparse.Namespace) -> None:
    ident = parse_hex("attestation", args.attestation)
    reason = _reason(args.reason)
    with open_chain(args) as chain:
        _registry(args, chain, signer=True).withdraw(ident, reason)
    print(f"withdrew {args.attestation}: {reason.name.lower().replace('_', '-')}")


def _reference(args: argparse.Namespace) -> None:
    if args.root is not None:
        _reference_root(args)
        return
    if args.dwelling is None or args.attestation is None:
        raise InputError("--dwelling", "give --dwelling and --attestation, or --root")
    reference, ident = _ref(args.dwelling), parse_hex("--attestation", args.attestation)
    with open_chain(args) as chain:
        _registry(args, chain, signer=True).set_reference_epc(reference, args.year, ident)
    print(f"reference EPC of {args.year}: {args.attestation}")


def _reference_root(args: argparse.Namespace) -> None:
    import csv
    import io

    if args.dwelling or args.attestation:
        raise InputError("--root", "not with --dwelling or --attestation")
    if args.out is None:
        raise InputError("--out", "the tenants' proofs need a file")
    _new_file(args.out)
    text = _read(args.root, "--root").decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    if reader.fieldnames is None or {"woning", "attest"} - set(reader.fieldnames):
        raise InputError("--root", "columns woning;attest expected")
    references: dict[bytes, bytes] = {}
    for line, row in enumerate(reader, start=2):
        home = _ref(row["woning"] or "", f"--root line {line} woning")
        if home in references:
            raise InputError(f"--root line {line} woning", "appears twice")
        ident = parse_hex(f"--root line {line} attest", row["attest"] or "")
        if len(ident) != 32:
            raise InputError(f"--root line {line} attest", "a 32-byte attestation id expected")
        references[home] = ident
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        tree = registry.set_reference_root(args.year, references)
        assert registry.sender is not None
        landlord = registry.sender.address
    proofs = {"0x" + home.hex(): {"attestation": "0x" + ident.hex(), "landlord": landlord,
                                  "proof": ["0x" + p.hex() for p in registry.reference_proof(
                                      tree, home, args.year, ident)]}
              for home, ident in references.items()}
    args.out.write_text(json.dumps({"year": args.year, "root": "0x" + tree.root.hex(),
                                    "dwellings": proofs}, indent=2) + "\n", encoding="utf-8")
    print(f"reference EPCs of {args.year} for {len(references)} dwellings anchored as root "
          f"0x{tree.root.hex()}; proofs in {args.out}")


def _transfer(args: argparse.Namespace) -> None:
    reference, deed = _ref(args.dwelling), _date(args.deed_date, "--deed-date")
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        registry.record_transfer(reference, deed)
        duty = registry.renovation(reference)
    print(f"transfer recorded (deed {deed}); renovation duty: {_duty(duty)}")


def _renovation(args: argparse.Namespace) -> None:
    reference = _ref(args.dwelling)
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=args.mark_breached or bool(args.exempt))
        if args.mark_breached:
            registry.mark_breached(reference)
        elif args.exempt:
            registry.record_exemption(reference, args.exempt)
        duty = registry.renovation(reference)
    print(f"renovation duty: {_duty(duty)}")


def _duty(duty: Renovation) -> str:
    from blokketen.woningpas.client import day_of

    if duty.deadline == 0:
        return duty.state.name.lower()
    target = duty.target.text if duty.target else "-"
    return (f"{duty.state.name.lower()}, reach {target} by {day_of(duty.deadline)} "
            f"(deed {day_of(duty.deed_date)})")


def _grant(args: argparse.Namespace) -> None:
    from blokketen.contract import checks as check
    from blokketen.woningpas.client import unix_day

    reference, scope = _ref(args.dwelling), _scope(args.scope)
    grantee = check.address("--to", args.to)
    until = unix_day(_date(args.until, "--until"), "--until") + 86_400
    proof = [parse_hex("--holder-proof", p) for p in args.holder_proof.split(",") if p.strip()]
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=True)
        assert registry.sender is not None
        mandate, signature = registry.sign_mandate(registry.sender, reference, grantee=grantee,
                                                   scope=scope, valid_until=until)
        digest = registry.grant_mandate(mandate, signature, holder=registry.sender.address,
                                        holder_proof=proof)
    print(f"mandate 0x{digest.hex()} for {grantee} until {args.until}")


def _revoke(args: argparse.Namespace) -> None:
    digest = parse_hex("mandate", args.mandate)
    with open_chain(args) as chain:
        _registry(args, chain, signer=True).revoke_mandate(digest)
    print(f"revoked mandate {args.mandate}")


def _verify(args: argparse.Namespace) -> Verdict:
    from blokketen.woningpas.bundle import PassBundle
    from blokketen.woningpas.client import DwellingPassRegistry

    bundle = PassBundle.loads(_read(args.bundle, "bundle"))
    at = _date(args.at, "--at")
    with open_chain(args) as chain:
        registry = verifier_client(args, chain, DwellingPassRegistry)
        rent_registry = None
        if bundle.rent is not None:
            rent_registry = _rent_registry(args, chain)
        result = registry.verify(bundle, at=at, for_sale=args.for_sale,
                                 rent_registry=rent_registry)
    if args.json:
        print(json.dumps(_verdict_json(result), indent=2))
    else:
        _print_verdict(result)
    return Verdict(ok=result.valid)


def _rent_registry(args: argparse.Namespace, chain: Chain) -> Any:
    """The SocialRentRules at --rent-address (default: the manifest's), its code checked."""
    from blokketen.housing.client import SocialRentRules

    copy = argparse.Namespace(**vars(args))
    copy.address = args.rent_address
    copy.code_hash = getattr(args, "rent_code_hash", None)
    return verifier_client(copy, chain, SocialRentRules)


def _print_verdict(result: PassVerification) -> None:
    from blokketen.woningpas.client import day_of

    print(("valid" if result.valid else "not valid") + f" at {day_of(result.at)}"
          + (" for a sale" if result.for_sale else ""))
    for problem in result.problems:
        print(f"  problem: {problem}")
    for found in result.checks:
        label = f", label {found.label.text}" if found.label else ""
        print(f"  {found.att_type.name.lower()} 0x{found.attestation_id.hex()[:16]}…: "
              f"{found.status.label}{label}, issuer {found.issuer} "
              f"(held its role: {'yes' if found.issuer_held_role else 'no'})")
    if result.renovation is not None and result.renovation.deadline:
        print(f"  renovation duty: {_duty(result.renovation)}")
    trusted = result.trusted
    print(f"  registry {trusted.address} on chain {trusted.chain_id} at block {trusted.block}, "
          f"code {trusted.code_hash}")


def _verdict_json(result: PassVerification) -> dict[str, Any]:
    trusted = result.trusted
    duty = result.renovation
    return {
        "valid": result.valid, "at": result.at, "for_sale": result.for_sale,
        "problems": list(result.problems),
        "registry": {"chain_id": trusted.chain_id, "address": trusted.address,
                     "code_hash": trusted.code_hash, "block": trusted.block},
        "attestations": [{"type": c.att_type.name.lower(), "id": "0x" + c.attestation_id.hex(),
                          "status": c.status.label, "issuer": c.issuer,
                          "issuer_held_role": c.issuer_held_role,
                          "label": c.label.text if c.label else None, "problem": c.problem}
                         for c in result.checks],
        "renovation": None if duty is None else {
            "state": duty.state.name.lower(), "deadline": duty.deadline,
            "target": duty.target.text if duty.target else None},
        "mandate_valid": result.mandate_valid, "rent_year": result.rent_year,
    }


def _rent(args: argparse.Namespace) -> None:
    from blokketen.housing.types import Dwelling, Household, format_cents, to_cents
    from blokketen.woningpas.energy import parse_rules_csv

    reference = _ref(args.dwelling)
    rules = parse_rules_csv(_read(args.rules, "--rules").decode("utf-8-sig")).rule(args.year)
    household = Household(args.category, to_cents(args.income, "--income"), args.dependants)
    base = to_cents(args.base_rent, "--base-rent")
    with open_chain(args) as chain:
        registry = _registry(args, chain, signer=False)
        ident = registry.reference_epc(reference, args.year)
        found = registry.attestation(ident)
        if found is None or found.epc_label is None:
            raise InputError("--dwelling", "the reference EPC has no label on chain")
        ec = rules.correction(found.epc_label)
        rent_rules = _rent_registry(args, chain)
        b = rent_rules.rent(args.year, household, Dwelling(base, 0, ec, "low"))
    print(f"reference EPC 0x{ident.hex()} (label {found.epc_label.text}) -> EC "
          f"{format_cents(ec)} a month (supplied rule of {args.year})")
    print(f"rent {format_cents(b.rent)} (income share {format_cents(b.income_share)}, "
          f"minimum {format_cents(b.minimum)}, cap {format_cents(b.cap)}); the lease "
          f"commitment's evidence word is 0x{ident.hex()}")
