"""Bulk sending at the node's speed: a pipelined sender and a journal, for any contract.

The sender signs many transactions locally and sends them in JSON-RPC batches, collecting
receipts block by block; the journal records what a run sent and saw confirmed, so a crashed
run can be resumed. Neither knows what the transactions carry: a pilot builds its importer
on them (the land pilot's parcel import is :mod:`blokketen.land.importer`).
"""

from blokketen.bulk.journal import Journal, JournalState, journal_path
from blokketen.bulk.pipeline import BulkSender, Job, Outcome, manual_mining, settle_pending

__all__ = [
    "BulkSender",
    "Job",
    "Journal",
    "JournalState",
    "Outcome",
    "journal_path",
    "manual_mining",
    "settle_pending",
]
