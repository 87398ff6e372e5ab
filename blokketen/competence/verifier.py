"""The competence pilot's document verifier (registered in :mod:`blokketen.competence.pilot`):
a learner's presentation judged by the CompetenceRegistry, as a
:class:`~blokketen.contract.verdicts.Report`.

It is :meth:`CompetenceRegistry.verify <blokketen.competence.client.CompetenceRegistry.verify>`,
the verifier ``blokketen competence verify`` uses, for the audience and nonce the person
verifying gave the learner (a presentation made for someone else, or replayed, is not
valid), with its verdict spelled out as checks in the order they are made: the file is a
presentation, the registry's code is the manifest's, the presentation names this chain and
registry, its proofs lead from the claims to the roots, the registry knows the batch, it was
validated, its assessor was accredited, it is not revoked, suspended or expired, the claims
are within the batch's framework and levels, the holder signed, for this audience and nonce,
recently. The first failing check is the reason.

The registry it asks is the manifest's, never the one a presentation names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ConfigurationError, InputError, UntrustedContract
from blokketen.competence.presentation import Presentation
from blokketen.competence.types import Verdict
from blokketen.contract.verdicts import Check, Fact, Report

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.competence.types import Verification
    from blokketen.contract.trust import ExpectedCode

__all__ = ["PresentationVerifier"]

_CONTRACT = "CompetenceRegistry"

# Which check a verdict fails (the checks before it passed).
_FAILS: dict[Verdict, str] = {
    Verdict.WRONG_CHAIN: "chain",
    Verdict.WRONG_REGISTRY: "registry",
    Verdict.DECOY: "proof",
    Verdict.INVALID_PROOF: "proof",
    Verdict.UNKNOWN: "anchored",
    Verdict.PENDING: "validation",
    Verdict.VALIDATION_WINDOW_CLOSED: "validation",
    Verdict.REJECTED: "validation",
    Verdict.VALIDATOR_NOT_HELD: "validation",
    Verdict.NOT_ACCREDITED_AT_PROPOSAL: "accreditation",
    Verdict.REVOKED: "standing",
    Verdict.SUSPENDED: "standing",
    Verdict.EXPIRED: "standing",
    Verdict.WRONG_SCOPE: "scope",
    Verdict.WRONG_HOLDER: "holder",
    Verdict.BAD_SIGNATURE: "holder",
    Verdict.WRONG_AUDIENCE: "audience",
    Verdict.WRONG_NONCE: "nonce",
    Verdict.STALE: "fresh",
}
_ORDER = ("presentation", "code", "chain", "registry", "proof", "anchored", "validation",
          "accreditation", "standing", "scope", "holder", "audience", "nonce", "fresh")


class PresentationVerifier:
    """Judges presentations (a :class:`~blokketen.contract.verdicts.DocumentVerifier`)."""

    asks: tuple[str, ...] = ("audience", "nonce")
    """The audience (who verifies) and the nonce it handed the learner."""

    def verify(self, data: Mapping[str, Any], *, chain: Chain,
               expected: Mapping[str, ExpectedCode], given: Mapping[str, str]) -> Report:
        """The report on presentation ``data`` for ``given["audience"]`` and
        ``given["nonce"]``. InputError (naming the field) when it is no presentation or
        either is empty; ConfigurationError when the manifest has no CompetenceRegistry."""
        from blokketen.competence.client import CompetenceRegistry

        presentation = Presentation.from_dict(dict(data))
        audience, nonce = (given.get(name, "").strip() for name in self.asks)
        if not audience:
            raise InputError("audience", "is needed: who verifies, as the learner was told")
        if not nonce:
            raise InputError("nonce", "is needed: the one handed to the learner")
        record = expected.get(_CONTRACT)
        if record is None:
            raise ConfigurationError(f"no {_CONTRACT} in the deployment manifest of chain "
                                     f"{chain.chain_id}: nothing to verify against")
        registry = CompetenceRegistry(chain, record.address, expected_code=record)
        subject = f"{len(presentation.disclosed)} claims of {presentation.holder}"
        try:
            result = registry.verify(presentation, audience=audience, nonce=nonce)
        except UntrustedContract as err:
            checks = (Check("presentation", True), Check("code", False, str(err)),
                      *(Check(name, None) for name in _ORDER[2:]))
            return Report(pilot="competence", subject=subject, status="untrusted",
                          valid=False, reason=str(err), checks=checks, trusted=None)
        return Report(
            pilot="competence",
            subject=subject,
            status=result.verdict.value,
            valid=result.valid,
            reason=result.reason,
            checks=_checks(result),
            trusted=result.trusted,
            facts=_facts(result),
            refused=result.verdict in (Verdict.WRONG_CHAIN, Verdict.WRONG_REGISTRY),
        )


def _checks(result: Verification) -> tuple[Check, ...]:
    """Every check in order: passed up to the failing one, None after it."""
    failing = _FAILS.get(result.verdict)
    details = {
        "code": f"{result.trusted.address}: code {result.trusted.code_hash}",
        "chain": f"chain {result.trusted.chain_id}",
        "registry": result.trusted.address,
        "audience": result.audience,
    }
    if failing is not None:
        details[failing] = result.reason or result.verdict.value
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


def _facts(result: Verification) -> tuple[Fact, ...]:
    facts = [Fact("holder", result.holder)]
    facts += [Fact("claim", f"{c.code}: {c.learning_outcome} (level {c.level}, {c.framework}, "
                            f"{'validated' if c.validated and result.valid else c.authenticity})")
              for c in result.claims]
    batch = result.batch
    if batch is not None:
        facts.append(Fact("assessor", batch.assessor + (f" (institution {result.institution})"
                                                        if result.institution else "")))
        if batch.validator is not None:
            facts.append(Fact("validator", batch.validator))
        facts.append(Fact("expires_at", datetime.fromtimestamp(batch.valid_until, UTC)
                          .strftime("%Y-%m-%d %H:%M UTC") if batch.valid_until else "never"))
    return tuple(facts)
