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
    assert "issued 100 diplomas in one transaction" in text
    table = lines[lines.index("") + 2:]
    assert [row.split()[4] for row in table] == ["valid", "revoked", "valid"]
    assert "issued-in-error" in table[1] and "recognised as EQF 7" in table[2]
