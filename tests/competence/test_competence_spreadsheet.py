"""A school's spreadsheet export as Excel writes it in Flanders: ';', Dutch columns, dates
dd/mm/jjjj, UTF-8 with a byte-order mark or Windows-1252; every bad cell reported at once."""

from __future__ import annotations

import pytest

from blokketen._exceptions import BadRowsError, InputError
from blokketen.competence.spreadsheet import parse_learners_csv, read_learners_csv

HOLDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
HOLDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
HEADER = "Houder;Kader;Code;Soort;Leerresultaat;Niveau;Beoordeeld op;Authenticiteit\n"
GOOD = (HEADER
        + f"{HOLDER_A};Competent;H230201;vaardigheid;bovenfreesmachine instellen en bedienen;"
          "3;12/05/2026;authentiek\n"
        + f"{HOLDER_A};competent:2.0;H230201-Id1234-c;attitude;veilig werken (VCA);2;"
          "2026-05-13;authentiek\n"
        + f"{HOLDER_B};Competent;N123456;soft skill;presenteren voor een groep;4;1/6/2026;"
          "zelfverklaard\n")


def test_a_spreadsheet_export_reads_as_learners(tmp_path):
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    learners = read_learners_csv(path)
    assert [e.holder for e in learners] == [HOLDER_A, HOLDER_B]
    first, second = learners[0].claims
    assert (first.framework, first.kind, first.level, first.assessed_on) == (
        "competent:2.0", "skill", 3, "2026-05-12")
    assert second.kind == "behaviour" and second.code == "H230201-Id1234-c"
    (own,) = learners[1].claims
    assert own.self_declared and own.kind == "soft-skill" and own.assessed_on == "2026-06-01"


def test_windows_1252_exports_read_too(tmp_path):
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(GOOD.replace("presenteren", "café-inrichting en presenteren")
                     .encode("cp1252"))
    (own,) = read_learners_csv(path)[1].claims
    assert own.learning_outcome.startswith("café-inrichting")


def test_every_bad_cell_is_reported_and_a_name_column_is_refused():
    bad = (HEADER
           + "0x12;Competent;H230201;vaardigheid;frezen;3,0;31/02/2026;authentiek\n"
           + f"{HOLDER_A};Competent;XYZ;vaardigheid;frezen;9;12/05/2026;misschien\n")
    with pytest.raises(BadRowsError) as refused:
        parse_learners_csv(bad)
    found = [(p.line, p.field) for p in refused.value.problems]
    assert found == [(2, "houder"), (2, "niveau"), (2, "beoordeeld_op"), (3, "code")]
    with pytest.raises(BadRowsError) as refused:
        parse_learners_csv("Naam;" + HEADER + f"Jan;{GOOD.splitlines()[1]}\n")
    assert [(p.line, p.field) for p in refused.value.problems] == [(1, "naam")]
    with pytest.raises(BadRowsError) as refused:
        parse_learners_csv(HEADER + f"{HOLDER_A};Competent;H230201;vaardigheid;"
                           "leerling 85.07.30-033.28;3;12/05/2026;authentiek\n")
    assert refused.value.problems[0].field == "leerresultaat"
    with pytest.raises(InputError):
        parse_learners_csv(HEADER)
