"""The bulk journal: an append-only JSON-lines file next to the input, flushed per record.

It says what a run sent and saw confirmed, so a later run can tell what a crash left open and
report records that the chain lost (a node restarted from an older state). It is never
trusted over the chain: every run checks the chain first.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMAT = "blokketen.bulk.journal/1"


def journal_path(input_path: Path | str) -> Path:
    """``parcels.csv`` -> ``parcels.csv.journal`` in the same folder."""
    path = Path(input_path)
    return path.with_name(path.name + ".journal")


@dataclass
class JournalState:
    """What earlier runs wrote: the last event per key, and flags of the run header."""

    last: dict[str, dict[str, Any]] = field(default_factory=dict)
    runs: int = 0
    automine_was_on: bool = False

    def confirmed(self, key: str) -> bool:
        entry = self.last.get(key)
        return entry is not None and entry.get("event") in ("confirmed", "skipped")


class Journal:
    """Append-only record of one import target (one registry on one chain)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._handle: IO[str] | None = None

    def read(self, *, chain_id: int, registry: str) -> JournalState:
        """Entries of earlier runs against the same chain and registry. A torn last line
        (a crash while writing) is ignored."""
        state = JournalState()
        if not self.path.exists():
            return state
        current = False
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not isinstance(entry, dict):
                    continue
                if entry.get("format") == FORMAT:
                    current = (entry.get("chain_id") == chain_id
                               and str(entry.get("registry", "")).lower() == registry.lower())
                    state.runs += current
                    continue
                if current and entry.get("event") == "automine-off":
                    state.automine_was_on = True
                elif current and entry.get("event") == "automine-restored":
                    state.automine_was_on = False
                elif current and "key" in entry:
                    state.last[str(entry["key"])] = entry
        return state

    def open(self, *, chain_id: int, registry: str, records: int, batch_size: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a", encoding="utf-8")
        if self._handle.tell() > 0:
            self._handle.write("\n")  # end a line torn by a crash
        self._write({"format": FORMAT, "chain_id": chain_id, "registry": registry,
                     "records": records, "batch_size": batch_size, "started": time.time()})

    def note(self, event: str, **values: Any) -> None:
        """One run-level event (``automine-off``, ``done`` ...)."""
        self._write({"event": event, **values})

    def record(self, key: str, event: str, **values: Any) -> None:
        """One record's event (``sent``, ``confirmed``, ``skipped``, ``conflict``, ``failed``),
        written and flushed before returning."""
        self._write({"key": key, "event": event, **values})

    def records(self, keys: list[str], event: str, **values: Any) -> None:
        """The same event for several records (one transaction), one flushed line each."""
        for key in keys:
            self._write({"key": key, "event": event, **values})

    def sync(self) -> None:
        """Force the file to disk (flushing already survives a crash of the importer)."""
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None

    def _write(self, entry: dict[str, Any]) -> None:
        if self._handle is None:
            return
        self._handle.write(json.dumps(entry, separators=(",", ":")) + "\n")
        self._handle.flush()
