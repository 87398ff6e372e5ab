"""The bulk journal, without a chain."""

from __future__ import annotations

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
        handle.write('{"key": "K3", "ev')  # a crash while writing
    state = Journal(path).read(chain_id=1, registry="0xabc")
    assert state.confirmed("K1") and not state.confirmed("K2") and "K3" not in state.last
    journal.open(chain_id=1, registry="0xabc", records=2, batch_size=1)
    journal.record("K3", "sent", tx="0x3")
    journal.close()
    assert Journal(path).read(chain_id=1, registry="0xabc").last["K3"]["event"] == "sent"
