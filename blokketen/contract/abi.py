"""Small ABI helpers: type strings, selectors, encoding and decoding with eth-abi."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from blokketen._exceptions import InputError

AbiItem = dict[str, Any]


def type_string(param: AbiItem) -> str:
    """``(uint256,address)[]`` for a tuple array parameter, ``uint256`` for a plain one."""
    kind = str(param["type"])
    if kind.startswith("tuple"):
        inner = ",".join(type_string(c) for c in param["components"])
        return f"({inner}){kind[5:]}"
    return kind


def signature(item: AbiItem) -> str:
    return f"{item['name']}({','.join(type_string(p) for p in item.get('inputs', []))})"


def selector(item: AbiItem) -> bytes:
    return keccak(text=signature(item))[:4]


@dataclass(frozen=True)
class Function:
    """One ABI function, ready to encode calls and decode results."""

    name: str
    signature: str
    selector: bytes
    inputs: tuple[AbiItem, ...]
    outputs: tuple[AbiItem, ...]
    mutability: str
    _fast: Callable[[bytes, bool], Any] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_abi(cls, item: AbiItem) -> Function:
        outputs = tuple(item.get("outputs", []))
        return cls(
            name=item["name"],
            signature=signature(item),
            selector=selector(item),
            inputs=tuple(item.get("inputs", [])),
            outputs=outputs,
            mutability=item.get("stateMutability", "nonpayable"),
            _fast=_static_array_decoder(outputs),
        )

    def encode(self, args: tuple[Any, ...]) -> bytes:
        if len(args) != len(self.inputs):
            raise InputError(
                self.name, f"takes {len(self.inputs)} arguments, {len(args)} given"
            )
        types = [type_string(p) for p in self.inputs]
        try:
            return self.selector + abi_encode(types, list(args))
        except Exception:  # eth-abi raises several encoding error types
            raise self._argument_error(args) from None

    def _argument_error(self, args: tuple[Any, ...]) -> InputError:
        """An InputError naming the first argument that does not fit its ABI type."""
        for index, (param, value) in enumerate(zip(self.inputs, args, strict=True)):
            kind = type_string(param)
            try:
                abi_encode([kind], [value])
            except Exception:
                name = param.get("name") or f"argument {index}"
                shown = repr(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                return InputError(f"{self.name}.{name}", f"{shown} is not a valid {kind}")
        return InputError(self.name, f"arguments do not fit {self.signature}")

    def decode(self, data: bytes, *, checksum: bool = True) -> Any:
        """The decoded result: None for no outputs, the value for one, a tuple for more.

        Addresses come checksummed; with ``checksum=False`` as lower-case hex, which is
        much faster for thousands of them. A result that is one array of static tuples (a
        bulk read) is decoded word by word, without eth-abi's per-value cost."""
        if not self.outputs:
            return None
        if self._fast is not None:
            fast = self._fast(data, checksum)
            if fast is not None:
                return fast
        values = abi_decode([type_string(p) for p in self.outputs], data)
        if not checksum:
            return values[0] if len(values) == 1 else tuple(values)
        normal = tuple(normalise(p, v) for p, v in zip(self.outputs, values, strict=True))
        return normal[0] if len(normal) == 1 else normal


def normalise(param: AbiItem, value: Any) -> Any:
    """Checksum addresses, recursively through tuples and arrays."""
    kind = str(param["type"])
    if kind.endswith("]"):
        inner = dict(param, type=kind[: kind.rindex("[")])
        return tuple(normalise(inner, v) for v in value)
    if kind == "tuple":
        return tuple(normalise(p, v) for p, v in zip(param["components"], value, strict=True))
    if kind == "address":
        return to_checksum_address(value)
    return value


_WORD = 32


def _static_array_decoder(outputs: tuple[AbiItem, ...]) -> Callable[[bytes, bool], Any] | None:
    """A column-by-column decoder for a result that is one ``tuple[]`` of static elementary
    values (address, bool, uintN, bytesN), or None for any other result.

    The decoder returns None for data it does not accept (bad padding, short data), so that
    eth-abi decodes it and reports the problem."""
    if len(outputs) != 1 or outputs[0].get("type") != "tuple[]":
        return None
    readers: list[Callable[[list[bytes], bool], list[Any] | None]] = []
    for component in outputs[0]["components"]:
        reader = _column_reader(str(component["type"]))
        if reader is None:
            return None
        readers.append(reader)
    width = len(readers)

    def decode(data: bytes, checksum: bool) -> tuple[tuple[Any, ...], ...] | None:
        if len(data) < 2 * _WORD or int.from_bytes(data[:_WORD], "big") != _WORD:
            return None
        count = int.from_bytes(data[_WORD:2 * _WORD], "big")
        if len(data) != (2 + count * width) * _WORD:
            return None
        words = [data[at:at + _WORD] for at in range(2 * _WORD, len(data), _WORD)]
        columns = []
        for index, read in enumerate(readers):
            column = read(words[index::width], checksum)
            if column is None:
                return None
            columns.append(column)
        return tuple(zip(*columns, strict=True))

    return decode


_ZERO = bytes(_WORD)


def _column_reader(kind: str) -> Callable[[list[bytes], bool], list[Any] | None] | None:
    """How to read one column of words of ABI type ``kind`` (None when not supported)."""
    if kind == "address":
        def addresses(words: list[bytes], checksum: bool) -> list[Any] | None:
            if any(w[:12] != _ZERO[:12] for w in words):
                return None
            texts = ["0x" + w[12:].hex() for w in words]
            return [to_checksum_address(t) for t in texts] if checksum else texts
        return addresses
    if kind == "bool":
        def booleans(words: list[bytes], checksum: bool) -> list[Any] | None:
            values = [int.from_bytes(w, "big") for w in words]
            return None if any(v > 1 for v in values) else [v == 1 for v in values]
        return booleans
    if kind.startswith("uint") and kind[4:].isdigit():
        limit = 1 << int(kind[4:])

        def uints(words: list[bytes], checksum: bool) -> list[Any] | None:
            values = [int.from_bytes(w, "big") for w in words]
            return None if values and max(values) >= limit else values
        return uints
    if kind.startswith("bytes") and kind[5:].isdigit():
        size = int(kind[5:])

        def fixed(words: list[bytes], checksum: bool) -> list[Any] | None:
            if any(w[size:] != _ZERO[size:] for w in words):
                return None
            return [w[:size] for w in words]
        return fixed
    return None


def encode_constructor(abi: list[AbiItem], args: tuple[Any, ...]) -> bytes:
    ctor = next((i for i in abi if i.get("type") == "constructor"), None)
    inputs = ctor.get("inputs", []) if ctor else []
    if len(inputs) != len(args):
        raise InputError("constructor", f"takes {len(inputs)} arguments, {len(args)} given")
    if not inputs:
        return b""
    try:
        return bytes(abi_encode([type_string(p) for p in inputs], list(args)))
    except Exception as err:
        raise InputError("constructor", f"arguments do not fit: {err}") from None


def functions(abi: list[AbiItem]) -> dict[str, Function]:
    """Functions by name, and by full signature for overloaded names."""
    table: dict[str, Function] = {}
    counts: dict[str, int] = {}
    for item in abi:
        if item.get("type") == "function":
            fn = Function.from_abi(item)
            counts[fn.name] = counts.get(fn.name, 0) + 1
            table[fn.signature] = fn
            table.setdefault(fn.name, fn)
    for name, count in counts.items():
        if count > 1:
            del table[name]  # overloaded: callers must give the full signature
    return table
