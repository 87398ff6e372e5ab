"""Turn revert data into typed Python exceptions, built from the contracts' ABI errors."""

from __future__ import annotations

import threading
from typing import Any

from eth_abi import decode as abi_decode
from eth_utils import keccak

from blokketen._exceptions import (
    ContractRevert,
    CustomErrorRevert,
    PanicRevert,
    ReasonRevert,
    RpcError,
    UnknownRevert,
)
from blokketen.contract.abi import AbiItem, normalise, signature, type_string

ERROR_STRING_SELECTOR = keccak(text="Error(string)")[:4]
PANIC_SELECTOR = keccak(text="Panic(uint256)")[:4]

_CLASSES: dict[str, type[CustomErrorRevert]] = {}
_CLASSES_LOCK = threading.Lock()


def error_class(item: AbiItem) -> type[CustomErrorRevert]:
    """The exception class of one ABI error; the same class for the same signature."""
    sig = signature(item)
    with _CLASSES_LOCK:
        cls = _CLASSES.get(sig)
        if cls is None:
            names = tuple(p.get("name") or f"arg{i}" for i, p in enumerate(item["inputs"]))
            doc = f"Revert ``{sig}`` of a Blokketen contract; arguments: {', '.join(names)}."
            cls = type(
                item["name"],
                (CustomErrorRevert,),
                {
                    "__doc__": doc,
                    "__module__": "blokketen.errors",
                    "error_name": item["name"],
                    "signature": sig,
                    "arg_names": names,
                },
            )
            _CLASSES[sig] = cls
        return cls


class ErrorNamespace:
    """Attribute access to a contract's error classes: ``client.errors.ParcelUnknown``."""

    def __init__(self, classes: dict[str, type[CustomErrorRevert]]) -> None:
        self._classes = classes

    def __getattr__(self, name: str) -> type[CustomErrorRevert]:
        try:
            return self._classes[name]
        except KeyError:
            raise AttributeError(f"the contract has no custom error named {name}") from None

    def __dir__(self) -> list[str]:
        return sorted(self._classes)

    def __contains__(self, name: object) -> bool:
        return name in self._classes


class ErrorDecoder:
    """Decodes revert data with the errors of one or more ABIs."""

    def __init__(self, abi: list[AbiItem], contract: str | None = None) -> None:
        self.contract = contract
        self._by_selector: dict[bytes, tuple[AbiItem, type[CustomErrorRevert]]] = {}
        by_name: dict[str, type[CustomErrorRevert]] = {}
        for item in abi:
            if item.get("type") == "error":
                cls = error_class(item)
                self._by_selector[keccak(text=signature(item))[:4]] = (item, cls)
                by_name[item["name"]] = cls
        self.errors = ErrorNamespace(by_name)

    def decode(self, data: bytes, *, tx_hash: str | None = None) -> ContractRevert:
        """The exception for revert ``data``; never raises itself."""
        selector, body = data[:4], data[4:]
        try:
            if selector == ERROR_STRING_SELECTOR:
                (reason,) = abi_decode(["string"], body)
                return ReasonRevert(str(reason), data=data, tx_hash=tx_hash)
            if selector == PANIC_SELECTOR:
                (code,) = abi_decode(["uint256"], body)
                return PanicRevert(int(code), data=data, tx_hash=tx_hash)
            if selector in self._by_selector:
                item, cls = self._by_selector[selector]
                types = [type_string(p) for p in item["inputs"]]
                values = abi_decode(types, body)
                pairs = zip(cls.arg_names, item["inputs"], values, strict=True)
                named: dict[str, Any] = {n: normalise(p, v) for n, p, v in pairs}
                return cls(named, data=data, tx_hash=tx_hash, contract=self.contract)
        except Exception:  # malformed data: fall through to UnknownRevert
            pass
        where = f"{self.contract}: " if self.contract else ""
        shown = "0x" + data.hex() if data else "no revert data"
        return UnknownRevert(f"{where}reverted ({shown})", data=data, tx_hash=tx_hash)


def revert_data(error: Any) -> bytes | None:
    """Revert data carried by a JSON-RPC error ``data`` field (anvil and ganache shapes)."""
    data = error
    if isinstance(data, dict):
        data = data.get("data", data.get("result"))
        if isinstance(data, dict):  # ganache keyed by transaction hash
            inner = next(iter(data.values()), None)
            data = inner.get("return") if isinstance(inner, dict) else None
    if isinstance(data, str) and data.startswith("0x"):
        try:
            return bytes.fromhex(data[2:])
        except ValueError:
            return None
    return None


def revert_from_rpc(err: RpcError, errors: ErrorDecoder | None) -> ContractRevert:
    """The typed revert a JSON-RPC error carries (``errors`` decodes custom errors), or an
    :class:`UnknownRevert` with the node's message when it carries no revert data."""
    data = revert_data(err.data)
    if data is None:
        return UnknownRevert(f"reverted: {err.rpc_message}")
    return (errors or ErrorDecoder([])).decode(data)
