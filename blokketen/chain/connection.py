"""A connection to one EVM chain over JSON-RPC, with what Blokketen needs to know about it,
and the controls of a local dev node (snapshots, the clock, mining on demand).

A chain may be reached through several nodes (``Chain.connect("URL1,URL2")``): requests go to
one of them, and when it stops answering the next one that serves the same chain takes over,
for every client, the deployer and the bulk sender alike. Nothing is lost by asking the new
node again: reads are reads, and a signed transaction sent twice is the same transaction (its
nonce and hash are fixed), which the transaction layer reconciles by nonce."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from blokketen._exceptions import (
    ChainError,
    ConfigurationError,
    NodeUnreachable,
    NoNodeAtUrl,
    RpcError,
    TransactionTimeout,
)
from blokketen.chain.accounts import DEV_CHAIN_IDS, dev_accounts

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3

DEV_NODE_PREFIXES = ("anvil", "ganache", "hardhat")


def parse_urls(spec: str | Sequence[str]) -> tuple[str, ...]:
    """The node URLs of ``spec``: one URL, several separated by commas, or a sequence.
    ConfigurationError for a URL that is not http(s) or for none at all."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    urls: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if not item.startswith(("http://", "https://")):
            raise ConfigurationError(f"rpc url must start with http:// or https://, not {item!r}")
        if item not in urls:
            urls.append(item)
    if not urls:
        raise ConfigurationError("no rpc url given")
    return tuple(urls)


def _provider(url: str, timeout: float, *, retry: bool) -> Web3:
    """A web3 over HTTP to ``url``. With other nodes to fail over to, web3's own retries
    (up to about 4 s of backoff on a refused connection) are switched off: the next node
    is asked at once instead."""
    from web3 import Web3

    options: dict[str, Any] = {} if retry else {"exception_retry_configuration": None}
    return Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": timeout}, **options))


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


@dataclass(frozen=True)
class FeeBasis:
    """What the node says about fees now: the latest base fee and the priority fee it
    suggests (EIP-1559 chains), or its gas price (``gas_price`` set on legacy chains only).
    The transaction layer's fee rule turns this into a transaction's fee fields."""

    base_fee: int
    tip: int
    gas_price: int | None = None


@dataclass
class Chain:
    """One connected chain, through one node or several. Make it with :meth:`connect`.

    ``url`` and ``w3`` are those of the node in use; ``urls`` lists every node given, in
    order; ``failovers`` counts the switches to another node (the transaction layer resends
    what may have been lost with the old one when it changes)."""

    url: str
    w3: Web3
    chain_id: int
    client_version: str
    eip1559: bool
    urls: tuple[str, ...] = ()
    timeout: float = 30.0
    nonces: NonceManager = field(init=False)
    failovers: int = field(default=0, init=False)
    on_failover: Callable[[str, str, str], None] | None = field(default=None, repr=False)
    """Told (old URL, new URL, what failed) after each switch; the CLI prints it."""
    _fee_cache: tuple[float, FeeBasis] | None = field(default=None, init=False)
    _switch: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.nonces = NonceManager(self)
        if not self.urls:
            self.urls = (self.url,)

    @classmethod
    def connect(cls, url: str | Sequence[str], *, timeout: float = 30.0) -> Chain:
        """Connect to ``url`` (one URL, ``"URL1,URL2"`` or a sequence: the first node that
        answers is used, the others take over when it stops answering) and detect chain id,
        client and EIP-1559 support. NoNodeAtUrl when no node answers."""
        urls = parse_urls(url)
        retry = len(urls) == 1
        problems: list[str] = []
        for first in urls:
            w3 = _provider(first, timeout, retry=retry)
            probe = cls(url=first, w3=w3, chain_id=0, client_version="", eip1559=False,
                        urls=(first,), timeout=timeout)
            try:
                chain_id = int(probe.rpc("eth_chainId", []), 16)
                version = str(probe.rpc("web3_clientVersion", []))
                latest = probe.rpc("eth_getBlockByNumber", ["latest", False])
            except NodeUnreachable as err:
                problems.append(str(err))
                continue
            eip1559 = latest is not None and latest.get("baseFeePerGas") is not None
            ordered = (first, *(u for u in urls if u != first))
            return cls(url=first, w3=w3, chain_id=chain_id, client_version=version,
                       eip1559=eip1559, urls=ordered, timeout=timeout)
        where = urls[0] if len(urls) == 1 else ", ".join(urls)
        raise NoNodeAtUrl(f"no JSON-RPC node answers at {where}: {'; '.join(problems)}")

    def _fail_over(self, failed: str, problem: str) -> bool:
        """The node at ``failed`` stopped answering: use the next node of ``urls`` that
        answers with the same chain id. False when there is none (or only one URL)."""
        if len(self.urls) == 1:
            return False
        with self._switch:
            if self.url != failed:
                return True  # another thread switched already
            start = self.urls.index(failed)
            for step in range(1, len(self.urls)):
                candidate = self.urls[(start + step) % len(self.urls)]
                w3 = _provider(candidate, self.timeout, retry=False)
                try:
                    answer = w3.provider.make_request("eth_chainId", [])  # type: ignore[arg-type]
                    chain_id = int(answer["result"], 16)
                except (OSError, ValueError, KeyError, TypeError):
                    continue
                if chain_id != self.chain_id:
                    continue  # another chain: never send there
                self.url, self.w3 = candidate, w3
                self.failovers += 1
                self._fee_cache = None
                break
            else:
                return False
        if self.on_failover is not None:
            self.on_failover(failed, self.url, problem)
        return True

    # -- what kind of chain --------------------------------------------------------------
    @property
    def node_kind(self) -> str | None:
        """``anvil``, ``ganache`` or ``hardhat`` when ``web3_clientVersion`` names a local dev
        node, else None (geth, Besu, Quorum, Nethermind, ...)."""
        lowered = self.client_version.lower()
        return next((p for p in DEV_NODE_PREFIXES if lowered.startswith(p)), None)

    @property
    def is_dev(self) -> bool:
        """A local dev chain, where public test keys may sign: a dev node (by its
        ``web3_clientVersion``) AND a dev chain id (31337 or 1337). Neither alone: Besu's and
        Quorum's quickstart networks and geth --dev run on 1337, and an anvil can run any id."""
        return self.node_kind is not None and self.chain_id in DEV_CHAIN_IDS

    def dev_accounts(self, count: int = 10) -> list[LocalAccount]:
        """The dev mnemonic's accounts; refused on a chain that is not a local dev chain."""
        from blokketen._exceptions import DevKeyRefused

        if not self.is_dev:
            node = self.client_version or "unknown node"
            raise DevKeyRefused(
                f"chain id {self.chain_id} ({node}) is not a local dev chain (anvil, ganache or "
                "Hardhat on chain id 31337 or 1337): no dev accounts here; use an encrypted "
                "keystore (--keystore)"
            )
        return dev_accounts(count)

    # -- JSON-RPC ------------------------------------------------------------------------
    def rpc(self, method: str, params: list[Any]) -> Any:
        """One request; a node that does not answer is replaced by the next of ``urls``
        (NodeUnreachable when none answers), an error answer raises RpcError."""
        while True:
            url, w3 = self.url, self.w3
            try:
                answer = w3.provider.make_request(method, params)  # type: ignore[arg-type]
            except (OSError, ValueError) as err:  # requests' connection errors are OSErrors
                problem = f"{method} to {url} failed: {_short(err)}"
                if self._fail_over(url, problem):
                    continue
                raise NodeUnreachable(problem) from None
            break
        if "error" in answer:
            raise RpcError(method, dict(answer["error"]))
        return answer.get("result")

    def rpc_batch(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        """Several requests in one HTTP round trip; each item is a result or an RpcError.
        Fails over like :meth:`rpc` (the whole batch is asked again)."""
        if not calls:
            return []
        while True:
            url, provider = self.url, cast("Any", self.w3.provider)
            try:
                answers = provider.make_batch_request(calls)
            except (OSError, ValueError) as err:
                problem = f"batch of {len(calls)} to {url} failed: {_short(err)}"
                if self._fail_over(url, problem):
                    continue
                raise NodeUnreachable(problem) from None
            break
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

    def fee_basis(self, *, max_age: float = 1.0) -> FeeBasis:
        """The base fee of the latest block and the node's suggested tip (without
        ``eth_maxPriorityFeePerGas``: 1 gwei, or 0 on a chain whose base fee is 0), or the
        gas price on a legacy chain. Answers up to ``max_age`` seconds old are reused, so
        that sending many transactions does not ask for every one."""
        now = time.monotonic()
        if self._fee_cache is not None and now - self._fee_cache[0] < max_age:
            return self._fee_cache[1]
        if self.eip1559:
            base = int(self.block("latest").get("baseFeePerGas") or "0x0", 16)
            if self.node_kind is not None:
                # A dev node may have moved on from the chain it shows: anvil keeps the base
                # fee of blocks that evm_revert took away. Its pending block says what the
                # next one will ask.
                with contextlib.suppress(ChainError):
                    pending = self.block("pending").get("baseFeePerGas") or "0x0"
                    base = max(base, int(pending, 16))
            try:
                tip = int(self.rpc("eth_maxPriorityFeePerGas", []), 16)
            except RpcError:
                tip = 0 if base == 0 else 10**9
            basis = FeeBasis(base_fee=base, tip=tip)
        else:
            basis = FeeBasis(base_fee=0, tip=0, gas_price=int(self.rpc("eth_gasPrice", []), 16))
        self._fee_cache = (now, basis)
        return basis

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

    @property
    def can_mine_manually(self) -> bool:
        """Whether Blokketen may switch automine off and mine itself: an anvil or Hardhat
        dev node on a dev chain id. Never on any other chain."""
        return self.is_dev and self.node_kind in ("anvil", "hardhat")

    def set_automine(self, enabled: bool) -> bool:
        """Switch automine on a local dev chain; returns the previous setting."""
        if not self.can_mine_manually:
            raise ChainError("evm_setAutomine needs a local anvil or Hardhat dev chain")
        try:
            previous = bool(self.rpc("anvil_getAutomine" if self.node_kind == "anvil"
                                     else "hardhat_getAutomine", []))
        except RpcError:
            previous = True
        self.rpc("evm_setAutomine", [enabled])
        return previous

    def mine_until_included(self, address: str, nonce: int, *, max_blocks: int = 10_000) -> int:
        """On a chain Blokketen mines itself: mine blocks until ``address``'s transaction
        with ``nonce`` (and all before it) is included; returns the number of blocks mined."""
        if not self.can_mine_manually:
            raise ChainError("mining on demand needs a local anvil or Hardhat dev chain")
        mined = 0
        while int(self.rpc("eth_getTransactionCount", [address, "latest"]), 16) <= nonce:
            if mined >= max_blocks:
                raise TransactionTimeout(
                    f"nonce {nonce} of {address} not mined after {mined} blocks")
            self.mine()
            mined += 1
        return mined

    def increase_time(self, seconds: int) -> None:
        """Move the dev chain's clock forward and mine a block with the new time."""
        self._require_dev_node("evm_increaseTime")
        self.rpc("evm_increaseTime", [hex(seconds) if self.node_kind == "anvil" else seconds])
        self.rpc("evm_mine", [])

    def set_balance(self, address: str, wei: int) -> None:
        self._require_dev_node("setBalance")
        method = "anvil_setBalance" if self.node_kind == "anvil" else "evm_setAccountBalance"
        self.rpc(method, [address, hex(wei)])
