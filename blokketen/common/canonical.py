"""Canonical JSON of disclosed records (RFC 8785, JCS) and the salts that hide them.

A record that is hashed into a leaf must give the same bytes on every machine, so:

- text is Unicode NFC (:func:`nfc` normalises a record before issuing; :func:`canonical_json`
  and :func:`loads` refuse text that is not NFC, so a verifier never silently repairs);
- serialisation is RFC 8785 (the ``rfc8785`` package): sorted keys, no whitespace, fixed
  number and string forms;
- refused: floats (money is integer cents; measures are integers in a stated unit or text),
  integers JSON cannot carry exactly (beyond ±(2^53 - 1)), duplicate keys, non-text keys,
  and top-level fields outside the record's field set.

Every refusal is an InputError naming the field (``claims[1].level``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import unicodedata
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

import rfc8785

from blokketen._exceptions import InputError

__all__ = [
    "MIN_SALT_BYTES",
    "SALT_BYTES",
    "canonical_json",
    "check_salt",
    "digest",
    "loads",
    "nfc",
    "salt",
]

SALT_BYTES = 32
"""Every disclosable item gets 32 random bytes."""

MIN_SALT_BYTES = 16
"""Below 128 bits (RFC 9901 §9.3) a salt is refused as weak, whatever else is wrong."""

_SAFE_INT = 2**53 - 1


def nfc(value: Any) -> Any:
    """``value`` with every text (keys and values, at any depth) in Unicode NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        return {nfc(k) if isinstance(k, str) else k: nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(item) for item in value]
    return value


def canonical_json(
    record: Mapping[str, Any],
    *,
    fields: Collection[str] | None = None,
    required: Collection[str] = (),
) -> bytes:
    """The RFC 8785 bytes of ``record``, after the checks above.

    ``fields`` is the record's field set (None: any top-level field); ``required`` must all
    be present."""
    _check_record(record, fields=fields, required=required)
    return rfc8785.dumps(record)


def digest(
    record: Mapping[str, Any],
    *,
    fields: Collection[str] | None = None,
    required: Collection[str] = (),
) -> bytes:
    """``sha256`` of the canonical JSON: the record's content hash in a leaf."""
    return hashlib.sha256(canonical_json(record, fields=fields, required=required)).digest()


def loads(
    data: bytes | str,
    *,
    fields: Collection[str] | None = None,
    required: Collection[str] = (),
    require_canonical: bool = True,
) -> dict[str, Any]:
    """Parse a disclosed record strictly: duplicate keys, floats, NaN and Infinity are refused,
    then the checks of :func:`canonical_json`. With ``require_canonical`` (the default for a
    verifier) the input must be byte for byte its own canonical form."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        parsed = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_float,
                            parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        raise InputError("record", f"is not JSON: {err.msg} at {where}") from None
    except UnicodeDecodeError:
        raise InputError("record", "is not UTF-8") from None
    if not isinstance(parsed, dict):
        raise InputError("record", "must be a JSON object")
    canonical = canonical_json(parsed, fields=fields, required=required)
    if require_canonical and canonical != text.encode("utf-8"):
        raise InputError("record", "is not in canonical form (RFC 8785: sorted keys, no spaces)")
    return parsed


def salt() -> bytes:
    """32 fresh random bytes from the operating system's generator."""
    return secrets.token_bytes(SALT_BYTES)


def check_salt(value: bytes | str, *, field: str = "salt") -> bytes:
    """``value`` (bytes or hex text) as 32 bytes; InputError naming ``field`` for a salt
    shorter than 16 bytes (weak) or of any length other than 32."""
    raw = value
    if isinstance(value, str):
        text = value[2:] if value.startswith(("0x", "0X")) else value
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raise InputError(field, "is not hex text") from None
    if not isinstance(raw, bytes):
        raise InputError(field, "must be bytes or hex text")
    if len(raw) < MIN_SALT_BYTES:
        raise InputError(field, f"is {len(raw)} bytes: a salt shorter than {MIN_SALT_BYTES} bytes "
                                f"is too weak to hide anything (salts are {SALT_BYTES} bytes)")
    if len(raw) != SALT_BYTES:
        raise InputError(field, f"is {len(raw)} bytes: salts are {SALT_BYTES} bytes")
    return raw


def _check_record(
    record: object, *, fields: Collection[str] | None, required: Collection[str]
) -> None:
    if not isinstance(record, Mapping):
        raise InputError("record", "must be a mapping of field names to values")
    for key in record:
        if not isinstance(key, str):
            raise InputError(f"record[{key!r}]", "keys must be text")
    if fields is not None:
        allowed = set(fields)
        unknown = sorted(k for k in record if k not in allowed)
        if unknown:
            known = ", ".join(sorted(allowed))
            raise InputError(unknown[0], f"is not a field of this record (fields: {known})")
    for name in required:
        if name not in record:
            raise InputError(name, "is required")
    for key, value in record.items():
        _check_value(key, key, value)


def _check_value(path: str, key: object, value: object) -> None:
    if isinstance(key, str) and unicodedata.normalize("NFC", key) != key:
        raise InputError(path, "the key is not in Unicode NFC")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > _SAFE_INT:
            raise InputError(path, f"{value} is too large for JSON to carry exactly: "
                                   "write it as text")
        return
    if isinstance(value, float | Decimal):
        raise InputError(path, "floating-point numbers are refused: money is integer cents, "
                               "measures are integers in a stated unit")
    if isinstance(value, str):
        if unicodedata.normalize("NFC", value) != value:
            raise InputError(path, "is not in Unicode NFC")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_value(f"{path}[{i}]", None, item)
        return
    if isinstance(value, Mapping):
        for k, item in value.items():
            if not isinstance(k, str):
                raise InputError(f"{path}[{k!r}]", "keys must be text")
            _check_value(f"{path}.{k}", k, item)
        return
    raise InputError(path, f"a {type(value).__name__} has no JSON form")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(key, "appears twice in one object")
        out[key] = value
    return out


def _no_float(text: str) -> Any:
    raise InputError("record", f"number {text} is not a whole number: floats are refused")


def _no_constant(text: str) -> Any:
    raise InputError("record", f"{text} is not JSON")
