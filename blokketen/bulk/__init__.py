"""Bulk operations at the node's speed: validated imports, pipelined sends, a journal.

``LandRegistry.import_parcels(rows)`` and ``blokketen land import FILE.csv`` use this.
"""

from blokketen._exceptions import BadRowsError, RowProblem
from blokketen.bulk.csvfile import read_parcels_csv, write_parcels_csv
from blokketen.bulk.importer import (
    DEFAULT_BATCH,
    Conflict,
    Failure,
    ImportSummary,
    import_parcels,
    read_parcels,
)
from blokketen.bulk.journal import Journal, journal_path
from blokketen.bulk.records import COLUMNS, ParcelRecord

__all__ = [
    "COLUMNS",
    "DEFAULT_BATCH",
    "BadRowsError",
    "Conflict",
    "Failure",
    "ImportSummary",
    "Journal",
    "ParcelRecord",
    "RowProblem",
    "import_parcels",
    "journal_path",
    "read_parcels",
    "read_parcels_csv",
    "write_parcels_csv",
]
