"""The one transaction layer: sign locally, count nonces, set fees, wait for receipts.

Every client, the deployer and the bulk importer send through :class:`Transactor`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eth_utils import to_checksum_address

from blokketen._exceptions import ChainError, ContractRevert, RpcError, TransactionTimeout
from blokketen.chain.accounts import refuse_dev_key_off_dev_chain
from blokketen.contract.errors import ErrorDecoder, revert_data
from blokketen.contract.events import EventDecoder, EventRecord

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

GAS_HEADROOM = 1.2
"""Estimated gas is multiplied by this, so state that changes between estimate and mining
(other transactions in flight) does not run the transaction out of gas."""


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

    @property
    def succeeded(self) -> bool:
        return self.status == 1


@dataclass(frozen=True)
class PendingTx:
    """A sent transaction whose receipt may not exist yet."""

    tx_hash: str
    sender: str
    nonce: int
    request: dict[str, Any] = field(repr=False)


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
        self.signer = RawSigner(account, chain.chain_id)  # refuses a dev key off a dev chain
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
            raise _revert_from_rpc(err, errors) from None
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
        fees = self.chain.fees()
        target = to_checksum_address(to) if to is not None else None
        request: dict[str, Any] = {"gas": gas, "value": value, "data": data, "to": target}
        for attempt in (1, 2):
            nonce = self.chain.nonces.next(self.address)
            try:
                signed = self.signer.sign(nonce=nonce, gas=gas, to=target, data=data,
                                          fees=fees, value=value)
                tx_hash = str(self.chain.rpc("eth_sendRawTransaction",
                                             ["0x" + signed.raw.hex()]))
                break
            except RpcError as err:
                # The counter no longer matches the chain (another process sent from this
                # key, or the node refused for another reason): forget it, so the next send
                # reads the count again. A nonce that is too low is simply retried once.
                self.chain.nonces.resync(self.address)
                if revert_data(err.data) is not None:
                    raise _revert_from_rpc(err, errors) from None
                if attempt == 1 and _nonce_refused(err.rpc_message):
                    continue
                raise ChainError(f"transaction refused by the node: {err.rpc_message}") from None
            except BaseException:
                self.chain.nonces.resync(self.address)  # the nonce was never used: no gap
                raise
        return PendingTx(tx_hash=tx_hash, sender=self.address, nonce=nonce, request=request)

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
        """Wait for the receipt (and confirmations); a failed transaction raises its revert."""
        receipt = wait_for_receipts(
            self.chain,
            [pending.tx_hash],
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


def wait_for_receipts(
    chain: Chain,
    tx_hashes: list[str],
    *,
    timeout: float = 120.0,
    confirmations: int = 0,
    events: EventDecoder | None = None,
) -> list[Receipt]:
    """Receipts of many transactions, polled in JSON-RPC batches with a short backoff."""
    deadline = time.monotonic() + timeout
    found: dict[str, dict[str, Any]] = {}
    delay = 0.002
    while True:
        missing = [h for h in tx_hashes if h not in found]
        if missing:
            answers = chain.rpc_batch([("eth_getTransactionReceipt", [h]) for h in missing])
            for tx_hash, answer in zip(missing, answers, strict=True):
                if isinstance(answer, RpcError):
                    raise answer
                if answer is not None:
                    found[tx_hash] = answer
        if len(found) == len(tx_hashes):
            if confirmations <= 1:
                break
            head = chain.block_number
            deepest = max(int(r["blockNumber"], 16) for r in found.values())
            if head - deepest + 1 >= confirmations:
                break
        if time.monotonic() > deadline:
            raise TransactionTimeout(
                f"{len(tx_hashes) - len(found)} of {len(tx_hashes)} transactions without a "
                f"receipt (or {confirmations} confirmations) after {timeout:.0f} s"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    return [_receipt(found[h], events) for h in tx_hashes]


def _receipt(raw: dict[str, Any], events: EventDecoder | None) -> Receipt:
    logs = tuple(raw.get("logs", []))
    address = raw.get("contractAddress")
    return Receipt(
        tx_hash=str(raw["transactionHash"]),
        block_number=int(raw["blockNumber"], 16),
        gas_used=int(raw["gasUsed"], 16),
        status=int(raw.get("status", "0x1"), 16),
        sender=to_checksum_address(raw["from"]),
        contract_address=to_checksum_address(address) if address else None,
        logs=logs,
        events=events.decode_all(list(logs)) if events else (),
    )


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
        revert = _revert_from_rpc(err, errors)
        revert.tx_hash = receipt.tx_hash
        return revert
    from blokketen._exceptions import UnknownRevert

    return UnknownRevert(
        f"transaction {receipt.tx_hash} failed (status 0, gas used {receipt.gas_used}) and "
        "does not revert when replayed: out of gas or state changed in the same block",
        tx_hash=receipt.tx_hash,
    )


def _nonce_refused(message: str) -> bool:
    """Whether the node refused a transaction for its nonce (anvil/geth and ganache wording)."""
    lowered = message.lower()
    return "nonce too low" in lowered or "correct nonce" in lowered


def _revert_from_rpc(err: RpcError, errors: ErrorDecoder | None) -> ContractRevert:
    data = revert_data(err.data)
    if data is None:
        from blokketen._exceptions import UnknownRevert

        return UnknownRevert(f"reverted: {err.rpc_message}")
    return (errors or ErrorDecoder([])).decode(data)


# -- bulk sending: fast signing, batched raw sends, manual mining on dev chains ----------
@dataclass(frozen=True)
class SignedTx:
    """A signed transaction ready for ``eth_sendRawTransaction``."""

    raw: bytes = field(repr=False)
    tx_hash: str
    nonce: int


class RawSigner:
    """Signs many transactions for one key without eth-account's per-call overhead.

    The transaction is RLP-encoded here and signed with coincurve when it is installed
    (``pip install blokketen[fast]``), else with eth-keys; the result is byte for byte what
    ``account.sign_transaction`` gives for the same fields (signatures are deterministic,
    RFC 6979). EIP-1559 (type 2) when ``fees`` holds ``maxFeePerGas``, else legacy EIP-155."""

    def __init__(self, account: LocalAccount, chain_id: int) -> None:
        refuse_dev_key_off_dev_chain(account.address, chain_id)
        self.address = str(account.address)
        self.chain_id = chain_id
        key = bytes(account.key)
        try:
            import coincurve
        except ImportError:  # pragma: no cover - coincurve is in requirements.txt
            from eth_keys.datatypes import PrivateKey

            slow = PrivateKey(key)

            def sign_hash(digest: bytes) -> tuple[int, int, int]:
                sig = slow.sign_msg_hash(digest)
                return sig.v, sig.r, sig.s
        else:
            fast = coincurve.PrivateKey(key)

            def sign_hash(digest: bytes) -> tuple[int, int, int]:
                sig = fast.sign_recoverable(digest, hasher=None)
                return sig[64], int.from_bytes(sig[0:32], "big"), int.from_bytes(sig[32:64], "big")

        self._sign_hash = sign_hash

    def sign(self, *, nonce: int, gas: int, to: str | None, data: bytes,
             fees: dict[str, int], value: int = 0) -> SignedTx:
        from eth_hash.auto import keccak

        target = bytes.fromhex(to[2:]) if to else b""
        if "maxFeePerGas" in fees:
            fields: list[Any] = [self.chain_id, nonce, fees["maxPriorityFeePerGas"],
                                 fees["maxFeePerGas"], gas, target, value, data, []]
            v, r, s = self._sign_hash(keccak(b"\x02" + rlp_encode(fields)))
            raw = b"\x02" + rlp_encode([*fields, v, r, s])
        else:
            fields = [nonce, fees["gasPrice"], gas, target, value, data]
            v, r, s = self._sign_hash(keccak(rlp_encode([*fields, self.chain_id, 0, 0])))
            raw = rlp_encode([*fields, v + 35 + 2 * self.chain_id, r, s])
        return SignedTx(raw=raw, tx_hash="0x" + keccak(raw).hex(), nonce=nonce)


def rlp_encode(item: Any) -> bytes:
    """RLP of nested lists of bytes and non-negative ints (what transactions need)."""
    if isinstance(item, list):
        payload = b"".join(rlp_encode(x) for x in item)
        return _rlp_length(len(payload), 0xC0) + payload
    if isinstance(item, int):
        item = item.to_bytes((item.bit_length() + 7) // 8, "big") if item else b""
    if len(item) == 1 and item[0] < 0x80:
        return bytes(item)
    return _rlp_length(len(item), 0x80) + bytes(item)


def _rlp_length(length: int, offset: int) -> bytes:
    if length < 56:
        return bytes([offset + length])
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(encoded)]) + encoded


def send_raw_batch(chain: Chain, signed: list[SignedTx]) -> list[str | RpcError]:
    """Send signed transactions in one JSON-RPC batch; each answer is a hash or an RpcError."""
    calls = [("eth_sendRawTransaction", ["0x" + tx.raw.hex()]) for tx in signed]
    answers = chain.rpc_batch(calls)
    return [a if isinstance(a, RpcError) else str(a) for a in answers]


def can_mine_manually(chain: Chain) -> bool:
    """Whether Blokketen may switch automine off and mine itself: an anvil or Hardhat dev
    node on a dev chain id. Never on any other chain."""
    return chain.is_dev and chain.node_kind in ("anvil", "hardhat")


def set_automine(chain: Chain, enabled: bool) -> bool:
    """Switch automine on a local dev chain; returns the previous setting."""
    if not can_mine_manually(chain):
        raise ChainError("evm_setAutomine needs a local anvil or Hardhat dev chain")
    try:
        previous = bool(chain.rpc("anvil_getAutomine" if chain.node_kind == "anvil"
                                  else "hardhat_getAutomine", []))
    except RpcError:
        previous = True
    chain.rpc("evm_setAutomine", [enabled])
    return previous


def mine_until_included(chain: Chain, address: str, nonce: int, *, max_blocks: int = 10_000) -> int:
    """On a manual-mining dev chain: mine blocks until ``address``'s transaction with
    ``nonce`` (and all before it) is included; returns the number of blocks mined."""
    if not can_mine_manually(chain):
        raise ChainError("mining on demand needs a local anvil or Hardhat dev chain")
    mined = 0
    while int(chain.rpc("eth_getTransactionCount", [address, "latest"]), 16) <= nonce:
        if mined >= max_blocks:
            raise TransactionTimeout(f"nonce {nonce} of {address} not mined after {mined} blocks")
        chain.rpc("evm_mine", [])
        mined += 1
    return mined


def block_receipts(chain: Chain, blocks: list[int]) -> dict[str, dict[str, Any]]:
    """Raw receipts of every transaction in ``blocks`` by transaction hash (one batch of
    ``eth_getBlockReceipts``; nodes without it are asked per transaction by the caller)."""
    answers = chain.rpc_batch([("eth_getBlockReceipts", [hex(b)]) for b in blocks])
    found: dict[str, dict[str, Any]] = {}
    for answer in answers:
        if isinstance(answer, RpcError):
            raise answer
        for raw in answer or []:
            found[str(raw["transactionHash"])] = raw
    return found
