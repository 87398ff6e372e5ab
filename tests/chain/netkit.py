"""Helpers of the network tests: processes of a network folder, and waiting for them to go."""

from __future__ import annotations

import os
import time
from pathlib import Path


def geth_pids(folder: Path) -> set[int]:
    """Live geth processes whose command line names ``folder`` (zombies excluded)."""
    found: set[int] = set()
    marker = str(folder.resolve())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state == "Z" or not cmdline or not cmdline[0].endswith(b"geth"):
            continue
        if any(marker in arg.decode(errors="replace") for arg in cmdline):
            found.add(int(entry))
    return found


def wait_no_geth(folder: Path, seconds: float = 30) -> set[int]:
    """Wait until no geth of ``folder`` runs; returns those still running at the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        left = geth_pids(folder)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def opcodes(code: bytes) -> set[int]:
    """The opcodes of runtime code (push data and the CBOR metadata trailer skipped)."""
    code = code[: -(int.from_bytes(code[-2:], "big") + 2)]
    found, i = set(), 0
    while i < len(code):
        op = code[i]
        found.add(op)
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return found
