"""The pilot's demo runs on a fresh chain and tells the story it promises."""

from __future__ import annotations

from blokketen.decisions.demo import run_demo


def test_the_demo_signs_proves_amends_and_annuls(bk_chain, bk_accounts, bk_isolated):
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts, lines.append)
    text = "\n".join(lines)
    assert "anchored, signed and published in one transaction" in text
    assert "from the published page alone: valid (version 1, page bytes identical)" in text
    assert "version 1 is superseded" in text and "version 2 is valid" in text
    assert "2026_GR_00032: annulled; 2026_GR_00031 in the same list stays valid" in text
