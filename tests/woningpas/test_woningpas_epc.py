"""EPC rules, the EPC parser (MAGDA XML and register JSON), supplied EC rules and the
renovation terms: pure code, no chain."""

from __future__ import annotations

import json
from datetime import date

import pytest

from blokketen._exceptions import InputError, MissingRuleParameter
from blokketen.woningpas.bundle import check_record_fields
from blokketen.woningpas.commitments import record_hash
from blokketen.woningpas.demo import SAMPLE_EPC_XML
from blokketen.woningpas.energy import parse_rules_csv
from blokketen.woningpas.epc import (
    check_certificate_number,
    check_label,
    check_validity,
    label_of,
    parse_epc,
    parse_epc_json,
    parse_epc_xml,
    parse_score,
)
from blokketen.woningpas.renovation import deadline_of, duty_applies, target_of
from blokketen.woningpas.types import DwellingKind, Label


@pytest.mark.parametrize(("score", "label"), [
    (-500, Label.A_PLUS), (-1, Label.A_PLUS), (0, Label.A), (100, Label.A), (101, Label.B),
    (200, Label.B), (201, Label.C), (300, Label.C), (301, Label.D), (400, Label.D),
    (401, Label.E), (500, Label.E), (501, Label.F), (2000, Label.F)])
def test_label_bands(score, label):
    assert label_of(score) is label
    assert check_label(score, label.text) is label


@pytest.mark.parametrize("score", [-501, 2001, 1.5, True, "300"])
def test_scores_outside_the_range_or_not_whole_are_refused(score):
    with pytest.raises(InputError) as err:
        label_of(score)
    assert err.value.field == "score"


def test_a_label_that_does_not_match_its_score_is_refused():
    with pytest.raises(InputError, match=r"label: D does not match score 404 \(band E\)"):
        check_label(404, "D")
    with pytest.raises(InputError, match="label: one of A"):
        check_label(404, "G")  # outside the versioned enum (the EPBD recast's A..G scale)


@pytest.mark.parametrize("number", ["20170401-0001948124-1", "20230809-0002961152-RES-1"])
def test_certificate_numbers_of_both_generations(number):
    assert check_certificate_number(number) == number


@pytest.mark.parametrize("number", ["2017-0401-0001948124-1", "20170401-001948124-1",
                                    "20170431-0001948124-1", "20230809-0002961152-RESX-1",
                                    "20230809-0002961152-RES-0", ""])
def test_malformed_certificate_numbers_are_refused(number):
    with pytest.raises(InputError) as err:
        check_certificate_number(number)
    assert err.value.field == "certificate_number"


def test_validity_is_at_most_ten_years():
    check_validity(date(2016, 2, 29), date(2026, 3, 1))
    with pytest.raises(InputError, match="more than ten years"):
        check_validity(date(2020, 1, 1), date(2030, 1, 5))
    with pytest.raises(InputError, match="is not after"):
        check_validity(date(2020, 1, 1), date(2020, 1, 1))


def test_scores_as_written_by_the_sources():
    assert parse_score("309.00") == 309
    assert parse_score("404,00000") == 404
    assert parse_score("100,5") == 101  # half up: 100.5 rounds into band B
    assert parse_score(" -12 ") == -12
    with pytest.raises(InputError, match="is not a number"):
        parse_score("veel")


def test_the_magda_xml_is_read_and_the_expert_is_stripped():
    record = parse_epc_xml(SAMPLE_EPC_XML)
    assert (record.certificate_number, record.score, record.label) == (
        "20190412-0002200451-RES-1", 612, Label.F)
    assert (record.issue_date, record.valid_until, record.build_year) == (
        date(2019, 4, 12), date(2029, 4, 12), 1958)
    canonical = json.dumps(record.canonical())
    for personal in ("Griet", "Voorbeeld", "EP00000", "Voorbeeldstraat", "Voornaam", "EpCode"):
        assert personal not in canonical
    assert parse_epc(SAMPLE_EPC_XML.encode()) == record
    assert len(record_hash(record.canonical())) == 32


def test_an_xml_label_that_disagrees_with_the_score_is_refused():
    with pytest.raises(InputError, match="label: F does not match score 298"):
        parse_epc_xml(SAMPLE_EPC_XML.replace("612,40", "298"))


def test_xml_with_a_dtd_is_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(InputError, match="DTD"):
        parse_epc_xml(bomb)


REGISTER_JSON = {
    "epcVersies": [{
        "epcWaarden": [
            {"epcWaardeDefinitie": {"code": "CNR"}, "waarde": "20230809-0002961152-RES-1"},
            {"epcWaardeDefinitie": {"code": "EPT"}, "waarde": "EPC bestaand"},
            {"epcWaardeDefinitie": {"code": "EPK"}, "waarde": "404,00000"},
            {"epcWaardeDefinitie": {"code": "DEP"}, "waarde": "09/08/2023"},
            {"epcWaardeDefinitie": {"code": "LGD", "label": "LaatstGewijzigdDoorNaam"},
             "waarde": "Jan Peeters"},
        ],
        "status": "Huidig", "isReferentieVersie": False,
    }]}


def test_the_register_json_is_read_and_the_name_never_read():
    record = parse_epc_json(json.dumps(REGISTER_JSON))
    assert (record.score, record.label, record.issue_date, record.valid_until) == (
        404, Label.E, date(2023, 8, 9), date(2033, 8, 9))
    assert "Peeters" not in json.dumps(record.canonical())


def test_register_json_without_a_certificate_number_is_refused():
    broken = json.loads(json.dumps(REGISTER_JSON))
    del broken["epcVersies"][0]["epcWaarden"][0]
    with pytest.raises(InputError, match="code CNR is missing"):
        parse_epc_json(broken)


@pytest.mark.parametrize("field", ["Voornaam", "EpCode", "LaatstGewijzigdDoorNaam", "INSZ"])
def test_personal_fields_never_reach_a_record(field):
    with pytest.raises(InputError) as err:
        check_record_fields({"attest": "x", "expert": {field: "Jan"}})
    assert err.value.field == f"record.expert.{field}"


RULES = "jaar;label;ec_per_maand;besparingsplafond\n2024;E;17,13;32,13\n2024;F;32,13;32,13\n"


def test_supplied_ec_rules_and_a_year_without_one():
    rules = parse_rules_csv(RULES)
    assert rules.rule(2024).correction(Label.E) == 1713
    with pytest.raises(MissingRuleParameter) as err:
        rules.rule(2025)
    assert err.value.field == "energy_correction_rule" and err.value.year == 2025
    with pytest.raises(MissingRuleParameter, match="energy_correction.D"):
        rules.rule(2024).correction(Label.D)


def test_an_ec_above_the_saving_cap_is_refused():
    with pytest.raises(InputError, match="outside"):
        parse_rules_csv("jaar;label;ec_per_maand;besparingsplafond\n2024;F;40,00;32,13\n")


@pytest.mark.parametrize(("deed", "kind", "target"), [
    (date(2022, 12, 31), DwellingKind.HOUSE, None), (date(2023, 1, 1), DwellingKind.HOUSE, Label.D),
    (date(2028, 1, 1), DwellingKind.APARTMENT, Label.C),
    (date(2035, 6, 1), DwellingKind.HOUSE, Label.B),
    (date(2035, 6, 1), DwellingKind.APARTMENT, Label.C),
    (date(2045, 1, 1), DwellingKind.APARTMENT, Label.A)])
def test_renovation_targets_by_deed_year(deed, kind, target):
    assert target_of(deed, kind) is target


def test_renovation_deadline_and_trigger():
    assert deadline_of(date(2024, 2, 29)) == date(2029, 3, 1)
    assert deadline_of(date(2023, 5, 4)) == date(2028, 5, 4)
    assert duty_applies(date(2023, 5, 4), Label.E) and duty_applies(date(2023, 5, 4), Label.F)
    assert not duty_applies(date(2023, 5, 4), Label.D)
    assert not duty_applies(date(2022, 5, 4), Label.F)
    assert duty_applies(date(2029, 5, 4), Label.D)  # from 2028 the target is C
