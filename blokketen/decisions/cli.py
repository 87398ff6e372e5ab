"""``blokketen decisions ...``: register bodies and mandates, anchor, sign, publish, amend,
retract, complain, annul, checkpoint, verify.

Every verb that takes a page reads it (a file or an ``http(s)`` URL), parses its RDFa,
checks it against the besluit-publicatie shapes and hashes it before anything is sent: a
page that fails is refused with the property that is missing (exit 2), and nothing is sent.
The document is named by the page (its body and session) and ``--kind``; ``--version``
defaults to the latest (the next one for ``anchor`` and ``amend``).

``sign`` signs with the signer's own key (``--keystore``, or ``--dev-account N`` on a local
dev chain) and submits the signature from the same account.

``verify PAGE [--decision URI] [--at DATE]`` (every decision the page shows when no
``--decision`` is given) first checks the registry's code against the
deployment manifest (or ``--code-hash``), then answers: exit 0 when the decision is in force
and signed by a chair and a secretary who held their mandates when they signed, 1 when it
is not (superseded, retracted, annulled, never anchored, a signature that does not hold: the
reason is printed), 2 on bad input. Deadline evidence is printed, never judged.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from blokketen.cli.report import Verdict
from blokketen.contract import checks as check
from blokketen.decisions.types import DAY, DocumentKind, DocumentRef

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.decisions.client import LocalDecisionRegistry
    from blokketen.decisions.page import DecisionPage
    from blokketen.decisions.types import DecisionVerification

__all__ = ["register"]

_KINDS = ", ".join(k.label for k in DocumentKind)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``decisions <verb>`` to the ``blokketen`` command."""
    parser = subparsers.add_parser("decisions", help="local council decisions (LBLOD): anchor, "
                                   "sign, publish, annul, verify")
    verbs = parser.add_subparsers(dest="decisions_command", metavar="COMMAND", required=True)

    body = verbs.add_parser("register-body", help="REGISTRAR: register a governing body")
    body.add_argument("body", metavar="BODY_URI", help="the bestuursorgaan's URI")
    _contract(body, sender=True)
    body.set_defaults(func=_register_body)

    grant = verbs.add_parser("grant", help="REGISTRAR: give a chair, secretary or body-admin "
                             "mandate for a body")
    grant.add_argument("body", metavar="BODY_URI")
    grant.add_argument("--role", required=True, choices=("chair", "secretary", "body-admin"))
    grant.add_argument("--holder", required=True, metavar="ADDRESS")
    grant.add_argument("--from", dest="valid_from", default="0", metavar="TIME",
                       help="start of the mandate (unix or ISO with zone; default: now)")
    grant.add_argument("--until", dest="valid_until", default=None, metavar="TIME",
                       help="end of the mandate (default: until ended)")
    _contract(grant, sender=True)
    grant.set_defaults(func=_grant)

    for verb, text in (("anchor", "PUBLISHER: anchor a checked page as the next version"),
                       ("amend", "PUBLISHER: anchor a corrected page as the next version")):
        anchor = verbs.add_parser(verb, help=text)
        _page(anchor)
        _contract(anchor, sender=True)
        anchor.set_defaults(func=_anchor)

    sign = verbs.add_parser("sign", help="chair or secretary: sign a page's document with "
                            "your own key")
    _page(sign, version=True)
    sign.add_argument("--role", required=True, choices=("chair", "secretary"))
    sign.add_argument("--typed-data", action="store_true",
                      help="print the EIP-712 message for --signer (a wallet or HSM signs it) "
                      "and send nothing")
    sign.add_argument("--signer", default=None, metavar="ADDRESS",
                      help="the signer, when its key is elsewhere (with --typed-data or "
                      "--signature)")
    sign.add_argument("--signature", default=None, metavar="0xSIG",
                      help="submit this signature of --signer (made over the message "
                      "--typed-data printed) from the sending account")
    sign.add_argument("--nonce", type=int, default=None, help="the nonce the signature signed")
    sign.add_argument("--deadline", type=int, default=None, metavar="UNIX",
                      help="the deadline the signature signed (default: a week from now)")
    _contract(sign, sender=True)
    sign.set_defaults(func=_sign)

    publish = verbs.add_parser("publish", help="PUBLISHER: publish an anchored, signed page")
    _page(publish, version=True)
    _contract(publish, sender=True)
    publish.set_defaults(func=_publish)

    retract = verbs.add_parser("retract", help="body admin: retract a published document")
    _page(retract, version=True)
    retract.add_argument("--reason", type=int, default=1, metavar="CODE",
                         help="status reason code (default 1: recorded in error)")
    retract.add_argument("--reason-hash", required=True, metavar="0xHASH",
                         help="hash of the body's retraction decision")
    _contract(retract, sender=True)
    retract.set_defaults(func=_retract)

    complain = verbs.add_parser("complain", help="SUPERVISOR: register a complaint receipt "
                                "about one decision")
    _page(complain, version=True)
    complain.add_argument("--decision", required=True, metavar="URI")
    complain.add_argument("--receipt-hash", required=True, metavar="0xHASH")
    _contract(complain, sender=True)
    complain.set_defaults(func=_complain)

    annul = verbs.add_parser("annul", help="SUPERVISOR: annul one decision")
    _page(annul, version=True)
    annul.add_argument("--decision", required=True, metavar="URI")
    annul.add_argument("--decision-ref", required=True, metavar="0xHASH",
                       help="hash of the supervisory annulment decision")
    _contract(annul, sender=True)
    annul.set_defaults(func=_annul)

    point = verbs.add_parser("checkpoint", help="PUBLISHER: anchor event-stream checkpoints, "
                             "one per N pages, continuing the stream")
    point.add_argument("pages", nargs="+", metavar="PAGE",
                       help="the stream's new members, in order")
    point.add_argument("--stream", required=True, metavar="URI", help="the stream's URI")
    point.add_argument("--every", type=int, default=100, metavar="N",
                       help="members per checkpoint (default 100)")
    _contract(point, sender=True)
    point.set_defaults(func=_checkpoint)

    verify = verbs.add_parser("verify", help="verify one decision of a published page (exit "
                              "0 valid, 1 not valid, 2 bad input)")
    _page(verify)
    verify.add_argument("--decision", default=None, metavar="URI",
                        help="the decision's URI (default: every decision the page shows; "
                        "exit 0 only when all are valid)")
    verify.add_argument("--at", default=None, metavar="TIME",
                        help="judge as of this time (unix or ISO with zone; default now)")
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    _contract(verify, sender=False)
    add_trust_options(verify)
    verify.set_defaults(func=_verify)


def _page(parser: argparse.ArgumentParser, *, version: bool = False) -> None:
    parser.add_argument("page", metavar="PAGE", help="the page: a file or an http(s) URL")
    parser.add_argument("--kind", default="besluitenlijst", help=f"{_KINDS} (default "
                        "besluitenlijst)")
    parser.add_argument("--salts", type=Path, default=None, metavar="FILE",
                        help="JSON {decision URI: 0x salt} of the closed decisions shown in full")
    if version:
        parser.add_argument("--version", dest="doc_version", type=int, default=None,
                            metavar="N", help="document version (default: the latest)")


def _contract(parser: argparse.ArgumentParser, *, sender: bool) -> None:
    add_contract_options(parser, "LocalDecisionRegistry", sender=sender)


# -- handlers -----------------------------------------------------------------------------
def _register_body(args: argparse.Namespace) -> None:
    with open_chain(args) as chain:
        _registry(args, chain).register_body(_uri("body", args.body))
    print(f"registered body {args.body}")


def _grant(args: argparse.Namespace) -> None:
    from blokketen.common.roles import OPEN_ENDED

    start = check.timestamp("--from", parse_time("--from", args.valid_from)) \
        if args.valid_from != "0" else 0
    end = (check.timestamp("--until", parse_time("--until", args.valid_until))
           if args.valid_until else OPEN_ENDED)
    with open_chain(args) as chain:
        _registry(args, chain).grant_mandate(_uri("body", args.body), args.role,
                                             check.address("--holder", args.holder),
                                             valid_from=start, valid_until=end)
    print(f"{args.holder} is {args.role} of {args.body}")


def _anchor(args: argparse.Namespace) -> None:
    page = _read(args)
    with open_chain(args) as chain:
        registry = _registry(args, chain)
        ref = registry.anchor(page, kind=_kind(args))
    print(f"anchored {ref.kind.label} version {ref.version} of {page.session_uri}")
    print(f"  document 0x{ref.doc_id.hex()}, root 0x{page.root.hex()}, "
          f"{len(page.leaves)} decision(s)")


def _sign(args: argparse.Namespace) -> None:
    page = _read(args)
    elsewhere = args.typed_data or args.signature is not None
    if elsewhere and args.signer is None:
        raise InputError("--signer", "name the signer whose key signs elsewhere")
    if args.typed_data and args.signature is not None:
        raise InputError("--signature", "give --typed-data or --signature, not both")
    if args.signature is not None and (args.nonce is None or args.deadline is None):
        raise InputError("--nonce", "a submitted signature needs the --nonce and --deadline "
                         "it signed")
    with open_chain(args) as chain:
        if args.typed_data:
            from blokketen.decisions.client import LocalDecisionRegistry

            registry = contract_client(args, chain, LocalDecisionRegistry, sender=False)
            ref = _ref(args, registry, page)
            request = registry.sign_request(ref, page, role=args.role,
                                            signer=check.address("--signer", args.signer),
                                            deadline=args.deadline)
            print(json.dumps(request.typed_data(registry.domain()), indent=2))
            return
        registry = _registry(args, chain)
        ref = _ref(args, registry, page)
        if args.signature is not None:
            registry.submit_signature(ref, role=args.role, signature=(
                check.address("--signer", args.signer),
                check.uint("--nonce", args.nonce, maximum=check.UINT256_MAX),
                check.uint("--deadline", args.deadline, maximum=check.UINT256_MAX),
                parse_hex("--signature", args.signature)))
        else:
            assert registry.sender is not None
            registry.sign(ref, page, role=args.role, key=registry.sender,
                          deadline=args.deadline)
    print(f"signed {ref.kind.label} version {ref.version} as {args.role}")


def _publish(args: argparse.Namespace) -> None:
    page = _read(args)
    with open_chain(args) as chain:
        registry = _registry(args, chain)
        ref = _ref(args, registry, page)
        registry.publish(ref)
    print(f"published {ref.kind.label} version {ref.version} of {page.session_uri}")


def _retract(args: argparse.Namespace) -> None:
    page = _read(args)
    reason_hash = check.hash32("--reason-hash", parse_hex("--reason-hash", args.reason_hash))
    with open_chain(args) as chain:
        registry = _registry(args, chain)
        ref = _ref(args, registry, page)
        registry.retract(ref, reason=args.reason, reason_hash=reason_hash)
    print(f"retracted {ref.kind.label} version {ref.version}")


def _complain(args: argparse.Namespace) -> None:
    page = _read(args)
    receipt = check.hash32("--receipt-hash", parse_hex("--receipt-hash", args.receipt_hash))
    with open_chain(args) as chain:
        registry = _registry(args, chain)
        ref = _ref(args, registry, page)
        result = registry.register_complaint(ref, page, args.decision, receipt_hash=receipt)
        events = [e for e in registry.decode_events(result) if e.name == "ComplaintRegistered"]
    in_time = bool(events and events[0]["inTime"])
    print(f"complaint registered about {args.decision}: "
          f"{'in time' if in_time else 'NOT within 30 days of publication'}")


def _annul(args: argparse.Namespace) -> None:
    page = _read(args)
    decision_ref = check.hash32("--decision-ref", parse_hex("--decision-ref", args.decision_ref))
    with open_chain(args) as chain:
        registry = _registry(args, chain)
        ref = _ref(args, registry, page)
        registry.annul(ref, page, args.decision, decision_ref=decision_ref)
    print(f"annulled {args.decision}")


def _checkpoint(args: argparse.Namespace) -> None:
    from blokketen.decisions.ldes import StreamFollower

    every = check.uint("--every", args.every, minimum=1, maximum=check.UINT32_MAX)
    members = [_read_member(path) for path in args.pages]
    with open_chain(args) as chain:
        registry = _registry(args, chain)
        follower = StreamFollower(registry, stream_uri=_uri("--stream", args.stream),
                                  every=every)
        heads = follower.add(members)
        heads += follower.flush()
    for head in heads:
        print(f"checkpoint members {head.from_member}..{head.to_member - 1}: "
              f"head 0x{head.head.hex()}")


def _verify(args: argparse.Namespace) -> Verdict:
    from blokketen.decisions.client import LocalDecisionRegistry

    page = _read(args)
    at = None
    if args.at is not None:
        at = check.timestamp("--at", parse_time("--at", args.at))
    uris = [page.decision(args.decision).uri] if args.decision else [
        d.uri for d in page.decisions]
    with open_chain(args) as chain:
        registry = verifier_client(args, chain, LocalDecisionRegistry)
        results = [registry.verify(page, decision=uri, kind=_kind(args), at=at)
                   for uri in uris]
    ok = all(result.valid for result in results)
    if args.json:
        shown = [_verdict(result) for result in results]
        print(json.dumps(shown[0] if args.decision else shown, indent=2))
        return Verdict(ok=ok)
    for result in results:
        _print_verdict(result, _kind(args))
    return Verdict(ok=ok)


def _print_verdict(result: DecisionVerification, kind: DocumentKind) -> None:
    word = "valid" if result.valid else result.status.name.lower()
    print(f"{word}: {result.decision_uri}")
    if result.reason is not None:
        print(f"  reason: {result.reason}")
    trusted = result.trusted
    print(f"  registry {trusted.address} on chain {trusted.chain_id} at block {trusted.block}, "
          f"code {trusted.code_hash}")
    if result.version is not None:
        print(f"  {kind.label} version {result.version} of {result.latest_version}; "
              f"page bytes {'identical to' if result.html_exact else 'differ from'} "
              "the anchored HTML")
        print(f"  chair {result.chair} at {result.chair_signed_at}, secretary "
              f"{result.secretary} at {result.secretary_signed_at}: "
              f"{'mandates held when signing' if result.signatures_ok else 'NOT in order'}")
    if result.deadlines is not None:
        for line in _deadline_lines(result):
            print(f"  {line}")


# -- helpers ------------------------------------------------------------------------------
def _registry(args: argparse.Namespace, chain: Chain) -> LocalDecisionRegistry:
    from blokketen.decisions.client import LocalDecisionRegistry

    return contract_client(args, chain, LocalDecisionRegistry, sender=True)


def _uri(field: str, text: str) -> str:
    if not isinstance(text, str) or not text.startswith(("http://", "https://")):
        raise InputError(field, f"must be an http(s) URI, not {text!r}")
    return text


def _kind(args: argparse.Namespace) -> DocumentKind:
    return DocumentKind.parse(args.kind, "--kind")


def _salts(path: Path | None) -> dict[str, bytes] | None:
    if path is None:
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError("--salts", f"cannot read {path}: {err}") from None
    if not isinstance(data, dict):
        raise InputError("--salts", "must be a JSON object {decision URI: 0x salt}")
    return {str(uri): check.hash32("--salts", value) for uri, value in data.items()}


def _read(args: argparse.Namespace) -> DecisionPage:
    from blokketen.decisions.page import read_page

    return read_page(args.page, salts=_salts(getattr(args, "salts", None)))


def _read_member(path: str) -> bytes:
    from blokketen.decisions.page import read_page

    return read_page(path).root


def _ref(args: argparse.Namespace, registry: LocalDecisionRegistry,
         page: DecisionPage) -> DocumentRef:
    kind = _kind(args)
    version = args.doc_version
    if version is None:
        version = registry.latest_version(page.body_id, page.session_id, kind)
        if version == 0:
            raise InputError("--version", f"no {kind.label} of this session is anchored")
    return DocumentRef(page.body_id, page.session_id, kind, version)


def _deadline_lines(result: DecisionVerification) -> list[str]:
    deadlines = result.deadlines
    assert deadlines is not None
    lines = []
    if deadlines.agenda_days_before is not None:
        verdict = "at least 8: in time" if deadlines.agenda_in_time else "fewer than 8"
        lines.append(f"agenda anchored {deadlines.agenda_days_before:.1f} days before the "
                     f"session ({verdict})")
    else:
        lines.append("agenda: no anchored agenda on chain")
    if deadlines.decision_list_days_after is not None:
        verdict = "within 10" if deadlines.decision_list_in_time else "later than 10"
        lines.append(f"decision list published {deadlines.decision_list_days_after:.1f} days "
                     f"after the session ({verdict})")
    if deadlines.complaint_until is not None:
        lines.append(f"complaints in time until unix {deadlines.complaint_until} "
                     f"({(deadlines.complaint_until - (deadlines.published_at or 0)) // DAY} "
                     "days after publication)")
    return lines


def _verdict(result: DecisionVerification) -> dict[str, Any]:
    def hexed(value: bytes | None) -> str | None:
        return None if value is None else "0x" + value.hex()

    deadlines = result.deadlines
    return {
        "valid": result.valid,
        "status": result.status.name.lower(),
        "reason": result.reason,
        "decision": result.decision_uri,
        "document": hexed(result.doc_id),
        "version": result.version,
        "latest_version": result.latest_version,
        "chair": result.chair,
        "secretary": result.secretary,
        "chair_signed_at": result.chair_signed_at,
        "secretary_signed_at": result.secretary_signed_at,
        "signatures_ok": result.signatures_ok,
        "html_exact": result.html_exact,
        "annulment": None if result.annulment is None else {
            "annulled_at": result.annulment.annulled_at,
            "decision_ref": hexed(result.annulment.decision_ref)},
        "deadlines": None if deadlines is None else {
            "session_start": deadlines.session_start,
            "agenda_days_before": deadlines.agenda_days_before,
            "agenda_in_time": deadlines.agenda_in_time,
            "decision_list_days_after": deadlines.decision_list_days_after,
            "decision_list_in_time": deadlines.decision_list_in_time,
            "complaint_until": deadlines.complaint_until},
        "registry": {"chain_id": result.trusted.chain_id, "address": result.trusted.address,
                     "code_hash": result.trusted.code_hash, "block": result.trusted.block},
    }
