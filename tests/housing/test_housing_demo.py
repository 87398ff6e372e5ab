"""The demo runs end to end on the session chain."""

from __future__ import annotations

from blokketen.housing.demo import run_demo


def test_demo_runs_the_whole_flow(bk_project, bk_chain, bk_accounts):
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts[:5], lines.append)
    text = "\n".join(lines)
    assert "rule year 2024 v1" in text
    assert "parameter='leefloon_annual.single'" in text
    assert "lease 1 opened" in text or "lease " in text
    assert "yearly revision 1 January 2024: rent 526.56" in text
    assert "valid=True" in text
    assert "MISMATCH" not in text and "scenario cases" in text
