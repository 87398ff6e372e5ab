"""Parcel import files (CSV): the header names the columns; every row is checked before use.

:class:`ParcelsCsv` reads a file as a stream, so a register of a million parcels is checked
and imported without holding its records (8 bytes per row for the duplicate check);
:func:`read_parcels_csv` reads a small file into a list.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from blokketen._exceptions import BadRowsError, InputError, RowProblem
from blokketen.common.keyset import KeySet, digest
from blokketen.land.records import COLUMNS, parse_row
from blokketen.land.types import ParcelRecord

__all__ = ["ParcelsCsv", "read_parcels_csv", "write_parcels_csv"]


class ParcelsCsv:
    """A parcel import file (UTF-8, comma separated, a header naming :data:`COLUMNS` in any
    order; extra columns are ignored), read as a stream.

    :meth:`check` reads it once and raises :class:`BadRowsError` with every bad row and
    field by line number (a key listed twice included), or :class:`InputError` when the
    file cannot be read; it returns the number of records. Iterating reads the file again,
    record by record. Neither keeps the records, so memory stays flat whatever the size of
    the file. The land importer takes one where it takes a list of records."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._count: int | None = None
        self._stamp: tuple[int, int] | None = None

    def check(self) -> int:
        """Check every row (again only if the file changed since); the number of records."""
        stamp = self._file_stamp()
        if self._count is not None and stamp == self._stamp:
            return self._count
        problems: list[RowProblem] = []
        keys = KeySet()
        count = 0
        for line, values in self._rows():
            record, found = parse_row(values, line)
            problems.extend(found)
            if record is not None:
                keys.add(record.capakey)
                count += 1
        repeated = keys.repeated()
        if repeated:
            problems.extend(self._listed_twice(repeated))
        if problems:
            raise BadRowsError(problems, columns=COLUMNS, source=str(self.path))
        self._count, self._stamp = count, stamp
        return count

    def __len__(self) -> int:
        return self.check()

    def __iter__(self) -> Iterator[ParcelRecord]:
        """The records, in file order (checked first)."""
        self.check()
        for line, values in self._rows():
            record, found = parse_row(values, line)
            if record is None:  # the file changed while it was read
                raise BadRowsError(found, columns=COLUMNS, source=str(self.path))
            yield record

    def _listed_twice(self, repeated: set[int]) -> list[RowProblem]:
        """Rows whose key an earlier row has (read again, for the few keys concerned)."""
        first: dict[str, int] = {}
        problems = []
        for line, values in self._rows():
            record, _ = parse_row(values, line)
            if record is None or digest(record.capakey) not in repeated:
                continue
            if record.capakey in first:
                problems.append(RowProblem(line, "capakey", f"{record.capakey} is listed "
                                           f"already on line {first[record.capakey]}"))
            else:
                first[record.capakey] = line
        return problems

    def _file_stamp(self) -> tuple[int, int]:
        try:
            info = self.path.stat()
        except OSError as err:
            raise InputError("file", f"cannot read {self.path}: {err.strerror}") from None
        return info.st_mtime_ns, info.st_size

    def _rows(self) -> Iterator[tuple[int, dict[str, str | None]]]:
        """(line, cells by column) of every non-empty row."""
        path = self.path
        try:
            handle: IO[str] = path.open(newline="", encoding="utf-8-sig")
        except OSError as err:
            raise InputError("file", f"cannot read {path}: {err.strerror}") from None
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
                    if not any(cell.strip() for cell in row):
                        continue
                    yield reader.line_num, {c: (row[i] if i < len(row) else None)
                                            for c, i in index.items()}
            except (csv.Error, UnicodeDecodeError) as err:
                raise InputError("file", f"{path} line {reader.line_num}: {err}") from None


def read_parcels_csv(path: Path | str) -> list[ParcelRecord]:
    """The records of ``path`` in a list (see :class:`ParcelsCsv`, which streams them).
    Raises :class:`BadRowsError` with every bad row and field, by line number, or
    :class:`InputError` when the file cannot be read."""
    return list(ParcelsCsv(path))


def write_parcels_csv(path: Path | str, records: Iterable[ParcelRecord]) -> None:
    """Write records in the import format (used by tests, demos and benchmarks)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in records:
            writer.writerow([r.capakey, r.owner, r.area_m2, r.land_use.name.lower(),
                             "0x" + r.deed_hash.hex()])
