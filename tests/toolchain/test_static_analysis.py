"""The slither gate: every High or Medium finding is triaged, or the run fails.

`make slither` runs the gate over the project's contracts; these tests show what it lets
through and what it stops, on made-up reports and on a real slither run over a contract
with a known Medium finding.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any

import pytest

from blokketen._exceptions import InputError
from blokketen.cli.main import main
from blokketen.project import Project
from blokketen.toolchain.analysis import (
    TRIAGE_FILE,
    artifacts_to_rebuild,
    findings_from_report,
    judge,
    load_triage,
)

ROOT = Project.find().root


def _result(check: str, impact: str, contract: str, subject: str, text: str) -> dict[str, Any]:
    return {
        "check": check, "impact": impact, "confidence": "High",
        "description": f"{contract}.{subject} {text}\n",
        "first_markdown_element": f"contracts/{contract}.sol#L1",
        "elements": [{"type": "function", "name": subject,
                      "type_specific_fields": {"parent": {"type": "contract",
                                                          "name": contract}}}],
    }


REPORT = {"success": True, "error": None, "results": {"detectors": [
    _result("incorrect-equality", "Medium", "Registry", "_status", "state == Kind.Revoked"),
    _result("incorrect-equality", "Medium", "Registry", "_status", "state == Kind.Suspended"),
    _result("timestamp", "Low", "Registry", "open", "uses timestamp"),
]}}


def _triage(tmp_path, text: str):
    path = tmp_path / TRIAGE_FILE
    path.write_text(text)
    return load_triage(path)


ENUM = """
  - detector: incorrect-equality
    contract: Registry
    subject: _status
    matches: Kind.Revoked
    reason: an enum compared with one of its values
"""


def test_an_untriaged_medium_fails_and_a_low_does_not(tmp_path):
    verdict = judge(findings_from_report(REPORT), _triage(tmp_path, "accepted:" + ENUM))
    assert not verdict.passed
    assert [f.description for f in verdict.untriaged] == [
        "Registry._status state == Kind.Suspended\n"]  # `matches` tells the two hits apart
    assert verdict.counts["Medium"] == 2 and verdict.counts["Low"] == 1


def test_triaged_findings_pass_and_stale_entries_are_reported(tmp_path):
    both = "accepted:" + ENUM + ENUM.replace("Revoked", "Suspended") + """
  - detector: reentrancy-eth
    contract: Registry
    subject: withdraw
    reason: gone since the pull-payment rewrite
"""
    verdict = judge(findings_from_report(REPORT), _triage(tmp_path, both))
    assert verdict.passed and len(verdict.triaged) == 2
    assert [e.subject for e in verdict.stale] == ["withdraw"]


@pytest.mark.parametrize(("text", "problem"), [
    ("- detector: x", "accepted"),
    ("accepted:\n  - detector: x\n    contract: C\n    subject: f\n", "reason"),
    ("accepted:\n  - {detector: x, contract: C, subject: f, reason: ok, why: no}", "unknown"),
    ("accepted:\n  - detector: x\n    contract: C\n    subject: f\n    reason: |\n      a\n"
     "      b\n", "one line"),
])
def test_a_bad_triage_file_is_refused(tmp_path, text, problem):
    with pytest.raises(InputError, match=problem):
        _triage(tmp_path, text)


def test_the_projects_triage_file_gives_a_reason_for_each_entry():
    entries = load_triage(ROOT / TRIAGE_FILE)
    assert {(e.detector, e.contract) for e in entries} == {
        ("uninitialized-state", "SocialRentRules"),
        ("incorrect-equality", "RoleWindows"), ("unused-return", "TypedSignaturesCore"),
        ("divide-before-multiply", "DwellingPassRegistry")}


def test_artifacts_slither_cannot_use_are_rebuilt(tmp_path):
    """An imported source without an artifact, or an artifact of an older text than the file
    on disk (an edited interface), makes the gate compile everything again."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "A.sol").write_text("contract A {}\n")
    (tmp_path / "contracts" / "IB.sol").write_text("interface IB { function f() external; }\n")
    build = tmp_path / "build"
    for folder, name, source, imports in (
        ("contracts", "A", "contract A {}\n", ["contracts/A.sol", "contracts/IB.sol"]),
        ("interfaces", "IB", "interface IB {}\n", ["contracts/IB.sol"]),
    ):
        (build / folder).mkdir(parents=True, exist_ok=True)
        (build / folder / f"{name}.json").write_text(json.dumps({
            "sourcePath": f"contracts/{name}.sol", "source": source,
            "allSourcePaths": dict(enumerate(imports))}))
    assert artifacts_to_rebuild(build) == ["contracts/IB.sol"]
    (tmp_path / "contracts" / "IB.sol").write_text("interface IB {}\n")
    assert artifacts_to_rebuild(build) == []
    (build / "interfaces" / "IB.json").unlink()
    assert artifacts_to_rebuild(build) == ["contracts/IB.sol"]


def test_main_exit_codes(tmp_path, capsys, monkeypatch):
    report = tmp_path / "slither.json"
    report.write_text(json.dumps(REPORT))
    monkeypatch.chdir(ROOT)
    assert main(["slither", "--report", str(report)]) == 1  # the triage knows no `Registry`
    assert "UNTRIAGED [Medium/High] incorrect-equality" in capsys.readouterr().out
    report.write_text(json.dumps({"success": False, "error": "compile failed"}))
    assert main(["slither", "--report", str(report)]) == 2


@pytest.mark.slow
def test_slither_finds_a_new_medium_and_the_gate_stops_it(project, tmp_path):
    """A real run: a contract comparing its balance exactly (incorrect-equality, Medium)."""
    root = tmp_path / "audit"
    for folder in ("contracts", "scripts", "tests/brownie"):
        (root / folder).mkdir(parents=True)
    for name in ("brownie-config.yaml", "package.json", "slither.config.json"):
        shutil.copy2(project.root / name, root / name)
    (root / "node_modules").symlink_to(project.node_modules)
    (root / TRIAGE_FILE).write_text("accepted: []\n")
    (root / "contracts" / "Vault.sol").write_text(
        "// SPDX-License-Identifier: EUPL-1.2\npragma solidity 0.8.37;\n\n"
        "contract Vault {\n"
        "    function full() external view returns (bool) {\n"
        "        return address(this).balance == 1 ether;\n"
        "    }\n"
        "}\n")
    env = {**os.environ, "BLOKKETEN_PROJECT": str(root)}
    command = [sys.executable, "-m", "blokketen", "slither"]
    stopped = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                             timeout=600)
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "UNTRIAGED [Medium/High] incorrect-equality: Vault.full()" in stopped.stdout
    (root / TRIAGE_FILE).write_text(
        "accepted:\n  - detector: incorrect-equality\n    contract: Vault\n"
        "    subject: full\n    reason: a test of the gate\n")
    report = root / "build" / "slither" / "slither.json"
    passed = subprocess.run([*command, "--report", str(report)], cwd=root, env=env,
                            capture_output=True, text=True, timeout=60)
    assert passed.returncode == 0, passed.stdout + passed.stderr
