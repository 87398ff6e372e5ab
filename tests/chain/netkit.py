"""Helpers of the network tests: processes of a network folder and waiting for them to go,
parcels to import, and reading an import's journal."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from eth_utils import keccak, to_checksum_address

from blokketen.land import LandUse, ParcelRecord


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


def parcels(count: int, prefix: str) -> list[ParcelRecord]:
    """``count`` distinct valid parcels; ``prefix`` (4 digits) keeps tests apart."""
    out = []
    for i in range(count):
        seed = keccak(text=f"{prefix}/{i}")
        out.append(ParcelRecord(capakey=f"{prefix}{i // 10000}A{i % 10000:04d}/00_000",
                                owner=to_checksum_address(seed[:20]), area_m2=100 + i,
                                land_use=LandUse(i % 4), deed_hash=keccak(seed), line=i + 2))
    assert len({p.capakey for p in out}) == count, "parcel keys must be distinct"
    return out


def journal_entries(path: Path) -> list[dict]:
    """The journal's lines (a line torn by a kill left out)."""
    entries = []
    for line in path.read_text(errors="replace").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue
    return entries


def keys_of(entry: dict) -> list[str]:
    return entry.get("keys") or ([entry["key"]] if "key" in entry else [])


def confirmed(path: Path) -> int:
    """Records the journal has confirmed now (a key counts once; its last word counts)."""
    if not path.exists():
        return 0
    state: dict[str, str] = {}
    for entry in journal_entries(path):
        for key in keys_of(entry):
            state[key] = entry["event"]
    return sum(1 for event in state.values() if event in ("confirmed", "skipped"))
