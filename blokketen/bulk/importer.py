"""Resumable bulk import of parcels into the land registry.

A run: check every row (nothing is sent when one is bad) -> settle transactions a crashed run
left in the node -> read every record's parcel from the chain (batched ``eth_call``) -> skip
what is there with the same data, report what is there with other data -> send the rest,
pipelined (one record per transaction, or many through ``registerParcels``) -> journal each
record as sent and as confirmed. A batch that reverted, or a refusal by the node (sending
stops at the refused transaction), is resumed once within the run the same way: read the
chain, send what it still lacks. Running it again after any crash does the same, so every
record ends up registered exactly once.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ChainError, ConfigurationError, InputError, RpcError
from blokketen.bulk import encoding
from blokketen.bulk.journal import Journal, JournalState
from blokketen.bulk.pipeline import BulkSender, Job, Outcome, settle_pending
from blokketen.bulk.records import ParcelRecord, validate_records
from blokketen.contract.tx import SignedTx, can_mine_manually, set_automine
from blokketen.land.types import LandUse

if TYPE_CHECKING:
    from blokketen.land.client import LandRegistry

DEFAULT_BATCH = 100
"""Records per transaction by default (``registerParcels``); see benchmarks/RESULTS.md."""
READ_BATCH = 500
"""Parcel reads per JSON-RPC batch when checking the chain."""
BLOCK_GAS_SHARE = 0.5
"""A batch transaction may use at most this share of the block gas limit."""

Progress = Callable[[int], None]
"""Called with the number of records settled (confirmed, skipped, conflicting, failed)
since the last call; ``tqdm.update`` fits."""


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
    confirmed but the chain did not (sent again); ``conflicts``: on chain with other data."""

    total: int
    sent: int
    confirmed: int
    skipped: int
    failed: int
    conflicts: int
    lost: int = 0
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
    registry: LandRegistry,
    rows: Iterable[ParcelRecord | Mapping[str, Any]],
    *,
    journal: Journal | Path | str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    confirmations: int | None = None,
    timeout: float = 300.0,
) -> ImportSummary:
    """Register every row's parcel exactly once; see :meth:`LandRegistry.import_parcels`."""
    started = time.perf_counter()
    records = validate_records(rows)
    if registry.sender is None:
        raise ConfigurationError("import needs a sending registrar: use .as_sender(account)")
    if not 1 <= batch_size <= 1_000:
        raise InputError("batch_size", f"must be from 1 to 1000, got {batch_size}")
    log = journal if isinstance(journal, Journal) or journal is None else Journal(journal)
    run = _Run(registry, records, log, batch_size, progress,
               registry.confirmations if confirmations is None else confirmations, timeout)
    summary = run.execute()
    return _with_time(summary, time.perf_counter() - started)


class _Run:
    def __init__(self, registry: LandRegistry, records: list[ParcelRecord],
                 journal: Journal | None, batch_size: int, progress: Progress | None,
                 confirmations: int, timeout: float) -> None:
        assert registry.sender is not None
        self.registry = registry
        self.chain = registry.chain
        self.account = registry.sender
        self.records = records
        self.by_key = {r.capakey: r for r in records}
        self.journal = journal
        self.batch_size = batch_size
        self.progress = progress or (lambda n: None)
        self.confirmations = confirmations
        self.timeout = timeout
        self.mine = can_mine_manually(self.chain)
        self.confirmed = self.transactions = self.gas_used = 0
        self.sent_keys: set[str] = set()
        self.failures: dict[str, Failure] = {}
        self.refusal: str | None = None
        self.unsent: list[str] = []

    def execute(self) -> ImportSummary:
        state = JournalState()
        if self.journal is not None:
            state = self.journal.read(chain_id=self.chain.chain_id, registry=self.registry.address)
            self.journal.open(chain_id=self.chain.chain_id, registry=self.registry.address,
                              records=len(self.records), batch_size=self.batch_size)
        try:
            with self._manual_mining(state):
                settle_pending(self.chain, self.account.address, mine=self.mine,
                               timeout=self.timeout)
                on_chain = read_parcels(self.registry, [r.capakey for r in self.records])
                missing, skipped, conflicts = self._classify(on_chain)
                lost = sum(1 for r in missing if state.confirmed(r.capakey))
                self._send(self._jobs(missing, self.batch_size))
                if self.failures or self.unsent:
                    later_skipped, later_conflicts = self._resume()
                    skipped += later_skipped
                    conflicts.extend(later_conflicts)
                self.progress(len(self.failures))
            if self.journal is not None:
                self.journal.note("done", confirmed=self.confirmed, failed=len(self.failures))
        finally:
            if self.journal is not None:
                self.journal.close()
        return ImportSummary(
            total=len(self.records), sent=len(self.sent_keys), confirmed=self.confirmed,
            skipped=skipped,
            failed=len(self.failures), conflicts=len(conflicts), lost=lost,
            transactions=self.transactions, gas_used=self.gas_used, batch_size=self.batch_size,
            conflict_details=tuple(conflicts), failures=tuple(self.failures.values()))

    # -- mining --------------------------------------------------------------------------
    @contextlib.contextmanager
    def _manual_mining(self, state: JournalState) -> Iterator[None]:
        """On an anvil/Hardhat dev chain with automine on, switch it off while sending (one
        block per transaction is slow) and back on at the end, even after an earlier run
        crashed with it off. Other chains are left exactly as they are."""
        restore = False
        if self.mine:
            previous = set_automine(self.chain, False)
            restore = previous or state.automine_was_on
            if previous and self.journal is not None:
                self.journal.note("automine-off")
        try:
            yield
        finally:
            if restore:
                with contextlib.suppress(Exception):
                    set_automine(self.chain, True)
                    if self.journal is not None:
                        self.journal.note("automine-restored")

    # -- chain check ---------------------------------------------------------------------
    def _classify(self, on_chain: Mapping[str, OnChain | None]
                  ) -> tuple[list[ParcelRecord], int, list[Conflict]]:
        missing: list[ParcelRecord] = []
        skipped = 0
        conflicts: list[Conflict] = []
        for key, raw in on_chain.items():
            record = self.by_key[key]
            if raw is None:
                missing.append(record)
                continue
            owner, area, version, land_use, _status, deed = raw
            same = record.same_data(owner, area, land_use, deed)
            if not same and version > 1:
                same = self._registered_same(record)
            if same:
                skipped += 1
                self._note(key, "skipped")
            else:
                from eth_utils import to_checksum_address

                chain_values = {"owner": to_checksum_address(owner), "area_m2": area,
                                "land_use": LandUse(land_use).name.lower(),
                                "deed_hash": "0x" + deed.hex()}
                conflicts.append(Conflict(key, record.line, chain_values))
                self._note(key, "conflict", on_chain=chain_values)
        self.progress(skipped + len(conflicts))
        return missing, skipped, conflicts

    def _registered_same(self, record: ParcelRecord) -> bool:
        """A parcel changed since (transferred): compare with its registration event."""
        from blokketen.land.capakey import parcel_id

        events = self.registry.events("ParcelRegistered", argument_filters={
            "parcelId": parcel_id(record.capakey)})
        return any(record.same_data(e["owner"], e["areaM2"], e["landUse"], e["deedHash"])
                   for e in events)

    def _resume(self) -> tuple[int, list[Conflict]]:
        """Once within the run, what a crash would leave to the next run: a batch that
        reverted (a record in it was registered meanwhile) or a refusal by the node. Let
        what the node took settle, read the chain for the records concerned, and send what
        is still missing: a failed batch's records one per transaction, unsent ones as
        before. A second refusal ends the run (run it again to resume)."""
        failed = set(self.failures)
        unsent = set(self.unsent)
        keys = [k for k in self.by_key if k in failed or k in unsent]
        self.failures.clear()
        self.unsent = []
        if self.refusal is not None:
            if self.journal is not None:
                self.journal.note("refused", reason=self.refusal, unsent=len(unsent))
            settle_pending(self.chain, self.account.address, mine=self.mine,
                           timeout=self.timeout)
            self.refusal = None
        missing, skipped, conflicts = self._classify(read_parcels(self.registry, keys))
        singles = [r for r in missing if r.capakey in failed]
        rest = [r for r in missing if r.capakey not in failed]
        self._send(self._jobs(singles, 1) + self._jobs(rest, self.batch_size))
        if self.refusal is not None:
            raise ChainError(f"{self.refusal}; {len(self.unsent)} records were not sent: "
                             "run the same import again to resume")
        return skipped, conflicts

    # -- sending -------------------------------------------------------------------------
    def _send(self, jobs: list[Job]) -> None:
        if not jobs:
            return
        sender = BulkSender(self.chain, self.account, self.registry.address,
                            confirmations=self.confirmations, timeout=self.timeout,
                            mine=self.mine, on_sent=self._on_sent)
        sender.run(jobs, self._on_outcomes)
        self.refusal = sender.refusal
        self.unsent = [key for job in sender.unsent for key in job.keys]

    def _jobs(self, records: Sequence[ParcelRecord], batch_size: int) -> list[Job]:
        if not records:
            return []
        groups = [records[i:i + batch_size] for i in range(0, len(records), batch_size)]
        datas = [encoding.register_one(g[0]) if batch_size == 1 else encoding.register_many(g)
                 for g in groups]
        gas_by_size: dict[int, int] = {}
        for group, data in zip(groups, datas, strict=True):
            if len(group) not in gas_by_size:
                gas_by_size[len(group)] = self._estimate(data, len(group))
        return [Job(data=d, gas=gas_by_size[len(g)], keys=tuple(r.capakey for r in g))
                for g, d in zip(groups, datas, strict=True)]

    def _estimate(self, data: bytes, count: int) -> int:
        """Gas of one job with headroom; a revert (no registrar role, paused) raises here,
        typed, before anything is sent."""
        gas = self.registry._transactor.estimate_gas(self.registry.address, data,
                                                     errors=self.registry._decoder)
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
            self.transactions += 1
            self.gas_used += out.gas_used
            if out.status == 1:
                settled += len(out.job.keys)
                self.confirmed += len(out.job.keys)
                if self.journal is not None:
                    self.journal.records(list(out.job.keys), "confirmed", tx=out.tx_hash,
                                         block=out.block_number)
            else:
                reason = self._reason(out)
                for key in out.job.keys:
                    self.failures[key] = Failure(key, self.by_key[key].line, reason)
                    self._note(key, "failed", tx=out.tx_hash, reason=reason)
        if self.journal is not None:
            self.journal.sync()
        self.progress(settled)

    def _reason(self, out: Outcome) -> str:
        from blokketen.contract.tx import PendingTx, Receipt, replay_failure

        pending = PendingTx(out.tx_hash, self.account.address, out.nonce,
                            {"data": out.job.data, "gas": out.job.gas, "value": 0,
                             "to": self.registry.address})
        receipt = Receipt(out.tx_hash, out.block_number, out.gas_used, 0,
                          self.account.address, None, ())
        try:
            return str(replay_failure(self.chain, pending, receipt, self.registry._decoder))
        except Exception as err:  # the reason is only for the report
            return f"transaction {out.tx_hash} failed ({err})"

    def _note(self, key: str, event: str, **values: Any) -> None:
        if self.journal is not None:
            self.journal.record(key, event, **values)


OnChain = tuple[str, int, int, int, int, bytes]
"""A parcel's fields as read for an import: owner (lower-case hex), area, version, land use,
status, deed hash."""


def read_parcels(registry: LandRegistry, keys: Sequence[str]) -> dict[str, OnChain | None]:
    """The fields of every (canonical) key's parcel, or None for an unknown key: one
    ``parcelsById`` call per :data:`READ_BATCH` keys, batched in one JSON-RPC request."""
    from eth_hash.auto import keccak

    function = registry._function("parcelsById")
    calls = []
    for first in range(0, len(keys), READ_BATCH):
        ids = [keccak(k.encode("ascii")) for k in keys[first:first + READ_BATCH]]
        data = function.encode((ids,))
        calls.append(("eth_call", [{"to": registry.address, "data": "0x" + data.hex()},
                                   "latest"]))
    out: dict[str, OnChain | None] = {}
    for batch in range(0, len(calls), 8):
        answers = registry.chain.rpc_batch(calls[batch:batch + 8])
        for number, answer in enumerate(answers, start=batch):
            if isinstance(answer, RpcError):
                raise answer
            chunk = keys[number * READ_BATCH:(number + 1) * READ_BATCH]
            raw = bytes.fromhex(str(answer)[2:])
            if int.from_bytes(raw[32:64], "big") != len(chunk):
                raise ChainError("parcelsById answered a list of the wrong length")
            for index, key in enumerate(chunk):
                at = 64 + index * 192
                status = raw[at + 159]
                if status == 0:
                    out[key] = None
                    continue
                out[key] = ("0x" + raw[at + 12:at + 32].hex(),
                            int.from_bytes(raw[at + 32:at + 64], "big"),
                            int.from_bytes(raw[at + 64:at + 96], "big"),
                            raw[at + 127], status, raw[at + 160:at + 192])
    return out


def _with_time(summary: ImportSummary, seconds: float) -> ImportSummary:
    from dataclasses import replace

    return replace(summary, seconds=seconds)
