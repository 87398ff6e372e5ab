"""Competence claims: what a school records for a learner, in canonical form.

A claim is ``{framework, code, kind, learningOutcome, level, assessedOn, authenticity,
evidenceHash?}``:

- ``framework`` is ``competent:2.0`` or ``esco:v1.2.0``; ``code`` an ESCO skill URI
  (``http://data.europa.eu/esco/skill/<uuid>``) or a Competent code (an occupation code of a
  letter and six digits, ``H230201``, optionally with an activity ``-Id1234-c``);
- ``kind`` is ``skill``, ``knowledge``, ``behaviour`` or ``soft-skill``;
- ``learningOutcome`` the concrete outcome in words (Dutch, NFC);
- ``level`` the VKS/EQF level 1 to 8; ``assessedOn`` an ISO date;
- ``authenticity`` is ``authentic`` (assessed by the school) or ``self-declared``;
- ``evidenceHash`` an optional ``0x`` sha256/keccak256 of an evidence file kept off chain.

Its bytes are RFC 8785 JSON of the NFC object (:mod:`blokketen.common.canonical`): floats,
duplicate keys, unknown or reserved field names and non-NFC text are refused, and so is any
text that holds a Belgian national number or an e-mail address (a claim never names a person).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from blokketen._exceptions import InputError
from blokketen.common import canonical
from blokketen.competence.types import Authenticity, ClaimKind, Framework
from blokketen.privacy.detectors import find_all

__all__ = ["FIELDS", "RESERVED", "Claim"]

FIELDS = ("framework", "code", "kind", "learningOutcome", "level", "assessedOn",
          "authenticity", "evidenceHash")
"""The fields of a claim; all but ``evidenceHash`` are required."""
REQUIRED = FIELDS[:-1]
RESERVED = frozenset({"salt", "index", "leaf", "proof", "decoy", "holder", "_sd", "...",
                      "credentialId", "credentialRoot"})
"""Names a presentation or receipt uses around a claim: never a claim field (a claim with one
could pass itself off as that structure)."""

_ESCO = re.compile(r"http://data\.europa\.eu/esco/skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}"
                   r"-[0-9a-f]{4}-[0-9a-f]{12}")
_COMPETENT = re.compile(r"[A-N][0-9]{6}(-Id[0-9]{1,6}-c)?")
_HASH = re.compile(r"0x[0-9a-f]{64}")
_MAX_OUTCOME = 500


@dataclass(frozen=True)
class Claim:
    """One competence claim (see the module description); checked on construction."""

    framework: str
    code: str
    kind: str
    learning_outcome: str
    level: int
    assessed_on: str
    authenticity: str = Authenticity.AUTHENTIC.value
    evidence_hash: str | None = None

    def __post_init__(self) -> None:
        framework = Framework.parse(self.framework)
        object.__setattr__(self, "framework", framework.value)
        pattern = _ESCO if framework is Framework.ESCO else _COMPETENT
        if not isinstance(self.code, str) or not pattern.fullmatch(self.code):
            shape = ("an ESCO skill URI http://data.europa.eu/esco/skill/<uuid>"
                     if framework is Framework.ESCO else
                     "a Competent code: a letter and six digits (H230201), optionally -Id<n>-c")
            raise InputError("code", f"{_shown(self.code)} is not {shape}")
        kinds = ", ".join(k.value for k in ClaimKind)
        if self.kind not in ClaimKind._value2member_map_:
            raise InputError("kind", f"{_shown(self.kind)} is not one of {kinds}")
        object.__setattr__(self, "kind", ClaimKind(self.kind).value)
        outcome = self.learning_outcome
        if not isinstance(outcome, str) or not outcome.strip():
            raise InputError("learningOutcome", "must be a non-empty text")
        if len(outcome) > _MAX_OUTCOME:
            raise InputError("learningOutcome", f"at most {_MAX_OUTCOME} characters")
        level = self.level
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 8:
            raise InputError("level", f"{_shown(level)} is not a VKS/EQF level from 1 to 8")
        if not isinstance(self.assessed_on, str):
            raise InputError("assessedOn", "must be an ISO date (YYYY-MM-DD)")
        try:
            day = datetime.date.fromisoformat(self.assessed_on)
        except ValueError:
            raise InputError("assessedOn", f"{_shown(self.assessed_on)} is not an ISO date "
                                           "(YYYY-MM-DD)") from None
        if day.isoformat() != self.assessed_on:
            raise InputError("assessedOn", "write the date as YYYY-MM-DD")
        if self.authenticity not in Authenticity._value2member_map_:
            raise InputError("authenticity", f"{_shown(self.authenticity)} is not authentic "
                                             "or self-declared")
        object.__setattr__(self, "authenticity", Authenticity(self.authenticity).value)
        if self.evidence_hash is not None and (not isinstance(self.evidence_hash, str)
                                               or not _HASH.fullmatch(self.evidence_hash)):
            raise InputError("evidenceHash", "must be 0x and 64 lower-case hex digits")
        record = self.as_dict()
        canonical.canonical_json(record, fields=FIELDS, required=REQUIRED)  # NFC and the rest
        _refuse_personal(record)

    @classmethod
    def from_dict(cls, data: object) -> Claim:
        """A claim from its JSON object; unknown, reserved or missing fields are refused."""
        if not isinstance(data, Mapping):
            raise InputError("claim", "must be a JSON object")
        for key in data:
            if key in RESERVED:
                raise InputError(str(key), "is a reserved field name, not a claim field")
        canonical.canonical_json(data, fields=FIELDS, required=REQUIRED)
        return cls(framework=data["framework"], code=data["code"], kind=data["kind"],
                   learning_outcome=data["learningOutcome"], level=data["level"],
                   assessed_on=data["assessedOn"], authenticity=data["authenticity"],
                   evidence_hash=data.get("evidenceHash"))

    @classmethod
    def loads(cls, text: str | bytes) -> Claim:
        """A claim from JSON text, strictly (duplicate keys and floats refused); it need not
        be canonical."""
        return cls.from_dict(canonical.loads(text, require_canonical=False))

    def as_dict(self) -> dict[str, Any]:
        """The JSON object (``evidenceHash`` only when there is one)."""
        out: dict[str, Any] = {"framework": self.framework, "code": self.code,
                               "kind": self.kind, "learningOutcome": self.learning_outcome,
                               "level": self.level, "assessedOn": self.assessed_on,
                               "authenticity": self.authenticity}
        if self.evidence_hash is not None:
            out["evidenceHash"] = self.evidence_hash
        return out

    def canonical(self) -> bytes:
        """The RFC 8785 bytes that are hashed."""
        return canonical.canonical_json(self.as_dict(), fields=FIELDS, required=REQUIRED)

    def digest(self) -> bytes:
        """``sha256`` of :meth:`canonical`: the claim hash in its leaf (remembered for the
        last 65,536 claims: a school's curriculum repeats its learning outcomes)."""
        return _digest(self)

    @property
    def self_declared(self) -> bool:
        return self.authenticity == Authenticity.SELF_DECLARED


@functools.lru_cache(maxsize=65_536)
def _digest(claim: Claim) -> bytes:
    return canonical.digest(claim.as_dict(), fields=FIELDS, required=REQUIRED)


def _refuse_personal(record: Mapping[str, Any]) -> None:
    for key, value in record.items():
        if not isinstance(value, str):
            continue
        for match in find_all(value.encode("utf-8"), deny_fields=()):
            if match.kind in ("national-number", "e-mail"):
                raise InputError(key, f"holds {match.kind.replace('-', ' ')}: a claim never "
                                      "names or identifies a person")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
