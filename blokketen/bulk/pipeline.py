"""Pipelined sending: many signed transactions in flight, sent in JSON-RPC batches.

A window of jobs is signed locally (:class:`blokketen.contract.tx.RawSigner`) and sent in
chunks of ``eth_sendRawTransaction`` (one JSON-RPC batch each). Each chunk's answers are
checked before the next chunk goes out: when the node refuses a transaction, nothing after
it is sent (a gap in the nonces would stall everything behind it), the nonce counter is
resynced and the caller resumes from the chain. Receipts are collected block by block
(``eth_getBlockReceipts``) after every chunk and while waiting, and reported as they come,
so a progress bar moves with the chain. On a local dev chain Blokketen mines itself
(``evm_mine``), a block as soon as the chunks sent hold the EIP-1559 gas target (half the
block gas limit), so the base fee never rises however long the import; on any other chain
it waits for the chain's own blocks and for ``confirmations``. Fees follow the transaction
layer's one rule (:func:`blokketen.contract.tx.fees`), receipts its one parser.

Receipts count only on the canonical chain. Every block read is checked to follow the block
read before it (its parent hash); when it does not, the chain was reorganised: the sender
finds where the branches part among the last :data:`REORG_DEPTH` blocks it read, takes back
what it had reported in the blocks that are gone (``on_reorg``), sends those transactions
again (the same signed bytes: they cannot happen twice) and reads on from the fork. A
transaction is also sent again when the chain switched to another node (``Chain.failovers``)
or when it has waited :data:`RESEND_AFTER` seconds; one whose nonce another transaction took
will never be mined: it is set aside in ``dropped`` and the nonce counter is read afresh.

The sender knows nothing of what the jobs carry: a job is calldata, a gas limit and the keys
of the records it holds, which the caller uses for its journal and its report.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blokketen._exceptions import ChainError, NodeUnreachable, RpcError, TransactionTimeout
from blokketen.chain.signing import RawSigner, SignedTx, send_raw_batch
from blokketen.contract.tx import (
    RESEND_AFTER,
    Receipt,
    blocks_with_receipts,
    canonical_hashes,
    fees,
    receipts_of,
    resend,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

    from eth_account.signers.local import LocalAccount

    from blokketen.bulk.journal import Journal, JournalState
    from blokketen.chain.connection import Chain

HTTP_BATCH = 250
"""At most this many transactions per JSON-RPC batch request (a chunk)..."""
HTTP_BATCH_BYTES = 600_000
"""...and at most this many bytes of calldata: hex doubles it, and nodes refuse big
requests (anvil's default limit is 2 MB, geth's 5 MB)."""
CHUNK_BLOCKS = 1
"""A chunk holds at most this many blocks of gas, so big batch transactions go out (and
are reported) a few at a time."""
DEV_CHUNK_SHARE = 0.5
"""Where Blokketen mines, the chunks of one block hold at most this share of its gas: the
EIP-1559 target, at which the base fee does not rise. (Full blocks raise it by 12.5 % each:
after a few hundred of them the fees outgrow a dev account.)"""
DEV_WINDOW = 1_000
"""Transactions per window on a chain that Blokketen mines itself."""
WINDOW_BLOCKS = 2
"""Blocks of gas per window on any other chain (see :meth:`BulkSender.fees`)."""
MAX_FEE_MULTIPLIER = 3
"""maxFeePerGas = this x the latest base fee + tip."""
IDLE_BLOCKS = 64
"""Blocks Blokketen mines without any of its transactions appearing before it gives up."""
REORG_DEPTH = 64
"""Blocks of recent history the sender remembers (their hashes, and what it reported in
them) to find and undo a reorganisation; a deeper one is beyond what it can see, as it
would be for any client that does not wait for more confirmations."""

Report = Callable[[list["Outcome"]], None]


@dataclass(frozen=True)
class Job:
    """One transaction to send: calldata, gas limit and the record keys it carries."""

    data: bytes
    gas: int
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one job: its transaction's nonce and receipt (status 0: it failed)."""

    job: Job
    nonce: int
    receipt: Receipt


@dataclass
class _InFlight:
    """A sent transaction: its job, its signed form, the fees it was signed with, and its
    receipt once reported (kept while its block is recent enough to be reorganised)."""

    job: Job
    tx: SignedTx
    fees: dict[str, int]
    receipt: Receipt | None = None


class BulkSender:
    """Sends jobs to one contract from one account, a window at a time.

    After :meth:`run`, ``refusal`` holds the node's answer when it refused a transaction
    (None otherwise) and ``unsent`` the jobs that were not sent because of it."""

    def __init__(
        self,
        chain: Chain,
        account: LocalAccount,
        to: str,
        *,
        confirmations: int = 0,
        timeout: float = 300.0,
        mine: bool | None = None,
        on_sent: Callable[[Job, SignedTx], None] | None = None,
        on_reorg: Report | None = None,
    ) -> None:
        self.chain = chain
        self.account = account
        self.address = str(account.address)
        self.to = to
        self.confirmations = max(1, confirmations)
        self.timeout = timeout
        self.mine = chain.can_mine_manually if mine is None else mine
        if self.mine and not chain.can_mine_manually:
            raise ChainError("mining on demand needs a local anvil or Hardhat dev chain")
        self.signer = RawSigner(account, chain)
        self.on_sent = on_sent
        self.on_reorg = on_reorg
        self.refusal: str | None = None
        self.unsent: list[Job] = []
        self.dropped: list[Job] = []
        """Jobs whose transaction will never be mined (its nonce went to another one)."""
        self.reorgs = 0
        """Reorganisations seen that took away blocks holding this sender's receipts."""
        self._block_gas: int | None = None
        # sent, not yet reported: tx hash -> in flight; receipts found but not deep enough
        self._waiting: dict[str, _InFlight] = {}
        self._found: dict[str, Receipt] = {}
        # reported, in a block recent enough to be reorganised (not kept where we mine)
        self._counted: dict[str, _InFlight] = {}
        self._seen: dict[int, str] = {}  # block number -> hash, of the recent blocks read
        self._next_block: int | None = None
        self._by_block = True
        self._failovers = chain.failovers
        self._resent_at = time.monotonic()
        self._suspects: set[str] = set()

    # -- windows -------------------------------------------------------------------------
    @property
    def block_gas(self) -> int:
        if self._block_gas is None:
            self._block_gas = int(self.chain.block("latest")["gasLimit"], 16)
        return self._block_gas

    def window_size(self, gas_per_job: int) -> int:
        if self.mine:
            return DEV_WINDOW
        return max(1, min(DEV_WINDOW, WINDOW_BLOCKS * self.block_gas // max(gas_per_job, 1)))

    def run(self, jobs: Sequence[Job], report: Report | None = None) -> list[Outcome]:
        """Send every job; returns the outcomes in nonce order (failed ones have status 0).
        ``report`` gets the outcomes as they are confirmed, a block or a chunk at a time.
        Stops early when the node refuses a transaction: see ``refusal`` and ``unsent``."""
        outcomes: list[Outcome] = []
        self.refusal, self.unsent = None, []

        def collect(done: list[Outcome]) -> None:
            outcomes.extend(done)
            if report is not None:
                report(done)

        if self._next_block is None:
            self._next_block = self.chain.block_number + 1
        start = 0
        while start < len(jobs):
            size = self.window_size(max(j.gas for j in jobs[start:start + DEV_WINDOW]))
            window = list(jobs[start:start + size])
            # On a chain that mines on its own, the next window goes out once half of this
            # one is confirmed, so the signers always have work; the last one settles whole.
            last = start + size >= len(jobs)
            keep = 0 if last or self.mine else sum(j.gas for j in window) // 2
            sent = self.send_window(window, collect, keep_gas=keep)
            if self.refusal is not None:
                self.unsent = list(jobs[start + sent:])
                self._settle(collect)
                break
            start += size
        return outcomes

    def finish(self, report: Report | None = None) -> None:
        """Check once more that the blocks this sender reported from are still the chain's;
        after a reorganisation, wait until what it took away is confirmed again (reported
        through ``report``)."""
        if not self._seen:
            return
        canonical = canonical_hashes(self.chain, self._seen)
        if any(canonical.get(n) != h for n, h in self._seen.items()):
            self._rewind()
            self._settle(report or (lambda done: None))

    def send_window(self, window: list[Job], report: Report, *, keep_gas: int = 0) -> int:
        """Sign and send one window chunk by chunk, then wait for (or mine) its receipts
        until no more than ``keep_gas`` of gas is still in flight; returns how many of its
        jobs were sent (fewer when the node refused one).

        Signing the next chunk overlaps with the node taking the previous one (a worker
        thread posts it), but a chunk is only posted once the previous chunk's answers are
        all good."""
        from concurrent.futures import ThreadPoolExecutor

        fees = self._fees = self.fees()
        sent = 0
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-send") as pool:
                posted: tuple[list[Job], list[SignedTx], Future[list[str | RpcError]]] | None
                posted = None
                for part, ends_block in self._chunks(window):
                    chunk = [self.signer.sign(nonce=self.chain.nonces.next(self.address),
                                              gas=job.gas, to=self.to, data=job.data, fees=fees)
                             for job in part]
                    if posted is not None:
                        accepted = self._accept(*posted)
                        sent += accepted
                        if self.refusal is not None:
                            break
                        self._collect(report)
                    posted = (part, chunk, pool.submit(self._post, chunk, ends_block))
                else:
                    if posted is not None:
                        sent += self._accept(*posted)
        except BaseException:
            self.chain.nonces.resync(self.address)
            raise
        if self.refusal is not None:
            # nonces signed after the refused one were never sent: count afresh from the node
            self.chain.nonces.resync(self.address)
        self._settle(report, keep_gas=keep_gas)
        return sent

    def _post(self, chunk: list[SignedTx], ends_block: bool) -> list[str | RpcError]:
        """Send one chunk (in the worker thread); where Blokketen mines and the chunk ends a
        block's worth, mine that block."""
        answers = _retrying(send_raw_batch, self.chain, chunk)
        if self.mine and ends_block:
            self.chain.mine()
        return answers

    def _chunks(self, window: list[Job]) -> list[tuple[list[Job], bool]]:
        """The window in chunks of at most HTTP_BATCH jobs and HTTP_BATCH_BYTES of calldata,
        each with whether it ends a block's worth of gas: CHUNK_BLOCKS blocks, or where
        Blokketen mines DEV_CHUNK_SHARE of one (the window's last chunk always ends one)."""
        limit = int(DEV_CHUNK_SHARE * self.block_gas) if self.mine \
            else CHUNK_BLOCKS * self.block_gas
        out: list[tuple[list[Job], bool]] = []
        gas = size = 0
        for job in window:
            if out and gas + job.gas > limit:
                out[-1] = (out[-1][0], True)
                gas = 0
            if not out or out[-1][1] or len(out[-1][0]) >= HTTP_BATCH \
                    or size + len(job.data) > HTTP_BATCH_BYTES:
                out.append(([], False))
                size = 0
            out[-1][0].append(job)
            gas += job.gas
            size += len(job.data)
        if out:
            out[-1] = (out[-1][0], True)
        return out

    def _accept(self, part: list[Job], chunk: list[SignedTx],
                future: Future[list[str | RpcError]]) -> int:
        """Check one chunk's answers; returns how many of its jobs the node took, in order.
        The first refusal sets ``refusal``; what follows it in the chunk does not count as
        sent (the node may hold it behind the gap, and the resumed import finds out)."""
        answers = future.result()
        for count, (job, tx, answer) in enumerate(zip(part, chunk, answers, strict=True)):
            if isinstance(answer, RpcError) and not _known(answer) \
                    and not _taken_before(self.chain, tx, answer):
                self.refusal = (f"the node refused transaction nonce {tx.nonce}: "
                                f"{answer.rpc_message}")
                return count
            self._waiting[tx.tx_hash] = _InFlight(job, tx, self._fees)
            if self.on_sent is not None:
                self.on_sent(job, tx)
        return len(chunk)

    # -- receipts ------------------------------------------------------------------------
    def _settle(self, report: Report, *, keep_gas: int = 0) -> None:
        """Until the sent transactions still waiting hold at most ``keep_gas`` of gas (0:
        all confirmed): mine a block and collect (dev chain mined here), or collect with a
        short backoff (any other chain). Gives up after ``timeout`` seconds without
        progress (or IDLE_BLOCKS idle blocks mined)."""
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        idle = 0
        self._collect(report)  # a node that mines on arrival may have them all already
        while self._waiting and (not keep_gas or self._gas_waiting() > keep_gas):
            before = (len(self._waiting), len(self._found))
            if self.mine:
                self.chain.mine()
            else:
                if time.monotonic() > deadline:
                    raise TransactionTimeout(
                        f"{len(self._waiting)} transactions without a receipt (or "
                        f"{self.confirmations} confirmations) after {self.timeout:.0f} s")
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
                self._look_after_waiting()
            self._collect(report)
            progressed = (len(self._waiting), len(self._found)) != before
            if progressed:
                deadline = time.monotonic() + self.timeout
                self._resent_at = time.monotonic()
            if self.mine:  # a mined block that brought none of ours (nor depth) is idle
                idle = 0 if progressed or self._found else idle + 1
                if idle > IDLE_BLOCKS:
                    raise TransactionTimeout(
                        f"{len(self._waiting)} transactions not mined after {idle} blocks")

    def _gas_waiting(self) -> int:
        return sum(f.job.gas for f in self._waiting.values())

    def _look_after_waiting(self) -> None:
        """Send the waiting transactions again after a switch to another node (it may lack
        them) or after RESEND_AFTER seconds without progress; then set aside those whose
        nonce another transaction took."""
        switched = self.chain.failovers != self._failovers
        if not switched and time.monotonic() - self._resent_at < RESEND_AFTER:
            return
        self._failovers = self.chain.failovers
        self._resent_at = time.monotonic()
        self._find_dropped()
        self._resend(list(self._waiting.values()))

    def _resend(self, flights: list[_InFlight]) -> None:
        if flights:
            resend(self.chain, [f.tx.raw for f in sorted(flights, key=lambda f: f.tx.nonce)])

    def _find_dropped(self) -> None:
        """Waiting transactions without a receipt whose nonce is used on chain: suspect on
        the first look, dropped when still so on the next (their receipt is asked for by
        hash too, so a block not read yet cannot fool it)."""
        waiting = [f for h, f in self._waiting.items() if h not in self._found]
        if not waiting:
            self._suspects = set()
            return
        used = int(self.chain.rpc("eth_getTransactionCount", [self.address, "latest"]), 16)
        low = [f for f in waiting if f.tx.nonce < used]
        found = receipts_of(self.chain, [f.tx.tx_hash for f in low]) if low else {}
        now = {f.tx.tx_hash for f in low if f.tx.tx_hash not in found}
        gone = now & self._suspects
        self._suspects = now - gone
        if gone:
            for tx_hash in gone:
                self.dropped.append(self._waiting.pop(tx_hash).job)
            self.chain.nonces.resync(self.address)

    def _collect(self, report: Report) -> None:
        """Report the transactions in flight that have receipts now (and enough blocks on
        top of theirs), in nonce order; undo what a reorganisation took away."""
        if not self._waiting:
            return
        latest = self.chain.block_number
        if self._by_block:
            assert self._next_block is not None
            blocks = blocks_with_receipts(self.chain, self._next_block, latest)
            assert blocks is not None
            for block in blocks:
                before = self._seen.get(block.number - 1)
                if before is not None and block.parent_hash != before:
                    self._rewind()
                    return
                if block.receipts is None:  # the node lacks eth_getBlockReceipts
                    self._by_block = False
                    break
                self._seen[block.number] = block.hash
                self._found.update((r.tx_hash, r) for r in block.receipts
                                   if r.tx_hash in self._waiting)
                self._next_block = block.number + 1
            if blocks:
                latest = min(latest, blocks[-1].number)
        if not self._by_block:
            found = receipts_of(self.chain, [h for h in self._waiting if h not in self._found])
            canonical = canonical_hashes(self.chain, {r.block_number for r in found.values()})
            self._found.update((h, r) for h, r in found.items()
                               if canonical.get(r.block_number) == r.block_hash)
        self._forget_old(latest)
        deep = [h for h, receipt in self._found.items()
                if latest - receipt.block_number + 1 >= self.confirmations]
        if not deep:
            return
        done = []
        for tx_hash in deep:
            flight = self._waiting.pop(tx_hash)
            flight.receipt = self._found.pop(tx_hash)
            if not self.mine:
                self._counted[tx_hash] = flight
            done.append(Outcome(flight.job, flight.tx.nonce, flight.receipt))
        report(sorted(done, key=lambda o: o.nonce))

    def _forget_old(self, latest: int) -> None:
        """Forget blocks (and what was reported in them) deeper than REORG_DEPTH."""
        floor = latest - REORG_DEPTH
        for number in [n for n in self._seen if n < floor]:
            del self._seen[number]
        for tx_hash in [h for h, f in self._counted.items()
                        if f.receipt is not None and f.receipt.block_number < floor]:
            del self._counted[tx_hash]

    def _rewind(self) -> None:
        """The chain was reorganised: find the last remembered block that is still the
        chain's, take back every receipt found or reported above it, send those
        transactions again and read on from there."""
        canonical = canonical_hashes(self.chain, self._seen)
        kept = [n for n, h in self._seen.items() if canonical.get(n) == h]
        fork = max(kept) if kept else min(self._seen, default=self._next_block or 1) - 1
        self.reorgs += 1
        self._seen = {n: h for n, h in self._seen.items() if n <= fork}
        for tx_hash in [h for h, r in self._found.items() if r.block_number > fork]:
            del self._found[tx_hash]
        taken = sorted((f for f in self._counted.values()
                        if f.receipt is not None and f.receipt.block_number > fork),
                       key=lambda f: f.tx.nonce)
        undone = []
        for flight in taken:
            assert flight.receipt is not None
            undone.append(Outcome(flight.job, flight.tx.nonce, flight.receipt))
            del self._counted[flight.tx.tx_hash]
            flight.receipt = None
            self._waiting[flight.tx.tx_hash] = flight
        self._next_block = fork + 1
        if undone and self.on_reorg is not None:
            self.on_reorg(undone)
        self._resend(list(self._waiting.values()))
        self._resent_at = time.monotonic()

    # -- fees ----------------------------------------------------------------------------
    def fees(self) -> dict[str, int]:
        """Fresh fees for a window, by the transaction layer's rule with a wider cap.

        Full blocks raise the base fee by 12.5 % each, and the fees of a window are read
        once, before it is sent. On a chain that mines on its own a window holds about
        WINDOW_BLOCKS blocks of gas, so the base fee rises at most ~27 % while it is in
        flight: a cap of 3x covers that and other senders. Where Blokketen mines, no block
        goes over the gas target (DEV_CHUNK_SHARE), so the base fee does not rise at all."""
        return fees(self.chain, multiplier=MAX_FEE_MULTIPLIER, max_age=0)


def _retrying(send: Callable[[Chain, list[SignedTx]], list[str | RpcError]], chain: Chain,
              chunk: list[SignedTx]) -> list[str | RpcError]:
    """Send once more when the request got no answer (an idle keep-alive connection the node
    dropped, a timeout): a resent raw transaction is harmless. The node answers "already
    known", or "nonce too low" when the first send was taken and mined: that counts as a
    refusal, and the import resumes from what the chain holds."""
    try:
        return send(chain, chunk)
    except NodeUnreachable:
        return send(chain, chunk)


def _known(error: RpcError) -> bool:
    """A resend of a transaction the node already has is not a failure."""
    text = error.rpc_message.lower()
    return "already known" in text or "already imported" in text


def _taken_before(chain: Chain, tx: SignedTx, error: RpcError) -> bool:
    """"nonce too low" for a transaction that is on chain: a chunk sent again after the
    node that first took it stopped answering (reconciled by nonce: the same transaction,
    not a second one)."""
    text = error.rpc_message.lower()
    if "nonce too low" not in text and "correct nonce" not in text:
        return False
    return chain.rpc("eth_getTransactionByHash", [tx.tx_hash]) is not None


def settle_pending(chain: Chain, address: str, *, mine: bool, timeout: float = 120.0) -> int:
    """Wait until ``address`` has no transactions waiting in the node (a crashed run may
    have left some); on a dev chain that Blokketen may mine, mine them. Returns how many."""

    def counts() -> tuple[int, int]:
        latest, pending = chain.rpc_batch([
            ("eth_getTransactionCount", [address, "latest"]),
            ("eth_getTransactionCount", [address, "pending"])])
        for answer in (latest, pending):
            if isinstance(answer, RpcError):
                raise answer
        return int(str(latest), 16), int(str(pending), 16)

    latest, pending = counts()
    waiting = pending - latest
    if waiting <= 0:
        return 0
    if mine:
        chain.mine_until_included(address, pending - 1)
        return waiting
    deadline = time.monotonic() + timeout
    while latest < pending:
        if time.monotonic() > deadline:
            raise ChainError(f"{pending - latest} transactions of {address} still pending after "
                             f"{timeout:.0f} s (underpriced?); try again later")
        time.sleep(0.2)
        latest, pending = counts()
    return waiting


@contextlib.contextmanager
def manual_mining(chain: Chain, journal: Journal | None, state: JournalState) -> Iterator[bool]:
    """While the block runs, mine on demand where Blokketen may (yields whether it does).

    On an anvil/Hardhat dev chain with automine on, automine goes off while sending (one
    block per transaction is slow) and back on at the end, even after an earlier run
    (``state`` from the journal) crashed with it off. Other chains are left exactly as
    they are."""
    mine = chain.can_mine_manually
    restore = False
    if mine:
        previous = chain.set_automine(False)
        restore = previous or state.automine_was_on
        if previous and journal is not None:
            journal.note("automine-off")
    try:
        yield mine
    finally:
        if restore:
            with contextlib.suppress(Exception):
                chain.set_automine(True)
                if journal is not None:
                    journal.note("automine-restored")
