"""The bulk sender knows nothing of parcels: it pipelines any contract's calls."""

from __future__ import annotations

import pytest

from blokketen.bulk import BulkSender, Job
from blokketen.contract.tx import PendingTx

DIGEST = b"d" * 32


@pytest.fixture(autouse=True)
def _isolated(bk_isolated):
    """Every test starts from the same chain state."""


@pytest.mark.parametrize("mine", [True, False])
def test_any_contract_calls_go_out_pipelined(bk_chain, bk_accounts, board_on, mine):
    admin, poster = bk_accounts[0], bk_accounts[1]
    board = board_on(bk_chain, admin, poster.address).as_sender(poster)
    topics = [i.to_bytes(32, "big") for i in range(1, 301)]
    gas = board.estimate_gas(board.encode("post", topics[0], DIGEST))
    jobs = [Job(board.encode("post", t, DIGEST), gas, (t.hex(),)) for t in topics]
    reported: list[int] = []
    sender = BulkSender(bk_chain, poster, board.address, mine=mine)
    outcomes = sender.run(jobs, lambda done: reported.append(len(done)))
    assert sender.refusal is None and sender.unsent == []
    assert [o.job for o in outcomes] == jobs and sum(reported) == len(jobs)
    nonces = [o.nonce for o in outcomes]
    assert nonces == sorted(nonces) and len(set(nonces)) == len(jobs)
    assert all(o.receipt.succeeded and o.receipt.sender == poster.address for o in outcomes)
    assert board.notice(topics[0]) == board.notice(topics[-1]) == DIGEST
    assert board._call("summary")[0] == len(topics)


def test_a_failed_call_is_an_outcome_with_status_zero(bk_chain, bk_accounts, board_on):
    admin, poster = bk_accounts[0], bk_accounts[1]
    board = board_on(bk_chain, admin, poster.address).as_sender(poster)
    data = board.encode("post", b"t" * 32, DIGEST)
    gas = board.estimate_gas(data)
    sender = BulkSender(bk_chain, poster, board.address)
    (first,) = sender.run([Job(data, gas, ("first",))])
    (failed,) = sender.run([Job(data, gas, ("again",))])  # the topic is taken now
    assert (first.receipt.status, failed.receipt.status) == (1, 0)
    pending = PendingTx(failed.receipt.tx_hash, poster.address, failed.nonce,
                        {"data": data, "gas": gas, "value": 0, "to": board.address})
    reason = board.explain_failure(pending, failed.receipt)
    assert isinstance(reason, board.errors.NoticeboardTopicTaken)
