"""Canonical diploma documents: field order, validation, hashing."""

from __future__ import annotations

import dataclasses
import json

import pytest

from blokketen._exceptions import InputError
from blokketen.diploma import FIELDS, DiplomaDocument, keccak256


def test_canonical_json_has_fixed_field_order_and_no_spaces(document):
    text = document.canonical().decode()
    assert list(json.loads(text)) == list(FIELDS)
    assert text.startswith('{"schema":"blokketen.diploma/1","diploma_id":"KUL-2026-r0123456",')
    assert "Zoë" in text  # UTF-8, not \\u escapes


def test_hash_is_keccak_of_canonical_bytes(document):
    assert document.hash() == keccak256(document.canonical())
    assert len(document.hash()) == 32


def test_hash_does_not_depend_on_input_key_order(document):
    shuffled = dict(reversed(list(document.to_dict().items())))
    assert DiplomaDocument.from_dict(shuffled).hash() == document.hash()


def test_any_changed_field_changes_the_hash(document):
    changed = dataclasses.replace(document, grade="cum laude")
    assert changed.hash() != document.hash()


def test_grade_is_optional_and_left_out(document):
    plain = dataclasses.replace(document, grade=None)
    assert "grade" not in plain.to_dict()
    assert DiplomaDocument.from_dict(plain.to_dict()) == plain


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("eqf_level", 9),
        ("eqf_level", "7"),
        ("eqf_level", True),
        ("birth_date", "14/03/2002"),
        ("birth_date", "2002-02-30"),
        ("country", "be"),
        ("country", "BEL"),
        ("isced_field", "ICT"),
        ("given_names", " "),
        ("grade", ""),
        ("schema", "other/1"),
    ],
)
def test_bad_field_raises_input_error_naming_it(document, field, value):
    with pytest.raises(InputError) as caught:
        dataclasses.replace(document, **{field: value})
    assert caught.value.field == field


def test_from_dict_rejects_unknown_and_missing_fields(document):
    data = document.to_dict()
    with pytest.raises(InputError, match="nickname"):
        DiplomaDocument.from_dict({**data, "nickname": "Zo"})
    del data["family_name"]
    with pytest.raises(InputError) as caught:
        DiplomaDocument.from_dict(data)
    assert caught.value.field == "family_name"
    with pytest.raises(InputError):
        DiplomaDocument.from_dict(["not", "a", "mapping"])  # type: ignore[arg-type]


def test_personal_values_lists_the_personal_fields(document):
    personal = document.personal_values()
    assert personal["family_name"] == "Van Den Broeck"
    assert personal["birth_date"] == "2002-03-14"
    assert "qualification" not in personal
