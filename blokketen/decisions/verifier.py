"""The local decisions pilot's document verifier (registered in
:mod:`blokketen.decisions.pilot`): a published decision page (HTML with RDFa) judged by the
LocalDecisionRegistry, as a :class:`~blokketen.contract.verdicts.Report`.

It is :meth:`~blokketen.decisions.client.LocalDecisionRegistry.verify`, the verifier
``blokketen decisions verify`` uses, for every decision the page shows (as a decision list),
with the outcome spelled out as checks in order: the page reads and meets the publication
shapes, the registry's code is the manifest's, a version anchored on the chain has this
page's root, chair and secretary signed it while holding their mandates, and each decision
is in force (not superseded, retracted or annulled). The first failing check is the reason.

A page is HTML, not JSON: the Verify page hands it over as ``{"format": "text/html",
"html": <the page's text>}`` and it is parsed here, with :func:`parse_page`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ConfigurationError, InputError, UntrustedContract
from blokketen.common.status import Status
from blokketen.contract.verdicts import Check, Fact, Report
from blokketen.decisions.page import parse_page

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import ExpectedCode
    from blokketen.decisions.types import DecisionVerification

__all__ = ["PageVerifier"]

_CONTRACT = "LocalDecisionRegistry"
_BASE = "file:///uploaded-page.html"
"""The base of an uploaded page (published pages name their resources in full)."""


class PageVerifier:
    """Judges published decision pages (a
    :class:`~blokketen.contract.verdicts.DocumentVerifier`)."""

    asks: tuple[str, ...] = ()
    """Nothing but the page."""

    def verify(self, data: Mapping[str, Any], *, chain: Chain,
               expected: Mapping[str, ExpectedCode], given: Mapping[str, str]) -> Report:
        """The report on the page ``data["html"]``. InputError (naming the field or the
        property) when it is no decision page; ConfigurationError when the manifest has no
        LocalDecisionRegistry."""
        from blokketen.decisions.client import LocalDecisionRegistry

        html = data.get("html")
        if not isinstance(html, str):
            raise InputError("html", "the text of a published decision page expected")
        page = parse_page(html.encode("utf-8"), base=_BASE, source="upload")
        record = expected.get(_CONTRACT)
        if record is None:
            raise ConfigurationError(f"no {_CONTRACT} in the deployment manifest of chain "
                                     f"{chain.chain_id}: nothing to verify against")
        registry = LocalDecisionRegistry(chain, record.address, expected_code=record)
        subject = f"{page.session_uri} ({len(page.decisions)} decisions)"
        names = ["page", "code", "anchored", "signatures",
                 *(["decision"] * len(page.decisions))]
        try:
            results = [registry.verify(page, decision=d.uri) for d in page.decisions]
        except UntrustedContract as err:
            checks = (Check("page", True), Check("code", False, str(err)),
                      *(Check(name, None) for name in names[2:]))
            return Report(pilot="decisions", subject=subject, status="untrusted",
                          valid=False, reason=str(err), checks=checks, trusted=None)
        if not results:
            raise InputError("page", "shows no decision in full (only sealed ones)")
        checks = _checks(results, names)
        failed = next((c for c in checks if c.passed is False), None)
        valid = all(r.valid for r in results)
        return Report(
            pilot="decisions",
            subject=subject,
            status="valid" if valid else (failed.name if failed else "not valid"),
            valid=valid,
            reason=None if valid else next(r.reason for r in results if not r.valid),
            checks=checks,
            trusted=results[0].trusted,
            facts=_facts(results),
        )


def _checks(results: list[DecisionVerification], names: list[str]) -> tuple[Check, ...]:
    first = results[0]
    trusted = first.trusted
    anchored = first.doc_id is not None
    outcomes: list[tuple[str, bool, str]] = [
        ("page", True, ""),
        ("code", True, f"{trusted.address}: code {trusted.code_hash}"),
        ("anchored", anchored, f"version {first.version} of {first.latest_version}"
         if anchored else first.reason or ""),
        ("signatures", first.signatures_ok, f"chair {first.chair}, secretary {first.secretary}"
         if first.signatures_ok else first.reason or ""),
    ]
    for found in results:
        ok = found.status is Status.ACTIVE
        outcomes.append(("decision", ok, found.decision_uri if ok
                         else f"{found.decision_uri}: {found.reason or found.status.label}"))
    checks: list[Check] = []
    reached = True
    for name, passed, detail in outcomes:
        checks.append(Check(name, passed, detail) if reached else Check(name, None))
        reached = reached and passed
    assert len(checks) == len(names)
    return tuple(checks)


def _facts(results: list[DecisionVerification]) -> tuple[Fact, ...]:
    first = results[0]
    facts = [Fact("decision_uri", r.decision_uri) for r in results]
    if first.version is not None:
        facts.append(Fact("version", f"{first.version} of {first.latest_version}"))
        facts.append(Fact("html_exact", "yes" if first.html_exact else "no"))
    return tuple(facts)
