"""CaPaKey parsing, normalisation and validation (pure Python, no chain)."""

from __future__ import annotations

import pytest

from blokketen._exceptions import InputError
from blokketen.land.capakey import CapaKey, is_valid_capakey, normalise_capakey, parcel_id

MALFORMED = [
    "",                          # empty
    "   ",                       # blanks only
    "11001A0123/00B00",          # power one digit short
    "11001A0123/00B0000",        # power one digit long
    "1100A0123/00B000",          # division 4 digits
    "110011A0123/00B000",        # division 6 digits
    "11001a0123/00b000x",        # trailing junk after lower case
    "110011012300B000",          # no section letter, no separator
    "11001A0123\\00B000",        # backslash separator
    "11001A0123 00B000",         # blank separator
    "11001A012/300B000",         # separator in the wrong place
    "11001A0123/0AB000",         # letter in the bis number
    "11001A0123/00-000",         # dash as exponent
    "11001A0123/00B0A0",         # letter in the power
    "11001É0123/00B000",         # non-ASCII section
    "11001A0123/00B000/",        # trailing separator
    "11001A0123-00B000-",        # trailing dash
    "11001_A_0123_B_000",        # CRAB-1 without bis number
    "11001_A_0123_BB_000_00",    # CRAB-1 with a two-letter exponent
    "1I001A0123/00B000",         # letter I for digit 1
    "11001A0123//0B000",         # double separator
]


@pytest.mark.parametrize("text", MALFORMED)
def test_normalise_malformed_raises_input_error(text):
    with pytest.raises(InputError) as caught:
        normalise_capakey(text)
    assert caught.value.field == "capakey"
    assert not is_valid_capakey(text)


def test_malformed_table_is_large_enough():
    assert len(MALFORMED) >= 15


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("11001A0123/00B000", "11001A0123/00B000"),
        ("11004A0479-00N000", "11004A0479/00N000"),      # VBR notation
        ("  11001a0123/00b000\n", "11001A0123/00B000"),  # blanks and lower case
        ("11001_A_0123_B_000_00", "11001A0123/00B000"),  # CRAB-1 notation
        ("24062B0017/00_000", "24062B0017/00_000"),      # no exponent, underscore
        ("24062B0017/020000", "24062B0017/020000"),      # no exponent, zero
    ],
)
def test_normalise_accepts_notations(text, canonical):
    assert normalise_capakey(text) == canonical
    assert is_valid_capakey(canonical)


def test_non_string_is_refused():
    with pytest.raises(InputError):
        normalise_capakey(11001)  # type: ignore[arg-type]


def test_parse_names_the_parts_and_round_trips():
    key = CapaKey.parse("11001A0123-00B000")
    assert (key.division, key.section, key.parcel_number) == ("11001", "A", "0123")
    assert (key.bis_number, key.exponent, key.power) == ("00", "B", "000")
    assert str(key) == "11001A0123/00B000"


def test_parcel_id_is_keccak_of_canonical_key():
    from eth_utils import keccak

    assert parcel_id("11001A0123-00B000") == keccak(text="11001A0123/00B000")
    assert len(parcel_id("11001A0123/00B000")) == 32
