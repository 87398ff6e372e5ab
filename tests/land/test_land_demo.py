"""The demo runs end to end and prints the history."""

from __future__ import annotations

from blokketen.land import ParcelStatus
from blokketen.land.demo import run_demo


def test_run_demo_prints_the_flow(bk_project, bk_chain, bk_accounts, bk_isolated):
    lines: list[str] = []
    registry = run_demo(bk_chain, bk_accounts, lines.append)
    text = "\n".join(lines)
    assert "notarised transfer #1" in text and "signature transfer" in text
    assert "ParcelRetired" in text and "ParcelTransferred" in text
    assert registry.parcel("11004A0479/00N000").status == ParcelStatus.FROZEN
    assert registry.parcel("11001A0123/00B000").status == ParcelStatus.RETIRED
