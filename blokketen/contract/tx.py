"""The one transaction layer: sign locally, count nonces, set fees, wait for receipts.

Every client, the deployer and the bulk sender send through here: :func:`fees` is the one
fee rule, :func:`parse_receipt` the one reading of a receipt, :class:`Transactor` signs and
sends one account's transactions (with :class:`blokketen.chain.RawSigner`).

Confirmations mean what they say: a receipt counts only while its block is the block the
chain has at that height now (:func:`canonical_hashes`), and confirmations are counted on
that chain. A transaction whose receipt a reorganisation took away is waited for again and
sent again (the same signed bytes, so it cannot happen twice); one whose nonce another
transaction took raises :class:`TransactionDropped`. A send that may have reached a node
that stopped answering is reconciled by nonce: the node that takes over is given the same
signed transaction, and "nonce too low" there means it was mined only if its hash is found.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eth_utils import to_checksum_address

from blokketen._exceptions import (
    ChainError,
    ContractRevert,
    RpcError,
    TransactionDropped,
    TransactionTimeout,
    UnknownRevert,
)
from blokketen.chain.signing import RawSigner
from blokketen.contract.errors import ErrorDecoder, revert_data, revert_from_rpc
from blokketen.contract.events import EventDecoder, EventRecord

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

__all__ = [
    "GAS_HEADROOM",
    "MAX_FEE_MULTIPLIER",
    "PendingTx",
    "Receipt",
    "Transactor",
    "canonical_hashes",
    "fees",
    "parse_receipt",
    "receipts_in_blocks",
    "receipts_of",
    "replay_failure",
    "resend",
    "wait_for_receipts",
]

GAS_HEADROOM = 1.2
"""Estimated gas is multiplied by this, so state that changes between estimate and mining
(other transactions in flight) does not run the transaction out of gas."""

MAX_FEE_MULTIPLIER = 2
"""maxFeePerGas = this x the latest base fee + tip, for a transaction sent on its own."""

RECEIPT_BATCH = 500
"""Receipts (or blocks of receipts) asked for in one JSON-RPC batch."""
RESEND_AFTER = 15.0
"""Seconds a sent transaction may go without a receipt before it is sent again (the same
signed bytes: a node that lost it gets it back, one that has it answers "already known")."""


def fees(chain: Chain, *, multiplier: int = MAX_FEE_MULTIPLIER,
         max_age: float = 1.0) -> dict[str, int]:
    """The fee fields of a new transaction: the one fee rule.

    EIP-1559 chains: ``maxFeePerGas = multiplier x base fee + tip``, so the transaction
    still pays when the base fee rises while it waits (12.5 % per full block); legacy
    chains: the node's gas price; a chain whose base fee is zero (a permissioned network):
    zero fees. ``max_age`` is how old the node's fee answers may be (0: ask now)."""
    basis = chain.fee_basis(max_age=max_age)
    if basis.gas_price is not None:
        return {"gasPrice": basis.gas_price}
    if basis.base_fee == 0:
        return {"maxFeePerGas": 0, "maxPriorityFeePerGas": 0}
    return {"maxFeePerGas": multiplier * basis.base_fee + basis.tip,
            "maxPriorityFeePerGas": basis.tip}


@dataclass(frozen=True)
class Receipt:
    """A mined transaction."""

    tx_hash: str
    block_number: int
    gas_used: int
    status: int
    sender: str
    contract_address: str | None
    logs: tuple[dict[str, Any], ...] = field(repr=False)
    events: tuple[EventRecord, ...] = ()
    block_hash: str = ""
    """The hash of the block the receipt was read from (checked against the canonical
    chain before the receipt counts)."""

    @property
    def succeeded(self) -> bool:
        return self.status == 1


@dataclass(frozen=True)
class PendingTx:
    """A sent transaction whose receipt may not exist yet; ``raw`` (the signed bytes) lets
    the wait send it again when a node lost it."""

    tx_hash: str
    sender: str
    nonce: int
    request: dict[str, Any] = field(repr=False)
    raw: bytes | None = field(default=None, repr=False)


class Transactor:
    """Signs and sends transactions for one account on one chain."""

    def __init__(
        self,
        chain: Chain,
        account: LocalAccount,
        *,
        confirmations: int = 0,
        timeout: float = 120.0,
    ) -> None:
        self.signer = RawSigner(account, chain)  # refuses a public key off a dev chain
        self.chain = chain
        self.account = account
        self.confirmations = confirmations
        self.timeout = timeout

    @property
    def address(self) -> str:
        return str(self.account.address)

    # -- building and sending ------------------------------------------------------------
    def estimate_gas(
        self,
        to: str | None,
        data: bytes,
        *,
        value: int = 0,
        errors: ErrorDecoder | None = None,
    ) -> int:
        """Gas for the call with headroom; a revert raises its typed exception."""
        call: dict[str, Any] = {"from": self.address, "data": "0x" + data.hex()}
        call["value"] = hex(value)
        if to is not None:
            call["to"] = to
        try:
            gas = int(self.chain.rpc("eth_estimateGas", [call]), 16)
        except RpcError as err:
            raise revert_from_rpc(err, errors) from None
        return int(gas * GAS_HEADROOM) + 10_000

    def send(
        self,
        to: str | None,
        data: bytes,
        *,
        value: int = 0,
        gas: int | None = None,
        errors: ErrorDecoder | None = None,
    ) -> PendingTx:
        """Sign and send; returns at once. Without ``gas``, a revert is raised before sending."""
        if gas is None:
            gas = self.estimate_gas(to, data, value=value, errors=errors)
        fee_fields = fees(self.chain)
        target = to_checksum_address(to) if to is not None else None
        request: dict[str, Any] = {"gas": gas, "value": value, "data": data, "to": target}
        for attempt in (1, 2):
            nonce = self.chain.nonces.next(self.address)
            try:
                signed = self.signer.sign(nonce=nonce, gas=gas, to=target, data=data,
                                          fees=fee_fields, value=value)
                tx_hash = str(self.chain.rpc("eth_sendRawTransaction",
                                             ["0x" + signed.raw.hex()]))
                break
            except RpcError as err:
                if _reached(self.chain, signed.tx_hash, err):
                    # Sent before, through a node that stopped answering before it could
                    # say so: the node that took over has it, or it is mined already.
                    tx_hash = signed.tx_hash
                    break
                # The counter no longer matches the chain (another process sent from this
                # key, or the node refused for another reason): forget it, so the next send
                # reads the count again. A nonce that is too low is simply retried once.
                self.chain.nonces.resync(self.address)
                if revert_data(err.data) is not None:
                    raise revert_from_rpc(err, errors) from None
                if attempt == 1 and _nonce_refused(err.rpc_message):
                    continue
                raise ChainError(f"transaction refused by the node: {err.rpc_message}") from None
            except BaseException:
                self.chain.nonces.resync(self.address)  # the nonce was never used: no gap
                raise
        return PendingTx(tx_hash=tx_hash, sender=self.address, nonce=nonce, request=request,
                         raw=signed.raw)

    # -- waiting -------------------------------------------------------------------------
    def wait(
        self,
        pending: PendingTx,
        *,
        timeout: float | None = None,
        confirmations: int | None = None,
        errors: ErrorDecoder | None = None,
        events: EventDecoder | None = None,
    ) -> Receipt:
        """Wait for the receipt (and confirmations, on the canonical chain); a failed
        transaction raises its revert, a dropped one TransactionDropped."""
        receipt = wait_for_receipts(
            self.chain,
            [pending],
            timeout=self.timeout if timeout is None else timeout,
            confirmations=self.confirmations if confirmations is None else confirmations,
            events=events,
        )[0]
        if not receipt.succeeded:
            raise replay_failure(self.chain, pending, receipt, errors)
        return receipt

    def transact(
        self,
        to: str | None,
        data: bytes,
        *,
        value: int = 0,
        gas: int | None = None,
        errors: ErrorDecoder | None = None,
        events: EventDecoder | None = None,
    ) -> Receipt:
        pending = self.send(to, data, value=value, gas=gas, errors=errors)
        return self.wait(pending, errors=errors, events=events)


# -- receipts ------------------------------------------------------------------------------
def parse_receipt(raw: dict[str, Any], events: EventDecoder | None = None) -> Receipt:
    """The :class:`Receipt` of a JSON-RPC receipt object (with its events decoded by
    ``events``): the one reading of a receipt, for single sends and bulk alike."""
    logs = tuple(raw.get("logs", []))
    address = raw.get("contractAddress")
    return Receipt(
        tx_hash=str(raw["transactionHash"]),
        block_number=int(raw["blockNumber"], 16),
        gas_used=int(raw["gasUsed"], 16),
        status=int(raw.get("status", "0x1"), 16),
        sender=_checksummed(raw["from"]),
        contract_address=_checksummed(address) if address else None,
        logs=logs,
        events=events.decode_all(list(logs)) if events else (),
        block_hash=str(raw.get("blockHash") or ""),
    )


@functools.lru_cache(maxsize=1024)
def _checksummed(address: str) -> str:
    """EIP-55 form; cached, since bulk receipts name the same sender thousands of times."""
    return str(to_checksum_address(address))


def receipts_of(chain: Chain, tx_hashes: list[str], *,
                events: EventDecoder | None = None) -> dict[str, Receipt]:
    """The receipts that exist now of ``tx_hashes`` (batches of :data:`RECEIPT_BATCH`)."""
    found: dict[str, Receipt] = {}
    for start in range(0, len(tx_hashes), RECEIPT_BATCH):
        part = tx_hashes[start:start + RECEIPT_BATCH]
        answers = chain.rpc_batch([("eth_getTransactionReceipt", [h]) for h in part])
        for tx_hash, answer in zip(part, answers, strict=True):
            if isinstance(answer, RpcError):
                raise answer
            if answer is not None:
                found[tx_hash] = parse_receipt(answer, events)
    return found


def receipts_in_blocks(chain: Chain, first: int, last: int) -> dict[str, Receipt] | None:
    """Receipts of every transaction in blocks ``first`` to ``last``, by transaction hash
    (``eth_getBlockReceipts``, one batch per :data:`RECEIPT_BATCH` blocks); None when the
    node lacks that method (ask per transaction with :func:`receipts_of`)."""
    found: dict[str, Receipt] = {}
    for block in blocks_with_receipts(chain, first, last, headers=False) or ():
        if block.receipts is None:
            return None
        found.update((r.tx_hash, r) for r in block.receipts)
    return found


@dataclass(frozen=True)
class BlockReceipts:
    """One block as the node has it at its height now: hash, parent and receipts (None
    when the node lacks ``eth_getBlockReceipts``)."""

    number: int
    hash: str
    parent_hash: str
    receipts: tuple[Receipt, ...] | None


def blocks_with_receipts(chain: Chain, first: int, last: int, *,
                         headers: bool = True) -> list[BlockReceipts] | None:
    """Blocks ``first`` to ``last`` with their receipts, batched; with ``headers`` each
    block's hash and parent come from its header (so an empty block has them too). A batch
    the node refuses whole (too big an answer: geth caps a batch's answer) is asked again
    in halves. None when the node lacks ``eth_getBlockReceipts`` and ``headers`` is off."""
    out: list[BlockReceipts] = []
    width = 2 if headers else 1
    step = RECEIPT_BATCH // width
    number = first
    while number <= last:
        numbers = list(range(number, min(last, number + step - 1) + 1))
        calls: list[tuple[str, list[Any]]] = []
        for n in numbers:
            if headers:
                calls.append(("eth_getBlockByNumber", [hex(n), False]))
            calls.append(("eth_getBlockReceipts", [hex(n)]))
        try:
            answers = chain.rpc_batch(calls)
            if step > 1 and any(_too_large(a) for a in answers):
                raise RpcError("batch", {"message": "response too large"})
        except RpcError:
            if step == 1:
                raise
            step = max(1, step // 2)
            continue
        for index, n in enumerate(numbers):
            header = answers[index * width] if headers else None
            found = answers[index * width + width - 1]
            if isinstance(header, RpcError):
                raise header
            if headers and header is None:  # past the head (a reorganisation shortened it)
                return out
            receipts: tuple[Receipt, ...] | None
            if isinstance(found, RpcError):
                if not headers:
                    return None
                receipts = None
            else:
                receipts = tuple(parse_receipt(raw) for raw in found or [])
            block_hash = str(header["hash"]) if header else (
                receipts[0].block_hash if receipts else "")
            parent = str(header["parentHash"]) if header else ""
            out.append(BlockReceipts(n, block_hash, parent, receipts))
        number = numbers[-1] + 1
    return out


def _too_large(answer: Any) -> bool:
    """geth answers the calls of a batch past its size cap with "response too large"."""
    return isinstance(answer, RpcError) and "too large" in answer.rpc_message.lower()


def canonical_hashes(chain: Chain, numbers: Iterable[int]) -> dict[int, str | None]:
    """The hash of the block the chain has at each height now (None above the head)."""
    wanted = sorted(set(numbers))
    out: dict[int, str | None] = {}
    for start in range(0, len(wanted), RECEIPT_BATCH):
        part = wanted[start:start + RECEIPT_BATCH]
        answers = chain.rpc_batch([("eth_getBlockByNumber", [hex(n), False]) for n in part])
        for n, answer in zip(part, answers, strict=True):
            if isinstance(answer, RpcError):
                raise answer
            out[n] = str(answer["hash"]) if answer else None
    return out


def resend(chain: Chain, raws: Sequence[bytes]) -> None:
    """Send signed transactions again, in batches; whatever the node answers (it has them,
    they are mined, or it takes them now) is fine: the same bytes cannot happen twice."""
    for start in range(0, len(raws), 250):
        chain.rpc_batch([("eth_sendRawTransaction", ["0x" + raw.hex()])
                         for raw in raws[start:start + 250]])


def wait_for_receipts(
    chain: Chain,
    tx_hashes: Sequence[str | PendingTx],
    *,
    timeout: float = 120.0,
    confirmations: int = 0,
    events: EventDecoder | None = None,
) -> list[Receipt]:
    """Receipts of many transactions, polled in JSON-RPC batches with a short backoff.

    A receipt counts only while its block is the canonical block at its height, and
    ``confirmations`` are counted on that chain (re-checked on every round). For each
    :class:`PendingTx` with its signed bytes, a transaction without a receipt after a
    switch to another node, after a reorganisation or for :data:`RESEND_AFTER` seconds is
    sent again; one whose nonce another transaction of its sender took raises
    :class:`TransactionDropped`."""
    deadline = time.monotonic() + timeout
    hashes = [t.tx_hash if isinstance(t, PendingTx) else t for t in tx_hashes]
    pending = {t.tx_hash: t for t in tx_hashes if isinstance(t, PendingTx)}
    found: dict[str, Receipt] = {}
    delay = 0.002
    failovers = chain.failovers
    sent_at = time.monotonic()
    suspects: set[str] = set()
    while True:
        missing = [h for h in hashes if h not in found]
        if missing:
            found.update(receipts_of(chain, missing, events=events))
        if len(found) == len(hashes):
            head = chain.block_number
            canonical = canonical_hashes(chain, {r.block_number for r in found.values()})
            stale = [h for h, r in found.items()
                     if r.block_hash and canonical.get(r.block_number) != r.block_hash]
            for tx_hash in stale:  # a reorganisation took its block away: wait again
                del found[tx_hash]
            if stale:
                _resend_missing(chain, pending, stale)
                sent_at = time.monotonic()
            elif head - max(r.block_number for r in found.values()) + 1 >= confirmations:
                break
        else:
            lost = [h for h in missing if h not in found]
            if pending and (chain.failovers != failovers
                            or time.monotonic() - sent_at > RESEND_AFTER):
                failovers = chain.failovers
                suspects = _dropped(chain, pending, lost, suspects)
                _resend_missing(chain, pending, lost)
                sent_at = time.monotonic()
        if time.monotonic() > deadline:
            raise TransactionTimeout(
                f"{len(hashes) - len(found)} of {len(hashes)} transactions without a "
                f"receipt (or {confirmations} confirmations) after {timeout:.0f} s"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    return [found[h] for h in hashes]


def _resend_missing(chain: Chain, pending: dict[str, PendingTx], hashes: list[str]) -> None:
    raws = [pending[h].raw for h in hashes if h in pending and pending[h].raw is not None]
    if raws:
        resend(chain, [r for r in raws if r is not None])


def _dropped(chain: Chain, pending: dict[str, PendingTx], hashes: list[str],
             suspects: set[str]) -> set[str]:
    """Transactions among ``hashes`` whose nonce is used on chain while they have no
    receipt: suspects once, TransactionDropped when still so on the next look."""
    now: set[str] = set()
    for tx_hash in hashes:
        tx = pending.get(tx_hash)
        if tx is None:
            continue
        used = int(chain.rpc("eth_getTransactionCount", [tx.sender, "latest"]), 16)
        if used > tx.nonce and chain.rpc("eth_getTransactionReceipt", [tx_hash]) is None:
            if tx_hash in suspects:
                chain.nonces.resync(tx.sender)
                raise TransactionDropped(
                    f"transaction {tx_hash} (nonce {tx.nonce} of {tx.sender}) fell out of "
                    "the chain and another transaction took its nonce: it will never be "
                    "mined, and nothing of it happened", tx_hash=tx_hash, nonce=tx.nonce)
            now.add(tx_hash)
    return now


def replay_failure(
    chain: Chain, pending: PendingTx, receipt: Receipt, errors: ErrorDecoder | None
) -> ContractRevert:
    """Recover why a mined transaction failed: run it again as a call on the parent block."""
    request = pending.request
    call: dict[str, Any] = {
        "from": pending.sender,
        "data": "0x" + bytes(request["data"]).hex(),
        "value": hex(int(request.get("value", 0))),
        "gas": hex(int(request["gas"])),
    }
    if request.get("to"):
        call["to"] = request["to"]
    try:
        chain.rpc("eth_call", [call, hex(receipt.block_number - 1)])
    except RpcError as err:
        revert = revert_from_rpc(err, errors)
        revert.tx_hash = receipt.tx_hash
        return revert
    return UnknownRevert(
        f"transaction {receipt.tx_hash} failed (status 0, gas used {receipt.gas_used}) and "
        "does not revert when replayed: out of gas or state changed in the same block",
        tx_hash=receipt.tx_hash,
    )


def _reached(chain: Chain, tx_hash: str, error: RpcError) -> bool:
    """Whether a refused send is in fact the transaction the node (or one before it)
    already has: "already known", or "nonce too low" for a transaction found on chain."""
    message = error.rpc_message.lower()
    if "already known" in message or "already imported" in message:
        return True
    if _nonce_refused(message):
        return chain.rpc("eth_getTransactionByHash", [tx_hash]) is not None
    return False


def _nonce_refused(message: str) -> bool:
    """Whether the node refused a transaction for its nonce (anvil/geth and ganache wording)."""
    lowered = message.lower()
    return "nonce too low" in lowered or "correct nonce" in lowered
