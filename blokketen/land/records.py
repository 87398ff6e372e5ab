"""Parcel records of a bulk import: every row checked at once, every bad row reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from blokketen._exceptions import BadRowsError, InputError, RowProblem
from blokketen.contract import checks as check
from blokketen.land.capakey import normalise_capakey
from blokketen.land.types import LandUse, ParcelRecord

__all__ = ["COLUMNS", "parse_row", "validate_records"]

COLUMNS = ("capakey", "owner", "area_m2", "land_use", "deed_hash")
"""The columns of an import file, in this order."""


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _area(value: Any) -> int:
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        if not text.isdigit():
            raise InputError("area_m2", f"a whole number of m² above 0, got {value!r}")
        value = int(text)
    return check.uint("area_m2", value, maximum=check.UINT48_MAX, minimum=1)


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "capakey": normalise_capakey,
    "owner": lambda v: check.address("owner", _text(v)),
    "area_m2": _area,
    "land_use": lambda v: check.member("land_use", v, LandUse),
    "deed_hash": lambda v: check.hash32("deed_hash", _text(v)),
}
"""The check of each column, in :data:`COLUMNS` order."""


def parse_row(row: Mapping[str, Any], line: int) -> tuple[ParcelRecord | None, list[RowProblem]]:
    """Check one row; the record, or None and every problem of the row."""
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for name, parse in _CHECKS.items():
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
