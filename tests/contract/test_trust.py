"""The code check every verifier makes before a verdict (blokketen.contract.trust), on any
contract: the expected code, another address, no code, other code."""

from __future__ import annotations

import pytest

from blokketen._exceptions import InputError, UntrustedContract
from blokketen.contract.trust import PinnedCode, TrustedContract, check_code, code_hash
from blokketen.deploy.manifest import DeploymentRecord


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def boards(bk_chain, bk_accounts, board_on):
    """Two deployments of the same contract."""
    return [board_on(bk_chain, bk_accounts[0], bk_accounts[1].address) for _ in range(2)]


def _record(address: str, digest: str) -> DeploymentRecord:
    return DeploymentRecord(name="Noticeboard", address=address, tx_hash="0x", block=1,
                            deployer=address, constructor_args=[], code_hash=digest,
                            bytecode_hash="", compiler={}, source_hash="", deployed_at="")


def test_the_expected_code_is_trusted(bk_chain, boards):
    board = boards[0]
    digest = code_hash(bk_chain, board.address)
    assert digest is not None and digest.startswith("0x") and len(digest) == 66
    found = check_code(bk_chain, board.address.lower(), _record(board.address, digest))
    assert found == TrustedContract(name="Noticeboard", chain_id=bk_chain.chain_id,
                                    address=board.address, code_hash=digest)
    assert str(found) == (f"Noticeboard {board.address} on chain {bk_chain.chain_id}, "
                          f"code {digest}")
    block = bk_chain.block_number
    upper = _record(board.address, "0x" + digest[2:].upper())  # hex case does not matter
    assert check_code(bk_chain, board.address, upper, block=block).block == block


def test_another_address_no_code_or_other_code_is_refused(bk_chain, boards, bk_accounts):
    first, second = boards
    digest = code_hash(bk_chain, first.address)
    with pytest.raises(UntrustedContract, match="is not the Noticeboard expected at"):
        check_code(bk_chain, second.address, _record(first.address, digest))
    empty = bk_accounts[5].address
    with pytest.raises(UntrustedContract, match="has no code") as caught:
        check_code(bk_chain, empty, _record(empty, digest))
    assert caught.value.found is None
    with pytest.raises(UntrustedContract, match="runs other code") as caught:
        check_code(bk_chain, first.address, _record(first.address, "0x" + "ab" * 32))
    assert (caught.value.found, caught.value.expected) == (digest, "0x" + "ab" * 32)
    assert "no verdict" in str(caught.value)


def test_a_client_knows_the_code_it_deployed_and_nothing_else(bk_chain, boards):
    board = boards[0]
    assert board.expected_code is not None
    assert board.trusted().code_hash == code_hash(bk_chain, board.address)
    bare = type(board)(bk_chain, board.address, abi=board.abi)
    with pytest.raises(UntrustedContract, match="no expected code"):
        bare.trusted()
    pinned = bare.trusting(PinnedCode(name="Noticeboard", address=board.address,
                                      code_hash=board.expected_code.code_hash))
    assert pinned.trusted() == board.trusted()
    assert pinned.as_sender(board.sender).expected_code == pinned.expected_code


@pytest.mark.parametrize(("field", "kwargs"), [
    ("address", {"address": "board"}), ("code_hash", {"code_hash": "0x12"}),
    ("code_hash", {"code_hash": "ab" * 32}), ("code_hash", {"code_hash": None})])
def test_pinned_code_is_checked(field, kwargs):
    values = {"name": "Noticeboard", "address": "0x" + "11" * 20, "code_hash": "0x" + "ab" * 32}
    with pytest.raises(InputError) as caught:
        PinnedCode(**{**values, **kwargs})
    assert caught.value.field == field
    assert PinnedCode(**{**values, "code_hash": "0x" + "AB" * 32}).code_hash == "0x" + "ab" * 32
