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


HALTS = frozenset({0x00, 0x56, 0xF3, 0xFD, 0xFE, 0xFF})
"""STOP, JUMP, RETURN, REVERT, INVALID, SELFDESTRUCT: what follows runs only from a JUMPDEST."""


def opcodes(code: bytes) -> set[int]:
    """The opcodes of runtime code that can run: push data, the CBOR metadata trailer and
    the bytes between a halting opcode and the next JUMPDEST (the data section after the
    code, where the optimizer keeps 32-byte constants such as role hashes) skipped."""
    code = code[: -(int.from_bytes(code[-2:], "big") + 2)]
    found, i, reachable = set(), 0, True
    while i < len(code):
        op = code[i]
        if op == 0x5B:
            reachable = True
        if not reachable:
            i += 1
            continue
        found.add(op)
        reachable = op not in HALTS
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return found
