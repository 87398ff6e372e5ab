"""The diploma demo runs end to end and prints its table."""

from __future__ import annotations

import pytest

from blokketen.diploma.demo import run_demo


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def test_demo_runs_and_prints_a_table(bk_project, bk_chain, bk_accounts):
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts, lines.append)
    text = "\n".join(lines)
    assert lines[0].startswith("verdicts come from DiplomaRegistry 0x")
    assert f"on chain {bk_chain.chain_id}, code 0x" in lines[0]
    assert "issued 100 diplomas in one transaction" in text
    assert "KU Leuven cannot lift it (DiplomaRegistryUnauthorizedReinstatement)" in text
    assert "its diploma is still valid until a second party confirms" in text
    table = lines[lines.index("") + 2:]
    assert [row.split()[4] for row in table] == [
        "valid", "revoked", "suspended", "valid", "issuer-not-accredited-at-issuance"]
    assert "issued-in-error" in table[1] and "court-order" in table[2]
    assert "recognised as EQF 7" in table[3]


def test_demo_on_a_deployed_registry_checks_its_code(bk_project, bk_chain, bk_accounts):
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.diploma.types import ADMIN_DELAY

    deployed = DiplomaRegistry.deploy(bk_chain, bk_accounts[0], bk_accounts[0].address,
                                      ADMIN_DELAY, store=bk_project.artifacts())
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts, lines.append, deployed.address)
    assert lines[0] == f"verdicts come from {deployed.trusted()}"
