"""What commands print: plain tables, and values as JSON or as one readable line."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

__all__ = ["emit", "line", "plain", "print_table"]


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """A plain left-aligned text table on stdout."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    header = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(header.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def plain(value: Any) -> Any:
    """JSON-friendly: dataclasses to dicts, bytes to 0x hex, enums to lower-case names."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name.rstrip("_"): plain(getattr(value, f.name))
                for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, Enum):
        return value.name.lower()
    return value


def line(value: Any) -> str:
    """A plain value (see :func:`plain`) on one line: ``key=value  key=value``."""
    if isinstance(value, dict):
        return "  ".join(f"{k}={line(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(line(v) for v in value) + "]"
    return str(value)


def emit(data: Any, text: str, *, as_json: bool) -> None:
    """Print ``data`` as indented JSON, or ``text``."""
    print(json.dumps(data, indent=2) if as_json else text)
