"""Pipelined sending: many signed transactions in flight, sent in JSON-RPC batches.

A window of jobs is signed locally (:class:`blokketen.contract.tx.RawSigner`) and sent in
chunks of ``eth_sendRawTransaction`` (one JSON-RPC batch each). Each chunk's answers are
checked before the next chunk goes out: when the node refuses a transaction, nothing after
it is sent (a gap in the nonces would stall everything behind it), the nonce counter is
resynced and the caller resumes from the chain. Receipts are collected block by block
(``eth_getBlockReceipts``) after every chunk and while waiting, and reported as they come,
so a progress bar moves with the chain. On a local dev chain Blokketen may mine the rest of
a window itself (``evm_mine``); on any other chain it waits for the chain's own blocks and
for ``confirmations``. Fees follow the transaction layer's one rule
(:func:`blokketen.contract.tx.fees`), receipts its one parser.

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
from blokketen.contract.tx import Receipt, fees, receipts_in_blocks, receipts_of

if TYPE_CHECKING:
    from concurrent.futures import Future

    from eth_account.signers.local import LocalAccount

    from blokketen.bulk.journal import Journal, JournalState
    from blokketen.chain.connection import Chain

HTTP_BATCH = 250
"""At most this many transactions per JSON-RPC batch request (a chunk)."""
CHUNK_BLOCKS = 1
"""A chunk holds at most this many blocks of gas, so big batch transactions go out (and
are reported) a few at a time."""
DEV_WINDOW = 1_000
"""Transactions per window on a chain that Blokketen mines itself."""
DEV_WINDOW_BLOCKS = 16
"""...and at most this many blocks of gas per window there (see :meth:`BulkSender.fees`)."""
WINDOW_BLOCKS = 2
"""Blocks of gas per window on any other chain (see :meth:`BulkSender.fees`)."""
MAX_FEE_MULTIPLIER = 3
"""maxFeePerGas = this x the latest base fee + tip on chains that mine on their own."""
DEV_MAX_FEE_MULTIPLIER = 10
"""... and this x on a dev chain that Blokketen mines itself."""
IDLE_BLOCKS = 64
"""Blocks Blokketen mines without any of its transactions appearing before it gives up."""

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
        self.refusal: str | None = None
        self.unsent: list[Job] = []
        self._block_gas: int | None = None
        # receipts in flight: tx hash -> (job, signed tx); found but not yet deep enough
        self._waiting: dict[str, tuple[Job, SignedTx]] = {}
        self._found: dict[str, Receipt] = {}
        self._next_block: int | None = None
        self._by_block = True

    # -- windows -------------------------------------------------------------------------
    @property
    def block_gas(self) -> int:
        if self._block_gas is None:
            self._block_gas = int(self.chain.block("latest")["gasLimit"], 16)
        return self._block_gas

    def window_size(self, gas_per_job: int) -> int:
        blocks = DEV_WINDOW_BLOCKS if self.mine else WINDOW_BLOCKS
        return max(1, min(DEV_WINDOW, blocks * self.block_gas // max(gas_per_job, 1)))

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
            sent = self.send_window(window, collect)
            if self.refusal is not None:
                self.unsent = list(jobs[start + sent:])
                break
            start += size
        return outcomes

    def send_window(self, window: list[Job], report: Report) -> int:
        """Sign and send one window chunk by chunk, then wait for (or mine) its receipts;
        returns how many of its jobs were sent (fewer when the node refused one).

        Signing the next chunk overlaps with the node taking the previous one (a worker
        thread posts it), but a chunk is only posted once the previous chunk's answers are
        all good."""
        from concurrent.futures import ThreadPoolExecutor

        fees = self.fees()
        sent = 0
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-send") as pool:
                posted: tuple[list[Job], list[SignedTx], Future[list[str | RpcError]]] | None
                posted = None
                for part in self._chunks(window):
                    chunk = [self.signer.sign(nonce=self.chain.nonces.next(self.address),
                                              gas=job.gas, to=self.to, data=job.data, fees=fees)
                             for job in part]
                    if posted is not None:
                        accepted = self._accept(*posted)
                        sent += accepted
                        if self.refusal is not None:
                            break
                        self._collect(report)
                    posted = (part, chunk, pool.submit(_retrying, send_raw_batch, self.chain,
                                                       chunk))
                else:
                    if posted is not None:
                        sent += self._accept(*posted)
        except BaseException:
            self.chain.nonces.resync(self.address)
            raise
        if self.refusal is not None:
            # nonces signed after the refused one were never sent: count afresh from the node
            self.chain.nonces.resync(self.address)
        self._settle(report)
        return sent

    def _chunks(self, window: list[Job]) -> list[list[Job]]:
        """At most HTTP_BATCH jobs and (beyond the first job) CHUNK_BLOCKS blocks of gas."""
        limit = CHUNK_BLOCKS * self.block_gas
        out: list[list[Job]] = []
        gas = 0
        for job in window:
            if not out or len(out[-1]) >= HTTP_BATCH or gas + job.gas > limit:
                out.append([])
                gas = 0
            out[-1].append(job)
            gas += job.gas
        return out

    def _accept(self, part: list[Job], chunk: list[SignedTx],
                future: Future[list[str | RpcError]]) -> int:
        """Check one chunk's answers; returns how many of its jobs the node took, in order.
        The first refusal sets ``refusal``; what follows it in the chunk does not count as
        sent (the node may hold it behind the gap, and the resumed import finds out)."""
        answers = future.result()
        for count, (job, tx, answer) in enumerate(zip(part, chunk, answers, strict=True)):
            if isinstance(answer, RpcError) and not _known(answer):
                self.refusal = (f"the node refused transaction nonce {tx.nonce}: "
                                f"{answer.rpc_message}")
                return count
            self._waiting[tx.tx_hash] = (job, tx)
            if self.on_sent is not None:
                self.on_sent(job, tx)
        return len(chunk)

    # -- receipts ------------------------------------------------------------------------
    def _settle(self, report: Report) -> None:
        """Until every sent transaction of the window is confirmed: mine a block and collect
        (dev chain mined here), or collect with a short backoff (any other chain)."""
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        idle = 0
        self._collect(report)  # a node that mines on arrival may have them all already
        while self._waiting:
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
            self._collect(report)
            if self.mine:  # a mined block that brought none of ours (nor depth) is idle
                progressed = (len(self._waiting), len(self._found)) != before or self._found
                idle = 0 if progressed else idle + 1
                if idle > IDLE_BLOCKS:
                    raise TransactionTimeout(
                        f"{len(self._waiting)} transactions not mined after {idle} blocks")

    def _collect(self, report: Report) -> None:
        """Report the transactions in flight that have receipts now (and enough blocks on
        top of theirs), in nonce order."""
        if not self._waiting:
            return
        latest = self.chain.block_number
        if self._by_block:
            assert self._next_block is not None
            receipts = receipts_in_blocks(self.chain, self._next_block, latest)
            if receipts is None:  # the node lacks eth_getBlockReceipts: ask per transaction
                self._by_block = False
            else:
                self._next_block = latest + 1
                self._found.update((h, r) for h, r in receipts.items()
                                   if h in self._waiting)
        if not self._by_block:
            self._found.update(receipts_of(self.chain, [h for h in self._waiting
                                                        if h not in self._found]))
        deep = [h for h, receipt in self._found.items()
                if latest - receipt.block_number + 1 >= self.confirmations]
        if not deep:
            return
        done = []
        for tx_hash in deep:
            job, tx = self._waiting.pop(tx_hash)
            done.append(Outcome(job, tx.nonce, self._found.pop(tx_hash)))
        report(sorted(done, key=lambda o: o.nonce))

    # -- fees ----------------------------------------------------------------------------
    def fees(self) -> dict[str, int]:
        """Fresh fees for a window, by the transaction layer's rule with a wider cap.

        Full blocks raise the base fee by 12.5 % each, and the fees of a window are read
        once, before it is sent. On a chain that mines on its own a window holds about
        WINDOW_BLOCKS blocks of gas, so the base fee rises at most ~27 % while it is in
        flight: a cap of 3x covers that and other senders. When Blokketen mines a dev chain
        itself a window may fill DEV_WINDOW_BLOCKS blocks (1.125^16 is about 6.6), so the cap
        is 10x there; dev accounts hold plenty of test ether and pay only the actual base
        fee, so a generous cap costs nothing."""
        multiplier = DEV_MAX_FEE_MULTIPLIER if self.mine else MAX_FEE_MULTIPLIER
        return fees(self.chain, multiplier=multiplier, max_age=0)


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
