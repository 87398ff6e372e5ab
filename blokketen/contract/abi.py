"""Small ABI helpers: type strings, selectors, encoding and decoding with eth-abi."""

from __future__ import annotations

from dataclasses import dataclass
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

    @classmethod
    def from_abi(cls, item: AbiItem) -> Function:
        return cls(
            name=item["name"],
            signature=signature(item),
            selector=selector(item),
            inputs=tuple(item.get("inputs", [])),
            outputs=tuple(item.get("outputs", [])),
            mutability=item.get("stateMutability", "nonpayable"),
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

    def decode(self, data: bytes) -> Any:
        """The decoded result: None for no outputs, the value for one, a tuple for more."""
        if not self.outputs:
            return None
        values = abi_decode([type_string(p) for p in self.outputs], data)
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
