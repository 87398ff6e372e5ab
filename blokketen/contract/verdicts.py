"""What a verifier of any pilot answers, in one shape that the web pages (and anything else
that shows verdicts) render without knowing the pilot.

A pilot that verifies documents (a diploma receipt, later a competence presentation, a
woningpas bundle ...) registers, in its ``pilot.py``, the ``format`` values of the files it
reads and a ``verifier()`` that returns a :class:`DocumentVerifier`; :mod:`blokketen.pilots`
collects them. The verifier judges through the pilot's own client, checks the registry's
code first, and returns a :class:`Report`: the verdict, every check in the order made (the
first failing one is *the* reason), the contract the verdict comes from, and what the chain
knows of the document.

Check and fact names are short identifiers (``proof``, ``issuer``); a page translates the
ones it knows and shows the others as they are. ``detail`` texts are the verifier's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import ExpectedCode, TrustedContract

__all__ = ["Check", "DocumentVerifier", "Fact", "Report"]


@dataclass(frozen=True)
class Check:
    """One check of a verification: ``passed`` is None when it was not reached (an earlier
    check failed)."""

    name: str
    passed: bool | None
    detail: str = ""


@dataclass(frozen=True)
class Fact:
    """One thing the chain (or the document) says, for the page: ``name`` and its value as
    text."""

    name: str
    value: str


@dataclass(frozen=True)
class Report:
    """A verifier's answer on one document.

    ``status`` is the verifier's verdict word (``valid``, ``revoked`` ...); ``valid`` is true
    only when the chain vouches for the document now. ``reason`` says why not. ``refused``
    marks a document that does not belong here at all (another chain or registry): bad input
    rather than a judgement. ``trusted`` is the contract the verdict comes from (None when its
    code check failed). ``facts`` and ``history`` are what the chain knows (history oldest
    first)."""

    pilot: str
    subject: str
    status: str
    valid: bool
    reason: str | None
    checks: tuple[Check, ...]
    trusted: TrustedContract | None
    facts: tuple[Fact, ...] = ()
    history: tuple[Fact, ...] = ()
    refused: bool = False

    @property
    def failed(self) -> Check | None:
        """The first check that failed (None when all passed)."""
        return next((c for c in self.checks if c.passed is False), None)


class DocumentVerifier(Protocol):
    """What a pilot's ``verifier()`` returns."""

    @property
    def asks(self) -> tuple[str, ...]:
        """What the person verifying gives besides the document, by field name (the
        ``audience`` and ``nonce`` a presentation must be made for); mostly nothing."""
        ...

    def verify(self, data: Mapping[str, Any], *, chain: Chain,
               expected: Mapping[str, ExpectedCode], given: Mapping[str, str]) -> Report:
        """The verdict on the parsed JSON ``data`` of one document, judged on ``chain`` by
        the pilot's registry whose expected code is ``expected[contract name]`` (the chain's
        deployment manifest), with ``given`` the values of the fields it :attr:`asks`.
        Raises InputError (naming the field) for a document that is not one of the pilot's
        or a field it asks left empty, and ConfigurationError when ``expected`` lacks the
        registry."""
        ...
