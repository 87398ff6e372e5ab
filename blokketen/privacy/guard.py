"""The privacy guard: scans what transactions and calls hand to a node for personal data.

A pilot's privacy test, in a few lines::

    guard = PrivacyGuard(bk_chain, secrets={"family name": "Vandenbroucke", "salt": salt})
    with guard.watching():
        ...  # the pilot's flow, through its client
    guard.assert_clean()                          # every transaction and eth_call it saw
    guard.prove_it_catches_a_leak(bk_accounts[9])  # the positive control

For each transaction it scans the input, every log's data and topics, the storage slots it
wrote (``debug_traceTransaction`` with the prestate tracer in diff mode) and the code of any
contract it created; for each ``eth_call`` and ``eth_estimateGas`` the request's data. What
it looks for is in :mod:`blokketen.privacy.detectors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ChainError
from blokketen.privacy.detectors import DENY_FIELDS, Match, Secret, find_all

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

__all__ = ["Finding", "PrivacyGuard"]

_CALL_METHODS = ("eth_call", "eth_estimateGas")


@dataclass(frozen=True)
class Finding:
    """Personal data found: where (``tx input``, ``log 0 topic 1``, ``storage slot 0x..``),
    what kind, what matched, and in which transaction (None for a call)."""

    place: str
    kind: str
    detail: str
    tx_hash: str | None = None

    def __str__(self) -> str:
        where = f"{self.place} of {self.tx_hash}" if self.tx_hash else self.place
        return f"{self.kind}: {self.detail} in {where}"


class PrivacyGuard:
    """Scans transactions and calls on ``chain`` for national numbers, e-mail addresses,
    deny-listed field names and the ``secrets`` given (label -> text, bytes or integer)."""

    def __init__(
        self,
        chain: Chain,
        *,
        secrets: Mapping[str, str | bytes | int] | None = None,
        deny_fields: Iterable[str] = DENY_FIELDS,
    ) -> None:
        self.chain = chain
        self.deny_fields = tuple(deny_fields)
        self._secrets = [Secret.of(label, value) for label, value in (secrets or {}).items()]
        self._transactions: list[str] = []
        self._calls: list[tuple[str, dict[str, Any]]] = []
        self._recording = False

    # -- what to scan -------------------------------------------------------------------
    def add_secret(self, label: str, value: str | bytes | int) -> None:
        """Look for one more value."""
        self._secrets.append(Secret.of(label, value))

    def add_transaction(self, tx_hash: str) -> None:
        """Scan this transaction too (one sent outside :meth:`watching`)."""
        if tx_hash not in self._transactions:
            self._transactions.append(tx_hash)

    def add_call(self, request: Mapping[str, Any], *, method: str = "eth_call") -> None:
        """Scan this call request too (``{"to": ..., "data": "0x..."}``)."""
        self._calls.append((method, dict(request)))

    @property
    def transactions(self) -> tuple[str, ...]:
        return tuple(self._transactions)

    @property
    def calls(self) -> tuple[tuple[str, dict[str, Any]], ...]:
        return tuple(self._calls)

    @contextmanager
    def watching(self) -> Iterator[PrivacyGuard]:
        """Record every transaction sent and every call made through ``chain`` meanwhile."""
        chain = self.chain
        plain_rpc, plain_batch = chain.rpc, chain.rpc_batch

        def rpc(method: str, params: list[Any]) -> Any:
            result = plain_rpc(method, params)
            self._record(method, params, result)
            return result

        def rpc_batch(calls: list[tuple[str, list[Any]]]) -> list[Any]:
            results = plain_batch(calls)
            for (method, params), result in zip(calls, results, strict=True):
                if not isinstance(result, Exception):
                    self._record(method, params, result)
            return results

        previous = {name: vars(chain).get(name) for name in ("rpc", "rpc_batch")}
        setattr(chain, "rpc", rpc)  # noqa: B010  (an instance attribute shadows the method)
        setattr(chain, "rpc_batch", rpc_batch)  # noqa: B010
        self._recording = True
        try:
            yield self
        finally:
            self._recording = False
            for name, wrapper in previous.items():  # another guard may be watching too
                if wrapper is None:
                    vars(chain).pop(name, None)
                else:
                    vars(chain)[name] = wrapper

    def _record(self, method: str, params: list[Any], result: Any) -> None:
        if not self._recording:
            return
        if method == "eth_sendRawTransaction" and isinstance(result, str):
            self.add_transaction(result)
        elif method in _CALL_METHODS and params and isinstance(params[0], Mapping):
            self.add_call(params[0], method=method)

    # -- scanning -----------------------------------------------------------------------
    def scan_bytes(self, place: str, blob: bytes, *, words: str = "data",
                   tx_hash: str | None = None) -> tuple[Finding, ...]:
        """Findings in one blob. ``words`` says where integer words sit: ``data`` (every 32
        bytes from 0), ``calldata`` (also after a 4-byte selector and from the end, for
        constructor arguments) or ``word`` (the blob is one word)."""
        size = len(blob)
        starts = {"data": (0,), "word": (0,), "calldata": (0, 4, size % 32)}.get(words)
        if starts is None:
            raise ValueError(f"words must be data, calldata or word, not {words!r}")
        offsets = sorted({o for start in starts for o in range(start, size - 31, 32)})
        matches = find_all(blob, word_offsets=offsets, deny_fields=self.deny_fields,
                           secrets=self._secrets)
        return tuple(_finding(place, m, tx_hash) for m in matches)

    def scan_call(
        self, request: Mapping[str, Any], *, method: str = "eth_call"
    ) -> tuple[Finding, ...]:
        """Findings in the data of one call request."""
        data = request.get("data") or request.get("input") or "0x"
        return self.scan_bytes(f"{method} data", _hex(data), words="calldata")

    def scan_transaction(self, tx_hash: str) -> tuple[Finding, ...]:
        """Findings in one mined transaction: input, logs, storage written, code created."""
        tx = self.chain.rpc("eth_getTransactionByHash", [tx_hash])
        receipt = self.chain.rpc("eth_getTransactionReceipt", [tx_hash])
        if tx is None or receipt is None:
            raise ChainError(f"no mined transaction {tx_hash} to scan")
        found = list(self.scan_bytes("tx input", _hex(tx["input"]), words="calldata",
                                     tx_hash=tx_hash))
        for n, log in enumerate(receipt["logs"]):
            found.extend(self.scan_bytes(f"log {n} data", _hex(log["data"]), tx_hash=tx_hash))
            for k, topic in enumerate(log["topics"]):
                found.extend(self.scan_bytes(f"log {n} topic {k}", _hex(topic), words="word",
                                             tx_hash=tx_hash))
        for place, blob in self._state_written(tx_hash):
            found.extend(self.scan_bytes(place, blob, tx_hash=tx_hash))
        return tuple(found)

    def findings(self) -> tuple[Finding, ...]:
        """Findings in every transaction and call watched or added."""
        found: list[Finding] = []
        for tx_hash in self._transactions:
            found.extend(self.scan_transaction(tx_hash))
        seen: set[tuple[str, str]] = set()
        for method, request in self._calls:
            key = (method, str(request.get("data") or request.get("input")))
            if key not in seen:
                seen.add(key)
                found.extend(self.scan_call(request, method=method))
        return tuple(found)

    def assert_clean(self) -> None:
        """AssertionError listing every finding; also when nothing was watched (a scan of
        nothing proves nothing)."""
        if not self._transactions and not self._calls:
            raise AssertionError("the privacy guard saw no transaction and no call to scan")
        found = self.findings()
        if found:
            lines = "\n".join(f"  - {f}" for f in found)
            raise AssertionError(
                f"personal data reaches the chain ({len(found)} findings):\n{lines}")

    def prove_it_catches_a_leak(self, account: LocalAccount) -> tuple[Finding, ...]:
        """The positive control: ``account`` sends a transaction that deliberately carries a
        national number and an e-mail address to a small contract that logs and stores
        them; AssertionError unless every leak is found. The control transactions are not
        added to what :meth:`assert_clean` checks. Returns the findings."""
        from blokketen.privacy.control import send_leak

        recording, self._recording = self._recording, False
        try:
            tx_hash, expected = send_leak(self.chain, account)
        finally:
            self._recording = recording
        found = self.scan_transaction(tx_hash)
        missed = [(place, kind) for place, kind in expected
                  if not any(f.place.startswith(place) and f.kind == kind for f in found)]
        if missed:
            raise AssertionError(f"the privacy guard missed a deliberate leak: {missed}")
        return found

    def _state_written(self, tx_hash: str) -> list[tuple[str, bytes]]:
        config = {"tracer": "prestateTracer", "tracerConfig": {"diffMode": True}}
        try:
            diff = self.chain.rpc("debug_traceTransaction", [tx_hash, config])
        except ChainError as err:
            raise ChainError(
                f"the node cannot show the storage {tx_hash} wrote (debug_traceTransaction with "
                f"the prestate tracer in diff mode): {err}; run the privacy guard on anvil"
            ) from None
        places: list[tuple[str, bytes]] = []
        for address, state in sorted((diff or {}).get("post", {}).items()):
            for slot, value in sorted(state.get("storage", {}).items()):
                places.append((f"storage of {address} slot {slot}", _word(value)))
                places.append((f"storage of {address} key {slot}", _word(slot)))
            code = state.get("code")
            if code and code != "0x":
                places.append((f"code of new contract {address}", _hex(code)))
        return places


def _finding(place: str, match: Match, tx_hash: str | None) -> Finding:
    return Finding(place=place, kind=match.kind, detail=match.detail, tx_hash=tx_hash)


def _hex(text: str | bytes) -> bytes:
    if isinstance(text, bytes):
        return text
    return bytes.fromhex(text[2:] if text.startswith(("0x", "0X")) else text)


def _word(text: str) -> bytes:
    digits = text[2:] if text.startswith(("0x", "0X")) else text
    return bytes.fromhex(digits.rjust(64, "0"))
