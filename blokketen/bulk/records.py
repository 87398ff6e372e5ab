"""Parcel records of a bulk import: validated all at once, every bad row reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from blokketen._exceptions import BadRowsError, InputError, RowProblem
from blokketen.contract import checks as check
from blokketen.land.capakey import normalise_capakey
from blokketen.land.types import LandUse

_HEX = frozenset("0123456789abcdef")
COLUMNS = ("capakey", "owner", "area_m2", "land_use", "deed_hash")
"""The columns of an import file, in this order."""


@dataclass(frozen=True)
class ParcelRecord:
    """One parcel to register; ``line`` is where it came from (CSV line, or 1-based index)."""

    capakey: str
    owner: str
    area_m2: int
    land_use: LandUse
    deed_hash: bytes
    line: int = 0

    def same_data(self, owner: str, area_m2: int, land_use: int, deed_hash: bytes) -> bool:
        return (owner.lower() == self.owner.lower() and area_m2 == self.area_m2
                and int(land_use) == int(self.land_use) and bytes(deed_hash) == self.deed_hash)


def land_use(value: Any) -> LandUse:
    """A land use from a LandUse, its number, or its name (``forest``, ``nature-reserve``)."""
    if isinstance(value, LandUse):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return LandUse(value)
        except ValueError:
            pass
    elif isinstance(value, str):
        text = value.strip().upper().replace("-", "_").replace(" ", "_")
        if text.isdigit() and int(text) in LandUse._value2member_map_:
            return LandUse(int(text))
        if text in LandUse.__members__:
            return LandUse[text]
    names = ", ".join(u.name.lower().replace("_", "-") for u in LandUse)
    raise InputError("land_use", f"one of {names} (or 0-3), got {value!r}")


def owner(value: Any) -> str:
    """A non-zero address; mixed case must carry a valid EIP-55 checksum. Checksummed."""
    from eth_hash.auto import keccak

    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or len(text) != 42 or text[:2] not in ("0x", "0X"):
        raise InputError("owner", f"not an address: {value!r}")
    digits = text[2:]
    lower = digits.lower()
    if any(c not in _HEX for c in lower):
        raise InputError("owner", f"not an address: {value!r}")
    if int(lower, 16) == 0:
        raise InputError("owner", "the zero address is not allowed")
    hashed = keccak(lower.encode("ascii")).hex()
    checksummed = "".join(c.upper() if int(h, 16) >= 8 else c
                          for c, h in zip(lower, hashed[:40], strict=True))
    if digits not in (lower, lower.upper(), checksummed):
        raise InputError("owner", f"bad EIP-55 checksum: {value!r}")
    return "0x" + checksummed


def area(value: Any) -> int:
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        if not text.isdigit():
            raise InputError("area_m2", f"a whole number of m² above 0, got {value!r}")
        value = int(text)
    return check.uint("area_m2", value, maximum=check.UINT48_MAX, minimum=1)


def parse_row(row: Mapping[str, Any], line: int) -> tuple[ParcelRecord | None, list[RowProblem]]:
    """Check one row; the record, or None and every problem of the row."""
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    checks: dict[str, Callable[[Any], Any]] = {
        "capakey": normalise_capakey,
        "owner": owner,
        "area_m2": area,
        "land_use": land_use,
        "deed_hash": lambda v: check.hash32("deed_hash", v.strip() if isinstance(v, str) else v),
    }
    for name, parse in checks.items():
        raw = row.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            problems.append(RowProblem(line, name, "missing"))
            continue
        try:
            values[name] = parse(raw)
        except InputError as err:
            problems.append(RowProblem(line, name, err.problem))
    if problems:
        return None, problems
    return ParcelRecord(line=line, **values), []


def validate_records(rows: Iterable[ParcelRecord | Mapping[str, Any]]) -> list[ParcelRecord]:
    """Every row checked; raises :class:`BadRowsError` listing all bad rows (a key listed
    twice is bad too). Rows are ParcelRecords or mappings with the :data:`COLUMNS`."""
    records: list[ParcelRecord] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        if isinstance(row, ParcelRecord):
            line = row.line or index
            as_map: Mapping[str, Any] = {
                "capakey": row.capakey, "owner": row.owner, "area_m2": row.area_m2,
                "land_use": row.land_use, "deed_hash": row.deed_hash}
        elif isinstance(row, Mapping):
            line, as_map = index, row
        else:
            problems.append(RowProblem(index, "row", f"not a record: {type(row).__name__}"))
            continue
        record, found = parse_row(as_map, line)
        problems.extend(found)
        if record is None:
            continue
        if record.capakey in first_line:
            problems.append(RowProblem(line, "capakey", f"{record.capakey} is listed already "
                                       f"on line {first_line[record.capakey]}"))
            continue
        first_line[record.capakey] = line
        records.append(record)
    if problems:
        raise BadRowsError(problems, columns=COLUMNS)
    return records
