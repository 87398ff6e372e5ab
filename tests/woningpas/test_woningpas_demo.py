"""The demo runs end to end on the session chain."""

from __future__ import annotations

from blokketen.woningpas.demo import run_demo


def test_demo_runs_the_whole_flow(bk_project, bk_chain, bk_accounts, bk_isolated):
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts[:8], lines.append)
    text = "\n".join(lines)
    print(text)
    assert "superseded by C (2023)" in text
    assert "EC 17.13" not in text  # the reference EPC is the C one, not the old E one
    assert "EC 5.00 from reference EPC label C" in text
    assert "tenant proves which EPC set the EC: valid" in text
    assert "renovation duty started, reach D by" in text
    assert "buyer's bundle at the deed date: valid" in text
