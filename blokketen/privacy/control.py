"""The positive control of the privacy guard: a deliberate leak it must find.

The leak goes to a tiny contract (``LEAK_SINK_RUNTIME``, hand-assembled, so no compiler is
needed and it runs on any EVM from London on) that stores the first two words of its
calldata in slots 0 and 1 and logs the whole calldata with the first word as a topic. The
calldata carries a national number as an integer word, the same number as text in the
second word, and a line of text with a deny-listed field name, a national number and an
e-mail address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eth_utils import to_checksum_address

from blokketen._exceptions import ChainError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.tx import Receipt

__all__ = ["LEAK_SINK_RUNTIME", "LEAK_TEXT", "deploy_leak_sink", "leak_calldata", "send_leak"]

LEAK_SINK_RUNTIME = bytes.fromhex(
    "36" "6000" "6000" "37"  # CALLDATACOPY(0, 0, CALLDATASIZE)
    "6000" "35" "80" "6000" "55"  # SSTORE(0, word 0), keeping word 0
    "6020" "35" "6001" "55"  # SSTORE(1, word 1)
    "36" "6000" "a1"  # LOG1(0, CALLDATASIZE, topic: word 0)
    "00"  # STOP
)
"""Runtime code of the leak sink (no PUSH0, so it also runs on pre-Shanghai chains)."""

_INIT = bytes.fromhex(f"60{len(LEAK_SINK_RUNTIME):02x}" "80" "600b" "6000" "39" "6000" "f3")
"""Init code: CODECOPY the runtime that follows (at offset 11) to memory and RETURN it."""

LEAK_NUMBER = 85_073_003_328
"""National number 85.07.30-033.28 as an integer."""

LEAK_TEXT = b"Voornaam: Jan; INSZ 03.05.12-012.46; e-mail jan.peeters@example.be"
"""Text with a field name, the number of someone born in 2003 (from-2000 check), an e-mail."""

EXPECTED: tuple[tuple[str, str], ...] = (
    ("tx input", "national-number"),
    ("tx input", "e-mail"),
    ("tx input", "field-name"),
    ("log 0 data", "national-number"),
    ("log 0 data", "e-mail"),
    ("log 0 topic 0", "national-number"),
    ("storage of", "national-number"),
)
"""(place prefix, kind) that the guard must report for the leak."""


def leak_calldata() -> bytes:
    """The leaking calldata: number word, number as text in a word, then the text."""
    return LEAK_NUMBER.to_bytes(32, "big") + b"85073003328".ljust(32, b"\0") + LEAK_TEXT


def deploy_leak_sink(chain: Chain, account: LocalAccount) -> str:
    """Deploy the sink from ``account``; its address."""
    receipt = _send(chain, account, None, _INIT + LEAK_SINK_RUNTIME)
    address = receipt.contract_address
    if not address or chain.code(address) != LEAK_SINK_RUNTIME:
        raise ChainError("the leak sink was not deployed as written")
    return to_checksum_address(address)


def send_leak(chain: Chain, account: LocalAccount) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Deploy a sink and send it the leak; the transaction hash and what must be found."""
    if chain.node_kind is None:
        raise ChainError("the positive control sends a deliberate leak: only on a local dev node")
    sink = deploy_leak_sink(chain, account)
    receipt = _send(chain, account, sink, leak_calldata())
    return receipt.tx_hash, EXPECTED


def _send(chain: Chain, account: LocalAccount, to: str | None, data: bytes) -> Receipt:
    from blokketen.contract.tx import Transactor

    return Transactor(chain, account, timeout=30).transact(to, data)
