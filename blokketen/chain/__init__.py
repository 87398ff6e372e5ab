"""Chains: local dev nodes, JSON-RPC connections, accounts, local signing, dev mining."""

from blokketen.chain.accounts import (
    DEV_CHAIN_IDS,
    DEV_MNEMONIC,
    create_keystore,
    dev_accounts,
    load_keystore,
)
from blokketen.chain.connection import Chain, FeeBasis, NonceManager
from blokketen.chain.devkeys import refuse_dev_key
from blokketen.chain.node import LocalNode, free_port
from blokketen.chain.signing import RawSigner, SignedTx, rlp_encode, send_raw_batch

__all__ = [
    "DEV_CHAIN_IDS",
    "DEV_MNEMONIC",
    "Chain",
    "FeeBasis",
    "LocalNode",
    "NonceManager",
    "RawSigner",
    "SignedTx",
    "create_keystore",
    "dev_accounts",
    "free_port",
    "load_keystore",
    "refuse_dev_key",
    "rlp_encode",
    "send_raw_batch",
]
