"""The genesis of a clique proof-of-authority chain, and node identities for static peering.

Clique in geth 1.13 refuses the Shanghai fork, so the chain runs every fork up to London
(EIP-1559 fees, no PUSH0). The signers are listed in the genesis ``extraData``: 32 zero
bytes of vanity, the signer addresses, and 65 zero bytes where a block's seal goes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eth_utils import to_checksum_address

from blokketen._exceptions import InputError

DEFAULT_GAS_LIMIT = 30_000_000
"""Block gas limit: that of anvil and Ethereum mainnet, so a bulk batch of 100 parcels
(81,106 gas each, 8.1 million in all) stays under the half of a block that the bulk
importer allows one transaction."""
EPOCH = 30_000
"""Blocks between clique checkpoints (geth's default)."""
FORKS_TO_LONDON = (
    "homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
    "constantinopleBlock", "petersburgBlock", "istanbulBlock", "muirGlacierBlock",
    "berlinBlock", "londonBlock", "arrowGlacierBlock", "grayGlacierBlock",
)
EVM_VERSION = "london"
"""The EVM this genesis gives the chain."""


def clique_genesis(
    chain_id: int,
    *,
    signers: Sequence[str],
    alloc: Mapping[str, int],
    period: int,
    gas_limit: int = DEFAULT_GAS_LIMIT,
) -> dict[str, Any]:
    """A geth 1.13 genesis for a clique chain of ``signers``; ``alloc`` maps funded
    addresses to their balance in wei. All forks up to London are active from block 0."""
    if chain_id <= 0:
        raise InputError("chain_id", "must be positive")
    if not signers:
        raise InputError("signers", "a clique chain needs at least one signer")
    if period < 0:
        raise InputError("period", "must be 0 seconds or more")
    if gas_limit < 5_000:
        raise InputError("gas_limit", "must be at least 5,000")
    ordered = sorted({to_checksum_address(s) for s in signers}, key=str.lower)
    extra = "0x" + "00" * 32 + "".join(a[2:].lower() for a in ordered) + "00" * 65
    config: dict[str, Any] = {"chainId": chain_id}
    config.update({fork: 0 for fork in FORKS_TO_LONDON})
    config["clique"] = {"period": period, "epoch": EPOCH}
    return {
        "config": config,
        "nonce": "0x0",
        "timestamp": "0x0",
        "extraData": extra,
        "gasLimit": hex(gas_limit),
        "difficulty": "0x1",
        "mixHash": "0x" + "00" * 32,
        "coinbase": "0x" + "00" * 20,
        "alloc": {to_checksum_address(a)[2:].lower(): {"balance": hex(wei)}
                  for a, wei in alloc.items()},
        "number": "0x0",
        "gasUsed": "0x0",
        "parentHash": "0x" + "00" * 32,
    }


def genesis_signers(genesis: Mapping[str, Any]) -> list[str]:
    """The signer addresses a clique genesis lists (checksummed)."""
    extra = bytes.fromhex(str(genesis["extraData"])[2:])
    body = extra[32:-65]
    if len(body) % 20:
        raise InputError("extraData", "signer list is not a whole number of addresses")
    return [to_checksum_address(body[i:i + 20]) for i in range(0, len(body), 20)]


def node_id(node_key: bytes) -> str:
    """The devp2p node id (uncompressed public key, 128 hex digits) of a node key."""
    from eth_keys.datatypes import PrivateKey

    return PrivateKey(node_key).public_key.to_hex()[2:]


def enode(node_key: bytes, port: int, host: str = "127.0.0.1") -> str:
    """The ``enode://`` URL under which a node with ``node_key`` listens on ``port``."""
    return f"enode://{node_id(node_key)}@{host}:{port}"
