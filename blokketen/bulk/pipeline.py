"""Pipelined sending: many signed transactions in flight, sent in JSON-RPC batches.

A window of jobs is signed locally (:class:`blokketen.clients.tx.RawSigner`), sent in
batches of ``eth_sendRawTransaction``, then its receipts are polled in batches. On a local
dev chain Blokketen may mine the window itself (``evm_mine``); on any other chain it waits
for the chain's own blocks and for ``confirmations``. Windows on such chains hold at most
about two blocks of gas, so fees read at signing time stay valid until inclusion.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ChainError
from blokketen.chain.connection import RpcError
from blokketen.clients.tx import (
    RawSigner,
    SignedTx,
    can_mine_manually,
    mine_until_included,
    send_raw_batch,
    wait_for_receipts,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

HTTP_BATCH = 250
"""Transactions per JSON-RPC batch request."""
DEV_WINDOW = 1_000
"""Transactions per window on a chain that Blokketen mines itself."""
MAX_FEE_MULTIPLIER = 3
"""maxFeePerGas = this × the latest base fee + tip: room for base-fee rises while in flight."""


@dataclass(frozen=True)
class Job:
    """One transaction to send: calldata, gas limit and the record keys it carries."""

    data: bytes
    gas: int
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one job."""

    job: Job
    tx_hash: str
    nonce: int
    status: int
    gas_used: int
    block_number: int


class BulkSender:
    """Sends jobs to one contract from one account, a window at a time."""

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
        self.confirmations = confirmations
        self.timeout = timeout
        self.mine = can_mine_manually(chain) if mine is None else mine
        if self.mine and not can_mine_manually(chain):
            raise ChainError("mining on demand needs a local anvil or Hardhat dev chain")
        self.signer = RawSigner(account, chain.chain_id)
        self.on_sent = on_sent
        self._block_gas: int | None = None
        self._tip: int | None = None

    # -- windows -------------------------------------------------------------------------
    def window_size(self, gas_per_job: int) -> int:
        if self.mine:
            return DEV_WINDOW
        if self._block_gas is None:
            self._block_gas = int(self.chain.block("latest")["gasLimit"], 16)
        return max(1, min(DEV_WINDOW, 2 * self._block_gas // max(gas_per_job, 1)))

    def run(self, jobs: Sequence[Job],
            on_window: Callable[[list[Outcome]], None] | None = None) -> list[Outcome]:
        """Send every job; returns their outcomes in order (failed ones have status 0)."""
        outcomes: list[Outcome] = []
        start = 0
        while start < len(jobs):
            size = self.window_size(max(j.gas for j in jobs[start:start + DEV_WINDOW]))
            window = list(jobs[start:start + size])
            done = self.send_window(window)
            outcomes.extend(done)
            if on_window is not None:
                on_window(done)
            start += size
        return outcomes

    def send_window(self, window: list[Job]) -> list[Outcome]:
        """Sign and send one window, then wait for (or mine) its receipts.

        Signing the next HTTP batch overlaps with the node taking the previous one: a single
        worker thread posts the batches in nonce order while this thread signs."""
        from concurrent.futures import Future, ThreadPoolExecutor

        fees = self.fees()
        head = self.chain.block_number
        signed: list[SignedTx] = []
        posted: list[tuple[int, Future[list[str | RpcError]]]] = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-send") as pool:
            try:
                for first in range(0, len(window), HTTP_BATCH):
                    chunk = []
                    for job in window[first:first + HTTP_BATCH]:
                        nonce = self.chain.nonces.next(self.address)
                        chunk.append(self.signer.sign(nonce=nonce, gas=job.gas, to=self.to,
                                                      data=job.data, fees=fees))
                    signed.extend(chunk)
                    posted.append((first, pool.submit(_retrying, send_raw_batch, self.chain,
                                                      chunk)))
                for first, future in posted:
                    self._check_sent(window, signed, first, future.result())
            except BaseException:
                self.chain.nonces.resync(self.address)
                raise
        if self.mine:
            mine_until_included(self.chain, self.address, signed[-1].nonce)
            for _ in range(max(0, self.confirmations - 1)):
                self.chain.rpc("evm_mine", [])
            found = self._block_receipts(head + 1, self.chain.block_number)
        else:
            found = {}
        missing = [s.tx_hash for s in signed if s.tx_hash not in found]
        if missing:
            receipts = wait_for_receipts(self.chain, missing, timeout=self.timeout,
                                         confirmations=self.confirmations)
            for r in receipts:
                found[r.tx_hash] = (r.status, r.gas_used, r.block_number)
        return [Outcome(job, tx.tx_hash, tx.nonce, *found[tx.tx_hash])
                for job, tx in zip(window, signed, strict=True)]

    def _check_sent(self, window: list[Job], signed: list[SignedTx], first: int,
                    answers: list[str | RpcError]) -> None:
        for offset, answer in enumerate(answers):
            job, tx = window[first + offset], signed[first + offset]
            if isinstance(answer, RpcError) and not _known(answer):
                raise ChainError(f"the node refused transaction nonce {tx.nonce}: "
                                 f"{answer.rpc_message}")
            if self.on_sent is not None:
                self.on_sent(job, tx)

    def _block_receipts(self, first: int, last: int) -> dict[str, tuple[int, int, int]]:
        """(status, gas used, block) by hash for every transaction in blocks first..last, via
        ``eth_getBlockReceipts``; empty when the node lacks it (then receipts are polled)."""
        if last < first:
            return {}
        calls = [("eth_getBlockReceipts", [hex(b)]) for b in range(first, last + 1)]
        found: dict[str, tuple[int, int, int]] = {}
        for answer in self.chain.rpc_batch(calls):
            if isinstance(answer, RpcError):
                return {}
            for raw in answer or []:
                found[str(raw["transactionHash"])] = (
                    int(raw.get("status", "0x1"), 16), int(raw["gasUsed"], 16),
                    int(raw["blockNumber"], 16))
        return found

    def fees(self) -> dict[str, int]:
        """Fresh fees for a window (the base fee climbs while blocks are full)."""
        if not self.chain.eip1559:
            return {"gasPrice": int(self.chain.rpc("eth_gasPrice", []), 16)}
        base = int(self.chain.block("latest").get("baseFeePerGas") or "0x0", 16)
        if base == 0:
            return {"maxFeePerGas": 0, "maxPriorityFeePerGas": 0}
        if self._tip is None:
            self._tip = self.chain.fees()["maxPriorityFeePerGas"]
        return {"maxFeePerGas": MAX_FEE_MULTIPLIER * base + self._tip,
                "maxPriorityFeePerGas": self._tip}


def _retrying(send: Callable[[Chain, list[SignedTx]], list[str | RpcError]], chain: Chain,
              chunk: list[SignedTx]) -> list[str | RpcError]:
    """Send once more when the node dropped an idle keep-alive connection: a resent raw
    transaction is harmless (the node answers "already known" or the same hash)."""
    try:
        return send(chain, chunk)
    except OSError:
        return send(chain, chunk)
    except Exception as err:
        if type(err).__name__ != "ConnectionError":  # requests' own class
            raise
        return send(chain, chunk)


def _known(error: RpcError) -> bool:
    """A resend of a transaction the node already has is not a failure."""
    text = error.rpc_message.lower()
    return "already known" in text or "already imported" in text


def settle_pending(chain: Chain, address: str, *, mine: bool, timeout: float = 120.0) -> int:
    """Wait until ``address`` has no transactions waiting in the node (a crashed run may
    have left some); on a dev chain that Blokketen may mine, mine them. Returns how many."""
    import time

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
        mine_until_included(chain, address, pending - 1)
        return waiting
    deadline = time.monotonic() + timeout
    while latest < pending:
        if time.monotonic() > deadline:
            raise ChainError(f"{pending - latest} transactions of {address} still pending after "
                             f"{timeout:.0f} s (underpriced?); try again later")
        time.sleep(0.2)
        latest, pending = counts()
    return waiting


def chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]
