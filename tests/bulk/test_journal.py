"""The bulk journal, without a chain."""

from __future__ import annotations

import json

from blokketen.bulk import Journal


def test_journal_ignores_a_torn_line_and_other_registries(tmp_path):
    path = tmp_path / "x.journal"
    journal = Journal(path)
    journal.open(chain_id=1, registry="0xAbC", records=2, batch_size=1)
    journal.record("K1", "sent", tx="0x1")
    journal.record("K1", "confirmed", tx="0x1", block=3)
    journal.close()
    journal.open(chain_id=2, registry="0xabc", records=2, batch_size=1)
    journal.record("K2", "confirmed", tx="0x2", block=3)
    journal.close()
    with path.open("a") as handle:
        handle.write('{"key": "K3", "event": "confirm')  # a crash while writing
    state = Journal(path).read(chain_id=1, registry="0xabc")
    assert state.confirmed("K1") and not state.confirmed("K2") and not state.confirmed("K3")
    assert state.runs == 1
    journal.open(chain_id=1, registry="0xabc", records=2, batch_size=1)
    journal.record("K3", "confirmed", tx="0x3", block=4)
    journal.close()
    again = Journal(path).read(chain_id=1, registry="0xabc")
    assert again.confirmed("K3") and again.runs == 2


def test_one_line_per_transaction_and_the_last_word_counts(tmp_path):
    """A batch's records share a line; a reorganisation takes a confirmation back until
    the records are confirmed again; journals of the first format are still read."""
    path = tmp_path / "x.journal"
    journal = Journal(path)
    journal.open(chain_id=7, registry="0xabc", records=4, batch_size=2)
    journal.records(["A", "B"], "sent", tx="0x1", nonce=0)
    journal.records(["A", "B"], "confirmed", tx="0x1", block=5)
    journal.records(["C", "D"], "confirmed", tx="0x2", block=5)
    journal.records(["A", "B"], "reorged", tx="0x1", block=5)
    journal.records(["A"], "confirmed", tx="0x1", block=6)
    journal.close()
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    assert [line.get("keys", [line.get("key")]) for line in lines[1:]] == [
        ["A", "B"], ["A", "B"], ["C", "D"], ["A", "B"], ["A"]]
    state = Journal(path).read(chain_id=7, registry="0xABC")
    assert [state.confirmed(k) for k in "ABCD"] == [True, False, True, True]
    old = tmp_path / "old.journal"
    old.write_text('{"format":"blokketen.bulk.journal/1","chain_id":7,"registry":"0xabc"}\n'
                   '{"key":"E","event":"confirmed","tx":"0x3","block":2}\n')
    assert Journal(old).read(chain_id=7, registry="0xabc").confirmed("E")
