"""Static analysis of the contracts: slither through the Brownie route, against a triage file.

``blokketen slither`` (``make slither``, :func:`analyse`) compiles the project with
``brownie compile`` (the solc shim, as for Brownie), runs ``slither .`` on that build with
``slither.config.json`` (Brownie framework, ``node_modules`` filtered out), and compares what
it finds with ``slither-triage.yaml``. Every High or Medium finding must match a triage entry
(detector, contract, the function or state variable it is about, and optionally a fragment of
its text, with a one-line reason), or the run fails; Low and Informational findings are
counted and listed with ``--all``. A triage entry that matches nothing is reported as stale.
The full slither report stays in ``build/slither/slither.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blokketen._exceptions import ConfigurationError, InputError
from blokketen.project import Project

TRIAGE_FILE = "slither-triage.yaml"
REPORT = Path("build") / "slither" / "slither.json"
GATING = ("High", "Medium")
IMPACTS = ("High", "Medium", "Low", "Informational", "Optimization")


@dataclass(frozen=True)
class Finding:
    """One slither result, reduced to what triage matches on."""

    detector: str
    impact: str
    confidence: str
    contract: str
    subject: str
    """The function or state variable the finding is about (its first element)."""
    description: str
    location: str

    @property
    def gating(self) -> bool:
        return self.impact in GATING

    def line(self) -> str:
        first = self.description.strip().splitlines()[0]
        return f"[{self.impact}/{self.confidence}] {self.detector}: {first}"


@dataclass(frozen=True)
class TriageEntry:
    """An accepted finding: why this detector's hit on this function is not a problem."""

    detector: str
    contract: str
    subject: str
    reason: str
    matches: str = ""
    """A fragment of the finding's description, for detectors that hit one function twice."""

    def covers(self, finding: Finding) -> bool:
        return (finding.detector == self.detector and finding.contract == self.contract
                and finding.subject == self.subject and self.matches in finding.description)


@dataclass(frozen=True)
class Analysis:
    """Findings against the triage: ``passed`` when no High or Medium finding is untriaged."""

    findings: tuple[Finding, ...]
    untriaged: tuple[Finding, ...]
    triaged: tuple[tuple[Finding, TriageEntry], ...]
    stale: tuple[TriageEntry, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.untriaged


def findings_from_report(report: dict[str, Any]) -> list[Finding]:
    """The detector results of a ``slither --json`` report."""
    if not report.get("success"):
        raise ConfigurationError(f"slither failed: {report.get('error') or 'no results'}")
    out = []
    for result in report.get("results", {}).get("detectors", []):
        elements = result.get("elements") or [{}]
        first = elements[0]
        parent = first.get("type_specific_fields", {}).get("parent", {})
        contract = parent.get("name", "") if parent.get("type") == "contract" else ""
        if first.get("type") == "contract":
            contract = first.get("name", "")
        out.append(Finding(
            detector=str(result["check"]),
            impact=str(result["impact"]),
            confidence=str(result["confidence"]),
            contract=contract,
            subject=str(first.get("name", "")),
            description=str(result.get("description", "")),
            location=str(result.get("first_markdown_element", "")),
        ))
    return out


def load_triage(path: Path) -> list[TriageEntry]:
    """Read the triage file: a list of entries with detector, contract, subject, reason."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ConfigurationError(f"triage file {path} is missing") from None
    entries = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(str(path), "needs a top-level `accepted:` list")
    out = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name} entry {number}"
        if not isinstance(entry, dict):
            raise InputError(where, "must be a mapping")
        unknown = set(entry) - {"detector", "contract", "subject", "matches", "reason"}
        if unknown:
            raise InputError(where, f"unknown key(s) {sorted(unknown)}")
        for key in ("detector", "contract", "subject", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise InputError(where, f"needs `{key}` (text)")
        if len(entry["reason"].strip().splitlines()) != 1:
            raise InputError(where, "`reason` must be one line")
        out.append(TriageEntry(detector=entry["detector"], contract=entry["contract"],
                               subject=entry["subject"], reason=entry["reason"].strip(),
                               matches=str(entry.get("matches", ""))))
    return out


def judge(findings: list[Finding], triage: list[TriageEntry]) -> Analysis:
    """Match findings to triage entries."""
    triaged: list[tuple[Finding, TriageEntry]] = []
    untriaged: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        match = next((i for i, entry in enumerate(triage) if entry.covers(finding)), None)
        if match is not None:
            triaged.append((finding, triage[match]))
            used.add(match)
        elif finding.gating:
            untriaged.append(finding)
    counts = {impact: sum(f.impact == impact for f in findings) for impact in IMPACTS}
    return Analysis(findings=tuple(findings), untriaged=tuple(untriaged),
                   triaged=tuple(triaged),
                   stale=tuple(e for i, e in enumerate(triage) if i not in used),
                   counts=counts)


def artifacts_to_rebuild(build: Path) -> list[str]:
    """Sources whose Brownie artifacts slither cannot use: imported but without an artifact of
    their own, or with an artifact made from other text than the file on disk.

    slither reads every imported file's syntax tree and source map from these artifacts.
    Brownie's incremental compile can drop a dependency's artifact (seen with eth-brownie
    1.22.2 after contracts changed) and leaves an interface's artifact from before an edit in
    ``build/interfaces``; slither then stops on it ("falls outside the cached source"). A full
    ``brownie compile --all`` brings them back in line."""
    root = build.parent
    have: set[str] = set()
    need: set[str] = set()
    stale: set[str] = set()
    for path in [*build.glob("contracts/*.json"), *build.glob("interfaces/*.json")]:
        artifact = json.loads(path.read_text())
        source_path = str(artifact.get("sourcePath", ""))
        have.add(source_path)
        need.update(str(p) for p in artifact.get("allSourcePaths", {}).values())
        on_disk = root / source_path
        if "source" in artifact and on_disk.is_file() and \
                on_disk.read_text() != artifact["source"]:
            stale.add(source_path)
    return sorted((need - have) | stale)


def run_slither(project: Project) -> dict[str, Any]:
    """``brownie compile``, then ``slither .`` on Brownie's build; returns the JSON report."""
    from blokketen.toolchain.brownie_route import prepare_environment

    env = prepare_environment(project, dict(os.environ))
    slither = shutil.which("slither", path=env["PATH"])
    if slither is None:
        raise ConfigurationError("slither is not installed: pip install -r requirements.txt")
    for command in (["brownie", "compile"], ["brownie", "compile", "--all"]):
        compiled = subprocess.run(command, cwd=project.root, env=env, capture_output=True,
                                  text=True)
        if compiled.returncode != 0:
            raise ConfigurationError(
                f"{' '.join(command)} failed:\n{compiled.stdout}{compiled.stderr}")
        if not artifacts_to_rebuild(project.root / "build"):
            break
    report = project.root / REPORT
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    ran = subprocess.run([slither, ".", "--brownie-ignore-compile", "--fail-none",
                          "--json", str(report)],
                         cwd=project.root, env=env, capture_output=True, text=True)
    if ran.returncode != 0 or not report.exists():
        raise ConfigurationError(f"slither failed (exit {ran.returncode}):\n{ran.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(report.read_text())
    return data


def render(verdict: Analysis, *, show_all: bool = False) -> str:
    counts = ", ".join(f"{n} {impact}" for impact, n in verdict.counts.items() if n)
    lines = [f"slither: {len(verdict.findings)} findings ({counts or 'none'}); "
             f"{len(verdict.triaged)} triaged, {len(verdict.untriaged)} untriaged High/Medium"]
    for finding, entry in verdict.triaged:
        lines.append(f"  triaged  {finding.line()}\n           because: {entry.reason}")
    for entry in verdict.stale:
        lines.append(f"  stale triage entry (matches nothing now): {entry.detector} on "
                     f"{entry.contract}.{entry.subject}")
    if show_all:
        lines += [f"  {f.impact.lower():13} {f.line()}" for f in verdict.findings
                  if not f.gating]
    for finding in verdict.untriaged:
        lines.append(f"UNTRIAGED {finding.line()}\n  at {finding.location}\n"
                     f"  fix it, or add it to {TRIAGE_FILE} with a one-line reason")
    return "\n".join(lines)


def analyse(project: Project, *, report: Path | None = None) -> Analysis:
    """Run slither on ``project`` (or read its JSON ``report``) and judge it against the
    project's triage file."""
    triage = load_triage(project.root / TRIAGE_FILE)
    if report is not None:
        try:
            data = json.loads(report.read_text())
        except (OSError, ValueError) as err:
            raise InputError("--report", f"cannot read {report}: {err}") from None
    else:
        data = run_slither(project)
    return judge(findings_from_report(data), triage)
