"""The bulk journal: an append-only JSON-lines file next to the input, flushed per line.

It says what a run sent and saw confirmed, so a later run can tell what a crash left open and
report records that the chain lost (a node restarted from an older state, a reorganisation).
It is never trusted over the chain: every run checks the chain first.

One line per transaction and event (``{"keys": [...], "event": "confirmed", "tx": ...,
"block": ...}``), so a register of a million records in batches of a hundred writes some
twenty thousand lines, not two million; lines of one record (``"key"``) are read too.
Events: ``sent``, ``confirmed``, ``reorged`` (a reorganisation took the block of a confirmed
transaction away: it is waited for again), ``skipped`` (on chain already), ``conflict``,
``failed``, and run-level notes (``automine-off``, ``refused``, ``done`` ...).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any

from blokketen.common.keyset import KeySet, digest

FORMAT = "blokketen.bulk.journal/2"
FORMATS = ("blokketen.bulk.journal/1", FORMAT)
"""Journal formats this module reads (/1 wrote a line per record)."""
CONFIRMING = frozenset({"confirmed", "skipped"})
"""Events after which a record is on chain, as far as the journal knows..."""
UNCONFIRMING = frozenset({"reorged", "failed", "conflict"})
"""... and events after which it is not (any more)."""


def journal_path(input_path: Path | str) -> Path:
    """``parcels.csv`` -> ``parcels.csv.journal`` in the same folder."""
    path = Path(input_path)
    return path.with_name(path.name + ".journal")


class JournalState:
    """What earlier runs wrote, compactly (8 bytes per confirmed record): which records
    they saw confirmed last, how many runs there were, and the automine flag."""

    def __init__(self) -> None:
        self.runs = 0
        self.automine_was_on = False
        self._confirmed = KeySet()
        # Records confirmed and later unconfirmed (rare: a reorganisation, a failure):
        # digest -> (position of the last confirming event, of the last unconfirming one).
        self._flipped: dict[int, tuple[int, int]] = {}
        self._position = 0

    def confirmed(self, key: str) -> bool:
        """Whether the journal's last word on ``key`` is that it is on chain."""
        value = digest(key)
        if value in self._flipped:
            last_yes, last_no = self._flipped[value]
            return last_yes > last_no
        return self._confirmed.has_digest(value)

    def note(self, key: str, event: str) -> None:
        """Take one record's event into account (in journal order)."""
        self._position += 1
        value = digest(key)
        if event in CONFIRMING:
            if value in self._flipped:
                self._flipped[value] = (self._position, self._flipped[value][1])
            self._confirmed.add_digest(value)
        elif event in UNCONFIRMING:
            yes = self._flipped.get(value, (0, 0))[0]
            if yes == 0 and self._confirmed.has_digest(value):
                yes = self._position - 1  # confirmed before (its place matters no more)
            self._flipped[value] = (yes, self._position)


class Journal:
    """Append-only record of one import target (one registry on one chain)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._handle: IO[str] | None = None

    def read(self, *, chain_id: int, registry: str) -> JournalState:
        """Entries of earlier runs against the same chain and registry. A torn line (a
        crash while writing) is ignored."""
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
                if entry.get("format") in FORMATS:
                    current = (entry.get("chain_id") == chain_id
                               and str(entry.get("registry", "")).lower() == registry.lower())
                    state.runs += current
                    continue
                if not current:
                    continue
                event = str(entry.get("event", ""))
                if event == "automine-off":
                    state.automine_was_on = True
                elif event == "automine-restored":
                    state.automine_was_on = False
                elif "key" in entry:
                    state.note(str(entry["key"]), event)
                elif isinstance(entry.get("keys"), list):
                    for key in entry["keys"]:
                        state.note(str(key), event)
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
        """One record's event (``skipped``, ``conflict``, ``failed`` ...), written and
        flushed before returning."""
        self._write({"key": key, "event": event, **values})

    def records(self, keys: list[str], event: str, **values: Any) -> None:
        """The same event for the records of one transaction, in one flushed line."""
        if len(keys) == 1:
            self.record(keys[0], event, **values)
        elif keys:
            self._write({"keys": keys, "event": event, **values})

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
