"""The diploma pilot's document verifier (registered in :mod:`blokketen.diploma.pilot`):
a holder receipt judged by the DiplomaRegistry, as a :class:`~blokketen.contract.verdicts.Report`.

It is :meth:`DiplomaRegistry.verify <blokketen.diploma.client.DiplomaRegistry.verify>`, the
verifier ``blokketen diploma verify`` uses, with its outcome spelled out as checks in the
order they are made: the receipt reads, the registry's code is the manifest's, the receipt
names this chain and this registry, its proof leads from the document and salt to the batch
root, the registry knows the claim and its fields, the issuer was accredited at issuance,
and the diploma is neither revoked, suspended nor expired. The first failing check is the
reason a tampered or withdrawn receipt is not valid.

The registry it asks is the manifest's, never the one a receipt names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ConfigurationError, UntrustedContract
from blokketen.contract.verdicts import Check, Fact, Report
from blokketen.diploma.receipts import RECEIPT_FORMAT, DiplomaReceipt
from blokketen.diploma.types import Status, Verification

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import ExpectedCode
    from blokketen.diploma.client import DiplomaRegistry

__all__ = ["FORMATS", "ReceiptVerifier"]

FORMATS: tuple[str, ...] = (RECEIPT_FORMAT,)
"""The ``format`` values of the files this verifier reads."""

_CONTRACT = "DiplomaRegistry"

# Which check a verdict status fails (the checks before it passed).
_FAILS: dict[Status, str] = {
    Status.WRONG_CHAIN: "chain",
    Status.WRONG_REGISTRY: "registry",
    Status.UNKNOWN: "anchored",
    Status.MISMATCH: "fields",
    Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE: "accreditation",
    Status.REVOKED: "standing",
    Status.SUSPENDED: "standing",
    Status.EXPIRED: "standing",
}
_ORDER = ("receipt", "code", "chain", "registry", "proof", "anchored", "fields",
          "accreditation", "standing")


class ReceiptVerifier:
    """Judges diploma receipts (a :class:`~blokketen.contract.verdicts.DocumentVerifier`)."""

    asks: tuple[str, ...] = ()
    """Nothing but the document."""

    def verify(self, data: Mapping[str, Any], *, chain: Chain,
               expected: Mapping[str, ExpectedCode], given: Mapping[str, str]) -> Report:
        """The report on receipt ``data``. InputError (naming the field) when it is no
        receipt; ConfigurationError when the manifest has no DiplomaRegistry."""
        receipt = DiplomaReceipt.from_dict(data)
        record = expected.get(_CONTRACT)
        if record is None:
            raise ConfigurationError(f"no {_CONTRACT} in the deployment manifest of chain "
                                     f"{chain.chain_id}: nothing to verify against")
        registry = _client(chain, record)
        subject = f"{receipt.document.qualification} ({receipt.document.institution}, " \
                  f"{receipt.document.awarded_on})"
        try:
            result = registry.verify(receipt, with_recognitions=True)
        except UntrustedContract as err:
            checks = (Check("receipt", True), Check("code", False, str(err)),
                      *(Check(name, None) for name in _ORDER[2:]))
            return Report(pilot="diploma", subject=subject, status="untrusted", valid=False,
                          reason=str(err), checks=checks, trusted=None)
        return Report(
            pilot="diploma",
            subject=subject,
            status=result.status.value,
            valid=result.valid,
            reason=_reason(result, receipt),
            checks=_checks(result, receipt),
            trusted=result.trusted,
            facts=_facts(result, receipt, registry),
            history=_history(result, registry),
            refused=result.status in (Status.WRONG_CHAIN, Status.WRONG_REGISTRY),
        )


def _client(chain: Chain, record: ExpectedCode) -> DiplomaRegistry:
    from blokketen.diploma.client import DiplomaRegistry

    return DiplomaRegistry(chain, record.address, expected_code=record)


def _reason(result: Verification, receipt: DiplomaReceipt) -> str | None:
    if result.status is Status.UNKNOWN and not receipt.proof_holds():
        return ("the proof does not lead from the document and salt to the batch root: the "
                "document or the salt was changed after issuance")
    return result.reason


def _checks(result: Verification, receipt: DiplomaReceipt) -> tuple[Check, ...]:
    """Every check in order: passed up to the failing one, None after it."""
    failing = _FAILS.get(result.status)
    if result.status is Status.UNKNOWN and not receipt.proof_holds():
        failing = "proof"
    details = {
        "code": f"{result.trusted.address}: code {result.trusted.code_hash}",
        "chain": f"chain {result.trusted.chain_id}",
        "registry": result.trusted.address,
    }
    if failing is not None:
        details[failing] = _reason(result, receipt) or result.status.value
    checks = []
    reached = True
    for name in _ORDER:
        if not reached:
            checks.append(Check(name, None))
            continue
        passed = name != failing
        checks.append(Check(name, passed, details.get(name, "")))
        reached = passed
    return tuple(checks)


def _when(unix: int | None) -> str:
    if unix is None:
        return "-"
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _facts(result: Verification, receipt: DiplomaReceipt,
           registry: DiplomaRegistry) -> tuple[Fact, ...]:
    document = receipt.document
    facts = [
        Fact("diploma_id", document.diploma_id),
        Fact("qualification", document.qualification),
        Fact("institution", f"{document.institution} ({document.country})"),
        Fact("eqf_level", str(document.eqf_level)),
        Fact("awarded_on", document.awarded_on),
    ]
    if result.issuer is not None:
        facts.append(Fact("issuer", f"{result.issuer} ({result.country})"))
        if result.level is not None and result.issued_at is not None:
            accredited = registry.accredited_at(result.issuer, result.level, result.issued_at)
            facts.append(Fact("accredited_at_issuance", "yes" if accredited else "no"))
        facts.append(Fact("expires_at", _when(result.expires_at) if result.expires_at
                          else "never"))
    facts.append(Fact("batch_root", "0x" + result.root.hex()))
    return tuple(facts)


def _history(result: Verification, registry: DiplomaRegistry) -> tuple[Fact, ...]:
    if result.issued_block is None:
        return ()
    events = [Fact("issued", f"block {result.issued_block}, {_when(result.issued_at)}")]
    record = registry.diploma_record(result.diploma_id)
    if record.changed_at:
        who = f" by {record.by}" if record.by else ""
        events.append(Fact(record.state.name.lower(),
                           f"{_when(record.changed_at)}{who}: {record.reason.label}"))
    if result.revocation is not None and not record.changed_at:
        events.append(Fact("batch_revoked", result.revocation.label))
    for found in result.recognitions:
        events.append(Fact("recognised", f"block {found.block}: EQF {found.equivalent_level} "
                           f"by {found.recogniser}"))
    return tuple(events)
