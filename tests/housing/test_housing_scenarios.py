"""Scenario files: loading, validation errors naming file/case/field, replay, the CLI."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import pytest

from blokketen.cli.report import run_command
from blokketen.housing import cli as housing_cli
from blokketen.housing.replay import replay
from blokketen.housing.scenarios import ScenarioError, load_scenario

SCENARIOS = sorted((Path(__file__).parents[1] / "scenarios").glob("*.yaml"))

HEAD = """\
rules: 2023
parameters:
  leefloon_annual: {single: 14000.00, cohabiting: 9000.00, family: 18000.00}
"""
CASE = """\
cases:
  - name: example one
    household: {category: single, income: 18000.00}
    dwelling: {base_rent: 550.00, patrimony_discount: 40.00}
    expect: {rent: %s, divisor: 55, eligible: true}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def cli(*args: str) -> int:
    parser = argparse.ArgumentParser(prog="blokketen")
    housing_cli.register(parser.add_subparsers(dest="command", required=True))
    return run_command(parser.parse_args(list(args)))


def test_shipped_scenarios_all_match_the_reference():
    assert len(SCENARIOS) >= 9
    rows = replay([load_scenario(p) for p in SCENARIOS])
    assert rows and all(r.ok for r in rows), [r for r in rows if not r.ok]
    names = " ".join(r.name for r in rows)
    for needed in ("example 1", "example 2", "example 4", "example 7", "exactly 125 %",
                   "exactly 150 %", "2018", "2019", "2024", "income_drop", "family_change",
                   "yearly", "cap", "half family", "double family"):
        assert needed in names


@pytest.mark.parametrize(
    ("body", "case", "field"),
    [
        (HEAD + CASE.replace("income: 18000.00", "income: -1.00") % "1", "example one",
         "household.income"),
        (HEAD + CASE.replace("income: 18000.00", "income: 1.001") % "1", "example one",
         "household.income"),
        (HEAD + CASE.replace("category: single", "category: couple") % "1", "example one",
         "household.category"),
        (HEAD + CASE.replace("base_rent: 550.00, ", "") % "1", "example one",
         "dwelling.base_rent"),
        (HEAD + CASE.replace("rent: %s, ", ""), "example one", "expect.rent"),
        (HEAD + CASE.replace("household:", "houshold:") % "1", "example one", "houshold"),
        (HEAD + CASE.replace("patrimony_discount: 40.00", "patrimony_discount: 160.01") % "1",
         "example one", "dwelling.patrimony_discount"),
        (HEAD.replace("family: 18000.00", "family: abc") + CASE % "1", None,
         "parameters.leefloon_annual.family"),
        (CASE % "1", None, "rules"),
        (HEAD, None, "cases"),
    ],
)
def test_invalid_file_names_file_case_and_field(tmp_path, body, case, field):
    path = write(tmp_path, body)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    err = caught.value
    assert err.file == str(path) and err.case == case and err.field_name == field
    assert str(path) in str(err) and field in str(err)


def test_missing_parameter_makes_the_case_invalid(tmp_path):
    path = write(tmp_path, "rules: 2024\n" + CASE % "1")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.case == "example one"
    assert caught.value.field_name == "patrimony_discount_max"
    assert "2024" in str(caught.value)


def test_timeline_validation(tmp_path):
    base = HEAD + """\
timelines:
  - name: t
    lease:
      start: 2023-03-01
      household: {category: single, income: 20000.00}
      dwelling: {base_rent: 600.00}
      expect: {rent: 363.64}
    events:
"""
    ok = write(tmp_path, base + "      - {date: 2023-05-02, kind: income_drop, income_3_months: "
               "4000.00, expect: {revision: true, rent: 290.91, effective: 2023-06-01}}\n")
    assert all(r.ok for r in replay([load_scenario(ok)]))
    for event, field in [
        ("{date: 2024-02-01, kind: yearly, expect: {rent: 1}}", "events[0].date"),
        ("{date: 2023-05-02, kind: move, expect: {rent: 1}}", "events[0].kind"),
        ("{date: 2023-05-02, kind: family_change, expect: {rent: 1}}", "events[0].household"),
        ("{date: 2023-05-02, kind: income_drop, expect: {rent: 1}}", "events[0].income_3_months"),
        ("{date: 2023-05-02, kind: family_change, rules: 2024, household: {dependants: 1}, "
         "expect: {rent: 1}}", "events[0].rules"),
        ("{date: 2022-05-02, kind: family_change, household: {dependants: 1}, "
         "expect: {rent: 1}}", "events[0].date"),
    ]:
        path = write(tmp_path, base + f"      - {event}\n", "bad.yaml")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
        assert caught.value.case == "t" and caught.value.field_name == field, str(caught.value)


def test_replay_reports_a_mismatch(tmp_path):
    path = write(tmp_path, HEAD + CASE % "287.28")
    (row,) = replay([load_scenario(path)])
    assert not row.ok and row.expected == 28_728 and row.reference == 28_727
    assert row.verdict.startswith("MISMATCH")


def test_cli_reference_only_exit_codes(tmp_path, capsys):
    good = write(tmp_path, HEAD + CASE % "287.27", "good.yaml")
    bad = write(tmp_path, HEAD + CASE % "287.28", "bad.yaml")
    broken = write(tmp_path, HEAD + CASE.replace("income: 18000.00", "income: x") % "1",
                   "broken.yaml")
    assert cli("replay", "--reference-only", str(good)) == 0
    assert "example one" in capsys.readouterr().out
    assert cli("replay", "--reference-only", str(good), str(bad)) == 1
    assert "MISMATCH" in capsys.readouterr().out
    assert cli("replay", "--reference-only", str(good), str(broken)) == 2
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "example one" in err and "household.income" in err


def test_replay_is_a_housing_verb_and_the_old_command_its_alias(capsys):
    assert cli("housing", "replay", "--reference-only", *map(str, SCENARIOS)) == 0
    verb = capsys.readouterr().out
    assert cli("replay", "--reference-only", *map(str, SCENARIOS)) == 0
    assert capsys.readouterr().out == verb and " match" in verb
    with pytest.raises(SystemExit):
        cli("replay", "--help")
    assert "alias of `blokketen housing replay`" in capsys.readouterr().out


def test_cli_replay_starts_its_own_chain(capsys):
    assert cli("replay", *map(str, SCENARIOS)) == 0
    out = capsys.readouterr().out
    assert "MISMATCH" not in out and "287.27     287.27     287.27  ok" in out


def test_cli_params_and_rent(capsys):
    assert cli("housing", "params", "2024") == 0
    assert "min_rent.low" in capsys.readouterr().out
    assert cli("housing", "rent", "2023", "--category", "single", "--income", "18000",
               "--base-rent", "550", "--patrimony-discount", "40", "--sourced",
               "--set", "leefloon_annual.single=14000") == 0
    assert "rent 287.27" in capsys.readouterr().out
    assert cli("housing", "rent", "2024", "--category", "single", "--income", "18000",
               "--base-rent", "550", "--sourced") == 2
    assert "leefloon_annual.single" in capsys.readouterr().err
