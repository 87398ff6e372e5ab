"""Canonical JSON (RFC 8785 after NFC) and salts: the RFC's examples and every refusal."""

from __future__ import annotations

import hashlib
import unicodedata
from decimal import Decimal

import pytest
import rfc8785

from blokketen._exceptions import InputError
from blokketen.common.canonical import canonical_json, check_salt, digest, loads, nfc, salt

CLAIM_FIELDS = {"framework", "code", "kind", "learningOutcome", "level", "assessedOn"}
CLAIM = {
    "framework": "competent:2.0", "code": "H140201", "kind": "skill",
    "learningOutcome": "handgedreven houtbewerkingsmachines instellen en bedienen: "
                       "bovenfreesmachine",
    "level": 4, "assessedOn": "2026-06-30",
}


def test_rfc_8785_string_example():
    """RFC 8785 §3.2.2.2: control characters, quotes and backslashes, and '/' left alone."""
    record = {"string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/"}
    assert canonical_json(record) == '{"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'.encode()


def test_rfc_8785_sorting_example():
    """RFC 8785 §3.2.3: keys sorted by UTF-16 code units (done by the rfc8785 package; the
    example's U+FB33 is not NFC, so it goes straight to the serialiser here)."""
    record = {"\u20ac": "Euro Sign", "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
              "\U0001f600": "Emoji: Grinning Face", "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"}
    keys = [k for k in rfc8785.dumps(record).decode().split('":"')]
    order = ["\\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    assert [k.rsplit('"', 1)[-1] for k in keys[:-1]] == order
    with pytest.raises(InputError, match="NFC"):
        canonical_json(record)


def test_rfc_8785_literals_and_integers():
    assert canonical_json({"b": [None, True, False], "a": -0, "c": 9007199254740991}) == \
        b'{"a":0,"b":[null,true,false],"c":9007199254740991}'


def test_a_claim_is_canonical_and_hashes_stably():
    first = canonical_json(CLAIM, fields=CLAIM_FIELDS)
    assert first == canonical_json(dict(reversed(list(CLAIM.items()))), fields=CLAIM_FIELDS)
    assert digest(CLAIM, fields=CLAIM_FIELDS) == hashlib.sha256(first).digest()
    assert loads(first, fields=CLAIM_FIELDS) == CLAIM


@pytest.mark.parametrize(("record", "field", "problem"), [
    ({**CLAIM, "level": 4.0}, "level", "floating-point"),
    ({**CLAIM, "level": Decimal("4")}, "level", "floating-point"),
    ({**CLAIM, "amountCents": 1}, "amountCents", "not a field"),
    ({**CLAIM, "level": 2**53}, "level", "too large"),
    ({**CLAIM, "learningOutcome": unicodedata.normalize("NFD", "café")}, "learningOutcome", "NFC"),
    ({**CLAIM, "code": {"nested": [1, 2.5]}}, "code.nested[1]", "floating-point"),
    ({**CLAIM, "code": {1: "x"}}, "code[1]", "keys must be text"),
    ({**CLAIM, "code": b"bytes"}, "code", "no JSON form"),
])
def test_records_that_cannot_be_canonical_are_refused(record, field, problem):
    with pytest.raises(InputError, match=problem) as caught:
        canonical_json(record, fields=CLAIM_FIELDS)
    assert caught.value.field == field


def test_non_text_keys_and_missing_fields_are_refused():
    with pytest.raises(InputError, match="keys must be text"):
        canonical_json({1: "x"})  # type: ignore[dict-item]
    with pytest.raises(InputError) as caught:
        canonical_json({"code": "x"}, fields=CLAIM_FIELDS, required={"level"})
    assert caught.value.field == "level"


def test_nfc_normalises_before_issuing():
    decomposed = {"naam\u0301": unicodedata.normalize("NFD", "Zoë")}
    assert canonical_json(nfc(decomposed)) == '{"naa\u1e3f":"Zo\u00eb"}'.encode()
    with pytest.raises(InputError, match="NFC"):
        canonical_json(decomposed)


@pytest.mark.parametrize(("text", "problem"), [
    ('{"level":4,"level":5}', "twice"),
    ('{"level":4.5}', "floats are refused"),
    ('{"level":4.0}', "floats are refused"),
    ('{"level":1e3}', "floats are refused"),
    ('{"level":NaN}', "not JSON"),
    ('{"level": 4}', "canonical form"),
    ('{"b":1,"a":2}', "canonical form"),
    ('[1]', "JSON object"),
    ('{"level":', "not JSON"),
])
def test_loads_is_strict(text, problem):
    with pytest.raises(InputError, match=problem):
        loads(text)


def test_salts_are_32_fresh_bytes():
    first, second = salt(), salt()
    assert len(first) == 32 and first != second
    assert check_salt(first) == first
    assert check_salt("0x" + first.hex()) == first


@pytest.mark.parametrize(("value", "problem"), [
    (bytes(15), "too weak"), (bytes(8), "too weak"), (b"", "too weak"),
    (bytes(16), "salts are 32 bytes"), (bytes(31), "salts are 32 bytes"),
    (bytes(33), "salts are 32 bytes"), ("zz", "not hex"),
])
def test_short_or_odd_salts_are_refused_naming_the_field(value, problem):
    with pytest.raises(InputError, match=problem) as caught:
        check_salt(value, field="claims[2].salt")
    assert caught.value.field == "claims[2].salt"
