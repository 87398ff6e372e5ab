"""The shared client layer: typed reverts, events, nonces, confirmations, on anvil and ganache."""

from __future__ import annotations

import threading
import time

import pytest

from blokketen import _exceptions as exc
from blokketen.chain import Chain, LocalNode
from blokketen.contract.tx import Transactor, wait_for_receipts

TOPIC = b"t" * 32
DIGEST = b"d" * 32


@pytest.fixture
def board(any_chain, board_on):
    admin, poster = any_chain.dev_accounts(2)
    return board_on(any_chain, admin, poster.address).as_sender(poster)


def test_call_and_transact_round_trip(board):
    receipt = board.post(TOPIC, DIGEST)
    assert receipt.succeeded
    assert board.notice(TOPIC) == DIGEST
    assert board._call("summary") == (1, "Board")
    (event,) = receipt.events
    assert event.name == "NoticePosted"
    assert event["topic"] == TOPIC and event["poster"] == board.sender.address


@pytest.mark.parametrize("path", ["call", "transact", "transact_fixed_gas"])
def test_custom_error_is_typed_with_arguments(board, path):
    board.post(TOPIC, DIGEST)
    run = {
        "call": lambda: board._call("post", TOPIC, b"e" * 32),
        "transact": lambda: board._transact("post", TOPIC, b"e" * 32),
        "transact_fixed_gas": lambda: board._transact("post", TOPIC, b"e" * 32, gas=300_000),
    }[path]
    with pytest.raises(board.errors.NoticeboardTopicTaken) as caught:
        run()
    err = caught.value
    assert isinstance(err, exc.CustomErrorRevert)
    assert err.topic == TOPIC and err.existing == DIGEST
    assert "NoticeboardTopicTaken(topic=0x7474" in str(err)
    assert (err.tx_hash is not None) == (path == "transact_fixed_gas")


@pytest.mark.parametrize("gas", [None, 300_000])
def test_panic_and_reason_have_their_own_classes(board, gas):
    with pytest.raises(exc.PanicRevert) as panic:
        board._transact("share", 1, 0, gas=gas)
    assert panic.value.code == 0x12
    with pytest.raises(exc.ReasonRevert) as reason:
        board._transact("refuse", gas=gas)
    assert reason.value.reason == "Noticeboard: refused"


def test_access_control_error_names_the_account(board, any_chain):
    outsider = any_chain.dev_accounts(3)[2]
    with pytest.raises(board.errors.AccessControlUnauthorizedAccount) as caught:
        board.as_sender(outsider).post(TOPIC, DIGEST)
    assert caught.value.account == outsider.address


def test_history_rebuilt_from_logs(board):
    start = board.chain.block_number
    for i in range(3):
        board.post(bytes([i]) * 32, DIGEST)
    records = board.events("NoticePosted", from_block=start)
    assert [r["topic"][0] for r in records] == [0, 1, 2]
    assert [r.block_number for r in records] == sorted(r.block_number for r in records)
    only = board.events("NoticePosted", from_block=start, argument_filters={"topic": b"\x01" * 32})
    assert len(only) == 1


def test_fifty_transactions_in_flight(board):
    tx = board._transactor
    pending = [board._send("post", i.to_bytes(32, "big"), DIGEST) for i in range(1, 51)]
    assert [p.nonce for p in pending] == list(range(pending[0].nonce, pending[0].nonce + 50))
    receipts = wait_for_receipts(board.chain, [p.tx_hash for p in pending], timeout=60)
    assert all(r.succeeded for r in receipts)
    assert board._call("summary")[0] == 50
    assert tx.chain.nonces.peek(tx.address) == pending[-1].nonce + 1


def test_nonce_manager_resyncs_after_refusal(board):
    board.post(TOPIC, DIGEST)
    # A stale counter, as when another process sent from the same key: the node refuses
    # the nonce, the layer reads the count again and sends once more.
    board.chain.nonces._next[board.sender.address.lower()] -= 1
    receipt = board._transact("post", b"x" * 32, DIGEST)
    assert receipt.succeeded and board.notice(b"x" * 32) == DIGEST


def test_confirmations_wait_for_later_blocks(any_chain, board_on):
    admin, poster = any_chain.dev_accounts(2)
    board = board_on(any_chain, admin, poster.address).as_sender(poster)
    board.confirmations = 3
    stop = threading.Event()

    def miner() -> None:
        while not stop.is_set():
            time.sleep(0.05)
            any_chain.mine()

    thread = threading.Thread(target=miner)
    thread.start()
    try:
        receipt = board.post(TOPIC, DIGEST)
    finally:
        stop.set()
        thread.join()
    assert any_chain.block_number - receipt.block_number + 1 >= 3


def test_receipt_timeout_is_reported(any_chain):
    with pytest.raises(exc.TransactionTimeout):
        wait_for_receipts(any_chain, ["0x" + "ab" * 32], timeout=0.2)


def test_dev_key_refused_on_a_non_dev_chain_id(any_chain):
    with LocalNode("anvil", chain_id=4242) as node:
        chain = Chain.connect(node.url)
        assert chain.node_kind == "anvil" and not chain.is_dev
        with pytest.raises(exc.DevKeyRefused, match="4242"):
            chain.dev_accounts(1)
        dev_key = any_chain.dev_accounts(1)[0]
        with pytest.raises(exc.DevKeyRefused):
            Transactor(chain, dev_key)
        assert chain.rpc("eth_getTransactionCount", [dev_key.address, "latest"]) == "0x0"


def test_roles_by_short_name_full_name_or_id(board, any_chain):
    outsider = any_chain.dev_accounts(3)[2]
    admin_board = board.as_sender(any_chain.dev_accounts(1)[0])
    assert set(board.roles()) == {"admin", "poster"}
    assert board.role_id("poster") == board.role_id("POSTER_ROLE") == board.roles()["poster"]
    admin_board.grant_role("poster", outsider.address)
    assert board.has_role("POSTER_ROLE", outsider.address)
    admin_board.revoke_role(board.role_id("poster"), outsider.address)
    assert not board.has_role("poster", outsider.address)
    with pytest.raises(exc.InputError, match="role: 'nonsense' is not a role"):
        admin_board.grant_role("nonsense", outsider.address)
    with pytest.raises(exc.InputError, match="account: not an address"):
        admin_board.grant_role("poster", "0x123")


def test_a_failure_between_nonce_and_send_leaves_no_gap(board, monkeypatch):
    tx = board._transactor
    tx.timeout = 15  # a nonce gap would leave the next transaction pending until this
    board.post(b"a" * 32, DIGEST)

    def unplugged(**_: object) -> None:
        raise RuntimeError("signing device unplugged")

    with monkeypatch.context() as patch:
        patch.setattr(tx.signer, "sign", unplugged)
        with pytest.raises(RuntimeError):
            board.post(b"b" * 32, DIGEST)
    assert board.post(b"c" * 32, DIGEST).succeeded
    assert board._call("summary")[0] == 2


def test_a_node_that_stops_answering_is_a_chain_error(capsys):
    from blokketen.cli.report import report

    with LocalNode() as node:
        chain = Chain.connect(node.url)
        node.kill()
        with pytest.raises(exc.NodeUnreachable, match="eth_blockNumber") as caught:
            _ = chain.block_number
        with pytest.raises(exc.NodeUnreachable):
            chain.rpc_batch([("eth_chainId", []), ("eth_blockNumber", [])])
    assert report(caught.value) == 1  # something may have been sent before: a re-run resumes
    with pytest.raises(exc.NoNodeAtUrl) as refused:
        Chain.connect(node.url)
    assert report(refused.value) == 2  # nothing was done
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: (") for line in lines)


def test_one_fee_rule_for_single_sends_and_bulk(any_chain):
    """maxFeePerGas = multiplier x the latest base fee + the node's tip; the same rule with
    a wider cap is what the bulk sender uses."""
    from blokketen.contract.tx import MAX_FEE_MULTIPLIER, fees

    basis = any_chain.fee_basis(max_age=0)
    one = fees(any_chain, max_age=0)
    wide = fees(any_chain, multiplier=10, max_age=0)
    if basis.gas_price is not None:
        assert one == wide == {"gasPrice": basis.gas_price}
    else:
        assert basis.base_fee > 0
        assert one == {"maxFeePerGas": MAX_FEE_MULTIPLIER * basis.base_fee + basis.tip,
                       "maxPriorityFeePerGas": basis.tip}
        assert wide["maxFeePerGas"] == 10 * basis.base_fee + basis.tip


def test_the_receipt_of_a_send_is_the_parsed_receipt(board):
    from blokketen.contract.tx import parse_receipt

    receipt = board.post(b"p" * 32, DIGEST)
    raw = board.chain.rpc("eth_getTransactionReceipt", [receipt.tx_hash])
    assert parse_receipt(raw, board._events) == receipt
