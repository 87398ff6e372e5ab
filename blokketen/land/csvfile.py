"""Parcel import files (CSV): the header names the columns; every row is checked before use."""

from __future__ import annotations

import csv
from pathlib import Path

from blokketen._exceptions import BadRowsError, InputError, RowProblem
from blokketen.land.records import COLUMNS, parse_row, validate_records
from blokketen.land.types import ParcelRecord

__all__ = ["read_parcels_csv", "write_parcels_csv"]


def read_parcels_csv(path: Path | str) -> list[ParcelRecord]:
    """The records of ``path`` (UTF-8, comma separated, header with :data:`COLUMNS` in any
    order; extra columns are ignored). Raises :class:`BadRowsError` with every bad row and
    field, by line number, or :class:`InputError` when the file cannot be read."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as err:
        raise InputError("file", f"cannot read {path}: {err.strerror}") from None
    problems: list[RowProblem] = []
    records: list[ParcelRecord] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("file", f"{path} is empty") from None
        except (csv.Error, UnicodeDecodeError) as err:
            raise InputError("file", f"{path} line 1: {err}") from None
        names = [h.strip().lower() for h in header]
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise BadRowsError([RowProblem(1, c, "column missing from the header")
                                for c in missing], columns=COLUMNS, source=str(path))
        index = {c: names.index(c) for c in COLUMNS}
        try:
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                values = {c: (row[i] if i < len(row) else None) for c, i in index.items()}
                record, found = parse_row(values, line)
                problems.extend(found)
                if record is not None:
                    records.append(record)
        except (csv.Error, UnicodeDecodeError) as err:
            raise InputError("file", f"{path} line {reader.line_num}: {err}") from None
    if problems:
        try:  # add duplicate keys among the good rows to the report
            validate_records(records)
        except BadRowsError as dup:
            problems.extend(dup.problems)
        raise BadRowsError(problems, columns=COLUMNS, source=str(path))
    return validate_records(records)


def write_parcels_csv(path: Path | str, records: list[ParcelRecord]) -> None:
    """Write records in the import format (used by tests, demos and benchmarks)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in records:
            writer.writerow([r.capakey, r.owner, r.area_m2, r.land_use.name.lower(),
                             "0x" + r.deed_hash.hex()])
