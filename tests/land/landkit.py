"""Constants and helpers shared by the land registry tests."""

from __future__ import annotations

from eth_utils import keccak

KEY = "11001A0123/00B000"
KEY2 = "11001A0124/00_000"
DEED = keccak(text="deed-1")
DEED2 = keccak(text="deed-2")
SOURCE = keccak(text="source-doc")
SURVEY = keccak(text="survey-1")
CASE = keccak(text="AR 2026/123")
CASE2 = keccak(text="AR 2026/123 beschikking")


def now(chain) -> int:
    """The timestamp of the latest block."""
    stamp = int(chain.timestamp("latest"))
    assert stamp > 0, "the chain has no block time"
    return stamp
