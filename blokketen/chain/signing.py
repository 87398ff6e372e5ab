"""Local signing: transactions RLP-encoded and signed here, sent raw, one or many at a time.

:class:`RawSigner` gives byte for byte what ``account.sign_transaction`` gives for the same
fields (signatures are deterministic, RFC 6979), without eth-account's per-call overhead, so
the transaction layer and the bulk sender both sign with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import RpcError
from blokketen.chain.devkeys import refuse_dev_key

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

__all__ = ["RawSigner", "SignedTx", "rlp_encode", "send_raw_batch"]


@dataclass(frozen=True)
class SignedTx:
    """A signed transaction ready for ``eth_sendRawTransaction``."""

    raw: bytes = field(repr=False)
    tx_hash: str
    nonce: int


class RawSigner:
    """Signs many transactions for one key; refuses a public key for a chain that is not a
    local dev chain (:func:`blokketen.chain.devkeys.refuse_dev_key`).

    The transaction is RLP-encoded here and signed with coincurve when it is installed
    (``pip install blokketen[fast]``), else with eth-keys. EIP-1559 (type 2) when ``fees``
    holds ``maxFeePerGas``, else legacy EIP-155."""

    def __init__(self, account: LocalAccount, chain: Chain) -> None:
        refuse_dev_key(account, chain)
        self.address = str(account.address)
        self.chain_id = chain.chain_id
        key = bytes(account.key)
        try:
            import coincurve
        except ImportError:  # pragma: no cover - coincurve is in requirements.txt
            from eth_keys.datatypes import PrivateKey

            slow = PrivateKey(key)

            def sign_hash(digest: bytes) -> tuple[int, int, int]:
                sig = slow.sign_msg_hash(digest)
                return sig.v, sig.r, sig.s
        else:
            fast = coincurve.PrivateKey(key)

            def sign_hash(digest: bytes) -> tuple[int, int, int]:
                sig = fast.sign_recoverable(digest, hasher=None)
                return sig[64], int.from_bytes(sig[0:32], "big"), int.from_bytes(sig[32:64], "big")

        self._sign_hash = sign_hash

    def sign(self, *, nonce: int, gas: int, to: str | None, data: bytes,
             fees: dict[str, int], value: int = 0) -> SignedTx:
        """The signed transaction with these fields (``to`` None deploys a contract)."""
        from eth_hash.auto import keccak

        target = bytes.fromhex(to[2:]) if to else b""
        if "maxFeePerGas" in fees:
            fields: list[Any] = [self.chain_id, nonce, fees["maxPriorityFeePerGas"],
                                 fees["maxFeePerGas"], gas, target, value, data, []]
            v, r, s = self._sign_hash(keccak(b"\x02" + rlp_encode(fields)))
            raw = b"\x02" + rlp_encode([*fields, v, r, s])
        else:
            fields = [nonce, fees["gasPrice"], gas, target, value, data]
            v, r, s = self._sign_hash(keccak(rlp_encode([*fields, self.chain_id, 0, 0])))
            raw = rlp_encode([*fields, v + 35 + 2 * self.chain_id, r, s])
        return SignedTx(raw=raw, tx_hash="0x" + keccak(raw).hex(), nonce=nonce)


def rlp_encode(item: Any) -> bytes:
    """RLP of nested lists of bytes and non-negative ints (what transactions need)."""
    if isinstance(item, list):
        payload = b"".join(rlp_encode(x) for x in item)
        return _rlp_length(len(payload), 0xC0) + payload
    if isinstance(item, int):
        item = item.to_bytes((item.bit_length() + 7) // 8, "big") if item else b""
    if len(item) == 1 and item[0] < 0x80:
        return bytes(item)
    return _rlp_length(len(item), 0x80) + bytes(item)


def _rlp_length(length: int, offset: int) -> bytes:
    if length < 56:
        return bytes([offset + length])
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(encoded)]) + encoded


def send_raw_batch(chain: Chain, signed: list[SignedTx]) -> list[str | RpcError]:
    """Send signed transactions in one JSON-RPC batch; each answer is a hash or an RpcError."""
    calls = [("eth_sendRawTransaction", ["0x" + tx.raw.hex()]) for tx in signed]
    answers = chain.rpc_batch(calls)
    return [a if isinstance(a, RpcError) else str(a) for a in answers]
