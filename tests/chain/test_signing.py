"""Local signing without a chain: RawSigner gives what eth-account gives, RLP lengths."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from blokketen.chain import Chain, RawSigner, dev_accounts, rlp_encode


@pytest.mark.parametrize("fees", [
    {"maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9},
    {"maxFeePerGas": 0, "maxPriorityFeePerGas": 0},
    {"gasPrice": 10**9},
])
@pytest.mark.parametrize("chain_id", [31337, 4242])
def test_raw_signer_matches_eth_account(fees, chain_id):
    account = dev_accounts(1)[0] if chain_id == 31337 else _random_account()
    node = "anvil/v1.7.1" if chain_id == 31337 else "Geth/v1.13.15-stable"
    offline = Chain(url="http://offline.invalid", w3=None, chain_id=chain_id,  # never asked
                    client_version=node, eip1559=True)
    signer = RawSigner(account, offline)
    to = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    for nonce in (0, 1, 127, 128, 65_536):
        data = keccak(text=str(nonce)) * (nonce % 5)
        mine = signer.sign(nonce=nonce, gas=123_456, to=to, data=data, fees=fees)
        ref = account.sign_transaction({"chainId": chain_id, "nonce": nonce, "gas": 123_456,
                                        "to": to, "data": data, "value": 0, **fees})
        assert mine.raw == bytes(ref.raw_transaction)
        assert mine.tx_hash == "0x" + bytes(ref.hash).hex()


def _random_account():
    from eth_account import Account

    return Account.create()


def test_rlp_lengths():
    assert rlp_encode(b"") == b"\x80" and rlp_encode(0) == b"\x80"
    assert rlp_encode(b"\x7f") == b"\x7f"
    assert rlp_encode(b"a" * 56)[:2] == b"\xb8\x38"
    assert rlp_encode([]) == b"\xc0"
