"""The Belgian cadastral parcel key (CaPaKey): parse, normalise and validate.

The canonical notation is the one the Flemish parcel registry checks with
``^[0-9]{5}[A-Z][0-9]{4}/[0-9]{2}[A-Z_0][0-9]{3}$``, e.g. ``11001A0123/00B000``:
division (afdeling) ``11001``, section ``A``, parcel number (grondnummer) ``0123``,
bis number ``00``, exponent ``B`` (``_`` or ``0`` when there is none) and power (macht) ``000``.

:func:`normalise_capakey` also accepts the VBR notation with ``-`` instead of ``/``
(``11004A0479-00N000``), the CRAB-1 notation with underscores
(``11001_A_0123_B_000_00``), lower case and surrounding blanks. The contract accepts only
the canonical form, so that one parcel has exactly one key (and one parcel id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blokketen._exceptions import InputError

__all__ = [
    "CAPAKEY_PATTERN",
    "CapaKey",
    "is_valid_capakey",
    "normalise_capakey",
    "parcel_id",
]

CAPAKEY_PATTERN = re.compile(r"^[0-9]{5}[A-Z][0-9]{4}/[0-9]{2}[A-Z_0][0-9]{3}$")
"""The canonical pattern, as in the Flemish parcel registry."""

_CRAB1 = re.compile(r"^([0-9]{5})_([A-Z])_([0-9]{4})_([A-Z_0])_([0-9]{3})_([0-9]{2})$")
_FIELD = "capakey"


@dataclass(frozen=True)
class CapaKey:
    """The parts of a canonical CaPaKey (field names after the Geopunt CaPaKey service)."""

    division: str
    section: str
    parcel_number: str
    bis_number: str
    exponent: str
    power: str

    @classmethod
    def parse(cls, text: str) -> CapaKey:
        """Parse any accepted notation; raises :class:`InputError` for a malformed key."""
        key = normalise_capakey(text)
        return cls(key[0:5], key[5], key[6:10], key[11:13], key[13], key[14:17])

    def __str__(self) -> str:
        return (
            f"{self.division}{self.section}{self.parcel_number}/"
            f"{self.bis_number}{self.exponent}{self.power}"
        )


def normalise_capakey(text: str | CapaKey) -> str:
    """The canonical notation of ``text``; raises :class:`InputError` naming ``capakey``.

    Accepted: the canonical form, ``-`` instead of ``/``, CRAB-1 underscores, lower case
    and surrounding blanks. ``_`` and ``0`` as "no exponent" are kept as given (they are
    different keys in the registry).
    """
    if isinstance(text, CapaKey):
        text = str(text)
    if not isinstance(text, str):
        raise InputError(_FIELD, f"expected a string, got {type(text).__name__}")
    key = text.strip().upper()
    if not key:
        raise InputError(_FIELD, "empty key")
    crab = _CRAB1.match(key)
    if crab:
        division, section, number, exponent, power, bis = crab.groups()
        key = f"{division}{section}{number}/{bis}{exponent}{power}"
    elif len(key) == 17 and key[10] == "-":
        key = key[:10] + "/" + key[11:]
    if not CAPAKEY_PATTERN.match(key):
        raise InputError(_FIELD, f"{text!r} is not a CaPaKey like '11001A0123/00B000'")
    return key


def is_valid_capakey(text: str) -> bool:
    """Whether ``text`` is already in canonical notation (what the contract accepts)."""
    return isinstance(text, str) and CAPAKEY_PATTERN.match(text) is not None


def parcel_id(text: str | CapaKey) -> bytes:
    """The on-chain parcel id: keccak256 of the canonical key's ASCII bytes."""
    from eth_hash.auto import keccak

    return bytes(keccak(normalise_capakey(text).encode("ascii")))
