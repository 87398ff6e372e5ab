"""The woningpas pilot's document verifier (registered in :mod:`blokketen.woningpas.pilot`):
a passport bundle judged by the DwellingPassRegistry, as a
:class:`~blokketen.contract.verdicts.Report`.

It is :meth:`DwellingPassRegistry.verify <blokketen.woningpas.client.DwellingPassRegistry.verify>`,
the verifier ``blokketen woningpas verify`` uses, judged at the day of the chain's latest
block, with its outcome spelled out as checks in the order they are made: the file is a
bundle, the registry's code is the manifest's, the bundle names this chain and this registry,
its mandate (when it has one) covers what it shows, each attestation is known and in force,
and a rent claim (when it has one) is backed by the lease commitment in the manifest's
SocialRentRules, whose code is checked too. The first failing check is the reason.

The registries it asks are the manifest's, never the ones a bundle names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ConfigurationError, UntrustedContract
from blokketen.contract.verdicts import Check, Fact, Report
from blokketen.woningpas.bundle import BUNDLE_SCHEMA, PassBundle

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import ExpectedCode
    from blokketen.housing.client import SocialRentRules
    from blokketen.woningpas.types import AttestationCheck, PassVerification

__all__ = ["FORMATS", "BundleVerifier"]

FORMATS: tuple[str, ...] = (BUNDLE_SCHEMA,)
"""The ``schema`` values of the files this verifier reads."""

_CONTRACT = "DwellingPassRegistry"
_RENT_CONTRACT = "SocialRentRules"


def _record(expected: Mapping[str, ExpectedCode], name: str, chain: Chain) -> ExpectedCode:
    record = expected.get(name)
    if record is None:
        raise ConfigurationError(f"no {name} in the deployment manifest of chain "
                                 f"{chain.chain_id}: nothing to verify against")
    return record


class BundleVerifier:
    """Judges passport bundles (a :class:`~blokketen.contract.verdicts.DocumentVerifier`)."""

    asks: tuple[str, ...] = ()
    """Nothing but the document."""

    def verify(self, data: Mapping[str, Any], *, chain: Chain,
               expected: Mapping[str, ExpectedCode], given: Mapping[str, str]) -> Report:
        """The report on bundle ``data`` at the day of the chain's latest block.
        InputError (naming the field) when it is no bundle; ConfigurationError when the
        manifest lacks the DwellingPassRegistry (or, for a rent claim, SocialRentRules)."""
        from blokketen.housing.client import SocialRentRules
        from blokketen.woningpas.client import DwellingPassRegistry, day_of

        bundle = PassBundle.from_json(data)
        record = _record(expected, _CONTRACT, chain)
        registry = DwellingPassRegistry(chain, record.address, expected_code=record)
        rents: SocialRentRules | None = None
        if bundle.rent is not None:
            rent_record = _record(expected, _RENT_CONTRACT, chain)
            rents = SocialRentRules(chain, rent_record.address, expected_code=rent_record)
        at = day_of(chain.timestamp())
        subject = f"0x{bundle.dwelling_ref.hex()[:16]}… " \
                  f"({', '.join(r.att_type.name.lower() for r in bundle.attestations)})"
        try:
            result = registry.verify(bundle, at=at, rent_registry=rents)
        except UntrustedContract as err:
            checks = (Check("bundle", True), Check("code", False, str(err)),
                      *(Check(name, None) for name in _names(bundle)[2:]))
            return Report(pilot="woningpas", subject=subject, status="untrusted",
                          valid=False, reason=str(err), checks=checks, trusted=None)
        checks = _checks(bundle, result)
        failed = next((c for c in checks if c.passed is False), None)
        refused = failed is not None and failed.name in ("chain", "registry")
        return Report(
            pilot="woningpas",
            subject=subject,
            status="valid" if result.valid else ("refused" if refused else "not valid"),
            valid=result.valid,
            reason="; ".join(result.problems) or None,
            checks=checks,
            trusted=result.trusted,
            facts=_facts(bundle, result),
            refused=refused,
        )


def _names(bundle: PassBundle) -> list[str]:
    """The checks made of ``bundle``, in order."""
    return ["bundle", "code", "chain", "registry",
            *(["mandate"] if bundle.mandate is not None else []),
            *(["attestation"] * len(bundle.attestations)),
            *(["rent"] if bundle.rent is not None else [])]


def _checks(bundle: PassBundle, result: PassVerification) -> tuple[Check, ...]:
    """Every check in order: passed up to the first failing one, None after it."""
    trusted = result.trusted
    outcomes: list[tuple[str, bool, str]] = [
        ("bundle", True, ""),
        ("code", True, f"{trusted.address}: code {trusted.code_hash}"),
        ("chain", bundle.chain_id == trusted.chain_id, f"chain {bundle.chain_id}"),
        ("registry", bundle.registry.lower() == trusted.address.lower(), bundle.registry),
    ]
    if bundle.mandate is not None:
        outcomes.append(("mandate", result.mandate_valid is not False,
                         f"0x{bundle.mandate.mandate_hash.hex()}"))
    for found in result.checks:
        outcomes.append(("attestation", found.valid, _attestation(found)))
    if bundle.rent is not None and result.checks:
        rent = [p for p in result.problems if p.startswith("rent:")]
        outcomes.append(("rent", not rent, "; ".join(rent) or f"year {bundle.rent.year}"))
    checks: list[Check] = []
    reached = True
    for name, passed, detail in outcomes:
        checks.append(Check(name, passed, detail) if reached else Check(name, None))
        reached = reached and passed
    # checks the registry never reached (a wrong chain, registry or mandate stops it)
    checks.extend(Check(name, None) for name in _names(bundle)[len(checks):])
    return tuple(checks)


def _attestation(found: AttestationCheck) -> str:
    label = f", label {found.label.text}" if found.label else ""
    text = f"{found.att_type.name.lower()} 0x{found.attestation_id.hex()[:16]}…: " \
           f"{found.status.label}{label}"
    return f"{text}: {found.problem}" if found.problem else text


def _facts(bundle: PassBundle, result: PassVerification) -> tuple[Fact, ...]:
    from blokketen.woningpas.client import day_of

    facts = [Fact("dwelling_ref", "0x" + bundle.dwelling_ref.hex()),
             Fact("judged_at", day_of(result.at).isoformat())]
    for found in result.checks:
        label = f", label {found.label.text}" if found.label else ""
        issuer = f", issuer {found.issuer}" if found.issuer else ""
        facts.append(Fact(found.att_type.name.lower(), f"{found.status.label}{label}{issuer}"))
    if bundle.rent is not None:
        facts.append(Fact("rent_year", str(bundle.rent.year)))
    return tuple(facts)
