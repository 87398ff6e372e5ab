"""The scenario collector is opt-in: only files matching `blokketen_scenarios` become tests."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCENARIO = textwrap.dedent("""\
    rules: 2023
    parameters:
      leefloon_annual: {single: 14000.00, cohabiting: 9000.00, family: 18000.00}
    cases:
      - name: example one
        household: {category: single, income: 18000.00}
        dwelling: {base_rent: 550.00, patrimony_discount: 40.00}
        expect: {rent: 287.27}
    """)


def collect(root: Path, *options: str) -> tuple[int, str]:
    # The root conftest registers the option like the Blokketen plugin does (harmless twice).
    (root / "conftest.py").write_text(
        "from blokketen.testing.scenarios import pytest_addoption  # noqa: F401\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "-p", "no:xdist", *options],
        cwd=root, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An agency's project that happens to hold scenario-looking YAML files."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    for folder in ("scenarios", "tests/scenarios", "tests/scenarios/deeper"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "rents.yaml").write_text(SCENARIO)
    return tmp_path


def test_nothing_is_collected_without_the_option(project):
    code, out = collect(project)
    assert code == 5 and "example one" not in out, out  # 5: no tests collected


def test_only_matching_files_are_collected(project):
    code, out = collect(project, "-o", "blokketen_scenarios=tests/scenarios/*.yaml")
    assert code == 0, out
    items = [line for line in out.splitlines() if "::" in line]
    assert items == ["tests/scenarios/rents.yaml::case[example one]"], out


def test_several_patterns_in_the_ini_file(project):
    (project / "pytest.ini").write_text(
        "[pytest]\nblokketen_scenarios = scenarios/*.yaml tests/**/deeper/*.yaml\n")
    code, out = collect(project)
    assert code == 0, out
    items = sorted(line for line in out.splitlines() if "::" in line)
    assert items == ["scenarios/rents.yaml::case[example one]",
                     "tests/scenarios/deeper/rents.yaml::case[example one]"], out
