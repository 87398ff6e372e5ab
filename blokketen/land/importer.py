"""Resumable bulk import of parcels into the land registry, on the generic bulk sender.

A run: check every row (nothing is sent when one is bad) -> settle transactions a crashed run
left in the node -> then, :data:`SEGMENT` records at a time: read each record's parcel from
the chain (batched ``parcelsById``) -> skip what is there with the same data, report what is
there with other data -> send the rest, pipelined (one record per transaction, or many
through ``registerParcels``) -> journal each transaction's records as sent and as confirmed.
A batch that reverted, a refusal by the node (sending stops at the refused transaction) or a
transaction that fell out of the chain for good is resumed once within the segment the same
way: read the chain, send what it still lacks. Running it again after any crash does the
same, so every record ends up registered exactly once.

Records are read a segment at a time (from a :class:`blokketen.land.csvfile.ParcelsCsv` they
are never all in memory), so a whole register imports with flat memory. A reorganisation
that takes confirmed records away is followed: the sender reports them back (journal
``reorged``, the count of confirmed records goes down), they are confirmed again where the
chain has them now, and at the end of such a run every record is read from the chain once
more and what it lacks is sent again.

The registry is used only through its public hooks (:class:`ParcelRegistry`: ``function``,
``estimate_gas``, ``explain_failure``, ``parcel_fields``, ``events``); the calldata comes
from :mod:`blokketen.land.encoding`, checked against the registry's ABI.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from blokketen._exceptions import ChainError, ConfigurationError, InputError
from blokketen.bulk import (
    BulkSender,
    Job,
    Journal,
    JournalState,
    Outcome,
    manual_mining,
    settle_pending,
)
from blokketen.chain.signing import SignedTx
from blokketen.contract.tx import PendingTx
from blokketen.land import encoding
from blokketen.land.capakey import parcel_id
from blokketen.land.records import validate_records
from blokketen.land.types import ParcelFields, ParcelRecord

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.abi import Function
    from blokketen.contract.events import EventRecord
    from blokketen.contract.tx import Receipt

__all__ = [
    "DEFAULT_BATCH",
    "Conflict",
    "Failure",
    "ImportSummary",
    "ParcelRegistry",
    "import_parcels",
]

DEFAULT_BATCH = 100
"""Records per transaction by default (``registerParcels``); see benchmarks/RESULTS.md."""
BLOCK_GAS_SHARE = 0.5
"""A batch transaction may use at most this share of the block gas limit."""
SEGMENT = 20_000
"""Records checked against the chain and sent at a time: what the importer holds in memory,
whatever the size of the register."""
DETAILS = 1_000
"""Conflicts and failures kept with their details in the summary (all are counted)."""

Progress = Callable[[int], None]
"""Called with the number of records settled (confirmed, skipped, conflicting, failed)
since the last call; ``tqdm.update`` fits."""


class RecordSource(Protocol):
    """Rows checked as a whole first, then read again record by record (a
    :class:`blokketen.land.csvfile.ParcelsCsv`): what lets an import stream."""

    def check(self) -> int: ...

    def __iter__(self) -> Iterator[ParcelRecord]: ...


class ParcelRegistry(Protocol):
    """What the importer needs of a land registry client (:class:`LandRegistry` has it)."""

    @property
    def chain(self) -> Chain: ...

    @property
    def address(self) -> str: ...

    @property
    def sender(self) -> LocalAccount | None: ...

    @property
    def confirmations(self) -> int: ...

    def function(self, name: str) -> Function: ...

    def estimate_gas(self, data: bytes, *, value: int = 0) -> int: ...

    def explain_failure(self, pending: PendingTx, receipt: Receipt) -> Exception: ...

    def parcel_fields(self, capakeys: Sequence[str]) -> dict[str, ParcelFields | None]: ...

    def events(self, name: str | None = None, *, from_block: int = 0,
               to_block: int | str = "latest",
               argument_filters: dict[str, Any] | None = None) -> list[EventRecord]: ...


@dataclass(frozen=True)
class Conflict:
    """A record whose key is on chain with other data; ``on_chain`` holds the chain's values."""

    capakey: str
    line: int
    on_chain: dict[str, Any]


@dataclass(frozen=True)
class Failure:
    """A record that is not on chain at the end of the run, and why."""

    capakey: str
    line: int
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of one import run, in records (``transactions`` counts transactions).

    ``sent``: records sent in this run, each counted once (a record of a batch that failed
    and was sent again on its own still counts once; ``transactions`` counts both);
    ``skipped``: on chain already with the same data; ``lost``: the journal had them
    confirmed but the chain did not (sent again); ``conflicts``: on chain with other data;
    ``reorged``: confirmations a reorganisation took back during the run (those records
    were confirmed again, and count once in ``confirmed``). ``conflict_details`` and
    ``failures`` hold the first :data:`DETAILS` of each."""

    total: int
    sent: int
    confirmed: int
    skipped: int
    failed: int
    conflicts: int
    lost: int = 0
    reorged: int = 0
    transactions: int = 0
    gas_used: int = 0
    seconds: float = 0.0
    batch_size: int = 1
    conflict_details: tuple[Conflict, ...] = ()
    failures: tuple[Failure, ...] = ()

    @property
    def complete(self) -> bool:
        """Every record is on chain with its data."""
        return self.failed == 0 and self.conflicts == 0

    @property
    def rate(self) -> float:
        """Records settled per second."""
        return self.total / self.seconds if self.seconds else 0.0


def import_parcels(
    registry: ParcelRegistry,
    rows: Iterable[ParcelRecord | Mapping[str, Any]] | RecordSource,
    *,
    journal: Journal | Path | str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    confirmations: int | None = None,
    timeout: float = 300.0,
) -> ImportSummary:
    """Register every row's parcel exactly once; see :meth:`LandRegistry.import_parcels`.
    ``rows`` may be a :class:`blokketen.land.csvfile.ParcelsCsv`: then the records are read
    from the file a segment at a time, never all at once."""
    started = time.perf_counter()
    source: RecordSource | list[ParcelRecord]
    if isinstance(rows, Iterable) and hasattr(rows, "check"):
        source = rows  # type: ignore[assignment]
        total = source.check()  # type: ignore[union-attr]
    else:
        source = validate_records(rows)
        total = len(source)
    if registry.sender is None:
        raise ConfigurationError("import needs a sending registrar: use .as_sender(account)")
    if not 1 <= batch_size <= 1_000:
        raise InputError("batch_size", f"must be from 1 to 1000, got {batch_size}")
    log = journal if isinstance(journal, Journal) or journal is None else Journal(journal)
    run = _Run(registry, source, total, log, batch_size, progress,
               registry.confirmations if confirmations is None else confirmations, timeout)
    summary = run.execute()
    return replace(summary, seconds=time.perf_counter() - started)


class _Run:
    def __init__(self, registry: ParcelRegistry, source: Iterable[ParcelRecord], total: int,
                 journal: Journal | None, batch_size: int, progress: Progress | None,
                 confirmations: int, timeout: float) -> None:
        assert registry.sender is not None
        self.registry = registry
        self.chain = registry.chain
        self.account = registry.sender
        self.source = source
        self.total = total
        self.journal = journal
        self.batch_size = batch_size
        self.progress = progress or (lambda n: None)
        self.confirmations = confirmations
        self.timeout = timeout
        self.mine = False
        self.sender: BulkSender | None = None
        self.confirmed = self.transactions = self.gas_used = self.reorged = 0
        self.sent = self.skipped = self.lost = 0
        self.conflicts: list[Conflict] = []
        self.conflict_count = 0
        self.failed: list[Failure] = []
        self.failed_count = 0
        # the segment in work: its records by key, what of it was sent, what failed
        self.by_key: dict[str, ParcelRecord] = {}
        self.sent_keys: set[str] = set()
        self.failures: dict[str, Failure] = {}
        self.refusal: str | None = None
        self.unsent: list[str] = []
        self.dropped: list[str] = []

    def execute(self) -> ImportSummary:
        state = JournalState()
        if self.journal is not None:
            state = self.journal.read(chain_id=self.chain.chain_id, registry=self.registry.address)
            self.journal.open(chain_id=self.chain.chain_id, registry=self.registry.address,
                              records=self.total, batch_size=self.batch_size)
        try:
            with manual_mining(self.chain, self.journal, state) as self.mine:
                settle_pending(self.chain, self.account.address, mine=self.mine,
                               timeout=self.timeout)
                self.sender = BulkSender(self.chain, self.account, self.registry.address,
                                         confirmations=self.confirmations, timeout=self.timeout,
                                         mine=self.mine, on_sent=self._on_sent,
                                         on_reorg=self._on_reorg)
                for segment in _segments(self.source, SEGMENT):
                    self._segment(segment, state)
                self.sender.finish(self._on_outcomes)
                if self.sender.reorgs:
                    self._recheck()
            if self.journal is not None:
                self.journal.note("done", confirmed=self.confirmed, failed=self.failed_count,
                                  reorged=self.reorged)
        finally:
            if self.journal is not None:
                self.journal.close()
        return ImportSummary(
            total=self.total, sent=self.sent, confirmed=self.confirmed, skipped=self.skipped,
            failed=self.failed_count, conflicts=self.conflict_count, lost=self.lost,
            reorged=self.reorged, transactions=self.transactions, gas_used=self.gas_used,
            batch_size=self.batch_size, conflict_details=tuple(self.conflicts),
            failures=tuple(self.failed))

    def _segment(self, records: list[ParcelRecord], state: JournalState) -> None:
        """Check one segment against the chain, send what it lacks, resume once what
        failed, was refused or fell out; then count its failures."""
        self.by_key = {r.capakey: r for r in records}
        self.sent_keys = set()
        self.failures = {}
        missing = self._classify(self.registry.parcel_fields(list(self.by_key)))
        self.lost += sum(1 for r in missing if state.confirmed(r.capakey))
        self._send(self._jobs(missing, self.batch_size))
        if self.failures or self.unsent or self.dropped:
            self._resume()
        self.progress(len(self.failures))
        self.sent += len(self.sent_keys)
        self.failed_count += len(self.failures)
        room = DETAILS - len(self.failed)
        self.failed.extend(list(self.failures.values())[:max(room, 0)])

    def _recheck(self) -> None:
        """After a run that saw a reorganisation: read every record from the chain again,
        and send what it lacks (a confirmation taken back deeper than the sender could
        see). Each such record counts as lost, and as confirmed once it is again."""
        for segment in _segments(self.source, SEGMENT):
            self.by_key = {r.capakey: r for r in segment}
            on_chain = self.registry.parcel_fields(list(self.by_key))
            gone = [self.by_key[k] for k, found in on_chain.items() if found is None]
            if not gone:
                continue
            self.lost += len(gone)
            self.confirmed -= len(gone)
            self.progress(-len(gone))
            if self.journal is not None:
                self.journal.records([r.capakey for r in gone], "reorged", found="missing")
            self.sent_keys, self.failures = set(), {}
            self._send(self._jobs(gone, self.batch_size))
            assert self.sender is not None
            self.sender.finish(self._on_outcomes)
            self.failed_count += len(self.failures)

    # -- chain check ---------------------------------------------------------------------
    def _classify(self, on_chain: Mapping[str, ParcelFields | None]) -> list[ParcelRecord]:
        """The records the chain lacks; counts (and journals) those it has."""
        missing: list[ParcelRecord] = []
        skipped: list[str] = []
        conflicts = 0
        for key, found in on_chain.items():
            record = self.by_key[key]
            if found is None:
                missing.append(record)
                continue
            same = record.same_data(found.owner, found.area_m2, found.land_use, found.deed_hash)
            if not same and found.version > 1:
                same = self._registered_same(record)
            if same:
                skipped.append(key)
            else:
                from eth_utils import to_checksum_address

                chain_values = {"owner": to_checksum_address(found.owner),
                                "area_m2": found.area_m2,
                                "land_use": found.land_use.name.lower(),
                                "deed_hash": "0x" + found.deed_hash.hex()}
                conflicts += 1
                if len(self.conflicts) < DETAILS:
                    self.conflicts.append(Conflict(key, record.line, chain_values))
                self._note(key, "conflict", on_chain=chain_values)
        if self.journal is not None and skipped:
            self.journal.records(skipped, "skipped")
        self.skipped += len(skipped)
        self.conflict_count += conflicts
        self.progress(len(skipped) + conflicts)
        return missing

    def _registered_same(self, record: ParcelRecord) -> bool:
        """A parcel changed since (transferred): compare with its registration event."""
        events = self.registry.events("ParcelRegistered", argument_filters={
            "parcelId": parcel_id(record.capakey)})
        return any(record.same_data(e["owner"], e["areaM2"], e["landUse"], e["deedHash"])
                   for e in events)

    def _resume(self) -> None:
        """Once within the segment, what a crash would leave to the next run: a batch that
        reverted (a record in it was registered meanwhile), a refusal by the node or a
        transaction that fell out of the chain for good. Let what the node took settle,
        read the chain for the records concerned, and send what is still missing: a failed
        batch's records one per transaction, the others as before. A second refusal ends
        the run (run it again to resume)."""
        failed = set(self.failures)
        unsent = set(self.unsent) | set(self.dropped)
        keys = [k for k in self.by_key if k in failed or k in unsent]
        self.failures.clear()
        self.unsent, self.dropped = [], []
        if self.refusal is not None:
            if self.journal is not None:
                self.journal.note("refused", reason=self.refusal, unsent=len(unsent))
            settle_pending(self.chain, self.account.address, mine=self.mine,
                           timeout=self.timeout)
            self.refusal = None
        missing = self._classify(self.registry.parcel_fields(keys))
        singles = [r for r in missing if r.capakey in failed]
        rest = [r for r in missing if r.capakey not in failed]
        self._send(self._jobs(singles, 1) + self._jobs(rest, self.batch_size))
        if self.refusal is not None or self.dropped:
            reason = self.refusal or f"{len(self.dropped)} records fell out of the chain twice"
            raise ChainError(f"{reason}; {len(self.unsent) + len(self.dropped)} records were "
                             "not sent: run the same import again to resume")

    # -- sending -------------------------------------------------------------------------
    def _send(self, jobs: list[Job]) -> None:
        if not jobs:
            return
        sender = self.sender
        assert sender is not None
        sender.dropped = []
        sender.run(jobs, self._on_outcomes)
        self.refusal = sender.refusal
        self.unsent = [key for job in sender.unsent for key in job.keys]
        self.dropped = [key for job in sender.dropped for key in job.keys]
        if self.dropped and self.journal is not None:
            self.journal.records(self.dropped, "dropped")

    def _jobs(self, records: Sequence[ParcelRecord], batch_size: int) -> list[Job]:
        if not records:
            return []
        self._check_layout("registerParcel" if batch_size == 1 else "registerParcels")
        groups = [records[i:i + batch_size] for i in range(0, len(records), batch_size)]
        datas = [encoding.register_one(g[0]) if batch_size == 1 else encoding.register_many(g)
                 for g in groups]
        gas_by_size: dict[int, int] = {}
        for group, data in zip(groups, datas, strict=True):
            if len(group) not in gas_by_size:
                gas_by_size[len(group)] = self._estimate(data, len(group))
        return [Job(data=d, gas=gas_by_size[len(g)], keys=tuple(r.capakey for r in g))
                for g, d in zip(groups, datas, strict=True)]

    def _check_layout(self, name: str) -> None:
        """The hand-written calldata must be what the registry's ABI says."""
        if self.registry.function(name).signature != encoding.SIGNATURES[name]:
            raise ConfigurationError(
                f"{name} of the registry at {self.registry.address} is "
                f"{self.registry.function(name).signature}, not {encoding.SIGNATURES[name]}")

    def _estimate(self, data: bytes, count: int) -> int:
        """Gas of one job with headroom; a revert (no registrar role, paused) raises here,
        typed, before anything is sent."""
        gas = self.registry.estimate_gas(data)
        limit = int(self.chain.block("latest")["gasLimit"], 16)
        if count > 1 and gas > limit * BLOCK_GAS_SHARE:
            fit = max(1, int(count * limit * BLOCK_GAS_SHARE / gas))
            raise InputError("batch_size", f"{count} records need {gas:,} gas, more than half "
                             f"the block gas limit {limit:,}: use at most {fit}")
        return gas

    def _on_sent(self, job: Job, tx: SignedTx) -> None:
        self.sent_keys.update(job.keys)
        if self.journal is not None:
            self.journal.records(list(job.keys), "sent", tx=tx.tx_hash, nonce=tx.nonce)

    def _on_outcomes(self, outcomes: list[Outcome]) -> None:
        """Confirmed transactions (a block's or a chunk's worth): journal, then progress."""
        settled = 0
        for out in outcomes:
            receipt = out.receipt
            self.transactions += 1
            self.gas_used += receipt.gas_used
            if receipt.succeeded:
                settled += len(out.job.keys)
                self.confirmed += len(out.job.keys)
                if self.journal is not None:
                    self.journal.records(list(out.job.keys), "confirmed", tx=receipt.tx_hash,
                                         block=receipt.block_number)
            else:
                reason = self._reason(out)
                for key in out.job.keys:
                    record = self.by_key.get(key)
                    self.failures[key] = Failure(key, record.line if record else 0, reason)
                if self.journal is not None:
                    self.journal.records(list(out.job.keys), "failed", tx=receipt.tx_hash,
                                         reason=reason)
        if self.journal is not None:
            self.journal.sync()
        self.progress(settled)

    def _on_reorg(self, outcomes: list[Outcome]) -> None:
        """Reported transactions whose block a reorganisation took away: they count no
        more until the sender reports them again from the chain as it is now."""
        unsettled = 0
        for out in outcomes:
            receipt = out.receipt
            self.transactions -= 1
            self.gas_used -= receipt.gas_used
            if receipt.succeeded:
                unsettled += len(out.job.keys)
                self.confirmed -= len(out.job.keys)
                self.reorged += len(out.job.keys)
            else:
                for key in out.job.keys:
                    self.failures.pop(key, None)
            if self.journal is not None:
                self.journal.records(list(out.job.keys), "reorged", tx=receipt.tx_hash,
                                     block=receipt.block_number)
        self.progress(-unsettled)

    def _reason(self, out: Outcome) -> str:
        pending = PendingTx(out.receipt.tx_hash, self.account.address, out.nonce,
                            {"data": out.job.data, "gas": out.job.gas, "value": 0,
                             "to": self.registry.address})
        try:
            return str(self.registry.explain_failure(pending, out.receipt))
        except Exception as err:  # the reason is only for the report
            return f"transaction {out.receipt.tx_hash} failed ({err})"

    def _note(self, key: str, event: str, **values: Any) -> None:
        if self.journal is not None:
            self.journal.record(key, event, **values)


def _segments(records: Iterable[ParcelRecord], size: int) -> Iterator[list[ParcelRecord]]:
    """The records in lists of at most ``size``, read as they are needed."""
    it = iter(records)
    while segment := list(islice(it, size)):
        yield segment
