"""Decode event logs into typed records and rebuild histories from logs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from blokketen._exceptions import InputError
from blokketen.contract.abi import AbiItem, normalise, signature, type_string

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain

LOG_CHUNK_BLOCKS = 10_000


@dataclass(frozen=True)
class EventRecord:
    """One decoded event log."""

    name: str
    args: dict[str, Any]
    address: str
    block_number: int
    tx_hash: str
    log_index: int

    def __getitem__(self, key: str) -> Any:
        return self.args[key]


class EventDecoder:
    """Decodes the logs of one ABI's events."""

    def __init__(self, abi: list[AbiItem]) -> None:
        self.by_topic: dict[bytes, AbiItem] = {}
        self.by_name: dict[str, AbiItem] = {}
        for item in abi:
            if item.get("type") == "event" and not item.get("anonymous"):
                self.by_topic[keccak(text=signature(item))] = item
                self.by_name[item["name"]] = item

    def topic(self, name: str) -> bytes:
        try:
            return keccak(text=signature(self.by_name[name]))
        except KeyError:
            raise InputError("event", f"the contract has no event named {name}") from None

    def decode(self, log: dict[str, Any]) -> EventRecord | None:
        """The record of a raw JSON-RPC log, or None for a log of another ABI."""
        topics = [bytes.fromhex(t[2:]) for t in log.get("topics", [])]
        if not topics or topics[0] not in self.by_topic:
            return None
        item = self.by_topic[topics[0]]
        indexed = [p for p in item["inputs"] if p.get("indexed")]
        plain = [p for p in item["inputs"] if not p.get("indexed")]
        data = bytes.fromhex(str(log.get("data", "0x"))[2:])
        plain_values = abi_decode([type_string(p) for p in plain], data) if plain else ()
        args: dict[str, Any] = {}
        plain_iter = iter(plain_values)
        topic_iter = iter(topics[1:])
        for param in item["inputs"]:
            if param.get("indexed"):
                raw = next(topic_iter)
                kind = type_string(param)
                if kind in ("string", "bytes") or kind.endswith("]") or kind.startswith("("):
                    value: Any = raw  # dynamic indexed values are stored as their hash
                else:
                    (value,) = abi_decode([kind], raw)
                    value = normalise(param, value)
            else:
                value = normalise(param, next(plain_iter))
            args[param["name"]] = value
        del indexed
        return EventRecord(
            name=item["name"],
            args=args,
            address=to_checksum_address(log["address"]),
            block_number=int(log["blockNumber"], 16),
            tx_hash=str(log["transactionHash"]),
            log_index=int(log["logIndex"], 16),
        )

    def decode_all(self, logs: list[dict[str, Any]]) -> tuple[EventRecord, ...]:
        records = (self.decode(log) for log in logs)
        return tuple(r for r in records if r is not None)

    def topic_filter(self, name: str, argument_filters: dict[str, Any] | None) -> list[Any]:
        """The ``topics`` of an eth_getLogs filter for event ``name`` and indexed values."""
        item = self.by_name.get(name)
        if item is None:
            raise InputError("event", f"the contract has no event named {name}")
        topics: list[Any] = ["0x" + self.topic(name).hex()]
        filters = dict(argument_filters or {})
        for param in (p for p in item["inputs"] if p.get("indexed")):
            if param["name"] in filters:
                value = filters.pop(param["name"])
                topics.append("0x" + _topic_value(param, value).hex())
            else:
                topics.append(None)
        if filters:
            raise InputError("argument_filters", f"not indexed in {name}: {sorted(filters)}")
        while topics and topics[-1] is None:
            topics.pop()
        return topics


def _topic_value(param: AbiItem, value: Any) -> bytes:
    kind = type_string(param)
    if kind == "string":
        return keccak(text=str(value))
    if kind == "bytes":
        return keccak(bytes(value))
    return bytes(abi_encode([kind], [value]))


def fetch_logs(
    chain: Chain,
    address: str,
    topics: list[Any],
    from_block: int = 0,
    to_block: int | str = "latest",
) -> list[dict[str, Any]]:
    """eth_getLogs over a block range, in chunks that nodes with range limits accept."""
    last = chain.block_number if to_block == "latest" else int(to_block)
    logs: list[dict[str, Any]] = []
    start = from_block
    while start <= last:
        end = min(start + LOG_CHUNK_BLOCKS - 1, last)
        query: dict[str, Any] = {"address": address, "fromBlock": hex(start), "toBlock": hex(end)}
        if topics:
            query["topics"] = topics
        logs.extend(chain.rpc("eth_getLogs", [query]))
        start = end + 1
    return logs
