"""What the guard looks for: true positives in every form, and no false positives on the
hashes, addresses, timestamps and amounts that legitimately go on chain."""

from __future__ import annotations

import random

import pytest
from eth_abi import encode
from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.privacy.detectors import Secret, find_all, is_national_number

WORDS = range(0, 4096, 32)


def kinds(blob: bytes, **kwargs) -> set[str]:
    return {m.kind for m in find_all(blob, **kwargs)}


@pytest.mark.parametrize("digits", ["85073003328", "03051201246", "90010112395", "85273003371"])
def test_valid_national_and_bis_numbers(digits):
    assert is_national_number(digits)


@pytest.mark.parametrize("digits", [
    "85073003329",  # wrong check
    "85133003353",  # month 13
    "85073203396",  # day 32
    "8507300332",   # 10 digits
    "8507300332a",
])
def test_invalid_numbers(digits):
    assert not is_national_number(digits)


@pytest.mark.parametrize("text", [
    b"85073003328", b"85.07.30-033.28", b"850730 033 28", b"rrn=03051201246;",
    b'{"insz":"85073003328"}',
])
def test_national_numbers_as_text(text):
    assert "national-number" in kinds(text, deny_fields=())


def test_national_numbers_inside_longer_digit_runs_are_not_taken():
    assert "national-number" not in kinds(b"185073003328", deny_fields=())
    assert "national-number" not in kinds(b"850730033281", deny_fields=())


def test_national_numbers_as_hex_text_and_as_words():
    as_hex = b"0x" + b"INSZ 85073003328".hex().encode()
    found = find_all(as_hex, deny_fields=())
    assert any(m.kind == "national-number" and "hex" in m.detail for m in found)
    word = encode(["uint256", "address"], [85073003328, "0x" + "11" * 20])
    assert "national-number" in kinds(word, word_offsets=[0, 32], deny_fields=())
    hex_word = encode(["uint256"], [85073003328]).hex().encode()
    assert "national-number" in kinds(hex_word, deny_fields=())


def test_integer_words_are_looked_at_only_where_words_sit():
    blob = b"\xff" * 4 + (85073003328).to_bytes(32, "big")
    assert "national-number" not in kinds(blob, word_offsets=[0], deny_fields=())
    assert "national-number" in kinds(blob, word_offsets=[4], deny_fields=())


def test_e_mail_addresses_and_field_names():
    assert kinds(b"contact: an.de.smet+werk@stad.gent.be", deny_fields=()) == {"e-mail"}
    assert kinds(b'{"LAATSTGEWIJZIGDDOORNAAM":1}', deny_fields=("LaatstGewijzigdDoorNaam",)) == {
        "field-name"}
    assert kinds(b"epcode".hex().encode(), deny_fields=("EpCode",)) == {"field-name"}
    assert kinds(b"rijksregisternummer: x", deny_fields=()) == set()


def test_secrets_in_every_form():
    name = Secret.of("family name", "Vandenbroucke")
    income = Secret.of("income", 3_456_789_123)
    salt = Secret.of("salt", keccak(b"salt"))
    assert kinds(b"..VANDENBROUCKE..", secrets=[name], deny_fields=()) == {"secret"}
    assert kinds(b"Vandenbroucke".hex().upper().encode(), secrets=[name],
                 deny_fields=()) == {"secret"}
    word = encode(["uint256"], [3_456_789_123])
    assert kinds(word, secrets=[income], deny_fields=()) == {"secret"}
    packed = b"\x01" * 20 + (3_456_789_123).to_bytes(5, "big") + b"\x02" * 7  # a packed uint40
    assert kinds(packed, secrets=[income], deny_fields=()) == {"secret"}
    assert kinds(b"\x00" + keccak(b"salt"), secrets=[salt], deny_fields=()) == {"secret"}
    assert kinds(keccak(b"salt").hex().encode(), secrets=[salt], deny_fields=()) == {"secret"}


@pytest.mark.parametrize("value", ["Jo", b"abc", 999, True, 1.5])
def test_secrets_too_short_to_find_are_refused(value):
    with pytest.raises(InputError):
        Secret.of("x", value)


def test_no_false_positives_on_random_hashes_addresses_and_calldata():
    rng = random.Random(722)
    blobs = [rng.randbytes(32) for _ in range(3000)]
    blobs += [encode(["address", "bytes32", "uint256"],
                     ["0x" + rng.randbytes(20).hex(), rng.randbytes(32), rng.getrandbits(256)])
              for _ in range(1000)]
    blobs += [rng.randbytes(4) + rng.randbytes(32 * 8) for _ in range(300)]
    blobs += [rng.randbytes(32).hex().encode() for _ in range(1000)]  # hashes as hex text
    for blob in blobs:
        assert find_all(blob, word_offsets=[o for o in WORDS if o + 32 <= len(blob)]) == [], blob


def test_no_false_positives_on_timestamps_amounts_and_counts():
    """Timestamps (10 digits until 2286), amounts in cents, counts: never an 11-digit word."""
    values = list(range(0, 2_000_000_000, 86_400)) + [10**10 - 1, 2**32, 2**40 - 1]
    blob = b"".join(v.to_bytes(32, "big") for v in values)
    assert find_all(blob, word_offsets=range(0, len(blob), 32)) == []
