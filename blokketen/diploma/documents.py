"""Canonical diploma documents: fixed field order, a random salt, keccak256 hashing.

A diploma document is the off-chain record the holder keeps. Its canonical form is compact
UTF-8 JSON with the fields in the fixed order of :data:`FIELDS`, so the same diploma always
hashes to the same ``diploma_hash``. The chain never sees the document: it sees the Merkle
root of a batch of salted, tagged leaves (see :mod:`blokketen.diploma.claims`), where the
salt is 32 random bytes kept with the document, so nobody can guess "name + degree + year"
against public roots.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from blokketen._exceptions import InputError

__all__ = [
    "FIELDS",
    "PERSONAL_FIELDS",
    "SCHEMA",
    "DiplomaDocument",
    "canonical_json",
    "country_code",
    "diploma_hash",
    "eqf_level",
    "keccak256",
    "new_salt",
]

SCHEMA = "blokketen.diploma/1"
"""Value of the ``schema`` field of every document this version writes."""

FIELDS: tuple[str, ...] = (
    "schema",
    "diploma_id",
    "given_names",
    "family_name",
    "birth_date",
    "qualification",
    "isced_field",
    "eqf_level",
    "institution",
    "country",
    "awarded_on",
    "grade",
)
"""The fields of a document, in canonical order."""

PERSONAL_FIELDS: tuple[str, ...] = (
    "diploma_id",
    "given_names",
    "family_name",
    "birth_date",
    "grade",
)
"""Fields that are personal data: they must never reach the chain."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISCED = re.compile(r"^\d{2,4}$")


def eqf_level(field: str, value: object) -> int:
    """A European Qualifications Framework level: a whole number from 1 to 8."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        raise InputError(field, "EQF levels run from 1 to 8")
    return value


def country_code(field: str, value: object) -> str:
    """An ISO 3166 alpha-2 country code in capitals, such as ``BE``."""
    if not isinstance(value, str) or not _COUNTRY.match(value):
        raise InputError(field, "must be an ISO 3166 alpha-2 code such as 'BE'")
    return value


def keccak256(data: bytes) -> bytes:
    """The keccak256 digest of ``data`` (Ethereum's hash, not SHA3-256)."""
    from eth_hash.auto import keccak

    return keccak(data)


def new_salt() -> bytes:
    """32 bytes from the operating system's random source."""
    import secrets

    return secrets.token_bytes(32)


@dataclass(frozen=True)
class DiplomaDocument:
    """One diploma, as issued to its holder. All fields are checked on construction.

    ``eqf_level`` is the European Qualifications Framework level (1 to 8); ``isced_field``
    the ISCED-F 2013 field code ("0613"); ``country`` the issuer's ISO 3166 alpha-2 code;
    dates are ISO ``YYYY-MM-DD``. ``grade`` is optional.
    """

    diploma_id: str
    given_names: str
    family_name: str
    birth_date: str
    qualification: str
    isced_field: str
    eqf_level: int
    institution: str
    country: str
    awarded_on: str
    grade: str | None = None
    schema: str = SCHEMA

    def __post_init__(self) -> None:
        for name in ("diploma_id", "given_names", "family_name", "qualification", "institution"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InputError(name, "must be a non-empty string")
        for name in ("birth_date", "awarded_on"):
            _check_date(name, getattr(self, name))
        if not isinstance(self.isced_field, str) or not _ISCED.match(self.isced_field):
            raise InputError("isced_field", "must be an ISCED-F code of 2 to 4 digits")
        eqf_level("eqf_level", self.eqf_level)
        country_code("country", self.country)
        if self.grade is not None and (not isinstance(self.grade, str) or not self.grade):
            raise InputError("grade", "must be a non-empty string or absent")
        if self.schema != SCHEMA:
            raise InputError("schema", f"must be {SCHEMA!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiplomaDocument:
        """Build a document from parsed JSON; unknown or missing fields raise InputError."""
        if not isinstance(data, Mapping):
            raise InputError("document", "must be a JSON object")
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise InputError(unknown[0], "is not a diploma field")
        missing = [f for f in FIELDS if f not in data and f not in ("grade", "schema")]
        if missing:
            raise InputError(missing[0], "is missing")
        return cls(**{key: data[key] for key in FIELDS if key in data})

    def to_dict(self) -> dict[str, Any]:
        """The fields in canonical order (``grade`` left out when absent)."""
        raw = asdict(self)
        return {key: raw[key] for key in FIELDS if not (key == "grade" and raw[key] is None)}

    def canonical(self) -> bytes:
        """The canonical UTF-8 JSON bytes that are hashed."""
        return canonical_json(self.to_dict())

    def hash(self) -> bytes:
        """``keccak256`` of :meth:`canonical`: the ``diplomaHash`` of the leaf."""
        return keccak256(self.canonical())

    def personal_values(self) -> dict[str, str]:
        """The personal fields that are set, as strings (used by privacy checks)."""
        raw = self.to_dict()
        return {key: str(raw[key]) for key in PERSONAL_FIELDS if raw.get(key) is not None}


def canonical_json(fields: Mapping[str, Any]) -> bytes:
    """Compact JSON in the given key order, UTF-8, no ASCII escaping."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def diploma_hash(document: DiplomaDocument) -> bytes:
    """Shorthand for ``document.hash()``."""
    return document.hash()


def _check_date(name: str, value: object) -> None:
    if not isinstance(value, str) or not _DATE.match(value):
        raise InputError(name, "must be a date YYYY-MM-DD")
    try:
        _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(name, "is not a calendar date") from exc
