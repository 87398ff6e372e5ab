"""The competence demo runs end to end and prints what it shows."""

from __future__ import annotations

import pytest

from blokketen.competence.demo import run_demo


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def test_demo_runs_and_shows_the_flow(bk_project, bk_chain, bk_accounts):
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts, lines.append)
    text = "\n".join(lines)
    assert lines[0].startswith("verdicts come from CompetenceRegistry 0x")
    assert "proposed 20 learners x 20 claims in one transaction" in text
    assert "32 leaves per credential" in text
    assert "before validation the employer reads: pending-validation" in text
    assert "the school cannot validate its own batch (RoleWindowsNotHeld)" in text
    assert "disclosed 3 of 20 claims to did:web:schrijnwerkerij-peeters.be: valid" in text
    assert text.count("[validated]") == 3
    assert "the same presentation at another employer: wrong-audience" in text
    assert "the employer now reads: suspended (suspended: under-investigation)" in text
    table = lines[lines.index("") + 2:]
    assert [row.split()[2] for row in table] == ["suspended", "valid", "valid"]


def test_demo_on_a_deployed_registry_checks_its_code(bk_project, bk_chain, bk_accounts):
    from blokketen.competence.client import CompetenceRegistry
    from blokketen.competence.pilot import constructor_args

    deployed = CompetenceRegistry.deploy(
        bk_chain, bk_accounts[0], *constructor_args("CompetenceRegistry",
                                                    bk_accounts[0].address),
        store=bk_project.artifacts())
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts, lines.append, deployed.address)
    assert lines[0] == f"verdicts come from {deployed.trusted()}"
