"""What the privacy guard looks for in bytes that reach a node (pure code, no chain).

- Belgian national numbers (INSZ, rijksregisternummer or BIS number): 11 digits
  ``YYMMDDSSSCC`` whose check ``CC = 97 - (YYMMDDSSS mod 97)``, or with a ``2`` in front of
  the nine digits for people born from 2000; month 0-12 (20-32, 40-52 for BIS numbers), day
  0-31. Found as decimal text (also ``85.07.30-033.28``), as hex text of that text, and as
  32-byte ABI words whose value is an 11-digit number that passes the check. Someone born in
  2000-2009 has a number starting with 0, which as an integer has 10 digits or fewer, the
  size of a timestamp; such numbers are looked for as text only (a test that uses one hands
  it in as a secret, which is then also looked for as a word).
- E-mail addresses, as text and as hex text.
- Field names from a deny-list (``Naam``, ``INSZ``, ``EpCode``, ...), case-insensitive, as
  UTF-8 anywhere and as hex text.
- Secret values a test hands in (names, incomes, salts, unsalted hashes): text as UTF-8 (as
  written, upper and lower case, NFC and NFD) and hex text; bytes raw and as hex text;
  integers as 32-byte words and as 5- to 8-byte big-endian fields (packed storage).

Random hashes and addresses do not trigger it: digits are looked for only as decimal text,
and integers only in aligned 32-byte words whose value has 11 digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from blokketen._exceptions import InputError

__all__ = [
    "DENY_FIELDS",
    "Match",
    "Secret",
    "find_all",
    "is_national_number",
]

DENY_FIELDS: tuple[str, ...] = (
    "Naam", "Voornaam", "Achternaam", "Familienaam", "INSZ", "Rijksregisternummer",
    "Rijksregister", "EpCode", "LaatstGewijzigdDoorNaam", "Geboortedatum", "email", "e-mail",
    "Emailadres", "Telefoonnummer", "GSM",
)
"""Field names of personal data in the source payloads (MAGDA, VEKA, LBLOD)."""

_SEP = rb"[-. /]?"
_NATIONAL_TEXT = re.compile(rb"(?<![0-9])([0-9]{2})" + _SEP + rb"([0-9]{2})" + _SEP + rb"([0-9]{2})"
                            + _SEP + rb"([0-9]{3})" + _SEP + rb"([0-9]{2})(?![0-9])")
_EMAIL = re.compile(
    rb"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}")
_HEX_RUN = re.compile(rb"[0-9a-fA-F]{8,}")


@dataclass(frozen=True)
class Match:
    """One thing found in a blob: its kind, what matched, and the offset in the blob."""

    kind: str
    """``national-number``, ``e-mail``, ``field-name`` or ``secret``."""
    detail: str
    offset: int


@dataclass(frozen=True)
class Secret:
    """A value a test knows must not reach the chain, with the byte forms looked for."""

    label: str
    needles: tuple[tuple[str, bytes], ...]

    @classmethod
    def of(cls, label: str, value: str | bytes | int) -> Secret:
        """The forms of ``value``: see the module description. Too short a value would
        match by chance and is refused (text under 3 characters, bytes under 4, integers
        under 1000)."""
        forms: dict[bytes, str] = {}
        if isinstance(value, bool):
            raise InputError(label, "a secret cannot be True or False")
        if isinstance(value, str):
            if len(value) < 3:
                raise InputError(label, "a secret text needs at least 3 characters")
            texts = {value, value.upper(), value.lower(), unicodedata.normalize("NFC", value),
                     unicodedata.normalize("NFD", value)}
            for text in texts:
                raw = text.encode()
                forms.setdefault(raw, "utf-8")
                forms.setdefault(raw.hex().encode(), "hex")
                forms.setdefault(raw.hex().upper().encode(), "HEX")
        elif isinstance(value, bytes):
            if len(value) < 4:
                raise InputError(label, "a secret needs at least 4 bytes")
            forms[value] = "raw"
            forms.setdefault(value.hex().encode(), "hex")
            forms.setdefault(value.hex().upper().encode(), "HEX")
        elif isinstance(value, int):
            if not 1000 <= value < 2**256:
                raise InputError(label, "a secret number must be from 1000 to 2^256 - 1")
            forms[value.to_bytes(32, "big")] = "uint256 word"
            for width in range(5, 9):  # packed uint40..uint64 fields, leading zeros included
                if 1 << 24 <= value < 1 << (8 * width):
                    forms.setdefault(value.to_bytes(width, "big"), f"{8 * width}-bit field")
            forms.setdefault(str(value).encode(), "decimal text")
        else:
            raise InputError(label, f"a {type(value).__name__} cannot be looked for")
        return cls(label=label, needles=tuple((form, raw) for raw, form in forms.items()))


def is_national_number(digits: str) -> bool:
    """Whether 11 decimal digits form a valid national or BIS number (date and check)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if not (month <= 12 or 20 <= month <= 32 or 40 <= month <= 52) or day > 31:
        return False
    body, check = int(digits[:9]), int(digits[9:])
    return check in (97 - body % 97, 97 - (2_000_000_000 + body) % 97)


def find_all(
    blob: bytes,
    *,
    word_offsets: Iterable[int] = (),
    deny_fields: Iterable[str] = DENY_FIELDS,
    secrets: Iterable[Secret] = (),
) -> list[Match]:
    """Everything in ``blob``: text forms anywhere, integer words at ``word_offsets``."""
    fields = tuple(deny_fields)
    found = list(_text_matches(blob, fields))
    for offset in word_offsets:
        word = blob[offset:offset + 32]
        if len(word) == 32:
            found.extend(_word_match(word, offset))
    for run in _HEX_RUN.finditer(blob):
        for parity in (0, 1):
            text = run.group(0)[parity:]
            decoded = bytes.fromhex(text[: len(text) // 2 * 2].decode())
            base = run.start() + parity
            for match in _text_matches(decoded, fields):
                found.append(Match(match.kind, f"{match.detail} (as hex text)",
                                   base + 2 * match.offset))
            for word_start in range(0, len(decoded) - 31, 32):
                for match in _word_match(decoded[word_start:word_start + 32], word_start):
                    found.append(Match(match.kind, f"{match.detail} (as hex text)",
                                       base + 2 * match.offset))
    found.extend(_secret_matches(blob, secrets))
    return _unique(found)


def _text_matches(blob: bytes, fields: tuple[str, ...]) -> Iterator[Match]:
    for match in _NATIONAL_TEXT.finditer(blob):
        digits = b"".join(match.groups()).decode()
        if is_national_number(digits):
            yield Match("national-number", f"{digits} as text", match.start())
    for match in _EMAIL.finditer(blob):
        yield Match("e-mail", match.group(0).decode(), match.start())
    lowered = blob.lower()
    for name in fields:
        needle = name.lower().encode()
        at = lowered.find(needle)
        if at >= 0:
            yield Match("field-name", f"field name {name!r}", at)


def _word_match(word: bytes, offset: int) -> Iterator[Match]:
    value = int.from_bytes(word, "big")
    if 10**10 <= value < 10**11:
        digits = str(value)
        if is_national_number(digits):
            yield Match("national-number", f"{digits} as an integer word", offset)


def _secret_matches(blob: bytes, secrets: Iterable[Secret]) -> Iterator[Match]:
    for secret in secrets:
        for form, needle in secret.needles:
            at = blob.find(needle)
            if at >= 0:
                yield Match("secret", f"secret {secret.label!r} ({form})", at)


def _unique(found: list[Match]) -> list[Match]:
    seen: set[tuple[str, str]] = set()
    out: list[Match] = []
    for match in found:
        key = (match.kind, match.detail)
        if key not in seen:
            seen.add(key)
            out.append(match)
    return out
