"""A connection to one EVM chain over JSON-RPC, with what Blokketen needs to know about it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import (
    ChainError,
    ConfigurationError,
    NodeUnreachable,
    NoNodeAtUrl,
    RpcError,
)
from blokketen.chain.accounts import DEV_CHAIN_IDS, dev_accounts

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3

DEV_NODE_PREFIXES = ("anvil", "ganache", "hardhat")


def _short(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text if len(text) <= 160 else text[:157] + "..."


class NonceManager:
    """Next nonce per account, counted locally so many transactions can be in flight.

    The first use of an account reads its pending transaction count; after that nonces
    are handed out from memory. ``resync`` forgets the counter (after a revert to a
    snapshot, or when the node refused a nonce). Handing out is thread-safe, but a resync
    while another thread holds a nonce it has not sent yet can give that nonce out twice:
    send from one thread per account (the bulk sender does)."""

    def __init__(self, chain: Chain) -> None:
        self._chain = chain
        self._next: dict[str, int] = {}
        self._lock = threading.Lock()

    def next(self, address: str) -> int:
        key = address.lower()
        with self._lock:
            if key not in self._next:
                count = self._chain.rpc("eth_getTransactionCount", [address, "pending"])
                self._next[key] = int(count, 16)
            nonce = self._next[key]
            self._next[key] = nonce + 1
            return nonce

    def peek(self, address: str) -> int | None:
        """The nonce the next send would get, or None before the first send."""
        with self._lock:
            return self._next.get(address.lower())

    def resync(self, address: str | None = None) -> None:
        with self._lock:
            if address is None:
                self._next.clear()
            else:
                self._next.pop(address.lower(), None)


@dataclass
class Chain:
    """One connected chain. Make it with :meth:`connect`."""

    url: str
    w3: Web3
    chain_id: int
    client_version: str
    eip1559: bool
    nonces: NonceManager = field(init=False)
    _fee_cache: tuple[float, dict[str, int]] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.nonces = NonceManager(self)

    @classmethod
    def connect(cls, url: str, *, timeout: float = 30.0) -> Chain:
        """Connect to ``url`` and detect chain id, client and EIP-1559 support."""
        from web3 import Web3

        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"rpc url must start with http:// or https://, not {url!r}")
        w3 = Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": timeout}))
        probe = cls(url=url, w3=w3, chain_id=0, client_version="", eip1559=False)
        try:
            chain_id = int(probe.rpc("eth_chainId", []), 16)
        except NodeUnreachable as err:
            raise NoNodeAtUrl(f"no JSON-RPC node answers at {url}: {err}") from None
        version = str(probe.rpc("web3_clientVersion", []))
        latest = probe.rpc("eth_getBlockByNumber", ["latest", False])
        eip1559 = latest is not None and latest.get("baseFeePerGas") is not None
        return cls(url=url, w3=w3, chain_id=chain_id, client_version=version, eip1559=eip1559)

    # -- what kind of chain --------------------------------------------------------------
    @property
    def node_kind(self) -> str | None:
        """``anvil``, ``ganache`` or ``hardhat`` for a local dev node, else None."""
        lowered = self.client_version.lower()
        return next((p for p in DEV_NODE_PREFIXES if lowered.startswith(p)), None)

    @property
    def is_dev(self) -> bool:
        """A local dev chain: a dev node with a dev chain id, where the test keys may sign."""
        return self.node_kind is not None and self.chain_id in DEV_CHAIN_IDS

    def dev_accounts(self, count: int = 10) -> list[LocalAccount]:
        """The dev mnemonic's accounts; refused on a chain that is not a local dev chain."""
        from blokketen._exceptions import DevKeyRefused

        if not self.is_dev:
            raise DevKeyRefused(
                f"chain id {self.chain_id} ({self.client_version or 'unknown node'}) is not a "
                "local dev chain: use an encrypted keystore (--keystore)"
            )
        return dev_accounts(count)

    # -- JSON-RPC ------------------------------------------------------------------------
    def rpc(self, method: str, params: list[Any]) -> Any:
        try:
            answer = self.w3.provider.make_request(method, params)  # type: ignore[arg-type]
        except (OSError, ValueError) as err:  # requests' connection errors are OSErrors
            raise NodeUnreachable(f"{method} to {self.url} failed: {_short(err)}") from None
        if "error" in answer:
            raise RpcError(method, dict(answer["error"]))
        return answer.get("result")

    def rpc_batch(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        """Several requests in one HTTP round trip; each item is a result or an RpcError."""
        if not calls:
            return []
        provider: Any = self.w3.provider
        try:
            answers = provider.make_batch_request(calls)
        except (OSError, ValueError) as err:
            raise NodeUnreachable(f"batch of {len(calls)} to {self.url} failed: "
                                  f"{_short(err)}") from None
        if isinstance(answers, dict):  # the whole batch was refused
            raise RpcError("batch", dict(answers.get("error", {"message": str(answers)})))
        if any(a.get("id") is None for a in answers):
            refusal = next(a for a in answers if a.get("id") is None)
            raise RpcError("batch", dict(refusal.get("error", {"message": str(refusal)})))
        by_id = sorted(answers, key=lambda a: int(a["id"]))
        out: list[Any] = []
        for (method, _), answer in zip(calls, by_id, strict=True):
            out.append(RpcError(method, dict(answer["error"])) if "error" in answer
                       else answer.get("result"))
        return out

    # -- state helpers -------------------------------------------------------------------
    @property
    def block_number(self) -> int:
        return int(self.rpc("eth_blockNumber", []), 16)

    def block(self, number: int | str = "latest") -> dict[str, Any]:
        tag = hex(number) if isinstance(number, int) else number
        result: dict[str, Any] | None = self.rpc("eth_getBlockByNumber", [tag, False])
        if result is None:
            raise ChainError(f"no block {number}")
        return result

    def timestamp(self, number: int | str = "latest") -> int:
        return int(self.block(number)["timestamp"], 16)

    def code(self, address: str, block: int | str = "latest") -> bytes:
        tag = hex(block) if isinstance(block, int) else block
        return bytes.fromhex(str(self.rpc("eth_getCode", [address, tag]))[2:])

    def balance(self, address: str) -> int:
        return int(self.rpc("eth_getBalance", [address, "latest"]), 16)

    def fees(self) -> dict[str, int]:
        """Fee fields for a new transaction: EIP-1559 where the chain has it, else legacy.

        A chain whose base fee and gas price are zero (a permissioned network) gets zero
        fees. Cached for a second so that bulk sends do not ask for every transaction."""
        now = time.monotonic()
        if self._fee_cache is not None and now - self._fee_cache[0] < 1.0:
            return self._fee_cache[1]
        if self.eip1559:
            base = int(self.block("latest").get("baseFeePerGas") or "0x0", 16)
            try:
                tip = int(self.rpc("eth_maxPriorityFeePerGas", []), 16)
            except RpcError:
                tip = 0 if base == 0 else 10**9
            if base == 0:
                tip = 0
            fees = {"maxFeePerGas": 2 * base + tip, "maxPriorityFeePerGas": tip}
        else:
            fees = {"gasPrice": int(self.rpc("eth_gasPrice", []), 16)}
        self._fee_cache = (now, fees)
        return fees

    # -- dev-node controls ---------------------------------------------------------------
    def _require_dev_node(self, what: str) -> None:
        if self.node_kind is None:
            raise ChainError(f"{what} needs a local dev node (anvil or ganache)")

    def snapshot(self) -> str:
        self._require_dev_node("evm_snapshot")
        return str(self.rpc("evm_snapshot", []))

    def revert(self, snapshot_id: str) -> None:
        self._require_dev_node("evm_revert")
        if not self.rpc("evm_revert", [snapshot_id]):
            raise ChainError(f"evm_revert to {snapshot_id} failed")
        self.nonces.resync()
        self._fee_cache = None

    def mine(self, blocks: int = 1) -> None:
        self._require_dev_node("evm_mine")
        for _ in range(blocks):
            self.rpc("evm_mine", [])

    def increase_time(self, seconds: int) -> None:
        """Move the dev chain's clock forward and mine a block with the new time."""
        self._require_dev_node("evm_increaseTime")
        self.rpc("evm_increaseTime", [hex(seconds) if self.node_kind == "anvil" else seconds])
        self.rpc("evm_mine", [])

    def set_balance(self, address: str, wei: int) -> None:
        self._require_dev_node("setBalance")
        method = "anvil_setBalance" if self.node_kind == "anvil" else "evm_setAccountBalance"
        self.rpc(method, [address, hex(wei)])
